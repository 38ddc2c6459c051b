//! Two profiles become a team through a real `meridian-server` (in process, real HTTP on
//! loopback, real SQLite file): they see each other, exchange a notification, converge after
//! one worked offline, and the server never holds a readable payload.

use meridian::model::{OnboardingInput, WeeklyHours};
use meridian::{Meridian, NoEvents, SystemClock};
mod common;

use common::Server;
use std::path::Path;
use std::sync::Arc;

fn profile(dir: &Path, name: &str, handle: &str, zone: &str) -> Meridian {
    let mut meridian =
        Meridian::open(dir, Arc::new(SystemClock), Arc::new(NoEvents)).expect("open profile");
    meridian
        .complete_onboarding(OnboardingInput {
            display_name: name.into(),
            handle: handle.into(),
            time_zone: zone.into(),
            working_hours: WeeklyHours::standard(),
            team_name: "Engines".into(),
        })
        .expect("onboarding");
    meridian
}

fn handles(meridian: &Meridian) -> Vec<String> {
    let mut handles: Vec<String> = meridian
        .members()
        .unwrap()
        .into_iter()
        .map(|member| member.handle)
        .collect();
    handles.sort();
    handles
}

#[test]
fn two_profiles_become_a_team_and_converge_after_working_offline() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), None);
    let (ada_dir, grace_dir) = (dir.path().join("ada"), dir.path().join("grace"));
    let mut ada = profile(&ada_dir, "Ada Lovelace", "ada", "Europe/London");
    let mut grace = profile(&grace_dir, "Grace Hopper", "grace", "America/New_York");

    let created = meridian_sync::create_team(&mut ada, &server.url()).expect("create team");
    assert!(created.invite_code.starts_with("meridian-invite-1."));
    assert!(created.report.pushed > 0);
    let joined = meridian_sync::join_team(&mut grace, &created.invite_code).expect("join");
    assert!(joined.pulled > 0, "grace pulled ada's log");
    assert_eq!(handles(&grace), ["ada", "grace"]);
    meridian_sync::sync(&mut ada).expect("ada syncs");
    assert_eq!(handles(&ada), ["ada", "grace"]);
    assert_eq!(ada.sync_state().unwrap().state, "up_to_date");

    // A note from Grace reaches Ada's inbox; its words never reach the server readable.
    let secret = "zebra-canary-7f3a";
    grace
        .queue_notification("ada", Some("grace"), "mention", secret, None, false)
        .expect("queue");
    meridian_sync::sync(&mut grace).unwrap();
    meridian_sync::sync(&mut ada).unwrap();
    assert!(ada
        .inbox(10)
        .unwrap()
        .iter()
        .any(|item| item.title == secret));
    let stored = std::fs::read(&server.database).unwrap();
    let wal = std::fs::read(server.database.with_extension("sqlite3-wal")).unwrap_or_default();
    for bytes in [&stored, &wal] {
        assert!(
            !bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes()),
            "the server's files hold the plaintext"
        );
    }

    // Grace works offline: her change waits, the state says so, nothing is lost.
    let address = server.address;
    server.stop();
    grace.start_focus(50, Some("offline work")).unwrap();
    let error = meridian_sync::sync(&mut grace).unwrap_err();
    assert_eq!(error.kind(), meridian::ErrorKind::Offline, "{error}");
    let state = grace.sync_state().unwrap();
    assert_eq!(state.state, "offline");
    assert!(state.pending > 0);
    assert!(state.summary.contains("waiting"), "{}", state.summary);

    // Back online on the same address: both converge.
    let _server = Server::start(dir.path(), Some(address));
    meridian_sync::sync(&mut grace).expect("grace syncs after the outage");
    meridian_sync::sync(&mut ada).expect("ada syncs");
    assert_eq!(grace.sync_state().unwrap().state, "up_to_date");
    let board = ada.team_board().unwrap();
    let grace_row = board
        .members
        .iter()
        .find(|row| row.member.handle == "grace")
        .expect("grace on ada's board");
    assert_eq!(grace_row.status.as_str(), "focusing", "{grace_row:?}");
    assert_eq!(ada.op_count().unwrap(), grace.op_count().unwrap());
}

