//! Reads the front matter of each kind of entry into typed values whose
//! references are still names. `resolve` turns the names into ids.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

use super::yaml::Fields;
use crate::diagnostic::{Kind, Pos, Rule};
use crate::model::{
    Config, FeedbackStatus, Intent, MAX_SERIES_DATES, MAX_SLUG, PostStatus, Priority, Repeat,
    Series, Source, Stage, When, Written, fold_slug, name_slug, offset_text,
};

pub type Named = Vec<(String, Pos)>;

#[derive(Clone)]
pub struct RawPersona {
    pub name: String,
    pub summary: Option<String>,
    pub channels: Named,
}

#[derive(Clone)]
pub struct RawPainPoint {
    pub title: String,
    pub personas: Named,
    pub priority: Priority,
}

#[derive(Clone)]
pub struct RawPost {
    pub title: String,
    pub date: Option<When>,
    pub repeat: Option<Series>,
    pub channel: (String, Pos),
    pub personas: Named,
    pub pain_points: Named,
    pub status: PostStatus,
    pub intent: Intent,
    pub stage: Option<Stage>,
    pub owner: Option<String>,
    pub campaign: Option<String>,
    pub tags: Vec<String>,
    pub responds_to: Named,
    pub due: Option<Date>,
    pub review_every: Option<u32>,
    pub reviewed: Option<Date>,
}

#[derive(Clone)]
pub struct RawFeedback {
    pub title: String,
    pub received: Date,
    pub personas: Named,
    pub pain_points: Named,
    pub status: FeedbackStatus,
    pub change: Option<String>,
}

/// One entry as read from its file, before references are resolved.
#[derive(Clone)]
pub struct Raw<T> {
    pub slug: String,
    pub fields: T,
    /// `private: true`: kept off the site, checked like any other entry.
    pub private: bool,
    pub body: std::sync::Arc<str>,
    pub source: Source,
}

/// What a message's example is made of, so it speaks of the plan at hand: the
/// entry's own slug (a missing title is suggested from it), the first slug of
/// each kind in the plan, and its first channel key. A value that is there but
/// wrong builds its example from itself instead (see `Fields::wrong_type`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    pub persona: Option<String>,
    pub pain_point: Option<String>,
    pub feedback: Option<String>,
    pub channel: Option<String>,
    pub zone: Zone,
}

/// The plan's time zone, which a date's time is on the clocks of: a time
/// written with a UTC offset is turned into it, and a message about a time
/// names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    tz: TimeZone,
    name: String,
    /// Whether `outcare.yaml` set it, or it is the default.
    set: bool,
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::of(&Config::default())
    }
}

impl Zone {
    pub fn of(config: &Config) -> Zone {
        Zone {
            tz: config.timezone.clone(),
            name: config.timezone_name.clone(),
            set: config.timezone_set,
        }
    }

    /// Where times are, said for a message.
    fn said(&self) -> String {
        if self.set {
            format!("times are in {}, from outcare.yaml", self.name)
        } else {
            format!(
                "times are in {}, the default while outcare.yaml sets no `timezone:` (an IANA name, like America/Chicago)",
                self.name
            )
        }
    }

    /// The UTC offset the plan's clocks have at `at`, as RFC 3339 writes it.
    fn offset_at(&self, at: DateTime) -> String {
        match self
            .tz
            .to_timestamp(at)
            .map(|moment| self.tz.to_offset(moment))
        {
            Ok(offset) if offset != Offset::UTC => offset_text(offset),
            _ => "Z".to_string(),
        }
    }
}

impl Hints {
    fn persona_list(&self) -> String {
        format!("[{}]", self.persona.as_deref().unwrap_or("persona-slug"))
    }
    fn pain_point_list(&self) -> String {
        format!(
            "[{}]",
            self.pain_point.as_deref().unwrap_or("pain-point-slug")
        )
    }
    fn feedback_list(&self) -> String {
        format!("[{}]", self.feedback.as_deref().unwrap_or("feedback-slug"))
    }
    fn channel(&self) -> &str {
        self.channel.as_deref().unwrap_or("blog")
    }
}

