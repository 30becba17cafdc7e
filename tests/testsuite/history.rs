//! What changed, read from a real git history: temporary repositories with
//! commits dated in and out of the window, shallow clones, corrupt objects.

use std::path::Path;
use std::process::Command;

use outcare::diagnostic::Kind;
use outcare::load::history::changes;
use outcare::model::{Change, ChangeKind, Config};

use crate::support::{TODAY, TestPlan, git_command};

fn git(dir: &Path, date: &str, args: &[&str]) {
    let status = git_command(dir, date)
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

fn commit(dir: &Path, date: &str) {
    git(dir, date, &["add", "-A", "."]);
    git(dir, date, &["commit", "-q", "--allow-empty", "-m", date]);
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn post(title: &str, date: &str, status: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\nchannel: blog\npain_points: [knees]\nstatus: {status}\n---\nBody.\n"
    )
}

fn today() -> jiff::civil::Date {
    TODAY.parse().unwrap()
}

/// A plan whose history has a first commit and one more before the window,
/// one inside it (every kind of change), and one after today.
fn plan_with_history() -> TestPlan {
    let plan = TestPlan::new()
        .persona("ann", "[blog]")
        .pain_point("knees", "[ann]");
    let dir = plan.root();
    git(dir, "2026-01-10T12:00:00Z", &["init", "-q"]);
    write(
        dir,
        "content/posts/stay.md",
        &post("Stay", "2026-03-02", "draft"),
    );
    write(
        dir,
        "content/posts/wander.md",
        &post("Wander", "2026-03-03", "draft"),
    );
    write(
        dir,
        "content/posts/move-me.md",
        &post("Move me", "2026-03-10", "draft"),
    );
    write(
        dir,
        "content/posts/status-me.md",
        &post("Status me", "2026-03-11", "draft"),
    );
    write(
        dir,
        "content/posts/title-me.md",
        &post("Old title", "2026-03-12", "draft"),
    );
    write(
        dir,
        "content/posts/remove-me.md",
        &post("Remove me", "2026-03-13", "draft"),
    );
    write(
        dir,
        "content/feedback/too-long.md",
        "---\ntitle: Posts are too long\nreceived: 2026-01-05\n---\n",
    );
    commit(dir, "2026-01-10T12:00:00Z");
    write(
        dir,
        "content/posts/stay.md",
        &post("Stay (before the window)", "2026-03-02", "draft"),
    );
    commit(dir, "2026-01-20T12:00:00Z");
    write(
        dir,
        "content/posts/move-me.md",
        &post("Move me", "2026-03-17T09:30", "draft"),
    );
    write(
        dir,
        "content/posts/status-me.md",
        &post("Status me", "2026-03-11", "Scheduled"),
    );
    write(
        dir,
        "content/posts/title-me.md",
        &post("New title", "2026-03-12", "draft"),
    );
    std::fs::remove_file(dir.join("content/posts/remove-me.md")).unwrap();
    write(
        dir,
        "content/posts/added.md",
        &post("Added post", "2026-03-20", "idea"),
    );
    // Moved into a month's folder, unchanged: the same entry, nothing to list.
    std::fs::remove_file(dir.join("content/posts/wander.md")).unwrap();
    write(
        dir,
        "content/posts/2026-03/wander.md",
        &post("Wander", "2026-03-03", "draft"),
    );
    write(
        dir,
        "content/feedback/too-long.md",
        "---\ntitle: Posts are too long\nreceived: 2026-01-05\nstatus: acted\n---\n",
    );
    write(dir, "notes.txt", "not part of the plan");
    commit(dir, "2026-02-20T10:00:00Z");
    write(
        dir,
        "content/posts/stay.md",
        &post("Stay (after today)", "2026-03-02", "draft"),
    );
    commit(dir, "2026-03-05T12:00:00Z");
    plan
}

/// What a test compares of a change: kind, entry, slug, from, to.
type Seen = (ChangeKind, Kind, String, Option<String>, Option<String>);

fn change(kind: ChangeKind, entry: Kind, slug: &str, from: Option<&str>, to: Option<&str>) -> Seen {
    (
        kind,
        entry,
        slug.to_string(),
        from.map(str::to_string),
        to.map(str::to_string),
    )
}

fn summary(changes: &[Change]) -> Vec<Seen> {
    changes
        .iter()
        .map(|c| {
            (
                c.kind,
                c.entry,
                c.slug.clone(),
                c.from.clone(),
                c.to.clone(),
            )
        })
        .collect()
}

#[test]
fn lists_what_the_commits_of_the_window_changed() {
    let plan = plan_with_history();
    let found = changes(plan.root(), &Config::default(), today()).expect("a history");
    assert_eq!(
        summary(&found),
        [
            change(
                ChangeKind::Added,
                Kind::Post,
                "added",
                None,
                Some("Added post")
            ),
            change(
                ChangeKind::Rescheduled,
                Kind::Post,
                "move-me",
                Some("2026-03-10"),
                Some("2026-03-17T09:30")
            ),
            change(
                ChangeKind::Removed,
                Kind::Post,
                "remove-me",
                Some("Remove me"),
                None
            ),
            change(
                ChangeKind::Status,
                Kind::Post,
                "status-me",
                Some("draft"),
                Some("scheduled")
            ),
            change(
                ChangeKind::Retitled,
                Kind::Post,
                "title-me",
                Some("Old title"),
                Some("New title")
            ),
            change(
                ChangeKind::Status,
                Kind::Feedback,
                "too-long",
                Some("new"),
                Some("acted")
            ),
        ]
    );
    let first = &found[0];
    assert_eq!(first.date.to_string(), "2026-02-20");
    assert_eq!(first.author, "Ann Editor");
    assert_eq!(first.commit.len(), 40);
    assert!(found.iter().all(|c| c.commit == first.commit));
}

#[test]
fn a_longer_window_reaches_older_commits_newest_first() {
    let plan = plan_with_history();
    let config = Config {
        changes_days: 45,
        ..Config::default()
    };
    let found = changes(plan.root(), &config, today()).expect("a history");
    let last = found.last().unwrap();
    assert_eq!(
        (last.kind, last.slug.as_str(), last.date.to_string()),
        (ChangeKind::Retitled, "stay", "2026-01-20".to_string())
    );
    // The first commit starts the plan: it is not a change to it.
    assert!(found.iter().all(|c| c.date.to_string() != "2026-01-10"));
    // A later --today sees the commit after today.
    let later = changes(
        plan.root(),
        &Config::default(),
        "2026-03-06".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(later[0].to.as_deref(), Some("Stay (after today)"));
}

#[test]
fn days_are_the_plans_days() {
    let plan = TestPlan::new();
    let dir = plan.root();
    git(dir, "2026-01-01T12:00:00Z", &["init", "-q"]);
    write(dir, "content/posts/a.md", &post("A", "2026-03-02", "draft"));
    commit(dir, "2026-01-01T12:00:00Z");
    write(
        dir,
        "content/posts/a.md",
        &post("A", "2026-03-02", "review"),
    );
    // Late on the 15th in UTC, already the 16th in Auckland.
    commit(dir, "2026-02-15T23:30:00Z");
    assert_eq!(changes(dir, &Config::default(), today()), Some(Vec::new()));
    let auckland = Config {
        timezone: jiff::tz::TimeZone::get("Pacific/Auckland").unwrap(),
        ..Config::default()
    };
    let found = changes(dir, &auckland, today()).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].date.to_string(), "2026-02-16");
}

