//! The published site is inert: whatever text the plan's authors put in any
//! front-matter field (titles, owners, campaigns, tags, names, summaries, what
//! changed), in `outcare.yaml` (the site's title, channel names and
//! colours) and in Markdown bodies with `allow_html` off, the built site runs
//! no script but its own.
//!
//! Each case builds a small plan of random text with the binary and reads
//! every page with html5ever's tokenizer (what a browser's parser does, raw
//! text elements included): no `<script>` but the site's own two files and no
//! inline script; no `on…` attribute; no URL attribute with a scheme other
//! than http, https or mailto (so no `javascript:`, `vbscript:` or `data:`),
//! read as a browser reads it (entities decoded, controls and spaces
//! dropped); no `style` attribute but the site's own custom properties with a
//! hex colour or a number (nothing that can load a URL), no `<style>`, no
//! frame, object, base or meta refresh; and no parse error at all. The search
//! index is `window.OUTCARE_SEARCH=<JSON>;`, `plan.json` parses, and
//! `calendar.ics` parses with only the properties outcare writes. A colour
//! that is not colour syntax fails the build with an `invalid-config` error
//! on `outcare.yaml`, and nothing is written.
//!
//! 48 cases keep the suite quick; `PROPTEST_CASES=1000` digs deeper.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use crate::hostile::check_ics;
use crate::site::tree;
use crate::support::{TestPlan, run_in};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that has broken out of HTML, attributes, CSS, URLs, JSON, JavaScript,
/// iCalendar or templates somewhere.
const HOSTILE: [&str; 40] = [
    "<script>alert(1)</script>",
    "<ScRiPt src=//evil.example/x.js></script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)' x='",
    "\" onfocus=\"alert(1)\" autofocus=\"",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    "<style>@import 'x';</style>",
    "red;background:url(javascript:alert(1))",
    "#fff;background-image:url(//evil.example/x)",
    "expression(alert(1))",
    "\\75 rl(x)",
    "</style><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "<![CDATA[<script>alert(1)</script>]]>",
    "{{ site.title }}",
    "{% raw %}",
    "\\\"};alert(1);//",
    "</script><script>alert(1)</script>",
    "\u{2028}\u{2029}",
    "\r\nDTSTART:19700101\r\nATTACH:x",
    "\u{202E}\u{2067}",
    "\u{0}\u{1b}[2J\u{7f}\u{85}",
    "\u{feff}\u{fffe}\u{fdd0}",
    "&amp;&lt;&quot;&#39;",
    "${alert(1)}",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=//evil.example/>",
    "<form action=javascript:alert(1)><button>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<object data=x.swf>",
    "`; alert(1); `",
];

/// Markdown that tries to make markup of its own.
const MARKDOWN: [&str; 24] = [
    "[click](javascript:alert(1))",
    "[click](<java\tscript:alert(1)>)",
    "[click](&#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "![img](javascript:alert(1))",
    "![img](x.png \"\\\" onerror=alert(1) x=\\\"\")",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<https://example.org/\"onmouseover=\"alert(1)>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">\n\nx\n\n</div>",
    "<style>body{background:url(//x)}</style>",
    "Footnote[^\"><script>alert(1)</script>].\n\n[^\"><script>alert(1)</script>]: note",
    "`<script>alert(1)</script>`",
    "```\n</code><script>alert(1)</script>\n```",
    "| a | <script> |\n|---|---|\n| [x](javascript:x) | b |",
    "- [x] <input onfocus=alert(1) autofocus>",
    "<!-- --><script>alert(1)</script>",
    "[a](/x \"t\" onmouseover=\"alert(1)\")",
    "<svg/onload=alert(1)>",
    "[a]( javascript:alert(1) )",
    "~~<b onclick=alert(1)>x</b>~~",
];

/// Random text, hostile fragments, or both mixed; never empty, so that a
/// required field is not simply missing.
fn text() -> impl Strategy<Value = String> {
    let fragment = prop::sample::select(HOSTILE.to_vec());
    prop_oneof![
        any::<String>(),
        prop::collection::vec(fragment.clone(), 1..4).prop_map(|parts| parts.concat()),
        (any::<String>(), fragment, any::<String>()).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
    .prop_map(|text| format!("T{text}"))
}

/// A channel's colour: mostly a real one, sometimes anything at all.
fn colour() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "#[0-9a-fA-F]{6}",
        1 => "#[0-9a-fA-F]{3}",
        1 => "#[0-9a-fA-F]{8}",
        2 => text(),
    ]
}

