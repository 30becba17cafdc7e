//! Turns the names in raw entries into ids: flags unknown references,
//! duplicate slugs and campaign or owner names that share an address, and
//! works out each post's audience.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::config::ChannelGuesses;
use super::entries::{Named, Raw, RawPost};
use super::yaml::did_you_mean;
use super::{RawPlan, entries};
use crate::diagnostic::{Flag, Kind, Rule};
use crate::model::{
    Config, Feedback, FeedbackId, PainPoint, PainPointId, Persona, PersonaId, Plan, Post, Source,
    audience_of,
};

/// Drops every entry whose slug is taken by an earlier file (in path order),
/// flagging it, and returns the rest in slug order. Sorts positions rather
/// than the entries themselves, which are large to move.
fn unique<T>(entries: Vec<Arc<Raw<T>>>, kind: Kind, flags: &mut Vec<Flag>) -> Vec<Arc<Raw<T>>> {
    // The keys side by side, not behind each entry's pointer: a preview
    // rebuild sorts every post again. Unstable is fine, (slug, file) is unique.
    let mut keys: Vec<(&str, &str, usize)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), e.source.file.as_str(), i))
        .collect();
    keys.sort_unstable();
    let order: Vec<usize> = keys.into_iter().map(|(_, _, i)| i).collect();
    let mut keep = vec![false; entries.len()];
    let mut first: Option<usize> = None;
    for &i in &order {
        match first {
            Some(f) if entries[f].slug == entries[i].slug => {
                let entry = &entries[i];
                flags.push(
                    Flag::new(
                        Rule::DuplicateSlug,
                        kind,
                        &entry.source.file,
                        None,
                        format!(
                            "{} called `{}` already exists in {}: rename one of the two files",
                            entries::kind_words(kind),
                            entry.slug,
                            entries[f].source.file
                        ),
                    )
                    .slug(&entry.slug),
                );
            }
            _ => {
                first = Some(i);
                keep[i] = true;
            }
        }
    }
    let mut slots: Vec<Option<Arc<Raw<T>>>> = entries.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter(|&i| keep[i])
        .filter_map(|i| slots[i].take())
        .collect()
}

struct Names<Id> {
    ids: BTreeMap<String, Id>,
    what: &'static str,
    folder: &'static str,
}

impl<Id: Copy + Ord> Names<Id> {
    fn new<'s>(
        slugs: impl Iterator<Item = &'s str>,
        make: fn(u32) -> Id,
        what: &'static str,
        folder: &'static str,
    ) -> Self {
        Names {
            ids: slugs
                .enumerate()
                .map(|(i, s)| (s.to_string(), make(i as u32)))
                .collect(),
            what,
            folder,
        }
    }

    /// Resolves each name, flagging those that name nothing; keeps the order
    /// given and drops repeats.
    fn resolve(
        &self,
        names: &Named,
        kind: Kind,
        source: &Source,
        slug: &str,
        flags: &mut Vec<Flag>,
    ) -> Vec<Id> {
        let mut out: Vec<Id> = Vec::with_capacity(names.len());
        for (name, pos) in names {
            match self.ids.get(name.as_str()) {
                Some(id) => {
                    if !out.contains(id) {
                        out.push(*id);
                    }
                }
                None => {
                    let known: Vec<&str> = self.ids.keys().map(String::as_str).collect();
                    let hint = suggestion(name, &known);
                    flags.push(
                        Flag::new(
                            Rule::UnknownReference,
                            kind,
                            &source.file,
                            Some(*pos),
                            format!(
                                "there is no {} `{name}`: {hint}add content/{}/{name}.md or fix the name",
                                self.what, self.folder
                            ),
                        )
                        .slug(slug),
                    );
                }
            }
        }
        out
    }
}

/// "did you mean `x`? If not, " for the closest known name, or nothing.
fn suggestion(name: &str, known: &[&str]) -> String {
    did_you_mean(name, known)
        .map(|s| format!("did you mean `{s}`? If not, "))
        .unwrap_or_default()
}

/// The channel as `outcare.yaml` declares it, whatever its capitals, so the
/// rules and the site see one key; as written when it is not declared.
fn channel_key(config: &Config, name: &str) -> String {
    config.declared_channel(name).unwrap_or(name).to_string()
}

