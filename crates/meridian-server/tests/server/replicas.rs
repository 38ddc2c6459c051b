//! Two stateless replicas on one PostgreSQL database: a push through one must reach a live
//! event client of the other (LISTEN/NOTIFY), and either replica serves the same log.

use crate::common::{op, postgres_database, start};
use crate::http::{reply, team_with_two_devices, EventReader};
use meridian_protocol::{PullResponse, PushRequest, PushResponse};
use meridian_server::store::postgres::PostgresStore;
use meridian_server::ServerConfig;
use reqwest::Client;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_push_to_one_replica_reaches_a_client_of_the_other() {
    let database = postgres_database().await;
    let one = start(
        PostgresStore::connect(database.clone()).await.unwrap(),
        ServerConfig::default(),
    )
    .await;
    let two = start(
        PostgresStore::connect(database).await.unwrap(),
        ServerConfig::default(),
    )
    .await;
    let client = Client::new();
    let (team, joined) = team_with_two_devices(&client, &one).await;

    let mut events =
        EventReader::open(&client, &two.url("/v1/events"), &joined.device_token, None).await;
    let ops = vec![op(team.device_id, 1, "a"), op(team.device_id, 2, "b")];
    let push = client.post(one.url("/v1/push")).json(&PushRequest { ops });
    let pushed: PushResponse = reply(push.bearer_auth(&team.device_token)).await;
    assert_eq!(pushed.accepted, 2);
    assert_eq!(events.next_id(Duration::from_secs(10)).await, 2);

    let pull = client.get(two.url("/v1/pull?after=0"));
    let pulled: PullResponse = reply(pull.bearer_auth(&joined.device_token)).await;
    assert_eq!(pulled.ops.len(), 2);
    assert!(pulled.up_to_date);
}