fn body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(MARKDOWN.to_vec()).prop_map(str::to_string),
        prop::sample::select(HOSTILE.to_vec()).prop_map(str::to_string),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.join("\n\n"))
}

/// A YAML double-quoted scalar holding exactly `text`: YAML allows only
/// printable characters in a document, so everything else is escaped.
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        let n = c as u32;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ if matches!(n, 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..) && n != 0xFEFF => {
                out.push(c)
            }
            _ if n <= 0xFFFF => out.push_str(&format!("\\u{n:04X}")),
            _ => out.push_str(&format!("\\U{n:08X}")),
        }
    }
    out.push('"');
    out
}

#[derive(Debug, Clone)]
struct Texts {
    site_title: String,
    channels: [(String, String); 2],
    persona: [String; 2],
    pain_point: String,
    feedback: [String; 2],
    posts: [[String; 3]; 3],
    bodies: [String; 6],
}

fn texts() -> impl Strategy<Value = Texts> {
    (
        text(),
        [(text(), colour()), (text(), colour())],
        [text(), text()],
        text(),
        [text(), text()],
        [
            [text(), text(), text()],
            [text(), text(), text()],
            [text(), text(), text()],
        ],
        [body(), body(), body(), body(), body(), body()],
    )
        .prop_map(
            |(site_title, channels, persona, pain_point, feedback, posts, bodies)| Texts {
                site_title,
                channels,
                persona,
                pain_point,
                feedback,
                posts,
                bodies,
            },
        )
}

/// A plan with every free-text field of every kind filled from `t`.
fn plan(t: &Texts) -> TestPlan {
    let [(blog, blog_colour), (social, social_colour)] = &t.channels;
    let [post_one, post_two, idea] = &t.posts;
    TestPlan::new()
        .config(&format!(
            "title: {}\nallow_html: false\nchannels:\n  blog: {{name: {}, color: {}}}\n  social: {{name: {}, color: {}}}\n",
            yaml(&t.site_title),
            yaml(blog),
            yaml(blog_colour),
            yaml(social),
            yaml(social_colour),
        ))
        .entry(
            "personas",
            "ann",
            &format!(
                "name: {}\nsummary: {}\nchannels: [blog, social]",
                yaml(&t.persona[0]),
                yaml(&t.persona[1])
            ),
            &t.bodies[0],
        )
        .entry(
            "pain-points",
            "knees",
            &format!("title: {}\npersonas: [ann]", yaml(&t.pain_point)),
            &t.bodies[1],
        )
        .entry(
            "feedback",
            "said",
            &format!(
                "title: {}\nreceived: 2026-02-01\npersonas: [ann]\npain_points: [knees]\nstatus: acted\nchange: {}",
                yaml(&t.feedback[0]),
                yaml(&t.feedback[1])
            ),
            &t.bodies[2],
        )
        .entry(
            "posts",
            "one",
            &format!(
                "title: {}\ndate: 2026-03-03\nchannel: blog\npain_points: [knees]\nowner: {}\ncampaign: {}\nresponds_to: [said]\ntags: [{}, {}]",
                yaml(&post_one[0]),
                yaml(&post_one[1]),
                yaml(&post_one[2]),
                yaml(&post_one[0]),
                yaml(&post_one[2])
            ),
            &t.bodies[3],
        )
        .entry(
            "posts",
            "two",
            &format!(
                "title: {}\ndate: 2026-03-10T09:30\nchannel: social\npain_points: [knees]\nowner: {}\ncampaign: {}\nstatus: published\nintent: engage",
                yaml(&post_two[0]),
                yaml(&post_two[1]),
                yaml(&post_two[2])
            ),
            &t.bodies[4],
        )
        .entry(
            "posts",
            "idea",
            &format!(
                "title: {}\nstatus: idea\nchannel: blog\nowner: {}\ncampaign: {}",
                yaml(&idea[0]),
                yaml(&idea[1]),
                yaml(&idea[2])
            ),
            &t.bodies[5],
        )
}

fn is_hex_colour(value: &str) -> bool {
    let hex = value.strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

// ------------------------------------------------------------------ the tokenizer

#[derive(Debug)]
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
}

