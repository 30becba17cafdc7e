//! One function per kind of page: each builds its context from the shared
//! `SiteData` and renders one template. No page depends on another page.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

use jiff::civil::Date;
use serde_json::{Value, json};

use super::data::{
    self, Card, CardOn, DateLink, SiteData, agenda_url, campaign_url, day_label, month_url,
    owner_url, week_url,
};
use super::templates::{self, template_error};
use crate::diagnostic::{Kind, Rule, Severity};
use crate::model::{
    FeedbackShown, FeedbackStatus, Group, Plan, PostId, PostStatus, days_between, monday_of,
};
use crate::rule_docs;

/// What the shared parts of a page are rendered from: where the site root is
/// from the page, the navigation, the filters' choices.
fn shared_site(data: &SiteData, root: &str, section: &str) -> Value {
    let (y, m) = data.current_month();
    json!({
        "title": data.plan.config.title,
        "root": root,
        "section": section,
        "today": data.today.to_string(),
        "calendar_url": month_url(y, m),
        "agenda_url": agenda_url(y, m),
        "week_url": data::week_url(data.current_week()),
        "owners": data.plan.index.owners.iter().map(|g| json!({"slug": g.slug, "name": g.name})).collect::<Vec<_>>(),
        "campaigns": data.plan.index.campaigns.iter().map(|g| json!({"slug": g.slug, "name": g.name})).collect::<Vec<_>>(),
        "tags": data.plan.index.tags.iter().map(|g| json!({"slug": g.slug, "name": g.name})).collect::<Vec<_>>(),
        "channels": data.channels.values().collect::<Vec<_>>(),
        "personas": data.personas,
        "flag_count": data.flags.len(),
        "idea_count": data.plan.index.undated.len(),
        "feedback_page": !super::publish::no_feedback(&data.plan),
    })
}

/// The parts of a page that read the whole plan's personas and channels (the
/// header, the footer, the filter form, the channel legend), as HTML. They
/// depend only on the page's section and depth, so each is rendered once per
/// section and handed to every page as a string: converting every persona and
/// channel into every page's context made a page's cost grow with the plan.
pub struct Chrome {
    header: String,
    footer: String,
    filters: String,
    legend: String,
}

/// The `Chrome` of each section and depth, rendered when a page first needs it.
#[derive(Default)]
pub struct ChromeCache(Mutex<BTreeMap<(usize, &'static str), Arc<Chrome>>>);

impl ChromeCache {
    fn get(
        &self,
        data: &SiteData,
        tera: &tera::Tera,
        depth: usize,
        section: &'static str,
        path: &str,
    ) -> anyhow::Result<Arc<Chrome>> {
        let mut cache = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(chrome) = cache.get(&(depth, section)) {
            return Ok(Arc::clone(chrome));
        }
        let context = tera::Context::from_value(
            json!({"site": shared_site(data, &"../".repeat(depth), section)}),
        )
        .map_err(|err| anyhow::anyhow!("rendering {path}: {}", template_error(&err)))?;
        let part = |template: &str| -> anyhow::Result<String> {
            let mut html = templates::render(tera, template, &context).map_err(|err| {
                anyhow::anyhow!("rendering {path} with {template}: {}", template_error(&err))
            })?;
            // The part sits on a line of its own in the page's template, which
            // ends it; a template file's own last line break would double it.
            if html.ends_with('\n') {
                html.pop();
            }
            Ok(html)
        };
        let chrome = Arc::new(Chrome {
            header: part("header.html")?,
            footer: part("footer.html")?,
            filters: part("filters.html")?,
            legend: part("legend.html")?,
        });
        cache.insert((depth, section), Arc::clone(&chrome));
        Ok(chrome)
    }
}

/// The card on a post's own page: the one card that lists every date of its
/// series, as `page.card.dates`.
#[derive(serde::Serialize)]
struct PostCard<'a> {
    #[serde(flatten)]
    card: CardOn<'a>,
    dates: Vec<DateLink>,
}

/// The key to the owners' initials on a page's chips: each owner the cards
/// name once, by initials, then name.
fn owner_key<'c>(cards: impl IntoIterator<Item = &'c Card>) -> Vec<Value> {
    let owners: BTreeSet<(&str, &str, &str)> = cards
        .into_iter()
        .filter_map(|card| {
            Some((
                card.owner_initials.as_deref()?,
                card.owner.as_deref()?,
                card.owner_slug.as_deref()?,
            ))
        })
        .collect();
    owners
        .into_iter()
        .map(|(initials, name, slug)| json!({"initials": initials, "name": name, "url": owner_url(slug)}))
        .collect()
}

pub struct Renderer<'a> {
    pub data: &'a SiteData,
    pub tera: &'a tera::Tera,
    chrome: &'a ChromeCache,
    /// Set: `render` returns a hash of what it would render from (the
    /// template's name and the whole context) instead of rendering.
    fingerprint_only: bool,
}

