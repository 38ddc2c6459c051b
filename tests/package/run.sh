#!/usr/bin/env bash
# The Debian package test: checks what a Meridian .deb declares and holds, installs it on this
# machine, starts the installed app on a fresh profile, upgrades to a second .deb of a higher
# version, then removes and purges it. `make package-test` builds both packages and runs it:
#
#   tests/package/run.sh target/debug/bundle/deb/Meridian_0.1.0_amd64.deb \
#                        target/debug/bundle/deb/Meridian_0.1.1_amd64.deb
#
# Installing needs root: it uses sudo when not run as root. In the checkout it writes only below
# target/package-test/ (the app's logs); the profile and the app's home are temporary
# directories, removed at the end. Whatever happens, a package it installed is purged again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

[ $# = 2 ] || { echo "usage: $0 <package.deb> <same package, higher version.deb>" >&2; exit 2; }
DEB=$(realpath "$1")
NEXT_DEB=$(realpath "$2")
for deb in "$DEB" "$NEXT_DEB"; do
  [ -f "$deb" ] || { echo "run.sh: no package $deb (make package-test builds both)" >&2; exit 2; }
done
for tool in dpkg-deb dpkg-query apt-get xvfb-run dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 1; }
done
SUDO=()
[ "$(id -u)" = 0 ] || SUDO=(sudo -n) # never a password prompt in the middle of a test run
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q)

