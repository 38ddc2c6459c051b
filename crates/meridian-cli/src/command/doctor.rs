//! `meridian doctor`: where the database is and whether it is healthy; fails when it is not.
//! In a team, it also compares every device's series here with the server's copy.

use crate::output::print_json;
use clap::Args;
use meridian::{Error, Meridian};
use meridian_os::logs;
use serde::Serialize;
use std::path::Path;

/// How many of the latest error lines `doctor` shows.
const SHOWN_ERRORS: usize = 5;

/// Where the logs are, the latest errors in them, and the crash reports not yet dismissed.
#[derive(Debug, Serialize)]
struct LogsReport {
    dir: String,
    recent_errors: Vec<String>,
    unread_crash_reports: Vec<String>,
}

impl LogsReport {
    fn read(data_dir: &Path) -> Self {
        LogsReport {
            dir: logs::log_dir(data_dir).display().to_string(),
            recent_errors: logs::recent_errors(data_dir, SHOWN_ERRORS),
            unread_crash_reports: logs::unseen_crash_reports(data_dir)
                .into_iter()
                .map(|report| report.path.display().to_string())
                .collect(),
        }
    }

    fn print(&self) {
        println!("logs:            {}", self.dir);
        if self.recent_errors.is_empty() {
            println!("last errors:     none");
        } else {
            println!("last errors:");
            for line in &self.recent_errors {
                println!("  {line}");
            }
        }
        match self.unread_crash_reports.first() {
            None => println!("crash reports:   none unread"),
            Some(newest) => println!(
                "crash reports:   {} unread; newest {newest}",
                self.unread_crash_reports.len()
            ),
        }
    }
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[arg(long)]
    json: bool,
}

pub fn run(meridian: &mut Meridian, args: DoctorArgs) -> Result<(), Error> {
    let report = meridian.doctor()?;
    let logs = LogsReport::read(meridian.data_dir());
    if args.json {
        let mut value = serde_json::to_value(&report)?;
        value["logs"] = serde_json::to_value(&logs)?;
        print_json(&value)?;
    } else {
        println!("data dir:        {}", report.data_dir);
        println!("database:        {}", report.database);
        println!("schema version:  {}", report.schema_version);
        println!("device:          {}", report.device_id);
        println!("ops:             {}", report.op_count);
        println!("integrity check: {}", report.integrity);
        println!(
            "rebuild check:   {}",
            if report.rebuild_matches {
                "ok (replaying the log gives the same tables)"
            } else {
                "MISMATCH: tables differ from the log"
            }
        );
        logs.print();
    }
    if !args.json {
        compare_with_server(meridian);
    }
    // The report is printed either way; the exit code is what scripts and CI check.
    if report.integrity != "ok" || !report.rebuild_matches {
        return Err(Error::Storage(
            "the database needs attention (see above)".into(),
        ));
    }
    Ok(())
}

/// One line per device: how far its series is here and on the team server. Informational:
/// being behind is normal between syncs, so it never fails the check.
fn compare_with_server(meridian: &Meridian) {
    let Ok(Some(config)) = meridian.sync_config() else {
        return;
    };
    let status = meridian_sync::HttpTransport::new(&config)
        .and_then(|transport| meridian::sync::SyncTransport::status(&transport));
    let status = match status {
        Ok(status) => status,
        Err(err) => {
            println!("team server:     {} ({err})", config.server);
            return;
        }
    };
    println!(
        "team server:     {} (team sequence {})",
        config.server, status.latest_seq
    );
    let here = meridian.device_heads().unwrap_or_default();
    let mut devices: std::collections::BTreeSet<String> = here.keys().cloned().collect();
    devices.extend(status.heads.keys().map(ToString::to_string));
    for device in devices {
        let local = here.get(&device).copied().unwrap_or(0);
        let remote = uuid_head(&status, &device);
        let verdict = match local.cmp(&remote) {
            std::cmp::Ordering::Equal => "same",
            std::cmp::Ordering::Less => "behind the server: sync to pull",
            std::cmp::Ordering::Greater => "ahead of the server: sync to push",
        };
        let me = if device == meridian.device_id() {
            " (this device)"
        } else {
            ""
        };
        println!("  device {device}{me}: here {local}, server {remote} — {verdict}");
    }
}

fn uuid_head(status: &meridian_protocol::SyncStatus, device: &str) -> i64 {
    device
        .parse()
        .ok()
        .and_then(|id| status.heads.get(&id))
        .map_or(0, |head| *head as i64)
}
