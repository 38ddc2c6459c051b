// The channel form: a private channel needs a reason; making one public shows the core's
// warning in a dialog and goes ahead only when confirmed; errors stay next to their field.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  teamBoard: vi.fn(),
  createChannel: vi.fn(),
  updateChannel: vi.fn(),
}));

import * as api from "../../app/api";
import ChannelForm from "./ChannelForm.svelte";
import { ME, PRIVATE_CHANNEL, board } from "./fixtures";

const WARNING =
  "Making #salaries public shows its whole history (2 threads) to everyone on the team. Confirm to go ahead.";
const onsaved = vi.fn();
const oncancel = vi.fn();

beforeEach(() => {
  vi.mocked(api.teamBoard).mockReset().mockResolvedValue(board());
  vi.mocked(api.createChannel).mockReset();
  vi.mocked(api.updateChannel).mockReset();
  onsaved.mockReset();
  oncancel.mockReset();
});

describe("ChannelForm", () => {
  it("asks before making a private channel public, in the core's words, and goes ahead on confirm", async () => {
    vi.mocked(api.updateChannel)
      .mockRejectedValueOnce({ kind: "conflict", message: WARNING, field: null })
      .mockResolvedValueOnce({ ...PRIVATE_CHANNEL, private: false, reason: null, members: [] });
    render(ChannelForm, { props: { me: ME, channel: PRIVATE_CHANNEL, onsaved, oncancel } });
    await fireEvent.click(screen.getByTestId("channel-private-toggle"));
    await fireEvent.click(screen.getByTestId("channel-save"));

    const dialog = await screen.findByTestId("confirm-public");
    expect(screen.getByTestId("confirm-public-message").textContent).toBe(WARNING);
    expect(dialog.getAttribute("role")).toBe("alertdialog");
    expect(api.updateChannel).toHaveBeenCalledWith(
      "c-salaries",
      { name: "salaries", private: false, reason: null, expect: null, members: [] },
      false,
    );
    expect(onsaved).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId("confirm-public-confirm"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(vi.mocked(api.updateChannel).mock.calls[1]?.[2]).toBe(true);
    expect(screen.queryByTestId("confirm-public")).toBeNull();
  });

  it("leaves the channel private when the warning is cancelled, with the form as it was", async () => {
    vi.mocked(api.updateChannel).mockRejectedValue({ kind: "conflict", message: WARNING, field: null });
    render(ChannelForm, { props: { me: ME, channel: PRIVATE_CHANNEL, onsaved, oncancel } });
    await fireEvent.click(screen.getByTestId("channel-private-toggle"));
    await fireEvent.click(screen.getByTestId("channel-save"));
    await fireEvent.click(await screen.findByTestId("confirm-public-cancel"));
    expect(screen.queryByTestId("confirm-public")).toBeNull();
    expect(api.updateChannel).toHaveBeenCalledTimes(1);
    expect(onsaved).not.toHaveBeenCalled();
    expect((screen.getByTestId("channel-private-toggle") as HTMLInputElement).checked).toBe(false);
  });

  it("creates a private channel only with a reason, with the members ticked", async () => {
    vi.mocked(api.createChannel).mockResolvedValue(PRIVATE_CHANNEL);
    render(ChannelForm, { props: { me: ME, onsaved, oncancel } });
    await fireEvent.input(screen.getByTestId("channel-name-input"), { target: { value: "salaries" } });
    await fireEvent.click(screen.getByTestId("channel-private-toggle"));
    await fireEvent.click(screen.getByTestId("channel-save"));
    expect(screen.getByTestId("error-channel-reason").textContent).toContain("private");
    expect(api.createChannel).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId("channel-reason-input"), { target: { value: "Salary reviews" } });
    await fireEvent.click(await screen.findByTestId("channel-member-grace"));
    await fireEvent.input(screen.getByTestId("channel-expect-input"), { target: { value: "1d" } });
    await fireEvent.click(screen.getByTestId("channel-save"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(PRIVATE_CHANNEL));
    expect(api.createChannel).toHaveBeenCalledWith({
      name: "salaries",
      private: true,
      reason: "Salary reviews",
      expect: "1d",
      members: ["grace"],
    });
  });

  it("puts the core's field errors next to the field and keeps what was typed", async () => {
    vi.mocked(api.createChannel).mockRejectedValue({
      kind: "invalid",
      message: "Expecting replies within minutes asks people to be always on; the shortest expectation is 1h of their working hours.",
      field: "expect",
    });
    render(ChannelForm, { props: { me: ME, onsaved, oncancel } });
    await fireEvent.input(screen.getByTestId("channel-name-input"), { target: { value: "ops" } });
    await fireEvent.input(screen.getByTestId("channel-expect-input"), { target: { value: "10m" } });
    await fireEvent.click(screen.getByTestId("channel-save"));
    expect((await screen.findByTestId("error-channel-expect")).textContent).toContain("always on");
    expect((screen.getByTestId("channel-name-input") as HTMLInputElement).value).toBe("ops");
    expect((screen.getByTestId("channel-expect-input") as HTMLInputElement).value).toBe("10m");
  });
});
