//! The care report: month by month, how much of the plan serves a need, goes
//! where its audience is, promotes, and how soon feedback is answered. Shown
//! on `report/index.html` and given to other tools in `plan.json`.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Value, json};

use super::data::months_from_to;
use super::pages::{Page, Renderer};
use crate::diagnostic::{Flag, Kind, Rule};
use crate::model::{Feedback, FeedbackStatus, Intent, Plan, Post, days_between};

pub const URL: &str = "report/index.html";

/// One calendar month of the plan's span, with exactly the keys `plan.json`
/// promises.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthFigures {
    pub month: String,
    /// Dated posts that month, each date of a recurring post counted.
    pub posts: usize,
    /// Of those, the ones `no-persona-need` does not flag.
    pub serving_need: usize,
    /// Of those, the ones `wrong-channel` does not flag.
    pub on_persona_channel: usize,
    /// Of those, the ones with `intent: promote`.
    pub promotional: usize,
    /// Feedback received that month.
    pub feedback_received: usize,
    /// Of that feedback, the items at least one dated post responds to.
    pub feedback_answered: usize,
    /// Over the answered items, the median of days from `received` to the
    /// earliest dated response; `None` when none was answered.
    pub median_days_to_answer: Option<f64>,
}

/// The figures of each of `months`, over the whole plan: a private entry, or
/// feedback the site does not show, counts as any other.
pub fn months(plan: &Plan, flags: &[Flag], months: &[(i16, i8)]) -> Vec<MonthFigures> {
    let flagged: HashSet<(&str, Rule)> = flags
        .iter()
        .filter(|f| f.kind == Kind::Post)
        .filter_map(|f| Some((f.slug.as_deref()?, f.rule)))
        .collect();
    let post_flagged = |slug: &str, rule| flagged.contains(&(slug, rule));
    let mut by_month: BTreeMap<(i16, i8), Vec<&Post>> = BTreeMap::new();
    for occurrence in &plan.index.dated {
        let day = occurrence.when.date;
        by_month
            .entry((day.year(), day.month()))
            .or_default()
            .push(plan.post(occurrence.post));
    }
    months
        .iter()
        .map(|&(year, month)| {
            // One a date: each date of a recurring post counts.
            let posts = by_month.get(&(year, month)).map_or(&[][..], Vec::as_slice);
            let mut answer_days: Vec<i64> = Vec::new();
            let mut received = 0;
            for (i, item) in plan.feedback.iter().enumerate() {
                if (item.received.year(), item.received.month()) != (year, month) {
                    continue;
                }
                received += 1;
                if let Some(day) = first_reply(plan, i) {
                    answer_days.push(days_between(item.received, day));
                }
            }
            MonthFigures {
                month: format!("{year:04}-{month:02}"),
                posts: posts.len(),
                serving_need: posts
                    .iter()
                    .filter(|p| !post_flagged(&p.slug, Rule::NoPersonaNeed))
                    .count(),
                on_persona_channel: posts
                    .iter()
                    .filter(|p| !post_flagged(&p.slug, Rule::WrongChannel))
                    .count(),
                promotional: posts.iter().filter(|p| p.intent == Intent::Promote).count(),
                feedback_received: received,
                feedback_answered: answer_days.len(),
                median_days_to_answer: median(&mut answer_days),
            }
        })
        .collect()
}

/// The day a dated post first answers feedback item `i`. A reply answers from
/// its first date on or after the feedback came in; one that only went out
/// before it (flagged by `reply-before-feedback`) answers nothing.
fn first_reply(plan: &Plan, i: usize) -> Option<jiff::civil::Date> {
    let item = &plan.feedback[i];
    plan.index.responses[i]
        .iter()
        .filter_map(|id| {
            let dates = &plan.post(*id).dates;
            let from = dates.partition_point(|&day| day < item.received);
            dates.get(from).copied()
        })
        .min()
}

/// Feedback still waiting for an answer, oldest first: not `closed`, and no
/// dated post answers it (as the report counts an answer). `acted` feedback
/// waits too until a post tells the customers: acting is not answering.
pub fn waiting(plan: &Plan) -> Vec<&Feedback> {
    let mut waiting: Vec<&Feedback> = plan
        .feedback
        .iter()
        .enumerate()
        .filter(|(i, item)| {
            item.status != FeedbackStatus::Closed && first_reply(plan, *i).is_none()
        })
        .map(|(_, item)| item)
        .collect();
    waiting.sort_by(|a, b| (a.received, &a.slug).cmp(&(b.received, &b.slug)));
    waiting
}

