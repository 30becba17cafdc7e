//! The files `outcare init` writes, kept as files beside this one so they read as
//! what a team gets. `%%…%%` marks what depends on the day and on this build:
//! `${{ … }}` is the workflow's own syntax, so the placeholders cannot use braces.
//! A line that starts with `%%EXAMPLE%%` is written only with the example plan,
//! one that starts with `%%EMPTY%%` only into an empty one.

use jiff::civil::Date;

/// The example's time zone: a bakery's plan is about its own mornings, so the
/// first "today" (which month the example fills) is taken there too.
pub const TIMEZONE: &str = "Europe/London";

/// What a new plan starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A month of a bakery's plan that checks clean, to learn from.
    Example,
    /// No entries: once committed, an example's entries would show as removed on
    /// the changes page after the team deletes them.
    Empty,
}

impl Start {
    /// The time zone written into `outcare.yaml`, and the one `init` reads today in.
    /// An empty plan is the team's own from the start, so it takes this machine's
    /// zone when it has an IANA name.
    pub fn timezone(self) -> String {
        match self {
            Start::Example => TIMEZONE.to_string(),
            Start::Empty => jiff::tz::TimeZone::system()
                .iana_name()
                .unwrap_or("UTC")
                .to_string(),
        }
    }
}

/// Where the workflow installs outcare from, unless the team changes it.
pub const GIT: &str = env!("CARGO_PKG_REPOSITORY");

/// (path in the new plan, template): what every plan starts with.
const SETTINGS: &[(&str, &str)] = &[
    ("outcare.yaml", include_str!("outcare.yaml")),
    (".gitignore", include_str!("gitignore")),
    ("README.md", include_str!("README.md")),
    (".github/workflows/outcare.yml", include_str!("outcare.yml")),
];

/// An empty plan's kind folders, each kept by an empty hidden file: git keeps no
/// empty folder, and the loader reads no hidden file.
const KEPT_FOLDERS: &[(&str, &str)] = &[
    ("content/personas/.gitkeep", ""),
    ("content/pain-points/.gitkeep", ""),
    ("content/posts/.gitkeep", ""),
    ("content/feedback/.gitkeep", ""),
];

/// (path in the new plan, template): the example's undated entries; posts are
/// placed by `files`.
const FIXED: &[(&str, &str)] = &[
    (
        "content/personas/weekday-parent.md",
        include_str!("content/personas/weekday-parent.md"),
    ),
    (
        "content/personas/home-baker.md",
        include_str!("content/personas/home-baker.md"),
    ),
    (
        "content/pain-points/sourdough-comes-out-flat.md",
        include_str!("content/pain-points/sourdough-comes-out-flat.md"),
    ),
    (
        "content/pain-points/bread-goes-stale.md",
        include_str!("content/pain-points/bread-goes-stale.md"),
    ),
    (
        "content/pain-points/school-morning-rush.md",
        include_str!("content/pain-points/school-morning-rush.md"),
    ),
    (
        "content/pain-points/gluten-free-choice.md",
        include_str!("content/pain-points/gluten-free-choice.md"),
    ),
    (
        "content/pain-points/favourite-loaf-sold-out.md",
        include_str!("content/pain-points/favourite-loaf-sold-out.md"),
    ),
    (
        "content/feedback/seeded-rye-sold-out.md",
        include_str!("content/feedback/seeded-rye-sold-out.md"),
    ),
    (
        "content/posts/ideas/saturday-baking-for-kids.md",
        include_str!("content/posts/ideas/saturday-baking-for-kids.md"),
    ),
];

/// The dated posts: (slug, template). Their days are in their front matter; they
/// go into the month's folder, as `outcare new` would put them.
const POSTS: &[(&str, &str)] = &[
    (
        "why-sourdough-comes-out-flat",
        include_str!("content/posts/why-sourdough-comes-out-flat.md"),
    ),
    (
        "school-run-breakfast-bags",
        include_str!("content/posts/school-run-breakfast-bags.md"),
    ),
    (
        "keep-a-loaf-fresh",
        include_str!("content/posts/keep-a-loaf-fresh.md"),
    ),
    (
        "gluten-free-loaf-is-here",
        include_str!("content/posts/gluten-free-loaf-is-here.md"),
    ),
    (
        "feed-your-starter-around-work",
        include_str!("content/posts/feed-your-starter-around-work.md"),
    ),
    (
        "ask-us-to-keep-a-loaf",
        include_str!("content/posts/ask-us-to-keep-a-loaf.md"),
    ),
    (
        "freeze-and-revive-bread",
        include_str!("content/posts/freeze-and-revive-bread.md"),
    ),
    (
        "month-at-fernhill",
        include_str!("content/posts/month-at-fernhill.md"),
    ),
];

