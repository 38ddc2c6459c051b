//! The HTTP API, versioned under `/v1`: JSON in and out, a bearer device token on everything
//! but health, team creation and joining. Every refusal is `{code, message}` where the message
//! says how to fix the request; every team-scoped query takes the team from the token, never
//! from the request, so a device cannot even name another team's data.

use crate::rate::RateLimiter;
use crate::secret;
use crate::store::{DeviceAuth, InviteRefusal, Removal, Store, StoreError, TeamEvent};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use futures_util::Stream;
use meridian_protocol::{
    ApiError, CreateTeamParams, CreateTeamResponse, InviteResponse, JoinRequest, JoinResponse,
    PullResponse, PushRequest, PushResponse, SyncStatus, PROTOCOL_VERSION,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

/// The header a client may send to say which protocol version it speaks.
pub const PROTOCOL_HEADER: &str = "meridian-protocol";

/// The server's limits. The defaults suit a small team's server; tests shrink them.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Most ops in one push.
    pub max_ops_per_push: usize,
    /// Largest pull page, and the page size when the client names none.
    pub max_page: u32,
    pub default_page: u32,
    /// Per-device request rate: sustained per second, and the burst above it.
    pub rate_per_second: u32,
    pub rate_burst: u32,
    /// How long an invite code stays valid.
    pub invite_ttl: Duration,
    /// How often an open event stream checks that its device still belongs to the team: a
    /// removed device's stream ends within this time, on every replica.
    pub stream_recheck: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 4 * 1024 * 1024,
            max_ops_per_push: 1000,
            max_page: 1000,
            default_page: 500,
            rate_per_second: 20,
            rate_burst: 100,
            invite_ttl: Duration::from_secs(7 * 24 * 60 * 60),
            stream_recheck: Duration::from_secs(15),
        }
    }
}

/// What every handler shares.
#[derive(Debug)]
pub struct AppState<S> {
    store: Arc<S>,
    config: Arc<ServerConfig>,
    limiter: Arc<RateLimiter>,
    /// Turns true when the server shuts down, so live event streams end and let it.
    closing: Arc<watch::Sender<bool>>,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            config: self.config.clone(),
            limiter: self.limiter.clone(),
            closing: self.closing.clone(),
        }
    }
}

/// The API's routes over `store`.
pub fn router<S: Store>(store: Arc<S>, config: ServerConfig) -> Router {
    router_closing(store, config, Arc::new(watch::Sender::new(false)))
}

/// The API whose live event streams end once `closing` turns true (graceful shutdown).
pub fn router_closing<S: Store>(
    store: Arc<S>,
    config: ServerConfig,
    closing: Arc<watch::Sender<bool>>,
) -> Router {
    let limiter = Arc::new(RateLimiter::new(config.rate_per_second, config.rate_burst));
    let body_limit = config.max_body_bytes;
    let state = AppState {
        store,
        config: Arc::new(config),
        limiter,
        closing,
    };
    Router::new()
        .route("/health", get(health))
        .route("/v1/teams", post(create_team::<S>))
        .route("/v1/invites", post(create_invite::<S>))
        .route("/v1/invites/{code}", delete(revoke_invite::<S>))
        .route("/v1/devices/{device_id}", delete(remove_device::<S>))
        .route("/v1/join", post(join::<S>))
        .route("/v1/status", get(status::<S>))
        .route("/v1/push", post(push::<S>))
        .route("/v1/pull", get(pull::<S>))
        .route("/v1/events", get(events::<S>))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn(log_and_check_protocol))
        .with_state(state)
}

/// A refused request: its status, a stable code and a sentence saying what to do.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<Duration>,
}

impl Failure {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = Json(ApiError {
            code: self.code.into(),
            message: self.message,
        });
        let mut response = (self.status, body).into_response();
        if let Some(wait) = self.retry_after {
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        response
    }
}

