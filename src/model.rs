//! The resolved plan: every entry with its references turned into ids, plus
//! the indexes the rules and the site need. Built once by `load`, read-only
//! afterwards; it knows nothing of files on disk, YAML, or HTML.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

use serde::Serialize;

use crate::diagnostic::{Kind, Pos, Rule, Severity};

/// The words a user writes in front matter for a fixed set of values, both
/// ways: `load` reads them, the site and the messages write them back.
macro_rules! words {
    ($name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [($name, &'static str)] = &[$(($name::$variant, $word)),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }
    };
}

macro_rules! id {
    ($name:ident) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}
id!(PersonaId);
id!(PainPointId);
id!(PostId);
id!(FeedbackId);

/// Where an entry came from, and where each of its front-matter keys is, so
/// that a flag about `channel` can point at the `channel:` line.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Relative to the plan root, `/`-separated.
    pub file: String,
    pub keys: Vec<(String, Pos)>,
    /// The file line the body starts on, so a flag about a line of the body
    /// points at it in the file.
    pub body_line: u32,
}

impl Source {
    /// The position of a key's value, or the top of the file when the key is absent.
    pub fn pos(&self, key: &str) -> Pos {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map_or(Pos::line(1), |(_, pos)| *pos)
    }

    /// Whether the front matter writes `key`.
    pub fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == key)
    }
}

#[derive(Debug, Clone)]
pub struct Persona {
    pub slug: String,
    pub name: String,
    pub summary: Option<String>,
    pub channels: Vec<String>,
    /// Loaded, checked and counted, but on no page, feed or data file of the site.
    pub private: bool,
    pub body: Arc<str>,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    High,
    Medium,
    Low,
}

words!(Priority { High => "high", Medium => "medium", Low => "low" });

#[derive(Debug, Clone)]
pub struct PainPoint {
    pub slug: String,
    pub title: String,
    pub personas: Vec<PersonaId>,
    pub priority: Priority,
    pub private: bool,
    pub body: Arc<str>,
    pub source: Source,
}

/// Who a post that names no persona is for: the personas of its pain points,
/// each once, in id order.
pub fn audience_of(pain_points: &[PainPoint], needs: &[PainPointId]) -> Vec<PersonaId> {
    let mut audience: Vec<PersonaId> = needs
        .iter()
        .flat_map(|p| pain_points[p.index()].personas.iter().copied())
        .collect();
    audience.sort();
    audience.dedup();
    audience
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PostStatus {
    Idea,
    Draft,
    Review,
    Scheduled,
    Published,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Intent {
    Educate,
    Engage,
    Listen,
    Respond,
    Promote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Awareness,
    Consideration,
    Decision,
}

words!(PostStatus { Idea => "idea", Draft => "draft", Review => "review", Scheduled => "scheduled", Published => "published" });
words!(Intent { Educate => "educate", Engage => "engage", Listen => "listen", Respond => "respond", Promote => "promote" });
words!(Stage { Awareness => "awareness", Consideration => "consideration", Decision => "decision" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Repeat {
    Weekly,
    Fortnightly,
    Monthly,
}

words!(Repeat { Weekly => "weekly", Fortnightly => "fortnightly", Monthly => "monthly" });

/// A post that goes out again and again: `repeat` every so often from its
/// `date` up to and including `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series {
    pub every: Repeat,
    pub until: Date,
}

/// A series holds at most this many dates (ten years of weeks), so a far
/// `until` cannot flood the calendar and every rule that walks it.
pub const MAX_SERIES_DATES: usize = 520;

impl Series {
    /// Whether the series from `first` has more dates than a series may hold.
    pub fn too_long(self, first: Date) -> bool {
        let dates = self.dates(first);
        dates
            .last()
            .is_some_and(|last| dates.len() == MAX_SERIES_DATES && self.dates(*last).len() > 1)
    }

    /// The days of a series starting on `first`, in order, `first` included.
    /// A monthly series on the 29th–31st skips the months without that day,
    /// as RFC 5545's `RRULE:FREQ=MONTHLY` does, rather than drift to the 28th.
    pub fn dates(self, first: Date) -> Vec<Date> {
        let mut out = Vec::new();
        // Steps from `first` rather than from the last date, so a skipped
        // month does not move the day of those after it.
        for n in 0_i64.. {
            let step = match self.every {
                Repeat::Weekly => jiff::Span::new().weeks(n),
                Repeat::Fortnightly => jiff::Span::new().weeks(2 * n),
                Repeat::Monthly => jiff::Span::new().months(n),
            };
            let Ok(day) = first.checked_add(step) else {
                break;
            };
            if day > self.until || out.len() == MAX_SERIES_DATES {
                break;
            }
            // jiff clamps Jan 31 + 1 month to Feb 28: that day is not in the series.
            if self.every != Repeat::Monthly || day.day() == first.day() {
                out.push(day);
            }
        }
        out
    }
}

/// When a post goes out: a day, and a time of day in the plan's time zone if given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub date: Date,
    pub time: Option<Time>,
    /// The moment as written with a UTC offset, when it was: `date` and
    /// `time` are that moment on the plan's clocks, and the post's page
    /// shows both, so the author finds what they wrote.
    pub written: Option<Written>,
}

/// An offset as RFC 3339 writes it: `-06:00`, `+05:30`.
pub fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    format!(
        "{}{:02}:{:02}",
        if seconds < 0 { '-' } else { '+' },
        seconds.abs() / 3600,
        seconds.abs() % 3600 / 60
    )
}

/// A date and time as written with its UTC offset (`2027-03-04T10:00-06:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Written {
    pub at: DateTime,
    pub offset: Offset,
}

