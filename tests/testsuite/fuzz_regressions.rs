//! Inputs the fuzz targets (fuzz/README.md) once failed on, replayed through the
//! same functions and checks the targets run: `tests/fuzz-regressions/<target>/*`,
//! each file the bytes exactly as the target takes them.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", folder.display());
    let failed: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).unwrap();
            catch_unwind(AssertUnwindSafe(|| run(&data))).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target} fails again on {failed:#?}");
}

#[test]
fn front_matter() {
    replay("front_matter", outcare::fuzzing::front_matter);
}

#[test]
fn config() {
    replay("config", outcare::fuzzing::config);
}