/// What a removed device is told on every request.
const DEVICE_REMOVED: &str = "this device was removed from its team by a teammate: its token no longer reads or writes anything (what it pushed stays with the team); to take part again, ask a teammate for a new invite and join from a fresh profile";

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        if let StoreError::DeviceRemoved = error {
            return Self::new(StatusCode::UNAUTHORIZED, "device_removed", DEVICE_REMOVED);
        }
        tracing::error!(%error, "storage failed");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            "the server could not reach its storage; retry in a moment",
        )
    }
}

// The server's one reading of the wall clock (clippy.toml forbids it elsewhere): stamps far
// ahead of it are refused.
#[allow(clippy::disallowed_methods)]
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Logs each request and refuses clients that speak a newer protocol than this server.
async fn log_and_check_protocol(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // An invite code in a path is a secret: logs get the route, not the code.
    let path = match request.uri().path() {
        p if p.starts_with("/v1/invites/") => "/v1/invites/{code}".to_owned(),
        p => p.to_owned(),
    };
    let spoken = request
        .headers()
        .get(PROTOCOL_HEADER)
        .map(|v| v.to_str().ok().and_then(|s| s.trim().parse::<u32>().ok()));
    let response = match spoken {
        Some(None) => Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_protocol_header",
            format!("the {PROTOCOL_HEADER} header must be a whole number such as {PROTOCOL_VERSION}"),
        )
        .into_response(),
        Some(Some(version)) if version > PROTOCOL_VERSION => Failure::new(
            StatusCode::BAD_REQUEST,
            "protocol_unsupported",
            format!("this server speaks protocol {PROTOCOL_VERSION} and the client {version}: update the server"),
        )
        .into_response(),
        _ => next.run(request).await,
    };
    tracing::info!(%method, path, status = response.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "request");
    response
}

async fn not_found() -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such endpoint: the API lives under /v1 (teams, invites, devices, join, status, push, pull, events)",
    )
}

async fn method_not_allowed() -> Failure {
    Failure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take that method; see the API list in the server's documentation",
    )
}

/// The authenticated device behind a bearer token, after its rate limit.
#[derive(Debug, Clone, Copy)]
pub struct Authed(pub DeviceAuth);

impl<S: Store> FromRequestParts<AppState<S>> for Authed {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<S>,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = |message: &str| {
            Failure::new(StatusCode::UNAUTHORIZED, "unauthorized", message.to_owned())
        };
        let value = parts.headers.get(header::AUTHORIZATION).ok_or_else(|| {
            unauthorized("send the device token as `Authorization: Bearer <token>`")
        })?;
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                unauthorized("the Authorization header must read `Bearer <device token>`")
            })?;
        let owner = state
            .store
            .device_by_token(secret::hash(token))
            .await?
            .ok_or_else(|| {
                unauthorized(
                    "this token belongs to no device: join the team again with a new invite",
                )
            })?;
        if owner.removed {
            return Err(StoreError::DeviceRemoved.into());
        }
        let auth = owner.auth;
        state.limiter.check(auth.device_id).map_err(|wait| Failure {
            retry_after: Some(wait),
            ..Failure::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!(
                    "this device sent too many requests; wait {} ms (see Retry-After) and batch ops into fewer pushes",
                    wait.as_millis().max(1)
                ),
            )
        })?;
        Ok(Self(auth))
    }
}

/// A JSON body whose every failure (size, content type, syntax, shape) is a `Failure`.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, St: Send + Sync> FromRequest<St> for Body<T> {
    type Rejection = Failure;

    async fn from_request(request: Request, state: &St) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(Failure::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    "the request body is larger than the server accepts: send fewer ops per push",
                ))
            }
            Err(JsonRejection::MissingJsonContentType(_)) => Err(Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "bad_content_type",
                "send the body as JSON with `Content-Type: application/json`",
            )),
            Err(rejection) => Err(Failure::new(
                StatusCode::BAD_REQUEST,
                "bad_json",
                format!(
                    "the body is not the JSON this endpoint expects: {}",
                    rejection.body_text()
                ),
            )),
        }
    }
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "protocol_version": PROTOCOL_VERSION }))
}

