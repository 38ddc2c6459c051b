//! One running Meridian per profile: a second launch shows the running window and exits, and
//! a launch while the previous instance is still quitting waits for it and takes over.
//!
//! Why not tauri-plugin-single-instance: on Linux it keys the instance on a D-Bus name of the
//! app identifier, so two profiles (two `MERIDIAN_HOME`s) cannot run side by side, and an
//! instance that is quitting still owns the name but no longer answers, so a relaunch at that
//! moment died with `org.freedesktop.DBus.Error.NoReply`.
//!
//! Here the instance is the process holding an OS lock on `instance.lock` in the profile's data
//! directory. The kernel releases that lock when the holder dies, however it dies, so a crash
//! never leaves the profile locked. Next to it the holder listens on a local socket
//! (`instance.sock`; loopback TCP with its port in `instance.port` where Unix sockets are not
//! available) over which a later launch asks it to show its window. The answer comes from its
//! event loop, after the window was shown, so an instance whose loop has ended never says "OK".
//! When the holder quits it first stops answering and removes its address, then releases the
//! lock as its event loop ends, before the rest of the shutdown: a launch in between finds the
//! lock held and nobody answering, waits for the lock, and becomes the instance.
//!
//! Everything is std (file locks, Unix and TCP sockets): no dependency, no D-Bus.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
#[cfg(unix)]
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, RunEvent, Runtime};

const LOCK_FILE: &str = "instance.lock";
#[cfg(unix)]
const SOCKET_FILE: &str = "instance.sock";
const PORT_FILE: &str = "instance.port";

/// What a launch sends to the running instance. Versioned, so that a future request (say,
/// with arguments) is not mistaken for this one.
const REQUEST: &str = "meridian show 1\n";
/// How the instance's answer starts once the window was shown; "visible" or "hidden" follows.
const ANSWER_OK: &str = "OK";
/// Longest request or answer line read; anything longer is not Meridian talking.
const MAX_LINE: u64 = 64;

/// How long the holder gives a connected client to send its request.
const REQUEST_READ_BOUND: Duration = Duration::from_secs(1);
/// How long the holder waits for its main thread to show the window before it does not answer.
const SHOW_BOUND: Duration = Duration::from_millis(1500);

/// The bounds a launch works with when another process holds the profile.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// How long a running instance may take to answer "show your window". A live instance
    /// answers in milliseconds; one that is quitting closes the connection or is gone.
    pub reply: Duration,
    /// How long to wait for a silent holder to release the profile before giving up. Quitting
    /// takes well under a second; this only runs out if the holder is hung.
    pub takeover: Duration,
    /// How often to ask a silent holder again while waiting: it may have been starting up
    /// (lock taken, event loop not yet running) rather than quitting.
    pub recontact: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            reply: Duration::from_secs(2),
            takeover: Duration::from_secs(10),
            recontact: Duration::from_millis(250),
        }
    }
}

/// The outcome of a launch's claim on a profile.
#[derive(Debug)]
pub enum Claim {
    /// This process is the profile's instance until it exits or calls [`Instance::release`].
    Primary(Instance),
    /// Another process is the instance and has shown its window; this launch is done.
    Forwarded,
}

/// Claims the profile in `data_dir` for this process, or hands the launch to its instance.
pub fn claim(data_dir: &Path, timing: Timing) -> io::Result<Claim> {
    std::fs::create_dir_all(data_dir)?;
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(data_dir.join(LOCK_FILE))?;
    match lock.try_lock() {
        Ok(()) => return Instance::start(data_dir, lock).map(Claim::Primary),
        Err(TryLockError::WouldBlock) => {}
        Err(TryLockError::Error(err)) => return Err(err),
    }
    if ask_to_show(data_dir, timing.reply) {
        return Ok(Claim::Forwarded);
    }

    // Nobody answered: the holder is quitting (or just starting). Wait for the lock in a
    // thread, so that the kernel wakes this launch the moment it is released, and meanwhile
    // keep asking in case the holder was starting and now answers.
    let (taken, lock_result) = mpsc::channel();
    std::thread::spawn(move || {
        let result = loop {
            match lock.lock() {
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                result => break result,
            }
        };
        let _ = taken.send((lock, result));
    });
    let deadline = Instant::now() + timing.takeover;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "Meridian is already running for the profile in {} but did not respond \
                     within {:?}; quit that instance (or end its process) and try again",
                    data_dir.display(),
                    timing.takeover
                ),
            ));
        }
        match lock_result.recv_timeout(timing.recontact.min(left)) {
            Ok((lock, Ok(()))) => return Instance::start(data_dir, lock).map(Claim::Primary),
            Ok((_, Err(err))) => return Err(err),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if ask_to_show(data_dir, timing.reply.min(left)) {
                    return Ok(Claim::Forwarded);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the lock waiter stopped unexpectedly"))
            }
        }
    }
}

