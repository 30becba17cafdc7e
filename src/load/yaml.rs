//! The only module that touches serde_yaml.
//!
//! serde_yaml is archived upstream; swapping it for a maintained fork with the
//! same API (serde_norway) must stay a change to this file alone. This module
//! also covers its gaps:
//! - its positions count from the first YAML line, and its messages repeat
//!   them: we add the front matter's offset and strip the repeated text;
//! - it reports missing and duplicate keys at 1:1: we find the real line by
//!   scanning the text for the key;
//! - `key:` and `key: ~` arrive as null and would pass as empty text: a
//!   required text that is empty is an error here;
//! - deeply nested input parses slowly: the caller caps the size first.
//!
//! Each key is read on its own, so one run reports every bad key of a file,
//! not just the first.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Flag, Kind, Pos, Rule};

/// Where one mapping sits in the text: the lines it spans and the indent of
/// its keys, so a key's line can be found again.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Region {
    first: usize,
    end: usize,
    indent: usize,
}

/// A YAML mapping read key by key. Collects a flag for every problem and
/// remembers which keys were read, so the rest can be reported as unknown.
pub struct Fields<'a> {
    lines: &'a [&'a str],
    /// The text's key indexes, shared by every mapping read from it.
    indexes: &'a Indexes<'a>,
    /// The file line of the first YAML line, minus one.
    offset: u32,
    file: &'a str,
    kind: Kind,
    region: Region,
    entries: Vec<(String, Value)>,
    read: Vec<&'static str>,
    flags: Vec<Flag>,
    /// Positions of the keys that were read and present, for later flags.
    pub positions: Vec<(String, Pos)>,
}

/// Where the search for a list's next item starts: the line and byte after
/// the last item found, and that byte's column (in characters).
struct ItemCursor {
    line: usize,
    byte: usize,
    column: usize,
    /// Items not found as written (`"\x61"` for `a`): each looked through
    /// the rest of the list's text.
    missed: usize,
}

/// After this many items not found as written, a list's later items are
/// flagged at its key rather than looked for: each miss reads the rest of
/// the list, so thousands would cost the list's length times over.
const MAX_MISSED_ITEMS: usize = 16;

/// A key of a free-form section such as `rules:`, with where its key and its
/// value are (a misspelt key is flagged at the key, a bad value at the value).
pub struct Setting {
    pub key: String,
    pub text: Option<String>,
    pub key_pos: Pos,
    pub value_pos: Pos,
}

/// The key index of each region looked up so far: mappings that share a
/// region (list items written on one line) share its index.
type Indexes<'a> = RefCell<HashMap<Region, KeyIndex<'a>>>;

/// The text of a front matter (or of `outcare.yaml`) split into lines once.
pub struct Text<'a> {
    lines: Vec<&'a str>,
    yaml: &'a str,
    offset: u32,
    indexes: Indexes<'a>,
}

impl<'a> Text<'a> {
    /// `first_line` is the file line of the YAML's first line (1-based).
    pub fn new(yaml: &'a str, first_line: u32) -> Text<'a> {
        Text {
            lines: yaml.lines().collect(),
            yaml,
            offset: first_line - 1,
            indexes: RefCell::default(),
        }
    }

    /// Parses the text as a mapping. `None` with a flag when it is not YAML or
    /// not a mapping; an empty text is an empty mapping.
    pub fn fields(&'a self, file: &'a str, kind: Kind) -> Result<Fields<'a>, Flag> {
        if let Some(line) = too_deep(&self.lines) {
            return Err(Flag::new(
                Rule::InvalidFrontMatter,
                kind,
                file,
                Some(Pos::line(self.offset + line as u32 + 1)),
                format!(
                    "lists or maps nest more than {MAX_NESTING} levels deep here: flatten them, or quote text that starts with `[` or `{{`"
                ),
            ));
        }
        if let Some((line, column, c)) = break_outside_quotes(&self.lines) {
            let key = self.lines[line]
                .split_once(':')
                .map(|(key, _)| key.trim())
                .filter(|key| !key.is_empty() && !key.starts_with('#'))
                .map_or_else(|| "this line".to_string(), |key| format!("`{key}`"));
            return Err(Flag::new(
                Rule::InvalidFrontMatter,
                kind,
                file,
                Some(Pos::new(self.offset + line as u32 + 1, column as u32 + 1)),
                format!(
                    "{key} holds {}, an invisible character that YAML reads as the end of a line, so the rest would be read as a line of its own: delete it (it comes in with pasted text), or put the whole value in double quotes to keep it",
                    char_name(c)
                ),
            ));
        }
        let value: Value = match serde_yaml::from_str(self.yaml) {
            Ok(value) => value,
            Err(err) => return Err(self.syntax_error(file, kind, &err)),
        };
        // Indented lists and maps nest without a bracket for `too_deep` to
        // count: the parsed value tells how deep they go.
        if let Value::Mapping(map) = &value
            && let Some((key, _)) = map
                .iter()
                .find(|(key, value)| nesting(key).max(nesting(value)) > MAX_NESTING)
        {
            let name = key.as_str();
            let line = name
                .and_then(|name| top_key_line(&self.lines, name))
                .unwrap_or(0);
            return Err(Flag::new(
                Rule::InvalidFrontMatter,
                kind,
                file,
                Some(Pos::line(self.offset + line as u32 + 1)),
                format!(
                    "{} nests lists or maps more than {MAX_NESTING} levels deep: flatten them",
                    name.map_or_else(|| "a key here".to_string(), |name| format!("`{name}`"))
                ),
            ));
        }
        let region = Region {
            first: 0,
            end: self.lines.len(),
            indent: 0,
        };
        match value {
            Value::Mapping(map) => Ok(Fields::new(self, file, kind, region, map)),
            Value::Null => Ok(Fields::new(self, file, kind, region, Mapping::new())),
            other => Err(Flag::new(
                Rule::InvalidFrontMatter,
                kind,
                file,
                Some(Pos::line(self.offset + 1)),
                format!(
                    "{} must be `key: value` lines, but this is {}: write one key per line, like `title: My post`",
                    if kind == Kind::Config {
                        "outcare.yaml"
                    } else {
                        "front matter"
                    },
                    describe(&other)
                ),
            )),
        }
    }

