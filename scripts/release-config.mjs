// Writes the Tauri config overlay for one release target (`tauri build --config FILE`): where the
// `tidings` command-line tool goes in that system's package, and, with the signing secrets the
// release workflow passes in, what signs the packages and the updater's artifacts.
//
//   node scripts/release-config.mjs TARGET-TRIPLE > target/release-config.json
//   node scripts/release-signing.mjs RUNNER-OS      (merges signing into that file; see there)
//
// Linux: the CLI is installed as /usr/bin/tidings by the .deb and .rpm (their `files`).
// macOS and Windows: the CLI is a Tauri "external binary", copied into the bundle beside the app
// (Tidings.app/Contents/MacOS/tidings; C:\Program Files\Tidings\tidings.exe); README.md says how to
// put it on PATH. Tauri wants external binaries named with the target triple, so the built CLI is
// copied to target/sidecar/tidings-TRIPLE[.exe] first.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeChangelog } from "./changelog-gz.mjs";

/** The system a Rust target triple builds for: "linux", "macos" or "windows". */
export function systemOf(triple) {
  if (triple.includes("-linux-")) return "linux";
  if (triple.includes("-apple-darwin")) return "macos";
  if (triple.includes("-windows-")) return "windows";
  throw new Error(`release-config: unsupported target triple "${triple}"`);
}

/** Where cargo puts the release CLI built with `--target TRIPLE`, relative to the repository. */
export function builtCliPath(triple) {
  const exe = systemOf(triple) === "windows" ? ".exe" : "";
  return `target/${triple}/release/tidings${exe}`;
}

/** Where the copy Tauri bundles as an external binary lives (the name Tauri looks for). */
export function sidecarPath(triple) {
  const exe = systemOf(triple) === "windows" ? ".exe" : "";
  return `target/sidecar/tidings-${triple}${exe}`;
}

/**
 * The overlay for one target. Paths inside a Tauri config are relative to src-tauri/, which sits
 * one level below the repository root.
 */
export function releaseConfig(triple) {
  const system = systemOf(triple);
  if (system === "linux") {
    const files = { "/usr/bin/tidings": `../${builtCliPath(triple)}` };
    return { bundle: { linux: { deb: { files }, rpm: { files } } } };
  }
  // Tauri appends "-TRIPLE[.exe]" itself.
  return { bundle: { externalBin: ["../target/sidecar/tidings"] } };
}

function main(argv) {
  const triple = argv[2];
  if (!triple) {
    throw new Error("usage: node scripts/release-config.mjs TARGET-TRIPLE");
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  if (systemOf(triple) === "linux") {
    writeChangelog(root);
  } else {
    mkdirSync(path.join(root, "target/sidecar"), { recursive: true });
    copyFileSync(path.join(root, builtCliPath(triple)), path.join(root, sidecarPath(triple)));
  }
  process.stdout.write(`${JSON.stringify(releaseConfig(triple), null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    main(process.argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
