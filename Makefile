# Tidings — the two commands a user needs are `make run` and `make test`.
# Both first install what is missing on a Debian/Ubuntu machine (apt packages, npm packages,
# tauri-driver), so they work from a fresh clone. On macOS and Windows see README.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

APP := target/debug/tidings-app
# Build-time and test-time system packages (Debian/Ubuntu names).
APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential pkg-config curl file \
	xvfb xauth webkit2gtk-driver fonts-dejavu-core dbus nodejs npm chromium zip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CARGO_TERM_COLOR ?= never
export CARGO_PROFILE_DEV_DEBUG := 0

.PHONY: bench bench-extract bench-extract-cv test-bench test-package bundle help setup setup-system setup-node setup-driver run app app-release test test-rust test-ui test-e2e test-extension extension lint fmt clean-e2e

help:
	@echo "make run    install what is missing, build, and open Tidings on your default library"
	@echo "make test   install what is missing, then every test: Rust, UI unit tests, the extension in Chromium, end-to-end under Xvfb"
	@echo "make lint   rustfmt check and clippy with the workspace lints"
	@echo "make fmt    format the Rust code"
	@echo "make bundle release .deb and .rpm packages under target/release/bundle/"
	@echo "make test-package   install the .deb in a clean Debian root and run it (root; not in make test)"
	@echo "make extension   the browser extension, a zip for Chromium and one for Firefox"
	@echo "make bench  every hot path against its target (writes BENCHMARKS.md)"
	@echo "make bench-extract   extraction quality and speed against Readability.js and other engines"
	@echo "make bench-extract-cv   host-fold cross-validation and per-pass ablation of the extractor"

## ---- set-up -------------------------------------------------------------------------------

setup: setup-system setup-node

# Installs the apt packages that are missing (with sudo when not root). Elsewhere, says what to do.
setup-system:
	@if ! command -v dpkg >/dev/null 2>&1; then \
		echo "Not a Debian/Ubuntu system: install the prerequisites listed in README.md by hand."; \
	else \
		missing=""; \
		for p in $(APT_PACKAGES); do \
			if [ "$$p" = nodejs ] || [ "$$p" = npm ]; then command -v "$$p" >/dev/null 2>&1 && continue; fi; \
			dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
		done; \
		if [ -n "$$missing" ]; then \
			echo "Installing system packages:$$missing"; \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
		fi; \
	fi

# npm packages, reinstalled only when package-lock.json changes.
setup-node: node_modules/.installed
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# tauri-driver bridges WebDriver to the app, for the end-to-end tests.
setup-driver:
	@command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --version '^2' --locked

## ---- run ------------------------------------------------------------------------------------

# The app with its UI embedded (`tauri build`, not `cargo build`, which would make a dev binary
# that looks for a dev server).
app: setup
	npx tauri build --debug --no-bundle

run: app
	$(APP)

# The release app, as people run it: what `make bench` measures.
app-release: setup
	npx tauri build --no-bundle

