//! The log file rotates by size and keeps a few files: a chatty day never fills the disk.

use meridian_os::logs::{self, Process};

#[test]
fn a_log_that_outgrows_its_size_is_rotated_and_only_a_few_files_are_kept() {
    let home = tempfile::tempdir().unwrap();
    let dir = logs::start(home.path(), Process::Daemon).expect("log folder");
    // About 6 MiB of lines: six times what one file may hold.
    let filler = "x".repeat(200);
    for n in 0..30_000 {
        tracing::info!(target: "meridian::rotation_test", n, filler = %filler, "a line");
    }
    let mut files: Vec<(String, u64)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.metadata().unwrap().len(),
            )
        })
        .filter(|(name, _)| name.starts_with("daemon.log"))
        .collect();
    files.sort();
    assert_eq!(
        files
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>(),
        [
            "daemon.log",
            "daemon.log.1",
            "daemon.log.2",
            "daemon.log.3",
            "daemon.log.4"
        ],
        "{files:?}"
    );
    // A library's chatter below warnings stays out; Meridian's own lines are in.
    tracing::info!(target: "hyper::proto", "library chatter");
    tracing::warn!(target: "hyper::proto", "library warning");
    let current = std::fs::read_to_string(dir.join("daemon.log")).unwrap();
    assert!(!current.contains("library chatter") && current.contains("library warning"));
    for (name, size) in &files {
        assert!(*size <= 1024 * 1024 + 4096, "{name} holds {size} bytes");
    }
}
