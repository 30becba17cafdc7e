//! Is every need served, and is every persona heard from us regularly?

use jiff::civil::Date;

use super::{judged_span, list_and};
use crate::diagnostic::{Flag, Kind, Rule};
use crate::model::{Plan, days_between};

/// `unserved-pain-point`: a pain point no dated post helps with. Ideas do not
/// count: a need is served when something is on the calendar for it.
pub fn unserved_pain_point(plan: &Plan, flags: &mut Vec<Flag>) {
    for (i, pain) in plan.pain_points.iter().enumerate() {
        let posts = &plan.index.by_pain_point[i];
        if posts.iter().any(|id| plan.post(*id).date.is_some()) {
            continue;
        }
        let who: Vec<&str> = pain
            .personas
            .iter()
            .map(|p| plan.persona(*p).slug.as_str())
            .collect();
        let ideas = posts.len();
        let message = format!(
            "no dated post helps with this need{}{}: plan one with `pain_points: [{}]`{}",
            if who.is_empty() {
                String::new()
            } else {
                format!(" of {}", list_and(&who))
            },
            if ideas > 0 {
                format!(
                    " ({ideas} undated idea{} only)",
                    if ideas == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            },
            pain.slug,
            if ideas > 0 {
                ", or give one of the ideas a date"
            } else {
                ""
            }
        );
        flags.push(
            Flag::new(
                Rule::UnservedPainPoint,
                Kind::PainPoint,
                &pain.source.file,
                Some(pain.source.pos("title")),
                message,
            )
            .slug(&pain.slug),
        );
    }
}

/// `silent-persona`: a persona with no dated post for more than
/// `persona_silence_days` inside the plan's span (first to last dated post,
/// up to the horizon). The gaps before its first post and after its last
/// count too; the flag names the longest gap. Quiet days between two posts
/// are not silence: the whole team is away, and the persona is not being
/// neglected.
pub fn silent_persona(plan: &Plan, today: Date, flags: &mut Vec<Flag>) {
    let Some((first, last, cut)) = judged_span(plan, today) else {
        return;
    };
    let limit = i64::from(plan.config.rules.persona_silence_days);
    let horizon = format!(
        ", as far ahead as the plan is judged (`horizon_weeks: {}`)",
        plan.config.rules.horizon_weeks
    );
    for (i, persona) in plan.personas.iter().enumerate() {
        let mut days = vec![first];
        days.extend(
            plan.index.by_persona[i]
                .iter()
                .map(|occurrence| occurrence.when.date)
                .filter(|&day| day <= last),
        );
        days.push(last);
        let Some((from, to, gap)) = days
            .windows(2)
            .map(|w| {
                (
                    w[0],
                    w[1],
                    days_between(w[0], w[1]) - quiet_between(plan, w[0], w[1]),
                )
            })
            .max_by_key(|&(from, _, gap)| (gap, std::cmp::Reverse(from)))
        else {
            continue;
        };
        if gap <= limit {
            continue;
        }
        let quiet = match quiet_between(plan, from, to) {
            0 => String::new(),
            1 => ", not counting 1 quiet day".to_string(),
            n => format!(", not counting {n} quiet days"),
        };
        let message = if days.len() == 2 {
            let span = if cut {
                format!("from {first} to {last} ({gap} days{quiet}){horizon}")
            } else {
                format!("in the whole plan ({first} to {last}, {gap} days{quiet})")
            };
            format!(
                "no dated post is for `{}` {span}: plan posts on their pain points, at least one every {limit} days",
                persona.slug
            )
        } else {
            let until = if cut && to == last { &horizon } else { "" };
            format!(
                "`{}` hears nothing from us from {from} to {to} ({gap} days{quiet}; at most {limit}){until}: plan a post for them in between",
                persona.slug
            )
        };
        flags.push(
            Flag::new(
                Rule::SilentPersona,
                Kind::Persona,
                &persona.source.file,
                Some(persona.source.pos("name")),
                message,
            )
            .slug(&persona.slug),
        );
    }
}

/// The quiet days strictly between two days.
fn quiet_between(plan: &Plan, from: Date, to: Date) -> i64 {
    match (from.tomorrow(), to.yesterday()) {
        (Ok(first), Ok(last)) if first <= last => plan.config.quiet_days(first, last),
        _ => 0,
    }
}
