//! The "What changed" page and the overview's box about it, from the changes
//! `cmd` read out of the plan's git history and handed to the site as data.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde_json::{Value, json};

use super::Site;
use super::data::{SiteData, day_label, entry_url, kind_label};
use super::pages::{Page, Renderer};
use crate::diagnostic::Kind;
use crate::model::{Change, ChangeKind};

pub const URL: &str = "changes/index.html";

/// How many of the latest changes the overview shows.
const ON_THE_OVERVIEW: usize = 5;

/// A commit that changes more entries than this is one line, which opens to
/// its list: an imported calendar would otherwise bury every other change.
pub const A_HANDFUL: usize = 5;

impl Site {
    /// The site with the plan's recent changes (`None`: no history to read),
    /// but for those of entries it does not publish: an entry private now or
    /// in either version the commit compared, and feedback the site leaves out.
    pub fn with_changes(mut self, changes: Option<Vec<Change>>) -> Site {
        let whole = &self.data.whole;
        let no_feedback = super::publish::no_feedback(whole);
        let private_now = |kind: Kind, slug: &str| {
            let index = &whole.index;
            match kind {
                Kind::Post => index.post_slugs.get(slug).map(|id| whole.post(*id).private),
                Kind::Persona => index
                    .persona_slugs
                    .get(slug)
                    .map(|id| whole.persona(*id).private),
                Kind::PainPoint => index
                    .pain_point_slugs
                    .get(slug)
                    .map(|id| whole.pain_point(*id).private),
                Kind::Feedback => index
                    .feedback_slugs
                    .get(slug)
                    .map(|id| whole.feedback_item(*id).private),
                Kind::Config => None,
            }
            .unwrap_or(false)
        };
        self.data.changes = changes.map(|changes| {
            changes
                .into_iter()
                .filter(|c| {
                    !(c.private
                        || (no_feedback && c.entry == Kind::Feedback)
                        || private_now(c.entry, &c.slug))
                })
                .collect()
        });
        self
    }
}

impl Renderer<'_> {
    pub fn changes(&self) -> Page {
        let data = self.data;
        let mut days: Vec<(Date, Vec<Value>)> = Vec::new();
        for (date, item) in items(data, data.changes.as_deref().unwrap_or_default()) {
            match days.last_mut() {
                Some((day, items)) if *day == date => items.push(item),
                _ => days.push((date, vec![item])),
            }
        }
        let days: Vec<Value> = days
            .into_iter()
            .map(|(day, items)| {
                json!({"date": day.to_string(), "label": day_label(day, data.with_year), "changes": items})
            })
            .collect();
        self.render(
            "changes.html",
            URL.to_string(),
            "changes",
            json!({
                "available": data.changes.is_some(),
                "days": days,
                "window": data.plan.config.changes_days,
            }),
        )
    }

    /// What the overview's box shows: the latest few changes and a link to the rest.
    pub fn recent_changes(&self) -> Value {
        let data = self.data;
        let all = data.changes.as_deref().unwrap_or_default();
        json!({
            "available": data.changes.is_some(),
            "count": all.len(),
            "latest": items(data, all).into_iter().take(ON_THE_OVERVIEW).map(|(_, item)| item).collect::<Vec<_>>(),
            "window": data.plan.config.changes_days,
            "url": URL,
        })
    }
}

/// The changes as the page lists them, each with its day: one item per
/// change, but one per commit that changed more than `A_HANDFUL` entries,
/// holding its changes.
fn items(data: &SiteData, changes: &[Change]) -> Vec<(Date, Value)> {
    let mut out = Vec::new();
    // A commit's changes come together: history lists them commit by commit.
    for commit in changes.chunk_by(|a, b| a.commit == b.commit) {
        let entries: BTreeSet<(Kind, &str)> =
            commit.iter().map(|c| (c.entry, c.slug.as_str())).collect();
        if entries.len() <= A_HANDFUL {
            out.extend(commit.iter().map(|c| (c.date, view(data, c))));
            continue;
        }
        let mut counts: BTreeMap<ChangeKind, usize> = BTreeMap::new();
        for change in commit {
            *counts.entry(change.kind).or_default() += 1;
        }
        let counts: Vec<String> = counts
            .into_iter()
            .map(|(kind, n)| {
                let what = match kind {
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                    ChangeKind::Rescheduled => "rescheduled",
                    ChangeKind::Status => "with a new status",
                    ChangeKind::Retitled => "retitled",
                };
                format!("{n} {what}")
            })
            .collect();
        let first = &commit[0];
        out.push((
            first.date,
            json!({
                "entries": entries.len(),
                "subject": first.subject,
                "counts": counts.join(", "),
                "changes": commit.iter().map(|c| view(data, c)).collect::<Vec<_>>(),
                "commit": first.commit,
                "short_commit": first.commit.get(..7).unwrap_or(&first.commit),
                "date": first.date.to_string(),
                "author": first.author,
            }),
        ));
    }
    out
}

/// One change as the templates show it: a sentence's parts, and a link to
/// the entry's page while the entry is still in the plan.
fn view(data: &SiteData, change: &Change) -> Value {
    let (name, url) = current(data, change.entry, &change.slug).unwrap_or_else(|| {
        let written = change.to.clone().or_else(|| change.from.clone());
        let name = match change.kind {
            ChangeKind::Added | ChangeKind::Removed => written,
            _ => None,
        };
        (name.unwrap_or_else(|| change.slug.clone()), None)
    });
    let (verb, shows_values) = match change.kind {
        ChangeKind::Added => ("added", false),
        ChangeKind::Removed => ("removed", false),
        ChangeKind::Rescheduled => ("rescheduled", true),
        ChangeKind::Status => ("moved", true),
        ChangeKind::Retitled => ("retitled", true),
    };
    let value = |v: &Option<String>| match (v, change.kind) {
        (Some(v), _) => v.clone(),
        (None, ChangeKind::Rescheduled) => "no date".to_string(),
        (None, _) => "nothing".to_string(),
    };
    json!({
        "kind": change.kind,
        "entry": change.entry,
        "entry_label": kind_label(change.entry),
        "slug": change.slug,
        "name": name,
        "url": url,
        "verb": verb,
        "from": shows_values.then(|| value(&change.from)),
        "to": shows_values.then(|| value(&change.to)),
        "commit": change.commit,
        "short_commit": change.commit.get(..7).unwrap_or(&change.commit),
        "date": change.date.to_string(),
        "author": change.author,
    })
}

/// The entry's name and page in the plan as it is now, if it is still there.
fn current(data: &SiteData, kind: Kind, slug: &str) -> Option<(String, Option<String>)> {
    let index = &data.plan.index;
    let name = match kind {
        Kind::Post => data
            .cards
            .get(index.post_slugs.get(slug)?.index())?
            .title
            .clone(),
        Kind::Persona => data
            .personas
            .get(index.persona_slugs.get(slug)?.index())?
            .name
            .clone(),
        Kind::PainPoint => {
            let id = index.pain_point_slugs.get(slug)?;
            data.pain_points.get(id.index())?.name.clone()
        }
        Kind::Feedback => data
            .feedback
            .get(index.feedback_slugs.get(slug)?.index())?
            .name
            .clone(),
        Kind::Config => return None,
    };
    Some((name, entry_url(kind, slug)))
}