#[test]
fn a_wrong_team_key_refuses_to_sync_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), None);
    let mut ada = profile(
        &dir.path().join("ada"),
        "Ada Lovelace",
        "ada",
        "Europe/London",
    );
    let created = meridian_sync::create_team(&mut ada, &server.url()).unwrap();
    // The same server and invite secret, but another team key.
    let mut invite = meridian_sync::Invite::from_code(&created.invite_code).unwrap();
    invite.key = meridian_sync::TeamKey::generate().to_text();
    let mut mallory = profile(&dir.path().join("m"), "Mallory", "mallory", "UTC");
    let error = meridian_sync::join_team(&mut mallory, &invite.to_code()).unwrap_err();
    assert!(error.to_string().contains("team key"), "{error}");
    // Nothing of Mallory's went up: Ada sees no one new.
    meridian_sync::sync(&mut ada).unwrap();
    assert_eq!(handles(&ada), ["ada"]);
}

#[test]
fn bad_server_addresses_and_invites_are_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let mut ada = profile(dir.path(), "Ada Lovelace", "ada", "Europe/London");
    let error = meridian_sync::create_team(&mut ada, "127.0.0.1:8470").unwrap_err();
    assert!(error.to_string().contains("http://"), "{error}");
    let error = meridian_sync::join_team(&mut ada, "not-an-invite").unwrap_err();
    assert!(error.to_string().contains("meridian-invite-1."), "{error}");
    let error = meridian_sync::create_team(&mut ada, "http://127.0.0.1:9").unwrap_err();
    assert_eq!(error.kind(), meridian::ErrorKind::Offline, "{error}");
    assert!(
        ada.sync_config().unwrap().is_none(),
        "nothing stored on refusal"
    );
}

/// A pass tells the front end that the sync state moved (`sync_changed`), and that team data
/// changed (`external_change`) only when something came down, so an idle pass reloads no
/// screen.
#[test]
fn a_pass_announces_team_data_only_when_some_came_down() {
    use meridian::events::RecordedEvents;
    use meridian::CoreEvent;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), None);
    let events = Arc::new(RecordedEvents::default());
    let mut ada = Meridian::open(
        &dir.path().join("ada"),
        Arc::new(SystemClock),
        events.clone(),
    )
    .unwrap();
    ada.complete_onboarding(OnboardingInput {
        display_name: "Ada Lovelace".into(),
        handle: "ada".into(),
        time_zone: "Europe/London".into(),
        working_hours: WeeklyHours::standard(),
        team_name: "Engines".into(),
    })
    .unwrap();
    let created = meridian_sync::create_team(&mut ada, &server.url()).unwrap();
    let mut grace = profile(&dir.path().join("grace"), "Grace Hopper", "grace", "UTC");
    meridian_sync::join_team(&mut grace, &created.invite_code).unwrap();
    let take = || std::mem::take(&mut *events.0.lock().unwrap());

    meridian_sync::sync(&mut ada).unwrap(); // grace's log comes down
    let first = take();
    assert!(first.contains(&CoreEvent::SyncChanged), "{first:?}");
    assert!(first.contains(&CoreEvent::ExternalChange), "{first:?}");
    meridian_sync::sync(&mut ada).unwrap(); // nothing new
    assert_eq!(take(), [CoreEvent::SyncChanged]);
}

