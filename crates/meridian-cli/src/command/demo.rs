//! `meridian demo`: seed a demo team (and, before onboarding, a profile in the system's zone).

use meridian::{Error, Meridian};

pub fn run(meridian: &mut Meridian) -> Result<(), Error> {
    let added = meridian.seed_demo(&meridian_os::system_time_zone())?;
    println!("Added {added} teammates. Try `meridian team`.");
    Ok(())
}
