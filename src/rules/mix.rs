//! Is the channel a conversation, or a broadcast? Too much promotion, and the
//! same thing said again and again, are what audiences tune out.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use rayon::prelude::*;

use super::post_flag;
use crate::diagnostic::{Flag, Rule};
use crate::model::{
    self, Intent, Occurrence, POST_PLACEHOLDER, Plan, Post, PostId, days_between, without_comments,
};
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

/// What `repeated-content` found in each channel, kept between runs by
/// `serve`. A post that did not change is the very same `Arc` (the loader
/// reuses unchanged files), so a channel whose dates all went to the same
/// posts has the same repeats; a channel that changed reuses the shingles and
/// bands of its bodies that did not.
#[derive(Default)]
pub struct Memo {
    channels: HashMap<String, ChannelMemo>,
}

#[derive(Clone)]
struct ChannelMemo {
    window: i64,
    /// The channel's dates, in order, and the post going out on each.
    dates: Vec<(Arc<Post>, Date)>,
    prints: Vec<Arc<Fingerprint>>,
    flags: Vec<Flag>,
}

impl ChannelMemo {
    fn still_holds(&self, window: i64, dates: &[(Arc<Post>, Date)]) -> bool {
        self.window == window
            && self.dates.len() == dates.len()
            && self
                .dates
                .iter()
                .zip(dates)
                .all(|((a, day_a), (b, day_b))| Arc::ptr_eq(a, b) && day_a == day_b)
    }
}

/// A body as `repeated-content` compares it: its shingle set for the exact
/// check, and its MinHash bands for finding which bodies to check at all.
struct Fingerprint {
    /// Sorted and deduplicated; empty when the body is too short to compare.
    shingles: Vec<u64>,
    bands: [u64; BANDS],
}

impl Fingerprint {
    /// A body says nothing yet while it is only comments (`new` writes its
    /// placeholder as one) or the placeholder as text, as `new` wrote it
    /// before: two fresh posts are not the same content.
    fn of(body: &str) -> Self {
        let body = without_comments(body);
        let shingles = if body.trim() == POST_PLACEHOLDER {
            Vec::new()
        } else {
            shingles(&body)
        };
        let bands = bands(&shingles);
        Fingerprint { shingles, bands }
    }

