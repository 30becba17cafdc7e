//! What the pages show, computed once from the plan and its flags: a card per
//! post, links for every entry, flags per entry. Every page reads these
//! shared values, so rendering one page never walks the whole plan.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::markdown;
use crate::diagnostic::{Flag, Kind};
use crate::model::{Occurrence, Plan, PostId, Stage, monday_of, name_slug};

/// Colours for channels that `outcare.yaml` does not colour, in order of
/// channel key: distinct from each other and readable under white text.
const PALETTE: [&str; 8] = [
    "#1d4ed8", "#be185d", "#15803d", "#b45309", "#6d28d9", "#0e7490", "#b91c1c", "#4d7c0f",
];

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub slug: String,
    pub name: String,
    /// From the site root; templates prefix the page's `root`.
    pub url: String,
}

/// A tag as the post spells it, and the slug the tag filter matches.
#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    pub key: String,
    pub name: String,
    pub color: String,
    pub per_week: Option<(u32, u32)>,
}

/// A flag as the site shows it: the flag itself (its fields, as in
/// `check --format json`) and where its entry's page is.
#[derive(Debug, Clone, Serialize)]
pub struct FlagView {
    #[serde(flatten)]
    pub flag: Flag,
    /// The page of the entry the flag is about, if it has one.
    pub url: Option<String>,
    pub entry: Option<String>,
    /// What the flags page leads with: the entry's title, or what kind of
    /// file the flag is on ("Settings") when it is on no entry.
    pub label: String,
    /// What the rule means, in the words of docs/rules.md, for readers who
    /// do not know its id.
    pub rule_summary: &'static str,
}

/// A post as every list, grid and page shows it, the same on each of its
/// days: a page shows it on a day through `CardOn`, which refers to it.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub time: Option<String>,
    /// The time as written with a UTC offset, when `time` was turned from one.
    pub time_written: Option<String>,
    pub channel: String,
    pub channel_name: String,
    pub color: String,
    pub status: &'static str,
    pub intent: &'static str,
    pub stage: Option<&'static str>,
    pub personas: Vec<Link>,
    pub pain_points: Vec<Link>,
    pub responds_to: Vec<Link>,
    pub owner: Option<String>,
    pub campaign: Option<String>,
    /// The owner's and campaign's slugs: their pages' addresses and the filters' values.
    pub owner_slug: Option<String>,
    pub campaign_slug: Option<String>,
    /// The owner's initials, for chips with little room: the chip also names the
    /// owner in full, and the page's key says whose initials they are.
    pub owner_initials: Option<String>,
    pub flags: usize,
    /// Space-separated persona slugs, for the filter script's data attribute.
    pub persona_keys: String,
    pub tags: Vec<Tag>,
    /// Space-separated tag slugs, for the filter script's data attribute.
    pub tag_keys: String,
    /// The day it must be ready: as lists show it, and with its year.
    pub due: Option<String>,
    pub due_label: Option<String>,
    pub due_date_label: Option<String>,
    pub review_every: Option<u32>,
    pub reviewed_label: Option<String>,
    /// `weekly`, `fortnightly` or `monthly` when the post is a series.
    pub repeat: Option<&'static str>,
    pub until_label: Option<String>,
}

/// The day a card is shown on; all `None` for an idea.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Day {
    pub date: Option<String>,
    /// The day as lists show it: with the year when the plan spans more than one.
    pub day_label: Option<String>,
    /// The day with its year, as the post's own page shows it.
    pub date_label: Option<String>,
    /// The ISO week page the day is on.
    pub week_url: Option<String>,
}

impl Day {
    fn of(date: Option<Date>, with_year: bool) -> Day {
        Day {
            date: date.map(|d| d.to_string()),
            day_label: date.map(|d| day_label(d, with_year)),
            date_label: date.map(|d| day_label(d, true)),
            week_url: date.map(|d| week_url(monday_of(d))),
        }
    }
}

/// A post's card on one day, as one object for the templates (`card.title`,
/// `card.date`). It refers to the card rather than copying it: a page shows
/// a series on many days, and a copy per day made pages cost the series'
/// length times its days.
#[derive(Debug, Clone, Serialize)]
pub struct CardOn<'a> {
    #[serde(flatten)]
    pub card: &'a Card,
    #[serde(flatten)]
    pub day: Day,
}

