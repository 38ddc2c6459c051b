#!/usr/bin/env bash
# Run the Meridian end-to-end suite under a virtual X server and a private
# D-Bus session bus. Builds nothing: expects target/debug/meridian-desktop
# (with the UI built into it) and target/debug/meridian to exist.
# In the checkout it writes only below target/e2e/.
#
#   tests/e2e/run.sh            # from anywhere
#   MERIDIAN_APP=... MERIDIAN_CLI=... tests/e2e/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

export PATH="$PATH:$HOME/.cargo/bin" # where `cargo install tauri-driver` puts it

for tool in xvfb-run dbus-run-session node dunst; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (see tests/e2e/README.md)" >&2; exit 1; }
done

if [ ! -d tests/e2e/node_modules ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

status=0
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/run.mjs "$@" || status=1
# Conversations and docs: channels, nested replies, reactions, thanks, mentions across zones, docs.
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/content.mjs || status=1
# The XSS corpus posted through the UI: nothing runs, nothing dangerous renders, no stray IPC.
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/xss.mjs || status=1
# Search: Ctrl+K finds a nested comment and a doc phrase with marked words, opens at the match; the search page.
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/search.mjs || status=1
# Check-ins: asked at my own 09:00, answered with a blocker (on the board too), then the digest.
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/checkins.mjs || status=1
# The work board (keyboard moves, blockers, my work) and the quick-capture window.
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/board.mjs || status=1
# Batched system notifications against a real notification daemon (dunst).
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/notifications.mjs || status=1
# One instance per profile; quitting and relaunching at once, 20 times.
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/relaunch.mjs || status=1
# Two profiles through the real team server: a teammate's change shows within 2 s; offline and back.
E2E_DRIVER_PORT=$(( ${E2E_DRIVER_PORT:-4444} + 10 )) E2E_NATIVE_PORT=$(( ${E2E_NATIVE_PORT:-4445} + 10 )) xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/sync.mjs || status=1
# Decisions and seed 004's emergency change across two profiles: urgent only to the approver awake.
E2E_DRIVER_PORT=$(( ${E2E_DRIVER_PORT:-4444} + 20 )) E2E_NATIVE_PORT=$(( ${E2E_NATIVE_PORT:-4445} + 20 )) xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/decide.mjs || status=1
exit $status