#[test]
fn no_history_is_none() {
    let plain = TestPlan::new().persona("ann", "[blog]");
    assert_eq!(changes(plain.root(), &Config::default(), today()), None);

    let one = TestPlan::new().persona("ann", "[blog]");
    git(one.root(), "2026-02-20T10:00:00Z", &["init", "-q"]);
    assert_eq!(
        changes(one.root(), &Config::default(), today()),
        None,
        "no commit yet"
    );
    commit(one.root(), "2026-02-20T10:00:00Z");
    assert_eq!(
        changes(one.root(), &Config::default(), today()),
        None,
        "one commit"
    );

    let full = plan_with_history();
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", full.root().display());
    git(
        clones.path(),
        "2026-02-20T10:00:00Z",
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clones.path().join("shallow");
    assert_eq!(changes(&shallow, &Config::default(), today()), None);
    let built = crate::support::run_in(&shallow, &["build"]);
    built.no_panic();
    assert_eq!(
        built.code(),
        0,
        "a shallow clone builds: {}",
        built.stderr()
    );
    assert!(shallow.join("site/changes/index.html").is_file());
}

#[test]
fn a_plan_in_a_sub_folder_of_its_repository() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path();
    git(dir, "2026-01-01T12:00:00Z", &["init", "-q"]);
    write(
        dir,
        "plans/spring/content/posts/a.md",
        &post("A", "2026-03-02", "draft"),
    );
    write(
        dir,
        "content/posts/a.md",
        &post("Another plan's", "2026-03-02", "draft"),
    );
    commit(dir, "2026-01-01T12:00:00Z");
    write(
        dir,
        "plans/spring/content/posts/a.md",
        &post("A", "2026-03-02", "review"),
    );
    write(
        dir,
        "content/posts/a.md",
        &post("Another plan's", "2026-03-09", "draft"),
    );
    commit(dir, "2026-02-20T12:00:00Z");
    let found = changes(&dir.join("plans/spring"), &Config::default(), today()).unwrap();
    assert_eq!(
        summary(&found),
        [change(
            ChangeKind::Status,
            Kind::Post,
            "a",
            Some("draft"),
            Some("review")
        )]
    );
}

