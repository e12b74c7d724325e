//! The whole middle, `pipeline::process_bytes` (parse then every extractor), on arbitrary bytes:
//! never an internal reject (a caught panic), and every extracted row's character offsets slice
//! the body (an outcome's `text` is exactly `body[start..end]`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|bytes: &[u8]| {
    invariants::check_pipeline(bytes);
});
