// The one source of both manifests: Chromium runs the background as a service worker, Firefox
// as background scripts; everything else is shared. The vite config writes one per browser.

export type Browser = "chromium" | "firefox";

/** The host the API listens on: any port, since the app may use any of its range or --port. */
export const API_HOSTS = ["http://127.0.0.1/*"];

export function manifest(browser: Browser, version: string): Record<string, unknown> {
  const icons = { "32": "icons/32.png", "64": "icons/64.png", "128": "icons/128.png" };
  const shared = {
    manifest_version: 3,
    name: "Tidings Clipper",
    version,
    description:
      "Clip the page you are reading, as you see it, into Tidings on this computer.",
    icons,
    action: { default_title: "Clip to Tidings", default_popup: "popup.html", default_icon: icons },
    options_ui: { page: "options.html", open_in_tab: true },
    // activeTab + scripting: read the page the person asked to clip, and only that one.
    permissions: ["activeTab", "scripting", "contextMenus", "storage"],
    host_permissions: API_HOSTS,
    commands: {
      _execute_action: {
        suggested_key: { default: "Alt+Shift+Y" },
        description: "Open the Tidings popup",
      },
      "clip-page": {
        suggested_key: { default: "Alt+Shift+S" },
        description: "Clip this page to Tidings",
      },
    },
  };
  if (browser === "chromium") {
    return {
      ...shared,
      background: { service_worker: "background.js" },
      minimum_chrome_version: "110",
    };
  }
  return {
    ...shared,
    background: { scripts: ["background.js"] },
    browser_specific_settings: {
      gecko: { id: "clipper@tidings.local", strict_min_version: "115.0" },
    },
  };
}