    fn comparable(&self) -> bool {
        !self.shingles.is_empty()
    }
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
/// two one-line teasers share most of their words by chance. `docs/rules.md`
/// gives this number.
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

// Locality-sensitive hashing, so that a post is compared only with the few
// posts of its window whose bodies might be nearly the same, not with all of
// them. For each of BANDS × ROWS hash functions a body keeps the smallest hash
// of its shingles (MinHash): two bodies agree on one such value with
// probability J, their shingle sets' Jaccard similarity (exactly so for truly
// random functions; multiply-add on well-mixed input comes close, and the
// test below holds the result to the exact comparison). A band is ROWS values
// together; bodies that agree on a whole band become candidates, and only
// candidates get the exact check. A pair is a candidate with probability
// 1 - (1 - J^ROWS)^BANDS, which at J = 0.8 (BODY_SIMILARITY) and ROWS = 3,
// BANDS = 10 is 1 - (1 - 0.512)^10 = 1 - 0.488^10 = 1 - 0.00077 = 0.99923, so
// a pair that is nearly the same is missed at most once in 1,000 (and less
// the more similar it is: 0.99999 at J = 0.9). Unrelated bodies (J ≈ 0.02)
// are candidates with probability about 10 × 0.02^3 = 0.00008. Fewer rows
// would let more unrelated pairs through, more rows need more bands, and
// every value costs a pass over the shingles.
const ROWS: usize = 3;
const BANDS: usize = 10;
const HASHES: usize = ROWS * BANDS;

/// Odd multipliers and offsets of the MinHash functions, fixed so that bands,
/// and so the flags, are the same on every run.
const MULTIPLIERS: [u64; HASHES] = constants(1);
const OFFSETS: [u64; HASHES] = constants(2);

const fn constants(stream: u64) -> [u64; HASHES] {
    let mut out = [0; HASHES];
    let mut state = 0x243f_6a88_85a3_08d3_u64 ^ stream;
    let mut i = 0;
    while i < HASHES {
        state = mix(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
        out[i] = state | 1;
        i += 1;
    }
    out
}

/// A 64-bit finaliser (MurmurHash3's): every input bit reaches every output
/// bit, which the shingle hashes, built from FNV-1a, do not guarantee.
const fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The band keys of a shingle set: each band's ROWS minimum hashes, and the
/// band's number, hashed into one value.
fn bands(shingles: &[u64]) -> [u64; BANDS] {
    let mut minimum = [u64::MAX; HASHES];
    for &shingle in shingles {
        let x = mix(shingle);
        // Multiply-add on well-mixed input, one (a, b) per hash function,
        // ordered by its high bits: a few instructions per function and
        // shingle, since this loop is the largest part of the rule's time.
        for i in 0..HASHES {
            minimum[i] = minimum[i].min(x.wrapping_mul(MULTIPLIERS[i]).wrapping_add(OFFSETS[i]));
        }
    }
    std::array::from_fn(|band| {
        minimum[band * ROWS..(band + 1) * ROWS]
            .iter()
            .fold(band as u64, |key, &m| mix(key ^ m))
    })
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
/// `repeat_window_days`. Equal titles are found by lookup and bodies that may
/// be nearly the same by their MinHash bands, so no pairs are enumerated.
/// Channels are independent, so they are checked in parallel.
pub fn repeated_content(plan: &Plan, memo: &mut Memo, flags: &mut Vec<Flag>) {
    let window = i64::from(plan.config.rules.repeat_window_days);
    let channels: Vec<(String, ChannelMemo)> = plan
        .index
        .by_channel
        .par_iter()
        .map(|(channel, ids)| {
            // One entry a date: a series goes out on each of its dates.
            let dates: Vec<(Arc<Post>, Date)> = ids
                .iter()
                .map(|o| (Arc::clone(&plan.posts[o.post.index()]), o.when.date))
                .collect();
            let previous = memo.channels.get(channel);
            if let Some(kept) = previous
                && kept.still_holds(window, &dates)
            {
                return (channel.clone(), kept.clone());
            }
            // Bodies by address, from the channel's last run and from the
            // dates before (a series has one body for all its dates): the
            // posts held here and in `previous` keep those bodies alive, so an
            // address cannot have been reused for another body.
            let mut known: HashMap<*const u8, Arc<Fingerprint>> = previous
                .map(|kept| {
                    kept.dates
                        .iter()
                        .zip(&kept.prints)
                        .map(|((post, _), print)| (post.body.as_ptr(), Arc::clone(print)))
                        .collect()
                })
                .unwrap_or_default();
            let prints: Vec<Arc<Fingerprint>> = dates
                .iter()
                .map(|(post, _)| {
                    let print = known
                        .entry(post.body.as_ptr())
                        .or_insert_with(|| Arc::new(Fingerprint::of(&post.body)));
                    Arc::clone(print)
                })
                .collect();
            let posts: Vec<&Post> = dates.iter().map(|(post, _)| &**post).collect();
            let owners: Vec<PostId> = ids.iter().map(|o| o.post).collect();
            let days: Vec<Date> = dates.iter().map(|(_, day)| *day).collect();
            let titles: Vec<String> = posts.iter().map(|p| normalised_title(&p.title)).collect();
            let bodies: Vec<&Fingerprint> = prints.iter().map(|p| &**p).collect();
            let found = repeats(&days, &owners, &titles, &bodies, window);
            let rhythms = if found.iter().any(|r| r.2 == Same::Title) {
                rhythms(&days, &owners, &titles, window)
            } else {
                Vec::new()
            };
            let found = found
                .into_iter()
                .map(|found| {
                    let rhythm = rhythms.get(found.0).copied().flatten();
                    repeat_flag(&posts, &days, found, rhythm, window)
                })
                .collect();
            (
                channel.clone(),
                ChannelMemo {
                    window,
                    dates,
                    prints,
                    flags: found,
                },
            )
        })
        .collect();
    for (_, channel) in &channels {
        flags.extend(channel.flags.iter().cloned());
    }
    memo.channels = channels.into_iter().collect();
}

/// What makes a post a repeat of an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Same {
    Title,
    Body,
}

/// A repeat: the later post, the latest earlier post it repeats, and how.
type Repeat = (usize, usize, Same);

/// The repeats among one channel's dates (days in order; `owners[i]` is the
/// post that goes out on `days[i]`), later date by later date. Equal titles
/// win over similar bodies, and the latest earlier post is named, as a reader
/// looking back would find it. The dates of one series are one post, never
/// repeats of each other.
fn repeats(
    days: &[Date],
    owners: &[PostId],
    titles: &[String],
    bodies: &[&Fingerprint],
    window: i64,
) -> Vec<Repeat> {
    let mut found = Vec::new();
    // The dates inside the window by title and by band key, oldest first, so
    // the date leaving the window is at the front of each list.
    let mut titles_in_window: HashMap<&str, VecDeque<usize>> = HashMap::new();
    let mut bands_in_window: HashMap<u64, VecDeque<usize>> = HashMap::new();
    let mut start = 0;
    for i in 0..days.len() {
        while start < i && days_between(days[start], days[i]) > window {
            if let Some(dates) = titles_in_window.get_mut(titles[start].as_str()) {
                dates.pop_front();
                if dates.is_empty() {
                    titles_in_window.remove(titles[start].as_str());
                }
            }
            if bodies[start].comparable() {
                for key in &bodies[start].bands {
                    if let Some(posts) = bands_in_window.get_mut(key) {
                        posts.pop_front();
                        if posts.is_empty() {
                            bands_in_window.remove(key);
                        }
                    }
                }
            }
            start += 1;
        }
        let another = |j: &usize| owners[*j] != owners[i];
        let same_title = titles_in_window
            .get(titles[i].as_str())
            .filter(|_| !titles[i].is_empty())
            .and_then(|dates| dates.iter().rev().copied().find(another));
        let body = bodies[i];
        if let Some(j) = same_title {
            found.push((i, j, Same::Title));
        } else if body.comparable() {
            let mut candidates: Vec<usize> = body
                .bands
                .iter()
                .filter_map(|key| bands_in_window.get(key))
                .flatten()
                .copied()
                .filter(another)
                .collect();
            candidates.sort_unstable_by(|a, b| b.cmp(a));
            candidates.dedup();
            if let Some(j) = candidates
                .into_iter()
                .find(|&j| nearly_same(&body.shingles, &bodies[j].shingles))
            {
                found.push((i, j, Same::Body));
            }
        }
        titles_in_window
            .entry(titles[i].as_str())
            .or_default()
            .push_back(i);
        if body.comparable() {
            for &key in &body.bands {
                bands_in_window.entry(key).or_default().push_back(i);
            }
        }
    }
    found
}

/// Copies of one post with one title, each inside the window of the one
/// before, on exactly the dates a `repeat:` series from the first to the last
/// would go out on: one post with `repeat` and `until` says the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rhythm {
    /// The first and last dates, as indices into the channel's dates.
    first: usize,
    last: usize,
    copies: usize,
    every: model::Repeat,
}

/// Each date's `Rhythm`, when its title's copies around it have one. The
/// dates of one title are split where a gap is wider than the window, so
/// every date is looked at once per title.
fn rhythms(
    days: &[Date],
    owners: &[PostId],
    titles: &[String],
    window: i64,
) -> Vec<Option<Rhythm>> {
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, title) in titles.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
        by_title.entry(title).or_default().push(i);
    }
    let mut out = vec![None; days.len()];
    for dates in by_title.values() {
        for run in dates.chunk_by(|&a, &b| days_between(days[a], days[b]) <= window) {
            if let Some(rhythm) = rhythm(run, days, owners) {
                for &i in run {
                    out[i] = Some(rhythm);
                }
            }
        }
    }
    out
}