pub(super) type Page = anyhow::Result<(String, Vec<u8>)>;

impl<'a> Renderer<'a> {
    pub fn new(data: &'a SiteData, tera: &'a tera::Tera, chrome: &'a ChromeCache) -> Self {
        Renderer {
            data,
            tera,
            chrome,
            fingerprint_only: false,
        }
    }

    /// A renderer whose pages are the 8 bytes of their fingerprint.
    pub fn fingerprinting(
        data: &'a SiteData,
        tera: &'a tera::Tera,
        chrome: &'a ChromeCache,
    ) -> Self {
        Renderer {
            fingerprint_only: true,
            ..Renderer::new(data, tera, chrome)
        }
    }

    pub(super) fn render(
        &self,
        template: &str,
        path: String,
        section: &'static str,
        page: Value,
    ) -> Page {
        let data = self.data;
        let depth = path.matches('/').count();
        let chrome = self.chrome.get(data, self.tera, depth, section, &path)?;
        let (y, m) = data.current_month();
        let site = json!({
            "title": data.plan.config.title,
            "root": "../".repeat(depth),
            "section": section,
            "today": data.today.to_string(),
            "calendar_url": month_url(y, m),
            "agenda_url": agenda_url(y, m),
            "flag_count": data.flags.len(),
            "idea_count": data.plan.index.undated.len(),
            "persona_count": data.personas.len(),
            "feedback_page": !super::publish::no_feedback(&data.plan),
            "header": chrome.header,
            "footer": chrome.footer,
            "filters": chrome.filters,
            "legend": chrome.legend,
        });
        // Built as one value and moved in: `Context::insert` would convert
        // (and so copy) every card of the page a second time.
        let value = json!({"site": site, "page": page});
        if self.fingerprint_only {
            // The page is a function of its template and this context, so their
            // hash stands for the page's bytes.
            let context = serde_json::to_vec(&value).unwrap_or_default();
            let hash = super::fnv(super::fnv(super::FNV_START, template.as_bytes()), &context);
            return Ok((path, hash.to_le_bytes().to_vec()));
        }
        let context = tera::Context::from_value(value)
            .map_err(|err| anyhow::anyhow!("rendering {path}: {}", template_error(&err)))?;
        let html = templates::render(self.tera, template, &context).map_err(|err| {
            anyhow::anyhow!("rendering {path} with {template}: {}", template_error(&err))
        })?;
        Ok((path, html.into_bytes()))
    }

    /// A body as the page shows it. A fingerprint needs only what the HTML is
    /// made from (the text, the owner that prefixes its footnotes, and whether
    /// raw HTML is allowed), so an unchanged rebuild renders no Markdown.
    fn body(&self, owner: &str, body: &str) -> String {
        if self.fingerprint_only {
            format!("{owner}\n{}\n{body}", self.data.plan.config.allow_html)
        } else {
            self.data.body_html(owner, body)
        }
    }

