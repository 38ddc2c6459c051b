// First run: the profile form, its validation and the demo team.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { OnboardingInput } from "../../app/bindings/OnboardingInput";
import type { Snapshot } from "../../app/bindings/Snapshot";

vi.mock("../../app/api", () => ({
  completeOnboarding: vi.fn(),
  joinTeamOnboarding: vi.fn(),
  seedDemo: vi.fn(),
}));

import { completeOnboarding, joinTeamOnboarding, seedDemo } from "../../app/api";
import Onboarding from "./Onboarding.svelte";

const ZONES = ["America/New_York", "Asia/Tokyo", "Europe/Berlin", "Europe/London", "UTC"];

const SNAPSHOT: Snapshot = {
  me: {
    id: "m1",
    handle: "ada",
    display_name: "Ada Lovelace",
    time_zone: "America/New_York",
    working_hours: { days: [[], [], [], [], [], [], []] },
    is_me: true,
  },
  team: { id: "t1", name: "Analytical Engines" },
  focus: null,
  now: "2025-01-15T12:00:00Z",
  local_time: "07:00",
  local_date: "Wednesday 15 January",
  utc_offset: "-05:00",
  in_working_hours: false,
  next_change: "Working hours start at 09:00",
};

const mocked = vi.mocked(completeOnboarding);

function setup(systemZone = "Europe/Berlin") {
  const oncomplete = vi.fn();
  render(Onboarding, { props: { zones: ZONES, systemZone, oncomplete } });
  return { oncomplete };
}