    fn syntax_error(&self, file: &str, kind: Kind, err: &serde_yaml::Error) -> Flag {
        let message = strip_positions(&err.to_string());
        let what = if kind == Kind::Config {
            "this is not valid YAML"
        } else {
            "front matter is not valid YAML"
        };
        // serde_yaml puts duplicates at 1:1, after the path of the mapping
        // (`channels: duplicate entry…`): find the second one ourselves.
        if let Some((path, rest)) = message.split_once("duplicate entry with key \"")
            && let Some(key) = rest.split('"').next()
        {
            let path = path.trim_end().trim_end_matches(':');
            let pos = second_key_at(&self.lines, path, key)
                .map(|(line, column)| Pos::new(self.offset + line as u32 + 1, column as u32 + 1));
            return Flag::new(
                Rule::InvalidFrontMatter,
                kind,
                file,
                pos.or(Some(Pos::line(self.offset + 1))),
                format!("`{key}` is given twice: keep one of them"),
            );
        }
        // serde_yaml stops expanding aliases that repeat an anchor so often the
        // document would grow without bound ("billion laughs"): say so in the
        // plan's words, at the first alias.
        if message.contains("repetition limit exceeded") {
            let alias = self.lines.iter().position(|line| {
                line.split(|c: char| c.is_whitespace() || matches!(c, '[' | '{' | ','))
                    .any(|word| word.starts_with('*') && word.len() > 1)
            });
            return Flag::new(
                Rule::InvalidFrontMatter,
                kind,
                file,
                Some(Pos::line(self.offset + alias.unwrap_or(0) as u32 + 1)),
                format!(
                    "{what}: its aliases (`*name`) repeat their anchors (`&name`) so many times over that it would grow enormous: write the values out instead of repeating them through aliases"
                ),
            );
        }
        // libyaml's line and column, as the file's: see `file_position`.
        let location = err
            .location()
            .map(|loc| file_position(self.yaml, loc.line(), loc.column()));
        // An unquoted `#c13584` inside `{…}` or `[…]` starts a comment, so the
        // brackets never close and libyaml complains on a later line: point at
        // the `#` that did it instead.
        if let Some(loc) = &location
            && let Some((line, column, example)) = comment_in_flow(&self.lines, loc.0)
        {
            return Flag::new(
                Rule::InvalidFrontMatter,
                kind,
                file,
                Some(Pos::new(self.offset + line as u32 + 1, column as u32 + 1)),
                format!(
                    "{what}: ` #` starts a comment, so the rest of this line is ignored and its `{{` or `[` is never closed; put the value in quotes, like `{example}`"
                ),
            );
        }
        let pos = location
            .as_ref()
            .map(|&(line, column)| Pos::new(self.offset + line as u32, column.max(1) as u32));
        // serde_yaml's own limit, past 128 levels: the same cap, in the same words.
        if message.contains("recursion limit exceeded") {
            return Flag::new(
                Rule::InvalidFrontMatter,
                kind,
                file,
                pos.map(|pos| Pos::line(pos.line))
                    .or(Some(Pos::line(self.offset + 1))),
                format!(
                    "lists or maps nest more than {MAX_NESTING} levels deep here: flatten them"
                ),
            );
        }
        // libyaml's words for the usual slips, and what to do about each.
        let advice = if message.contains("mapping values are not allowed") {
            let line = location
                .as_ref()
                .and_then(|&(line, _)| self.lines.get(line.saturating_sub(1)));
            match line.and_then(|line| line.trim().split_once(": ")) {
                Some((key, value)) => format!(
                    "a value contains `: `: put the whole value in quotes, like `{key}: \"{}\"`",
                    value.trim().replace('"', "\\\"")
                ),
                None => "a value contains `: `: put the whole value in quotes".to_string(),
            }
        } else if message.contains(" as u128") || message.contains(" as i128") {
            "a number here is far too large: use a small whole number, like 3".to_string()
        } else if message.contains("cannot start any token") && self.yaml.contains('\t') {
            "indent with spaces, not tabs".to_string()
        } else {
            "check the indentation, and put text that contains `: ` or starts with `[`, `{`, `*`, `&` or `#` in quotes".to_string()
        };
        Flag::new(
            Rule::InvalidFrontMatter,
            kind,
            file,
            pos.or(Some(Pos::line(self.offset + 1))),
            format!("{what}: {message}; {advice}"),
        )
    }
}

/// libyaml's 1-based line and column of an error as the file's. libyaml ends
/// lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR too (YAML 1.1), which
/// `str::lines` and the editors people write plans in do not, so its line
/// numbers run ahead of the file's after one of those (found by fuzzing: a
/// flag on line 3 of a one-line `outcare.yaml`).
fn file_position(yaml: &str, line: usize, column: usize) -> (usize, usize) {
    let (mut file_line, mut before, mut breaks) = (1, 0, 0);
    for c in yaml.chars() {
        if breaks + 1 >= line {
            break;
        }
        before += 1;
        match c {
            '\n' => {
                file_line += 1;
                before = 0;
                breaks += 1;
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => breaks += 1,
            _ => {}
        }
    }
    (file_line, before + column)
}

/// The line ends of YAML 1.1 that neither `str::lines` nor editors show as
/// one, with the names Unicode gives them.
const HIDDEN_BREAKS: [(char, &str); 3] = [
    ('\u{85}', "U+0085 NEXT LINE"),
    ('\u{2028}', "U+2028 LINE SEPARATOR"),
    ('\u{2029}', "U+2029 PARAGRAPH SEPARATOR"),
];

fn is_hidden_break(c: char) -> bool {
    HIDDEN_BREAKS.iter().any(|(hidden, _)| *hidden == c)
}

fn char_name(c: char) -> &'static str {
    HIDDEN_BREAKS
        .iter()
        .find(|(hidden, _)| *hidden == c)
        .map_or("a line break", |(_, name)| name)
}

/// The first of [`HIDDEN_BREAKS`] outside a quoted scalar, as (line, column,
/// character), 0-based. libyaml ends a line there, in plain text and comments
/// alike, so what follows is read as a new line: a key, a broken mapping, or
/// nothing at all. In quotes it is kept as text. Quotes may span lines.
fn break_outside_quotes(lines: &[&str]) -> Option<(usize, usize, char)> {
    let mut quote: Option<char> = None;
    for (line_no, line) in lines.iter().enumerate() {
        let mut significant = ' ';
        let mut chars = line.chars().enumerate().peekable();
        while let Some((column, c)) = chars.next() {
            match (quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                // `''` is a quote inside a single-quoted scalar.
                (Some('\''), '\'') if chars.peek().is_some_and(|(_, next)| *next == '\'') => {
                    chars.next();
                }
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if starts_scalar(significant) => quote = Some(c),
                (None, c) if is_hidden_break(c) => {
                    return Some((line_no, column, c));
                }
                _ => {}
            }
            if !c.is_whitespace() {
                significant = c;
            }
        }
    }
    None
}

/// The last line up to `error_line` (1-based) where ` #` comes inside an
/// unclosed `{` or `[` of that line: (line, column of the `#`, 0-based) and
/// the value quoted, like `color: "#c13584"`. Quotes are honoured, so a
/// quoted `"#c13584"` is not taken for a comment.
fn comment_in_flow(lines: &[&str], error_line: usize) -> Option<(usize, usize, String)> {
    let last = error_line.min(lines.len());
    (0..last).rev().take(3).find_map(|line_no| {
        let line = lines[line_no];
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (byte, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '{' | '[') => depth += 1,
                (None, '}' | ']') => depth = depth.saturating_sub(1),
                (None, '#') if previous.is_whitespace() => {
                    if depth == 0 {
                        return None;
                    }
                    let value: String = line[byte..]
                        .chars()
                        .take_while(|c| !matches!(c, ',' | '}' | ']') && !c.is_whitespace())
                        .collect();
                    let before = line[..byte].trim_end().trim_end_matches(':');
                    let key = before
                        .rsplit(['{', '[', ',', ' '])
                        .next()
                        .unwrap_or("")
                        .trim();
                    let example = if key.is_empty() || before.ends_with(['{', '[', ',']) {
                        format!("\"{value}\"")
                    } else {
                        format!("{key}: \"{value}\"")
                    };
                    let column = line[..byte].chars().count();
                    return Some((line_no, column, example));
                }
                _ => {}
            }
            previous = c;
        }
        None
    })
}

/// The second place `key:` starts an entry of the mapping at `path` (the
/// dotted path serde_yaml puts before its message, empty for the top), as
/// (line, column), 0-based.
fn second_key_at(lines: &[&str], path: &str, key: &str) -> Option<(usize, usize)> {
    let mut region = Region {
        first: 0,
        end: lines.len(),
        indent: 0,
    };
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (line, _) = find_key(lines, region, part)?;
        region = value_region(lines, line, region);
        // The mapping's own keys start on the lines after its key.
        region.first = line + 1;
    }
    let (first, _) = find_key(lines, region, key)?;
    let (line, end) = find_key(
        lines,
        Region {
            first: first + 1,
            ..region
        },
        key,
    )?;
    let start = lines[line][..end].rfind(key).unwrap_or(0);
    Some((line, lines[line][..start].chars().count()))
}

