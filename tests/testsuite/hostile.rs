//! Hostile plans, end to end: each ends with a clear error (naming the file,
//! and the line where there is one) or a correct result, within a bounded
//! time, and a build that fails leaves the previous site byte for byte.
//!
//! Some cases are covered elsewhere and not repeated here: `check` on
//! 100,000 `[` and on a large body (`bad_input.rs`), a symlink loop and
//! symlinks out of the plan (`bad_input.rs`), a history with corrupt loose
//! objects (`history.rs`). What is here adds the build and the site.
//!
//! Every run has a hang guard of a minute: generous, never a speed assertion.

use std::collections::BTreeMap;
use std::io::{BufReader, Read};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use outcare::diagnostic::Rule;
use outcare::load::{Cache, load_cached};

use crate::site::tree;
use crate::support::{Run, TODAY, TestPlan, copy_dir, git_command, healthy};

const HANG: Duration = Duration::from_secs(60);

/// `OUTCARE_HOSTILE_TEST=required` (set by `.ci/run`) turns a case that cannot
/// run here (no setpriv, prlimit or tmpfs) from a skip into a failure.
const HOSTILE_SWITCH: &str = "OUTCARE_HOSTILE_TEST";

fn outcare() -> &'static str {
    env!("CARGO_BIN_EXE_outcare")
}

/// Runs `program args` in `dir` with today fixed, killed if it is still
/// running after `HANG` (which fails the test).
fn bounded(dir: &Path, program: &str, args: &[&str]) -> Run {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("OUTCARE_TODAY", TODAY)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} {args:?} was still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run(Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    })
}

/// `outcare ARGS` in the plan's folder, bounded.
fn run(plan: &TestPlan, args: &[&str]) -> Run {
    bounded(plan.root(), outcare(), args)
}

type Snapshot = BTreeMap<String, Vec<u8>>;

/// Builds the plan into its `site/`, which must succeed, and returns what
/// the site holds.
fn built(plan: &TestPlan) -> Snapshot {
    let run = run(plan, &["build"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "the first build failed:\n{}", run.stderr());
    tree(&plan.root().join("site"))
}

/// Asserts that `run` failed cleanly (exit 1, no panic) with an error about
/// `file` (at `line`, when given), and that the site is as `before`.
/// Returns the error output.
fn failed_leaving_site(
    plan: &TestPlan,
    run: &Run,
    before: &Snapshot,
    file: &str,
    line: Option<u32>,
) -> String {
    run.no_panic();
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "exit 1:\n{stderr}");
    let head = match line {
        Some(line) => format!("{file}:{line}:"),
        None => format!("{file}:"),
    };
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&head) && l.contains(" error[")),
        "no error headed `{head}`:\n{}",
        cut(&stderr)
    );
    assert!(
        tree(&plan.root().join("site")) == *before,
        "the failed build changed the site"
    );
    stderr
}

