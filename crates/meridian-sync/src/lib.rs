//! Meridian's sync client: the `SyncTransport` port over HTTP to a `meridian-server`, with
//! every payload sealed end to end, plus creating a team, inviting and joining. The sync
//! decisions themselves (what to push, cursors, state) live in the core.

pub mod background;
mod invite;
mod seal;

pub use invite::Invite;
pub use seal::TeamKey;

use meridian::app::{Exclusive, Lend};
use meridian::model::{OnboardingInput, SyncReport};
use meridian::sync::{SyncConfig, SyncTransport};
use meridian::{Error, Meridian, Result};
use meridian_protocol::{
    ApiError, CreateTeamResponse, InviteResponse, JoinRequest, JoinResponse, OpEnvelope,
    PullResponse, PushRequest, PushResponse, SyncStatus,
};
use reqwest::blocking::{Client, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// How long one request may take before the server counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The team server over HTTP, sealing what goes up and opening what comes down.
#[derive(Debug)]
pub struct HttpTransport {
    client: Client,
    server: String,
    token: String,
    team_id: String,
    key: TeamKey,
}

impl HttpTransport {
    pub fn new(config: &SyncConfig) -> Result<HttpTransport> {
        Ok(HttpTransport {
            client: client()?,
            server: config.server.trim_end_matches('/').to_owned(),
            token: config.device_token.clone(),
            team_id: config.team_id.clone(),
            key: TeamKey::from_text(&config.team_key)?,
        })
    }

    fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let request = self
            .client
            .get(format!("{}{path}", self.server))
            .bearer_auth(&self.token);
        answer(&self.server, request)
    }
}

impl SyncTransport for HttpTransport {
    fn status(&self) -> Result<SyncStatus> {
        self.get("/v1/status")
    }

    fn push(&self, ops: &[OpEnvelope]) -> Result<PushResponse> {
        let sealed = ops
            .iter()
            .map(|op| seal::seal(&self.key, &self.team_id, op.clone()))
            .collect::<Result<Vec<_>>>()?;
        let request = self
            .client
            .post(format!("{}/v1/push", self.server))
            .bearer_auth(&self.token)
            .json(&PushRequest { ops: sealed });
        answer(&self.server, request)
    }

    fn pull(&self, after_seq: u64, limit: u32) -> Result<PullResponse> {
        let mut page: PullResponse =
            self.get(&format!("/v1/pull?after={after_seq}&limit={limit}"))?;
        for sequenced in &mut page.ops {
            sequenced.op = seal::open(&self.key, &self.team_id, sequenced.op.clone())?;
        }
        Ok(page)
    }
}

fn client() -> Result<Client> {
    Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|err| Error::Offline(format!("could not start an HTTP client: {err}")))
}

/// Sends `request` and reads its JSON answer; an unreachable server is `Offline`, a refusal
/// is `Sync` with the server's own sentence.
fn answer<T: DeserializeOwned>(server: &str, request: RequestBuilder) -> Result<T> {
    let response: Response = request.send().map_err(|err| {
        Error::Offline(format!(
            "Cannot reach the team server at {server} ({}). Your changes are kept and go up \
             when it can be reached.",
            short(&err)
        ))
    })?;
    let status = response.status();
    if status.is_success() {
        return response.json().map_err(|err| {
            Error::Sync(format!(
                "The team server at {server} answered something this version cannot read: {err}"
            ))
        });
    }
    let text = response.text().unwrap_or_default();
    let message = serde_json::from_str::<ApiError>(&text)
        .map(|error| error.message)
        .unwrap_or_else(|_| format!("HTTP {status}"));
    Err(Error::Sync(format!("The team server refused: {message}")))
}

/// The error's own words without reqwest's URL repetition.
fn short(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "it did not answer in time".to_owned()
    } else if err.is_connect() {
        "nothing answers at that address".to_owned()
    } else {
        err.to_string()
    }
}

fn server_url(server: &str) -> Result<String> {
    let server = server.trim().trim_end_matches('/');
    if !(server.starts_with("http://") || server.starts_with("https://")) || server.len() < 10 {
        return Err(Error::invalid(
            "server",
            "Give the server's address with its scheme, e.g. http://127.0.0.1:8470 or \
             https://meridian.example.org.",
        ));
    }
    Ok(server.to_owned())
}

