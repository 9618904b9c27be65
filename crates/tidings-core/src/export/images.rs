//! Images kept beside a Markdown export (`--with-images`), so that it reads offline: each image
//! an article shows is saved once as `assets/<hash>.<ext>` (the hash of its address, so the name
//! is the same in every export and two articles showing one image share the file) and the
//! article's Markdown points at that file. An image that cannot be downloaded keeps its web
//! address, with a warning in the report.

use std::collections::HashMap;

use dom_query::Document;
use sha2::{Digest, Sha256};
use url::Url;

use crate::model::Article;

/// The folder, inside the export folder, that holds the images.
pub const ASSETS: &str = "assets";

/// A downloaded image: where the export keeps it, and its bytes.
#[derive(Debug, Clone)]
pub struct SavedImage {
    /// The path inside the export folder (`assets/0123abcd.png`).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Downloaded images, by the address articles show them from.
pub type Images = HashMap<String, SavedImage>;

/// The http(s) addresses of the images `articles` show, each once, in order of appearance.
#[must_use]
pub fn image_urls(articles: &[Article]) -> Vec<Url> {
    let mut seen = std::collections::HashSet::new();
    let mut urls = Vec::new();
    for article in articles {
        let document = Document::from(article.content_html.as_str());
        for img in document.select("img[src]").nodes() {
            let Some(src) = img.attr("src") else { continue };
            let Ok(url) = Url::parse(src.trim()) else {
                continue;
            };
            if matches!(url.scheme(), "http" | "https") && seen.insert(url.to_string()) {
                urls.push(url);
            }
        }
    }
    urls
}

/// Where the export keeps the image from `url` served as `content_type`.
#[must_use]
pub fn asset_name(url: &Url, content_type: &str) -> String {
    let hash: String = Sha256::digest(url.as_str().as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let extension = match content_type {
        "image/jpeg" | "image/jpg" | "image/pjpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/avif" => "avif",
        "image/svg+xml" => "svg",
        "image/bmp" => "bmp",
        "image/x-icon" | "image/vnd.microsoft.icon" => "ico",
        "image/tiff" => "tiff",
        _ => "img",
    };
    format!("{ASSETS}/{hash}.{extension}")
}

/// `html` with every image that was downloaded pointing at its file in the export.
#[must_use]
pub fn point_at_saved(html: &str, images: &Images) -> String {
    if images.is_empty() {
        return html.to_owned();
    }
    let document = Document::from(html);
    let mut changed = false;
    for img in document.select("img[src]").nodes() {
        let Some(saved) = img
            .attr("src")
            .and_then(|src| Url::parse(src.trim()).ok())
            .and_then(|url| images.get(url.as_str()))
        else {
            continue;
        };
        img.set_attr("src", &saved.name);
        changed = true;
    }
    if !changed {
        return html.to_owned();
    }
    document.select("body").inner_html().to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_per_address_and_carry_the_type() {
        let url = Url::parse("https://cdn.example/a/b.png?w=600").unwrap();
        let name = asset_name(&url, "image/png");
        assert!(
            name.starts_with("assets/") && name.ends_with(".png"),
            "{name}"
        );
        assert_eq!(name, asset_name(&url, "image/png"));
        assert_ne!(
            name,
            asset_name(
                &Url::parse("https://cdn.example/a/b.png?w=900").unwrap(),
                "image/png"
            )
        );
        assert!(asset_name(&url, "image/x-unknown").ends_with(".img"));
    }

    #[test]
    fn only_downloaded_images_are_repointed() {
        let mut images = Images::new();
        images.insert(
            "https://cdn.example/one.png".into(),
            SavedImage {
                name: "assets/1.png".into(),
                bytes: vec![1],
            },
        );
        let out = point_at_saved(
            r#"<p><img src="https://cdn.example/one.png" alt="one"><img src="https://cdn.example/two.png"></p>"#,
            &images,
        );
        assert!(out.contains(r#"src="assets/1.png""#), "{out}");
        assert!(
            out.contains(r#"src="https://cdn.example/two.png""#),
            "{out}"
        );
    }
}
