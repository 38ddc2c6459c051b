//! Tests of the per-profile instance guard with real locks and sockets in temporary profiles.

use super::*;
use std::sync::atomic::AtomicUsize;

/// Short bounds, so that the tests that run into them finish quickly.
fn fast() -> Timing {
    Timing {
        reply: Duration::from_millis(500),
        takeover: Duration::from_secs(5),
        recontact: Duration::from_millis(50),
    }
}

fn primary(dir: &Path) -> Instance {
    match claim(dir, fast()).expect("claim") {
        Claim::Primary(instance) => instance,
        Claim::Forwarded => panic!("expected to become the instance of {}", dir.display()),
    }
}

/// Serves with a window that is always shown, counting the requests.
fn serve_counting(instance: &Instance) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    instance.serve_with(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        Some(true)
    });
    count
}

#[test]
fn a_second_launch_is_handed_to_the_running_instance() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = primary(dir.path());
    let shown = serve_counting(&first);
    assert!(matches!(claim(dir.path(), fast()), Ok(Claim::Forwarded)));
    assert_eq!(shown.load(Ordering::SeqCst), 1);
    let recorded = std::fs::read_to_string(dir.path().join(LOCK_FILE)).expect("lock file");
    assert_eq!(recorded.trim(), std::process::id().to_string());
}

#[test]
fn each_profile_has_its_own_instance() {
    let one = tempfile::tempdir().expect("temp dir");
    let two = tempfile::tempdir().expect("temp dir");
    let first = primary(one.path());
    let _shown = serve_counting(&first);
    // Held at the same time: a second profile is not a second launch of the first.
    let _second = primary(two.path());
}

#[test]
fn the_answer_says_whether_the_window_is_visible_and_ignores_strangers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let instance = primary(dir.path());
    let shown = serve_counting(&instance);
    let talk = |request: &str| {
        #[cfg(unix)]
        let mut stream = UnixStream::connect(dir.path().join(SOCKET_FILE)).expect("connect");
        #[cfg(not(unix))]
        let mut stream = {
            let port = std::fs::read_to_string(dir.path().join(PORT_FILE)).expect("port file");
            TcpStream::connect((
                Ipv4Addr::LOCALHOST,
                port.trim().parse::<u16>().expect("port"),
            ))
            .expect("connect")
        };
        stream
            .set_timeouts(Duration::from_secs(5))
            .expect("timeouts");
        stream.write_all(request.as_bytes()).expect("write");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read");
        answer
    };
    assert_eq!(talk("hello\n"), "");
    assert_eq!(
        shown.load(Ordering::SeqCst),
        0,
        "a stranger's line shows nothing"
    );
    assert_eq!(talk(REQUEST), "OK visible\n");
    assert_eq!(shown.load(Ordering::SeqCst), 1);
}

#[test]
fn a_launch_while_the_instance_is_quitting_becomes_the_instance() {
    let dir = tempfile::tempdir().expect("temp dir");
    let quitting = primary(dir.path());
    let quitting = Arc::new(quitting);
    // The request arrives as the event loop ends: the window cannot be shown any more, and the
    // holder lets go of the profile right then.
    let holder = quitting.clone();
    quitting.serve_with(move || {
        holder.release();
        None
    });
    let started = Instant::now();
    let next = claim(dir.path(), fast()).expect("a launch during quit must not fail");
    assert!(matches!(next, Claim::Primary(_)), "{next:?}");
    assert!(started.elapsed() < fast().reply, "{:?}", started.elapsed());
}

/// The launch starts waiting while the lock is still held, and takes over the moment it is
/// released. Linux only: that is where the test can see the launch blocked on the lock.
#[cfg(target_os = "linux")]
#[test]
fn a_waiting_launch_takes_over_as_soon_as_the_lock_is_released() {
    use std::os::unix::fs::MetadataExt;

    let dir = tempfile::tempdir().expect("temp dir");
    let quitting = primary(dir.path());
    quitting.stop_answering();
    let path = dir.path().to_path_buf();
    let launch = std::thread::spawn(move || {
        let claim = claim(&path, fast());
        (claim, Instant::now())
    });

    // /proc/locks lists a process blocked on a lock as "N: -> FLOCK ... <dev>:<inode> ...".
    let inode = std::fs::metadata(dir.path().join(LOCK_FILE))
        .expect("lock file")
        .ino();
    let waiting = format!(":{inode} ");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !std::fs::read_to_string("/proc/locks")
        .expect("/proc/locks")
        .lines()
        .any(|line| line.contains("->") && line.contains(&waiting))
    {
        assert!(
            Instant::now() < deadline,
            "the launch never waited for the lock"
        );
        std::thread::yield_now();
    }

    let released = Instant::now();
    quitting.release();
    let (claim, done) = launch.join().expect("launch thread");
    assert!(matches!(claim, Ok(Claim::Primary(_))), "{claim:?}");
    let takeover = done.duration_since(released);
    assert!(takeover < Duration::from_millis(500), "took {takeover:?}");
}

#[test]
fn a_holder_that_neither_answers_nor_quits_fails_the_launch_after_the_bound() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Listening but never answering: a hung instance.
    let _hung = primary(dir.path());
    let timing = Timing {
        takeover: Duration::from_millis(600),
        ..fast()
    };
    let started = Instant::now();
    let err = claim(dir.path(), timing).expect_err("a hung holder keeps the profile");
    assert_eq!(err.kind(), io::ErrorKind::TimedOut, "{err}");
    assert!(err.to_string().contains("did not respond"), "{err}");
    let waited = started.elapsed();
    assert!(waited >= timing.takeover, "{waited:?}");
    assert!(waited < timing.takeover + 2 * timing.reply, "{waited:?}");
}

#[test]
fn a_released_or_crashed_instance_leaves_the_profile_free() {
    let dir = tempfile::tempdir().expect("temp dir");
    let quit = primary(dir.path());
    quit.release();
    let started = Instant::now();
    let next = primary(dir.path());
    assert!(started.elapsed() < fast().reply, "{:?}", started.elapsed());

    // A crash: the lock and the listener go with the process (here: with the value), but
    // the address file stays behind.
    drop(next);
    #[cfg(unix)]
    assert!(
        dir.path().join(SOCKET_FILE).exists(),
        "a crash leaves the socket file"
    );
    let after_crash = primary(dir.path());
    let shown = serve_counting(&after_crash);
    assert!(matches!(claim(dir.path(), fast()), Ok(Claim::Forwarded)));
    assert_eq!(shown.load(Ordering::SeqCst), 1);
}

/// Unix socket paths are limited to about 100 bytes; a deeper profile uses loopback TCP.
#[cfg(unix)]
#[test]
fn a_profile_too_deep_for_a_unix_socket_uses_loopback() {
    let dir = tempfile::tempdir().expect("temp dir");
    let deep = dir.path().join("d".repeat(60)).join("e".repeat(60));
    let first = primary(&deep);
    assert!(deep.join(PORT_FILE).exists());
    assert!(!deep.join(SOCKET_FILE).exists());
    let shown = serve_counting(&first);
    assert!(matches!(claim(&deep, fast()), Ok(Claim::Forwarded)));
    assert_eq!(shown.load(Ordering::SeqCst), 1);
    first.release();
    assert!(!deep.join(PORT_FILE).exists(), "the port file goes on quit");
}
