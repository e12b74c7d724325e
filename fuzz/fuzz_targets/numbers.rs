//! `numbers::recognize` on arbitrary UTF-8: never panics, every span slices the input with
//! `start <= end`, matches are sorted, no value is NaN.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|text: &str| {
    let found = pressroom::extract::numbers::recognize(text);
    invariants::check_numbers(text, &found);
});
