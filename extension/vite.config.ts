// Builds the WebExtension (`make extension`): one build into target/extension/chromium/, copied
// to target/extension/firefox/, each with its own manifest generated from manifest.ts. The
// background and the content script must come out self-contained (a Firefox background script
// and an injected file cannot import), which the build checks.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";
import { manifest, type Browser } from "./manifest.ts";

const root = resolve(import.meta.dirname, "..");
const out = resolve(root, "target/extension");
const version = (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { version: string }).version;
const icons: Record<string, string> = { "32": "32x32.png", "64": "64x64.png", "128": "128x128.png" };

function webExtension(): Plugin {
  return {
    name: "tidings-webextension",
    apply: "build",
    closeBundle() {
      const built = resolve(out, "chromium");
      for (const file of ["background.js", "content.js"]) {
        const path = resolve(built, file);
        const code = readFileSync(path, "utf8");
        if (/\b(from|import)\s*\(?\s*["'`]|\bexport\s*[{*]/.test(code)) {
          throw new Error(`${file} imports or exports: it must be self-contained`);
        }
        // Injected again into a tab already clipped, its top-level names must not clash.
        if (file === "content.js") writeFileSync(path, `(() => {\n${code}\n})();\n`);
      }
      mkdirSync(resolve(built, "icons"), { recursive: true });
      for (const [size, file] of Object.entries(icons)) {
        cpSync(resolve(root, "icons", file), resolve(built, "icons", `${size}.png`));
      }
      const firefox = resolve(out, "firefox");
      rmSync(firefox, { recursive: true, force: true });
      cpSync(built, firefox, { recursive: true });
      for (const [browser, dir] of [["chromium", built], ["firefox", firefox]] as [Browser, string][]) {
        writeFileSync(resolve(dir, "manifest.json"), JSON.stringify(manifest(browser, version), null, 2) + "\n");
      }
    },
  };
}

export default defineConfig({
  root: resolve(import.meta.dirname, "src"),
  cacheDir: resolve(root, "node_modules/.vite-extension"),
  base: "./",
  publicDir: false,
  clearScreen: false,
  plugins: [webExtension()],
  build: {
    outDir: resolve(out, "chromium"),
    emptyOutDir: true,
    // Chromium 110+ and Firefox 115+ (the manifests' minimums) handle ES2022.
    target: "es2022",
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        popup: resolve(import.meta.dirname, "src/popup.html"),
        options: resolve(import.meta.dirname, "src/options.html"),
        background: resolve(import.meta.dirname, "src/background.ts"),
        content: resolve(import.meta.dirname, "src/content.ts"),
      },
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "chunks/[name].js",
        assetFileNames: "assets/[name][extname]",
      },
    },
  },
});
