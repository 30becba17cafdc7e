//! `outcare check --base REV`: what a pull request brings against its base,
//! on temporary git repositories with a `main` and a change on top of it.

use std::path::Path;

use crate::support::{Run, TestPlan, git_command, healthy, run_in};

const DATE: &str = "2026-02-20T10:00:00Z";

fn git(dir: &Path, args: &[&str]) {
    let status = git_command(dir, DATE)
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// Commits the plan as it is as `main`, then starts a branch for the change.
fn on_main(plan: &TestPlan) {
    on_main_at(plan.root());
}

fn on_main_at(repo: &Path) {
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "-A", "."]);
    git(repo, &["commit", "-q", "-m", "the plan"]);
    git(repo, &["switch", "-q", "-c", "change"]);
}

fn commit_change(plan: &TestPlan) {
    git(plan.root(), &["add", "-A", "."]);
    git(plan.root(), &["commit", "-q", "-m", "the change"]);
}

fn write(plan: &TestPlan, path: &str, text: &str) {
    std::fs::write(plan.root().join(path), text).unwrap();
}

fn remove(plan: &TestPlan, path: &str) {
    std::fs::remove_file(plan.root().join(path)).unwrap();
}

/// (rule, severity, file) of each flag of a `--format json` run.
fn flags(run: &Run) -> Vec<(String, String, String)> {
    run.json()["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .map(|f| {
            let text = |key: &str| f[key].as_str().unwrap().to_string();
            (text("rule"), text("severity"), text("file"))
        })
        .collect()
}

fn flag(rule: &str, severity: &str, file: &str) -> (String, String, String) {
    (rule.into(), severity.into(), file.into())
}

#[test]
fn deleting_a_pain_point_that_unchanged_posts_name_fails_the_check() {
    let plan = TestPlan::new()
        .persona("ann", "[blog]")
        .pain_point("gone", "[ann]")
        .pain_point("kept", "[ann]")
        .post(
            "first",
            "title: First\ndate: 2026-03-02\nchannel: blog\npain_points: [gone]",
        )
        .post(
            "second",
            "title: Second\ndate: 2026-03-09\nchannel: blog\npain_points: [gone, kept]",
        )
        .post(
            "third",
            "title: Third\ndate: 2026-03-16\nchannel: blog\npain_points: [kept]",
        );
    on_main(&plan);
    remove(&plan, "content/pain-points/gone.md");
    write(
        &plan,
        "content/posts/third.md",
        "---\ntitle: Third, rewritten\ndate: 2026-03-16\nchannel: blog\npain_points: [kept]\n---\n",
    );
    commit_change(&plan);
    let changed = ["content/pain-points/gone.md", "content/posts/third.md"];
    // What the workflow ran before --base: the posts that break are not among the changed files.
    let narrowed = plan.run(&[&["check", "--format", "json", "--"][..], &changed].concat());
    assert_eq!(narrowed.code(), 0, "{}", narrowed.stdout());

    let run = plan.run(
        &[
            &["check", "--base", "main", "--format", "json", "--"][..],
            &changed,
        ]
        .concat(),
    );
    run.no_panic();
    assert_eq!(run.code(), 1, "{}{}", run.stdout(), run.stderr());
    assert_eq!(
        flags(&run),
        [
            flag("unknown-reference", "error", "content/posts/first.md"),
            flag("unknown-reference", "error", "content/posts/second.md"),
        ]
    );
    // The text report says what it compared with.
    let run = plan.run(&[&["check", "--base", "main", "--"][..], &changed].concat());
    assert_eq!(run.code(), 1);
    let text = run.stdout();
    assert!(text.contains("content/posts/first.md:"), "{text}");
    assert!(text.contains("new against main"), "{text}");
}