impl Written {
    /// The moment itself, which the plan's local time cannot always name: in
    /// the hour clocks are put back, one local time is two moments.
    pub fn moment(self) -> Option<jiff::Timestamp> {
        self.offset.to_timestamp(self.at).ok()
    }

    /// As a page shows it beside the plan's time: `10:00-06:00`, `16:00 UTC`,
    /// with the day in front when it is not `local_day`.
    pub fn label(self, local_day: Date) -> String {
        let offset = match self.offset {
            Offset::UTC => " UTC".to_string(),
            offset => offset_text(offset),
        };
        let time = self.at.time().strftime("%H:%M");
        if self.at.date() == local_day {
            format!("{time}{offset}")
        } else {
            format!("{} {time}{offset}", self.at.date())
        }
    }
}

#[derive(Debug, Clone)]
pub struct Post {
    pub slug: String,
    pub title: String,
    /// The first (or only) time it goes out.
    pub date: Option<When>,
    pub repeat: Option<Series>,
    /// Every day it goes out, in order: `date`'s day, then the series' repeats.
    /// Empty for a post without a date.
    pub dates: Vec<Date>,
    pub channel: String,
    /// The personas listed in the post itself.
    pub personas: Vec<PersonaId>,
    /// Who the post is for: its own `personas`, or else those of its pain points.
    pub audience: Vec<PersonaId>,
    pub pain_points: Vec<PainPointId>,
    pub status: PostStatus,
    pub intent: Intent,
    pub stage: Option<Stage>,
    pub owner: Option<String>,
    pub campaign: Option<String>,
    /// Free labels, each spelt as the post writes it, none two with one
    /// [`name_slug`] (which the filters match by).
    pub tags: Vec<String>,
    pub responds_to: Vec<FeedbackId>,
    /// The day the post must be ready, apart from the day it goes out.
    pub due: Option<Date>,
    /// An evergreen post is looked at again this many days after its last review.
    pub review_every: Option<u32>,
    pub reviewed: Option<Date>,
    pub private: bool,
    pub body: Arc<str>,
    pub source: Source,
}

/// What `outcare new post` writes as a post's body, inside an HTML comment so
/// that the site does not show it. Earlier versions wrote it as text, so
/// `repeated-content` knows it in either form.
pub const POST_PLACEHOLDER: &str =
    "What the post says, and what the reader should take away from it.";

