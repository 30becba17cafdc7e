//! `outcare build` end to end on the `site` fixture (tests/fixtures/site/):
//! golden pages, links, escaping, output safety, determinism and the feeds.
//!
//! Golden files live in tests/golden/site/, one per page, holding the page's
//! `<main>` element. After an intended change to a page, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --test testsuite site::` and review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufReader;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::support::{Run, TODAY, copy_dir, fixtures, run_in};

// ------------------------------------------------------------------ helpers

/// A copy of the `site` fixture at `<temp>/outer/plan`, so that a test can
/// point `--out` at an ancestor of the plan without touching anything shared.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures().join("site"), &dir.path().join("outer/plan"));
        Fixture { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("outer/plan")
    }

    fn outer(&self) -> PathBuf {
        self.dir.path().join("outer")
    }

    /// The default output folder, `site/` in the plan.
    fn site(&self) -> PathBuf {
        self.root().join("site")
    }

    /// Runs the binary in the plan's folder, with today fixed.
    fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root(), args)
    }

    /// `build --today 2026-03-01 --out <out>`, which must succeed.
    pub fn build(&self, out: &Path) -> Run {
        let run = self.run(&["build", "--today", TODAY, "--out", &out.to_string_lossy()]);
        run.no_panic();
        assert_eq!(run.code(), 0, "build failed:\n{}", run.stderr());
        run
    }

    /// `build` into the default `site/`.
    fn build_default(&self) -> Run {
        self.run(&["build", "--today", TODAY])
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn remove(&self, path: &str) {
        std::fs::remove_file(self.root().join(path)).unwrap();
    }
}

/// The fixture built into a fresh temporary folder.
pub struct Built {
    pub fixture: Fixture,
    out: tempfile::TempDir,
}

impl Built {
    pub fn new() -> Built {
        let fixture = Fixture::new();
        let out = tempfile::tempdir().expect("temp dir");
        fixture.build(out.path());
        Built { fixture, out }
    }

    pub fn out(&self) -> &Path {
        self.out.path()
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path))
            .unwrap_or_else(|e| panic!("{path} was not built: {e}"))
    }

    /// Every built HTML page: path relative to the out dir, and its text.
    fn pages(&self) -> Vec<(String, String)> {
        tree(self.out())
            .into_iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("UTF-8 page")))
            .collect()
    }
}

/// Every file under `dir` (dotfiles included), by `/`-separated relative path,
/// with its bytes; every folder too, as `path/` with no bytes, so that a
/// created empty folder shows up as a difference.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let entry = entry.unwrap();
            let path = entry.path();
            let relative = relative(base, &path);
            if entry.file_type().unwrap().is_dir() {
                out.insert(format!("{relative}/"), Vec::new());
                walk(base, &path, out);
            } else {
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Only the files of a tree.
fn files(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&str, &[u8]> {
    tree.iter()
        .filter(|(path, _)| !path.ends_with('/'))
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect()
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The modification time of every file under `dir`.
fn mtimes(dir: &Path) -> BTreeMap<String, SystemTime> {
    tree(dir)
        .into_keys()
        .filter(|path| !path.ends_with('/'))
        .map(|path| {
            let time = std::fs::metadata(dir.join(&path))
                .unwrap()
                .modified()
                .unwrap();
            (path, time)
        })
        .collect()
}

/// A time long ago: files set to it show any rewrite, however coarse the clock.
fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

/// Sets every file under `dir` to [`long_ago`].
fn backdate(dir: &Path) {
    for path in mtimes(dir).into_keys() {
        std::fs::File::options()
            .write(true)
            .open(dir.join(&path))
            .unwrap()
            .set_modified(long_ago())
            .unwrap();
    }
}

/// A start tag of an HTML page: its lowercased name, its attributes as written
/// (values not yet entity-decoded) and its byte offset. Enough HTML for tests:
/// comments, the doctype and the insides of `<script>` and `<style>` are skipped.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub at: usize,
    /// Offset just past the tag's `>`.
    pub end: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }
}

pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let at = i + offset;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        if !bytes.get(at + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
            i = at + 1;
            continue;
        }
        let mut j = at + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let name = html[at + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let start = j;
            while j < bytes.len() && !b" \t\r\n=>/".contains(&bytes[j]) {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                match bytes.get(j) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let close = html[j + 1..]
                            .find(q as char)
                            .map_or(html.len(), |e| j + 1 + e);
                        value = html[j + 1..close].to_string();
                        j = (close + 1).min(html.len());
                    }
                    _ => {
                        let start = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>'
                        {
                            j += 1;
                        }
                        value = html[start..j].to_string();
                    }
                }
            }
            attrs.push((attr, value));
        }
        let end = (j + 1).min(html.len());
        i = end;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[end..].find(&close).map_or(html.len(), |e| end + e);
        }
        out.push(Tag {
            name,
            attrs,
            at,
            end,
        });
    }
    out
}

/// Decodes the character references an attribute value may hold.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|s| *s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => {
                let number = if let Some(hex) = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    entity.strip_prefix('#').and_then(|d| d.parse().ok())
                };
                number.and_then(char::from_u32)
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `<main …>…</main>` element of a page.
fn main_element<'a>(page: &str, html: &'a str) -> &'a str {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("{page} has no <main>"));
    let end = html
        .rfind("</main>")
        .unwrap_or_else(|| panic!("{page} has no </main>"));
    assert_eq!(
        html.matches("<main").count(),
        1,
        "{page} has more than one <main>"
    );
    &html[start..end + "</main>".len()]
}

/// The text between a start tag and the next `<`.
pub fn text_after<'a>(html: &'a str, tag: &Tag) -> &'a str {
    let rest = &html[tag.end..];
    &rest[..rest.find('<').unwrap_or(rest.len())]
}

// ------------------------------------------------------------------ golden pages

/// The pages compared with golden files, and the file each is kept in.
const GOLDEN_PAGES: [(&str, &str); 13] = [
    ("campaigns/index.html", "campaigns.html"),
    (
        "campaigns/spring-10k/index.html",
        "campaign-spring-10k.html",
    ),
    ("owners/maria/index.html", "owner-maria.html"),
    ("weeks/2026-W11/index.html", "week-2026-W11.html"),
    ("index.html", "index.html"),
    ("calendar/2026-03/index.html", "calendar-2026-03.html"),
    ("list/2026-03/index.html", "list-2026-03.html"),
    ("ideas/index.html", "ideas.html"),
    (
        "posts/five-stretches/index.html",
        "post-five-stretches.html",
    ),
    (
        "personas/first-marathoner/index.html",
        "persona-first-marathoner.html",
    ),
    (
        "pain-points/knee-pain/index.html",
        "pain-point-knee-pain.html",
    ),
    ("feedback/index.html", "feedback.html"),
    ("flags/index.html", "flags.html"),
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/site")
}

