//! A problem found in the plan, from any stage, as a value.
//!
//! Loading and the rules never stop at the first problem: each returns what it
//! could make of the plan plus a list of `Flag`s, and the command decides the
//! exit status at the end. Rendering a flag (text, JSON, GitHub) lives here so
//! that every command prints the same thing.

use std::fmt::Write as _;
use std::io::IsTerminal;

use serde::Serialize;

/// Every rule id outcare knows. `invalid-file` is ours: problems with the file
/// itself (its name, encoding, size, place) rather than with its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    InvalidFile,
    InvalidFrontMatter,
    InvalidConfig,
    SkippedFile,
    UnknownReference,
    DuplicateSlug,
    NameClash,
    NoPersonaNeed,
    WrongChannel,
    PromoHeavy,
    RepeatedContent,
    UnservedPainPoint,
    SilentPersona,
    LoopNotClosed,
    FeedbackStatus,
    FeedbackWaiting,
    ReplyBeforeFeedback,
    Overdue,
    NotReady,
    UnfinishedCopy,
    OffCadence,
    StaleEvergreen,
}

impl Rule {
    pub const ALL: [Rule; 22] = [
        Rule::InvalidFile,
        Rule::InvalidFrontMatter,
        Rule::InvalidConfig,
        Rule::SkippedFile,
        Rule::UnknownReference,
        Rule::DuplicateSlug,
        Rule::NameClash,
        Rule::NoPersonaNeed,
        Rule::WrongChannel,
        Rule::PromoHeavy,
        Rule::RepeatedContent,
        Rule::UnservedPainPoint,
        Rule::SilentPersona,
        Rule::LoopNotClosed,
        Rule::FeedbackStatus,
        Rule::FeedbackWaiting,
        Rule::ReplyBeforeFeedback,
        Rule::Overdue,
        Rule::NotReady,
        Rule::UnfinishedCopy,
        Rule::OffCadence,
        Rule::StaleEvergreen,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::InvalidFile => "invalid-file",
            Rule::InvalidFrontMatter => "invalid-front-matter",
            Rule::InvalidConfig => "invalid-config",
            Rule::SkippedFile => "skipped-file",
            Rule::UnknownReference => "unknown-reference",
            Rule::DuplicateSlug => "duplicate-slug",
            Rule::NameClash => "name-clash",
            Rule::NoPersonaNeed => "no-persona-need",
            Rule::WrongChannel => "wrong-channel",
            Rule::PromoHeavy => "promo-heavy",
            Rule::RepeatedContent => "repeated-content",
            Rule::UnservedPainPoint => "unserved-pain-point",
            Rule::SilentPersona => "silent-persona",
            Rule::LoopNotClosed => "loop-not-closed",
            Rule::FeedbackStatus => "feedback-status",
            Rule::FeedbackWaiting => "feedback-waiting",
            Rule::ReplyBeforeFeedback => "reply-before-feedback",
            Rule::Overdue => "overdue",
            Rule::NotReady => "not-ready",
            Rule::UnfinishedCopy => "unfinished-copy",
            Rule::OffCadence => "off-cadence",
            Rule::StaleEvergreen => "stale-evergreen",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::InvalidFile
            | Rule::InvalidFrontMatter
            | Rule::InvalidConfig
            | Rule::UnknownReference
            | Rule::DuplicateSlug => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What a flag is about, in the words of `plan.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Post,
    Persona,
    PainPoint,
    Feedback,
    Config,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Persona => "persona",
            Kind::PainPoint => "pain-point",
            Kind::Feedback => "feedback",
            Kind::Config => "config",
        }
    }
}

/// A position in a file, 1-based. Column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }

    pub fn line(line: u32) -> Pos {
        Pos { line, column: 1 }
    }
}

/// One problem. The JSON form is the contract's: `column` stays out of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Flag {
    pub rule: Rule,
    pub severity: Severity,
    pub kind: Kind,
    pub slug: Option<String>,
    pub file: String,
    pub line: Option<u32>,
    #[serde(skip)]
    pub column: Option<u32>,
    pub message: String,
    /// What `check --base` compares in place of the message, when the message
    /// suggests something drawn from the rest of the plan (the least served
    /// need), which a change elsewhere alters without changing the problem.
    /// Boxed text: every flag carries the field, few fill it.
    #[serde(skip)]
    pub compared: Option<Box<str>>,
    /// For `off-cadence`: the channel and week the message speaks of, so the
    /// site can put a channel's weeks on one line. Not in the JSON: the
    /// message says it. Boxed: every flag carries the field, few fill it.
    #[serde(skip)]
    pub week: Option<Box<ChannelWeek>>,
}

/// A week a channel is off its rhythm in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChannelWeek {
    /// The channel's key in `outcare.yaml`.
    pub channel: String,
    pub monday: jiff::civil::Date,
    /// Fewer posts than `per_week` asks for; otherwise more.
    pub too_few: bool,
}

impl Flag {
    /// A flag at its rule's default severity; `rules:` settings adjust it later.
    pub fn new(rule: Rule, kind: Kind, file: &str, pos: Option<Pos>, message: String) -> Flag {
        Flag {
            rule,
            severity: rule.default_severity(),
            kind,
            slug: None,
            file: file.to_string(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            message,
            week: None,
            compared: None,
        }
    }

    /// Compared as `text` by `check --base` (see [`Flag::compared`]).
    pub fn compared_as(mut self, text: String) -> Flag {
        self.compared = Some(text.into_boxed_str());
        self
    }

    pub fn slug(mut self, slug: &str) -> Flag {
        self.slug = Some(slug.to_string());
        self
    }

    fn sort_key(&self) -> (&str, Option<u32>, Option<u32>, Rule, &str) {
        (&self.file, self.line, self.column, self.rule, &self.message)
    }
}

/// Puts flags in the one order every output uses: by file, then line, then rule.
pub fn sort(flags: &mut [Flag]) {
    flags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

pub fn count(flags: &[Flag]) -> Counts {
    let mut counts = Counts::default();
    for flag in flags {
        match flag.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
        }
    }
    counts
}

/// Looks up the text of a file a flag names, to show the offending line.
pub trait SourceLookup {
    fn source(&self, file: &str) -> Option<&str>;
}

/// Whether text output may use colour: only on a terminal, and never with `NO_COLOR`.
pub fn colour_wanted(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Compiler-style text: `file:line:col: severity[rule]: message`, then the line and a caret.
pub fn to_text(flags: &[Flag], sources: &dyn SourceLookup, colour: bool) -> String {
    use annotate_snippets::renderer::DecorStyle;
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for flag in flags {
        let (level, paint) = match flag.severity {
            Severity::Error => (Level::ERROR, "\x1b[1;31m"),
            Severity::Warning => (Level::WARNING, "\x1b[1;33m"),
        };
        let location = match (flag.line, flag.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", flag.file),
            (Some(line), None) => format!("{}:{line}", flag.file),
            _ => flag.file.clone(),
        };
        let location = printable(&location);
        let message = printable(&flag.message);
        let head = format!("{}[{}]", flag.severity.as_str(), flag.rule.id());
        if colour {
            let _ = writeln!(
                out,
                "\x1b[1m{location}:\x1b[0m {paint}{head}\x1b[0m\x1b[1m: {message}\x1b[0m"
            );
        } else {
            let _ = writeln!(out, "{location}: {head}: {message}");
        }
        let Some(line_no) = flag.line else {
            out.push('\n');
            continue;
        };
        let Some(text) = sources
            .source(&flag.file)
            .and_then(|s| s.lines().nth(line_no as usize - 1))
        else {
            out.push('\n');
            continue;
        };
        let text = text.trim_end_matches('\r');
        let span = caret_span(text, flag.column.unwrap_or(1));
        let (text, span) = printable_span(text, span);
        let group = Group::with_level(level).element(
            Snippet::source(text.as_ref())
                .line_start(line_no as usize)
                .fold(false)
                .annotation(AnnotationKind::Primary.span(span)),
        );
        let _ = writeln!(out, "{}\n", renderer.render(&[group]));
    }
    out
}

/// Whether a character would act on the terminal rather than show: a control
/// character (tab aside: the snippet renderer lays tabs out), a direction
/// embedding, override or isolate, which would reorder the rest of the line,
/// or a line or paragraph separator, which some terminals and log viewers
/// break the line at and others show as nothing.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// What stands for such a character: its control picture (`␛` for ESC), `␤`
/// for the line ends only YAML reads as such, or the replacement character.
fn picture(c: char) -> char {
    match c as u32 {
        n @ 0..=0x1F => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        0x85 | 0x2028 | 0x2029 => '\u{2424}',
        _ => '\u{FFFD}',
    }
}

/// Text from the plan made safe to print: a file, a value in a message or a
/// source line can hold an escape sequence that would recolour, retitle or
/// clear the terminal (or a CI log), so each such character is shown as a
/// picture of itself.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(acts_on_terminal) {
        text.chars()
            .map(|c| if acts_on_terminal(c) { picture(c) } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// A message of several lines that may quote the plan (a template's line in
/// an error, a file's name) made safe to print as `printable` does, its line
/// breaks kept.
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    let acts = |c: char| c != '\n' && acts_on_terminal(c);
    if text.chars().any(acts) {
        text.chars()
            .map(|c| if acts(c) { picture(c) } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// A source line made printable, with the byte range to underline moved along.
fn printable_span(
    text: &str,
    span: std::ops::Range<usize>,
) -> (std::borrow::Cow<'_, str>, std::ops::Range<usize>) {
    if !text.chars().any(acts_on_terminal) {
        return (text.into(), span);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let (mut start, mut end) = (None, None);
    for (at, c) in text.char_indices() {
        if at == span.start {
            start = Some(out.len());
        }
        if at == span.end {
            end = Some(out.len());
        }
        out.push(if acts_on_terminal(c) { picture(c) } else { c });
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out.into(), start..end)
}

/// The bytes to underline: a bracketed value whole, one item of a flow list,
/// or the rest of the line (less a trailing comment); the whole line's text
/// when the flag points at its start.
fn caret_span(text: &str, column: u32) -> std::ops::Range<usize> {
    let start = text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let rest = &text[start..];
    let in_flow = {
        let before = &text[..start];
        let opened = before.matches(['[', '{']).count();
        let closed = before.matches([']', '}']).count();
        opened > closed
    };
    let len = if rest.starts_with(['[', '{']) {
        let close = if rest.starts_with('[') { ']' } else { '}' };
        rest.find(close).map_or(rest.trim_end().len(), |i| i + 1)
    } else if in_flow && column > 1 {
        rest.find([',', ']', '}']).unwrap_or(rest.len())
    } else {
        let value = rest.find(" #").map_or(rest, |i| &rest[..i]);
        value.trim_end().len()
    };
    let len = rest[..len].trim_end().len();
    if len == 0 && start < text.len() {
        start..start + rest.chars().next().map_or(0, char::len_utf8)
    } else {
        start..start + len
    }
}

/// "1 post", "2 posts".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn summary(counts: Counts) -> String {
    if counts.errors == 0 && counts.warnings == 0 {
        "no problems found".to_string()
    } else {
        format!(
            "{}, {}",
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning")
        )
    }
}

pub fn to_json(flags: &[Flag]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        flags: &'a [Flag],
    }
    let json = serde_json::to_string_pretty(&Report { flags }).expect("flags serialise");
    // JSON needs only C0 controls escaped: DEL, C1 controls and direction
    // overrides from the plan would go out as they are and act on a terminal.
    // Escaped, they read back as the same text.
    let mut out = String::with_capacity(json.len() + 1);
    for c in json.chars() {
        if c != '\n' && acts_on_terminal(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// GitHub shows at most this many `::error` and this many `::warning`
/// annotations per step, and drops the rest without a word.
pub const GITHUB_ANNOTATIONS: usize = 10;

/// GitHub refuses a step's job summary over 1 MiB; this leaves room for the
/// lines other tools of the same step wrote.
pub const GITHUB_SUMMARY_MAX: usize = 1024 * 1024 - 16 * 1024;

fn github_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    printable(&s).into_owned()
}

fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands with exactly the contract's properties
/// (file, line when known, title): errors first, then warnings, each in file
/// order, at most [`GITHUB_ANNOTATIONS`] of each, so that what GitHub shows is
/// chosen by us rather than dropped by it. Then one `::notice` saying how many
/// were left out and where they are: in the job summary when `summary` says
/// one is written, else in `outcare check`'s own output.
pub fn to_github(flags: &[Flag], summary: bool) -> String {
    let mut out = String::new();
    let mut left_out = Counts::default();
    for severity in [Severity::Error, Severity::Warning] {
        for (i, flag) in flags.iter().filter(|f| f.severity == severity).enumerate() {
            if i >= GITHUB_ANNOTATIONS {
                match severity {
                    Severity::Error => left_out.errors += 1,
                    Severity::Warning => left_out.warnings += 1,
                }
                continue;
            }
            let mut props = format!("file={}", github_property(&flag.file));
            if let Some(line) = flag.line {
                let _ = write!(props, ",line={line}");
            }
            let _ = write!(props, ",title={}", github_property(flag.rule.id()));
            let _ = writeln!(
                out,
                "::{} {props}::{}",
                flag.severity.as_str(),
                github_data(&flag.message)
            );
        }
    }
    let missing = left_out.errors + left_out.warnings;
    if missing > 0 {
        let where_ = if summary {
            "every flag is listed in this job's summary"
        } else {
            "run `outcare check` to see every flag"
        };
        let _ = writeln!(
            out,
            "::notice title=outcare::{}",
            github_data(&format!(
                "{missing} more {} ({}) {} not annotated here, since GitHub shows at most {GITHUB_ANNOTATIONS} errors and {GITHUB_ANNOTATIONS} warnings a step: {where_}",
                if missing == 1 { "flag" } else { "flags" },
                summary_counts(left_out),
                if missing == 1 { "is" } else { "are" }
            ))
        );
    }
    out
}

fn summary_counts(counts: Counts) -> String {
    format!(
        "{}, {}",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning")
    )
}

/// A table cell: one line, no column break, no markup but the code spans.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A Markdown job summary of every flag: the counts by rule, then one table
/// row per flag, in at most `budget` bytes; rows past it are counted in a
/// closing note instead.
pub fn github_summary(flags: &[Flag], budget: usize) -> String {
    github_summary_scoped(flags, budget, None)
}

/// [`github_summary`] with a paragraph under the heading saying what the
/// flags were chosen against (`check --base`); then an empty list of flags
/// is no claim about the whole plan.
pub fn github_summary_scoped(flags: &[Flag], budget: usize, scope: Option<&str>) -> String {
    let counts = count(flags);
    let mut out = format!("## outcare check: {}\n\n", summary(counts));
    if let Some(scope) = scope {
        let _ = writeln!(out, "{}\n", cell(scope));
        if flags.is_empty() {
            return out;
        }
    }
    if flags.is_empty() {
        out.push_str("Every post serves a need of the people it is for.\n");
        return out;
    }
    let mut by_rule: std::collections::BTreeMap<(Severity, &str), usize> = Default::default();
    for flag in flags {
        *by_rule.entry((flag.severity, flag.rule.id())).or_default() += 1;
    }
    out.push_str("| rule | severity | flags |\n|---|---|---:|\n");
    for ((severity, rule), n) in &by_rule {
        let _ = writeln!(out, "| `{rule}` | {} | {n} |", severity.as_str());
    }
    out.push_str("\n| where | rule | severity | message |\n|---|---|---|---|\n");
    let closing_room = 200;
    let mut shown = 0;
    // Errors first, as in the annotations; each severity in file order.
    let ordered = flags
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .chain(flags.iter().filter(|f| f.severity == Severity::Warning));
    for flag in ordered {
        let place = match flag.line {
            Some(line) => format!("{}:{line}", flag.file),
            None => flag.file.clone(),
        };
        let row = format!(
            "| `{}` | `{}` | {} | {} |\n",
            cell(&place).replace('`', "'"),
            flag.rule.id(),
            flag.severity.as_str(),
            cell(&flag.message)
        );
        if out.len() + row.len() + closing_room > budget {
            break;
        }
        out.push_str(&row);
        shown += 1;
    }
    if shown < flags.len() {
        let _ = writeln!(
            out,
            "\n{} more flags are not listed, to keep this summary under GitHub's 1 MiB: run `outcare check` to see them all.",
            flags.len() - shown
        );
    }
    out.push_str("\nFor what a rule checks and how to fix it: `outcare explain RULE`.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct One(&'static str);
    impl SourceLookup for One {
        fn source(&self, _: &str) -> Option<&str> {
            Some(self.0)
        }
    }

    fn flag() -> Flag {
        Flag::new(
            Rule::WrongChannel,
            Kind::Post,
            "content/posts/a.md",
            Some(Pos::new(3, 10)),
            "not, here: 100%".into(),
        )
        .slug("a")
    }

    #[test]
    fn text_starts_like_a_compiler_and_shows_the_line_with_a_caret() {
        let text = to_text(
            &[flag()],
            &One("---\ntitle: A\nchannel: tiktok\n---\n"),
            false,
        );
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("content/posts/a.md:3:10: warning[wrong-channel]: not, here: 100%")
        );
        assert!(text.contains("3 | channel: tiktok"), "{text}");
        assert!(text.contains("|          ^^^^^^\n"), "{text}");
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn github_escapes_properties_and_data() {
        assert_eq!(
            to_github(&[flag()], false),
            "::warning file=content/posts/a.md,line=3,title=wrong-channel::not, here: 100%25\n"
        );
    }

    #[test]
    fn json_has_exactly_the_contract_keys() {
        let value: serde_json::Value = serde_json::from_str(&to_json(&[flag()])).unwrap();
        let keys: Vec<&str> = value["flags"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "file", "kind", "line", "message", "rule", "severity", "slug"
            ]
        );
    }

    #[test]
    fn caret_covers_the_word_at_the_column() {
        assert_eq!(caret_span("personas: [a, bb]", 15), 14..16);
        assert_eq!(caret_span("personas: [a, bb]", 11), 10..17);
        assert_eq!(caret_span("title: Five tips # later", 8), 7..16);
        assert_eq!(caret_span("title: x", 1), 0..8);
        assert_eq!(caret_span("", 1), 0..0);
        assert_eq!(caret_span("é: ü", 4), 4..6);
    }
}