    fn card(&self, id: PostId) -> CardOn<'a> {
        self.data.card(id)
    }

    fn cards(&self, ids: &[PostId]) -> Vec<CardOn<'a>> {
        ids.iter().map(|id| self.card(*id)).collect()
    }

    fn flags(&self, kind: Kind, slug: &str) -> Value {
        json!(self.data.flags_for(kind, slug))
    }

    pub fn index(&self) -> Page {
        let data = self.data;
        let plan = &*data.plan;
        let end = data
            .today
            .checked_add(jiff::Span::new().days(13))
            .unwrap_or(data.today);
        let mut upcoming: Vec<(Date, Vec<CardOn>)> = Vec::new();
        let start = plan
            .index
            .dated
            .partition_point(|o| o.when.date < data.today);
        for &occurrence in &plan.index.dated[start..] {
            let day = occurrence.when.date;
            if day > end {
                break;
            }
            let card = data.card_on(occurrence);
            match upcoming.last_mut() {
                Some((last, cards)) if *last == day => cards.push(card),
                _ => upcoming.push((day, vec![card])),
            }
        }
        let owners = owner_key(upcoming.iter().flat_map(|(_, cards)| cards).map(|c| &**c));
        let upcoming: Vec<Value> = upcoming
            .into_iter()
            .map(|(day, cards)| json!({"date": day.to_string(), "label": day_label(day, data.with_year), "cards": cards}))
            .collect();

        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for view in &data.flags {
            *by_rule.entry(view.flag.rule.id()).or_default() += 1;
        }
        let flag_counts: Vec<Value> = Rule::ALL
            .iter()
            .filter_map(|rule| {
                let count = by_rule.get(rule.id())?;
                Some(json!({"rule": rule.id(), "count": count, "summary": rule_docs::doc(*rule).summary}))
            })
            .collect();

        // Counted over the whole plan, as the care report counts; the oldest
        // is named (and linked) only when the site shows it, and then the
        // feedback page does.
        let waiting = super::report::waiting(&data.whole);
        let oldest = waiting.first().map(|item| {
            let shown = plan.index.feedback_slugs.contains_key(&item.slug);
            json!({
                "received": item.received.to_string(),
                "received_label": day_label(item.received, true),
                "title": shown.then_some(&item.title),
                "url": data::entry_url(Kind::Feedback, &item.slug).filter(|_| shown),
            })
        });

        self.render(
            "index.html",
            "index.html".into(),
            "overview",
            json!({
                "upcoming": upcoming,
                "owners": owners,
                "until": end.to_string(),
                "flag_counts": flag_counts,
                "coverage": self.coverage(),
                "cadence": super::charts::cadence(data),
                // The totals count private entries too: only their names stay off the site.
                "post_count": data.whole.posts.len(),
                "dated_count": data.whole.index.dated_posts.len(),
                "date_count": data.whole.index.dated.len(),
                "waiting": {"count": waiting.len(), "oldest": oldest},
                "idea_count": data.whole.index.undated.len(),
                "persona_count": data.whole.personas.len(),
                "private_count": private_count(&data.whole),
                "left_out_flags": data.left_out_flags,
                "attention": self.attention(),
                "changes": self.recent_changes(),
                "report": self.report_now(),
                "feed": self.feed(),
            }),
        )
    }

    /// Persona × pain point: how many dated posts serve each need.
    fn coverage(&self) -> Value {
        let plan = &*self.data.plan;
        let mut counts: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for &id in &plan.index.dated_posts {
            let post = plan.post(id);
            for pain in &post.pain_points {
                for persona in &plan.pain_point(*pain).personas {
                    if post.audience.contains(persona) {
                        *counts.entry((persona.index(), pain.index())).or_default() += 1;
                    }
                }
            }
        }
        let rows: Vec<Value> = plan
            .personas
            .iter()
            .enumerate()
            .map(|(i, persona)| {
                let cells: Vec<Value> = plan
                    .pain_points
                    .iter()
                    .enumerate()
                    .map(|(j, pain)| {
                        let applies = pain.personas.iter().any(|p| p.index() == i);
                        json!({
                            "applies": applies,
                            "count": counts.get(&(i, j)).copied().unwrap_or(0),
                            "pain_point": pain.slug,
                        })
                    })
                    .collect();
                json!({"persona": self.data.personas[i], "name": persona.name, "cells": cells})
            })
            .collect();
        json!({"pain_points": self.data.pain_points, "rows": rows})
    }

    pub fn month(&self, index: usize) -> Page {
        let data = self.data;
        let (year, month) = data.months[index];
        let first = jiff::civil::date(year, month, 1);
        let last = first.last_of_month();
        let mut by_day: BTreeMap<Date, Vec<CardOn>> = BTreeMap::new();
        for &occurrence in self
            .data
            .by_month
            .get(&(year, month))
            .map_or(&[][..], Vec::as_slice)
        {
            by_day
                .entry(occurrence.when.date)
                .or_default()
                .push(data.card_on(occurrence));
        }
        let owners = owner_key(by_day.values().flatten().map(|c| &**c));
        let mut weeks = Vec::new();
        let mut day = monday_of(first);
        while day <= last {
            let week = day.iso_week_date().week();
            let row_monday = day;
            let mut days = Vec::with_capacity(7);
            for _ in 0..7 {
                days.push(json!({
                    "date": day.to_string(),
                    "number": day.day(),
                    "label": day_label(day, self.data.with_year),
                    "in_month": day.month() == month,
                    "today": day == data.today,
                    "cards": by_day.get(&day).cloned().unwrap_or_default(),
                    "quiet": data.quiet_name(day),
                    "due": data.due_on(day),
                }));
                day = day.tomorrow().unwrap_or(day);
            }
            let url = self
                .data
                .week_index(row_monday)
                .map(|_| data::week_url(row_monday));
            weeks.push(json!({"number": week, "days": days, "url": url}));
        }
        let (prev, next) = self.neighbours(index);
        self.render(
            "month.html",
            month_url(year, month),
            "calendar",
            json!({
                "name": first.strftime("%B %Y").to_string(),
                "year": year,
                "month": month,
                "weeks": weeks,
                "owners": owners,
                "prev": prev,
                "next": next,
                "agenda_url": agenda_url(year, month),
                "count": self.data.by_month.get(&(year, month)).map_or(0, Vec::len),
                "feed": self.feed(),
            }),
        )
    }

    /// Where a calendar app subscribes to `calendar.ics`: its full address
    /// and the same as `webcal://`, which opens the app on a click. Known
    /// only from `base_url`: a page's own address may be a file on disk.
    fn feed(&self) -> Value {
        let Some(base) = self.data.plan.config.base_url.as_deref() else {
            return Value::Null;
        };
        let url = format!("{}/calendar.ics", base.trim_end_matches('/'));
        // `base_url` is checked to start with http:// or https://.
        let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        let webcal = format!("webcal://{rest}");
        json!({"url": url, "webcal": webcal})
    }

    fn neighbours(&self, index: usize) -> (Value, Value) {
        let months = &self.data.months;
        let link = |i: usize| {
            let (y, m) = months[i];
            json!({
                "name": jiff::civil::date(y, m, 1).strftime("%B %Y").to_string(),
                "calendar_url": month_url(y, m),
                "agenda_url": agenda_url(y, m),
            })
        };
        let prev = if index > 0 {
            link(index - 1)
        } else {
            Value::Null
        };
        let next = if index + 1 < months.len() {
            link(index + 1)
        } else {
            Value::Null
        };
        (prev, next)
    }

    pub fn agenda(&self, index: usize) -> Page {
        let (year, month) = self.data.months[index];
        let first = jiff::civil::date(year, month, 1);
        let mut weeks: Vec<(Date, Vec<CardOn>)> = Vec::new();
        for &occurrence in self
            .data
            .by_month
            .get(&(year, month))
            .map_or(&[][..], Vec::as_slice)
        {
            let monday = monday_of(occurrence.when.date);
            let card = self.data.card_on(occurrence);
            match weeks.last_mut() {
                Some((m, cards)) if *m == monday => cards.push(card),
                _ => weeks.push((monday, vec![card])),
            }
        }
        let weeks: Vec<Value> = weeks
            .into_iter()
            .map(|(monday, cards)| {
                let sunday = monday.checked_add(jiff::Span::new().days(6)).unwrap_or(monday);
                json!({
                    "label": format!("Week {} · {} – {}", monday.iso_week_date().week(), day_label(monday, self.data.with_year), day_label(sunday, self.data.with_year)),
                    "cards": cards,
                })
            })
            .collect();
        let (prev, next) = self.neighbours(index);
        self.render(
            "agenda.html",
            agenda_url(year, month),
            "agenda",
            json!({
                "name": first.strftime("%B %Y").to_string(),
                "weeks": weeks,
                "prev": prev,
                "next": next,
                "calendar_url": month_url(year, month),
            }),
        )
    }

    pub fn ideas(&self) -> Page {
        let ideas = self.cards(&self.data.plan.index.undated);
        self.render(
            "ideas.html",
            "ideas/index.html".into(),
            "ideas",
            json!({"cards": ideas}),
        )
    }

    pub fn post(&self, id: PostId) -> Page {
        let post = self.data.plan.post(id);
        let card = PostCard {
            card: self.card(id),
            dates: self.data.series_dates(id),
        };
        let month = post.date.map(|w| {
            json!({"calendar_url": month_url(w.date.year(), w.date.month()), "agenda_url": agenda_url(w.date.year(), w.date.month())})
        });
        self.render(
            "post.html",
            card.card.url.clone(),
            "posts",
            json!({
                "card": card,
                "body": self.body(&format!("post-{}", post.slug), &post.body),
                "file": post.source.file,
                "flags": self.flags(Kind::Post, &post.slug),
                "month": month,
                "explicit_personas": !post.personas.is_empty(),
            }),
        )
    }

    pub fn persona(&self, index: usize) -> Page {
        let plan = &*self.data.plan;
        let persona = &plan.personas[index];
        let serves = |pain: usize| -> Vec<CardOn> {
            plan.index.by_pain_point[pain]
                .iter()
                .filter(|id| plan.post(**id).audience.iter().any(|p| p.index() == index))
                .map(|id| self.card(*id))
                .collect()
        };
        let mut needs = Vec::new();
        let mut unserved = Vec::new();
        for pain in &plan.index.pain_points_of[index] {
            let cards = serves(pain.index());
            let dated = cards.iter().filter(|c| c.day.date.is_some()).count();
            let link = &self.data.pain_points[pain.index()];
            if dated == 0 {
                unserved.push(link);
            }
            needs.push(json!({
                "pain_point": link,
                "priority": plan.pain_point(*pain).priority.as_str(),
                "cards": cards,
                "dated": dated,
            }));
        }
        let mut stages: Vec<(&str, Vec<CardOn>)> = vec![
            ("awareness", Vec::new()),
            ("consideration", Vec::new()),
            ("decision", Vec::new()),
        ];
        let mut staged = false;
        for occurrence in plan.index.by_persona[index]
            .iter()
            .filter(|o| plan.is_first(o))
        {
            let card = self.card(occurrence.post);
            if let Some(stage) = card.stage {
                staged = true;
                if let Some((_, cards)) = stages.iter_mut().find(|(s, _)| *s == stage) {
                    cards.push(card);
                }
            }
        }
        let channels: Vec<&data::ChannelView> = persona
            .channels
            .iter()
            .filter_map(|c| self.data.channels.get(c))
            .collect();
        self.render(
            "persona.html",
            self.data.personas[index].url.clone(),
            "personas",
            json!({
                "slug": persona.slug,
                "name": persona.name,
                "summary": persona.summary,
                "channels": channels,
                "body": self.body(&format!("persona-{}", persona.slug), &persona.body),
                "file": persona.source.file,
                "needs": needs,
                "unserved": unserved,
                "owners": owner_key(stages.iter().flat_map(|(_, cards)| cards).map(|c| &**c)),
                "stages": if staged { json!(stages.iter().map(|(s, c)| json!({"stage": s, "cards": c})).collect::<Vec<_>>()) } else { Value::Null },
                "post_count": plan.index.by_persona[index].iter().filter(|o| plan.is_first(o)).count(),
                "flags": self.flags(Kind::Persona, &persona.slug),
            }),
        )
    }

    pub fn pain_point(&self, index: usize) -> Page {
        let plan = &*self.data.plan;
        let pain = &plan.pain_points[index];
        let cards = self.cards(&plan.index.by_pain_point[index]);
        let personas: Vec<&data::Link> = pain
            .personas
            .iter()
            .map(|p| &self.data.personas[p.index()])
            .collect();
        let about: Vec<&data::Link> = self.data.feedback_of[index]
            .iter()
            .map(|f| &self.data.feedback[*f])
            .collect();
        self.render(
            "pain_point.html",
            self.data.pain_points[index].url.clone(),
            "pain-points",
            json!({
                "slug": pain.slug,
                "title": pain.title,
                "priority": pain.priority.as_str(),
                "personas": personas,
                "body": self.body(&format!("pain-point-{}", pain.slug), &pain.body),
                "file": pain.source.file,
                "cards": cards,
                "dated": cards.iter().filter(|c| c.day.date.is_some()).count(),
                "feedback": about,
                "flags": self.flags(Kind::PainPoint, &pain.slug),
            }),
        )
    }

    pub fn feedback(&self) -> Page {
        let plan = &*self.data.plan;
        let mut items: Vec<usize> = (0..plan.feedback.len()).collect();
        items.sort_by(|a, b| {
            let (a, b) = (&plan.feedback[*a], &plan.feedback[*b]);
            (b.received, &a.slug).cmp(&(a.received, &b.slug))
        });
        let items: Vec<Value> = items
            .into_iter()
            .map(|i| {
                let item = &plan.feedback[i];
                let responses = self.cards(&plan.index.responses[i]);
                // The label reads the status and the replies together: feedback
                // marked `new` that a post already answers is not "not yet answered".
                let published = responses.iter().any(|c| c.status == "published");
                let (loop_state, loop_label) = match (item.status, responses.is_empty(), published) {
                    (FeedbackStatus::Closed, _, _) => ("closed", "Loop closed"),
                    (FeedbackStatus::Acted, true, _) => ("open", "Acted on, customers not told yet"),
                    (FeedbackStatus::Acted, false, false) => ("answered", "Acted on, reply planned"),
                    (FeedbackStatus::Acted, false, true) => ("answered", "Acted on, reply published"),
                    (FeedbackStatus::Acknowledged, true, _) => ("listening", "Acknowledged, no reply planned yet"),
                    (FeedbackStatus::Acknowledged | FeedbackStatus::New, false, false) => ("answered", "Reply planned"),
                    (FeedbackStatus::Acknowledged | FeedbackStatus::New, false, true) => ("answered", "Reply published"),
                    (FeedbackStatus::New, true, _) => ("new", "New, not yet answered"),
                };
                json!({
                    "slug": item.slug,
                    "title": item.title,
                    "received": item.received.to_string(),
                    "received_label": day_label(item.received, true),
                    "status": item.status.as_str(),
                    "loop_state": loop_state,
                    "loop_label": loop_label,
                    "change": item.change,
                    "personas": item.personas.iter().map(|p| &self.data.personas[p.index()]).collect::<Vec<_>>(),
                    "pain_points": item.pain_points.iter().map(|p| &self.data.pain_points[p.index()]).collect::<Vec<_>>(),
                    // What the customer said, only where `publish: {feedback: full}` allows it.
                    "body": (plan.config.publish.feedback == FeedbackShown::Full)
                        .then(|| self.body(&format!("feedback-{}", item.slug), &item.body)),
                    "file": item.source.file,
                    "responses": responses,
                    "flags": self.flags(Kind::Feedback, &item.slug),
                })
            })
            .collect();
        self.render(
            "feedback.html",
            "feedback/index.html".into(),
            "feedback",
            json!({"items": items}),
        )
    }

    pub fn flags_page(&self) -> Page {
        let groups: Vec<Value> = Rule::ALL
            .iter()
            .filter_map(|rule| {
                let flags: Vec<&data::FlagView> = self
                    .data
                    .flags
                    .iter()
                    .filter(|f| f.flag.rule == *rule)
                    .collect();
                if flags.is_empty() {
                    return None;
                }
                let (weekly, flags): (Vec<_>, Vec<_>) =
                    flags.into_iter().partition(|f| f.flag.week.is_some());
                let doc = rule_docs::doc(*rule);
                Some(json!({
                    "rule": rule.id(),
                    "summary": doc.summary.trim_end_matches('.'),
                    "why": rule_docs::one_line(doc.why),
                    "count": flags.len() + weekly.len(),
                    "flags": flags,
                    "channels": self.channel_weeks(&weekly),
                }))
            })
            .collect();
        self.render(
            "flags.html",
            "flags/index.html".into(),
            "flags",
            json!({"groups": groups, "left_out": self.data.left_out_flags, "attention": self.attention()}),
        )
    }
}

