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
    /// The team's latest sequence number (0 before the first op); added after v1 shipped, so
    /// an older peer's message reads as 0.
    #[serde(default)]
    pub latest_seq: u64,
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
    /// The team's latest sequence number once this push was stored.
    #[serde(default)]
    pub latest_seq: u64,
}

/// One refused op and why, in words a person can act on.
// do not modify: wire format v1
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub id: Uuid,
    pub reason: String,
    /// The machine-readable kind of refusal; absent from servers that predate it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<RejectionCode>,
}

/// Why the server refused one pushed op. Each kind wants a different fix on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    /// A different op is already stored at this index: the device's series has forked.
    Fork,
    /// The index is past the device's head + 1: send the missing ops first.
    Gap,
    /// The op names another device than the token's: a device pushes only its own series.
    WrongDevice,
    /// The stamp is too far ahead of the server's clock: fix the device clock and re-stamp.
    ClockAhead,
    /// The op itself is malformed (an index of 0, an empty kind, …).
    Invalid,
}

impl RejectionCode {
    /// The snake_case name the wire uses, for logs and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fork => "fork",
            Self::Gap => "gap",
            Self::WrongDevice => "wrong_device",
            Self::ClockAhead => "clock_ahead",
            Self::Invalid => "invalid",
        }
    }
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

/// One stored op with the team sequence number the server gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequencedOp {
    pub seq: u64,
    pub op: OpEnvelope,
}

/// A page of a team's ops after a sequence number (`GET /v1/pull?after=SEQ&limit=N`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    /// In increasing sequence order, without gaps.
    pub ops: Vec<SequencedOp>,
    /// True when this page reaches the team's latest sequence; otherwise pull again after the
    /// last `seq` of this page.
    pub up_to_date: bool,
    pub latest_seq: u64,
}

/// `POST /v1/teams`: the new team, its first device and a first invite for the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateTeamResponse {
    pub team_id: Uuid,
    pub device_id: Uuid,
    /// The bearer token of the new device. The server keeps only its hash: it cannot be shown
    /// again.
    pub device_token: String,
    pub invite: InviteResponse,
}

/// A fresh invite code: single use, valid until `expires_at_ms` (Unix milliseconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResponse {
    pub code: String,
    pub expires_at_ms: i64,
}

/// `POST /v1/join`: spend an invite code to register a new device in its team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub invite: String,
    /// The id this device already writes its series under; the server makes one up if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<Uuid>,
}

/// `POST /v1/teams?device_id=…`: the id the creating device already writes its series under
/// (optional; the server makes one up if absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateTeamParams {
    #[serde(default)]
    pub device_id: Option<Uuid>,
}

/// The new device, its team and its bearer token (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinResponse {
    pub team_id: Uuid,
    pub device_id: Uuid,
    pub device_token: String,
}

/// The body of every refused request: a stable code to branch on and a sentence saying how to
/// fix the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
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

    #[test]
    fn v1_messages_without_the_added_fields_still_read() {
        let status: SyncStatus =
            serde_json::from_str(r#"{"protocol_version":1,"heads":{}}"#).unwrap();
        assert_eq!(status.latest_seq, 0);
        let rejection: Rejection =
            serde_json::from_str(r#"{"id":"00000000-0000-0000-0000-000000000001","reason":"gap"}"#)
                .unwrap();
        assert_eq!(rejection.code, None);
        let coded = Rejection {
            code: Some(RejectionCode::WrongDevice),
            ..rejection
        };
        assert!(serde_json::to_string(&coded)
            .unwrap()
            .ends_with(r#""code":"wrong_device"}"#));
    }
}