#[test]
fn the_users_git_settings_change_nothing_that_is_read() {
    // A plan in a sub-folder, a merged branch and an author with accents: what
    // the settings below would each change, were they not turned off.
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path();
    let plan = dir.join("plans/spring");
    git(dir, "2026-01-01T12:00:00Z", &["init", "-q"]);
    let a = "plans/spring/content/posts/a.md";
    write(dir, a, &post("A", "2026-03-02", "draft"));
    commit(dir, "2026-01-01T12:00:00Z");
    git(
        dir,
        "2026-02-20T10:00:00Z",
        &["checkout", "-q", "-b", "side"],
    );
    write(
        dir,
        "plans/spring/content/posts/b.md",
        &post("B", "2026-03-09", "draft"),
    );
    commit(dir, "2026-02-20T10:00:00Z");
    git(dir, "2026-02-21T10:00:00Z", &["checkout", "-q", "-"]);
    write(dir, a, &post("A", "2026-03-02", "review"));
    git(dir, "2026-02-21T10:00:00Z", &["add", "-A", "."]);
    let status = git_command(dir, "2026-02-21T10:00:00Z")
        .env("GIT_AUTHOR_NAME", "Zoë Núñez")
        .args(["commit", "-q", "-m", "Review A"])
        .status()
        .unwrap();
    assert!(status.success());
    git(
        dir,
        "2026-02-22T10:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "Merge side", "side"],
    );
    let read = || changes(&plan, &Config::default(), today()).expect("a history");
    let plain = read();
    assert_eq!(
        summary(&plain),
        [
            change(ChangeKind::Added, Kind::Post, "b", None, Some("B")),
            change(
                ChangeKind::Status,
                Kind::Post,
                "a",
                Some("draft"),
                Some("review")
            ),
        ],
        "the merge lists what it brought, once"
    );
    assert_eq!(plain[1].author, "Zoë Núñez");

    for (key, value) in [
        ("diff.relative", "true"),
        ("log.diffMerges", "combined"),
        ("i18n.logOutputEncoding", "ISO-8859-1"),
        ("log.showSignature", "true"),
        ("color.ui", "always"),
        ("diff.renames", "copies"),
        ("core.quotePath", "true"),
        ("log.decorate", "full"),
        ("log.abbrevCommit", "true"),
        ("format.pretty", "oneline"),
    ] {
        git(dir, "2026-02-22T10:00:00Z", &["config", key, value]);
    }
    assert_eq!(read(), plain, "a setting changed what was read");
}

#[test]
fn without_git_the_build_lists_no_changes_and_succeeds() {
    let plan = plan_with_history();
    let out = tempfile::tempdir().unwrap();
    let no_programs = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_outcare"))
        .args(["build", "--out", out.path().to_str().unwrap()])
        .current_dir(plan.root())
        .env("OUTCARE_TODAY", TODAY)
        .env("PATH", no_programs.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("plan.json"))).unwrap();
    assert!(
        json["changes"].is_null(),
        "git was found: {}",
        json["changes"]
    );
    assert_says_history_is_not_available(out.path());
}

