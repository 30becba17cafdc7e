//! See fuzz/README.md and `outcare::fuzzing::front_matter`, which holds the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| outcare::fuzzing::front_matter(data));