impl std::ops::Deref for CardOn<'_> {
    type Target = Card;
    fn deref(&self) -> &Card {
        self.card
    }
}

/// One date of a series, as the post's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DateLink {
    pub date: String,
    pub label: String,
    pub week_url: String,
}

pub struct SiteData {
    /// The plan as the site shows it: without private entries, and without
    /// feedback under `publish: {feedback: none}` (see `publish.rs`).
    pub plan: Arc<Plan>,
    /// The plan as loaded, for the totals the overview gives.
    pub whole: Arc<Plan>,
    /// The care report's figures, month by month, over the whole plan.
    pub figures: Vec<super::report::MonthFigures>,
    /// Flags the site does not show, since they are about, or name, an entry
    /// it leaves out.
    pub left_out_flags: usize,
    pub today: Date,
    /// Shared, so that a rebuild keeps the cards of unchanged posts.
    pub cards: Vec<Arc<Card>>,
    /// A hash of everything a card reads besides its post and its flag count
    /// (see `card_context`): cards are reused only where this is the same.
    card_context: u64,
    pub channels: BTreeMap<String, ChannelView>,
    pub personas: Vec<Link>,
    pub pain_points: Vec<Link>,
    pub feedback: Vec<Link>,
    pub flags: Vec<FlagView>,
    /// Indexes into `flags` per entry.
    pub flags_of: BTreeMap<(Kind, String), Vec<usize>>,
    /// Months with a calendar page, first to last: (year, month).
    pub months: Vec<(i16, i8)>,
    /// Dated posts per month, in date order.
    pub by_month: BTreeMap<(i16, i8), Vec<Occurrence>>,
    /// Feedback items per pain point.
    pub feedback_of: Vec<Vec<usize>>,
    /// Whether day labels carry the year (see `spans_years`).
    pub with_year: bool,
    /// The Mondays of the weeks with a page: every ISO week of the plan's span.
    pub weeks: Vec<Date>,
    /// What the plan's git history says changed lately; `None` without one.
    pub changes: Option<Vec<crate::model::Change>>,
    /// Posts by the day they are due, in slug order.
    pub due_by_day: BTreeMap<Date, Vec<PostId>>,
}

/// What a post's card shows that is not the post's own: channel names and
/// colours, the names and addresses of personas, pain points and feedback
/// (by id), the campaign and owner groups, and whether days carry the year.
fn card_context(
    plan: &Plan,
    channels: &BTreeMap<String, ChannelView>,
    links: [&[Link]; 3],
    with_year: bool,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for channel in channels.values() {
        (&channel.key, &channel.name, &channel.color).hash(&mut hasher);
    }
    for list in links {
        list.len().hash(&mut hasher);
        for link in list {
            (&link.slug, &link.name, &link.url).hash(&mut hasher);
        }
    }
    for groups in [&plan.index.campaigns, &plan.index.owners] {
        groups.len().hash(&mut hasher);
        for group in groups {
            (&group.slug, &group.name).hash(&mut hasher);
        }
    }
    with_year.hash(&mut hasher);
    hasher.finish()
}

pub fn month_url(year: i16, month: i8) -> String {
    format!("calendar/{year:04}-{month:02}/index.html")
}

pub fn agenda_url(year: i16, month: i8) -> String {
    format!("list/{year:04}-{month:02}/index.html")
}

/// The page of the ISO week that starts on `monday`: `weeks/2026-W10/index.html`.
pub fn week_url(monday: Date) -> String {
    let iso = monday.iso_week_date();
    format!("weeks/{:04}-W{:02}/index.html", iso.year(), iso.week())
}

pub fn campaign_url(slug: &str) -> String {
    format!("campaigns/{slug}/index.html")
}

pub fn owner_url(slug: &str) -> String {
    format!("owners/{slug}/index.html")
}

