//! `kill -9` in the middle of pushes loses no acknowledged op: the real `meridian-server`
//! binary takes batches from several devices at once, is killed with SIGKILL while pushes are
//! in flight, restarts on the same storage, and must still hold every op it acknowledged, in
//! a gapless team sequence. Three rounds, on SQLite and on PostgreSQL.

use crate::common::{op, postgres_database_string};
use meridian_protocol::{
    CreateTeamResponse, JoinRequest, JoinResponse, OpEnvelope, PullResponse, PushRequest,
    PushResponse, SyncStatus,
};
use reqwest::{Client, StatusCode};
use std::collections::BTreeMap;
use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

const DEVICES: usize = 4;
const BATCH: u64 = 50;
const ROUNDS: usize = 3;

/// The real server binary, on an ephemeral loopback port; killed (SIGKILL) on drop.
struct Process {
    child: Child,
    url: String,
}

impl Process {
    /// Starts `meridian-server` with `storage` arguments and waits for its bound address.
    fn start(storage: &[String]) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_meridian-server"))
            .args(["--listen", "127.0.0.1:0"])
            .args(storage)
            .env("RUST_LOG", "warn,meridian_server=info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start meridian-server");
        let mut lines = std::io::BufReader::new(child.stderr.take().expect("stderr")).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("meridian-server exited before it listened")
                .expect("read the server's log");
            if let Some(address) = line.split("address=").nth(1) {
                break format!("http://{}", address.split_whitespace().next().unwrap());
            }
        };
        // Keep draining its log so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Process { child, url }
    }

    /// SIGKILL: no graceful shutdown, no flush, no destructor runs in the server.
    fn kill(&mut self) {
        self.child.kill().expect("kill meridian-server");
        self.child.wait().expect("reap meridian-server");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One device as the test drives it.
#[derive(Clone)]
struct Device {
    id: Uuid,
    token: String,
}

/// Every op the server acknowledged (a 200 push answer naming it accepted or a duplicate).
type Acked = Arc<Mutex<BTreeMap<(Uuid, u64), OpEnvelope>>>;

async fn json<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
    let response = request.send().await.expect("server unreachable");
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Pushes batches of `device`'s ops from its head until the server stops answering.
async fn push_until_down(
    client: Client,
    url: String,
    device: Device,
    acked: Acked,
    in_flight: Arc<AtomicUsize>,
) {
    // Killed before this device even read its head: nothing to push this round.
    let status = client
        .get(format!("{url}/v1/status"))
        .bearer_auth(&device.token)
        .send()
        .await;
    let Ok(response) = status else { return };
    let Ok(status) = response.json::<SyncStatus>().await else {
        return;
    };
    let mut next = status.heads.get(&device.id).copied().unwrap_or(0) + 1;
    loop {
        let ops: Vec<OpEnvelope> = (next..next + BATCH)
            .map(|idx| op(device.id, idx, &format!("crash-{}-{idx}", device.id)))
            .collect();
        let request = client
            .post(format!("{url}/v1/push"))
            .bearer_auth(&device.token)
            .json(&PushRequest { ops: ops.clone() });
        in_flight.fetch_add(1, Ordering::SeqCst);
        let sent = request.send().await;
        in_flight.fetch_sub(1, Ordering::SeqCst);
        let Ok(response) = sent else { return };
        match response.status() {
            StatusCode::OK => {}
            StatusCode::TOO_MANY_REQUESTS => {
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
            other => panic!("push refused: {other} {:?}", response.text().await),
        }
        // Killed between the status line and the body: not acknowledged.
        let Ok(answer) = response.json::<PushResponse>().await else {
            return;
        };
        assert!(answer.rejected.is_empty(), "{:?}", answer.rejected);
        assert_eq!(answer.accepted + answer.duplicates, BATCH as u32);
        let mut acked = acked.lock().unwrap();
        for op in ops {
            acked.insert((op.device_id, op.idx), op);
        }
        next += BATCH;
    }
}

/// Asserts the server at `url` holds every acknowledged op, in a gapless team sequence.
async fn assert_nothing_acknowledged_is_lost(
    client: &Client,
    url: &str,
    devices: &[Device],
    acked: &Acked,
) {
    let token = &devices[0].token;
    let mut stored = Vec::new();
    loop {
        let after = stored
            .last()
            .map_or(0, |o: &meridian_protocol::SequencedOp| o.seq);
        let page = client
            .get(format!("{url}/v1/pull?after={after}&limit=1000"))
            .bearer_auth(token);
        let page: PullResponse = json(page).await;
        stored.extend(page.ops);
        if page.up_to_date {
            break;
        }
    }
    let seqs: Vec<u64> = stored.iter().map(|o| o.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>(), "gapless");
    let status: SyncStatus = json(client.get(format!("{url}/v1/status")).bearer_auth(token)).await;
    assert_eq!(status.latest_seq, seqs.len() as u64);
    let by_index: BTreeMap<(Uuid, u64), &OpEnvelope> = stored
        .iter()
        .map(|o| ((o.op.device_id, o.op.idx), &o.op))
        .collect();
    let acked = acked.lock().unwrap();
    for (key, op) in acked.iter() {
        assert_eq!(
            by_index.get(key),
            Some(&op),
            "acknowledged op {key:?} is lost"
        );
    }
    for device in devices {
        let idxs: Vec<u64> = stored
            .iter()
            .filter(|o| o.op.device_id == device.id)
            .map(|o| o.op.idx)
            .collect();
        assert_eq!(idxs, (1..=idxs.len() as u64).collect::<Vec<_>>());
        assert_eq!(status.heads[&device.id], idxs.len() as u64);
    }
}

async fn kill_mid_push_loses_nothing(storage: Vec<String>) {
    let client = Client::new();
    let mut server = Process::start(&storage);
    let team: CreateTeamResponse = json(client.post(format!("{}/v1/teams", server.url))).await;
    let mut devices = vec![Device {
        id: team.device_id,
        token: team.device_token.clone(),
    }];
    let mut invite = team.invite.code.clone();
    while devices.len() < DEVICES {
        let join = JoinRequest {
            invite: invite.clone(),
            device_id: None,
        };
        let joined: JoinResponse =
            json(client.post(format!("{}/v1/join", server.url)).json(&join)).await;
        devices.push(Device {
            id: joined.device_id,
            token: joined.device_token,
        });
        let issued = client
            .post(format!("{}/v1/invites", server.url))
            .bearer_auth(&team.device_token);
        invite = json::<meridian_protocol::InviteResponse>(issued).await.code;
    }

    let acked: Acked = Arc::default();
    for round in 0..ROUNDS {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let before = acked.lock().unwrap().len();
        let pushers: Vec<_> = devices
            .iter()
            .map(|device| {
                tokio::spawn(push_until_down(
                    client.clone(),
                    server.url.clone(),
                    device.clone(),
                    acked.clone(),
                    in_flight.clone(),
                ))
            })
            .collect();
        // Let some pushes be acknowledged, then kill while at least two are in flight.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let progressed = acked.lock().unwrap().len() >= before + 4 * BATCH as usize;
            if progressed && in_flight.load(Ordering::SeqCst) >= 2 {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "round {round}: no progress"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let flying = in_flight.load(Ordering::SeqCst);
        server.kill();
        for pusher in pushers {
            tokio::time::timeout(Duration::from_secs(30), pusher)
                .await
                .expect("a pusher hung after the kill")
                .unwrap();
        }
        eprintln!(
            "round {round}: killed with {flying} pushes in flight; {} ops acknowledged so far",
            acked.lock().unwrap().len()
        );
        server = Process::start(&storage);
        assert_nothing_acknowledged_is_lost(&client, &server.url, &devices, &acked).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_kill_9_mid_push_loses_no_acknowledged_op() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data").to_string_lossy().into_owned();
    kill_mid_push_loses_nothing(vec!["--data-dir".into(), data]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_kill_9_mid_push_loses_no_acknowledged_op() {
    let database = postgres_database_string().await;
    kill_mid_push_loses_nothing(vec!["--database".into(), database]).await;
}
