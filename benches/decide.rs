//! "Who must approve, and who is awake": the approver groups of a change to one system over a
//! 500-member team, each approver's local time and status and whether an emergency reaches
//! them now, against a raw SELECT of the member rows and the team board (everyone's status)
//! measured in the same run. Run with `cargo bench --bench decide`. Target: ≤ 5 ms median.

use meridian::log::ops::OpPayload;
use meridian::Meridian;
use std::time::Instant;

#[path = "common/team.rs"]
mod team;

const MEMBERS: usize = 500;
const RUNS: usize = 100;

fn median_ms(runs: usize, mut work: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Ada plus `MEMBERS` teammates across 12 zones (some with split days, focus blocks or time
/// off), and approver rules for "ledger" whose groups name `approvers` of them in total.
fn team(approvers: usize) -> (tempfile::TempDir, Meridian) {
    let (dir, mut meridian) = team::team(MEMBERS);
    let now = meridian.now();
    let mut payloads = Vec::new();
    // Three groups of the sizes a large organisation gives one system, overlapping a little.
    let groups = [
        ("DB owners", 0.2),
        ("Release managers", 0.3),
        ("Security", 0.5),
    ];
    let mut start = 0;
    for (name, share) in groups {
        let size = ((approvers as f64) * share).round() as usize;
        payloads.push(OpPayload::ChangeRuleSet {
            rule_id: format!("bench-rule-{name}"),
            system: "ledger".into(),
            group_name: name.into(),
            approvers: (start..start + size)
                .map(|n| format!("bench-member-{}", n % MEMBERS))
                .collect(),
            required: 2,
            archived: false,
        });
        start += size.saturating_sub(2);
    }
    meridian.store_mut().append(now, payloads).expect("seed");
    (dir, meridian)
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("decide bench: run with `cargo bench --bench decide`");
        return;
    }
    for approvers in [60, MEMBERS] {
        let (_dir, meridian) = team(approvers);
        let members = meridian.members().expect("members").len();
        let systems = vec!["ledger".to_owned()];
        let mut awake = 0;
        let routing = median_ms(RUNS, || {
            let routing = meridian
                .change_routing("emergency", &systems)
                .expect("routing");
            awake = routing.urgent.len();
            assert_eq!(routing.groups.len(), 3);
        });
        let board = median_ms(RUNS, || {
            std::hint::black_box(meridian.team_board().expect("board"));
        });
        let raw_members = median_ms(RUNS, || {
            let mut statement = meridian
                .store()
                .conn()
                .prepare_cached("SELECT * FROM members")
                .expect("prepare");
            let rows = statement.query_map([], |_| Ok(())).expect("query").count();
            assert_eq!(rows, members);
        });
        println!(
            "who must approve and who is awake, {members} members, ~{approvers} approvers ({awake} awake now): \
             median {routing:.2} ms (target <= 5 ms); raw SELECT of the member rows {raw_members:.3} ms, ratio {:.0}x; \
             the team board (everyone's status) {board:.2} ms, ratio {:.2}x",
            routing / raw_members,
            routing / board
        );
    }
}
