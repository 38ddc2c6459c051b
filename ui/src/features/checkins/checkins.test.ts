// The check-in screen's pure logic: state words, ordering, the answer draft and its input.
import { describe, expect, it } from "vitest";
import { answerInput, dateLabel, draftFrom, myState, sortMine, stateLabel, waitingOnMe } from "./checkins";
import { QUESTIONS, myCheckin } from "./fixtures";

const ANSWER = {
  id: "s1/m-ada/2025-01-14",
  schedule_id: "s1",
  person: { id: "m-ada", handle: "ada", display_name: "Ada" },
  date: "2025-01-14",
  items: [{ question_id: "q1", kind: "text", prompt: "What did you get done?", value: "Shipped", value_html: "<p>Shipped</p>" }],
  first_answered_at: "2025-01-14T09:00:00Z",
  answered_at: "2025-01-14T09:00:00Z",
  edited: false,
  late: false,
  blocker: null,
  blocker_cleared: false,
};

describe("check-in logic", () => {
  it("names each state and says a closed, unanswered check-in still counts", () => {
    expect(stateLabel("skipped").label).toBe("Not asked");
    expect(stateLabel("missed")).toEqual({ label: "No answer", tone: "warn" });
    expect(myState(myCheckin()).label).toBe("Waiting");
    expect(myState(myCheckin({ closed: true })).label).toBe("Late — still counted");
    expect(myState(myCheckin({ answer: { ...ANSWER, late: true } })).label).toBe("Answered late");
  });

  it("puts check-ins still in their window first, then closed unanswered ones, then answered ones", () => {
    const sorted = sortMine([
      myCheckin({ date: "2025-01-13", asked_at: "2025-01-13T08:00:00Z", answer: ANSWER }),
      myCheckin({ date: "2025-01-14", asked_at: "2025-01-14T08:00:00Z", closed: true }),
      myCheckin({ date: "2025-01-15", asked_at: "2025-01-15T08:00:00Z" }),
      myCheckin({ date: "2025-01-12", asked_at: "2025-01-12T08:00:00Z", answer: ANSWER }),
      myCheckin({ date: "2025-01-11", asked_at: "2025-01-11T08:00:00Z", closed: true }),
    ]);
    expect(sorted.map((c) => c.date)).toEqual(["2025-01-15", "2025-01-14", "2025-01-11", "2025-01-13", "2025-01-12"]);
  });

  it("lists every check-in waiting on me, the one asked first at the top", () => {
    const waiting = waitingOnMe([
      myCheckin({ schedule_id: "late", schedule_name: "Retro", asked_at: "2025-01-15T10:00:00Z" }),
      myCheckin({ schedule_id: "done", schedule_name: "Done", asked_at: "2025-01-15T07:00:00Z", answer: ANSWER }),
      myCheckin({ schedule_id: "b", schedule_name: "Stand-up B", asked_at: "2025-01-15T08:00:00Z" }),
      myCheckin({ schedule_id: "closed", schedule_name: "Closed", asked_at: "2025-01-14T08:00:00Z", closed: true }),
      myCheckin({ schedule_id: "a", schedule_name: "Stand-up A", asked_at: "2025-01-15T08:00:00Z" }),
    ]);
    expect(waiting.map((c) => c.schedule_id)).toEqual(["a", "b", "late"]);
  });

  it("starts the form from my answer and sends every question", () => {
    const draft = draftFrom(QUESTIONS, ANSWER);
    expect(draft).toEqual({ q1: "Shipped", q2: "", q3: "", q4: "" });
    draft.q4 = "4";
    expect(answerInput(myCheckin(), draft)).toEqual({
      schedule_id: "s1",
      date: "2025-01-15",
      answers: [
        { question_id: "q1", value: "Shipped" },
        { question_id: "q2", value: "" },
        { question_id: "q3", value: "" },
        { question_id: "q4", value: "4" },
      ],
    });
  });

  it("writes a local date with its weekday", () => {
    expect(dateLabel("2026-11-23")).toBe("Mon 23 Nov");
    expect(dateLabel("nonsense")).toBe("nonsense");
  });
});