#[test]
fn renaming_a_persona_fails_the_check_on_the_pain_points_that_name_it() {
    let plan = healthy();
    on_main(&plan);
    git(
        plan.root(),
        &[
            "mv",
            "content/personas/runner.md",
            "content/personas/trail-runner.md",
        ],
    );
    commit_change(&plan);
    let run = plan.run(&[
        "check",
        "--base",
        "main",
        "--format",
        "json",
        "--",
        "content/personas/runner.md",
        "content/personas/trail-runner.md",
    ]);
    assert_eq!(run.code(), 1, "{}{}", run.stdout(), run.stderr());
    assert!(
        flags(&run).contains(&flag(
            "unknown-reference",
            "error",
            "content/pain-points/knee-pain.md"
        )),
        "{}",
        run.stdout()
    );
    // The deleted file was named on purpose: it was there at main.
    assert!(!run.stderr().contains("does not exist"), "{}", run.stderr());
}

#[test]
fn renaming_a_channel_in_outcare_yaml_fails_the_check_on_the_posts_on_it() {
    let plan = healthy().config("channels:\n  blog: {name: Blog}\n  instagram: {}\n");
    on_main(&plan);
    write(
        &plan,
        "outcare.yaml",
        "channels:\n  journal: {name: Journal}\n  instagram: {}\n",
    );
    // Uncommitted: --base compares the plan on disk, as a pre-push check would.
    let run = plan.run(&[
        "check",
        "--base",
        "main",
        "--format",
        "json",
        "--",
        "outcare.yaml",
    ]);
    assert_eq!(run.code(), 1, "{}{}", run.stdout(), run.stderr());
    let found = flags(&run);
    for file in ["content/posts/stretches.md", "content/personas/runner.md"] {
        assert!(
            found.contains(&flag("unknown-reference", "error", file)),
            "{file}: {found:?}"
        );
    }
}

/// A plan with a warning on `loud.md` (it serves no need) and an edit to
/// another post on the branch.
fn plan_with_an_old_warning() -> TestPlan {
    let plan = healthy().post("loud", "title: Loud\ndate: 2026-03-15\nchannel: blog");
    on_main(&plan);
    write(
        &plan,
        "content/posts/stretches.md",
        "---\ntitle: Stretches for runners\ndate: 2026-03-12\nchannel: blog\npain_points: [knee-pain]\n---\n",
    );
    commit_change(&plan);
    plan
}

#[test]
fn a_flag_already_there_at_base_and_untouched_is_left_out() {
    let plan = plan_with_an_old_warning();
    let all = plan.run(&["check", "--format", "json"]);
    assert_eq!(
        flags(&all),
        [flag("no-persona-need", "warning", "content/posts/loud.md")]
    );
    let run = plan.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(flags(&run), []);
    let run = plan.run(&["check", "--base", "main", "--deny-warnings"]);
    assert_eq!(
        run.code(),
        0,
        "an old warning does not fail --deny-warnings"
    );
    let text = run.stdout();
    assert!(
        text.contains("1 flag already there at main is not shown"),
        "{text}"
    );

    // Once the change touches that file, its flags are the change's to answer for.
    write(
        &plan,
        "content/posts/loud.md",
        "---\ntitle: Louder\ndate: 2026-03-15\nchannel: blog\n---\n",
    );
    let run = plan.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(
        flags(&run),
        [flag("no-persona-need", "warning", "content/posts/loud.md")]
    );
}

#[test]
fn an_error_already_there_at_base_is_still_reported() {
    let plan = healthy().post(
        "broken",
        "title: Broken\ndate: 2026-03-15\nchannel: blog\npain_points: [no-such-need]",
    );
    on_main(&plan);
    write(
        &plan,
        "content/posts/stretches.md",
        "---\ntitle: Stretches, again\ndate: 2026-03-12\nchannel: blog\npain_points: [knee-pain]\n---\n",
    );
    commit_change(&plan);
    // Paths narrow the warnings, never the errors: the build would fail on it.
    let run = plan.run(&[
        "check",
        "--base",
        "main",
        "--format",
        "json",
        "--",
        "content/posts/stretches.md",
    ]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert_eq!(
        flags(&run),
        [flag(
            "unknown-reference",
            "error",
            "content/posts/broken.md"
        )]
    );
}

#[test]
fn a_new_warning_on_an_unchanged_file_is_reported() {
    // The only post for `knee-pain` goes: the pain point's own file is unchanged.
    let plan = healthy().post(
        "other",
        "title: Other\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]",
    );
    on_main(&plan);
    remove(&plan, "content/posts/stretches.md");
    remove(&plan, "content/posts/other.md");
    commit_change(&plan);
    let run = plan.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        flags(&run).contains(&flag(
            "unserved-pain-point",
            "warning",
            "content/pain-points/knee-pain.md"
        )),
        "{}",
        run.stdout()
    );
    // Paths still narrow what is reported, for warnings.
    let run = plan.run(&[
        "check",
        "--base",
        "main",
        "--format",
        "json",
        "--",
        "content/posts/stretches.md",
    ]);
    assert_eq!(flags(&run), []);
}

