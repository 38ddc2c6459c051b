//! The log files and crash reports of a Meridian process (the app, the CLI, the daemon), kept in
//! the profile's `logs/` folder: leveled lines rotated by size, and one crash report per panic.
//! Nothing is sent anywhere. What is logged names ids, counts, kinds and places in the code,
//! never what people wrote, who they are or any secret: callers log errors through
//! [`meridian::Error::for_log`], which keeps the text only of errors about the machine.

use meridian::{Clock, SystemClock};
use std::fs;
use std::io::Write;
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::layer::SubscriberExt;

/// A log file grows to this size before it is rotated…
const MAX_LOG_BYTES: usize = 1024 * 1024;
/// …and this many rotated files are kept beside the current one.
const KEPT_LOGS: usize = 4;
/// Crash reports kept; older ones are removed when a new one is written.
const KEPT_CRASH_REPORTS: usize = 10;

/// Which kind of process writes: each kind has its own file, so the app's log is not the
/// CLI's. Two processes of one kind (two CLI commands at once) append to the same file; each
/// line is one write, so lines stay whole, and a rotation at the same moment costs at most a
/// short extra file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Process {
    Desktop,
    Cli,
    Daemon,
}

impl Process {
    fn name(self) -> &'static str {
        match self {
            Process::Desktop => "desktop",
            Process::Cli => "cli",
            Process::Daemon => "daemon",
        }
    }
}

/// The profile's folder of logs and crash reports.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// The level from `MERIDIAN_LOG` (error, warn, info, debug, trace); info when unset.
fn level_from_env() -> Level {
    std::env::var("MERIDIAN_LOG")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(Level::INFO)
}

/// Starts logging for `process` into `data_dir/logs/<process>.log` and installs the panic hook
/// that writes crash reports there. Warnings and errors also go to stderr, except for the CLI,
/// whose stderr is the person's. Returns the folder, or `None` when it cannot be written (then
/// everything goes to stderr, and nothing is lost but the file).
pub fn start(data_dir: &Path, process: Process) -> Option<PathBuf> {
    let dir = log_dir(data_dir);
    let level = level_from_env();
    let file = fs::create_dir_all(&dir).ok().map(|()| {
        Mutex::new(file_rotate::FileRotate::new(
            dir.join(format!("{}.log", process.name())),
            file_rotate::suffix::AppendCount::new(KEPT_LOGS),
            file_rotate::ContentLimit::BytesSurpassed(MAX_LOG_BYTES),
            file_rotate::compression::Compression::None,
            Some(private_append()),
        ))
    });
    let builder = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(level);
    // Meridian's own crates at the chosen level; libraries only when they warn, so that
    // MERIDIAN_LOG=debug is about Meridian, not about every HTTP frame.
    let filter = Targets::new()
        .with_default(Level::WARN.min(level))
        .with_target("meridian", level);
    // A second start in one process (tests) keeps the first subscriber: nothing to do.
    let _ = match (file, process) {
        (Some(file), Process::Cli) => {
            tracing::subscriber::set_global_default(builder.with_writer(file).finish().with(filter))
        }
        (Some(file), _) => tracing::subscriber::set_global_default(
            builder
                .with_writer(file.and(std::io::stderr.with_max_level(Level::WARN)))
                .finish()
                .with(filter),
        ),
        (None, _) => tracing::subscriber::set_global_default(
            builder.with_writer(std::io::stderr).finish().with(filter),
        ),
    };
    install_crash_reports(dir.clone(), process);
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        process = process.name(),
        "started"
    );
    dir.is_dir().then_some(dir)
}

/// Log files readable by their owner only: they name the profile's devices and teammates' ids.
fn private_append() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.read(true).create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// On a panic: a crash report in `dir`, and one line on stderr saying where it stopped. In
/// release builds it replaces the default hook, whose message may quote data (and stderr may
/// be a journal); debug builds, tests among them, still print the message for the developer.
fn install_crash_reports(dir: PathBuf, process: Process) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if cfg!(debug_assertions) {
            previous(info);
        }
        let report = crash_report(info, process);
        let location = location_of(info);
        tracing::error!(location = %location, "panicked; a crash report was written");
        match write_crash_report(&dir, &report) {
            Some(path) => eprintln!(
                "Meridian crashed at {location}; the report is in {}",
                path.display()
            ),
            None => eprintln!("Meridian crashed at {location}"),
        }
    }));
}

fn location_of(info: &PanicHookInfo<'_>) -> String {
    info.location().map_or_else(
        || "unknown".to_owned(),
        |at| format!("{}:{}", at.file(), at.line()),
    )
}

/// The text of a crash report: version, process, thread, where, and the backtrace. Not the
/// panic's message: it may quote a title or a name, and where it stopped says what matters.
fn crash_report(info: &PanicHookInfo<'_>, process: Process) -> String {
    format!(
        "Meridian {version} crashed ({process})\n\
         time: {time}\n\
         os: {os} {arch}\n\
         thread: {thread}\n\
         at: {location}\n\
         \n\
         Nothing was sent anywhere. If you report this, attach this file.\n\
         \n\
         backtrace:\n{backtrace}\n",
        version = env!("CARGO_PKG_VERSION"),
        process = process.name(),
        time = SystemClock.now().to_rfc3339(),
        os = std::env::consts::OS,
        arch = std::env::consts::ARCH,
        thread = std::thread::current().name().unwrap_or("unnamed"),
        location = location_of(info),
        backtrace = std::backtrace::Backtrace::force_capture(),
    )
}