#[test]
fn a_teammates_synced_post_becomes_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let _server = Server::start(dir.path(), None);
    let (ada_dir, grace_dir) = (dir.path().join("ada"), dir.path().join("grace"));
    let mut ada = profile(&ada_dir, "Ada Lovelace", "ada", "Europe/London");
    let mut grace = profile(&grace_dir, "Grace Hopper", "grace", "America/New_York");
    ada.attach_search(Arc::new(
        meridian_search::TantivyIndex::open_in(&ada_dir, meridian_search::WriterBudget::SMALL)
            .unwrap(),
    ));
    let created = meridian_sync::create_team(&mut ada, &_server.url()).expect("create team");
    meridian_sync::join_team(&mut grace, &created.invite_code).expect("join");
    assert!(ada.search("compiler", 10).unwrap().hits.is_empty());

    grace
        .create_channel(&meridian::model::ChannelInput {
            name: "engineering".into(),
            private: false,
            reason: None,
            expect: None,
            members: vec![],
        })
        .unwrap();
    let thread = grace
        .create_thread(
            "engineering",
            "Compiler notes",
            "The first compiler ran today.",
        )
        .unwrap()
        .id;
    meridian_sync::sync(&mut grace).unwrap();
    meridian_sync::sync(&mut ada).unwrap();

    let results = ada
        .search("compiler from:@grace in:#engineering", 10)
        .unwrap();
    assert_eq!(results.indexing, None);
    let ids: Vec<&str> = results.hits.iter().map(|hit| hit.id.as_str()).collect();
    assert_eq!(ids, [thread.as_str()]);
    assert_eq!(results.hits[0].author.as_deref(), Some("@grace"));
}

/// The server answering slowly never holds the profile: while a pass waits on the network,
/// the person (the window, the CLI) can still write, and what they wrote goes up in that same
/// pass.
#[test]
fn a_pass_leaves_the_profile_free_while_the_server_answers() {
    use meridian::sync::SyncTransport;
    use meridian_protocol::{OpEnvelope, PullResponse, PushResponse, SyncStatus};
    use std::sync::mpsc;
    use std::sync::Mutex;

    /// The real transport, but its first question waits until the test lets it through.
    struct Gated {
        inner: meridian_sync::HttpTransport,
        entered: Mutex<Option<mpsc::Sender<()>>>,
        release: Mutex<mpsc::Receiver<()>>,
    }
    impl SyncTransport for Gated {
        fn status(&self) -> meridian::Result<SyncStatus> {
            if let Some(entered) = self.entered.lock().unwrap().take() {
                entered.send(()).unwrap();
                self.release.lock().unwrap().recv().unwrap();
            }
            self.inner.status()
        }
        fn push(&self, ops: &[OpEnvelope]) -> meridian::Result<PushResponse> {
            self.inner.push(ops)
        }
        fn pull(&self, after_seq: u64, limit: u32) -> meridian::Result<PullResponse> {
            self.inner.pull(after_seq, limit)
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), None);
    let mut ada = profile(&dir.path().join("ada"), "Ada", "ada", "Europe/London");
    meridian_sync::create_team(&mut ada, &server.url()).unwrap();
    let config = ada.require_sync_config().unwrap();
    let core = Arc::new(Mutex::new(ada));
    let (entered, in_status) = mpsc::channel();
    let (let_through, release) = mpsc::channel();
    let gated = Gated {
        inner: meridian_sync::HttpTransport::new(&config).unwrap(),
        entered: Mutex::new(Some(entered)),
        release: Mutex::new(release),
    };
    let pass = {
        let core = core.clone();
        std::thread::spawn(move || Meridian::sync_shared(&*core, &gated))
    };
    in_status.recv().expect("the pass asks the server");
    {
        let mut ada = core
            .try_lock()
            .expect("the profile is free while the server answers");
        ada.start_focus(25, Some("written during a pass")).unwrap();
    }
    let_through.send(()).unwrap();
    let report = pass.join().unwrap().expect("the pass finishes");
    assert!(report.pushed >= 1, "the focus session went up: {report:?}");
    let ada = core.lock().unwrap();
    assert_eq!(ada.sync_state().unwrap().pending, 0);
    assert_eq!(ada.sync_state().unwrap().state, "up_to_date");
}

