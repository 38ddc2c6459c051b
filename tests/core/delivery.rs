//! Notification delivery on paused tokio time: a simulated week of digests at the chosen
//! instants, none during focus or outside hours, urgent at once, exactly once across restarts
//! and after the machine slept.

use crate::utc;
use chrono::{DateTime, Utc};
use meridian::model::{MemberInput, WeeklyHours};
use meridian::notify::scheduler::run_delivery_loop_with;
use meridian::notify::{Notifier, RecordingNotifier, SystemNotification};
use meridian::{Clock, Meridian, NoEvents};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// A clock that reads tokio's (paused) time, so sleeping an hour moves it by an hour.
#[derive(Debug)]
struct TokioClock {
    base: DateTime<Utc>,
    start: tokio::time::Instant,
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        self.base + chrono::Duration::from_std(self.start.elapsed()).expect("elapsed fits")
    }
}

struct Simulation {
    dir: tempfile::TempDir,
    clock: Arc<TokioClock>,
    notifier: Arc<RecordingNotifier>,
    meridian: Arc<Mutex<Meridian>>,
    kick: Arc<Notify>,
    stop: Option<(watch::Sender<bool>, tokio::task::JoinHandle<()>)>,
}

/// Shares one recording notifier between scheduler instances.
struct SharedNotifier(Arc<RecordingNotifier>);

impl Notifier for SharedNotifier {
    fn show(&self, notification: &SystemNotification) -> meridian::Result<()> {
        self.0.show(notification)
    }
}

impl Simulation {
    /// Ada in Berlin, Mon–Fri 09:00–17:00, digests at 09:30, 13:00 and 16:30, a Tuesday
    /// focus block 12:30–14:30, and Grace in New York who sends things.
    fn new(start: &str) -> Simulation {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Arc::new(TokioClock {
            base: utc(start),
            start: tokio::time::Instant::now(),
        });
        let mut meridian =
            Meridian::open(dir.path(), clock.clone(), Arc::new(NoEvents)).expect("open");
        meridian
            .complete_onboarding(crate::ada())
            .expect("onboarding");
        meridian
            .add_member(MemberInput {
                display_name: "Grace Hopper".into(),
                handle: "grace".into(),
                time_zone: "America/New_York".into(),
                working_hours: WeeklyHours::standard(),
            })
            .expect("grace");
        let times: Vec<Vec<String>> = (0..7)
            .map(|_| vec!["09:30".to_owned(), "13:00".to_owned(), "16:30".to_owned()])
            .collect();
        meridian.set_notify_schedule(&times).expect("schedule");
        meridian
            .add_focus_block("ada", &[1], "12:30", "14:30", Some("Deep work"))
            .expect("block");
        let notifier = Arc::new(RecordingNotifier::new(clock.clone()));
        let mut simulation = Simulation {
            dir,
            clock,
            notifier,
            meridian: Arc::new(Mutex::new(meridian)),
            kick: Arc::new(Notify::new()),
            stop: None,
        };
        simulation.start();
        simulation
    }

    fn start(&mut self) {
        let (stop_tx, stop_rx) = watch::channel(false);
        let meridian = self.meridian.clone();
        let notifier = SharedNotifier(self.notifier.clone());
        let task = tokio::spawn(run_delivery_loop_with(
            self.clock.clone(),
            move || meridian.lock().expect("lock").deliver_due(&notifier),
            self.kick.clone(),
            stop_rx,
            Duration::from_secs(3600),
        ));
        self.stop = Some((stop_tx, task));
    }

    async fn stop(&mut self) {
        if let Some((stop, task)) = self.stop.take() {
            stop.send(true).expect("stop");
            task.await.expect("scheduler task");
        }
    }

    /// Restarts as a fresh process would: a new connection and a new scheduler.
    async fn restart(&mut self) {
        self.stop().await;
        let reopened = Meridian::open(self.dir.path(), self.clock.clone(), Arc::new(NoEvents))
            .expect("reopen");
        *self.meridian.lock().expect("lock") = reopened;
        self.start();
    }

    async fn sleep_until(&self, at: &str) {
        let target = utc(at);
        let now = self.clock.now();
        assert!(target >= now, "time only moves forward: {at}");
        tokio::time::sleep((target - now).to_std().expect("positive")).await;
    }

