//! Start-up measurement hooks for `make perf` (benches/perf/): the UI's milestones are printed
//! to stdout when `MERIDIAN_PERF_LOG` is set, and nothing happens otherwise.

/// Set (to anything) by the perf harness; users never see the milestone lines.
const LOG_ENV: &str = "MERIDIAN_PERF_LOG";

/// Prints `perf <stage> <page epoch ms>`, the same line the perf floor prints, so the harness
/// reads both apps alike. The page's clock (`timeOrigin + now()`) is the wall clock, which is
/// what the harness stamps the process start with.
pub fn report_ready(stage: &str, at_ms: f64) {
    if std::env::var_os(LOG_ENV).is_some() {
        // Only the harness reads this; a stage name is a short identifier from our own UI.
        let stage: String = stage
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(40)
            .collect();
        println!("perf {stage} {at_ms:.3}");
    }
}
