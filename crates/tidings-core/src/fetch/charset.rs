//! Decoding a page's bytes to text: the charset from the BOM, the HTTP header, or `<meta>`; when
//! none is declared, or UTF-8 is declared but the bytes are not UTF-8, a detector (chardetng) guesses.

use encoding_rs::{Encoding, UTF_8};

/// Decodes an HTML body. The byte-order mark wins, then the `charset` of the `Content-Type`
/// header, then a `<meta charset>` or `<meta http-equiv>` in the first 1 024 bytes. With no
/// declaration, valid UTF-8 is UTF-8 and anything else is guessed; a page that claims UTF-8 but
/// is not (a common server misconfiguration) is guessed too, and valid UTF-8 with non-ASCII text
/// under a legacy label (or any UTF-16 label without a BOM) is read as UTF-8: such bytes are
/// essentially never meant as anything else. Invalid sequences become U+FFFD.
#[must_use]
pub fn decode_html(body: &[u8], content_type: &str) -> String {
    let declared = Encoding::for_bom(body)
        .map(|(enc, _)| enc)
        .or_else(|| {
            label_after_charset(content_type).and_then(|l| Encoding::for_label(l.as_bytes()))
        })
        .or_else(|| meta_charset(body));
    let valid_utf8 = std::str::from_utf8(body).is_ok();
    let encoding = match declared {
        Some(enc) if enc != UTF_8 && !(valid_utf8 && mislabelled_utf8(body, enc)) => enc,
        _ if valid_utf8 => UTF_8,
        _ => guess(body),
    };
    let (text, _, _) = encoding.decode(body);
    text.into_owned()
}

/// Whether `body`, valid UTF-8, declared as `declared` (not UTF-8), is really UTF-8: it holds
/// non-ASCII text, or the label is UTF-16 (which a BOM, absent here, would have confirmed).
fn mislabelled_utf8(body: &[u8], declared: &'static Encoding) -> bool {
    !body.is_ascii() || declared == encoding_rs::UTF_16LE || declared == encoding_rs::UTF_16BE
}

/// The detector's best guess for undeclared or mislabelled bytes.
fn guess(body: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(body, true);
    detector.guess(None, true)
}

fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("<meta") {
        rest = &rest[pos + 5..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        if let Some(label) = label_after_charset(&rest[..tag_end]) {
            if let Some(enc) = Encoding::for_label(label.as_bytes()) {
                return Some(
                    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        UTF_8
                    } else {
                        enc
                    },
                );
            }
        }
    }
    None
}

fn label_after_charset(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let after = lower[pos + "charset".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let after = after.trim_start_matches(['"', '\'']);
    let label: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!label.is_empty()).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_decodes_legacy_pages() {
        let body = b"<p>caf\xe9 \x93quoted\x94</p>";
        assert_eq!(
            decode_html(body, "text/html; charset=windows-1252"),
            "<p>caf\u{e9} \u{201c}quoted\u{201d}</p>"
        );
        assert_eq!(
            decode_html(body, "text/html; charset=\"ISO-8859-1\""),
            "<p>caf\u{e9} \u{201c}quoted\u{201d}</p>"
        );
    }

    #[test]
    fn meta_charset_is_used_when_the_header_has_none() {
        let body =
            b"<html><head><meta charset=\"windows-1252\"></head><body>na\xefve</body></html>";
        assert!(decode_html(body, "text/html").contains("na\u{ef}ve"));
        let body = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\"><p>\x93\xfa\x96\x7b</p>";
        assert!(decode_html(body, "").contains("\u{65e5}\u{672c}"));
    }

    #[test]
    fn undeclared_or_mislabelled_legacy_bytes_are_detected() {
        let body = "<p>Caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e, d\u{e9}j\u{e0} vu, na\u{ef}ve fa\u{e7}ade \u{e0} la fran\u{e7}aise</p>";
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(body);
        assert_eq!(decode_html(&latin1, "text/html"), body);
        assert_eq!(
            decode_html(&latin1, "text/html; charset=utf-8"),
            body,
            "a lying header is caught"
        );
    }

    #[test]
    fn utf8_under_a_legacy_or_utf16_label_stays_utf8() {
        let body = "<p>D\u{e9}j\u{e0} vu \u{2014} na\u{ef}ve</p>";
        for content_type in [
            "text/html; charset=iso-8859-1",
            "text/html; charset=windows-1252",
            "text/html; charset=shift_jis",
            "text/html; charset=utf-16",
        ] {
            assert_eq!(
                decode_html(body.as_bytes(), content_type),
                body,
                "{content_type}"
            );
        }
        assert_eq!(
            decode_html(b"<p>plain</p>", "text/html; charset=utf-16le"),
            "<p>plain</p>"
        );
        // ISO-2022-JP is all ASCII bytes: its label is still honoured.
        let (jis, _, _) = encoding_rs::ISO_2022_JP.encode("<p>\u{65e5}\u{672c}</p>");
        assert_eq!(
            decode_html(&jis, "text/html; charset=iso-2022-jp"),
            "<p>\u{65e5}\u{672c}</p>"
        );
    }

    #[test]
    fn bom_wins_and_utf8_is_the_default() {
        let mut body = vec![0xEF, 0xBB, 0xBF];
        body.extend_from_slice("<p>\u{e9}</p>".as_bytes());
        assert_eq!(
            decode_html(&body, "text/html; charset=windows-1252"),
            "<p>\u{e9}</p>"
        );
        assert_eq!(
            decode_html("<p>\u{1f980}</p>".as_bytes(), ""),
            "<p>\u{1f980}</p>"
        );
    }
}
