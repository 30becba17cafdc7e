//! A real browser on the built site: headless Chromium opens a month page
//! from disk with a filter in its query string, runs the site's script, and
//! prints the resulting DOM (`--dump-dom`) and its console (`--enable-logging`).
//!
//! CI (`.ci/run`) installs Debian's `chromium` and sets
//! `OUTCARE_BROWSER_TEST=required`, which makes a missing browser a failure;
//! elsewhere the test says it was skipped and passes.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::site::{Built, Fixture, Tag, decode_entities, tags, text_after};

const CHROMIUM: &str = "/usr/bin/chromium";

/// How long one Chromium run may take before it is killed.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// The browser, or `None` (after saying so) when it is missing and not required.
fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from(CHROMIUM);
    if path.is_file() {
        return Some(path);
    }
    crate::support::skip(
        "OUTCARE_BROWSER_TEST",
        "browser",
        &format!(
            "chromium not found at {CHROMIUM}: install it with `apt-get install chromium` (.ci/run does)"
        ),
    );
    None
}

/// What Chromium made of a page: the DOM after scripts ran, and its log.
struct Dump {
    dom: String,
    log: String,
}

impl Dump {
    /// Console messages (Chromium logs each as `INFO:CONSOLE…] "text", source: url`)
    /// and uncaught errors, from pages under `dir`.
    fn console(&self, dir: &str) -> Vec<&str> {
        self.log
            .lines()
            .filter(|line| {
                (line.contains(":CONSOLE") && line.contains(dir)) || line.contains("Uncaught")
            })
            .collect()
    }
}

/// Runs a fresh headless Chromium on `url` with `action` (such as `--dump-dom`),
/// in `scratch`, and returns its stdout and log; kills the browser (its whole
/// process group) after [`TIME_LIMIT`].
fn launch(chromium: &Path, action: &[String], url: &str, scratch: &Path) -> (String, String) {
    let profile = scratch.join("profile");
    let stdout_path = scratch.join("stdout");
    let stderr_path = scratch.join("stderr");
    // Files rather than pipes: Chromium's helper processes may hold a pipe
    // open after the browser exits, and a full pipe could stall it.
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(action)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).unwrap())
        .stderr(File::create(&stderr_path).unwrap())
        .process_group(0)
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            // The group holds the browser and the helpers it started.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish {url} within {TIME_LIMIT:?}; its log:\n{}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = std::fs::read_to_string(&stdout_path).unwrap_or_default();
    let log = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(
        status.success(),
        "chromium failed on {url} ({status}); its log:\n{log}"
    );
    (stdout, log)
}

/// Opens `url` and returns its DOM after scripts ran, and the browser's log.
fn dump_dom(chromium: &Path, url: &str) -> Dump {
    let scratch = tempfile::tempdir().expect("temp dir");
    let (dom, log) = launch(chromium, &["--dump-dom".to_string()], url, scratch.path());
    assert!(
        dom.contains("</html>"),
        "chromium gave no page for {url}; its log:\n{log}"
    );
    Dump { dom, log }
}

/// Prints `url` to PDF as a browser's print dialog would, and returns the PDF.
fn print_to_pdf(chromium: &Path, url: &str) -> Vec<u8> {
    let scratch = tempfile::tempdir().expect("temp dir");
    let pdf = scratch.path().join("page.pdf");
    let action = [
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".to_string(),
    ];
    let (_, log) = launch(chromium, &action, url, scratch.path());
    std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF for {url} ({e}); log:\n{log}"))
}

/// A `file://` URL for an absolute path.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_str().expect("UTF-8 temp path").bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The elements standing for posts, with the index of the `section.week` each
/// sits in (list pages), in page order.
fn posts(all: &[Tag]) -> Vec<(&Tag, Option<usize>)> {
    let mut section = None;
    let mut out = Vec::new();
    let mut weeks = 0;
    for tag in all {
        if tag.name == "section" && tag.has_class("week") {
            section = Some(weeks);
            weeks += 1;
        }
        if tag.has("data-post") {
            out.push((tag, section));
        }
    }
    out
}

/// The checks every filtered page shares: the form shows, the pager links carry
/// the filter (they are built from what the script reads out of the form, so
/// this is the form's state), and the count says how many posts are shown.
fn assert_filtered(page: &str, dump: &Dump, query: &str, shown: usize, total: usize) {
    let all = tags(&dump.dom);
    let form = all
        .iter()
        .find(|t| t.has("data-filters"))
        .unwrap_or_else(|| panic!("{page}: no filter form"));
    assert!(
        !form.has("hidden"),
        "{page}: the script did not show the filter form"
    );
    let keep: Vec<String> = all
        .iter()
        .filter(|t| t.has("data-keep-filters"))
        .map(|t| decode_entities(t.attr("href").unwrap_or_default()))
        .collect();
    assert!(!keep.is_empty(), "{page}: no pager links");
    for href in &keep {
        assert!(
            href.ends_with(&format!("?{query}")),
            "{page}: pager link {href} does not keep ?{query}"
        );
    }
    let count = all
        .iter()
        .find(|t| t.has("data-filter-count"))
        .unwrap_or_else(|| panic!("{page}: no filter count"));
    assert_eq!(
        text_after(&dump.dom, count),
        format!("{shown} of {total} posts shown"),
        "{page}"
    );
}