fn require_profile(meridian: &Meridian) -> Result<String> {
    meridian.me()?.map(|me| me.handle).ok_or_else(|| {
        Error::Conflict(
            "Set up your profile first (`meridian init`, or onboarding in the app), then create \
             or join a team."
                .into(),
        )
    })?;
    Ok(meridian.device_id().to_owned())
}

/// What creating a team gives back.
#[derive(Debug, Clone)]
pub struct Created {
    pub team_id: String,
    pub invite_code: String,
    pub report: SyncReport,
}

/// Creates a team on `server` with this profile's log, and returns an invite code for it.
pub fn create_team(meridian: &mut Meridian, server: &str) -> Result<Created> {
    create_team_shared(&Exclusive::new(meridian), server)
}

/// [`create_team`] on a shared core: it is taken only between network calls.
pub fn create_team_shared(core: &dyn Lend, server: &str) -> Result<Created> {
    let server = server_url(server)?;
    let mut device = String::new();
    let mut team = None;
    core.lend(&mut |meridian| {
        device = require_profile(meridian)?;
        team = meridian.team()?.map(|team| team.id);
        meridian.ensure_not_in_team()
    })?;
    let request = client()?.post(format!("{server}/v1/teams?device_id={device}"));
    let created: CreateTeamResponse = answer(&server, request)?;
    let key = TeamKey::generate();
    let config = SyncConfig {
        server: server.clone(),
        team_id: created.team_id.to_string(),
        device_token: created.device_token,
        team_key: key.to_text(),
    };
    core.lend(&mut |meridian| meridian.configure_sync(&config))?;
    let report = Meridian::sync_shared(core, &HttpTransport::new(&config)?)?;
    Ok(Created {
        team_id: config.team_id,
        invite_code: Invite::new(&server, &created.invite.code, &key)
            .for_team(team)
            .to_code(),
        report,
    })
}

/// A new invite code to this profile's team (single use, valid 7 days).
pub fn invite(meridian: &Meridian) -> Result<String> {
    invite_to(
        &meridian.require_sync_config()?,
        meridian.team()?.map(|team| team.id),
    )
}

/// A new invite code to the team `config` syncs with, whose local id is `team`; needs no
/// access to the profile.
pub fn invite_to(config: &SyncConfig, team: Option<String>) -> Result<String> {
    let request = client()?
        .post(format!("{}/v1/invites", config.server))
        .bearer_auth(&config.device_token);
    let issued: InviteResponse = answer(&config.server, request)?;
    let key = TeamKey::from_text(&config.team_key)?;
    Ok(Invite::new(&config.server, &issued.code, &key)
        .for_team(team)
        .to_code())
}

/// Joins the team an invite code names, then pulls everything and pushes this profile's log.
pub fn join_team(meridian: &mut Meridian, code: &str) -> Result<SyncReport> {
    join_team_shared(&Exclusive::new(meridian), code)
}

/// [`join_team`] on a shared core: it is taken only between network calls.
pub fn join_team_shared(core: &dyn Lend, code: &str) -> Result<SyncReport> {
    let invite = Invite::from_code(code)?;
    let mut device = String::new();
    core.lend(&mut |meridian| {
        device = require_profile(meridian)?;
        meridian.ensure_not_in_team()
    })?;
    let team = invite.team.clone();
    let config = join_server(&invite, &device)?;
    core.lend(&mut |meridian| {
        meridian.configure_sync(&config)?;
        match &team {
            Some(team) => meridian.adopt_team(team),
            None => Ok(()),
        }
    })?;
    Meridian::sync_shared(core, &HttpTransport::new(&config)?)
}