/// A body without its HTML comments (`<!-- … -->`, to the end when one is
/// not closed): the notes a body keeps to itself, `new`'s placeholders among
/// them. What the search index, `plan.json` and `repeated-content` read; the
/// Markdown renderer drops the same comments from the page. Borrowed when
/// there is none, as in most bodies.
pub fn without_comments(body: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = body.find("<!--") else {
        return std::borrow::Cow::Borrowed(body);
    };
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    let mut at = Some(first);
    while let Some(start) = at {
        out.push_str(&rest[..start]);
        // Searched from the opening's own dashes, so `<!-->` and `<!--->`
        // close where HTML closes them.
        rest = match rest[start + 2..].find("-->") {
            Some(end) => &rest[start + 2 + end + 3..],
            None => "",
        };
        at = rest.find("<!--");
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeedbackStatus {
    New,
    Acknowledged,
    Acted,
    Closed,
}

words!(FeedbackStatus { New => "new", Acknowledged => "acknowledged", Acted => "acted", Closed => "closed" });

#[derive(Debug, Clone)]
pub struct Feedback {
    pub slug: String,
    pub title: String,
    pub received: Date,
    pub personas: Vec<PersonaId>,
    pub pain_points: Vec<PainPointId>,
    pub status: FeedbackStatus,
    pub change: Option<String>,
    pub private: bool,
    pub body: Arc<str>,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct Channel {
    pub key: String,
    pub name: String,
    pub color: Option<String>,
    /// Dated posts wanted per ISO week: at least, at most.
    pub per_week: Option<(u32, u32)>,
    /// Where `per_week` (or the channel itself) is in `outcare.yaml`.
    pub pos: Pos,
}

/// Days the team is away on purpose (holidays, a launch freeze): the rhythm
/// rules do not count them. `from` and `to` are both quiet.
#[derive(Debug, Clone)]
pub struct QuietPeriod {
    pub from: Date,
    pub to: Date,
    pub name: String,
}

/// Thresholds and severities from `rules:` in `outcare.yaml`.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    pub promo_share_max: f64,
    /// A channel-month with fewer dated posts than this may hold one promotion
    /// whatever its share: 1 of 2 is half, but it crowds out no help.
    pub promo_min_posts: u32,
    pub repeat_window_days: u32,
    pub persona_silence_days: u32,
    /// `off-cadence` and `silent-persona` judge no day later than this many
    /// weeks after today: weeks nobody has planned yet are not gaps.
    pub horizon_weeks: u32,
    /// `not-ready` looks this many days ahead of today, today included.
    pub ready_days: u32,
    /// `feedback-waiting`: the days feedback may stay `new` after it came in.
    pub answer_days: u32,
    /// `None` means the rule is off.
    pub severity: BTreeMap<Rule, Option<Severity>>,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            promo_share_max: 0.2,
            promo_min_posts: 5,
            repeat_window_days: 7,
            persona_silence_days: 21,
            horizon_weeks: 8,
            ready_days: 7,
            answer_days: 7,
            severity: BTreeMap::new(),
        }
    }
}

impl RuleSettings {
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.severity
            .get(&rule)
            .copied()
            .unwrap_or(Some(rule.default_severity()))
    }
}

/// How much of each feedback item the site shows (`publish: feedback:`). A
/// feedback body is what a customer said, often with who they are, and a
/// published site is public wherever it is hosted publicly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeedbackShown {
    /// Everything but the body.
    #[default]
    Summary,
    Full,
    /// Nothing at all; the figures and the rules still count it.
    None,
}

words!(FeedbackShown { Summary => "summary", Full => "full", None => "none" });

/// What the site publishes: `publish:` in `outcare.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Publish {
    pub feedback: FeedbackShown,
}