/// "Lena García" → "LG", the first and last words' first letters; "Noor" → "No",
/// since one letter names nobody. What follows a `<` or `(` is a contact or a
/// note, not the name: "Tom <tom@example.org>" → "To".
fn initials(name: &str) -> String {
    let name = match name.find(['<', '(']) {
        Some(at) if name[..at].chars().any(char::is_alphanumeric) => &name[..at],
        _ => name,
    };
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    match words.as_slice() {
        [first, .., last] => [first, last]
            .iter()
            .filter_map(|word| word.chars().next())
            .flat_map(char::to_uppercase)
            .collect(),
        [word] => {
            let mut letters = word.chars();
            letters
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(letters.next())
                .collect()
        }
        // A name of signs alone ("—", "?!") stands for itself.
        [] => name
            .split_whitespace()
            .collect::<String>()
            .chars()
            .take(2)
            .collect(),
    }
}

/// A kind of entry as a reader names it.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Post => "Post",
        Kind::Persona => "Persona",
        Kind::PainPoint => "Pain point",
        Kind::Feedback => "Feedback",
        Kind::Config => "Settings",
    }
}

pub fn entry_url(kind: Kind, slug: &str) -> Option<String> {
    match kind {
        Kind::Post => Some(format!("posts/{slug}/index.html")),
        Kind::Persona => Some(format!("personas/{slug}/index.html")),
        Kind::PainPoint => Some(format!("pain-points/{slug}/index.html")),
        // Prefixed: a feedback item called `main` must not take the page's `main`.
        Kind::Feedback => Some(format!("feedback/index.html#feedback-{slug}")),
        Kind::Config => None,
    }
}

/// A day in words, "Fri 11 Dec", or "Fri 11 Dec 2026" with the year.
pub fn day_label(date: Date, with_year: bool) -> String {
    if with_year {
        date.strftime("%a %-d %b %Y").to_string()
    } else {
        date.strftime("%a %-d %b").to_string()
    }
}