/// The start of a long text, for a readable failure message.
fn cut(text: &str) -> &str {
    match text.char_indices().nth(4000) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

fn remove(plan: &TestPlan, path: &str) {
    std::fs::remove_file(plan.root().join(path)).unwrap();
}

// ------------------------------------------------------------------ YAML

#[test]
fn billion_laughs_are_refused_at_the_first_alias() {
    let plan = healthy();
    let before = built(&plan);
    // Nine levels of nine: 387,420,489 `lol`s if every alias were expanded.
    let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let previous = vec![format!("*a{}", level - 1); 9].join(", ");
        laughs += &format!("a{level}: &a{level} [{previous}]\n");
    }
    let plan = plan.file(
        "content/posts/laughs.md",
        format!(
            "---\ntitle: Laughs\ndate: 2026-03-05\nchannel: blog\n{laughs}pain_points: *a9\n---\n"
        ),
    );
    let stderr = failed_leaving_site(
        &plan,
        &run(&plan, &["build"]),
        &before,
        "content/posts/laughs.md",
        Some(6),
    );
    assert!(stderr.contains("error[invalid-front-matter]"), "{stderr}");
    assert!(
        stderr.contains("write the values out instead of repeating them through aliases"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("repetition limit"),
        "serde_yaml's words: {stderr}"
    );

    // The same in outcare.yaml.
    remove(&plan, "content/posts/laughs.md");
    let plan = plan.config(&format!("title: Plan\n{laughs}rules: *a9\n"));
    let stderr = failed_leaving_site(
        &plan,
        &run(&plan, &["build"]),
        &before,
        "outcare.yaml",
        Some(3),
    );
    assert!(stderr.contains("error[invalid-config]"), "{stderr}");
}

#[test]
fn a_hundred_thousand_brackets_fail_the_build_and_leave_the_site() {
    let plan = healthy();
    let before = built(&plan);
    let plan = plan.file(
        "content/posts/deep.md",
        format!("---\n{}\n---\n", "[".repeat(100_000)),
    );
    failed_leaving_site(
        &plan,
        &run(&plan, &["build"]),
        &before,
        "content/posts/deep.md",
        Some(2),
    );
}

// ------------------------------------------------------------------ size

#[test]
fn a_fifty_megabyte_file_is_refused_unread() {
    let plan = healthy();
    let before = built(&plan);
    let mut huge = b"---\ntitle: Huge\ndate: 2026-03-05\nchannel: blog\n---\n".to_vec();
    huge.resize(50 * 1024 * 1024, b'x');
    let plan = plan.file("content/posts/huge.md", &huge);
    let stderr = failed_leaving_site(
        &plan,
        &run(&plan, &["build"]),
        &before,
        "content/posts/huge.md",
        None,
    );
    assert!(stderr.contains("the file is 50.0 MiB"), "{stderr}");
    assert!(stderr.len() < 10_000, "the file's text was shown");

    // The same as outcare.yaml.
    remove(&plan, "content/posts/huge.md");
    let plan = plan.file("outcare.yaml", &huge);
    let stderr = failed_leaving_site(
        &plan,
        &run(&plan, &["build"]),
        &before,
        "outcare.yaml",
        None,
    );
    assert!(stderr.contains("the file is 50.0 MiB"), "{stderr}");

    // A large file that is no entry is named and skipped, and the build goes on.
    remove(&plan, "outcare.yaml");
    let plan = plan.file("content/posts/launch-video.mp4", &huge);
    let run = run(&plan, &["build"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("content/posts/launch-video.mp4: warning[skipped-file]"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_hundred_thousand_tiny_files_are_all_read() {
    let plan = healthy();
    let before = built(&plan);
    let many = plan.root().join("content/posts/many");
    std::fs::create_dir_all(&many).unwrap();
    for n in 0..100_000 {
        std::fs::write(
            many.join(format!("p{n}.md")),
            format!(
                "---\ntitle: P{n}\nstatus: idea\nchannel: blog\npain_points: [knee-pain]\n---\n"
            ),
        )
        .unwrap();
    }
    // Last in the walk's order: the error proves the walk got to the end.
    let plan = plan.file("content/posts/many/zz-broken.md", "---\ntitle: [\n---\n");
    let run = run(&plan, &["build"]);
    let stderr = failed_leaving_site(
        &plan,
        &run,
        &before,
        "content/posts/many/zz-broken.md",
        None,
    );
    let errors = stderr.lines().filter(|l| l.contains(" error[")).count();
    assert_eq!(errors, 1, "{}", cut(&stderr));
}

#[test]
fn very_long_lines_build_and_an_error_on_one_stays_readable() {
    // A 60 KB title (the front matter may hold 64 KiB) and a 900 KB body (an entry may be 1 MiB), each on one line.
    let title = "Long ".repeat(12_000);
    let body = "word ".repeat(180_000);
    let plan = healthy().entry(
        "posts",
        "long",
        &format!(
            "title: {}\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]",
            title.trim()
        ),
        &body,
    );
    let before = built(&plan);
    let page = std::str::from_utf8(&before["posts/long/index.html"]).unwrap();
    assert!(page.contains(title.trim()), "the title is cut");
    assert!(page.contains(body.trim()), "the body is cut");

    // An error on a 60 KB line: named, shown cut to its ends, and the site left alone.
    let names = "x".repeat(60_000);
    let plan = plan.post(
        "wide",
        &format!("title: Wide\ndate: 2026-03-10\nchannel: blog\npersonas: [runner, {names}]"),
    );
    let stderr = failed_leaving_site(
        &plan,
        &run(&plan, &["build"]),
        &before,
        "content/posts/wide.md",
        Some(5),
    );
    assert!(
        stderr.contains("error[unknown-reference]"),
        "{}",
        cut(&stderr)
    );
}

// ------------------------------------------------------------------ series

/// A weekly series from Monday 2 March 2026 to `until`.
fn series(n: usize, until: &str) -> String {
    format!(
        "title: Weekly tip {n}\ndate: 2026-03-02\nrepeat: weekly\nuntil: {until}\nchannel: blog\npain_points: [knee-pain]\nowner: Ann\ncampaign: Tips"
    )
}

/// The last of the most dates a series may have (520) from 2 March 2026.
const LAST_OF_520: &str = "2036-02-11";

#[test]
fn a_page_holds_the_days_it_shows_not_every_date_of_a_series() {
    // A series of 96 dates, up to 27 December 2027, and templates that print
    // each page's whole context: what a page is made from, whether or not the
    // built-in templates show all of it.
    let mut plan = healthy().post("weekly-tip", &series(0, "2027-12-27"));
    for template in [
        "month.html",
        "agenda.html",
        "week.html",
        "pain_point.html",
        "campaign.html",
        "owner.html",
        "post.html",
    ] {
        plan = plan.file(&format!("templates/{template}"), "{{ __tera_context }}");
    }
    let site = built(&plan);
    let page = |path: &str| -> &str {
        std::str::from_utf8(site.get(path).unwrap_or_else(|| panic!("no {path}"))).unwrap()
    };
    // March 2026 holds five of the series' dates; no page of it, nor a page
    // that lists the post once, holds the dates of the years after. (The
    // overview's chart spans the plan: one bar a week, not a date a card.)
    for path in [
        "calendar/2026-03/index.html",
        "list/2026-03/index.html",
        "weeks/2026-W10/index.html",
        "pain-points/knee-pain/index.html",
        "campaigns/tips/index.html",
        "owners/ann/index.html",
    ] {
        let context = page(path);
        assert!(context.contains("2026-03-02"), "{path} lost the first date");
        assert!(
            !context.contains("2027-"),
            "{path} holds the whole series ({} bytes)",
            context.len()
        );
    }
    let month = page("calendar/2026-03/index.html");
    for day in ["2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"] {
        assert!(month.contains(day), "the month page lost {day}");
    }
    // The post's own page is the one that lists every date.
    assert!(page("posts/weekly-tip/index.html").contains("2027-12-27"));
}

#[test]
fn ten_series_of_five_hundred_and_twenty_dates_build() {
    let mut plan = healthy();
    for n in 0..10 {
        plan = plan.post(&format!("weekly-tip-{n}"), &series(n, LAST_OF_520));
    }
    let site = built(&plan);
    let month = std::str::from_utf8(&site["calendar/2030-06/index.html"]).unwrap();
    for n in 0..10 {
        assert_eq!(
            month.matches(&format!("Weekly tip {n}<")).count(),
            4,
            "June 2030 shows series {n} on each of its 4 Mondays"
        );
    }
    let calendar = String::from_utf8(site["calendar.ics"].clone()).unwrap();
    assert_eq!(calendar.matches("BEGIN:VEVENT").count(), 1 + 10 * 520);
}

// ------------------------------------------------------------------ many names

#[test]
fn forty_thousand_channels_are_read_with_their_lines() {
    let mut yaml = String::from(
        "title: Many channels\nchannels:\n  blog: {name: Blog}\n  instagram: {name: Instagram}\n",
    );
    for n in 0..40_000 {
        yaml.push_str(&format!("  c{n}: {{name: C{n}}}\n"));
    }
    // The last channel's colour is wrong: the flag must still find its line.
    yaml.push_str("  last:\n    name: Last\n    color: blue\n");
    let plan = healthy().config(&yaml);
    let run = run(&plan, &["check", "--format", "json"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", cut(&run.stderr()));
    let flags = run.json()["flags"].as_array().unwrap().clone();
    let errors: Vec<_> = flags.iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], "outcare.yaml");
    assert_eq!(errors[0]["line"], 40_007, "{:?}", errors[0]);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("`color: blue`"),
        "{:?}",
        errors[0]
    );
}

#[test]
fn a_hundred_unknown_channels_among_four_thousand_get_short_messages() {
    let mut yaml = String::from("channels:\n  blog: {}\n  instagram: {}\n");
    // Each message once listed every channel: its length grew with the
    // channels and the output with unknown names times channels.
    for n in 0..4_000 {
        yaml.push_str(&format!("  c{n}: {{}}\n"));
    }
    let unknown: Vec<String> = (0..100).map(|n| format!("x{n}")).collect();
    let plan = healthy().config(&yaml).entry(
        "personas",
        "reader",
        &format!("name: Reader\nchannels: [{}]", unknown.join(", ")),
        "",
    );
    let run = run(&plan, &["check", "--format", "json"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", cut(&run.stderr()));
    let flags = run.json()["flags"].as_array().unwrap().clone();
    assert_eq!(flags.len(), 100, "{}", cut(&run.stdout()));
    for flag in &flags {
        let message = flag["message"].as_str().unwrap();
        // Each names its channel and a few of the plan's, not all 4,002.
        assert!(message.len() < 1_000, "{}", cut(message));
        assert!(message.contains("`blog`, `c0`"), "{message}");
        assert!(message.ends_with(" and 3992 more"), "{message}");
    }
}

#[test]
fn posts_naming_sixty_kilobyte_pain_points_get_no_suggestion() {
    let mut plan = healthy();
    for n in 0..200 {
        plan = plan.pain_point(&format!("a-need-of-runners-{n}"), "[runner]");
    }
    for n in 0..41 {
        let name = "a".repeat(60_000 + n);
        plan = plan.post(
            &format!("wide-{n}"),
            &format!("title: Wide {n}\ndate: 2026-03-10\nchannel: blog\npain_points: [{name}]"),
        );
    }
    let run = run(&plan, &["check", "--format", "json"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", cut(&run.stderr()));
    let flags = run.json()["flags"].as_array().unwrap().clone();
    let unknown: Vec<_> = flags
        .iter()
        .filter(|f| f["rule"] == "unknown-reference")
        .collect();
    assert_eq!(unknown.len(), 41, "{}", cut(&run.stdout()));
    for flag in unknown {
        assert_eq!(flag["line"], 5, "{}", cut(&flag.to_string()));
        assert!(
            !flag["message"].as_str().unwrap().contains("did you mean"),
            "{}",
            cut(&flag.to_string())
        );
    }
}

#[test]
fn lists_of_thousands_of_escaped_names_are_read() {
    // `"\x62\x6c\x6f\x67"` is `blog`, but not as written: each such item
    // is looked for in the rest of its list in vain.
    let blog = r#""\x62\x6c\x6f\x67""#;
    let channels = vec![blog; 3_000].join(", ");
    let mut plan = healthy().config("channels:\n  blog: {name: Blog}\n  instagram: {}\n");
    for n in 0..24 {
        plan = plan.entry(
            "personas",
            &format!("reader-{n}"),
            &format!("name: Reader {n}\nchannels: [{channels}, tiktok]"),
            "",
        );
    }
    let run = run(&plan, &["check", "--format", "json"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", cut(&run.stderr()));
    let flags = run.json()["flags"].as_array().unwrap().clone();
    let errors: Vec<_> = flags.iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(errors.len(), 24, "{}", cut(&run.stdout()));
    for flag in errors {
        assert_eq!(flag["rule"], "unknown-reference");
        assert_eq!(flag["line"], 3, "{flag}");
        assert!(flag["message"].as_str().unwrap().contains("`tiktok`"));
    }
}

// ------------------------------------------------------------------ text

/// An iCalendar file's logical lines: CRLF line ends, folded lines
/// (a line end then a space or tab) joined.
fn ics_lines(text: &str) -> Vec<String> {
    assert!(text.ends_with("\r\n"), "calendar.ics does not end in CRLF");
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    unfolded
        .trim_end_matches("\r\n")
        .split("\r\n")
        .map(str::to_string)
        .collect()
}

/// The properties `render/ics.rs` writes; any other was injected.
const ICS_PROPERTIES: [&str; 16] = [
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "X-WR-CALNAME",
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "DURATION",
    "SUMMARY",
    "DESCRIPTION",
    "URL",
    "CATEGORIES",
    "STATUS",
];

/// Asserts that calendar.ics parses, that every logical line is a known
/// property, and that each event has one DTSTART. Returns the events'
/// SUMMARY values.
pub fn check_ics(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("calendar.ics is UTF-8");
    for line in ics_lines(text) {
        assert!(
            !line.contains('\r') && !line.contains('\n'),
            "a bare line end in {line:?}"
        );
        let name_end = line
            .find([';', ':'])
            .unwrap_or_else(|| panic!("not a property line: {line:?}"));
        let name = &line[..name_end];
        assert!(
            ICS_PROPERTIES.contains(&name),
            "unexpected property {name:?} in {line:?}"
        );
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "a control character in {line:?}"
        );
    }
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(bytes))
        .collect::<Result<_, _>>()
        .expect("calendar.ics parses");
    assert_eq!(calendars.len(), 1, "one VCALENDAR");
    let mut summaries = Vec::new();
    for event in &calendars[0].events {
        let starts = event
            .properties
            .iter()
            .filter(|p| p.name == "DTSTART")
            .count();
        assert_eq!(starts, 1, "an event with {starts} DTSTARTs: {event:?}");
        summaries.extend(
            event
                .properties
                .iter()
                .filter(|p| p.name == "SUMMARY")
                .filter_map(|p| p.value.clone()),
        );
    }
    summaries
}

#[test]
fn a_line_break_in_a_title_injects_no_calendar_property() {
    let injection =
        r"\r\nDTSTART:19700101\r\nATTACH:https://evil.example/x\nEND:VEVENT\rX-INJECTED:1";
    let plan = healthy()
        .config(&format!(
            "title: \"Plan{injection}\"\nchannels:\n  blog: {{name: \"Blog{injection}\"}}\n  instagram: {{}}\n"
        ))
        .post(
            "inject",
            &format!(
                "title: \"Stretches{injection}\"\ndate: 2026-03-04T09:30\nchannel: blog\npain_points: [knee-pain]\nowner: \"Ann{injection}\"\ncampaign: \"Spring{injection}\""
            ),
        );
    let before = built(&plan);
    let summaries = check_ics(&before["calendar.ics"]);
    assert_eq!(summaries.len(), 2, "{summaries:#?}");
    assert!(
        summaries
            .iter()
            .any(|s| s.contains("Stretches") && s.contains("DTSTART:19700101")),
        "the title is kept as text: {summaries:#?}"
    );
    let ics = String::from_utf8(before["calendar.ics"].clone()).unwrap();
    assert!(!ics.contains("19700101T") && !ics.contains("\r\nDTSTART:19700101"));
    // plan.json keeps the title as it was written.
    let json: serde_json::Value = serde_json::from_slice(&before["plan.json"]).unwrap();
    let titles: Vec<&str> = json["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["title"].as_str())
        .collect();
    assert!(titles.contains(&"Stretches\r\nDTSTART:19700101\r\nATTACH:https://evil.example/x\nEND:VEVENT\rX-INJECTED:1"), "{titles:?}");
}

#[test]
fn control_characters_and_direction_marks_in_titles() {
    // Escapes in double quotes: YAML itself refuses raw control characters.
    let title = r"\e[2J\e]0;pwned\aBell\0 \u202Etxt.exe\u200F \u2067open";
    let plan = healthy().post(
        "odd",
        &format!(
            "title: \"{title}\"\ndate: 2026-03-04\nchannel: blog\npain_points: [knee-pain]\nowner: \"\\x7fOwner\\u0085\\u202E\\uFDD0\\uFFFE\""
        ),
    );
    let site = built(&plan);
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        if let Some(c) = html
            .chars()
            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            panic!("{path}: control character {c:?}");
        }
        let noncharacter = |c: char| {
            let n = c as u32;
            (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
        };
        if let Some(c) = html.chars().find(|&c| noncharacter(c)) {
            panic!("{path}: noncharacter {c:?}");
        }
        // Every override and isolate a value opens is closed before the page goes on.
        let count = |c: char| html.matches(c).count();
        assert_eq!(count('\u{202E}'), count('\u{202C}'), "{path}: open RLO");
        assert_eq!(count('\u{2067}'), count('\u{2069}'), "{path}: open RLI");
    }
    let post = std::str::from_utf8(&site["posts/odd/index.html"]).unwrap();
    assert!(
        post.contains("[2J]0;pwnedBell \u{202E}txt.exe\u{200F} \u{2067}open\u{2069}\u{202C}"),
        "the title, less its control characters: {post}"
    );
    check_ics(&site["calendar.ics"]);
    let json: serde_json::Value = serde_json::from_slice(&site["plan.json"]).unwrap();
    assert!(
        json["posts"].as_array().unwrap().iter().any(|p| p["title"]
            == "\u{1b}[2J\u{1b}]0;pwned\u{7}Bell\u{0} \u{202E}txt.exe\u{200F} \u{2067}open"),
        "plan.json keeps the data as written"
    );

    // Terminal output: a raw escape in a file, one in a quoted name and one in
    // a file's name are shown as pictures, never sent to the terminal.
    let acts_on_terminal = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    let plan = healthy()
        .file(
            "content/posts/raw.md",
            "---\ntitle: \u{1b}]0;pwned\u{7}\u{1b}[2J\ndate: 2026-03-05\nchannel: blog\n---\n",
        )
        .post(
            "named",
            "title: Named\ndate: 2026-03-06\nchannel: blog\npersonas: [\"\\e[31mred\\u202E\\u009B2J\"]",
        );
    #[cfg(unix)]
    let plan = plan.file(
        "content/posts/x\u{1b}[2Jy\u{202E}.md",
        "---\ntitle: Odd name\ndate: 2026-03-07\nchannel: blog\n---\n",
    );
    for format in ["text", "github"] {
        let run = run(&plan, &["check", "--format", format]);
        run.no_panic();
        assert_eq!(run.code(), 1);
        let stdout = run.stdout();
        assert!(!stdout.contains(acts_on_terminal), "{format}: {stdout:?}");
        assert!(stdout.contains("content/posts/raw.md"), "{stdout}");
        assert!(stdout.contains("\u{241b}[31mred"), "{format}: {stdout}");
        #[cfg(unix)]
        assert!(
            stdout.contains("content/posts/x\u{241b}[2Jy\u{FFFD}.md"),
            "{format}: {stdout}"
        );
    }
    // JSON escapes them instead: the bytes are safe, the data as written.
    let checked = run(&plan, &["check", "--format", "json"]);
    checked.no_panic();
    let stdout = checked.stdout();
    assert!(!stdout.contains(acts_on_terminal), "json: {stdout:?}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        json["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["message"]
                .as_str()
                .unwrap()
                .contains("\u{1b}[31mred\u{202E}\u{9b}2J")),
        "json: {stdout}"
    );
    // An error that is no flag, showing a line of a template.
    remove(&plan, "content/posts/raw.md");
    remove(&plan, "content/posts/named.md");
    #[cfg(unix)]
    remove(&plan, "content/posts/x\u{1b}[2Jy\u{202E}.md");
    let plan = plan.file(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block main %}{{ \u{1b}]0;pwned\u{7}\u{1b}[2J \u{202E} }}{% endblock main %}",
    );
    let built = run(&plan, &["build"]);
    built.no_panic();
    assert_eq!(built.code(), 1, "{}", built.stderr());
    let stderr = built.stderr();
    assert!(stderr.contains("post.html"), "{stderr}");
    assert!(!stderr.contains(acts_on_terminal), "build: {stderr:?}");
    assert!(stderr.contains("\u{241b}[2J"), "build: {stderr}");
}

// ------------------------------------------------------------------ names

#[test]
fn folders_and_roots_with_spaces_and_non_ascii_names() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("Plän 2026 — copy (1)");
    copy_dir(healthy().root(), &root);
    std::fs::create_dir_all(root.join("content/posts/März 2026/läufe am see")).unwrap();
    std::fs::write(
        root.join("content/posts/März 2026/läufe am see/lauf-tipps.md"),
        "---\ntitle: Lauf-Tipps\ndate: 2026-03-06\nchannel: blog\npain_points: [knee-pain]\n---\n",
    )
    .unwrap();
    let run = bounded(&root, outcare(), &["build"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = std::fs::read_to_string(root.join("site/posts/lauf-tipps/index.html")).unwrap();
    assert!(page.contains("Lauf-Tipps"));
    let before = tree(&root.join("site"));

    // A file name that is no slug is an error naming it, with a name to use.
    std::fs::write(
        root.join("content/posts/März 2026/Über uns.md"),
        "---\ntitle: Über uns\ndate: 2026-03-07\nchannel: blog\npain_points: [knee-pain]\n---\n",
    )
    .unwrap();
    let run = bounded(&root, outcare(), &["build"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/posts/März 2026/Über uns.md: error[invalid-file]"),
        "{stderr}"
    );
    assert!(stderr.contains("rename it to `"), "{stderr}");
    assert!(tree(&root.join("site")) == before, "the site changed");
}

#[test]
fn a_post_that_responds_to_itself_through_feedback() {
    // The feedback shares the post's slug, and the post names it twice.
    let plan = healthy()
        .entry(
            "feedback",
            "stretches",
            "title: Stretching hurts\nreceived: 2026-02-01\npain_points: [knee-pain]\nstatus: acted",
            "",
        )
        .post(
            "stretches",
            "title: Stretches\ndate: 2026-03-02\nchannel: blog\npain_points: [knee-pain]\nresponds_to: [stretches, stretches]",
        );
    let before = built(&plan);
    let feedback = std::str::from_utf8(&before["feedback/index.html"]).unwrap();
    assert!(feedback.contains("Stretching hurts"), "{feedback}");
    assert!(
        feedback.contains("posts/stretches/index.html"),
        "the feedback links its reply: {feedback}"
    );
    let json: serde_json::Value = serde_json::from_slice(&before["plan.json"]).unwrap();
    assert!(json.is_object());

    // A post that names itself where feedback belongs: an unknown reference.
    let plan = plan.post(
        "loop",
        "title: Loop\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nresponds_to: [loop]",
    );
    let stderr = failed_leaving_site(
        &plan,
        &run(&plan, &["build"]),
        &before,
        "content/posts/loop.md",
        Some(6),
    );
    assert!(stderr.contains("error[unknown-reference]"), "{stderr}");
}

// ------------------------------------------------------------------ the file system

#[cfg(unix)]
#[test]
fn content_as_a_symlink() {
    // To a folder inside the plan: followed.
    let plan = healthy();
    let root = plan.root();
    std::fs::create_dir_all(root.join("plans/2026")).unwrap();
    std::fs::rename(root.join("content"), root.join("plans/2026/content")).unwrap();
    std::os::unix::fs::symlink("plans/2026/content", root.join("content")).unwrap();
    let before = built(&plan);
    assert!(before.contains_key("posts/stretches/index.html"));

    // To a folder outside the plan: refused, like every symlink out of it.
    let outside = tempfile::tempdir().unwrap();
    copy_dir(&root.join("plans/2026/content"), outside.path());
    std::fs::remove_file(root.join("content")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("content")).unwrap();
    let run = run(&plan, &["build"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("outside the plan"),
        "{}",
        run.stderr()
    );
    assert!(tree(&root.join("site")) == before, "the site changed");
    let check = bounded(root, outcare(), &["check"]);
    assert_eq!(check.code(), 1);
    assert!(
        check.stderr().contains("content is a symlink to"),
        "{}",
        check.stderr()
    );

    // To nothing.
    std::fs::remove_file(root.join("content")).unwrap();
    std::os::unix::fs::symlink("plans/2027/content", root.join("content")).unwrap();
    let run = bounded(root, outcare(), &["build"]);
    run.no_panic();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("is a symlink to plans/2027/content, which does not exist"),
        "{}",
        run.stderr()
    );
    assert!(tree(&root.join("site")) == before, "the site changed");
}

/// Asserts that `run` was refused (exit 1, no panic) with an error naming
/// `file` and saying where it leads, that the site is as `before`, and that
/// `secret` reached neither the output nor the site.
fn refused_leaving_site(plan: &TestPlan, run: &Run, before: &Snapshot, file: &str, secret: &str) {
    run.no_panic();
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "exit 1:\n{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains(file) && l.contains("outside the plan")),
        "no error names {file} as leading outside the plan:\n{stderr}"
    );
    assert!(!stderr.contains(secret), "the secret was shown:\n{stderr}");
    let site = tree(&plan.root().join("site"));
    assert!(site == *before, "the refused build changed the site");
    for (path, bytes) in &site {
        assert!(
            !String::from_utf8_lossy(bytes).contains(secret),
            "{path} holds the secret"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_template_or_asset_symlinked_out_of_the_plan_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.txt"), "my private notes").unwrap();
    let plan = healthy();
    let before = built(&plan);
    std::fs::create_dir_all(plan.root().join("templates")).unwrap();
    let link = plan.root().join("templates/style.css");
    std::os::unix::fs::symlink(outside.path().join("notes.txt"), &link).unwrap();
    let build = run(&plan, &["build"]);
    refused_leaving_site(
        &plan,
        &build,
        &before,
        "templates/style.css",
        "my private notes",
    );
    assert!(
        build.stderr().contains("copy it into the plan instead"),
        "{}",
        build.stderr()
    );

    // The process's own environment, a CI job's token with it.
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(
        "/proc/self/environ",
        plan.root().join("templates/search.js"),
    )
    .unwrap();
    let build = run(&plan, &["build"]);
    refused_leaving_site(
        &plan,
        &build,
        &before,
        "templates/search.js",
        "OUTCARE_TODAY=",
    );
    std::fs::remove_file(plan.root().join("templates/search.js")).unwrap();

    // An extra template of the plan's own, and templates/ itself.
    std::fs::write(outside.path().join("part.html"), "my private notes").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("part.html"),
        plan.root().join("templates/part.html"),
    )
    .unwrap();
    let build = run(&plan, &["build"]);
    refused_leaving_site(
        &plan,
        &build,
        &before,
        "templates/part.html",
        "my private notes",
    );
    std::fs::remove_dir_all(plan.root().join("templates")).unwrap();
    std::fs::write(outside.path().join("style.css"), "my private notes").unwrap();
    std::os::unix::fs::symlink(outside.path(), plan.root().join("templates")).unwrap();
    let build = run(&plan, &["build"]);
    refused_leaving_site(&plan, &build, &before, "templates", "my private notes");
}

#[cfg(unix)]
#[test]
fn a_template_is_never_read_from_git() {
    // actions/checkout leaves the job's token in .git/config.
    let plan = healthy().file(
        ".git/config",
        "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu\n",
    );
    let before = built(&plan);
    std::fs::create_dir_all(plan.root().join("templates")).unwrap();
    std::os::unix::fs::symlink("../.git/config", plan.root().join("templates/style.css")).unwrap();
    let build = run(&plan, &["build"]);
    build.no_panic();
    let stderr = build.stderr();
    assert_eq!(build.code(), 1, "{stderr}");
    assert!(
        stderr.contains("templates/style.css") && stderr.contains(".git"),
        "{stderr}"
    );
    assert!(!stderr.contains("c2VjcmV0LXRva2Vu"), "{stderr}");
    assert!(
        tree(&plan.root().join("site")) == before,
        "the site changed"
    );

    // templates/ itself a link into .git/.
    std::fs::remove_dir_all(plan.root().join("templates")).unwrap();
    std::fs::write(plan.root().join(".git/style.css"), "c2VjcmV0LXRva2Vu").unwrap();
    std::os::unix::fs::symlink(".git", plan.root().join("templates")).unwrap();
    let build = run(&plan, &["build"]);
    build.no_panic();
    assert_eq!(build.code(), 1, "{}", build.stderr());
    assert!(build.stderr().contains(".git"), "{}", build.stderr());
    assert!(
        tree(&plan.root().join("site")) == before,
        "the site changed"
    );

    // The same rule under content/.
    std::fs::remove_file(plan.root().join("templates")).unwrap();
    std::fs::write(
        plan.root().join(".git/secret.md"),
        "---\ntitle: c2VjcmV0LXRva2Vu\ndate: 2026-03-05\nchannel: blog\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../.git/secret.md",
        plan.root().join("content/posts/secret.md"),
    )
    .unwrap();
    let stderr = failed_leaving_site(
        &plan,
        &run(&plan, &["build"]),
        &before,
        "content/posts/secret.md",
        None,
    );
    assert!(stderr.contains("inside .git/"), "{stderr}");
    assert!(!stderr.contains("c2VjcmV0LXRva2Vu"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_config_symlinked_out_of_the_plan_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("outcare.yaml"),
        "title: Someone else's secret plan\n",
    )
    .unwrap();
    let plan = healthy();
    let before = built(&plan);
    std::os::unix::fs::symlink(
        outside.path().join("outcare.yaml"),
        plan.root().join("outcare.yaml"),
    )
    .unwrap();
    let build = run(&plan, &["build"]);
    refused_leaving_site(&plan, &build, &before, "outcare.yaml", "secret plan");
    let stderr = failed_leaving_site(&plan, &build, &before, "outcare.yaml", None);
    assert!(stderr.contains("error[invalid-file]"), "{stderr}");
    let check = run(&plan, &["check"]);
    assert_eq!(check.code(), 1, "{}", check.stdout());
    assert!(
        check.stdout().contains("outcare.yaml: error[invalid-file]"),
        "{}",
        check.stdout()
    );
    assert!(
        !check.stdout().contains("secret plan"),
        "{}",
        check.stdout()
    );
}

#[cfg(unix)]
#[test]
fn symlinks_that_stay_inside_the_plan_are_followed() {
    let plan = healthy()
        .file("theme/style.css", "body { color: teal }")
        .file("theme/parts/note.html", "<p>a shared note</p>")
        .file(
            "templates/post.html",
            "{% extends \"base.html\" %}{% block main %}{% include \"note.html\" %}{% endblock main %}",
        )
        .file("plans/outcare.yaml", "title: Linked plan title\n");
    let root = plan.root();
    std::os::unix::fs::symlink("../theme/style.css", root.join("templates/style.css")).unwrap();
    std::os::unix::fs::symlink("../theme/parts/note.html", root.join("templates/note.html"))
        .unwrap();
    std::os::unix::fs::symlink("plans/outcare.yaml", root.join("outcare.yaml")).unwrap();
    let site = built(&plan);
    assert_eq!(site["style.css"], b"body { color: teal }");
    let post = String::from_utf8_lossy(&site["posts/stretches/index.html"]).into_owned();
    assert!(post.contains("a shared note"), "{post}");
    assert!(post.contains("Linked plan title"), "{post}");

    // A link to nothing is an error, not a silent fall back to the built-in.
    std::fs::remove_file(root.join("templates/style.css")).unwrap();
    std::os::unix::fs::symlink("../theme/gone.css", root.join("templates/style.css")).unwrap();
    let build = run(&plan, &["build"]);
    build.no_panic();
    assert_eq!(build.code(), 1, "{}", build.stderr());
    assert!(
        build.stderr().contains("templates/style.css") && build.stderr().contains("does not exist"),
        "{}",
        build.stderr()
    );
}

/// The site's folders and files made read-only (or writable again).
#[cfg(unix)]
fn set_read_only(dir: &Path, read_only: bool) {
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            set_read_only(&path, read_only);
        } else {
            let mode = if read_only { 0o444 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    }
    let mode = if read_only { 0o555 } else { 0o755 };
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether this process runs as root, which writes into read-only folders.
#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // A file this process creates belongs to its user.
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_fails_the_build_and_leaves_the_site() {
    let plan = healthy();
    let before = built(&plan);
    let site = plan.root().join("site");
    let plan = plan.post(
        "stretches",
        "title: Stretches, retitled\ndate: 2026-03-02\nchannel: blog\npain_points: [knee-pain]",
    );
    set_read_only(&site, true);
    // Root may write anywhere; without the capability that lets it (what CI
    // runs as), permissions hold for it too.
    let run = if is_root() {
        let args = [
            "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search",
            "--",
            outcare(),
            "build",
        ];
        let run = bounded(plan.root(), "setpriv", &args);
        if run.0.status.code() != Some(1) && run.stderr().contains("setpriv") {
            set_read_only(&site, false);
            crate::support::skip(
                HOSTILE_SWITCH,
                "hostile::a_read_only_output_folder_fails_the_build_and_leaves_the_site",
                &format!(
                    "running as root, and setpriv (util-linux) cannot drop CAP_DAC_OVERRIDE here: {}",
                    run.stderr()
                ),
            );
            return;
        }
        run
    } else {
        run(&plan, &["build"])
    };
    let after = tree(&site);
    set_read_only(&site, false);
    run.no_panic();
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert!(stderr.contains("nothing in "), "{stderr}");
    assert!(stderr.contains("was replaced"), "{stderr}");
    assert!(after == before, "the failed build changed the site");
}

#[cfg(unix)]
#[test]
fn a_full_disk_fails_the_build_and_leaves_the_site() {
    let plan = healthy();
    let before = built(&plan);
    // A 900 KB body: its page and plan.json no longer fit.
    let big = format!(
        "---\ntitle: Big\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]\n---\n{}\n",
        "word ".repeat(180_000)
    );

    // A file-size limit makes every write past 256 KiB fail (EFBIG), as a
    // full disk does (ENOSPC); SIGXFSZ is ignored, as a shell script may.
    let plan = plan.file("content/posts/big.md", &big);
    let limited = format!(
        "trap '' XFSZ; exec prlimit --fsize=262144 -- '{}' build",
        outcare()
    );
    let run = bounded(plan.root(), "sh", &["-c", &limited]);
    if run.stderr().contains("prlimit:") || run.0.status.code() == Some(127) {
        crate::support::skip(
            HOSTILE_SWITCH,
            "hostile::a_full_disk_fails_the_build_and_leaves_the_site (the file-size limit)",
            &format!("no prlimit (util-linux) here: {}", run.stderr()),
        );
    } else {
        run.no_panic();
        let stderr = run.stderr();
        assert_eq!(run.code(), 1, "{stderr}");
        assert!(stderr.contains("cannot write"), "{stderr}");
        assert!(stderr.contains("File too large"), "{stderr}");
        assert!(stderr.contains("nothing in "), "{stderr}");
        assert!(
            tree(&plan.root().join("site")) == before,
            "the failed build changed the site"
        );
    }

    // A real full disk: a 1 MiB tmpfs in a mount namespace of its own (so it
    // is gone with the process), where one can be made.
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(scratch.path().join("big.md"), &big).unwrap();
    remove(&plan, "content/posts/big.md");
    let script = r#"
        mount -t tmpfs -o size=1m outcare-test "$1" 2>/dev/null || exit 77
        snapshot() { (cd "$1" && find . | sort && find . -type f -exec cat {} + | cksum); }
        "$2" build --out "$1" >/dev/null 2>&1 || exit 78
        snapshot "$1" > "$3/before"
        cp "$3/big.md" content/posts/big.md
        "$2" build --out "$1" 2> "$3/stderr"
        echo $? > "$3/code"
        snapshot "$1" > "$3/after"
    "#;
    let dir = scratch.path().to_str().unwrap();
    let out = out.to_str().unwrap();
    let run = bounded(
        plan.root(),
        "unshare",
        &["-m", "sh", "-c", script, "sh", out, outcare(), dir],
    );
    match run.0.status.code() {
        Some(0) => {}
        Some(77) | Some(1) => {
            crate::support::skip(
                HOSTILE_SWITCH,
                "hostile::a_full_disk_fails_the_build_and_leaves_the_site (the tmpfs)",
                &format!(
                    "cannot mount a tmpfs in a mount namespace here (needs root and unshare): {}",
                    run.stderr()
                ),
            );
            return;
        }
        code => panic!("the tmpfs script failed ({code:?}): {}", run.stderr()),
    }
    let read = |name: &str| std::fs::read_to_string(scratch.path().join(name)).unwrap();
    let stderr = read("stderr");
    assert_eq!(read("code").trim(), "1", "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(stderr.contains("nothing in "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        read("before"),
        read("after"),
        "the failed build changed the site"
    );
}

#[test]
fn a_file_deleted_between_the_walk_and_the_read() {
    // The race, made deterministic: the preview's cache trusts its last walk
    // when the watcher reports only edits, then the file is gone when read.
    let plan = healthy().post(
        "gone",
        "title: Gone\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]",
    );
    let mut cache = Cache::default();
    let loaded = load_cached(plan.root(), &mut cache).unwrap();
    assert_eq!(loaded.plan.posts.len(), 2);
    remove(&plan, "content/posts/gone.md");
    cache.only_edited(vec!["content/posts/gone.md".into()]);
    let loaded = load_cached(plan.root(), &mut cache).unwrap();
    let flags: Vec<_> = loaded
        .flags
        .iter()
        .filter(|f| f.rule == Rule::InvalidFile)
        .collect();
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].file, "content/posts/gone.md");
    assert!(
        flags[0].message.contains("disappeared"),
        "{}",
        flags[0].message
    );
    // The next full load sees it gone, and says nothing more.
    let loaded = load_cached(plan.root(), &mut Cache::default()).unwrap();
    assert!(loaded.flags.iter().all(|f| f.rule != Rule::InvalidFile));
    assert_eq!(loaded.plan.posts.len(), 1);

    // A name the walk lists whose file is gone: a dangling symlink.
    #[cfg(unix)]
    {
        let before = built(&plan);
        std::os::unix::fs::symlink("vanished.md", plan.root().join("content/posts/link.md"))
            .unwrap();
        failed_leaving_site(
            &plan,
            &run(&plan, &["build"]),
            &before,
            "content/posts/link.md",
            None,
        );
    }
}

// ------------------------------------------------------------------ history

fn git(dir: &Path, args: &[&str], stdin: Option<&[u8]>) {
    let mut child = git_command(dir, "2026-02-27T12:00:00Z")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .spawn()
        .expect("git runs");
    if let Some(bytes) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    assert!(child.wait().unwrap().success(), "git {args:?} failed");
}

#[test]
fn thousands_of_commits_and_a_corrupt_object() {
    let plan = healthy();
    let dir = plan.root();
    git(dir, &["init", "-q"], None);
    // 3,000 commits inside the changes window, each retitling a post, in one
    // fast-import stream (seconds, where 3,000 `git commit`s take minutes).
    let start = jiff::Timestamp::from_second(1_771_891_200).unwrap(); // 2026-02-24T00:00Z
    let mut stream = Vec::new();
    fn data(out: &mut Vec<u8>, text: &str) {
        out.extend(format!("data {}\n{text}\n", text.len()).into_bytes());
    }
    for n in 0..3000 {
        let when = start.as_second() + n * 60;
        stream.extend(
            format!(
                "commit refs/heads/main\ncommitter Ann Editor <ann@example.org> {when} +0000\n"
            )
            .into_bytes(),
        );
        data(&mut stream, &format!("Retitle {n}"));
        if n == 0 {
            for path in [
                "content/personas/runner.md",
                "content/pain-points/knee-pain.md",
            ] {
                stream.extend(format!("M 100644 inline {path}\n").into_bytes());
                data(
                    &mut stream,
                    &std::fs::read_to_string(dir.join(path)).unwrap(),
                );
            }
        }
        stream.extend(b"M 100644 inline content/posts/stretches.md\n");
        data(
            &mut stream,
            &format!(
                "---\ntitle: Stretches {n}\ndate: 2026-03-02\nchannel: blog\npain_points: [knee-pain]\n---\n"
            ),
        );
    }
    git(dir, &["fast-import", "--quiet"], Some(&stream));
    git(dir, &["symbolic-ref", "HEAD", "refs/heads/main"], None);
    git(dir, &["reset", "-q", "--hard"], None);
    std::fs::write(dir.join(".gitignore"), "site/\n").unwrap();

    let changes_of = |plan: &TestPlan| {
        outcare::load::history::changes(
            plan.root(),
            &outcare::model::Config::default(),
            TODAY.parse().unwrap(),
        )
    };
    let found = changes_of(&plan).expect("a history to read");
    // Each commit retitled the post once: the newest 1000 commits are read,
    // the number SECURITY.md promises, and not one more.
    assert_eq!(found.len(), 1000);
    assert_eq!(found[999].to.as_deref(), Some("Stretches 2000"));
    let site = built(&plan);
    let page = std::str::from_utf8(&site["changes/index.html"]).unwrap();
    assert!(
        page.contains("Stretches 2999"),
        "the newest change is listed"
    );
    assert!(page.len() < 4 * 1024 * 1024, "{} bytes", page.len());

    // Corrupt the pack in its middle: whatever git can still read, or nothing.
    let pack_dir = dir.join(".git/objects/pack");
    let pack = std::fs::read_dir(&pack_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .expect("fast-import wrote a pack");
    let mut bytes = std::fs::read(&pack).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 64].fill(0x5a);
    let mut permissions = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&pack, permissions).unwrap();
    std::fs::write(&pack, &bytes).unwrap();
    let _ = changes_of(&plan);
    let run = run(&plan, &["build"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(plan.root().join("site/changes/index.html").is_file());
}

// ------------------------------------------------------------------ templates

/// A page template whose main block is `main`, with `head` before it.
fn post_template(head: &str, main: &str) -> String {
    format!("{{% extends \"base.html\" %}}{head}{{% block main %}}{main}{{% endblock main %}}")
}

/// Templates that would render forever or nest past any stack: each `(file,
/// text)` set is written into `templates/`, and the build must fail naming
/// `file` (the first), leave the site as it was, and never overflow.
fn endless_templates() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let chain: String = (0..400)
        .map(|i| {
            format!(
                "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro %}}",
                i + 1
            )
        })
        .collect::<String>()
        + "{% macro m400() %}end{% endmacro %}";
    vec![
        (
            "a template that includes itself",
            vec![("footer.html", "<p>{% include \"footer.html\" %}</p>".into())],
        ),
        (
            "two templates that include each other",
            vec![
                ("part.html", "<p>{% include \"aside.html\" %}</p>".into()),
                ("aside.html", "<p>{% include \"part.html\" %}</p>".into()),
                ("post.html", post_template("", "{% include \"part.html\" %}")),
            ],
        ),
        (
            "a macro that calls itself",
            vec![(
                "post.html",
                post_template(
                    "{% macro again(n) %}{{ self::again(n=n) }}{% endmacro again %}",
                    "{{ self::again(n=1) }}",
                ),
            )],
        ),
        (
            "macros that call each other, in two files",
            vec![
                (
                    "ping.html",
                    "{% import \"pong.html\" as pong %}{% macro ping() %}{{ pong::pong() }}{% endmacro %}".into(),
                ),
                (
                    "pong.html",
                    "{% import \"ping.html\" as ping %}{% macro pong() %}{{ ping::ping() }}{% endmacro %}".into(),
                ),
                (
                    "post.html",
                    post_template("{% import \"ping.html\" as ping %}", "{{ ping::ping() }}"),
                ),
            ],
        ),
        (
            "a recursive macro with a base case (refused: outcare's data has no trees)",
            vec![(
                "post.html",
                post_template(
                    "{% macro down(n) %}{% if n > 0 %}{{ self::down(n=n - 1) }}{% endif %}{% endmacro down %}",
                    "{{ self::down(n=100000) }}",
                ),
            )],
        ),
        (
            "a template that imports itself",
            vec![(
                "post.html",
                post_template("{% import \"post.html\" as me %}", "x"),
            )],
        ),
        (
            "templates that extend each other",
            vec![
                ("base.html", "{% extends \"frame.html\" %}".into()),
                ("frame.html", "{% extends \"base.html\" %}".into()),
            ],
        ),
        (
            "blocks that hold each other through super()",
            vec![
                (
                    "base.html",
                    "{% block main %}{% block inner %}{% endblock inner %}{% endblock main %}"
                        .into(),
                ),
                (
                    "post.html",
                    "{% extends \"base.html\" %}{% block inner %}{% block main %}{{ super() }}{% endblock main %}{% endblock inner %}".into(),
                ),
            ],
        ),
        (
            "1,000 nested ifs",
            vec![(
                "post.html",
                post_template(
                    "",
                    &format!("{}x{}", "{% if true %}".repeat(1000), "{% endif %}".repeat(1000)),
                ),
            )],
        ),
        (
            "2,000 nested parentheses",
            vec![(
                "post.html",
                post_template("", &format!("{{{{ {}1{} }}}}", "(".repeat(2000), ")".repeat(2000))),
            )],
        ),
        (
            "a sum of 2,000 terms",
            vec![(
                "post.html",
                post_template("", &format!("{{{{ 1{} }}}}", " + 1".repeat(2000))),
            )],
        ),
        (
            "a chain of 400 macros",
            vec![
                (
                    "post.html",
                    post_template("{% import \"chain.html\" as c %}", "{{ c::m0() }}"),
                ),
                ("chain.html", chain),
            ],
        ),
    ]
}

#[test]
fn templates_that_never_end_fail_the_build_naming_the_template() {
    let plan = healthy();
    let before = built(&plan);
    let mut wrong = Vec::new();
    for (case, files) in endless_templates() {
        let _ = std::fs::remove_dir_all(plan.root().join("templates"));
        for (name, text) in &files {
            let path = plan.root().join("templates").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let build = run(&plan, &["build"]);
        let stderr = build.stderr();
        let first = format!("templates/{}", files[0].0);
        if build.0.status.code() != Some(1) {
            wrong.push(format!("{case}: {}\n{}", build.0.status, cut(&stderr)));
        } else if !stderr.contains(&first) || stderr.contains("panicked") {
            wrong.push(format!(
                "{case}: the error does not name {first}:\n{}",
                cut(&stderr)
            ));
        } else if tree(&plan.root().join("site")) != before {
            wrong.push(format!(
                "{case}: the failed build changed the site (or left files in it)"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn a_template_cannot_read_the_environment() {
    // A template from someone's branch, built in CI, must not publish its secrets.
    let plan = healthy();
    let before = built(&plan);
    let plan = plan.file(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block main %}{{ get_env(name=\"OUTCARE_TODAY\") }}{% endblock main %}",
    );
    let run = run(&plan, &["build"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("cannot read environment variables"),
        "{}",
        run.stderr()
    );
    assert!(
        tree(&plan.root().join("site")) == before,
        "the site changed"
    );
}
