-- Meridian schema v7: check-ins. Every table here is a projection of the log (rebuilt by
-- replaying it). Shipped migrations are never edited; add a new file instead.

-- Templates: a name and a JSON list of questions {id, kind, prompt}; kind is text, yes_no,
-- blocker or mood.
CREATE TABLE checkin_templates (
    id            TEXT PRIMARY KEY,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    author_id     TEXT,
    name          TEXT,
    questions     TEXT NOT NULL DEFAULT '[]',
    body_lww      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Schedules: who is asked which template on which weekdays at what local time (each in
-- their own zone), the window (hours) answers are expected in, and where the digest goes.
-- `author_id` is who last set it: their device posts the digest.
CREATE TABLE checkin_schedules (
    id            TEXT PRIMARY KEY,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    author_id     TEXT,
    template_id   TEXT,
    name          TEXT,
    channel_id    TEXT,
    participants  TEXT NOT NULL DEFAULT '[]',
    weekdays      TEXT NOT NULL DEFAULT '[]',
    ask_time      TEXT,
    window_hours  INTEGER NOT NULL DEFAULT 8,
    active        INTEGER NOT NULL DEFAULT 1,
    settings_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- One person's answers to one occurrence; `id` is "schedule/member/date" (the date is the
-- participant's local date of the ask). The latest revision wins; all are kept below.
CREATE TABLE checkin_answers (
    id            TEXT PRIMARY KEY,
    schedule_id   TEXT,
    member_id     TEXT,
    date          TEXT,
    answers       TEXT NOT NULL DEFAULT '[]',
    mentions      TEXT NOT NULL DEFAULT '[]',
    answered_at   TEXT,
    answer_lww    TEXT NOT NULL DEFAULT '',
    blocker_cleared INTEGER NOT NULL DEFAULT 0,
    cleared_by    TEXT,
    cleared_lww   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX checkin_answers_by_schedule ON checkin_answers (schedule_id, date);

-- Every revision of every answer, so an edit never loses what was said first.
CREATE TABLE checkin_answer_revisions (
    id            TEXT PRIMARY KEY,
    answer_id     TEXT,
    answers       TEXT NOT NULL DEFAULT '[]',
    answered_at   TEXT,
    created_lww   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX checkin_answer_revisions_by_answer ON checkin_answer_revisions (answer_id, answered_at);

-- The digest thread of an occurrence; `id` is "schedule date".
CREATE TABLE checkin_digests (
    id            TEXT PRIMARY KEY,
    schedule_id   TEXT,
    date          TEXT,
    thread_id     TEXT,
    posted_at     TEXT,
    posted_lww    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
