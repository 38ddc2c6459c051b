#!/usr/bin/env python3
# Start-up and memory of Meridian measured against the floor, a bare Tauri app showing a
# static page (benches/perf/floor), on the same machine in the same run. Run by `make perf`
# through benches/perf/run.sh, which provides the X server and session bus this script needs.
#
# For each app it launches the release binary N times (after one discarded warm-up launch,
# alternating the apps so both see the same machine state) and measures, from the moment the
# process is spawned:
#   window mapped   the X server's MapNotify for the app's top-level window (an X event from
#                   `xev -root -event substructure`, timestamped as it arrives; no polling);
#   first paint     the page's own first-contentful-paint time, reported by the page through
#                   one IPC command and printed by the shell (floor: dist/report.js; Meridian:
#                   ui/src/app/perf.ts, printed only with MERIDIAN_PERF_LOG set);
#   home populated  Meridian only: the frame after the home view shows the demo profile and
#                   team read from the core (same reporting path);
#   idle PSS        after IDLE seconds without input, the sum of `Pss:` in smaps_rollup over
#                   the process and all its descendants (WebKitWebProcess, WebKitNetworkProcess,
#                   bwrap, xdg-dbus-proxy...); also their private memory (USS), which
#                   unlike PSS does not move with what else on the machine maps the same
#                   libraries.
# Page times are the web view's `performance.timeOrigin + now()`, the wall clock, which is
# the clock the spawn time is taken from. Medians are reported, with min–max beside them.
# Outputs (table, per-launch JSON) go to --out; nothing tracked is written.

import argparse
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

MILESTONE_DEADLINE_S = 30.0
EXIT_DEADLINE_S = 10.0
TARGETS = {
    "window_mapped_ms": ("window_mapped_ms", 1.2, "≤ 1.2× floor"),
    "home_populated_ms": ("first_paint_ms", 1.5, "≤ 1.5× floor's first paint"),
    "idle_pss_mib": ("idle_pss_mib", 1.1, "≤ 1.1× floor"),
}


def now_ms() -> float:
    return time.time() * 1000.0