#[test]
fn github_format_with_base_annotates_the_new_flags_and_says_what_was_left_out() {
    let plan = plan_with_an_old_warning();
    remove(&plan, "content/pain-points/knee-pain.md");
    let summary = plan.root().join("summary.md");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_outcare"))
        .args(["check", "--base", "main", "--format", "github"])
        .current_dir(plan.root())
        .env("OUTCARE_TODAY", crate::support::TODAY)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let run = Run(output);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stdout = run.stdout();
    assert!(
        stdout.contains("::error file=content/posts/stretches.md,"),
        "{stdout}"
    );
    assert!(!stdout.contains("content/posts/loud.md"), "{stdout}");
    let summary = std::fs::read_to_string(summary).unwrap();
    assert!(summary.contains("## outcare check: "), "{summary}");
    assert!(summary.contains("content/posts/stretches.md"), "{summary}");
    assert!(summary.contains("already there at `main`"), "{summary}");
}

#[test]
fn an_unknown_revision_or_no_repository_is_a_usage_error() {
    let plan = healthy();
    on_main(&plan);
    let run = plan.run(&["check", "--base", "no-such-branch"]);
    run.no_panic();
    assert_eq!(run.code(), 2, "{}", run.stdout());
    let stderr = run.stderr();
    assert!(stderr.contains("`no-such-branch`"), "{stderr}");
    assert!(stderr.contains("fetch-depth"), "{stderr}");
    assert!(run.stdout().is_empty(), "{}", run.stdout());

    let run = plan.run(&["check", "--base=--output=x"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());

    let plain = healthy();
    let run = plain.run(&["check", "--base", "main"]);
    assert_eq!(run.code(), 2, "{}", run.stdout());
    assert!(run.stderr().contains("git repository"), "{}", run.stderr());

    // No git at all.
    let empty = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_outcare"))
        .args(["check", "--base", "main"])
        .current_dir(plan.root())
        .env("PATH", empty.path())
        .env("OUTCARE_TODAY", crate::support::TODAY)
        .output()
        .unwrap();
    let run = Run(output);
    assert_eq!(run.code(), 2, "{}", run.stdout());
    assert!(run.stderr().contains("git"), "{}", run.stderr());
}

#[cfg(unix)]
#[test]
fn a_plan_in_a_sub_folder_with_symlinked_posts_compares_like_with_like() {
    let repo = tempfile::tempdir().unwrap();
    let plan = TestPlan::new()
        .persona("ann", "[blog]")
        .pain_point("knees", "[ann]")
        .post(
            "edited",
            "title: Edited\ndate: 2026-03-12\nchannel: blog\npain_points: [knees]",
        )
        // Serves no need: a warning that was there before the change.
        .file(
            "shared/loud.md",
            "---\ntitle: Loud\ndate: 2026-03-15\nchannel: blog\n---\n",
        );
    let root = repo.path().join("plans/spring");
    crate::support::copy_dir(plan.root(), &root);
    std::os::unix::fs::symlink("../../shared", root.join("content/posts/shared")).unwrap();
    on_main_at(repo.path());
    std::fs::write(
        root.join("content/posts/edited.md"),
        "---\ntitle: Edited again\ndate: 2026-03-12\nchannel: blog\npain_points: [knees]\n---\n",
    )
    .unwrap();
    let all = run_in(
        repo.path(),
        &["check", "--root", "plans/spring", "--format", "json"],
    );
    assert_eq!(
        flags(&all),
        [flag(
            "no-persona-need",
            "warning",
            "content/posts/shared/loud.md"
        )],
        "the symlinked post is read"
    );
    for dir in [repo.path(), root.as_path()] {
        let root_arg = if dir == repo.path() {
            "plans/spring"
        } else {
            "."
        };
        let run = run_in(
            dir,
            &[
                "check", "--root", root_arg, "--base", "main", "--format", "json",
            ],
        );
        run.no_panic();
        assert_eq!(run.code(), 0, "{}", run.stderr());
        assert_eq!(flags(&run), [], "from {}", dir.display());
    }
}

#[test]
fn a_large_file_at_base_is_compared_without_being_copied() {
    // Over the 1 MiB an entry may be: written at the base as a stand-in of its size.
    let big = vec![b'x'; 1024 * 1024 + 1];
    let plan = plan_with_an_old_warning()
        .file("content/posts/clip.mp4", &big)
        .file("content/posts/huge.md", &big);
    git(plan.root(), &["switch", "-q", "main"]);
    commit_change(&plan);
    git(plan.root(), &["switch", "-q", "change"]);
    git(plan.root(), &["merge", "-q", "--no-edit", "main"]);
    let all = plan.run(&["check", "--format", "json"]);
    assert!(
        flags(&all).contains(&flag("skipped-file", "warning", "content/posts/clip.mp4")),
        "{}",
        all.stdout()
    );
    let run = plan.run(&["check", "--base", "main", "--format", "json"]);
    run.no_panic();
    // The error is reported, as every error is; the untouched video's warning is not.
    assert_eq!(
        flags(&run),
        [flag("invalid-file", "error", "content/posts/huge.md")],
        "{}",
        run.stdout()
    );
}

/// The loose object file of `rev` in the repository at `dir`.
fn object_file(dir: &Path, rev: &str) -> std::path::PathBuf {
    let out = git_command(dir, DATE)
        .args(["rev-parse", rev])
        .output()
        .unwrap();
    let hash = String::from_utf8(out.stdout).unwrap().trim().to_string();
    dir.join(".git/objects").join(&hash[..2]).join(&hash[2..])
}

#[test]
fn a_damaged_base_is_a_clear_error_not_a_wrong_comparison() {
    let plan = healthy().post(
        "going",
        "title: Going\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]",
    );
    on_main(&plan);
    remove(&plan, "content/posts/going.md");
    commit_change(&plan);
    let blob = object_file(plan.root(), "main:content/posts/going.md");
    let mut permissions = std::fs::metadata(&blob).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&blob, permissions).unwrap();
    std::fs::write(&blob, b"not a zlib stream at all").unwrap();
    let run = plan.run(&["check", "--base", "main"]);
    run.no_panic();
    assert_eq!(run.code(), 2, "{}", run.stdout());
    let stderr = run.stderr();
    assert!(stderr.contains("content/posts/going.md"), "{stderr}");
    assert!(stderr.contains("git fsck"), "{stderr}");
}