/// A title made from a slug, for a missing one in examples and for `outcare new`:
/// `sourdough-fails` → `Sourdough fails`.
pub fn title_from_slug(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "A title".to_string(),
    }
}

/// [`title_from_slug`] as a YAML value, for a message's example.
fn title_from(slug: &str) -> String {
    super::yaml::quoted_if_needed(&title_from_slug(slug))
}

pub fn persona(f: &mut Fields, slug: &str, hints: &Hints) -> Option<RawPersona> {
    let name = f.text("name", true, &title_from(slug));
    let summary = f.text("summary", false, "Who they are, in one line");
    let channels = f.list("channels", true, &format!("[{}]", hints.channel()));
    Some(RawPersona {
        name: name?,
        summary,
        channels,
    })
}

pub fn pain_point(f: &mut Fields, slug: &str, hints: &Hints) -> Option<RawPainPoint> {
    let title = f.text("title", true, &title_from(slug));
    let personas = f.list("personas", true, &hints.persona_list());
    let priority = f
        .choice("priority", Priority::ALL)
        .unwrap_or(Priority::Medium);
    Some(RawPainPoint {
        title: title?,
        personas,
        priority,
    })
}

pub fn post(f: &mut Fields, slug: &str, hints: &Hints) -> Option<RawPost> {
    let title = f.text("title", true, &title_from(slug));
    let status = f.choice("status", PostStatus::ALL);
    let is_idea = status == Some(PostStatus::Idea);
    let date = when(f, "date", !is_idea, Some(&hints.zone), DATE_EXAMPLE);
    let channel = f.text("channel", true, hints.channel());
    let channel_pos = f.pos("channel");
    let personas = f.list("personas", false, &hints.persona_list());
    let pain_points = f.list("pain_points", false, &hints.pain_point_list());
    let intent = f.choice("intent", Intent::ALL).unwrap_or(Intent::Educate);
    let stage = f.choice("stage", Stage::ALL);
    let owner = f.text("owner", false, "Content team");
    let campaign = f.text("campaign", false, "Spring launch");
    let tags = tags(f);
    let responds_to = f.list("responds_to", false, &hints.feedback_list());
    // A bad `due`, `review_every` or `reviewed` is flagged and dropped: the
    // post itself is still on the calendar.
    let mut due = when(f, "due", false, None, DATE_EXAMPLE)
        .ok()
        .flatten()
        .map(|w| w.date);
    let review_every = review_days(f);
    let reviewed = when(f, "reviewed", false, None, DATE_EXAMPLE)
        .ok()
        .flatten()
        .map(|w| w.date);
    let every = f.choice("repeat", Repeat::ALL);
    let until = when(f, "until", false, None, DATE_EXAMPLE).map(|w| w.map(|w| w.date));
    let date = match date {
        Ok(date) => date,
        Err(()) => return None,
    };
    let repeat = series(f, date, every, until);
    if let (Some(day), Some(out)) = (due, date)
        && day > out.date
    {
        let pos = f.pos("due");
        f.report(
            Rule::InvalidFrontMatter,
            pos,
            format!(
                "`due: {day}` is after the post goes out on {}: a post is due on or before its date",
                out.date
            ),
        );
        due = None;
    }
    Some(RawPost {
        title: title?,
        date,
        repeat,
        channel: (channel?, channel_pos),
        personas,
        pain_points,
        status: status.unwrap_or(PostStatus::Draft),
        intent,
        stage,
        owner,
        campaign,
        tags,
        responds_to,
        due,
        review_every,
        reviewed,
    })
}

