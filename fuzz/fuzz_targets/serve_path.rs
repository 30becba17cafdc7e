//! See fuzz/README.md and `outcare::fuzzing::serve_path`, which holds the checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| outcare::fuzzing::serve_path(data));
