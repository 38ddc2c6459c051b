-- Meridian schema v8: decision records and change requests. Every table is a projection of
-- the log; votes and responses are rows of their own so that nothing is overwritten.
-- Shipped migrations are never edited; add a new file instead.

-- Decisions. `options` and `voters` are JSON lists; `voters` empty means everyone.
-- `closed_at` is set by a close before or at the deadline; a decision whose `closes_at` has
-- passed reads as closed even before that op arrives.
CREATE TABLE decisions (
    id            TEXT PRIMARY KEY,
    author_id     TEXT,
    title         TEXT,
    context       TEXT,
    options       TEXT NOT NULL DEFAULT '[]',
    voters        TEXT NOT NULL DEFAULT '[]',
    closes_at     TEXT,
    hide_results  INTEGER NOT NULL DEFAULT 0,
    supersedes    TEXT,
    created_at    TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    closed_at     TEXT,
    closed_by     TEXT,
    closed_lww    TEXT NOT NULL DEFAULT '',
    outcome       TEXT,
    status        TEXT,
    chosen        TEXT,
    review_at     TEXT,
    outcome_by    TEXT,
    outcome_at    TEXT,
    outcome_lww   TEXT NOT NULL DEFAULT '',
    superseded_by TEXT,
    superseded_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX decisions_by_created ON decisions (created_at DESC, id DESC);

-- Every vote ever cast; the latest per member counts.
CREATE TABLE decision_votes (
    id           TEXT PRIMARY KEY,
    decision_id  TEXT,
    member_id    TEXT,
    choice       TEXT,
    reason       TEXT,
    voted_at     TEXT,
    created_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX decision_votes_by_decision ON decision_votes (decision_id, voted_at, id);

-- Approver groups per system. `approvers` is a JSON list of member ids.
CREATE TABLE change_rules (
    id           TEXT PRIMARY KEY,
    system       TEXT,
    group_name   TEXT,
    approvers    TEXT NOT NULL DEFAULT '[]',
    required     INTEGER NOT NULL DEFAULT 1,
    archived     INTEGER NOT NULL DEFAULT 0,
    rule_lww     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Pre-approved standard changes.
CREATE TABLE change_templates (
    id           TEXT PRIMARY KEY,
    name         TEXT,
    system       TEXT,
    what         TEXT,
    why          TEXT,
    rollback     TEXT,
    results_url  TEXT,
    template_lww TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Change requests: the CAB form as filed. `systems`, `groups` and `urgent_to` are JSON.
CREATE TABLE change_requests (
    id            TEXT PRIMARY KEY,
    requester_id  TEXT,
    kind          TEXT,
    title         TEXT,
    what          TEXT,
    why           TEXT,
    systems       TEXT NOT NULL DEFAULT '[]',
    tested        INTEGER NOT NULL DEFAULT 0,
    results_url   TEXT,
    consequence   TEXT,
    rollback      TEXT,
    window_start  TEXT,
    window_end    TEXT,
    justification TEXT,
    template_id   TEXT,
    groups        TEXT NOT NULL DEFAULT '[]',
    urgent_to     TEXT NOT NULL DEFAULT '[]',
    filed_at      TEXT,
    created_lww   TEXT NOT NULL DEFAULT '',
    withdrawn_at  TEXT,
    withdrawn_lww TEXT NOT NULL DEFAULT '',
    reviewed_by   TEXT,
    review_note   TEXT,
    reviewed_at   TEXT,
    review_lww    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX change_requests_by_filed ON change_requests (filed_at DESC, id DESC);

-- Approvals and declines, each a row of its own.
CREATE TABLE change_responses (
    id           TEXT PRIMARY KEY,
    cr_id        TEXT,
    member_id    TEXT,
    approve      INTEGER NOT NULL DEFAULT 0,
    reason       TEXT,
    at           TEXT,
    created_lww  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX change_responses_by_cr ON change_responses (cr_id, at, id);