/// Mints and stores an invite to `team_id`.
async fn new_invite<S: Store>(
    state: &AppState<S>,
    team_id: Uuid,
    created_by: Uuid,
) -> Result<InviteResponse, Failure> {
    let code = secret::new_invite_code();
    let ttl_ms = i64::try_from(state.config.invite_ttl.as_millis()).unwrap_or(i64::MAX);
    let expires_at_ms = now_ms().saturating_add(ttl_ms);
    state
        .store
        .create_invite(team_id, secret::hash(&code), created_by, expires_at_ms)
        .await?;
    Ok(InviteResponse {
        code,
        expires_at_ms,
    })
}

async fn create_team<S: Store>(
    State(state): State<AppState<S>>,
    params: Result<Query<CreateTeamParams>, QueryRejection>,
) -> Result<(StatusCode, Json<CreateTeamResponse>), Failure> {
    let Query(params) = params.map_err(|_| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_query",
            "device_id must be a UUID, e.g. /v1/teams?device_id=0190c3a4-…; or leave it out",
        )
    })?;
    // A device that already has a log keeps its id, so its series needs no rewriting.
    let device_id = params.device_id.unwrap_or_else(Uuid::now_v7);
    let (team_id, token) = (Uuid::now_v7(), secret::new_token());
    state
        .store
        .create_team(team_id, device_id, secret::hash(&token), now_ms())
        .await?;
    let invite = new_invite(&state, team_id, device_id).await?;
    tracing::info!(%team_id, %device_id, "team created");
    Ok((
        StatusCode::CREATED,
        Json(CreateTeamResponse {
            team_id,
            device_id,
            device_token: token,
            invite,
        }),
    ))
}

async fn create_invite<S: Store>(
    State(state): State<AppState<S>>,
    Authed(auth): Authed,
) -> Result<(StatusCode, Json<InviteResponse>), Failure> {
    let invite = new_invite(&state, auth.team_id, auth.device_id).await?;
    Ok((StatusCode::CREATED, Json(invite)))
}

async fn revoke_invite<S: Store>(
    State(state): State<AppState<S>>,
    Authed(auth): Authed,
    Path(code): Path<String>,
) -> Result<StatusCode, Failure> {
    if state
        .store
        .revoke_invite(auth.team_id, secret::hash(&code))
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Failure::new(
            StatusCode::NOT_FOUND,
            "invite_not_found",
            "your team has no unspent invite with this code: it was already used, or never issued by your team",
        ))
    }
}

/// `DELETE /v1/devices/{device_id}`: a device removes another device of its team. The removed
/// device's token stops working at once; its series stays stored, so nothing is lost.
async fn remove_device<S: Store>(
    State(state): State<AppState<S>>,
    Authed(auth): Authed,
    Path(device_id): Path<String>,
) -> Result<StatusCode, Failure> {
    let device_id = Uuid::parse_str(device_id.trim()).map_err(|_| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_device_id",
            "the device id must be a UUID such as 0190c3a4-7b1e-7c00-8000-000000000000 (`meridian doctor` lists them)",
        )
    })?;
    if device_id == auth.device_id {
        return Err(Failure::new(
            StatusCode::CONFLICT,
            "cannot_remove_self",
            "a device cannot remove itself: remove it from another device of the team",
        ));
    }
    match state
        .store
        .remove_device(auth.team_id, device_id, now_ms())
        .await?
    {
        Removal::Removed => {
            tracing::info!(team_id = %auth.team_id, %device_id, by = %auth.device_id, "device removed");
            Ok(StatusCode::NO_CONTENT)
        }
        Removal::AlreadyRemoved => Err(Failure::new(
            StatusCode::GONE,
            "device_already_removed",
            "this device was already removed from your team: its token opens nothing",
        )),
        Removal::Unknown => Err(Failure::new(
            StatusCode::NOT_FOUND,
            "device_not_found",
            "your team has no device with this id: check it against `meridian doctor`",
        )),
    }
}

