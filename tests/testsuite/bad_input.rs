//! Bad input never panics: each broken file, run through the binary, gives a
//! clear error naming the file (and the line, where there is one) and exit 1.

use std::time::{Duration, Instant};

use crate::support::{TestPlan, healthy};

/// A post's text: front matter lines between fences, then a body.
fn post_text(front_matter: &str, body: &str) -> String {
    format!("---\n{front_matter}\n---\n{body}\n")
}

/// The front matter of a valid post, to break one line of.
/// Goes out more than `ready_days` after today, so `not-ready` leaves it alone.
const POST: &str = "title: Knees\ndate: 2026-03-12\nchannel: blog\npain_points: [knee-pain]";

/// Runs `outcare check` on a plan with something wrong in `file`: asserts
/// exit 1, no panic, and an error headed `file:line:` (or `file:` with any
/// line or none, when `line` is `None`). Returns the text output.
fn fails_at(plan: &TestPlan, file: &str, line: Option<u32>) -> String {
    let run = plan.run(&["check"]);
    run.no_panic();
    let stdout = run.stdout();
    assert_eq!(
        run.code(),
        1,
        "exit 1 for {file}:\n{stdout}{}",
        run.stderr()
    );
    let head = match line {
        Some(line) => format!("{file}:{line}:"),
        None => format!("{file}:"),
    };
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with(&head) && l.contains(" error[")),
        "no error headed `{head}`:\n{stdout}"
    );
    stdout
}

/// The flags of a `--format json` run.
fn json_flags(plan: &TestPlan) -> Vec<serde_json::Value> {
    let run = plan.run(&["check", "--format", "json"]);
    run.no_panic();
    run.json()["flags"].as_array().unwrap().clone()
}

/// The only flag about `file`, asserting there is exactly one.
fn only_flag(plan: &TestPlan, file: &str) -> serde_json::Value {
    let flags: Vec<_> = json_flags(plan)
        .into_iter()
        .filter(|f| f["file"] == file)
        .collect();
    assert_eq!(flags.len(), 1, "one flag for {file}: {flags:#?}");
    flags.into_iter().next().unwrap()
}

fn message(flag: &serde_json::Value) -> &str {
    flag["message"].as_str().unwrap()
}

fn assert_no_relative_position(text: &str) {
    assert!(
        !text.contains("at line"),
        "serde_yaml's relative position leaks: {text}"
    );
    assert!(
        !text.contains("column"),
        "serde_yaml's relative position leaks: {text}"
    );
}

#[test]
fn broken_yaml_points_at_the_file_line() {
    // The YAML's third line is the file's fourth: serde_yaml's own count must not reach the user.
    let plan = healthy().file(
        "content/posts/x.md",
        "---\ntitle: x\npersonas: [runner\nchannel: blog\n---\nbody\n",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(4));
    let head = stdout
        .lines()
        .find(|l| l.starts_with("content/posts/x.md:"))
        .unwrap();
    assert!(
        head.contains("error[invalid-front-matter]: front matter is not valid YAML"),
        "{head}"
    );
    assert_no_relative_position(head);
    assert!(
        stdout.contains("4 | channel: blog"),
        "shows the file's line 4:\n{stdout}"
    );
    let flag = only_flag(&plan, "content/posts/x.md");
    assert_eq!(flag["line"], 4);
    assert_eq!(flag["slug"], "x");
    assert_no_relative_position(message(&flag));
}

#[test]
fn broken_yaml_further_down_keeps_counting_from_the_file() {
    // Eight good lines, then a bad indent on file line 10.
    let plan = healthy().file(
        "content/posts/x.md",
        "---\ntitle: x\ndate: 2026-03-05\nchannel: blog\npain_points:\n  - knee-pain\nowner: Ann\ncampaign: spring\nstatus: draft\n  intent: engage\n---\n",
    );
    fails_at(&plan, "content/posts/x.md", Some(10));
    assert_no_relative_position(message(&only_flag(&plan, "content/posts/x.md")));
}

#[test]
fn a_line_separator_outside_quotes_is_named_on_its_own_line() {
    // YAML reads U+2028, U+2029 and U+0085 as line ends, so an unquoted title
    // holding one was reported on the next line without a word about the
    // invisible character (issue 16).
    let cases = [
        ("title: Launch\u{2028}day", 2, "U+2028 LINE SEPARATOR"),
        ("title: Launch\u{2028}day: big", 2, "U+2028 LINE SEPARATOR"),
        ("owner: Ana\u{2029}Bram", 6, "U+2029 PARAGRAPH SEPARATOR"),
        ("# a note\u{85}status: published", 6, "U+0085 NEXT LINE"),
    ];
    for (line, at, named) in cases {
        let front_matter = if line.starts_with("title") {
            POST.replacen("title: Knees", line, 1)
        } else {
            format!("{POST}\n{line}")
        };
        let plan = healthy().file("content/posts/x.md", post_text(&front_matter, ""));
        let stdout = fails_at(&plan, "content/posts/x.md", Some(at));
        let flag = only_flag(&plan, "content/posts/x.md");
        assert_eq!(flag["line"], at, "{line:?}");
        assert!(
            message(&flag).contains(named),
            "{line:?}: {}",
            message(&flag)
        );
        assert!(message(&flag).contains("quotes"), "{}", message(&flag));
        assert!(
            stdout.contains(&format!("{at} | ")),
            "shows the line: {stdout}"
        );
        assert!(
            stdout.contains('\u{2424}'),
            "shows the character as ␤: {stdout}"
        );
        assert!(
            !stdout.contains(['\u{85}', '\u{2028}', '\u{2029}']),
            "{stdout}"
        );
    }
    // In quotes it is text like any other.
    let plan = healthy().file(
        "content/posts/x.md",
        post_text(
            &POST.replacen("title: Knees", "title: \"Launch\u{2028}day\"", 1),
            "",
        ),
    );
    assert_eq!(json_flags(&plan), Vec::<serde_json::Value>::new());
}

#[test]
fn front_matter_that_is_not_a_mapping_names_the_file() {
    for yaml in ["just some words", "- a\n- b", "42"] {
        let plan = healthy().file("content/posts/x.md", post_text(yaml, ""));
        let stdout = fails_at(&plan, "content/posts/x.md", Some(2));
        assert!(stdout.contains("`key: value`"), "{yaml:?}:\n{stdout}");
    }
}

#[test]
fn a_missing_closing_fence_names_the_file() {
    let plan = healthy().file(
        "content/posts/x.md",
        "---\ntitle: x\ndate: 2026-03-05\nchannel: blog\n\nThe body starts here.\n",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(1));
    assert!(stdout.contains("never closed"), "{stdout}");
}

#[test]
fn a_file_without_front_matter_names_the_file() {
    let plan = healthy().file(
        "content/posts/x.md",
        "# Just Markdown\n\nNo front matter.\n",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(1));
    assert!(stdout.contains("does not start with `---`"), "{stdout}");
}

