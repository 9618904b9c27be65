//! The import parser read as `ImportFormat::Omnivore` on any file (see `checks::import`): the
//! ZIP reader, the metadata JSON, the highlight Markdown, and unpacking each kept page.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tidings_fuzz::checks::import(data, tidings_core::import::ImportFormat::Omnivore);
});
