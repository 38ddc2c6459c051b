//! Sync with the team's server, through the `SyncTransport` port (HTTP and sealing live in
//! `meridian-sync`, never here). One pass: ask the server what it has, pull the team's ops
//! after this device's cursor, page by page — each page ingested with the cursor in one
//! transaction — then push this device's ops it lacks, and record a state a person can trust.

use crate::base::events::CoreEvent;
use crate::base::model::{SyncReport, SyncState};
use crate::base::{Error, Result};
use crate::log::ops::{format_instant, parse_instant, Op};
use crate::log::store::{head_of, local_meta, read_ops_where, set_local_meta};
use crate::log::Ctx;
use chrono::{DateTime, Utc};
use meridian_protocol::{OpEnvelope, PullResponse, PushResponse, SyncStatus};

/// Ops per push and per pulled page: well under the server's caps, big enough to be quick.
pub const PAGE: u32 = 500;

/// How a device reaches its team's server. Implementations map network failures to
/// [`Error::Offline`] and refusals to [`Error::Sync`], each with a sentence for a person.
pub trait SyncTransport {
    fn status(&self) -> Result<SyncStatus>;
    fn push(&self, ops: &[OpEnvelope]) -> Result<PushResponse>;
    fn pull(&self, after_seq: u64, limit: u32) -> Result<PullResponse>;
}

/// The team server this profile syncs with, as stored on this device only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConfig {
    pub server: String,
    pub team_id: String,
    /// The bearer token the server issued to this device (shown once, kept here).
    pub device_token: String,
    /// The team key, as the invite carried it; the server never sees it.
    pub team_key: String,
}

const SERVER: &str = "sync_server";
const TEAM: &str = "sync_team_id";
const TOKEN: &str = "sync_device_token";
const KEY: &str = "sync_team_key";
const PUSHED: &str = "sync_pushed_idx";
const PULLED: &str = "sync_pulled_seq";
const SERVER_SEQ: &str = "sync_server_seq";
const LAST_OK: &str = "sync_last_ok";
const LAST_ERROR: &str = "sync_last_error";
const OFFLINE_SINCE: &str = "sync_offline_since";

/// The server settings, once this profile created or joined a team.
pub(crate) fn config(cx: &Ctx) -> Result<Option<SyncConfig>> {
    let conn = cx.store.conn();
    let (Some(server), Some(team_id), Some(device_token), Some(team_key)) = (
        local_meta(conn, SERVER)?,
        local_meta(conn, TEAM)?,
        local_meta(conn, TOKEN)?,
        local_meta(conn, KEY)?,
    ) else {
        return Ok(None);
    };
    Ok(Some(SyncConfig {
        server,
        team_id,
        device_token,
        team_key,
    }))
}

/// The server settings, or the one error every front end shows when there are none.
pub(crate) fn require_config(cx: &Ctx) -> Result<SyncConfig> {
    config(cx)?.ok_or_else(|| {
        Error::Conflict(
            "This profile is not in a team on a server yet: run `meridian team create --server \
             URL` or `meridian team join CODE` (in the app: Settings › Team server)."
                .into(),
        )
    })
}

/// Refuses a profile that already syncs with a team: leaving one team for another is a
/// deliberate act this version does not offer.
pub(crate) fn ensure_not_in_team(cx: &Ctx) -> Result<()> {
    match config(cx)? {
        Some(existing) => Err(Error::Conflict(format!(
            "This profile already syncs with team {} on {}. Use another profile \
             (MERIDIAN_HOME) for a different team.",
            existing.team_id, existing.server
        ))),
        None => Ok(()),
    }
}

/// Stores the team server settings, unless the profile already syncs with a team.
pub(crate) fn configure(cx: &mut Ctx, config: &SyncConfig) -> Result<()> {
    ensure_not_in_team(cx)?;
    let conn = cx.store.conn();
    for (key, value) in [
        (SERVER, &config.server),
        (TEAM, &config.team_id),
        (TOKEN, &config.device_token),
        (KEY, &config.team_key),
    ] {
        set_local_meta(conn, key, value)?;
    }
    cx.emit(CoreEvent::SyncChanged);
    Ok(())
}

/// One step of a sync pass: a short piece of work on the core between two network calls.
pub(crate) type Step<'a> = &'a mut dyn FnMut(&mut Ctx) -> Result<()>;

