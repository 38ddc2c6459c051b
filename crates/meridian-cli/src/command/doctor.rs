//! `meridian doctor`: where the database is and whether it is healthy; fails when it is not.

use crate::output::print_json;
use clap::Args;
use meridian::{Error, Meridian};

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[arg(long)]
    json: bool,
}

pub fn run(meridian: &mut Meridian, args: DoctorArgs) -> Result<(), Error> {
    let report = meridian.doctor()?;
    if args.json {
        print_json(&report)?;
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
    }
    // The report is printed either way; the exit code is what scripts and CI check.
    if report.integrity != "ok" || !report.rebuild_matches {
        return Err(Error::Storage(
            "the database needs attention (see above)".into(),
        ));
    }
    Ok(())
}