#[derive(Default)]
struct Seen {
    tags: Vec<StartTag>,
    /// The text inside each `<script>` and `<style>`.
    raw: Vec<(String, String)>,
    in_raw: Option<String>,
    errors: Vec<String>,
}

struct Sink(RefCell<Seen>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut seen = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let name = tag.name.to_string();
                seen.tags.push(StartTag {
                    name: name.clone(),
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                });
                // What the tree builder would tell the tokenizer, as a browser's does.
                let raw = match name.as_str() {
                    "script" => Some(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
                    "title" | "textarea" => Some(RawKind::Rcdata),
                    _ => None,
                };
                if let Some(kind) = raw
                    && !tag.self_closing
                {
                    if matches!(name.as_str(), "script" | "style") {
                        seen.raw.push((name.clone(), String::new()));
                        seen.in_raw = Some(name);
                    }
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::TagToken(_) => seen.in_raw = None,
            Token::CharacterTokens(text) => {
                if seen.in_raw.is_some()
                    && let Some((_, content)) = seen.raw.last_mut()
                {
                    content.push_str(&text);
                }
            }
            Token::ParseError(error) => seen.errors.push(error.to_string()),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn tokenize(html: &str) -> Seen {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(Seen::default())),
        TokenizerOpts {
            exact_errors: true,
            ..TokenizerOpts::default()
        },
    );
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// Attributes whose value a browser loads or follows as a URL.
const URL_ATTRIBUTES: [&str; 12] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "background",
    "srcset",
    "xlink:href",
    "ping",
    "manifest",
];

/// Elements that have no place in the site: they load or run something, or
/// change where the page's links lead.
const FORBIDDEN: [&str; 14] = [
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "foreignobject",
    "portal",
];

/// The scheme of a URL as a browser reads it: tabs, line ends and other
/// controls and spaces dropped, lowercased. `None` for a relative URL.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let at = cleaned.find([':', '/', '?', '#'])?;
    cleaned[at..]
        .starts_with(':')
        .then(|| cleaned[..at].to_string())
}

/// A `style` attribute the site writes itself: `--channel:` with a hex
/// colour, or `--n:` with a number.
fn own_style(style: &str) -> bool {
    let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(colour) = style.strip_prefix("--channel:") {
        return is_hex_colour(colour);
    }
    if let Some(n) = style.strip_prefix("--n:") {
        return !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    }
    false
}