/// `repeat` with `until`, checked against the post's date. A series that does
/// not hold together is flagged and dropped: the post keeps its one date.
fn series(
    f: &mut Fields,
    date: Option<When>,
    every: Option<Repeat>,
    until: Result<Option<Date>, ()>,
) -> Option<Series> {
    let until = match until {
        Ok(until) => until,
        // Already flagged as not a date.
        Err(()) => return None,
    };
    let (every, until) = match (every, until) {
        (Some(every), Some(until)) => (every, until),
        (Some(every), None) => {
            let pos = f.pos("repeat");
            let example = date.map_or("2026-06-30".to_string(), |w| {
                w.date
                    .saturating_add(jiff::Span::new().months(3))
                    .to_string()
            });
            f.report(
                Rule::InvalidFrontMatter,
                pos,
                format!(
                    "`repeat: {}` needs `until:`, the last day the series may go out, like `until: {example}`",
                    every.as_str()
                ),
            );
            return None;
        }
        (None, Some(until)) => {
            // A `repeat:` that is there but wrong is flagged already.
            if !f.has("repeat") {
                let pos = f.pos("until");
                f.report(
                    Rule::InvalidFrontMatter,
                    pos,
                    format!(
                        "`until: {until}` ends a series, but the post has no `repeat:` (weekly, fortnightly or monthly)"
                    ),
                );
            }
            return None;
        }
        (None, None) => return None,
    };
    let Some(first) = date else {
        let pos = f.pos("repeat");
        f.report(
            Rule::InvalidFrontMatter,
            pos,
            format!(
                "`repeat: {}` needs a `date:` to start from: an idea without a date does not repeat",
                every.as_str()
            ),
        );
        return None;
    };
    if until < first.date {
        let pos = f.pos("until");
        f.report(
            Rule::InvalidFrontMatter,
            pos,
            format!(
                "`until: {until}` is before the post's first date, {}: a series ends on or after it starts",
                first.date
            ),
        );
        return None;
    }
    let series = Series { every, until };
    if series.too_long(first.date) {
        let pos = f.pos("until");
        f.report(
            Rule::InvalidFrontMatter,
            pos,
            format!(
                "`until: {until}` gives a `repeat: {}` series more than {MAX_SERIES_DATES} dates: end it sooner, or start a new post",
                every.as_str()
            ),
        );
        return None;
    }
    Some(series)
}

/// `tags`: free labels, a bad one a warning (see `Fields::labels`). Two
/// spellings of one tag (`Events`, `events`) are one, as the filter sees them:
/// the first is kept.
fn tags(f: &mut Fields) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    f.labels("tags", "[events, kids]")
        .into_iter()
        .map(|(tag, _)| tag)
        .filter(|tag| seen.insert(name_slug(tag)))
        .collect()
}

/// `review_every`: a positive whole number of days, at most ten years.
fn review_days(f: &mut Fields) -> Option<u32> {
    let days = f.number("review_every", "90")?;
    if days >= 1.0 && days.fract() == 0.0 && days <= 3660.0 {
        return Some(days as u32);
    }
    let pos = f.pos("review_every");
    f.report(
        Rule::InvalidFrontMatter,
        pos,
        format!("`review_every: {days}` must be a whole number of days from 1 to 3660, like 90"),
    );
    None
}

pub fn feedback(f: &mut Fields, slug: &str, hints: &Hints) -> Option<RawFeedback> {
    let title = f.text("title", true, &title_from(slug));
    let received = when(f, "received", true, None, DATE_EXAMPLE);
    let personas = f.list("personas", false, &hints.persona_list());
    let pain_points = f.list("pain_points", false, &hints.pain_point_list());
    let status = f
        .choice("status", FeedbackStatus::ALL)
        .unwrap_or(FeedbackStatus::New);
    let change = f.text("change", false, "What we changed because of it");
    Some(RawFeedback {
        title: title?,
        received: received.ok()??.date,
        personas,
        pain_points,
        status,
        change,
    })
}

/// An entry's date, as messages suggest one.
const DATE_EXAMPLE: &str = "2026-03-14";

/// Reads a date, and a time in `zone` where one is allowed. `Err` when the key
/// is there but wrong, or required and missing; `Ok(None)` when it is absent
/// and optional. `example` is the value a message about a missing key suggests.
pub(super) fn when(
    f: &mut Fields,
    key: &'static str,
    required: bool,
    zone: Option<&Zone>,
    example: &str,
) -> Result<Option<When>, ()> {
    let Some(text) = f.text(key, required, example) else {
        return if required { Err(()) } else { Ok(None) };
    };
    match parse_when(&text, zone) {
        Ok(when) => Ok(Some(when)),
        Err(message) => {
            let pos = f.pos(key);
            f.report(
                Rule::InvalidFrontMatter,
                pos,
                format!("`{key}: {text}` {message}"),
            );
            Err(())
        }
    }
}

