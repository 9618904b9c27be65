//! The clip-URL check and the duplicate key on any text a user could type (see `checks::url_check`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tidings_fuzz::checks::url_check(data);
});
