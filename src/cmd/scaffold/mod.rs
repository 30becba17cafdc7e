//! The files `outcare init` writes, kept as files beside this one so they read as
//! what a team gets. `%%…%%` marks what depends on the day and on this build:
//! `${{ … }}` is the workflow's own syntax, so the placeholders cannot use braces.

use jiff::civil::Date;

/// The example's time zone: a bakery's plan is about its own mornings, so the
/// first "today" (which month the example fills) is taken there too.
pub const TIMEZONE: &str = "Europe/London";

/// Where the workflow installs outcare from, unless the team changes it.
pub const GIT: &str = env!("CARGO_PKG_REPOSITORY");

/// (path in the new plan, template); posts are placed by `files`.
const FIXED: &[(&str, &str)] = &[
    ("outcare.yaml", include_str!("outcare.yaml")),
    (".gitignore", include_str!("gitignore")),
    ("README.md", include_str!("README.md")),
    (".github/workflows/outcare.yml", include_str!("outcare.yml")),
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
pub fn files(today: Date) -> Vec<(String, String)> {
    let month = today.first_of_month();
    let fixed = FIXED.iter().map(|(path, text)| (path.to_string(), *text));
    let posts = POSTS.iter().map(|(slug, text)| {
        (
            format!(
                "content/posts/{:04}/{:02}/{slug}.md",
                month.year(),
                month.month()
            ),
            *text,
        )
    });
    fixed
        .chain(posts)
        .map(|(path, text)| (path, fill(text, today)))
        .collect()
}

/// Replaces each `%%WORD args%%` of a template.
fn fill(template: &str, today: Date) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("%%") {
        let Some(len) = rest[start + 2..].find("%%") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&value(&rest[start + 2..start + 2 + len], today));
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

fn value(placeholder: &str, today: Date) -> String {
    let month = today.first_of_month();
    let day_of = |day: &str| {
        let day: i8 = day.parse().unwrap_or(1);
        month.with().day(day).build().unwrap_or(month)
    };
    let words: Vec<&str> = placeholder.split(' ').collect();
    match words.as_slice() {
        ["TIMEZONE"] => TIMEZONE.to_string(),
        ["OUTCARE_GIT"] => GIT.to_string(),
        ["OUTCARE_TAG"] => format!("v{}", env!("CARGO_PKG_VERSION")),
        ["DAY", day] => day_of(day).to_string(),
        // Posts before today have gone out (or `check` would call them overdue);
        // the rest are still being written.
        ["STATUS", day, later] => {
            if day_of(day) < today {
                "published".to_string()
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
        for (path, text) in files(jiff::civil::date(2027, 2, 14)) {
            assert!(!text.contains("%%"), "{path} keeps a placeholder");
        }
    }

    #[test]
    fn posts_fall_in_today_s_month_and_only_past_ones_are_published() {
        let files = files(jiff::civil::date(2027, 2, 14));
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