#[test]
fn an_empty_file_names_the_file() {
    for text in ["", "\n\n  \n"] {
        let plan = healthy().file("content/personas/empty.md", text);
        let stdout = fails_at(&plan, "content/personas/empty.md", Some(1));
        assert!(stdout.contains("the file is empty"), "{stdout}");
    }
    // Fences with nothing between: every required key is missing.
    let plan = healthy().file("content/posts/bare.md", "---\n---\n");
    let stdout = fails_at(&plan, "content/posts/bare.md", None);
    assert!(stdout.contains("`title` is missing"), "{stdout}");
    assert!(stdout.contains("`channel` is missing"), "{stdout}");
}

#[test]
fn a_file_that_is_not_utf8_names_the_file_and_line() {
    let mut bytes = post_text(POST, "First line of the body.").into_bytes();
    bytes.extend_from_slice(b"Second \xff\xfe line.\n");
    let plan = healthy().file("content/posts/x.md", bytes);
    let stdout = fails_at(&plan, "content/posts/x.md", Some(8));
    assert!(stdout.contains("not UTF-8"), "{stdout}");
    // And in the front matter.
    let plan = healthy().file(
        "content/posts/x.md",
        b"---\ntitle: caf\xe9\n---\n".as_slice(),
    );
    fails_at(&plan, "content/posts/x.md", Some(2));
}

#[test]
fn an_impossible_date_points_at_it() {
    let plan = healthy().post(
        "x",
        "title: x\ndate: 2026-02-30\nchannel: blog\npain_points: [knee-pain]",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(3));
    assert!(stdout.contains("February 2026 has 28 days"), "{stdout}");
    for date in [
        "2026-13-01",
        "2026-3-5",
        "05/03/2026",
        "2026-03-05T25:00",
        "2025-02-29",
    ] {
        let plan = healthy().post(
            "x",
            &format!("title: x\ndate: {date}\nchannel: blog\npain_points: [knee-pain]"),
        );
        fails_at(&plan, "content/posts/x.md", Some(3));
    }
    // A date with a time is a post's; feedback is received on a day.
    let plan = healthy().entry("feedback", "f", "title: f\nreceived: 2026-02-30", "");
    fails_at(&plan, "content/feedback/f.md", Some(3));
}

#[test]
fn a_wrong_type_says_what_was_expected() {
    // Text with commas where a list belongs: the example is built from the value.
    let plan = healthy().post(
        "x",
        "title: x\ndate: 2026-03-05\nchannel: blog\npersonas: runner\npain_points: sourdough-fails, knee-pain",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(6));
    assert!(stdout.contains("`pain_points` must be a list"), "{stdout}");
    assert!(
        stdout.contains("`pain_points: [sourdough-fails, knee-pain]`"),
        "{stdout}"
    );
    let plan = healthy().pain_point("blisters", "runner, walker");
    let stdout = fails_at(&plan, "content/pain-points/blisters.md", Some(3));
    assert!(stdout.contains("`personas: [runner, walker]`"), "{stdout}");
    // A map where a list belongs gives its words back as the list.
    let plan = healthy().post(
        "x",
        "title: x\ndate: 2026-03-05\nchannel: blog\npain_points: {knee-pain: 1}",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(5));
    assert!(stdout.contains("`pain_points: [knee-pain, 1]`"), "{stdout}");
    // A list or a map where text belongs.
    let plan = healthy().post(
        "x",
        "title: [a, b]\ndate: 2026-03-05\nchannel: {blog: 1}\npain_points: [knee-pain]",
    );
    let flags: Vec<_> = json_flags(&plan)
        .into_iter()
        .filter(|f| f["file"] == "content/posts/x.md")
        .collect();
    let lines: Vec<_> = flags.iter().map(|f| f["line"].as_u64()).collect();
    assert_eq!(lines, [Some(2), Some(4)], "{flags:#?}");
}

#[test]
fn an_unknown_key_suggests_the_known_one() {
    let plan = healthy().post(
        "x",
        "title: x\ndate: 2026-03-05\nchannel: blog\npain_point: [knee-pain]",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(5));
    assert!(stdout.contains("did you mean `pain_points`?"), "{stdout}");
    // Far from every key: the known keys are listed instead.
    let plan = healthy().post("x", &format!("{POST}\nmood: sunny"));
    let stdout = fails_at(&plan, "content/posts/x.md", Some(6));
    assert!(stdout.contains("unknown key `mood`"), "{stdout}");
}

#[test]
fn an_unknown_status_suggests_the_known_one() {
    let plan = healthy().post("x", &format!("{POST}\nstatus: publised"));
    let stdout = fails_at(&plan, "content/posts/x.md", Some(6));
    assert!(stdout.contains("did you mean `published`?"), "{stdout}");
}