/// The rules about what is late now, beside the errors: a post going out
/// soon that is not ready, copy that is not written, a customer waiting.
const ATTENTION_RULES: [Rule; 3] = [Rule::NotReady, Rule::UnfinishedCopy, Rule::FeedbackWaiting];

impl Renderer<'_> {
    /// "Needs attention now", atop the overview and the flags page: every
    /// error and every flag of `ATTENTION_RULES`, by the day that makes it
    /// urgent (the post's date, the feedback's `received`), soonest and
    /// oldest first; then the flags about weeks further ahead, grouped: a
    /// line per channel off its rhythm and per persona going quiet.
    fn attention(&self) -> Value {
        let data = self.data;
        let plan = &*data.plan;
        let mut items: Vec<(Option<Date>, Severity, usize, Value)> = Vec::new();
        let mut weekly: Vec<&data::FlagView> = Vec::new();
        let mut personas: Vec<&data::FlagView> = Vec::new();
        for (i, view) in data.flags.iter().enumerate() {
            let flag = &view.flag;
            if flag.severity != Severity::Error && !ATTENTION_RULES.contains(&flag.rule) {
                match flag.rule {
                    Rule::OffCadence if flag.week.is_some() => weekly.push(view),
                    Rule::SilentPersona => personas.push(view),
                    _ => {}
                }
                continue;
            }
            let slug = flag.slug.as_deref().unwrap_or_default();
            let (date, owner, status) = match flag.kind {
                Kind::Post => plan.index.post_slugs.get(slug).map(|id| {
                    let post = plan.post(*id);
                    (
                        post.date.map(|w| w.date),
                        post.owner.as_deref(),
                        Some(post.status.as_str()),
                    )
                }),
                Kind::Feedback => plan.index.feedback_slugs.get(slug).map(|id| {
                    let item = plan.feedback_item(*id);
                    (Some(item.received), None, Some(item.status.as_str()))
                }),
                _ => None,
            }
            .unwrap_or_default();
            items.push((
                date,
                flag.severity,
                i,
                json!({
                    "date": date.map(|d| d.to_string()),
                    "date_label": date.map(|d| day_label(d, data.with_year)),
                    "label": view.label,
                    "url": view.url,
                    "owner": owner,
                    "status": status,
                    "severity": flag.severity,
                    "message": flag.message,
                    "file": flag.file,
                    "line": flag.line,
                    "rule": flag.rule.id(),
                }),
            ));
        }
        // Undated last; a day's errors before its warnings; then as `check` lists them.
        items.sort_by_key(|(date, severity, i, _)| (date.is_none(), *date, *severity, *i));
        json!({
            "items": items.into_iter().map(|(.., item)| item).collect::<Vec<_>>(),
            "ready_days": plan.config.rules.ready_days,
            "channels": self.channel_weeks(&weekly),
            "personas": personas,
        })
    }

    /// `off-cadence` flags as one line per channel: the weeks with too few
    /// posts and those with too many, each week linked to its page where the
    /// site has one. A stakeholder wants the pattern, not a flag per week.
    fn channel_weeks(&self, flags: &[&data::FlagView]) -> Vec<Value> {
        let mut channels: Vec<(&str, Vec<&data::FlagView>)> = Vec::new();
        for view in flags {
            let Some(week) = &view.flag.week else {
                continue;
            };
            match channels.iter_mut().find(|(key, _)| *key == week.channel) {
                Some((_, views)) => views.push(view),
                None => channels.push((&week.channel, vec![view])),
            }
        }
        channels
            .into_iter()
            .map(|(key, views)| {
                let channel = self.data.channels.get(key);
                let (min, max) = channel.and_then(|c| c.per_week).unwrap_or_default();
                let weeks = |too_few: bool| {
                    let mut mondays: Vec<Date> = views
                        .iter()
                        .filter_map(|v| v.flag.week.as_ref())
                        .filter(|w| w.too_few == too_few)
                        .map(|w| w.monday)
                        .collect();
                    mondays.sort();
                    mondays.dedup();
                    mondays
                        .into_iter()
                        .map(|monday| {
                            let iso = monday.iso_week_date();
                            json!({
                                "label": format!("{:04}-W{:02}", iso.year(), iso.week()),
                                "url": self.data.weeks.binary_search(&monday).is_ok().then(|| week_url(monday)),
                            })
                        })
                        .collect::<Vec<_>>()
                };
                let first = &views[0].flag;
                json!({
                    "name": channel.map_or(key, |c| c.name.as_str()),
                    "min": min,
                    "max": max,
                    "too_few": weeks(true),
                    "too_many": weeks(false),
                    "severity": first.severity,
                    "file": first.file,
                    "line": first.line,
                })
            })
            .collect()
    }

    /// Whether a post serves a need: `no-persona-need` does not flag it.
    fn serves_need(&self, id: PostId) -> bool {
        !self
            .data
            .post_flagged(&self.data.plan.post(id).slug, Rule::NoPersonaNeed)
    }

    /// What the campaign and owner pages say of a group of posts.
    fn group_summary(&self, group: &Group, url: String) -> Value {
        let plan = &*self.data.plan;
        let dated: Vec<Date> = group
            .posts
            .iter()
            .filter_map(|id| plan.post(*id).date.map(|w| w.date))
            .collect();
        let mut channels: Vec<&str> = Vec::new();
        let mut reached = vec![false; plan.personas.len()];
        for &id in &group.posts {
            let post = plan.post(id);
            let name = self.data.channels[&post.channel].name.as_str();
            if !channels.contains(&name) {
                channels.push(name);
            }
            for p in &post.audience {
                reached[p.index()] = true;
            }
        }
        let (personas, missed): (Vec<usize>, Vec<usize>) =
            (0..plan.personas.len()).partition(|i| reached[*i]);
        let mut by_status: Vec<Value> = Vec::new();
        for (status, word) in PostStatus::ALL {
            let n = group
                .posts
                .iter()
                .filter(|id| plan.post(**id).status == *status)
                .count();
            if n > 0 {
                by_status.push(json!({"status": word, "count": n}));
            }
        }
        json!({
            "slug": group.slug,
            "name": group.name,
            "url": url,
            "count": group.posts.len(),
            "dated": dated.len(),
            // Each date of a series, as every count per period counts it.
            "dates": group.posts.iter().map(|id| plan.post(*id).dates.len()).sum::<usize>(),
            "first": dated.first().map(|d| day_label(*d, true)),
            "last": dated.last().map(|d| day_label(*d, true)),
            "channels": channels,
            "personas": personas.iter().map(|i| &self.data.personas[*i]).collect::<Vec<_>>(),
            "missed": missed.iter().map(|i| &self.data.personas[*i]).collect::<Vec<_>>(),
            "serving": group.posts.iter().filter(|id| self.serves_need(**id)).count(),
            "flagged": group.posts.iter().filter(|id| self.card(**id).flags > 0).count(),
            "by_status": by_status,
        })
    }

    /// The flags of every post of a group, in the group's order.
    fn group_flags(&self, group: &Group) -> Vec<&data::FlagView> {
        group
            .posts
            .iter()
            .flat_map(|id| {
                self.data
                    .flags_for(Kind::Post, &self.data.plan.post(*id).slug)
            })
            .collect()
    }

    pub fn campaigns(&self) -> Page {
        let campaigns: Vec<Value> = self
            .data
            .plan
            .index
            .campaigns
            .iter()
            .map(|g| self.group_summary(g, campaign_url(&g.slug)))
            .collect();
        self.render(
            "campaigns.html",
            "campaigns/index.html".into(),
            "campaigns",
            json!({"campaigns": campaigns}),
        )
    }

    pub fn campaign(&self, index: usize) -> Page {
        let plan = &*self.data.plan;
        let group = &plan.index.campaigns[index];
        let mut needs: Vec<&data::Link> = Vec::new();
        for &id in &group.posts {
            for pain in &plan.post(id).pain_points {
                let link = &self.data.pain_points[pain.index()];
                if !needs.iter().any(|n| n.slug == link.slug) {
                    needs.push(link);
                }
            }
        }
        self.render(
            "campaign.html",
            campaign_url(&group.slug),
            "campaigns",
            json!({
                "summary": self.group_summary(group, campaign_url(&group.slug)),
                "cards": self.cards(&group.posts),
                "needs": needs,
                "flags": self.group_flags(group),
            }),
        )
    }

    pub fn owners(&self) -> Page {
        let data = self.data;
        let plan = &*data.plan;
        let this_month = (data.today.year(), data.today.month());
        let next_month = match this_month {
            (y, 12) => (y.saturating_add(1), 1),
            (y, m) => (y, m + 1),
        };
        // No name past the calendar's last year, where a month after today's has none.
        let month_name = |(y, m): (i16, i8)| {
            Date::new(y, m, 1).map_or_else(|_| String::new(), |d| d.strftime("%B %Y").to_string())
        };
        let owners: Vec<Value> = plan
            .index
            .owners
            .iter()
            .map(|g| {
                // Dates, not posts: a weekly post goes out four times a month.
                let mut per_month: BTreeMap<(i16, i8), usize> = BTreeMap::new();
                for &id in &g.posts {
                    for day in &plan.post(id).dates {
                        *per_month.entry((day.year(), day.month())).or_default() += 1;
                    }
                }
                let count = |month| per_month.get(&month).copied().unwrap_or(0);
                // Beside the summary's own fields, so that an owners template
                // written for the summary alone still reads them.
                let mut row = self.group_summary(g, owner_url(&g.slug));
                if let Value::Object(fields) = &mut row {
                    fields.insert("this_month".into(), json!(count(this_month)));
                    fields.insert("next_month".into(), json!(count(next_month)));
                    let by_month: Vec<usize> = data.months.iter().map(|m| count(*m)).collect();
                    fields.insert("by_month".into(), json!(by_month));
                }
                row
            })
            .collect();
        let months: Vec<String> = data
            .months
            .iter()
            .map(|&(y, m)| jiff::civil::date(y, m, 1).strftime("%b %Y").to_string())
            .collect();
        self.render(
            "owners.html",
            "owners/index.html".into(),
            "owners",
            json!({
                "owners": owners,
                "this_month": month_name(this_month),
                "next_month": month_name(next_month),
                "months": months,
            }),
        )
    }

    pub fn owner(&self, index: usize) -> Page {
        let plan = &*self.data.plan;
        let group = &plan.index.owners[index];
        let today = self.data.today;
        // What is late comes first: it is what the owner has to act on.
        let (overdue, rest): (Vec<PostId>, Vec<PostId>) = group.posts.iter().partition(|id| {
            let post = plan.post(**id);
            post.status != PostStatus::Published && post.date.is_some_and(|w| w.date < today)
        });
        self.render(
            "owner.html",
            owner_url(&group.slug),
            "owners",
            json!({
                "summary": self.group_summary(group, owner_url(&group.slug)),
                "overdue": self.cards(&overdue),
                "cards": self.cards(&rest),
                "flags": self.group_flags(group),
            }),
        )
    }

    pub fn week(&self, index: usize) -> Page {
        let data = self.data;
        let monday = data.weeks[index];
        let sunday = monday
            .checked_add(jiff::Span::new().days(6))
            .unwrap_or(monday);
        let mut days: Vec<(Date, Vec<CardOn>)> = Vec::with_capacity(7);
        let mut day = monday;
        for _ in 0..7 {
            days.push((day, Vec::new()));
            day = day.tomorrow().unwrap_or(day);
        }
        let by_month = |d: Date| {
            data.by_month
                .get(&(d.year(), d.month()))
                .map_or(&[][..], Vec::as_slice)
        };
        let mut months = vec![(monday.year(), monday.month())];
        if (sunday.year(), sunday.month()) != months[0] {
            months.push((sunday.year(), sunday.month()));
        }
        for (y, m) in months {
            for &occurrence in by_month(jiff::civil::date(y, m, 1)) {
                let day = occurrence.when.date;
                if day >= monday && day <= sunday {
                    let i = days_between(monday, day) as usize;
                    days[i].1.push(data.card_on(occurrence));
                }
            }
        }
        let iso = monday.iso_week_date();
        let link = |i: usize| {
            let m = data.weeks[i];
            let iso = m.iso_week_date();
            json!({"url": week_url(m), "name": format!("{:04}-W{:02}", iso.year(), iso.week())})
        };
        let count: usize = days.iter().map(|(_, c)| c.len()).sum();
        let days: Vec<Value> = days
            .into_iter()
            .map(|(day, cards)| {
                json!({
                    "date": day.to_string(),
                    "label": day_label(day, data.with_year),
                    "today": day == data.today,
                    "cards": cards,
                    "quiet": data.quiet_name(day),
                    "due": data.due_on(day),
                })
            })
            .collect();
        self.render(
            "week.html",
            week_url(monday),
            "week",
            json!({
                "name": format!("{:04}-W{:02}", iso.year(), iso.week()),
                "range": format!("{} – {}", day_label(monday, true), day_label(sunday, true)),
                "days": days,
                "count": count,
                "prev": if index > 0 { link(index - 1) } else { Value::Null },
                "next": if index + 1 < data.weeks.len() { link(index + 1) } else { Value::Null },
                "calendar_url": data.month_of_week(monday, sunday).map(|(y, m)| month_url(y, m)),
            }),
        )
    }
}

/// How many entries of every kind are private.
fn private_count(plan: &Plan) -> usize {
    plan.personas.iter().filter(|p| p.private).count()
        + plan.pain_points.iter().filter(|p| p.private).count()
        + plan.posts.iter().filter(|p| p.private).count()
        + plan.feedback.iter().filter(|f| f.private).count()
}

/// Whole weeks between two Mondays, for charts.
pub fn weeks_between(first_monday: Date, monday: Date) -> usize {
    (days_between(first_monday, monday) / 7).max(0) as usize
}
