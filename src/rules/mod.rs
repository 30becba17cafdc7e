//! The rules: each reads the resolved plan and returns flags. None of them
//! reads files or knows about rendering; each is a plain function so it can
//! be tested on a small plan.

mod coverage;
mod listening;
mod mix;
mod need;
mod ready;
mod timing;

use jiff::civil::Date;

use crate::diagnostic::{Flag, Kind, Rule};
use crate::model::{Plan, Post, RuleSettings};

pub use mix::Memo;

/// Runs every rule over the plan. `today` decides what is overdue or stale.
pub fn check(plan: &Plan, today: Date) -> Vec<Flag> {
    check_with(plan, today, &mut Memo::default())
}

/// `check`, reusing what `memo` kept from the previous run on the same plan.
pub fn check_with(plan: &Plan, today: Date, memo: &mut Memo) -> Vec<Flag> {
    let mut flags = Vec::new();
    need::no_persona_need(plan, &mut flags);
    need::wrong_channel(plan, &mut flags);
    mix::promo_heavy(plan, &mut flags);
    mix::repeated_content(plan, memo, &mut flags);
    coverage::unserved_pain_point(plan, &mut flags);
    coverage::silent_persona(plan, today, &mut flags);
    listening::loop_not_closed(plan, &mut flags);
    listening::feedback_status(plan, &mut flags);
    listening::feedback_waiting(plan, today, &mut flags);
    listening::reply_before_feedback(plan, &mut flags);
    timing::overdue(plan, today, &mut flags);
    ready::not_ready(plan, today, &mut flags);
    ready::unfinished_copy(plan, &mut flags);
    timing::off_cadence(plan, today, &mut flags);
    timing::stale_evergreen(plan, today, &mut flags);
    flags
}

/// Applies `rules:` severities to flags from any stage: drops the rules set
/// to `off` and raises or lowers the others.
pub fn apply_settings(flags: Vec<Flag>, settings: &RuleSettings) -> Vec<Flag> {
    flags
        .into_iter()
        .filter_map(|mut flag| {
            // Unless `rules:` sets one, a flag keeps the severity it was made
            // with: its rule's default, or a lower one its stage chose.
            if let Some(&set) = settings.severity.get(&flag.rule) {
                flag.severity = set?;
            }
            Some(flag)
        })
        .collect()
}

/// The plan's span as `off-cadence` and `silent-persona` judge it: from its
/// first dated post to its last, but to no later than `horizon_weeks` after
/// today, since a week nobody has planned yet is not a gap. The flag is true
/// when the horizon cut the span short. `None` when nothing is left to judge.
fn judged_span(plan: &Plan, today: Date) -> Option<(Date, Date, bool)> {
    let (first, last) = plan.span()?;
    let weeks = i64::from(plan.config.rules.horizon_weeks);
    let horizon = today
        .checked_add(jiff::Span::new().days(weeks * 7))
        .unwrap_or(Date::MAX);
    let end = last.min(horizon);
    (first <= end).then_some((first, end, horizon < last))
}

fn post_flag(rule: Rule, post: &Post, key: &str, message: String) -> Flag {
    Flag::new(
        rule,
        Kind::Post,
        &post.source.file,
        Some(post.source.pos(key)),
        message,
    )
    .slug(&post.slug)
}

/// Names in backticks joined for a message: "`a`, `b` or `c`".
fn list_or(names: &[&str]) -> String {
    join(names, "or")
}

/// Names in backticks joined for a message: "`a`, `b` and `c`".
fn list_and(names: &[&str]) -> String {
    join(names, "and")
}

fn join(names: &[&str], word: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}