/// The changes page and the overview's box of a site built without history:
/// one sentence for readers, and nothing of git or workflows, which are the
/// editors' business (README.md and docs/guide.md tell them).
fn assert_says_history_is_not_available(out: &Path) {
    let sentence = "The plan's history is not available for this build, so this page cannot show what changed.";
    let page = read(&out.join("changes/index.html"));
    let main = &page[page.find("<main").expect("a main")..page.find("</main>").expect("closed")];
    assert_eq!(main.matches("</p>").count(), 1, "one paragraph: {main}");
    assert!(main.contains(sentence), "{main}");
    let overview = read(&out.join("index.html"));
    let at = overview
        .find("<section aria-labelledby=\"recent-changes\">")
        .expect("the overview's box of changes");
    let section = &overview[at..at + overview[at..].find("</section>").expect("closed")];
    assert!(
        section.contains("The plan's history is not available for this build."),
        "{section}"
    );
    for (name, html) in [("changes page", main), ("overview", section)] {
        for editors_word in ["fetch-depth", "checkout", "git history", "clone", "<code>"] {
            assert!(
                !html.contains(editors_word),
                "{name} says {editors_word}:\n{html}"
            );
        }
    }
}

/// The loose object file of `rev` in the repository at `dir`.
fn object_file(dir: &Path, rev: &str) -> std::path::PathBuf {
    let out = Command::new("git")
        .args(["rev-parse", rev])
        .current_dir(dir)
        .output()
        .unwrap();
    let hash = String::from_utf8(out.stdout).unwrap().trim().to_string();
    dir.join(".git/objects").join(&hash[..2]).join(&hash[2..])
}

fn corrupt(path: &Path) {
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(path, permissions).unwrap();
    std::fs::write(path, b"not a zlib stream at all").unwrap();
}

#[test]
fn corrupt_objects_do_not_panic_or_fail_the_build() {
    let plan = plan_with_history();
    let blob = object_file(plan.root(), "HEAD~1:content/posts/title-me.md");
    corrupt(&blob);
    // Whatever could be read, or nothing: never a panic.
    if let Some(found) = changes(plan.root(), &Config::default(), today()) {
        assert!(
            found
                .iter()
                .all(|c| c.slug != "title-me" || c.kind != ChangeKind::Retitled)
        );
    }
    let out = tempfile::tempdir().unwrap();
    let built = plan.run(&["build", "--out", out.path().to_str().unwrap()]);
    built.no_panic();
    assert_eq!(built.code(), 0, "{}", built.stderr());

    let commit = object_file(plan.root(), "HEAD~1");
    corrupt(&commit);
    assert_eq!(changes(plan.root(), &Config::default(), today()), None);
    let built = plan.run(&["build", "--out", out.path().to_str().unwrap()]);
    built.no_panic();
    assert_eq!(built.code(), 0, "{}", built.stderr());
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_site_shows_the_changes() {
    let plan = plan_with_history();
    let out = tempfile::tempdir().unwrap();
    let built = plan.run(&["build", "--out", out.path().to_str().unwrap()]);
    assert_eq!(built.code(), 0, "{}", built.stderr());
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("plan.json"))).unwrap();
    let listed = json["changes"].as_array().expect("a list");
    assert_eq!(listed.len(), 6);
    let keys: Vec<&str> = listed[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "author", "commit", "date", "entry", "from", "kind", "slug", "to"
        ]
    );
    assert_eq!(listed[5]["entry"], "feedback");
    assert_eq!(listed[1]["kind"], "rescheduled");
    let page = read(&out.path().join("changes/index.html"));
    assert!(
        page.contains("<q>2026-03-10</q> to <q>2026-03-17T09:30</q>"),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="../posts/title-me/index.html">New title</a> retitled"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<span class="removed">Remove me</span> removed"#),
        "{page}"
    );
    let overview = read(&out.path().join("index.html"));
    assert!(
        overview.contains(r#"href="changes/index.html">All 6 changes"#),
        "{overview}"
    );
}

#[test]
fn without_history_the_page_tells_readers_in_a_sentence_that_it_is_not_available() {
    let plan = TestPlan::new()
        .persona("ann", "[blog]")
        .pain_point("knees", "[ann]")
        .file("content/posts/a.md", post("A", "2026-03-02", "draft"));
    let out = tempfile::tempdir().unwrap();
    let built = plan.run(&["build", "--out", out.path().to_str().unwrap()]);
    assert_eq!(built.code(), 0, "{}", built.stderr());
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.path().join("plan.json"))).unwrap();
    assert!(json["changes"].is_null());
    assert_says_history_is_not_available(out.path());
}

