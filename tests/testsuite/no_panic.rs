//! Random front matter never panics the loader or the rules: arbitrary text,
//! and YAML-ish text built from the real keys with odd values. Each case is a
//! small plan (a valid persona and pain point, plus the random file), loaded
//! through the library as `outcare check` would.

use std::panic::{AssertUnwindSafe, catch_unwind};

use outcare::diagnostic::Flag;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use crate::support::TestPlan;

/// Where the random file goes: an entry of each kind, or the configuration.
const PLACES: [&str; 5] = [
    "content/posts/random.md",
    "content/posts/2026/random.md",
    "content/personas/random.md",
    "content/pain-points/random.md",
    "content/feedback/random.md",
];

/// Every key the loader knows, a few it does not, and near misses.
const KEYS: [&str; 29] = [
    "title",
    "date",
    "channel",
    "personas",
    "pain_points",
    "status",
    "intent",
    "stage",
    "owner",
    "campaign",
    "responds_to",
    "tags",
    "name",
    "summary",
    "channels",
    "priority",
    "received",
    "change",
    "pain_point",
    "Title",
    "\"title\"",
    "'date'",
    "rules",
    "per_week",
    "color",
    "timezone",
    "? [a]",
    "<<",
    "2026",
];

/// 64 cases a property keeps the suite fast; `PROPTEST_CASES=5000` digs deeper.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Loads the plan with `text` at `place`, failing the property on a panic.
fn check_no_panic(place: &str, text: impl AsRef<[u8]>) -> Result<(), TestCaseError> {
    check_plan(
        TestPlan::new()
            .persona("runner", "[blog, instagram]")
            .pain_point("knee-pain", "[runner]")
            .file(place, text),
    )
}

fn check_plan(plan: TestPlan) -> Result<(), TestCaseError> {
    let flags: Vec<Flag> = match catch_unwind(AssertUnwindSafe(|| plan.flags())) {
        Ok(flags) => flags,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(TestCaseError::fail(format!("loading panicked: {what}")));
        }
    };
    // Every flag names a file of the plan, by a relative `/`-separated path.
    for flag in &flags {
        prop_assert!(
            !flag.file.is_empty() && !flag.file.starts_with('/') && !flag.file.contains('\\'),
            "{flag:?}"
        );
        prop_assert!(
            plan.root().join(&flag.file).symlink_metadata().is_ok(),
            "no such file: {flag:?}"
        );
        prop_assert!(!flag.message.is_empty(), "{flag:?}");
        prop_assert!(
            flag.line != Some(0) && flag.column != Some(0),
            "positions are 1-based: {flag:?}"
        );
    }
    Ok(())
}

/// A scalar as it might be typed, or mistyped, by hand.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,12}",
        Just(String::new()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("''".to_string()),
        Just("\"\"".to_string()),
        Just("yes".to_string()),
        Just("-".to_string()),
        Just(":".to_string()),
        Just("|".to_string()),
        Just(">-".to_string()),
        Just("*anchor".to_string()),
        Just("&anchor x".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("!custom x".to_string()),
        (0i64..100_000, -3i64..20, -3i64..40).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (2020i64..2030, 1i64..13, 1i64..32, 0i64..30, 0i64..70)
            .prop_map(|(y, m, d, h, min)| format!("{y}-{m:02}-{d:02}T{h:02}:{min:02}")),
        (2020i64..2030, 1i64..13, 1i64..32).prop_map(|(y, m, d)| format!("{y}-{m}-{d}")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        "\\PC{0,20}",
        "[ \t\r'\"#:,\\[\\]{}&*!|>%@`-]{1,8}",
        "\"[^\"]{0,10}\"",
        "'[^']{0,10}'",
        Just("\"unclosed".to_string()),
        Just("caf\u{e9} \u{1F3C3}\u{200d}\u{2640}\u{fe0f} \u{8d70}\u{8005}".to_string()),
        Just("\u{feff}".to_string()),
        Just("idea".to_string()),
        Just("published".to_string()),
        Just("promote".to_string()),
        Just("acted".to_string()),
        Just("knee-pain".to_string()),
        Just("runner".to_string()),
        Just("blog".to_string()),
    ]
}

/// A value: a scalar, a flow or block list, or a nested mapping.
fn value() -> impl Strategy<Value = String> {
    let leaf = scalar().prop_map(|s| format!(" {s}"));
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(scalar(), 0..4)
                .prop_map(|items| format!(" [{}]", items.join(", "))),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|items| {
                items
                    .iter()
                    .map(|i| format!("\n  -{i}"))
                    .collect::<String>()
            }),
            prop::collection::vec((prop::sample::select(&KEYS[..]), inner.clone()), 0..4).prop_map(
                |pairs| {
                    pairs
                        .iter()
                        .map(|(k, v)| format!("\n  {k}:{}", v.replace('\n', "\n  ")))
                        .collect::<String>()
                }
            ),
            prop::collection::vec((prop::sample::select(&KEYS[..]), scalar()), 0..4).prop_map(
                |pairs| {
                    let inner: Vec<String> =
                        pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    format!(" {{{}}}", inner.join(", "))
                }
            ),
        ]
    })
}

