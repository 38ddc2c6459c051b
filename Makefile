# Meridian: `make run` sets up a fresh Debian/Ubuntu machine and starts the app;
# `make test` runs every check CI runs. Both install whatever is missing first.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# What building the Tauri shell needs on Debian/Ubuntu.
BUILD_PACKAGES := build-essential pkg-config curl file libwebkit2gtk-4.1-dev \
	libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
# What the end-to-end test needs: a virtual display, a session bus, the WebKit driver,
# a notification daemon and screenshot tools.
# faketime (libfaketime) sets the one clock every e2e run works at; gdb shows where a hung app waits.
TEST_PACKAGES := xvfb xauth dbus dbus-x11 at-spi2-core webkit2gtk-driver dunst imagemagick postgresql \
	fonts-noto-color-emoji faketime gdb
TAURI_DRIVER_VERSION := 2.1.0
# The Tauri bundler (`cargo tauri`) that `make package` makes the Linux packages with.
TAURI_CLI_VERSION := 2.12.4
# What `make perf` needs beyond a virtual display and a session bus: xev and xprop, to see
# windows being mapped.
PERF_PACKAGES := xvfb xauth dbus dbus-x11 x11-utils

# Installs, in one apt-get call, those of the packages $(1) that are missing; $(2) names them.
define install-missing
missing=""; for package in $(1); do \
	dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
done; \
if [ -n "$$missing" ]; then \
	echo "Installing $(2):$$missing"; \
	$(SUDO) apt-get update -qq; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
fi
endef

.PHONY: run test setup setup-test ui fmt-check clippy boundaries rust-tests ui-tests e2e e2e-build e2e-clocks e2e-repeat \
	screenshots package setup-package package-test bench perf setup-perf soak bindings

## run: install what is missing, build the UI and start Meridian.
run: setup ui
	$(CARGO) run --release -p meridian-desktop

## test: everything CI checks.
test: setup setup-test ui fmt-check clippy boundaries rust-tests ui-tests e2e package-test
	@echo "make test: all checks passed"

setup:
	@$(call install-missing,$(BUILD_PACKAGES),system packages)
	@command -v node >/dev/null || { echo "Node.js 20+ with npm is required: install it (e.g. apt-get install nodejs npm) and retry."; exit 1; }

setup-test: setup
	@$(call install-missing,$(TEST_PACKAGES),test packages)
	@if ! tauri-driver --help >/dev/null 2>&1 && [ ! -x "$$HOME/.cargo/bin/tauri-driver" ]; then \
		$(CARGO) install tauri-driver --locked --version $(TAURI_DRIVER_VERSION); \
	fi

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

## ui: build the web UI into ui/dist (the desktop shell embeds it).
ui: ui/node_modules/.package-lock.json
	cd ui && npm run build

fmt-check:
	$(CARGO) fmt --all -- --check

clippy: ui
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## boundaries: each crate's "never" (docs/ARCHITECTURE.md), checked on the dependency tree.
# The core never pulls in the desktop, the CLI parser, OS notifications (D-Bus), an HTTP stack
# or the search engine; the protocol crate needs serde and uuid only.
CORE_NEVER := tauri tauri-.* wry tao clap clap_.* notify-rust zbus hyper hyper-.* reqwest axum http ureq tantivy
PROTOCOL_ONLY := meridian-protocol serde serde_core serde_derive uuid proc-macro2 quote syn unicode-ident
boundaries:
	@deps=$$($(CARGO) tree -p meridian -e normal --locked --prefix none | sed 's/ v.*//' | sort -u); \
	for name in $(CORE_NEVER); do \
		if echo "$$deps" | grep -qxE "$$name"; then echo "error: the core (meridian) depends on $$name"; exit 1; fi; \
	done; echo "core: none of $(CORE_NEVER)"
	@deps=$$($(CARGO) tree -p meridian-protocol -e normal --locked --prefix none | sed 's/ v.*//' | sort -u); \
	for name in $$deps; do \
		echo " $(PROTOCOL_ONLY) " | grep -q " $$name " || { echo "error: meridian-protocol depends on $$name; it may use only $(PROTOCOL_ONLY)"; exit 1; }; \
	done; echo "protocol: only $$(echo $$deps | tr '\n' ' ')"
	@deps=$$($(CARGO) tree -p meridian-server -e normal --locked --prefix none | sed 's/ v.*//' | sort -u); \
	for name in meridian 'tauri.*'; do \
		if echo "$$deps" | grep -qxE "$$name"; then echo "error: meridian-server depends on $$name; it may use only meridian-protocol"; exit 1; fi; \
	done; echo "server: neither the core (meridian) nor tauri"

## rust-tests: every Rust test, on a throw-away PostgreSQL cluster that pg_virtualenv starts
## and removes (the PG* variables it sets are where the server's PostgreSQL tests connect), so
## the PostgreSQL tests run with the rest instead of being skipped. Without a cluster they
## fail, saying how to get one.
rust-tests: ui setup-test
	pg_virtualenv -o fsync=off $(CARGO) test --workspace --locked