/// The months the care report covers: from the first dated entry (a post's
/// date, or feedback's `received`, so feedback that came in before the first
/// post still counts) to the last; without any, this month.
pub fn report_months(plan: &Plan, today: jiff::civil::Date) -> Vec<(i16, i8)> {
    let received = plan
        .feedback
        .iter()
        .map(|item| (item.received.year(), item.received.month()));
    let dated = plan
        .span()
        .map(|(first, last)| [(first.year(), first.month()), (last.year(), last.month())]);
    let mut ends = received.chain(dated.into_iter().flatten());
    let Some(first) = ends.next() else {
        return vec![(today.year(), today.month())];
    };
    let (from, to) = ends.fold((first, first), |(lo, hi), m| (lo.min(m), hi.max(m)));
    months_from_to(from, to)
}

fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

/// A share as a whole percentage, or `None` for a month without posts.
fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| (100.0 * part as f64 / whole as f64).round())
}

/// Fewer dated posts than this in a month, and a share of them says little:
/// one post that serves a need is "100%". Such a month gives its counts alone
/// and says it has too few to judge; the trend lines leave it out.
pub const TOO_FEW_TO_JUDGE: usize = 5;

/// Whether a month has posts, but too few of them to judge by their shares.
fn too_few(posts: usize) -> bool {
    posts > 0 && posts < TOO_FEW_TO_JUDGE
}

/// A share as a reader can check it: "96% (27 of 28)"; the counts alone
/// ("1 of 1") in a month too few to judge; "—" in a month without posts.
fn share(part: usize, whole: usize) -> String {
    match percent(part, whole) {
        None => "—".to_string(),
        Some(_) if too_few(whole) => format!("{part} of {whole}"),
        Some(p) => format!("{p}% ({part} of {whole})"),
    }
}

/// A share for a trend line: none where the month has too few posts to judge.
fn judged_percent(part: usize, whole: usize) -> Option<f64> {
    percent(part, whole).filter(|_| !too_few(whole))
}

/// Where a month stands against today: over, going on, or only planned.
fn month_state(month: (i16, i8), today: jiff::civil::Date) -> &'static str {
    match month.cmp(&(today.year(), today.month())) {
        std::cmp::Ordering::Less => "happened",
        std::cmp::Ordering::Equal => "this month",
        std::cmp::Ordering::Greater => "planned",
    }
}

fn month_name((year, month): (i16, i8)) -> String {
    jiff::civil::date(year, month, 1)
        .strftime("%B %Y")
        .to_string()
}

/// What the plan holds after this month, month by month, so that a plan
/// about to run out says so: "After this month the plan holds 20 posts in
/// January 2027, 4 in February 2027 and 1 in March 2027."
fn ahead_sentence(ahead: &[((i16, i8), usize)]) -> String {
    let Some(((first, n), rest)) = ahead.split_first() else {
        return "Nothing is planned after this month.".to_string();
    };
    let mut parts = vec![format!(
        "{n} post{} in {}",
        if *n == 1 { "" } else { "s" },
        month_name(*first)
    )];
    parts.extend(
        rest.iter()
            .map(|(m, n)| format!("{n} in {}", month_name(*m))),
    );
    let list = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{} and {last}", init.join(", ")),
        None => String::new(),
    };
    format!("After this month the plan holds {list}.")
}

const WIDTH: usize = 640;
const HEIGHT: usize = 110;
const LEFT: usize = 36;
const BOTTOM: usize = 20;

/// A line over the months as inline SVG: a point a month with a value, the
/// line broken where a month has none. `max` is the top of the scale.
/// `planned_from` is the index of the first month after today's, from which
/// a band marks the months that have not happened yet.
fn trend(
    id: &str,
    title: &str,
    labels: &[String],
    values: &[Option<f64>],
    max: f64,
    unit: &str,
    planned_from: Option<usize>,
) -> String {
    let n = values.len().max(1);
    let step = (WIDTH - LEFT) as f64 / n as f64;
    let x = |i: usize| LEFT as f64 + step * (i as f64 + 0.5);
    let y = |v: f64| 4.0 + HEIGHT as f64 * (1.0 - (v / max).clamp(0.0, 1.0));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart trend" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{title}</title>"#,
        h = HEIGHT + BOTTOM + 6
    );
    if let Some(first) = planned_from.filter(|i| *i < n) {
        let from = LEFT as f64 + step * first as f64;
        let _ = write!(
            svg,
            r#"<rect class="planned-band" x="{from:.1}" y="0" width="{:.1}" height="{}"/><text class="axis" x="{:.1}" y="12">planned</text>"#,
            WIDTH as f64 - from,
            HEIGHT + 8,
            from + 4.0
        );
    }
    for tick in [0.0, max / 2.0, max] {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{WIDTH}" y1="{0:.1}" y2="{0:.1}"/><text class="axis" x="{1}" y="{2:.1}" text-anchor="end">{tick:.0}{unit}</text>"#,
            y(tick),
            LEFT - 4,
            y(tick) + 4.0
        );
    }
    let mut path = String::new();
    let mut pen_down = false;
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => {
                let _ = write!(
                    path,
                    "{}{:.1} {:.1} ",
                    if pen_down { "L" } else { "M" },
                    x(i),
                    y(*v)
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(svg, r#"<path class="trend-line" d="{}"/>"#, path.trim_end());
    }
    for (i, value) in values.iter().enumerate() {
        if let Some(v) = value {
            let _ = write!(
                svg,
                r#"<circle class="trend-point" cx="{:.1}" cy="{:.1}" r="3"><title>{}: {v}{unit}</title></circle>"#,
                x(i),
                y(*v),
                labels[i]
            );
        }
    }
    // A label every few months, so that two years stay readable.
    let every = n.div_ceil(12);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            svg,
            r#"<text class="axis" x="{:.1}" y="{}" text-anchor="middle">{label}</text>"#,
            x(i),
            HEIGHT + BOTTOM
        );
    }
    svg.push_str("</svg>");
    svg
}

