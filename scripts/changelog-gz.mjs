// Writes target/packaging/changelog.gz, the Debian changelog the .deb installs as
// /usr/share/doc/tidings/changelog.gz (tauri.conf.json bundle.linux.deb.files). Tauri's own
// `deb.changelog` files it under the product name's folder (Tidings/), not the package's, which
// lintian rejects. Run before `tauri build` by `make bundle` and the release workflow.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Gzips packaging/linux/changelog at maximum compression (no name, no time: reproducible). */
export function writeChangelog(root = ROOT) {
  const out = path.join(root, "target/packaging/changelog.gz");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, gzipSync(readFileSync(path.join(root, "packaging/linux/changelog")), { level: 9 }));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(writeChangelog());
}