async fn join<S: Store>(
    State(state): State<AppState<S>>,
    Body(request): Body<JoinRequest>,
) -> Result<(StatusCode, Json<JoinResponse>), Failure> {
    let (device_id, token) = (
        request.device_id.unwrap_or_else(Uuid::now_v7),
        secret::new_token(),
    );
    let joined = state
        .store
        .join(
            secret::hash(&request.invite),
            device_id,
            secret::hash(&token),
            now_ms(),
        )
        .await?;
    let refuse = |status, code, message: &str| Err(Failure::new(status, code, message.to_owned()));
    match joined {
        Ok(team_id) => {
            tracing::info!(%team_id, %device_id, "device joined");
            Ok((
                StatusCode::CREATED,
                Json(JoinResponse {
                    team_id,
                    device_id,
                    device_token: token,
                }),
            ))
        }
        Err(InviteRefusal::Unknown) => refuse(
            StatusCode::NOT_FOUND,
            "invite_unknown",
            "no invite has this code: check it was copied whole, or ask a team member for a new one",
        ),
        Err(InviteRefusal::Spent) => refuse(
            StatusCode::GONE,
            "invite_spent",
            "this invite was already used (each admits one device): ask a team member for a new one",
        ),
        Err(InviteRefusal::Revoked) => refuse(
            StatusCode::GONE,
            "invite_revoked",
            "this invite was revoked: ask a team member for a new one",
        ),
        Err(InviteRefusal::Expired) => refuse(
            StatusCode::GONE,
            "invite_expired",
            "this invite has expired: ask a team member for a new one",
        ),
    }
}

async fn status<S: Store>(
    State(state): State<AppState<S>>,
    Authed(auth): Authed,
) -> Result<Json<SyncStatus>, Failure> {
    let status = state.store.status(auth.team_id).await?;
    Ok(Json(SyncStatus {
        protocol_version: PROTOCOL_VERSION,
        heads: status.heads,
        latest_seq: status.latest_seq,
    }))
}

async fn push<S: Store>(
    State(state): State<AppState<S>>,
    Authed(auth): Authed,
    Body(request): Body<PushRequest>,
) -> Result<Json<PushResponse>, Failure> {
    let max = state.config.max_ops_per_push;
    if request.ops.len() > max {
        return Err(Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_ops",
            format!(
                "a push carries at most {max} ops and this one has {}: split it into several pushes",
                request.ops.len()
            ),
        ));
    }
    let outcome = state.store.push(auth, request.ops, now_ms()).await?;
    for rejection in &outcome.rejected {
        tracing::info!(device_id = %auth.device_id, op = %rejection.id, code = rejection.code.map(|c| c.as_str()), "op refused");
    }
    Ok(Json(PushResponse {
        accepted: outcome.accepted,
        duplicates: outcome.duplicates,
        rejected: outcome.rejected,
        latest_seq: outcome.latest_seq,
    }))
}

#[derive(Debug, Deserialize)]
struct PullParams {
    #[serde(default)]
    after: u64,
    limit: Option<u32>,
}

async fn pull<S: Store>(
    State(state): State<AppState<S>>,
    Authed(auth): Authed,
    params: Result<Query<PullParams>, QueryRejection>,
) -> Result<Json<PullResponse>, Failure> {
    let Query(params) = params.map_err(|rejection| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_query",
            format!(
                "pull takes `?after=<sequence>&limit=<count>`, both whole numbers: {}",
                rejection.body_text()
            ),
        )
    })?;
    let max = state.config.max_page;
    let limit = params.limit.unwrap_or(state.config.default_page.min(max));
    if limit == 0 || limit > max {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_limit",
            format!(
                "limit must be between 1 and {max}; pull again after the last sequence for more"
            ),
        ));
    }
    let page = state.store.pull(auth.team_id, params.after, limit).await?;
    Ok(Json(PullResponse {
        ops: page.ops,
        up_to_date: page.up_to_date,
        latest_seq: page.latest_seq,
    }))
}

