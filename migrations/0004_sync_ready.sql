-- Meridian schema v4: what foreign ops need before sync.
-- Shipped migrations are never edited; add a new file instead.

-- Ops that ingest did not apply (yet): a gap before them, a fork of a series, or this
-- device's own ops moved aside when its series forked (a restored backup or a copied
-- profile). Nothing is dropped: a gap is retried as the log grows; forks stay here for a
-- person or a later version to look at.
CREATE TABLE ops_set_aside (
    id          TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    idx         INTEGER NOT NULL,
    hlc_wall    INTEGER NOT NULL,
    hlc_counter INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    payload     TEXT NOT NULL,
    reason      TEXT NOT NULL,          -- gap | fork | forked_local
    set_aside_at TEXT NOT NULL,
    resolved    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (id, reason)
);
CREATE INDEX ops_set_aside_pending ON ops_set_aside (resolved, device_id, idx);

-- Which devices created a member (projected from MemberCreated) and which devices a member
-- uses (projected from DeviceLinked): ops from these devices may change that member's
-- profile, hours, zone moves, status, focus and notification settings. Grow-only sets, so
-- any order of the same ops gives the same rows. `id` is "member device".
CREATE TABLE member_creators (
    id        TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    device_id TEXT NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO member_creators (id, member_id, device_id)
    SELECT json_extract(payload, '$.member_id') || ' ' || device_id,
           json_extract(payload, '$.member_id'), device_id
    FROM ops WHERE kind = 'member_created';

CREATE TABLE device_members (
    id        TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    device_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX device_members_by_device ON device_members (device_id, member_id);

-- A device that carries on for one whose series forked (projected from DeviceSucceeded).
CREATE TABLE device_successors (
    id            TEXT PRIMARY KEY,     -- "new old"
    new_device_id TEXT NOT NULL,
    old_device_id TEXT NOT NULL
) WITHOUT ROWID;

-- Sessions and blocks that an op referred to before this replica knew whose they were (a
-- stop that arrived before its start). When the start arrives, the log is replayed so the
-- authorship rule decides with everything known. A local fact: rebuilds leave it alone.
CREATE TABLE unresolved_targets (
    id TEXT PRIMARY KEY
) WITHOUT ROWID;

-- An index over the log: whose focus session or block each id is, as the log's own
-- last-writer-wins tells it, whether or not the op that said so was allowed to change a row.
-- The authorship rule reads it, so the verdict on a stop never depends on arrival order.
CREATE TABLE op_targets (
    id         TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL,
    member_lww TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO op_targets (id, member_id, member_lww)
    SELECT target, member, max(lww) FROM (
        SELECT coalesce(json_extract(payload, '$.session_id'), json_extract(payload, '$.block_id')) AS target,
               json_extract(payload, '$.member_id') AS member,
               printf('%013x%08x%s %016x', max(hlc_wall, 0), hlc_counter, device_id, max(idx, 0)) AS lww
        FROM ops WHERE kind IN ('focus_started', 'focus_block_added')
    ) GROUP BY target;

-- Ops whose author had no right to the member's personal data when they were applied. If
-- that device later gains the right (its link or the member's creation arrives), the log is
-- replayed so they count, whatever the arrival order. Derived from the log: rebuilds refill it.
CREATE TABLE unauthorized_ops (
    id        TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    member_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX unauthorized_ops_by_grant ON unauthorized_ops (device_id, member_id);
