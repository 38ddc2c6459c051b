-- Meridian schema v6: the work board (tasks, their blockers, goals) and quick capture. Every
-- table here is a projection of the log; nothing is deleted (a task is canceled, a capture
-- triaged).
-- Shipped migrations are never edited; add a new file instead.

-- Tasks. `due_at` is an instant (RFC 3339 UTC), `due_zone` the zone it was set in; `status`
-- is backlog, todo, in_progress, done or canceled.
CREATE TABLE tasks (
    id            TEXT PRIMARY KEY,
    author_id     TEXT,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    title         TEXT,
    body          TEXT,
    owner_id      TEXT,
    due_at        TEXT,
    due_zone      TEXT,
    goal_id       TEXT,
    edited_at     TEXT,
    fields_lww    TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'todo',
    moved_at      TEXT,
    status_lww    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX tasks_by_owner ON tasks (owner_id, status);
CREATE INDEX tasks_by_goal ON tasks (goal_id);

-- "task waits on blocker": `id` is "task blocker"; `active` turns off when the relation is
-- removed.
CREATE TABLE task_blockers (
    id          TEXT PRIMARY KEY,
    task_id     TEXT,
    blocker_id  TEXT,
    active      INTEGER NOT NULL DEFAULT 0,
    set_by      TEXT,
    active_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX task_blockers_by_task ON task_blockers (task_id);
CREATE INDEX task_blockers_by_blocker ON task_blockers (blocker_id);

-- Goals: a desired outcome, an optional target day (local date) and the health its owner
-- last reported; `updated_at` is when it was last reviewed.
CREATE TABLE goals (
    id            TEXT PRIMARY KEY,
    author_id     TEXT,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    title         TEXT,
    outcome       TEXT,
    target_day    TEXT,
    health        TEXT NOT NULL DEFAULT 'on_track',
    note          TEXT,
    updated_at    TEXT,
    updated_by    TEXT,
    fields_lww    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Quick captures: private to the member who wrote them; triage points at what they became.
CREATE TABLE captures (
    id            TEXT PRIMARY KEY,
    member_id     TEXT,
    text          TEXT,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    triaged_kind  TEXT,
    triaged_id    TEXT,
    triaged_at    TEXT,
    triage_lww    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX captures_by_member ON captures (member_id, created_at);
