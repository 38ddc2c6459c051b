-- Meridian schema v5: conversations and documents. Every table here is a projection of the
-- log (rebuilt by replaying it); nothing is ever deleted, only archived.
-- Shipped migrations are never edited; add a new file instead.

-- Channels. `expect_hours` is the response expectation in the recipient's working hours.
CREATE TABLE channels (
    id            TEXT PRIMARY KEY,
    author_id     TEXT,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    name          TEXT,
    private       INTEGER NOT NULL DEFAULT 0,
    reason        TEXT,
    expect_hours  INTEGER,
    settings_lww  TEXT NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 0,
    archived_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Members of private channels; `id` is "channel member".
CREATE TABLE channel_members (
    id          TEXT PRIMARY KEY,
    channel_id  TEXT,
    member_id   TEXT,
    is_member   INTEGER NOT NULL DEFAULT 0,
    member_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX channel_members_by_channel ON channel_members (channel_id, member_id);

-- Threads: a title and a Markdown body in one channel. `mentions` is the JSON list of
-- {member_id, handle} the body's @handles resolved to when it was written.
CREATE TABLE threads (
    id            TEXT PRIMARY KEY,
    channel_id    TEXT,
    author_id     TEXT,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    title         TEXT,
    body          TEXT,
    mentions      TEXT NOT NULL DEFAULT '[]',
    edited_at     TEXT,
    body_lww      TEXT NOT NULL DEFAULT '',
    resolved      INTEGER NOT NULL DEFAULT 0,
    resolved_lww  TEXT NOT NULL DEFAULT '',
    last_activity_at TEXT,
    activity_lww  TEXT NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 0,
    archived_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
-- A page of a channel, newest first, seeks here instead of sorting the channel.
CREATE INDEX threads_by_channel ON threads (channel_id, created_at DESC, id DESC);

-- Comments; `parent_id` is another comment of the same thread, or NULL for a top-level one.
CREATE TABLE comments (
    id            TEXT PRIMARY KEY,
    thread_id     TEXT,
    parent_id     TEXT,
    author_id     TEXT,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    body          TEXT,
    mentions      TEXT NOT NULL DEFAULT '[]',
    edited_at     TEXT,
    body_lww      TEXT NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 0,
    archived_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX comments_by_thread ON comments (thread_id, created_at, id);

-- Every version of a thread or comment body, the first one included (its id is the item's).
CREATE TABLE item_revisions (
    id           TEXT PRIMARY KEY,
    item_id      TEXT,
    title        TEXT,
    body         TEXT,
    author_id    TEXT,
    created_at   TEXT,
    created_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX item_revisions_by_item ON item_revisions (item_id, created_at);

-- Each person's state of a thread; `id` is "thread member".
CREATE TABLE thread_states (
    id             TEXT PRIMARY KEY,
    thread_id      TEXT,
    member_id      TEXT,
    key_lww        TEXT NOT NULL DEFAULT '',
    following      INTEGER NOT NULL DEFAULT 0,
    following_lww  TEXT NOT NULL DEFAULT '',
    read_at        TEXT,
    read_lww       TEXT NOT NULL DEFAULT '',
    done           INTEGER NOT NULL DEFAULT 0,
    done_lww       TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX thread_states_by_member ON thread_states (member_id, thread_id);

-- One person's reaction with one emoji on one item; `id` is "item member emoji".
CREATE TABLE reactions (
    id          TEXT PRIMARY KEY,
    item_id     TEXT,
    member_id   TEXT,
    emoji       TEXT,
    key_lww     TEXT NOT NULL DEFAULT '',
    is_on       INTEGER NOT NULL DEFAULT 0,
    on_lww      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX reactions_by_item ON reactions (item_id, emoji);

CREATE TABLE thanks (
    id          TEXT PRIMARY KEY,
    from_id     TEXT,
    to_ids      TEXT,
    note        TEXT,
    item_id     TEXT,
    created_at  TEXT,
    created_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE docs (
    id           TEXT PRIMARY KEY,
    author_id    TEXT,
    created_at   TEXT,
    created_lww  TEXT NOT NULL DEFAULT '',
    archived     INTEGER NOT NULL DEFAULT 0,
    archived_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Immutable revisions of docs. `parents` is the JSON list of the revisions it follows: two
-- devices editing offline make two heads, and a merge names both.
CREATE TABLE doc_revisions (
    id           TEXT PRIMARY KEY,
    doc_id       TEXT,
    parents      TEXT NOT NULL DEFAULT '[]',
    title        TEXT,
    body         TEXT,
    summary      TEXT,
    author_id    TEXT,
    created_at   TEXT,
    created_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX doc_revisions_by_doc ON doc_revisions (doc_id, created_at, id);

-- The parent links of the revision graph, one row per edge; `id` is "child parent".
CREATE TABLE doc_revision_parents (
    id          TEXT PRIMARY KEY,
    doc_id      TEXT,
    child_id    TEXT,
    parent_id   TEXT,
    created_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX doc_revision_parents_by_doc ON doc_revision_parents (doc_id, parent_id);

-- Comments anchored to a quoted passage of a doc, with the text around it to find it again.
CREATE TABLE doc_comments (
    id           TEXT PRIMARY KEY,
    doc_id       TEXT,
    revision_id  TEXT,
    quote        TEXT,
    prefix       TEXT,
    suffix       TEXT,
    body         TEXT,
    mentions     TEXT NOT NULL DEFAULT '[]',
    author_id    TEXT,
    created_at   TEXT,
    created_lww  TEXT NOT NULL DEFAULT '',
    archived     INTEGER NOT NULL DEFAULT 0,
    archived_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX doc_comments_by_doc ON doc_comments (doc_id, created_at);

-- This device's outbox: notifications its user asked to deliver in the recipient's working
-- hours. Each is appended to the log (as a NotificationQueued op) at `due_at`, the
-- recipient's next working minute, by whichever Meridian process of this profile runs the
-- delivery scheduler. A local fact, not a projection.
CREATE TABLE scheduled_notifications (
    id       TEXT PRIMARY KEY,
    due_at   TEXT NOT NULL,
    payload  TEXT NOT NULL,
    sent     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scheduled_notifications_due ON scheduled_notifications (sent, due_at);