pub const CONFIG_FILE: &str = "outcare.yaml";

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub base_url: Option<String>,
    pub timezone: jiff::tz::TimeZone,
    pub timezone_name: String,
    /// Whether `outcare.yaml` set the zone: messages about times say where
    /// the zone they name comes from.
    pub timezone_set: bool,
    pub allow_html: bool,
    /// How many days back the changes page looks in the plan's git history.
    pub changes_days: u32,
    /// `None` when `outcare.yaml` declares no channels: any key is accepted.
    pub channels: Option<BTreeMap<String, Channel>>,
    /// In the order written; they may overlap.
    pub quiet: Vec<QuietPeriod>,
    pub rules: RuleSettings,
    pub publish: Publish,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Content plan".to_string(),
            base_url: None,
            timezone: jiff::tz::TimeZone::UTC,
            timezone_name: "UTC".to_string(),
            timezone_set: false,
            allow_html: false,
            changes_days: 14,
            channels: None,
            quiet: Vec::new(),
            rules: RuleSettings::default(),
            publish: Publish::default(),
        }
    }
}

impl Config {
    /// The declared channel key a post or persona means by `name`: the key
    /// itself, or one written in other capitals (`TikTok:` for `tiktok`), which
    /// `invalid-config` warns about. `None` when nothing matches.
    pub fn declared_channel<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        let channels = self.channels.as_ref()?;
        if let Some((key, _)) = channels.get_key_value(name) {
            return Some(key);
        }
        channels
            .keys()
            .find(|key| {
                key.chars()
                    .flat_map(char::to_lowercase)
                    .eq(name.chars().flat_map(char::to_lowercase))
            })
            .map(String::as_str)
    }

    /// The display name of a channel key: its configured name, or the key as written.
    pub fn channel_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.channels
            .as_ref()
            .and_then(|c| c.get(key))
            .map_or(key, |c| c.name.as_str())
    }

    /// The first quiet period that `date` falls in.
    pub fn quiet_on(&self, date: Date) -> Option<&QuietPeriod> {
        self.quiet.iter().find(|q| q.from <= date && date <= q.to)
    }

    /// How many days from `from` to `to` (both included) are quiet, each day
    /// counted once however many periods cover it.
    pub fn quiet_days(&self, from: Date, to: Date) -> i64 {
        let mut spans: Vec<(Date, Date)> = self
            .quiet
            .iter()
            .filter(|q| q.from <= to && from <= q.to)
            .map(|q| (q.from.max(from), q.to.min(to)))
            .collect();
        spans.sort();
        let mut days = 0;
        let mut covered: Option<Date> = None;
        for (start, end) in spans {
            let start = match covered {
                Some(c) if c >= end => continue,
                Some(c) if c >= start => c.tomorrow().unwrap_or(c),
                _ => start,
            };
            days += days_between(start, end) + 1;
            covered = Some(end);
        }
        days
    }
}

/// What a commit did to one entry, as read from the plan's git history by
/// `load::history`. Kept here, as data, so `render` can show it without
/// knowing where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The kind of entry: `post`, `persona`, `pain-point` or `feedback`.
    pub entry: Kind,
    pub slug: String,
    /// The old value (title, date or status) as written, where there was one:
    /// a removed entry's title, a rescheduled post's old date.
    pub from: Option<String>,
    /// The new value; an added entry's title.
    pub to: Option<String>,
    /// The commit's full hash.
    pub commit: String,
    /// The commit's day in the plan's time zone.
    #[serde(serialize_with = "as_text")]
    pub date: Date,
    pub author: String,
    /// The first line of the commit's message: the changes page names a
    /// commit of many changes by it. Not in `plan.json`, whose keys are fixed.
    #[serde(skip)]
    pub subject: String,
    /// The entry was `private: true` before or after the commit: the site
    /// leaves the change out.
    #[serde(skip)]
    pub private: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    /// The date (or time) changed.
    Rescheduled,
    Status,
    Retitled,
}

fn as_text<S: serde::Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// One time a post goes out: a post without `repeat` has one, a series one
/// per date. The date indexes hold these, so that rules and pages count and
/// show each date of a series without knowing about series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub post: PostId,
    pub when: When,
}

