//! `outcare new`: one new entry, written from the flags given, after every
//! slug it names was found in the plan. It never overwrites, and it says what
//! `check` will still want of the file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::cli::{EntryKind, Global, NEW_FLAGS, NewArgs};
use crate::diagnostic::{self, Severity, colour_wanted};
use crate::load::config::ChannelGuesses;
use crate::load::{
    Zone, did_you_mean, double_quoted, is_slug, parse_when, quoted_if_needed, slug_problem,
    suggest_slug, title_from_slug,
};
use crate::model::{
    FeedbackStatus, Intent, MAX_SERIES_DATES, POST_PLACEHOLDER, Plan, PostStatus, Repeat, Series,
    Stage, When, name_slug,
};
use crate::plan_files;
use jiff::civil::Date;

pub fn run(global: &Global, args: &NewArgs) -> anyhow::Result<u8> {
    let kind = args.kind;
    if let Some(problem) = slug_problem(&args.slug) {
        bail!(
            "{problem} (the slug is the new file's name); try `outcare new {} {}`",
            kind_word(kind),
            suggest_slug(&args.slug)
        );
    }
    refuse_flags_of_other_kinds(args)?;
    let root = &global.root;
    let loaded = crate::load::load(root)?;
    let plan = &loaded.plan;
    if let Some(existing) = existing_file(root, kind, &args.slug) {
        bail!(
            "{} `{}` already exists in {}, and new never overwrites: edit that file, or pick another slug",
            kind_noun(kind),
            args.slug,
            existing
        );
    }
    let entry = compose(args, plan, global)?;
    let path = root.join(&entry.path);
    refuse_folders_out_of_the_plan(root, &path)?;
    super::init::write_new(&path, &entry.text)?;
    let mut out = format!("wrote {}\n", entry.path);
    for missing in &entry.missing {
        out.push_str(&format!("  still missing: {missing}\n"));
    }
    // The rules judge the entry in the plan it joined (a post on a channel its
    // personas do not follow, say): show what `check` will say about this file.
    let (loaded, flags) = super::load_and_check(global)?;
    let own: Vec<_> = flags.into_iter().filter(|f| f.file == entry.path).collect();
    if !own.is_empty() {
        let errors = own.iter().any(|f| f.severity == Severity::Error);
        out.push_str(&format!(
            "`outcare check` will report {} about it until you {}:\n",
            if errors { "this" } else { "these warnings" },
            what_clears_it(kind, &args.slug, errors)
        ));
        let colour = colour_wanted(diagnostic::stdout_is_terminal());
        out.push_str(&diagnostic::to_text(&own, &loaded.sources, colour));
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(super::OK)
}

/// What answers the flags of a new entry: a new persona or pain point is
/// flagged for having no post yet, which no edit of its own file changes.
fn what_clears_it(kind: EntryKind, slug: &str, errors: bool) -> String {
    match kind {
        _ if errors => "edit it".to_string(),
        EntryKind::PainPoint => format!("plan a post with `pain_points: [{slug}]`"),
        EntryKind::Persona => format!("plan posts with `personas: [{slug}]`"),
        EntryKind::Post | EntryKind::Feedback => "edit it".to_string(),
    }
}

/// What to write, where, and what the file still lacks.
struct Entry {
    /// Relative to the plan root, `/`-separated.
    path: String,
    text: String,
    missing: Vec<String>,
}

fn compose(args: &NewArgs, plan: &Plan, global: &Global) -> anyhow::Result<Entry> {
    let mut problems = Vec::new();
    let slug = &args.slug;
    let title = args.title.clone().unwrap_or_else(|| title_from_slug(slug));
    let personas: Vec<&str> = plan.personas.iter().map(|p| p.slug.as_str()).collect();
    let pain_points: Vec<&str> = plan.pain_points.iter().map(|p| p.slug.as_str()).collect();
    let feedback: Vec<&str> = plan.feedback.iter().map(|f| f.slug.as_str()).collect();
    check_refs(&args.persona, &personas, "persona", &mut problems);
    check_refs(&args.pain_point, &pain_points, "pain point", &mut problems);
    check_refs(&args.responds_to, &feedback, "feedback item", &mut problems);
    if let Some(channels) = &plan.config.channels {
        let keys: Vec<&str> = channels.keys().map(String::as_str).collect();
        let guesses = ChannelGuesses::new(&plan.config);
        for channel in &args.channel {
            if plan.config.declared_channel(channel).is_none() {
                problems.push(format!(
                    "unknown channel `{channel}`{}: outcare.yaml's channels are {}; use one of them, or add `{channel}` under `channels:` in outcare.yaml first",
                    guesses
                        .meant(channel)
                        .map(|key| format!(" (did you mean `{key}`?)"))
                        .unwrap_or_default(),
                    keys.join(", ")
                ));
            }
        }
    }
    let mut lines = Vec::new();
    let mut missing = Vec::new();
    let today = super::today(global, &plan.config);
    let path = match args.kind {
        EntryKind::Persona => {
            lines.push(format!("name: {}", quoted_if_needed(&title)));
            if args.channel.is_empty() {
                missing.push(format!(
                    "the channels this persona follows: add `channels: [{}]` to the file",
                    example_channel(plan)
                ));
            } else {
                lines.push(format!("channels: {}", flow(&args.channel)));
            }
            format!("content/personas/{slug}.md")
        }
        EntryKind::PainPoint => {
            lines.push(format!("title: {}", quoted_if_needed(&title)));
            if args.persona.is_empty() {
                missing.push(format!(
                    "whose need this is: add `personas: [{}]` to the file",
                    personas.first().copied().unwrap_or("a-persona")
                ));
            } else {
                lines.push(format!("personas: {}", flow(&args.persona)));
            }
            format!("content/pain-points/{slug}.md")
        }
        EntryKind::Post => {
            let status = match &args.status {
                Some(word) => word_of(word, PostStatus::ALL, "post status", &mut problems),
                None if args.date.is_none() => Some(PostStatus::Idea),
                None => Some(PostStatus::Draft),
            };
            let intent = match &args.intent {
                Some(word) => word_of(word, Intent::ALL, "intent", &mut problems),
                None => Some(Intent::Educate),
            };
            let when = args.date.as_deref().and_then(|text| {
                parse_when(text, Some(&Zone::of(&plan.config)))
                    .map_err(|e| problems.push(format!("`--date {text}` {e}")))
                    .ok()
            });
            if args.date.is_none() && status.is_some_and(|s| s != PostStatus::Idea) {
                problems.push(format!(
                    "a post with `status: {}` needs a date: give --date YYYY-MM-DD, or leave out --status to write an idea",
                    status.map_or("", PostStatus::as_str)
                ));
            }
            if args.channel.len() > 1 {
                problems.push(format!(
                    "a post goes out on one channel, but --channel was given {} times: write one post per channel",
                    args.channel.len()
                ));
            }
            let series = series_of(args, when, &mut problems);
            let due = due_of(args, when, &mut problems);
            let stage = args
                .stage
                .as_deref()
                .and_then(|word| flag_choice("--stage", word, Stage::ALL, &mut problems));
            lines.push(format!("title: {}", quoted_if_needed(&title)));
            if let (Some(text), Some(_)) = (&args.date, &when) {
                lines.push(format!("date: {text}"));
            }
            if let Some(series) = series {
                lines.push(format!("repeat: {}", series.every.as_str()));
                lines.push(format!("until: {}", series.until));
            }
            if let Some(due) = due {
                lines.push(format!("due: {due}"));
            }
            match args.channel.first() {
                Some(channel) => lines.push(format!("channel: {}", quoted_if_needed(channel))),
                None => missing.push(format!(
                    "the channel it goes out on: add `channel: {}` to the file",
                    example_channel(plan)
                )),
            }
            if !args.persona.is_empty() {
                lines.push(format!("personas: {}", flow(&args.persona)));
            }
            if args.pain_point.is_empty() {
                missing.push(need_missing(plan, &args.persona));
            } else {
                lines.push(format!("pain_points: {}", flow(&args.pain_point)));
            }
            if !args.responds_to.is_empty() {
                lines.push(format!("responds_to: {}", flow(&args.responds_to)));
            }
            if let Some(status) = status {
                lines.push(format!("status: {}", status.as_str()));
            }
            if let Some(intent) = intent {
                lines.push(format!("intent: {}", intent.as_str()));
            }
            if let Some(stage) = stage {
                lines.push(format!("stage: {}", stage.as_str()));
            }
            push_text(&mut lines, "owner", &args.owner);
            push_text(&mut lines, "campaign", &args.campaign);
            if let Some(tags) = tags(&args.tags, &mut problems) {
                lines.push(format!("tags: {}", flow(&tags)));
            }
            match when {
                Some(when) => format!(
                    "content/posts/{:04}/{:02}/{slug}.md",
                    when.date.year(),
                    when.date.month()
                ),
                None => {
                    if args.date.is_none() {
                        missing.push(
                            "a date, once it is planned: add `date: YYYY-MM-DD` and a status such as `status: draft`".to_string(),
                        );
                    }
                    format!("content/posts/ideas/{slug}.md")
                }
            }
        }
        EntryKind::Feedback => {
            let status = match &args.status {
                Some(word) => word_of(word, FeedbackStatus::ALL, "feedback status", &mut problems),
                None => Some(FeedbackStatus::New),
            };
            let received = match &args.received {
                Some(text) => parse_when(text, None)
                    .map(|w| w.date)
                    .map_err(|e| problems.push(format!("`--received {text}` {e}")))
                    .ok(),
                None => Some(today),
            };
            lines.push(format!("title: {}", quoted_if_needed(&title)));
            if let Some(day) = received {
                lines.push(format!("received: {day}"));
            }
            if !args.persona.is_empty() {
                lines.push(format!("personas: {}", flow(&args.persona)));
            }
            if !args.pain_point.is_empty() {
                lines.push(format!("pain_points: {}", flow(&args.pain_point)));
            }
            if let Some(status) = status {
                lines.push(format!("status: {}", status.as_str()));
            }
            format!("content/feedback/{slug}.md")
        }
    };
    if !problems.is_empty() {
        bail!("nothing was written:\n  {}", problems.join("\n  "));
    }
    // `--body` is the first paragraph, in place of the placeholder.
    let first = match args.body.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => text.to_string(),
        _ => body(args.kind),
    };
    let text = format!("---\n{}\n---\n{first}\n", lines.join("\n"));
    Ok(Entry {
        path,
        text,
        missing,
    })
}

