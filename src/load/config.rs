//! Reads `outcare.yaml`: site settings, channels and rule settings.

use std::collections::{BTreeMap, HashMap};

use super::entries;
use super::yaml::{Fields, Text, did_you_mean};
use crate::diagnostic::{Flag, Kind, Pos, Rule, Severity};
use crate::model::{CONFIG_FILE, Channel, Config, FeedbackShown, Publish, QuietPeriod};

/// Why `url` cannot be the site's public address, if it cannot: it reaches
/// `calendar.ics` and `plan.json`, where another scheme (`javascript:`,
/// `data:`) would run or mislead in whatever opens them. Shared with
/// `--base-url`.
pub fn web_address_problem(url: &str) -> Option<&'static str> {
    let is_web_address = url.split_once("://").is_some_and(|(scheme, rest)| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"))
            && !host.is_empty()
            && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    });
    (!is_web_address).then_some(NOT_A_WEB_ADDRESS)
}

const NOT_A_WEB_ADDRESS: &str = "is not a web address: give the site's public address, starting with https:// (or http://), like https://example.org/plan/";

/// The zones an abbreviation may mean, and where each is: an abbreviation
/// names an offset, not the place whose clocks (and their changes) a plan
/// follows. Those the time zone database knows itself (`UTC`, `GMT`, `EST`,
/// `CET`…) never get here.
const ABBREVIATIONS: &[(&str, &[(&str, &str)])] = &[
    (
        "CST",
        &[
            ("America/Chicago", "US Central"),
            ("Asia/Shanghai", "China"),
        ],
    ),
    ("CDT", &[("America/Chicago", "US Central")]),
    ("EDT", &[("America/New_York", "US Eastern")]),
    ("PST", &[("America/Los_Angeles", "US Pacific")]),
    ("PDT", &[("America/Los_Angeles", "US Pacific")]),
    ("MDT", &[("America/Denver", "US Mountain")]),
    ("AKST", &[("America/Anchorage", "Alaska")]),
    ("AKDT", &[("America/Anchorage", "Alaska")]),
    ("AST", &[("America/Halifax", "Atlantic")]),
    ("ADT", &[("America/Halifax", "Atlantic")]),
    ("NST", &[("America/St_Johns", "Newfoundland")]),
    ("BST", &[("Europe/London", "British Summer Time")]),
    (
        "IST",
        &[
            ("Asia/Kolkata", "India"),
            ("Europe/Dublin", "Ireland"),
            ("Asia/Jerusalem", "Israel"),
        ],
    ),
    (
        "CEST",
        &[
            ("Europe/Paris", "Central Europe"),
            ("Europe/Berlin", "Central Europe"),
        ],
    ),
    ("EEST", &[("Europe/Athens", "Eastern Europe")]),
    ("WEST", &[("Europe/Lisbon", "Western Europe")]),
    ("MSK", &[("Europe/Moscow", "Moscow")]),
    ("SAST", &[("Africa/Johannesburg", "South Africa")]),
    ("WAT", &[("Africa/Lagos", "West Africa")]),
    ("EAT", &[("Africa/Nairobi", "East Africa")]),
    ("JST", &[("Asia/Tokyo", "Japan")]),
    ("KST", &[("Asia/Seoul", "Korea")]),
    ("HKT", &[("Asia/Hong_Kong", "Hong Kong")]),
    ("SGT", &[("Asia/Singapore", "Singapore")]),
    ("PHT", &[("Asia/Manila", "Philippines")]),
    ("WIB", &[("Asia/Jakarta", "Western Indonesia")]),
    (
        "AEST",
        &[
            ("Australia/Sydney", "Australian Eastern"),
            ("Australia/Brisbane", "Queensland"),
        ],
    ),
    ("AEDT", &[("Australia/Sydney", "Australian Eastern")]),
    ("ACST", &[("Australia/Adelaide", "Australian Central")]),
    ("ACDT", &[("Australia/Adelaide", "Australian Central")]),
    ("AWST", &[("Australia/Perth", "Western Australia")]),
    ("NZST", &[("Pacific/Auckland", "New Zealand")]),
    ("NZDT", &[("Pacific/Auckland", "New Zealand")]),
    ("BRT", &[("America/Sao_Paulo", "Brasília")]),
    ("ART", &[("America/Argentina/Buenos_Aires", "Argentina")]),
];

