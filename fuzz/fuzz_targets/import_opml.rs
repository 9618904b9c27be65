//! The import parser read as `ImportFormat::Opml` on any file (see `checks::import`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tidings_fuzz::checks::import(data, tidings_core::import::ImportFormat::Opml);
});