/// `--repeat` with `--until`, checked as `repeat:` and `until:` are; `None`
/// when not given or wrong (then a problem says which flag and what to write).
fn series_of(args: &NewArgs, when: Option<When>, problems: &mut Vec<String>) -> Option<Series> {
    const EVERY: &str = "--repeat weekly, fortnightly or monthly";
    let every = args
        .repeat
        .as_deref()
        .map(|word| flag_choice("--repeat", word, Repeat::ALL, problems));
    let until = args.until.as_deref().map(|text| {
        parse_when(text, None)
            .map(|w| w.date)
            .map_err(|e| problems.push(format!("`--until {text}` {e}")))
            .ok()
    });
    let (every, until) = match (every, until) {
        (Some(Some(every)), Some(Some(until))) => (every, until),
        (Some(Some(every)), None) => {
            let example = when.map_or("2026-06-30".to_string(), |w| {
                w.date
                    .saturating_add(jiff::Span::new().months(3))
                    .to_string()
            });
            problems.push(format!(
                "`--repeat {}` needs --until, the last day the series may go out, like `--until {example}`",
                every.as_str()
            ));
            return None;
        }
        (None, Some(Some(until))) => {
            problems.push(format!(
                "`--until {until}` ends a series: give {EVERY} too, or leave --until out"
            ));
            return None;
        }
        _ => return None,
    };
    let series = Series { every, until };
    let Some(first) = when else {
        if args.date.is_none() {
            problems.push(format!(
                "`--repeat {}` needs --date, the first day of the series: an idea without a date does not repeat",
                every.as_str()
            ));
        }
        return None;
    };
    let date = args.date.as_deref().unwrap_or_default();
    if until < first.date {
        problems.push(format!(
            "`--until {until}` is before --date {date}: a series ends on or after it starts"
        ));
        return None;
    }
    if series.too_long(first.date) {
        problems.push(format!(
            "`--until {until}` gives a `{}` series more than {MAX_SERIES_DATES} dates: end it sooner, or write another post for later",
            every.as_str()
        ));
        return None;
    }
    Some(series)
}

