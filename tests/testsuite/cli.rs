//! The `outcare` binary end to end on the fixture plans under `tests/fixtures/`:
//! exit statuses, the three output formats, severity settings and the options
//! every command accepts.

use std::path::Path;
use std::process::Command;

use crate::support::{Run, TODAY, TestPlan, copy_dir, fixtures, run_in};

/// Copies a fixture plan into `to`, for tests that run outside the plan's folder.
fn copy_fixture(name: &str, to: &Path) {
    copy_dir(&fixtures().join(name), to);
}

/// The `(rule, file, line)` of every flag in a `--format json` run.
fn flag_keys(run: &Run) -> Vec<(String, String, Option<u64>)> {
    run.json()["flags"]
        .as_array()
        .expect("flags is an array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64(),
            )
        })
        .collect()
}

fn rules_of(run: &Run) -> Vec<String> {
    flag_keys(run)
        .into_iter()
        .map(|(rule, _, _)| rule)
        .collect()
}

// ---------------------------------------------------------------- exit status

#[test]
fn a_clean_plan_has_no_flags_and_exits_0() {
    let plan = TestPlan::fixture("clean");
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    let stdout = run.stdout();
    assert!(stdout.contains("no problems found"), "{stdout}");
    assert!(
        !stdout.contains("warning") && !stdout.contains("error"),
        "{stdout}"
    );
    let run = plan.run(&["check", "--format", "json"]);
    assert_eq!(run.json(), serde_json::json!({ "flags": [] }));
    // --deny-warnings has nothing to deny.
    assert_eq!(plan.run(&["check", "--deny-warnings"]).code(), 0);
    assert_eq!(plan.run(&["check", "--format", "github"]).stdout(), "");
}

#[test]
fn warnings_only_exit_0() {
    let run = TestPlan::fixture("warnings").run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    let stdout = run.stdout();
    assert!(stdout.contains("0 errors, 3 warnings"), "{stdout}");
    assert!(!stdout.contains("error["), "{stdout}");
}