/// Lookups the later stages need, built once so that no rule or page has to
/// scan the whole plan per entry.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Every date of every dated post, in date order (ties: time, then slug).
    pub dated: Vec<Occurrence>,
    /// Dated posts, each once, in the order of their first date.
    pub dated_posts: Vec<PostId>,
    /// Posts without a date (ideas), by slug.
    pub undated: Vec<PostId>,
    /// Dates per channel key, in date order.
    pub by_channel: BTreeMap<String, Vec<Occurrence>>,
    /// Dates per persona in their audience, in date order.
    pub by_persona: Vec<Vec<Occurrence>>,
    /// All posts (dated first, then ideas) per pain point they list.
    pub by_pain_point: Vec<Vec<PostId>>,
    /// How many dated posts list each pain point.
    pub served: Vec<u32>,
    /// Pain points per persona.
    pub pain_points_of: Vec<Vec<PainPointId>>,
    /// Posts that `responds_to` each feedback item.
    pub responses: Vec<Vec<PostId>>,
    pub persona_slugs: BTreeMap<String, PersonaId>,
    pub pain_point_slugs: BTreeMap<String, PainPointId>,
    pub post_slugs: BTreeMap<String, PostId>,
    pub feedback_slugs: BTreeMap<String, FeedbackId>,
    /// Campaigns and owners named by posts, by slug (see [`name_slug`]).
    pub campaigns: Vec<Group>,
    pub owners: Vec<Group>,
    /// Tags posts give, by slug: the filter's choices.
    pub tags: Vec<Group>,
}

/// The posts that share a campaign or an owner: texts with the same slug are
/// one group, since they share one page.
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub slug: String,
    /// Its spelling, or every spelling in text order joined by ` / `: a page
    /// two names share shows both, not whichever came first.
    pub name: String,
    /// Each spelling (trimmed) with the first post that writes it.
    pub spellings: BTreeMap<String, PostId>,
    /// Dated posts in date order, then ideas by slug.
    pub posts: Vec<PostId>,
}

/// The longest slug outcare makes or accepts. A page's folder is named after
/// its slug, and a name this long still fits every file system the site may
/// be written to or copied onto (eCryptfs home folders take 143 bytes, and
/// Windows 260 characters for the whole path).
pub const MAX_SLUG: usize = 100;

/// The slug of a campaign or owner named in free text: [`fold_slug`], cut
/// when over [`MAX_SLUG`] and ended with a hash of the whole, so that long
/// names differing only at the end keep apart; for a text with nothing to
/// transliterate (`"\u{e000}"`), `x-` and a 64-bit hash of it, so that it
/// still has an address of its own.
pub fn name_slug(text: &str) -> String {
    let slug = fold_slug(text);
    if slug.is_empty() && !text.trim().is_empty() {
        return format!("x-{:016x}", fnv1a(text));
    }
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    let hash = format!("{:016x}", fnv1a(&slug));
    let kept = slug[..MAX_SLUG - hash.len() - 1].trim_end_matches('-');
    format!("{kept}-{hash}")
}

/// Text as a slug, however long: lowercase ASCII letters and digits, every
/// letter of another script transliterated (`é` → `e`, `ß` → `ss`, `Весна` →
/// `vesna`, `田中` → `tian-zhong`), every other run of characters a `-`,
/// trimmed. Empty when nothing transliterates.
pub fn fold_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c);
            continue;
        }
        // An accent written apart from its letter transliterates to nothing,
        // and is no gap: `e` and U+0301 stay `e`, as `é` does.
        match deunicode::deunicode_char(c) {
            Some(ascii) => ascii.chars().for_each(&mut push),
            None => push(' '),
        }
    }
    out
}

/// FNV-1a, 64 bits: small, and the same on every platform and version, so an
/// address made from a hash never moves.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub config: Config,
    pub personas: Vec<Persona>,
    pub pain_points: Vec<PainPoint>,
    /// Shared with the loader's cache: a reload keeps unchanged posts as they were.
    pub posts: Vec<Arc<Post>>,
    pub feedback: Vec<Feedback>,
    pub index: Index,
}