/// One line (or block) of front matter: `key: value`, or something broken.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (prop::sample::select(&KEYS[..]), value()).prop_map(|(k, v)| format!("{k}:{v}")),
        1 => (prop::sample::select(&KEYS[..]), value()).prop_map(|(k, v)| format!("\t{k}:{v}")),
        1 => (prop::sample::select(&KEYS[..]), value()).prop_map(|(k, v)| format!("  {k}:{v}")),
        1 => "\\PC{0,30}",
        1 => Just("# a comment".to_string()),
        1 => Just(String::new()),
        1 => Just("---".to_string()),
        1 => Just("...".to_string()),
    ]
}

/// A whole file: optional BOM, fences (sometimes missing), lines joined by LF,
/// CRLF or CR, and a body.
fn structured_file() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(line(), 0..12),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        prop_oneof![6 => Just(true), 1 => Just(false)],
        "\\PC{0,40}",
    )
        .prop_map(|(bom, lines, eol, closed, body)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str("---");
            text.push_str(eol);
            for line in lines {
                text.push_str(&line.replace('\n', eol));
                text.push_str(eol);
            }
            if closed {
                text.push_str("---");
                text.push_str(eol);
            }
            text.push_str(&body);
            text
        })
}

/// A post that mostly loads, with odd but plausible values, so that the rules
/// (repeats, promotions, cadence, silence, overdue) run on strange plans.
fn plausible_post() -> impl Strategy<Value = String> {
    let day =
        (2025i64..2028, 1i64..13, 1i64..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"));
    let date = prop_oneof![
        4 => day.clone(),
        1 => (day, 0i64..24, 0i64..60).prop_map(|(d, h, m)| format!("{d}T{h:02}:{m:02}")),
        1 => scalar(),
    ];
    let title = prop_oneof![
        Just("Stretches".to_string()),
        Just("  STRETCHES!".to_string()),
        scalar()
    ];
    let pick =
        |words: &'static [&'static str]| prop::sample::select(words).prop_map(str::to_string);
    (
        title,
        date,
        pick(&["blog", "instagram", "tiktok", "", "~"]),
        pick(&["idea", "draft", "review", "scheduled", "published", "~", "soon"]),
        pick(&["educate", "engage", "listen", "respond", "promote", "~"]),
        pick(&["[knee-pain]", "[]", "[knee-pain, knee-pain]", "[nope]", "~", "knee-pain"]),
        pick(&["", "personas: [runner]", "personas: []", "personas: [ghost]", "responds_to: [fb]"]),
        "\\PC{0,60}",
    )
        .prop_map(|(title, date, channel, status, intent, pains, extra, body)| {
            format!(
                "---\ntitle: {title}\ndate: {date}\nchannel: {channel}\nstatus: {status}\nintent: {intent}\npain_points: {pains}\n{extra}\n---\n{body}\n"
            )
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_front_matter_never_panics(place in prop::sample::select(&PLACES[..]), yaml in "\\PC{0,200}") {
        check_no_panic(place, format!("---\n{yaml}\n---\nBody.\n"))?;
    }

    #[test]
    fn arbitrary_files_never_panic(place in prop::sample::select(&PLACES[..]), text in any::<String>()) {
        check_no_panic(place, text)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(place in prop::sample::select(&PLACES[..]), bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut text = b"---\ntitle: x\n".to_vec();
        text.extend(bytes);
        check_no_panic(place, text)?;
    }

    #[test]
    fn structured_front_matter_never_panics(place in prop::sample::select(&PLACES[..]), text in structured_file()) {
        check_no_panic(place, text)?;
    }

    #[test]
    fn a_structured_config_never_panics(lines in prop::collection::vec(line(), 0..12)) {
        let yaml = format!("channels:\n  blog: {{name: Blog, per_week: [1, 3]}}\n{}\n", lines.join("\n"));
        check_plan(
            TestPlan::new()
                .persona("runner", "[blog, instagram]")
                .pain_point("knee-pain", "[runner]")
                .post("stretches", "title: Stretches\ndate: 2026-03-02\nchannel: blog\npain_points: [knee-pain]")
                .config(&yaml),
        )?;
    }

    #[test]
    fn many_random_posts_together_never_panic(texts in prop::collection::vec(prop_oneof![3 => plausible_post(), 1 => structured_file()], 1..12)) {
        // Several random posts at once exercise the rules (repeats, cadence, silence) on odd data.
        let mut plan = TestPlan::new()
            .persona("runner", "[blog, instagram]")
            .pain_point("knee-pain", "[runner]")
            .config("channels:\n  blog: {name: Blog, per_week: [1, 2]}\n  instagram: {}\nrules:\n  repeat_window_days: 3\n")
            .entry("feedback", "fb", "title: Sizes\nreceived: 2026-02-01\nstatus: acted", "");
        for (i, text) in texts.iter().enumerate() {
            plan = plan.file(&format!("content/posts/p{i}.md"), text);
        }
        check_plan(plan)?;
    }
}