/// Claims the profile Meridian will open (`MERIDIAN_HOME`, else the OS data directory), for
/// the app's start-up: exits the process when the launch was handed to the running instance
/// (status 0) or the profile's instance neither answers nor quits (status 1). `None` when
/// there is no data directory to lock; the app then starts so that its window can say why
/// the profile cannot be opened.
pub fn claim_or_exit() -> Option<Instance> {
    let data_dir = match meridian::log::store::data_dir() {
        Ok(dir) => dir,
        Err(err) => {
            tracing::warn!(error = %err.for_log(), "no single-instance guard");
            return None;
        }
    };
    match claim(&data_dir, Timing::default()) {
        Ok(Claim::Primary(instance)) => Some(instance),
        Ok(Claim::Forwarded) => std::process::exit(0),
        Err(err) if err.kind() == io::ErrorKind::TimedOut => {
            tracing::error!(error = %err, "could not start: the running instance neither answers nor quits");
            std::process::exit(1);
        }
        Err(err) => {
            // An unwritable or odd data directory: the core reports it in the window, which
            // is more use to the user than a launch that silently does nothing.
            tracing::warn!(dir = %data_dir.display(), error = %err, "no single-instance guard");
            None
        }
    }
}

/// Asks the profile's running instance to show its window; true once it says it did.
fn ask_to_show(data_dir: &Path, bound: Duration) -> bool {
    let deadline = Instant::now() + bound;
    #[cfg(unix)]
    if let Ok(stream) = UnixStream::connect(data_dir.join(SOCKET_FILE)) {
        return exchange(stream, deadline);
    }
    let Some(port) = std::fs::read_to_string(data_dir.join(PORT_FILE))
        .ok()
        .and_then(|text| text.trim().parse::<u16>().ok())
    else {
        return false;
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    match TcpStream::connect_timeout(&address, bound) {
        Ok(stream) => exchange(stream, deadline),
        Err(_) => false,
    }
}

fn exchange<S: Connection>(mut stream: S, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() || stream.set_timeouts(left).is_err() {
        return false;
    }
    if stream.write_all(REQUEST.as_bytes()).is_err() {
        return false;
    }
    // A quitting holder closes the connection (empty answer); a hung one runs into the timeout.
    read_line(&mut stream).is_some_and(|answer| answer.starts_with(ANSWER_OK))
}

fn read_line<S: Read>(stream: &mut S) -> Option<String> {
    let mut line = String::new();
    BufReader::new(stream.take(MAX_LINE))
        .read_line(&mut line)
        .ok()?;
    line.ends_with('\n').then_some(line)
}

/// A connected stream of either kind, with the timeouts both kinds support.
trait Connection: Read + Write {
    fn set_timeouts(&self, timeout: Duration) -> io::Result<()>;
}

#[cfg(unix)]
impl Connection for UnixStream {
    fn set_timeouts(&self, timeout: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(timeout))?;
        self.set_write_timeout(Some(timeout))
    }
}

impl Connection for TcpStream {
    fn set_timeouts(&self, timeout: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(timeout))?;
        self.set_write_timeout(Some(timeout))
    }
}

/// Where the instance listens for later launches.
#[derive(Debug)]
enum Listener {
    #[cfg(unix)]
    Unix(UnixListener),
    Tcp(TcpListener),
}

/// This process's claim on a profile: the locked `instance.lock` and the listener.
#[derive(Debug)]
pub struct Instance {
    lock: File,
    /// The file naming this instance's address (the socket itself, or the port file).
    address_file: Option<PathBuf>,
    /// Taken by [`Instance::serve_with`], which moves it to the answering thread.
    listener: Mutex<Option<Listener>>,
    quitting: Arc<AtomicBool>,
}

