// The release scripts' rules, for all three systems, checked on any one (node --test scripts/).
import assert from "node:assert/strict";
import { test } from "node:test";
import { builtCliPath, releaseConfig, sidecarPath, systemOf } from "./release-config.mjs";
import { githubEnvLines, mergeConfig, signingPlan } from "./release-signing.mjs";

test("the CLI goes to /usr/bin in both Linux packages, from the target's own build", () => {
  const config = releaseConfig("x86_64-unknown-linux-gnu");
  const expected = { "/usr/bin/tidings": "../target/x86_64-unknown-linux-gnu/release/tidings" };
  assert.deepEqual(config.bundle.linux.deb.files, expected);
  assert.deepEqual(config.bundle.linux.rpm.files, expected);
  assert.equal(config.bundle.externalBin, undefined);
});

test("on macOS and Windows the CLI is an external binary named the way Tauri looks for it", () => {
  for (const triple of ["aarch64-apple-darwin", "x86_64-apple-darwin", "x86_64-pc-windows-msvc"]) {
    assert.deepEqual(releaseConfig(triple).bundle.externalBin, ["../target/sidecar/tidings"]);
  }
  assert.equal(sidecarPath("x86_64-pc-windows-msvc"), "target/sidecar/tidings-x86_64-pc-windows-msvc.exe");
  assert.equal(builtCliPath("x86_64-pc-windows-msvc"), "target/x86_64-pc-windows-msvc/release/tidings.exe");
  assert.equal(sidecarPath("aarch64-apple-darwin"), "target/sidecar/tidings-aarch64-apple-darwin");
});

test("an unknown target is refused with its name", () => {
  assert.equal(systemOf("x86_64-apple-darwin"), "macos");
  assert.throws(() => releaseConfig("wasm32-unknown-unknown"), /wasm32-unknown-unknown/);
});

test("without secrets nothing is signed and each system says what it skipped", () => {
  for (const os of ["Linux", "macOS", "Windows"]) {
    const plan = signingPlan(os, {});
    assert.deepEqual(plan.exports, {});
    assert.deepEqual(plan.config, {});
    assert.equal(plan.notices.length, os === "Linux" ? 1 : 2);
    assert.match(plan.notices[0], /TAURI_SIGNING_PRIVATE_KEY/);
  }
  // An empty secret (GitHub's value for one that is not set) is absent too.
  assert.deepEqual(signingPlan("Linux", { TAURI_SIGNING_PRIVATE_KEY: "" }).exports, {});
});

test("the updater key turns on updater artifacts and is passed on with its password", () => {
  const plan = signingPlan("Linux", {
    TAURI_SIGNING_PRIVATE_KEY: "key",
    TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "pw",
  });
  assert.deepEqual(plan.exports, { TAURI_SIGNING_PRIVATE_KEY: "key", TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "pw" });
  assert.deepEqual(plan.config, { bundle: { createUpdaterArtifacts: true } });
  assert.deepEqual(plan.notices, []);
});

test("macOS: a certificate without notary credentials signs but says it does not notarise", () => {
  const signing = { APPLE_CERTIFICATE: "c", APPLE_CERTIFICATE_PASSWORD: "p", APPLE_SIGNING_IDENTITY: "i" };
  const plan = signingPlan("macOS", signing);
  assert.deepEqual(Object.keys(plan.exports).sort(), Object.keys(signing).sort());
  assert.ok(plan.notices.some((n) => /not notarised/.test(n)));
  const full = signingPlan("macOS", { ...signing, APPLE_ID: "a", APPLE_PASSWORD: "b", APPLE_TEAM_ID: "t" });
  assert.equal(Object.keys(full.exports).length, 6);
  assert.ok(!full.notices.some((n) => /Apple|notar/.test(n)));
});

test("Windows: Azure Trusted Signing becomes the bundle's signCommand; secrets stay in the environment", () => {
  const plan = signingPlan("Windows", {
    AZURE_CLIENT_ID: "id",
    AZURE_CLIENT_SECRET: "secret",
    AZURE_TENANT_ID: "tenant",
    AZURE_SIGNING_ENDPOINT: "https://weu.codesigning.azure.net",
    AZURE_SIGNING_ACCOUNT: "acct",
    AZURE_SIGNING_PROFILE: "prof",
  });
  const command = plan.config.bundle.windows.signCommand;
  assert.match(command, /^trusted-signing-cli -e https:\/\/weu\.codesigning\.azure\.net -a acct -c prof .*%1$/);
  assert.ok(!command.includes("secret"));
  assert.deepEqual(Object.keys(plan.exports).sort(), ["AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_TENANT_ID"]);
  assert.deepEqual(plan.install, ["trusted-signing-cli"]);
});

test("signing merges into the target's overlay without losing where the CLI goes", () => {
  const merged = mergeConfig(releaseConfig("x86_64-pc-windows-msvc"), {
    bundle: { createUpdaterArtifacts: true, windows: { signCommand: "x %1" } },
  });
  assert.deepEqual(merged.bundle.externalBin, ["../target/sidecar/tidings"]);
  assert.equal(merged.bundle.createUpdaterArtifacts, true);
  assert.equal(merged.bundle.windows.signCommand, "x %1");
});

test("multi-line secrets reach $GITHUB_ENV intact", () => {
  const lines = githubEnvLines({ KEY: "line one\nline two" }, "DELIM");
  assert.equal(lines, "KEY<<DELIM\nline one\nline two\nDELIM\n");
});
