//! The server holds no plaintext on PostgreSQL either: a device pushes ops whose payloads are
//! sealed before they leave it (here a keyed transform standing in for the client's
//! XChaCha20-Poly1305, which the server cannot tell apart: both are opaque text), and a
//! `pg_dump` of the whole database must contain the sealed bytes exactly as sent but never
//! the plaintext marker inside them, nor the device's token or the invite code.

use crate::common::{op, postgres_database_string, start};
use crate::http::{reply, team_with_two_devices};
use meridian_protocol::{PushRequest, PushResponse};
use meridian_server::store::postgres::PostgresStore;
use meridian_server::ServerConfig;
use reqwest::Client;
use std::process::Command;
use uuid::Uuid;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Seals `plaintext` under `key` into opaque text: the only form the server ever receives.
fn seal(key: &[u8], plaintext: &str) -> String {
    let mixed: Vec<u8> = plaintext
        .bytes()
        .zip(key.iter().cycle())
        .map(|(byte, k)| byte ^ k)
        .collect();
    format!("sealed.v1.{}", hex(&mixed))
}

/// The whole database as `pg_dump` writes it (schema and data).
fn pg_dump(connection: &str) -> String {
    let output = Command::new("pg_dump")
        .arg("--no-owner")
        .arg(format!("--dbname={connection}"))
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "cannot run pg_dump ({error}): this test needs PostgreSQL's client tools on \
                 PATH; run it under pg_virtualenv, as `make test` does"
            )
        });
    assert!(
        output.status.success(),
        "pg_dump failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("pg_dump wrote UTF-8")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_holds_only_sealed_payloads() {
    let connection = postgres_database_string().await;
    let store = PostgresStore::connect(connection.parse().unwrap())
        .await
        .unwrap();
    let server = start(store, ServerConfig::default()).await;
    let client = Client::new();
    let (team, joined) = team_with_two_devices(&client, &server).await;

    let marker = format!("planted-plaintext-{}", Uuid::now_v7().simple());
    let key: Vec<u8> = Uuid::now_v7().as_bytes().to_vec();
    let sealed: Vec<String> = (1..=3)
        .map(|n| seal(&key, &format!("{{\"title\":\"{marker} #{n}\"}}")))
        .collect();
    let ops = sealed
        .iter()
        .zip(1..)
        .map(|(payload, idx)| op(team.device_id, idx, payload))
        .collect();
    let push = client
        .post(server.url("/v1/push"))
        .bearer_auth(&team.device_token)
        .json(&PushRequest { ops });
    let pushed: PushResponse = reply(push).await;
    assert_eq!(pushed.accepted, 3);

    let dump = pg_dump(&connection);
    assert!(
        dump.contains("COPY public.ops"),
        "the dump has no ops table"
    );
    for payload in &sealed {
        // Payloads are BYTEA, which pg_dump writes as \x followed by hex.
        assert!(
            dump.contains(&hex(payload.as_bytes())),
            "the sealed payload {payload} is not stored byte for byte"
        );
    }
    for (what, secret) in [
        ("the plaintext marker", marker.as_str()),
        ("the creator's device token", team.device_token.as_str()),
        ("the joiner's device token", joined.device_token.as_str()),
        ("the invite code", team.invite.code.as_str()),
    ] {
        for form in [secret.to_owned(), hex(secret.as_bytes())] {
            assert!(
                !dump.contains(&form),
                "the database holds {what} in the clear"
            );
        }
    }
}