    fn send(&self, title: &str, kind: &str, urgent: bool) {
        self.meridian
            .lock()
            .expect("lock")
            .queue_notification("ada", Some("grace"), kind, title, None, urgent)
            .expect("queue");
        self.kick.notify_one();
    }

    fn shown(&self) -> Vec<(String, String)> {
        self.notifier
            .shown()
            .into_iter()
            .map(|(at, notification)| (meridian::log::ops::format_instant(at), notification.title))
            .collect()
    }
}

#[tokio::test(start_paused = true)]
async fn a_simulated_week_of_batched_delivery() {
    // Monday 2026-11-23 06:00Z = 07:00 Berlin.
    let mut sim = Simulation::new("2026-11-23T06:00:00Z");

    // Before working hours: two items wait for the 09:30 digest (08:30Z), as one notification.
    sim.send("Review the RFC", "mention", false);
    sim.send("Re: onboarding", "reply", false);
    sim.sleep_until("2026-11-23T08:29:59Z").await;
    assert!(sim.shown().is_empty(), "held until the first delivery time");
    sim.sleep_until("2026-11-23T08:30:01Z").await;
    assert_eq!(
        sim.shown(),
        vec![(
            "2026-11-23T08:30:00.000Z".to_owned(),
            "2 updates".to_owned()
        )]
    );
    let digest = &sim.notifier.shown()[0].1;
    assert!(
        digest.body.starts_with("1 mention, 1 reply"),
        "{}",
        digest.body
    );

    // Mid-morning item: the 13:00 delivery (12:00Z).
    sim.sleep_until("2026-11-23T10:00:00Z").await;
    sim.send("Budget numbers", "update", false);
    sim.sleep_until("2026-11-23T12:00:01Z").await;
    assert_eq!(
        sim.shown().last().unwrap(),
        &(
            "2026-11-23T12:00:00.000Z".to_owned(),
            "Budget numbers".to_owned()
        )
    );

    // Tuesday: the 13:00 delivery falls in the 12:30–14:30 focus block (11:30–13:30Z), so it
    // fires when the block ends; an urgent item during focus goes out at once.
    sim.sleep_until("2026-11-24T10:00:00Z").await;
    sim.send("Design review notes", "update", false);
    sim.send("Standup summary", "update", false);
    sim.sleep_until("2026-11-24T12:00:00Z").await;
    sim.send("Prod is down", "mention", true);
    sim.sleep_until("2026-11-24T12:00:01Z").await;
    assert_eq!(
        sim.shown().last().unwrap(),
        &(
            "2026-11-24T12:00:00.000Z".to_owned(),
            "Urgent: Prod is down".to_owned()
        )
    );
    let before_focus_end = sim.shown().len();
    sim.sleep_until("2026-11-24T13:29:59Z").await;
    assert_eq!(
        sim.shown().len(),
        before_focus_end,
        "nothing but the urgent item during focus"
    );
    sim.sleep_until("2026-11-24T13:30:01Z").await;
    assert_eq!(
        sim.shown().last().unwrap(),
        &(
            "2026-11-24T13:30:00.000Z".to_owned(),
            "2 updates".to_owned()
        )
    );

    // Wednesday evening, outside hours: held overnight until Thursday 09:30 (08:30Z) …
    sim.sleep_until("2026-11-25T17:00:00Z").await;
    sim.send("Evening thought", "update", false);
    // … and a restart in the night must not lose it or repeat anything.
    sim.sleep_until("2026-11-26T02:00:00Z").await;
    let count_before_restart = sim.shown().len();
    sim.restart().await;
    sim.sleep_until("2026-11-26T08:29:00Z").await;
    assert_eq!(
        sim.shown().len(),
        count_before_restart,
        "nothing at night, nothing repeated on restart"
    );
    sim.sleep_until("2026-11-26T08:31:00Z").await;
    assert_eq!(
        sim.shown().last().unwrap(),
        &(
            "2026-11-26T08:30:00.000Z".to_owned(),
            "Evening thought".to_owned()
        )
    );
    sim.restart().await;
    sim.sleep_until("2026-11-26T11:00:00Z").await;
    assert_eq!(
        sim.shown().len(),
        count_before_restart + 1,
        "a restart right after a digest repeats nothing"
    );

    // Friday: the machine sleeps through the 09:30 delivery time (no scheduler runs) and
    // wakes at 10:00Z: the missed digest goes out once, at wake.
    sim.sleep_until("2026-11-27T07:00:00Z").await;
    sim.send("Weekly plan", "update", false);
    sim.stop().await;
    sim.sleep_until("2026-11-27T10:00:00Z").await;
    sim.start();
    sim.sleep_until("2026-11-27T11:00:00Z").await;
    assert_eq!(
        sim.shown().last().unwrap(),
        &(
            "2026-11-27T10:00:00.000Z".to_owned(),
            "Weekly plan".to_owned()
        )
    );

    // The whole week, in order: every notification once, nothing at night or in focus.
    let expected = [
        ("2026-11-23T08:30:00.000Z", "2 updates"),
        ("2026-11-23T12:00:00.000Z", "Budget numbers"),
        ("2026-11-24T12:00:00.000Z", "Urgent: Prod is down"),
        ("2026-11-24T13:30:00.000Z", "2 updates"),
        ("2026-11-26T08:30:00.000Z", "Evening thought"),
        ("2026-11-27T10:00:00.000Z", "Weekly plan"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(at, title)| ((*at).to_owned(), (*title).to_owned()))
        .collect();
    sim.sleep_until("2026-11-29T23:00:00Z").await;
    assert_eq!(sim.shown(), expected);
    // The inbox had every item all along, now all covered.
    let inbox = sim.meridian.lock().unwrap().inbox(100).unwrap();
    assert_eq!(inbox.len(), 8);
    assert!(inbox.iter().all(|item| item.delivered));
    sim.stop().await;
}

#[tokio::test(start_paused = true)]
async fn urgent_outside_hours_waits_unless_allowed_and_allowlist_always_gets_through() {
    // Saturday 2026-11-28 10:00Z: Ada is off.
    let mut sim = Simulation::new("2026-11-28T10:00:00Z");
    sim.send("Server alarm", "mention", true);
    sim.sleep_until("2026-11-28T10:00:01Z").await;
    assert!(
        sim.shown().is_empty(),
        "urgent does not reach her outside hours by default"
    );
    sim.meridian
        .lock()
        .unwrap()
        .set_notify_prefs(true, &[])
        .unwrap();
    sim.kick.notify_one();
    sim.sleep_until("2026-11-28T10:00:02Z").await;
    assert_eq!(
        sim.shown(),
        vec![(
            "2026-11-28T10:00:01.000Z".to_owned(),
            "Urgent: Server alarm".to_owned()
        )]
    );

    sim.meridian
        .lock()
        .unwrap()
        .set_notify_prefs(false, &["grace".to_owned()])
        .unwrap();
    sim.send("Dinner plans", "update", false);
    sim.sleep_until("2026-11-28T10:00:03Z").await;
    assert_eq!(
        sim.shown().last().unwrap().1,
        "Dinner plans",
        "allowlisted senders always get through"
    );
    sim.stop().await;
}

#[tokio::test(start_paused = true)]
async fn whoever_is_on_call_gets_everything_at_once() {
    let mut sim = Simulation::new("2026-11-28T10:00:00Z");
    sim.meridian
        .lock()
        .unwrap()
        .set_rota(
            &["ada".to_owned()],
            24 * 7,
            "09:00",
            "Europe/Berlin",
            "2026-11-23",
        )
        .unwrap();
    sim.send("Disk at 90%", "update", false);
    sim.sleep_until("2026-11-28T10:00:01Z").await;
    assert_eq!(
        sim.shown(),
        vec![(
            "2026-11-28T10:00:00.000Z".to_owned(),
            "Disk at 90%".to_owned()
        )]
    );
    sim.stop().await;
}

#[test]
fn only_one_process_delivers_for_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let first = meridian::notify::scheduler::DeliveryLock::try_acquire(dir.path()).unwrap();
    assert!(first.is_some());
    // A second open of the lock file (as the daemon would) is refused while the first holds it.
    assert!(
        meridian::notify::scheduler::DeliveryLock::try_acquire(dir.path())
            .unwrap()
            .is_none()
    );
    drop(first);
    assert!(
        meridian::notify::scheduler::DeliveryLock::try_acquire(dir.path())
            .unwrap()
            .is_some()
    );
}