#[test]
fn a_bad_slug_names_the_file_and_a_good_name() {
    let plan = healthy().file("content/posts/Knee Pain.md", post_text(POST, ""));
    let stdout = fails_at(&plan, "content/posts/Knee Pain.md", None);
    assert!(
        stdout.contains("`Knee Pain` is not a valid slug"),
        "{stdout}"
    );
    assert!(stdout.contains("rename it to `knee-pain.md`"), "{stdout}");
    for name in ["knee_pain", "-knee", "kneé"] {
        let file = format!("content/pain-points/{name}.md");
        let plan = healthy().file(&file, "---\ntitle: t\npersonas: [runner]\n---\n");
        fails_at(&plan, &file, None);
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_named_as_best_it_can() {
    use std::os::unix::ffi::OsStrExt;
    let plan = healthy();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(
        plan.root().join("content/posts").join(name),
        post_text(POST, ""),
    )
    .unwrap();
    let stdout = fails_at(&plan, "content/posts/caf\u{fffd}.md", None);
    assert!(stdout.contains("is not a valid slug"), "{stdout}");
}

#[test]
fn a_duplicate_slug_names_both_files() {
    let plan = healthy()
        .file("content/posts/2026/march/recap.md", post_text(POST, ""))
        .file("content/posts/2026/april/recap.md", post_text(POST, ""));
    let stdout = fails_at(&plan, "content/posts/2026/march/recap.md", None);
    assert!(stdout.contains("duplicate-slug"), "{stdout}");
    assert!(
        stdout.contains("already exists in content/posts/2026/april/recap.md"),
        "{stdout}"
    );
}

#[test]
fn file_names_that_differ_only_in_case_are_duplicate_slugs() {
    // `Launch.md` and `launch.md` are one file name on macOS and Windows:
    // checking out the plan there keeps only one of them (issue 16).
    let plan = healthy()
        .file("content/posts/launch.md", post_text(POST, ""))
        .file("content/posts/2026/Launch.md", post_text(POST, ""));
    let stdout = fails_at(&plan, "content/posts/2026/Launch.md", None);
    let duplicate: Vec<_> = json_flags(&plan)
        .into_iter()
        .filter(|f| f["rule"] == "duplicate-slug")
        .collect();
    assert_eq!(duplicate.len(), 1, "{stdout}");
    assert_eq!(duplicate[0]["file"], "content/posts/2026/Launch.md");
    assert!(
        message(&duplicate[0]).contains("content/posts/launch.md"),
        "{}",
        message(&duplicate[0])
    );
    assert!(
        message(&duplicate[0]).contains("case"),
        "{}",
        message(&duplicate[0])
    );
    // Near miss: the same name in another kind's folder.
    let plan = healthy().file(
        "content/pain-points/Stretches.md",
        "---\ntitle: t\npersonas: [runner]\n---\n",
    );
    assert!(
        json_flags(&plan)
            .iter()
            .all(|f| f["rule"] != "duplicate-slug"),
        "{:#?}",
        json_flags(&plan)
    );
}

#[test]
fn check_and_build_agree_on_a_file_name_too_long_for_some_file_systems() {
    // 200 letters is a fine name on Linux, but `posts/<slug>/index.html` under
    // a site folder is past what Windows and encrypted home folders take: a
    // plan that checks must build wherever it is built (issue 16).
    let stem = format!("why-{}", "very-".repeat(40));
    let stem = stem.trim_end_matches('-');
    let file = format!("content/posts/{stem}.md");
    let plan = healthy().file(&file, post_text(POST, ""));
    let stdout = fails_at(&plan, &file, None);
    assert!(stdout.contains("invalid-file"), "{stdout}");
    assert!(stdout.contains("characters long"), "{stdout}");
    let flag = only_flag(&plan, &file);
    let suggested = message(&flag)
        .split("rename it to `")
        .nth(1)
        .and_then(|rest| rest.split(".md`").next())
        .unwrap_or_else(|| panic!("no suggestion: {}", message(&flag)));
    assert!(suggested.len() <= 100, "{suggested}");
    assert!(outcare::load::is_slug(suggested), "{suggested}");
    let build = plan.run(&["build", "--out", "site"]);
    build.no_panic();
    assert_eq!(build.code(), 1, "build refuses what check refused");
    // Near miss: exactly at the limit.
    let stem = "a".repeat(100);
    let plan = healthy().file(&format!("content/posts/{stem}.md"), post_text(POST, ""));
    assert_eq!(plan.run(&["check"]).code(), 0);
    assert_eq!(plan.run(&["build", "--out", "site"]).code(), 0);
}

#[test]
fn an_unknown_reference_points_at_the_name() {
    let plan = healthy().post("x", "title: x\ndate: 2026-03-05\nchannel: blog\npersonas: [runner, walker]\npain_points: [knee-pain]");
    let stdout = fails_at(&plan, "content/posts/x.md", Some(5));
    assert!(
        stdout.contains(
            "content/posts/x.md:5:20: error[unknown-reference]: there is no persona `walker`"
        ),
        "{stdout}"
    );
    let plan = healthy().entry(
        "feedback",
        "f",
        "title: f\nreceived: 2026-02-01\npain_points: [knee-pian]",
        "",
    );
    let stdout = fails_at(&plan, "content/feedback/f.md", Some(4));
    assert!(stdout.contains("did you mean `knee-pain`?"), "{stdout}");
    let plan = healthy().post("x", &format!("{POST}\nresponds_to: [nobody-said-this]"));
    fails_at(&plan, "content/posts/x.md", Some(6));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let plan = healthy();
    let nested = plan.root().join("content/posts/nested");
    std::fs::create_dir_all(&nested).unwrap();
    std::os::unix::fs::symlink("..", nested.join("loop")).unwrap();
    let started = Instant::now();
    let stdout = fails_at(&plan, "content/posts/nested/loop", None);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(stdout.contains("symlink"), "{stdout}");
    // The post itself is read once, not once per trip round the loop.
    let run = plan.run(&["check", "--format", "json"]);
    let dups: Vec<_> = run.json()["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "duplicate-slug")
        .cloned()
        .collect();
    assert_eq!(dups, Vec::<serde_json::Value>::new());
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_plan_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Secret outside the plan\ndate: 2026-03-05\nchannel: blog\npain_points: [outside-only]\n---\n",
    )
    .unwrap();
    let plan = healthy();
    std::os::unix::fs::symlink(outside.path(), plan.root().join("content/posts/elsewhere"))
        .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        plan.root().join("content/posts/linked.md"),
    )
    .unwrap();
    let stdout = fails_at(&plan, "content/posts/elsewhere", None);
    assert!(
        stdout.contains("content/posts/linked.md: error["),
        "{stdout}"
    );
    assert!(
        stdout.contains("leads to") && stdout.contains("outside the plan"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("Secret outside") && !stdout.contains("outside-only"),
        "the outside post was read:\n{stdout}"
    );
    assert!(
        stdout.contains(": 1 post,"),
        "only the plan's own post: {stdout}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_plan_is_followed() {
    let plan = healthy().file("shared/tips.md", post_text(POST, ""));
    std::os::unix::fs::symlink(
        plan.root().join("shared"),
        plan.root().join("content/posts/shared"),
    )
    .unwrap();
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(run.stdout().contains(": 2 posts,"), "{}", run.stdout());
}

#[test]
fn a_five_megabyte_body_is_refused_quickly() {
    let body = "Lorem ipsum dolor sit amet. ".repeat(5 * 1024 * 1024 / 28 + 1);
    let plan = healthy().file("content/posts/huge.md", post_text(POST, &body));
    let started = Instant::now();
    let stdout = fails_at(&plan, "content/posts/huge.md", None);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(stdout.contains("5.0 MiB"), "says how big: {stdout}");
}

#[test]
fn a_hundred_thousand_brackets_finish_fast_and_name_the_file() {
    let plan = healthy().file("content/posts/deep.md", post_text(&"[".repeat(100_000), ""));
    let started = Instant::now();
    let stdout = fails_at(&plan, "content/posts/deep.md", Some(2));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(stdout.contains("KiB"), "{stdout}");
    // Below the size cap, deep nesting still fails cleanly.
    let plan = healthy().file(
        "content/posts/deep.md",
        post_text(&format!("title: {}", "[".repeat(5_000)), ""),
    );
    let started = Instant::now();
    fails_at(&plan, "content/posts/deep.md", None);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]

fn nesting_just_under_the_size_cap_finishes_fast() {
    let plan = healthy().file(
        "content/posts/deep.md",
        post_text(&format!("title: {}", "[".repeat(65_000)), ""),
    );
    let started = Instant::now();
    fails_at(&plan, "content/posts/deep.md", Some(2));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

/// The flags about `file`, as `check --format json` gives them.
fn flags_about(plan: &TestPlan, file: &str) -> Vec<serde_json::Value> {
    json_flags(plan)
        .into_iter()
        .filter(|f| f["file"] == file)
        .collect()
}

// SECURITY.md's caps, tested at their very edge with the numbers it gives, so
// that a cap moved in the code (not only one removed) fails here.

#[test]
fn an_entry_may_be_1_mib_and_not_a_byte_more() {
    let sized = |size: usize| {
        let mut text = post_text(POST, "");
        text.push_str(&"word ".repeat(size / 5));
        text.truncate(size - 1);
        text.push('\n');
        assert_eq!(text.len(), size);
        text
    };
    let plan = healthy().file("content/posts/big.md", sized(1024 * 1024));
    let flags = flags_about(&plan, "content/posts/big.md");
    assert!(flags.is_empty(), "1 MiB is allowed: {flags:#?}");

    let plan = plan.file("content/posts/big.md", sized(1024 * 1024 + 1));
    let stdout = fails_at(&plan, "content/posts/big.md", None);
    assert!(stdout.contains("at most 1 MiB"), "{stdout}");

    // Refused unread: a sparse terabyte, which would take the process down if
    // read, is answered like any other large file.
    #[cfg(unix)]
    {
        let file = std::fs::File::create(plan.root().join("content/posts/big.md")).unwrap();
        file.set_len(1 << 40).unwrap();
        let stdout = fails_at(&plan, "content/posts/big.md", None);
        assert!(stdout.contains("the file is 1048576.0 MiB"), "{stdout}");
    }
}

#[test]
fn front_matter_may_be_64_kib_and_not_a_byte_more() {
    let sized = |size: usize| {
        let mut yaml = format!("{POST}\n# ");
        yaml.push_str(&"x".repeat(size - yaml.len() - 1));
        yaml.push('\n');
        assert_eq!(yaml.len(), size);
        format!("---\n{yaml}---\nBody.\n")
    };
    let plan = healthy().file("content/posts/long.md", sized(64 * 1024));
    let flags = flags_about(&plan, "content/posts/long.md");
    assert!(flags.is_empty(), "64 KiB is allowed: {flags:#?}");

    let plan = plan.file("content/posts/long.md", sized(64 * 1024 + 1));
    let stdout = fails_at(&plan, "content/posts/long.md", Some(2));
    assert!(stdout.contains("more than the 64 KiB allowed"), "{stdout}");
}

#[test]
fn lists_and_maps_may_nest_32_levels_and_not_one_more() {
    // Each way YAML nests, `n` lists or maps deep under one key of a post.
    type Shape = fn(usize) -> String;
    let shapes: [(&str, Shape); 4] = [
        ("brackets", |n| {
            format!("extra: {}x{}", "[".repeat(n), "]".repeat(n))
        }),
        ("braces", |n| {
            format!("extra: {}x{}", "{a: ".repeat(n), "}".repeat(n))
        }),
        ("indented maps", |n| {
            let mut yaml = String::from("extra:");
            for level in 1..=n {
                yaml += &format!("\n{}k{level}:", "  ".repeat(level));
            }
            yaml + " x"
        }),
        ("list items", |n| format!("extra:\n  {}x", "- ".repeat(n))),
    ];
    let deep = |flag: &serde_json::Value| message(flag).contains("levels deep");
    for (shape, yaml) in shapes {
        let plan = healthy().file(
            "content/posts/deep.md",
            post_text(&format!("{POST}\n{}", yaml(32)), ""),
        );
        let flags = flags_about(&plan, "content/posts/deep.md");
        assert!(
            !flags.is_empty() && !flags.iter().any(deep),
            "{shape}: 32 levels are allowed (only the unknown key is flagged): {flags:#?}"
        );

        let plan = plan.file(
            "content/posts/deep.md",
            post_text(&format!("{POST}\n{}", yaml(33)), ""),
        );
        let flag = only_flag(&plan, "content/posts/deep.md");
        assert!(deep(&flag), "{shape}: 33 levels are refused: {flag:#?}");
        assert!(message(&flag).contains("32 levels"), "{shape}: {flag:#?}");
        assert_eq!(flag["line"], 6, "{shape}: at the key that nests: {flag:#?}");

        // Far deeper, past the YAML parser's own limit: the same words.
        let plan = plan.file(
            "content/posts/deep.md",
            post_text(&format!("{POST}\n{}", yaml(200)), ""),
        );
        let flag = only_flag(&plan, "content/posts/deep.md");
        assert!(message(&flag).contains("32 levels"), "{shape}: {flag:#?}");
    }
}

#[test]
fn a_bom_and_crlf_file_is_accepted() {
    let text = "\u{feff}---\r\ntitle: Knees\r\ndate: 2026-03-12\r\nchannel: blog\r\npain_points: [knee-pain]\r\n---\r\nBody.\r\n";
    let plan = healthy().file("content/posts/windows.md", text);
    let run = plan.run(&["check", "--format", "json"]);
    run.no_panic();
    assert_eq!(run.code(), 0);
    assert_eq!(run.json(), serde_json::json!({ "flags": [] }));
    // A CR-only (old Mac) file, and a BOM without CRLF, are accepted too.
    let plan = healthy()
        .file(
            "content/posts/mac.md",
            text.trim_start_matches('\u{feff}').replace("\r\n", "\r"),
        )
        .file(
            "content/posts/bom.md",
            text.replace("\r\n", "\n").replace("Knees", "Other"),
        );
    let run = plan.run(&["check"]);
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(
        run.stdout().contains("no problems found"),
        "{}",
        run.stdout()
    );
}

#[test]
fn a_later_error_in_a_bom_and_crlf_file_is_on_the_right_line() {
    let text = "\u{feff}---\r\ntitle: Knees\r\ndate: 2026-03-05\r\nchannel: blog\r\npersonas: [runner, walker]\r\npain_points: [knee-pain]\r\n---\r\n";
    let plan = healthy().file("content/posts/windows.md", text);
    let stdout = fails_at(&plan, "content/posts/windows.md", Some(5));
    assert!(
        stdout.contains("content/posts/windows.md:5:20: error[unknown-reference]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("5 | personas: [runner, walker]\n"),
        "no stray CR: {stdout:?}"
    );
    // A YAML syntax error too.
    let text = "\u{feff}---\r\ntitle: Knees\r\ndate: 2026-03-05\r\npain_points: [knee-pain\r\nchannel: blog\r\n---\r\n";
    let plan = healthy().file("content/posts/windows.md", text);
    fails_at(&plan, "content/posts/windows.md", Some(5));
}

#[test]
fn an_empty_required_text_is_an_error_at_its_line() {
    for title in [
        "title:",
        "title: ~",
        "title: ''",
        "title: null",
        "title: '   '",
    ] {
        let plan = healthy().post(
            "x",
            &format!("date: 2026-03-05\n{title}\nchannel: blog\npain_points: [knee-pain]"),
        );
        let stdout = fails_at(&plan, "content/posts/x.md", Some(3));
        assert!(stdout.contains("`title` is empty"), "{title}: {stdout}");
    }
    let plan = healthy().persona("walker", "[blog]").entry(
        "personas",
        "walker",
        "name: ~\nchannels: [blog]",
        "",
    );
    fails_at(&plan, "content/personas/walker.md", Some(2));
}

#[test]
fn a_missing_required_key_names_it() {
    let plan = healthy().post("x", "title: x\ndate: 2026-03-05\npain_points: [knee-pain]");
    let stdout = fails_at(&plan, "content/posts/x.md", None);
    assert!(
        stdout.contains("`channel` is missing: add a line like `channel: "),
        "{stdout}"
    );
    // A date is required unless the post is an idea.
    let plan = healthy().post("x", "title: x\nchannel: blog\npain_points: [knee-pain]");
    let stdout = fails_at(&plan, "content/posts/x.md", None);
    assert!(stdout.contains("`date` is missing"), "{stdout}");
    let plan = healthy().post(
        "x",
        "title: x\nchannel: blog\npain_points: [knee-pain]\nstatus: idea",
    );
    assert_eq!(plan.run(&["check"]).code(), 0);
}

#[test]

fn a_duplicate_nested_key_in_outcare_yaml_points_at_the_second() {
    let plan = healthy().config(
        "title: Plan\nchannels:\n  blog: {name: Blog}\n  blog: {name: Blog 2}\n  instagram: {}\n",
    );
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    let stdout = run.stdout();
    assert!(stdout.contains("outcare.yaml:4:"), "{stdout}");
    assert!(stdout.contains("`blog` is given twice"), "{stdout}");
}

#[test]
fn a_duplicate_key_points_at_the_second() {
    let plan = healthy().post(
        "x",
        "title: x\ndate: 2026-03-05\nchannel: blog\ntitle: y\npain_points: [knee-pain]",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(5));
    assert!(stdout.contains("`title` is given twice"), "{stdout}");
}

#[test]
fn hidden_files_and_editor_backups_are_ignored() {
    let junk = "this is not front matter \u{0} [[[";
    let plan = healthy()
        .file("content/posts/x.md~", junk)
        .file("content/posts/x.swp", junk)
        .file("content/posts/.x.md.swp", junk)
        .file("content/posts/.hidden.md", junk)
        .file("content/personas/.hidden.md", junk)
        .file("content/posts/.drafts/old.md", junk)
        .file("content/posts/README.md", junk)
        .file("content/README.md", junk)
        .file("content/.gitkeep", junk)
        .file("content/posts/.#x.md", junk);
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(
        run.stdout().contains("1 post, 1 persona"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stdout().contains("no problems found"),
        "{}",
        run.stdout()
    );
}

#[cfg(unix)]
#[test]

fn an_emacs_lock_file_is_ignored() {
    // Emacs marks a file being edited with `.#name`, a symlink to `user@host.pid:time`.
    let plan = healthy();
    std::os::unix::fs::symlink(
        "user@host.1234:1700000000",
        plan.root().join("content/posts/.#stretches.md"),
    )
    .unwrap();
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(
        run.stdout().contains("no problems found"),
        "{}",
        run.stdout()
    );
}

#[test]
fn every_problem_of_a_run_is_reported() {
    let plan = healthy()
        .file("content/posts/a.md", "---\ntitle: [\n---\n")
        .file("content/posts/b.md", "---\ntitle: b\n")
        .file("content/pain-points/c.md", "");
    let run = plan.run(&["check", "--format", "json"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    let files: Vec<String> = run.json()["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "content/pain-points/c.md",
            "content/posts/a.md",
            "content/posts/b.md"
        ]
    );
    // And every bad key of one file, not the first.
    let plan = healthy().post(
        "x",
        "title: ~\ndate: 2026-02-30\nchannel: blog\npersonas: runner, walker\nstatus: soon\nintent: sell\nmood: sunny",
    );
    let lines: Vec<Option<u64>> = json_flags(&plan)
        .iter()
        .filter(|f| f["file"] == "content/posts/x.md")
        .map(|f| f["line"].as_u64())
        .collect();
    assert_eq!(
        lines,
        [Some(2), Some(3), Some(5), Some(6), Some(7), Some(8)]
    );
}

#[test]

fn a_broken_outcare_yaml_is_not_called_front_matter() {
    let plan = healthy().config("title: Plan\nchannels:\n  blog: {name: Blog\n");
    let run = plan.run(&["check"]);
    let stdout = run.stdout();
    let head = stdout
        .lines()
        .find(|l| l.starts_with("outcare.yaml:"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(!head.contains("front matter"), "{head}");
    assert!(head.contains("error[invalid-config]"), "{head}");
}

#[test]
fn an_unquoted_colour_in_a_flow_mapping_is_blamed_on_its_hash() {
    let plan = healthy().config(
        "title: Plan\nchannels:\n  blog: {name: Blog}\n  instagram: {name: Instagram, color: #c13584}\n  tiktok: {name: TikTok}\n",
    );
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    let stdout = run.stdout();
    assert!(
        stdout.contains("outcare.yaml:4:39: error[invalid-config]"),
        "{stdout}"
    );
    assert!(stdout.contains("starts a comment"), "{stdout}");
    assert!(stdout.contains("`color: \"#c13584\"`"), "{stdout}");
    // A quoted colour, and a comment after a closed mapping, are fine.
    let plan = healthy().config(
        "channels:\n  blog: {name: Blog, color: \"#2b6cb0\"} # the main one\n  instagram: {name: Instagram}\n",
    );
    assert_eq!(plan.run(&["check"]).code(), 0);
}

#[test]
fn only_hex_colours_reach_the_css_and_anything_else_stops_the_build() {
    let with_colour = |colour: &str| {
        healthy().config(&format!(
            "title: Plan\nchannels:\n  blog: {{name: Blog, color: \"{colour}\"}}\n  instagram: {{name: Instagram}}\n"
        ))
    };
    for colour in ["#abc", "#abcd", "#a1b2c3", "#A1B2C3D4"] {
        let plan = with_colour(colour);
        let run = plan.run(&["build"]);
        run.no_panic();
        assert_eq!(run.code(), 0, "{colour}: {}", run.stderr());
        let page =
            std::fs::read_to_string(plan.root().join("site/posts/stretches/index.html")).unwrap();
        assert!(
            page.contains(&format!("style=\"--channel: {colour}\"")),
            "{colour} is used as written"
        );
    }
    for colour in [
        "red",
        "rgb(1, 2, 3)",
        "red;background:url(//evil.example/x)",
        "#abc;background:url(//evil.example/x)",
        "#ab",
        "#abcde",
        "#abcdefabc",
        "#ggg",
        "abc",
    ] {
        let plan = with_colour(colour);
        let run = plan.run(&["build"]);
        run.no_panic();
        let stderr = run.stderr();
        assert_eq!(run.code(), 1, "{colour}: {stderr}");
        assert!(
            stderr.contains("outcare.yaml:3:") && stderr.contains("error[invalid-config]"),
            "{colour}: on its line: {stderr}"
        );
        assert!(stderr.contains("is not a colour"), "{colour}: {stderr}");
        assert!(
            !plan.root().join("site").exists(),
            "{colour}: a site was written"
        );
    }
}

#[test]
fn files_outcare_would_skip_are_named_in_a_warning() {
    let post = "---\ntitle: Rye\ndate: 2026-03-05\nchannel: blog\npain_points: [knee-pain]\n---\n";
    let plan = healthy()
        .file("content/posts/rye.markdown", post)
        .file("content/posts/notes.txt", post)
        .file("content/posts/loud.MD", post)
        .file("content/posts/fancy.mdx", post)
        .file("content/loose.md", post)
        .file("content/post/typo.md", post)
        .file("content/pain_points/typo.md", post)
        .file("content/images/logo.png", "png");
    let run = plan.run(&["check", "--format", "json"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stdout());
    let flags: Vec<(String, String)> = run.json()["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "skipped-file")
        .map(|f| {
            assert_eq!(f["severity"], "warning");
            (
                f["file"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let message = |file: &str| {
        flags
            .iter()
            .find(|(f, _)| f == file)
            .map(|(_, m)| m.as_str())
            .unwrap_or_else(|| panic!("no skipped-file flag on {file}: {flags:#?}"))
    };
    assert!(message("content/posts/rye.markdown").contains("rename it to `rye.md`"));
    assert!(message("content/posts/notes.txt").contains("rename it to `notes.md`"));
    assert!(message("content/posts/loud.MD").contains("rename it to `loud.md`"));
    assert!(message("content/posts/fancy.mdx").contains("rename it to `fancy.md`"));
    assert!(message("content/loose.md").contains("content/posts/"));
    assert!(message("content/post").contains("did you mean `content/posts/`?"));
    assert!(message("content/pain_points").contains("did you mean `content/pain-points/`?"));
    assert!(!message("content/images").contains("did you mean"));
    assert_eq!(flags.len(), 8, "{flags:#?}");
    // The text output shows the rule id.
    let text = plan.run(&["check"]).stdout();
    assert!(
        text.contains("content/post: warning[skipped-file]"),
        "{text}"
    );
}

#[test]
fn one_plain_value_where_a_list_belongs_is_a_list_of_one() {
    let plan = TestPlan::new()
        .persona("baker", "blog")
        .pain_point("sourdough-fails", "baker")
        .post(
            "rye",
            "title: Rye\ndate: 2026-03-09\nchannel: blog\npain_points: sourdough-fails\npersonas: baker",
        );
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stdout());
    assert!(
        run.stdout().contains("no problems found"),
        "{}",
        run.stdout()
    );
    // The one item is still checked, at its own place.
    let plan = plan.post(
        "wheat",
        "title: Wheat\ndate: 2026-03-03\nchannel: blog\npain_points: sourdough-fail",
    );
    let stdout = fails_at(&plan, "content/posts/wheat.md", Some(5));
    assert!(
        stdout.contains("content/posts/wheat.md:5:14: error[unknown-reference]"),
        "{stdout}"
    );
}

#[test]
fn examples_in_messages_come_from_the_plan_not_a_fixed_one() {
    let plan = TestPlan::new()
        .persona("bread-lover", "[instagram]")
        .pain_point("stale-bread", "[bread-lover]")
        .entry("pain-points", "sourdough-fails", "priority: high", "")
        .post(
            "rye-guide",
            "date: 2026-03-02\nchannel: instagram\npain_points: [stale-bread]",
        )
        .post(
            "crust",
            "title: Crust: the basics\ndate: 2026-03-02\nchannel: instagram",
        )
        .config("channels:\n  instagram: {name: Instagram}\n");
    let run = plan.run(&["check"]);
    run.no_panic();
    let stdout = run.stdout();
    for fixed in ["knee", "weekend-runner", "Five stretches", "Locks"] {
        assert!(!stdout.contains(fixed), "`{fixed}` in:\n{stdout}");
    }
    assert!(stdout.contains("`title: Sourdough fails`"), "{stdout}");
    assert!(stdout.contains("`personas: [bread-lover]`"), "{stdout}");
    assert!(stdout.contains("`title: Rye guide`"), "{stdout}");
    assert!(
        stdout.contains("`title: \"Crust: the basics\"`"),
        "{stdout}"
    );
}

#[test]
fn a_persona_with_a_bad_channels_key_gets_no_follow_on_flags() {
    let plan = TestPlan::new()
        .persona("baker", "blog, instagram")
        .pain_point("sourdough-fails", "[baker]")
        .post(
            "rye",
            "title: Rye\ndate: 2026-03-10\nchannel: blog\npain_points: [sourdough-fails]",
        )
        .post(
            "wheat",
            "title: Wheat\ndate: 2026-03-16\nchannel: instagram\npain_points: [sourdough-fails]",
        );
    let run = plan.run(&["check", "--format", "json"]);
    run.no_panic();
    let rules: Vec<&str> = run.json()["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string().leak() as &str)
        .collect();
    assert_eq!(rules, ["invalid-front-matter"], "{}", run.stdout());
}

#[test]
fn a_broken_outcare_yaml_is_reported_with_the_rest() {
    let plan = healthy()
        .config("title: Plan\nchannels:\n  blog: {name: Blog\n")
        .post(
            "x",
            "title: x\ndate: 2026-02-30\nchannel: blog\npain_points: [knee-pain]",
        );
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    let stdout = run.stdout();
    assert!(stdout.contains("outcare.yaml:4:"), "{stdout}");
    assert!(stdout.contains("content/posts/x.md:3:"), "{stdout}");
    assert_no_relative_position(
        stdout
            .lines()
            .find(|l| l.starts_with("outcare.yaml:"))
            .unwrap(),
    );
    let plan = healthy().file("outcare.yaml", b"title: caf\xe9\n".as_slice());
    let run = plan.run(&["check"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    assert!(run.stdout().contains("outcare.yaml:1:"), "{}", run.stdout());
}

#[test]

fn a_key_named_inside_a_quoted_value_does_not_move_the_flag() {
    let plan = healthy().post(
        "live",
        "title: \"Ask us anything, channel: Instagram live\"\ndate: 2026-03-05\nchannel: tiktok\npain_points: [knee-pain]",
    );
    let flags = json_flags(&plan);
    let flag = flags
        .iter()
        .find(|f| f["rule"] == "wrong-channel")
        .expect("a wrong-channel flag");
    assert_eq!(flag["line"], 4, "{flag:#}");
    // An unknown key named in a quoted title is reported at its own line too.
    let plan = healthy().post("sale", "title: \"Sale, mood: great\"\ndate: 2026-03-05\nchannel: blog\npain_points: [knee-pain]\nmood: sunny");
    let flag = only_flag(&plan, "content/posts/sale.md");
    assert_eq!(flag["line"], 6, "{flag:#}");
}

#[test]

fn an_unknown_reference_does_not_also_claim_the_key_is_empty() {
    let plan = healthy().post(
        "typo",
        "title: Typo\ndate: 2026-03-05\nchannel: blog\npain_points: [knee-pian]",
    );
    for flag in json_flags(&plan)
        .iter()
        .filter(|f| f["file"] == "content/posts/typo.md")
    {
        assert!(!message(flag).contains("names no pain point"), "{flag:#}");
    }
}

#[test]

fn a_mistyped_year_does_not_flood_the_output() {
    let plan = healthy()
        .config("channels:\n  blog: {name: Blog, per_week: [1, 3]}\n  instagram: {}\n")
        .post("typo", "title: Typo\ndate: 0026-03-05\nchannel: blog\npain_points: [knee-pain]\nstatus: published");
    let flags = json_flags(&plan);
    assert!(flags.len() < 100, "{} flags", flags.len());
}

#[test]
fn the_text_output_survives_odd_lines() {
    // The flagged line has tabs, wide characters, a joiner and a comment with an emoji.
    let plan = healthy().post(
        "x",
        "title: Läufer\ndate: 2026-03-05\nchannel: blog\npersonas:\t[runner,\t走者]\t# 🏃\u{200d}♀️\npain_points: [knee-pain]",
    );
    let stdout = fails_at(&plan, "content/posts/x.md", Some(5));
    assert!(
        stdout.contains(": error[unknown-reference]: there is no persona `走者`"),
        "{stdout}"
    );
    assert!(stdout.contains("5 | personas:"), "shows the line: {stdout}");
}

#[test]
fn a_bad_quiet_period_points_at_its_line() {
    let plan = healthy().config(
        "title: Plan\nquiet:\n  - from: 2026-12-21\n    to: 2027-01-03\n    name: Holidays\n  - from: 2026-08-01\n    to: 2026-07-14\n    name: Summer\n",
    );
    let stdout = fails_at(&plan, "outcare.yaml", Some(7));
    assert!(stdout.contains("error[invalid-config]"), "{stdout}");
    assert!(stdout.contains("swap `from` and `to`"), "{stdout}");
    let plan = healthy().config("quiet:\n  - {from: 2026-02-30, to: 2026-03-02, name: Break}\n");
    let stdout = fails_at(&plan, "outcare.yaml", Some(2));
    assert!(stdout.contains("February 2026 has 28 days"), "{stdout}");
    let plan = healthy().config("quiet:\n  - from: 2026-03-01\n    to: 2026-03-02\n");
    let stdout = fails_at(&plan, "outcare.yaml", Some(2));
    assert!(stdout.contains("`name` is missing"), "{stdout}");
    let plan = healthy().config("quiet: 2026-03-01\n");
    let stdout = fails_at(&plan, "outcare.yaml", Some(1));
    assert!(stdout.contains("`quiet` must be a list"), "{stdout}");
}

#[test]
fn a_bad_due_date_points_at_its_line() {
    let plan = healthy().post("x", &format!("{POST}\ndue: 2026-02-30"));
    let stdout = fails_at(&plan, "content/posts/x.md", Some(6));
    assert!(stdout.contains("February 2026 has 28 days"), "{stdout}");
    let plan = healthy().post("x", &format!("{POST}\ndue: 2026-03-16"));
    let stdout = fails_at(&plan, "content/posts/x.md", Some(6));
    assert!(
        stdout.contains("`due: 2026-03-16` is after the post goes out on 2026-03-12"),
        "{stdout}"
    );
    let plan = healthy().post("x", &format!("{POST}\nstatus: published\nreview_every: 0"));
    fails_at(&plan, "content/posts/x.md", Some(7));
}

#[test]
fn a_bad_series_points_at_its_line() {
    let cases = [
        (
            format!("{POST}\nrepeat: weekly"),
            6,
            "`repeat: weekly` needs `until:`",
        ),
        (
            format!("{POST}\nrepeat: daily\nuntil: 2026-04-01"),
            6,
            "unknown repeat `daily`",
        ),
        (
            format!("{POST}\nrepeat: weekly\nuntil: 2026-03-01"),
            7,
            "`until: 2026-03-01` is before the post's first date, 2026-03-12",
        ),
        (
            format!("{POST}\nuntil: 2026-04-01"),
            6,
            "`until: 2026-04-01` ends a series, but the post has no `repeat:`",
        ),
        (
            format!("{POST}\nrepeat: weekly\nuntil: 2040-01-01"),
            7,
            "more than 520 dates",
        ),
        (
            "title: Knees\nstatus: idea\nchannel: blog\nrepeat: monthly\nuntil: 2026-06-01"
                .to_string(),
            5,
            "`repeat: monthly` needs a `date:` to start from",
        ),
    ];
    for (front_matter, line, expected) in cases {
        let plan = healthy().post("x", &front_matter);
        let stdout = fails_at(&plan, "content/posts/x.md", Some(line));
        assert!(stdout.contains(expected), "{front_matter}: {stdout}");
    }
}

#[test]
fn a_channel_key_in_capitals_is_a_warning_and_lowercase_names_still_resolve() {
    let plan = healthy()
        .config("channels:\n  blog: {name: Blog}\n  instagram: {name: Instagram}\n  TikTok: {color: \"#000000\"}\n")
        .persona("teen", "[tiktok]")
        .pain_point("boredom", "[teen]")
        .post(
            "dance",
            "title: Dance\ndate: 2026-03-10\nchannel: tiktok\npain_points: [boredom]",
        );
    let run = plan.run(&["check"]);
    run.no_panic();
    let stdout = run.stdout();
    assert_eq!(run.code(), 0, "a warning, not an error:\n{stdout}");
    assert!(
        stdout.contains("outcare.yaml:4:3: warning[invalid-config]"),
        "{stdout}"
    );
    assert!(stdout.contains("4 |   TikTok: {color"), "{stdout}");
    assert!(
        stdout.contains("  ^^^^^^"),
        "a caret under the key:\n{stdout}"
    );
    let flags = json_flags(&plan);
    assert_eq!(flags.len(), 1, "only the key's warning: {flags:#?}");
    assert_eq!(flags[0]["rule"], "invalid-config");
    assert_eq!(flags[0]["severity"], "warning");
    assert_eq!(flags[0]["line"], 4);
    assert!(
        message(&flags[0]).contains("write `tiktok:` and put `TikTok` in `name:`"),
        "{}",
        message(&flags[0])
    );
}

#[test]
fn a_lowercase_channel_key_gets_no_warning() {
    let plan = healthy()
        .config("channels:\n  blog: {name: Blog}\n  instagram: {name: Instagram}\n  tiktok: {name: TikTok}\n")
        .persona("teen", "[tiktok]")
        .pain_point("boredom", "[teen]")
        .post(
            "dance",
            "title: Dance\ndate: 2026-03-10\nchannel: tiktok\npain_points: [boredom]",
        );
    assert_eq!(json_flags(&plan), Vec::<serde_json::Value>::new());
}

#[test]
fn tags_are_free_labels_not_a_misspelt_stage() {
    // `tags:` was an unknown key: "did you mean `stage`?" (issue 17, item 6).
    for tags in [
        "tags: [events, Story time, 2026]",
        "tags: events",
        "tags:\n  - events\n  - kids",
        "tags: []",
        "tags: [events, Events]",
    ] {
        let plan = healthy().post("x", &format!("{POST}\n{tags}"));
        let run = plan.run(&["check"]);
        run.no_panic();
        assert_eq!(run.code(), 0, "{tags}:\n{}", run.stdout());
        assert!(
            !run.stdout().contains("content/posts/x.md"),
            "{tags}:\n{}",
            run.stdout()
        );
    }
}

#[test]
fn a_bad_tag_is_a_warning_that_points_at_it_and_says_what_to_write() {
    for (tags, line, says) in [
        (
            "tags: {events: yes}",
            6,
            "`tags` must be a list, but it is a set of `key: value` pairs: write it like `tags: [events, yes]`",
        ),
        (
            "tags: [events, [kids, teens]]",
            6,
            "every item of `tags` must be a single name, but one is a list: write it like `tags: [kids, teens]`",
        ),
        (
            "tags: [events, \"\"]",
            6,
            "`tags` has an empty item: write it like `tags: [events]`",
        ),
        (
            "tags:\n  - events\n  -\n",
            6,
            "`tags` has an empty item: write it like `tags: [events]`",
        ),
        (
            "tags: events, kids",
            6,
            "`tags` must be a list, but it is text with commas, which YAML reads as one name: write it like `tags: [events, kids]`",
        ),
    ] {
        let plan = healthy().post("x", &format!("{POST}\n{tags}"));
        let flag = only_flag(&plan, "content/posts/x.md");
        assert_eq!(flag["severity"], "warning", "{tags}: {flag:#}");
        assert_eq!(flag["rule"], "invalid-front-matter", "{tags}: {flag:#}");
        assert_eq!(flag["line"], line, "{tags}: {flag:#}");
        assert_eq!(message(&flag), says, "{tags}");
        // A warning: the post is still checked and built, just without its tags.
        let run = plan.run(&["check"]);
        assert_eq!(run.code(), 0, "{tags}:\n{}", run.stdout());
        let text = run.stdout();
        let head = format!("content/posts/x.md:{line}:");
        assert!(
            text.lines()
                .any(|l| l.starts_with(&head) && l.contains(": warning[invalid-front-matter]: ")),
            "{tags}:\n{text}"
        );
        assert!(text.contains('^'), "a caret under the value:\n{text}");
    }
}

/// The message of the one error about `content/posts/x.md`, for a post whose
/// `date:` is `date`, in a plan whose `outcare.yaml` is `config` (none when empty).
fn date_message(config: &str, date: &str) -> String {
    let mut plan = healthy().post(
        "x",
        &format!("title: x\ndate: {date}\nchannel: blog\npain_points: [knee-pain]"),
    );
    if !config.is_empty() {
        plan = plan.config(config);
    }
    fails_at(&plan, "content/posts/x.md", Some(3));
    message(&only_flag(&plan, "content/posts/x.md")).to_string()
}

#[test]
fn a_time_in_a_zone_abbreviation_is_told_the_plans_zone() {
    // The zone as written in any case is the zone, named as IANA names it.
    let chicago = "timezone: america/chicago\n";
    for (date, example) in [
        ("2027-03-04 10:00 CST", "2027-03-04T10:00"),
        ("2027-03-04T10am", "2027-03-04T10:00"),
        ("2027-03-04 3pm", "2027-03-04T15:00"),
        ("2027-03-04T10:00 America/Chicago", "2027-03-04T10:00"),
    ] {
        let message = date_message(chicago, date);
        assert!(
            message.contains(&format!(
                "times are in America/Chicago, from outcare.yaml: write `{example}`"
            )),
            "{date}: {message}"
        );
        // The offset that zone has on that day, for whoever would rather keep one.
        assert!(message.contains(&format!("`{example}-06:00`")), "{message}");
    }
    // Without `timezone:`, the message says what the default is and how to set one.
    let message = date_message("", "2027-03-04 10:00 CST");
    assert!(
        message.contains("times are in UTC")
            && message.contains("outcare.yaml sets no `timezone:`")
            && message.contains("`2027-03-04T10:00`"),
        "{message}"
    );
    // A time that is one but cannot be is still told why.
    let message = date_message(chicago, "2027-03-04T25:00-06:00");
    assert!(message.contains("hours run 00–23"), "{message}");
    let message = date_message(chicago, "2027-03-04T10:00+25:00");
    assert!(message.contains("offset"), "{message}");
}

#[test]
fn a_date_written_month_first_or_day_first_is_given_both_readings() {
    let message = date_message("", "11/20/2026");
    assert!(
        message.contains("write dates as YYYY-MM-DD: `2026-11-20`"),
        "{message}"
    );
    let message = date_message("", "03/04/2026");
    assert!(
        message.contains("`2026-03-04`")
            && message.contains("`2026-04-03`")
            && message.contains("4 March 2026")
            && message.contains("3 April 2026"),
        "{message}"
    );
    let plan = healthy().entry("feedback", "f", "title: f\nreceived: 20.11.2026", "");
    fails_at(&plan, "content/feedback/f.md", Some(3));
    let flag = only_flag(&plan, "content/feedback/f.md");
    assert!(
        flag["message"].as_str().unwrap().contains("`2026-11-20`"),
        "{flag}"
    );
}

#[test]
fn an_abbreviation_or_a_city_as_the_time_zone_is_given_the_zones_it_may_mean() {
    for (written, meant) in [
        ("CST", "America/Chicago"),
        ("pst", "America/Los_Angeles"),
        ("AEST", "Australia/Sydney"),
        ("IST", "Asia/Kolkata"),
        ("Chicago", "America/Chicago"),
        ("new york", "America/New_York"),
        ("Europe/Pariss", "Europe/Paris"),
        // Known to the database, as Panama's clock: no summer time.
        ("EST", "America/New_York"),
    ] {
        let plan = healthy().config(&format!("timezone: {written}\n"));
        let run = plan.run(&["check", "--format", "json"]);
        run.no_panic();
        let flags = run.json()["flags"].as_array().unwrap().clone();
        let flag = flags
            .iter()
            .find(|f| f["rule"] == "invalid-config")
            .unwrap_or_else(|| panic!("{written}: no invalid-config flag: {flags:#?}"));
        let message = message(flag);
        assert!(
            message.contains(&format!("`timezone: {meant}`")),
            "{written}: {message}"
        );
        assert_eq!(flag["line"], 1, "{flag}");
    }
    // An abbreviation that several places use offers each of them.
    let plan = healthy().config("timezone: CST\n");
    let flags = json_flags(&plan);
    let flag = flags
        .iter()
        .find(|f| f["rule"] == "invalid-config")
        .unwrap();
    let message = message(flag);
    assert!(message.contains("Asia/Shanghai"), "{message}");
}
