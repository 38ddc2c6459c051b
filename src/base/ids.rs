//! Ids of the things Meridian stores: UUIDv7 text, so ids sort roughly by creation time and
//! never collide between devices that create them offline.

/// A fresh id for a member, team, session, block, notification or op.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