impl Instance {
    /// Becomes the profile's instance: records the pid (for people looking at the file) and
    /// starts listening. Files left by a holder that crashed are replaced: this process holds
    /// the lock, so no other process can be using them.
    fn start(data_dir: &Path, mut lock: File) -> io::Result<Instance> {
        lock.set_len(0)?;
        writeln!(lock, "{}", std::process::id())?;
        let (listener, address_file) = match listen(data_dir) {
            Ok((listener, file)) => (Some(listener), Some(file)),
            Err(err) => {
                // Still the instance; later launches will wait for this one to quit.
                tracing::warn!(error = %err, "a second launch cannot reach this one");
                (None, None)
            }
        };
        Ok(Instance {
            lock,
            address_file,
            listener: Mutex::new(listener),
            quitting: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Answers later launches of this profile by showing the app's main window with `show`.
    pub fn serve<R: Runtime>(&self, app: &AppHandle<R>, show: fn(&AppHandle<R>)) {
        let app = app.clone();
        self.serve_with(move || show_on_main_thread(&app, show));
    }

    /// Answers later launches with `show`, which returns whether the window is now visible
    /// (false when it could not run, e.g. the event loop has ended). Runs on its own thread;
    /// one request at a time is plenty for launches by hand.
    pub fn serve_with(&self, show: impl Fn() -> Option<bool> + Send + 'static) {
        let Some(listener) = self
            .listener
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
        else {
            return;
        };
        let quitting = self.quitting.clone();
        std::thread::spawn(move || match listener {
            #[cfg(unix)]
            Listener::Unix(listener) => {
                for stream in listener.incoming().flatten() {
                    answer(stream, &quitting, &show);
                }
            }
            Listener::Tcp(listener) => {
                for stream in listener.incoming().flatten() {
                    answer(stream, &quitting, &show);
                }
            }
        });
    }

    /// Follows the app's life: stops answering once it is asked to exit (so no launch is
    /// told "shown" by a window about to close) and releases the profile as its event loop
    /// ends, before Tauri's clean-up and the process exit, so that a relaunch takes over at
    /// once. Meridian never prevents an exit request, so stopping early loses nothing.
    pub fn on_run_event(&self, event: &RunEvent) {
        match event {
            RunEvent::ExitRequested { .. } => self.stop_answering(),
            RunEvent::Exit => self.release(),
            _ => {}
        }
    }

    /// Stops answering later launches and removes this instance's address, so that they go
    /// straight to waiting for the lock instead of timing out on a connection.
    pub fn stop_answering(&self) {
        self.quitting.store(true, Ordering::SeqCst);
        if let Some(file) = &self.address_file {
            // Removed while the lock is still held, so it is never a successor's file.
            let _ = std::fs::remove_file(file);
        }
    }

    /// Gives the profile up: a waiting or later launch becomes the instance. Idempotent.
    pub fn release(&self) {
        self.stop_answering();
        let _ = self.lock.unlock();
    }
}

/// Binds this instance's address: a Unix socket in the data directory, or loopback TCP where
/// there are none or the path is too long for one (about 100 bytes).
fn listen(data_dir: &Path) -> io::Result<(Listener, PathBuf)> {
    let port_file = data_dir.join(PORT_FILE);
    #[cfg(unix)]
    {
        let socket = data_dir.join(SOCKET_FILE);
        remove_if_present(&socket)?;
        if let Ok(listener) = UnixListener::bind(&socket) {
            // A port file from an earlier fallback would send launches to a dead port.
            remove_if_present(&port_file)?;
            return Ok((Listener::Unix(listener), socket));
        }
    }
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let port = listener.local_addr()?.port();
    // Written aside and renamed, so a launch never reads half a port number.
    let partial = data_dir.join(format!("{PORT_FILE}.partial"));
    std::fs::write(&partial, format!("{port}\n"))?;
    std::fs::rename(&partial, &port_file)?;
    Ok((Listener::Tcp(listener), port_file))
}

#[cfg(unix)]
fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// Serves one launch: reads its request, shows the window and says so. Says nothing (closes
/// the connection) when quitting, so the launch goes on to wait for the lock.
fn answer<S: Connection>(mut stream: S, quitting: &AtomicBool, show: &impl Fn() -> Option<bool>) {
    if quitting.load(Ordering::SeqCst) || stream.set_timeouts(REQUEST_READ_BOUND).is_err() {
        return;
    }
    if read_line(&mut stream).as_deref() != Some(REQUEST) {
        return;
    }
    let Some(visible) = show() else {
        return;
    };
    if quitting.load(Ordering::SeqCst) {
        return;
    }
    let state = if visible { "visible" } else { "hidden" };
    let _ = stream.write_all(format!("{ANSWER_OK} {state}\n").as_bytes());
}

/// Runs `show` on the app's main thread and reports whether the main window is visible
/// afterwards; `None` if the event loop did not run it in time (it is ending, or stuck).
fn show_on_main_thread<R: Runtime>(app: &AppHandle<R>, show: fn(&AppHandle<R>)) -> Option<bool> {
    let (done, shown) = mpsc::channel();
    let handle = app.clone();
    app.run_on_main_thread(move || {
        show(&handle);
        let visible = handle
            .get_webview_window("main")
            .and_then(|window| window.is_visible().ok())
            .unwrap_or(false);
        let _ = done.send(visible);
    })
    .ok()?;
    shown.recv_timeout(SHOW_BOUND).ok()
}

#[cfg(test)]
mod tests;