impl Renderer<'_> {
    pub fn report(&self) -> Page {
        let data = self.data;
        let figures = &data.figures;
        // The same months `SiteData` computed the figures for, one a figure.
        let months = report_months(&data.whole, data.today);
        let labels: Vec<String> = figures.iter().map(|m| m.month.clone()).collect();
        let serving: Vec<Option<f64>> = figures
            .iter()
            .map(|m| judged_percent(m.serving_need, m.posts))
            .collect();
        let promo: Vec<Option<f64>> = figures
            .iter()
            .map(|m| judged_percent(m.promotional, m.posts))
            .collect();
        let days: Vec<Option<f64>> = figures.iter().map(|m| m.median_days_to_answer).collect();
        let most_days = days.iter().flatten().fold(7.0_f64, |a, b| a.max(*b)).ceil();
        let planned_from = months
            .iter()
            .position(|m| month_state(*m, data.today) == "planned");
        let ahead: Vec<((i16, i8), usize)> = months
            .iter()
            .zip(figures)
            .filter(|(m, _)| month_state(**m, data.today) == "planned")
            .map(|(m, f)| (*m, f.posts))
            .collect();
        let rows: Vec<Value> = months
            .iter()
            .zip(figures)
            .map(|(month, m)| {
                json!({
                    "figures": m,
                    "state": month_state(*month, data.today),
                    "too_few": too_few(m.posts),
                    "serving": share(m.serving_need, m.posts),
                    "channel": share(m.on_persona_channel, m.posts),
                    "promo": share(m.promotional, m.posts),
                })
            })
            .collect();
        self.render(
            "report.html",
            URL.to_string(),
            "report",
            json!({
                "rows": rows,
                "too_few": TOO_FEW_TO_JUDGE,
                "ahead": ahead_sentence(&ahead),
                "serving_svg": trend("serving", "Share of posts that serve a need, by month", &labels, &serving, 100.0, "%", planned_from),
                "promo_svg": trend("promo", "Share of posts that promote, by month", &labels, &promo, 100.0, "%", planned_from),
                "days_svg": trend("days", "Median days from feedback to its first reply, by month", &labels, &days, most_days, "", planned_from),
            }),
        )
    }

    /// This month's figures (or the plan's nearest month, named as such), for the overview.
    pub fn report_now(&self) -> Value {
        let (y, m) = self.data.current_month();
        let month = format!("{y:04}-{m:02}");
        self.data
            .figures
            .iter()
            .find(|f| f.month == month)
            .map_or(Value::Null, |f| {
                json!({
                    "figures": f,
                    "this_month": (y, m) == (self.data.today.year(), self.data.today.month()),
                    "too_few": too_few(f.posts),
                    "serving": share(f.serving_need, f.posts),
                    "promo": share(f.promotional, f.posts),
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [9, 1, 4]), Some(4.0));
        assert_eq!(median(&mut [10, 1, 4, 3]), Some(3.5));
    }

    #[test]
    fn a_trend_breaks_its_line_at_a_month_without_a_value() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let svg = trend(
            "t",
            "T",
            &labels,
            &[Some(50.0), None, Some(100.0)],
            100.0,
            "%",
            None,
        );
        assert_eq!(svg.matches('M').count(), 2, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(!svg.contains("planned"), "{svg}");
    }

    #[test]
    fn a_share_shows_its_counts_and_none_in_a_month_too_few_to_judge() {
        assert_eq!(share(27, 28), "96% (27 of 28)");
        assert_eq!(share(1, 1), "1 of 1");
        assert_eq!(share(0, 0), "—");
        assert_eq!(judged_percent(1, 1), None);
        assert_eq!(judged_percent(5, 5), Some(100.0));
    }

    #[test]
    fn the_months_ahead_read_as_a_sentence() {
        assert_eq!(ahead_sentence(&[]), "Nothing is planned after this month.");
        assert_eq!(
            ahead_sentence(&[((2027, 1), 20), ((2027, 2), 4), ((2027, 3), 1)]),
            "After this month the plan holds 20 posts in January 2027, 4 in February 2027 and 1 in March 2027."
        );
        assert_eq!(
            ahead_sentence(&[((2027, 1), 1)]),
            "After this month the plan holds 1 post in January 2027."
        );
    }
}