/// Why a zone the database knows is still not what the plan means, if it
/// is one of the abbreviations it keeps as one offset all year (`EST` is
/// Panama's clock), while the places that say them change clocks twice a year.
fn fixed_all_year(name: &str) -> Option<String> {
    let (offset, zone, place) = match name.trim().to_ascii_uppercase().as_str() {
        "EST" => ("-05:00", "America/New_York", "US Eastern"),
        "MST" => (
            "-07:00",
            "America/Denver",
            "US Mountain; Arizona's is America/Phoenix",
        ),
        _ => return None,
    };
    Some(format!(
        "`timezone: {name}` is {offset} all year, without summer time: for clocks that change, write `timezone: {zone}` ({place})"
    ))
}

/// What an unknown `timezone:` may have meant, said for its message: the
/// zones of an abbreviation, the zone of a city, or a name one typo away.
fn zone_meant(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    if let Some((_, zones)) = ABBREVIATIONS.iter().find(|(abbr, _)| *abbr == upper) {
        let choices: Vec<String> = zones
            .iter()
            .map(|(zone, place)| format!("`timezone: {zone}` ({place})"))
            .collect();
        return format!(
            "an abbreviation names no place, and outcare needs the place whose clocks the plan follows (and when they change): write {}",
            choices.join(", or ")
        );
    }
    let names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    // A city as people write it: `new york` is `America/New_York`.
    let city = name.trim().replace([' ', '-'], "_");
    let cities: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|zone| {
            zone.rsplit_once('/')
                .is_some_and(|(_, last)| last.eq_ignore_ascii_case(&city))
        })
        .collect();
    if !cities.is_empty() {
        let choices: Vec<String> = cities.iter().map(|z| format!("`timezone: {z}`")).collect();
        return format!("write the city's IANA name, {}", choices.join(" or "));
    }
    let known: Vec<&str> = names.iter().map(String::as_str).collect();
    match did_you_mean(name, &known) {
        Some(zone) => format!("did you mean `timezone: {zone}`?"),
        None => "use an IANA name such as Europe/Madrid, America/New_York or UTC".to_string(),
    }
}

/// A weekly target above this is a typo, not a plan.
const MAX_PER_WEEK: u64 = 1000;

/// Ten years ahead is as far as any plan looks.
const MAX_HORIZON_WEEKS: u32 = 520;

/// The most `ready_days` and `answer_days` may be: a year is notice enough.
const MAX_NOTICE_DAYS: u32 = 366;

/// Ten years of history is more than anyone reads on one page.
const MAX_CHANGES_DAYS: u32 = 3660;

/// Reads the configuration text. Whatever is wrong is flagged and left at its
/// default, so one bad key does not hide the rest of the plan's problems.
pub fn read(text: &str) -> (Config, Vec<Flag>) {
    let (config, mut flags) = read_settings(text);
    // The readers are shared with front matter, which this file is not: its
    // problems carry a rule id of their own.
    for flag in &mut flags {
        if flag.rule == Rule::InvalidFrontMatter {
            flag.rule = Rule::InvalidConfig;
        }
    }
    (config, flags)
}

