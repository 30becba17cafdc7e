//! `search-index.js`: what the search box looks through, as a plain script
//! that assigns one global. A script file, not JSON: a page opened from disk
//! (`file://`) may load a `<script src>` but may not fetch a file or a module.
//!
//! Compact on purpose: an entry is `[kind, slug, title, words]`, the page's
//! address is made from kind and slug in the browser, and a post's words are
//! its owner, campaign, tags and channel and the opening of its body only
//! (without its comments, which no page shows).

use serde_json::json;

use super::data::SiteData;
use crate::model::{FeedbackShown, without_comments};

/// How many words of a post's body the index keeps: enough to find a post by
/// what it opens with, little enough that 10,000 posts stay a small download.
const BODY_WORDS: usize = 24;

/// The kinds, in the order the script's `KINDS` table gives their addresses.
const POST: u8 = 0;
const PERSONA: u8 = 1;
const PAIN_POINT: u8 = 2;
const FEEDBACK: u8 = 3;
const CAMPAIGN: u8 = 4;

/// Words of a Markdown text, without its markup, as one line.
fn opening(markdown: &str, limit: usize) -> String {
    // A link's text is words; its address, `](…)`, is not.
    let mut text = String::with_capacity(markdown.len().min(4096));
    let mut rest = markdown;
    while let Some(at) = rest.find("](") {
        text.push_str(&rest[..at]);
        text.push(' ');
        rest = rest[at..].find(')').map_or("", |end| &rest[at + end + 1..]);
        if text.split_whitespace().count() > limit {
            break;
        }
    }
    text.push_str(rest);
    text.split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !w.contains("://"))
        .take(limit)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn index_js(data: &SiteData) -> String {
    let plan = &*data.plan;
    let mut entries: Vec<serde_json::Value> = Vec::with_capacity(
        plan.posts.len() + plan.personas.len() + plan.pain_points.len() + plan.feedback.len(),
    );
    for (post, card) in plan.posts.iter().zip(&data.cards) {
        let mut words: Vec<&str> = Vec::new();
        words.extend(post.owner.as_deref());
        words.extend(post.campaign.as_deref());
        words.extend(post.tags.iter().map(String::as_str));
        words.push(&card.channel_name);
        let body = opening(&without_comments(&post.body), BODY_WORDS);
        words.push(&body);
        entries.push(json!([POST, post.slug, post.title, words.join(" ")]));
    }
    for persona in &plan.personas {
        entries.push(json!([
            PERSONA,
            persona.slug,
            persona.name,
            persona.summary.as_deref().unwrap_or("")
        ]));
    }
    for pain in &plan.pain_points {
        entries.push(json!([PAIN_POINT, pain.slug, pain.title, ""]));
    }
    let full = plan.config.publish.feedback == FeedbackShown::Full;
    for item in &plan.feedback {
        let mut words = item.change.clone().unwrap_or_default();
        // What the customer said: only under `publish: {feedback: full}`.
        if full {
            words.push(' ');
            words.push_str(&opening(&without_comments(&item.body), BODY_WORDS));
        }
        entries.push(json!([FEEDBACK, item.slug, item.title, words.trim()]));
    }
    for campaign in &plan.index.campaigns {
        entries.push(json!([CAMPAIGN, campaign.slug, campaign.name, ""]));
    }
    let json = serde_json::to_string(&entries).expect("strings serialise");
    format!("window.OUTCARE_SEARCH={json};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opening_keeps_words_and_drops_markup_and_addresses() {
        assert_eq!(
            opening(
                "## Rye, at last!\n\n> *Proof* it [here](https://x.org/a) — **twice**.",
                10
            ),
            "Rye at last Proof it here twice"
        );
        assert_eq!(opening("one two three", 2), "one two");
    }
}