/// A line without its comment: everything before the first `#` that starts
/// a comment (at the line's start or after a blank, outside quotes).
fn code_part(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut significant = ' ';
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if starts_scalar(significant) => quote = Some(c),
            (None, '#') if previous.is_whitespace() || i == 0 => return &line[..i],
            _ => {}
        }
        previous = c;
        if !c.is_whitespace() {
            significant = c;
        }
    }
    line
}

/// How many unknown keys of one mapping are flagged one by one.
const MAX_UNKNOWN_KEYS: usize = 20;

/// How deep `[` and `{` may nest. serde_yaml's parser is quadratic in the
/// depth; no plan needs more than a few levels.
pub const MAX_NESTING: usize = 32;

/// The first line (0-based) where flow collections nest deeper than allowed,
/// ignoring brackets in quotes and comments.
fn too_deep(lines: &[&str]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        let mut significant = ' ';
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if starts_scalar(significant) => quote = Some(c),
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(i);
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = c;
            if !c.is_whitespace() {
                significant = c;
            }
        }
    }
    None
}

/// How many lists and maps deep a value goes; a plain value is 0.
fn nesting(value: &Value) -> usize {
    match value {
        Value::Sequence(items) => 1 + items.iter().map(nesting).max().unwrap_or(0),
        Value::Mapping(map) => {
            1 + map
                .iter()
                .map(|(key, value)| nesting(key).max(nesting(value)))
                .max()
                .unwrap_or(0)
        }
        Value::Tagged(tagged) => nesting(&tagged.value),
        _ => 0,
    }
}

/// The line (0-based) of a top-level `key:`, quoted or not.
fn top_key_line(lines: &[&str], key: &str) -> Option<usize> {
    lines.iter().position(|line| {
        let line = line.strip_prefix(['"', '\'']).unwrap_or(line);
        line.strip_prefix(key).is_some_and(|rest| {
            let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
            rest.trim_start().starts_with(':')
        })
    })
}

/// Whether a quote after this character (the last non-blank one) opens a
/// quoted scalar; elsewhere, as in `Henk's`, it is just an apostrophe.
fn starts_scalar(previous: char) -> bool {
    matches!(previous, ' ' | ':' | '[' | '{' | ',' | '-' | '?')
}

/// Removes serde_yaml's " at line L column C" (relative to the YAML, not the
/// file) from a message: the flag carries the real position instead.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = after.trim_start_matches(|c: char| c.is_ascii_digit());
        let after = digits
            .strip_prefix(" column ")
            .map(|c| c.trim_start_matches(|c: char| c.is_ascii_digit()))
            .unwrap_or(digits);
        rest = after;
    }
    out.push_str(rest);
    out
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a set of `key: value` pairs",
        Value::Tagged(_) => "a tagged value",
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// A key longer than this is not looked for in the text: its flags go to
/// the start of its mapping. Keys are short; a bound keeps finding them
/// linear in the text even when every comma of a long line could start one.
const MAX_KEY_BYTES: usize = 256;

/// The first index at or after `from` where a test holds, for `from` that
/// only grows along one line: each index is tested at most once.
struct Scan {
    next: usize,
    hit: Option<(usize, usize)>,
}

impl Scan {
    fn new() -> Scan {
        Scan { next: 0, hit: None }
    }

    /// The index where `test` first holds, and what it returned there.
    fn first(
        &mut self,
        from: usize,
        len: usize,
        test: impl Fn(usize) -> Option<usize>,
    ) -> Option<(usize, usize)> {
        if let Some((at, _)) = self.hit
            && at >= from
        {
            return self.hit;
        }
        self.hit = None;
        let mut i = self.next.max(from);
        while i < len {
            if let Some(found) = test(i) {
                self.hit = Some((i, found));
                self.next = i + 1;
                return self.hit;
            }
            i += 1;
        }
        self.next = len;
        None
    }
}

/// The keys that start a mapping entry on a line, each with the byte just
/// after its `:`, in the order a reader looks for them: the key at the
/// region's `indent`, then each key after a `{` or `,` of a flow mapping. A
/// key ends at the first `:` followed by a blank (a plain key cannot hold
/// `: `), or a quoted one at the first quote before such a `:`. One pass over
/// the line, however many keys it holds.
fn keys_on(line: &str, indent: usize) -> Vec<(&str, usize)> {
    let bytes = line.as_bytes();
    let len = bytes.len();
    let blank_or_end = |i: usize| matches!(bytes.get(i), None | Some(b' ' | b'\t'));
    let plain_end = |i: usize| (bytes[i] == b':' && blank_or_end(i + 1)).then_some(i + 1);
    let quoted_end = |i: usize| {
        if !matches!(bytes[i], b'"' | b'\'') {
            return None;
        }
        let colon = i + 1 + bytes[i + 1..].iter().take_while(|b| **b == b' ').count();
        (bytes.get(colon) == Some(&b':') && blank_or_end(colon + 1)).then_some(colon + 1)
    };
    let (mut plain, mut quoted) = (Scan::new(), Scan::new());
    let mut key_at = |start: usize| -> Option<(&str, usize)> {
        let (key, end) = if matches!(bytes[start], b'"' | b'\'') {
            let (close, end) = quoted.first(start + 1, len, quoted_end)?;
            (&line[start + 1..close], end)
        } else {
            let (colon, end) = plain.first(start, len, plain_end)?;
            (line[start..colon].trim_end_matches(' '), end)
        };
        (key.len() <= MAX_KEY_BYTES).then_some((key, end))
    };
    let mut keys = Vec::new();
    if indent_of(line) == indent && indent < len {
        keys.extend(key_at(indent));
    }
    // Only a `{` or `,` inside a flow mapping, outside quotes, can start a key.
    let mut quote: Option<char> = None;
    let mut braces = 0usize;
    let mut significant = ' ';
    for (i, c) in code_part(line).char_indices() {
        let previous = significant;
        if !c.is_whitespace() {
            significant = c;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => continue,
            (None, '"' | '\'') if starts_scalar(previous) => quote = Some(c),
            (None, '{') => braces += 1,
            (None, '}') => braces = braces.saturating_sub(1),
            _ => {}
        }
        if quote.is_none() && (c == '{' || (c == ',' && braces > 0)) {
            let start = i + 1 + (line[i + 1..].len() - line[i + 1..].trim_start().len());
            if start < len {
                keys.extend(key_at(start));
            }
        }
    }
    keys
}

/// Where each key of a region first starts an entry: its line and the byte
/// after its `:`. Built in one pass over the region, so that looking up
/// every key of a mapping of 40,000 channels costs the text once.
type KeyIndex<'a> = HashMap<Cow<'a, str>, (usize, usize)>;

fn key_index<'a>(lines: &[&'a str], region: Region) -> KeyIndex<'a> {
    let mut index = KeyIndex::new();
    for (i, &line) in lines.iter().enumerate().take(region.end).skip(region.first) {
        if is_blank_or_comment(line) {
            continue;
        }
        if i == region.first
            && let Some(item) = item_line(line, region.indent)
        {
            for (key, end) in keys_on(&item, region.indent) {
                index.entry(Cow::Owned(key.to_string())).or_insert((i, end));
            }
            continue;
        }
        for (key, end) in keys_on(line, region.indent) {
            index.entry(Cow::Borrowed(key)).or_insert((i, end));
        }
    }
    index
}

