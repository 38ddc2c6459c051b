//! Hybrid logical clock stamps: they order ops across devices even when wall clocks disagree.

use serde::{Deserialize, Serialize};

/// A hybrid logical clock reading: wall milliseconds plus a counter for ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub wall_ms: i64,
    pub counter: u32,
}

impl Hlc {
    /// The next local stamp after `last`, given the wall clock reads `now_ms`.
    /// Never goes backwards, even if the wall clock does.
    pub fn tick(last: Option<Hlc>, now_ms: i64) -> Hlc {
        match last {
            Some(last) if last.wall_ms >= now_ms => Hlc {
                wall_ms: last.wall_ms,
                counter: last.counter + 1,
            },
            _ => Hlc {
                wall_ms: now_ms,
                counter: 0,
            },
        }
    }

    /// The last-writer-wins key of a write: fixed-width hex of (wall, counter), the device id,
    /// then the op's index in that device's series, so that plain string comparison in SQL
    /// orders writes by (HLC, device) and two different ops never tie, even if a device
    /// reused a stamp. The space sorts below every character a device id uses.
    pub fn lww_key(&self, device_id: &str, idx: i64) -> String {
        format!(
            "{:013x}{:08x}{} {:016x}",
            self.wall_ms.max(0),
            self.counter,
            device_id,
            idx.max(0)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_moves_with_the_wall_clock() {
        let first = Hlc::tick(None, 1_000);
        assert_eq!(
            first,
            Hlc {
                wall_ms: 1_000,
                counter: 0
            }
        );
        assert_eq!(
            Hlc::tick(Some(first), 2_000),
            Hlc {
                wall_ms: 2_000,
                counter: 0
            }
        );
    }

    #[test]
    fn tick_never_goes_back_when_the_wall_clock_does() {
        let last = Hlc {
            wall_ms: 5_000,
            counter: 3,
        };
        assert_eq!(
            Hlc::tick(Some(last), 4_000),
            Hlc {
                wall_ms: 5_000,
                counter: 4
            }
        );
        assert_eq!(
            Hlc::tick(Some(last), 5_000),
            Hlc {
                wall_ms: 5_000,
                counter: 4
            }
        );
    }

    #[test]
    fn lww_keys_sort_like_stamps_then_devices() {
        let a = Hlc {
            wall_ms: 0x1_0000,
            counter: 2,
        }
        .lww_key("dev-b", 1);
        let b = Hlc {
            wall_ms: 0x1_0000,
            counter: 10,
        }
        .lww_key("dev-a", 1);
        let c = Hlc {
            wall_ms: 0xf_0000,
            counter: 0,
        }
        .lww_key("dev-a", 1);
        let d = Hlc {
            wall_ms: 0xf_0000,
            counter: 0,
        }
        .lww_key("dev-b", 1);
        assert!(a < b && b < c && c < d);
    }
}
