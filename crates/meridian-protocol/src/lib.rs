//! Meridian's wire protocol: what a device and the sync server say to each other. It owns its
//! own shapes (never a core or UI type), so the server can be built from this crate alone.
//!
//! Wire format rule: a shipped field never changes meaning or type. Additions are optional
//! fields or new messages, and `PROTOCOL_VERSION` says which shapes a peer speaks.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The version of the shapes below; a server refuses a client that speaks a newer one.
pub const PROTOCOL_VERSION: u32 = 1;

/// A hybrid logical clock stamp as it travels: wall milliseconds and a tie counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub wall_ms: i64,
    pub counter: u32,
}

/// One op as it travels: where it sits in its device's series, when it was made, and its
/// payload as opaque text. The server stores and forwards envelopes; it never reads payloads.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpEnvelope {
    /// UUIDv7 of the op.
    pub id: Uuid,
    /// The device whose series this op belongs to.
    pub device_id: Uuid,
    /// Gapless position in that device's series, starting at 1.
    pub idx: u64,
    pub stamp: Stamp,
    /// The payload's stable tag (e.g. `member_created`) and its shape version.
    pub kind: String,
    pub version: u32,
    /// The payload, serialised by the client (JSON today; ciphertext once encrypted).
    pub payload: String,
}

/// The server's answer to "what do you have?": the last contiguous index per device.
// do not modify: wire format v1
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub protocol_version: u32,
    pub heads: BTreeMap<Uuid, u64>,
}

/// A batch of ops a device uploads, in (device, idx) order.
// do not modify: wire format v1
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub ops: Vec<OpEnvelope>,
}

/// What the server did with each pushed op.
// do not modify: wire format v1
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Stored now.
    pub accepted: u32,
    /// Already stored, byte for byte.
    pub duplicates: u32,
    /// Refused, each with the reason (a different op at a stored index, a gap, …).
    pub rejected: Vec<Rejection>,
}

/// One refused op and why, in words a person can act on.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub id: Uuid,
    pub reason: String,
}

/// A page of one device's series, after a given index.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub device_id: Uuid,
    pub after_idx: u64,
    pub limit: u32,
}

/// The ops of a page, and whether more follow.
// do not modify: wire format v1
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageResponse {
    pub ops: Vec<OpEnvelope>,
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_keeps_its_wire_shape() {
        let envelope = OpEnvelope {
            id: Uuid::from_u128(1),
            device_id: Uuid::from_u128(2),
            idx: 7,
            stamp: Stamp {
                wall_ms: 1_700_000_000_000,
                counter: 3,
            },
            kind: "member_created".into(),
            version: 1,
            payload: "{}".into(),
        };
        let text = serde_json::to_string(&envelope).unwrap();
        assert_eq!(
            text,
            r#"{"id":"00000000-0000-0000-0000-000000000001","device_id":"00000000-0000-0000-0000-000000000002","idx":7,"stamp":{"wall_ms":1700000000000,"counter":3},"kind":"member_created","version":1,"payload":"{}"}"#
        );
        assert_eq!(serde_json::from_str::<OpEnvelope>(&text).unwrap(), envelope);
    }
}
