// Vite builds the UI in ui/ into dist/, which the Tauri shell embeds (src-tauri/tauri.conf.json).
// The same file configures vitest (jsdom + @testing-library/svelte).
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: "ui",
  // Keep vite's and vitest's caches in the root node_modules/, not in a ui/node_modules/.
  cacheDir: "../node_modules/.vite",
  // Tauri shows its own errors; keep vite's output readable in `tauri dev`.
  clearScreen: false,
  // The svelte config sits beside this file, not in `root`; the path is relative to `root`.
  plugins: [svelte({ configFile: "../svelte.config.js" }), svelteTesting()],
  server: {
    port: 5173,
    strictPort: true,
    host: "localhost",
    // Rust sources are not the UI's business.
    watch: { ignored: ["**/src-tauri/**", "**/crates/**", "**/target/**"] },
  },
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    // WebKitGTK 2.40+ (Debian 12) and WebView2 both handle ES2022.
    target: "es2022",
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    restoreMocks: true,
  },
});
