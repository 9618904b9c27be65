//! How the webview draws. WebKitGTK composites pages on the GPU; where there is no GPU it can
//! reach (a virtual machine, a remote desktop, Xvfb: no `/dev/dri/renderD*` node), Mesa emulates
//! one on the CPU, which costs the web process 40 % of its memory (measured idle on a
//! 100 000-article library, release build: its proportional share 218 -> 126 MiB, private
//! 110 -> 44 MiB) and draws the same pixels.
//! There the app turns WebKit's accelerated compositing off before WebKit starts. With a GPU,
//! WebKit's default stays. `TIDINGS_COMPOSITING=on|off` overrides the choice.

use std::path::Path;

/// The variable that overrides the choice: `on` or `off`.
pub const OVERRIDE_ENV: &str = "TIDINGS_COMPOSITING";

/// Whether WebKit should composite on the GPU: as `override_value` says (`on`/`off`), else only
/// when the machine has a GPU render node.
#[must_use]
pub fn accelerated(override_value: Option<&str>, has_render_node: bool) -> bool {
    match override_value.map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case("on") => true,
        Some(v) if v.eq_ignore_ascii_case("off") => false,
        _ => has_render_node,
    }
}

/// Whether `dri` (`/dev/dri`) holds a render node (`renderD128`, …).
#[must_use]
pub fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// WebKitGTK's own switch, read by its processes when they start.
#[cfg(target_os = "linux")]
const WEBKIT_NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Makes the choice before any webview exists: WebKit reads it from the environment of the app
/// and of the web process it starts. Call first thing, before other threads start. A choice the
/// person made through WebKit's own variable stays.
pub fn prepare() {
    #[cfg(target_os = "linux")]
    {
        let wanted = accelerated(
            std::env::var(OVERRIDE_ENV).ok().as_deref(),
            has_render_node(Path::new("/dev/dri")),
        );
        if !wanted && std::env::var_os(WEBKIT_NO_COMPOSITING).is_none() {
            std::env::set_var(WEBKIT_NO_COMPOSITING, "1");
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn compositing_follows_the_gpu_unless_overridden() {
        assert!(accelerated(None, true));
        assert!(!accelerated(None, false));
        assert!(accelerated(Some("on"), false));
        assert!(accelerated(Some(" ON "), false));
        assert!(!accelerated(Some("off"), true));
        assert!(
            accelerated(Some("maybe"), true),
            "an unknown value is ignored"
        );
    }

    #[test]
    fn a_render_node_is_found_among_the_dri_devices() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }
}