async function type(testid: string, value: string) {
  await fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

async function fillValidForm() {
  await type("name-input", "  Ada Lovelace ");
  await type("handle-input", "@ada");
  await type("team-input", "Analytical Engines");
}

const joining = vi.mocked(joinTeamOnboarding);

beforeEach(() => {
  mocked.mockReset();
  joining.mockReset();
});

describe("Onboarding", () => {
  it("preselects the system time zone and the default working hours", () => {
    setup("Europe/London");
    expect(screen.getByTestId("onboarding").tagName).toBe("FORM");
    expect((screen.getByTestId("tz-input") as HTMLInputElement).value).toBe("Europe/London");
    expect((screen.getByTestId("hours-start-0-0") as HTMLInputElement).value).toBe("09:00");
    expect((screen.getByTestId("hours-end-4-0") as HTMLInputElement).value).toBe("17:00");
    expect(screen.queryByTestId("hours-start-5-0")).toBeNull();
    expect((screen.getByTestId("hours-toggle-5") as HTMLInputElement).checked).toBe(false);
  });

  it("joins a team with an invite code: no team name asked, the code and the profile sent together", async () => {
    joining.mockResolvedValue(SNAPSHOT);
    const { oncomplete } = setup();
    await fireEvent.click(screen.getByTestId("onboarding-mode-join"));
    expect(screen.queryByTestId("team-input")).toBeNull();
    expect(screen.getByTestId("finish-onboarding").textContent).toMatch(/Join the team/);
    await type("name-input", "Grace Hopper");
    await type("handle-input", "grace");

    // No code yet: said beside the field, nothing sent.
    await fireEvent.submit(screen.getByTestId("onboarding"));
    await waitFor(() => expect(screen.getByTestId("onboarding-invite").getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById("onb-invite-error")?.textContent).toMatch(/Paste the invite code/);
    expect(joining).not.toHaveBeenCalled();

    await type("onboarding-invite", "  meridian-invite-1.abc ");
    await fireEvent.submit(screen.getByTestId("onboarding"));
    await waitFor(() => expect(oncomplete).toHaveBeenCalledWith(SNAPSHOT));
    expect(joining).toHaveBeenCalledTimes(1);
    const [code, input] = joining.mock.calls[0];
    expect(code).toBe("meridian-invite-1.abc");
    expect(input.display_name).toBe("Grace Hopper");
    expect(input.handle).toBe("grace");
    expect(mocked).not.toHaveBeenCalled();
  });

  it("shows the server's refusal of an invite beside the code and stays on the form", async () => {
    joining.mockRejectedValue({ kind: "sync", message: "The team server refused: this invite was already used", field: null });
    const { oncomplete } = setup();
    await fireEvent.click(screen.getByTestId("onboarding-mode-join"));
    await type("name-input", "Grace Hopper");
    await type("handle-input", "grace");
    await type("onboarding-invite", "meridian-invite-1.spent");
    await fireEvent.submit(screen.getByTestId("onboarding"));
    await waitFor(() => expect(document.getElementById("onb-invite-error")?.textContent).toMatch(/already used/));
    expect(oncomplete).not.toHaveBeenCalled();
  });

  it("puts a profile field the core refused while joining beside that field", async () => {
    joining.mockRejectedValue({ kind: "invalid", message: "The handle @grace is taken", field: "handle" });
    setup();
    await fireEvent.click(screen.getByTestId("onboarding-mode-join"));
    await type("name-input", "Grace Hopper");
    await type("handle-input", "grace");
    await type("onboarding-invite", "meridian-invite-1.abc");
    await fireEvent.submit(screen.getByTestId("onboarding"));
    await waitFor(() => expect(screen.getByTestId("handle-input").getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById("onb-invite-error")).toBeNull();
  });

  it("submits the OnboardingInput the core expects", async () => {
    mocked.mockResolvedValue(SNAPSHOT);
    const { oncomplete } = setup();
    await fillValidForm();

    // Pick a zone by typing its exact name and pressing Enter.
    const tz = screen.getByTestId("tz-input");
    await fireEvent.focus(tz);
    await type("tz-input", "America/New_York");
    await fireEvent.keyDown(tz, { key: "Enter" });

    // Give Monday a lunch break: 09:00–12:00 and 13:00–17:00 (typed loosely).
    await type("hours-end-0-0", "12:00");
    await fireEvent.click(screen.getByTestId("hours-add-0"));
    await type("hours-start-0-1", "13");
    await fireEvent.blur(screen.getByTestId("hours-start-0-1"));
    await type("hours-end-0-1", "1700");
    // Work Saturday morning too.
    await fireEvent.click(screen.getByTestId("hours-toggle-5"));
    await type("hours-end-5-0", "12:00");

    await fireEvent.click(screen.getByTestId("finish-onboarding"));

    await waitFor(() => expect(mocked).toHaveBeenCalledTimes(1));
    const expected: OnboardingInput = {
      display_name: "Ada Lovelace",
      handle: "ada",
      time_zone: "America/New_York",
      working_hours: {
        days: [
          [
            { start: "09:00", end: "12:00" },
            { start: "13:00", end: "17:00" },
          ],
          [{ start: "09:00", end: "17:00" }],
          [{ start: "09:00", end: "17:00" }],
          [{ start: "09:00", end: "17:00" }],
          [{ start: "09:00", end: "17:00" }],
          [{ start: "09:00", end: "12:00" }],
          [],
        ],
      },
      team_name: "Analytical Engines",
    };
    expect(mocked).toHaveBeenCalledWith(expected);
    await waitFor(() => expect(oncomplete).toHaveBeenCalledWith(SNAPSHOT));
  });

  it("shows the core's field error next to the field it names", async () => {
    mocked.mockRejectedValue({ kind: "invalid", message: "The handle @ada is already taken.", field: "handle" });
    const { oncomplete } = setup();
    await fillValidForm();
    await fireEvent.click(screen.getByTestId("finish-onboarding"));

    const error = await screen.findByTestId("error-handle");
    await waitFor(() => expect(error.textContent?.trim()).toBe("The handle @ada is already taken."));
    expect(screen.getByTestId("handle-input").getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByTestId("error-banner")).toBeNull();
    expect(oncomplete).not.toHaveBeenCalled();

    // Editing the field clears the core's message.
    await type("handle-input", "ada2");
    expect(screen.queryByTestId("error-handle")).toBeNull();
  });

  it("shows an error without a field as a banner", async () => {
    mocked.mockRejectedValue({ kind: "storage", message: "The database is locked.", field: null });
    setup();
    await fillValidForm();
    await fireEvent.click(screen.getByTestId("finish-onboarding"));
    const banner = await screen.findByTestId("error-banner");
    expect(banner.textContent).toContain("The database is locked.");
  });

  it("places working_hours errors under the hours editor", async () => {
    mocked.mockRejectedValue({ kind: "invalid", message: "Monday ranges overlap.", field: "working_hours" });
    setup();
    await fillValidForm();
    await fireEvent.click(screen.getByTestId("finish-onboarding"));
    await waitFor(() => expect(screen.getByTestId("error-working_hours").textContent).toContain("Monday ranges overlap."));
  });

  it("validates inline and does not submit an invalid form", async () => {
    setup();
    await type("handle-input", "1ada");
    // A wrong character shows at once, while typing.
    expect(screen.getByTestId("error-handle").textContent).toMatch(/starts with a letter/);

    await type("hours-end-2-0", "08:00");
    await fireEvent.blur(screen.getByTestId("hours-end-2-0"));
    expect(screen.getByTestId("hours-error-2").textContent).toMatch(/must be after/);

    await fireEvent.click(screen.getByTestId("finish-onboarding"));
    expect(mocked).not.toHaveBeenCalled();
    expect(screen.getByTestId("error-display_name").textContent).toMatch(/what to call you/);
    expect(screen.getByTestId("error-team_name").textContent).toMatch(/name/);
    expect(screen.getByTestId("error-working_hours").textContent).toMatch(/Wednesday/);
    // The first invalid field gets focus.
    expect(document.activeElement).toBe(screen.getByTestId("name-input"));
  });

  it("submits with Enter from a text field", async () => {
    mocked.mockResolvedValue(SNAPSHOT);
    setup();
    await fillValidForm();
    await fireEvent.submit(screen.getByTestId("onboarding"));
    await waitFor(() => expect(mocked).toHaveBeenCalledTimes(1));
    expect(mocked.mock.calls[0]![0].time_zone).toBe("Europe/Berlin");
  });

  it("shows a demo failure in its own banner and stays on the form", async () => {
    vi.mocked(seedDemo).mockReset().mockRejectedValue({ kind: "storage", message: "Disk full.", field: null });
    const { oncomplete } = setup();
    await fireEvent.click(screen.getByTestId("onboarding-demo"));
    expect((await screen.findByTestId("demo-error-banner")).textContent).toContain("Disk full.");
    expect(oncomplete).not.toHaveBeenCalled();
    expect(screen.getByTestId("onboarding")).toBeTruthy();
  });
});
