//! The user guide (docs/guide.md) run as a script, so it cannot rot: every
//! command it shows runs, in order, in a scratch folder, and every file it
//! shows is written where it says, then checked by the commands after it.
//!
//! The guide marks what the test does with each fenced block:
//! - ` ```sh `: one command a line (`# …` after it is a comment; `# exits 1`
//!   says the command is expected to fail). `outcare …` runs this build of the
//!   binary, `cd` changes folder, `rm` removes, `git …` runs git; the commands the test cannot
//!   run here (installing, serving, pushing) are listed in `NOT_RUN`.
//! - ` ```markdown file=PATH ` (or `yaml`, `html`…): the block is written to PATH.
//! - ` ```yaml excerpt=PATH `: every line of the block is in PATH, in order.
//!
//! Other blocks (output shown as ` ```text `) are prose.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Run, TODAY};

/// Commands shown to the reader that this test does not run, and why.
const NOT_RUN: [(&str, &str); 5] = [
    ("cargo install", "builds outcare from the network"),
    (
        "outcare serve",
        "runs until stopped; tests/testsuite/serve.rs covers it",
    ),
    ("git push", "needs a remote"),
    ("git remote", "needs a remote"),
    (
        "pre-commit",
        "the pre-commit framework is not installed here",
    ),
];

struct Block {
    info: String,
    text: String,
    line: usize,
}

fn blocks(page: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in page.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    text: String::new(),
                    line: i + 1,
                })
            }
            (Some(_), Some("")) => out.extend(open.take()),
            (Some(block), _) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "docs/guide.md has an unclosed code block");
    out
}

/// Splits a command line as a shell would, for the simple quoting the guide uses.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// A command line without its comment, and whether the comment expects exit 1.
fn command(line: &str) -> (&str, i32) {
    let (command, comment) = match line.find(" #") {
        Some(at) => (&line[..at], &line[at..]),
        None => (line, ""),
    };
    let expected = if comment.contains("exits 1") { 1 } else { 0 };
    (command.trim(), expected)
}

fn run(dir: &Path, program: &str, args: &[String]) -> Run {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(dir)
        .env("OUTCARE_TODAY", TODAY)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("GIT_AUTHOR_NAME", "Guide")
        .env("GIT_AUTHOR_EMAIL", "guide@example.org")
        .env("GIT_COMMITTER_NAME", "Guide")
        .env("GIT_COMMITTER_EMAIL", "guide@example.org");
    Run(command
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}")))
}

#[test]
fn every_command_and_file_in_the_guide_works() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("docs/guide.md")).expect("docs/guide.md");
    let scratch = tempfile::tempdir().unwrap();
    let mut here: PathBuf = scratch.path().to_path_buf();
    let (mut ran, mut written, mut compared) = (0, 0, 0);
    let mut skipped = Vec::new();
    for block in blocks(&page) {
        let at = format!("docs/guide.md:{}", block.line);
        let info = words(&block.info);
        let file = info.iter().find_map(|w| w.strip_prefix("file="));
        let excerpt = info.iter().find_map(|w| w.strip_prefix("excerpt="));
        if let Some(file) = file {
            let path = here.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &block.text).unwrap();
            written += 1;
        } else if let Some(excerpt) = excerpt {
            let whole = std::fs::read_to_string(here.join(excerpt))
                .unwrap_or_else(|e| panic!("{at}: {excerpt}: {e}"));
            let mut rest = whole.as_str();
            for line in block.text.lines().filter(|l| !l.trim().is_empty()) {
                let found = rest
                    .find(line)
                    .unwrap_or_else(|| panic!("{at}: `{line}` is not in {excerpt} (in order)"));
                rest = &rest[found + line.len()..];
            }
            compared += 1;
        } else if info.first().is_some_and(|w| w == "sh") {
            for line in block.text.lines() {
                let (line, expected) = command(line);
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some((prefix, _)) = NOT_RUN.iter().find(|(p, _)| line.starts_with(p)) {
                    skipped.push(*prefix);
                    continue;
                }
                let mut args = words(line);
                let program = args.remove(0);
                let run = match program.as_str() {
                    "cd" => {
                        here = here.join(&args[0]);
                        assert!(here.is_dir(), "{at}: `{line}`: no such folder");
                        continue;
                    }
                    "outcare" => run(&here, env!("CARGO_BIN_EXE_outcare"), &args),
                    "rm" => {
                        for arg in args.iter().filter(|a| !a.starts_with('-')) {
                            assert!(
                                !arg.starts_with('/') && !arg.contains(".."),
                                "{at}: `{line}` reaches outside the plan"
                            );
                            let path = here.join(arg);
                            let removed = if path.is_dir() {
                                std::fs::remove_dir_all(&path)
                            } else {
                                std::fs::remove_file(&path)
                            };
                            removed.unwrap_or_else(|e| panic!("{at}: `{line}`: {e}"));
                        }
                        ran += 1;
                        continue;
                    }
                    "git" => run(&here, "git", &args),
                    other => panic!(
                        "{at}: the guide shows `{other}`, which this test does not run: \
                         run it here, or list it in NOT_RUN with the reason"
                    ),
                };
                run.no_panic();
                assert_eq!(
                    run.code(),
                    expected,
                    "{at}: `{line}` exited {}:\n{}{}",
                    run.code(),
                    run.stdout(),
                    run.stderr()
                );
                ran += 1;
            }
        }
    }
    assert!(
        ran >= 8 && written >= 5,
        "ran {ran}, wrote {written}: is this the guide?"
    );
    assert!(compared >= 1, "no excerpt compared");
    // The pre-commit recipe names a hook this repository defines.
    let config: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(here.join(".pre-commit-config.yaml")).expect("the recipe"),
    )
    .unwrap();
    let hooks: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap(),
    )
    .unwrap();
    let defined: Vec<&str> = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    for hook in config["repos"][0]["hooks"].as_sequence().unwrap() {
        let id = hook["id"].as_str().unwrap();
        assert!(
            defined.contains(&id),
            "the guide's hook `{id}` is not in .pre-commit-hooks.yaml"
        );
    }
    // Everything the guide skips is a command it shows on purpose.
    for (prefix, _) in NOT_RUN {
        assert!(
            skipped.contains(&prefix),
            "NOT_RUN lists `{prefix}`, which the guide no longer shows: remove it"
        );
    }
}