fn read_settings(text: &str) -> (Config, Vec<Flag>) {
    let mut config = Config::default();
    let text = Text::new(text, 1);
    let mut fields = match text.fields(CONFIG_FILE, Kind::Config) {
        Ok(fields) => fields,
        Err(flag) => return (config, vec![flag]),
    };
    let mut flags = Vec::new();
    if let Some(title) = fields.text("title", false, "Our content plan") {
        config.title = title;
    }
    config.base_url = fields
        .text("base_url", false, "https://example.org/plan/")
        .and_then(|url| match web_address_problem(&url) {
            None => Some(url),
            Some(problem) => {
                let pos = fields.pos("base_url");
                fields.report(
                    Rule::InvalidFrontMatter,
                    pos,
                    format!("`base_url: {url}` {problem}"),
                );
                None
            }
        });
    if let Some(name) = fields.text("timezone", false, "Europe/Madrid") {
        match jiff::tz::db().get(&name) {
            Ok(tz) => {
                if let Some(problem) = fixed_all_year(&name) {
                    let pos = fields.pos("timezone");
                    let mut flag = Flag::new(
                        Rule::InvalidConfig,
                        Kind::Config,
                        CONFIG_FILE,
                        Some(pos),
                        problem,
                    );
                    flag.severity = Severity::Warning;
                    flags.push(flag);
                }
                // Found whatever its capitals: messages name it as IANA does.
                config.timezone_name = tz.iana_name().unwrap_or(&name).to_string();
                config.timezone = tz;
                config.timezone_set = true;
            }
            Err(_) => {
                let pos = fields.pos("timezone");
                fields.report(
                    Rule::InvalidFrontMatter,
                    pos,
                    format!("unknown time zone `{name}`: {}", zone_meant(&name)),
                );
            }
        }
    }
    if let Some(allow) = fields.boolean("allow_html") {
        config.allow_html = allow;
    }
    if let Some(days) = fields.number("changes_days", "14") {
        // Zero days would be an empty window: a changes page that can never list anything.
        if days >= 1.0 && days.fract() == 0.0 && days <= MAX_CHANGES_DAYS as f64 {
            config.changes_days = days as u32;
        } else {
            let pos = fields.pos("changes_days");
            fields.report(
                Rule::InvalidFrontMatter,
                pos,
                format!("`changes_days: {days}` must be a whole number of days from 1 to {MAX_CHANGES_DAYS}, like 14"),
            );
        }
    }
    let channel_list = fields.map("channels");
    let declared = channel_list.is_some();
    let mut channels = BTreeMap::new();
    for (key, key_pos, mut ch) in channel_list.unwrap_or_default() {
        let start = ch.start();
        let written_name = ch.text("name", false, "Blog");
        let slug = key.to_lowercase();
        if slug != key {
            flags.push(in_capitals(&key, &slug, key_pos, written_name.is_some()));
        }
        let name = written_name.unwrap_or_else(|| key.clone());
        let color = ch.text("color", false, "\"#2b6cb0\"");
        if let Some(c) = &color
            && !is_colour(c)
        {
            let pos = ch.pos("color");
            ch.report(
                Rule::InvalidFrontMatter,
                pos,
                format!(
                    "`color: {c}` is not a colour: write it as a quoted hex code like \"#2b6cb0\" (`#rgb`, `#rrggbb`, or `#rgba`, `#rrggbbaa` with transparency); colour names and functions such as `rgb()` are not accepted"
                ),
            );
        }
        let per_week = ch.pair("per_week", "[1, 3]").and_then(|(min, max)| {
            if max > MAX_PER_WEEK {
                let pos = ch.pos("per_week");
                ch.report(
                    Rule::InvalidFrontMatter,
                    pos,
                    format!("`per_week: [{min}, {max}]` asks for more than {MAX_PER_WEEK} posts a week: use a real target, like [1, 3]"),
                );
                None
            } else if min > max {
                let pos = ch.pos("per_week");
                ch.report(
                    Rule::InvalidFrontMatter,
                    pos,
                    format!("`per_week: [{min}, {max}]` asks for at least {min} but at most {max}: put the smaller number first"),
                );
                None
            } else {
                Some((min as u32, max as u32))
            }
        });
        let pos = if per_week.is_some() {
            ch.pos("per_week")
        } else {
            start
        };
        flags.extend(ch.finish(&format!("channel `{key}`")));
        channels.insert(
            key.clone(),
            Channel {
                key,
                name,
                color: color.filter(|c| is_colour(c)),
                per_week,
                pos,
            },
        );
    }
    if declared {
        config.channels = Some(channels);
    }
    for mut item in fields
        .records(
            "quiet",
            "{from: 2026-12-21, to: 2027-01-03, name: Holidays}",
        )
        .unwrap_or_default()
    {
        let period = quiet_period(&mut item);
        flags.extend(item.finish("a quiet period"));
        config.quiet.extend(period);
    }
    if let Some(rules) = fields.section("rules") {
        read_rules(&mut config, rules, &mut flags);
    }
    if let Some(publish) = fields.section("publish") {
        config.publish = read_publish(publish, &mut flags);
    }
    flags.extend(fields.finish("outcare.yaml"));
    (config, flags)
}

/// The declared channel keys a misspelt channel may mean, for a
/// did-you-mean: people write a channel as they say it (`Tik Tok`, `email`
/// for the channel named "Email newsletter"), so keys and names are both
/// compared, ignoring case, spaces, hyphens and underscores, and so are the
/// first words of a name, unless they begin several. Built once per plan,
/// since a plan may declare thousands of channels and name many unknown ones.
#[derive(Debug, Default)]
pub struct ChannelGuesses {
    /// Folded key or name → the first key spelt so.
    exact: HashMap<String, String>,
    /// Folded first words of a name → its key, or `None` when they begin
    /// the names of several channels.
    begun: HashMap<String, Option<String>>,
    /// Every folded key and name with its key, in key order, for the nearest
    /// spelling.
    spellings: Vec<(String, String)>,
}