/// The background sync that the app and `meridian daemon` run: a teammate's change arrives
/// through the server's live events, without anyone asking for a pass.
#[test]
fn the_background_sync_brings_a_teammates_change_live() {
    use meridian::app::Lend;
    use meridian_sync::background::{Background, Host};
    use std::sync::Mutex;

    struct Shared(Mutex<Meridian>);
    impl Lend for Shared {
        fn lend(
            &self,
            step: &mut dyn FnMut(&mut Meridian) -> meridian::Result<()>,
        ) -> meridian::Result<()> {
            self.0.lend(step)
        }
    }
    impl Host for Shared {}

    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), None);
    let mut ada = profile(&dir.path().join("ada"), "Ada", "ada", "Europe/London");
    let mut grace = profile(&dir.path().join("grace"), "Grace", "grace", "UTC");
    let created = meridian_sync::create_team(&mut ada, &server.url()).unwrap();
    meridian_sync::join_team(&mut grace, &created.invite_code).unwrap();
    let ada = Arc::new(Shared(Mutex::new(ada)));
    let _background = Background::start(ada.clone());

    grace.start_focus(50, Some("deep work")).unwrap();
    meridian_sync::sync(&mut grace).unwrap();
    let focusing = || {
        let ada = ada.0.lock().unwrap();
        ada.team_board()
            .unwrap()
            .members
            .iter()
            .any(|row| row.member.handle == "grace" && row.status.as_str() == "focusing")
    };
    // Well inside the 60 s periodic pass: only the live event can bring it this soon.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !focusing() {
        assert!(
            std::time::Instant::now() < deadline,
            "grace's focus never reached ada through the live events"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// "Join a team" in onboarding: a new profile becomes a member of the inviter's team (its
/// name included) in one step; a form the core refuses writes nothing and leaves the
/// single-use invite unspent.
#[test]
fn a_new_profile_joins_a_team_from_onboarding() {
    use meridian::app::Exclusive;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), None);
    let mut ada = profile(&dir.path().join("ada"), "Ada", "ada", "Europe/London");
    let created = meridian_sync::create_team(&mut ada, &server.url()).unwrap();
    let mut grace = Meridian::open(
        &dir.path().join("grace"),
        Arc::new(SystemClock),
        Arc::new(NoEvents),
    )
    .unwrap();
    let form = |handle: &str| OnboardingInput {
        display_name: "Grace Hopper".into(),
        handle: handle.into(),
        time_zone: "America/New_York".into(),
        working_hours: WeeklyHours::standard(),
        // Ignored when joining: the team's name is the inviter's.
        team_name: String::new(),
    };

    let ops_before = grace.op_count().unwrap();
    let refused = meridian_sync::join_team_onboarding(
        &Exclusive::new(&mut grace),
        &created.invite_code,
        form("g"),
    )
    .unwrap_err();
    assert_eq!(refused.kind(), meridian::ErrorKind::Invalid, "{refused}");
    assert_eq!(grace.op_count().unwrap(), ops_before, "nothing written");
    assert!(grace.sync_config().unwrap().is_none());

    meridian_sync::join_team_onboarding(
        &Exclusive::new(&mut grace),
        &created.invite_code,
        form("grace"),
    )
    .expect("the same invite still works");
    assert_eq!(handles(&grace), ["ada", "grace"]);
    assert_eq!(grace.team().unwrap().unwrap().name, "Engines");
    assert_eq!(
        grace.team().unwrap().unwrap().id,
        ada.team().unwrap().unwrap().id,
        "one team, not two of the same name"
    );
    meridian_sync::sync(&mut ada).unwrap();
    assert_eq!(handles(&ada), ["ada", "grace"]);
    assert_eq!(grace.sync_state().unwrap().state, "up_to_date");
}