impl Plan {
    pub fn persona(&self, id: PersonaId) -> &Persona {
        &self.personas[id.index()]
    }
    pub fn pain_point(&self, id: PainPointId) -> &PainPoint {
        &self.pain_points[id.index()]
    }
    pub fn post(&self, id: PostId) -> &Post {
        &self.posts[id.index()]
    }
    pub fn feedback_item(&self, id: FeedbackId) -> &Feedback {
        &self.feedback[id.index()]
    }

    /// Whether this is a post's first (or only) date: a list of posts, not of
    /// dates, keeps only these.
    pub fn is_first(&self, occurrence: &Occurrence) -> bool {
        self.post(occurrence.post).date == Some(occurrence.when)
    }

    /// The first and last day with a dated post, if any.
    pub fn span(&self) -> Option<(Date, Date)> {
        let first = self.index.dated.first()?;
        let last = self.index.dated.last()?;
        Some((first.when.date, last.when.date))
    }

    /// The needs to suggest to a post for `personas`: their own pain points
    /// (with no personas, every pain point of the plan), least served first,
    /// so a suggestion fills a gap rather than naming whatever sorts first.
    /// Served means by a dated post, as `unserved-pain-point` counts it; ties
    /// go by slug. Empty when those personas have no pain point yet.
    pub fn needs_to_suggest(&self, personas: &[PersonaId]) -> Vec<PainPointId> {
        let mut needs: Vec<PainPointId> = if personas.is_empty() {
            (0..self.pain_points.len())
                .map(|i| PainPointId(i as u32))
                .collect()
        } else {
            personas
                .iter()
                .flat_map(|p| self.index.pain_points_of[p.index()].iter().copied())
                .collect()
        };
        // Ids follow slug order, so sorting by id breaks ties by slug.
        needs.sort_unstable();
        needs.dedup();
        needs.sort_by_key(|need| self.index.served[need.index()]);
        needs
    }

    /// Builds the indexes from the entries. Entries must already be in slug
    /// order with every reference resolved.
    pub fn build_index(&mut self) {
        let mut index = Index {
            by_persona: vec![Vec::new(); self.personas.len()],
            by_pain_point: vec![Vec::new(); self.pain_points.len()],
            served: vec![0; self.pain_points.len()],
            pain_points_of: vec![Vec::new(); self.personas.len()],
            responses: vec![Vec::new(); self.feedback.len()],
            ..Index::default()
        };
        for (i, persona) in self.personas.iter().enumerate() {
            index
                .persona_slugs
                .insert(persona.slug.clone(), PersonaId(i as u32));
        }
        for (i, pain) in self.pain_points.iter().enumerate() {
            let id = PainPointId(i as u32);
            index.pain_point_slugs.insert(pain.slug.clone(), id);
            for persona in &pain.personas {
                index.pain_points_of[persona.index()].push(id);
            }
        }
        for (i, item) in self.feedback.iter().enumerate() {
            index
                .feedback_slugs
                .insert(item.slug.clone(), FeedbackId(i as u32));
        }
        let mut dated: Vec<PostId> = Vec::new();
        // In slug order already, so the map is built in bulk, not insert by insert.
        index.post_slugs = self
            .posts
            .iter()
            .enumerate()
            .map(|(i, post)| (post.slug.clone(), PostId(i as u32)))
            .collect();
        for (i, post) in self.posts.iter().enumerate() {
            let id = PostId(i as u32);
            match post.date {
                Some(_) => dated.push(id),
                None => index.undated.push(id),
            }
        }
        // Ids follow slug order (`resolve` sorts the posts by slug), so ties
        // break by slug without comparing a string.
        dated.sort_unstable_by_key(|id| (self.post(*id).date, *id));
        let mut occurrences: Vec<Occurrence> = Vec::new();
        for &id in &dated {
            let post = self.post(id);
            let Some(first) = post.date else { continue };
            // What was written names the first date's moment only: a series
            // repeats the plan's local time.
            occurrences.extend(post.dates.iter().map(|&date| Occurrence {
                post: id,
                when: When {
                    date,
                    written: first.written.filter(|_| date == first.date),
                    ..first
                },
            }));
        }
        occurrences.sort_unstable_by_key(|o| (o.when, o.post));
        for &id in dated.iter().chain(&index.undated) {
            let post = self.post(id);
            for pain in &post.pain_points {
                index.by_pain_point[pain.index()].push(id);
                if post.date.is_some() {
                    index.served[pain.index()] += 1;
                }
            }
            for item in &post.responds_to {
                index.responses[item.index()].push(id);
            }
        }
        for &occurrence in &occurrences {
            let post = self.post(occurrence.post);
            match index.by_channel.get_mut(&post.channel) {
                Some(dates) => dates.push(occurrence),
                None => {
                    index
                        .by_channel
                        .insert(post.channel.clone(), vec![occurrence]);
                }
            }
            for persona in &post.audience {
                index.by_persona[persona.index()].push(occurrence);
            }
        }
        index.campaigns = self.groups(dated.iter().chain(&index.undated), |p| {
            p.campaign.as_deref()
        });
        index.owners = self.groups(dated.iter().chain(&index.undated), |p| p.owner.as_deref());
        index.tags = self.groups(dated.iter().chain(&index.undated), |p| {
            p.tags.iter().map(String::as_str)
        });
        index.dated = occurrences;
        index.dated_posts = dated;
        self.index = index;
    }
}