APP=/usr/bin/meridian-desktop # the app, as the bundler installs it (the desktop crate's binary)
CLI=/usr/bin/meridian
OUT=target/package-test
mkdir -p "$OUT"
rm -f "$OUT"/*.log
# Written while the package is installed by this script, so that a run that was killed half
# way can tell its own leftover install from one the machine's user made.
MARK=$OUT/installed-by-test
TMP=$(mktemp -d)
PROFILE=$TMP/profile # MERIDIAN_HOME: a fresh profile
APP_HOME=$TMP/home   # HOME and XDG dirs of the app: WebKit's caches and the like go here
mkdir -p "$PROFILE" "$APP_HOME"

checks=()
pass() { checks+=("ok    $1"); echo "ok    $1"; }
fail() { echo "FAIL  $1" >&2; exit 1; }
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }

installed_version() { dpkg-query -W -f='${db:Status-Status} ${Version}' "$package" 2>/dev/null | sed -n 's/^installed //p'; }

package=""
wrapper=""
cleanup() {
  local status=$?
  set +e
  stop_app quiet
  if [ -f "$MARK" ] && [ -n "$package" ]; then
    if dpkg-query -W "$package" >/dev/null 2>&1; then
      echo "run.sh: purging $package, which this run installed"
      "${APT[@]}" purge "$package" >"$OUT/cleanup-purge.log" 2>&1
    fi
    rm -f "$MARK"
  fi
  rm -rf "$TMP"
  [ "$status" = 0 ] || echo "package-test: FAILED (logs in $OUT/)" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The process of the installed app running on this run's profile, if there is one.
app_pid() {
  local dir
  for dir in /proc/[0-9]*; do
    [ "$(readlink "$dir/exe" 2>/dev/null)" = "$APP" ] || continue
    tr '\0' '\n' <"$dir/environ" 2>/dev/null | grep -qxF "MERIDIAN_HOME=$PROFILE" || continue
    echo "${dir#/proc/}"
    return 0
  done
  return 1
}

# Starts the installed app on the profile with a virtual display and a private session bus
# (as the e2e test does), and waits until it is up: the process is alive and its instance
# socket is in the profile, made by this launch (an app ended by SIGTERM leaves its socket
# behind, and the next one binds a new one, which may get the old one's inode number).
APP_DEADLINE=90
start_app() { # $1: log name
  local log=$OUT/$1.log launched pid="" deadline
  launched=$(date +%s%N)
  env MERIDIAN_HOME="$PROFILE" HOME="$APP_HOME" XDG_CONFIG_HOME="$APP_HOME/.config" \
    XDG_DATA_HOME="$APP_HOME/.local/share" XDG_CACHE_HOME="$APP_HOME/.cache" \
    XDG_STATE_HOME="$APP_HOME/.local/state" \
    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$APP" >"$log" 2>&1 &
  wrapper=$!
  deadline=$((SECONDS + APP_DEADLINE))
  while :; do
    if [ -S "$PROFILE/instance.sock" ] && [ "$(stat -c %.9Y "$PROFILE/instance.sock" | tr -d .)" -gt "$launched" ]; then
      pid=$(app_pid) && break
    fi
    kill -0 "$wrapper" 2>/dev/null || { tail -20 "$log" >&2; fail "$APP exited before it was up (log: $log)"; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -20 "$log" >&2; fail "$APP was not up within ${APP_DEADLINE} s (log: $log)"; }
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null || fail "$APP (pid $pid) died right after it opened its instance socket"
  APP_PID=$pid
}

# Ends the app with SIGTERM and waits for it and its wrappers (display, bus) to exit.
stop_app() { # $1: "quiet" in the clean-up, where nothing may fail
  local pid deadline
  [ -n "$wrapper" ] || return 0
  pid=$(app_pid) || pid=""
  [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 30))
  while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    [ "${1:-}" = quiet ] || fail "$APP did not exit within 30 s of SIGTERM"
  fi
  # dbus-run-session ends its bus once the app is gone, and xvfb-run then its X server.
  deadline=$((SECONDS + 30))
  while kill -0 "$wrapper" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$wrapper" 2>/dev/null; then
    kill -TERM "$wrapper" 2>/dev/null || true
    [ "${1:-}" = quiet ] || fail "the app's display and bus wrappers did not exit after it"
  fi
  wait "$wrapper" 2>/dev/null || true
  wrapper=""
}

cli() { MERIDIAN_HOME="$PROFILE" HOME="$APP_HOME" "$CLI" "$@"; }

# A listing of the profile with each file's checksum: what removing the package must not touch.
profile_state() { (cd "$PROFILE" && find . -type f -print0 | sort -z | xargs -0 -r md5sum); }

package=$(dpkg-deb -f "$DEB" Package)
version=$(dpkg-deb -f "$DEB" Version)
next_version=$(dpkg-deb -f "$NEXT_DEB" Version)
[ "$(dpkg-deb -f "$NEXT_DEB" Package)" = "$package" ] || fail "$NEXT_DEB is not package $package"
dpkg --compare-versions "$next_version" gt "$version" || fail "$next_version is not above $version"

echo "package-test: $package $version ($(mb "$DEB")) then $next_version ($(mb "$NEXT_DEB"))"

# A leftover install: purged if an interrupted run of this test made it, else not ours to remove.
if [ -n "$(installed_version)" ]; then
  [ -f "$MARK" ] || fail "$package $(installed_version) is installed on this machine; this test installs and removes it: remove it first (apt-get remove $package)"
  echo "run.sh: purging $package left installed by an interrupted run"
  "${APT[@]}" purge "$package" >"$OUT/leftover-purge.log" 2>&1
fi

# a. What the package declares and holds.
depends=$(dpkg-deb -f "$DEB" Depends)
for dep in libwebkit2gtk-4.1 libayatana-appindicator3 xdg-utils; do
  [[ ", $depends" == *", $dep"* ]] || fail "Depends does not name $dep: $depends"
done
pass "Depends: $depends"
# The data archive's member names, as installed paths (the archive may spell them ./usr/...).
contents=$(dpkg-deb -c "$DEB" | awk '{ print $6 }' | sed -E 's|^\.?/?|/|; s|/$||')
for path in "$CLI" "$APP"; do
  grep -qxF "$path" <<<"$contents" || fail "the package has no $path"
done
desktop_file=$(grep -xE '/usr/share/applications/[^/]+\.desktop' <<<"$contents" | head -1) ||
  fail "the package has no desktop entry in /usr/share/applications"
icons=$(grep -cxE '/usr/share/icons/hicolor/[^/]+/apps/meridian-desktop\.png' <<<"$contents") ||
  fail "the package has no icons in /usr/share/icons/hicolor"
entry=$(dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - --wildcards "*${desktop_file#/}")
grep -qx 'Exec=meridian-desktop' <<<"$entry" || fail "the desktop entry does not start meridian-desktop: $entry"
grep -qx 'Icon=meridian-desktop' <<<"$entry" || fail "the desktop entry's icon is not meridian-desktop: $entry"
pass "contents: $CLI, $APP, $desktop_file (Exec=meridian-desktop), $icons icons"

# b. Install.
touch "$MARK"
"${APT[@]}" install "$DEB" >"$OUT/install.log" 2>&1 || { tail -20 "$OUT/install.log" >&2; fail "apt-get install $DEB failed"; }
[ "$(installed_version)" = "$version" ] || fail "after apt-get install, dpkg says: $(dpkg-query -W "$package" 2>&1)"
[ -x "$APP" ] && [ -x "$CLI" ] && [ -f "$desktop_file" ] || fail "$APP, $CLI or $desktop_file is missing after the install"
[ "$(command -v meridian-desktop)" = "$APP" ] || fail "meridian-desktop is not on PATH as $APP"
pass "installed $package $version with apt-get"

# c. The installed app starts on a fresh profile; the installed CLI writes to it.
start_app first-start
pass "the installed app is up on a fresh profile (instance.sock, pid $APP_PID)"
cli --help >"$OUT/cli-help.log" || fail "$CLI --help failed"
grep -qE '^  focus ' "$OUT/cli-help.log" || fail "$CLI --help does not list the focus command"
cli init --name 'Ada Lovelace' --handle ada --tz UTC --team Engines >"$OUT/cli-init.log" ||
  fail "$CLI init failed (log: $OUT/cli-init.log)"
focus=$(cli focus start 25) || fail "$CLI focus start 25 failed"
[[ $focus == "Focusing until "* ]] || fail "focus start said: $focus"
profile=$(cli profile) || fail "$CLI profile failed"
[[ $profile == *"(@ada)"* && $profile == *Engines* ]] || fail "the profile does not show @ada of Engines: $profile"
doctor=$(cli doctor) || fail "$CLI doctor failed: $doctor"
device=$(sed -n 's/^device: *//p' <<<"$doctor")
[ -n "$device" ] || fail "$CLI doctor shows no device: $doctor"
kill -0 "$APP_PID" 2>/dev/null || fail "the app stopped while the CLI wrote to its profile"
pass "$CLI --help, init (@ada, Engines), focus start 25 ($focus) with the app running"
stop_app
pass "the app exited on SIGTERM"

