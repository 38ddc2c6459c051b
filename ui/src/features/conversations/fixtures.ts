// Sample channels, threads, comments and teammates for the conversation screens' tests.

import type { Channel } from "../../app/bindings/Channel";
import type { CommentView } from "../../app/bindings/CommentView";
import type { Member } from "../../app/bindings/Member";
import type { MemberNow } from "../../app/bindings/MemberNow";
import type { PersonRef } from "../../app/bindings/PersonRef";
import type { TeamBoard } from "../../app/bindings/TeamBoard";
import type { ThreadDetail } from "../../app/bindings/ThreadDetail";
import type { ThreadSummary } from "../../app/bindings/ThreadSummary";

const HOURS = { days: [[], [], [], [], [], [], []] };

export const ME: Member = {
  id: "m-ada",
  handle: "ada",
  display_name: "Ada Lovelace",
  time_zone: "Europe/Berlin",
  working_hours: HOURS,
  is_me: true,
};

export const ADA: PersonRef = { id: "m-ada", handle: "ada", display_name: "Ada Lovelace" };
export const GRACE: PersonRef = { id: "m-grace", handle: "grace", display_name: "Grace Hopper" };
export const AROHA: PersonRef = { id: "m-aroha", handle: "aroha", display_name: "Aroha Ngata" };

function row(person: PersonRef, zone: string, time: string, status: MemberNow["status"], text: string): MemberNow {
  return {
    member: { ...person, time_zone: zone, working_hours: HOURS, is_me: person.id === ME.id },
    time_zone: zone,
    local_time: time,
    local_date: "2025-01-15",
    utc_offset: "+00:00",
    offset_from_me_minutes: 0,
    status,
    status_message: null,
    until: null,
    status_text: text,
    next_available: null,
    on_call: false,
    strip: [],
  };
}

export const PEOPLE: MemberNow[] = [
  row(GRACE, "America/New_York", "07:10", "off", "Off until 09:00"),
  row(AROHA, "Pacific/Auckland", "01:10", "off", "Off until 09:00"),
];

export function board(): TeamBoard {
  return {
    now: "2025-01-15T12:10:00Z",
    viewer_zone: "Europe/Berlin",
    day_start: "2025-01-14T23:00:00Z",
    day_end: "2025-01-15T23:00:00Z",
    members: [row(ADA, "Europe/Berlin", "13:10", "available", "Available"), ...PEOPLE],
    on_call: null,
    blockers: [],
  };
}

export const CHANNEL: Channel = {
  id: "c-design",
  name: "design",
  private: false,
  reason: null,
  expect_hours: 8,
  expectation: "Replies within 1 working day",
  archived: false,
  created_at: "2025-01-10T09:00:00Z",
  author: ADA,
  members: [],
  can_see: true,
  thread_count: 3,
  unread_count: 1,
};

export const PRIVATE_CHANNEL: Channel = {
  ...CHANNEL,
  id: "c-salaries",
  name: "salaries",
  private: true,
  reason: "Salary reviews",
  expect_hours: null,
  expectation: null,
  members: [ADA, GRACE],
  thread_count: 2,
  unread_count: 0,
};

export function summary(n: number, extra: Partial<ThreadSummary> = {}): ThreadSummary {
  return {
    id: `t${n}`,
    channel_id: CHANNEL.id,
    channel_name: CHANNEL.name,
    title: `Thread ${n}`,
    excerpt: `About thing ${n}`,
    author: GRACE,
    created_at: `2025-01-1${n}T09:00:00Z`,
    last_activity_at: `2025-01-1${n}T10:00:00Z`,
    comment_count: n,
    resolved: false,
    archived: false,
    following: true,
    unread: false,
    done: false,
    ...extra,
  };
}

export function comment(id: string, depth: number, extra: Partial<CommentView> = {}): CommentView {
  return {
    id,
    parent_id: null,
    author: GRACE,
    body: `Comment ${id}`,
    body_html: `<p>Comment ${id}</p>`,
    created_at: "2025-01-15T11:00:00Z",
    edited_at: null,
    archived: false,
    depth,
    replying_to: null,
    revision_count: 1,
    reactions: [],
    ...extra,
  };
}

export function detail(extra: Partial<ThreadDetail> = {}): ThreadDetail {
  return {
    summary: summary(1, { id: "t1", title: "Launch plan", author: ADA, comment_count: 4, unread: true }),
    body: "Ready, @grace?",
    body_html: '<p>Ready, <span class="mention" data-member-id="m-grace">@grace</span>?</p>',
    edited_at: "2025-01-15T11:30:00Z",
    revision_count: 2,
    reactions: [{ emoji: "🎉", people: [GRACE, ADA], mine: true }],
    comments: [
      comment("c1", 0, { author: GRACE }),
      comment("c2", 1, { author: ADA, parent_id: "c1" }),
      comment("c3", 2, { author: GRACE, parent_id: "c2" }),
      comment("c4", 2, { author: ADA, parent_id: "c3", replying_to: "grace" }),
    ],
    thanks: [{ id: "k1", from: GRACE, to: [ADA], note: "Great plan", item_id: "t1", created_at: "2025-01-15T11:40:00Z" }],
    channel: CHANNEL,
    ...extra,
  };
}
