//! The desktop's background sync: `meridian_sync::background` running on the app's shared
//! core. A pass borrows the core only between network calls, so the window never waits on
//! the server. Core events a pass fires are the team's changes coming down, not local ones
//! to push, so they do not ask for another pass.

use crate::Core;
use meridian::app::Lend;
use meridian::model::SyncReport;
use meridian::{ErrorPayload, Meridian};
use meridian_sync::background::{Background, Host};
use std::cell::Cell;
use std::sync::Arc;
use tauri::{AppHandle, Manager, Runtime};

thread_local! {
    /// Set while this thread runs a step of a sync pass (see the module comment).
    static IN_PASS: Cell<bool> = const { Cell::new(false) };
}

/// The app's core, lent to sync a step at a time.
struct DesktopHost<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> Lend for DesktopHost<R> {
    fn lend(
        &self,
        step: &mut dyn FnMut(&mut Meridian) -> meridian::Result<()>,
    ) -> meridian::Result<()> {
        IN_PASS.with(|flag| flag.set(true));
        let result = self.app.state::<Core>().lend(step);
        IN_PASS.with(|flag| flag.set(false));
        result
    }
}

impl<R: Runtime> Host for DesktopHost<R> {}

fn host<R: Runtime>(app: &AppHandle<R>) -> DesktopHost<R> {
    DesktopHost { app: app.clone() }
}

/// Starts the background sync: the pass loop and the server's event stream.
pub fn spawn<R: Runtime>(app: &AppHandle<R>) {
    app.manage(Background::start(Arc::new(host(app))));
}

/// Called for every core event: a change made here goes up about a second later.
pub fn local_change<R: Runtime>(app: &AppHandle<R>) {
    if IN_PASS.with(Cell::get) {
        return;
    }
    if let Some(background) = app.try_state::<Arc<Background>>() {
        background.local_change();
    }
}

/// One pass now (the "Sync now" button), after any pass already running.
pub fn sync_now<R: Runtime>(app: &AppHandle<R>) -> Result<SyncReport, ErrorPayload> {
    match app.try_state::<Arc<Background>>() {
        Some(background) => background.sync_now(),
        None => meridian_sync::sync_shared(&host(app)),
    }
    .map_err(|err| err.payload())
}

/// Creates a team on `server` with this profile, then syncs with it in the background.
pub fn create_team<R: Runtime>(
    app: &AppHandle<R>,
    server: &str,
) -> Result<meridian_sync::Created, ErrorPayload> {
    let created = meridian_sync::create_team_shared(&host(app), server).map_err(|e| e.payload())?;
    joined(app);
    Ok(created)
}

/// Joins the team an invite code names, then syncs with it in the background.
pub fn join_team<R: Runtime>(app: &AppHandle<R>, code: &str) -> Result<SyncReport, ErrorPayload> {
    let report = meridian_sync::join_team_shared(&host(app), code).map_err(|e| e.payload())?;
    joined(app);
    Ok(report)
}

/// Sets up this profile by joining the team an invite code names ("Join a team" in
/// onboarding), then syncs with it in the background.
pub fn join_team_onboarding<R: Runtime>(
    app: &AppHandle<R>,
    code: &str,
    input: meridian::model::OnboardingInput,
) -> Result<meridian::model::Snapshot, ErrorPayload> {
    meridian_sync::join_team_onboarding(&host(app), code, input).map_err(|e| e.payload())?;
    joined(app);
    app.state::<Core>().with(|meridian| meridian.snapshot())
}

/// A new invite code; the server is asked without holding the core.
pub fn invite<R: Runtime>(app: &AppHandle<R>) -> Result<String, ErrorPayload> {
    let (config, team) = app.state::<Core>().with(|meridian| {
        Ok((
            meridian.require_sync_config()?,
            meridian.team()?.map(|team| team.id),
        ))
    })?;
    meridian_sync::invite_to(&config, team).map_err(|err| err.payload())
}

fn joined<R: Runtime>(app: &AppHandle<R>) {
    if let Some(background) = app.try_state::<Arc<Background>>() {
        background.joined();
    }
}