/// Where one event stream stands.
struct Feed<S> {
    events: broadcast::Receiver<TeamEvent>,
    store: Arc<S>,
    team_id: Uuid,
    /// The stream's own token, checked again now and then: a removed device hears no more.
    token_hash: crate::store::SecretHash,
    recheck: tokio::time::Interval,
    closing: watch::Receiver<bool>,
    /// The last sequence announced to this client.
    sent: u64,
    /// A sequence to announce before waiting again.
    pending: Option<u64>,
}

/// What woke an event stream up.
enum Wake {
    Event(Result<TeamEvent, broadcast::error::RecvError>),
    Recheck,
    Closing,
}

/// `GET /v1/events`: one `ops` event per new team sequence (its `id:` is that sequence), a
/// nudge to pull. A reconnect with `Last-Event-ID` gets the latest sequence at once if newer.
/// The stream ends when its device is removed or the server shuts down.
async fn events<S: Store>(
    State(state): State<AppState<S>>,
    Authed(auth): Authed,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Failure> {
    let last_seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0);
    // `Authed` already checked the header; its token is what the stream re-checks.
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Subscribe before reading the latest sequence, so a push in between is not lost.
    let events = state.store.subscribe();
    let latest = state.store.latest_seq(auth.team_id).await?;
    let mut recheck = tokio::time::interval(state.config.stream_recheck);
    recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick fires at once; the token was just checked.
    recheck.reset();
    let feed = Feed {
        events,
        store: state.store.clone(),
        team_id: auth.team_id,
        token_hash: secret::hash(token),
        recheck,
        closing: state.closing.subscribe(),
        sent: last_seen,
        pending: (latest > last_seen).then_some(latest),
    };
    let stream = futures_util::stream::unfold(feed, |mut feed| async move {
        loop {
            if let Some(seq) = feed.pending.take() {
                feed.sent = seq;
                let event = Event::default()
                    .event("ops")
                    .id(seq.to_string())
                    .data(format!("{{\"latest_seq\":{seq}}}"));
                return Some((Ok(event), feed));
            }
            if *feed.closing.borrow() {
                return None;
            }
            let wake = tokio::select! {
                event = feed.events.recv() => Wake::Event(event),
                _ = feed.recheck.tick() => Wake::Recheck,
                _ = feed.closing.changed() => Wake::Closing,
            };
            match wake {
                Wake::Event(Ok(event))
                    if event.team_id == feed.team_id && event.seq > feed.sent =>
                {
                    feed.pending = Some(event.seq);
                }
                Wake::Event(Ok(_)) => {}
                // Events were dropped while this client was slow: announce where the team is.
                Wake::Event(Err(broadcast::error::RecvError::Lagged(_))) => {
                    match feed.store.latest_seq(feed.team_id).await {
                        Ok(seq) if seq > feed.sent => feed.pending = Some(seq),
                        Ok(_) => {}
                        Err(error) => tracing::warn!(%error, "could not read the latest sequence"),
                    }
                }
                Wake::Event(Err(broadcast::error::RecvError::Closed)) | Wake::Closing => {
                    return None;
                }
                Wake::Recheck => match feed.store.device_by_token(feed.token_hash).await {
                    Ok(Some(owner)) if !owner.removed => {}
                    Ok(_) => {
                        tracing::info!(team = %feed.team_id, "event stream of a removed device closed");
                        return None;
                    }
                    Err(error) => {
                        tracing::warn!(%error, "could not re-check an event stream's device")
                    }
                },
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
