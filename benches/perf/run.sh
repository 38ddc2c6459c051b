#!/usr/bin/env bash
# `make perf`: start-up and memory of Meridian against a bare Tauri app (the floor), under a
# virtual X server and a private session bus. Builds nothing: expects the release binaries
# (target/release/{meridian-perf-floor,meridian-desktop,meridian}). Writes to target/perf/ (table.txt,
# results.json with every launch and each process's PSS, session.log).
#
#   benches/perf/run.sh [--runs N] [--variant LABEL=PATH]...
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
target="${CARGO_TARGET_DIR:-target}"

for tool in xvfb-run dbus-run-session python3 xev xprop; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (make perf installs it)" >&2; exit 1; }
done

# The session's services (portal, a11y bus) chatter on stderr: keep it beside the results.
mkdir -p "$target/perf"
exec 2>"$target/perf/session.log"
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  python3 benches/perf/perf.py \
  --floor "$target/release/meridian-perf-floor" \
  --meridian "$target/release/meridian-desktop" \
  --cli "$target/release/meridian" \
  --out "$target/perf" "$@"