# d. Upgrade to the higher version over the installed one; the profile stays and opens.
"${APT[@]}" install "$NEXT_DEB" >"$OUT/upgrade.log" 2>&1 || { tail -20 "$OUT/upgrade.log" >&2; fail "apt-get install $NEXT_DEB failed"; }
upgraded=$(dpkg-query -W -f='${Version}' "$package")
[ "$upgraded" = "$next_version" ] || fail "after the upgrade dpkg-query shows version $upgraded, not $next_version"
grep -q "Unpacking $package ($next_version) over ($version)" "$OUT/upgrade.log" ||
  fail "apt-get did not upgrade $version to $next_version in place (log: $OUT/upgrade.log)"
pass "upgraded $version -> $upgraded (dpkg-query)"
profile=$(cli profile) || fail "after the upgrade $CLI profile failed"
[[ $profile == *"(@ada)"* && $profile == *Engines* ]] || fail "after the upgrade the profile does not show @ada: $profile"
doctor=$(cli doctor) || fail "after the upgrade $CLI doctor failed: $doctor"
[ "$(sed -n 's/^device: *//p' <<<"$doctor")" = "$device" ] || fail "after the upgrade the profile has another device: $doctor"
grep -q '^integrity check: ok' <<<"$doctor" || fail "after the upgrade $CLI doctor says: $doctor"
start_app after-upgrade
pass "after the upgrade: the profile still shows @ada (same device, integrity ok) and the app starts on it"
stop_app
before_remove=$(profile_state)

# e. Remove, then purge: the files go, the profile stays as it was.
"${APT[@]}" remove "$package" >"$OUT/remove.log" 2>&1 || fail "apt-get remove $package failed (log: $OUT/remove.log)"
[ -z "$(installed_version)" ] || fail "$package is still installed after apt-get remove"
gone=("$APP" "$CLI" "$desktop_file")
for path in "${gone[@]}"; do
  [ ! -e "$path" ] || fail "$path is still there after apt-get remove"
done
left=$(compgen -G '/usr/share/icons/hicolor/*/apps/meridian-desktop.png' || true)
[ -z "$left" ] || fail "icons are still there after apt-get remove: $left"
pass "apt-get remove: ${gone[*]} and the icons are gone"
# With no conffiles, dpkg forgets the package on remove already; apt-get then has nothing to
# purge (and, the package being in no repository, says it cannot find it).
status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || echo unknown)
if [ "$status" = unknown ]; then
  purged="nothing left to purge (dpkg forgot $package on remove: it has no conffiles)"
else
  "${APT[@]}" purge "$package" >"$OUT/purge.log" 2>&1 || fail "apt-get purge $package failed (log: $OUT/purge.log)"
  purged="purged the $status package"
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || echo unknown)
fi
[ "$status" = unknown ] || [ "$status" = not-installed ] || fail "after apt-get purge, dpkg says $package is $status"
rm -f "$MARK"
[ "$(profile_state)" = "$before_remove" ] || fail "removing the package changed the profile"
pass "apt-get purge: $purged; the profile is as it was ($(find "$PROFILE" -type f | wc -l) files)"

echo
echo "package-test: $package $version ($(mb "$DEB")) -> $next_version ($(mb "$NEXT_DEB")): all passed"
printf '  %s\n' "${checks[@]}"