/// A name's first words longer than this, folded, are not a guess anyone
/// types, and bound the work a long name costs.
const MAX_BEGUN_CHARS: usize = 100;

impl ChannelGuesses {
    pub fn new(config: &Config) -> ChannelGuesses {
        let mut guesses = ChannelGuesses::default();
        for (key, channel) in config.channels.iter().flatten() {
            for spelt in [folded(key), folded(&channel.name)] {
                if spelt.is_empty() {
                    continue;
                }
                guesses
                    .exact
                    .entry(spelt.clone())
                    .or_insert_with(|| key.clone());
                guesses.spellings.push((spelt, key.clone()));
            }
            for start in first_words(&channel.name) {
                guesses
                    .begun
                    .entry(start)
                    .and_modify(|meant| {
                        if meant.as_ref() != Some(key) {
                            *meant = None;
                        }
                    })
                    .or_insert_with(|| Some(key.clone()));
            }
        }
        guesses
    }

    /// The key `name` most likely means: a key or name spelt alike, a
    /// name's first words, else the nearest key or name by spelling.
    pub fn meant(&self, name: &str) -> Option<&str> {
        let wanted = folded(name);
        if wanted.is_empty() {
            return None;
        }
        if let Some(key) = self.exact.get(&wanted) {
            return Some(key);
        }
        if let Some(meant) = self.begun.get(&wanted) {
            return meant.as_deref();
        }
        let candidates: Vec<&str> = self.spellings.iter().map(|(s, _)| s.as_str()).collect();
        let nearest = did_you_mean(&wanted, &candidates)?;
        self.spellings
            .iter()
            .find(|(spelt, _)| spelt == nearest)
            .map(|(_, key)| key.as_str())
    }
}

/// A channel's key or name as compared for a did-you-mean.
fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first words of a name, folded: one word, two, and so on, all but the
/// whole name (spelt alike already), while short enough to be typed.
fn first_words(name: &str) -> Vec<String> {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut start = String::new();
    for word in words.iter().take(words.len().saturating_sub(1)) {
        start.push_str(&folded(word));
        if start.len() > MAX_BEGUN_CHARS {
            break;
        }
        out.push(start.clone());
    }
    out
}

/// Channel keys are slugs, like the names posts and personas give them; a key
/// in capitals is still matched (posts write `tiktok` for `TikTok:`), so this
/// is a warning, and it points at the key.
fn in_capitals(key: &str, slug: &str, pos: Pos, named: bool) -> Flag {
    let fix = if named {
        format!("write `{slug}:`; its `name:` is what the site shows")
    } else {
        format!("write `{slug}:` and put `{key}` in `name:`, which is what the site shows")
    };
    let mut flag = Flag::new(
        Rule::InvalidConfig,
        Kind::Config,
        CONFIG_FILE,
        Some(pos),
        format!(
            "the channel key `{key}` has capitals, but channel keys are slugs (lowercase letters, digits and -), as posts and personas write them: {fix}"
        ),
    );
    flag.severity = Severity::Warning;
    flag
}