/// Every file of a new plan whose example month is `today`'s, as (path, text).
pub fn files(today: Date, start: Start) -> Vec<(String, String)> {
    let month = today.first_of_month();
    let settings = SETTINGS
        .iter()
        .map(|(path, text)| (path.to_string(), *text));
    let entries: Vec<(String, &str)> = match start {
        Start::Empty => KEPT_FOLDERS
            .iter()
            .map(|(path, text)| (path.to_string(), *text))
            .collect(),
        Start::Example => FIXED
            .iter()
            .map(|(path, text)| (path.to_string(), *text))
            .chain(POSTS.iter().map(|(slug, text)| {
                (
                    format!(
                        "content/posts/{:04}/{:02}/{slug}.md",
                        month.year(),
                        month.month()
                    ),
                    *text,
                )
            }))
            .collect(),
    };
    settings
        .chain(entries)
        .map(|(path, text)| (path, fill(text, today, start)))
        .collect()
}

/// Keeps the lines meant for `start`, then replaces each `%%WORD args%%`.
fn fill(template: &str, today: Date, start: Start) -> String {
    let (mine, other) = match start {
        Start::Example => ("%%EXAMPLE%%", "%%EMPTY%%"),
        Start::Empty => ("%%EMPTY%%", "%%EXAMPLE%%"),
    };
    let kept: String = template
        .split_inclusive('\n')
        .filter(|line| !line.starts_with(other))
        .map(|line| line.strip_prefix(mine).unwrap_or(line))
        .collect();
    let mut out = String::with_capacity(kept.len());
    let mut rest = kept.as_str();
    while let Some(at) = rest.find("%%") {
        let Some(len) = rest[at + 2..].find("%%") else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str(&value(&rest[at + 2..at + 2 + len], today, start));
        rest = &rest[at + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

fn value(placeholder: &str, today: Date, start: Start) -> String {
    let month = today.first_of_month();
    let day_of = |day: &str| {
        let day: i8 = day.parse().unwrap_or(1);
        month.with().day(day).build().unwrap_or(month)
    };
    let words: Vec<&str> = placeholder.split(' ').collect();
    match words.as_slice() {
        ["TIMEZONE"] => start.timezone(),
        ["OUTCARE_GIT"] => GIT.to_string(),
        ["OUTCARE_TAG"] => format!("v{}", env!("CARGO_PKG_VERSION")),
        ["DAY", day] => day_of(day).to_string(),
        // Posts before today have gone out (or `check` would call them overdue),
        // those of the coming week are scheduled (or they would be `not-ready`);
        // the rest are still being written.
        ["STATUS", day, later] => {
            let day = day_of(day);
            if day < today {
                "published".to_string()
            } else if crate::model::days_between(today, day)
                <= i64::from(crate::model::RuleSettings::default().ready_days)
            {
                "scheduled".to_string()
            } else {
                later.to_string()
            }
        }
        // The feedback that led to this month's changes came in the month before.
        ["RECEIVED"] => month
            .checked_sub(jiff::Span::new().days(10))
            .unwrap_or(month)
            .to_string(),
        _ => format!("%%{placeholder}%%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled() {
        for start in [Start::Example, Start::Empty] {
            for (path, text) in files(jiff::civil::date(2027, 2, 14), start) {
                assert!(!text.contains("%%"), "{path} keeps a placeholder");
            }
        }
    }

    #[test]
    fn posts_fall_in_today_s_month_and_only_past_ones_are_published() {
        let files = files(jiff::civil::date(2027, 2, 14), Start::Example);
        let (_, flat) = files
            .iter()
            .find(|(path, _)| path == "content/posts/2027/02/why-sourdough-comes-out-flat.md")
            .expect("the first post is in February's folder");
        assert!(flat.contains("date: 2027-02-03\n"), "{flat}");
        assert!(flat.contains("status: published\n"), "{flat}");
        let (_, last) = files
            .iter()
            .find(|(path, _)| path.ends_with("/month-at-fernhill.md"))
            .unwrap();
        assert!(last.contains("date: 2027-02-27\n"), "{last}");
        assert!(last.contains("status: draft\n"), "{last}");
    }
}
