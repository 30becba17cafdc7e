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
use crate::model::{Intent, Plan, Post, days_between};

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
                // A reply answers from its first date on or after the feedback
                // came in; one that only went out before it (flagged by
                // `reply-before-feedback`) answers nothing.
                let first_reply = plan.index.responses[i]
                    .iter()
                    .filter_map(|id| {
                        let dates = &plan.post(*id).dates;
                        let from = dates.partition_point(|&day| day < item.received);
                        dates.get(from).copied()
                    })
                    .min();
                if let Some(day) = first_reply {
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

const WIDTH: usize = 640;
const HEIGHT: usize = 110;
const LEFT: usize = 36;
const BOTTOM: usize = 20;

/// A line over the months as inline SVG: a point a month with a value, the
/// line broken where a month has none. `max` is the top of the scale.
fn trend(
    id: &str,
    title: &str,
    labels: &[String],
    values: &[Option<f64>],
    max: f64,
    unit: &str,
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
        let figures = &self.data.figures;
        let labels: Vec<String> = figures.iter().map(|m| m.month.clone()).collect();
        let serving: Vec<Option<f64>> = figures
            .iter()
            .map(|m| percent(m.serving_need, m.posts))
            .collect();
        let promo: Vec<Option<f64>> = figures
            .iter()
            .map(|m| percent(m.promotional, m.posts))
            .collect();
        let days: Vec<Option<f64>> = figures.iter().map(|m| m.median_days_to_answer).collect();
        let most_days = days.iter().flatten().fold(7.0_f64, |a, b| a.max(*b)).ceil();
        let rows: Vec<Value> = figures
            .iter()
            .map(|m| {
                json!({
                    "figures": m,
                    "serving_share": percent(m.serving_need, m.posts),
                    "channel_share": percent(m.on_persona_channel, m.posts),
                    "promo_share": percent(m.promotional, m.posts),
                })
            })
            .collect();
        self.render(
            "report.html",
            URL.to_string(),
            "report",
            json!({
                "rows": rows,
                "serving_svg": trend("serving", "Share of posts that serve a need, by month", &labels, &serving, 100.0, "%"),
                "promo_svg": trend("promo", "Share of posts that promote, by month", &labels, &promo, 100.0, "%"),
                "days_svg": trend("days", "Median days from feedback to its first reply, by month", &labels, &days, most_days, ""),
            }),
        )
    }

    /// This month's figures (or the plan's nearest month), for the overview.
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
                    "serving_share": percent(f.serving_need, f.posts),
                    "promo_share": percent(f.promotional, f.posts),
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
        );
        assert_eq!(svg.matches('M').count(), 2, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2);
    }
}