/// Whether the plan's dates (posts' and feedback's) fall in more than one
/// calendar year: then "Fri 11 Dec" alone would not say which December.
/// Every (year, month) from `from` to `to`, both included.
pub fn months_from_to(from: (i16, i8), to: (i16, i8)) -> Vec<(i16, i8)> {
    let mut months = Vec::new();
    let (mut y, mut m) = from;
    while (y, m) <= to {
        months.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    months
}

fn spans_years(plan: &Plan) -> bool {
    let years = plan
        .posts
        .iter()
        .flat_map(|p| p.dates.iter().map(|d| d.year()))
        .chain(plan.feedback.iter().map(|f| f.received.year()));
    let (mut first, mut last) = (i16::MAX, i16::MIN);
    for year in years {
        first = first.min(year);
        last = last.max(year);
    }
    first < last
}

/// The months of a plan's span, first to last: (year, month). Today's month
/// for a plan without a dated post.
fn months_of(plan: &Plan, today: Date) -> Vec<(i16, i8)> {
    match plan.span() {
        Some((first, last)) => {
            months_from_to((first.year(), first.month()), (last.year(), last.month()))
        }
        None => vec![(today.year(), today.month())],
    }
}

impl SiteData {
    /// Computed from the plan and its flags, reusing `previous`'s card of every post that is the very same
    /// `Arc` (the loader keeps unchanged posts), when nothing else a card
    /// shows changed: what a preview rebuild after one save needs. Pages see
    /// only what `publish.rs` lets the site show; the report's figures and
    /// `whole` keep the plan as loaded.
    pub fn after(
        plan: Arc<Plan>,
        flags: &[Flag],
        today: Date,
        previous: Option<&SiteData>,
    ) -> SiteData {
        let whole = plan;
        let published = super::publish::published(&whole, flags);
        let figures =
            super::report::months(&whole, flags, &super::report::report_months(&whole, today));
        let flags: &[Flag] = &published.flags;
        let plan_ref = Arc::clone(&published.plan);
        let plan: &Plan = &plan_ref;
        let mut channels = BTreeMap::new();
        let mut keys: Vec<&str> = plan.index.by_channel.keys().map(String::as_str).collect();
        keys.extend(plan.posts.iter().map(|p| p.channel.as_str()));
        keys.extend(
            plan.personas
                .iter()
                .flat_map(|p| p.channels.iter().map(String::as_str)),
        );
        if let Some(configured) = &plan.config.channels {
            keys.extend(configured.keys().map(String::as_str));
        }
        keys.sort_unstable();
        keys.dedup();
        for (i, key) in keys.iter().enumerate() {
            let configured = plan.config.channels.as_ref().and_then(|c| c.get(*key));
            channels.insert(
                key.to_string(),
                ChannelView {
                    key: key.to_string(),
                    name: plan.config.channel_name(key).to_string(),
                    color: configured
                        .and_then(|c| c.color.clone())
                        .unwrap_or_else(|| PALETTE[i % PALETTE.len()].to_string()),
                    per_week: configured.and_then(|c| c.per_week),
                },
            );
        }

        let personas: Vec<Link> = plan
            .personas
            .iter()
            .map(|p| Link {
                slug: p.slug.clone(),
                name: p.name.clone(),
                url: entry_url(Kind::Persona, &p.slug).unwrap_or_default(),
            })
            .collect();
        let pain_points: Vec<Link> = plan
            .pain_points
            .iter()
            .map(|p| Link {
                slug: p.slug.clone(),
                name: p.title.clone(),
                url: entry_url(Kind::PainPoint, &p.slug).unwrap_or_default(),
            })
            .collect();
        let feedback: Vec<Link> = plan
            .feedback
            .iter()
            .map(|f| Link {
                slug: f.slug.clone(),
                name: f.title.clone(),
                url: entry_url(Kind::Feedback, &f.slug).unwrap_or_default(),
            })
            .collect();

        let mut flag_views = Vec::with_capacity(flags.len());
        let mut flags_of: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
        for flag in flags {
            let entry = flag.slug.as_ref().and_then(|slug| match flag.kind {
                Kind::Post => plan
                    .index
                    .post_slugs
                    .get(slug)
                    .map(|id| plan.post(*id).title.clone()),
                Kind::Persona => plan
                    .index
                    .persona_slugs
                    .get(slug)
                    .map(|id| plan.persona(*id).name.clone()),
                Kind::PainPoint => plan
                    .index
                    .pain_point_slugs
                    .get(slug)
                    .map(|id| plan.pain_point(*id).title.clone()),
                Kind::Feedback => plan
                    .index
                    .feedback_slugs
                    .get(slug)
                    .map(|id| plan.feedback_item(*id).title.clone()),
                Kind::Config => None,
            });
            let url = entry
                .as_ref()
                .and_then(|_| flag.slug.as_deref().and_then(|s| entry_url(flag.kind, s)));
            if let Some(slug) = &flag.slug {
                flags_of
                    .entry((flag.kind, slug.clone()))
                    .or_default()
                    .push(flag_views.len());
            }
            flag_views.push(FlagView {
                flag: flag.clone(),
                url,
                label: entry
                    .clone()
                    .unwrap_or_else(|| kind_label(flag.kind).to_string()),
                entry,
                rule_summary: crate::rule_docs::doc(flag.rule)
                    .summary
                    .trim_end_matches('.'),
            });
        }

        let with_year = spans_years(plan);
        let card_context = card_context(
            plan,
            &channels,
            [&personas, &pain_points, &feedback],
            with_year,
        );
        let mut flag_counts: HashMap<&str, usize> = HashMap::new();
        for flag in flags.iter().filter(|f| f.kind == Kind::Post) {
            if let Some(slug) = &flag.slug {
                *flag_counts.entry(slug.as_str()).or_default() += 1;
            }
        }
        // By address: `previous` holds its posts, so no address was reused.
        let kept: HashMap<usize, &Arc<Card>> = previous
            .filter(|p| p.card_context == card_context)
            .map(|p| {
                p.plan
                    .posts
                    .iter()
                    .zip(&p.cards)
                    .map(|(post, card)| (Arc::as_ptr(post) as usize, card))
                    .collect()
            })
            .unwrap_or_default();
        let cards = plan
            .posts
            .par_iter()
            .map(|post| {
                let flag_count = flag_counts.get(post.slug.as_str()).copied().unwrap_or(0);
                if let Some(card) = kept.get(&(Arc::as_ptr(post) as usize))
                    && card.flags == flag_count
                {
                    return Arc::clone(card);
                }
                let channel = &channels[&post.channel];
                let audience: Vec<Link> = post
                    .audience
                    .iter()
                    .map(|p| personas[p.index()].clone())
                    .collect();
                let (owner, campaign) = (plan.owner_of(post), plan.campaign_of(post));
                let tags: Vec<Tag> = post
                    .tags
                    .iter()
                    .map(|name| Tag {
                        slug: name_slug(name),
                        name: name.clone(),
                    })
                    .collect();
                Arc::new(Card {
                    slug: post.slug.clone(),
                    title: post.title.clone(),
                    url: entry_url(Kind::Post, &post.slug).unwrap_or_default(),
                    time: post
                        .date
                        .and_then(|w| w.time)
                        .map(|t| t.strftime("%H:%M").to_string()),
                    time_written: post.date.and_then(|w| Some(w.written?.label(w.date))),
                    channel: post.channel.clone(),
                    channel_name: channel.name.clone(),
                    color: channel.color.clone(),
                    status: post.status.as_str(),
                    intent: post.intent.as_str(),
                    stage: post.stage.map(Stage::as_str),
                    persona_keys: audience
                        .iter()
                        .map(|l| l.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    personas: audience,
                    tag_keys: tags
                        .iter()
                        .map(|t| t.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    tags,
                    pain_points: post
                        .pain_points
                        .iter()
                        .map(|p| pain_points[p.index()].clone())
                        .collect(),
                    responds_to: post
                        .responds_to
                        .iter()
                        .map(|f| feedback[f.index()].clone())
                        .collect(),
                    // The name this post gives; its group's page shows every
                    // spelling that shares the address.
                    owner: owner.and(post.owner.clone()),
                    campaign: campaign.and(post.campaign.clone()),
                    owner_slug: owner.map(|g| g.slug.clone()),
                    campaign_slug: campaign.map(|g| g.slug.clone()),
                    owner_initials: owner.and(post.owner.as_deref()).map(initials),
                    flags: flag_count,
                    due: post.due.map(|d| d.to_string()),
                    due_label: post.due.map(|d| day_label(d, with_year)),
                    due_date_label: post.due.map(|d| day_label(d, true)),
                    review_every: post.review_every,
                    reviewed_label: post.reviewed.map(|d| day_label(d, true)),
                    repeat: post.repeat.map(|s| s.every.as_str()),
                    until_label: post.repeat.map(|s| day_label(s.until, true)),
                })
            })
            .collect();

        let months = months_of(plan, today);

        let weeks = match plan.span() {
            Some((first, last)) => {
                let mut weeks = Vec::new();
                let mut monday = monday_of(first);
                while monday <= last {
                    weeks.push(monday);
                    match monday.checked_add(jiff::Span::new().days(7)) {
                        Ok(next) => monday = next,
                        Err(_) => break,
                    }
                }
                weeks
            }
            None => vec![monday_of(today)],
        };

        let mut by_month: BTreeMap<(i16, i8), Vec<Occurrence>> = BTreeMap::new();
        for &occurrence in &plan.index.dated {
            let day = occurrence.when.date;
            by_month
                .entry((day.year(), day.month()))
                .or_default()
                .push(occurrence);
        }
        let mut due_on: BTreeMap<Date, Vec<PostId>> = BTreeMap::new();
        for (i, post) in plan.posts.iter().enumerate() {
            if let Some(due) = post.due {
                due_on.entry(due).or_default().push(PostId(i as u32));
            }
        }
        let mut feedback_of = vec![Vec::new(); plan.pain_points.len()];
        for (i, item) in plan.feedback.iter().enumerate() {
            for pain in &item.pain_points {
                feedback_of[pain.index()].push(i);
            }
        }
        SiteData {
            plan: Arc::clone(&plan_ref),
            whole,
            figures,
            left_out_flags: published.left_out,
            today,
            cards,
            channels,
            personas,
            pain_points,
            feedback,
            flags: flag_views,
            flags_of,
            card_context,
            months,
            by_month,
            feedback_of,
            with_year,
            weeks,
            changes: None,
            due_by_day: due_on,
        }
    }

    /// The name of the quiet period a day is in, for the calendar's day cells.
    pub fn quiet_name(&self, day: Date) -> Option<&str> {
        self.plan.config.quiet_on(day).map(|q| q.name.as_str())
    }

    /// A post's card on its first day (none for an idea).
    pub fn card(&self, id: PostId) -> CardOn<'_> {
        CardOn {
            card: &self.cards[id.index()],
            day: Day::of(self.plan.post(id).date.map(|w| w.date), self.with_year),
        }
    }

    /// The card of one date of a post: a series' later dates show their own
    /// day and week, and link to the same post page.
    pub fn card_on(&self, occurrence: Occurrence) -> CardOn<'_> {
        CardOn {
            card: &self.cards[occurrence.post.index()],
            day: Day::of(Some(occurrence.when.date), self.with_year),
        }
    }

    /// Every day a post goes out, when it is a series: only its own page lists them.
    pub fn series_dates(&self, id: PostId) -> Vec<DateLink> {
        let post = self.plan.post(id);
        match post.repeat {
            Some(_) => post
                .dates
                .iter()
                .map(|&d| DateLink {
                    date: d.to_string(),
                    label: day_label(d, true),
                    week_url: week_url(monday_of(d)),
                })
                .collect(),
            None => Vec::new(),
        }
    }

    /// The posts due on a day.
    pub fn due_on(&self, day: Date) -> Vec<CardOn<'_>> {
        self.due_by_day
            .get(&day)
            .map(|ids| ids.iter().map(|id| self.card(*id)).collect())
            .unwrap_or_default()
    }

    /// The week the "Week" link opens: today's, or the nearest week of the plan.
    pub fn current_week(&self) -> Date {
        let now = monday_of(self.today);
        now.clamp(self.weeks[0], self.weeks[self.weeks.len() - 1])
    }

    /// The index into `weeks` of the week starting on `monday`, if it has a page.
    pub fn week_index(&self, monday: Date) -> Option<usize> {
        self.weeks.binary_search(&monday).ok()
    }

    /// The month a week's page links to: its Monday's, or, for a first week that
    /// starts in the month before the plan's first (`2026-W49` starts on 30
    /// November), its Sunday's; `None` when neither has a page.
    pub fn month_of_week(&self, monday: Date, sunday: Date) -> Option<(i16, i8)> {
        [monday, sunday]
            .into_iter()
            .map(|d| (d.year(), d.month()))
            .find(|month| self.months.binary_search(month).is_ok())
    }

    /// The month the "Calendar" link opens: today's, or the nearest month of the plan.
    pub fn current_month(&self) -> (i16, i8) {
        let now = (self.today.year(), self.today.month());
        let first = self.months[0];
        let last = self.months[self.months.len() - 1];
        now.clamp(first, last)
    }

    /// Whether `rule` flags the post `slug`.
    pub fn post_flagged(&self, slug: &str, rule: crate::diagnostic::Rule) -> bool {
        self.flags_for(Kind::Post, slug)
            .iter()
            .any(|f| f.flag.rule == rule)
    }

    pub fn flags_for(&self, kind: Kind, slug: &str) -> Vec<&FlagView> {
        self.flags_of
            .get(&(kind, slug.to_string()))
            .map(|ids| ids.iter().map(|i| &self.flags[*i]).collect())
            .unwrap_or_default()
    }

    /// A body as HTML; `owner` (kind and slug) keeps its footnote ids apart
    /// from other bodies on the same page.
    pub fn body_html(&self, owner: &str, body: &str) -> String {
        markdown::to_html(body, self.plan.config.allow_html, &format!("{owner}-fn-"))
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_are_two_letters_that_stand_for_the_name() {
        for (name, expected) in [
            ("Lena García", "LG"),
            ("Maria del Carmen Lopez", "ML"),
            ("Noor", "No"),
            ("noor", "No"),
            ("social-team", "ST"),
            ("Tom <tom@example.org>", "To"),
            ("田中 (SMM)", "田中"),
            ("(SMM)", "SM"),
            ("Élodie", "Él"),
            ("—", "—"),
        ] {
            assert_eq!(initials(name), expected, "{name}");
        }
    }
}