/// Parses `YYYY-MM-DD`, or, given the plan's time zone, `YYYY-MM-DDTHH:MM`
/// (seconds optional) on its clocks or with an RFC 3339 UTC offset (`Z`,
/// `-06:00`), which is turned into the zone's day and time. Says what is
/// wrong in words when it cannot.
pub fn parse_when(text: &str, zone: Option<&Zone>) -> Result<When, String> {
    let shape = if zone.is_some() {
        "write the date as YYYY-MM-DD, or YYYY-MM-DDTHH:MM with a time"
    } else {
        "write the date as YYYY-MM-DD"
    };
    let (day, time) = match text.split_once(['T', 't', ' ']) {
        Some((day, time)) => (day, Some(time.trim())),
        None => (text, None),
    };
    let not_a_date = || match other_order(day) {
        Some(hint) => format!("is not a date: {hint}"),
        None => format!("is not a date: {shape}"),
    };
    let parts: Vec<&str> = day.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(not_a_date());
    };
    let (Some(y), Some(m), Some(d)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return Err(not_a_date());
    };
    // A plan's dates are this era's: a mistyped year (0026, 9999) would stretch
    // the plan's span over centuries, and every rule that walks it with it.
    if !(1900..=2199).contains(&y) {
        return Err(format!(
            "has the year {y}, which no content plan is in: check the year"
        ));
    }
    let date = Date::new(y as i16, m as i8, d as i8).map_err(|_| {
        match Date::new(y as i16, m as i8, 1) {
            Ok(first) => format!(
                "is not a real day: {} has {} days",
                first.strftime("%B %Y"),
                first.days_in_month()
            ),
            Err(_) => format!("is not a real day: months run from 01 to 12; {shape}"),
        }
    })?;
    let Some(time) = time else {
        return Ok(When {
            date,
            time: None,
            written: None,
        });
    };
    let Some(zone) = zone else {
        return Err(format!("is not a date: {shape}"));
    };
    let (clock, offset) = read_time(time).map_err(|bad| {
        let hour = hour_of(time);
        let ex = hour.map_or(format!("{date}THH:MM"), |t| {
            format!("{date}T{}", t.strftime("%H:%M"))
        });
        let noon = jiff::civil::time(12, 0, 0, 0);
        let offset = zone.offset_at(DateTime::from_parts(date, hour.unwrap_or(noon)));
        match bad {
            BadTime::Shape => format!(
                "has a time outcare cannot read: {}: write `{ex}`, or give its UTC offset, like `{ex}{offset}`",
                zone.said()
            ),
            BadTime::Clock => {
                "has a time that does not exist: hours run 00–23, minutes 00–59".to_string()
            }
            BadTime::Offset => format!(
                "has a UTC offset that does not exist: offsets run from -23:59 to +23:59, like `{ex}{offset}` on the plan's clocks ({})",
                zone.name
            ),
        }
    })?;
    let Some(offset) = offset else {
        return Ok(When {
            date,
            time: Some(clock),
            written: None,
        });
    };
    let written = Written {
        at: DateTime::from_parts(date, clock),
        offset,
    };
    let local = written
        .moment()
        .map(|moment| zone.tz.to_datetime(moment))
        .filter(|local| (1900..=2199).contains(&local.year()))
        .ok_or_else(|| "is a moment no content plan is in: check the year".to_string())?;
    Ok(When {
        date: local.date(),
        time: Some(local.time()),
        written: Some(written),
    })
}

