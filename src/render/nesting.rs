//! Templates that would render forever, or nest deeper than a stack holds,
//! refused before Tera parses them for good.
//!
//! Tera parses and renders by recursion, with no limit of its own: a template
//! that includes itself, a macro that calls itself, templates that extend or
//! import each other, blocks that hold each other through `super()`, a long
//! chain of macros or a thousand nested `if`s overflow the stack. An overflow
//! aborts the process (no message, a build's set-aside files left behind, the
//! preview gone) and cannot be caught, so no template may be able to cause
//! one: every template is read here first, and a cycle, or nesting deeper
//! than `MAX_LEVELS`, is an error naming the template and the line.
//!
//! Two passes, because Tera's parser itself overflows on deep nesting: the
//! text is scanned for nested tags and long expressions before Tera parses
//! it; then the parsed templates are walked along every way one can lead into
//! another (include, import, extends, macro call, block, `super()`).
//!
//! A macro that calls itself is refused even when a condition would end it:
//! whether it ends depends on the data, and outcare's pages hold no trees to
//! walk (every list in a page's context is flat).

use std::collections::{BTreeMap, HashMap};

use tera::Template;
use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// How deep rendering may nest: each tag, expression, include, import, block
/// and macro call inside another is a level. The built-in templates reach
/// 16; `templates::render` makes sure the stack holds this many.
pub const MAX_LEVELS: u32 = 100;

/// A template as the plan gives it (or as outcare has it built in).
pub struct Named<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// Whether the text is the plan's own, from `templates/`.
    pub from_plan: bool,
}

/// Refuses templates that would render forever or nest past `MAX_LEVELS`,
/// with a message that names the file and line and says what to do. Leaves
/// what Tera would refuse anyway (a syntax error, a missing template) to Tera.
pub fn check(templates: &[Named]) -> Result<(), String> {
    for template in templates {
        if let Err((line, message)) = scan(template.text) {
            return Err(located(template, Some(line), &message));
        }
    }
    let mut parsed = BTreeMap::new();
    for template in templates {
        match Template::new(template.name, None, template.text) {
            Ok(tpl) => {
                parsed.insert(template.name, (tpl, template));
            }
            Err(_) => return Ok(()),
        }
    }
    Walk::new(&parsed).all()
}

/// `file:line: message`, and the line itself.
fn located(template: &Named, line: Option<usize>, message: &str) -> String {
    let file = label(template);
    match line.and_then(|n| Some((n, template.text.lines().nth(n.checked_sub(1)?)?))) {
        Some((n, text)) => {
            let text: String = text.chars().take(160).collect();
            format!("{file}:{n}: {message}\n{n:>4} | {text}")
        }
        None => format!("{file}: {message}"),
    }
}

/// How a template is named to the user: the plan's file, or the built-in one.
fn label(template: &Named) -> String {
    if template.from_plan {
        format!("templates/{}", template.name)
    } else {
        format!("{} (built in)", template.name)
    }
}

// ------------------------------------------------------------------ the text

/// Tags that open a level closed by their `end` tag.
const OPENING: [&str; 5] = ["if", "for", "macro", "block", "filter"];

