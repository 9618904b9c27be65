//! The Markdown exporter on hostile article fields (see `checks::markdown`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tidings_fuzz::checks::markdown(data);
});
