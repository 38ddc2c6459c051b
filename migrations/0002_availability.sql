-- Meridian schema v2: availability — time off, planned zone changes, status overrides,
-- recurring focus blocks and on-call rotations. Same LWW-column convention as v1.

CREATE TABLE time_off (
    id           TEXT PRIMARY KEY,
    member_id    TEXT,
    first_day    TEXT,              -- local date, inclusive
    last_day     TEXT,              -- local date, inclusive
    note         TEXT,
    created_lww  TEXT NOT NULL DEFAULT '',
    archived     INTEGER NOT NULL DEFAULT 0,
    archived_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX time_off_by_member ON time_off (member_id);

CREATE TABLE zone_changes (
    id          TEXT PRIMARY KEY,
    member_id   TEXT,
    from_day    TEXT,               -- local date the new zone applies from
    time_zone   TEXT,
    created_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX zone_changes_by_member ON zone_changes (member_id);

-- One manual status per member; a newer one replaces it, expiry ends it.
CREATE TABLE statuses (
    id          TEXT PRIMARY KEY,   -- the member id
    kind        TEXT,               -- 'available' | 'away' | 'focusing' | 'off' | NULL (cleared)
    message     TEXT,
    expires_at  TEXT,
    status_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE focus_blocks (
    id           TEXT PRIMARY KEY,
    member_id    TEXT,
    weekdays     TEXT,              -- JSON array of 0 (Monday) … 6 (Sunday)
    start_time   TEXT,              -- "HH:MM" local
    end_time     TEXT,              -- "HH:MM" local
    label        TEXT,
    created_lww  TEXT NOT NULL DEFAULT '',
    archived     INTEGER NOT NULL DEFAULT 0,
    archived_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX focus_blocks_by_member ON focus_blocks (member_id);

-- One rotation per team for now (id = team id); setting it again replaces it.
CREATE TABLE rotas (
    id           TEXT PRIMARY KEY,
    members      TEXT,              -- JSON array of member ids, in order
    shift_hours  INTEGER,
    handoff_time TEXT,              -- "HH:MM" in handoff_zone
    handoff_zone TEXT,
    first_day    TEXT,              -- local date (handoff_zone) of the first shift
    rota_lww     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