/// The first place `key:` starts an entry in a region, as (line, byte after
/// the `:`), for a single look-up; `Fields` keeps a `key_index` instead.
fn find_key(lines: &[&str], region: Region, key: &str) -> Option<(usize, usize)> {
    (region.first..region.end).find_map(|i| {
        let line = lines[i];
        if is_blank_or_comment(line) {
            return None;
        }
        let found = |keys: Vec<(&str, usize)>| {
            keys.into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, end)| (i, end))
        };
        if i == region.first
            && let Some(item) = item_line(line, region.indent)
        {
            return found(keys_on(&item, region.indent));
        }
        found(keys_on(line, region.indent))
    })
}

/// The first line of a list item (`  - from: x`) with its dash blanked, when
/// the item's keys sit at `indent`: its first key then starts where the keys
/// on the lines below it do. Same bytes, so columns stay the file's.
fn item_line(line: &str, indent: usize) -> Option<String> {
    let dash = indent_of(line);
    let rest = line[dash..].strip_prefix('-')?;
    let gap = rest.len() - rest.trim_start_matches(' ').len();
    (gap > 0 && dash + 1 + gap == indent).then(|| format!("{} {rest}", " ".repeat(dash)))
}

/// The lines a key's value spans: its own line, then every more-indented line.
fn value_region(lines: &[&str], key_line: usize, parent: Region) -> Region {
    let mut end = key_line + 1;
    let mut indent = None;
    while end < parent.end {
        let line = lines[end];
        if !is_blank_or_comment(line) {
            let i = indent_of(line);
            // YAML lets a block list sit at its key's own indent.
            let list_item = line.trim_start().starts_with("- ") || line.trim() == "-";
            if i < parent.indent || (i == parent.indent && !list_item) {
                break;
            }
            indent.get_or_insert(i);
        }
        end += 1;
    }
    Region {
        first: key_line,
        end,
        indent: indent.unwrap_or(parent.indent + 2),
    }
}