/// Where two texts first differ, with a few lines of context.
fn first_difference(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let at = expected
        .iter()
        .zip(&actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let from = at.saturating_sub(2);
    let show = |lines: &[&str]| -> String {
        lines
            .iter()
            .enumerate()
            .skip(from)
            .take(5)
            .map(|(n, line)| format!("    {:>4} | {line}\n", n + 1))
            .collect()
    };
    format!(
        "  first difference at line {}\n  expected (golden):\n{}  actual (built):\n{}",
        at + 1,
        show(&expected),
        show(&actual)
    )
}

#[test]
fn main_pages_match_their_golden_files() {
    let built = Built::new();
    let dir = golden_dir();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut problems = Vec::new();
    for (page, golden) in GOLDEN_PAGES {
        let html = built.read(page);
        let actual = main_element(page, &html);
        let path = dir.join(golden);
        if update {
            std::fs::write(&path, format!("{actual}\n")).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Err(_) => problems.push(format!(
                "{page}: golden file tests/golden/site/{golden} is missing"
            )),
            Ok(expected) => {
                let expected = expected.replace("\r\n", "\n");
                let expected = expected.strip_suffix('\n').unwrap_or(&expected);
                if expected != actual {
                    problems.push(format!(
                        "{page} differs from tests/golden/site/{golden}\n{}",
                        first_difference(expected, actual)
                    ));
                }
            }
        }
    }
    let known: BTreeSet<&str> = GOLDEN_PAGES.iter().map(|(_, g)| *g).collect();
    for entry in std::fs::read_dir(&dir).into_iter().flatten() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !known.contains(name.as_str()) {
            if update {
                std::fs::remove_file(dir.join(&name)).unwrap();
            } else {
                problems.push(format!(
                    "tests/golden/site/{name} belongs to no page: remove it or add it to GOLDEN_PAGES"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nIf the change is intended, run `UPDATE_GOLDEN=1 cargo test --test testsuite site::` \
         and review the diff of tests/golden/site/.",
        problems.join("\n\n")
    );
}

// ------------------------------------------------------------------ links

/// Every problem with the links and resources of the site in `out`.
pub fn link_problems(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let site = tree(out);
    for (page, bytes) in files(&site) {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for tag in tags(&html) {
            for (attr, raw) in &tag.attrs {
                if attr != "href" && attr != "src" {
                    continue;
                }
                let url = decode_entities(raw);
                let mut problem = |what: &str| {
                    problems.push(format!("{page}: <{} {attr}=\"{raw}\">: {what}", tag.name));
                };
                let lower = url.trim().to_ascii_lowercase();
                if lower.starts_with("http:")
                    || lower.starts_with("https:")
                    || lower.starts_with("webcal:")
                    || lower.starts_with("//")
                {
                    // A link out is fine; a resource the page loads from elsewhere
                    // (a CDN) is not: the site must work offline and from disk.
                    let loaded = attr == "src" || tag.name == "link";
                    if loaded || lower.starts_with("//") {
                        problem("loads a resource from another host");
                    }
                    continue;
                }
                if lower.starts_with("mailto:") {
                    continue;
                }
                if url.starts_with('/') {
                    problem("absolute link: every link in the site must be relative");
                    continue;
                }
                if let Some(colon) = url.find([':', '/', '?', '#'])
                    && url[colon..].starts_with(':')
                {
                    problem("a scheme other than http, https, webcal or mailto");
                    continue;
                }
                let (rest, fragment) = url.split_once('#').unwrap_or((&url, ""));
                let path = rest.split_once('?').map_or(rest, |(p, _)| p);
                let path = percent_decode(path);
                let target = if path.is_empty() {
                    Some(page.to_string())
                } else {
                    resolve(page, &path)
                };
                let Some(target) = target else {
                    problem("leaves the output folder");
                    continue;
                };
                let Some(bytes) = site.get(&target) else {
                    if site.contains_key(&format!("{}/", target.trim_end_matches('/'))) {
                        problem(
                            "points at a folder, which does not open from disk: link its index.html",
                        );
                    } else {
                        problem(&format!("{target} does not exist"));
                    }
                    continue;
                };
                if !fragment.is_empty() && target.ends_with(".html") {
                    let fragment = percent_decode(fragment);
                    let text = String::from_utf8_lossy(bytes);
                    let found = tags(&text).iter().any(|t| {
                        t.attr("id")
                            .is_some_and(|id| decode_entities(id) == fragment)
                    });
                    if !found {
                        problem(&format!("{target} has no element with id `{fragment}`"));
                    }
                }
            }
        }
    }
    problems
}

/// `path` (relative, `/`-separated) from the folder of `page`, or `None` when it
/// climbs out of the site.
fn resolve(page: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in Path::new(path).components() {
        match part {
            Component::Normal(name) => parts.push(name.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[test]
fn every_relative_link_resolves_to_a_built_file() {
    let built = Built::new();
    let problems = link_problems(built.out());
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    // The checker saw the pages it should have: links in the body and the
    // footnote's fragment link are in the post page.
    let post = built.read("posts/five-stretches/index.html");
    assert!(
        post.contains("href=\"../sixteen-week-plan/index.html\""),
        "{post}"
    );
    assert!(post.contains("href=\"#"), "no fragment link in {post}");
}

#[test]
fn nothing_is_loaded_from_another_host() {
    let built = Built::new();
    for (page, html) in built.pages() {
        for tag in tags(&html) {
            if tag.name == "script" || tag.name == "link" || tag.name == "img" {
                for attr in ["src", "href"] {
                    if let Some(url) = tag.attr(attr) {
                        let url = decode_entities(url).to_ascii_lowercase();
                        assert!(
                            !url.starts_with("http") && !url.starts_with("//"),
                            "{page}: <{} {attr}=\"{url}\">",
                            tag.name
                        );
                    }
                }
            }
        }
        assert!(!html.contains("<script src=\"http"), "{page}");
    }
    let css = built.read("style.css");
    assert!(!css.contains("@import"), "style.css imports another file");
    assert!(
        !css.to_ascii_lowercase().contains("url(http"),
        "style.css loads from elsewhere"
    );
    assert!(
        !built.read("outcare.js").contains("http"),
        "outcare.js names a URL"
    );
}

#[test]
fn a_site_with_a_removed_post_still_has_no_broken_link() {
    let fixture = Fixture::new();
    let out = fixture.site();
    fixture.build(&out);
    fixture.remove("content/posts/2026-03/sixteen-week-plan.md");
    fixture.build(&out);
    // five-stretches' body links to the removed post by hand: the only broken link.
    let problems = link_problems(&out);
    assert_eq!(
        problems,
        [
            "posts/five-stretches/index.html: <a href=\"../sixteen-week-plan/index.html\">: \
             posts/sixteen-week-plan/index.html does not exist"
        ],
        "{problems:#?}"
    );
}

/// Builds the plan at `root` into `out` with today fixed at `today`, and says
/// whether it built (a plan with errors does not).
fn builds(root: &Path, out: &Path, today: &str) -> bool {
    let run = run_in(
        root,
        &["build", "--today", today, "--out", &out.to_string_lossy()],
    );
    run.no_panic();
    assert!(run.code() <= 1, "{}: {}", root.display(), run.stderr());
    run.code() == 0
}

#[test]
fn every_link_of_the_example_the_fixtures_and_a_new_plan_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut check = |name: &str, root: &Path, today: &str| -> bool {
        let out = tmp.path().join("out").join(name);
        let built = builds(root, &out, today);
        if built {
            problems.extend(
                link_problems(&out)
                    .into_iter()
                    .map(|p| format!("{name}: {p}")),
            );
        }
        built
    };
    // The example in the repository, copied so that the repository's own
    // history stays out of its changes page.
    let example = tmp.path().join("example");
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repository.join("content"), &example.join("content"));
    std::fs::copy(
        repository.join("outcare.yaml"),
        example.join("outcare.yaml"),
    )
    .unwrap();
    assert!(check("example", &example, "2026-12-01"));
    let mut failed = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        // Copied for the same reason as the example.
        let plan = tmp.path().join("fixtures").join(name);
        copy_dir(&fixtures().join(name), &plan);
        if !check(name, &plan, TODAY) {
            failed.push(name.as_str());
        }
    }
    assert_eq!(
        failed,
        ["errors"],
        "only the fixture of errors may fail to build"
    );
    // `init`'s example in December: a month of posts whose first week starts on
    // Monday 30 November, the plan the director was given.
    let run = run_in(tmp.path(), &["init", "--today", "2026-12-01", "new-plan"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let new_plan = tmp.path().join("new-plan");
    assert!(check("new-plan", &new_plan, "2026-12-01"));
    assert!(
        tmp.path()
            .join("out/new-plan/weeks/2026-W49/index.html")
            .is_file(),
        "the new plan has no week starting on 30 November"
    );
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_week_that_starts_or_ends_in_a_month_without_a_page_links_to_the_month_that_has_one() {
    // 2026-W49 runs from Mon 30 Nov to Sun 6 Dec, 2026-W53 from Mon 28 Dec to
    // Sun 3 Jan 2027: the plan's only month is December.
    let post = |date: &str| {
        format!("title: Rye {date}\ndate: {date}\nchannel: blog\npain_points: [knee-pain]")
    };
    let plan = crate::support::TestPlan::new()
        .persona("runner", "[blog]")
        .pain_point("knee-pain", "[runner]")
        .post("first", &post("2026-12-01"))
        .post("last", &post("2026-12-31"));
    let first = built_page(&plan, "weeks/2026-W49/index.html");
    let out = plan.root().join("out");
    let problems = link_problems(&out);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    assert!(!out.join("calendar/2026-11/index.html").exists());
    assert!(!out.join("calendar/2027-01/index.html").exists());
    let month = "href=\"../../calendar/2026-12/index.html\">The month</a>";
    assert!(first.contains(month), "{first}");
    let last = std::fs::read_to_string(out.join("weeks/2026-W53/index.html")).unwrap();
    assert!(last.contains(month), "{last}");
}

#[test]
fn week_links_say_next_week_and_previous_week_with_the_iso_week_as_a_detail() {
    let built = Built::new();
    let week = built.read("weeks/2026-W11/index.html");
    let pager = &week[week.find("<nav class=\"pager\"").expect("a pager")..];
    let pager = &pager[..pager.find("</nav>").unwrap()];
    assert!(
        pager.contains(
            "<a rel=\"prev\" data-keep-filters href=\"../../weeks/2026-W10/index.html\">← Previous week <small>2026-W10</small></a>"
        ),
        "{pager}"
    );
    assert!(
        pager.contains(
            "<a rel=\"next\" data-keep-filters href=\"../../weeks/2026-W12/index.html\">Next week <small>2026-W12</small> →</a>"
        ),
        "{pager}"
    );
}

// ------------------------------------------------------------------ security

#[test]
fn raw_html_and_script_links_in_a_body_are_defused() {
    let built = Built::new();
    let post = built.read("posts/five-stretches/index.html");
    assert!(
        post.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the <script> line is not shown as text:\n{post}"
    );
    // The javascript: link keeps its text and loses its href.
    assert!(post.contains("Do not click x;"), "{post}");
    for (page, html) in built.pages() {
        assert!(
            !html.contains("<script>alert"),
            "{page} runs the body's script"
        );
        assert!(
            !html.to_ascii_lowercase().contains("onerror="),
            "{page} has an onerror attribute"
        );
        for tag in tags(&html) {
            for (attr, value) in &tag.attrs {
                let value: String = decode_entities(value)
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !value.contains("javascript:"),
                    "{page}: <{} {attr}=\"{value}\">",
                    tag.name
                );
                assert!(
                    !attr.starts_with("on"),
                    "{page}: event handler attribute {attr} on <{}>",
                    tag.name
                );
            }
            if tag.name == "script" {
                // Only the site's own script files, no inline script.
                let src = tag.attr("src").unwrap_or_default();
                assert!(
                    src.ends_with("outcare.js")
                        || src.ends_with("search.js")
                        || tag.attr("type").is_some_and(|t| t.contains("json")),
                    "{page}: unexpected <script> at byte {}: {:?}",
                    tag.at,
                    tag.attrs
                );
            }
        }
    }
}

#[test]
fn raw_html_is_off_unless_the_plan_turns_it_on() {
    let body = "<b onclick=\"alert(1)\">bold</b>\n\n[a link](javascript:alert(1))";
    let plan = crate::support::healthy().entry(
        "posts",
        "raw",
        "title: Raw\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]",
        body,
    );
    let page = |plan: &crate::support::TestPlan| {
        let run = plan.run(&["build"]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
        std::fs::read_to_string(plan.root().join("site/posts/raw/index.html")).unwrap()
    };
    // No outcare.yaml at all: the default.
    let escaped = page(&plan);
    assert!(escaped.contains("&lt;b onclick="), "{escaped}");
    assert!(!escaped.contains("<b onclick"), "{escaped}");
    // Turned on, raw HTML is the author's; a Markdown link is still checked.
    let plan = plan.config("allow_html: true\n");
    let allowed = page(&plan);
    assert!(
        allowed.contains("<b onclick=\"alert(1)\">bold</b>"),
        "{allowed}"
    );
    assert!(!allowed.contains("href=\"javascript"), "{allowed}");
    assert!(allowed.contains("a link"), "{allowed}");
}

#[test]
fn front_matter_strings_are_escaped() {
    let built = Built::new();
    let post = built.read("posts/march-letter/index.html");
    assert!(post.contains("March letter: plans &amp; nerves"), "{post}");
    assert!(post.contains("Tom &lt;tom@example.org&gt;"), "{post}");
    assert!(!post.contains("<tom@"), "{post}");
    let calendar = built.read("calendar/2026-03/index.html");
    assert!(calendar.contains("Ice or heat? Q&amp;A"), "{calendar}");
}

#[test]
fn without_javascript_every_post_is_shown() {
    let built = Built::new();
    for page in ["calendar/2026-03/index.html", "list/2026-03/index.html"] {
        let html = built.read(page);
        let all = tags(&html);
        let posts: Vec<&Tag> = all.iter().filter(|t| t.has("data-post")).collect();
        assert!(!posts.is_empty(), "{page} has no [data-post] elements");
        assert!(
            posts.iter().all(|t| !t.has("hidden")),
            "{page}: a post is hidden before any script ran"
        );
        // The filter form needs the script, so it starts hidden.
        let form = all
            .iter()
            .find(|t| t.has("data-filters"))
            .unwrap_or_else(|| panic!("{page} has no filter form"));
        assert!(
            form.has("hidden"),
            "{page}: the filter form shows without script"
        );
        assert!(
            all.iter()
                .any(|t| t.name == "script"
                    && t.attr("src").is_some_and(|s| s.ends_with("outcare.js"))),
            "{page} does not load outcare.js"
        );
    }
}

/// Ids used twice in a page, and `aria-labelledby`/`href="#…"` targets it lacks.
fn id_problems(html: &str) -> Vec<String> {
    let all = tags(html);
    let mut ids = BTreeMap::new();
    for tag in &all {
        if let Some(id) = tag.attr("id") {
            *ids.entry(decode_entities(id)).or_insert(0) += 1;
        }
    }
    let mut problems: Vec<String> = ids
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, n)| format!("id `{id}` is used {n} times"))
        .collect();
    for tag in &all {
        if let Some(labels) = tag.attr("aria-labelledby") {
            for id in labels.split_whitespace() {
                if !ids.contains_key(&decode_entities(id)) {
                    problems.push(format!("aria-labelledby `{id}` names no element"));
                }
            }
        }
    }
    problems
}

#[test]
fn ids_are_unique_and_labels_point_at_them_on_every_page() {
    let built = Built::new();
    let mut problems = Vec::new();
    for (page, html) in built.pages() {
        for problem in id_problems(&html) {
            problems.push(format!("{page}: {problem}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn ids_stay_unique_with_two_flagged_feedback_items() {
    let fixture = Fixture::new();
    // insoles-rub loses its answer: two acted items without a reply, two flags.
    let path = "content/posts/2026-03/insoles-fixed.md";
    let text = std::fs::read_to_string(fixture.root().join(path)).unwrap();
    fixture.write(path, &text.replace("responds_to: [insoles-rub]\n", ""));
    let out = tempfile::tempdir().unwrap();
    fixture.build(out.path());
    let html = std::fs::read_to_string(out.path().join("feedback/index.html")).unwrap();
    assert_eq!(html.matches("class=\"flags-box\"").count(), 2);
    let problems = id_problems(&html);
    assert!(problems.is_empty(), "feedback/index.html: {problems:?}");
}

#[test]
fn footnote_ids_do_not_collide() {
    let fixture = Fixture::new();
    for (path, note) in [
        ("content/feedback/insoles-rub.md", "First note."),
        ("content/feedback/plan-too-hard.md", "Second note."),
    ] {
        let text = std::fs::read_to_string(fixture.root().join(path)).unwrap();
        fixture.write(
            path,
            &format!("{text}\nSee the note.[^1]\n\n[^1]: {note}\n"),
        );
    }
    let path = "content/posts/2026-04/april-letter.md";
    let text = std::fs::read_to_string(fixture.root().join(path)).unwrap();
    fixture.write(
        path,
        &format!("{text}\nA note.[^main]\n\n[^main]: On the landmark.\n"),
    );
    let out = tempfile::tempdir().unwrap();
    fixture.build(out.path());
    let mut problems = Vec::new();
    for page in ["feedback/index.html", "posts/april-letter/index.html"] {
        let html = std::fs::read_to_string(out.path().join(page)).unwrap();
        for problem in id_problems(&html) {
            problems.push(format!("{page}: {problem}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The selector lists of the stylesheet's rules that contain `declaration`.
fn selectors_with<'a>(css: &'a str, declaration: &str) -> Vec<Vec<&'a str>> {
    css.match_indices(declaration)
        .map(|(at, _)| {
            let open = css[..at].rfind('{').expect("a declaration inside a rule");
            let from = css[..open].rfind(['{', '}', '/']).map_or(0, |i| i + 1);
            css[from..open].split(',').map(str::trim).collect()
        })
        .collect()
}

/// The text of some HTML, tags left out.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    text + rest
}

#[test]
fn the_month_legend_shows_the_draft_edge_and_the_flagged_outline_as_chips_have_them() {
    let built = Built::new();
    let html = built.read("calendar/2026-03/index.html");
    let start = tags(&html)
        .into_iter()
        .find(|t| t.name == "ul" && t.has_class("legend"))
        .expect("the month page has a legend")
        .end;
    let legend = &html[start..start + html[start..].find("</ul>").unwrap()];
    let css = built.read("style.css");
    // Each sample must carry the class the stylesheet styles alongside the
    // chip's own state, so legend and chips cannot drift apart.
    for (sample, words, chip, declaration) in [
        (
            "status-draft",
            "draft or idea",
            ".chip.status-draft a",
            "border-left-style: dashed",
        ),
        ("flagged", "flagged", ".chip.flagged a", "box-shadow:"),
    ] {
        let item = legend
            .split("<li>")
            .find(|item| {
                tags(item)
                    .iter()
                    .any(|t| t.has_class("legend-sample") && t.has_class(sample))
            })
            .unwrap_or_else(|| panic!("the legend has no {sample} sample:\n{legend}"));
        assert!(text_of(item).contains(words), "{sample}: {item}");
        let rules = selectors_with(&css, declaration);
        let styled = format!(".legend-sample.{sample}");
        assert!(
            rules
                .iter()
                .any(|r| r.contains(&chip) && r.contains(&styled.as_str())),
            "no rule sets `{declaration}` on both `{chip}` and `{styled}`: {rules:?}"
        );
    }
}

#[test]
fn the_overview_counts_read_as_english() {
    let built = Built::new();
    let html = built.read("index.html");
    assert!(
        html.contains("12 dated posts and 1 idea for 3 personas."),
        "{}",
        main_element("index.html", &html)
            .lines()
            .find(|l| l.contains("class=\"lead\""))
            .unwrap_or_default()
    );
}

/// What a screen reader says for some HTML: its text, without what `aria-hidden` hides.
fn spoken(html: &str) -> String {
    let mut shown = String::new();
    let mut from = 0;
    for tag in tags(html) {
        if tag.at < from || tag.attr("aria-hidden") != Some("true") {
            continue;
        }
        shown.push_str(&html[from..tag.at]);
        let close = format!("</{}>", tag.name);
        from = html[tag.end..]
            .find(&close)
            .map_or(html.len(), |at| tag.end + at + close.len());
    }
    shown.push_str(&html[from..]);
    decode_entities(&text_of(&shown))
}

/// The `<li>` of the chip that links to `post` on a page, as HTML.
fn chip<'a>(html: &'a str, post: &str) -> &'a str {
    let link = format!("posts/{post}/index.html");
    tags(html)
        .into_iter()
        .filter(|t| t.name == "li" && t.has_class("chip"))
        .map(|t| &html[t.at..t.at + html[t.at..].find("</li>").unwrap()])
        .find(|li| li.contains(&link))
        .unwrap_or_else(|| panic!("no chip for {post}"))
}

#[test]
fn owners_on_chips_are_initials_with_the_full_name_and_a_key_of_the_page_owners() {
    let fixture = Fixture::new();
    for (slug, date, owner) in [
        ("story-time", "2026-03-05", "Lena García"),
        ("april-owner", "2026-04-06", "Zed Brown"),
    ] {
        fixture.write(
            &format!("content/posts/{slug}.md"),
            &format!("---\ntitle: {slug}\ndate: {date}\nchannel: blog\npain_points: [knee-pain]\nstatus: scheduled\nowner: {owner}\n---\nWritten.\n"),
        );
    }
    let out = tempfile::tempdir().unwrap();
    fixture.build(out.path());
    let read = |page: &str| std::fs::read_to_string(out.path().join(page)).unwrap();
    let march = read("calendar/2026-03/index.html");
    for (post, initials, name) in [
        ("story-time", "LG", "Lena García"),
        ("five-stretches", "Ma", "Maria"),
        ("march-letter", "To", "Tom <tom@example.org>"),
    ] {
        let chip = chip(&march, post);
        let owner = tags(chip)
            .into_iter()
            .find(|t| t.has_class("chip-owner"))
            .unwrap_or_else(|| panic!("{post}: no owner on the chip: {chip}"));
        assert_eq!(text_after(chip, &owner), initials, "{post}: {chip}");
        assert!(
            decode_entities(owner.attr("title").unwrap_or_default()).contains(name),
            "{post}: the initials' title does not name {name}: {chip}"
        );
        assert!(
            spoken(chip).contains(&format!("owner {name}")),
            "{post}: a screen reader hears {:?}",
            spoken(chip)
        );
    }
    // The key: the page's owners, by initials, and nobody else's.
    let key = |html: &str| -> Vec<String> {
        tags(html)
            .into_iter()
            .filter(|t| t.name == "li" && t.has_class("owner-key-item"))
            .map(|t| spoken(&html[t.at..t.at + html[t.at..].find("</li>").unwrap()]))
            .collect()
    };
    assert_eq!(
        key(&march),
        ["LG Lena García", "Ma Maria", "To Tom <tom@example.org>"]
    );
    assert_eq!(key(&read("calendar/2026-04/index.html")), ["ZB Zed Brown"]);
    assert_eq!(
        key(&read("index.html")),
        ["LG Lena García", "Ma Maria", "To Tom <tom@example.org>"],
        "the overview's next two weeks"
    );
    let persona = read("personas/first-marathoner/index.html");
    assert!(
        key(&persona).contains(&"Ma Maria".to_string()),
        "{:?}",
        key(&persona)
    );
}

// ------------------------------------------------------------------ output safety

#[test]
fn an_out_folder_that_would_mix_with_the_sources_is_refused() {
    let fixture = Fixture::new();
    std::fs::create_dir(fixture.root().join("templates")).unwrap();
    let before = tree(fixture.dir.path());
    let root = fixture.root();
    let grandparent = fixture.dir.path().to_string_lossy().into_owned();
    let absolute_root = root.to_string_lossy().into_owned();
    for (out, says) in [
        (".", "the plan root"),
        (absolute_root.as_str(), "the plan root"),
        ("site/..", "the plan root"),
        ("content", "into content/"),
        ("templates", "into templates/"),
        ("content/site", "inside content/"),
        ("templates/site", "inside templates/"),
        ("..", "holds the plan's content/"),
        (grandparent.as_str(), "holds the plan's content/"),
    ] {
        let run = fixture.run(&["build", "--today", TODAY, "--out", out]);
        run.no_panic();
        let stderr = run.stderr();
        assert_eq!(run.code(), 1, "--out {out}:\n{stderr}");
        assert!(
            stderr.contains("refusing to write the site") && stderr.contains(says),
            "--out {out}: unclear message:\n{stderr}"
        );
        assert!(
            stderr.contains("--out"),
            "--out {out}: no hint what to do:\n{stderr}"
        );
        assert!(!stderr.contains("\nbuilt "), "--out {out}:\n{stderr}");
        assert!(
            tree(fixture.dir.path()) == before,
            "--out {out} wrote or removed something"
        );
    }
    // The same from outside the plan, with --root.
    let run = run_in(
        &fixture.outer(),
        &[
            "build",
            "--root",
            "plan",
            "--out",
            "plan/content",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("refusing to write the site into content/"),
        "{}",
        run.stderr()
    );
    assert!(tree(fixture.dir.path()) == before);
}

#[test]
fn a_relative_out_folder_that_does_not_exist_yet_is_made() {
    // Each spelling a user types; a relative path's ancestors end in the empty path.
    for out in ["public", "docs", "public/", "out/site", "./public"] {
        let fixture = Fixture::new();
        let run = fixture.run(&["build", "--today", TODAY, "--out", out]);
        run.no_panic();
        assert_eq!(run.code(), 0, "--out {out}:\n{}", run.stderr());
        assert!(
            fixture.root().join(out).join("index.html").is_file(),
            "--out {out} wrote no index.html"
        );
    }
    let fixture = Fixture::new();
    let absolute = fixture.outer().join("absolute/site");
    fixture.build(&absolute);
    assert!(absolute.join("index.html").is_file());
}

#[test]
fn a_non_empty_folder_outcare_did_not_make_is_refused() {
    let fixture = Fixture::new();
    fixture.write("public/notes.txt", "mine");
    fixture.write("public/drafts/idea.md", "also mine");
    let before = tree(fixture.dir.path());
    let run = fixture.run(&["build", "--today", TODAY, "--out", "public"]);
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("public/ is not empty and was not made by outcare"),
        "{}",
        run.stderr()
    );
    assert!(tree(fixture.dir.path()) == before, "something was written");
}

#[test]
fn a_failing_build_leaves_the_previous_site_byte_identical() {
    let fixture = Fixture::new();
    let run = fixture.build_default();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let site = fixture.site();
    backdate(&site);
    let before = tree(&site);
    let times = mtimes(&site);

    // An error in the content, next to a change that would alter many pages.
    fixture.write(
        "content/posts/2026-03/five-stretches.md",
        &std::fs::read_to_string(
            fixture
                .root()
                .join("content/posts/2026-03/five-stretches.md"),
        )
        .unwrap()
        .replace("Five stretches for sore knees", "Six stretches"),
    );
    fixture.write(
        "content/posts/broken.md",
        "---\ntitle: Broken\ndate: 2026-02-30\nchannel: blog\n---\n",
    );
    fixture.remove("content/posts/2026-04/april-letter.md");
    let run = fixture.build_default();
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[invalid-front-matter]"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("build failed"), "{}", run.stderr());
    assert!(tree(&site) == before, "a failing build changed the site");
    assert_eq!(mtimes(&site), times, "a failing build rewrote files");

    // A template that fails while rendering: found only after some pages rendered.
    fixture.remove("content/posts/broken.md");
    fixture.write(
        "templates/persona.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.no_such.field }}{% endblock main %}",
    );
    let run = fixture.build_default();
    run.no_panic();
    assert_eq!(run.code(), 1, "a broken template built:\n{}", run.stderr());
    assert!(run.stderr().contains("persona"), "{}", run.stderr());
    assert!(tree(&site) == before, "a failed render changed the site");
    assert_eq!(mtimes(&site), times, "a failed render rewrote files");
}

#[test]
fn a_second_build_with_nothing_changed_rewrites_no_page() {
    let fixture = Fixture::new();
    let out = fixture.site();
    fixture.build(&out);
    backdate(&out);
    let before = tree(&out);
    let run = fixture.build(&out);
    assert!(run.stderr().contains("(0 written,"), "{}", run.stderr());
    assert!(tree(&out) == before);
    let rewritten: Vec<String> = mtimes(&out)
        .into_iter()
        .filter(|(path, time)| *time != long_ago() && path != ".outcare-manifest")
        .map(|(path, _)| path)
        .collect();
    assert!(
        rewritten.is_empty(),
        "rewritten with nothing changed: {rewritten:?}"
    );
}

#[test]

fn a_second_build_with_nothing_changed_leaves_the_manifest_alone() {
    let fixture = Fixture::new();
    let out = fixture.site();
    fixture.build(&out);
    backdate(&out);
    fixture.build(&out);
    let time = std::fs::metadata(out.join(".outcare-manifest"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(time, long_ago(), ".outcare-manifest was rewritten");
}

#[test]
fn a_changed_post_rewrites_only_the_pages_that_show_it() {
    let fixture = Fixture::new();
    let out = fixture.site();
    fixture.build(&out);
    backdate(&out);
    let path = "content/posts/2026-04/race-week-nerves.md";
    let text = std::fs::read_to_string(fixture.root().join(path)).unwrap();
    fixture.write(path, &text.replace("Sleep, food", "Sleep, pasta"));
    fixture.build(&out);
    let rewritten: Vec<String> = mtimes(&out)
        .into_iter()
        .filter(|(path, time)| *time != long_ago() && path != ".outcare-manifest")
        .map(|(path, _)| path)
        .collect();
    // Only the body changed: the post page shows it, and the search index
    // keeps its opening words.
    assert_eq!(
        rewritten,
        ["posts/race-week-nerves/index.html", "search-index.js"]
    );
}

#[test]
fn a_removed_post_disappears_and_files_outcare_did_not_write_stay() {
    let fixture = Fixture::new();
    let out = fixture.site();
    fixture.write("site/.gitignore", "*\n");
    let run = fixture.build_default();
    assert_eq!(
        run.code(),
        0,
        "a site/ with only a .gitignore was refused:\n{}",
        run.stderr()
    );
    assert!(out.join("posts/april-letter/index.html").is_file());
    assert!(out.join("posts/ice-or-heat/index.html").is_file());

    fixture.write("site/CNAME", "plan.example.org\n");
    fixture.write("site/posts/notes.txt", "mine");
    fixture.write("site/posts/april-letter/draft.txt", "mine too");
    fixture.write("site/.nojekyll", "");
    fixture.remove("content/posts/2026-04/april-letter.md");
    fixture.remove("content/posts/2026-03/ice-or-heat.md");
    let run = fixture.build_default();
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    // The two posts' pages, and the week pages the shorter span no longer has.
    let removed: usize = run
        .stderr()
        .split(" removed")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(removed >= 2, "{}", run.stderr());

    assert!(!out.join("posts/april-letter/index.html").exists());
    assert!(
        !out.join("posts/ice-or-heat").exists(),
        "the emptied folder stayed"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("posts/april-letter/draft.txt")).unwrap(),
        "mine too"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("posts/notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "plan.example.org\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join(".gitignore")).unwrap(),
        "*\n"
    );
    assert!(out.join(".nojekyll").exists());
    assert!(out.join("posts/five-stretches/index.html").is_file());
    // No page still links to the removed posts.
    let problems = link_problems(&out);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// What `dir` holds, links not followed: each file with its bytes, each folder as
/// `path/`, each link as `path -> target`.
#[cfg(unix)]
fn with_links(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = relative(base, &path);
            let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(format!("{name} -> {}", target.display()), Vec::new());
            } else if kind.is_dir() {
                out.insert(format!("{name}/"), Vec::new());
                walk(base, &path, out);
            } else {
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_site_never_takes_a_write_or_a_removal_outside() {
    let fixture = Fixture::new();
    let run = fixture.build_default();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let site = fixture.site();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("notes.txt"), "keep me").unwrap();
    std::fs::write(elsewhere.path().join("index.html"), "not the site's").unwrap();
    let outside = with_links(elsewhere.path());
    let manifest = site.join(".outcare-manifest");
    let listed = std::fs::read_to_string(&manifest).unwrap();

    // The issue's case: site/owners a link to another folder, and the manifest naming a
    // file in it.
    std::fs::remove_dir_all(site.join("owners")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.join("owners")).unwrap();
    std::fs::write(&manifest, format!("{listed}owners/notes.txt\n")).unwrap();
    let before = with_links(&site);
    let run = fixture.build_default();
    run.no_panic();
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    assert!(
        stderr.contains("site/owners") && stderr.contains("symlink"),
        "the link is not named:\n{stderr}"
    );
    assert!(
        stderr.contains("Remove the link"),
        "no hint what to do:\n{stderr}"
    );
    assert!(
        with_links(elsewhere.path()) == outside,
        "the build wrote or removed outside the site"
    );
    assert!(
        with_links(&site) == before,
        "the refused build changed the site"
    );

    // Removed as the message says, the folder is made again and the build goes on;
    // the manifest's line behind the old link names nothing the site has.
    std::fs::remove_file(site.join("owners")).unwrap();
    // A page that is a link out of the site, and a folder of the user's that is
    // one, with the manifest naming files behind it.
    std::fs::remove_file(site.join("index.html")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("index.html"), site.join("index.html"))
        .unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.join("mine")).unwrap();
    std::fs::write(
        &manifest,
        format!("{listed}mine/notes.txt\nmine/index.html\n../outside.txt\n"),
    )
    .unwrap();
    std::fs::write(fixture.root().join("outside.txt"), "mine").unwrap();
    let run = fixture.build_default();
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        with_links(elsewhere.path()) == outside,
        "the build wrote or removed outside the site"
    );
    assert!(
        std::fs::symlink_metadata(site.join("owners"))
            .unwrap()
            .is_dir()
    );
    assert!(site.join("owners/index.html").is_file());
    let index = std::fs::symlink_metadata(site.join("index.html")).unwrap();
    assert!(index.is_file(), "site/index.html is still a link");
    assert!(
        std::fs::symlink_metadata(site.join("mine"))
            .unwrap()
            .is_symlink()
    );
    assert!(fixture.root().join("outside.txt").is_file());
}

// ------------------------------------------------------------------ determinism

#[test]
fn two_builds_give_identical_trees() {
    // Two copies of the plan in two places, built into two folders: nothing of
    // where the plan or the site lives may leak into the output.
    let one = Built::new();
    let two = Built::new();
    let (a, b) = (tree(one.out()), tree(two.out()));
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "different file lists");
    for (path, bytes) in &a {
        assert!(*bytes == b[path], "{path} differs between two builds");
    }
    let out = one.out().to_string_lossy().into_owned();
    let root = one.fixture.root().to_string_lossy().into_owned();
    for (path, bytes) in files(&a) {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(&out) && !text.contains(&root),
            "{path} names a local folder"
        );
    }
}

// ------------------------------------------------------------------ calendar.ics

/// The text of an iCalendar TEXT value, unescaped (RFC 5545 3.3.11).
fn ics_text(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn calendar_ics_parses_back_with_one_event_per_dated_post() {
    let built = Built::new();
    let bytes = std::fs::read(built.out().join("calendar.ics")).unwrap();
    let text = String::from_utf8(bytes.clone()).expect("calendar.ics is UTF-8");

    // Every line ends in CRLF and is at most 75 octets long.
    assert!(
        text.ends_with("\r\n"),
        "calendar.ics does not end with CRLF"
    );
    for (n, line) in text.trim_end_matches("\r\n").split("\r\n").enumerate() {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "line {} has a bare line end: {line:?}",
            n + 1
        );
        assert!(
            line.len() <= 75,
            "line {} is {} octets long: {line:?}",
            n + 1,
            line.len()
        );
    }

    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(&bytes[..]))
        .collect::<Result<_, _>>()
        .expect("calendar.ics parses");
    assert_eq!(calendars.len(), 1, "one VCALENDAR");
    let calendar = &calendars[0];
    let prop = |props: &[ical::property::Property], name: &str| -> Option<String> {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    assert_eq!(
        prop(&calendar.properties, "VERSION").as_deref(),
        Some("2.0")
    );
    assert!(prop(&calendar.properties, "PRODID").is_some());

    let plan: serde_json::Value = serde_json::from_str(&built.read("plan.json")).unwrap();
    let dated: Vec<&serde_json::Value> = plan["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["date"].is_null())
        .collect();
    assert_eq!(dated.len(), 12);
    assert_eq!(
        calendar.events.len(),
        dated.len(),
        "one VEVENT per dated post"
    );

    let mut uids = BTreeSet::new();
    for event in &calendar.events {
        let uid = prop(&event.properties, "UID").expect("every VEVENT has a UID");
        assert!(uids.insert(uid.clone()), "UID {uid} is used twice");
        assert!(
            prop(&event.properties, "DTSTAMP").is_some(),
            "{uid}: no DTSTAMP"
        );
        assert!(
            prop(&event.properties, "DTSTART").is_some(),
            "{uid}: no DTSTART"
        );
    }
    // Each dated post is the summary of exactly one event.
    let summaries: Vec<String> = calendar
        .events
        .iter()
        .map(|e| ics_text(&prop(&e.properties, "SUMMARY").unwrap_or_default()))
        .collect();
    let event_of = |title: &str| {
        let found: Vec<usize> = summaries
            .iter()
            .enumerate()
            .filter(|(_, s)| s.contains(title))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found.len(), 1, "events titled {title:?}: {summaries:#?}");
        &calendar.events[found[0]]
    };
    for post in &dated {
        event_of(post["title"].as_str().unwrap());
    }

    // A date without a time is an all-day event.
    let all_day = event_of("Five stretches for sore knees");
    let start = all_day
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(start.value.as_deref(), Some("20260303"));
    let params = format!("{:?}", start.params);
    assert!(
        params.contains("VALUE") && params.contains("DATE"),
        "{params}"
    );

    // 09:00 in Madrid on 30 March 2026 is summer time (UTC+2), a day after the change.
    let timed = event_of("You told us the insoles rubbed");
    let start = timed
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    let value = start.value.as_deref().unwrap();
    if value.ends_with('Z') {
        assert_eq!(value, "20260330T070000Z");
    } else {
        assert_eq!(value, "20260330T090000");
        let params = format!("{:?}", start.params);
        assert!(params.contains("Europe/Madrid"), "{params}");
        assert!(
            calendar
                .timezones
                .iter()
                .any(|tz| prop(&tz.properties, "TZID").as_deref() == Some("Europe/Madrid")),
            "no VTIMEZONE for Europe/Madrid"
        );
    }
    // 08:30 in Madrid on 5 March is winter time (UTC+1).
    let reel = event_of("Stretch with us in 60 seconds");
    let start = prop(&reel.properties, "DTSTART").unwrap();
    assert!(
        start == "20260305T073000Z" || start == "20260305T083000",
        "{start}"
    );
}

/// The pages that offer the calendar feed in a built site: the overview and every month.
fn feed_pages(out: &Path) -> Vec<String> {
    let pages: Vec<String> = tree(out)
        .into_keys()
        .filter(|p| p == "index.html" || (p.starts_with("calendar/") && p.ends_with("/index.html")))
        .collect();
    assert!(pages.len() > 2, "no month pages built: {pages:?}");
    pages
}

/// The `href`s of a page's links, as written.
fn hrefs(html: &str) -> Vec<String> {
    tags(html)
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").map(decode_entities))
        .collect()
}

#[test]
fn the_overview_and_every_month_offer_the_calendar_feed_to_subscribe_to() {
    let fixture = Fixture::new();
    // The fixture's base_url: the address to paste, and the same one as webcal://.
    let out = tempfile::tempdir().unwrap();
    fixture.build(out.path());
    for page in feed_pages(out.path()) {
        let html = std::fs::read_to_string(out.path().join(&page)).unwrap();
        let links = hrefs(&html);
        let feed: Vec<&String> = links
            .iter()
            .filter(|h| h.ends_with("calendar.ics"))
            .collect();
        assert!(
            feed.iter()
                .any(|h| resolve(&page, h).as_deref() == Some("calendar.ics")),
            "{page}: no relative link to calendar.ics in {links:?}"
        );
        assert!(out.path().join("calendar.ics").is_file());
        assert!(
            links.contains(&"webcal://example.org/plan/calendar.ics".to_string()),
            "{page}: no webcal link in {links:?}"
        );
        let text = decode_entities(&text_of(main_element(&page, &html)));
        for words in [
            "https://example.org/plan/calendar.ics",
            "Google Calendar",
            "Apple Calendar",
            "Outlook",
        ] {
            assert!(text.contains(words), "{page}: no `{words}` in {text}");
        }
    }
    // `--base-url` stands in for outcare.yaml's, here too.
    let other = tempfile::tempdir().unwrap();
    let run = run_in(
        &fixture.root(),
        &[
            "build",
            "--today",
            TODAY,
            "--out",
            &other.path().to_string_lossy(),
            "--base-url",
            "https://plans.example.com/stride",
        ],
    );
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let overview = std::fs::read_to_string(other.path().join("index.html")).unwrap();
    assert!(
        hrefs(&overview).contains(&"webcal://plans.example.com/stride/calendar.ics".to_string()),
        "{overview}"
    );
    assert!(overview.contains("https://plans.example.com/stride/calendar.ics"));
    // Without an address, the link still works (copied from the page, or
    // downloaded), but there is nothing to paste and no webcal:// to open.
    let yaml = std::fs::read_to_string(fixture.root().join("outcare.yaml")).unwrap();
    let without: String = yaml
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, yaml, "the fixture sets no base_url");
    fixture.write("outcare.yaml", &without);
    let bare = tempfile::tempdir().unwrap();
    fixture.build(bare.path());
    for page in feed_pages(bare.path()) {
        let html = std::fs::read_to_string(bare.path().join(&page)).unwrap();
        let links = hrefs(&html);
        assert!(
            links
                .iter()
                .any(|h| resolve(&page, h).as_deref() == Some("calendar.ics")),
            "{page}: no relative link to calendar.ics in {links:?}"
        );
        assert!(!html.contains("webcal:"), "{page}: {html}");
        assert!(!html.contains("example.org/plan"), "{page}: {html}");
        assert!(html.contains("Google Calendar"), "{page}: {html}");
    }
}

// ------------------------------------------------------------------ plan.json

#[test]
fn plan_json_has_the_whole_plan_and_the_flags_of_check() {
    let built = Built::new();
    let plan: serde_json::Value =
        serde_json::from_str(&built.read("plan.json")).expect("plan.json parses");
    for (key, len) in [
        ("posts", 13),
        ("personas", 3),
        ("pain_points", 4),
        ("feedback", 2),
        // `stretch-reel`, a draft going out on the 5th, is `not-ready`.
        ("flags", 4),
    ] {
        let items = plan[key]
            .as_array()
            .unwrap_or_else(|| panic!("plan.json has no array `{key}`"));
        assert_eq!(items.len(), len, "plan.json {key}: {items:#?}");
    }
    let march = plan["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "march-letter")
        .expect("march-letter in plan.json");
    // Data, not HTML: front-matter strings are not escaped here.
    assert_eq!(march["title"], "March letter: plans & nerves");
    assert_eq!(march["owner"], "Tom <tom@example.org>");

    let check = built.fixture.run(&["check", "--format", "json"]);
    let check: serde_json::Value =
        serde_json::from_str(&check.stdout()).expect("check --format json parses");
    assert_eq!(
        plan["flags"], check["flags"],
        "plan.json's flags differ from check's"
    );
}

// ------------------------------------------------------------------ no live reload

#[test]
fn build_output_has_no_live_reload() {
    let built = Built::new();
    for (path, bytes) in files(&tree(built.out())) {
        let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        for word in ["eventsource", "livereload", "live-reload", "websocket"] {
            assert!(!text.contains(word), "{path} contains {word:?}");
        }
    }
}

#[test]
fn a_plans_own_templates_override_the_built_in_ones_file_by_file() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block title %}{{ page.card.title }}{% endblock title %}{% block main %}<p class=\"ours\">Ours: {{ page.card.title }} for {% for p in page.card.personas %}{{ p.name }}{% endfor %}</p>{% endblock main %}",
    );
    fixture.write("templates/style.css", "body { color: rebeccapurple; }\n");
    let out = tempfile::tempdir().unwrap();
    fixture.build(out.path());
    let post = std::fs::read_to_string(out.path().join("posts/five-stretches/index.html")).unwrap();
    assert!(post.contains("<p class=\"ours\">Ours: "), "{post}");
    // The rest of the built-ins still apply: the base layout and the other pages.
    assert!(post.contains("<nav aria-label=\"Main\">"), "{post}");
    let index = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(index.contains("Which needs are served"), "{index}");
    let css = std::fs::read_to_string(out.path().join("style.css")).unwrap();
    assert_eq!(css, "body { color: rebeccapurple; }\n");
}

#[test]
fn an_overridden_shared_part_is_on_every_page_that_shows_it() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/filters.html",
        "<p class=\"ours\">{% for p in site.personas %}{{ p.slug }};{% endfor %}{{ site.root }}</p>\n",
    );
    fixture.write(
        "templates/header.html",
        "<header class=\"ours\">{{ site.section }} {{ site.personas | length }}</header>\n",
    );
    let out = tempfile::tempdir().unwrap();
    fixture.build(out.path());
    let month = std::fs::read_to_string(out.path().join("calendar/2026-03/index.html")).unwrap();
    assert!(
        month.contains("<header class=\"ours\">calendar "),
        "{month}"
    );
    assert!(month.contains("first-marathoner;"), "{month}");
    assert!(month.contains(";../../</p>\n"), "{month}");
    let ideas = std::fs::read_to_string(out.path().join("ideas/index.html")).unwrap();
    assert!(ideas.contains("<header class=\"ours\">ideas "), "{ideas}");
}

#[test]
fn a_template_that_does_not_parse_is_named_and_nothing_is_written() {
    let fixture = Fixture::new();
    fixture.write(
        "templates/month.html",
        "{% extends \"base.html\" %}{% block main %}{% for x in %}{% endblock main %}",
    );
    let run = fixture.build_default();
    run.no_panic();
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("month.html"), "{}", run.stderr());
    assert!(
        !fixture.site().join("index.html").exists(),
        "a failed build wrote the site"
    );
}

/// Builds a small plan into `out/` in its folder and returns the text of one page.
fn built_page(plan: &crate::support::TestPlan, page: &str) -> String {
    let run = plan.run(&["build", "--out", "out"]);
    run.no_panic();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    std::fs::read_to_string(plan.root().join("out").join(page)).expect("page built")
}

#[test]
fn days_carry_the_year_when_the_plan_spans_two() {
    let post = |date: &str| {
        format!(
            "title: Rye\ndate: {date}\nchannel: blog\npain_points: [knee-pain]\nstatus: published"
        )
    };
    let plan = crate::support::healthy()
        .post("rye", &post("2026-12-11"))
        .post("wheat", &post("2027-01-08"));
    let list = built_page(&plan, "list/2026-12/index.html");
    assert!(list.contains("Fri 11 Dec 2026"), "{list}");
    // One year only: lists leave it out, the post's own page still says it.
    let plan = crate::support::healthy().post("rye", &post("2026-03-13"));
    let list = built_page(&plan, "list/2026-03/index.html");
    assert!(list.contains("Fri 13 Mar<"), "{list}");
    assert!(!list.contains("Fri 13 Mar 2026"), "{list}");
    let page = built_page(&plan, "posts/rye/index.html");
    assert!(page.contains(">Fri 13 Mar 2026</time>"), "{page}");
}

#[test]
fn a_feedback_label_reads_its_status_and_its_replies_together() {
    let plan = crate::support::healthy()
        .entry("feedback", "sizes", "title: Sizes\nreceived: 2026-02-01\nstatus: new", "")
        .entry(
            "posts",
            "reply",
            "title: Half sizes\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nintent: respond\nresponds_to: [sizes]\nstatus: scheduled",
            "Half sizes are in.",
        );
    let page = built_page(&plan, "feedback/index.html");
    assert!(!page.contains("not yet answered"), "{page}");
    assert!(page.contains(">Reply planned<"), "{page}");
    let plan = plan.post(
        "reply",
        "title: Half sizes\ndate: 2026-02-20\nchannel: blog\npain_points: [knee-pain]\nintent: respond\nresponds_to: [sizes]\nstatus: published",
    );
    let page = built_page(&plan, "feedback/index.html");
    assert!(page.contains(">Reply published<"), "{page}");
    let plan = crate::support::healthy().entry(
        "feedback",
        "sizes",
        "title: Sizes\nreceived: 2026-02-01",
        "",
    );
    let page = built_page(&plan, "feedback/index.html");
    assert!(page.contains(">New, not yet answered<"), "{page}");
}

#[test]
fn quiet_days_and_due_days_show_on_the_calendar_the_week_and_the_post() {
    let plan = crate::support::healthy()
        .config("quiet:\n  - {from: 2026-03-05, to: 2026-03-06, name: Team offsite}\n")
        .post(
            "tips",
            "title: Tips\ndate: 2026-03-12\ndue: 2026-03-04\nchannel: blog\npain_points: [knee-pain]\nstatus: draft",
        )
        .post(
            "guide",
            "title: Guide\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nstatus: published\nreview_every: 90\nreviewed: 2026-03-03",
        );
    let out = tempfile::tempdir().unwrap();
    let run = plan.run(&["build", "--out", &out.path().to_string_lossy()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let read = |page: &str| std::fs::read_to_string(out.path().join(page)).unwrap();
    for page in ["calendar/2026-03/index.html", "weeks/2026-W10/index.html"] {
        let html = read(page);
        assert_eq!(
            html.matches(r#"<p class="quiet-label">Team offsite</p>"#)
                .count(),
            2,
            "{page}: {html}"
        );
        assert!(
            html.contains(r#"<span class="due-mark">ready by</span> Tips</a> <span class="muted">(goes out Thu 12 Mar)</span>"#),
            "{page}: {html}"
        );
    }
    let post = read("posts/tips/index.html");
    assert!(
        post.contains(r#"<dt>Ready by</dt><dd><time datetime="2026-03-04">Wed 4 Mar 2026</time>"#),
        "{post}"
    );
    let guide = read("posts/guide/index.html");
    assert!(
        guide.contains("<dt>Review</dt><dd>every 90 days · last reviewed Tue 3 Mar 2026</dd>"),
        "{guide}"
    );
}

#[test]
fn the_care_report_counts_each_month_as_counted_by_hand() {
    let post = |date: &str, channel: &str, rest: &str| {
        format!("title: Post on {date}\ndate: {date}\nchannel: {channel}\n{rest}")
    };
    let plan = crate::support::TestPlan::new()
        .persona("runner", "[blog]")
        .pain_point("knee-pain", "[runner]")
        .post(
            "m1",
            &post("2026-03-02", "blog", "pain_points: [knee-pain]"),
        )
        .post(
            "m2",
            &post(
                "2026-03-09",
                "instagram",
                "pain_points: [knee-pain]\nintent: promote",
            ),
        )
        .post("m3", &post("2026-03-16", "blog", ""))
        .post(
            "a1",
            &post(
                "2026-04-06",
                "blog",
                "pain_points: [knee-pain]\nintent: respond\nresponds_to: [f1]",
            ),
        )
        .post(
            "a2",
            &post(
                "2026-04-03",
                "blog",
                "pain_points: [knee-pain]\nintent: respond\nresponds_to: [f3]",
            ),
        )
        .entry(
            "feedback",
            "f1",
            "title: One\nreceived: 2026-03-05\nstatus: acted",
            "",
        )
        .entry("feedback", "f2", "title: Two\nreceived: 2026-03-20", "")
        .entry(
            "feedback",
            "f3",
            "title: Three\nreceived: 2026-04-01\nstatus: acted",
            "",
        );
    let json: serde_json::Value =
        serde_json::from_str(&built_page(&plan, "plan.json")).expect("plan.json");
    let months = json["report"]["months"].as_array().expect("report.months");
    // March: m1 serves a need on its channel; m2 serves one on the wrong channel and
    // promotes; m3 names no need. f1 is answered by a1 32 days later; f2 never.
    // April: a1 and a2 serve a need; f3 is answered by a2 2 days later.
    assert_eq!(
        months,
        &[
            serde_json::json!({"month": "2026-03", "posts": 3, "serving_need": 2, "on_persona_channel": 2,
                "promotional": 1, "feedback_received": 2, "feedback_answered": 1, "median_days_to_answer": 32.0}),
            serde_json::json!({"month": "2026-04", "posts": 2, "serving_need": 2, "on_persona_channel": 2,
                "promotional": 0, "feedback_received": 1, "feedback_answered": 1, "median_days_to_answer": 2.0}),
        ]
    );
    let page = built_page(&plan, "report/index.html");
    assert!(page.contains("<svg class=\"chart trend\""), "{page}");
    let april = row_text(&page, "2026-04");
    assert!(april.starts_with("2026-04 planned 2"), "{april}");
    let overview = built_page(&plan, "index.html");
    assert!(
        overview.contains("report/index.html"),
        "the overview links the report"
    );
    // A weekly series counts once a date: four Tuesdays of May, one promotion each.
    let with_series = plan.post(
        "weekly-offer",
        &post(
            "2026-05-05",
            "blog",
            "pain_points: [knee-pain]\nintent: promote\nrepeat: weekly\nuntil: 2026-05-26",
        ),
    );
    let json: serde_json::Value =
        serde_json::from_str(&built_page(&with_series, "plan.json")).expect("plan.json");
    let may = &json["report"]["months"][2];
    assert_eq!(may["month"], "2026-05");
    assert_eq!(
        (may["posts"].as_u64(), may["promotional"].as_u64()),
        (Some(4), Some(4))
    );
}

#[test]
fn the_care_report_spans_every_dated_entry_and_never_a_negative_time() {
    let post = |slug: &str, date: &str, rest: &str| {
        (
            slug.to_string(),
            format!(
                "title: Post {slug}\ndate: {date}\nchannel: blog\npain_points: [knee-pain]\n{rest}"
            ),
        )
    };
    let (early, early_text) = post(
        "early",
        "2026-03-02",
        "intent: respond\nresponds_to: [late]",
    );
    let (later, later_text) = post(
        "later",
        "2026-04-14",
        "intent: respond\nresponds_to: [late]",
    );
    let plan = crate::support::TestPlan::new()
        .persona("runner", "[blog]")
        .pain_point("knee-pain", "[runner]")
        .post(&early, &early_text)
        .post(&later, &later_text)
        // Received two months before the first post's month: still a month of the report.
        .entry(
            "feedback",
            "before",
            "title: Before\nreceived: 2026-01-20",
            "",
        )
        // Answered by `later` (10 days on); `early` went out before it arrived.
        .entry(
            "feedback",
            "late",
            "title: Late\nreceived: 2026-04-04\nstatus: acted",
            "",
        );
    let json: serde_json::Value =
        serde_json::from_str(&built_page(&plan, "plan.json")).expect("plan.json");
    let months: Vec<(&str, u64, u64, u64, Option<f64>)> = json["report"]["months"]
        .as_array()
        .expect("report.months")
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap(),
                m["posts"].as_u64().unwrap(),
                m["feedback_received"].as_u64().unwrap(),
                m["feedback_answered"].as_u64().unwrap(),
                m["median_days_to_answer"].as_f64(),
            )
        })
        .collect();
    assert_eq!(
        months,
        [
            ("2026-01", 0, 1, 0, None),
            ("2026-02", 0, 0, 0, None),
            ("2026-03", 1, 0, 0, None),
            ("2026-04", 1, 1, 1, Some(10.0)),
        ]
    );
    let page = built_page(&plan, "report/index.html");
    assert!(page.contains("<th scope=\"row\">2026-01 "), "{page}");
    // A reply that only predates the feedback answers nothing, and no time is negative.
    let only_early = crate::support::TestPlan::new()
        .persona("runner", "[blog]")
        .pain_point("knee-pain", "[runner]")
        .post(&early, &early_text)
        .entry(
            "feedback",
            "late",
            "title: Late\nreceived: 2026-04-04\nstatus: acknowledged",
            "",
        );
    let json: serde_json::Value =
        serde_json::from_str(&built_page(&only_early, "plan.json")).expect("plan.json");
    for month in json["report"]["months"].as_array().unwrap() {
        assert_eq!(month["feedback_answered"].as_u64(), Some(0), "{month}");
        assert!(month["median_days_to_answer"].is_null(), "{month}");
    }
}

#[test]
fn an_unchanged_rebuild_skips_pages_but_a_template_or_a_setting_reaches_every_page_it_touches() {
    let fixture = Fixture::new();
    let out = fixture.site();
    fixture.build(&out);
    let page = "posts/five-stretches/index.html";
    // A template override changes the post pages, and only them.
    fixture.write(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block main %}<p>overridden {{ page.card.title }}</p>{% endblock main %}",
    );
    fixture.build(&out);
    let text = std::fs::read_to_string(out.join(page)).unwrap();
    assert!(text.contains("overridden Five stretches"), "{text}");
    // A setting every page shows (the title, in the header) reaches every page.
    let config = std::fs::read_to_string(fixture.root().join("outcare.yaml")).unwrap();
    let title = config
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .expect("the fixture has a title")
        .to_string();
    fixture.write("outcare.yaml", &config.replace(&title, "A new title"));
    fixture.build(&out);
    for file in [
        page,
        "index.html",
        "weeks/2026-W11/index.html",
        "owners/maria/index.html",
    ] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(text.contains("A new title"), "{file} kept the old title");
    }
}

/// The healthy base with one post per front-matter tail, a day apart.
fn plan_with_posts(extras: &[&str]) -> crate::support::TestPlan {
    let mut plan = crate::support::healthy();
    for (i, extra) in extras.iter().enumerate() {
        plan = plan.post(
            &format!("p{i}"),
            &format!(
                "title: Post {i}\ndate: 2026-03-{:02}\nchannel: blog\npain_points: [knee-pain]\n{extra}",
                3 + i
            ),
        );
    }
    plan
}

/// The `campaigns` or `owners` of a built site's plan.json as (slug, name).
fn groups_in(plan: &crate::support::TestPlan, which: &str) -> Vec<(String, String)> {
    let json: serde_json::Value =
        serde_json::from_str(&built_page(plan, "plan.json")).expect("plan.json");
    json[which]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["slug"].as_str().unwrap().to_string(),
                g["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn names_in_any_script_get_pages_of_their_own() {
    // Letters without an ASCII fold were dropped, so `Весна 2026` and
    // `Осень 2026` both became campaigns/2026/, one page titled after
    // whichever came first (issue 16).
    let plan = plan_with_posts(&[
        "campaign: Весна 2026\nowner: 田中 (SMM)",
        "campaign: Осень 2026\nowner: 佐藤 (SMM)",
        "campaign: 春のセール2026",
        "campaign: 冬のセール2026",
    ]);
    let campaigns = groups_in(&plan, "campaigns");
    let slugs: BTreeSet<&str> = campaigns.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(slugs.len(), 4, "{campaigns:?}");
    assert!(
        slugs.contains("vesna-2026") && slugs.contains("osen-2026"),
        "{campaigns:?}"
    );
    for (slug, name) in &campaigns {
        assert!(outcare::load::is_slug(slug), "{slug}");
        let page = built_page(&plan, &format!("campaigns/{slug}/index.html"));
        assert!(page.contains(&format!("<h1>{name}</h1>")), "{slug}: {page}");
    }
    let owners = groups_in(&plan, "owners");
    assert_eq!(owners.len(), 2, "{owners:?}");
    assert_ne!(owners[0].0, owners[1].0);
}

#[test]
fn two_spellings_of_one_address_share_a_page_that_names_both() {
    // The page was titled after whichever spelling came first in date order.
    let plan = plan_with_posts(&["campaign: spring sale!", "campaign: Spring sale"]);
    let campaigns = groups_in(&plan, "campaigns");
    assert_eq!(
        campaigns,
        [(
            "spring-sale".to_string(),
            "Spring sale / spring sale!".to_string()
        )]
    );
    let page = built_page(&plan, "campaigns/spring-sale/index.html");
    assert!(
        page.contains("<h1>Spring sale / spring sale!</h1>"),
        "{page}"
    );
    // Each post still shows the name it was given.
    let post = built_page(&plan, "posts/p0/index.html");
    assert!(
        post.contains(r#"<a href="../../campaigns/spring-sale/index.html">spring sale!</a>"#),
        "{post}"
    );
}

#[test]
fn campaign_and_owner_names_too_long_for_a_file_name_still_build() {
    // A 420-character campaign passed check and failed build with "File name
    // too long (os error 36)" (issue 16). Two that differ only at the end keep
    // two pages.
    let long = "Campaign ".repeat(46);
    let plan = plan_with_posts(&[
        &format!("campaign: {long}end\nowner: {long}one"),
        &format!("campaign: {long}finale\nowner: {long}two"),
    ]);
    assert_eq!(plan.run(&["check"]).code(), 0);
    for which in ["campaigns", "owners"] {
        let groups = groups_in(&plan, which);
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert_ne!(groups[0].0, groups[1].0);
        for (slug, name) in &groups {
            assert!(slug.len() <= 100, "{slug} is {} long", slug.len());
            assert!(outcare::load::is_slug(slug), "{slug}");
            assert!(slug.starts_with("campaign-campaign-"), "{slug}");
            assert!(name.len() > 400, "the name is kept whole: {name}");
            assert!(
                plan.root()
                    .join(format!("out/{which}/{slug}/index.html"))
                    .is_file()
            );
        }
    }
}

#[test]
fn a_series_and_a_post_named_after_one_of_its_dates_keep_their_own_uids() {
    // `weekly-tip` on 14 December and the post `weekly-tip-20261214` both got
    // UID `weekly-tip-20261214@…`, and calendar apps merged them (issue 16).
    let plan = crate::support::healthy()
        .config("base_url: https://plan.example.org/\n")
        .post(
            "weekly-tip",
            "title: Weekly tip\ndate: 2026-12-07\nrepeat: weekly\nuntil: 2026-12-21\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "weekly-tip-20261214",
            "title: Extra tip\ndate: 2026-12-14\nchannel: instagram\npain_points: [knee-pain]",
        );
    let calendar = built_page(&plan, "calendar.ics");
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(calendar.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("calendar.ics parses");
    let uids: Vec<String> = calendars[0]
        .events
        .iter()
        .filter_map(|e| e.properties.iter().find(|p| p.name == "UID"))
        .filter_map(|p| p.value.clone())
        .collect();
    assert_eq!(uids.len(), 5, "{uids:?}");
    let unique: BTreeSet<&String> = uids.iter().collect();
    assert_eq!(unique.len(), uids.len(), "a UID is used twice: {uids:?}");
    // Stable: the same plan gives the same UIDs, build after build.
    assert_eq!(built_page(&plan, "calendar.ics"), calendar);
    assert!(
        uids.contains(&"weekly-tip-20261214@plan.example.org".to_string()),
        "a post's UID stays its slug: {uids:?}"
    );
}

#[test]
fn a_weekly_series_shows_each_date_linking_to_its_one_post() {
    let plan = crate::support::healthy()
        .config("base_url: https://plan.example.org/\n")
        .entry(
            "posts",
            "tip",
            "title: Weekly tip\ndate: 2026-03-03T09:00\nrepeat: weekly\nuntil: 2026-03-26\nchannel: blog\npain_points: [knee-pain]\nstatus: scheduled",
            "One tip a week.",
        );
    let out = tempfile::tempdir().unwrap();
    let run = plan.run(&["build", "--out", &out.path().to_string_lossy()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let read = |page: &str| std::fs::read_to_string(out.path().join(page)).unwrap();
    let dates = ["2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24"];

    let month = read("calendar/2026-03/index.html");
    assert_eq!(
        month
            .matches(r#"href="../../posts/tip/index.html""#)
            .count(),
        4,
        "{month}"
    );
    assert_eq!(month.matches("↻&#xFE0E;&nbsp;weekly").count(), 4, "{month}");
    let list = read("list/2026-03/index.html");
    for label in ["Tue 3 Mar", "Tue 10 Mar", "Tue 17 Mar", "Tue 24 Mar"] {
        assert!(list.contains(&format!(">{label} <")), "{label}: {list}");
    }
    let week = read("weeks/2026-W12/index.html");
    assert_eq!(
        week.matches(r#"href="../../posts/tip/index.html""#).count(),
        1,
        "{week}"
    );
    let post = read("posts/tip/index.html");
    assert!(
        post.contains("<dt>Repeats</dt><dd>weekly until Thu 26 Mar 2026: 4 dates"),
        "{post}"
    );
    for date in dates {
        assert!(
            post.contains(&format!(r#"<time datetime="{date}">"#)),
            "{post}"
        );
    }

    let json: serde_json::Value = serde_json::from_str(&read("plan.json")).unwrap();
    let tip = json["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "tip")
        .unwrap();
    assert_eq!(tip["repeat"], "weekly");
    assert_eq!(tip["until"], "2026-03-26");
    assert_eq!(tip["dates"], serde_json::json!(dates));

    let bytes = std::fs::read(out.path().join("calendar.ics")).unwrap();
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(&bytes[..]))
        .collect::<Result<_, _>>()
        .expect("calendar.ics parses");
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let tips: Vec<_> = calendars[0]
        .events
        .iter()
        .filter(|e| prop(e, "SUMMARY").contains("Weekly tip"))
        .collect();
    let uids: Vec<String> = tips.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(
        uids,
        dates.map(|d| format!("tip.{}@plan.example.org", d.replace('-', "")))
    );
    // 09:00 in UTC on each date: one event per date keeps the time of day.
    let starts: Vec<String> = tips.iter().map(|e| prop(e, "DTSTART")).collect();
    assert_eq!(
        starts,
        dates.map(|d| format!("{}T090000Z", d.replace('-', "")))
    );
    assert!(
        tips.iter()
            .all(|e| prop(e, "URL") == "https://plan.example.org/posts/tip/")
    );
}

/// Some HTML's text with every `<small>` element left out: what a reader
/// sees first, before the secondary lines.
fn text_outside_small(html: &str) -> String {
    let mut kept = String::new();
    let mut rest = html;
    while let Some(open) = rest.find("<small") {
        kept.push_str(&rest[..open]);
        rest = rest[open..]
            .find("</small>")
            .map_or("", |close| &rest[open + close + "</small>".len()..]);
    }
    decode_entities(&text_of(&(kept + rest)))
}

#[test]
fn the_flags_page_leads_with_titles_and_groups_a_channels_weeks_on_one_line() {
    // Blog wants 1 to 2 posts a week and gets none in W11 and W12, three in
    // W13; Instagram wants at least one and gets none in W11 and W12.
    let blog = |slug: &str, date: &str| {
        format!("title: Blog {slug}\ndate: {date}\nchannel: blog\npain_points: [knee-pain]")
    };
    let plan = crate::support::healthy()
        .config(
            "channels:\n  blog: {name: Blog, per_week: [1, 2]}\n  instagram: {name: Instagram, per_week: [1, 3]}\n  Newsletter: {name: Newsletter}\n",
        )
        .post("b1", &blog("b1", "2026-03-23"))
        .post("b2", &blog("b2", "2026-03-24"))
        .post("b3", &blog("b3", "2026-03-25"))
        .post(
            "insta",
            "title: On Instagram\ndate: 2026-03-02\nchannel: instagram\npain_points: [knee-pain]",
        )
        .post(
            "insta-late",
            "title: Later on Instagram\ndate: 2026-03-23\nchannel: instagram\npain_points: [knee-pain]",
        )
        .post(
            "like-us",
            "title: Like our page\ndate: 2026-03-03\nchannel: instagram",
        );
    let run = plan.run(&["build", "--out", "out"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let out = plan.root().join("out");
    let page = "flags/index.html";
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    let main = main_element(page, &html);

    // What a stakeholder reads first: titles and what to do, no file, no
    // rule id, no command, no "config:".
    let first = text_outside_small(main);
    for editor_words in [
        "content/",
        "outcare.yaml:",
        "outcare explain",
        "config:",
        "no-persona-need",
        "off-cadence",
        "invalid-config",
    ] {
        assert!(
            !first.contains(editor_words),
            "{editor_words:?} outside the secondary lines: {first}"
        );
    }
    // …which still hold them, smaller.
    for secondary in [
        "<small class=\"where\">content/posts/like-us.md:2 · no-persona-need</small>",
        "<small class=\"where\">outcare.yaml:2 · off-cadence</small>",
        "<small class=\"where\">outcare.yaml:4 · invalid-config</small>",
    ] {
        assert!(main.contains(secondary), "no {secondary}: {main}");
    }
    let flag_items: Vec<String> = main
        .split("<li class=\"flag ")
        .skip(1)
        .map(|item| decode_entities(&text_of(&format!("<{item}"))))
        .collect();
    assert!(
        flag_items
            .iter()
            .any(|item| item.starts_with("Like our page: this post names no pain point")),
        "{flag_items:#?}"
    );
    assert!(
        main.contains("<a href=\"../posts/like-us/index.html\">Like our page</a>"),
        "{main}"
    );
    assert!(
        flag_items
            .iter()
            .any(|item| item.starts_with("Settings: the channel key Newsletter has capitals")),
        "{flag_items:#?}"
    );

    // One line per channel, its weeks linked to their pages.
    let cadence = &main[main
        .find("id=\"off-cadence\"")
        .expect("off-cadence section")..];
    let cadence = &cadence[..cadence.find("</section>").unwrap()];
    let lines: Vec<String> = cadence
        .split("<li")
        .skip(1)
        .map(|item| text_outside_small(&format!("<li{item}")).trim().to_string())
        .collect();
    assert_eq!(
        lines,
        [
            "Blog: no post in 2 weeks: 2026-W11, 2026-W12; more than 2 posts in 1 week: 2026-W13",
            "Instagram: no post in 2 weeks: 2026-W11, 2026-W12",
        ],
        "{cadence}"
    );
    let weeks: Vec<String> = tags(cadence)
        .iter()
        .filter_map(|t| t.attr("href"))
        .map(|href| {
            let target = resolve(page, href).expect("inside the site");
            assert!(out.join(&target).is_file(), "{href} goes nowhere");
            href.to_string()
        })
        .collect();
    assert_eq!(
        weeks,
        [
            "../weeks/2026-W11/index.html",
            "../weeks/2026-W12/index.html",
            "../weeks/2026-W13/index.html",
            "../weeks/2026-W11/index.html",
            "../weeks/2026-W12/index.html",
        ]
    );
}

#[test]
fn tags_show_on_every_card_the_post_page_the_filter_plan_json_and_search() {
    // `tags:` was refused as an unknown key (issue 17, item 6).
    let plan = crate::support::healthy().post(
        "story-time",
        "title: Story time\ndate: 2026-03-05\nchannel: blog\npain_points: [knee-pain]\ntags: [Kids, events, Español, kids]",
    );
    let plan = plan.post(
        "book-club",
        "title: Book club\ndate: 2026-03-06\nchannel: blog\npain_points: [knee-pain]\ntags: Events",
    );
    let plan = plan.post(
        "craft-hour",
        "title: Craft hour\nstatus: idea\nchannel: blog\npain_points: [knee-pain]\ntags: [kids]",
    );
    let out = tempfile::tempdir().unwrap();
    let run = plan.run(&["build", "--out", &out.path().to_string_lossy()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let read = |page: &str| std::fs::read_to_string(out.path().join(page)).unwrap();
    // The post's own spellings, in its order, the second `kids` dropped.
    let labels = r#"<span class="tags"><span class="visually-hidden">Tags: </span><span class="tag">Kids</span><span class="visually-hidden">,</span> <span class="tag">events</span><span class="visually-hidden">,</span> <span class="tag">Español</span></span>"#;
    for page in [
        "index.html",
        "calendar/2026-03/index.html",
        "list/2026-03/index.html",
        "weeks/2026-W10/index.html",
        "personas/runner/index.html",
        "pain-points/knee-pain/index.html",
    ] {
        let html = read(page);
        assert!(html.contains(labels), "{page}: {html}");
        assert!(
            html.contains(r#"data-tags="kids events espanol""#),
            "{page}: {html}"
        );
        assert!(html.contains(r#"data-tags="events""#), "{page}: {html}");
    }
    // An untagged post's card has no empty tag list.
    let list = read("list/2026-03/index.html");
    assert_eq!(list.matches(r#"<span class="tags">"#).count(), 2, "{list}");
    assert_eq!(list.matches("data-tags=").count(), 2, "{list}");

    let ideas = read("ideas/index.html");
    assert!(ideas.contains(r#"data-tags="kids""#), "{ideas}");
    assert!(
        ideas.contains(r#"<span class="tag">kids</span>"#),
        "{ideas}"
    );

    let post = read("posts/story-time/index.html");
    assert!(
        post.contains(r#"<dt>Tags</dt><dd><ul class="tags"><li class="tag">Kids</li><li class="tag">events</li><li class="tag">Español</li></ul></dd>"#),
        "{post}"
    );
    assert!(!read("posts/stretches/index.html").contains("<dt>Tags</dt>"));

    // One choice a tag, by slug; two spellings of one tag are one choice.
    let filter = r#"<details class="choice"><summary>Tag <span class="choice-count" data-choice-count></span></summary><fieldset><legend class="visually-hidden">Tag</legend><label><input type="checkbox" name="tag" value="espanol"> Español</label><label><input type="checkbox" name="tag" value="events"> Events / events</label><label><input type="checkbox" name="tag" value="kids"> Kids / kids</label></fieldset></details>"#;
    for page in [
        "calendar/2026-03/index.html",
        "list/2026-03/index.html",
        "weeks/2026-W10/index.html",
        "ideas/index.html",
    ] {
        assert!(read(page).contains(filter), "{page}: {}", read(page));
    }
    let untagged = crate::support::healthy();
    assert!(!built_page(&untagged, "calendar/2026-03/index.html").contains("name=\"tag\""));

    let json: serde_json::Value = serde_json::from_str(&read("plan.json")).unwrap();
    let tags_of = |slug: &str| {
        json["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == slug)
            .unwrap()["tags"]
            .clone()
    };
    assert_eq!(
        tags_of("story-time"),
        serde_json::json!(["Kids", "events", "Español"])
    );
    assert_eq!(tags_of("book-club"), serde_json::json!(["Events"]));
    assert_eq!(tags_of("stretches"), serde_json::json!([]), "always there");

    let search = read("search-index.js");
    assert!(search.contains("Kids events Español"), "{search}");
}

#[test]
fn a_time_with_an_offset_goes_out_at_that_moment_in_the_plans_zone() {
    let post = |date: &str| {
        format!(
            "title: Rye\ndate: {date}\nchannel: blog\npain_points: [knee-pain]\nstatus: published"
        )
    };
    let plan = crate::support::healthy()
        .config("timezone: America/Chicago\n")
        // 23:30 in Los Angeles is 01:30 the next day in Chicago.
        .post("late", &post("2027-03-04T23:30-08:00"))
        // 16:00 UTC is 10:00 in Chicago in winter (UTC−6), seconds and all.
        .post("zulu", &post("2027-01-12T16:00:00Z"))
        // −06:00 is Chicago's winter offset: in July, its clocks say 11:00.
        .post("summer", &post("2027-07-01T10:00-06:00"))
        // Chicago's clocks go back at 02:00 on 7 November 2027: 01:30 comes
        // twice, and −06:00 names the second.
        .post("fold", &post("2027-11-07T01:30-06:00"));
    let page = built_page(&plan, "posts/late/index.html");
    assert!(
        page.contains("<time datetime=\"2027-03-05\">")
            && page.contains("01:30 (written as 2027-03-04 23:30-08:00)"),
        "{page}"
    );
    let page = std::fs::read_to_string(plan.root().join("out/posts/summer/index.html")).unwrap();
    assert!(page.contains("11:00 (written as 10:00-06:00)"), "{page}");
    let page = std::fs::read_to_string(plan.root().join("out/posts/zulu/index.html")).unwrap();
    assert!(page.contains("10:00 (written as 16:00 UTC)"), "{page}");
    // The card in the month is on the plan's day, at the plan's time.
    let month =
        std::fs::read_to_string(plan.root().join("out/calendar/2027-03/index.html")).unwrap();
    assert!(
        month.contains("<span class=\"chip-time\">01:30</span>"),
        "{month}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plan.root().join("out/plan.json")).unwrap())
            .unwrap();
    let when = |slug: &str| {
        let post = json["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == slug)
            .unwrap();
        (post["date"].clone(), post["time"].clone())
    };
    assert_eq!(when("late"), ("2027-03-05".into(), "01:30".into()));
    assert_eq!(when("zulu"), ("2027-01-12".into(), "10:00".into()));
    assert_eq!(when("summer"), ("2027-07-01".into(), "11:00".into()));

    // The calendar keeps the moment itself.
    let ics = std::fs::read_to_string(plan.root().join("out/calendar.ics")).unwrap();
    for (uid, start) in [
        ("late", "20270305T073000Z"),
        ("zulu", "20270112T160000Z"),
        ("summer", "20270701T160000Z"),
        ("fold", "20271107T073000Z"),
    ] {
        let event = ics
            .split("BEGIN:VEVENT")
            .find(|e| e.contains(&format!("UID:{uid}@")))
            .unwrap();
        assert!(event.contains(&format!("DTSTART:{start}\r\n")), "{event}");
    }
}

// ------------------------------------------------------------------ honest numbers

/// The text a reader sees in a page's `<main>`, entities decoded and runs of
/// white space as one space.
fn main_text(page: &str, html: &str) -> String {
    decode_entities(&text_of(main_element(page, html)))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of the table row whose header cell is `header`.
fn row_text(html: &str, header: &str) -> String {
    let th = format!("<th scope=\"row\">{header}");
    let at = html
        .find(&th)
        .unwrap_or_else(|| panic!("no row for {header}: {html}"));
    let end = html[at..].find("</tr>").map_or(html.len(), |e| at + e);
    let start = html[..at].rfind("<tr").unwrap_or(at);
    // A space before each cell, so that "2026-04" and "2" do not read "2026-042".
    let cells = html[start..end].replace("<td", " <td");
    decode_entities(&text_of(&cells))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_overview_counts_every_feedback_still_waiting_and_names_the_oldest() {
    let feedback = |title: &str, received: &str, rest: &str| {
        format!("title: {title}\nreceived: {received}\n{rest}")
    };
    let plan = crate::support::healthy()
        // Waiting: new, acknowledged, and acted on with no reply to tell them.
        .entry("feedback", "story-time", &feedback("Story time is too early", "2025-11-12", "status: new"), "")
        .entry("feedback", "email", &feedback("An e-mail to the director", "2025-11-20", "status: acknowledged"), "")
        .entry("feedback", "chairs", &feedback("Chairs are hard", "2026-01-05", "status: acted"), "")
        // Not waiting: closed, or a dated post answers it.
        .entry("feedback", "parking", &feedback("No parking", "2025-10-01", "status: closed"), "")
        .entry("feedback", "hours", &feedback("Longer hours", "2026-02-10", ""), "")
        .post(
            "reply",
            "title: New hours\ndate: 2026-03-04\nchannel: blog\npain_points: [knee-pain]\nintent: respond\nresponds_to: [hours]",
        );
    let text = main_text("index.html", &built_page(&plan, "index.html"));
    assert!(
        text.contains("3 pieces of feedback are waiting for an answer"),
        "{text}"
    );
    assert!(
        text.contains("the oldest came in on Wed 12 Nov 2025: Story time is too early"),
        "{text}"
    );
    // A private item counts, but its title stays off the site.
    let plan = plan.entry(
        "feedback",
        "secret",
        &feedback("A private complaint", "2025-09-01", "private: true"),
        "",
    );
    let text = main_text("index.html", &built_page(&plan, "index.html"));
    assert!(
        text.contains("4 pieces of feedback are waiting for an answer"),
        "{text}"
    );
    assert!(text.contains("Mon 1 Sep 2025"), "{text}");
    assert!(!text.contains("A private complaint"), "{text}");
    // Nothing waiting is said as plainly.
    let text = main_text(
        "index.html",
        &built_page(&crate::support::healthy(), "index.html"),
    );
    assert!(
        text.contains("No feedback is waiting for an answer"),
        "{text}"
    );
}

#[test]
fn posts_and_dates_are_counted_both_ways_where_a_series_repeats() {
    let plan = crate::support::healthy().post(
        "weekly-tips",
        "title: Weekly tips\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nrepeat: weekly\nuntil: 2026-03-24",
    );
    let text = main_text("index.html", &built_page(&plan, "index.html"));
    assert!(
        text.contains("2 dated posts, 5 dates with repeats, for 1 persona."),
        "{text}"
    );
    // Without a series there is one count to give.
    let text = main_text(
        "index.html",
        &built_page(&crate::support::healthy(), "index.html"),
    );
    assert!(text.contains("1 dated post for 1 persona."), "{text}");
    assert!(!text.contains("with repeats"), "{text}");
}

#[test]
fn every_share_shows_its_counts_and_a_small_month_is_too_few_to_judge() {
    let post = |slug: &str, date: &str, rest: &str| {
        (
            slug.to_string(),
            format!("title: Post {slug}\ndate: {date}\nchannel: blog\n{rest}"),
        )
    };
    let mut plan = crate::support::TestPlan::new()
        .persona("runner", "[blog]")
        .pain_point("knee-pain", "[runner]");
    // March: six posts, five serve a need, one promotes. April: one post.
    for (slug, text) in [
        post("m1", "2026-03-02", "pain_points: [knee-pain]"),
        post("m2", "2026-03-03", "pain_points: [knee-pain]"),
        post("m3", "2026-03-04", "pain_points: [knee-pain]"),
        post("m4", "2026-03-05", "pain_points: [knee-pain]"),
        post(
            "m5",
            "2026-03-06",
            "pain_points: [knee-pain]\nintent: promote",
        ),
        post("m6", "2026-03-09", ""),
        post("a1", "2026-04-06", "pain_points: [knee-pain]"),
    ] {
        plan = plan.post(&slug, &text);
    }
    let overview = main_text("index.html", &built_page(&plan, "index.html"));
    assert!(
        overview.contains("6 posts: 83% (5 of 6) serve a need, 17% (1 of 6) promote"),
        "{overview}"
    );
    let report = built_page(&plan, "report/index.html");
    let march = row_text(&report, "2026-03");
    assert!(march.contains("83% (5 of 6)"), "{march}");
    assert!(march.contains("17% (1 of 6)"), "{march}");
    let april = row_text(&report, "2026-04");
    assert!(april.contains("1 post: too few to judge"), "{april}");
    assert!(!april.contains('%'), "a bare share of one post: {april}");
    // The overview in a month of one post says so too.
    let one = crate::support::healthy();
    let overview = main_text("index.html", &built_page(&one, "index.html"));
    assert!(overview.contains("1 post: too few to judge"), "{overview}");
    assert!(!overview.contains("100%"), "{overview}");
}

#[test]
fn the_care_report_marks_the_months_after_today_as_planned() {
    let post = |date: &str| {
        format!("title: Post on {date}\ndate: {date}\nchannel: blog\npain_points: [knee-pain]")
    };
    let plan = crate::support::healthy()
        .post("jan", &post("2026-01-13"))
        .post("feb", &post("2026-02-10"))
        .post("apr1", &post("2026-04-07"))
        .post("apr2", &post("2026-04-14"))
        .post("may", &post("2026-05-05"));
    let report = built_page(&plan, "report/index.html");
    for (month, starts) in [
        ("2026-01", "2026-01 happened 1"),
        ("2026-02", "2026-02 happened 1"),
        ("2026-03", "2026-03 this month 1"),
        ("2026-04", "2026-04 planned 2"),
        ("2026-05", "2026-05 planned 1"),
    ] {
        let row = row_text(&report, month);
        assert!(row.starts_with(starts), "{month}: {row}");
    }
    let text = main_text("report/index.html", &report);
    assert!(
        text.contains("After this month the plan holds 2 posts in April 2026 and 1 in May 2026"),
        "{text}"
    );
    // The charts shade the planned months apart.
    assert_eq!(
        report.matches("class=\"planned-band\"").count(),
        3,
        "one band a chart: {report}"
    );
}

#[test]
fn the_owners_page_counts_this_month_and_the_next_and_each_month_by_date() {
    let plan = crate::support::healthy()
        .post(
            "weekly-tips",
            "title: Weekly tips\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nowner: Maria\nrepeat: weekly\nuntil: 2026-04-07",
        )
        .post(
            "may-letter",
            "title: May letter\ndate: 2026-05-05\nchannel: blog\npain_points: [knee-pain]\nowner: Maria",
        )
        .post(
            "tom-post",
            "title: Tom's post\ndate: 2026-04-20\nchannel: blog\npain_points: [knee-pain]\nowner: Tom",
        );
    let owners = built_page(&plan, "owners/index.html");
    let text = main_text("owners/index.html", &owners);
    assert!(
        text.contains("a weekly post counts once per date"),
        "{text}"
    );
    let head = owners
        .split("<tbody>")
        .next()
        .map(|h| decode_entities(&text_of(h)))
        .unwrap_or_default();
    assert!(
        head.contains("March 2026") && head.contains("April 2026"),
        "{head}"
    );
    // Maria: the series' five March dates and one April date, and May's letter.
    let maria = row_text(&owners, "<a href=\"../owners/maria/index.html\">Maria</a>");
    assert!(maria.starts_with("Maria 2 posts, 7 dates 5 1"), "{maria}");
    let tom = row_text(&owners, "<a href=\"../owners/tom/index.html\">Tom</a>");
    assert!(tom.starts_with("Tom 1 post 0 1"), "{tom}");
    // Each month of the plan, by date.
    let by_month = &owners[owners.find("id=\"by-month\"").expect("a table by month")..];
    let maria = row_text(by_month, "<a href=\"../owners/maria/index.html\">Maria</a>");
    assert_eq!(maria, "Maria 5 1 1", "{by_month}");
    let tom = row_text(by_month, "<a href=\"../owners/tom/index.html\">Tom</a>");
    assert_eq!(tom, "Tom 0 1 0", "{by_month}");
}

#[test]
fn the_list_has_an_owner_column() {
    let built = Built::new();
    let list = built.read("list/2026-03/index.html");
    assert!(
        list.contains("<th scope=\"col\">Owner</th>"),
        "{}",
        main_element("list", &list)
    );
    let row = |post: &str| -> String {
        let link = format!("posts/{post}/index.html");
        let at = list.find(&link).unwrap_or_else(|| panic!("no {post}"));
        let start = list[..at].rfind("<tr").unwrap();
        let end = at + list[at..].find("</tr>").unwrap();
        list[start..end].to_string()
    };
    assert!(
        row("five-stretches").contains("<a href=\"../../owners/maria/index.html\">Maria</a>"),
        "{}",
        row("five-stretches")
    );
    assert!(
        text_of(&row("ice-or-heat")).contains("nobody yet"),
        "{}",
        row("ice-or-heat")
    );
}

/// The "Needs attention now" section of a page, as HTML.
fn attention_section(html: &str) -> &str {
    let start = html
        .find("<section class=\"attention\"")
        .expect("a Needs attention now section");
    let end = html[start..].find("</section>").expect("the section ends") + start;
    &html[start..end]
}

#[test]
fn needs_attention_now_leads_the_overview_and_the_flags_page_ranked_by_date() {
    // Today is 2026-03-01; `not-ready` looks 7 days ahead.
    let plan = crate::support::healthy()
        .config("channels:\n  blog: {name: Blog, per_week: [1, 5]}\n  instagram: {name: Instagram}\n  linkedin: {name: LinkedIn}\n")
        .entry(
            "posts",
            "teen-reel",
            "title: Teen games reel\ndate: 2026-03-04\nchannel: blog\npain_points: [knee-pain]\nstatus: draft\nowner: Lotte",
            "Clips from games night.",
        )
        .entry(
            "posts",
            "photo-story",
            "title: Photo story\ndate: 2026-03-02T18:00\nchannel: blog\npain_points: [knee-pain]\nstatus: review\nowner: Bram",
            "Photos of the night.\n\nNeed photo releases for teens!!",
        )
        .entry(
            "feedback",
            "story-time-complaint",
            "title: Story time was cancelled\nreceived: 2026-02-10",
            "",
        )
        // Near misses: ready and scheduled, a draft past the window, and a
        // flag of another rule (wrong-channel) on a post in the window.
        .entry(
            "posts",
            "ready",
            "title: Ready one\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nstatus: scheduled",
            "Written.",
        )
        .entry(
            "posts",
            "later",
            "title: Later one\ndate: 2026-03-20\nchannel: blog\npain_points: [knee-pain]\nstatus: draft",
            "Still a draft.",
        )
        .entry(
            "posts",
            "elsewhere",
            "title: Elsewhere\ndate: 2026-03-05\nchannel: linkedin\npain_points: [knee-pain]\nstatus: scheduled",
            "Written.",
        );
    let expected = [
        (
            "2026-02-10",
            "Story time was cancelled",
            "feedback/index.html#feedback-story-time-complaint",
            None,
            "new",
            "(19 days ago) and still <code>new</code>",
        ),
        (
            "2026-03-02",
            "Photo story",
            "posts/photo-story/index.html",
            Some("Bram"),
            "review",
            "(tomorrow) but is still <code>review</code>",
        ),
        (
            "2026-03-02",
            "Photo story",
            "posts/photo-story/index.html",
            Some("Bram"),
            "review",
            "a note for the team, <code>Need photo releases for teens!!</code>",
        ),
        (
            "2026-03-04",
            "Teen games reel",
            "posts/teen-reel/index.html",
            Some("Lotte"),
            "draft",
            "(in 3 days) but is still <code>draft</code>",
        ),
    ];
    for (page, root) in [("index.html", ""), ("flags/index.html", "../")] {
        let html = built_page(&plan, page);
        let section = attention_section(&html);
        assert!(
            section.contains("<h2 id=\"attention\">Needs attention now</h2>"),
            "{page}: {section}"
        );
        // The first section of the page's `<main>`, under its heading and lead.
        let main = &html[html.find("<main").expect("a main element")..];
        assert_eq!(
            main.find("<section"),
            main.find("<section class=\"attention\""),
            "{page}: the list is not at the top"
        );
        let items: Vec<&str> = section
            .split("<li class=\"flag severity-")
            .skip(1)
            .collect();
        let (urgent, ahead) = items.split_at(expected.len().min(items.len()));
        assert_eq!(urgent.len(), expected.len(), "{page}: {section}");
        for (item, (date, title, url, owner, status, what)) in urgent.iter().zip(expected) {
            assert!(
                item.contains(&format!("<time datetime=\"{date}\">")),
                "{page}: {date}: {item}"
            );
            assert!(
                item.contains(&format!("<a href=\"{root}{url}\">{title}</a>")),
                "{page}: {title}: {item}"
            );
            match owner {
                Some(owner) => assert!(item.contains(&format!("owned by {owner}")), "{item}"),
                None => assert!(!item.contains("owned by"), "{item}"),
            }
            assert!(
                item.contains(&format!("<span class=\"status-word\">{status}</span>")),
                "{page}: {item}"
            );
            assert!(item.contains(what), "{page}: {what}: {item}");
        }
        // The week with no blog post comes after, one line for the channel.
        assert_eq!(ahead.len(), 1, "{page}: {ahead:#?}");
        assert!(
            ahead[0].contains("Blog</a> is off its rhythm: too few posts in 1 week"),
            "{page}: {}",
            ahead[0]
        );
        for near_miss in ["Ready one", "Later one", "Elsewhere"] {
            assert!(!section.contains(near_miss), "{page}: {near_miss} listed");
        }
    }
}

#[test]
fn needs_attention_now_says_so_when_nothing_does() {
    let html = built_page(&crate::support::healthy(), "index.html");
    assert!(
        attention_section(&html).contains("Nothing needs attention now"),
        "{}",
        attention_section(&html)
    );
}

#[test]
fn pages_speak_the_readers_words_and_keep_files_and_rule_ids_for_editors() {
    // A post page said "Date", "Due" and "File", and its flags led with
    // `warning[no-persona-need]` (issue 18, item 3).
    let plan = crate::support::healthy().entry(
        "posts",
        "like-us",
        "title: Like our page\ndate: 2026-03-12\ndue: 2026-03-10\nchannel: blog\nstatus: scheduled",
        "Give us a like and tell your friends about our shop.",
    );
    let post = built_page(&plan, "posts/like-us/index.html");
    let main = main_element("posts/like-us/index.html", &post);
    assert!(main.contains("<dt>Goes out</dt>"), "{main}");
    assert!(main.contains("<dt>Ready by</dt>"), "{main}");
    assert!(
        main.contains(
            "<dt>For editors</dt><dd>the file <code>content/posts/like-us.md</code></dd>"
        ),
        "{main}"
    );
    for tool_word in ["<dt>Date</dt>", "<dt>Due</dt>", "<dt>File</dt>", "warning["] {
        assert!(!main.contains(tool_word), "{tool_word} in {main}");
    }
    // A flag leads with what its rule means; the file and the rule's id
    // follow on a smaller line marked for editors.
    let flags = &main[main.find("class=\"flags-box\"").expect("the post's flags")..];
    let item = &flags[flags.find("<li class=\"flag").unwrap()..];
    let item = &item[..item.find("</li>").unwrap()];
    assert!(
        item.contains("<strong>Posts that serve no need of the people they are for</strong>: "),
        "{item}"
    );
    assert!(
        item.contains("<small class=\"where\">for editors: content/posts/like-us.md:"),
        "{item}"
    );
    assert!(item.contains("no-persona-need</small>"), "{item}");
    // The table of posts and the legend use the same words.
    let list = built_page(&plan, "list/2026-03/index.html");
    assert!(list.contains("<th scope=\"col\">Goes out</th>"), "{list}");
    let month = built_page(&plan, "calendar/2026-03/index.html");
    assert!(
        month.contains("<span class=\"due-mark\">ready by</span> the day a post must be ready"),
        "{month}"
    );
}