#[test]
fn filters_work_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let built = Built::new();
    let out = built.out().canonicalize().unwrap();
    let site_url = file_url(&out);

    // The month with a channel in the query string.
    let page = "calendar/2026-03/index.html";
    let dump = dump_dom(
        &chromium,
        &format!("{}?channel=blog", file_url(&out.join(page))),
    );
    let all = tags(&dump.dom);
    let chips = posts(&all);
    assert_eq!(chips.len(), 7, "{page}: {}", dump.dom);
    let blog = chips
        .iter()
        .filter(|(t, _)| t.attr("data-channel") == Some("blog"))
        .count();
    assert_eq!(blog, 2, "{page}: the fixture has two blog posts in March");
    for (chip, _) in &chips {
        let channel = chip.attr("data-channel").unwrap();
        assert_eq!(
            chip.has("hidden"),
            channel != "blog",
            "{page}?channel=blog: a {channel} chip is {}",
            if chip.has("hidden") {
                "hidden"
            } else {
                "shown"
            }
        );
    }
    // --dump-dom serializes attributes, not a <select>'s live value: the pager
    // links and the count, which the script derives from the form's fields,
    // show that the select holds `blog`.
    assert_filtered(page, &dump, "channel=blog", 2, 7);
    let console = dump.console(&site_url);
    assert!(
        console.is_empty(),
        "{page}: console output:\n{}",
        console.join("\n")
    );

    // Flagged only.
    let dump = dump_dom(
        &chromium,
        &format!("{}?flagged=1", file_url(&out.join(page))),
    );
    let all = tags(&dump.dom);
    let chips = posts(&all);
    let flagged = chips
        .iter()
        .filter(|(t, _)| t.attr("data-flagged") == Some("yes"))
        .count();
    assert!(
        flagged > 0 && flagged < chips.len(),
        "{page}: {flagged} flagged"
    );
    for (chip, _) in &chips {
        assert_eq!(
            chip.has("hidden"),
            chip.attr("data-flagged") != Some("yes"),
            "{page}?flagged=1: {:?}",
            chip.attrs
        );
    }
    assert_filtered(page, &dump, "flagged=1", flagged, chips.len());
    let console = dump.console(&site_url);
    assert!(
        console.is_empty(),
        "{page}: console output:\n{}",
        console.join("\n")
    );

    // The list page: rows are filtered and weeks left empty are hidden.
    let page = "list/2026-03/index.html";
    let dump = dump_dom(
        &chromium,
        &format!("{}?channel=linkedin", file_url(&out.join(page))),
    );
    let all = tags(&dump.dom);
    let rows = posts(&all);
    assert_eq!(rows.len(), 7, "{page}");
    for (row, _) in &rows {
        assert_eq!(
            row.has("hidden"),
            row.attr("data-channel") != Some("linkedin"),
            "{page}?channel=linkedin: {:?}",
            row.attrs
        );
    }
    let sections: Vec<&Tag> = all
        .iter()
        .filter(|t| t.name == "section" && t.has_class("week"))
        .collect();
    assert!(sections.len() > 1, "{page}: {} weeks", sections.len());
    for (i, section) in sections.iter().enumerate() {
        let has_linkedin = rows
            .iter()
            .any(|(row, s)| *s == Some(i) && row.attr("data-channel") == Some("linkedin"));
        assert_eq!(
            section.has("hidden"),
            !has_linkedin,
            "{page}?channel=linkedin: week section {i}"
        );
    }
    assert_filtered(page, &dump, "channel=linkedin", 1, 7);
    let console = dump.console(&site_url);
    assert!(
        console.is_empty(),
        "{page}: console output:\n{}",
        console.join("\n")
    );

    // The console check can see an error: a page that logs one, next to the site.
    let probe = tempfile::tempdir().unwrap();
    let probe_dir = probe.path().canonicalize().unwrap();
    std::fs::write(
        probe_dir.join("probe.html"),
        "<!doctype html><title>probe</title><script>console.error('outcare-probe');\
         no_such_function();</script>",
    )
    .unwrap();
    let dump = dump_dom(&chromium, &file_url(&probe_dir.join("probe.html")));
    let console = dump.console(&file_url(&probe_dir));
    assert!(
        console.iter().any(|l| l.contains("outcare-probe"))
            && console.iter().any(|l| l.contains("Uncaught")),
        "Chromium's log no longer shows console errors the way this test expects; its log:\n{}",
        dump.log
    );
}

#[test]
fn a_busy_month_prints_on_one_page() {
    let Some(chromium) = chromium() else {
        return;
    };
    // Two posts a day with long titles: more than a screen's worth of month.
    let fixture = Fixture::new();
    for day in 1..=31 {
        for (n, channel) in ["blog", "newsletter"].iter().enumerate() {
            fixture.write(
                &format!("content/posts/busy/busy-{day}-{n}.md"),
                &format!(
                    "---\ntitle: A long title for day {day} that wraps onto a second line in the grid\ndate: 2026-03-{day:02}\nchannel: {channel}\npain_points: [knee-pain]\nstatus: scheduled\n---\nWritten.\n"
                ),
            );
        }
    }
    let out = tempfile::tempdir().unwrap();
    fixture.build(out.path());
    let pdf = print_to_pdf(
        &chromium,
        &file_url(&out.path().join("calendar/2026-03/index.html")),
    );
    // The page tree's /Count is the number of pages.
    let text = String::from_utf8_lossy(&pdf);
    let counts: Vec<&str> = text
        .match_indices("/Count ")
        .map(|(at, _)| {
            text[at + 7..]
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(counts, ["1"], "the month printed on {counts:?} pages");
}