#[test]
fn warnings_with_deny_warnings_exit_1() {
    let plan = TestPlan::fixture("warnings");
    let run = plan.run(&["check", "--deny-warnings"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", run.stdout());
    // The last line says the warnings are why, since the summary says "0 errors".
    let stdout = run.stdout();
    let last = stdout.lines().last().unwrap_or_default();
    assert!(
        last.contains("--deny-warnings") && last.contains("3 warnings"),
        "{stdout}"
    );
    assert!(
        !plan.run(&["check"]).stdout().contains("--deny-warnings"),
        "the reason shows only when it applies"
    );
    // Whatever the format; JSON stays JSON, the reason goes to stderr.
    let json = plan.run(&["check", "--deny-warnings", "--format", "json"]);
    assert_eq!(json.code(), 1);
    json.json();
    assert!(
        json.stderr().contains("--deny-warnings"),
        "{}",
        json.stderr()
    );
    assert_eq!(
        plan.run(&["check", "--format", "github", "--deny-warnings"])
            .code(),
        1
    );
}

#[test]
fn errors_exit_1() {
    let plan = TestPlan::fixture("errors");
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert!(
        run.stdout().contains("2 errors, 1 warning"),
        "{}",
        run.stdout()
    );
    assert_eq!(plan.run(&["check", "--format", "json"]).code(), 1);
    assert_eq!(plan.run(&["check", "--format", "github"]).code(), 1);
}

#[test]
fn usage_errors_exit_2() {
    let plan = TestPlan::fixture("clean");
    for args in [
        &["check", "--no-such-flag"][..],
        &["check", "--today", "2026-02-30"],
        &["check", "--today", "tomorrow"],
        &["--today", "2026-13-01", "check"],
        &["check", "--format", "xml"],
        &["check", "--format"],
        &["no-such-command"],
        &[],
    ] {
        let run = plan.run(args);
        run.no_panic();
        assert_eq!(run.code(), 2, "{args:?}: {}{}", run.stdout(), run.stderr());
        assert_eq!(run.stdout(), "", "{args:?}: usage errors go to stderr");
        assert!(!run.stderr().is_empty(), "{args:?}: says what is wrong");
    }
    let run = plan.run(&["check", "--today", "2026-02-30"]);
    assert!(
        run.stderr().contains("February 2026 has 28 days"),
        "{}",
        run.stderr()
    );
    let run = plan.run(&["check", "--format", "xml"]);
    assert!(
        run.stderr().contains("text, json, github"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_bad_outcare_today_is_a_usage_error_too() {
    let output = Command::new(env!("CARGO_BIN_EXE_outcare"))
        .arg("check")
        .current_dir(TestPlan::fixture("clean").root())
        .env("OUTCARE_TODAY", "2026-02-30")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2026-02-30"), "{stderr}");
}

// ---------------------------------------------------------------- text format

#[test]
fn text_is_compiler_style_with_the_line_and_a_caret() {
    let run = TestPlan::fixture("warnings").run(&["check"]);
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "content/pain-points/blisters.md:2:8: warning[unserved-pain-point]: no dated post helps with this need of `runner`: plan one with `pain_points: [blisters]`"
    );
    let at = lines
        .iter()
        .position(|l| l.starts_with("content/posts/reel.md:4:10: warning[wrong-channel]: "))
        .unwrap_or_else(|| panic!("no wrong-channel flag at 4:10:\n{stdout}"));
    assert_eq!(lines[at + 1].trim(), "|");
    assert_eq!(lines[at + 2], "4 | channel: tiktok");
    assert_eq!(lines[at + 3], "  |          ^^^^^^");
    // Every flag starts `path:line:col: severity[rule-id]: message`.
    let heads: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("content/"))
        .collect();
    assert_eq!(heads.len(), 3, "{stdout}");
    for head in heads {
        let mut parts = head.splitn(4, ':');
        let (file, line, col) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(file.ends_with(".md"), "{head}");
        assert!(
            line.parse::<u32>().is_ok() && col.parse::<u32>().is_ok(),
            "{head}"
        );
        assert!(parts.next().unwrap().starts_with(" warning["), "{head}");
    }
}

#[test]
fn text_has_errors_with_their_severity_and_the_file_line() {
    let run = TestPlan::fixture("errors").run(&["check"]);
    let stdout = run.stdout();
    assert!(
        stdout.contains("content/posts/stretches.md:5:20: error[unknown-reference]: there is no persona `walker`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("5 | personas: [runner, walker]"),
        "{stdout}"
    );
    assert!(stdout.contains("  |                    ^^^^^^"), "{stdout}");
    assert!(
        stdout.contains("content/posts/broken.md:5:8: error[invalid-front-matter]: front matter is not valid YAML"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/posts/like-us.md:2:8: warning[no-persona-need]: "),
        "{stdout}"
    );
}

#[test]
fn no_colour_when_not_a_terminal() {
    // `run` pipes stdout and removes NO_COLOR: a pipe alone means no colour.
    for fixture in ["clean", "warnings", "errors"] {
        let run = TestPlan::fixture(fixture).run(&["check"]);
        assert!(
            !run.stdout().contains('\x1b'),
            "{fixture}: {:?}",
            run.stdout()
        );
        assert!(
            !run.stderr().contains('\x1b'),
            "{fixture}: {:?}",
            run.stderr()
        );
    }
    let output = Command::new(env!("CARGO_BIN_EXE_outcare"))
        .arg("check")
        .current_dir(TestPlan::fixture("errors").root())
        .env("OUTCARE_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!output.stdout.contains(&0x1b));
}

// ---------------------------------------------------------------- json format

#[test]
fn json_has_exactly_the_contract_shape() {
    let run = TestPlan::fixture("errors").run(&["check", "--format", "json"]);
    run.no_panic();
    let value = run.json();
    let top: Vec<&String> = value.as_object().expect("one object").keys().collect();
    assert_eq!(top, ["flags"]);
    let flags = value["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 3, "{value:#}");
    for flag in flags {
        let mut keys: Vec<&str> = flag
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "file", "kind", "line", "message", "rule", "severity", "slug"
            ],
            "{flag:#}"
        );
        assert!(
            matches!(flag["severity"].as_str(), Some("error" | "warning")),
            "{flag:#}"
        );
        assert!(
            matches!(
                flag["kind"].as_str(),
                Some("post" | "persona" | "pain-point" | "feedback" | "config")
            ),
            "{flag:#}"
        );
        assert!(
            flag["slug"].is_string() || flag["slug"].is_null(),
            "{flag:#}"
        );
        assert!(flag["line"].is_u64() || flag["line"].is_null(), "{flag:#}");
        let file = flag["file"].as_str().unwrap();
        assert!(
            file.starts_with("content/posts/"),
            "relative and /-separated: {file}"
        );
        assert!(
            !file.contains('\\') && !Path::new(file).is_absolute(),
            "{file}"
        );
        assert!(!flag["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        flags[2],
        serde_json::json!({
            "rule": "unknown-reference",
            "severity": "error",
            "kind": "post",
            "slug": "stretches",
            "file": "content/posts/stretches.md",
            "line": 5,
            "message": "there is no persona `walker`: add content/personas/walker.md or fix the name",
        })
    );
}

#[test]
fn json_flags_are_sorted_by_file_then_line() {
    let run = TestPlan::fixture("errors").run(&["check", "--format", "json"]);
    let keys = flag_keys(&run);
    assert_eq!(
        keys,
        [
            (
                "invalid-front-matter".into(),
                "content/posts/broken.md".into(),
                Some(5)
            ),
            (
                "no-persona-need".into(),
                "content/posts/like-us.md".into(),
                Some(2)
            ),
            (
                "unknown-reference".into(),
                "content/posts/stretches.md".into(),
                Some(5)
            ),
        ]
    );
    let warnings = flag_keys(&TestPlan::fixture("warnings").run(&["check", "--format", "json"]));
    let mut sorted = warnings.clone();
    sorted.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
    assert_eq!(warnings, sorted);
    assert_eq!(warnings.len(), 3);
}

#[test]
fn json_files_are_slash_separated_in_sub_folders() {
    let plan = TestPlan::fixture("clean").file(
        "content/posts/2026-03/deep/er/late.md",
        "---\ntitle: Late\ndate: 2026-02-27\nchannel: blog\npain_points: [knee-pain]\n---\n",
    );
    let keys = flag_keys(&plan.run(&["check", "--format", "json"]));
    assert_eq!(
        keys,
        [(
            "overdue".into(),
            "content/posts/2026-03/deep/er/late.md".into(),
            Some(3)
        )]
    );
}

#[test]
fn json_is_the_same_whatever_the_root_spelling() {
    let dir = TestPlan::new();
    copy_fixture("errors", &dir.root().join("plan"));
    let here = run_in(dir.root(), &["check", "--root", "plan", "--format", "json"]);
    let abs = run_in(
        dir.root(),
        &[
            "check",
            "--root",
            dir.root().join("plan").to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let dotted = run_in(
        &dir.root().join("plan/content"),
        &["check", "--root", "..", "--format", "json"],
    );
    assert_eq!(here.json(), abs.json());
    assert_eq!(here.json(), dotted.json());
    assert_eq!(flag_keys(&here)[0].1, "content/posts/broken.md");
}

// -------------------------------------------------------------- github format

#[test]
fn github_prints_one_workflow_command_per_flag() {
    let run = TestPlan::fixture("warnings").run(&["check", "--format", "github"]);
    run.no_panic();
    assert_eq!(run.code(), 0);
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::warning file=content/")),
        "{stdout}"
    );
    assert_eq!(
        lines[2],
        "::warning file=content/posts/reel.md,line=4,title=wrong-channel::`runner` does not hang out on `tiktok`: move this post to `blog`, or target a persona who is on `tiktok`"
    );
    assert!(
        lines[1].starts_with("::warning file=content/posts/late.md,line=3,title=overdue::dated 2026-02-25 (4 days ago)"),
        "{stdout}"
    );
}

#[test]
fn github_uses_error_for_errors() {
    let run = TestPlan::fixture("errors").run(&["check", "--format", "github"]);
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    // Errors first, then warnings, each in file order.
    assert!(
        lines[0].starts_with(
            "::error file=content/posts/broken.md,line=5,title=invalid-front-matter::"
        ),
        "{stdout}"
    );
    assert_eq!(
        lines[1],
        "::error file=content/posts/stretches.md,line=5,title=unknown-reference::there is no persona `walker`: add content/personas/walker.md or fix the name"
    );
    assert!(
        lines[2]
            .starts_with("::warning file=content/posts/like-us.md,line=2,title=no-persona-need::"),
        "{stdout}"
    );
}

/// The `clean` fixture plus `n` posts that serve no need (a warning each) and
/// `errors` posts with an impossible date (an error each).
fn many_flags(n: usize, errors: usize) -> TestPlan {
    let mut plan = TestPlan::fixture("clean");
    for i in 0..n {
        plan = plan.post(
            &format!("loud-{i:02}"),
            &format!(
                // Published, so `not-ready` leaves those of this week alone.
                "title: Like our page {i}\ndate: 2026-03-{:02}\nchannel: blog\nstatus: published",
                i % 28 + 1
            ),
        );
    }
    for i in 0..errors {
        plan = plan.post(
            &format!("broken-{i:02}"),
            "title: Broken\ndate: 2026-02-30\nchannel: blog",
        );
    }
    plan
}

#[test]
fn github_annotates_at_most_ten_of_each_and_says_where_the_rest_are() {
    let plan = many_flags(30, 12);
    let summary = plan.root().join("summary.md");
    std::fs::write(&summary, "## an earlier step's summary\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_outcare"))
        .args(["check", "--format", "github"])
        .current_dir(plan.root())
        .env("OUTCARE_TODAY", crate::support::TODAY)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let run = Run(output);
    run.no_panic();
    assert_eq!(run.code(), 1, "errors fail the step");
    let json = plan.run(&["check", "--format", "json"]).json();
    let all = json["flags"].as_array().unwrap();
    let total_errors = all.iter().filter(|f| f["severity"] == "error").count();
    let total_warnings = all.len() - total_errors;
    assert!(total_errors >= 12 && total_warnings >= 30, "{json}");
    let stdout = run.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    let errors = lines.iter().filter(|l| l.starts_with("::error ")).count();
    let warnings = lines.iter().filter(|l| l.starts_with("::warning ")).count();
    assert_eq!((errors, warnings), (10, 10), "{stdout}");
    // Errors come first.
    assert!(
        lines[..10].iter().all(|l| l.starts_with("::error ")),
        "{stdout}"
    );
    let notice = lines.last().unwrap();
    assert!(notice.starts_with("::notice title=outcare::"), "{stdout}");
    let expected = format!(
        "{} more flags ({} errors, {} warnings) are not annotated",
        all.len() - 20,
        total_errors - 10,
        total_warnings - 10
    );
    assert!(notice.contains(&expected), "{notice}");
    assert!(notice.contains("job's summary"), "{notice}");
    // The summary keeps what was there and lists every flag, one row each.
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("## an earlier step's summary\n"), "{text}");
    assert!(
        text.contains(&format!(
            "## outcare check: {total_errors} errors, {total_warnings} warnings"
        )),
        "{text}"
    );
    assert!(
        text.contains("| `no-persona-need` | warning | 30 |"),
        "{text}"
    );
    let rows = text
        .lines()
        .filter(|l| l.starts_with("| `content/") || l.starts_with("| `outcare.yaml"))
        .count();
    assert_eq!(rows, all.len(), "{text}");
    for i in 0..30 {
        assert!(
            text.contains(&format!("content/posts/loud-{i:02}.md:")),
            "loud-{i:02}"
        );
    }
}

#[test]
fn github_without_a_summary_file_points_at_check_and_under_the_cap_adds_no_notice() {
    // The `warnings` fixture has 3 warnings: 8 more posts that serve no need make 11.
    let mut plan = TestPlan::fixture("warnings");
    for i in 0..8 {
        plan = plan.post(
            &format!("loud-{i}"),
            &format!("title: Like our page {i}\ndate: 2026-03-1{i}\nchannel: blog"),
        );
    }
    let run = plan.run(&["check", "--format", "github"]);
    let stdout = run.stdout();
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("::warning "))
            .count(),
        10
    );
    let notice = stdout.lines().last().unwrap();
    assert!(
        notice.contains("1 more flag (0 errors, 1 warning) is not annotated"),
        "{stdout}"
    );
    assert!(notice.contains("run `outcare check`"), "{notice}");
    let plan = plan.file(
        "content/posts/loud-7.md",
        "---\ntitle: Fine\ndate: 2026-03-17\nchannel: blog\npain_points: [knee-pain]\n---\n",
    );
    let run = plan.run(&["check", "--format", "github"]);
    assert_eq!(run.stdout().lines().count(), 10, "{}", run.stdout());
    assert!(!run.stdout().contains("::notice"), "{}", run.stdout());
}

#[test]
fn a_job_summary_stays_under_githubs_limit() {
    use outcare::diagnostic::{Flag, Kind, Rule, github_summary};
    let flags: Vec<Flag> = (0..20_000)
        .map(|i| {
            Flag::new(
                Rule::NoPersonaNeed,
                Kind::Post,
                &format!("content/posts/p{i}.md"),
                None,
                "this post | lists no pain point <b>at all</b>".repeat(3),
            )
        })
        .collect();
    let text = github_summary(&flags, 1024 * 1024);
    assert!(text.len() <= 1024 * 1024, "{}", text.len());
    assert!(
        text.contains("more flags are not listed"),
        "a note says it was cut"
    );
    assert!(
        text.contains("this post \\| lists"),
        "a `|` does not break the table"
    );
    assert!(!text.contains("<b>"), "no markup from messages");
}

#[test]
fn check_with_paths_reports_only_the_flags_about_them() {
    let plan = many_flags(3, 1);
    let all = flag_keys(&plan.run(&["check", "--format", "json"]));
    assert!(all.len() >= 4, "{all:?}");
    let run = plan.run(&["check", "--format", "json", "content/posts/loud-01.md"]);
    let keys = flag_keys(&run);
    assert_eq!(
        keys,
        [(
            "no-persona-need".into(),
            "content/posts/loud-01.md".into(),
            Some(2)
        )]
    );
    assert_eq!(run.code(), 0, "the error is in another file");
    // A folder, `./` spellings, and a file with no flags.
    let run = plan.run(&[
        "check",
        "--format",
        "json",
        "./content/posts/",
        "content/personas",
    ]);
    let files: Vec<String> = flag_keys(&run).into_iter().map(|k| k.1).collect();
    assert!(
        files.iter().all(|f| f.starts_with("content/posts/")),
        "{files:?}"
    );
    assert_eq!(files.len(), 4, "{files:?}");
    assert_eq!(run.code(), 1, "the broken post is in that folder");
    // From another folder, with --root: paths are taken as typed, from there.
    let outside = tempfile::tempdir().unwrap();
    let root = plan.root().to_string_lossy().into_owned();
    let file = plan.root().join("content/posts/loud-02.md");
    let run = crate::support::run_in(
        outside.path(),
        &[
            "--root",
            &root,
            "check",
            "--format",
            "json",
            &file.to_string_lossy(),
        ],
    );
    assert_eq!(flag_keys(&run).len(), 1, "{}", run.stdout());
    // A path that does not exist is said, not silently reported as clean.
    let run = plan.run(&["check", "content/post/loud-01.md"]);
    assert!(
        run.stderr()
            .contains("content/post/loud-01.md does not exist"),
        "{}",
        run.stderr()
    );
    // A path outside the plan is a usage error.
    let run = plan.run(&["check", "/elsewhere/post.md"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr().contains("not inside the plan folder"),
        "{}",
        run.stderr()
    );
}

// ------------------------------------------------------------------ explain

#[test]
fn explain_prints_every_rule_from_the_rules_page() {
    use outcare::diagnostic::Rule;
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"),
    )
    .unwrap();
    for rule in Rule::ALL {
        let run = TestPlan::new().run(&["explain", rule.id()]);
        assert_eq!(run.code(), 0, "{}", rule.id());
        let stdout = run.stdout();
        assert!(stdout.starts_with(&format!("{}\n", rule.id())), "{stdout}");
        for part in ["What it checks", "Why it matters", "How to fix it"] {
            assert!(stdout.contains(part), "{}: no {part}", rule.id());
        }
        let summary = &outcare::rule_docs::doc(rule).summary;
        assert!(stdout.contains(summary) && page.contains(summary));
        assert!(stdout.contains(&format!("`{}: error`", rule.id())));
    }
    // Settings are named where a rule has them.
    let run = TestPlan::new().run(&["explain", "promo-heavy"]);
    assert!(run.stdout().contains("promo_min_posts"), "{}", run.stdout());
    // The id as a flag prints it works too.
    assert_eq!(
        TestPlan::new().run(&["explain", "warning[overdue]"]).code(),
        0
    );
}

#[test]
fn explain_of_an_unknown_rule_exits_2_with_a_suggestion() {
    let run = TestPlan::new().run(&["explain", "wrong-chanel"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr().contains("did you mean `wrong-channel`?"),
        "{}",
        run.stderr()
    );
    assert!(run.stdout().is_empty());
}

#[test]
fn text_output_ends_by_naming_explain_once() {
    let run = TestPlan::fixture("warnings").run(&["check"]);
    let stdout = run.stdout();
    assert_eq!(stdout.matches("outcare explain").count(), 1, "{stdout}");
    assert!(
        stdout.lines().last().unwrap().contains("outcare explain"),
        "{stdout}"
    );
    let clean = TestPlan::fixture("clean").run(&["check"]).stdout();
    assert!(
        !clean.contains("outcare explain"),
        "nothing to explain: {clean}"
    );
}

#[test]
fn the_flags_page_and_the_readme_draw_on_the_rules_page() {
    use outcare::diagnostic::Rule;
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert!(readme.contains("docs/rules.md"));
    for rule in Rule::ALL {
        let row = format!("| `{}` | {} |", rule.id(), rule.default_severity().as_str());
        assert!(readme.contains(&row), "README lists no `{row}`");
        let summary = outcare::rule_docs::doc(rule).summary;
        assert!(
            readme.contains(&format!("{row} {summary} |")),
            "README's `{}` summary is not the rules page's",
            rule.id()
        );
    }
}

#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = TestPlan::new().run(&["completions", shell]);
        assert_eq!(run.code(), 0, "{shell}: {}", run.stderr());
        let stdout = run.stdout();
        for word in ["explain", "check", "deny-warnings"] {
            assert!(stdout.contains(word), "{shell} completes no `{word}`");
        }
    }
    assert_eq!(TestPlan::new().run(&["completions", "tcsh"]).code(), 2);
}

#[test]
fn github_escapes_what_would_break_the_command() {
    // A file name with a comma, and a message with `%`: the promo share.
    let mut plan = TestPlan::fixture("clean");
    for (slug, day) in [("a", "04"), ("b", "05")] {
        plan = plan.post(
            slug,
            &format!("title: Sale {slug}\ndate: 2026-03-{day}\nchannel: blog\npain_points: [knee-pain]\nintent: promote"),
        );
    }
    let run = plan.run(&["check", "--format", "github"]);
    let stdout = run.stdout();
    let line = stdout
        .lines()
        .find(|l| l.contains("title=promo-heavy"))
        .unwrap_or_else(|| panic!("no promo-heavy flag:\n{stdout}"));
    assert!(line.contains("%25"), "a literal % is escaped: {line}");
    assert!(!line.contains("%;") && !line.contains("%)"), "{line}");
}

// ---------------------------------------------------------- severity settings

#[test]
fn a_warning_raised_to_error_makes_the_check_fail() {
    let plan = TestPlan::fixture("warnings").config("rules:\n  wrong-channel: error\n");
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert!(
        run.stdout()
            .contains("content/posts/reel.md:4:10: error[wrong-channel]: "),
        "{}",
        run.stdout()
    );
    let json = plan.run(&["check", "--format", "json"]).json();
    let flag = json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "wrong-channel")
        .unwrap();
    assert_eq!(flag["severity"], "error");
    let github = plan.run(&["check", "--format", "github"]).stdout();
    assert!(
        github.contains("::error file=content/posts/reel.md,line=4,title=wrong-channel::"),
        "{github}"
    );
}

#[test]
fn a_rule_set_off_is_not_reported() {
    let plan = TestPlan::fixture("warnings")
        .config("rules:\n  overdue: off\n  unserved-pain-point: off\n");
    let run = plan.run(&["check", "--format", "json"]);
    assert_eq!(rules_of(&run), ["wrong-channel"]);
    assert_eq!(run.code(), 0);
    // With every warning off, --deny-warnings has nothing left to deny.
    let plan =
        plan.config("rules:\n  overdue: off\n  unserved-pain-point: off\n  wrong-channel: off\n");
    let run = plan.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(
        run.stdout().contains("no problems found"),
        "{}",
        run.stdout()
    );
}

#[test]
fn an_error_lowered_to_warning_lets_the_check_pass() {
    let plan = TestPlan::fixture("errors")
        .config("rules:\n  unknown-reference: warning\n  invalid-front-matter: off\n");
    let run = plan.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert_eq!(rules_of(&run), ["no-persona-need", "unknown-reference"]);
    assert_eq!(run.json()["flags"][1]["severity"], "warning");
}

#[test]
fn a_bad_rule_setting_is_an_error_in_outcare_yaml() {
    let plan =
        TestPlan::fixture("clean").config("rules:\n  wrong-chanel: error\n  overdue: loud\n");
    let run = plan.run(&["check", "--format", "json"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    let keys = flag_keys(&run);
    assert_eq!(
        keys,
        [
            ("invalid-config".into(), "outcare.yaml".into(), Some(2)),
            ("invalid-config".into(), "outcare.yaml".into(), Some(3)),
        ]
    );
    // The misspelt key gets the caret under the key; the bad value under the value.
    assert_eq!(run.json()["flags"][0]["line"], 2);
    let text = plan.run(&["check"]).stdout();
    assert!(
        text.contains("outcare.yaml:2:3: error[invalid-config]"),
        "{text}"
    );
    assert!(
        text.contains("outcare.yaml:3:12: error[invalid-config]"),
        "{text}"
    );
    assert!(
        run.json()["flags"][0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `wrong-channel`?")
    );
    assert_eq!(run.json()["flags"][0]["kind"], "config");
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_an_error_in_outcare_yaml() {
    for bad in [
        "javascript:alert(document.domain)",
        "data:text/html,hi",
        "ftp://example.org/plan/",
        "https://",
        "//example.org/plan/",
    ] {
        let plan =
            TestPlan::fixture("clean").config(&format!("title: Plan\nbase_url: \"{bad}\"\n"));
        let run = plan.run(&["check", "--format", "json"]);
        run.no_panic();
        assert_eq!(run.code(), 1, "{bad}: {}", run.stdout());
        assert_eq!(
            flag_keys(&run),
            [("invalid-config".into(), "outcare.yaml".into(), Some(2))],
            "{bad}"
        );
        let message = run.json()["flags"][0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains("https://"), "{bad}: {message}");
        // The build refuses it too, so it never reaches calendar.ics or plan.json.
        let out = plan.root().join("site");
        let build = plan.run(&["build"]);
        assert_eq!(build.code(), 1, "{bad}");
        assert!(!out.exists(), "{bad}");
    }
    for good in [
        "https://example.org/plan/",
        "http://localhost:8080",
        "HTTPS://Example.org",
    ] {
        let plan = TestPlan::fixture("clean").config(&format!("title: Plan\nbase_url: {good}\n"));
        let run = plan.run(&["check", "--format", "json"]);
        assert_eq!(run.code(), 0, "{good}: {}", run.stdout());
    }
}

// ------------------------------------------------------------ global options

#[test]
fn root_is_accepted_before_and_after_the_subcommand() {
    let dir = TestPlan::new();
    copy_fixture("warnings", &dir.root().join("my-plan"));
    let before = run_in(
        dir.root(),
        &["--root", "my-plan", "check", "--format", "json"],
    );
    let after = run_in(
        dir.root(),
        &["check", "--root", "my-plan", "--format", "json"],
    );
    let equals = run_in(dir.root(), &["check", "--format", "json", "--root=my-plan"]);
    for run in [&before, &after, &equals] {
        run.no_panic();
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }
    assert_eq!(before.json(), after.json());
    assert_eq!(before.json(), equals.json());
    assert_eq!(
        rules_of(&before),
        ["unserved-pain-point", "overdue", "wrong-channel"]
    );
    // Without --root, the current folder (which is not a plan) is checked.
    std::fs::remove_dir(dir.root().join("content")).unwrap();
    let here = run_in(dir.root(), &["check"]);
    assert_eq!(here.code(), 1);
    assert!(
        here.stderr().contains("has no content/ folder"),
        "{}",
        here.stderr()
    );
}

#[test]
fn today_overrides_outcare_today() {
    let plan = TestPlan::fixture("warnings");
    // OUTCARE_TODAY is 2026-03-01: `late` (02-25) is overdue.
    assert!(rules_of(&plan.run(&["check", "--format", "json"])).contains(&"overdue".to_string()));
    // Before it, nothing is overdue; on 03-10 the other two posts are too. Either side of the subcommand.
    let before = plan.run(&["check", "--today", "2026-02-20", "--format", "json"]);
    assert!(
        !rules_of(&before).contains(&"overdue".to_string()),
        "{:?}",
        flag_keys(&before)
    );
    let later = plan.run(&["--today", "2026-03-10", "check", "--format", "json"]);
    let overdue: Vec<String> = flag_keys(&later)
        .into_iter()
        .filter(|(rule, _, _)| rule == "overdue")
        .map(|(_, file, _)| file)
        .collect();
    assert_eq!(
        overdue,
        [
            "content/posts/late.md",
            "content/posts/reel.md",
            "content/posts/stretches.md"
        ]
    );
    let run = plan.run(&["check", "--today=2026-03-10"]);
    assert!(run.stdout().contains("(13 days ago)"), "{}", run.stdout());
}

#[test]
fn version_prints_the_crate_version() {
    let run = TestPlan::new().run(&["--version"]);
    assert_eq!(run.code(), 0);
    assert_eq!(
        run.stdout().trim(),
        format!("outcare {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn check_help_shows_an_example() {
    let run = TestPlan::new().run(&["check", "--help"]);
    assert_eq!(run.code(), 0);
    let stdout = run.stdout();
    assert!(stdout.contains("Examples:"), "{stdout}");
    assert!(stdout.contains("outcare check --"), "{stdout}");
    for option in ["--format", "--deny-warnings", "--root", "--today"] {
        assert!(stdout.contains(option), "{option}: {stdout}");
    }
    let top = TestPlan::new().run(&["--help"]);
    assert_eq!(top.code(), 0);
    assert!(top.stdout().contains("check"), "{}", top.stdout());
    assert!(top.stdout().contains("Examples:"), "{}", top.stdout());
}

#[test]
fn a_root_without_content_fails_with_a_clear_message() {
    let plan = TestPlan::new().file("notes.md", "not a plan");
    std::fs::remove_dir(plan.root().join("content")).unwrap();
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(stderr.contains("has no content/ folder"), "{stderr}");
    assert!(
        stderr.contains("--root"),
        "says how to point at a plan: {stderr}"
    );
    assert_eq!(run.stdout(), "");
    // A root that does not exist at all.
    let run = plan.run(&["check", "--root", "no-such-folder"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("no-such-folder"), "{}", run.stderr());
    // Not a usage error in JSON form either: nothing half-written on stdout.
    let run = plan.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert_eq!(run.stdout(), "");
}

#[test]
fn a_root_that_is_a_file_fails_with_a_clear_message() {
    let plan = TestPlan::new().file("plan.txt", "x");
    let run = plan.run(&["check", "--root", "plan.txt"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("plan.txt is not a folder"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_pull_request_adding_30_posts_without_a_need_shows_10_a_notice_and_all_30() {
    // As the workflow runs it: the changed files named, the summary file set.
    let mut plan = TestPlan::fixture("clean");
    let mut changed = Vec::new();
    for i in 0..30 {
        let slug = format!("promo-{i:02}");
        plan = plan.post(
            &slug,
            &format!(
                "title: Our offer number {i}\ndate: 2026-03-{:02}\nchannel: blog\npain_points: [knee-pain]\nstatus: published",
                i % 28 + 1
            )
            .replace("pain_points: [knee-pain]", ""),
        );
        changed.push(format!("content/posts/{slug}.md"));
    }
    let summary = plan.root().join("summary.md");
    let output = Command::new(env!("CARGO_BIN_EXE_outcare"))
        .args(["check", "--format", "github", "--"])
        .args(&changed)
        .current_dir(plan.root())
        .env("OUTCARE_TODAY", TODAY)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let run = Run(output);
    run.no_panic();
    let stdout = run.stdout();
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("::warning "))
            .count(),
        10,
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .contains("20 more flags (0 errors, 20 warnings) are not annotated here")
            && stdout.contains("summary"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&summary).unwrap();
    let rows = text
        .lines()
        .filter(|l| l.starts_with("| `content/posts/promo-"))
        .count();
    assert_eq!(rows, 30, "{text}");
}

#[test]
fn an_unknown_flag_of_new_lists_the_kind_s_own_flags() {
    // `--priority` got clap's "a similar argument exists: '--root'", and the
    // usage line showed `--root <DIR>` as if new required it (issue 17, item 7).
    let plan = TestPlan::fixture("clean");
    let run = plan.run(&["new", "post", "x", "--priority", "low"]);
    run.no_panic();
    assert_eq!(run.code(), 2, "{}", run.stdout());
    let err = run.stderr();
    assert!(!err.contains("'--root'"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
    assert!(err.contains("`--priority`"), "{err}");
    assert!(err.contains("`new post` has no flag"), "{err}");
    for flag in ["--date", "--channel", "--repeat", "--stage", "--body"] {
        assert!(err.contains(flag), "{flag} in {err}");
    }
    assert!(!err.contains("--received"), "feedback's own: {err}");
    assert!(
        err.contains("Usage: outcare new <KIND> <SLUG> [OPTIONS]"),
        "{err}"
    );
    assert!(!plan.root().join("content/posts/ideas/x.md").exists());
    // Another kind, its own flags; a near spelling, the flag meant.
    let run = plan.run(&["new", "feedback", "x", "--recieved", "2026-03-01"]);
    assert_eq!(run.code(), 2);
    let err = run.stderr();
    assert!(err.contains("did you mean `--received`?"), "{err}");
    assert!(err.contains("`new feedback` has no flag"), "{err}");
    assert!(!err.contains("--date"), "{err}");
    // Every command's usage line leaves out the options every command takes.
    for args in [
        &["new", "post"][..],
        &["check", "--formt", "json"],
        &["build", "--root", ".", "--outt", "x"],
    ] {
        let run = plan.run(args);
        assert_eq!(run.code(), 2, "{args:?}");
        let usage = run
            .stderr()
            .lines()
            .find(|l| l.starts_with("Usage:"))
            .unwrap_or_else(|| panic!("{args:?}: {}", run.stderr()))
            .to_string();
        assert!(!usage.contains("--root"), "{args:?}: {usage}");
        assert!(!usage.contains("--today"), "{args:?}: {usage}");
    }
    let help = plan.run(&["new", "--help"]).stdout();
    assert!(
        help.contains("Usage: outcare new <KIND> <SLUG> [OPTIONS]"),
        "{help}"
    );
}
