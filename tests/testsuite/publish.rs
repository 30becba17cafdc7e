//! What the built site publishes of customers' words and of private entries:
//! `publish: {feedback: summary | full | none}` in `outcare.yaml` and
//! `private: true` on any entry. Each test plants unique markers in what must
//! not be published and reads every file of the built site for them.

use std::path::Path;

use outcare::diagnostic::Rule;

use crate::site::{link_problems, tree};
use crate::support::{TestPlan, git_command, healthy};

/// A plan with one feedback item that a post answers. Its title, change and
/// body each carry a marker, the body one that stands for what a customer said.
fn with_feedback(config: &str) -> TestPlan {
    TestPlan::new()
        .config(config)
        .persona("runner", "[blog]")
        .pain_point("knee-pain", "[runner]")
        .entry(
            "posts",
            "stretches",
            "title: Stretches\ndate: 2026-03-02\nchannel: blog\npain_points: [knee-pain]\nresponds_to: [fb-sore-knees]\nintent: respond\nstatus: scheduled",
            "Five stretches.",
        )
        .entry(
            "feedback",
            "fb-sore-knees",
            // `new` while a post answers it: feedback-status flags it.
            "title: Sore knees QXTITLE\nreceived: 2026-03-01\npersonas: [runner]\npain_points: [knee-pain]\nstatus: new\nchange: Stretch guide QXCHANGE",
            "Jane Roe of 12 Elm Street said QXBODY her knees hurt.",
        )
}

/// `build` into the plan's `site/`, which must succeed; the folder built.
fn build(plan: &TestPlan) -> std::path::PathBuf {
    let run = plan.run(&["build"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "build failed:\n{}", run.stderr());
    plan.root().join("site")
}

/// Every built file that holds `text`.
fn files_with(out: &Path, text: &str) -> Vec<String> {
    tree(out)
        .into_iter()
        .filter(|(_, bytes)| {
            bytes
                .windows(text.len())
                .any(|window| window == text.as_bytes())
        })
        .map(|(path, _)| path)
        .collect()
}

fn assert_nowhere(out: &Path, text: &str) {
    let found = files_with(out, text);
    assert!(found.is_empty(), "`{text}` was published in {found:?}");
}

fn plan_json(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("plan.json")).expect("plan.json");
    serde_json::from_str(&text).expect("plan.json is JSON")
}