ui-tests: ui/node_modules/.package-lock.json
	cd ui && npm test

## e2e: drive the real app with tauri-driver + WebKitWebDriver under Xvfb and a session bus.
## Everything it writes (screenshots included) goes to target/e2e/; tracked files stay as they are.
## The run's clock is E2E_CLOCK (default: a Monday morning in Europe; `now` for the machine's);
## each run prints it, and E2E_CLOCK=... replays it.
e2e: e2e-build
	PATH="$$HOME/.cargo/bin:$$PATH" tests/e2e/run.sh

e2e-build: ui setup-test
	$(CARGO) build --locked -p meridian-desktop -p meridian-cli -p meridian-server

## e2e-clocks: the date- and time-sensitive scripts at five clocks, each crossed with a profile
## zone (E2E_ZONE, for the scripts that onboard into one; checkins picks a zone where it is
## mid-morning, and notifications and decide work in UTC): a weekday morning in Europe
## (Berlin), a weekday late evening UTC (Auckland, already the next day), a Saturday (Los
## Angeles, at dawn), a Sunday evening UTC (Auckland, Monday morning) and the night Europe
## moves its clocks forward (Berlin, 15 minutes before).
E2E_CLOCKS := 2026-12-07T08:30:00Z@Europe/Berlin 2026-12-08T22:30:00Z@Pacific/Auckland \
	2026-12-12T14:00:00Z@America/Los_Angeles 2026-12-13T20:00:00Z@Pacific/Auckland \
	2027-03-28T00:45:00Z@Europe/Berlin