/// `s` as a number, when it is exactly `len` ASCII digits.
fn number(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// What is wrong with a time that [`read_time`] refuses.
enum BadTime {
    /// Not `HH:MM[:SS]` with an offset or none: `10:00 CST`, `10am`.
    Shape,
    /// Of that shape, but no time of day: `25:00`.
    Clock,
    /// Of that shape, but no offset there is: `+25:00`.
    Offset,
}

/// A time as RFC 3339 writes it: `HH:MM`, seconds optional, then nothing,
/// `Z` or `±hh:mm`.
fn read_time(text: &str) -> Result<(Time, Option<Offset>), BadTime> {
    let (clock, offset) = match text.find(['Z', 'z', '+', '-']) {
        Some(at) => (&text[..at], Some(&text[at..])),
        None => (text, None),
    };
    let parts: Vec<Option<i64>> = clock.split(':').map(|p| number(p, 2)).collect();
    let (h, m, s) = match parts.as_slice() {
        [Some(h), Some(m)] => (*h, *m, 0),
        [Some(h), Some(m), Some(s)] => (*h, *m, *s),
        _ => return Err(BadTime::Shape),
    };
    let offset = match offset {
        None => None,
        Some("Z" | "z") => Some(Offset::UTC),
        Some(written) => {
            let sign = if written.starts_with('-') { -1 } else { 1 };
            let (oh, om) = written[1..].split_once(':').ok_or(BadTime::Shape)?;
            let (Some(oh), Some(om)) = (number(oh, 2), number(om, 2)) else {
                return Err(BadTime::Shape);
            };
            if oh > 23 || om > 59 {
                return Err(BadTime::Offset);
            }
            let seconds = sign * (oh * 3600 + om * 60);
            Some(Offset::from_seconds(seconds as i32).map_err(|_| BadTime::Offset)?)
        }
    };
    let time = Time::new(h as i8, m as i8, s as i8, 0).map_err(|_| BadTime::Clock)?;
    Ok((time, offset))
}

/// The hour a time outcare cannot read seems to mean (`10:00 CST`, `10am`,
/// `3 p.m.`), for the message's example.
fn hour_of(text: &str) -> Option<Time> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let mut hour: i8 = text
        .get(..digits)
        .filter(|d| (1..=2).contains(&d.len()))?
        .parse()
        .ok()?;
    let mut rest = &text[digits..];
    let mut minute = 0;
    if let Some(after) = rest.strip_prefix(':') {
        minute = after.get(..2).and_then(|m| number(m, 2))? as i8;
        rest = &after[2..];
    }
    let rest = rest.trim_start().to_ascii_lowercase().replace('.', "");
    if rest.starts_with("pm") && hour < 12 {
        hour += 12;
    } else if rest.starts_with("am") && hour == 12 {
        hour = 0;
    }
    Time::new(hour, minute, 0, 0).ok()
}

