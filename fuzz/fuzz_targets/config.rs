//! See fuzz/README.md and `outcare::fuzzing::config`, which holds the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| outcare::fuzzing::config(data));