/// Flags channel keys that `outcare.yaml` does not declare, when it declares any.
fn check_channels(
    (config, guesses): (&Config, &OnceCell<ChannelGuesses>),
    names: &Named,
    kind: Kind,
    source: &Source,
    slug: &str,
    flags: &mut Vec<Flag>,
) {
    /// How many channels a message names: a plan of thousands would otherwise
    /// print them all in every message about a channel.
    const SHOWN: usize = 10;
    let Some(channels) = &config.channels else {
        return;
    };
    let unknown: Vec<_> = names
        .iter()
        .filter(|(name, _)| config.declared_channel(name).is_none())
        .collect();
    if unknown.is_empty() {
        return;
    }
    let known: Vec<&str> = channels.keys().map(String::as_str).collect();
    let mut listed = known
        .iter()
        .take(SHOWN)
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if known.len() > SHOWN {
        listed.push_str(&format!(" and {} more", known.len() - SHOWN));
    }
    for (name, pos) in unknown {
        let hint = guesses
            .get_or_init(|| ChannelGuesses::new(config))
            .meant(name)
            .map(|key| format!("did you mean `{key}`? If not, "))
            .unwrap_or_default();
        flags.push(
            Flag::new(
                Rule::UnknownReference,
                kind,
                &source.file,
                Some(*pos),
                format!(
                    "`{name}` is not a channel in outcare.yaml: {hint}add it under `channels:` there, or use one of {listed}"
                ),
            )
            .slug(slug),
        );
    }
}

/// Each post as last resolved, by file, with the entry it was resolved from.
/// A post depends on its own file and on the names around it (the slugs of
/// every kind, the pain points' personas, the channels), hashed in `names`:
/// while those stay the same, a reload resolves only the files it re-read.
#[derive(Default)]
pub(super) struct Resolved {
    names: u64,
    /// By the address of the entry kept in it: an address cannot be reused
    /// while the entry is held, so an equal one is the same entry.
    posts: HashMap<usize, ResolvedPost>,
}

struct ResolvedPost {
    raw: Arc<Raw<RawPost>>,
    post: Arc<Post>,
    flags: Vec<Flag>,
}

pub(super) fn resolve(
    config: Config,
    raw: RawPlan,
    cache: &mut Resolved,
    flags: &mut Vec<Flag>,
) -> Plan {
    let personas = unique(raw.personas, Kind::Persona, flags);
    let pain_points = unique(raw.pain_points, Kind::PainPoint, flags);
    let posts = unique(raw.posts, Kind::Post, flags);
    let feedback = unique(raw.feedback, Kind::Feedback, flags);

    let persona_names = Names::new(
        personas.iter().map(|e| e.slug.as_str()),
        PersonaId,
        "persona",
        "personas",
    );
    let pain_names = Names::new(
        pain_points.iter().map(|e| e.slug.as_str()),
        PainPointId,
        "pain point",
        "pain-points",
    );
    let feedback_names = Names::new(
        feedback.iter().map(|e| e.slug.as_str()),
        FeedbackId,
        "feedback item",
        "feedback",
    );

    // Made only when a channel is unknown.
    let guesses = OnceCell::new();
    for e in &personas {
        check_channels(
            (&config, &guesses),
            &e.fields.channels,
            Kind::Persona,
            &e.source,
            &e.slug,
            flags,
        );
    }
    let mut plan_pain_points = Vec::with_capacity(pain_points.len());
    for e in pain_points {
        let personas = persona_names.resolve(
            &e.fields.personas,
            Kind::PainPoint,
            &e.source,
            &e.slug,
            flags,
        );
        plan_pain_points.push(PainPoint {
            slug: e.slug.clone(),
            title: e.fields.title.clone(),
            personas,
            priority: e.fields.priority,
            private: e.private,
            body: Arc::clone(&e.body),
            source: e.source.clone(),
        });
    }
    let mut plan_feedback = Vec::with_capacity(feedback.len());
    for e in feedback {
        let personas = persona_names.resolve(
            &e.fields.personas,
            Kind::Feedback,
            &e.source,
            &e.slug,
            flags,
        );
        let pain_points = pain_names.resolve(
            &e.fields.pain_points,
            Kind::Feedback,
            &e.source,
            &e.slug,
            flags,
        );
        plan_feedback.push(Feedback {
            slug: e.slug.clone(),
            title: e.fields.title.clone(),
            received: e.fields.received,
            personas,
            pain_points,
            status: e.fields.status,
            change: e.fields.change.clone(),
            private: e.private,
            body: Arc::clone(&e.body),
            source: e.source.clone(),
        });
    }

    let names = {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        persona_names.ids.hash(&mut hasher);
        pain_names.ids.hash(&mut hasher);
        feedback_names.ids.hash(&mut hasher);
        for pain_point in &plan_pain_points {
            pain_point.personas.hash(&mut hasher);
        }
        // Names too: a did-you-mean for a channel may name one by its name.
        config
            .channels
            .as_ref()
            .map(|c| c.iter().map(|(k, c)| (k, &c.name)).collect::<Vec<_>>())
            .hash(&mut hasher);
        hasher.finish()
    };
    let mut previous = if cache.names == names {
        std::mem::take(&mut cache.posts)
    } else {
        HashMap::new()
    };
    let mut plan_posts = Vec::with_capacity(posts.len());
    let mut resolved = HashMap::with_capacity(posts.len());
    for e in posts {
        let kept = previous.remove(&(Arc::as_ptr(&e) as usize));
        let kept = kept.unwrap_or_else(|| {
            let mut post_flags = Vec::new();
            let post = resolve_post(
                &e,
                (&config, &guesses),
                (&persona_names, &pain_names, &feedback_names),
                &plan_pain_points,
                &mut post_flags,
            );
            ResolvedPost {
                raw: e,
                post: Arc::new(post),
                flags: post_flags,
            }
        });
        flags.extend(kept.flags.iter().cloned());
        plan_posts.push(Arc::clone(&kept.post));
        resolved.insert(Arc::as_ptr(&kept.raw) as usize, kept);
    }
    *cache = Resolved {
        names,
        posts: resolved,
    };

    let mut plan_personas = Vec::with_capacity(personas.len());
    for e in personas {
        plan_personas.push(Persona {
            slug: e.slug.clone(),
            name: e.fields.name.clone(),
            summary: e.fields.summary.clone(),
            channels: {
                let mut channels: Vec<String> = Vec::new();
                for (channel, _) in &e.fields.channels {
                    let channel = channel_key(&config, channel);
                    if !channels.contains(&channel) {
                        channels.push(channel);
                    }
                }
                channels
            },
            private: e.private,
            body: Arc::clone(&e.body),
            source: e.source.clone(),
        });
    }
    let mut plan = Plan {
        config,
        personas: plan_personas,
        pain_points: plan_pain_points,
        posts: plan_posts,
        feedback: plan_feedback,
        index: Default::default(),
    };
    plan.build_index();
    name_clashes(&plan, flags);
    plan
}

