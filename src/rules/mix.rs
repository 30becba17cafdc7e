//! Is the channel a conversation, or a broadcast? Too much promotion, and the
//! same thing said again and again, are what audiences tune out.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::post_flag;
use crate::diagnostic::{Flag, Rule};
use crate::model::{Intent, Occurrence, Plan, Post, PostId, days_between};
use jiff::civil::Date;

/// `promo-heavy`: in one channel and calendar month, promotional posts are
/// more than `promo_share_max` of the dated posts, unless the month has fewer
/// than `promo_min_posts` posts and just one promotion. The flag sits on the
/// last promotional post of that month, the one that tipped it.
pub fn promo_heavy(plan: &Plan, flags: &mut Vec<Flag>) {
    let max = plan.config.rules.promo_share_max;
    for (channel, posts) in &plan.index.by_channel {
        let mut months: BTreeMap<(i16, i8), (usize, Vec<PostId>)> = BTreeMap::new();
        for &Occurrence { post: id, when } in posts {
            let month = months
                .entry((when.date.year(), when.date.month()))
                .or_default();
            month.0 += 1;
            if plan.post(id).intent == Intent::Promote {
                month.1.push(id);
            }
        }
        for ((year, month), (total, promos)) in months {
            let share = promos.len() as f64 / total as f64;
            if share <= max + 1e-9 {
                continue;
            }
            // In a quiet month one promotion is a large share but no crowd.
            if total < plan.config.rules.promo_min_posts as usize && promos.len() <= 1 {
                continue;
            }
            let Some(&last) = promos.last() else { continue };
            let month_name = jiff::civil::date(year, month, 1).strftime("%B %Y");
            let message = format!(
                "{} of {} `{channel}` posts in {month_name} promote ({:.0}%; the plan allows {:.0}%): turn one into a post that helps with a pain point, or move a promotion to a quieter month",
                promos.len(),
                total,
                share * 100.0,
                max * 100.0
            );
            flags.push(post_flag(
                Rule::PromoHeavy,
                plan.post(last),
                "intent",
                message,
            ));
        }
    }
}

/// What `repeated-content` computed for each post's body, kept between runs
/// by `serve`: a body that did not change is the very same `Arc` (the loader
/// reuses unchanged files), so its shingles need not be computed again.
#[derive(Default)]
pub struct Memo {
    bodies: HashMap<String, (Arc<str>, Arc<[u64]>)>,
}

/// Words of a text, lowercased, with everything but letters and digits dropped.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A title as compared: lowercase words joined by single spaces.
pub fn normalised_title(title: &str) -> String {
    words(title).collect::<Vec<_>>().join(" ")
}

/// Bodies shorter than this many words are too short to compare by shingles:
/// two one-line teasers share most of their words by chance.
pub const MIN_BODY_WORDS: usize = 12;
/// Two bodies whose 3-word shingle sets overlap at least this much (Jaccard)
/// are nearly the same text.
pub const BODY_SIMILARITY: f64 = 0.8;

/// The sorted, deduplicated hashes of a body's 3-word shingles, or nothing
/// when the body is too short. Words are hashed as they are read (FNV-1a over
/// their lowercased characters), so no word is copied.
fn shingles(body: &str) -> Vec<u64> {
    let words: Vec<u64> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|word| {
            word.chars()
                .flat_map(char::to_lowercase)
                .fold(0xcbf2_9ce4_8422_2325_u64, |hash, c| {
                    (hash ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3)
                })
        })
        .collect();
    if words.len() < MIN_BODY_WORDS {
        return Vec::new();
    }
    let mut out: Vec<u64> = words
        .windows(3)
        .map(|w| w[0].rotate_left(42) ^ w[1].rotate_left(21) ^ w[2])
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let both = common(a, b);
    both as f64 / (a.len() + b.len() - both) as f64
}

/// How many values two sorted lists share.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// Whether two bodies are nearly the same, with two exact shortcuts that
/// spare most comparisons: sets of very different sizes cannot overlap
/// enough, and sets that do must share a value among their first few
/// (prefix filtering: with both sorted, the smallest `n - ceil(t * n) + 1`
/// values of each must meet).
fn nearly_same(a: &[u64], b: &[u64]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if (small.len() as f64) < BODY_SIMILARITY * large.len() as f64 {
        return false;
    }
    let prefix = |s: &[u64]| s.len() - (BODY_SIMILARITY * s.len() as f64).ceil() as usize + 1;
    let (pa, pb) = (prefix(a).min(a.len()), prefix(b).min(b.len()));
    if common(&a[..pa], &b[..pb]) == 0 {
        return false;
    }
    jaccard(a, b) >= BODY_SIMILARITY
}