/// The slugs `check --format json` flags, with each flag's rule.
fn checked(plan: &TestPlan) -> Vec<(String, String)> {
    let run = plan.run(&["check", "--format", "json"]);
    run.no_panic();
    run.json()["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .map(|f| {
            (
                f["slug"].as_str().unwrap_or("").to_string(),
                f["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn feedback_is_published_as_a_summary_by_default_never_its_body() {
    let plan = with_feedback("title: Plan\n");
    let out = build(&plan);
    assert_nowhere(&out, "QXBODY");
    // Everything but the body is still there: the title, the change and the reply.
    for file in ["feedback/index.html", "plan.json", "search-index.js"] {
        assert!(
            files_with(&out, "QXTITLE").contains(&file.to_string()),
            "{file} lost the title"
        );
    }
    let page = std::fs::read_to_string(out.join("feedback/index.html")).unwrap();
    assert!(page.contains("QXCHANGE"), "{page}");
    assert!(page.contains("posts/stretches/index.html"), "{page}");
    let json = plan_json(&out);
    assert_eq!(json["feedback"][0]["slug"], "fb-sore-knees");
    assert!(json["feedback"][0].get("body").is_none(), "{json:#}");
    // Said plainly as well: `summary` is the default.
    let spelled = with_feedback("publish:\n  feedback: summary\n");
    assert_nowhere(&build(&spelled), "QXBODY");
}

#[test]
fn feedback_full_publishes_the_body_on_the_page_in_plan_json_and_the_search_index() {
    let plan = with_feedback("publish:\n  feedback: full\n");
    let out = build(&plan);
    assert_eq!(
        files_with(&out, "QXBODY"),
        ["feedback/index.html", "plan.json", "search-index.js"]
    );
    let json = plan_json(&out);
    assert!(
        json["feedback"][0]["body"]
            .as_str()
            .is_some_and(|body| body.contains("QXBODY")),
        "{json:#}"
    );
}

#[test]
fn feedback_none_publishes_nothing_of_feedback_but_counts_it_and_checks_it() {
    let plan = with_feedback("publish: {feedback: none}\n");
    let out = build(&plan);
    for marker in ["QXTITLE", "QXCHANGE", "QXBODY", "fb-sore-knees"] {
        assert_nowhere(&out, marker);
    }
    assert!(!out.join("feedback/index.html").exists());
    for (path, bytes) in tree(&out) {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(&bytes);
            assert!(
                !html.contains("feedback/index.html"),
                "{path} links to the feedback page"
            );
        }
    }
    let problems = link_problems(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let json = plan_json(&out);
    assert_eq!(json["feedback"], serde_json::json!([]));
    // The figures count it as if it were published.
    let published = with_feedback("publish: {feedback: full}\n");
    assert_eq!(json["report"], plan_json(&build(&published))["report"]);
    assert_eq!(json["report"]["months"][0]["feedback_received"], 1);
    // And `check` still reports its flag.
    assert!(
        checked(&plan).contains(&("fb-sore-knees".into(), "feedback-status".into())),
        "{:?}",
        checked(&plan)
    );
}

/// A plan with a private persona, pain point, post (a weekly series) and
/// feedback item, each with a flag of its own, and public entries that name
/// them. `private` is the line each private entry gets (empty: all public).
fn with_private(private: &str) -> TestPlan {
    healthy()
        .config("title: Plan\n")
        .entry(
            "personas",
            "ghost-persona",
            &format!("name: Ghost QXPERSONA\nchannels: [blog]\n{private}"),
            "Lives at QXPERSONABODY.",
        )
        .entry(
            "pain-points",
            "ghost-need",
            &format!("title: Need QXNEED\npersonas: [ghost-persona, runner]\n{private}"),
            "",
        )
        .entry(
            "posts",
            "ghost-post",
            // On a channel its audience is not on: wrong-channel flags it.
            &format!(
                "title: Post QXPOST\ndate: 2026-03-03\nrepeat: weekly\nuntil: 2026-03-24\nchannel: newsletter\npain_points: [knee-pain]\ncampaign: Campaign QXCAMPAIGN\nowner: Owner QXOWNER\n{private}"
            ),
            "Launch QXPOSTBODY.",
        )
        .entry(
            "feedback",
            "ghost-feedback",
            &format!("title: Feedback QXFEEDBACK\nreceived: 2026-03-01\nstatus: new\n{private}"),
            "QXFEEDBACKBODY",
        )
        // Public entries that name the private ones.
        .post(
            "answer",
            "title: Answer\ndate: 2026-03-04\nchannel: blog\npersonas: [runner, ghost-persona]\npain_points: [knee-pain]\nresponds_to: [ghost-feedback]",
        )
        // Its flags' messages name `ghost-persona`.
        .post(
            "for-the-ghost",
            "title: For the ghost\ndate: 2026-03-05\nchannel: instagram\npersonas: [ghost-persona]",
        )
        // The only post on `ghost-need` is an idea: unserved-pain-point flags it.
        .post(
            "an-idea",
            "title: An idea\nstatus: idea\nchannel: blog\npain_points: [ghost-need]",
        )
        // Far enough on that `ghost-persona` goes silent.
        .post(
            "later",
            "title: Later\ndate: 2026-04-30\nchannel: blog\npain_points: [knee-pain]",
        )
}

#[test]
fn a_private_entry_appears_on_no_page_feed_or_data_but_is_checked_and_counted() {
    let plan = with_private("private: true");
    let out = build(&plan);
    for marker in [
        "QXPERSONA",
        "QXNEED",
        "QXPOST",
        "QXCAMPAIGN",
        "QXOWNER",
        "QXFEEDBACK",
        "ghost-persona",
        "ghost-need",
        "ghost-post",
        "ghost-feedback",
    ] {
        assert_nowhere(&out, marker);
    }
    let problems = link_problems(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The public entries that named them are there, without their names.
    for page in [
        "posts/answer/index.html",
        "posts/for-the-ghost/index.html",
        "posts/an-idea/index.html",
    ] {
        assert!(out.join(page).exists(), "{page}");
    }
    // As if the private entries were not in the plan: the idea is for the
    // personas of its public pain points, and it has none.
    let posts = plan_json(&out)["posts"].clone();
    let idea = posts
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "an-idea")
        .expect("an-idea in plan.json");
    assert_eq!(idea["personas"], serde_json::json!([]), "{idea:#}");
    assert_eq!(idea["pain_points"], serde_json::json!([]), "{idea:#}");
    // `check` reports each private entry's flags.
    let flags = checked(&plan);
    for (slug, rule) in [
        ("ghost-post", Rule::WrongChannel),
        ("ghost-persona", Rule::SilentPersona),
        ("ghost-need", Rule::UnservedPainPoint),
        ("ghost-feedback", Rule::FeedbackStatus),
    ] {
        assert!(
            flags.contains(&(slug.to_string(), rule.id().to_string())),
            "{slug} {}: {flags:?}",
            rule.id()
        );
    }
    // The care report counts them as if they were public.
    let public = with_private("");
    let counted = plan_json(&out)["report"].clone();
    assert_eq!(counted, plan_json(&build(&public))["report"]);
    assert_eq!(counted["months"][0]["posts"], 7, "{counted:#}");
    // The flags page says some flags are left out, and where to read them.
    let flags_page = std::fs::read_to_string(out.join("flags/index.html")).unwrap();
    assert!(flags_page.contains("outcare check"), "{flags_page}");
}

#[test]
fn publish_and_private_are_checked_like_every_other_setting() {
    let plan = healthy()
        .config("publish:\n  feedback: sumary\n  feedbak: none\n")
        .post(
            "secret",
            "title: Secret\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nprivate: yes",
        );
    let flags = plan.flags();
    let config: Vec<&str> = flags
        .iter()
        .filter(|f| f.rule == Rule::InvalidConfig)
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        config.iter().any(|m| m.contains("did you mean `summary`")),
        "{config:?}"
    );
    assert!(
        config.iter().any(|m| m.contains("did you mean `feedback`")),
        "{config:?}"
    );
    let private: Vec<_> = flags
        .iter()
        .filter(|f| f.rule == Rule::InvalidFrontMatter && f.slug.as_deref() == Some("secret"))
        .collect();
    assert_eq!(private.len(), 1, "{flags:#?}");
    assert!(
        private[0]
            .message
            .contains("`private` must be true or false"),
        "{}",
        private[0].message
    );
    assert_eq!(private[0].line, Some(6));
    let not_a_mapping = healthy().config("publish: none\n").flags();
    assert!(
        not_a_mapping
            .iter()
            .any(|f| f.rule == Rule::InvalidConfig && f.line == Some(1)),
        "{not_a_mapping:#?}"
    );
    // Nothing wrong when written right.
    let right = healthy().config("publish:\n  feedback: none\n").post(
        "secret",
        "title: Secret\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nprivate: false",
    );
    let errors: Vec<_> = right
        .flags()
        .into_iter()
        .filter(|f| f.severity == outcare::diagnostic::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_changes_page_leaves_out_entries_the_site_does_not_show() {
    let plan = healthy().config("publish: {feedback: none}\n");
    let dir = plan.root();
    let git = |date: &str, args: &[&str]| {
        let status = git_command(dir, date).args(args).status().expect("git");
        assert!(status.success(), "git {args:?}");
    };
    let commit = |date: &str| {
        git(date, &["add", "-A", "."]);
        git(date, &["commit", "-q", "-m", date]);
    };
    let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).unwrap();
    let post = |title: &str, more: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\n{more}---\n"
        )
    };
    git("2026-02-01T12:00:00Z", &["init", "-q"]);
    write(
        "content/posts/gone.md",
        &post("Gone QXGONE", "private: true\n"),
    );
    write(
        "content/posts/was-private.md",
        &post("Old QXOLD", "private: true\n"),
    );
    commit("2026-02-01T12:00:00Z");
    // Inside the changes window of --today 2026-03-01.
    std::fs::remove_file(dir.join("content/posts/gone.md")).unwrap();
    write("content/posts/was-private.md", &post("Now public", ""));
    write(
        "content/posts/ghost.md",
        &post("Ghost QXPOST", "private: true\n"),
    );
    write("content/posts/visible.md", &post("Visible", ""));
    std::fs::create_dir_all(dir.join("content/feedback")).unwrap();
    write(
        "content/feedback/fb-said.md",
        "---\ntitle: Said QXFB\nreceived: 2026-02-20\n---\n",
    );
    commit("2026-02-25T12:00:00Z");
    let out = build(&plan);
    for marker in ["QXGONE", "QXOLD", "QXPOST", "QXFB", "fb-said", "ghost"] {
        assert_nowhere(&out, marker);
    }
    // The page is there, with the change that may be shown.
    let page = std::fs::read_to_string(out.join("changes/index.html")).unwrap();
    assert!(page.contains("Visible"), "{page}");
    let changes = plan_json(&out)["changes"].clone();
    let slugs: Vec<&str> = changes
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["slug"].as_str())
        .collect();
    assert_eq!(slugs, ["visible"], "{changes:#}");
}