/// The `<details>` elements of some HTML that hold a commit's changes, whole.
fn details_in(html: &str) -> Vec<&str> {
    html.match_indices("<details class=\"commit-changes\">")
        .map(|(at, _)| {
            let end = html[at..].find("</details>").expect("closed") + at;
            &html[at..end + "</details>".len()]
        })
        .collect()
}

#[test]
fn a_commit_of_many_entries_is_one_line_that_opens_to_its_list() {
    let plan = TestPlan::new()
        .persona("ann", "[blog]")
        .pain_point("knees", "[ann]");
    let dir = plan.root();
    git(dir, "2026-02-01T12:00:00Z", &["init", "-q"]);
    for slug in ["old-1", "old-2", "keep"] {
        write(
            dir,
            &format!("content/posts/{slug}.md"),
            &post(slug, "2026-03-02", "draft"),
        );
    }
    commit(dir, "2026-02-01T12:00:00Z");
    // Near miss, two days before: five entries, one of them changed twice,
    // are listed one by one.
    write(
        dir,
        "content/posts/keep.md",
        &post("Kept, retitled", "2026-03-03", "draft"),
    );
    for slug in ["few-1", "few-2", "few-3", "few-4"] {
        write(
            dir,
            &format!("content/posts/{slug}.md"),
            &post(&format!("Few {slug}"), "2026-03-10", "idea"),
        );
    }
    git(dir, "2026-02-25T12:00:00Z", &["add", "-A", "."]);
    git(
        dir,
        "2026-02-25T12:00:00Z",
        &["commit", "-q", "-m", "A few more"],
    );

    // Six entries: four added, two removed.
    for slug in ["new-1", "new-2", "new-3", "new-4"] {
        write(
            dir,
            &format!("content/posts/{slug}.md"),
            &post(&format!("Imported {slug}"), "2026-03-09", "idea"),
        );
    }
    for slug in ["old-1", "old-2"] {
        std::fs::remove_file(dir.join(format!("content/posts/{slug}.md"))).unwrap();
    }
    git(dir, "2026-02-27T12:00:00Z", &["add", "-A", "."]);
    git(
        dir,
        "2026-02-27T12:00:00Z",
        &["commit", "-q", "-m", "Import the calendar"],
    );
    let out = tempfile::tempdir().unwrap();
    let built = plan.run(&["build", "--out", out.path().to_str().unwrap()]);
    assert_eq!(built.code(), 0, "{}", built.stderr());
    let page = read(&out.path().join("changes/index.html"));
    let details = details_in(&page);
    assert_eq!(details.len(), 1, "{page}");
    let import = details[0];
    assert!(
        import.contains(
            "<summary>6 entries in <q>Import the calendar</q>: 4 added, 2 removed <span class=\"muted\">by Ann Editor,"
        ),
        "{import}"
    );
    // The full list inside, each change as the page shows it alone.
    assert_eq!(import.matches("<li>").count(), 6, "{import}");
    for slug in ["new-1", "new-2", "new-3", "new-4"] {
        assert!(
            import.contains(&format!(
                "<a href=\"../posts/{slug}/index.html\">Imported {slug}</a> added"
            )),
            "{import}"
        );
    }
    for slug in ["old-1", "old-2"] {
        assert!(
            import.contains(&format!("<span class=\"removed\">{slug}</span> removed")),
            "{import}"
        );
    }
    // The few: listed as before, outside any `<details>`.
    let outside = page.replace(import, "");
    assert!(
        outside.contains("<a href=\"../posts/keep/index.html\">Kept, retitled</a> retitled"),
        "{page}"
    );
    assert!(
        outside.contains("<a href=\"../posts/keep/index.html\">Kept, retitled</a> rescheduled"),
        "{page}"
    );
    for slug in ["few-1", "few-2", "few-3", "few-4"] {
        assert!(
            outside.contains(&format!(
                "<a href=\"../posts/{slug}/index.html\">Few {slug}</a> added"
            )),
            "{page}"
        );
    }
    // The overview's box shows the import as its one line too.
    let overview = read(&out.path().join("index.html"));
    let boxed = details_in(&overview);
    assert_eq!(boxed.len(), 1, "{overview}");
    assert!(
        boxed[0].contains("6 entries in <q>Import the calendar</q>: 4 added, 2 removed"),
        "{overview}"
    );
}
