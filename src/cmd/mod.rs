//! One module per command; each ties the pipeline's stages together.

pub mod build;
pub mod check;
pub mod explain;
pub mod init;
pub mod new;
mod scaffold;
pub mod serve;

use std::process::ExitCode;

use jiff::civil::Date;

use crate::cli::Global;
use crate::diagnostic::Flag;
use crate::load::{self, Loaded};
use crate::model::{Config, Plan};

/// Exit statuses, as the contract gives them.
pub const OK: u8 = 0;
pub const FAILED: u8 = 1;

/// Today in the plan's time zone, unless `--today` says otherwise.
pub fn today(global: &Global, config: &Config) -> Date {
    global
        .today
        .unwrap_or_else(|| config.timezone.to_datetime(jiff::Timestamp::now()).date())
}

/// Loads the plan and runs the rules: every flag of every stage, sorted, with
/// the plan's severity settings applied.
pub fn load_and_check(global: &Global) -> anyhow::Result<(Loaded, Vec<Flag>)> {
    load_and_check_cached(global, &mut Cache::default())
}

/// What a long-running command (`serve`) keeps between runs of the pipeline.
#[derive(Default)]
pub struct Cache {
    files: load::Cache,
    rules: crate::rules::Memo,
}

impl Cache {
    /// See [`load::Cache::only_edited`].
    pub fn only_edited(&mut self, files: Vec<String>) {
        self.files.only_edited(files);
    }
}

/// `load_and_check`, re-reading only the files that changed since `cache` was filled.
pub fn load_and_check_cached(
    global: &Global,
    cache: &mut Cache,
) -> anyhow::Result<(Loaded, Vec<Flag>)> {
    let mut loaded = load::load_cached(&global.root, &mut cache.files)?;
    let today = today(global, &loaded.plan.config);
    let mut flags = std::mem::take(&mut loaded.flags);
    flags.extend(without_follow_ons(
        crate::rules::check_with(&loaded.plan, today, &mut cache.rules),
        &flags,
        &loaded.plan,
    ));
    let mut flags = crate::rules::apply_settings(flags, &loaded.plan.config.rules);
    crate::diagnostic::sort(&mut flags);
    // Only flagged files' text is needed from here on (to show their lines);
    // on a large plan the rest would double the memory a build holds.
    loaded
        .sources
        .keep_only(flags.iter().map(|f| f.file.as_str()));
    Ok((loaded, flags))
}

/// Drops the rules' flags that only follow from a key already reported as wrong:
/// that is the problem to fix, and judging the plan without it would claim, say,
/// that a post names no pain point when it names a misspelt one, or that a
/// persona whose `channels:` is a comma string hangs out nowhere. So an entry
/// with an error gets no warnings of the rules, and neither do the posts whose
/// audience or needs run through a persona or pain point with an error.
fn without_follow_ons(rule_flags: Vec<Flag>, load_flags: &[Flag], plan: &Plan) -> Vec<Flag> {
    use crate::diagnostic::{Kind, Rule};
    use std::collections::BTreeSet;
    let broken: BTreeSet<&str> = load_flags
        .iter()
        .filter(|f| matches!(f.rule, Rule::UnknownReference | Rule::InvalidFrontMatter))
        .map(|f| f.file.as_str())
        .collect();
    if broken.is_empty() {
        return rule_flags;
    }
    let persona_broken: Vec<bool> = plan
        .personas
        .iter()
        .map(|p| broken.contains(p.source.file.as_str()))
        .collect();
    let pain_point_broken: Vec<bool> = plan
        .pain_points
        .iter()
        .map(|p| broken.contains(p.source.file.as_str()))
        .collect();
    let follows_from_broken: BTreeSet<&str> = plan
        .posts
        .iter()
        .filter(|post| {
            post.audience.iter().any(|p| persona_broken[p.index()])
                || post
                    .pain_points
                    .iter()
                    .any(|p| pain_point_broken[p.index()])
        })
        .map(|post| post.source.file.as_str())
        .collect();
    rule_flags
        .into_iter()
        .filter(|f| {
            let own_entry_broken = f.kind != Kind::Config && broken.contains(f.file.as_str());
            let audience_broken = matches!(f.rule, Rule::NoPersonaNeed | Rule::WrongChannel)
                && follows_from_broken.contains(f.file.as_str());
            !own_entry_broken && !audience_broken
        })
        .collect()
}

pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}
