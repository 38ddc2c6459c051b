// The composer: the core's preview, when each mentioned person will see it, unknown handles,
// @-autocomplete with local times and statuses, and Ctrl+Enter.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DraftCheck } from "../app/bindings/DraftCheck";
import type { MemberNow } from "../app/bindings/MemberNow";

vi.mock("../app/api", () => ({ checkDraft: vi.fn() }));

import * as api from "../app/api";
import Composer from "./Composer.svelte";

const HOURS = { days: [[], [], [], [], [], [], []] };

function person(handle: string, name: string, zone: string, time: string, text: string): MemberNow {
  return {
    member: { id: `m-${handle}`, handle, display_name: name, time_zone: zone, working_hours: HOURS, is_me: false },
    time_zone: zone,
    local_time: time,
    local_date: "2025-01-15",
    utc_offset: "+00:00",
    offset_from_me_minutes: 0,
    status: "off",
    status_message: null,
    until: null,
    status_text: text,
    next_available: null,
    on_call: false,
    strip: [],
  };
}

const PEOPLE: MemberNow[] = [
  person("grace", "Grace Hopper", "America/New_York", "07:10", "Off until 09:00"),
  person("aroha", "Aroha Ngata", "Pacific/Auckland", "01:10", "Off until 09:00"),
];

const CHECK: DraftCheck = {
  mentions: [
    {
      person: { id: "m-aroha", handle: "aroha", display_name: "Aroha Ngata" },
      time_zone: "Pacific/Auckland",
      local_time: "23:10",
      available_now: false,
      sees_at: "2025-01-15T20:00:00Z",
      sentence: "23:10 for Aroha — they'll see it at 09:00 tomorrow their time",
      can_see: true,
    },
    {
      person: { id: "m-grace", handle: "grace", display_name: "Grace Hopper" },
      time_zone: "America/New_York",
      local_time: "07:10",
      available_now: false,
      sees_at: "2025-01-15T14:00:00Z",
      sentence: "07:10 for Grace — they'll see it at 09:00 their time",
      can_see: false,
    },
  ],
  unknown: ["zed"],
  body_html: '<p><strong>Ship</strong> it <span class="mention" data-member-id="m-aroha">@aroha</span></p>',
};

function setup(props: Partial<Record<string, unknown>> = {}) {
  const onsubmit = vi.fn();
  const view = render(Composer, {
    props: {
      value: "",
      channel: "c-salaries",
      people: PEOPLE,
      label: "Reply",
      submitLabel: "Reply",
      testid: "reply",
      debounceMs: 0,
      onsubmit,
      ...props,
    },
  });
  const input = screen.getByTestId("reply-input") as HTMLTextAreaElement;
  return { view, onsubmit, input };
}

async function type(input: HTMLTextAreaElement, text: string) {
  await fireEvent.input(input, { target: { value: text } });
}

beforeEach(() => {
  vi.mocked(api.checkDraft).mockReset().mockResolvedValue(CHECK);
});

describe("Composer", () => {
  it("shows the core's preview and, per person mentioned, when they will see it", async () => {
    const { input } = setup();
    await type(input, "**Ship** it @aroha @grace @zed");
    await waitFor(() => expect(screen.getByTestId("reply-preview").innerHTML).toContain("<strong>Ship</strong>"));
    expect(api.checkDraft).toHaveBeenLastCalledWith("c-salaries", "**Ship** it @aroha @grace @zed");
    expect(screen.getByTestId("reply-preview").querySelector(".mention")?.textContent).toBe("@aroha");
    expect(screen.getByTestId("reply-mention-0").textContent).toContain(
      "23:10 for Aroha — they'll see it at 09:00 tomorrow their time",
    );
    expect(screen.queryByTestId("reply-cannot-see-0")).toBeNull();
    expect(screen.getByTestId("reply-cannot-see-1").textContent).toContain(
      "Grace Hopper is not a member of this private channel",
    );
    expect(screen.getByTestId("reply-unknown").textContent).toContain("@zed is not a teammate");
  });

  it("waits for typing to pause and drops answers to older text", async () => {
    vi.useFakeTimers();
    try {
      const { input } = setup({ debounceMs: 300 });
      await type(input, "a");
      await type(input, "ab");
      await type(input, "abc");
      await vi.advanceTimersByTimeAsync(299);
      expect(api.checkDraft).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(api.checkDraft).toHaveBeenCalledTimes(1);
      expect(api.checkDraft).toHaveBeenCalledWith("c-salaries", "abc");
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends with Ctrl+Enter (and Cmd+Enter), not with Enter alone", async () => {
    const { input, onsubmit } = setup();
    await type(input, "Looks good");
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onsubmit).not.toHaveBeenCalled();
    await fireEvent.keyDown(input, { key: "Enter", ctrlKey: true });
    expect(onsubmit).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(input, { key: "Enter", metaKey: true });
    expect(onsubmit).toHaveBeenCalledTimes(2);
  });

  it("does not send an empty text", async () => {
    const { input, onsubmit } = setup();
    await fireEvent.keyDown(input, { key: "Enter", ctrlKey: true });
    expect(onsubmit).not.toHaveBeenCalled();
    expect((screen.getByTestId("reply-send") as HTMLButtonElement).disabled).toBe(true);
    await type(input, "   ");
    expect((screen.getByTestId("reply-send") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows why the last send failed beside the text it keeps", async () => {
    const { input } = setup({ value: "Draft worth keeping", error: "The text has 20001 characters, over the limit of 20000." });
    expect(screen.getByTestId("reply-error").textContent).toContain("over the limit");
    expect(input.value).toBe("Draft worth keeping");
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });

  it("offers teammates with their local time and status after @, and inserts the chosen handle", async () => {
    const { input } = setup();
    input.focus();
    await type(input, "Thanks @ar");
    const list = screen.getByTestId("reply-suggest");
    expect(list.querySelectorAll('[role="option"]').length).toBe(1);
    const option = screen.getByTestId("reply-suggest-aroha");
    expect(option.textContent).toContain("Aroha Ngata");
    expect(option.textContent).toContain("01:10");
    expect(option.textContent).toContain("Off until 09:00");
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(input.value).toBe("Thanks @aroha ");
    expect(screen.queryByTestId("reply-suggest")).toBeNull();
  });

  it("moves through suggestions with the arrows and closes them with Escape", async () => {
    const { input, onsubmit } = setup();
    await type(input, "@");
    expect(screen.getAllByRole("option").length).toBe(2);
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(screen.getByTestId("reply-suggest-aroha").getAttribute("aria-selected")).toBe("true");
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByTestId("reply-suggest")).toBeNull();
    expect(onsubmit).not.toHaveBeenCalled();
    await type(input, "hello @gr");
    await fireEvent.mouseDown(screen.getByTestId("reply-suggest-grace"));
    expect(input.value).toBe("hello @grace ");
  });
});
