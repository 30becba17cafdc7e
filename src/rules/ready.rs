//! Is what goes out soon ready to go: written, approved, its notes dealt with?

use jiff::civil::Date;

use super::post_flag;
use crate::diagnostic::{Flag, Kind, Pos, Rule, Severity};
use crate::model::{POST_PLACEHOLDER, Plan, Post, PostStatus, days_between, without_comments};

/// "today", "tomorrow", "in 5 days".
fn from_today(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        n => format!("in {n} days"),
    }
}

/// `not-ready`: a post whose first date is from today to `ready_days` after
/// it, still an idea, a draft or in review. A series is judged by its first
/// date, as `overdue` judges it: once that has passed, `overdue` speaks.
pub fn not_ready(plan: &Plan, today: Date, flags: &mut Vec<Flag>) {
    let ahead = i64::from(plan.config.rules.ready_days);
    let start = plan
        .index
        .dated_posts
        .partition_point(|id| plan.post(*id).date.is_some_and(|w| w.date < today));
    for &id in &plan.index.dated_posts[start..] {
        let post = plan.post(id);
        let Some(when) = post.date else { continue };
        let days = days_between(today, when.date);
        if days > ahead {
            // Dated posts are in order: the rest go out later still.
            break;
        }
        let fix = match post.status {
            PostStatus::Idea | PostStatus::Draft => {
                "finish it, have it checked and set `status: scheduled`"
            }
            PostStatus::Review => "get it approved and set `status: scheduled`",
            PostStatus::Scheduled | PostStatus::Published => continue,
        };
        let message = format!(
            "goes out {} ({}) but is still `{}`: {fix}, or give it a later `date:`",
            when.date,
            from_today(days),
            post.status.as_str()
        );
        // On `status:` when it is written; a draft by default has none.
        let key = if post.source.has("status") {
            "status"
        } else {
            "date"
        };
        flags.push(post_flag(Rule::NotReady, post, key, message));
    }
}

/// What is unfinished in a post's copy, and the line it is on.
enum Unfinished {
    Empty,
    Placeholder(Pos),
    /// The first note for the team, its position, and how many there are.
    Note(String, Pos, usize),
}

/// The longest part of a note a message quotes.
const QUOTED_CHARS: usize = 60;

/// A line of the body that is a note for the team: a blockquote, or a line
/// (or list item) that starts with `Note:` or `TODO`, or ends in `!!`.
fn is_note(line: &str) -> bool {
    let text = line.trim();
    if text.starts_with('>') {
        return true;
    }
    let item = ["- ", "* ", "+ "]
        .iter()
        .find_map(|marker| text.strip_prefix(marker))
        .unwrap_or(text)
        .trim_start();
    let starts_note = item
        .get(..5)
        .is_some_and(|start| start.eq_ignore_ascii_case("note:"));
    starts_note || item.starts_with("TODO") || text.ends_with("!!")
}

fn unfinished(post: &Post) -> Option<Unfinished> {
    let body = &*post.body;
    let line_of = |offset: usize| {
        Pos::line(post.source.body_line + body[..offset].matches('\n').count() as u32)
    };
    let shown = without_comments(body);
    if shown.lines().any(|line| line.trim() == POST_PLACEHOLDER)
        || (shown.trim().is_empty() && body.contains(POST_PLACEHOLDER))
    {
        return Some(Unfinished::Placeholder(line_of(
            body.find(POST_PLACEHOLDER).unwrap_or(0),
        )));
    }
    if shown.trim().is_empty() {
        return Some(Unfinished::Empty);
    }
    // Read on the body itself, so a note's line is its line in the file; a
    // note inside a comment or a code block is not one the page shows.
    let mut notes: Vec<(String, usize)> = Vec::new();
    let mut offset = 0;
    let mut in_comment = false;
    let mut fence: Option<&str> = None;
    for line in body.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let mut rest = line.trim();
        if let Some(open) = fence {
            if rest.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if in_comment {
            match rest.find("-->") {
                Some(end) => {
                    in_comment = false;
                    rest = &rest[end + 3..];
                }
                None => continue,
            }
        }
        // A comment opened on this line and not closed runs on to the next.
        if let Some(open) = rest.rfind("<!--") {
            in_comment = !rest[open + 4..].contains("-->");
        }
        let shown = without_comments(rest);
        let text = shown.trim();
        if let Some(open) = ["```", "~~~"].into_iter().find(|f| text.starts_with(*f)) {
            fence = Some(open);
            continue;
        }
        if is_note(text) {
            notes.push((text.to_string(), at));
        }
    }
    let (first, at) = notes.first()?;
    // Backticks would end the message's code span early.
    let mut quoted: String = first
        .chars()
        .take(QUOTED_CHARS)
        .map(|c| if c == '`' { '\'' } else { c })
        .collect();
    if first.chars().nth(QUOTED_CHARS).is_some() {
        quoted.push('…');
    }
    Some(Unfinished::Note(quoted, line_of(*at), notes.len()))
}

/// `unfinished-copy`: a post in review or scheduled whose body is empty, is
/// still `outcare new`'s placeholder, or holds a note for the team. An error
/// once scheduled, since then it goes out as it is; published posts are left
/// alone, as their copy went out already.
pub fn unfinished_copy(plan: &Plan, flags: &mut Vec<Flag>) {
    for post in &plan.posts {
        if !matches!(post.status, PostStatus::Review | PostStatus::Scheduled) {
            continue;
        }
        let Some(problem) = unfinished(post) else {
            continue;
        };
        let status = post.status.as_str();
        let later = if post.status == PostStatus::Scheduled {
            "set `status: draft` until it is"
        } else {
            "set `status: draft` until it is ready for review"
        };
        let (pos, message) = match problem {
            Unfinished::Empty => (
                post.source.pos("status"),
                format!(
                    "this post is `{status}` but has no copy yet: write what it says below the front matter, or {later}"
                ),
            ),
            Unfinished::Placeholder(pos) => (
                pos,
                format!(
                    "this post is `{status}` but its copy is still the placeholder `outcare new` wrote: write what it says in its place, or {later}"
                ),
            ),
            Unfinished::Note(note, pos, count) => {
                let more = match count {
                    1 => String::new(),
                    2 => " and 1 more".to_string(),
                    n => format!(" and {} more", n - 1),
                };
                (
                    pos,
                    format!(
                        "this post is `{status}` but still holds a note for the team, `{note}`{more}: deal with it and take the note out of the copy, or {later}"
                    ),
                )
            }
        };
        let mut flag = Flag::new(
            Rule::UnfinishedCopy,
            Kind::Post,
            &post.source.file,
            Some(pos),
            message,
        )
        .slug(&post.slug);
        if post.status == PostStatus::Scheduled {
            flag.severity = Severity::Error;
        }
        flags.push(flag);
    }
}