# Release packages for Linux (AppImage needs tools downloaded at build time, so it is left out).
# Both carry the `tidings` CLI as /usr/bin/tidings (tauri.conf.json bundle.linux), built first.
bundle: setup
	cargo build --release -p tidings-cli
	node scripts/changelog-gz.mjs
	npx tauri build --bundles deb,rpm
	scripts/deb-xz.sh target/release/bundle/deb/*.deb
	@echo "Packages:"; ls -1 target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

# The Linux install test (scripts/test-package.sh): the .deb in a clean debootstrap root, started
# under Xvfb, its CLI clipping into the app's library. Needs root; `PACKAGE_PROFILE=debug` tests a
# debug bundle (`npx tauri build --debug --bundles deb,rpm`) without the release build.
PACKAGE_TOOLS := debootstrap lintian desktop-file-utils rpm imagemagick xdotool xvfb
PACKAGE_PROFILE ?= release
DEBUG_CLI_FILES := {"bundle":{"linux":{"deb":{"files":{"/usr/bin/tidings":"../target/debug/tidings"}},"rpm":{"files":{"/usr/bin/tidings":"../target/debug/tidings"}}}}}
test-package: setup
	@missing=""; for p in $(PACKAGE_TOOLS); do \
		dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@if [ "$(PACKAGE_PROFILE)" = release ]; then $(MAKE) --no-print-directory bundle; else \
		cargo build -p tidings-cli && node scripts/changelog-gz.mjs && \
		npx tauri build --debug --bundles deb,rpm --config '$(DEBUG_CLI_FILES)' && \
		scripts/deb-xz.sh target/debug/bundle/deb/*.deb; \
	fi
	$(SUDO) env PACKAGE_PROFILE=$(PACKAGE_PROFILE) scripts/test-package.sh

# The WebExtension (extension/): one build, a zip per browser, their paths printed.
extension: setup-node
	npx vite build -c extension/vite.config.ts --logLevel warn
	@for b in chromium firefox; do \
		rm -f target/extension/tidings-clipper-$$b.zip; \
		(cd target/extension/$$b && zip -qrX ../tidings-clipper-$$b.zip .); \
		echo "target/extension/tidings-clipper-$$b.zip"; \
	done

## ---- tests ----------------------------------------------------------------------------------

test: setup lint test-rust test-ui test-extension test-e2e test-bench
	@echo "All tests passed."

test-rust:
	cargo test --workspace --exclude e2e

test-ui: setup-node
	npm run check
	npx vitest run
	node --test scripts/

# The built extension in Debian's Chromium (headless), paired with `tidings serve` on a
# temporary library.
test-extension: setup extension
	cargo build -p tidings-cli
	timeout 300 node --test extension/test/

# A second launch (a tidings:// link) finds the running app over the D-Bus session bus: without
# one (CI, a console), the tests run in a session bus of their own.
DBUS_SESSION := $(if $(DBUS_SESSION_BUS_ADDRESS),,dbus-run-session --)

# Built last, right before the tests that drive it, so the binary under test is the embedded one.
test-e2e: setup setup-driver
	cargo build -p tidings-cli
	npx tauri build --debug --no-bundle
	timeout 900 $(DBUS_SESSION) xvfb-run -a --server-args="-screen 0 1280x800x24" cargo test -p e2e -- --nocapture --test-threads=1

lint: setup-node
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	@for f in .github/workflows/*.yml; do \
		npx action-validator "$$f" >/dev/null || { npx action-validator "$$f"; exit 1; }; \
	done; echo "workflows: valid"

fmt:
	cargo fmt --all

## ---- benchmarks -------------------------------------------------------------------------------

# The folder with what the repository does not hold: the Mozilla corpus and the shared extraction
# harness (`corpus/mozilla`, `bench/extract`). Only benchmarks read it; without it they report those
# rows as "not measured". `make bench TIDINGS_SHARED=/path/to/shared` points elsewhere.
TIDINGS_SHARED ?= ../shared
export TIDINGS_SHARED := $(abspath $(TIDINGS_SHARED))
EXTRACT_BENCH := $(TIDINGS_SHARED)/bench/extract

# Every hot path against its target and a same-run baseline (BENCHMARKS.md explains the table).
# Generated libraries are cached in target/bench/libraries; the report goes to target/bench/ and
# BENCHMARKS.md.
# The libraries are generated (or found cached) while the release app builds: the two are
# independent.
bench: setup setup-driver
	cargo build --release -p tidings-cli -p tidings-bench
	mkdir -p target/bench
	target/release/tidings-bench libraries >target/bench/libraries.log 2>&1 & gen=$$!; \
	  $(MAKE) --no-print-directory app-release; built=$$?; \
	  wait $$gen || { cat target/bench/libraries.log; exit 1; }; exit $$built
	target/release/tidings-bench
	cp target/bench/report.md BENCHMARKS.md

# Each benchmark once on tiny inputs, so none can rot (part of `make test`, after the end-to-end
# tests have built the app; figures mean nothing). Then the ones that read TIDINGS_SHARED again
# with it hidden, as in a user's clone, which has nothing beside it.
test-bench:
	cargo run -q -p tidings-bench -- --tiny
	cargo test -q -p tidings-bench --bench extract
	@echo "== again without $(TIDINGS_SHARED), as in a clone with nothing beside it"
	TIDINGS_SHARED=$(CURDIR)/target/no-shared-folder cargo run -q -p tidings-bench -- --tiny \
		--only extract,clip --out target/bench/without-shared
	TIDINGS_SHARED=$(CURDIR)/target/no-shared-folder cargo test -q -p tidings-bench --bench extract

# Extraction quality and speed against Readability.js and the other engines (the shared harness).
bench-extract:
	@if [ ! -x "$(EXTRACT_BENCH)/run" ]; then \
		echo "not measured: the extraction harness was not found at $(EXTRACT_BENCH) (set TIDINGS_SHARED)"; \
		exit 0; \
	fi; \
	cargo build --release -p tidings-cli && \
	$(EXTRACT_BENCH)/setup js rust && \
	EXTRACT_CMD="$(CURDIR)/target/release/tidings" EXTRACT_NAME=tidings \
		$(EXTRACT_BENCH)/run mozilla $(TIDINGS_SHARED)/corpus/wcxb-articles \
		--engines readability-js,dom_smoothie_fmt,trafilatura_rs,rs_trafilatura,tidings
	$(MAKE) --no-print-directory bench-extract-cv

# Host-fold cross-validation and per-pass ablation on wcxb-articles, Mozilla and wcxb-docs as
# checks (bench/extract-cv/README.md). Outputs are cached by binary hash and skip set in
# target/extract-cv/, so a rerun after no change in the engine costs only the scoring.
bench-extract-cv:
	@if [ ! -f "$(TIDINGS_SHARED)/corpus/wcxb-articles/ground-truth.json" ]; then \
		echo "not measured: wcxb-articles was not found under $(TIDINGS_SHARED)/corpus (set TIDINGS_SHARED)"; \
		exit 0; \
	fi; \
	cargo build --release -p tidings-cli && python3 bench/extract-cv/cv.py

## ---- fuzzing ----------------------------------------------------------------------------------

.PHONY: fuzz
# Seconds each fuzz target runs: `make fuzz FUZZ_SECONDS=600`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := extract urlnorm markdown import_urls import_pocket import_instapaper \
	import_netscape import_opml import_backup import_auto import_omnivore

# Every libFuzzer target in turn (nightly + cargo-fuzz, installed when missing), seeded with the
# project's fixtures and the saved regressions. A crash stops here with its input in
# fuzz/artifacts/<target>/: copy it to fuzz/regressions/<target>/ with the fix (a normal test runs those).
fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		case $$t in \
			extract|markdown) seeds=../tests/fixtures/pages ;; \
			import_*) seeds=../tests/fixtures/imports ;; \
			*) seeds= ;; \
		esac; \
		mkdir -p corpus/$$t regressions/$$t; \
		echo "== $$t for $(FUZZ_SECONDS) s"; \
		cargo +nightly fuzz run $$t corpus/$$t regressions/$$t $$seeds -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=30 -print_final_stats=1; \
	done
