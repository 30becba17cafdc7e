//! Markdown bodies to safe HTML.
//!
//! Entry bodies are written by anyone who can edit the plan, and the site is
//! opened in a browser: pulldown-cmark on its own passes `<script>`,
//! `onerror=` attributes and `javascript:` links straight through. This module
//! is the one place that stands between a body and a page, so every body goes
//! through it.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, html};

use crate::model::without_comments;

const TABLE_BOX: &str = r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table">"#;

/// Renders a Markdown body to HTML that is safe to put in a page.
///
/// With `allow_html` false, raw HTML is shown as text. Link and image
/// destinations are checked either way: a plan that opts into raw HTML means
/// to write HTML, not to have a `[link](javascript:…)` typo run script.
/// Footnote names get `footnote_prefix` in front, since several bodies can
/// share a page (the feedback page) and each would have its own `[^1]`.
pub fn to_html(markdown: &str, allow_html: bool, footnote_prefix: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    // One entry per open link or image: whether its start tag was kept, so
    // that the matching end tag is dropped with it. Links may sit inside
    // image alt text, hence a stack rather than a flag.
    let mut links: Vec<bool> = Vec::new();
    let mut images: Vec<bool> = Vec::new();
    // The HTML block being read while raw HTML is escaped: its comments can
    // span several of its lines, so it is judged whole at its end.
    let mut block: Option<String> = None;
    let events = Parser::new_ext(markdown, options)
        .flat_map(|event| match event {
            // A comment shows nothing in a browser, so it shows nothing here
            // either (`new` writes its placeholders as comments); the rest of
            // the raw HTML is shown as text.
            Event::Start(Tag::HtmlBlock) if !allow_html => {
                block = Some(String::new());
                [None, None, None]
            }
            Event::Html(raw) if !allow_html && block.is_some() => {
                block.get_or_insert_default().push_str(&raw);
                [None, None, None]
            }
            Event::End(TagEnd::HtmlBlock) if !allow_html => {
                let raw = block.take().unwrap_or_default();
                let text = without_comments(&raw);
                if text.trim().is_empty() {
                    return [None, None, None];
                }
                // An escaped HTML block would otherwise be bare text between blocks.
                [
                    Some(Event::Start(Tag::Paragraph)),
                    Some(Event::Text(text.into_owned().into())),
                    Some(Event::End(TagEnd::Paragraph)),
                ]
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => {
                let text = without_comments(&raw);
                if text.is_empty() {
                    return [None, None, None];
                }
                [Some(Event::Text(text.into_owned().into())), None, None]
            }
            other => [Some(other), None, None],
        })
        .flatten()
        .filter_map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // The writer puts `mailto:` in front of email autolinks itself,
                // so judge the address the browser will actually see.
                let safe = if link_type == LinkType::Email {
                    is_safe_url(&format!("mailto:{dest_url}"))
                } else {
                    is_safe_url(&dest_url)
                };
                links.push(safe);
                safe.then_some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Link) => links.pop().unwrap_or(true).then_some(event),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let safe = is_safe_url(&dest_url);
                images.push(safe);
                // A refused image's inner events are its alt text; letting them
                // through renders that text in the image's place.
                safe.then_some(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::End(TagEnd::Image) => images.pop().unwrap_or(true).then_some(event),
            Event::FootnoteReference(name) => Some(Event::FootnoteReference(
                format!("{footnote_prefix}{name}").into(),
            )),
            Event::Start(Tag::FootnoteDefinition(name)) => Some(Event::Start(
                Tag::FootnoteDefinition(format!("{footnote_prefix}{name}").into()),
            )),
            other => Some(other),
        });
    // A table wider than a phone scrolls in a box of its own (templates/style.css),
    // focusable and named, so that keyboard users can scroll it too.
    let events = events.flat_map(|event| {
        let (before, after) = match &event {
            Event::Start(Tag::Table(_)) => (Some(Event::Html(TABLE_BOX.into())), None),
            Event::End(TagEnd::Table) => (None, Some(Event::Html("</div>\n".into()))),
            _ => (None, None),
        };
        before
            .into_iter()
            .chain(std::iter::once(event))
            .chain(after)
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    // A control character or noncharacter in a body is never markup, and may
    // not stand in an HTML document at all.
    if !out.chars().all(super::templates::allowed_in_html) {
        out.retain(super::templates::allowed_in_html);
    }
    out
}

/// Whether a link or image destination may go into `href`/`src`: http,
/// https, mailto, or no scheme at all (relative).
///
/// Browsers drop tabs and newlines anywhere in a URL and control characters
/// and spaces around it before reading the scheme, so `java\tscript:` and
/// `\u{1}javascript:` run script. Rather than mirror each browser's parser,
/// this removes every control and whitespace character and then refuses any
/// scheme-like prefix that is not allowed: stricter than a browser, never
/// looser.
fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    // A colon after `/`, `?` or `#` belongs to a path, query or fragment of a
    // relative URL; only one before them makes a scheme.
    match cleaned.find([':', '/', '?', '#']) {
        Some(at) if cleaned[at..].starts_with(':') => {
            let scheme = &cleaned[..at];
            ["http", "https", "mailto"]
                .iter()
                .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(markdown: &str) -> String {
        to_html(markdown, false, "")
    }

    /// What pulldown-cmark makes of `markdown` unfiltered, to prove that a
    /// test input really is a link or image and not just text.
    fn unfiltered(markdown: &str) -> String {
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(markdown, Options::all()));
        out
    }

    #[test]
    fn raw_html_is_escaped_when_not_allowed() {
        let out = safe("<script>alert(1)</script>\n\nHello <img src=x onerror=alert(1)> there");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
    }

    #[test]
    fn html_block_becomes_a_paragraph_of_text() {
        let out = safe("<div onclick=\"x()\">\nhi\n</div>\n");
        assert!(out.starts_with("<p>&lt;div"), "{out}");
        assert!(!out.contains("<div"), "{out}");
    }

    #[test]
    fn html_comments_show_nothing_and_the_html_beside_them_is_escaped() {
        for (markdown, html) in [
            ("a <!-- hidden --> b", "<p>a  b</p>\n"),
            ("a <!-- hidden\nover lines --> b", "<p>a  b</p>\n"),
            ("<!-- a note -->\n\nText", "<p>Text</p>\n"),
            ("<!-- over\n\nthree lines -->\nText", "<p>Text</p>\n"),
            ("<!-- never closed\n\nText", ""),
            (
                "<!-- note --> <script>x()</script>\nmore",
                "<p> &lt;script&gt;x()&lt;/script&gt;\n</p>\n<p>more</p>\n",
            ),
            (
                "`<!-- code -->`",
                "<p><code>&lt;!-- code --&gt;</code></p>\n",
            ),
        ] {
            assert_eq!(safe(markdown), html, "{markdown:?}");
        }
    }

    #[test]
    fn raw_html_passes_when_allowed() {
        let out = to_html(
            "<div class=\"callout\">\nhi\n</div>\n\nx <kbd>K</kbd>",
            true,
            "",
        );
        assert!(out.contains("<div class=\"callout\">"), "{out}");
        assert!(out.contains("<kbd>K</kbd>"), "{out}");
    }

    #[test]
    fn allowed_links_keep_their_href() {
        for (md, href) in [
            ("[a](http://example.org/x)", "http://example.org/x"),
            ("[a](HTTPS://example.org)", "HTTPS://example.org"),
            ("[a](mailto:me@example.org)", "mailto:me@example.org"),
            ("[a](../personas/ana/)", "../personas/ana/"),
            ("[a](#top)", "#top"),
            ("[a](page?q=a:b)", "page?q=a:b"),
            ("[a](/x:y)", "/x:y"),
            ("<me@example.org>", "mailto:me@example.org"),
            ("<https://example.org>", "https://example.org"),
        ] {
            let out = safe(md);
            assert!(out.contains(&format!("<a href=\"{href}\"")), "{md} → {out}");
        }
    }

    #[test]
    fn script_links_lose_their_href_and_keep_their_text() {
        for md in [
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](<  javascript:alert(1)>)",
            "[click](<java\tscript:alert(1)>)",
            "[click](&#x01;javascript:alert(1))",
            "[click](&#9;javascript:alert(1))",
            "[click](java&#10;script:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](javascript&colon;alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click](vbscript:msgbox(1))",
            "[click](file:///etc/passwd)",
            "[click][r]\n\n[r]: javascript:alert(1)",
        ] {
            assert!(unfiltered(md).contains("<a href"), "{md:?} is no link");
            for allow_html in [false, true] {
                let out = to_html(md, allow_html, "");
                assert!(!out.contains("<a"), "{md:?} → {out}");
                assert!(out.contains("click"), "{md:?} → {out}");
            }
        }
    }

    #[test]
    fn script_autolinks_are_refused() {
        assert!(unfiltered("<javascript:alert(1)>").contains("<a href"));
        let out = to_html("<javascript:alert(1)>", true, "");
        assert!(!out.contains("<a"), "{out}");
        assert!(out.contains("javascript:alert(1)"), "{out}");
    }

    #[test]
    fn refused_images_render_as_alt_text() {
        for md in [
            "![the alt](javascript:alert(1))",
            "![the alt](data:image/svg+xml;base64,PHN2Zz4=)",
            "![the alt](  VBScript:x)",
        ] {
            assert!(unfiltered(md).contains("<img"), "{md:?} is no image");
            for allow_html in [false, true] {
                let out = to_html(md, allow_html, "");
                assert!(!out.contains("<img"), "{md:?} → {out}");
                assert!(out.contains("the alt"), "{md:?} → {out}");
            }
        }
    }

    #[test]
    fn allowed_images_render() {
        let out = safe("![shoe](img/shoe.png \"A shoe\")");
        assert!(
            out.contains("<img src=\"img/shoe.png\" alt=\"shoe\" title=\"A shoe\" />"),
            "{out}"
        );
    }

    #[test]
    fn image_inside_refused_link_and_link_inside_refused_image() {
        let out = safe("[![ok](a.png)](javascript:x) after");
        assert!(out.contains("<img src=\"a.png\""), "{out}");
        assert!(!out.contains("<a"), "{out}");
        assert!(out.contains("after"), "{out}");

        let out = safe("![see [docs](https://x.org)](javascript:x)");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("see"), "{out}");
    }

    #[test]
    fn link_titles_are_escaped() {
        let out = safe("[a](/x \"\\\" onmouseover=alert(1) x=\\\"\")");
        assert!(!out.contains("\" onmouseover"), "{out}");
    }

    #[test]
    fn tables_render() {
        let out = safe("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("<th>a</th>"), "{out}");
        assert!(out.contains("<td>2</td>"), "{out}");
    }

    #[test]
    fn a_table_scrolls_in_a_box_that_keys_can_reach() {
        let out = safe("| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.\n");
        let open =
            r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table"><table>"#;
        assert!(out.contains(open), "{out}");
        assert!(out.contains("</table>\n</div>"), "{out}");
        assert!(out.ends_with("</div>\n<p>After.</p>\n"), "{out}");
    }

    #[test]
    fn footnote_names_get_the_prefix() {
        let out = to_html("A[^1].\n\n[^1]: Note.", false, "post-a-");
        assert!(out.contains("href=\"#post-a-1\""), "{out}");
        assert!(out.contains("id=\"post-a-1\""), "{out}");
    }

    #[test]
    fn footnotes_render() {
        let out = safe("Claim.[^1]\n\n[^1]: Source.\n");
        assert!(out.contains("footnote-reference"), "{out}");
        assert!(out.contains("footnote-definition"), "{out}");
        assert!(out.contains("Source."), "{out}");
    }

    #[test]
    fn strikethrough_renders() {
        assert!(safe("~~gone~~").contains("<del>gone</del>"));
    }

    #[test]
    fn task_lists_render() {
        let out = safe("- [x] done\n- [ ] todo\n");
        assert!(out.contains("type=\"checkbox\""), "{out}");
        assert!(out.contains("checked"), "{out}");
        assert!(out.contains("todo"), "{out}");
    }

    #[test]
    fn plain_markdown_renders() {
        assert_eq!(
            safe("# Hi\n\n*a* & b"),
            "<h1>Hi</h1>\n<p><em>a</em> &amp; b</p>\n"
        );
    }
}