impl Plan {
    /// `names`: what a post names of the kind (one campaign, several tags).
    fn groups<'a, 'p, Names: IntoIterator<Item = &'p str>>(
        &'p self,
        posts: impl Iterator<Item = &'a PostId>,
        names: impl Fn(&'p Post) -> Names,
    ) -> Vec<Group> {
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        // A plan names few campaigns and owners, each on many posts.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for (&id, text) in
            posts.flat_map(|id| names(self.post(*id)).into_iter().map(move |t| (id, t)))
        {
            if text.trim().is_empty() {
                continue;
            }
            let slug = slugs.entry(text).or_insert_with(|| name_slug(text)).clone();
            let group = groups.entry(slug.clone()).or_insert_with(|| Group {
                slug,
                ..Group::default()
            });
            let spelling = text.trim();
            if !group.spellings.contains_key(spelling) {
                group.spellings.insert(spelling.to_string(), id);
            }
            group.posts.push(id);
        }
        groups
            .into_values()
            .map(|mut group| {
                group.name = group
                    .spellings
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" / ");
                group
            })
            .collect()
    }

    /// The campaign group of a post, if it names one.
    pub fn campaign_of(&self, post: &Post) -> Option<&Group> {
        find_group(&self.index.campaigns, post.campaign.as_deref()?)
    }

    /// The owner group of a post, if it names one.
    pub fn owner_of(&self, post: &Post) -> Option<&Group> {
        find_group(&self.index.owners, post.owner.as_deref()?)
    }
}

fn find_group<'a>(groups: &'a [Group], text: &str) -> Option<&'a Group> {
    let slug = name_slug(text);
    groups
        .binary_search_by(|g| g.slug.as_str().cmp(&slug))
        .ok()
        .map(|i| &groups[i])
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    a.duration_until(b).as_secs() / 86_400
}

