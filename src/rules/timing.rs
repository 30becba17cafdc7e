//! Is the calendar being kept: nothing left behind, each channel at its pace,
//! good old posts looked after?

use jiff::civil::Date;

use super::{judged_span, post_flag};
use crate::diagnostic::{ChannelWeek, Flag, Kind, Rule};
use crate::model::{CONFIG_FILE, Plan, PostStatus, days_between, monday_of};

/// "1 day", "12 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// `overdue`: a post dated before today that is not published, or one due
/// before today that is still an idea or a draft.
pub fn overdue(plan: &Plan, today: Date, flags: &mut Vec<Flag>) {
    overdue_date(plan, today, flags);
    for post in &plan.posts {
        let Some(due) = post.due else { continue };
        if due >= today || !matches!(post.status, PostStatus::Idea | PostStatus::Draft) {
            continue;
        }
        // A post whose own date has passed is flagged on `date:` already,
        // and that flag says what to do about both.
        if post.date.is_some_and(|w| w.date < today) {
            continue;
        }
        let message = format!(
            "due {due} ({} ago) but still `{}`: get it ready and set `status: review`, or agree a new `due` date",
            days(days_between(due, today)),
            post.status.as_str()
        );
        flags.push(post_flag(Rule::Overdue, post, "due", message));
    }
}

/// A series is judged by its first date, like any post: its one status is the
/// series', and it is `published` once the first has gone out.
fn overdue_date(plan: &Plan, today: Date, flags: &mut Vec<Flag>) {
    for &id in &plan.index.dated_posts {
        let post = plan.post(id);
        let Some(when) = post.date else { continue };
        if when.date >= today {
            // Dated posts are in order: nothing after this one is overdue.
            break;
        }
        if post.status == PostStatus::Published {
            continue;
        }
        let status = post.status.as_str();
        let message = format!(
            "dated {} ({} ago) but still `{status}`: if it went out, set `status: published`; if not, give it a new date",
            when.date,
            days(days_between(when.date, today))
        );
        flags.push(post_flag(Rule::Overdue, post, "date", message));
    }
}

/// `off-cadence`: a channel with `per_week: [min, max]` whose dated posts in
/// an ISO week (Monday to Sunday) of the plan's span, up to the horizon, are
/// outside that range; a first or last week only partly in the span is only
/// checked for too many, counting its posts inside the span.
/// Quiet days lower the least a week needs in proportion to its other days,
/// to the nearest whole post (half up): a wholly quiet week needs nothing,
/// but one quiet day does not excuse a week that wants one post.
pub fn off_cadence(plan: &Plan, today: Date, flags: &mut Vec<Flag>) {
    let (Some(channels), Some((first, last, _))) =
        (&plan.config.channels, judged_span(plan, today))
    else {
        return;
    };
    let first_monday = monday_of(first);
    let weeks = (days_between(first_monday, monday_of(last)) / 7 + 1) as usize;
    let quiet: Vec<(i64, Option<&str>)> = (0..weeks)
        .map(|week| {
            let monday = first_monday
                .checked_add(jiff::Span::new().days(week as i64 * 7))
                .unwrap_or(first_monday);
            let sunday = monday
                .checked_add(jiff::Span::new().days(6))
                .unwrap_or(monday);
            let name = plan
                .config
                .quiet
                .iter()
                .find(|q| q.from <= sunday && monday <= q.to)
                .map(|q| q.name.as_str());
            (plan.config.quiet_days(monday, sunday), name)
        })
        .collect();
    for channel in channels.values() {
        let Some((min, max)) = channel.per_week else {
            continue;
        };
        let mut counts = vec![0u32; weeks];
        for occurrence in plan
            .index
            .by_channel
            .get(&channel.key)
            .into_iter()
            .flatten()
            .filter(|occurrence| occurrence.when.date <= last)
        {
            counts[(days_between(first_monday, occurrence.when.date) / 7) as usize] += 1;
        }
        // The plan's first and last weeks may be only partly inside its
        // span: too few posts there is the span's edge, not a gap.
        let partial_first = first.weekday() != jiff::civil::Weekday::Monday;
        let partial_last = last.weekday() != jiff::civil::Weekday::Sunday;
        for (week, &count) in counts.iter().enumerate() {
            let partial = (week == 0 && partial_first) || (week + 1 == weeks && partial_last);
            let (quiet_days, quiet_name) = quiet[week];
            let least = ((i64::from(min) * (7 - quiet_days) * 2 + 7) / 14) as u32;
            if count <= max && (count >= least || partial) {
                continue;
            }
            let monday = first_monday
                .checked_add(jiff::Span::new().days(week as i64 * 7))
                .unwrap_or(first_monday);
            let iso = monday.iso_week_date();
            let what = if count < least {
                format!("plan {} more that week", least - count)
            } else {
                format!("move {} to a quieter week", count - max)
            };
            let quiet_note = match quiet_name {
                Some(name) if quiet_days > 0 && count < least => {
                    let s = if quiet_days == 1 { "" } else { "s" };
                    format!(" (at least {least} with {quiet_days} quiet day{s} of `{name}`)")
                }
                _ => String::new(),
            };
            let message = format!(
                "`{}` has {count} post{} in the week of {monday} ({}-W{:02}), but `per_week` asks for {min} to {max}{quiet_note}: {what}",
                channel.key,
                if count == 1 { "" } else { "s" },
                iso.year(),
                iso.week()
            );
            let mut flag = Flag::new(
                Rule::OffCadence,
                Kind::Config,
                CONFIG_FILE,
                Some(channel.pos),
                message,
            );
            flag.week = Some(Box::new(ChannelWeek {
                channel: channel.key.clone(),
                monday,
                too_few: count < least,
            }));
            flags.push(flag);
        }
    }
}

/// `stale-evergreen`: a published post with `review_every: N` whose last
/// review (`reviewed`, else its date) is more than N days before today.
pub fn stale_evergreen(plan: &Plan, today: Date, flags: &mut Vec<Flag>) {
    for post in &plan.posts {
        let Some(every) = post.review_every else {
            continue;
        };
        if post.status != PostStatus::Published {
            continue;
        }
        let (last, key, what) = match (post.reviewed, post.date) {
            (Some(day), _) => (day, "reviewed", "last reviewed"),
            (None, Some(when)) => (when.date, "review_every", "published"),
            (None, None) => continue,
        };
        let ago = days_between(last, today);
        if ago <= i64::from(every) {
            continue;
        }
        let message = format!(
            "{what} on {last} ({} ago), but `review_every: {every}` asks for a look every {}: check it is still right, refresh it, and set `reviewed: {today}`; share it again rather than writing it anew",
            days(ago),
            days(i64::from(every))
        );
        flags.push(post_flag(Rule::StaleEvergreen, post, key, message));
    }
}
