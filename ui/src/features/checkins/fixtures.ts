// Check-in data for the UI tests: one schedule, my open check-in, an occurrence across zones.

import type { CheckinOccurrence } from "../../app/bindings/CheckinOccurrence";
import type { CheckinOverview } from "../../app/bindings/CheckinOverview";
import type { CheckinQuestion } from "../../app/bindings/CheckinQuestion";
import type { Member } from "../../app/bindings/Member";
import type { MyCheckin } from "../../app/bindings/MyCheckin";

export const ME: Member = {
  id: "m-ada",
  handle: "ada",
  display_name: "Ada Lovelace",
  time_zone: "Europe/Berlin",
  working_hours: { days: [[], [], [], [], [], [], []] },
  is_me: true,
} as Member;

export const QUESTIONS: CheckinQuestion[] = [
  { id: "q1", kind: "text", prompt: "What did you get done?" },
  { id: "q2", kind: "yes_no", prompt: "Demo by Friday?" },
  { id: "q3", kind: "blocker", prompt: "Anything blocking you?" },
  { id: "q4", kind: "mood", prompt: "How are you feeling?" },
];

export function myCheckin(overrides: Partial<MyCheckin> = {}): MyCheckin {
  return {
    schedule_id: "s1",
    schedule_name: "Daily stand-up",
    date: "2025-01-15",
    asked_at: "2025-01-15T08:00:00Z",
    closes_at: "2025-01-15T16:00:00Z",
    questions: QUESTIONS,
    answer: null,
    closed: false,
    ...overrides,
  };
}

export function overview(overrides: Partial<CheckinOverview> = {}): CheckinOverview {
  return {
    templates: [{ id: "t1", name: "Daily stand-up", questions: QUESTIONS, author: null, created_at: "2025-01-01T00:00:00Z" }],
    schedules: [
      {
        id: "s1",
        name: "Daily stand-up",
        template_id: "t1",
        template_name: "Daily stand-up",
        channel_id: "c1",
        channel_name: "general",
        participants: [],
        weekdays: [0, 1, 2, 3, 4],
        summary: "Mon–Fri at 09:00, each in their own time zone",
        time: "09:00",
        window_hours: 8,
        active: true,
        author: null,
        created_at: "2025-01-01T00:00:00Z",
      },
    ],
    mine: [myCheckin()],
    blockers: [
      {
        answer_id: "s1/m-priya/2025-01-15",
        schedule_id: "s1",
        schedule_name: "Daily stand-up",
        date: "2025-01-15",
        person: { id: "m-priya", handle: "priya", display_name: "Priya Raman" },
        text: "Waiting on @grace for credentials",
        text_html: "<p>Waiting on @grace for credentials</p>",
        named: [{ id: "m-grace", handle: "grace", display_name: "Grace Hopper" }],
        answered_at: "2025-01-15T05:00:00Z",
      },
    ],
    ...overrides,
  };
}

export function occurrence(): CheckinOccurrence {
  return {
    schedule_id: "s1",
    schedule_name: "Daily stand-up",
    date: "2025-01-15",
    questions: QUESTIONS,
    participants: [
      {
        person: { id: "m-aroha", handle: "aroha", display_name: "Aroha Ngata" },
        time_zone: "Pacific/Auckland",
        state: "answered",
        skip_reason: null,
        asked_at: "2025-01-14T20:00:00Z",
        asked_local: "Wed 09:00 (Pacific/Auckland)",
        reminders: ["2025-01-14T22:00:00Z"],
        closes_at: "2025-01-15T04:00:00Z",
        answer: null,
      },
      {
        person: { id: "m-kenji", handle: "kenji", display_name: "Kenji Sato" },
        time_zone: "Asia/Tokyo",
        state: "skipped",
        skip_reason: "time off",
        asked_at: null,
        asked_local: null,
        reminders: [],
        closes_at: null,
        answer: null,
      },
    ],
    digest_due_at: "2025-01-16T03:00:00Z",
    digest_thread_id: null,
  };
}
