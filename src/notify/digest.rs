//! The words of a system notification: one item, or a digest of a batch.

use super::port::SystemNotification;
use super::queue::{BatchSummary, Pending};
#[allow(unused_imports)]
use super::*;

pub(crate) fn sender_prefix(
    item: &Pending,
    names: &std::collections::HashMap<String, String>,
) -> String {
    item.sender_id
        .as_ref()
        .and_then(|id| names.get(id))
        .map(|name| format!("{name}: "))
        .unwrap_or_default()
}

pub(crate) fn single_notification(
    item: &Pending,
    names: &std::collections::HashMap<String, String>,
) -> SystemNotification {
    let title = if item.urgent {
        format!("Urgent: {}", item.title)
    } else {
        item.title.clone()
    };
    let sender = sender_prefix(item, names);
    let body = match &item.body {
        Some(body) => format!("{sender}{body}"),
        None => sender.trim_end_matches(": ").to_owned(),
    };
    SystemNotification {
        title,
        body,
        urgent: item.urgent,
    }
}

/// One notification summarising a batch: "7 updates" / "3 mentions, 2 replies, 2 updates",
/// then the newest few titles.
pub(crate) fn digest_notification(
    batch: &BatchSummary,
    names: &std::collections::HashMap<String, String>,
) -> SystemNotification {
    if let ([only], 1) = (batch.latest.as_slice(), batch.count) {
        return single_notification(only, names);
    }
    let breakdown: Vec<String> = batch
        .by_kind
        .iter()
        .map(|(kind, count)| plural(*count, kind))
        .collect();
    let mut lines = vec![breakdown.join(", ")];
    for item in &batch.latest {
        lines.push(format!("• {}{}", sender_prefix(item, names), item.title));
    }
    if batch.count > batch.latest.len() as i64 {
        lines.push(format!(
            "… and {} more in Meridian",
            batch.count - batch.latest.len() as i64
        ));
    }
    SystemNotification {
        title: format!("{} updates", batch.count),
        body: lines.join("\n"),
        urgent: false,
    }
}

pub(crate) fn plural(count: i64, kind: &str) -> String {
    let word = match (kind, count) {
        ("reply", 1) => "reply".to_owned(),
        ("reply", _) => "replies".to_owned(),
        ("checkin", 1) => "check-in".to_owned(),
        ("checkin", _) => "check-ins".to_owned(),
        (kind, 1) => kind.to_owned(),
        (kind, _) => format!("{kind}s"),
    };
    format!("{count} {word}")
}
