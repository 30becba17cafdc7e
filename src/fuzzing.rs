//! What the fuzz targets (`fuzz/fuzz_targets/`) run, one function each, so
//! that `tests/testsuite/fuzz_regressions.rs` replays a kept input through
//! exactly the same code and checks. Not part of outcare's interface.
//!
//! Each function takes the fuzzer's bytes, runs them through the stage as
//! `load`, `render` or `serve` would, and panics when an invariant breaks:
//! besides "no panic", flag positions inside the file, body HTML without
//! script, and served paths inside the site.

use crate::diagnostic::{self, Flag, Kind, SourceLookup};
use crate::model::CONFIG_FILE;
use crate::render::markdown;
use crate::serve::http;

/// The kinds of entry `entry` picks from with its first byte.
pub const KINDS: [Kind; 4] = [Kind::Persona, Kind::PainPoint, Kind::Post, Kind::Feedback];

/// Split and parse a front matter: the `---` fences, the YAML mapping, every
/// key's and value's position, unknown keys; then the flags as text, JSON and
/// GitHub annotations.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = "content/posts/fuzzed.md";
    let (text, flags) = crate::load::read_front_matter_text(file, text);
    check_flags(file, &text, &flags);
}

/// One whole entry of the kind the first byte picks: front matter read as
/// `load` reads that kind, body rendered to HTML with raw HTML off and on.
pub fn entry(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = KINDS[usize::from(pick) % KINDS.len()];
    let file = format!("content/{}/fuzzed.md", folder(kind));
    let (text, body, flags) = crate::load::read_entry_text(&file, "fuzzed", kind, text);
    check_flags(&file, &text, &flags);
    if let Some(body) = body {
        check_safe_html(&body, &markdown::to_html(&body, false, "fuzzed-fn-"));
        // Raw HTML is the plan's own choice then, but links stay checked.
        markdown::to_html(&body, true, "fuzzed-fn-");
    }
}

/// `outcare.yaml`: every setting read and flagged as `load` does.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (text, _config, flags) = crate::load::read_config_text(text);
    check_flags(CONFIG_FILE, &text, &flags);
}

/// A request target as `serve` turns it into a site path, and the same bytes
/// as a `Host` header. A path never leaves the site: no empty, `.` or `..`
/// part, no leading `/`, no backslash, NUL or drive colon; and asking for the
/// path it gave (escaped again) gives the same path.
pub fn serve_path(data: &[u8]) {
    let Ok(target) = std::str::from_utf8(data) else {
        return;
    };
    http::is_local_host(target);
    http::is_ip_host(target);
    let Some(path) = http::site_path(target) else {
        return;
    };
    assert!(!path.is_empty(), "{target:?} gave an empty path");
    assert!(
        !path.contains(['\\', '\0', ':']),
        "{target:?} gave {path:?}"
    );
    for part in path.split('/') {
        assert!(
            !part.is_empty() && part != "." && part != "..",
            "{target:?} gave {path:?}, with the part {part:?}"
        );
    }
    http::content_type(&path);
    let again: String = path
        .chars()
        .map(|c| match c {
            '%' => "%25".to_string(),
            '?' => "%3F".to_string(),
            '#' => "%23".to_string(),
            c => c.to_string(),
        })
        .collect();
    assert_eq!(
        http::site_path(&format!("/{again}")).as_deref(),
        Some(path.as_str()),
        "{target:?} gave {path:?}, which does not give itself"
    );
}

fn folder(kind: Kind) -> &'static str {
    match kind {
        Kind::Persona => "personas",
        Kind::PainPoint => "pain-points",
        Kind::Feedback => "feedback",
        _ => "posts",
    }
}

struct OneFile<'a> {
    file: &'a str,
    text: &'a str,
}

impl SourceLookup for OneFile<'_> {
    fn source(&self, file: &str) -> Option<&str> {
        (file == self.file).then_some(self.text)
    }
}

/// Every flag points inside the file as the user sees it (a line of it, or
/// the end just after the last line), and renders in every form.
fn check_flags(file: &str, text: &str, flags: &[Flag]) {
    let lines: Vec<&str> = text.lines().collect();
    for flag in flags {
        if let Some(line) = flag.line {
            assert!(
                line >= 1 && line as usize <= lines.len() + 1,
                "flag at line {line} of a {}-line file: {flag:?}",
                lines.len()
            );
        }
        assert!(flag.column != Some(0), "flag at column 0: {flag:?}");
    }
    let sources = OneFile { file, text };
    diagnostic::to_text(flags, &sources, false);
    diagnostic::to_text(flags, &sources, true);
    diagnostic::to_json(flags);
    diagnostic::to_github(flags, true);
}

/// The HTML pulldown-cmark writes itself: a body with raw HTML off can only
/// produce these elements, and no link or image with a scheme other than
/// http, https or mailto.
const ELEMENTS: [&str; 30] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "em",
    "strong",
    "del",
    "a",
    "img",
    "hr",
    "br",
    "input",
    "sup",
    "div",
    "span",
];

fn check_safe_html(body: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script"),
        "{body:?} rendered a script: {html}"
    );
    for (at, _) in lower.match_indices('<') {
        let name: String = lower[at + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ELEMENTS.contains(&name.as_str()),
            "{body:?} rendered a <{name}> element: {html}"
        );
    }
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in lower.match_indices(attribute) {
            let value = &lower[at + attribute.len()..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            let value = value
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            let cleaned: String = value
                .chars()
                .filter(|c| !c.is_control() && !c.is_whitespace())
                .collect();
            for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
                assert!(
                    !cleaned.starts_with(scheme),
                    "{body:?} rendered a {scheme} link: {html}"
                );
            }
        }
    }
}