/// How to write a date given month first or day first (`11/20/2026`,
/// `20.11.2026`): every reading that is a real day.
fn other_order(day: &str) -> Option<String> {
    let parts: Vec<&str> = day.split(['/', '.', '-']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    let small = |s: &str| (1..=2).contains(&s.len()).then(|| number(s, s.len()))?;
    let (a, b, y) = (small(a)?, small(b)?, number(y, 4)?);
    let mut readings: Vec<Date> = [(b, a), (a, b)]
        .into_iter()
        .filter_map(|(d, m)| Date::new(y as i16, m as i8, d as i8).ok())
        .collect();
    readings.dedup();
    match readings.as_slice() {
        [one] => Some(format!("write dates as YYYY-MM-DD: `{one}`")),
        [first, second] => Some(format!(
            "write dates as YYYY-MM-DD: `{first}` ({}) or `{second}` ({}), whichever it means",
            first.strftime("%-d %B %Y"),
            second.strftime("%-d %B %Y")
        )),
        _ => None,
    }
}

/// Whether a file stem is a valid slug: lowercase letters, digits and `-`,
/// starting with a letter or digit, at most [`MAX_SLUG`] long.
pub fn is_slug(stem: &str) -> bool {
    slug_problem(stem).is_none()
}

/// What is wrong with a file stem as a slug, said for a file name, or `None`.
pub fn slug_problem(stem: &str) -> Option<String> {
    let mut bytes = stem.bytes();
    let letters = matches!(bytes.next(), Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !letters {
        return Some(format!(
            "`{stem}` is not a valid slug: a file name may use lowercase letters, digits and `-`, starting with a letter or digit"
        ));
    }
    (stem.len() > MAX_SLUG).then(|| {
        format!(
            "`{stem}` is {} characters long, and a slug may have at most {MAX_SLUG}: the page's folder is named after it, and some file systems refuse longer paths",
            stem.len()
        )
    })
}

/// A slug made from a stem that is not one, to suggest in the flag: letters
/// transliterated as campaign names are, and a long one cut after its last
/// whole word that fits.
pub fn suggest_slug(stem: &str) -> String {
    let slug = fold_slug(stem);
    if slug.is_empty() {
        return "my-entry".into();
    }
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    let fits = &slug[..MAX_SLUG];
    let cut = if slug.as_bytes()[MAX_SLUG] == b'-' {
        fits
    } else {
        fits.rfind('-').map_or(fits, |end| &fits[..end])
    };
    cut.to_string()
}

pub fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Post => "a post",
        Kind::Persona => "a persona",
        Kind::PainPoint => "a pain point",
        Kind::Feedback => "a feedback item",
        Kind::Config => "outcare.yaml",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_days() {
        assert!(parse_when("2026-03-05", None).is_ok());
        assert_eq!(
            parse_when("2026-03-05T09:30", Some(&Zone::default()))
                .unwrap()
                .time,
            Some(Time::new(9, 30, 0, 0).unwrap())
        );
        let err = parse_when("2026-02-30", Some(&Zone::default())).unwrap_err();
        assert!(err.contains("February 2026 has 28 days"), "{err}");
        assert!(parse_when("2028-02-29", None).is_ok());
        assert!(
            parse_when("2026-13-01", None)
                .unwrap_err()
                .contains("months")
        );
        assert!(parse_when("2026-3-5", None).is_err());
        assert!(parse_when("2026-03-05T25:00", Some(&Zone::default())).is_err());
        assert!(parse_when("2026-03-05T09:30", None).is_err());
        assert!(parse_when("next tuesday", Some(&Zone::default())).is_err());
    }

    #[test]
    fn a_time_with_an_offset_is_read_on_the_plans_clocks() {
        use jiff::civil::{date, time};
        let chicago = Zone {
            tz: TimeZone::get("America/Chicago").unwrap(),
            name: "America/Chicago".to_string(),
            set: true,
        };
        let when = parse_when("2027-03-04T23:30-08:00", Some(&chicago)).unwrap();
        assert_eq!(
            (when.date, when.time),
            (date(2027, 3, 5), Some(time(1, 30, 0, 0)))
        );
        assert_eq!(
            when.written.unwrap().label(when.date),
            "2027-03-04 23:30-08:00"
        );
        let when = parse_when("2027-01-12t16:00:00z", Some(&chicago)).unwrap();
        assert_eq!(when.time, Some(time(10, 0, 0, 0)));
        assert_eq!(when.written.unwrap().label(when.date), "16:00 UTC");
        // No hour to take from what was written: the example keeps its place,
        // with the offset Chicago has at noon that day (summer time).
        let err = parse_when("2027-07-01Tnoon", Some(&chicago)).unwrap_err();
        assert!(err.contains("`2027-07-01THH:MM-05:00`"), "{err}");
        // The day may change, but not out of the years a plan is in.
        let err = parse_when("1900-01-01T00:30+05:00", Some(&chicago)).unwrap_err();
        assert!(err.contains("check the year"), "{err}");
        // A key that takes a day takes no time, offset or not.
        let err = parse_when("2026-11-20T10:00Z", None).unwrap_err();
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn slugs() {
        assert!(is_slug("knee-pain"));
        assert!(is_slug("2026-plan"));
        for bad in ["", "-x", "Knee", "knee_pain", "knee pain", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(suggest_slug("Knee Pain_2"), "knee-pain-2");
        // Folded as names are, not cut at every letter outside ASCII (issue 16).
        assert_eq!(
            suggest_slug("hora-del-cuento-español"),
            "hora-del-cuento-espanol"
        );
        assert_eq!(suggest_slug("Launch"), "launch");
        assert_eq!(suggest_slug("!!!"), "my-entry");
        // Long enough for some file systems to refuse its page's folder.
        let long = "a".repeat(crate::model::MAX_SLUG + 1);
        assert!(!is_slug(&long));
        assert!(is_slug(&long[1..]));
        assert!(is_slug(&suggest_slug(&long)));
        let words = "very-".repeat(40);
        let cut = suggest_slug(&words);
        assert!(is_slug(&cut) && cut.ends_with("-very"), "{cut}");
        assert_eq!(cut.len(), MAX_SLUG - 1);
    }
}