/// Every reason the page at `path` could run script or load something.
fn unsafe_markup(path: &str, html: &str) -> Vec<String> {
    let seen = tokenize(html);
    let mut found: Vec<String> = seen
        .errors
        .iter()
        .map(|e| format!("{path}: parse error: {e}"))
        .collect();
    for tag in &seen.tags {
        let attr = |name: &str| {
            tag.attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        if FORBIDDEN.contains(&tag.name.as_str()) {
            found.push(format!("{path}: <{}> {:?}", tag.name, tag.attrs));
        }
        if tag.name == "script" {
            let own = attr("src").is_some_and(|src| {
                let file = src.trim_start_matches("../");
                file == "outcare.js" || file == "search.js"
            });
            if !own {
                found.push(format!("{path}: a script not the site's: {:?}", tag.attrs));
            }
        }
        if tag.name == "link"
            && !(attr("rel") == Some("stylesheet")
                && attr("href").is_some_and(|h| h.trim_start_matches("../") == "style.css"))
        {
            found.push(format!("{path}: <link {:?}>", tag.attrs));
        }
        if tag.name == "meta" && attr("http-equiv").is_some() {
            found.push(format!("{path}: <meta {:?}>", tag.attrs));
        }
        for (name, value) in &tag.attrs {
            if name.to_ascii_lowercase().starts_with("on") {
                found.push(format!("{path}: <{} {name}={value:?}>", tag.name));
            }
            if URL_ATTRIBUTES.contains(&name.as_str())
                && let Some(scheme) = scheme(value)
                && !matches!(scheme.as_str(), "http" | "https" | "mailto")
            {
                found.push(format!("{path}: <{} {name}={value:?}>", tag.name));
            }
            if name == "style" && !own_style(value) {
                found.push(format!("{path}: <{} style={value:?}>", tag.name));
            }
        }
    }
    for (element, content) in &seen.raw {
        if !content.trim().is_empty() {
            found.push(format!("{path}: inline <{element}>: {content:?}"));
        }
    }
    found
}

// ------------------------------------------------------------------ the property

fn check_site(t: &Texts) -> Result<(), TestCaseError> {
    let plan = plan(t);
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("site");
    let run = run_in(plan.root(), &["build", "--out", out.to_str().unwrap()]);
    run.no_panic();
    let stderr = run.stderr();
    let colours_ok = t.channels.iter().all(|(_, c)| is_hex_colour(c));
    if !colours_ok {
        // Only colour syntax reaches CSS: anything else is an error, and no site.
        prop_assert_eq!(run.code(), 1, "{}", stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(" error[")).collect();
        prop_assert!(!errors.is_empty(), "{}", stderr);
        for line in errors {
            prop_assert!(
                line.starts_with("outcare.yaml:")
                    && line.contains("error[invalid-config]")
                    && line.contains("is not a colour"),
                "{}",
                line
            );
        }
        prop_assert!(!out.exists(), "a site was written");
        return Ok(());
    }
    prop_assert_eq!(run.code(), 0, "the build failed:\n{}", stderr);

    let site = tree(&out);
    let mut problems = Vec::new();
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let html = std::str::from_utf8(bytes).expect("UTF-8 page");
            problems.extend(unsafe_markup(path, html));
        }
    }
    prop_assert!(problems.is_empty(), "{:#?}", problems);

    // The site's own files, as they are built in.
    for (file, built_in) in [
        ("style.css", include_str!("../../templates/style.css")),
        ("outcare.js", include_str!("../../templates/outcare.js")),
        ("search.js", include_str!("../../templates/search.js")),
    ] {
        prop_assert_eq!(&site[file][..], built_in.as_bytes(), "{} changed", file);
    }
    let index = std::str::from_utf8(&site["search-index.js"]).unwrap();
    let json = index
        .strip_prefix("window.OUTCARE_SEARCH=")
        .and_then(|rest| rest.strip_suffix(";\n"));
    prop_assert!(json.is_some(), "search-index.js is not one assignment");
    let entries: serde_json::Value = serde_json::from_str(json.unwrap())
        .map_err(|e| TestCaseError::fail(format!("search-index.js: {e}")))?;
    prop_assert!(entries.is_array());
    let data: serde_json::Value = serde_json::from_slice(&site["plan.json"])
        .map_err(|e| TestCaseError::fail(format!("plan.json: {e}")))?;
    prop_assert_eq!(data["posts"].as_array().map(Vec::len), Some(3));
    let summaries = check_ics(&site["calendar.ics"]);
    prop_assert_eq!(summaries.len(), 2);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_built_site_runs_no_script_but_its_own(t in texts()) {
        check_site(&t)?;
    }
}

#[test]
fn the_checker_sees_what_it_must_refuse() {
    // The checks themselves, on markup the site must never hold.
    for (html, what) in [
        ("<script>alert(1)</script>", "inline <script>"),
        (
            "<script src=\"//evil.example/x.js\"></script>",
            "not the site's",
        ),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ("<a href=\"&#106;ava&#x09;script:alert(1)\">x</a>", "href"),
        ("<a href=\" vbscript:x\">x</a>", "href"),
        ("<img src=\"data:text/html,x\">", "src"),
        ("<p style=\"background:url(x)\">", "style"),
        ("<li style=\"--channel: red\">", "style"),
        ("<style>@import 'x';</style>", "<style>"),
        ("<title></title><script>x</script>", "inline <script>"),
        ("<meta http-equiv=refresh content=0>", "<meta"),
        ("<p a=1 a=2>", "parse error"),
    ] {
        let found = unsafe_markup("t.html", html);
        assert!(found.iter().any(|f| f.contains(what)), "{html}: {found:#?}");
    }
    // The site's own markup passes.
    let own = "<!doctype html><html><head><link rel=\"stylesheet\" href=\"../style.css\"></head><body>\
        <li style=\"--channel: #2b6cb0\"><a href=\"../posts/a/index.html\">a</a></li>\
        <a href=\"https://example.org\">b</a><a href=\"mailto:me@example.org\">c</a>\
        <p title=\"javascript:alert(1) is only text here\">d</p>\
        <script src=\"../outcare.js\" defer></script></body></html>";
    assert_eq!(unsafe_markup("t.html", own), Vec::<String>::new());
}
