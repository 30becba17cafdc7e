//! What each rule checks, why it matters and how to fix what it flags, from
//! `docs/rules.md`: the one description that `outcare explain`, the site's
//! flags page and the guide all share. The page is compiled in, so the binary
//! explains the rules it has, offline.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::diagnostic::Rule;

const RULES_PAGE: &str = include_str!("../docs/rules.md");

/// One rule's section of `docs/rules.md`.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    /// The section's first line: what the rule is about, in a sentence.
    pub summary: &'static str,
    /// "Why it matters", as one paragraph.
    pub why: &'static str,
    /// The whole section below its heading, as Markdown.
    pub text: &'static str,
}

fn sections() -> &'static BTreeMap<&'static str, (&'static str, &'static str)> {
    static SECTIONS: OnceLock<BTreeMap<&'static str, (&'static str, &'static str)>> =
        OnceLock::new();
    SECTIONS.get_or_init(|| {
        RULES_PAGE
            .split("\n## `")
            .skip(1)
            .filter_map(|section| {
                let (id, rest) = section.split_once("`\n")?;
                let why = rest
                    .split_once("### Why it matters\n")
                    .map_or("", |(_, after)| after.split("\n\n").next().unwrap_or(""));
                Some((id, (rest.trim(), why.trim())))
            })
            .collect()
    })
}

/// The documentation of a rule. Every rule has a section (a test makes sure).
pub fn doc(rule: Rule) -> RuleDoc {
    let (text, why) = sections().get(rule.id()).copied().unwrap_or(("", ""));
    RuleDoc {
        summary: text.lines().next().unwrap_or(""),
        why,
        text,
    }
}

/// A paragraph of the page as one line, for places that flow text themselves.
pub fn one_line(paragraph: &str) -> String {
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_section_with_its_default_and_every_section_is_a_rule() {
        for rule in Rule::ALL {
            let doc = doc(rule);
            assert!(!doc.summary.is_empty(), "{} has no section", rule.id());
            assert!(!doc.why.is_empty(), "{} has no why", rule.id());
            for heading in [
                "### What it checks",
                "### Why it matters",
                "### How to fix it",
            ] {
                assert!(doc.text.contains(heading), "{}: no {heading}", rule.id());
            }
            let default = format!("**Default:** {}", rule.default_severity().as_str());
            assert!(doc.text.contains(&default), "{}: not {default}", rule.id());
        }
        for id in sections().keys() {
            assert!(
                Rule::from_id(id).is_some(),
                "docs/rules.md describes `{id}`, no rule"
            );
        }
    }
}
