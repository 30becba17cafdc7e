//! `outcare init` and `outcare new`, end to end through the binary.

use std::path::Path;

use crate::support::{Run, run_in};

/// Every file under `dir`, relative and sorted, so "nothing was written" is checkable.
fn listing(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A fresh plan from `init`, in `<tmp>/plan`.
fn initialised() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["init", "plan"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    let plan = tmp.path().join("plan");
    (tmp, plan)
}

fn new(plan: &Path, args: &[&str]) -> Run {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    run_in(plan, &all)
}

fn flags_of(plan: &Path, today: &str) -> Vec<serde_json::Value> {
    let run = run_in(plan, &["check", "--format", "json", "--today", today]);
    run.no_panic();
    run.json()["flags"].as_array().unwrap().clone()
}

#[test]
fn init_writes_a_plan_that_checks_clean_and_builds() {
    let (_tmp, plan) = initialised();
    for file in [
        "outcare.yaml",
        ".gitignore",
        "README.md",
        ".github/workflows/outcare.yml",
        "content/posts/ideas/saturday-baking-for-kids.md",
        "content/posts/2026/03/why-sourdough-comes-out-flat.md",
    ] {
        assert!(plan.join(file).is_file(), "init wrote no {file}");
    }
    let check = run_in(&plan, &["check"]);
    assert_eq!(check.code(), 0, "{}", check.stdout());
    assert!(
        check.stdout().contains("no problems found"),
        "{}",
        check.stdout()
    );
    let build = run_in(
        &plan,
        &["build", "--base-url", "https://team.github.io/plan"],
    );
    assert_eq!(build.code(), 0, "{}", build.stderr());
    let plan_json = std::fs::read_to_string(plan.join("site/plan.json")).unwrap();
    assert!(
        plan_json.contains("https://team.github.io/plan/posts/"),
        "--base-url did not reach plan.json"
    );
    assert_eq!(
        std::fs::read_to_string(plan.join(".gitignore")).unwrap(),
        "site/\n"
    );
}

#[test]
fn the_example_is_clean_whichever_month_it_starts_in() {
    // Months of 28 to 31 days, starting on every weekday, and today early and late
    // in the month: the cadence, silence and overdue rules all depend on the calendar.
    for today in [
        "2026-02-01",
        "2026-06-15",
        "2027-02-28",
        "2027-03-31",
        "2027-08-04",
        "2028-02-29",
        "2028-10-09",
        "2029-04-22",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let run = run_in(tmp.path(), &["init", "--today", today]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        let flags = flags_of(tmp.path(), today);
        assert!(flags.is_empty(), "starting on {today}: {flags:#?}");
    }
}

#[test]
fn init_prints_what_it_wrote_and_what_to_do_next() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["init", "plan"]);
    let out = run.stdout();
    assert!(out.contains("  .github/workflows/outcare.yml\n"), "{out}");
    assert!(out.contains("cd plan"), "{out}");
    assert!(out.contains("outcare check"), "{out}");
    assert!(out.contains("outcare serve"), "{out}");
}

#[test]
fn init_works_beside_git() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join(".git/objects")).unwrap();
    std::fs::write(tmp.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let run = run_in(tmp.path(), &["init"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(tmp.path().join("outcare.yaml").is_file());
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
}

#[test]
fn init_refuses_a_folder_with_anything_in_it_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let before = listing(tmp.path());
    let run = run_in(tmp.path(), &["init"]);
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("notes.txt"), "{}", run.stderr());
    assert!(run.stderr().contains("not empty"), "{}", run.stderr());
    assert_eq!(listing(tmp.path()), before);
}