/// `repeated-content`: a dated post whose title (normalised) equals, or whose
/// body is nearly the same as, an earlier post's on the same channel within
/// `repeat_window_days`. Only posts inside the window are compared, and
/// equal titles are found by lookup, not by comparing pairs. Channels are
/// independent, so they are checked in parallel.
pub fn repeated_content(plan: &Plan, memo: &mut Memo, flags: &mut Vec<Flag>) {
    let dated = &plan.index.dated_posts;
    let bodies: Vec<Arc<[u64]>> = dated
        .par_iter()
        .map(|id| {
            let post = plan.post(*id);
            match memo.bodies.get(&post.slug) {
                Some((body, shingles)) if Arc::ptr_eq(body, &post.body) => Arc::clone(shingles),
                _ => shingles(&post.body).into(),
            }
        })
        .collect();
    let mut position = vec![0usize; plan.posts.len()];
    for (i, id) in dated.iter().enumerate() {
        position[id.index()] = i;
    }
    let found: Vec<Vec<Flag>> = plan
        .index
        .by_channel
        .par_iter()
        .map(|(_, ids)| {
            let posts: Vec<&Post> = ids.iter().map(|o| plan.post(o.post)).collect();
            let days: Vec<Date> = ids.iter().map(|o| o.when.date).collect();
            let bodies: Vec<&[u64]> = ids
                .iter()
                .map(|o| &*bodies[position[o.post.index()]])
                .collect();
            repeated_on_channel(&posts, &days, &bodies, plan.config.rules.repeat_window_days)
        })
        .collect();
    flags.extend(found.into_iter().flatten());
    memo.bodies = dated
        .iter()
        .zip(bodies)
        .map(|(id, shingles)| {
            let post = plan.post(*id);
            (post.slug.clone(), (Arc::clone(&post.body), shingles))
        })
        .collect();
}

/// `repeated-content` on one channel's dates, in date order: `days[i]` is when
/// `posts[i]` goes out. The dates of one series are one post, not repeats.
fn repeated_on_channel(
    posts: &[&Post],
    days: &[Date],
    bodies: &[&[u64]],
    window: u32,
) -> Vec<Flag> {
    let window = i64::from(window);
    let titles: Vec<String> = posts.iter().map(|p| normalised_title(&p.title)).collect();
    let mut flags = Vec::new();
    let mut in_window: HashMap<&str, usize> = HashMap::new();
    let mut start = 0;
    for (i, post) in posts.iter().enumerate() {
        let day = days[i];
        let other_post = |j: &usize| !std::ptr::eq(posts[*j], *post);
        while start < i {
            let first = days[start];
            if days_between(first, day) <= window {
                break;
            }
            if in_window.get(titles[start].as_str()) == Some(&start) {
                in_window.remove(titles[start].as_str());
            }
            start += 1;
        }
        let same_title = in_window
            .get(titles[i].as_str())
            .copied()
            .filter(|_| !titles[i].is_empty())
            .filter(other_post);
        let earlier = same_title.map(|j| (j, "the same title as")).or_else(|| {
            (start..i)
                .rev()
                .filter(other_post)
                .find(|&j| nearly_same(bodies[i], bodies[j]))
                .map(|j| (j, "nearly the same text as"))
        });
        if let Some((j, how)) = earlier {
            let other = posts[j];
            let when = match days_between(days[j], day) {
                0 => "the same day".to_string(),
                1 => "1 day earlier".to_string(),
                n => format!("{n} days earlier"),
            };
            let message = format!(
                "{how} `{}` on `{}` {when}: say something new, or space them more than {window} days apart",
                other.slug, post.channel,
            );
            flags.push(post_flag(Rule::RepeatedContent, post, "title", message));
        }
        in_window.insert(titles[i].as_str(), i);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_compare_without_case_or_punctuation() {
        assert_eq!(
            normalised_title("  Knee PAIN? 5 tips!! "),
            "knee pain 5 tips"
        );
        assert_eq!(
            normalised_title("Knee-pain: 5 tips"),
            normalised_title("knee pain 5 tips")
        );
    }

    #[test]
    fn shingle_similarity() {
        let a = shingles("one two three four five six seven eight nine ten eleven twelve thirteen");
        let b =
            shingles("One two three four five six seven eight nine ten eleven twelve thirteen!");
        let c = shingles("one two three four five six seven eight nine ten eleven twelve fourteen");
        let d = shingles(
            "a completely different text about running shoes and sore knees in winter mornings",
        );
        assert_eq!(jaccard(&a, &b), 1.0);
        assert!(jaccard(&a, &c) >= BODY_SIMILARITY);
        assert!(jaccard(&a, &d) < 0.1);
        assert!(shingles("too short to compare").is_empty());
        for (x, y) in [(&a, &b), (&a, &c), (&a, &d), (&c, &d)] {
            assert_eq!(nearly_same(x, y), jaccard(x, y) >= BODY_SIMILARITY);
        }
    }
}