fn read_rules(config: &mut Config, mut f: super::yaml::Fields, flags: &mut Vec<Flag>) {
    let rules = &mut config.rules;
    if let Some(share) = f.number("promo_share_max", "0.2") {
        if (0.0..=1.0).contains(&share) {
            rules.promo_share_max = share;
        } else {
            let pos = f.pos("promo_share_max");
            f.report(
                Rule::InvalidFrontMatter,
                pos,
                format!("`promo_share_max: {share}` is a share of posts: use a number from 0 to 1, like 0.2 for 20%"),
            );
        }
    }
    let whole = |f: &mut Fields, key: &'static str, unit: &str, max: u32, range: bool| {
        let example = if unit == "weeks" {
            8
        } else if unit == "posts" {
            5
        } else {
            7
        };
        let value = f.number(key, &example.to_string())?;
        if value >= 0.0 && value.fract() == 0.0 && value <= f64::from(max) {
            return Some(value as u32);
        }
        let pos = f.pos(key);
        let bounds = if range {
            format!(" from 0 to {max}")
        } else {
            String::new()
        };
        f.report(
            Rule::InvalidFrontMatter,
            pos,
            format!("`{key}: {value}` must be a whole number of {unit}{bounds}, like {example}"),
        );
        None
    };
    let settings: [(&'static str, &str, u32, bool, &mut u32); 6] = [
        (
            "promo_min_posts",
            "posts",
            1000,
            false,
            &mut rules.promo_min_posts,
        ),
        (
            "repeat_window_days",
            "days",
            3660,
            false,
            &mut rules.repeat_window_days,
        ),
        (
            "persona_silence_days",
            "days",
            3660,
            false,
            &mut rules.persona_silence_days,
        ),
        (
            "horizon_weeks",
            "weeks",
            MAX_HORIZON_WEEKS,
            true,
            &mut rules.horizon_weeks,
        ),
        (
            "ready_days",
            "days",
            MAX_NOTICE_DAYS,
            true,
            &mut rules.ready_days,
        ),
        (
            "answer_days",
            "days",
            MAX_NOTICE_DAYS,
            true,
            &mut rules.answer_days,
        ),
    ];
    for (key, unit, max, range, slot) in settings {
        if let Some(value) = whole(&mut f, key, unit, max, range) {
            *slot = value;
        }
    }
    let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    let mut known = ids.clone();
    known.extend([
        "promo_share_max",
        "promo_min_posts",
        "repeat_window_days",
        "persona_silence_days",
        "horizon_weeks",
        "ready_days",
        "answer_days",
    ]);
    for setting in f.rest() {
        let key = setting.key;
        let Some(rule) = Rule::from_id(&key) else {
            let hint = did_you_mean(&key, &known)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            flags.push(Flag::new(
                Rule::InvalidFrontMatter,
                Kind::Config,
                CONFIG_FILE,
                Some(setting.key_pos),
                format!(
                    "unknown rule setting `{key}`{hint}: the settings are promo_share_max, promo_min_posts, repeat_window_days, persona_silence_days, horizon_weeks, ready_days, answer_days, and any rule id ({}) set to error, warning or off",
                    ids.join(", ")
                ),
            ));
            continue;
        };
        let severity = match setting.text.as_deref().map(str::trim) {
            Some("error") => Some(Severity::Error),
            Some("warning") => Some(Severity::Warning),
            Some("off") => None,
            _ => {
                flags.push(Flag::new(
                    Rule::InvalidFrontMatter,
                    Kind::Config,
                    CONFIG_FILE,
                    Some(setting.value_pos),
                    format!("`{key}` must be set to error, warning or off, like `{key}: off`"),
                ));
                continue;
            }
        };
        rules.severity.insert(rule, severity);
    }
    flags.extend(f.finish("rules"));
}

/// `publish:`, what the site shows. A value that cannot be read leaves the
/// default, which publishes less than `full`.
fn read_publish(mut f: Fields, flags: &mut Vec<Flag>) -> Publish {
    let publish = Publish {
        feedback: f.choice("feedback", FeedbackShown::ALL).unwrap_or_default(),
    };
    flags.extend(f.finish("publish"));
    publish
}

/// One item of `quiet:`. A period with any bad part is left out whole: half a
/// holiday would silence the wrong weeks.
fn quiet_period(f: &mut Fields) -> Option<QuietPeriod> {
    let day = |f: &mut Fields, key: &'static str, example: &str| {
        entries::when(f, key, true, None, example)
            .ok()
            .flatten()
            .map(|when| when.date)
    };
    let from = day(f, "from", "2026-12-21");
    let to = day(f, "to", "2027-01-03");
    let name = f.text("name", true, "Holidays");
    let (from, to) = (from?, to?);
    if from > to {
        let pos = f.pos("to");
        f.report(
            Rule::InvalidFrontMatter,
            pos,
            format!(
                "the quiet period ends on {to}, before it starts on {from}: swap `from` and `to`"
            ),
        );
        return None;
    }
    Some(QuietPeriod {
        from,
        to,
        name: name?,
    })
}

