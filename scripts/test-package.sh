#!/usr/bin/env bash
# `make test-package`: proves the Linux packages install and run on a system that never built them.
#
#  1. Checks the .deb and .rpm as files: size, contents (the app, the `tidings` CLI, the desktop
#     entry, icons in every size), `desktop-file-validate`, `lintian` (errors fail; warnings are
#     listed in the report), `rpm -qpR` (what the .rpm declares it needs).
#  2. Installs the .deb with `apt-get install ./…deb` into a clean Debian root made by debootstrap
#     (minbase: nothing the package does not declare), starts the installed `tidings-app` there on
#     an Xvfb display with a new home, waits for its window and for the first-run screen to be
#     drawn (a screenshot is kept), then checks that the installed `tidings` answers `--version`
#     and clips a page served on 127.0.0.1 into the same default library the app created.
#
# Needs root (chroot, mounts). PACKAGE_PROFILE=debug tests a `tauri build --debug` bundle; the
# size limit applies to release packages only. The clean root is cached in target/package-test/base.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=${PACKAGE_PROFILE:-release}
SUITE=${PACKAGE_TEST_SUITE:-bookworm}
MIRROR=${PACKAGE_TEST_MIRROR:-http://deb.debian.org/debian}
OUT=$PWD/target/package-test
BASE=$OUT/base-$SUITE
ROOT=$OUT/root
REPORT=$OUT/report.md
MAX_DEB_BYTES=$((15 * 1024 * 1024))

fail() { echo "test-package: $*" >&2; exit 1; }
note() { echo "$*" | tee -a "$REPORT"; }

[ "$(id -u)" = 0 ] || fail "needs root (debootstrap and chroot); run it with sudo"
deb=$(ls -t target/$PROFILE/bundle/deb/*.deb 2>/dev/null | head -n 1) ||
	true
rpm=$(ls -t target/$PROFILE/bundle/rpm/*.rpm 2>/dev/null | head -n 1) || true
[ -n "$deb" ] || fail "no .deb under target/$PROFILE/bundle/deb (make bundle builds one)"
[ -n "$rpm" ] || fail "no .rpm under target/$PROFILE/bundle/rpm (make bundle builds one)"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

mkdir -p "$OUT"
: >"$REPORT"
note "# Package test ($(date -u +%FT%TZ), $PROFILE)"
note

## ---- 1. the packages as files ----------------------------------------------------------------
deb_bytes=$(stat -c %s "$deb")
rpm_bytes=$(stat -c %s "$rpm")
note "- $(basename "$deb"): $((deb_bytes / 1024)) KiB"
note "- $(basename "$rpm"): $((rpm_bytes / 1024)) KiB"
if [ "$PROFILE" = release ] && [ "$deb_bytes" -gt "$MAX_DEB_BYTES" ]; then
	fail "the .deb is $deb_bytes bytes, over the 15 MiB limit"
fi

listing=$(dpkg-deb -c "$deb" | awk '{sub(/^\.\//, "", $NF); print $NF}')
for path in usr/bin/tidings-app usr/bin/tidings usr/share/applications/Tidings.desktop; do
	grep -qxF "$path" <<<"$listing" || fail "the .deb does not contain $path"
done
for size in 32x32 64x64 128x128 256x256@2 512x512; do
	grep -q "^usr/share/icons/hicolor/$size/apps/" <<<"$listing" ||
		fail "the .deb has no $size icon"
done
note "- .deb contents: app, CLI (/usr/bin/tidings), desktop entry, icons 32, 64, 128, 256@2, 512"

unpacked=$OUT/unpacked
rm -rf "$unpacked" && mkdir -p "$unpacked"
dpkg-deb -x "$deb" "$unpacked"
desktop-file-validate "$unpacked/usr/share/applications/Tidings.desktop" ||
	fail "desktop-file-validate rejects the desktop entry"
note "- desktop-file-validate: valid"
# A launcher hands the link to the app only if Exec has a field code for it (%u).
entry=$unpacked/usr/share/applications/Tidings.desktop
grep -q '^MimeType=.*x-scheme-handler/tidings' "$entry" ||
	fail "the desktop entry does not register the tidings:// scheme (MimeType=x-scheme-handler/tidings)"
grep -q '^Exec=.* %u$' "$entry" || fail "the desktop entry's Exec has no %u: a tidings:// link would be dropped"
note "- the desktop entry registers tidings:// links (x-scheme-handler/tidings) and passes them on (Exec … %u)"

lintian --allow-root --tag-display-limit 0 "$deb" >"$OUT/lintian.txt" 2>&1 || true
# A debug build is not stripped; that one error belongs to the profile, not the package.
if [ "$PROFILE" = debug ]; then
	sed -i '/unstripped-binary-or-object/d' "$OUT/lintian.txt"
fi
errors=$(grep -c '^E:' "$OUT/lintian.txt" || true)
warnings=$(grep -c '^W:' "$OUT/lintian.txt" || true)
note "- lintian: $errors errors, $warnings warnings (target/package-test/lintian.txt)"
grep '^[EW]:' "$OUT/lintian.txt" | sed 's/^/  - /' >>"$REPORT" || true
[ "$errors" = 0 ] || fail "lintian reports errors (target/package-test/lintian.txt)"

rpm -qpR "$rpm" >"$OUT/rpm-requires.txt" 2>/dev/null
rpm -qpl "$rpm" 2>/dev/null | grep -qx /usr/bin/tidings || fail "the .rpm does not contain /usr/bin/tidings"
note "- .rpm requires: $(grep -v '^rpmlib(' "$OUT/rpm-requires.txt" | tr '\n' ' ')"

## ---- 2. install and run in a clean root ------------------------------------------------------
if [ ! -x "$BASE/usr/bin/apt-get" ]; then
	rm -rf "$BASE"
	echo "== debootstrap $SUITE (once; cached in $BASE)"
	debootstrap --variant=minbase "$SUITE" "$BASE" "$MIRROR" >"$OUT/debootstrap.log" 2>&1 ||
		fail "debootstrap failed (target/package-test/debootstrap.log)"
fi

display=""
app_pid=""
server_pid=""
cleanup() {
	set +e
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	[ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
	for m in tmp/.X11-unix dev/pts dev sys proc; do
		mountpoint -q "$ROOT/$m" && umount -l "$ROOT/$m"
	done
}
trap cleanup EXIT

rm -rf "$ROOT"
cp -a "$BASE" "$ROOT"
mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys"
mount --rbind /dev "$ROOT/dev"
mkdir -p "$ROOT/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$ROOT/tmp/.X11-unix"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp "$deb" "$ROOT/tmp/tidings.deb"

echo "== apt-get install ./tidings.deb in the clean root"
chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$OUT/apt.log" 2>&1
chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	/tmp/tidings.deb >>"$OUT/apt.log" 2>&1 || fail "apt-get install of the .deb failed (target/package-test/apt.log)"
added=$(grep -c '^Setting up ' "$OUT/apt.log" || true)
note "- apt-get install ./$(basename "$deb") in a clean debootstrap $SUITE (minbase): ok, $added packages set up"

# The display is the host's Xvfb, reached through the bind-mounted /tmp/.X11-unix.
for n in $(seq 90 120); do [ -e "/tmp/.X11-unix/X$n" ] || { display=":$n"; break; }; done
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
xvfb_pid=$!
timeout 30 bash -c "until [ -e /tmp/.X11-unix/X${display#:} ]; do sleep 0.1; done" || fail "Xvfb did not start"

in_root() { chroot "$ROOT" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
echo "== starting the installed tidings-app"
in_root DISPLAY="$display" /usr/bin/tidings-app >"$OUT/app.log" 2>&1 &
app_pid=$!
DISPLAY=$display timeout 90 xdotool search --sync --name '^Tidings$' >/dev/null ||
	fail "no Tidings window within 90 s (target/package-test/app.log)"

# The window maps (and GTK draws its menu bar) before the web view draws the page: wait until the
# area below the menu bar holds a drawn page (text, icons: many colours), not a blank view.
shot=$OUT/first-run.png
drawn=""
for _ in $(seq 1 120); do
	DISPLAY=$display import -window root "$shot" 2>/dev/null || true
	colours=$(convert "$shot" -crop 1200x700+0+40 +repage -format %k info: 2>/dev/null || echo 0)
	if [ "$colours" -gt 32 ]; then drawn=yes; break; fi
	kill -0 "$app_pid" 2>/dev/null || fail "tidings-app exited (target/package-test/app.log)"
	sleep 0.5
done
[ -n "$drawn" ] || fail "the window's page stayed blank for 60 s (target/package-test/first-run.png)"
note "- the installed app started and drew its first-run page: target/package-test/first-run.png ($colours colours below the menu bar)"

library=$(find "$ROOT/root/.local/share" -name '*.sqlite3' 2>/dev/null | head -n 1)
[ -n "$library" ] || fail "the app created no library under ~/.local/share"
library=${library#"$ROOT"}
note "- the app's default library: $library"

cli_version=$(in_root tidings --version)
grep -qF "$version" <<<"$cli_version" || fail "tidings --version says \"$cli_version\", expected $version"
note "- installed CLI: $cli_version"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory tests/fixtures/pages "$port" >"$OUT/server.log" 2>&1 &
server_pid=$!
timeout 30 bash -c "until (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; do sleep 0.1; done" || fail "page server did not start"
in_root tidings add "http://127.0.0.1:$port/async-closures.html" >"$OUT/cli.log" 2>&1 ||
	fail "the installed CLI could not clip (target/package-test/cli.log)"
cli_library=$(in_root tidings info --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["path"])')
[ "$cli_library" = "$library" ] || fail "the CLI uses $cli_library, the app $library"
in_root tidings list --json | grep -qi 'async closures land' || fail "the clipped article is not in the library"
note "- the installed CLI clipped a page from 127.0.0.1 into the app's library ($cli_library)"
note
note "Package test passed."