/// The `run:` of the step named `name` in the workflow `init` writes, and the
/// environment the step sets from the pull request's event.
fn workflow_step(workflow: &str, name: &str) -> (String, Vec<String>) {
    let mut lines = workflow
        .lines()
        .skip_while(|l| l.trim() != format!("- name: {name}"))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("- "));
    let mut env = Vec::new();
    let mut script = String::new();
    let mut in_run = false;
    for line in lines.by_ref() {
        let trimmed = line.trim();
        if in_run {
            script.push_str(trimmed);
            script.push('\n');
        } else if let Some(run) = trimmed.strip_prefix("run:") {
            let run = run.trim();
            in_run = run == "|";
            if !in_run {
                script = format!("{run}\n");
            }
        } else if trimmed.contains("${{") {
            env.push(trimmed.to_string());
        }
    }
    (script, env)
}

#[test]
fn the_workflow_init_writes_fails_a_pull_request_that_breaks_unchanged_posts() {
    let plan = TestPlan::new();
    let dir = plan.root().join("bakery");
    let run = run_in(plan.root(), &["init", "bakery"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    on_main_at(&dir);
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/outcare.yml")).unwrap();
    let (script, env) = workflow_step(&workflow, "Check the plan");
    assert_eq!(
        env,
        ["BASE_SHA: ${{ github.event.pull_request.base.sha }}"],
        "{workflow}"
    );
    let check_job =
        &workflow[workflow.find("  check:").unwrap()..workflow.find("  build:").unwrap()];
    assert!(check_job.contains("fetch-depth: 0"), "{check_job}");

    // Two unchanged posts name this pain point; the pull request deletes it and edits a third post.
    git(
        &dir,
        &["rm", "-q", "content/pain-points/bread-goes-stale.md"],
    );
    let post = std::fs::read_dir(dir.join("content/posts"))
        .unwrap()
        .flatten()
        .find(|e| e.path().is_dir() && e.file_name() != "ideas")
        .map(|year| walk_md(&year.path()))
        .unwrap()
        .into_iter()
        .find(|p| p.ends_with("school-run-breakfast-bags.md"))
        .unwrap();
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, text.replacen("title: ", "title: Now ", 1)).unwrap();
    git(&dir, &["commit", "-q", "-a", "-m", "the pull request"]);

    let base_sha = git_command(&dir, DATE)
        .args(["rev-parse", "main"])
        .output()
        .unwrap();
    let base_sha = String::from_utf8(base_sha.stdout).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_outcare")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let summary = plan.root().join("summary.md");
    // As GitHub runs a step: bash, stopping at the first failure.
    let output = std::process::Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(&dir)
        .env("PATH", path)
        .env("BASE_SHA", base_sha.trim())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("OUTCARE_TODAY", crate::support::TODAY)
        .output()
        .unwrap();
    let run = Run(output);
    run.no_panic();
    assert_eq!(run.code(), 1, "{script}\n{}{}", run.stdout(), run.stderr());
    let errors: Vec<&str> = run
        .0
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| l.starts_with(b"::error "))
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    assert_eq!(errors.len(), 2, "{}", run.stdout());
    assert!(
        errors.iter().all(|e| e.contains("bread-goes-stale")),
        "{errors:?}"
    );
    let summary = std::fs::read_to_string(summary).unwrap();
    assert!(
        summary.starts_with("## outcare check: 2 errors"),
        "{summary}"
    );
}

