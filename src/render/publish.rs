//! What the site may show of the plan. An entry marked `private: true` is
//! left out whole, and feedback as far as `publish: feedback:` says; the rest
//! of `render` reads the plan made here, so no page, feed or data file can
//! name what is left out, nor link to a page that is not there. Only the care
//! report's figures and the overview's totals read the whole plan: a private
//! entry is counted, never shown.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use crate::diagnostic::{Flag, Kind};
use crate::model::{FeedbackId, FeedbackShown, PainPointId, PersonaId, Plan, Post, audience_of};

/// The plan and flags as the site shows them.
pub struct Published<'a> {
    pub plan: Arc<Plan>,
    pub flags: Cow<'a, [Flag]>,
    /// How many flags are about an entry the site leaves out, or name one:
    /// `outcare check` shows them.
    pub left_out: usize,
}

/// Whether the site shows no feedback at all.
pub fn no_feedback(plan: &Plan) -> bool {
    plan.config.publish.feedback == FeedbackShown::None
}

/// The plan without what the site must not show, and the flags that name
/// none of it. The plan itself when nothing is left out, so a plan without
/// private entries costs nothing more.
pub fn published<'a>(whole: &Arc<Plan>, flags: &'a [Flag]) -> Published<'a> {
    let hidden = Hidden::of(whole);
    let no_feedback = no_feedback(whole);
    let shown: Cow<[Flag]> = if hidden.entries.is_empty() && !no_feedback {
        Cow::Borrowed(flags)
    } else {
        flags
            .iter()
            .filter(|flag| !hidden.named_by(flag, no_feedback))
            .cloned()
            .collect()
    };
    Published {
        plan: if hidden.entries.is_empty() {
            Arc::clone(whole)
        } else {
            Arc::new(public_plan(whole))
        },
        left_out: flags.len() - shown.len(),
        flags: shown,
    }
}

/// The entries the site leaves out: by kind and slug, by file, and their
/// slugs alone, which is how flag messages name entries.
struct Hidden<'a> {
    entries: HashSet<(Kind, &'a str)>,
    files: HashSet<&'a str>,
    slugs: HashSet<&'a str>,
}

impl<'a> Hidden<'a> {
    fn of(plan: &'a Plan) -> Hidden<'a> {
        let mut hidden = Hidden {
            entries: HashSet::new(),
            files: HashSet::new(),
            slugs: HashSet::new(),
        };
        let mut add = |kind: Kind, slug: &'a str, file: &'a str| {
            hidden.entries.insert((kind, slug));
            hidden.files.insert(file);
            hidden.slugs.insert(slug);
        };
        for p in plan.personas.iter().filter(|p| p.private) {
            add(Kind::Persona, &p.slug, &p.source.file);
        }
        for p in plan.pain_points.iter().filter(|p| p.private) {
            add(Kind::PainPoint, &p.slug, &p.source.file);
        }
        for p in plan.posts.iter().filter(|p| p.private) {
            add(Kind::Post, &p.slug, &p.source.file);
        }
        let no_feedback = no_feedback(plan);
        for f in plan.feedback.iter().filter(|f| f.private || no_feedback) {
            add(Kind::Feedback, &f.slug, &f.source.file);
        }
        hidden
    }

    /// Whether a flag is about a hidden entry or names one. Messages name
    /// entries by slug, so any word of the message that is a hidden slug
    /// keeps the flag off the site: a flag too many left to `check` rather
    /// than a private name published.
    fn named_by(&self, flag: &Flag, no_feedback: bool) -> bool {
        (no_feedback && flag.kind == Kind::Feedback)
            || flag
                .slug
                .as_deref()
                .is_some_and(|slug| self.entries.contains(&(flag.kind, slug)))
            || self.files.contains(flag.file.as_str())
            || flag
                .message
                .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                .any(|word| self.slugs.contains(word))
    }
}

/// The ids of the entries kept, renumbered in order: `None` for one left out.
fn renumber<Id>(left_out: impl Iterator<Item = bool>, id: fn(u32) -> Id) -> Vec<Option<Id>> {
    let mut next = 0;
    left_out
        .map(|out| {
            (!out).then(|| {
                next += 1;
                id(next - 1)
            })
        })
        .collect()
}

/// `ids` in their new numbers, without those left out.
fn kept<Id: Copy>(ids: &[Id], index: fn(Id) -> usize, new: &[Option<Id>]) -> Vec<Id> {
    ids.iter().filter_map(|id| new[index(*id)]).collect()
}

/// The plan without its private entries (and its feedback under `publish:
/// {feedback: none}`), as if they were not in it: every reference to them
/// dropped, so a public post for a private persona is shown for its other
/// personas, or for nobody named.
fn public_plan(whole: &Plan) -> Plan {
    let no_feedback = no_feedback(whole);
    let persona_ids = renumber(whole.personas.iter().map(|p| p.private), PersonaId);
    let pain_ids = renumber(whole.pain_points.iter().map(|p| p.private), PainPointId);
    let feedback_ids = renumber(
        whole.feedback.iter().map(|f| f.private || no_feedback),
        FeedbackId,
    );
    let pain_points: Vec<_> = whole
        .pain_points
        .iter()
        .filter(|p| !p.private)
        .map(|p| {
            let mut p = p.clone();
            p.personas = kept(&p.personas, PersonaId::index, &persona_ids);
            p
        })
        .collect();
    let posts = whole
        .posts
        .iter()
        .filter(|post| !post.private)
        .map(|post| {
            let pains = kept(&post.pain_points, PainPointId::index, &pain_ids);
            // As `resolve` makes it: a post that names no persona is for those
            // of its pain points, now only the public ones.
            let audience = if post.personas.is_empty() {
                audience_of(&pain_points, &pains)
            } else {
                kept(&post.audience, PersonaId::index, &persona_ids)
            };
            let named = (
                kept(&post.personas, PersonaId::index, &persona_ids),
                audience,
                pains,
                kept(&post.responds_to, FeedbackId::index, &feedback_ids),
            );
            // The very same post where nothing it names moved: the preview
            // keeps the card of a post it has seen (see `SiteData::after`).
            if named.0 == post.personas
                && named.1 == post.audience
                && named.2 == post.pain_points
                && named.3 == post.responds_to
            {
                return Arc::clone(post);
            }
            let (personas, audience, pain_points, responds_to) = named;
            Arc::new(Post {
                personas,
                audience,
                pain_points,
                responds_to,
                ..Post::clone(post)
            })
        })
        .collect();
    let mut plan = Plan {
        config: whole.config.clone(),
        personas: whole
            .personas
            .iter()
            .filter(|p| !p.private)
            .cloned()
            .collect(),
        pain_points,
        posts,
        feedback: whole
            .feedback
            .iter()
            .filter(|f| !(f.private || no_feedback))
            .map(|f| {
                let mut f = f.clone();
                f.personas = kept(&f.personas, PersonaId::index, &persona_ids);
                f.pain_points = kept(&f.pain_points, PainPointId::index, &pain_ids);
                f
            })
            .collect(),
        index: Default::default(),
    };
    plan.build_index();
    plan
}
