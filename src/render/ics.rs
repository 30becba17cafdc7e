//! `calendar.ics`: every dated post as an iCalendar event (RFC 5545).
//!
//! Written by hand on purpose: the iCalendar crates
//! either write an all-day DTEND that calendars misread or stamp events with
//! the current time, and the site must be byte-identical for the same plan
//! and day. What RFC 5545 asks of a writer is short: CRLF line ends, lines
//! folded at 75 octets, and four characters escaped in text.

use std::fmt::Write as _;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::model::{Plan, Post, PostStatus, When};

/// How long a post with a time of day occupies in a calendar: long enough to
/// be seen and clicked, short enough not to hide the day's other posts.
const TIMED_DURATION: &str = "PT30M";

/// The whole calendar file. `today` stamps the events (DTSTAMP) so the same
/// plan and day give the same bytes.
pub fn calendar(plan: &Plan, today: Date) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//outcare//outcare//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(&plan.config.title)),
    );
    let stamp = format!("DTSTAMP:{}T000000Z", ymd(today));
    let post_url = plan.config.base_url.as_deref().map(|base| {
        // A URI value is not TEXT, so it is not escaped; a control character
        // in it would still break the line structure.
        let base: String = base.chars().filter(|c| !c.is_control()).collect();
        format!("{}/posts/", base.trim_end_matches('/'))
    });
    // UIDs must be unique across every calendar a stakeholder subscribes to:
    // the plan's host keeps two plans' `launch` posts apart.
    let domain: String = plan
        .config
        .base_url
        .as_deref()
        .and_then(|url| url.split("://").nth(1))
        .and_then(|rest| rest.split(['/', ':', '?', '#']).next())
        .filter(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
        .unwrap_or("outcare")
        .to_string();
    // A series is one event per date, not an RRULE: a timed DTSTART is
    // written in UTC, and a rule stepping in UTC would move the local time by
    // an hour across a change of clocks. Each date keeps its own stable UID,
    // the slug and the date apart by a `.`, which no slug holds: `tip-20261214`
    // was both the post of that slug and the series `tip` on that day.
    for occurrence in &plan.index.dated {
        let post = plan.post(occurrence.post);
        let when = occurrence.when;
        let Some(start) = start_lines(when, &plan.config.timezone) else {
            continue;
        };
        line(&mut out, "BEGIN:VEVENT");
        let uid = match post.repeat {
            Some(_) => format!("{}.{}", post.slug, ymd(when.date)),
            None => post.slug.clone(),
        };
        line(&mut out, &format!("UID:{}@{domain}", escape_text(&uid)));
        line(&mut out, &stamp);
        for start_line in start {
            line(&mut out, &start_line);
        }
        line(
            &mut out,
            &format!(
                "SUMMARY:{}",
                escape_text(&format!(
                    "{}: {}",
                    plan.config.channel_name(&post.channel),
                    post.title
                ))
            ),
        );
        line(
            &mut out,
            &format!("CATEGORIES:{}", escape_text(&post.channel)),
        );
        let status = match post.status {
            PostStatus::Scheduled | PostStatus::Published => "CONFIRMED",
            PostStatus::Idea | PostStatus::Draft | PostStatus::Review => "TENTATIVE",
        };
        line(&mut out, &format!("STATUS:{status}"));
        line(
            &mut out,
            &format!("DESCRIPTION:{}", escape_text(&description(plan, post))),
        );
        if let Some(url) = &post_url {
            line(&mut out, &format!("URL:{url}{}/", post.slug));
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// DTSTART and DTEND/DURATION of a post, or `None` when the date cannot be
/// written in iCalendar's four-digit years.
fn start_lines(when: When, tz: &TimeZone) -> Option<Vec<String>> {
    let When { date, time, .. } = when;
    match time {
        None => {
            let start = basic_date(date)?;
            let mut lines = vec![format!("DTSTART;VALUE=DATE:{start}")];
            // DTEND is exclusive: a one-day event ends the next day. Without
            // a next day (the last representable date), RFC 5545 already
            // reads a lone DATE start as lasting one day.
            if let Some(end) = date.tomorrow().ok().and_then(basic_date) {
                lines.push(format!("DTEND;VALUE=DATE:{end}"));
            }
            Some(lines)
        }
        Some(time) => {
            // A time written with its offset is that moment, even in the hour
            // clocks go back; any other that falls in a DST gap or fold
            // resolves the way clocks do (`compatible`): after the gap, first
            // of the fold.
            let moment = match when.written {
                Some(written) => written.moment(),
                None => tz.to_timestamp(DateTime::from_parts(date, time)).ok(),
            };
            let utc = TimeZone::UTC.to_datetime(moment?);
            let day = basic_date(utc.date())?;
            Some(vec![
                format!(
                    "DTSTART:{day}T{:02}{:02}{:02}Z",
                    utc.hour(),
                    utc.minute(),
                    utc.second()
                ),
                format!("DURATION:{TIMED_DURATION}"),
            ])
        }
    }
}

/// `YYYYMMDD`, or `None` for years iCalendar cannot write.
fn basic_date(date: Date) -> Option<String> {
    (0..=9999).contains(&date.year()).then(|| ymd(date))
}

fn ymd(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// What a calendar reader needs to judge the post without opening the site:
/// how far along it is and whose need it serves.
fn description(plan: &Plan, post: &Post) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "Status: {}", post.status.as_str());
    let _ = writeln!(text, "Intent: {}", post.intent.as_str());
    if let Some(stage) = post.stage {
        let _ = writeln!(text, "Stage: {}", stage.as_str());
    }
    let personas: Vec<&str> = post
        .audience
        .iter()
        .map(|&id| plan.persona(id).name.as_str())
        .collect();
    let _ = writeln!(text, "For: {}", list_or(&personas, "no persona"));
    let pains: Vec<&str> = post
        .pain_points
        .iter()
        .map(|&id| plan.pain_point(id).title.as_str())
        .collect();
    let _ = write!(text, "Pain points: {}", list_or(&pains, "none"));
    if let Some(owner) = &post.owner {
        let _ = write!(text, "\nOwner: {owner}");
    }
    if let Some(campaign) = &post.campaign {
        let _ = write!(text, "\nCampaign: {campaign}");
    }
    if let Some(series) = post.repeat {
        let _ = write!(
            text,
            "\nRepeats: {} until {}",
            series.every.as_str(),
            series.until
        );
    }
    text
}

fn list_or(items: &[&str], empty: &str) -> String {
    if items.is_empty() {
        empty.to_string()
    } else {
        items.join(", ")
    }
}

/// RFC 5545 TEXT: backslash, semicolon, comma and line ends escaped. Other
/// control characters are not allowed in TEXT at all, so they are dropped
/// rather than let a title break the file.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                // CRLF is one line end, not two.
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75
/// octets (continuations start with a space, which counts), never inside a
/// UTF-8 character, each ended by CRLF.
fn line(out: &mut String, content: &str) {
    const LIMIT: usize = 75;
    let mut rest = content;
    let mut limit = LIMIT;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = LIMIT - 1;
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::BufReader;

    use jiff::civil::{date, time};

    use super::*;
    use crate::diagnostic::Pos;
    use crate::model::Intent;
    use crate::model::{
        Channel, Config, PainPoint, PainPointId, Persona, PersonaId, Post, Priority, Source, When,
    };

    fn post(slug: &str, title: &str, when: Option<When>) -> Post {
        Post {
            slug: slug.to_string(),
            title: title.to_string(),
            date: when,
            repeat: None,
            dates: when.map(|w| w.date).into_iter().collect(),
            channel: "blog".to_string(),
            personas: Vec::new(),
            audience: Vec::new(),
            pain_points: Vec::new(),
            status: PostStatus::Draft,
            intent: Intent::Educate,
            stage: None,
            owner: None,
            campaign: None,
            tags: Vec::new(),
            responds_to: Vec::new(),
            due: None,
            review_every: None,
            reviewed: None,
            private: false,
            body: "".into(),
            source: Source::default(),
        }
    }

    fn day(y: i16, m: i8, d: i8) -> Option<When> {
        Some(When {
            date: date(y, m, d),
            time: None,
            written: None,
        })
    }

    fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> Option<When> {
        Some(When {
            date: date(y, m, d),
            time: Some(time(h, min, 0, 0)),
            written: None,
        })
    }

    fn plan(posts: Vec<Post>) -> Plan {
        let mut plan = Plan {
            config: Config {
                title: "Stride, spring; plan".to_string(),
                timezone: TimeZone::get("Europe/Madrid").unwrap(),
                timezone_name: "Europe/Madrid".to_string(),
                ..Config::default()
            },
            posts: posts.into_iter().map(std::sync::Arc::new).collect(),
            ..Plan::default()
        };
        plan.posts.sort_by(|a, b| a.slug.cmp(&b.slug));
        plan.build_index();
        plan
    }

    const TODAY: Date = date(2026, 3, 1);

    fn unfold(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .map(str::to_string)
            .collect()
    }

    /// The unfolded event lines of the event with `uid`.
    fn event(ics: &str, slug: &str) -> Vec<String> {
        let lines = unfold(ics);
        let uid = format!("UID:{slug}@");
        let start = lines
            .iter()
            .position(|l| l.starts_with(&uid))
            .expect("event");
        lines[start..]
            .iter()
            .take_while(|l| *l != "END:VEVENT")
            .cloned()
            .collect()
    }

    fn prop(ics: &str, slug: &str, name: &str) -> Option<String> {
        event(ics, slug)
            .into_iter()
            .find_map(|l| l.strip_prefix(name).map(str::to_string))
    }

    #[test]
    fn calendar_header_and_crlf() {
        let ics = calendar(&plan(vec![]), TODAY);
        assert_eq!(
            ics,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//outcare//outcare//EN\r\n\
             CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Stride\\, spring\\; plan\r\nEND:VCALENDAR\r\n"
        );
    }

    #[test]
    fn every_line_ends_with_crlf() {
        let ics = calendar(&plan(vec![post("a", "A", day(2026, 3, 14))]), TODAY);
        assert!(ics.ends_with("\r\n"));
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    }

    #[test]
    fn long_multibyte_title_folds_at_75_octets_and_unfolds_back() {
        let title: String = "Ñandú 🏃 café — 日本語テキスト "
            .chars()
            .cycle()
            .take(200)
            .collect();
        let mut p = plan(vec![post("long", &title, day(2026, 3, 14))]);
        p.config.channels = Some(BTreeMap::from([(
            "blog".to_string(),
            Channel {
                key: "blog".to_string(),
                name: "Blög".to_string(),
                color: None,
                per_week: None,
                pos: Pos::line(1),
            },
        )]));
        let ics = calendar(&p, TODAY);
        for physical in ics.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical:?}",
                physical.len()
            );
        }
        assert!(ics.contains("\r\n "), "nothing was folded");
        assert_eq!(
            prop(&ics, "long", "SUMMARY:").unwrap(),
            format!("Blög: {title}")
        );
    }

    #[test]
    fn folding_counts_octets_at_the_boundary() {
        let mut out = String::new();
        line(&mut out, &"x".repeat(75));
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
        out.clear();
        line(&mut out, &"x".repeat(76));
        assert_eq!(out, format!("{}\r\n x\r\n", "x".repeat(75)));
        out.clear();
        // 74 ASCII octets then a 3-octet character: it must move whole.
        line(&mut out, &format!("{}語", "x".repeat(74)));
        assert_eq!(out, format!("{}\r\n 語\r\n", "x".repeat(74)));
        out.clear();
        line(&mut out, &"x".repeat(75 + 74 + 1));
        assert_eq!(
            out,
            format!("{}\r\n {}\r\n x\r\n", "x".repeat(75), "x".repeat(74))
        );
    }

    #[test]
    fn folding_never_splits_a_character_wherever_it_falls() {
        for pad in 0..160 {
            let content = format!("{}🏃é語{}", "x".repeat(pad), "y".repeat(pad % 7));
            let mut out = String::new();
            line(&mut out, &content);
            for physical in out.trim_end_matches("\r\n").split("\r\n") {
                assert!(physical.len() <= 75, "pad {pad}: {physical:?}");
            }
            assert_eq!(unfold(&out)[0], content, "pad {pad}");
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg\u{7}h\ti"),
            "a\\\\b\\;c\\,d\\ne\\nf\\nghi".replace("hi", "h\ti")
        );
        let ics = calendar(
            &plan(vec![post(
                "e",
                "One; two, three \\ four\nfive",
                day(2026, 3, 14),
            )]),
            TODAY,
        );
        assert_eq!(
            prop(&ics, "e", "SUMMARY:").unwrap(),
            "blog: One\\; two\\, three \\\\ four\\nfive"
        );
    }

    #[test]
    fn all_day_events_end_the_next_day() {
        let ics = calendar(
            &plan(vec![
                post("a", "A", day(2026, 3, 14)),
                post("b", "B", day(2026, 1, 31)),
                post("c", "C", day(2026, 12, 31)),
                post("d", "D", day(2028, 2, 28)),
            ]),
            TODAY,
        );
        for (slug, start, end) in [
            ("a", "20260314", "20260315"),
            ("b", "20260131", "20260201"),
            ("c", "20261231", "20270101"),
            ("d", "20280228", "20280229"),
        ] {
            assert_eq!(prop(&ics, slug, "DTSTART;VALUE=DATE:").unwrap(), start);
            assert_eq!(prop(&ics, slug, "DTEND;VALUE=DATE:").unwrap(), end);
            assert_eq!(prop(&ics, slug, "DURATION:"), None);
        }
    }

    #[test]
    fn timed_events_are_converted_to_utc() {
        let ics = calendar(
            &plan(vec![
                // CET, UTC+1.
                post("winter", "W", at(2026, 3, 14, 8, 30)),
                // CEST, UTC+2 (DST began 2026-03-29).
                post("summer", "S", at(2026, 7, 1, 9, 0)),
                // Just after midnight local is the day before in UTC.
                post("midnight", "M", at(2026, 1, 1, 0, 15)),
            ]),
            TODAY,
        );
        assert_eq!(
            prop(&ics, "winter", "DTSTART:").unwrap(),
            "20260314T073000Z"
        );
        assert_eq!(
            prop(&ics, "summer", "DTSTART:").unwrap(),
            "20260701T070000Z"
        );
        assert_eq!(
            prop(&ics, "midnight", "DTSTART:").unwrap(),
            "20251231T231500Z"
        );
        assert_eq!(prop(&ics, "winter", "DURATION:").unwrap(), "PT30M");
        assert_eq!(prop(&ics, "winter", "DTEND"), None);
    }

    #[test]
    fn utc_plan_times_are_unchanged() {
        let mut p = plan(vec![post("u", "U", at(2026, 3, 14, 8, 30))]);
        p.config.timezone = TimeZone::UTC;
        let ics = calendar(&p, TODAY);
        assert_eq!(prop(&ics, "u", "DTSTART:").unwrap(), "20260314T083000Z");
    }

    #[test]
    fn events_carry_stamp_status_categories_description_and_url() {
        let mut p = plan(vec![]);
        p.personas = vec![Persona {
            slug: "ana".to_string(),
            name: "Ana, the runner".to_string(),
            summary: None,
            channels: vec!["blog".to_string()],
            private: false,
            body: "".into(),
            source: Source::default(),
        }];
        p.pain_points = vec![PainPoint {
            slug: "shins".to_string(),
            title: "Shin splints".to_string(),
            personas: vec![PersonaId(0)],
            priority: Priority::High,
            private: false,
            body: "".into(),
            source: Source::default(),
        }];
        let mut a = post("a", "A", day(2026, 3, 14));
        a.status = PostStatus::Scheduled;
        a.intent = Intent::Promote;
        a.audience = vec![PersonaId(0)];
        a.pain_points = vec![PainPointId(0)];
        let mut b = post("b", "B", day(2026, 3, 15));
        b.status = PostStatus::Review;
        p.posts = vec![a.into(), b.into(), post("idea", "I", None).into()];
        p.config.base_url = Some("https://example.org/plan".to_string());
        p.build_index();
        let ics = calendar(&p, TODAY);
        assert_eq!(prop(&ics, "a", "DTSTAMP:").unwrap(), "20260301T000000Z");
        assert_eq!(prop(&ics, "a", "STATUS:").unwrap(), "CONFIRMED");
        assert_eq!(prop(&ics, "b", "STATUS:").unwrap(), "TENTATIVE");
        assert_eq!(prop(&ics, "a", "CATEGORIES:").unwrap(), "blog");
        assert_eq!(
            prop(&ics, "a", "DESCRIPTION:").unwrap(),
            "Status: scheduled\\nIntent: promote\\nFor: Ana\\, the runner\\nPain points: Shin splints"
        );
        assert_eq!(
            prop(&ics, "b", "DESCRIPTION:").unwrap(),
            "Status: review\\nIntent: educate\\nFor: no persona\\nPain points: none"
        );
        assert_eq!(
            prop(&ics, "a", "URL:").unwrap(),
            "https://example.org/plan/posts/a/"
        );
        assert!(!ics.contains("idea@outcare"), "undated posts are no events");

        p.config.base_url = Some("https://example.org/".to_string());
        let ics = calendar(&p, TODAY);
        assert_eq!(
            prop(&ics, "b", "URL:").unwrap(),
            "https://example.org/posts/b/"
        );
    }

    #[test]
    fn uids_carry_the_plans_host_when_it_has_one() {
        let mut p = plan(vec![post("z-first", "Z", day(2026, 3, 2))]);
        p.config.base_url = Some("https://plan.example.org:8080/stride/".to_string());
        let ics = calendar(&p, TODAY);
        assert!(ics.contains("UID:z-first@plan.example.org\r\n"), "{ics}");
    }

    #[test]
    fn no_url_without_base_url() {
        let ics = calendar(&plan(vec![post("a", "A", day(2026, 3, 14))]), TODAY);
        assert!(!ics.contains("URL:"));
    }

    #[test]
    fn events_follow_the_dated_order() {
        let ics = calendar(
            &plan(vec![
                post("z-first", "Z", day(2026, 3, 1)),
                post("a-last", "A", day(2026, 3, 9)),
                post("m-mid-timed", "M", at(2026, 3, 5, 10, 0)),
            ]),
            TODAY,
        );
        let uids: Vec<String> = unfold(&ics)
            .into_iter()
            .filter(|l| l.starts_with("UID:"))
            .collect();
        assert_eq!(
            uids,
            [
                "UID:z-first@outcare",
                "UID:m-mid-timed@outcare",
                "UID:a-last@outcare"
            ]
        );
    }

    #[test]
    fn output_is_deterministic() {
        let make = || {
            plan(vec![
                post("a", "A", day(2026, 3, 14)),
                post("b", "B", at(2026, 3, 14, 9, 0)),
            ])
        };
        assert_eq!(calendar(&make(), TODAY), calendar(&make(), TODAY));
        assert_ne!(
            calendar(&make(), TODAY),
            calendar(&make(), date(2026, 3, 2)),
            "DTSTAMP follows today"
        );
    }

    #[test]
    fn a_real_parser_reads_it_back() {
        let ics = calendar(
            &plan(vec![
                post("a", "Plain title", day(2026, 3, 14)),
                post("b", "Commas, semicolons; and more", at(2026, 3, 20, 18, 45)),
                // No spaces: the parser trims them at fold points.
                post("c", &"Långt-namn_".repeat(12), day(2026, 4, 1)),
            ]),
            TODAY,
        );
        let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(ics.as_bytes()))
            .collect::<Result<_, _>>()
            .expect("valid iCalendar");
        assert_eq!(calendars.len(), 1);
        let events = &calendars[0].events;
        assert_eq!(events.len(), 3);
        let get = |i: usize, name: &str| {
            events[i]
                .properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        };
        let uids: Vec<String> = (0..3).map(|i| get(i, "UID")).collect();
        assert_eq!(uids, ["a@outcare", "b@outcare", "c@outcare"]);
        assert_eq!(get(0, "SUMMARY"), "blog: Plain title");
        // The parser unfolds but leaves TEXT escapes in place.
        assert_eq!(get(1, "SUMMARY"), "blog: Commas\\, semicolons\\; and more");
        assert_eq!(get(1, "DTSTART"), "20260320T174500Z");
        assert_eq!(
            get(2, "SUMMARY"),
            format!("blog: {}", "Långt-namn_".repeat(12))
        );
    }
}