fn walk_md(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk_md(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_plan_at_base_is_written_only_into_a_temporary_folder_that_is_removed() {
    let plan = plan_with_an_old_warning();
    let tmp = tempfile::tempdir().unwrap();
    for (rev, code) in [("main", 0), ("no-such-branch", 2)] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_outcare"))
            .args(["check", "--base", rev])
            .current_dir(plan.root())
            .env("TMPDIR", tmp.path())
            .env("OUTCARE_TODAY", crate::support::TODAY)
            .output()
            .unwrap();
        let run = Run(output);
        assert_eq!(run.code(), code, "{rev}: {}", run.stderr());
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(left.is_empty(), "{rev}: {left:?}");
    }
    // And the plan's own folder is as it was: no file written into it.
    let status = git_command(plan.root(), DATE)
        .args(["status", "--porcelain", "--ignored"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(status.stdout).unwrap(), "");
}

#[test]
fn an_old_flag_whose_suggested_need_changed_elsewhere_is_left_out() {
    // `no-persona-need` suggests the least served need: a change that serves
    // one elsewhere changes the suggestion, not the problem.
    let plan = healthy().pain_point("shin-splints", "[runner]").post(
        "like-us",
        "title: Like us\ndate: 2026-03-15\nchannel: blog\npersonas: [runner]",
    );
    on_main(&plan);
    let before = plan.run(&["check", "--format", "json"]).json();
    std::fs::write(
        plan.root().join("content/posts/shins.md"),
        "---\ntitle: Shins\ndate: 2026-03-13\nchannel: blog\npain_points: [shin-splints]\n---\n",
    )
    .unwrap();
    std::fs::write(
        plan.root().join("content/posts/shins-again.md"),
        "---\ntitle: Shins again\ndate: 2026-03-14\nchannel: blog\npain_points: [shin-splints]\n---\n",
    )
    .unwrap();
    commit_change(&plan);
    let after = plan.run(&["check", "--format", "json"]).json();
    assert_ne!(
        before["flags"][0]["message"], after["flags"][0]["message"],
        "the suggestion changed"
    );
    let run = plan.run(&["check", "--base", "main", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_eq!(flags(&run), []);
}
