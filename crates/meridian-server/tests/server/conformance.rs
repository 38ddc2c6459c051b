//! The storage conformance suite: each case is written once against the `Store` trait and run
//! against every implementation, so SQLite and PostgreSQL cannot drift apart in behaviour.

use crate::common::{now_ms, op, postgres_store, sqlite_store};
use meridian_protocol::RejectionCode;
use meridian_server::secret;
use meridian_server::store::{
    DeviceAuth, InviteRefusal, Removal, Store, StoreError, TokenOwner, MAX_CLOCK_AHEAD_MS,
};
use std::time::Duration;
use uuid::Uuid;

/// Creates a team with one device.
async fn team(store: &impl Store) -> DeviceAuth {
    let auth = DeviceAuth {
        team_id: Uuid::now_v7(),
        device_id: Uuid::now_v7(),
    };
    let token = secret::new_token();
    store
        .create_team(auth.team_id, auth.device_id, secret::hash(&token), now_ms())
        .await
        .unwrap();
    auth
}

/// Adds a device to `first`'s team through an invite.
async fn second_device(store: &impl Store, first: DeviceAuth) -> DeviceAuth {
    joined_device(store, first).await.0
}

/// Adds a device to `first`'s team through an invite; also returns its token.
async fn joined_device(store: &impl Store, first: DeviceAuth) -> (DeviceAuth, String) {
    let code = secret::new_invite_code();
    store
        .create_invite(
            first.team_id,
            secret::hash(&code),
            first.device_id,
            now_ms() + 60_000,
        )
        .await
        .unwrap();
    let (device_id, token) = (Uuid::now_v7(), secret::new_token());
    let team_id = store
        .join(
            secret::hash(&code),
            device_id,
            secret::hash(&token),
            now_ms(),
        )
        .await
        .unwrap()
        .unwrap();
    (DeviceAuth { device_id, team_id }, token)
}

fn codes(outcome: &meridian_server::store::PushOutcome) -> Vec<RejectionCode> {
    outcome.rejected.iter().map(|r| r.code.unwrap()).collect()
}

pub async fn tokens_resolve_to_their_device_only(store: impl Store) {
    let (team_id, device_id, token) = (Uuid::now_v7(), Uuid::now_v7(), secret::new_token());
    store
        .create_team(team_id, device_id, secret::hash(&token), now_ms())
        .await
        .unwrap();
    let found = store.device_by_token(secret::hash(&token)).await.unwrap();
    assert_eq!(
        found,
        Some(TokenOwner {
            auth: DeviceAuth { device_id, team_id },
            removed: false
        })
    );
    let other = secret::hash(&secret::new_token());
    assert_eq!(store.device_by_token(other).await.unwrap(), None);
}

