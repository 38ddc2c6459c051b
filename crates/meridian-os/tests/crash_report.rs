//! A real panic in a process that started logging writes a crash report beside its log: where
//! it happened and a backtrace, nothing of the panic's message.

use meridian_os::logs::{self, Process};

#[test]
fn a_panic_writes_a_crash_report_without_what_it_quoted() {
    let home = tempfile::tempdir().unwrap();
    let dir = logs::start(home.path(), Process::Desktop).expect("log folder");
    tracing::warn!("before the crash");

    // The hook runs for a caught panic too, as it would before the process ends.
    let caught = std::panic::catch_unwind(|| {
        let title = "Canary-title-7f3a";
        panic!("could not save {title}");
    });
    assert!(caught.is_err());

    let reports = logs::unseen_crash_reports(home.path());
    assert_eq!(reports.len(), 1, "one report in {}", dir.display());
    let report = &reports[0];
    assert_eq!(report.path.parent(), Some(dir.as_path()));
    assert!(report.text.starts_with("Meridian "), "{}", report.text);
    assert!(report.text.contains("(desktop)"));
    assert!(
        report.text.contains("tests/crash_report.rs"),
        "{}",
        report.text
    );
    assert!(!report.text.contains("could not save"), "{}", report.text);
    assert!(report.text.contains("backtrace:"));
    assert!(
        !report.text.contains("Canary-title-7f3a"),
        "{}",
        report.text
    );

    let log = std::fs::read_to_string(dir.join("desktop.log")).unwrap();
    assert!(
        log.contains(" WARN ") && log.contains("before the crash"),
        "{log}"
    );
    assert!(
        log.contains("panicked; a crash report was written"),
        "{log}"
    );
    assert!(!log.contains("Canary-title-7f3a"));
}