/// The Monday that starts `date`'s ISO week.
pub fn monday_of(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_taken_out_of_a_body() {
        for (body, left) in [
            ("no comment here", "no comment here"),
            ("<!-- all of it -->", ""),
            ("a <!-- b --> c <!--\nd\n--> e", "a  c  e"),
            ("a <!--> b <!---> c", "a  b  c"),
            ("a <!-- never closed\n\nb", "a "),
            ("a --> b <!-- c -- d --> e", "a --> b  e"),
        ] {
            assert_eq!(without_comments(body), left, "{body:?}");
        }
    }

    #[test]
    fn series_step_from_their_first_date_and_skip_months_without_its_day() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let series = |every, until| Series {
            every,
            until: d(until),
        };
        let days = |dates: Vec<Date>| dates.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            days(series(Repeat::Monthly, "2026-08-30").dates(d("2026-01-31"))),
            ["2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31"]
        );
        assert_eq!(
            days(series(Repeat::Fortnightly, "2026-03-30").dates(d("2026-03-02"))),
            ["2026-03-02", "2026-03-16", "2026-03-30"]
        );
        assert_eq!(
            days(series(Repeat::Weekly, "2026-03-02").dates(d("2026-03-02"))),
            ["2026-03-02"]
        );
        assert_eq!(
            series(Repeat::Weekly, "2199-12-31")
                .dates(d("2026-01-01"))
                .len(),
            MAX_SERIES_DATES
        );
    }

    #[test]
    fn quiet_days_count_each_day_once_within_the_range() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let period = |from: &str, to: &str| QuietPeriod {
            from: d(from),
            to: d(to),
            name: "q".into(),
        };
        let config = Config {
            quiet: vec![
                period("2026-12-20", "2026-12-31"),
                period("2026-12-24", "2027-01-02"),
                period("2026-12-26", "2026-12-27"),
            ],
            ..Config::default()
        };
        assert_eq!(config.quiet_days(d("2026-12-01"), d("2027-01-31")), 14);
        assert_eq!(config.quiet_days(d("2026-12-30"), d("2027-01-05")), 4);
        assert_eq!(config.quiet_days(d("2027-01-03"), d("2027-01-05")), 0);
        assert_eq!(
            config.quiet_on(d("2027-01-01")).map(|q| q.to),
            Some(d("2027-01-02"))
        );
    }

    #[test]
    fn names_slug_as_the_contract_says() {
        assert_eq!(name_slug("Spring race series"), "spring-race-series");
        assert_eq!(name_slug("Équipe Médias"), "equipe-medias");
        assert_eq!(name_slug("  Año nuevo: ¡ofertas! "), "ano-nuevo-ofertas");
        assert_eq!(name_slug("Straße & Ølfest"), "strasse-olfest");
        assert_eq!(name_slug("social-team"), "social-team");
        assert_eq!(name_slug("Q1/2027 launch"), "q1-2027-launch");
        assert_eq!(name_slug("春"), "chun");
        assert_eq!(name_slug(""), "");
    }

    fn is_plain_slug(slug: &str) -> bool {
        !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--")
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    #[test]
    fn names_in_any_script_keep_their_letters() {
        // Letters without an ASCII fold were dropped, so these pairs each
        // shared one address (issue 16).
        assert_eq!(name_slug("Весна 2026"), "vesna-2026");
        assert_eq!(name_slug("Осень 2026"), "osen-2026");
        for (a, b) in [
            ("春のセール2026", "冬のセール2026"),
            ("田中 (SMM)", "佐藤 (SMM)"),
            ("Ελληνικά", "한국어"),
        ] {
            assert_ne!(name_slug(a), name_slug(b));
            assert!(is_plain_slug(&name_slug(a)), "{a}: {}", name_slug(a));
        }
        // Decomposed accents fold as composed ones do.
        assert_eq!(name_slug("Equipe\u{301}"), name_slug("Equipé"));
        // What nothing transliterates gets a hash of 64 bits, not 32.
        let private = name_slug("\u{e000}");
        assert!(
            private.starts_with("x-") && private.len() == 18,
            "{private}"
        );
        assert_ne!(private, name_slug("\u{e001}"));
    }

    #[test]
    fn long_names_get_short_slugs_that_stay_apart() {
        // A 420-character name made a folder name no file system takes (issue 16).
        let long = "Campaign ".repeat(46);
        let (a, b) = (
            name_slug(&format!("{long}end")),
            name_slug(&format!("{long}finale")),
        );
        for slug in [&a, &b] {
            assert!(slug.len() <= MAX_SLUG, "{} long", slug.len());
            assert!(slug.starts_with("campaign-campaign-"), "{slug}");
            assert!(is_plain_slug(slug), "{slug}");
        }
        assert_ne!(a, b);
        // Spellings that fold to one long slug still share it.
        assert_eq!(name_slug(&format!("{long}END")), a);
        let limit = "a".repeat(MAX_SLUG);
        assert_eq!(name_slug(&limit), limit);
        assert_ne!(name_slug(&format!("{limit}a")), limit);
    }
}
