-- Meridian schema v3: notifications held in a persistent queue and delivered in batches.

-- Projection of NotificationQueued ops: everything that would notify someone.
CREATE TABLE notifications (
    id           TEXT PRIMARY KEY,
    recipient_id TEXT,
    sender_id    TEXT,
    kind         TEXT,              -- 'mention' | 'reply' | 'update' | …
    title        TEXT,
    body         TEXT,
    urgent       INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT,
    created_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX notifications_by_recipient ON notifications (recipient_id, created_at);

-- Projection of a member's delivery preferences.
CREATE TABLE notify_prefs (
    id                       TEXT PRIMARY KEY,   -- member id
    schedule                 TEXT,               -- JSON: 7 lists of "HH:MM", Monday first
    schedule_lww             TEXT NOT NULL DEFAULT '',
    urgent_outside_hours     INTEGER,
    urgent_outside_hours_lww TEXT NOT NULL DEFAULT '',
    allowlist                TEXT,               -- JSON array of member ids
    allowlist_lww            TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Local, never synced: the order notifications arrived on this device, with the immutable
-- facts the delivery policy filters on copied in, so that deciding a digest over a large
-- backlog is one range scan of this table. Rebuilding the projections leaves it alone.
CREATE TABLE inbox_order (
    seq             INTEGER PRIMARY KEY,
    notification_id TEXT NOT NULL UNIQUE,
    recipient_id    TEXT NOT NULL,
    sender_id       TEXT,
    kind            TEXT NOT NULL,
    urgent          INTEGER NOT NULL,
    -- Set when an immediate delivery covered this one item.
    delivered       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inbox_order_immediate ON inbox_order (recipient_id, urgent, delivered);

-- Local: system notifications this device showed. A digest covers every queued item of its
-- recipient up to `up_to_seq`; an immediate delivery covers exactly one item.
CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    recipient_id    TEXT NOT NULL,
    up_to_seq       INTEGER,          -- digests
    notification_id TEXT,             -- immediate deliveries
    delivered_at    TEXT NOT NULL,
    item_count      INTEGER NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL
);
CREATE INDEX deliveries_by_recipient ON deliveries (recipient_id, up_to_seq);
CREATE UNIQUE INDEX deliveries_by_item ON deliveries (notification_id) WHERE notification_id IS NOT NULL;