/// `--due`, checked as `due:` is: a day on or before the post's date.
fn due_of(args: &NewArgs, when: Option<When>, problems: &mut Vec<String>) -> Option<Date> {
    let text = args.due.as_deref()?;
    let due = parse_when(text, None)
        .map(|w| w.date)
        .map_err(|e| problems.push(format!("`--due {text}` {e}")))
        .ok()?;
    if let (Some(out), Some(date)) = (when, &args.date)
        && due > out.date
    {
        problems.push(format!(
            "`--due {due}` is after --date {date}: a post is due on or before its date"
        ));
        return None;
    }
    Some(due)
}

/// One of a flag's words, or a problem that names the flag and its words.
fn flag_choice<T: Copy>(
    flag: &str,
    word: &str,
    all: &[(T, &'static str)],
    problems: &mut Vec<String>,
) -> Option<T> {
    if let Some((value, _)) = all.iter().find(|(_, w)| *w == word) {
        return Some(*value);
    }
    let words: Vec<&str> = all.iter().map(|(_, w)| *w).collect();
    let choices = match words.as_slice() {
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    };
    problems.push(format!(
        "`{flag} {word}` is not one of its words{}: write {flag} {choices}",
        hint(word, &words)
    ));
    None
}

/// What a post without `--pain-point` still lacks, naming the need to add:
/// its personas' least served, as `no-persona-need` suggests it.
fn need_missing(plan: &Plan, personas: &[String]) -> String {
    let ids: Vec<_> = personas
        .iter()
        .filter_map(|slug| plan.index.persona_slugs.get(slug).copied())
        .collect();
    match plan.needs_to_suggest(&ids).first() {
        Some(need) => format!(
            "the need it serves: without `pain_points: [{}]` check flags it no-persona-need (a post that serves no customer need); add that line, or write it again with --pain-point",
            plan.pain_point(*need).slug
        ),
        None if personas.is_empty() => "the need it serves: the plan has no pain point yet, and check flags a post without one no-persona-need; add one with `outcare new pain-point SLUG --persona PERSONA`, then `pain_points: [SLUG]` to this post".to_string(),
        None => format!(
            "the need it serves: {} has no pain point yet, and check flags a post without one no-persona-need; add one with `outcare new pain-point SLUG --persona {}`, then `pain_points: [SLUG]` to this post",
            personas.join(", "),
            personas[0]
        ),
    }
}

/// Only flags that go into this kind's file are accepted: a `--date` on a
/// persona would be dropped, and a dropped flag looks like a bug.
fn refuse_flags_of_other_kinds(args: &NewArgs) -> anyhow::Result<()> {
    let refused: Vec<&str> = NEW_FLAGS
        .iter()
        .filter(|(flag, kinds)| args.given(flag) && !kinds.contains(&args.kind))
        .map(|(flag, _)| *flag)
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    bail!(
        "{} {} not go into {}, so nothing was written: leave {} out (see `outcare new --help`)",
        refused.join(", "),
        if refused.len() == 1 { "does" } else { "do" },
        kind_noun(args.kind),
        if refused.len() == 1 { "it" } else { "them" }
    )
}

/// `--tags`, trimmed, each once as the loader counts them (`Events` and
/// `events` are one tag); `None` when there are none.
fn tags(given: &[String], problems: &mut Vec<String>) -> Option<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    let mut tags = Vec::new();
    for tag in given.iter().map(|t| t.trim()) {
        if tag.is_empty() {
            problems.push(
                "`--tags` has an empty tag: give each one a word, like `--tags events,kids`"
                    .to_string(),
            );
            return None;
        }
        if seen.insert(name_slug(tag)) {
            tags.push(tag.to_string());
        }
    }
    (!tags.is_empty()).then_some(tags)
}

fn check_refs(given: &[String], known: &[&str], noun: &str, problems: &mut Vec<String>) {
    let kind_cmd = noun.replace(' ', "-").replace("-item", "");
    for slug in given {
        if known.contains(&slug.as_str()) {
            continue;
        }
        let listed = if known.is_empty() {
            format!("the plan has no {noun} yet")
        } else {
            format!("the plan's {noun}s are {}", shortlist(known))
        };
        problems.push(format!(
            "unknown {noun} `{slug}`{}: {listed}; use one of them, or add it first with `outcare new {kind_cmd} {slug}`",
            hint(slug, known)
        ));
    }
}

fn hint(word: &str, known: &[&str]) -> String {
    did_you_mean(word, known)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

fn shortlist(known: &[&str]) -> String {
    const SHOWN: usize = 8;
    let more = known.len().saturating_sub(SHOWN);
    let list = known[..known.len().min(SHOWN)].join(", ");
    if more > 0 {
        format!("{list} and {more} more")
    } else {
        list
    }
}

fn word_of<T: Copy>(
    word: &str,
    all: &[(T, &'static str)],
    noun: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    if let Some((value, _)) = all.iter().find(|(_, w)| *w == word) {
        return Some(*value);
    }
    let words: Vec<&str> = all.iter().map(|(_, w)| *w).collect();
    problems.push(format!(
        "unknown {noun} `{word}`{}: use one of {}",
        hint(word, &words),
        words.join(", ")
    ));
    None
}

/// A list in flow style; slugs go bare unless YAML would read them as
/// something else (`null`, `true`), anything else (a tag, a channel key of a
/// plan without declared channels) in quotes, since `,` or `]` would end it.
fn flow(items: &[String]) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|item| {
            if is_slug(item) {
                quoted_if_needed(item)
            } else {
                double_quoted(item)
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn push_text(lines: &mut Vec<String>, key: &str, value: &Option<String>) {
    if let Some(value) = value {
        lines.push(format!("{key}: {}", quoted_if_needed(value)));
    }
}

fn example_channel(plan: &Plan) -> String {
    plan.config
        .channels
        .as_ref()
        .and_then(|c| c.keys().next().cloned())
        .or_else(|| plan.posts.first().map(|p| p.channel.clone()))
        .unwrap_or_else(|| "blog".to_string())
}

/// The placeholder body, in a comment: the site shows nothing of it, and
/// `repeated-content` does not compare it.
fn body(kind: EntryKind) -> String {
    let placeholder = match kind {
        EntryKind::Persona => {
            "Who they are, what their days look like, where they hang out and what they care about."
        }
        EntryKind::PainPoint => "What the need or problem is, in the words customers use for it.",
        EntryKind::Post => POST_PLACEHOLDER,
        EntryKind::Feedback => "What the customer told us, where, and what we did about it.",
    };
    format!("<!-- {placeholder} -->")
}

fn kind_word(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Persona => "persona",
        EntryKind::PainPoint => "pain-point",
        EntryKind::Post => "post",
        EntryKind::Feedback => "feedback",
    }
}

fn kind_noun(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Persona => "a persona",
        EntryKind::PainPoint => "a pain point",
        EntryKind::Post => "a post",
        EntryKind::Feedback => "a feedback item",
    }
}

fn folder(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Persona => "personas",
        EntryKind::PainPoint => "pain-points",
        EntryKind::Post => "posts",
        EntryKind::Feedback => "feedback",
    }
}

/// The folder the new file goes into, or the nearest of its parents that
/// exists (the rest is made), must stay inside the plan as every folder the
/// loader reads does: a symlink out of it would put the entry elsewhere on
/// the machine, where `check` never looks (see `plan_files`).
fn refuse_folders_out_of_the_plan(root: &Path, file: &Path) -> anyhow::Result<()> {
    let Some(existing) = file
        .ancestors()
        .skip(1)
        .find(|folder| std::fs::symlink_metadata(folder).is_ok())
    else {
        return Ok(());
    };
    let real_root = plan_files::real_root(root)?;
    if let Err(refused) = plan_files::may_read(&real_root, existing) {
        let folder = relative(root, existing);
        bail!(
            "nothing was written: {folder} {}, and outcare writes an entry only where `outcare check` reads it (check reports that folder as an error too): make {folder} a folder inside the plan, outside .git/",
            refused.place()
        );
    }
    Ok(())
}

/// An entry of this kind and slug anywhere in its folder, sub-folders
/// included, in any case: the loader reads them all, so a second one would be
/// a duplicate slug (`Launch.md` too, which is `launch.md` on macOS and
/// Windows). Found on disk rather than in the plan, so a file too broken to
/// load counts; symlinks are followed only as far as the loader follows them.
fn existing_file(root: &Path, kind: EntryKind, slug: &str) -> Option<String> {
    let name = format!("{slug}.md");
    let real_root = plan_files::real_root(root).ok()?;
    walkdir::WalkDir::new(root.join("content").join(folder(kind)))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !e.path_is_symlink() || plan_files::may_read(&real_root, e.path()).is_ok()
        })
        .filter_map(Result::ok)
        .find(|e| {
            e.file_type().is_file()
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| n.to_lowercase() == name)
        })
        .map(|e| relative(root, e.path()))
}

/// A path as the plan names it: relative to its folder, `/`-separated.
fn relative(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