/// Scans a template's text the way Tera reads it (tags, comments, raw
/// blocks, string literals in tags) for how deep its tags nest and how many
/// levels each tag's expression can make: parentheses and brackets inside
/// each other, and every operator (a sum of 2,000 terms is 2,000 levels
/// deep once parsed). Errs with the line and what to do.
fn scan(text: &str) -> Result<(), (usize, String)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut line = 1;
    let mut open: u32 = 0;
    while let Some(start) = find(bytes, at, b"{") {
        line += count_lines(&bytes[at..start]);
        let Some(&kind) = bytes.get(start + 1) else {
            break;
        };
        let close: &[u8] = match kind {
            b'{' => b"}}",
            b'%' => b"%}",
            b'#' => b"#}",
            _ => {
                at = start + 1;
                continue;
            }
        };
        let inner_start = start + 2;
        let Some(inner_end) = tag_end(bytes, inner_start, close, kind != b'#') else {
            break;
        };
        let inner = &text[inner_start..inner_end];
        let tag_line = line;
        line += count_lines(&bytes[start..inner_end + 2]);
        at = inner_end + 2;
        if kind == b'#' {
            continue;
        }
        let words = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
        let first = words
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if kind == b'%' {
            if first == "raw" {
                // Everything up to `{% endraw %}` is text to Tera.
                match end_of_raw(text, at) {
                    Some(end) => {
                        line += count_lines(&bytes[at..end]);
                        at = end;
                    }
                    None => break,
                }
                continue;
            }
            if OPENING.contains(&first) {
                open += 1;
            } else if first.starts_with("end") && OPENING.contains(&&first[3..]) {
                open = open.saturating_sub(1);
            }
        }
        let levels = open + expression_levels(words);
        if levels > MAX_LEVELS {
            return Err((
                tag_line,
                format!(
                    "this tag nests {levels} levels deep (tags inside tags, parentheses inside parentheses, and each operator of an expression are levels): outcare renders at most {MAX_LEVELS}, so that no template can overflow its stack; flatten it, with fewer tags inside each other or a shorter expression (a `set` can hold part of it)"
                ),
            ));
        }
    }
    Ok(())
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Where a tag's text ends (at its closing delimiter), skipping string
/// literals when `strings` (Tera's have no escapes).
fn tag_end(bytes: &[u8], from: usize, close: &[u8], strings: bool) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if strings && matches!(b, b'"' | b'\'' | b'`') {
            i = find(bytes, i + 1, &[b])? + 1;
            continue;
        }
        if bytes[i..].starts_with(close) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Where the `{% endraw %}` tag after `from` ends.
fn end_of_raw(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        let start = find(bytes, at, b"{%")?;
        let end = tag_end(bytes, start + 2, b"%}", false)?;
        let words = text[start + 2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if words == "endraw" {
            return Some(end + 2);
        }
        at = end + 2;
    }
}

