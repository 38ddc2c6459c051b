// The check-ins screen: answering the open check-in, the occurrence across zones, blockers.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  checkinOverview: vi.fn(),
  checkinOccurrence: vi.fn(),
  answerCheckin: vi.fn(),
  setCheckinBlockerCleared: vi.fn(),
  channels: vi.fn(),
  createCheckinTemplate: vi.fn(),
}));

import * as api from "../../app/api";
import CheckinsView from "./CheckinsView.svelte";
import { ME, myCheckin, occurrence, overview } from "./fixtures";

const NOW = Date.parse("2025-01-15T12:00:00Z");

beforeEach(() => {
  vi.mocked(api.checkinOverview).mockReset().mockResolvedValue(overview());
  vi.mocked(api.checkinOccurrence).mockReset().mockResolvedValue(occurrence());
  vi.mocked(api.answerCheckin).mockReset();
  vi.mocked(api.setCheckinBlockerCleared).mockReset().mockResolvedValue(undefined);
  vi.mocked(api.channels).mockReset().mockResolvedValue([]);
  vi.mocked(api.createCheckinTemplate).mockReset();
});

function show() {
  return render(CheckinsView, { props: { me: ME, now: NOW, onopenthread: vi.fn() } });
}

describe("CheckinsView", () => {
  it("answers my open check-in with one control per kind", async () => {
    vi.mocked(api.answerCheckin).mockResolvedValue({
      id: "s1/m-ada/2025-01-15",
      schedule_id: "s1",
      person: { id: "m-ada", handle: "ada", display_name: "Ada" },
      date: "2025-01-15",
      items: [],
      first_answered_at: "2025-01-15T09:00:00Z",
      answered_at: "2025-01-15T09:00:00Z",
      edited: false,
      late: false,
      blocker: null,
      blocker_cleared: false,
    });
    show();
    const form = await screen.findByTestId("checkin-answer-form");
    expect(form.textContent).toContain("Asked at 09:00 your time");
    await fireEvent.input(screen.getByTestId("answer-0"), { target: { value: "Reviewed the banner" } });
    await fireEvent.click(screen.getByTestId("answer-1-yes"));
    await fireEvent.input(screen.getByTestId("answer-2"), { target: { value: "none" } });
    await fireEvent.click(screen.getByTestId("answer-3-4"));
    await fireEvent.click(screen.getByTestId("checkin-answer-submit"));
    await waitFor(() =>
      expect(api.answerCheckin).toHaveBeenCalledWith({
        schedule_id: "s1",
        date: "2025-01-15",
        answers: [
          { question_id: "q1", value: "Reviewed the banner" },
          { question_id: "q2", value: "yes" },
          { question_id: "q3", value: "none" },
          { question_id: "q4", value: "4" },
        ],
      }),
    );
    expect((await screen.findByTestId("checkin-answer-saved")).textContent).toContain("answered");
  });

  it("shows the core's refusal and keeps what was typed", async () => {
    vi.mocked(api.answerCheckin).mockRejectedValue({ kind: "invalid", message: "The answer is empty: answer at least one question.", field: "answers" });
    show();
    await screen.findByTestId("checkin-answer-form");
    await fireEvent.click(screen.getByTestId("checkin-answer-submit"));
    expect((await screen.findByTestId("checkin-answer-error")).textContent).toContain("answer at least one question");
  });

  it("shows each person's own ask time, the skipped and the digest time", async () => {
    show();
    const aroha = await screen.findByTestId("participant-aroha");
    expect(aroha.textContent).toContain("Asked 09:00 in Pacific/Auckland");
    expect(aroha.textContent).toContain("21:00 yours");
    expect(aroha.textContent).toContain("reminders 11:00 their time");
    expect(screen.getByTestId("participant-kenji").textContent).toContain("Not asked: time off");
    expect(screen.getByTestId("digest-due").textContent).toContain("04:00 your time");
  });

  it("lists open blockers and clears one", async () => {
    show();
    const blocker = await screen.findByTestId("blocker-0");
    expect(blocker.textContent).toContain("Priya Raman");
    expect(blocker.textContent).toContain("Notified Grace Hopper");
    await fireEvent.click(screen.getByTestId("clear-blocker-0"));
    await waitFor(() => expect(api.setCheckinBlockerCleared).toHaveBeenCalledWith("s1/m-priya/2025-01-15", true));
  });

  it("lists two check-ins due the same morning, oldest first, and answers the one I pick", async () => {
    vi.mocked(api.checkinOverview).mockResolvedValue(
      overview({
        mine: [
          myCheckin({ schedule_id: "s2", schedule_name: "Design sync", asked_at: "2025-01-15T10:00:00Z" }),
          myCheckin(),
        ],
      }),
    );
    vi.mocked(api.answerCheckin).mockRejectedValue({ kind: "invalid", message: "stop here", field: "answers" });
    show();
    const list = await screen.findByTestId("checkins-waiting");
    expect(list.textContent).toContain("2 check-ins wait on you");
    expect(screen.getByTestId("checkin-waiting-0").textContent).toContain("Daily stand-up");
    expect(screen.getByTestId("checkin-waiting-0").textContent).toContain("asked at 09:00 your time");
    expect(screen.getByTestId("checkin-waiting-1").textContent).toContain("Design sync");
    expect(screen.getByTestId("checkin-waiting-1").textContent).toContain("asked at 11:00 your time");
    expect(screen.getByTestId("checkin-answer-form").textContent).toContain("Daily stand-up");

    await fireEvent.click(screen.getByTestId("checkin-waiting-1"));
    await waitFor(() => expect(screen.getByTestId("checkin-answer-form").textContent).toContain("Design sync"));
    expect(screen.getByTestId("checkin-answer-form").textContent).toContain("Asked at 11:00 your time");
    expect(screen.getByTestId("checkin-waiting-1").getAttribute("aria-current")).toBe("true");
    await fireEvent.input(screen.getByTestId("answer-0"), { target: { value: "Sketches" } });
    await fireEvent.click(screen.getByTestId("checkin-answer-submit"));
    await waitFor(() => expect(api.answerCheckin).toHaveBeenCalledWith(expect.objectContaining({ schedule_id: "s2" })));
  });

  it("shows the check-in I opened from my inbox, not the first one waiting", async () => {
    vi.mocked(api.checkinOverview).mockResolvedValue(
      overview({ mine: [myCheckin({ schedule_id: "s2", schedule_name: "Design sync", asked_at: "2025-01-15T10:00:00Z" }), myCheckin()] }),
    );
    render(CheckinsView, {
      props: { me: ME, now: NOW, open: { schedule_id: "s2", date: "2025-01-15" }, onopenthread: vi.fn() },
    });
    await waitFor(() => expect(screen.getByTestId("checkin-answer-form").textContent).toContain("Design sync"));
  });

  it("opens the occurrence a search result points at", async () => {
    render(CheckinsView, {
      props: { me: ME, now: NOW, open: { schedule_id: "s1", date: "2025-01-13" }, onopenthread: vi.fn() },
    });
    await screen.findByTestId("checkin-occurrence");
    expect(api.checkinOccurrence).toHaveBeenCalledWith("s1", "2025-01-13");
    expect(api.checkinOccurrence).not.toHaveBeenCalledWith("s1", "2025-01-15");
  });
});
