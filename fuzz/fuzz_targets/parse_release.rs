//! `parse_release` on arbitrary bytes: never panics, and a release it returns is well formed
//! (blocks inside the body on character boundaries, see `tests/support/invariants.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|bytes: &[u8]| {
    invariants::check_parse(bytes);
});