/// An upper bound on how deep a tag's expression nests once parsed: each
/// parenthesis or bracket inside another is a level, and so is each operator
/// among the operands of one group (`1 + 1 + 1` parses as `(1 + 1) + 1`),
/// commas separating operands that do not nest. String literals aside.
fn expression_levels(tag: &str) -> u32 {
    let bytes = tag.as_bytes();
    // Operators so far in each open group, outermost first, and their sum.
    let mut groups: Vec<u32> = vec![0];
    let mut operators: u32 = 0;
    let mut deepest = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' | b'`' => match find(bytes, i + 1, &[bytes[i]]) {
                Some(end) => i = end,
                None => break,
            },
            b'(' | b'[' => groups.push(0),
            b')' | b']' if groups.len() > 1 => {
                operators -= groups.pop().unwrap_or(0);
            }
            b',' => {
                if let Some(last) = groups.last_mut() {
                    operators -= std::mem::take(last);
                }
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'~' | b'<' | b'>' | b'=' | b'!' => {
                if let Some(last) = groups.last_mut() {
                    *last += 1;
                    operators += 1;
                }
            }
            b if b.is_ascii_alphabetic() => {
                let word_end = bytes[i..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(bytes.len(), |n| i + n);
                if matches!(&tag[i..word_end], "and" | "or" | "not" | "in" | "is")
                    && let Some(last) = groups.last_mut()
                {
                    *last += 1;
                    operators += 1;
                }
                i = word_end;
                continue;
            }
            _ => {}
        }
        deepest = deepest.max((groups.len() as u32 - 1).saturating_add(operators));
        i += 1;
    }
    deepest
}

// ------------------------------------------------------------------ the templates

/// What renders as a whole, and can lead into another.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Unit<'a> {
    Template(&'a str),
    /// A macro, by its template and name.
    Macro(&'a str, &'a str),
    /// A block's definition, by its template and name.
    Block(&'a str, &'a str),
    /// Loading a template's macros: Tera loads its imports' (and its
    /// parents') first.
    Imports(&'a str),
}

/// How one unit led into the next.
#[derive(Clone, Copy)]
enum Via<'a> {
    Start,
    Include(&'a str),
    Import(&'a str),
    Extends(&'a str),
    Call(&'a str, &'a str),
    Block(&'a str),
    Super,
}

enum Stop<'a> {
    /// The units from the first of a cycle back to it.
    Cycle(Vec<(Unit<'a>, Via<'a>)>),
    /// The units down to where the nesting passed `MAX_LEVELS`.
    TooDeep(Vec<(Unit<'a>, Via<'a>)>),
}

type Parsed<'a> = BTreeMap<&'a str, (Template, &'a Named<'a>)>;

struct Walk<'a> {
    parsed: &'a Parsed<'a>,
    /// The templates defining each macro name; each block name.
    macros: HashMap<&'a str, Vec<&'a str>>,
    blocks: HashMap<&'a str, Vec<&'a str>>,
    /// The files each namespace is imported from, anywhere.
    namespaces: HashMap<&'a str, Vec<&'a str>>,
    /// Each unit's own depth, once known.
    depths: HashMap<Unit<'a>, u32>,
    /// The units being walked, outermost first.
    path: Vec<(Unit<'a>, Via<'a>)>,
}

/// The template and block a node is rendered in (`super()` needs both).
#[derive(Clone, Copy)]
struct Within<'a> {
    template: &'a str,
    block: Option<&'a str>,
}

impl<'a> Walk<'a> {
    fn new(parsed: &'a Parsed<'a>) -> Walk<'a> {
        let mut walk = Walk {
            parsed,
            macros: HashMap::new(),
            blocks: HashMap::new(),
            namespaces: HashMap::new(),
            depths: HashMap::new(),
            path: Vec::new(),
        };
        for (name, (template, _)) in parsed {
            for m in template.macros.keys() {
                walk.macros.entry(m).or_default().push(name);
            }
            for b in template.blocks.keys() {
                walk.blocks.entry(b).or_default().push(name);
            }
            for (file, namespace) in &template.imported_macro_files {
                walk.namespaces.entry(namespace).or_default().push(file);
            }
        }
        walk
    }

    /// Every template, macro and block as a start of its own, in order, so
    /// the same templates always give the same message.
    fn all(mut self) -> Result<(), String> {
        let mut starts: Vec<Unit> = self.parsed.keys().map(|&t| Unit::Template(t)).collect();
        for (&name, (template, _)) in self.parsed {
            let mut macros: Vec<&str> = template.macros.keys().map(String::as_str).collect();
            macros.sort_unstable();
            starts.extend(macros.into_iter().map(|m| Unit::Macro(name, m)));
            let mut blocks: Vec<&str> = template.blocks.keys().map(String::as_str).collect();
            blocks.sort_unstable();
            starts.extend(blocks.into_iter().map(|b| Unit::Block(name, b)));
        }
        for start in starts {
            if let Err(stop) = self.unit(start, Via::Start, 0) {
                return Err(self.message(stop));
            }
        }
        Ok(())
    }

    fn unit(&mut self, unit: Unit<'a>, via: Via<'a>, at: u32) -> Result<u32, Stop<'a>> {
        if let Some(first) = self.path.iter().position(|(u, _)| *u == unit) {
            let mut cycle = self.path[first..].to_vec();
            cycle.push((unit, via));
            return Err(Stop::Cycle(cycle));
        }
        if let Some(&depth) = self.depths.get(&unit) {
            if at + depth > MAX_LEVELS {
                let mut path = self.path.clone();
                path.push((unit, via));
                return Err(Stop::TooDeep(path));
            }
            return Ok(depth);
        }
        self.path.push((unit, via));
        let parsed = self.parsed;
        let depth = match unit {
            Unit::Template(t) => {
                let within = Within {
                    template: t,
                    block: None,
                };
                self.nodes(&parsed[t].0.ast, within, at)?
            }
            Unit::Macro(t, m) => {
                let within = Within {
                    template: t,
                    block: None,
                };
                self.nodes(&parsed[t].0.macros[m].body, within, at)?
            }
            Unit::Block(t, b) => {
                let within = Within {
                    template: t,
                    block: Some(b),
                };
                self.nodes(&parsed[t].0.blocks[b].body, within, at)?
            }
            Unit::Imports(t) => {
                let template = &parsed[t].0;
                let mut deepest = 0;
                for (file, _) in &template.imported_macro_files {
                    deepest = deepest.max(self.lead(Unit::Imports(file), Via::Import(file), at)?);
                }
                if let Some(parent) = &template.parent {
                    deepest =
                        deepest.max(self.lead(Unit::Imports(parent), Via::Extends(parent), at)?);
                }
                deepest
            }
        };
        self.path.pop();
        self.depths.insert(unit, depth);
        Ok(depth)
    }

    /// Into another unit, when the template exists (Tera reports a missing one).
    fn lead(&mut self, unit: Unit<'a>, via: Via<'a>, at: u32) -> Result<u32, Stop<'a>> {
        let template = match unit {
            Unit::Template(t) | Unit::Macro(t, _) | Unit::Block(t, _) | Unit::Imports(t) => t,
        };
        if !self.parsed.contains_key(template) {
            return Ok(0);
        }
        self.level(at)?;
        Ok(1 + self.unit(unit, via, at + 1)?)
    }

    /// One more level at `at`, unless that passes the limit.
    fn level(&self, at: u32) -> Result<(), Stop<'a>> {
        if at + 1 > MAX_LEVELS {
            return Err(Stop::TooDeep(self.path.clone()));
        }
        Ok(())
    }

    fn nodes(&mut self, nodes: &'a [Node], within: Within<'a>, at: u32) -> Result<u32, Stop<'a>> {
        let mut deepest = 0;
        for node in nodes {
            deepest = deepest.max(self.node(node, within, at)?);
        }
        Ok(deepest)
    }

    fn node(&mut self, node: &'a Node, within: Within<'a>, at: u32) -> Result<u32, Stop<'a>> {
        self.level(at)?;
        let inner = at + 1;
        let below = match node {
            Node::Super => self.super_block(within, inner)?,
            Node::Text(_)
            | Node::Raw(..)
            | Node::Comment(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::MacroDefinition(..) => 0,
            Node::VariableBlock(_, expr) => self.expr(expr, within, inner)?,
            Node::Set(_, set) => self.expr(&set.value, within, inner)?,
            Node::FilterSection(_, section, _) => self
                .nodes(&section.body, within, inner)?
                .max(self.call_args(&section.filter, within, inner)?),
            Node::Extends(_, parent) => {
                self.lead(Unit::Template(parent), Via::Extends(parent), inner)?
            }
            Node::Include(_, names, _) => {
                let mut deepest = 0;
                for name in names {
                    deepest =
                        deepest.max(self.lead(Unit::Template(name), Via::Include(name), inner)?);
                }
                deepest
            }
            Node::ImportMacro(_, file, _) => {
                self.lead(Unit::Imports(file), Via::Import(file), inner)?
            }
            Node::Block(_, block, _) => {
                // Rendered from whichever template's definition wins: any of them.
                let name = block.name.as_str();
                let mut deepest = 0;
                for &template in self.blocks.get(name).cloned().unwrap_or_default().iter() {
                    deepest = deepest.max(self.lead(
                        Unit::Block(template, name),
                        Via::Block(name),
                        inner,
                    )?);
                }
                deepest
            }
            Node::Forloop(_, forloop, _) => {
                let mut deepest = self.expr(&forloop.container, within, inner)?;
                deepest = deepest.max(self.nodes(&forloop.body, within, inner)?);
                if let Some(empty) = &forloop.empty_body {
                    deepest = deepest.max(self.nodes(empty, within, inner)?);
                }
                deepest
            }
            Node::If(condition, _) => {
                let mut deepest = 0;
                for (_, test, body) in &condition.conditions {
                    deepest = deepest.max(self.expr(test, within, inner)?);
                    deepest = deepest.max(self.nodes(body, within, inner)?);
                }
                if let Some((_, body)) = &condition.otherwise {
                    deepest = deepest.max(self.nodes(body, within, inner)?);
                }
                deepest
            }
        };
        Ok(1 + below)
    }

    /// `super()` renders the same block as the nearest parent defining it has it.
    fn super_block(&mut self, within: Within<'a>, at: u32) -> Result<u32, Stop<'a>> {
        let Some(block) = within.block else {
            return Ok(0);
        };
        let mut template = within.template;
        // At most one step per template: a cycle of parents is reported as such elsewhere.
        for _ in 0..self.parsed.len() {
            let Some(parent) = self.parsed[template].0.parent.as_deref() else {
                return Ok(0);
            };
            let Some((parent_template, _)) = self.parsed.get(parent) else {
                return Ok(0);
            };
            if parent_template.blocks.contains_key(block) {
                return self.lead(Unit::Block(parent, block), Via::Super, at);
            }
            template = parent;
        }
        Ok(0)
    }

    fn expr(&mut self, expr: &'a Expr, within: Within<'a>, at: u32) -> Result<u32, Stop<'a>> {
        self.level(at)?;
        let inner = at + 1;
        let mut deepest = self.value(&expr.val, within, inner)?;
        for filter in &expr.filters {
            deepest = deepest.max(self.call_args(filter, within, inner)?);
        }
        Ok(1 + deepest)
    }

    fn call_args(
        &mut self,
        call: &'a FunctionCall,
        within: Within<'a>,
        at: u32,
    ) -> Result<u32, Stop<'a>> {
        let mut deepest = 0;
        for arg in sorted_values(&call.args) {
            deepest = deepest.max(self.expr(arg, within, at)?);
        }
        Ok(deepest)
    }

    fn value(&mut self, value: &'a ExprVal, within: Within<'a>, at: u32) -> Result<u32, Stop<'a>> {
        Ok(match value {
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => 0,
            ExprVal::Math(math) => self
                .expr(&math.lhs, within, at)?
                .max(self.expr(&math.rhs, within, at)?),
            ExprVal::Logic(logic) => self
                .expr(&logic.lhs, within, at)?
                .max(self.expr(&logic.rhs, within, at)?),
            ExprVal::In(test) => self
                .expr(&test.lhs, within, at)?
                .max(self.expr(&test.rhs, within, at)?),
            ExprVal::Test(test) => {
                let mut deepest = 0;
                for arg in &test.args {
                    deepest = deepest.max(self.expr(arg, within, at)?);
                }
                deepest
            }
            ExprVal::FunctionCall(call) => self.call_args(call, within, at)?,
            ExprVal::Array(items) => {
                let mut deepest = 0;
                for item in items {
                    deepest = deepest.max(self.expr(item, within, at)?);
                }
                deepest
            }
            ExprVal::StringConcat(concat) => {
                let mut deepest = 0;
                for value in &concat.values {
                    deepest = deepest.max(self.value(value, within, at)?);
                }
                deepest
            }
            ExprVal::MacroCall(call) => {
                let mut deepest = 0;
                for arg in sorted_values(&call.args) {
                    deepest = deepest.max(self.expr(arg, within, at)?);
                }
                // Tera finds a macro by namespaces that depend on where it is
                // rendered (the block, the including template): any template
                // that could answer to the name counts.
                let name = call.name.as_str();
                let defining = self.macros.get(name).cloned().unwrap_or_default();
                let candidates: Vec<&'a str> = if call.namespace == "self" {
                    defining
                } else {
                    let files = self
                        .namespaces
                        .get(call.namespace.as_str())
                        .cloned()
                        .unwrap_or_default();
                    defining.into_iter().filter(|t| files.contains(t)).collect()
                };
                for template in candidates {
                    deepest = deepest.max(self.lead(
                        Unit::Macro(template, name),
                        Via::Call(&call.namespace, name),
                        at,
                    )?);
                }
                deepest
            }
        })
    }

    fn message(&self, stop: Stop<'a>) -> String {
        match stop {
            Stop::Cycle(cycle) => {
                let chain = self.chain(&cycle);
                let (closing, via) = cycle[cycle.len() - 1];
                let from = cycle[cycle.len() - 2].0;
                let what = match (closing, via) {
                    (_, Via::Include(name)) => format!(
                        "including `{name}` leads back to itself ({chain}): a template that includes itself, directly or through others, would render forever; remove the include from one of them"
                    ),
                    (_, Via::Import(name)) => format!(
                        "importing `{name}` leads back to itself ({chain}): templates that import each other would load each other's macros forever; remove the import from one of them (a macro calls another of its own file as `self::name`)"
                    ),
                    (_, Via::Extends(name)) => format!(
                        "extending `{name}` leads back to itself ({chain}): templates cannot extend each other; remove the extends from one of them"
                    ),
                    (Unit::Macro(_, m), _) => format!(
                        "the macro `{m}` calls itself ({chain}): outcare refuses a macro that calls itself, directly or through others, even with a condition that would end it, since a page's data holds no trees to walk; write it without the call (a `for` loop over the list does what the call would)"
                    ),
                    _ => format!(
                        "blocks hold each other ({chain}): rendering them would never end; rename one of the blocks, or drop the `super()`"
                    ),
                };
                self.at_edge(from, via, &what)
            }
            Stop::TooDeep(path) => {
                let chain = self.chain(&path);
                let what = format!(
                    "rendering nests more than {MAX_LEVELS} levels deep here ({chain}; each tag, expression, include, import, block and macro call inside another is a level): outcare stops there, so that no template can overflow its stack; flatten it, with fewer calls and includes inside each other"
                );
                // At the deepest step from one unit into another: the call to cut.
                match path.len() {
                    0 => what,
                    1 => located(self.parsed[template_of(path[0].0)].1, None, &what),
                    n => self.at_edge(path[n - 2].0, path[n - 1].1, &what),
                }
            }
        }
    }

    /// The message at the line of `from`'s template that leads on `via`.
    fn at_edge(&self, from: Unit<'a>, via: Via<'a>, what: &str) -> String {
        let template = self.parsed[template_of(from)].1;
        let needles: Vec<String> = match via {
            Via::Include(name) => vec!["include".into(), name.into()],
            Via::Import(name) => vec!["import".into(), name.into()],
            Via::Extends(name) => vec!["extends".into(), name.into()],
            Via::Call(namespace, name) => vec![format!("{namespace}::{name}")],
            Via::Block(name) => vec!["block".into(), name.into()],
            Via::Super => vec!["super(".into()],
            Via::Start => Vec::new(),
        };
        let start = match from {
            Unit::Macro(_, m) => line_of(template.text, &["macro".into(), m.into()], 1),
            Unit::Block(_, b) => line_of(template.text, &["block".into(), b.into()], 1),
            _ => None,
        }
        .unwrap_or(1);
        let line = if needles.is_empty() {
            None
        } else {
            line_of(template.text, &needles, start).or_else(|| line_of(template.text, &needles, 1))
        };
        located(template, line, what)
    }

    /// The units as the user knows them, `→` between them.
    fn chain(&self, units: &[(Unit<'a>, Via<'a>)]) -> String {
        let named = |unit: Unit<'a>| {
            let file = label(self.parsed[template_of(unit)].1);
            match unit {
                Unit::Template(_) => file,
                Unit::Macro(_, m) => format!("macro `{m}` in {file}"),
                Unit::Block(_, b) => format!("block `{b}` in {file}"),
                Unit::Imports(_) => format!("the imports of {file}"),
            }
        };
        let names: Vec<String> = units.iter().map(|(unit, _)| named(*unit)).collect();
        if names.len() > 8 {
            format!(
                "{} → … {} more … → {}",
                names[..3].join(" → "),
                names.len() - 6,
                names[names.len() - 3..].join(" → ")
            )
        } else {
            names.join(" → ")
        }
    }
}

fn template_of(unit: Unit<'_>) -> &str {
    match unit {
        Unit::Template(t) | Unit::Macro(t, _) | Unit::Block(t, _) | Unit::Imports(t) => t,
    }
}

/// A call's arguments in name order: the walk, and so its message, must not
/// depend on a hash map's order.
fn sorted_values<V>(args: &HashMap<String, V>) -> Vec<&V> {
    let mut args: Vec<(&String, &V)> = args.iter().collect();
    args.sort_unstable_by_key(|(name, _)| *name);
    args.into_iter().map(|(_, v)| v).collect()
}

/// The first line from `start` (1-based) holding every needle.
fn line_of(text: &str, needles: &[String], start: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(start - 1)
        .find(|(_, line)| needles.iter().all(|n| line.contains(n.as_str())))
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named<'a>(name: &'a str, text: &'a str) -> Named<'a> {
        Named {
            name,
            text,
            from_plan: true,
        }
    }

    #[test]
    fn the_scan_reads_tags_as_tera_does() {
        // Text, comments, raw blocks and string literals are not expressions.
        let deep = "(".repeat(150);
        for text in [
            format!("<p>{deep}</p>"),
            format!("{{# {deep} #}}"),
            format!("{{% raw %}}{{{{ {deep} }}}}{{% endraw %}}"),
            format!("{{{{ \"{deep}\" }}}}"),
            format!("{{{{ '}}}}' }}}}{}", "+".repeat(150)),
        ] {
            assert_eq!(scan(&text), Ok(()), "{text}");
        }
        assert!(scan(&format!("{{{{ {deep}1{} }}}}", ")".repeat(150))).is_err());
        assert!(scan(&format!("{{{{ 1{} }}}}", " + 1".repeat(150))).is_err());
        assert!(
            scan(&format!(
                "{{% if a{} %}}{{% endif %}}",
                " and a".repeat(150)
            ))
            .is_err()
        );
        let ifs = format!("{}{}", "{% if a %}".repeat(150), "{% endif %}".repeat(150));
        assert_eq!(scan(&ifs).unwrap_err().0, 1);
        // Operands apart do not nest: a long list, or many arguments, is flat.
        let list = format!("{{% set xs = [{}] %}}", vec!["-1"; 500].join(", "));
        assert_eq!(scan(&list), Ok(()));
        // Levels close with their end tags.
        let sequential = "{% if a %}{% endif %}\n".repeat(500);
        assert_eq!(scan(&sequential), Ok(()));
        // The line is the tag's, past multi-line tags and comments.
        let late = format!("a\n{{# b\nc #}}\n{{{{ x\n}}}}\n{{{{ {deep} }}}}");
        assert_eq!(scan(&late).unwrap_err().0, 6);
    }

    #[test]
    fn a_message_names_the_file_the_line_and_the_cycle() {
        let templates = [
            named("a.html", "<p>\n{% include \"b.html\" %}</p>"),
            named("b.html", "<p>\n\n{% include \"a.html\" %}</p>"),
        ];
        let message = check(&templates).unwrap_err();
        assert!(
            message.starts_with("templates/b.html:3: including `a.html` leads back to itself (templates/a.html → templates/b.html → templates/a.html)"),
            "{message}"
        );
        assert!(
            message.ends_with("   3 | {% include \"a.html\" %}</p>"),
            "{message}"
        );

        let templates = [named(
            "m.html",
            "{% macro list(n) %}\n{% if n %}{{ self::list(n=n - 1) }}{% endif %}{% endmacro %}",
        )];
        let message = check(&templates).unwrap_err();
        assert!(
            message.starts_with("templates/m.html:2: the macro `list` calls itself"),
            "{message}"
        );
    }

    #[test]
    fn built_in_and_ordinary_templates_pass() {
        let templates = [
            named(
                "base.html",
                "{% import \"m.html\" as m %}{% block main %}{% endblock main %}",
            ),
            named(
                "m.html",
                "{% macro row(x) %}<td>{{ x }}</td>{% endmacro %}{% macro table(xs) %}{% for x in xs %}{{ self::row(x=x) }}{% endfor %}{% endmacro %}",
            ),
            named(
                "page.html",
                "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block main %}{{ super() }}{{ m::table(xs=[1, 2]) }}{% include \"part.html\" %}{% endblock main %}",
            ),
            named("part.html", "{% include \"leaf.html\" %}"),
            named("leaf.html", "{{ 1 + 2 }}"),
        ];
        assert_eq!(check(&templates), Ok(()));
    }
}
