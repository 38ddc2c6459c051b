//! Opening databases: location, pragmas, migrations, and refusing files we must not touch.

use crate::{utc, Fixture};
use meridian::log::store::{Store, DATABASE_FILE};
use meridian::log::SCHEMA_VERSION;

#[test]
fn a_new_profile_is_a_wal_database_with_migrations_recorded() {
    let fixture = Fixture::new();
    assert!(fixture.dir.path().join(DATABASE_FILE).is_file());
    let conn = fixture.meridian.store().conn();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let foreign_keys: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
        .unwrap();
    assert_eq!(foreign_keys, 1);
    let recorded: i64 = conn
        .query_row("SELECT count(*) FROM schema_migrations", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(recorded, SCHEMA_VERSION);
    assert_eq!(
        fixture.meridian.store().schema_version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn reopening_keeps_the_device_and_the_data() {
    let mut fixture = Fixture::onboarded();
    let device = fixture.meridian.store().device_id().to_owned();
    let ops = fixture.op_count();
    fixture.reopen();
    assert_eq!(fixture.meridian.store().device_id(), device);
    assert_eq!(fixture.op_count(), ops);
    assert_eq!(fixture.meridian.me().unwrap().unwrap().handle, "ada");
}

#[test]
fn a_database_from_a_newer_meridian_is_refused_and_left_untouched() {
    let fixture = Fixture::new();
    let path = fixture.dir.path().join(DATABASE_FILE);
    fixture
        .meridian
        .store()
        .conn()
        .execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'future', 'x')",
            [SCHEMA_VERSION + 1],
        )
        .unwrap();
    drop(fixture.meridian);
    // Fold the WAL into the main file so the bytes we compare are the whole database.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, utc("2026-11-23T09:00:00Z"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("newer Meridian"), "{err}");
    assert!(err.contains("update Meridian"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "file must be untouched"
    );
}

#[test]
fn a_corrupt_database_is_refused_and_kept_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    let garbage = b"this is not a database, but it is somebody's file".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path, utc("2026-11-23T09:00:00Z"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a readable Meridian database"), "{err}");
    assert!(err.contains("left exactly as it is"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
    assert!(!dir.path().join(format!("{DATABASE_FILE}-wal")).exists());
}

#[test]
fn doctor_reports_a_healthy_profile() {
    let mut fixture = Fixture::onboarded();
    let report = fixture.meridian.doctor().unwrap();
    assert_eq!(report.integrity, "ok");
    assert!(report.rebuild_matches);
    assert_eq!(report.schema_version, SCHEMA_VERSION);
    // Device registration, member, this device linked to the member, team.
    assert_eq!(report.op_count, 4);
}

#[test]
fn doctor_notices_tables_that_drifted_from_the_log() {
    let mut fixture = Fixture::onboarded();
    fixture
        .meridian
        .store()
        .conn()
        .execute("UPDATE members SET display_name = 'Tampered'", [])
        .unwrap();
    assert!(!fixture.meridian.doctor().unwrap().rebuild_matches);
    // Doctor only looks: the tampered row is still there until a real rebuild.
    assert_eq!(
        fixture.meridian.me().unwrap().unwrap().display_name,
        "Tampered"
    );
    fixture.meridian.store_mut().rebuild().unwrap();
    assert_eq!(
        fixture.meridian.me().unwrap().unwrap().display_name,
        "Ada Lovelace"
    );
}
