-- Meridian schema v1: the op-log, local device facts, and the first projections.
-- Shipped migrations are never edited; add a new file instead.

-- The source of truth. Each device appends only to its own series.
CREATE TABLE ops (
    id          TEXT PRIMARY KEY,      -- UUIDv7
    device_id   TEXT NOT NULL,
    idx         INTEGER NOT NULL,      -- gapless per device, from 1
    hlc_wall    INTEGER NOT NULL,      -- hybrid logical clock: wall milliseconds
    hlc_counter INTEGER NOT NULL,      -- hybrid logical clock: counter
    kind        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    payload     TEXT NOT NULL,         -- JSON of the tagged payload
    UNIQUE (device_id, idx)
);
CREATE INDEX ops_by_hlc ON ops (hlc_wall, hlc_counter, device_id);

-- Facts about this installation that are not shared: which device this is, who "me" is.
CREATE TABLE local_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Projections. Every mutable column has a *_lww column holding the last-writer-wins key
-- of the write that set it (columns written only together share one); a write with a
-- smaller key is ignored, so any order of the same ops yields the same rows. WITHOUT ROWID:
-- rows are looked up by their text id, so the id b-tree is the table.
CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    name         TEXT,
    name_lww     TEXT NOT NULL DEFAULT '',
    platform     TEXT,
    platform_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE members (
    id                TEXT PRIMARY KEY,
    handle            TEXT,
    handle_lww        TEXT NOT NULL DEFAULT '',
    display_name      TEXT,
    display_name_lww  TEXT NOT NULL DEFAULT '',
    time_zone         TEXT,
    time_zone_lww     TEXT NOT NULL DEFAULT '',
    working_hours     TEXT,             -- JSON WeeklyHours
    working_hours_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
-- Not UNIQUE: two devices may claim one handle before they sync; writes check it instead.
CREATE INDEX members_by_handle ON members (handle);

CREATE TABLE teams (
    id       TEXT PRIMARY KEY,
    name     TEXT,
    name_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE focus_sessions (
    id             TEXT PRIMARY KEY,
    -- Set once by FocusStarted, so they share one stamp.
    member_id      TEXT,
    started_at     TEXT,
    label          TEXT,
    created_lww    TEXT NOT NULL DEFAULT '',
    ends_at        TEXT,
    ends_at_lww    TEXT NOT NULL DEFAULT '',
    stopped_at     TEXT,
    stopped_at_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX focus_by_member ON focus_sessions (member_id, started_at);
