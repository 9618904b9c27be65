// Decides, from the secrets the release workflow passes in, which signing each package gets, and
// applies it: exports the variables Tauri's bundler reads (through $GITHUB_ENV, so only the later
// steps of the same job see them) and merges config into target/release-config.json. Every kind
// of signing whose secrets are absent is skipped with a notice, never a failure: a fork builds
// unsigned packages.
//
//   node scripts/release-signing.mjs RUNNER-OS        (Linux, macOS or Windows, as GitHub names it)
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const UPDATER = ["TAURI_SIGNING_PRIVATE_KEY"];
const APPLE_SIGNING = ["APPLE_CERTIFICATE", "APPLE_CERTIFICATE_PASSWORD", "APPLE_SIGNING_IDENTITY"];
const APPLE_NOTARY = ["APPLE_ID", "APPLE_PASSWORD", "APPLE_TEAM_ID"];
const AZURE = [
  "AZURE_CLIENT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_TENANT_ID",
  "AZURE_SIGNING_ENDPOINT",
  "AZURE_SIGNING_ACCOUNT",
  "AZURE_SIGNING_PROFILE",
];

const present = (env, names) => names.every((name) => (env[name] ?? "") !== "");

/**
 * The plan for one runner: `exports` (variables for the bundler), `config` (merged into the
 * overlay), `notices` (one line per skipped kind of signing) and `install` (tools to install).
 */
export function signingPlan(runnerOs, env) {
  const plan = { exports: {}, config: {}, notices: [], install: [] };
  const exportAll = (names) => {
    for (const name of names) {
      if ((env[name] ?? "") !== "") plan.exports[name] = env[name];
    }
  };

  if (present(env, UPDATER)) {
    exportAll([...UPDATER, "TAURI_SIGNING_PRIVATE_KEY_PASSWORD"]);
    plan.config.bundle = { createUpdaterArtifacts: true };
  } else {
    plan.notices.push(
      "No TAURI_SIGNING_PRIVATE_KEY: packages are built without updater signatures, and no latest.json is published.",
    );
  }

  if (runnerOs === "macOS") {
    if (present(env, APPLE_SIGNING)) {
      exportAll(APPLE_SIGNING);
      if (present(env, APPLE_NOTARY)) {
        exportAll(APPLE_NOTARY);
      } else {
        plan.notices.push(
          "No APPLE_ID/APPLE_PASSWORD/APPLE_TEAM_ID: the macOS app is signed but not notarised.",
        );
      }
    } else {
      plan.notices.push(
        "No Apple Developer ID certificate: the macOS app is unsigned (Gatekeeper asks on first launch).",
      );
    }
  }

  if (runnerOs === "Windows") {
    if (present(env, AZURE)) {
      exportAll(["AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_TENANT_ID"]);
      const signCommand =
        `trusted-signing-cli -e ${env.AZURE_SIGNING_ENDPOINT} -a ${env.AZURE_SIGNING_ACCOUNT}` +
        ` -c ${env.AZURE_SIGNING_PROFILE} -d Tidings %1`;
      plan.config.bundle = { ...plan.config.bundle, windows: { signCommand } };
      plan.install.push("trusted-signing-cli");
    } else {
      plan.notices.push(
        "No Azure Trusted Signing secrets: the Windows installers are unsigned (SmartScreen warns on first run).",
      );
    }
  }
  return plan;
}

/** Deep merge of plain JSON objects (`extra` wins). */
export function mergeConfig(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const old = out[key];
    const bothObjects =
      old && value && typeof old === "object" && typeof value === "object" && !Array.isArray(old);
    out[key] = bothObjects ? mergeConfig(old, value) : value;
  }
  return out;
}

/** `NAME<<DELIMITER` blocks for $GITHUB_ENV, safe for multi-line values such as keys. */
export function githubEnvLines(exports, delimiter = `EOF_${randomUUID()}`) {
  return Object.entries(exports)
    .map(([name, value]) => `${name}<<${delimiter}\n${value}\n${delimiter}\n`)
    .join("");
}

function main(argv, env) {
  const runnerOs = argv[2];
  if (!["Linux", "macOS", "Windows"].includes(runnerOs ?? "")) {
    throw new Error("usage: node scripts/release-signing.mjs Linux|macOS|Windows");
  }
  const plan = signingPlan(runnerOs, env);
  for (const notice of plan.notices) console.log(`::notice::${notice}`);
  for (const tool of plan.install) {
    execFileSync("cargo", ["install", tool, "--locked"], { stdio: "inherit" });
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const file = path.join(root, "target/release-config.json");
  const merged = mergeConfig(JSON.parse(readFileSync(file, "utf8")), plan.config);
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  if (env.GITHUB_ENV) appendFileSync(env.GITHUB_ENV, githubEnvLines(plan.exports));
  console.log(`signing: ${Object.keys(plan.exports).join(", ") || "none"}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    main(process.argv, process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
