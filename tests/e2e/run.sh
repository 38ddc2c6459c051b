#!/usr/bin/env bash
# Run the Meridian end-to-end scripts, each under its own virtual X server and private D-Bus
# session bus, all at one clock. Builds nothing: expects target/debug/meridian-desktop (with
# the UI built into it) and target/debug/meridian to exist.
# In the checkout it writes only below target/e2e/.
#
#   tests/e2e/run.sh                         # every script, at the default clock
#   tests/e2e/run.sh checkins content        # chosen scripts (names without .mjs)
#   E2E_CLOCK=2026-12-12T14:00:00Z tests/e2e/run.sh checkins   # replay a run at its clock
#   E2E_CLOCK=now tests/e2e/run.sh           # the machine's own clock
#   E2E_ZONE=Pacific/Auckland tests/e2e/run.sh board   # the profile's zone, where a script takes one
#
# The clock: libfaketime shifts the wall clock of the script and of everything it starts (the
# app and its webview's JavaScript `Date`, the CLI, the daemon, the team server, tauri-driver)
# by one offset, so each script starts at E2E_CLOCK and time then moves on as usual. Monotonic
# clocks are left alone, so timers and timeouts still measure real time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

export PATH="$PATH:$HOME/.cargo/bin" # where `cargo install tauri-driver` puts it

for tool in xvfb-run dbus-run-session node dunst faketime timeout; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (see tests/e2e/README.md)" >&2; exit 1; }
done

ALL=(run content xss search checkins board notifications relaunch diagnostics sync decide)
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=("${ALL[@]}")
for name in "${scripts[@]}"; do
  [ -f "tests/e2e/$name.mjs" ] || { echo "run.sh: no script tests/e2e/$name.mjs (known: ${ALL[*]})" >&2; exit 2; }
done

# A Monday morning in Europe: the busiest case (every weekday schedule of the demo is due).
E2E_CLOCK=${E2E_CLOCK:-2026-12-07T08:30:00Z}
start=$(date -u +%s)
if [ "$E2E_CLOCK" != now ]; then
  start=$(date -u -d "$E2E_CLOCK" +%s 2>/dev/null) || {
    echo "run.sh: E2E_CLOCK=$E2E_CLOCK is not an instant; write it like 2026-12-07T08:30:00Z, or now" >&2
    exit 2
  }
fi
# The command prefix that starts a script at E2E_CLOCK, worked out just before each script so
# that every script (and a replay of one) begins at the same instant.
clock_prefix() {
  clock_args=()
  if [ "$E2E_CLOCK" != now ]; then
    clock_args=(env FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -m -f "$(printf '%+ds' $(( start - $(date -u +%s) )))")
  fi
}
echo "e2e clock: $E2E_CLOCK ($(date -u -d "@$start" '+%a %d %b %Y %H:%M:%S UTC'))"
zone_note=${E2E_ZONE:+E2E_ZONE=$E2E_ZONE }
echo "replay:    ${zone_note}E2E_CLOCK=$E2E_CLOCK tests/e2e/run.sh ${scripts[*]}"

if [ ! -d tests/e2e/node_modules ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

# Two-profile scripts take their own ports, so a lingering driver of another cannot collide.
port_shift() { case $1 in sync) echo 10 ;; decide) echo 20 ;; *) echo 0 ;; esac; }

# A script that hangs is ended (its whole process group: node, then the driver and app it
# started) and reported; it never holds the run.
SCRIPT_TIMEOUT=${E2E_SCRIPT_TIMEOUT:-900}
status=0
failed=()
for name in "${scripts[@]}"; do
  shift_by=$(port_shift "$name")
  echo "== $name"
  rc=0
  clock_prefix
  E2E_DRIVER_PORT=$(( ${E2E_DRIVER_PORT:-4444} + shift_by )) E2E_NATIVE_PORT=$(( ${E2E_NATIVE_PORT:-4445} + shift_by )) \
    E2E_CLOCK="$E2E_CLOCK" timeout --kill-after=30 "$SCRIPT_TIMEOUT" \
    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "${clock_args[@]}" node "tests/e2e/$name.mjs" || rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "run.sh: $name did not finish within ${SCRIPT_TIMEOUT} s and was killed" >&2
  fi
  if [ "$rc" != 0 ]; then
    status=1
    failed+=("$name")
  fi
done
if [ "$status" != 0 ]; then
  echo "e2e: failed: ${failed[*]} (clock $E2E_CLOCK; replay: ${zone_note}E2E_CLOCK=$E2E_CLOCK tests/e2e/run.sh ${failed[*]})"
else
  echo "e2e: all ${#scripts[@]} scripts passed at clock $E2E_CLOCK"
fi
exit $status