#[test]
fn new_post_lands_in_its_month_and_passes_check() {
    let (_tmp, plan) = initialised();
    let run = new(
        &plan,
        &[
            "post",
            "spring-hours",
            "--date",
            "2026-03-19",
            "--channel",
            "instagram",
            "--pain-point",
            "school-morning-rush",
            "--title",
            "Spring hours: open at 7",
            "--owner",
            "Ana",
        ],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let path = "content/posts/2026/03/spring-hours.md";
    assert!(run.stdout().contains(path), "{}", run.stdout());
    let text = std::fs::read_to_string(plan.join(path)).unwrap();
    assert!(
        text.contains("title: \"Spring hours: open at 7\"\n"),
        "{text}"
    );
    let about_it: Vec<_> = flags_of(&plan, crate::support::TODAY)
        .into_iter()
        .filter(|f| f["file"] == path)
        .collect();
    assert!(about_it.is_empty(), "{about_it:#?}");
}

#[test]
fn a_post_without_a_date_is_an_idea() {
    let (_tmp, plan) = initialised();
    let run = new(
        &plan,
        &[
            "post",
            "bake-along",
            "--channel",
            "instagram",
            "--pain-point",
            "sourdough-comes-out-flat",
        ],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = std::fs::read_to_string(plan.join("content/posts/ideas/bake-along.md")).unwrap();
    assert!(text.contains("status: idea\n"), "{text}");
    assert!(text.contains("title: Bake along\n"), "{text}");
    let check = run_in(&plan, &["check"]);
    assert_eq!(check.code(), 0, "{}", check.stdout());
}

#[test]
fn new_says_what_a_post_still_lacks() {
    let (_tmp, plan) = initialised();
    let run = new(&plan, &["post", "half-done", "--date", "2026-03-18"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let out = run.stdout();
    assert!(out.contains("no-persona-need"), "{out}");
    assert!(out.contains("--pain-point"), "{out}");
    assert!(out.contains("channel: blog"), "{out}");
    assert!(plan.join("content/posts/2026/03/half-done.md").is_file());
}

#[test]
fn new_writes_each_kind_and_the_plan_still_checks() {
    let (_tmp, plan) = initialised();
    for args in [
        &[
            "persona",
            "night-owl",
            "--name",
            "Late shopper",
            "--channel",
            "instagram",
        ][..],
        &[
            "pain-point",
            "closed-when-i-finish",
            "--persona",
            "night-owl",
        ],
        &[
            "feedback",
            "open-later",
            "--persona",
            "night-owl",
            "--pain-point",
            "closed-when-i-finish",
        ],
        &[
            "post",
            "late-opening",
            "--date",
            "2026-03-20",
            "--channel",
            "instagram",
            "--pain-point",
            "closed-when-i-finish",
        ],
    ] {
        let run = new(&plan, args);
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
    }
    let feedback = std::fs::read_to_string(plan.join("content/feedback/open-later.md")).unwrap();
    assert!(
        feedback.contains(&format!("received: {}\n", crate::support::TODAY)),
        "{feedback}"
    );
    assert!(plan.join("content/personas/night-owl.md").is_file());
    assert!(
        plan.join("content/pain-points/closed-when-i-finish.md")
            .is_file()
    );
    let errors: Vec<_> = flags_of(&plan, crate::support::TODAY)
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_placeholders_of_new_are_shown_nowhere_on_the_site() {
    let (_tmp, plan) = initialised();
    // The feedback body too, which the site shows only under `full`.
    let config = std::fs::read_to_string(plan.join("outcare.yaml")).unwrap();
    let full = config.replace("  feedback: summary\n", "  feedback: full\n");
    assert_ne!(full, config, "the scaffold's publish: setting moved");
    std::fs::write(plan.join("outcare.yaml"), full).unwrap();
    for args in [
        &["persona", "night-owl", "--channel", "instagram"][..],
        &["pain-point", "closed-late", "--persona", "night-owl"],
        &["feedback", "open-later", "--pain-point", "closed-late"],
        &[
            "post",
            "late-opening",
            "--date",
            "2026-03-20",
            "--channel",
            "instagram",
            "--pain-point",
            "closed-late",
        ],
    ] {
        let run = new(&plan, args);
        assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
    }
    let post = std::fs::read_to_string(plan.join("content/posts/2026/03/late-opening.md")).unwrap();
    assert!(
        post.contains("<!-- What the post says, and what the reader should take away from it. -->"),
        "{post}"
    );
    let run = run_in(&plan, &["build"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    let placeholders = [
        "hang out and what they care about",
        "in the words customers use for it",
        "and what we did about it",
        "what the reader should take away",
    ];
    let mut pages = 0;
    for file in walk(&plan.join("site")) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for placeholder in placeholders {
            assert!(
                !text.contains(placeholder),
                "{}: {placeholder}",
                file.display()
            );
        }
        pages += 1;
    }
    assert!(pages > 10, "{pages} files built");
    // The pages of the new entries were built, and read without the comments.
    let page = std::fs::read_to_string(plan.join("site/posts/late-opening/index.html")).unwrap();
    assert!(!page.contains("&lt;!--"), "{page}");
}

/// Text that YAML reads as something else unless written with care: quotes,
/// comments, `: `, list and flow starts, words YAML takes for other types, and
/// the line breaks only YAML sees (U+2028 and its kin).
const TRICKY_TEXT: [&str; 26] = [
    "Tom \"the baker\" Smith",
    "\"quoted\" at the start",
    "'single' at the start",
    "Henk's bread",
    "#1 tip",
    "tip #1",
    "Spring hours: open at 7",
    "ends with a colon:",
    "- not a list",
    "-leading dash",
    "? a question",
    "[not, a, list]",
    "{not: a map}",
    "&anchor",
    "*alias",
    "!tag",
    "| pipe",
    "> fold",
    "% percent",
    "@handle",
    "yes",
    "null",
    "2026",
    "Launch\u{2028}day",
    "Ana\u{2029} and\u{85}  Bram",
    "back\\slash and \ttab",
];

#[test]
fn new_writes_text_that_reads_back_exactly() {
    // A title, owner or campaign with U+2028, or quotes in the wrong place,
    // came back from the loader as something else, or not at all (issue 16).
    let plan = crate::support::healthy();
    for (i, text) in TRICKY_TEXT.iter().enumerate() {
        let slug = format!("p{i}");
        // `--key=value`, so that a value starting with `-` is not taken for a flag.
        let run = new(
            plan.root(),
            &[
                "post",
                &slug,
                "--channel=blog",
                &format!("--title={text}"),
                &format!("--owner={text}"),
                &format!("--campaign={text}"),
            ],
        );
        assert_eq!(run.code(), 0, "{text:?}: {}", run.stderr());
        let run = new(
            plan.root(),
            &[
                "persona",
                &format!("person-{i}"),
                "--channel=blog",
                &format!("--name={text}"),
            ],
        );
        assert_eq!(run.code(), 0, "{text:?}: {}", run.stderr());
    }
    let loaded = outcare::load::load(plan.root()).unwrap();
    let problems: Vec<_> = loaded
        .flags
        .iter()
        .filter(|f| f.severity == outcare::diagnostic::Severity::Error)
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    for (i, text) in TRICKY_TEXT.iter().enumerate() {
        let post = loaded
            .plan
            .posts
            .iter()
            .find(|p| p.slug == format!("p{i}"))
            .unwrap_or_else(|| panic!("{text:?}: the post was not read"));
        assert_eq!(post.title, *text, "title");
        assert_eq!(post.owner.as_deref(), Some(*text), "owner");
        assert_eq!(post.campaign.as_deref(), Some(*text), "campaign");
        let persona = loaded
            .plan
            .personas
            .iter()
            .find(|p| p.slug == format!("person-{i}"))
            .unwrap_or_else(|| panic!("{text:?}: the persona was not read"));
        assert_eq!(persona.name, *text, "name");
    }
}

#[test]
fn new_suggests_a_slug_in_plain_letters() {
    // Every letter that was not ASCII became a `-` (issue 16: `…-espa-ol`).
    let plan = crate::support::healthy();
    let run = new(plan.root(), &["post", "hora-del-cuento-español"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("try `outcare new post hora-del-cuento-espanol`"),
        "{}",
        run.stderr()
    );
    let run = new(plan.root(), &["post", "Весенняя распродажа"]);
    assert!(
        run.stderr()
            .contains("try `outcare new post vesenniaia-rasprodazha`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn new_refuses_a_bad_slug() {
    let (_tmp, plan) = initialised();
    let before = listing(&plan);
    for slug in ["Spring Hours", "x.y", "caf\u{e9}", "a_b"] {
        let run = new(&plan, &["post", slug, "--channel", "blog"]);
        assert_eq!(run.code(), 1, "{slug}");
        assert!(
            run.stderr().contains("is not a valid slug"),
            "{}",
            run.stderr()
        );
    }
    let run = new(&plan, &["persona", "Spring Hours"]);
    assert!(
        run.stderr().contains("outcare new persona spring-hours"),
        "{}",
        run.stderr()
    );
    assert_eq!(listing(&plan), before);
}

#[test]
fn new_refuses_unknown_references_with_a_suggestion() {
    let (_tmp, plan) = initialised();
    let before = listing(&plan);
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "post",
                "p",
                "--channel",
                "blog",
                "--pain-point",
                "bread-gone-stale",
            ],
            "did you mean `bread-goes-stale`?",
        ),
        (
            &["post", "p", "--channel", "instagam"],
            "did you mean `instagram`?",
        ),
        (
            &["pain-point", "p", "--persona", "home-bakr"],
            "did you mean `home-baker`?",
        ),
        (
            &[
                "post",
                "p",
                "--date",
                "2026-03-04",
                "--channel",
                "instagram",
                "--responds-to",
                "seeded-rye-sold",
            ],
            "did you mean `seeded-rye-sold-out`?",
        ),
    ];
    for (args, hint) in cases {
        let run = new(&plan, args);
        assert_eq!(run.code(), 1, "{args:?}");
        assert!(run.stderr().contains(hint), "{args:?}: {}", run.stderr());
        assert!(
            run.stderr().contains("nothing was written"),
            "{}",
            run.stderr()
        );
    }
    assert_eq!(listing(&plan), before);
}

#[test]
fn new_never_overwrites_even_in_another_folder() {
    let (_tmp, plan) = initialised();
    let existing = plan.join("content/posts/2026/03/keep-a-loaf-fresh.md");
    let before = std::fs::read_to_string(&existing).unwrap();
    // Same month (same path), another month, and an idea: all the same slug.
    for date in [Some("2026-03-10"), Some("2026-05-01"), None] {
        let mut args = vec!["post", "keep-a-loaf-fresh", "--channel", "blog"];
        if let Some(date) = date {
            args.extend(["--date", date]);
        }
        let run = new(&plan, &args);
        assert_eq!(run.code(), 1, "{date:?}");
        assert!(run.stderr().contains("already exists"), "{}", run.stderr());
        assert!(
            run.stderr()
                .contains("content/posts/2026/03/keep-a-loaf-fresh.md"),
            "{}",
            run.stderr()
        );
    }
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), before);
    assert!(!plan.join("content/posts/2026/05").exists());
    assert!(
        !plan
            .join("content/posts/ideas/keep-a-loaf-fresh.md")
            .exists()
    );
}

#[cfg(unix)]
#[test]
fn new_never_writes_through_a_symlink_out_of_the_plan() {
    let (_tmp, plan) = initialised();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(plan.join("content/posts/2027")).unwrap();
    std::os::unix::fs::symlink(outside.path(), plan.join("content/posts/2027/03")).unwrap();
    let before = listing(&plan);
    let args = [
        "post",
        "spring-news",
        "--channel",
        "blog",
        "--date",
        "2027-03-04",
    ];
    let run = new(&plan, &args);
    run.no_panic();
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    assert!(
        stderr.contains("content/posts/2027/03") && stderr.contains("outside the plan"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(listing(outside.path()), Vec::<String>::new());
    assert_eq!(listing(&plan), before);
    // As check says of the same folder.
    let flags = flags_of(&plan, "2026-03-01");
    assert!(
        flags
            .iter()
            .any(|f| f["file"] == "content/posts/2027/03" && f["severity"] == "error"),
        "{flags:?}"
    );

    // A link higher up, to a folder the new one would be made in.
    std::fs::remove_file(plan.join("content/posts/2027/03")).unwrap();
    std::fs::remove_dir(plan.join("content/posts/2027")).unwrap();
    std::os::unix::fs::symlink(outside.path(), plan.join("content/posts/2027")).unwrap();
    let run = new(&plan, &args);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("content/posts/2027"),
        "{}",
        run.stderr()
    );
    assert_eq!(listing(outside.path()), Vec::<String>::new());

    // Into the repository's own folder, inside the plan but never an entry's.
    std::fs::remove_file(plan.join("content/posts/2027")).unwrap();
    std::fs::create_dir_all(plan.join(".git/hooks")).unwrap();
    std::os::unix::fs::symlink("../../.git/hooks", plan.join("content/posts/2027")).unwrap();
    let run = new(&plan, &args);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains(".git"), "{}", run.stderr());
    assert_eq!(listing(&plan.join(".git/hooks")), Vec::<String>::new());

    // A link that stays inside the plan is written through, as check reads it.
    std::fs::remove_file(plan.join("content/posts/2027")).unwrap();
    std::fs::create_dir_all(plan.join("archive/2027")).unwrap();
    std::os::unix::fs::symlink("../../archive/2027", plan.join("content/posts/2027")).unwrap();
    let run = new(&plan, &args);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(plan.join("archive/2027/03/spring-news.md").is_file());
}

#[test]
fn new_refuses_a_slug_whose_file_exists_in_another_case() {
    // `Launch.md` and `launch.md` are one file on macOS and Windows, and a
    // duplicate slug to check everywhere.
    let plan =
        crate::support::healthy().file("content/posts/2026/Launch.md", "---\ntitle: x\n---\n");
    let run = new(plan.root(), &["post", "launch", "--channel", "blog"]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert!(
        run.stderr()
            .contains("already exists in content/posts/2026/Launch.md"),
        "{}",
        run.stderr()
    );
    assert!(!plan.root().join("content/posts/ideas/launch.md").exists());
}

#[test]
fn new_refuses_flags_that_do_not_belong_to_the_kind() {
    let (_tmp, plan) = initialised();
    let run = new(
        &plan,
        &["persona", "p", "--date", "2026-03-01", "--channel", "blog"],
    );
    assert_eq!(run.code(), 1);
    assert!(run.stderr().contains("--date"), "{}", run.stderr());
    assert!(!plan.join("content/personas/p.md").exists());
}

#[test]
fn build_refuses_a_base_url_that_is_not_a_web_address() {
    let (_tmp, plan) = initialised();
    let run = run_in(&plan, &["build", "--base-url", "team.github.io"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(!plan.join("site").exists());
}

/// The example's slugs and names, none of which an empty plan may carry.
fn example_words() -> Vec<String> {
    let (_tmp, plan) = initialised();
    let mut words = vec!["Fernhill".to_string(), "bakery".to_string()];
    for path in listing(&plan.join("content")) {
        let stem = Path::new(&path).file_stem().unwrap().to_string_lossy();
        words.push(stem.into_owned());
    }
    words
}

#[test]
fn init_empty_writes_settings_and_empty_kind_folders_that_check_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["init", "--empty", "plan"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    let plan = tmp.path().join("plan");
    assert_eq!(
        listing(&plan),
        [
            ".github/workflows/outcare.yml",
            ".gitignore",
            "README.md",
            "content/feedback/.gitkeep",
            "content/pain-points/.gitkeep",
            "content/personas/.gitkeep",
            "content/posts/.gitkeep",
            "outcare.yaml",
        ]
    );
    let settings = std::fs::read_to_string(plan.join("outcare.yaml")).unwrap();
    let readme = std::fs::read_to_string(plan.join("README.md")).unwrap();
    for word in example_words() {
        assert!(
            !settings.contains(&word),
            "outcare.yaml names `{word}`:\n{settings}"
        );
        assert!(
            !readme.contains(&word),
            "README.md names `{word}`:\n{readme}"
        );
    }
    assert!(!run.stdout().contains("example"), "{}", run.stdout());
    // The hidden `.gitkeep` files are no entries and draw no `skipped-file`.
    assert_eq!(
        flags_of(&plan, "2027-02-14"),
        Vec::<serde_json::Value>::new()
    );
    let check = run_in(&plan, &["check"]);
    assert_eq!(check.code(), 0, "{}{}", check.stdout(), check.stderr());
    // The README's first steps work on the empty plan.
    for args in [
        &[
            "new",
            "persona",
            "regular-customer",
            "--channel",
            "instagram",
        ][..],
        &[
            "new",
            "pain-point",
            "no-time-to-cook",
            "--persona",
            "regular-customer",
        ],
    ] {
        let line = args.join(" ");
        assert!(readme.contains(&line), "README.md lacks `outcare {line}`");
        let run = run_in(&plan, args);
        assert_eq!(run.code(), 0, "{line}: {}{}", run.stdout(), run.stderr());
    }
}

#[test]
fn the_example_s_readme_says_how_to_start_clean() {
    let (_tmp, plan) = initialised();
    let readme = std::fs::read_to_string(plan.join("README.md")).unwrap();
    assert!(readme.contains("outcare init --empty"), "{readme}");
    assert!(readme.contains("removed"), "{readme}");
}

#[test]
fn new_takes_a_channel_in_lowercase_when_its_key_has_capitals() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path();
    std::fs::create_dir(plan.join("content")).unwrap();
    std::fs::write(
        plan.join("outcare.yaml"),
        "channels:\n  TikTok: {color: \"#000000\"}\n",
    )
    .unwrap();
    let run = new(plan, &["post", "dance", "--channel", "tiktok"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    let text = std::fs::read_to_string(plan.join("content/posts/ideas/dance.md")).unwrap();
    assert!(text.contains("channel: tiktok\n"), "{text}");
}

#[test]
fn new_post_takes_tags() {
    let plan = crate::support::healthy();
    let run = new(
        plan.root(),
        &[
            "post",
            "story-time",
            "--channel=blog",
            "--pain-point=knee-pain",
            "--tags",
            "events, Story time,Events",
            "--tags=kids",
        ],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text =
        std::fs::read_to_string(plan.root().join("content/posts/ideas/story-time.md")).unwrap();
    assert!(
        text.contains("\ntags: [events, \"Story time\", kids]\n"),
        "{text}"
    );
    assert!(!run.stdout().contains("will report"), "{}", run.stdout());

    // Tags read back as given, whatever their characters.
    for (i, tag) in TRICKY_TEXT.iter().filter(|t| !t.contains(',')).enumerate() {
        let slug = format!("t{i}");
        let run = new(
            plan.root(),
            &["post", &slug, "--channel=blog", &format!("--tags={tag}")],
        );
        assert_eq!(run.code(), 0, "{tag:?}: {}", run.stderr());
    }
    let loaded = outcare::load::load(plan.root()).unwrap();
    for (i, tag) in TRICKY_TEXT.iter().filter(|t| !t.contains(',')).enumerate() {
        let post = loaded
            .plan
            .posts
            .iter()
            .find(|p| p.slug == format!("t{i}"))
            .unwrap();
        assert_eq!(post.tags, [tag.trim()], "{tag:?}");
    }
    assert!(
        loaded.flags.iter().all(|f| !f.file.contains("/t")),
        "{:#?}",
        loaded.flags
    );

    // An empty tag, or tags on anything but a post, write nothing.
    let run = new(
        plan.root(),
        &["post", "empty", "--channel=blog", "--tags", "a,,b"],
    );
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("`--tags` has an empty tag"),
        "{}",
        run.stderr()
    );
    assert!(!plan.root().join("content/posts/ideas/empty.md").exists());
    let run = new(
        plan.root(),
        &["persona", "kid", "--channel=blog", "--tags=events"],
    );
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains("--tags does not go into a persona"),
        "{}",
        run.stderr()
    );
}

/// `teen` has two needs, `teen-games` already served; `senior` has the
/// alphabetically first need, which belongs to no teen.
fn library_plan() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let files = [
        (
            "content/personas/teen.md",
            "name: Teen\nchannels: [instagram]",
        ),
        (
            "content/personas/senior.md",
            "name: Senior\nchannels: [newsletter]",
        ),
        (
            "content/pain-points/abc-card-benefits.md",
            "title: Card benefits\npersonas: [senior]",
        ),
        (
            "content/pain-points/teen-games.md",
            "title: Games\npersonas: [teen]",
        ),
        (
            "content/pain-points/teen-homework.md",
            "title: Homework\npersonas: [teen]",
        ),
        (
            "content/posts/game-night.md",
            "title: Game night\ndate: 2026-03-02\nchannel: instagram\npain_points: [teen-games]",
        ),
        (
            "content/posts/card-day.md",
            "title: Card day\ndate: 2026-03-03\nchannel: newsletter\npain_points: [abc-card-benefits]",
        ),
        (
            "content/posts/card-week.md",
            "title: Card week\ndate: 2026-03-10\nchannel: newsletter\npain_points: [abc-card-benefits]",
        ),
    ];
    for (path, front_matter) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("---\n{front_matter}\n---\n")).unwrap();
    }
    tmp
}

#[test]
fn new_suggests_a_need_of_the_post_s_personas_least_served_first() {
    // It suggested the plan's first pain point by slug, whoever it belonged
    // to (issue 17, item 4).
    let tmp = library_plan();
    let run = new(
        tmp.path(),
        &["post", "x", "--persona", "teen", "--channel", "instagram"],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout()
            .contains("without `pain_points: [teen-homework]`"),
        "{}",
        run.stdout()
    );
    let run = new(tmp.path(), &["post", "y", "--channel", "instagram"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout()
            .contains("without `pain_points: [teen-homework]`"),
        "{}",
        run.stdout()
    );
}

#[test]
fn new_suggests_a_channel_by_its_spelling_or_its_name() {
    // Issue 17, item 6: `--channel "Tik Tok"` and `--channel email` found
    // nothing to suggest.
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path();
    std::fs::create_dir(plan.join("content")).unwrap();
    std::fs::write(
        plan.join("outcare.yaml"),
        "channels:\n  tiktok: {name: TikTok}\n  newsletter: {name: Email newsletter}\n",
    )
    .unwrap();
    for (channel, meant) in [("Tik Tok", "tiktok"), ("email", "newsletter")] {
        let run = new(plan, &["post", "p", "--channel", channel]);
        assert_eq!(run.code(), 1, "{}", run.stdout());
        assert!(
            run.stderr().contains(&format!("did you mean `{meant}`?")),
            "{channel}: {}",
            run.stderr()
        );
    }
    assert!(!plan.join("content/posts").exists());
}

#[test]
fn new_post_takes_a_series_a_due_day_a_stage_and_a_body() {
    // `new` had no --due, --repeat, --until, --stage or --body (issue 17, item 7).
    let (_tmp, plan) = initialised();
    let run = new(
        &plan,
        &[
            "post",
            "story-time",
            "--date",
            "2026-03-05",
            "--repeat",
            "weekly",
            "--until",
            "2026-05-28",
            "--due",
            "2026-03-02",
            "--stage",
            "awareness",
            // It goes out this week: anything less than scheduled is `not-ready`.
            "--status",
            "scheduled",
            "--channel",
            "instagram",
            "--pain-point",
            "school-morning-rush",
            "--body",
            "Stories and songs for under-fives, every Thursday at 10.\n\nBring a blanket.",
        ],
    );
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    let path = "content/posts/2026/03/story-time.md";
    let text = std::fs::read_to_string(plan.join(path)).unwrap();
    for line in [
        "repeat: weekly\n",
        "until: 2026-05-28\n",
        "due: 2026-03-02\n",
        "stage: awareness\n",
        "---\nStories and songs for under-fives, every Thursday at 10.\n\nBring a blanket.\n",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
    assert!(!text.contains("What the post says"), "{text}");
    let after = flags_of(&plan, crate::support::TODAY);
    let about_it: Vec<_> = after.iter().filter(|f| f["file"] == path).collect();
    assert!(about_it.is_empty(), "{about_it:#?}");
    assert!(after.iter().all(|f| f["severity"] != "error"), "{after:#?}");
    // --body goes into every kind.
    let run = new(&plan, &["persona", "teen", "--body", "Reads on the bus."]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = std::fs::read_to_string(plan.join("content/personas/teen.md")).unwrap();
    assert!(text.ends_with("---\nReads on the bus.\n"), "{text}");
}

#[test]
fn new_refuses_a_bad_series_due_day_or_stage_naming_the_flag() {
    let (_tmp, plan) = initialised();
    let before = listing(&plan);
    let post = [
        "post",
        "p",
        "--channel",
        "instagram",
        "--date",
        "2026-03-05",
    ];
    let cases: [(&[&str], &[&str]); 9] = [
        (
            &["--repeat", "daily", "--until", "2026-04-01"],
            &["--repeat daily", "weekly, fortnightly or monthly"],
        ),
        (&["--repeat", "weekly"], &["--until", "the last day"]),
        (
            &["--until", "2026-04-01"],
            &["--until", "--repeat weekly, fortnightly or monthly"],
        ),
        (
            &["--repeat", "weekly", "--until", "04/01/2026"],
            &["--until 04/01/2026", "YYYY-MM-DD"],
        ),
        (
            &["--repeat", "weekly", "--until", "2026-03-01"],
            &["--until 2026-03-01", "before --date 2026-03-05"],
        ),
        (
            &["--repeat", "weekly", "--until", "2099-01-01"],
            &["--until 2099-01-01", "more than 520 dates"],
        ),
        (
            &["--due", "2026-03-09"],
            &["--due 2026-03-09", "on or before its date"],
        ),
        (&["--due", "soon"], &["--due soon", "YYYY-MM-DD"]),
        (
            &["--stage", "awarness"],
            &["--stage awarness", "did you mean `awareness`?"],
        ),
    ];
    for (extra, wanted) in cases {
        let args = [&post[..], extra].concat();
        let run = new(&plan, &args);
        assert_eq!(run.code(), 1, "{args:?}: {}", run.stdout());
        for want in wanted {
            assert!(
                run.stderr().contains(want),
                "{args:?}: {want:?} in {}",
                run.stderr()
            );
        }
        assert!(
            run.stderr().contains("nothing was written"),
            "{}",
            run.stderr()
        );
    }
    // A series needs a date to start from.
    let run = new(
        &plan,
        &[
            "post",
            "p",
            "--channel",
            "instagram",
            "--repeat",
            "weekly",
            "--until",
            "2026-04-01",
        ],
    );
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert!(run.stderr().contains("--date"), "{}", run.stderr());
    // Only posts have a series, a due day or a stage.
    let run = new(
        &plan,
        &[
            "persona",
            "p",
            "--stage",
            "awareness",
            "--due",
            "2026-03-01",
        ],
    );
    assert_eq!(run.code(), 1, "{}", run.stdout());
    assert!(run.stderr().contains("--due, --stage"), "{}", run.stderr());
    assert_eq!(listing(&plan), before);
}

#[test]
fn new_pain_point_says_to_plan_a_post_for_it() {
    // It said "until you edit it", but no edit of the pain point serves it.
    let (_tmp, plan) = initialised();
    let run = new(
        &plan,
        &["pain-point", "long-queues", "--persona", "home-baker"],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout()
            .contains("plan a post with `pain_points: [long-queues]`"),
        "{}",
        run.stdout()
    );
    assert!(
        !run.stdout().contains("until you edit it"),
        "{}",
        run.stdout()
    );
}

#[test]
fn new_tells_a_date_written_another_way_how_to_write_it() {
    let (_tmp, plan) = initialised();
    let run = new(&plan, &["feedback", "f", "--received", "11/20/2026"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr().contains(
            "`--received 11/20/2026` is not a date: write dates as YYYY-MM-DD: `2026-11-20`"
        ),
        "{}",
        run.stderr()
    );
    // Month first or day first: both readings, each as it must be written.
    let run = new(
        &plan,
        &["post", "p", "--date", "03/04/2026", "--channel", "blog"],
    );
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("`2026-03-04` (4 March 2026)")
            && stderr.contains("`2026-04-03` (3 April 2026)"),
        "{stderr}"
    );
    assert!(!plan.join("content/feedback/f.md").exists());
    assert!(!plan.join("content/posts/ideas/p.md").exists());
}
