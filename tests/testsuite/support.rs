//! A small builder for test plans: write files into a temporary plan
//! repository, then check it through the library or run the binary on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use outcare::cli::Global;
use outcare::diagnostic::{Flag, Rule};

/// The day every test treats as today, so results never depend on the clock.
pub const TODAY: &str = "2026-03-01";

pub struct TestPlan {
    dir: tempfile::TempDir,
}

impl TestPlan {
    pub fn new() -> TestPlan {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        TestPlan { dir }
    }

    /// A copy of a fixture plan under `tests/fixtures/`.
    pub fn fixture(name: &str) -> TestPlan {
        let plan = TestPlan::new();
        copy_dir(&fixtures().join(name), plan.root());
        plan
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(self, path: &str, text: impl AsRef<[u8]>) -> TestPlan {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// An entry: `content/<folder>/<slug>.md` with the given front matter lines.
    pub fn entry(self, folder: &str, slug: &str, front_matter: &str, body: &str) -> TestPlan {
        self.file(
            &format!("content/{folder}/{slug}.md"),
            format!("---\n{}\n---\n{body}\n", front_matter.trim()),
        )
    }

    pub fn persona(self, slug: &str, channels: &str) -> TestPlan {
        self.entry(
            "personas",
            slug,
            &format!("name: {slug}\nchannels: {channels}"),
            "",
        )
    }

    pub fn pain_point(self, slug: &str, personas: &str) -> TestPlan {
        self.entry(
            "pain-points",
            slug,
            &format!("title: {slug}\npersonas: {personas}"),
            "",
        )
    }

    pub fn post(self, slug: &str, front_matter: &str) -> TestPlan {
        self.entry("posts", slug, front_matter, "")
    }

    pub fn config(self, yaml: &str) -> TestPlan {
        self.file("outcare.yaml", yaml)
    }

    /// Every flag, through the library, as `outcare check` would report them.
    pub fn flags(&self) -> Vec<Flag> {
        let global = Global {
            root: self.root().to_path_buf(),
            today: Some(TODAY.parse().unwrap()),
        };
        outcare::cmd::load_and_check(&global).expect("plan loads").1
    }

    /// The flags of one rule.
    pub fn flags_of(&self, rule: Rule) -> Vec<Flag> {
        self.flags()
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// Runs the binary in the plan's folder, with today fixed.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }
}

/// Runs the binary in `dir` (not necessarily a plan), with today fixed.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_outcare"))
        .args(args)
        .current_dir(dir)
        .env("OUTCARE_TODAY", TODAY)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("outcare runs");
    Run(output)
}

pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().expect("exited, not killed")
    }
    pub fn stdout(&self) -> String {
        String::from_utf8(self.0.stdout.clone()).expect("stdout is UTF-8")
    }
    pub fn stderr(&self) -> String {
        String::from_utf8(self.0.stderr.clone()).expect("stderr is UTF-8")
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout()).expect("stdout is JSON")
    }
    /// Asserts nothing panicked, whatever the exit code.
    pub fn no_panic(&self) -> &Run {
        let all = format!("{}{}", self.stdout(), self.stderr());
        assert!(!all.contains("panicked"), "outcare panicked:\n{all}");
        assert!(self.0.status.code().is_some(), "outcare was killed");
        self
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A plan with one persona, one of its pain points, and one post that serves
/// it, written and scheduled for tomorrow: the healthy base that rule tests
/// change one thing of.
pub fn healthy() -> TestPlan {
    TestPlan::new()
        .persona("runner", "[blog, instagram]")
        .pain_point("knee-pain", "[runner]")
        .entry(
            "posts",
            "stretches",
            "title: Stretches\ndate: 2026-03-02\nchannel: blog\npain_points: [knee-pain]\nstatus: scheduled",
            "Ten minutes after every run.",
        )
}

/// git in `dir` as a fixed person at a fixed `date`, away from the settings
/// of whoever runs the tests (signing, hooks, default branch); add the
/// arguments and run it.
pub fn git_command(dir: &Path, date: &str) -> std::process::Command {
    let mut command = std::process::Command::new("git");
    command
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ann Editor")
        .env("GIT_AUTHOR_EMAIL", "ann@example.org")
        .env("GIT_COMMITTER_NAME", "Ann Editor")
        .env("GIT_COMMITTER_EMAIL", "ann@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    command
}

/// Says that a test could not run here, where the terminal shows it (the
/// harness captures `eprintln!` of passing tests, and a skip must be seen),
/// or fails the test when `switch=required` is set, as `.ci/run` sets it:
/// there, what a test needs is installed, and a skip would hide a gap.
pub fn skip(switch: &str, test: &str, why: &str) {
    skip_unless(
        std::env::var(switch).is_ok_and(|v| v == "required"),
        switch,
        test,
        why,
    );
}

fn skip_unless(required: bool, switch: &str, test: &str, why: &str) {
    use std::io::Write;
    if required {
        panic!("{test} could not run ({why}), and {switch}=required: install what it needs");
    }
    let _ = writeln!(
        std::io::stderr(),
        "{test} skipped: {why} (set {switch}=required to make this fail)"
    );
}

#[test]
fn a_skip_fails_the_test_when_the_switch_requires_it() {
    skip_unless(
        false,
        "OUTCARE_HOSTILE_TEST",
        "support::example",
        "a reason",
    );
    let required = std::panic::catch_unwind(|| {
        skip_unless(true, "OUTCARE_HOSTILE_TEST", "support::example", "a reason")
    });
    assert!(required.is_err(), "a required skip must fail the test");
}
