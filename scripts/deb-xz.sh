#!/usr/bin/env bash
# Recompresses a .deb's contents with xz -9, as Debian's own packages are: Tauri writes them with
# gzip and has no setting for it (tauri-apps/tauri#9846). For Tidings' two binaries that is
# 18 MiB with gzip against about 13 with xz. dpkg has read xz since Debian 6 and Ubuntu 10.04.
#   scripts/deb-xz.sh PACKAGE.deb…      (each rewritten in place)
set -euo pipefail
for deb in "$@"; do
	work=$(mktemp -d)
	dpkg-deb -R "$deb" "$work/root"
	dpkg-deb --root-owner-group -Zxz -z9 -b "$work/root" "$work/repacked.deb" >/dev/null
	before=$(stat -c %s "$deb")
	mv "$work/repacked.deb" "$deb"
	rm -rf "$work"
	echo "$deb: $((before / 1024)) KiB with gzip, $(($(stat -c %s "$deb") / 1024)) KiB with xz"
done