/// Flags each spelling of a campaign or owner whose slug another spelling
/// also reaches (`Ana López`, `Ana Lopez`): they share one page, which may not
/// be what either writer meant. One flag per spelling, at its first post.
fn name_clashes(plan: &Plan, flags: &mut Vec<Flag>) {
    /// Enough to find the others; a plan with dozens of spellings of one
    /// name gets short messages, not each one listing all the rest.
    const LISTED: usize = 5;
    let kinds = [
        ("campaign", "campaigns", &plan.index.campaigns),
        ("owner", "owners", &plan.index.owners),
    ];
    for (key, folder, groups) in kinds {
        for group in groups.iter().filter(|g| g.spellings.len() > 1) {
            for (spelling, &id) in &group.spellings {
                // Taken lazily: listing every other spelling for each would
                // grow with the square of their number.
                let others: Vec<String> = group
                    .spellings
                    .iter()
                    .filter(|(other, _)| *other != spelling)
                    .take(LISTED)
                    .map(|(other, &at)| format!("`{other}` ({})", plan.post(at).source.file))
                    .collect();
                let count = group.spellings.len() - 1;
                let mut listed = others.join(", ");
                if count > others.len() {
                    listed.push_str(&format!(" and {} more", count - others.len()));
                }
                let post = plan.post(id);
                flags.push(
                    Flag::new(
                        Rule::NameClash,
                        Kind::Post,
                        &post.source.file,
                        Some(post.source.pos(key)),
                        format!(
                            "the {key} `{spelling}` gets the address {folder}/{}/, as {listed} {}: they are one {key} on one page; write them alike if they are one, or tell them apart by a letter or digit",
                            group.slug,
                            if count == 1 { "does" } else { "do" }
                        ),
                    )
                    .slug(&post.slug),
                );
            }
        }
    }
}

fn resolve_post(
    e: &Raw<RawPost>,
    (config, guesses): (&Config, &OnceCell<ChannelGuesses>),
    names: (&Names<PersonaId>, &Names<PainPointId>, &Names<FeedbackId>),
    pain_points: &[PainPoint],
    flags: &mut Vec<Flag>,
) -> Post {
    let (persona_names, pain_names, feedback_names) = names;
    let f = &e.fields;
    check_channels(
        (config, guesses),
        &vec![f.channel.clone()],
        Kind::Post,
        &e.source,
        &e.slug,
        flags,
    );
    let personas = persona_names.resolve(&f.personas, Kind::Post, &e.source, &e.slug, flags);
    let resolved_pain_points =
        pain_names.resolve(&f.pain_points, Kind::Post, &e.source, &e.slug, flags);
    let responds_to = feedback_names.resolve(&f.responds_to, Kind::Post, &e.source, &e.slug, flags);
    let audience = if f.personas.is_empty() {
        audience_of(pain_points, &resolved_pain_points)
    } else {
        personas.clone()
    };
    Post {
        slug: e.slug.clone(),
        title: f.title.clone(),
        date: f.date,
        repeat: f.repeat,
        dates: match (f.date, f.repeat) {
            (Some(first), Some(series)) => series.dates(first.date),
            (Some(first), None) => vec![first.date],
            (None, _) => Vec::new(),
        },
        channel: channel_key(config, &f.channel.0),
        personas,
        audience,
        pain_points: resolved_pain_points,
        status: f.status,
        intent: f.intent,
        stage: f.stage,
        owner: f.owner.clone(),
        campaign: f.campaign.clone(),
        tags: f.tags.clone(),
        responds_to,
        due: f.due,
        review_every: f.review_every,
        reviewed: f.reviewed,
        private: e.private,
        body: Arc::clone(&e.body),
        source: e.source.clone(),
    }
}