/// Runs each step of a pass on the core. A front end that shares its core between threads
/// (the desktop, the daemon) takes its lock per step, so a slow server never holds it.
pub(crate) type Lend<'a> = &'a mut dyn FnMut(Step<'_>) -> Result<()>;

/// One sync pass. On a network failure or a refusal the state says so, the error is
/// returned, and nothing already synced is lost: the next pass resumes from the cursors.
/// The core is only borrowed (through `lend`) between network calls, never across one.
pub(crate) fn sync_in_steps(lend: Lend<'_>, transport: &dyn SyncTransport) -> Result<SyncReport> {
    lend(&mut |cx| require_config(cx).map(drop))?;
    let mut passed = Some(pass(lend, transport));
    let mut outcome = None;
    lend(&mut |cx| {
        if let Some(passed) = passed.take() {
            outcome = Some(record_outcome(cx, passed));
        }
        // Every pass moves the sync state (its time, or its error), whether or not data came
        // down.
        cx.emit(CoreEvent::SyncChanged);
        Ok(())
    })?;
    outcome.unwrap_or_else(|| {
        Err(Error::Storage(
            "a sync pass ended without an outcome".into(),
        ))
    })
}

/// Records a pass's result in the local sync state and hands it back.
fn record_outcome(cx: &mut Ctx, outcome: Result<SyncReport>) -> Result<SyncReport> {
    match outcome {
        Ok(mut report) => {
            let now = cx.now();
            let conn = cx.store.conn();
            set_local_meta(conn, LAST_OK, &format_instant(now))?;
            set_local_meta(conn, LAST_ERROR, "")?;
            set_local_meta(conn, OFFLINE_SINCE, "")?;
            report.state = state(cx)?;
            Ok(report)
        }
        Err(err) => {
            let now = cx.now();
            let conn = cx.store.conn();
            set_local_meta(conn, LAST_ERROR, &err.to_string())?;
            if matches!(err, Error::Offline(_))
                && local_meta(conn, OFFLINE_SINCE)?.is_none_or(|s| s.is_empty())
            {
                set_local_meta(conn, OFFLINE_SINCE, &format_instant(now))?;
            }
            Err(err)
        }
    }
}

fn pass(lend: Lend<'_>, transport: &dyn SyncTransport) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    let status = transport.status()?;
    let mut me = String::new();
    lend(&mut |cx| {
        me = cx.store.device_id().to_owned();
        Ok(())
    })?;
    let me = uuid::Uuid::parse_str(&me)
        .map_err(|_| Error::Storage("this device's id is not a UUID".into()))?;
    let mut head = status.heads.get(&me).copied().unwrap_or(0) as i64;
    let mut server_seq = status.latest_seq;
    // Down first: pulling proves the team key opens what the team wrote before anything of
    // ours goes up under it.
    pull_all(lend, transport, &mut report, &mut server_seq)?;
    // Up: this device's ops the server lacks, in order, a page at a time.
    loop {
        let mut envelopes = Vec::new();
        let mut last_idx = head;
        lend(&mut |cx| {
            let ops = read_ops_where(
                cx.store.conn(),
                "ops",
                "device_id = ?1 AND idx > ?2 ORDER BY idx LIMIT ?3",
                rusqlite::params![cx.store.device_id(), head, PAGE],
            )?;
            last_idx = ops.last().map_or(head, |op| op.idx);
            envelopes = ops
                .iter()
                .map(Op::to_envelope)
                .collect::<Result<Vec<_>>>()?;
            Ok(())
        })?;
        if envelopes.is_empty() {
            break;
        }
        let answer = transport.push(&envelopes)?;
        if let Some(refused) = answer.rejected.first() {
            return Err(Error::Sync(format!(
                "The server refused {} of this device's changes: {}",
                answer.rejected.len(),
                refused.reason
            )));
        }
        head = last_idx;
        report.pushed += envelopes.len() as i64;
        server_seq = server_seq.max(answer.latest_seq);
        lend(&mut |cx| set_local_meta(cx.store.conn(), PUSHED, &head.to_string()))?;
    }
    lend(&mut |cx| set_local_meta(cx.store.conn(), PUSHED, &head.to_string()))?;
    if report.pushed > 0 {
        // Our own ops now sit in the team sequence too; pull through them (they come back as
        // duplicates) so "up to date" means this device has everything the server has.
        pull_all(lend, transport, &mut report, &mut server_seq)?;
    }
    lend(&mut |cx| {
        set_local_meta(cx.store.conn(), SERVER_SEQ, &server_seq.to_string())?;
        if report.applied > 0 {
            cx.emit(CoreEvent::ExternalChange);
        }
        Ok(())
    })?;
    Ok(report)
}

/// Pulls the team's ops after this device's cursor, page by page, each page ingested with the
/// cursor it reaches in one transaction, so an interrupted pull resumes where it stopped.
fn pull_all(
    lend: Lend<'_>,
    transport: &dyn SyncTransport,
    report: &mut SyncReport,
    server_seq: &mut u64,
) -> Result<()> {
    let mut after = 0;
    lend(&mut |cx| {
        after = meta_i64(cx, PULLED)? as u64;
        Ok(())
    })?;
    loop {
        let page = transport.pull(after, PAGE)?;
        *server_seq = (*server_seq).max(page.latest_seq);
        let Some(last) = page.ops.last().map(|op| op.seq) else {
            break;
        };
        let ops = page
            .ops
            .iter()
            .map(|sequenced| Op::from_envelope(&sequenced.op))
            .collect::<Result<Vec<_>>>()?;
        let seq = *server_seq;
        lend(&mut |cx| {
            // The cursor only moves forward, even if another pass got further meanwhile.
            let cursor = (meta_i64(cx, PULLED)? as u64).max(last);
            let now = cx.now();
            let ingested = cx.store.ingest_with_meta(
                &ops,
                now,
                &[(PULLED, cursor.to_string()), (SERVER_SEQ, seq.to_string())],
            )?;
            report.applied += ingested.applied() as i64;
            report.set_aside += ingested.set_aside() as i64;
            Ok(())
        })?;
        report.pulled += ops.len() as i64;
        after = last;
        if page.up_to_date {
            break;
        }
    }
    Ok(())
}

fn meta_i64(cx: &Ctx, key: &str) -> Result<i64> {
    Ok(local_meta(cx.store.conn(), key)?
        .and_then(|value| value.parse().ok())
        .unwrap_or(0))
}

/// Where this profile stands, without asking the server.
pub(crate) fn state(cx: &Ctx) -> Result<SyncState> {
    let config = config(cx)?;
    let conn = cx.store.conn();
    let text = |key| -> Result<Option<String>> {
        Ok(local_meta(conn, key)?.filter(|value| !value.is_empty()))
    };
    let head = head_of(conn, cx.store.device_id())?;
    let pending = if config.is_some() {
        (head - meta_i64(cx, PUSHED)?).max(0)
    } else {
        0
    };
    let pulled_seq = meta_i64(cx, PULLED)?;
    let server_seq = meta_i64(cx, SERVER_SEQ)?;
    let last_sync_at = text(LAST_OK)?;
    let last_error = text(LAST_ERROR)?;
    let offline_since = text(OFFLINE_SINCE)?;
    let when = |instant: &Option<String>| -> String {
        instant
            .as_deref()
            .and_then(|text| parse_instant(text).ok())
            .map(|at: DateTime<Utc>| at.format("%H:%M UTC").to_string())
            .unwrap_or_default()
    };
    let waiting = match pending {
        0 => "Nothing waiting".to_owned(),
        1 => "1 change waiting".to_owned(),
        n => format!("{n} changes waiting"),
    };
    let (state, summary) = if config.is_none() {
        (
            "off",
            "Not syncing: this profile is not in a team on a server".to_owned(),
        )
    } else if offline_since.is_some() {
        (
            "offline",
            format!("{waiting} — offline since {}", when(&offline_since)),
        )
    } else if let Some(error) = &last_error {
        ("error", format!("{waiting} — {error}"))
    } else if pending == 0 && pulled_seq >= server_seq && last_sync_at.is_some() {
        (
            "up_to_date",
            format!("Up to date · {}", when(&last_sync_at)),
        )
    } else {
        ("waiting", format!("{waiting} — not synced yet"))
    };
    Ok(SyncState {
        state: state.to_owned(),
        summary,
        server: config.as_ref().map(|config| config.server.clone()),
        team_id: config.map(|config| config.team_id),
        pending,
        pulled_seq,
        server_seq,
        last_sync_at,
        last_error,
    })
}
