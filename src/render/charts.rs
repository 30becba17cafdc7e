//! Charts drawn at build time as inline SVG: no chart library, no script.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::data::SiteData;
use super::pages::weeks_between;
use super::templates::escape_html;
use crate::model::monday_of;

/// The chart aims at this width; bars get narrower as weeks get more.
const TARGET_WIDTH: usize = 880;
const GAP: usize = 4;
const HEIGHT: usize = 120;
const LEFT: usize = 28;
const BOTTOM: usize = 22;

/// Dated posts per week, stacked by channel, with the numbers as a table too.
pub fn cadence(data: &SiteData) -> Value {
    let plan = &*data.plan;
    let Some((first, last)) = plan.span() else {
        return Value::Null;
    };
    let first_monday = monday_of(first);
    let weeks = weeks_between(first_monday, monday_of(last)) + 1;
    let channels: Vec<&str> = plan.index.by_channel.keys().map(String::as_str).collect();
    let mut counts = vec![vec![0usize; channels.len()]; weeks];
    for (c, key) in channels.iter().enumerate() {
        for occurrence in &plan.index.by_channel[*key] {
            counts[weeks_between(first_monday, monday_of(occurrence.when.date))][c] += 1;
        }
    }
    let max = counts
        .iter()
        .map(|w| w.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let bar = (TARGET_WIDTH / weeks).saturating_sub(GAP).clamp(6, 48);
    let width = LEFT + weeks * (bar + GAP) + GAP;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width} {}" width="{width}" height="{}" role="img" aria-labelledby="cadence-title"><title id="cadence-title">Dated posts per week, stacked by channel</title>"#,
        HEIGHT + BOTTOM + 6,
        HEIGHT + BOTTOM + 6
    );
    let y = |n: usize| 4 + HEIGHT - n * HEIGHT / max;
    for tick in [0, max / 2, max] {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{width}" y1="{0}" y2="{0}"/><text class="axis" x="{1}" y="{2}" text-anchor="end">{tick}</text>"#,
            y(tick),
            LEFT - 6,
            y(tick) + 4
        );
    }
    let mut rows = Vec::with_capacity(weeks);
    for (w, week) in counts.iter().enumerate() {
        let monday = first_monday
            .checked_add(jiff::Span::new().days(w as i64 * 7))
            .unwrap_or(first_monday);
        let x = LEFT + GAP + w * (bar + GAP);
        let mut stacked = 0;
        for (c, &n) in week.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let channel = &data.channels[channels[c]];
            let (top, bottom) = (y(stacked + n), y(stacked));
            let _ = write!(
                svg,
                r#"<rect x="{x}" y="{top}" width="{bar}" height="{}" fill="{}"><title>Week of {monday}: {n} on {}</title></rect>"#,
                bottom - top,
                escape_html(&channel.color),
                escape_html(&channel.name)
            );
            stacked += n;
        }
        if w % (1 + 60 / bar.max(1)).max(1) == 0 {
            let _ = write!(
                svg,
                r#"<text class="axis" x="{x}" y="{}">{}</text>"#,
                HEIGHT + BOTTOM,
                monday.strftime("%-d %b")
            );
        }
        rows.push(json!({
            "monday": monday.to_string(),
            "label": monday.strftime("%-d %b %Y").to_string(),
            "counts": week,
            "total": week.iter().sum::<usize>(),
        }));
    }
    svg.push_str("</svg>");
    let legend: Vec<&super::data::ChannelView> =
        channels.iter().map(|c| &data.channels[*c]).collect();
    json!({"svg": svg, "channels": legend, "weeks": rows})
}