/// A colour as a hex code, `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`: the only
/// colour syntax accepted, since the value goes into the site's CSS as it is
/// written, and a name or a function would let any text in.
fn is_colour(c: &str) -> bool {
    let hex = c.strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_config() {
        let (config, flags) = read(
            "title: Plan\ntimezone: Europe/Madrid\nchannels:\n  blog: {name: Blog, color: \"#2b6cb0\", per_week: [1, 3]}\n  instagram: {name: Instagram}\nrules:\n  promo_share_max: 0.3\n  repeat_window_days: 5\n  wrong-channel: error\n  overdue: off\n",
        );
        assert!(flags.is_empty(), "{flags:?}");
        assert_eq!(config.title, "Plan");
        let channels = config.channels.unwrap();
        assert_eq!(channels["blog"].per_week, Some((1, 3)));
        assert_eq!(channels["instagram"].per_week, None);
        assert_eq!(config.rules.promo_share_max, 0.3);
        assert_eq!(config.rules.repeat_window_days, 5);
        assert_eq!(
            config.rules.severity(Rule::WrongChannel),
            Some(Severity::Error)
        );
        assert_eq!(config.rules.severity(Rule::Overdue), None);
        assert_eq!(
            config.rules.severity(Rule::PromoHeavy),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn flags_bad_settings_where_they_are() {
        let (_, flags) = read(
            "timezone: Mars/Olympus\nchannels:\n  blog:\n    color: blue\n    per_week: [3, 1]\nrules:\n  promo_share_max: 2\n  wrong-chanel: error\n  overdue: maybe\n",
        );
        let mut flags = flags;
        crate::diagnostic::sort(&mut flags);
        let lines: Vec<Option<u32>> = flags.iter().map(|f| f.line).collect();
        assert_eq!(
            lines,
            [Some(1), Some(4), Some(5), Some(7), Some(8), Some(9)],
            "{flags:#?}"
        );
        assert!(flags[4].message.contains("did you mean `wrong-channel`"));
    }

    #[test]
    fn reads_changes_days_and_refuses_what_is_not_a_window() {
        assert_eq!(read("title: x\n").0.changes_days, 14);
        let (config, flags) = read("changes_days: 30\n");
        assert!(flags.is_empty(), "{flags:?}");
        assert_eq!(config.changes_days, 30);
        for bad in ["0", "2.5", "-3", "99999", "soon"] {
            let (config, flags) = read(&format!("changes_days: {bad}\n"));
            assert_eq!(config.changes_days, 14, "{bad}");
            assert_eq!(flags.len(), 1, "{bad}: {flags:?}");
            assert_eq!(flags[0].rule, Rule::InvalidConfig);
            assert_eq!(flags[0].line, Some(1));
        }
    }

    #[test]
    fn reads_quiet_periods_and_flags_bad_ones_on_their_lines() {
        let (config, flags) = read(
            "quiet:\n  - from: 2026-12-21\n    to: 2027-01-03\n    name: Holidays\n  - {from: 2026-08-01, to: 2026-08-14, name: Summer}\n",
        );
        assert!(flags.is_empty(), "{flags:?}");
        assert_eq!(config.quiet.len(), 2);
        assert_eq!(config.quiet[1].name, "Summer");
        let (config, mut flags) = read(
            "title: x\nquiet:\n  - from: 2026-12-21\n    to: 2026-12-01\n    name: Backwards\n  - from: 2026-02-30\n    to: 2026-03-02\n  - {from: 2026-08-01, to: 2026-08-14, nmae: Summer}\n",
        );
        crate::diagnostic::sort(&mut flags);
        let at: Vec<(Option<u32>, Option<u32>)> =
            flags.iter().map(|f| (f.line, f.column)).collect();
        assert_eq!(
            at,
            [
                (Some(4), Some(9)),
                (Some(6), Some(5)),
                (Some(6), Some(11)),
                (Some(8), Some(5)),
                (Some(8), Some(40)),
            ],
            "{flags:#?}"
        );
        assert!(flags.iter().all(|f| f.rule == Rule::InvalidConfig));
        assert!(flags[0].message.contains("swap `from` and `to`"));
        assert!(flags[1].message.contains("`name` is missing"));
        assert!(flags[2].message.contains("February 2026 has 28 days"));
        assert!(flags[4].message.contains("did you mean `name`"));
        assert!(config.quiet.is_empty());
    }

    #[test]
    fn reads_what_the_site_publishes_and_keeps_the_default_when_it_cannot() {
        assert_eq!(
            read("title: x\n").0.publish.feedback,
            FeedbackShown::Summary
        );
        for (shown, word) in FeedbackShown::ALL {
            let (config, flags) = read(&format!("publish:\n  feedback: {word}\n"));
            assert!(flags.is_empty(), "{flags:?}");
            assert_eq!(config.publish.feedback, *shown);
        }
        let (config, flags) = read("title: x\npublish:\n  feedback: ful\n");
        assert_eq!(config.publish.feedback, FeedbackShown::Summary);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(
            (flags[0].rule, flags[0].line),
            (Rule::InvalidConfig, Some(3))
        );
        assert!(
            flags[0].message.contains("did you mean `full`"),
            "{flags:?}"
        );
    }

    #[test]
    fn no_channels_means_any_channel() {
        let (config, _) = read("title: x\n");
        assert!(config.channels.is_none());
    }
}