fn write_crash_report(dir: &Path, report: &str) -> Option<PathBuf> {
    fs::create_dir_all(dir).ok()?;
    let stamp = SystemClock.now().format("%Y%m%dT%H%M%S%.3fZ");
    let path = dir.join(format!("crash-{stamp}-{}.txt", std::process::id()));
    let mut file = fs::File::create(&path).ok()?;
    file.write_all(report.as_bytes()).ok()?;
    let mut old = crash_files(dir);
    old.sort();
    let excess = old.len().saturating_sub(KEPT_CRASH_REPORTS);
    for stale in old.into_iter().take(excess) {
        let _ = fs::remove_file(stale);
    }
    Some(path)
}

/// Every crash report in `dir`, read or not.
fn crash_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("crash-") && name.ends_with(".txt"))
        })
        .collect()
}

/// A crash report nobody has dismissed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrashReport {
    pub path: PathBuf,
    pub text: String,
}

/// The crash reports not yet dismissed, newest first.
pub fn unseen_crash_reports(data_dir: &Path) -> Vec<CrashReport> {
    let mut files: Vec<PathBuf> = crash_files(&log_dir(data_dir))
        .into_iter()
        .filter(|path| !seen_marker(path).exists())
        .collect();
    files.sort();
    files.reverse();
    files
        .into_iter()
        .filter_map(|path| {
            let text = fs::read_to_string(&path).ok()?;
            Some(CrashReport { path, text })
        })
        .collect()
}

fn seen_marker(report: &Path) -> PathBuf {
    report.with_extension("seen")
}

/// Whether `path` is one of this profile's crash reports (read or not).
pub fn is_crash_report(data_dir: &Path, path: &Path) -> bool {
    crash_files(&log_dir(data_dir))
        .iter()
        .any(|known| known == path)
}

/// Marks a crash report as read: it stays on disk (and in `doctor`), but is no longer shown.
/// Only reports in this profile's log folder can be dismissed.
pub fn dismiss_crash_report(data_dir: &Path, report: &Path) -> std::io::Result<()> {
    if !is_crash_report(data_dir, report) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such crash report in this profile",
        ));
    }
    fs::write(seen_marker(report), b"")
}

/// The last `count` lines at error level across the process logs, oldest first.
pub fn recent_errors(data_dir: &Path, count: usize) -> Vec<String> {
    let dir = log_dir(data_dir);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut lines: Vec<String> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.contains(".log"))
        })
        .filter_map(|path| fs::read_to_string(path).ok())
        .flat_map(|text| {
            text.lines()
                .filter(|line| line.contains(" ERROR "))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    // Each line starts with its RFC 3339 time, so text order is time order.
    lines.sort();
    let skip = lines.len().saturating_sub(count);
    lines.split_off(skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dismissed_report_is_no_longer_shown_but_stays_on_disk() {
        let home = tempfile::tempdir().unwrap();
        let dir = log_dir(home.path());
        let older = write_crash_report(&dir, "first").unwrap();
        let newer = dir.join("crash-99999999T000000.000Z-1.txt");
        fs::write(&newer, "second").unwrap();
        let shown: Vec<String> = unseen_crash_reports(home.path())
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(shown, ["second", "first"]);
        dismiss_crash_report(home.path(), &newer).unwrap();
        assert_eq!(unseen_crash_reports(home.path())[0].path, older);
        assert!(newer.exists());
        let elsewhere = home.path().join("crash-x.txt");
        fs::write(&elsewhere, "not a report of this profile").unwrap();
        assert!(dismiss_crash_report(home.path(), &elsewhere).is_err());
    }

    #[test]
    fn only_the_newest_crash_reports_are_kept() {
        let home = tempfile::tempdir().unwrap();
        let dir = log_dir(home.path());
        fs::create_dir_all(&dir).unwrap();
        for n in 0..KEPT_CRASH_REPORTS {
            fs::write(
                dir.join(format!("crash-2000010{n}T000000.000Z-1.txt")),
                "old",
            )
            .unwrap();
        }
        write_crash_report(&dir, "new").unwrap();
        let kept = crash_files(&dir);
        assert_eq!(kept.len(), KEPT_CRASH_REPORTS);
        assert!(!kept
            .iter()
            .any(|p| p.ends_with("crash-20000100T000000.000Z-1.txt")));
    }

    #[test]
    fn recent_errors_come_from_every_process_log_oldest_first() {
        let home = tempfile::tempdir().unwrap();
        let dir = log_dir(home.path());
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("desktop.log"),
            "2026-12-07T08:00:01Z ERROR meridian: b\n2026-12-07T08:00:02Z  INFO meridian: fine\n",
        )
        .unwrap();
        fs::write(
            dir.join("cli.log.1"),
            "2026-12-07T08:00:00Z ERROR meridian: a\n",
        )
        .unwrap();
        fs::write(
            dir.join("daemon.log"),
            "2026-12-07T08:00:03Z ERROR meridian: c\n",
        )
        .unwrap();
        let last_two = recent_errors(home.path(), 2);
        assert_eq!(
            last_two,
            [
                "2026-12-07T08:00:01Z ERROR meridian: b",
                "2026-12-07T08:00:03Z ERROR meridian: c"
            ]
        );
    }
}
