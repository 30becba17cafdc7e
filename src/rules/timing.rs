//! Is the calendar being kept: nothing left behind, each channel at its pace?

use jiff::civil::Date;

use super::post_flag;
use crate::diagnostic::{Flag, Kind, Rule};
use crate::model::{CONFIG_FILE, Plan, PostStatus, days_between, monday_of};

/// `overdue`: a post dated before today that is not published.
pub fn overdue(plan: &Plan, today: Date, flags: &mut Vec<Flag>) {
    for &id in &plan.index.dated {
        let post = plan.post(id);
        let Some(when) = post.date else { continue };
        if when.date >= today {
            // Dated posts are in order: nothing after this one is overdue.
            break;
        }
        if post.status == PostStatus::Published {
            continue;
        }
        let ago = days_between(when.date, today);
        let status = post.status.as_str();
        let message = format!(
            "dated {} ({} ago) but still `{status}`: if it went out, set `status: published`; if not, give it a new date",
            when.date,
            if ago == 1 {
                "1 day".to_string()
            } else {
                format!("{ago} days")
            }
        );
        flags.push(post_flag(Rule::Overdue, post, "date", message));
    }
}

/// `off-cadence`: a channel with `per_week: [min, max]` whose dated posts in
/// an ISO week (Monday to Sunday) of the plan's span are outside that range;
/// a first or last week only partly in the span is only checked for too many.
pub fn off_cadence(plan: &Plan, flags: &mut Vec<Flag>) {
    let (Some(channels), Some((first, last))) = (&plan.config.channels, plan.span()) else {
        return;
    };
    let first_monday = monday_of(first);
    let weeks = (days_between(first_monday, monday_of(last)) / 7 + 1) as usize;
    for channel in channels.values() {
        let Some((min, max)) = channel.per_week else {
            continue;
        };
        let mut counts = vec![0u32; weeks];
        for id in plan
            .index
            .by_channel
            .get(&channel.key)
            .into_iter()
            .flatten()
        {
            if let Some(when) = plan.post(*id).date {
                counts[(days_between(first_monday, when.date) / 7) as usize] += 1;
            }
        }
        // The plan's first and last weeks may be only partly inside its
        // span: too few posts there is the span's edge, not a gap.
        let partial_first = first.weekday() != jiff::civil::Weekday::Monday;
        let partial_last = last.weekday() != jiff::civil::Weekday::Sunday;
        for (week, &count) in counts.iter().enumerate() {
            let partial = (week == 0 && partial_first) || (week + 1 == weeks && partial_last);
            if count <= max && (count >= min || partial) {
                continue;
            }
            let monday = first_monday
                .checked_add(jiff::Span::new().days(week as i64 * 7))
                .unwrap_or(first_monday);
            let iso = monday.iso_week_date();
            let what = if count < min {
                format!("plan {} more that week", min - count)
            } else {
                format!("move {} to a quieter week", count - max)
            };
            let message = format!(
                "`{}` has {count} post{} in the week of {monday} ({}-W{:02}), but `per_week` asks for {min} to {max}: {what}",
                channel.key,
                if count == 1 { "" } else { "s" },
                iso.year(),
                iso.week()
            );
            flags.push(Flag::new(
                Rule::OffCadence,
                Kind::Config,
                CONFIG_FILE,
                Some(channel.pos),
                message,
            ));
        }
    }
}