E2E_CLOCK_SCRIPTS := checkins board notifications decide run
e2e-clocks: e2e-build
	@failed=""; for pair in $(E2E_CLOCKS); do \
		clock=$${pair%@*}; zone=$${pair#*@}; \
		echo "== e2e-clocks: $$clock, profiles in $$zone"; \
		E2E_CLOCK=$$clock E2E_ZONE=$$zone PATH="$$HOME/.cargo/bin:$$PATH" tests/e2e/run.sh $(E2E_CLOCK_SCRIPTS) \
			|| failed="$$failed $$pair"; \
	done; \
	if [ -n "$$failed" ]; then echo "e2e-clocks: failed at$$failed (replay: E2E_CLOCK=<clock> E2E_ZONE=<zone> tests/e2e/run.sh ...)"; exit 1; fi; \
	echo "e2e-clocks: $(E2E_CLOCK_SCRIPTS) passed at each of $(E2E_CLOCKS)"

## e2e-repeat: SCRIPTS (default: every one) RUNS times each (default 10), with LOAD=1 under
## `stress-ng --cpu 2`, as a busy CI machine; prints each script's count of passing runs.
RUNS ?= 10
SCRIPTS ?= run content xss search checkins board notifications relaunch diagnostics sync decide
e2e-repeat: e2e-build
	@if [ "$(LOAD)" = 1 ]; then $(call install-missing,stress-ng,load generator); fi
	@mkdir -p target/e2e/repeat; load=""; \
	if [ "$(LOAD)" = 1 ]; then stress-ng --cpu 2 --quiet & load=$$!; trap 'kill $$load 2>/dev/null' EXIT; fi; \
	summary=""; status=0; \
	for script in $(SCRIPTS); do \
		passed=0; \
		for run in $$(seq 1 $(RUNS)); do \
			log=target/e2e/repeat/$$script-$$run.log; \
			if PATH="$$HOME/.cargo/bin:$$PATH" tests/e2e/run.sh $$script >$$log 2>&1; then passed=$$((passed + 1)); \
			else echo "$$script run $$run failed: $$log"; grep -E "^  FAIL" -A2 $$log | head -6; status=1; fi; \
		done; \
		echo "$$script: $$passed/$(RUNS) passed$${load:+ under load}"; summary="$$summary$$script $$passed/$(RUNS); "; \
	done; \
	echo "e2e-repeat: $$summary"; exit $$status

## screenshots: run the e2e, then refresh docs/screenshots/ with the pictures it took.
screenshots: e2e
	cp target/e2e/*.png docs/screenshots/
	@echo "docs/screenshots/ refreshed from target/e2e/: review and commit the changes"

## package: the Debian package of Meridian (and an RPM of the same files), made by the Tauri
## bundler from a release build; PROFILE=debug bundles the debug build instead, the one
## e2e-build made, without compiling anything again. It installs the app, the `meridian` CLI,
## a desktop entry and icons (src-tauri/tauri.conf.json, `bundle`), and lands in
## target/$(PROFILE)/bundle/deb/ (the RPM in .../bundle/rpm/).
# No AppImage: the bundler downloads its tools (linuxdeploy and plugins) while bundling one.
# The RPM needs neither rpmbuild nor a download: the bundler writes it itself.
PROFILE ?= release
# The crates the package's build compiles together. The debug build names the same ones as
# e2e-build, so Cargo resolves the same features and finds that build up to date; built
# alone, the desktop crate resolves other features and would compile most of the tree again.
# (That is also why this is `cargo build` + `cargo tauri bundle`, not `cargo tauri build`,
# which builds the desktop crate alone.)
PACKAGE_CRATES = -p meridian-desktop -p meridian-cli $(if $(filter debug,$(PROFILE)),-p meridian-server)
# tauri.conf.json takes the CLI from the release build; this points the bundler at PROFILE's.
PACKAGE_CONFIG = {"bundle":{"linux":{"deb":{"files":{"/usr/bin/meridian":"../target/$(PROFILE)/meridian"}},"rpm":{"files":{"/usr/bin/meridian":"../target/$(PROFILE)/meridian"}}}}}
PACKAGE_VERSION = $(shell sed -n 's/^  "version": "\([^"]*\)",$$/\1/p' src-tauri/tauri.conf.json)
# package-test upgrades to the same build bundled one patch version higher.
PACKAGE_NEXT_VERSION = $(shell echo '$(PACKAGE_VERSION)' | awk -F. '{ print $$1 "." $$2 "." $$3 + 1 }')
DEB_DIR = target/$(PROFILE)/bundle/deb
DEB_ARCH = $(shell dpkg --print-architecture)

# Built at opt-level 1: bundling takes seconds either way, and a fresh CI machine compiles the
# bundler in a fraction of the default release build's time.
setup-package: setup
	@$(CARGO) tauri --version >/dev/null 2>&1 || CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
		$(CARGO) install tauri-cli --locked --version $(TAURI_CLI_VERSION)

package: setup-package ui
	@case "$(PROFILE)" in release|debug) ;; *) echo "PROFILE is release or debug, not $(PROFILE)"; exit 1 ;; esac
	@[ -n "$(PACKAGE_VERSION)" ] || { echo "no \"version\" in src-tauri/tauri.conf.json"; exit 1; }
	$(CARGO) build --locked $(if $(filter release,$(PROFILE)),--release) $(PACKAGE_CRATES)
	cd src-tauri && $(CARGO) tauri bundle $(if $(filter debug,$(PROFILE)),--debug) --config '$(PACKAGE_CONFIG)'
	@deb=$(DEB_DIR)/Meridian_$(PACKAGE_VERSION)_$(DEB_ARCH).deb; \
	[ -f $$deb ] || { echo "package: $$deb was not made"; exit 1; }; \
	for file in $$deb target/$(PROFILE)/bundle/rpm/Meridian-$(PACKAGE_VERSION)-*.rpm; do \
		[ ! -f $$file ] || echo "package: $$file ($$(du -h $$file | cut -f1))"; \
	done; \
	echo "install it with: sudo apt install ./$$deb"

## package-test: the debug build's .deb installed on this machine, started on a fresh profile,
## upgraded to the next version, removed and purged (tests/package/run.sh, through sudo when
## not root). It writes to target/package-test/ and temporary directories.
package-test: PROFILE := debug
package-test: package setup-test
	cd src-tauri && $(CARGO) tauri bundle --debug --bundles deb --config '$(PACKAGE_CONFIG)' \
		--config '{"version":"$(PACKAGE_NEXT_VERSION)"}'
	tests/package/run.sh $(DEB_DIR)/Meridian_$(PACKAGE_VERSION)_$(DEB_ARCH).deb \
		$(DEB_DIR)/Meridian_$(PACKAGE_NEXT_VERSION)_$(DEB_ARCH).deb

## bench: op-log append throughput against raw SQLite inserts; board, overlap and digest times;
## Markdown rendering and word diffs; a channel page out of 1M threads and a doc of 1,000 revisions;
## the work board of 10k tasks with blockers beside reading its rows;
## a cold device pulling 200k ops from 8 devices through the server, beside ingest alone;
## who must approve a change and who is awake over a 500-member team;
## search over 1M posts: indexing beside a raw tantivy loop, queries beside raw tantivy and
## SQLite FTS5, and the index's size.
bench:
	$(CARGO) bench --bench oplog
	$(CARGO) bench --bench availability
	$(CARGO) bench --bench content
	$(CARGO) bench --bench conversations
	$(CARGO) bench --bench work
	$(CARGO) bench --bench decide
	$(CARGO) bench -p meridian-search --bench search
	$(CARGO) bench -p meridian-sync --bench sync
	pg_virtualenv $(CARGO) bench -p meridian-server --bench push

setup-perf: setup
	@$(call install-missing,$(PERF_PACKAGES),perf packages)

## perf: start-up and idle memory of Meridian against a bare Tauri app (the floor), built in
## release and measured in the same run; the table and per-launch figures go to target/perf/.
perf: setup-perf ui
	$(CARGO) build --release --locked -p meridian-desktop -p meridian-cli -p meridian-perf-floor
	benches/perf/run.sh $(PERF_ARGS)

## soak: the sync convergence simulation over 10,000 seeds (make test runs 200).
soak:
	MERIDIAN_SIM_SEEDS=10000 $(CARGO) test --release --locked -p meridian-sync --test simulation -- --nocapture

## bindings: regenerate the UI's TypeScript types from the Rust ones.
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test --test core bindings