/// Sets up a new profile by joining the team an invite names ("Join a team" in onboarding):
/// the form is checked before the single-use invite is spent, then the profile is created as
/// a member of the inviter's team, and everything is pulled.
pub fn join_team_onboarding(
    core: &dyn Lend,
    code: &str,
    input: OnboardingInput,
) -> Result<SyncReport> {
    let invite = Invite::from_code(code)?;
    let joining = invite.team.is_some();
    let mut device = String::new();
    core.lend(&mut |meridian| {
        meridian.check_onboarding(&input, joining)?;
        meridian.ensure_not_in_team()?;
        device = meridian.device_id().to_owned();
        Ok(())
    })?;
    let config = join_server(&invite, &device)?;
    let mut input = Some(input);
    core.lend(&mut |meridian| {
        let Some(input) = input.take() else {
            return Ok(());
        };
        match &invite.team {
            Some(team) => meridian.complete_onboarding_joining(input, team)?,
            // An invite from before invites named their team: a team of one's own, as typed.
            None => meridian.complete_onboarding(input)?,
        };
        meridian.configure_sync(&config)
    })?;
    Meridian::sync_shared(core, &HttpTransport::new(&config)?)
}

/// Spends the invite on the server for `device`: the settings this profile then syncs with.
fn join_server(invite: &Invite, device: &str) -> Result<SyncConfig> {
    let device_id = uuid::Uuid::parse_str(device)
        .map_err(|_| Error::Storage("this device's id is not a UUID".into()))?;
    let request = client()?
        .post(format!("{}/v1/join", invite.server))
        .json(&JoinRequest {
            invite: invite.code.clone(),
            device_id: Some(device_id),
        });
    let joined: JoinResponse = answer(&invite.server, request)?;
    Ok(SyncConfig {
        server: invite.server.clone(),
        team_id: joined.team_id.to_string(),
        device_token: joined.device_token,
        team_key: invite.key.clone(),
    })
}

/// One sync pass with this profile's team server.
pub fn sync(meridian: &mut Meridian) -> Result<SyncReport> {
    sync_shared(&Exclusive::new(meridian))
}

/// [`sync`] on a shared core: it is taken only between network calls, never across one.
pub fn sync_shared(core: &dyn Lend) -> Result<SyncReport> {
    let mut config = None;
    core.lend(&mut |meridian| {
        config = Some(meridian.require_sync_config()?);
        Ok(())
    })?;
    let config = config.ok_or_else(|| Error::Storage("no sync settings were read".into()))?;
    Meridian::sync_shared(core, &HttpTransport::new(&config)?)
}

/// Sends `request`, which answers with no body on success; errors as in [`answer`].
fn answer_empty(server: &str, request: RequestBuilder) -> Result<()> {
    let response: Response = request.send().map_err(|err| {
        Error::Offline(format!(
            "Cannot reach the team server at {server} ({}).",
            short(&err)
        ))
    })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let text = response.text().unwrap_or_default();
    let message = serde_json::from_str::<ApiError>(&text)
        .map(|error| error.message)
        .unwrap_or_else(|_| format!("HTTP {status}"));
    Err(Error::Sync(format!("The team server refused: {message}")))
}

/// Revokes an unused invite code of this profile's team (the whole `meridian-invite-1.…`
/// string), so nobody can join with it.
pub fn revoke_invite(meridian: &Meridian, code: &str) -> Result<()> {
    let config = meridian.require_sync_config()?;
    let invite = Invite::from_code(code)?;
    if invite.server.trim_end_matches('/') != config.server.trim_end_matches('/') {
        return Err(Error::invalid(
            "invite",
            format!(
                "This invite is for the server at {}, but this profile's team is on {}: revoke \
                 it from a profile of that team.",
                invite.server, config.server
            ),
        ));
    }
    let request = client()?
        .delete(format!("{}/v1/invites/{}", config.server, invite.code))
        .bearer_auth(&config.device_token);
    answer_empty(&config.server, request)
}

/// Removes another device from this profile's team: its token stops working at once, and
/// what it already pushed stays with the team.
pub fn remove_device(meridian: &Meridian, device_id: &str) -> Result<()> {
    let config = meridian.require_sync_config()?;
    let device = uuid::Uuid::parse_str(device_id.trim()).map_err(|_| {
        Error::invalid(
            "device",
            "A device id is a UUID such as 0190c3a4-7b1e-7c00-8000-000000000000; `meridian \
             doctor` lists the team's devices.",
        )
    })?;
    if device.to_string() == meridian.device_id() {
        return Err(Error::Conflict(
            "That is this device: remove it from another device of the team.".into(),
        ));
    }
    let request = client()?
        .delete(format!("{}/v1/devices/{device}", config.server))
        .bearer_auth(&config.device_token);
    answer_empty(&config.server, request)
}