pub async fn pushes_take_the_next_index_and_gapless_team_sequences(store: impl Store) {
    let a = team(&store).await;
    let b = second_device(&store, a).await;
    let pushed = store
        .push(
            a,
            vec![op(a.device_id, 1, "a1"), op(a.device_id, 2, "a2")],
            now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(
        (pushed.accepted, pushed.first_seq, pushed.latest_seq),
        (2, Some(1), 2)
    );
    let pushed = store
        .push(b, vec![op(b.device_id, 1, "b1")], now_ms())
        .await
        .unwrap();
    assert_eq!(
        (pushed.accepted, pushed.first_seq, pushed.latest_seq),
        (1, Some(3), 3)
    );
    let pushed = store
        .push(a, vec![op(a.device_id, 3, "a3")], now_ms())
        .await
        .unwrap();
    assert_eq!(pushed.latest_seq, 4);
    let status = store.status(a.team_id).await.unwrap();
    assert_eq!(status.latest_seq, 4);
    assert_eq!(status.heads.get(&a.device_id), Some(&3));
    assert_eq!(status.heads.get(&b.device_id), Some(&1));
    assert_eq!(store.latest_seq(a.team_id).await.unwrap(), 4);
    let page = store.pull(a.team_id, 0, 100).await.unwrap();
    let order: Vec<_> = page
        .ops
        .iter()
        .map(|o| (o.seq, o.op.payload.as_str()))
        .collect();
    assert_eq!(order, [(1, "a1"), (2, "a2"), (3, "b1"), (4, "a3")]);
}

pub async fn a_byte_identical_resend_is_a_duplicate(store: impl Store) {
    let a = team(&store).await;
    let batch = vec![op(a.device_id, 1, "x"), op(a.device_id, 2, "y")];
    store.push(a, batch.clone(), now_ms()).await.unwrap();
    let mut again = batch;
    again.push(op(a.device_id, 3, "z"));
    let outcome = store.push(a, again, now_ms()).await.unwrap();
    assert_eq!((outcome.accepted, outcome.duplicates), (1, 2));
    assert!(outcome.rejected.is_empty());
    assert_eq!(outcome.latest_seq, 3, "duplicates take no sequence number");
}

pub async fn each_refusal_has_its_code_and_moves_nothing(store: impl Store) {
    let a = team(&store).await;
    let b = second_device(&store, a).await;
    let first = op(a.device_id, 1, "original");
    store.push(a, vec![first.clone()], now_ms()).await.unwrap();

    let mut forked = op(a.device_id, 1, "different");
    forked.id = first.id;
    let mut ahead = op(a.device_id, 2, "from the future");
    ahead.stamp.wall_ms = now_ms() + MAX_CLOCK_AHEAD_MS + 60_000;
    let outcome = store
        .push(
            a,
            vec![
                forked,
                op(a.device_id, 5, "gap"),
                op(b.device_id, 1, "someone else's"),
                ahead,
                op(a.device_id, 0, "index zero"),
            ],
            now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(
        codes(&outcome),
        [
            RejectionCode::Fork,
            RejectionCode::Gap,
            RejectionCode::WrongDevice,
            RejectionCode::ClockAhead,
            RejectionCode::Invalid,
        ]
    );
    assert!(outcome.rejected.iter().all(|r| r.reason.len() > 20));
    assert_eq!(
        (outcome.accepted, outcome.duplicates, outcome.latest_seq),
        (0, 0, 1)
    );
    let status = store.status(a.team_id).await.unwrap();
    assert_eq!(status.heads.get(&a.device_id), Some(&1));
    assert_eq!(status.heads.get(&b.device_id), Some(&0));
    let page = store.pull(a.team_id, 0, 10).await.unwrap();
    assert_eq!(page.ops.len(), 1);
    assert_eq!(page.ops[0].op, first);
}

pub async fn pull_pages_in_order_and_says_when_up_to_date(store: impl Store) {
    let a = team(&store).await;
    let ops: Vec<_> = (1..=7)
        .map(|i| op(a.device_id, i, &format!("op {i}")))
        .collect();
    store.push(a, ops.clone(), now_ms()).await.unwrap();
    let mut after = 0;
    let mut seen = Vec::new();
    for _ in 0..10 {
        let page = store.pull(a.team_id, after, 3).await.unwrap();
        assert_eq!(page.latest_seq, 7);
        for sequenced in &page.ops {
            assert_eq!(sequenced.seq, after + 1, "pages are gapless");
            after = sequenced.seq;
            seen.push(sequenced.op.clone());
        }
        if page.up_to_date {
            break;
        }
    }
    assert_eq!(seen, ops);
    let empty = store.pull(a.team_id, 7, 3).await.unwrap();
    assert!(empty.ops.is_empty() && empty.up_to_date);
}

pub async fn teams_see_only_their_own_ops(store: impl Store) {
    let a = team(&store).await;
    let b = team(&store).await;
    store
        .push(a, vec![op(a.device_id, 1, "a")], now_ms())
        .await
        .unwrap();
    store
        .push(b, vec![op(b.device_id, 1, "b")], now_ms())
        .await
        .unwrap();
    let page = store.pull(b.team_id, 0, 10).await.unwrap();
    assert_eq!(page.ops.len(), 1);
    assert_eq!(page.ops[0].op.payload, "b");
    assert_eq!(page.ops[0].seq, 1, "each team has its own sequence");
    let status = store.status(b.team_id).await.unwrap();
    assert_eq!(
        status.heads.keys().copied().collect::<Vec<_>>(),
        [b.device_id]
    );
}

pub async fn invites_admit_one_device_and_refuse_the_rest(store: impl Store) {
    let a = team(&store).await;
    let other = team(&store).await;
    let invite = |expires: i64| {
        let code = secret::new_invite_code();
        let store = &store;
        async move {
            store
                .create_invite(a.team_id, secret::hash(&code), a.device_id, expires)
                .await
                .unwrap();
            secret::hash(&code)
        }
    };
    let join = |code| {
        let store = &store;
        async move {
            store
                .join(
                    code,
                    Uuid::now_v7(),
                    secret::hash(&secret::new_token()),
                    now_ms(),
                )
                .await
                .unwrap()
        }
    };
    let good = invite(now_ms() + 60_000).await;
    assert_eq!(join(good).await, Ok(a.team_id));
    assert_eq!(join(good).await, Err(InviteRefusal::Spent));
    assert!(
        !store.revoke_invite(a.team_id, good).await.unwrap(),
        "a spent invite is not revocable"
    );

    let revoked = invite(now_ms() + 60_000).await;
    assert!(
        !store.revoke_invite(other.team_id, revoked).await.unwrap(),
        "another team cannot revoke it"
    );
    assert!(store.revoke_invite(a.team_id, revoked).await.unwrap());
    assert_eq!(join(revoked).await, Err(InviteRefusal::Revoked));

    let expired = invite(now_ms() - 1).await;
    assert_eq!(join(expired).await, Err(InviteRefusal::Expired));
    assert_eq!(
        join(secret::hash("mdi_never_issued")).await,
        Err(InviteRefusal::Unknown)
    );
    assert_eq!(store.status(a.team_id).await.unwrap().heads.len(), 2);
}

pub async fn committed_pushes_are_announced(store: impl Store) {
    let a = team(&store).await;
    let mut events = store.subscribe();
    store
        .push(
            a,
            vec![op(a.device_id, 1, "1"), op(a.device_id, 2, "2")],
            now_ms(),
        )
        .await
        .unwrap();
    let event = tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("no event within 10 s")
        .unwrap();
    assert_eq!((event.team_id, event.seq), (a.team_id, 2));
}

pub async fn concurrent_pushes_keep_the_sequence_gapless(store: impl Store) {
    let store = std::sync::Arc::new(store);
    let a = team(&*store).await;
    let mut devices = vec![a];
    for _ in 0..3 {
        devices.push(second_device(&*store, a).await);
    }
    let tasks: Vec<_> = devices
        .iter()
        .map(|&device| {
            let store = store.clone();
            tokio::spawn(async move {
                for idx in 1..=10 {
                    let outcome = store
                        .push(device, vec![op(device.device_id, idx, "c")], now_ms())
                        .await
                        .unwrap();
                    assert_eq!(outcome.accepted, 1);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let page = store.pull(a.team_id, 0, 1000).await.unwrap();
    let seqs: Vec<u64> = page.ops.iter().map(|o| o.seq).collect();
    assert_eq!(seqs, (1..=40).collect::<Vec<_>>());
    for device in devices {
        let idxs: Vec<u64> = page
            .ops
            .iter()
            .filter(|o| o.op.device_id == device.device_id)
            .map(|o| o.op.idx)
            .collect();
        assert_eq!(
            idxs,
            (1..=10).collect::<Vec<_>>(),
            "each device's ops keep their order"
        );
    }
}

pub async fn payloads_are_stored_verbatim(store: impl Store) {
    let a = team(&store).await;
    let payload = format!("é😀\u{0}\n\"{}", "x".repeat(100_000));
    let mut sent = op(a.device_id, 1, &payload);
    sent.kind = "ciphertext/v1".into();
    sent.version = u32::MAX;
    sent.stamp.counter = u32::MAX;
    sent.stamp.wall_ms = -5;
    store.push(a, vec![sent.clone()], now_ms()).await.unwrap();
    let page = store.pull(a.team_id, 0, 1).await.unwrap();
    assert_eq!(page.ops[0].op, sent);
}

pub async fn a_removed_device_pushes_nothing_and_its_series_stays(store: impl Store) {
    let a = team(&store).await;
    let (b, b_token) = joined_device(&store, a).await;
    let b_id = b.device_id;
    let ops = vec![op(b_id, 1, "b1"), op(b_id, 2, "b2")];
    assert_eq!(store.push(b, ops, now_ms()).await.unwrap().accepted, 2);

    // Another team cannot remove it, and an unknown id is unknown.
    let outsider = team(&store).await;
    let removal = store.remove_device(outsider.team_id, b_id, now_ms());
    assert_eq!(removal.await.unwrap(), Removal::Unknown);
    let removal = store.remove_device(a.team_id, Uuid::now_v7(), now_ms());
    assert_eq!(removal.await.unwrap(), Removal::Unknown);

    let removal = store.remove_device(a.team_id, b_id, now_ms());
    assert_eq!(removal.await.unwrap(), Removal::Removed);
    let removal = store.remove_device(a.team_id, b_id, now_ms());
    assert_eq!(removal.await.unwrap(), Removal::AlreadyRemoved);
    let owner = store.device_by_token(secret::hash(&b_token)).await.unwrap();
    assert_eq!(
        owner,
        Some(TokenOwner {
            auth: b,
            removed: true
        })
    );

    // A push that authenticated before the removal is refused inside the store.
    let late = store.push(b, vec![op(b_id, 3, "b3")], now_ms()).await;
    assert!(matches!(late, Err(StoreError::DeviceRemoved)), "{late:?}");

    // Its series is all still there, and the rest of the team carries on.
    let page = store.pull(a.team_id, 0, 100).await.unwrap();
    let payloads: Vec<&str> = page.ops.iter().map(|o| o.op.payload.as_str()).collect();
    assert_eq!(payloads, ["b1", "b2"]);
    assert_eq!(store.status(a.team_id).await.unwrap().heads[&b_id], 2);
    let pushed = store.push(a, vec![op(a.device_id, 1, "a1")], now_ms());
    assert_eq!(pushed.await.unwrap().latest_seq, 3);
}

/// Every case, handed to `$emit` (which wraps each in a test for one store).
macro_rules! cases {
    ($emit:ident) => {
        $emit!(
            tokens_resolve_to_their_device_only,
            pushes_take_the_next_index_and_gapless_team_sequences,
            a_byte_identical_resend_is_a_duplicate,
            each_refusal_has_its_code_and_moves_nothing,
            pull_pages_in_order_and_says_when_up_to_date,
            teams_see_only_their_own_ops,
            invites_admit_one_device_and_refuse_the_rest,
            committed_pushes_are_announced,
            concurrent_pushes_keep_the_sequence_gapless,
            payloads_are_stored_verbatim,
            a_removed_device_pushes_nothing_and_its_series_stays
        );
    };
}

mod sqlite {
    use super::*;

    macro_rules! emit {
        ($($case:ident),*) => {$(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let fixture = sqlite_store().await;
                super::$case(fixture.store.clone()).await;
            }
        )*};
    }
    cases!(emit);
}

mod postgres {
    use super::*;

    macro_rules! emit {
        ($($case:ident),*) => {$(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                super::$case(postgres_store().await).await;
            }
        )*};
    }
    cases!(emit);
}
