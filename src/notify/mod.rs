//! Notifications: the queue (as ops), each person's settings, the delivery policy, digest
//! text, one delivery pass, the delivery loop and its lock, and the `Notifier` port. Builds on
//! every domain before it; showing a notification is the port's job, never this module's.

mod deliver;
mod digest;
mod policy;
mod port;
mod queue;
pub mod scheduler;
mod settings;

pub(crate) use deliver::*;
pub(crate) use digest::*;
pub(crate) use policy::*;
pub(crate) use queue::*;
pub(crate) use settings::*;

pub use deliver::DeliveryPass;
pub use port::{Notifier, RecordingNotifier, SystemNotification};
