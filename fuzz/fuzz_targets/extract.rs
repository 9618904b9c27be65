//! The extractor on any bytes a server could send (see `checks::extractor`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tidings_fuzz::checks::extractor(data);
});