class MapWatcher:
    """Timestamps every top-level (not override-redirect) window the X server maps."""

    HEADER = re.compile(r"^MapNotify event")
    DETAIL = re.compile(r"window (0x[0-9a-f]+), override (YES|NO)")

    def __init__(self) -> None:
        self.events: "queue.Queue[tuple[float, str]]" = queue.Queue()
        # Line-buffered so each event reaches us as it happens, not when a buffer fills.
        self.proc = subprocess.Popen(
            ["stdbuf", "-oL", "xev", "-root", "-event", "substructure"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stamp = None
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if self.HEADER.match(line):
                stamp = now_ms()
            elif stamp is not None:
                match = self.DETAIL.search(line)
                if match:
                    if match.group(2) == "NO":
                        self.events.put((stamp, match.group(1)))
                    stamp = None

    def drain(self) -> None:
        while not self.events.empty():
            self.events.get_nowait()

    def first_after(self, start: float, deadline: float) -> "tuple[float, str] | None":
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                stamp, window = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if stamp >= start:
                return stamp, window

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait()


class Milestones:
    """Reads `perf <stage> <epoch ms>` lines from an app's stdout."""

    LINE = re.compile(r"^perf (\w+) ([0-9.]+)$")

    def __init__(self, stream) -> None:
        self.seen: "dict[str, float]" = {}
        self.cond = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            match = self.LINE.match(line.strip())
            if match:
                with self.cond:
                    self.seen.setdefault(match.group(1), float(match.group(2)))
                    self.cond.notify_all()

    def wait(self, stage: str, deadline: float) -> "float | None":
        with self.cond:
            while stage not in self.seen:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)
            return self.seen[stage]


def children_map() -> "dict[int, list[int]]":
    kids: "dict[int, list[int]]" = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # The command name may contain spaces and parentheses: split after the last ")".
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def tree(pid: int) -> "list[int]":
    kids = children_map()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(kids.get(current, []))
    return found


def memory_kib(pid: int) -> "tuple[int, int, str]":
    """PSS and private (USS) memory of one process, and its name."""
    pss = private = 0
    name = "?"
    try:
        with open(f"/proc/{pid}/comm") as comm:
            name = comm.read().strip()
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                    private += int(line.split()[1])
    except OSError:
        pass
    return pss, private, name


def stop(pid: int, proc: subprocess.Popen) -> None:
    """Ends the app and everything it started, and waits until they are gone."""
    members = tree(pid)
    for member in members:
        try:
            os.kill(member, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + EXIT_DEADLINE_S
    alive = members
    while alive and time.monotonic() < deadline:
        proc.poll()
        alive = [m for m in alive if os.path.exists(f"/proc/{m}") and not zombie(m)]
        if alive:
            time.sleep(0.02)
    for member in alive:
        try:
            os.kill(member, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def window_name(window: str) -> str:
    out = subprocess.run(["xprop", "-id", window, "WM_NAME"], capture_output=True, text=True)
    return out.stdout.strip().partition("= ")[2].strip('"')


def launch(app: dict, watcher: MapWatcher, idle_s: float, scratch: str) -> dict:
    env = dict(os.environ)
    env.update(app["env"])
    home = tempfile.mkdtemp(prefix="home-", dir=scratch)
    env["MERIDIAN_HOME"] = home
    if app.get("seed"):
        subprocess.run(app["seed"], env=env, check=True, stdout=subprocess.DEVNULL)
    watcher.drain()
    start = now_ms()
    proc = subprocess.Popen(
        [app["binary"]], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    milestones = Milestones(proc.stdout)
    deadline = time.monotonic() + MILESTONE_DEADLINE_S
    result: dict = {"app": app["label"]}
    try:
        mapped = watcher.first_after(start, deadline)
        if mapped:
            result["window_mapped_ms"] = mapped[0] - start
        paint = milestones.wait("first_paint", deadline)
        if paint is not None:
            result["first_paint_ms"] = paint - start
        last = paint
        if app.get("home"):
            home_at = milestones.wait("home_populated", deadline)
            if home_at is not None:
                result["home_populated_ms"] = home_at - start
            last = home_at
        if mapped:
            result["window"] = window_name(mapped[1])
        # Every milestone the app printed, for finding where the time goes (results.json).
        with milestones.cond:
            result["stages"] = {stage: at - start for stage, at in milestones.seen.items()}
        # The idle period is the measurement: 15 s after the last milestone, untouched.
        idle_until = (last / 1000.0 if last else time.time()) + idle_s
        time.sleep(max(0.0, idle_until - time.time()))
        if proc.poll() is None:
            parts = [memory_kib(member) for member in tree(proc.pid)]
            result["idle_pss_mib"] = sum(pss for pss, _, _ in parts) / 1024.0
            result["idle_private_mib"] = sum(private for _, private, _ in parts) / 1024.0
            result["processes"] = sorted(
                ({"name": name, "pss_kib": pss, "private_kib": private}
                 for pss, private, name in parts),
                key=lambda part: -part["pss_kib"],
            )
        else:
            result["exited"] = proc.returncode
    finally:
        stop(proc.pid, proc)
        shutil.rmtree(home, ignore_errors=True)
    return result


def median_cell(runs: "list[dict]", key: str, fmt: str) -> "tuple[float | None, str]":
    values = [run[key] for run in runs if key in run]
    if not values:
        return None, "—"
    mid = statistics.median(values)
    cell = fmt.format(mid)
    if len(values) > 1:
        cell += f" ({fmt.format(min(values))}–{fmt.format(max(values))})"
    if len(values) < len(runs):
        cell += f" [{len(values)}/{len(runs)}]"
    return mid, cell


def table(apps: "list[dict]", results: "dict[str, list[dict]]") -> str:
    floor, others = apps[0], apps[1:]
    rows = [("window mapped (ms)", "window_mapped_ms", "{:.0f}"),
            ("first paint (ms)", "first_paint_ms", "{:.0f}"),
            ("home populated (ms)", "home_populated_ms", "{:.0f}"),
            ("idle PSS, tree (MiB)", "idle_pss_mib", "{:.1f}"),
            # Shared pages count towards PSS split among every process mapping them, so PSS
            # moves with whatever else runs on the machine; private memory does not.
            ("idle private, tree (MiB)", "idle_private_mib", "{:.1f}")]
    header = ["metric", floor["label"]]
    for app in others:
        header += [app["label"], "ratio"]
    header += ["target", "met"]
    lines = [header]
    for title, key, fmt in rows:
        base_key = TARGETS.get(key, (key,))[0]
        base, base_cell = median_cell(results[floor["label"]], base_key, fmt)
        if base_key != key:
            base_cell += " (first paint)"
        line = [title, base_cell]
        met = []
        for app in others:
            value, cell = median_cell(results[app["label"]], key, fmt)
            ratio = value / base if value is not None and base else None
            line += [cell, f"{ratio:.2f}×" if ratio else "—"]
            if key in TARGETS and ratio:
                met.append("yes" if ratio <= TARGETS[key][1] else "no")
        line += [TARGETS[key][2] if key in TARGETS else "", "/".join(met)]
        lines.append(line)
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    out = []
    for n, row in enumerate(lines):
        out.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            out.append("-|-".join("-" * w for w in widths))
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--floor", required=True, help="the bare Tauri app (release)")
    parser.add_argument("--meridian", required=True, help="meridian-desktop (release)")
    parser.add_argument("--cli", required=True, help="meridian CLI, seeds the demo team")
    parser.add_argument("--variant", action="append", default=[],
                        help="LABEL=PATH: another meridian-desktop build to compare in the same run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=15.0, help="seconds idle before PSS")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    for tool in ("xev", "xprop", "stdbuf"):
        if not shutil.which(tool):
            sys.exit(f"perf.py: {tool} not found (make perf installs it)")
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        sys.exit("perf.py: needs an X display and a session bus: run benches/perf/run.sh")

    os.makedirs(args.out, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="meridian-perf-")
    seed = [args.cli, "demo"]
    meridian_env = {"MERIDIAN_PERF_LOG": "1"}
    apps = [{"label": "floor", "binary": args.floor, "env": {}}]
    apps.append({"label": "Meridian", "binary": args.meridian, "env": meridian_env,
                 "seed": seed, "home": True})
    for variant in args.variant:
        label, _, path = variant.partition("=")
        apps.append({"label": label, "binary": path, "env": meridian_env, "seed": seed,
                     "home": True})
    for app in apps:
        # WebKit's own cache and storage, per app and kept across its launches (as a user's
        # would be), but never the real ones of whoever runs this.
        xdg = os.path.join(scratch, app["label"])
        for name in ("CACHE", "DATA", "CONFIG", "STATE"):
            os.makedirs(os.path.join(xdg, name), exist_ok=True)
            app["env"] = {**app["env"], f"XDG_{name}_HOME": os.path.join(xdg, name)}

    watcher = MapWatcher()
    results: "dict[str, list[dict]]" = {app["label"]: [] for app in apps}
    try:
        for app in apps:
            print(f"perf: warm-up launch of {app['label']}", flush=True)
            launch(app, watcher, 0.0, scratch)
        for round_ in range(args.runs):
            for app in apps:
                run = launch(app, watcher, args.idle, scratch)
                results[app["label"]].append(run)
                shown = {k: round(v) for k, v in run.items() if k.endswith(("_ms", "_mib"))}
                print(f"perf: run {round_ + 1}/{args.runs} {app['label']}: {shown}", flush=True)
    finally:
        watcher.close()
        shutil.rmtree(scratch, ignore_errors=True)

    text = table(apps, results)
    note = (f"{args.runs} launches each after one warm-up; median (min–max). Ratios against the "
            "floor, a bare Tauri app with a static page, measured in the same run.")
    with open(os.path.join(args.out, "results.json"), "w") as out:
        json.dump(results, out, indent=2)
    with open(os.path.join(args.out, "table.txt"), "w") as out:
        out.write(text + "\n\n" + note + "\n")
    print(text)
    print()
    print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
