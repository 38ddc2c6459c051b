//! The HTTP API over real loopback sockets, on a SQLite file: the whole device journey,
//! isolation between teams and from outsiders, every push refusal, invites, limits and the
//! live event stream.

use crate::common::{now_ms, op, sqlite_store, start, wait_for, Server, SqliteFixture};
use meridian_protocol::{
    ApiError, CreateTeamResponse, InviteResponse, JoinRequest, JoinResponse, OpEnvelope,
    PullResponse, PushRequest, PushResponse, RejectionCode, SyncStatus,
};
use meridian_server::store::MAX_CLOCK_AHEAD_MS;
use meridian_server::ServerConfig;
use reqwest::{Client, Method, StatusCode};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// A server on a fresh SQLite file and a client for it.
struct Fixture {
    server: Server,
    client: Client,
    _store: SqliteFixture,
}

async fn fixture(config: ServerConfig) -> Fixture {
    let store = sqlite_store().await;
    let server = start(store.store.clone(), config).await;
    Fixture {
        server,
        client: Client::new(),
        _store: store,
    }
}

impl Fixture {
    /// Sends a request with an optional token and JSON body; returns status and body text.
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, String) {
        let mut request = self.client.request(method, self.server.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    async fn ok<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> T {
        let (status, text) = self.call(method, path, token, body).await;
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    }

    /// Asserts the request is refused with `status` and `code`, with a helpful message.
    async fn refused(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
        status: StatusCode,
        code: &str,
    ) {
        let (got, text) = self.call(method, path, token, body).await;
        let error: ApiError =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"));
        assert_eq!((got, error.code.as_str()), (status, code), "{path}: {text}");
        assert!(error.message.len() > 20, "{path}: unhelpful message {text}");
    }

    async fn create_team(&self) -> CreateTeamResponse {
        self.ok(Method::POST, "/v1/teams", None, None).await
    }

    async fn join(&self, invite: &str) -> JoinResponse {
        let body = serde_json::to_value(JoinRequest {
            invite: invite.into(),
            device_id: None,
        })
        .unwrap();
        self.ok(Method::POST, "/v1/join", None, Some(body)).await
    }

    async fn invite(&self, token: &str) -> String {
        let issued: InviteResponse = self
            .ok(Method::POST, "/v1/invites", Some(token), None)
            .await;
        issued.code
    }

    async fn push(&self, token: &str, ops: Vec<OpEnvelope>) -> PushResponse {
        let body = serde_json::to_value(PushRequest { ops }).unwrap();
        self.ok(Method::POST, "/v1/push", Some(token), Some(body))
            .await
    }

    async fn pull(&self, token: &str, after: u64) -> PullResponse {
        self.ok(
            Method::GET,
            &format!("/v1/pull?after={after}"),
            Some(token),
            None,
        )
        .await
    }
}

fn push_body(ops: Vec<OpEnvelope>) -> Option<serde_json::Value> {
    Some(serde_json::to_value(PushRequest { ops }).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_join_push_pull_status() {
    let f = fixture(ServerConfig::default()).await;
    let health: serde_json::Value = f.ok(Method::GET, "/health", None, None).await;
    assert_eq!(health["status"], "ok");

    let team = f.create_team().await;
    let joined = f.join(&team.invite.code).await;
    assert_eq!(joined.team_id, team.team_id);
    assert_ne!(joined.device_token, team.device_token);
    assert!(team.invite.expires_at_ms > now_ms() + 6 * 24 * 3600 * 1000);

    let ops = vec![
        op(team.device_id, 1, "hello"),
        op(team.device_id, 2, "world"),
    ];
    let pushed = f.push(&team.device_token, ops.clone()).await;
    assert_eq!((pushed.accepted, pushed.latest_seq), (2, 2));

    let pulled = f.pull(&joined.device_token, 0).await;
    assert!(pulled.up_to_date);
    let got: Vec<_> = pulled.ops.iter().map(|o| (o.seq, o.op.clone())).collect();
    assert_eq!(got, [(1, ops[0].clone()), (2, ops[1].clone())]);

    let status: SyncStatus = f
        .ok(Method::GET, "/v1/status", Some(&joined.device_token), None)
        .await;
    assert_eq!(status.latest_seq, 2);
    assert_eq!(status.heads.get(&team.device_id), Some(&2));
    assert_eq!(status.heads.get(&joined.device_id), Some(&0));
}

/// A device that already has a log keeps its id when it creates or joins a team.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_keep_the_ids_their_series_already_use() {
    let f = fixture(ServerConfig::default()).await;
    let creator = uuid::Uuid::now_v7();
    let team: CreateTeamResponse = f
        .ok(
            Method::POST,
            &format!("/v1/teams?device_id={creator}"),
            None,
            None,
        )
        .await;
    assert_eq!(team.device_id, creator);
    let joiner = uuid::Uuid::now_v7();
    let body = serde_json::to_value(JoinRequest {
        invite: team.invite.code.clone(),
        device_id: Some(joiner),
    })
    .unwrap();
    let joined: JoinResponse = f.ok(Method::POST, "/v1/join", None, Some(body)).await;
    assert_eq!(joined.device_id, joiner);
    assert_eq!(joined.team_id, team.team_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outsiders_and_other_teams_read_and_write_nothing() {
    let f = fixture(ServerConfig::default()).await;
    let a = f.create_team().await;
    let b = f.create_team().await;
    f.push(&a.device_token, vec![op(a.device_id, 1, "secret")])
        .await;
    let unauthorized = StatusCode::UNAUTHORIZED;
    for token in [None, Some("mdt_not_a_real_token"), Some("")] {
        for (method, path, body) in [
            (Method::GET, "/v1/status", None),
            (Method::GET, "/v1/pull?after=0", None),
            (Method::GET, "/v1/events", None),
            (Method::POST, "/v1/invites", None),
            (Method::DELETE, "/v1/invites/mdi_x", None),
            (
                Method::POST,
                "/v1/push",
                push_body(vec![op(a.device_id, 2, "x")]),
            ),
        ] {
            f.refused(method, path, token, body, unauthorized, "unauthorized")
                .await;
        }
    }
    // Team B's device sees only its own team, cannot write into A's series, and cannot
    // revoke A's invites.
    let pulled = f.pull(&b.device_token, 0).await;
    assert!(pulled.ops.is_empty() && pulled.latest_seq == 0);
    let status: SyncStatus = f
        .ok(Method::GET, "/v1/status", Some(&b.device_token), None)
        .await;
    assert_eq!(
        status.heads.keys().copied().collect::<Vec<_>>(),
        [b.device_id]
    );
    let pushed = f
        .push(&b.device_token, vec![op(a.device_id, 2, "forged")])
        .await;
    assert_eq!(pushed.rejected[0].code, Some(RejectionCode::WrongDevice));
    f.refused(
        Method::DELETE,
        &format!("/v1/invites/{}", a.invite.code),
        Some(&b.device_token),
        None,
        StatusCode::NOT_FOUND,
        "invite_not_found",
    )
    .await;
    assert_eq!(f.pull(&a.device_token, 0).await.ops.len(), 1);
    assert_eq!(f.join(&a.invite.code).await.team_id, a.team_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_push_refusal_has_its_code() {
    let f = fixture(ServerConfig::default()).await;
    let team = f.create_team().await;
    let other = f.join(&team.invite.code).await;
    let token = team.device_token.as_str();
    let first = op(team.device_id, 1, "first");
    assert_eq!(f.push(token, vec![first.clone()]).await.accepted, 1);

    let duplicate = f.push(token, vec![first.clone()]).await;
    assert_eq!((duplicate.accepted, duplicate.duplicates), (0, 1));

    let mut fork = first.clone();
    fork.payload = "changed".into();
    let mut ahead = op(team.device_id, 2, "later");
    ahead.stamp.wall_ms = now_ms() + MAX_CLOCK_AHEAD_MS + 60_000;
    let cases = [
        (fork, RejectionCode::Fork),
        (op(team.device_id, 3, "gap"), RejectionCode::Gap),
        (
            op(other.device_id, 1, "not mine"),
            RejectionCode::WrongDevice,
        ),
        (ahead, RejectionCode::ClockAhead),
        (op(team.device_id, 0, "zero"), RejectionCode::Invalid),
    ];
    for (sent, code) in cases {
        let outcome = f.push(token, vec![sent.clone()]).await;
        assert_eq!(outcome.accepted, 0);
        assert_eq!(outcome.rejected.len(), 1);
        assert_eq!(outcome.rejected[0].id, sent.id);
        assert_eq!(outcome.rejected[0].code, Some(code));
    }
    assert_eq!(f.pull(token, 0).await.latest_seq, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_a_clear_error() {
    let config = ServerConfig {
        max_body_bytes: 64 * 1024,
        max_ops_per_push: 5,
        max_page: 50,
        ..ServerConfig::default()
    };
    let f = fixture(config).await;
    let team = f.create_team().await;
    let token = Some(team.device_token.as_str());
    let device = team.device_id;
    let six: Vec<_> = (1..=6).map(|i| op(device, i, "x")).collect();
    let big = vec![op(device, 1, &"x".repeat(100 * 1024))];
    let not_ops = Some(serde_json::json!({ "ops": "none" }));
    let (bad, too_large) = (StatusCode::BAD_REQUEST, StatusCode::PAYLOAD_TOO_LARGE);
    let cases = [
        (
            Method::POST,
            "/v1/push",
            push_body(six),
            too_large,
            "too_many_ops",
        ),
        (
            Method::POST,
            "/v1/push",
            push_body(big),
            too_large,
            "body_too_large",
        ),
        (Method::POST, "/v1/push", not_ops, bad, "bad_json"),
        (
            Method::GET,
            "/v1/pull?after=0&limit=51",
            None,
            bad,
            "bad_limit",
        ),
        (
            Method::GET,
            "/v1/pull?after=0&limit=0",
            None,
            bad,
            "bad_limit",
        ),
        (Method::GET, "/v1/pull?after=-1", None, bad, "bad_query"),
        (
            Method::GET,
            "/v2/anything",
            None,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            Method::GET,
            "/v1/push",
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
    ];
    for (method, path, body, status, code) in cases {
        f.refused(method, path, token, body, status, code).await;
    }

    let response = f
        .client
        .get(f.server.url("/v1/status"))
        .bearer_auth(&team.device_token)
        .header("meridian-protocol", "99")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = response.json().await.unwrap();
    assert_eq!(error.code, "protocol_unsupported");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_over_its_rate_is_told_to_wait() {
    let config = ServerConfig {
        rate_per_second: 1,
        rate_burst: 3,
        ..ServerConfig::default()
    };
    let f = fixture(config).await;
    let team = f.create_team().await;
    let other = f.join(&team.invite.code).await;
    for _ in 0..3 {
        let (status, _) = f
            .call(Method::GET, "/v1/status", Some(&team.device_token), None)
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let response = f
        .client
        .get(f.server.url("/v1/status"))
        .bearer_auth(&team.device_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let error: ApiError = response.json().await.unwrap();
    assert_eq!(error.code, "rate_limited");
    // Another device has its own allowance.
    let (status, _) = f
        .call(Method::GET, "/v1/status", Some(&other.device_token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spent_revoked_and_expired_invites_are_refused() {
    let f = fixture(ServerConfig::default()).await;
    let team = f.create_team().await;
    let join_body = |code: &str| Some(serde_json::json!({ "invite": code }));
    f.join(&team.invite.code).await;
    f.refused(
        Method::POST,
        "/v1/join",
        None,
        join_body(&team.invite.code),
        StatusCode::GONE,
        "invite_spent",
    )
    .await;

    let invite: InviteResponse = f
        .ok(Method::POST, "/v1/invites", Some(&team.device_token), None)
        .await;
    let (status, _) = f
        .call(
            Method::DELETE,
            &format!("/v1/invites/{}", invite.code),
            Some(&team.device_token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    f.refused(
        Method::POST,
        "/v1/join",
        None,
        join_body(&invite.code),
        StatusCode::GONE,
        "invite_revoked",
    )
    .await;
    f.refused(
        Method::POST,
        "/v1/join",
        None,
        join_body("mdi_made_up"),
        StatusCode::NOT_FOUND,
        "invite_unknown",
    )
    .await;

    let short = fixture(ServerConfig {
        invite_ttl: Duration::ZERO,
        ..ServerConfig::default()
    })
    .await;
    let team = short.create_team().await;
    short
        .refused(
            Method::POST,
            "/v1/join",
            None,
            join_body(&team.invite.code),
            StatusCode::GONE,
            "invite_expired",
        )
        .await;
}

/// A removed device is shut out of every endpoint at once, with `device_removed` and a
/// sentence; what it pushed before stays with the team.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_device_reads_and_writes_nothing() {
    let f = fixture(ServerConfig::default()).await;
    let team = f.create_team().await;
    let gone = f.join(&team.invite.code).await;
    let pushed = f
        .push(&gone.device_token, vec![op(gone.device_id, 1, "kept")])
        .await;
    assert_eq!(pushed.accepted, 1);

    let path = format!("/v1/devices/{}", gone.device_id);
    let (status, text) = f
        .call(Method::DELETE, &path, Some(&team.device_token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{text}");

    let removed = StatusCode::UNAUTHORIZED;
    let token = Some(gone.device_token.as_str());
    for (method, path, body) in [
        (Method::GET, "/v1/status".to_owned(), None),
        (Method::GET, "/v1/pull?after=0".to_owned(), None),
        (Method::GET, "/v1/events".to_owned(), None),
        (Method::POST, "/v1/invites".to_owned(), None),
        (
            Method::DELETE,
            format!("/v1/invites/{}", team.invite.code),
            None,
        ),
        (
            Method::DELETE,
            format!("/v1/devices/{}", team.device_id),
            None,
        ),
        (
            Method::POST,
            "/v1/push".to_owned(),
            push_body(vec![op(gone.device_id, 2, "late")]),
        ),
    ] {
        f.refused(method, &path, token, body, removed, "device_removed")
            .await;
    }

    // Its op is still the team's; the team carries on; removing twice or a stranger is clear.
    let pulled = f.pull(&team.device_token, 0).await;
    let payloads: Vec<&str> = pulled.ops.iter().map(|o| o.op.payload.as_str()).collect();
    assert_eq!(payloads, ["kept"]);
    let status: SyncStatus = f
        .ok(Method::GET, "/v1/status", Some(&team.device_token), None)
        .await;
    assert_eq!(status.heads[&gone.device_id], 1);
    let next = f
        .push(&team.device_token, vec![op(team.device_id, 1, "on")])
        .await;
    assert_eq!(next.latest_seq, 2);
    let owner = Some(team.device_token.as_str());
    f.refused(
        Method::DELETE,
        &path,
        owner,
        None,
        StatusCode::GONE,
        "device_already_removed",
    )
    .await;
    let stranger = format!("/v1/devices/{}", uuid::Uuid::now_v7());
    f.refused(
        Method::DELETE,
        &stranger,
        owner,
        None,
        StatusCode::NOT_FOUND,
        "device_not_found",
    )
    .await;
    let itself = format!("/v1/devices/{}", team.device_id);
    f.refused(
        Method::DELETE,
        &itself,
        owner,
        None,
        StatusCode::CONFLICT,
        "cannot_remove_self",
    )
    .await;
    f.refused(
        Method::DELETE,
        "/v1/devices/nope",
        owner,
        None,
        StatusCode::BAD_REQUEST,
        "bad_device_id",
    )
    .await;
    // Another team cannot remove one of this team's devices.
    let other = f.create_team().await;
    let theirs = Some(other.device_token.as_str());
    f.refused(
        Method::DELETE,
        &itself,
        theirs,
        None,
        StatusCode::NOT_FOUND,
        "device_not_found",
    )
    .await;
}

/// Reads server-sent events from a streaming response into (id, event) pairs.
pub struct EventReader {
    response: reqwest::Response,
    buffer: String,
}

impl EventReader {
    pub async fn open(client: &Client, url: &str, token: &str, last_id: Option<u64>) -> Self {
        let mut request = client.get(url).bearer_auth(token);
        if let Some(id) = last_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next event's `id:` within `deadline`, skipping keep-alive comments.
    pub async fn next_id(&mut self, deadline: Duration) -> u64 {
        tokio::time::timeout(deadline, async {
            loop {
                while let Some(end) = self.buffer.find("\n\n") {
                    let block: String = self.buffer.drain(..end + 2).collect();
                    if let Some(id) = block.lines().find_map(|l| l.strip_prefix("id:")) {
                        return id.trim().parse().unwrap();
                    }
                }
                let chunk = self.response.chunk().await.unwrap().expect("stream ended");
                self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
            }
        })
        .await
        .expect("no event before the deadline")
    }

    /// True when the server ends the stream within `deadline` (events before the end are
    /// skipped).
    pub async fn ends_within(&mut self, deadline: Duration) -> bool {
        tokio::time::timeout(deadline, async {
            while let Ok(Some(_)) = self.response.chunk().await {}
        })
        .await
        .is_ok()
    }

    /// True when no event arrives within `window` (used only to check for silence).
    pub async fn quiet_for(&mut self, window: Duration) -> bool {
        tokio::time::timeout(window, self.next_id(window * 2))
            .await
            .is_err()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_poke_clients_and_resume_from_the_last_id() {
    let f = fixture(ServerConfig::default()).await;
    let team = f.create_team().await;
    let joined = f.join(&team.invite.code).await;
    let url = f.server.url("/v1/events");
    let mut events = EventReader::open(&f.client, &url, &joined.device_token, None).await;

    f.push(&team.device_token, vec![op(team.device_id, 1, "a")])
        .await;
    assert_eq!(events.next_id(Duration::from_secs(10)).await, 1);
    f.push(
        &team.device_token,
        vec![op(team.device_id, 2, "b"), op(team.device_id, 3, "c")],
    )
    .await;
    assert_eq!(events.next_id(Duration::from_secs(10)).await, 3);

    // Another team's pushes are not announced here.
    let other = f.create_team().await;
    f.push(&other.device_token, vec![op(other.device_id, 1, "x")])
        .await;
    assert!(events.quiet_for(Duration::from_millis(300)).await);
    drop(events);

    // Reconnecting behind the latest: told at once. Reconnecting current: nothing to say.
    let mut behind = EventReader::open(&f.client, &url, &joined.device_token, Some(1)).await;
    assert_eq!(behind.next_id(Duration::from_secs(10)).await, 3);
    let mut current = EventReader::open(&f.client, &url, &joined.device_token, Some(3)).await;
    assert!(current.quiet_for(Duration::from_millis(300)).await);
    f.push(&team.device_token, vec![op(team.device_id, 4, "d")])
        .await;
    assert_eq!(current.next_id(Duration::from_secs(10)).await, 4);
    let latest = wait_for("the pull to reach 4", Duration::from_secs(10), || async {
        let page = f.pull(&joined.device_token, 0).await;
        (page.latest_seq == 4).then_some(page.latest_seq)
    })
    .await;
    assert_eq!(latest, 4);
}

/// A removed device's open event stream ends: it hears nothing more about the team.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_devices_event_stream_ends() {
    let f = fixture(ServerConfig {
        stream_recheck: Duration::from_millis(100),
        ..ServerConfig::default()
    })
    .await;
    let team = f.create_team().await;
    let gone = f.join(&team.invite.code).await;
    let stays = f.join(&f.invite(&team.device_token).await).await;
    let url = f.server.url("/v1/events");
    let mut gone_events = EventReader::open(&f.client, &url, &gone.device_token, None).await;
    let mut kept_events = EventReader::open(&f.client, &url, &stays.device_token, None).await;

    let path = format!("/v1/devices/{}", gone.device_id);
    let (status, text) = f
        .call(Method::DELETE, &path, Some(&team.device_token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{text}");
    assert!(
        gone_events.ends_within(Duration::from_secs(10)).await,
        "the removed device's stream stayed open"
    );
    // The team's other streams carry on.
    f.push(&team.device_token, vec![op(team.device_id, 1, "a")])
        .await;
    assert_eq!(kept_events.next_id(Duration::from_secs(10)).await, 1);
}

/// Shutting the server down ends live event streams, so a graceful shutdown completes
/// instead of waiting for clients that never hang up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_event_streams_and_completes() {
    let store = sqlite_store().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(meridian_server::serve(
        listener,
        store.store.clone(),
        ServerConfig::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let client = Client::new();
    let team: CreateTeamResponse = reply(client.post(format!("http://{addr}/v1/teams"))).await;
    let url = format!("http://{addr}/v1/events");
    let mut events = EventReader::open(&client, &url, &team.device_token, None).await;
    stop.send(()).unwrap();
    assert!(
        events.ends_within(Duration::from_secs(10)).await,
        "the stream outlived the shutdown"
    );
    tokio::time::timeout(Duration::from_secs(10), served)
        .await
        .expect("graceful shutdown completes")
        .unwrap()
        .unwrap();
}

/// Sends `request` and reads its JSON answer.
pub async fn reply<T: DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

/// A new team (through `server`) and a second device joined by its first invite.
pub async fn team_with_two_devices(
    client: &Client,
    server: &Server,
) -> (CreateTeamResponse, JoinResponse) {
    let team: CreateTeamResponse = reply(client.post(server.url("/v1/teams"))).await;
    let invite = JoinRequest {
        invite: team.invite.code.clone(),
        device_id: None,
    };
    let joined: JoinResponse = reply(client.post(server.url("/v1/join")).json(&invite)).await;
    (team, joined)
}