/// A mapping's entries with their keys as text (a key like `2026` or `true` as written).
fn string_keys(map: Mapping) -> Vec<(String, Value)> {
    map.into_iter()
        .map(|(k, v)| {
            let key = match k {
                Value::String(s) => s,
                other => serde_yaml::to_string(&other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            (key, v)
        })
        .collect()
}

/// Names longer than this, in characters, get no suggestion: comparing two
/// names costs the product of their lengths, and a name this long is not a
/// slip of the keyboard.
const MAX_COMPARED_CHARS: usize = 100;

/// How many candidates one name is compared with in full, at most; the
/// cheap tests before leave few in a real plan, and this bounds a hostile one.
const MAX_COMPARED_NAMES: usize = 1000;

/// Suggests the closest of `known` to a misspelt word, if any is close: at
/// most a third of its length apart (two edits for short names).
pub fn did_you_mean<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    let length = word.chars().take(MAX_COMPARED_CHARS + 1).count();
    if length > MAX_COMPARED_CHARS {
        return None;
    }
    let letters = Letters::of(word);
    let mut best: Option<(usize, &str)> = None;
    let mut compared = 0;
    for &candidate in known {
        let reach = 2.max(candidate.len() / 3);
        // A character is one to four bytes, so the byte length alone rules
        // out most names of another length without reading them.
        if candidate.len() + reach < length || candidate.len() > 4 * (length + reach) {
            continue;
        }
        // Neither test rules out a name within reach: an edit changes the
        // length, and the characters one name has that the other lacks, by
        // at most one.
        let (candidate_length, unshared) = letters.unshared(candidate);
        if candidate_length > MAX_COMPARED_CHARS
            || candidate_length.abs_diff(length) > reach
            || unshared > reach
        {
            continue;
        }
        if compared == MAX_COMPARED_NAMES {
            break;
        }
        compared += 1;
        let distance = strsim::damerau_levenshtein(word, candidate);
        if distance <= reach && best.is_none_or(|best| (distance, candidate) < best) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// How many of each character a word has, counted in 64 buckets: enough to
/// tell, in one pass over another name, how many characters the two do not
/// share. Buckets can only lower that count, so it stays at most the edit
/// distance.
struct Letters {
    counts: [i32; 64],
    length: usize,
}

impl Letters {
    fn of(word: &str) -> Letters {
        let mut counts = [0; 64];
        let mut length = 0;
        for c in word.chars() {
            counts[c as usize % 64] += 1;
            length += 1;
        }
        Letters { counts, length }
    }

    /// `other`'s length in characters, and how many characters one of the
    /// two has that the other lacks (the larger of the two counts).
    fn unshared(&self, other: &str) -> (usize, usize) {
        let mut counts = self.counts;
        let (mut length, mut extra) = (0, 0);
        for c in other.chars() {
            let count = &mut counts[c as usize % 64];
            *count -= 1;
            if *count < 0 {
                extra += 1;
            }
            length += 1;
        }
        let missing = self.length - (length - extra);
        (length, extra.max(missing))
    }
}

/// The plain words of a value, in order, for an example built from what the
/// writer wrote: `{a: b}` gives `a`, `b`; `[x, [y]]` gives `x`, `y`.
fn words_of(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Bool(b) => out.push(b.to_string()),
        Value::Sequence(items) => items.iter().for_each(|item| words_of(item, out)),
        Value::Mapping(map) => map.iter().for_each(|(k, v)| {
            words_of(k, out);
            words_of(v, out);
        }),
        Value::Tagged(tagged) => words_of(&tagged.value, out),
        Value::String(_) | Value::Null => {}
    }
}

/// A text as a YAML value that reads back as that text: quoted when YAML
/// would otherwise see a mapping, a comment, a list, another special start,
/// a number, a boolean or null, or would drop its outer spaces or line breaks
/// (the hidden ones too: U+2028 and its kin).
pub fn quoted_if_needed(text: &str) -> String {
    let special_start = text.starts_with([
        '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '-', '?', ',',
    ]);
    let not_text = serde_yaml::from_str::<Value>(text)
        .map_or(true, |v| !matches!(v, Value::String(s) if s == text));
    if special_start
        || not_text
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.chars().any(|c| c.is_control() || is_hidden_break(c))
    {
        double_quoted(text)
    } else {
        text.to_string()
    }
}

/// A text in YAML's double quotes, escaped so that it reads back as itself.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // Escaped, not written as is: in quotes YAML still folds the
            // hidden line ends with the spaces after them.
            c if c.is_control() || is_hidden_break(c) => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl<'a> Fields<'a> {
    fn new(text: &'a Text<'a>, file: &'a str, kind: Kind, region: Region, map: Mapping) -> Self {
        let entries = string_keys(map);
        Fields {
            lines: &text.lines,
            indexes: &text.indexes,
            offset: text.offset,
            file,
            kind,
            region,
            entries,
            read: Vec::new(),
            flags: Vec::new(),
            positions: Vec::new(),
        }
    }

    fn key_pos(&self, key: &str) -> Option<(usize, usize)> {
        let mut indexes = self.indexes.borrow_mut();
        let index = indexes
            .entry(self.region)
            .or_insert_with(|| key_index(self.lines, self.region));
        index.get(key).copied()
    }

    /// Where a key's value starts, or the key itself when the value is on later lines.
    fn value_pos(&self, key: &str) -> Pos {
        match self.key_pos(key) {
            Some((line, end)) => {
                let text = self.lines[line];
                let value_start = end + (text.len() - end - text[end..].trim_start().len());
                let byte = if value_start < text.len() && !text[value_start..].starts_with('#') {
                    value_start
                } else {
                    indent_of(text)
                };
                let column = text[..byte].chars().count() as u32 + 1;
                Pos::new(self.offset + line as u32 + 1, column)
            }
            None => self.region_pos(),
        }
    }

    /// Where a key itself starts, for flags about the key rather than its value.
    fn key_start(&self, key: &str) -> Pos {
        match self.key_pos(key) {
            Some((line, end)) => {
                let text = self.lines[line];
                let start = text[..end].rfind(key).unwrap_or(0);
                Pos::new(
                    self.offset + line as u32 + 1,
                    text[..start].chars().count() as u32 + 1,
                )
            }
            None => self.value_pos(key),
        }
    }

    fn region_pos(&self) -> Pos {
        Pos::new(
            self.offset + self.region.first as u32 + 1,
            self.region.indent as u32 + 1,
        )
    }

    fn flag(&mut self, rule: Rule, pos: Pos, message: String) {
        self.flags
            .push(Flag::new(rule, self.kind, self.file, Some(pos), message));
    }

    fn take(&mut self, key: &'static str) -> Option<Value> {
        self.read.push(key);
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        let value = self.entries.remove(i).1;
        let pos = self.value_pos(key);
        self.positions.push((key.to_string(), pos));
        Some(value)
    }

    /// Whether a key read earlier was there, whatever its value.
    pub fn has(&self, key: &str) -> bool {
        self.positions.iter().any(|(k, _)| k == key)
    }

    /// The position of a key read earlier (or the mapping's start).
    pub fn pos(&self, key: &str) -> Pos {
        self.positions
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(|| self.region_pos(), |(_, p)| *p)
    }

    fn missing(&mut self, key: &str, example: &str) {
        let pos = self.region_pos();
        self.flag(
            Rule::InvalidFrontMatter,
            pos,
            format!("`{key}` is missing: add a line like `{key}: {example}`"),
        );
    }

    /// `example` is what to show when the value itself has no words to build one from.
    fn wrong_type(&mut self, key: &str, value: &Value, wanted: &str, example: &str) {
        let mut words = Vec::new();
        words_of(value, &mut words);
        let built = match wanted {
            "a list" if !words.is_empty() => format!("[{}]", words.join(", ")),
            "text" if !words.is_empty() => quoted_if_needed(&words.join(", ")),
            _ => example.to_string(),
        };
        let example = built.as_str();
        let pos = self.pos(key);
        self.flag(
            Rule::InvalidFrontMatter,
            pos,
            format!(
                "`{key}` must be {wanted}, but it is {}: write it like `{key}: {example}`",
                describe(value)
            ),
        );
    }

    /// A text value. Numbers and true/false are taken as written, since a
    /// title of `2026` or an owner of `yes` is still text to a marketer.
    pub fn text(&mut self, key: &'static str, required: bool, example: &str) -> Option<String> {
        let value = self.take(key);
        let text = match value {
            None => None,
            Some(Value::Null) => {
                if required {
                    let pos = self.pos(key);
                    self.flag(
                        Rule::InvalidFrontMatter,
                        pos,
                        format!("`{key}` is empty: write it like `{key}: {example}`"),
                    );
                }
                return None;
            }
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(other) => {
                self.wrong_type(key, &other, "text", example);
                return None;
            }
        };
        match text.map(|t| t.trim().to_string()) {
            Some(t) if !t.is_empty() => Some(t),
            Some(_) if required => {
                let pos = self.pos(key);
                self.flag(
                    Rule::InvalidFrontMatter,
                    pos,
                    format!("`{key}` is empty: write it like `{key}: {example}`"),
                );
                None
            }
            Some(_) => None,
            None => {
                if required {
                    self.missing(key, example);
                }
                None
            }
        }
    }

    /// A list of slugs or keys, each with its position for later flags.
    /// One plain value where a list belongs is a list of one, as Hugo reads
    /// taxonomies; a value with commas is an error, since YAML reads
    /// `a, b` as one name and the writer surely meant two.
    pub fn list(&mut self, key: &'static str, required: bool, example: &str) -> Vec<(String, Pos)> {
        let Some(value) = self.take(key) else {
            if required {
                self.missing(key, example);
            }
            return Vec::new();
        };
        self.items(key, value, required, example)
    }

    /// Free labels, like a post's `tags`: a list as [`Fields::list`] reads
    /// one, where true/false is a word like any other, and an empty item is
    /// flagged. Their flags are warnings: the entry is whole without them.
    pub fn labels(&mut self, key: &'static str, example: &str) -> Vec<(String, Pos)> {
        let Some(value) = self.take(key) else {
            return Vec::new();
        };
        let word = |value: Value| match value {
            Value::Bool(b) => Value::String(b.to_string()),
            other => other,
        };
        let before = self.flags.len();
        let value = match value {
            Value::Sequence(items) => {
                let count = items.len();
                let kept: Vec<Value> = items
                    .into_iter()
                    .map(word)
                    .filter(|item| match item {
                        Value::Null => false,
                        Value::String(s) => !s.trim().is_empty(),
                        _ => true,
                    })
                    .collect();
                if kept.len() < count {
                    let mut words = Vec::new();
                    words_of(&Value::Sequence(kept.clone()), &mut words);
                    let fix = if words.is_empty() {
                        format!("delete the line, or write it like `{key}: {example}`")
                    } else {
                        format!("write it like `{key}: [{}]`", words.join(", "))
                    };
                    let pos = self.pos(key);
                    self.flag(
                        Rule::InvalidFrontMatter,
                        pos,
                        format!("`{key}` has an empty item: {fix}"),
                    );
                }
                Value::Sequence(kept)
            }
            other => word(other),
        };
        let labels = self.items(key, value, false, example);
        for flag in &mut self.flags[before..] {
            flag.severity = crate::diagnostic::Severity::Warning;
        }
        labels
    }

    fn items(
        &mut self,
        key: &'static str,
        value: Value,
        required: bool,
        example: &str,
    ) -> Vec<(String, Pos)> {
        let items = match value {
            Value::String(text) if text.contains(',') => {
                let names: Vec<&str> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .collect();
                let pos = self.pos(key);
                self.flag(
                    Rule::InvalidFrontMatter,
                    pos,
                    format!(
                        "`{key}` must be a list, but it is text with commas, which YAML reads as one name: write it like `{key}: [{}]`",
                        names.join(", ")
                    ),
                );
                return Vec::new();
            }
            one @ (Value::String(_) | Value::Number(_)) => vec![one],
            Value::Sequence(items) if !items.is_empty() || !required => items,
            Value::Sequence(_) | Value::Null => {
                if required {
                    let pos = self.pos(key);
                    self.flag(
                        Rule::InvalidFrontMatter,
                        pos,
                        format!("`{key}` is empty: list at least one, like `{key}: {example}`"),
                    );
                }
                return Vec::new();
            }
            other => {
                self.wrong_type(key, &other, "a list", example);
                return Vec::new();
            }
        };
        let key_line = self.key_pos(key).map_or(self.region.first, |(l, _)| l);
        let region = value_region(self.lines, key_line, self.region);
        let mut out = Vec::with_capacity(items.len());
        // Each line's code once, not once per item: a line may hold thousands.
        let code: Vec<&str> = (region.first..region.end)
            .map(|i| code_part(self.lines[i]))
            .collect();
        let mut search_from = ItemCursor {
            line: key_line,
            byte: self.key_pos(key).map_or(0, |(_, end)| end),
            column: 0,
            missed: 0,
        };
        search_from.column = code[key_line - region.first]
            .get(..search_from.byte)
            .map_or(0, |before| before.chars().count());
        for item in items {
            let text = match item {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                other => {
                    let mut words = Vec::new();
                    words_of(&other, &mut words);
                    let example = if words.is_empty() {
                        example.to_string()
                    } else {
                        format!("[{}]", words.join(", "))
                    };
                    let pos = self.pos(key);
                    self.flag(
                        Rule::InvalidFrontMatter,
                        pos,
                        format!(
                            "every item of `{key}` must be a single name, but one is {}: write it like `{key}: {example}`",
                            describe(&other)
                        ),
                    );
                    continue;
                }
            };
            let pos = self.find_item(&text, region, &code, &mut search_from);
            out.push((text, pos));
        }
        out
    }

    /// Finds an item's text at or after the last one found, within its key's
    /// value (`code`: the code part of each of its lines).
    fn find_item(&self, item: &str, region: Region, code: &[&str], from: &mut ItemCursor) -> Pos {
        if !item.is_empty() && from.missed < MAX_MISSED_ITEMS {
            for line_no in from.line..region.end {
                let line = code[line_no - region.first];
                let (start, column) = if line_no == from.line {
                    (from.byte, from.column)
                } else {
                    (0, 0)
                };
                if start > line.len() {
                    continue;
                }
                let mut search = start;
                while let Some(found) = line[search..].find(item) {
                    let at = search + found;
                    let end = at + item.len();
                    let before = line[..at].chars().next_back();
                    let after = line[end..].chars().next();
                    let boundary = |c: Option<char>| {
                        c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
                    };
                    if boundary(before) && boundary(after) {
                        // Counted from the last item, not from the line's start.
                        let at_column = column + line[start..at].chars().count();
                        *from = ItemCursor {
                            line: line_no,
                            byte: end,
                            column: at_column + item.chars().count(),
                            missed: from.missed,
                        };
                        return Pos::new(self.offset + line_no as u32 + 1, at_column as u32 + 1);
                    }
                    search = end;
                }
            }
            from.missed += 1;
        }
        self.pos_of_read_key(region)
    }

    fn pos_of_read_key(&self, region: Region) -> Pos {
        Pos::new(self.offset + region.first as u32 + 1, 1)
    }

    /// One of a fixed set of words, like a status.
    pub fn choice<T: Copy>(&mut self, key: &'static str, options: &[(T, &str)]) -> Option<T> {
        let value = self.take(key)?;
        let names: Vec<&str> = options.iter().map(|(_, n)| *n).collect();
        let word = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Null => return None,
            other => {
                self.wrong_type(key, &other, "one word", names[0]);
                return None;
            }
        };
        if let Some((v, _)) = options.iter().find(|(_, n)| n.eq_ignore_ascii_case(&word)) {
            return Some(*v);
        }
        let hint = did_you_mean(&word.to_lowercase(), &names)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        let pos = self.pos(key);
        self.flag(
            Rule::InvalidFrontMatter,
            pos,
            format!(
                "unknown {key} `{word}`{hint}: use one of {}",
                names.join(", ")
            ),
        );
        None
    }

    pub fn boolean(&mut self, key: &'static str) -> Option<bool> {
        match self.take(key)? {
            Value::Bool(b) => Some(b),
            Value::Null => None,
            other => {
                self.wrong_type(key, &other, "true or false", "true");
                None
            }
        }
    }

    pub fn number(&mut self, key: &'static str, example: &str) -> Option<f64> {
        match self.take(key)? {
            Value::Number(n) => n.as_f64(),
            Value::Null => None,
            other => {
                self.wrong_type(key, &other, "a number", example);
                None
            }
        }
    }

    /// A pair of whole numbers, like `per_week: [1, 3]`.
    pub fn pair(&mut self, key: &'static str, example: &str) -> Option<(u64, u64)> {
        let value = self.take(key)?;
        if let Value::Sequence(items) = &value
            && let [a, b] = items.as_slice()
            && let (Some(a), Some(b)) = (a.as_u64(), b.as_u64())
        {
            return Some((a, b));
        }
        self.wrong_type(key, &value, "two whole numbers", example);
        None
    }

    /// The mapping under a key (like `rules:`), read as fields of its own.
    /// `None` when the key is absent.
    pub fn section(&mut self, key: &'static str) -> Option<Fields<'a>> {
        let value = self.take(key)?;
        let map = match value {
            Value::Mapping(map) => map,
            Value::Null => Mapping::new(),
            other => {
                self.wrong_type(key, &other, "a set of `name: value` lines", "{…}");
                Mapping::new()
            }
        };
        let key_line = self.key_pos(key).map_or(self.region.first, |(l, _)| l);
        let mut inner = self.shallow();
        inner.region = value_region(self.lines, key_line, self.region);
        inner.entries = string_keys(map);
        Some(inner)
    }

    /// A mapping of named entries (like `channels:`), each read as fields,
    /// with where its name is. `None` when the key is absent.
    pub fn map(&mut self, key: &'static str) -> Option<Vec<(String, Pos, Fields<'a>)>> {
        let mut outer = self.section(key)?;
        let entries = std::mem::take(&mut outer.entries);
        let mut out = Vec::with_capacity(entries.len());
        for (name, value) in entries {
            let name_pos = outer.key_start(&name);
            let mut inner = outer.shallow();
            if let Some((line, _)) = outer.key_pos(&name) {
                inner.region = value_region(self.lines, line, outer.region);
            }
            match value {
                Value::Mapping(map) => inner.entries = string_keys(map),
                Value::Null => {}
                other => {
                    let pos = outer.value_pos(&name);
                    self.flag(
                        Rule::InvalidFrontMatter,
                        pos,
                        format!(
                            "`{name}` must be a set of `key: value` settings, but it is {}: write it like `{name}: {{name: …}}`",
                            describe(&other)
                        ),
                    );
                }
            }
            out.push((name, name_pos, inner));
        }
        self.flags.extend(outer.flags);
        Some(out)
    }

    /// A list of mappings (like `quiet:`), each item read as fields of its
    /// own. `None` when the key is absent. Items written one per line (block
    /// `- key: …` or `- {key: …}`) point at their own lines; items of a
    /// one-line `[{…}, {…}]` all search that line.
    pub fn records(&mut self, key: &'static str, example: &str) -> Option<Vec<Fields<'a>>> {
        let value = self.take(key)?;
        let items = match value {
            Value::Sequence(items) => items,
            Value::Null => Vec::new(),
            other => {
                self.wrong_type(key, &other, "a list of `- key: value` items", example);
                Vec::new()
            }
        };
        let count = items.len();
        let key_line = self.key_pos(key).map_or(self.region.first, |(l, _)| l);
        let whole = value_region(self.lines, key_line, self.region);
        let dashes: Vec<(usize, usize)> = (key_line + 1..whole.end)
            .filter_map(|i| {
                let line = self.lines[i];
                let dash = indent_of(line);
                let rest = line[dash..].strip_prefix('-')?;
                let gap = rest.len() - rest.trim_start_matches(' ').len();
                (gap > 0 || rest.is_empty()).then_some((i, dash + 1 + gap.max(1)))
            })
            .collect();
        let list_indent = dashes.first().map(|&(i, _)| indent_of(self.lines[i]));
        let dashes: Vec<(usize, usize)> = dashes
            .into_iter()
            .filter(|&(i, _)| Some(indent_of(self.lines[i])) == list_indent)
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (n, item) in items.into_iter().enumerate() {
            let mut inner = self.shallow();
            inner.region = match dashes.get(n) {
                Some(&(first, indent)) if dashes.len() == count => Region {
                    first,
                    end: dashes.get(n + 1).map_or(whole.end, |&(next, _)| next),
                    indent,
                },
                _ => Region {
                    first: key_line,
                    ..whole
                },
            };
            match item {
                Value::Mapping(map) => inner.entries = string_keys(map),
                other => {
                    let pos = inner.region_pos();
                    self.flag(
                        Rule::InvalidFrontMatter,
                        pos,
                        format!(
                            "every item of `{key}` must be a set of `key: value` pairs, but one is {}: write it like `- {example}`",
                            describe(&other)
                        ),
                    );
                    continue;
                }
            }
            out.push(inner);
        }
        Some(out)
    }

    fn shallow(&self) -> Fields<'a> {
        Fields {
            lines: self.lines,
            indexes: self.indexes,
            offset: self.offset,
            file: self.file,
            kind: self.kind,
            region: self.region,
            entries: Vec::new(),
            read: Vec::new(),
            flags: Vec::new(),
            positions: Vec::new(),
        }
    }

    /// The keys nobody read yet, with their text value if they have one.
    /// Used for `rules:`, whose keys are rule ids as well as fixed names.
    pub fn rest(&mut self) -> Vec<Setting> {
        let rest: Vec<(String, Value)> = std::mem::take(&mut self.entries);
        rest.into_iter()
            .map(|(key, value)| Setting {
                key_pos: self.key_start(&key),
                value_pos: self.value_pos(&key),
                text: match value {
                    Value::String(s) => Some(s),
                    _ => None,
                },
                key,
            })
            .collect()
    }

    /// Where this mapping starts in the file.
    pub fn start(&self) -> Pos {
        self.region_pos()
    }

    /// Flags keys nobody read as unknown, with a suggestion, and returns every
    /// flag of this mapping.
    pub fn finish(mut self, what: &str) -> Vec<Flag> {
        let known = std::mem::take(&mut self.read);
        let unknown: Vec<String> = self.entries.iter().map(|(k, _)| k.clone()).collect();
        // A file of hundreds of unknown keys is something else pasted in: name
        // the first few and count the rest, rather than search for each.
        if unknown.len() > MAX_UNKNOWN_KEYS {
            let pos = self.region_pos();
            self.flag(
                Rule::InvalidFrontMatter,
                pos,
                format!(
                    "{} more unknown keys in {what}, such as `{}`: the keys are {}",
                    unknown.len() - MAX_UNKNOWN_KEYS,
                    unknown[MAX_UNKNOWN_KEYS],
                    known.join(", ")
                ),
            );
        }
        for key in unknown.into_iter().take(MAX_UNKNOWN_KEYS) {
            let pos = self.key_start(&key);
            let message = match did_you_mean(&key, &known) {
                Some(s) => format!("unknown key `{key}` in {what} (did you mean `{s}`?)"),
                None => format!(
                    "unknown key `{key}` in {what}: the keys are {}",
                    known.join(", ")
                ),
            };
            self.flag(Rule::InvalidFrontMatter, pos, message);
        }
        self.flags
    }

    /// Adds a flag found by the caller while reading these fields.
    pub fn report(&mut self, rule: Rule, pos: Pos, message: String) {
        self.flag(rule, pos, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libyaml_positions_become_file_positions() {
        let yaml = "ab\u{2028}cd\nx: [\u{85}y";
        assert_eq!(file_position(yaml, 1, 2), (1, 2));
        assert_eq!(file_position(yaml, 2, 1), (1, 4));
        assert_eq!(file_position(yaml, 3, 4), (2, 4));
        assert_eq!(file_position(yaml, 4, 1), (2, 6));
        assert_eq!(file_position("a\n", 2, 1), (2, 1));
    }

    #[test]
    fn hidden_line_ends_count_only_outside_quotes() {
        let found = |yaml: &str| break_outside_quotes(&yaml.lines().collect::<Vec<_>>());
        assert_eq!(found("a: x\u{2028}y"), Some((0, 4, '\u{2028}')));
        assert_eq!(found("a: b\n# note\u{85}c: d"), Some((1, 6, '\u{85}')));
        assert_eq!(found("a: \"x\u{2028}y\"\nb: 'it''s\u{2029}'"), None);
        assert_eq!(found("a: \"say \\\"hi\u{2028}\\\"\""), None);
        assert_eq!(
            found("a: \"one\n  two\u{2028}\"\nb: c"),
            None,
            "quotes span lines"
        );
        assert_eq!(found("a: Henk's\u{2028}"), Some((0, 9, '\u{2028}')));
        assert_eq!(found("a: 'x'\u{2029}"), Some((0, 6, '\u{2029}')));
    }

    #[test]
    fn quoted_text_reads_back_as_itself() {
        for text in [
            "Spring hours: open at 7",
            "2026",
            "true",
            "null",
            "",
            " padded ",
            "two\nlines",
            "say \"hi\" \\ bye",
            "#1 tip",
            "- not a list",
            "plain words",
            "Launch\u{2028}  day",
            "Ana\u{2029}\u{85} Bram",
        ] {
            let yaml = format!("title: {}", quoted_if_needed(text));
            let value: Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(value["title"].as_str(), Some(text), "{yaml}");
        }
        assert_eq!(quoted_if_needed("plain words"), "plain words");
    }

    #[test]
    fn strips_relative_positions_from_messages() {
        assert_eq!(
            strip_positions(
                "did not find expected ',' or ']' at line 2 column 2, while parsing a flow sequence at line 1 column 4"
            ),
            "did not find expected ',' or ']', while parsing a flow sequence"
        );
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let text = Text::new("title: x\npersonas: [a\nchannel: b\n", 2);
        let flag = text.fields("f.md", Kind::Post).err().unwrap();
        assert_eq!(flag.line, Some(4));
        assert!(!flag.message.contains("line"), "{}", flag.message);
    }

    #[test]
    fn duplicate_keys_point_at_the_second() {
        let text = Text::new("title: x\nchannel: b\ntitle: y\n", 2);
        let flag = text.fields("f.md", Kind::Post).err().unwrap();
        assert_eq!(flag.line, Some(4));
        assert!(flag.message.contains("`title` is given twice"));
    }

    #[test]
    fn nested_duplicates_point_at_the_second_in_their_own_mapping() {
        let yaml = "channels:\n  instagram:\n    name: IG\n  blog:\n    name: Blog\n    color: \"#fff\"\n    name: Blog 2\n";
        let flag = Text::new(yaml, 1)
            .fields("outcare.yaml", Kind::Config)
            .err()
            .unwrap();
        assert_eq!(
            (flag.line, flag.column),
            (Some(7), Some(5)),
            "{}",
            flag.message
        );
        assert!(flag.message.contains("`name` is given twice"));
    }

    #[test]
    fn comments_do_not_hold_keys_or_items() {
        let text = Text::new(
            "title: Locks # was {channel: x}\nchannels: # blog first, then tiktok\n  - tiktok\nchannel: blog\n",
            1,
        );
        let mut fields = text.fields("f.md", Kind::Persona).unwrap();
        let items = fields.list("channels", false, "[blog]");
        assert_eq!(items[0].1, Pos::new(3, 5));
        fields.text("channel", false, "blog");
        assert_eq!(fields.pos("channel"), Pos::new(4, 10));
    }

    #[test]
    fn list_items_are_found_on_their_own_lines() {
        let text = Text::new("title: x\npersonas:\n  - ann\n  - bo\n", 2);
        let mut fields = text.fields("f.md", Kind::Post).unwrap();
        let items = fields.list("personas", false, "[ann]");
        assert_eq!(items[0].1, Pos::new(4, 5));
        assert_eq!(items[1].1, Pos::new(5, 5));
        let items2 = Text::new("personas: [ann, annie, an]\n", 1);
        let mut fields = items2.fields("f.md", Kind::Post).unwrap();
        let items = fields.list("personas", false, "[ann]");
        let cols: Vec<u32> = items.iter().map(|(_, p)| p.column).collect();
        assert_eq!(cols, [12, 17, 24]);
    }

    #[test]
    fn items_not_written_as_read_stop_the_search_after_a_few() {
        let escaped = vec!["\"\\x61\""; MAX_MISSED_ITEMS - 1].join(", ");
        let yaml = format!("title: x\nchannels: [{escaped}, blog, \"\\x62\", tiktok]\n");
        let text = Text::new(&yaml, 1);
        let mut fields = text.fields("f.md", Kind::Persona).unwrap();
        let items = fields.list("channels", false, "[blog]");
        let column = |at: usize| items[at].1.column as usize;
        // `blog` is found after fifteen misses; after the sixteenth, `tiktok`
        // is placed at its list's line rather than looked for.
        assert_eq!(column(MAX_MISSED_ITEMS - 1), yaml.find("blog").unwrap() - 8);
        assert_eq!(items[MAX_MISSED_ITEMS + 1].0, "tiktok");
        assert_eq!(items[MAX_MISSED_ITEMS + 1].1, Pos::new(2, 1));
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let text = Text::new("title: x\npain_point: [a]\n", 2);
        let mut fields = text.fields("f.md", Kind::Post).unwrap();
        fields.text("title", true, "x");
        fields.list("pain_points", false, "[a]");
        let flags = fields.finish("a post");
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].line, Some(3));
        assert!(
            flags[0].message.contains("did you mean `pain_points`?"),
            "{}",
            flags[0].message
        );
    }

    #[test]
    fn empty_required_text_is_an_error() {
        for yaml in ["title:\n", "title: ~\n", "title: ''\n"] {
            let text = Text::new(yaml, 2);
            let mut fields = text.fields("f.md", Kind::Post).unwrap();
            assert_eq!(fields.text("title", true, "x"), None);
            let flags = fields.finish("a post");
            assert!(flags[0].message.contains("`title` is empty"), "{yaml}");
            assert_eq!(flags[0].line, Some(2));
        }
    }

    #[test]
    fn did_you_mean_finds_near_misses() {
        let known = [
            "blog",
            "instagram",
            "knee-pain",
            "shin-splints",
            "café-owner",
            "how-to-keep-running-through-a-winter-of-knee-pain-and-shin-splints",
        ];
        for (word, meant) in [
            ("knee-pian", Some("knee-pain")),
            ("instgram", Some("instagram")),
            ("blgo", Some("blog")),
            ("shin-splint", Some("shin-splints")),
            ("cafe-owner", Some("café-owner")),
            (
                "how-to-keep-runing-thru-a-winter-of-knee-pain-and-shin-splints",
                Some("how-to-keep-running-through-a-winter-of-knee-pain-and-shin-splints"),
            ),
            ("newsletter", None),
            ("k", None),
        ] {
            assert_eq!(did_you_mean(word, &known), meant, "{word}");
        }
    }

    #[test]
    fn unshared_characters_never_exceed_the_edit_distance() {
        let unshared = |a: &str, b: &str| Letters::of(a).unshared(b).1;
        for (a, b) in [
            ("knee-pain", "knee-pian"),
            ("blog", "golb"),
            ("a!", "!a"),
            ("café", "cafe"),
            ("", "abc"),
            ("abc", ""),
            ("instagram", "newsletter"),
            ("aaaa", "bbbbbbbb"),
        ] {
            assert!(
                unshared(a, b) <= strsim::damerau_levenshtein(a, b),
                "{a} {b}"
            );
            assert_eq!(unshared(a, b), unshared(b, a), "{a} {b}");
        }
        assert_eq!(unshared("instagram", "instagram"), 0);
        assert_eq!(unshared("abc", "abcdef"), 3);
        assert_eq!(Letters::of("x").unshared("café"), (4, 4));
    }

    #[test]
    fn long_names_get_no_suggestion() {
        // Comparing a long name costs its length times each candidate's.
        let known = "a".repeat(MAX_COMPARED_CHARS + 1);
        let near = format!("{known}b");
        assert_eq!(did_you_mean(&near, &[&known]), None);
        assert_eq!(did_you_mean(&"a".repeat(60_000), &["a", "aa"]), None);
        let longest = "a".repeat(MAX_COMPARED_CHARS);
        let near = format!("{}b", &longest[1..]);
        assert_eq!(did_you_mean(&near, &[&longest]), Some(longest.as_str()));
    }

    #[test]
    fn keys_are_found_as_written() {
        let keys = |line: &str, indent: usize| -> Vec<(String, usize)> {
            keys_on(line, indent)
                .into_iter()
                .map(|(k, end)| (k.to_string(), end))
                .collect()
        };
        let one = |key: &str, end: usize| vec![(key.to_string(), end)];
        assert_eq!(keys("title: Note: this", 0), one("title", 6));
        assert_eq!(keys("base_url: https://x.org/a:b", 0), one("base_url", 9));
        assert_eq!(keys("time: 10:30", 0), one("time", 5));
        assert_eq!(keys("a:b c: 1", 0), one("a:b c", 6));
        assert_eq!(keys("key   :", 0), one("key", 7));
        assert_eq!(keys("\"it's\": 1", 0), one("it's", 7));
        assert_eq!(keys("'a b' : x", 0), one("a b", 7));
        assert_eq!(keys("  nested: 1", 0), vec![]);
        assert_eq!(
            keys("  ig: {name: IG, \"colour\": red}  # {x: y}", 2),
            [("ig", 5), ("name", 12), ("colour", 26)]
                .map(|(k, e)| (k.to_string(), e))
                .to_vec()
        );
        // Text in quotes holds no keys, and a key too long to be one is not looked for.
        assert_eq!(keys("title: \"{a: b, c: d}\"", 0), one("title", 6));
        let long = "k".repeat(MAX_KEY_BYTES + 1);
        assert_eq!(keys(&format!("{long}: 1"), 0), vec![]);
    }

    #[test]
    fn every_key_of_a_long_mapping_is_found_on_its_line() {
        let mut yaml = String::from("channels:\n");
        for n in 0..2_000 {
            yaml.push_str(&format!("  c{n}: {{name: C{n}, colour: red}}\n"));
        }
        let text = Text::new(&yaml, 1);
        let mut fields = text.fields("outcare.yaml", Kind::Config).unwrap();
        let mut flags = Vec::new();
        for (_, _, mut channel) in fields.map("channels").unwrap() {
            channel.text("name", true, "Blog");
            flags.extend(channel.finish("a channel"));
        }
        let lines: Vec<Option<u32>> = flags.iter().map(|f| f.line).collect();
        assert_eq!(lines, (2..2_002).map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn nested_keys_are_found_in_their_parent() {
        let yaml = "title: t\nchannels:\n  blog:\n    name: Blog\n    per_week: [1, x]\n  ig: {name: IG, colour: red}\n";
        let text = Text::new(yaml, 1);
        let mut fields = text.fields("outcare.yaml", Kind::Config).unwrap();
        let channels = fields.map("channels").unwrap();
        let mut flags = Vec::new();
        for (_, _, mut ch) in channels {
            ch.text("name", true, "Blog");
            ch.pair("per_week", "[1, 3]");
            ch.text("color", false, "#fff");
            flags.extend(ch.finish("a channel"));
        }
        assert_eq!(flags.len(), 2);
        assert_eq!((flags[0].line, flags[0].column), (Some(5), Some(15)));
        assert_eq!((flags[1].line, flags[1].column), (Some(6), Some(18)));
        assert!(flags[1].message.contains("did you mean `color`"));
    }
}