fn rhythm(run: &[usize], days: &[Date], owners: &[PostId]) -> Option<Rhythm> {
    // Two copies are a repeat, not yet a rhythm.
    if run.len() < 3 || run.len() > model::MAX_SERIES_DATES {
        return None;
    }
    // Copies, each its own post: a series among them would have to grow
    // instead, which the message does not say.
    let mut posts: Vec<PostId> = run.iter().map(|&i| owners[i]).collect();
    posts.sort_unstable();
    posts.dedup();
    if posts.len() < run.len() {
        return None;
    }
    let (first, last) = (run[0], run[run.len() - 1]);
    let dates: Vec<Date> = run.iter().map(|&i| days[i]).collect();
    let every = model::Repeat::ALL
        .iter()
        .map(|&(every, _)| every)
        .find(|&every| {
            model::Series {
                every,
                until: days[last],
            }
            .dates(days[first])
                == dates
        })?;
    Some(Rhythm {
        first,
        last,
        copies: run.len(),
        every,
    })
}

fn repeat_flag(
    posts: &[&Post],
    days: &[Date],
    (i, j, same): Repeat,
    rhythm: Option<Rhythm>,
    window: i64,
) -> Flag {
    let how = match same {
        Same::Title => "the same title as",
        Same::Body => "nearly the same text as",
    };
    let when = match days_between(days[j], days[i]) {
        0 => "the same day".to_string(),
        1 => "1 day earlier".to_string(),
        n => format!("{n} days earlier"),
    };
    let what_to_do = match rhythm.filter(|_| same == Same::Title) {
        Some(Rhythm {
            first,
            last,
            copies,
            every,
        }) => {
            let apart = match every {
                model::Repeat::Weekly => "a week",
                model::Repeat::Fortnightly => "two weeks",
                model::Repeat::Monthly => "a month",
            };
            format!(
                ", one of {copies} posts with this title {apart} apart from {} to {}: make them one post, `{}` with `repeat: {}` and `until: {}`, and delete the other {}",
                days[first],
                days[last],
                posts[first].slug,
                every.as_str(),
                days[last],
                copies - 1,
            )
        }
        None => format!(": say something new, or space them more than {window} days apart"),
    };
    let message = format!(
        "{how} `{}` on `{}` {when}{what_to_do}",
        posts[j].slug, posts[i].channel,
    );
    post_flag(Rule::RepeatedContent, posts[i], "title", message)
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

    /// The pairwise comparison that `repeats` stands for: every earlier post
    /// inside the window, latest first.
    fn exact_repeats(
        days: &[Date],
        titles: &[String],
        bodies: &[&Fingerprint],
        window: i64,
    ) -> Vec<Repeat> {
        (0..days.len())
            .filter_map(|i| {
                let earlier = || {
                    (0..i)
                        .rev()
                        .filter(|&j| days_between(days[j], days[i]) <= window)
                };
                earlier()
                    .find(|&j| !titles[i].is_empty() && titles[j] == titles[i])
                    .map(|j| (i, j, Same::Title))
                    .or_else(|| {
                        earlier()
                            .find(|&j| nearly_same(&bodies[i].shingles, &bodies[j].shingles))
                            .map(|j| (i, j, Same::Body))
                    })
            })
            .collect()
    }

    /// xorshift64*: a fixed sequence, so the test is the same on every run.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
    }

    #[test]
    fn bands_find_exactly_the_pairs_the_pairwise_comparison_finds() {
        let mut random = Random(0x5eed);
        let word = |random: &mut Random| format!("w{}", random.below(400));
        let mut posts: Vec<(i64, String, String)> = Vec::new();
        let mut planted = Vec::new();
        for n in 0..120 {
            let len = 300 + random.below(400);
            let base: Vec<String> = (0..len).map(|_| word(&mut random)).collect();
            let day = random.below(200) as i64;
            let title = if n % 10 == 0 {
                "a title used twice".to_string()
            } else {
                format!("post {n}")
            };
            posts.push((day, title, base.join(" ")));
            // Replacing a share p of the words breaks about 3p of the shingles,
            // so J ≈ (1 - 3p) / (1 + 3p): similarities from 0.75 to 0.95 take
            // p from about 1/12 down to 1/60.
            for _ in 0..random.below(3) {
                let target = 0.75 + random.below(21) as f64 / 100.0;
                let share = (1.0 - target) / (3.0 * (1.0 + target));
                let edited: Vec<String> = base
                    .iter()
                    .map(|w| {
                        if (random.below(10_000) as f64) < share * 10_000.0 {
                            word(&mut random)
                        } else {
                            w.clone()
                        }
                    })
                    .collect();
                let text = edited.join(" ");
                planted.push(jaccard(
                    &shingles(&posts.last().unwrap().2),
                    &shingles(&text),
                ));
                posts.push((
                    day + random.below(12) as i64,
                    format!("copy {n} {}", posts.len()),
                    text,
                ));
            }
        }
        posts.sort_by_key(|p| p.0);
        let start = jiff::civil::date(2026, 1, 1);
        let days: Vec<Date> = posts
            .iter()
            .map(|p| start.checked_add(jiff::Span::new().days(p.0)).unwrap())
            .collect();
        let titles: Vec<String> = posts.iter().map(|p| normalised_title(&p.1)).collect();
        let prints: Vec<Fingerprint> = posts.iter().map(|p| Fingerprint::of(&p.2)).collect();
        let prints: Vec<&Fingerprint> = prints.iter().collect();

        assert!(posts.len() >= 200, "{} posts", posts.len());
        assert!(
            planted
                .iter()
                .any(|&j| (0.75..BODY_SIMILARITY).contains(&j)),
            "{planted:?}"
        );
        assert!(
            planted.iter().filter(|&&j| j >= BODY_SIMILARITY).count() >= 40,
            "{planted:?}"
        );
        assert!(planted.iter().any(|&j| j >= 0.93), "{planted:?}");
        // Every date its own post: no series here.
        let owners: Vec<PostId> = (0..days.len() as u32).map(PostId).collect();
        for window in [0, 3, 7, 30] {
            let exact = exact_repeats(&days, &titles, &prints, window);
            assert_eq!(
                repeats(&days, &owners, &titles, &prints, window),
                exact,
                "window {window}"
            );
            if window == 7 {
                assert!(
                    exact.iter().filter(|r| r.2 == Same::Body).count() >= 30,
                    "{exact:?}"
                );
                assert!(exact.iter().any(|r| r.2 == Same::Title), "{exact:?}");
            }
        }
    }
}
