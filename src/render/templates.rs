//! The built-in templates and assets, compiled into the binary, with a plan's
//! own `templates/` folder overriding them file by file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use tera::Tera;

use super::nesting;
use crate::plan_files;

/// Built-in templates by name. A plan's `templates/<name>` replaces one.
const TEMPLATES: [(&str, &str); 26] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("header.html", include_str!("../../templates/header.html")),
    ("footer.html", include_str!("../../templates/footer.html")),
    ("filters.html", include_str!("../../templates/filters.html")),
    ("legend.html", include_str!("../../templates/legend.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("month.html", include_str!("../../templates/month.html")),
    ("agenda.html", include_str!("../../templates/agenda.html")),
    ("ideas.html", include_str!("../../templates/ideas.html")),
    ("post.html", include_str!("../../templates/post.html")),
    ("persona.html", include_str!("../../templates/persona.html")),
    (
        "pain_point.html",
        include_str!("../../templates/pain_point.html"),
    ),
    (
        "feedback.html",
        include_str!("../../templates/feedback.html"),
    ),
    ("flags.html", include_str!("../../templates/flags.html")),
    (
        "campaigns.html",
        include_str!("../../templates/campaigns.html"),
    ),
    (
        "campaign.html",
        include_str!("../../templates/campaign.html"),
    ),
    ("owners.html", include_str!("../../templates/owners.html")),
    ("owner.html", include_str!("../../templates/owner.html")),
    ("week.html", include_str!("../../templates/week.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    (
        "changes_box.html",
        include_str!("../../templates/changes_box.html"),
    ),
    ("change.html", include_str!("../../templates/change.html")),
    (
        "attention.html",
        include_str!("../../templates/attention.html"),
    ),
    (
        "commit_changes.html",
        include_str!("../../templates/commit_changes.html"),
    ),
];

/// Files copied into the site as they are (after any override).
const ASSETS: [(&str, &str); 3] = [
    ("style.css", include_str!("../../templates/style.css")),
    ("outcare.js", include_str!("../../templates/outcare.js")),
    ("search.js", include_str!("../../templates/search.js")),
];

pub struct Templates {
    pub tera: Tera,
    pub assets: Vec<(String, Vec<u8>)>,
    /// A hash of every template's text: a page rendered with other templates
    /// is another page (see `Site::fingerprint`).
    pub fingerprint: u64,
}

/// What a set of templates is made of, read from disk: each template's text
/// and each asset's bytes, built-in unless the plan overrides it.
struct Sources {
    templates: Vec<Source>,
    assets: Vec<(String, Vec<u8>)>,
    /// A hash of every template's text (see `Templates::fingerprint`).
    fingerprint: u64,
}

impl Templates {
    /// The built-ins, with `root/templates/*` laid over them.
    pub fn load(root: &Path) -> anyhow::Result<Templates> {
        Templates::compile(Sources::read(templates_dir(root)?.as_ref())?)
    }

    /// `load`, but keeps `previous` when no template or asset changed: a
    /// preview rebuild after a content save then parses no template.
    pub fn load_reusing(
        root: &Path,
        previous: Option<&Arc<Templates>>,
    ) -> anyhow::Result<Arc<Templates>> {
        let sources = Sources::read(templates_dir(root)?.as_ref())?;
        if let Some(previous) = previous
            && previous.fingerprint == sources.fingerprint
            && previous.assets == sources.assets
        {
            return Ok(Arc::clone(previous));
        }
        Templates::compile(sources).map(Arc::new)
    }

    /// The built-ins alone: what `serve` shows its errors over when a plan
    /// starts out broken, its own templates perhaps included.
    pub fn built_in() -> Templates {
        Sources::read(None)
            .and_then(Templates::compile)
            .expect("the built-in templates parse")
    }

    /// Parses the templates, after `nesting::check`, with stack enough for
    /// Tera's parser on whatever the check lets through.
    fn compile(sources: Sources) -> anyhow::Result<Templates> {
        stacker::maybe_grow(PARSE_STACK, PARSE_STACK, || {
            Templates::compile_here(sources)
        })
    }

    fn compile_here(sources: Sources) -> anyhow::Result<Templates> {
        let named: Vec<nesting::Named> = sources
            .templates
            .iter()
            .map(|t| nesting::Named {
                name: &t.name,
                text: &t.text,
                from_plan: t.from_plan,
            })
            .collect();
        nesting::check(&named).map_err(anyhow::Error::msg)?;
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.register_filter("code_spans", code_spans_filter);
        // Tera lets a template read any environment variable; a template from
        // someone's branch, built in CI, could publish the job's secrets.
        tera.register_function(
            "get_env",
            |_: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                Err(tera::Error::msg(
                    "outcare templates cannot read environment variables: put the value in outcare.yaml or in the template itself",
                ))
            },
        );
        tera.add_raw_templates(
            sources
                .templates
                .iter()
                .map(|t| (t.name.as_str(), t.text.as_str())),
        )
        .map_err(|err| {
            anyhow::anyhow!(
                "{}\nfix that file in templates/, or remove it to use the built-in one",
                template_error(&err)
            )
        })?;
        Ok(Templates {
            tera,
            assets: sources.assets,
            fingerprint: sources.fingerprint,
        })
    }
}

/// One template's text, and whether it is the plan's own or built in.
struct Source {
    name: String,
    text: String,
    from_plan: bool,
}

/// A plan's `templates/` folder, and the plan's folder it must stay inside.
struct PlanTemplates {
    dir: PathBuf,
    real_root: PathBuf,
}

/// The plan's `templates/` folder, if it has one: it may be missing, but not
/// a file, and not a symlink out of the plan (see `plan_files`).
fn templates_dir(root: &Path) -> anyhow::Result<Option<PlanTemplates>> {
    let dir = root.join("templates");
    if std::fs::symlink_metadata(&dir).is_err() {
        return Ok(None);
    }
    let real_root =
        plan_files::real_root(root).with_context(|| format!("reading {}", root.display()))?;
    if let Err(refused) = plan_files::may_read(&real_root, &dir) {
        anyhow::bail!("{} {refused}", dir.display());
    }
    if !dir.is_dir() {
        anyhow::bail!(
            "{} is a file, but it should be a folder of templates that override the built-in ones: move it away, or make it a folder",
            dir.display()
        );
    }
    Ok(Some(PlanTemplates { dir, real_root }))
}

impl Sources {
    /// The built-ins, with the files of the plan's `templates/` laid over them.
    fn read(plan: Option<&PlanTemplates>) -> anyhow::Result<Sources> {
        let read_override = |name: &str| -> anyhow::Result<Option<String>> {
            let Some(PlanTemplates { dir, real_root }) = plan else {
                return Ok(None);
            };
            let path = dir.join(name);
            if std::fs::symlink_metadata(&path).is_err() {
                return Ok(None);
            }
            let real = plan_files::may_read(real_root, &path)
                .map_err(|refused| anyhow::anyhow!("templates/{name} {refused}"))?;
            if !real.is_file() {
                return Ok(None);
            }
            std::fs::read_to_string(&real)
                .map(Some)
                .with_context(|| format!("reading templates/{name}"))
        };
        let mut sources: Vec<Source> = Vec::new();
        for (name, built_in) in TEMPLATES {
            let (text, from_plan) = match read_override(name)? {
                Some(text) => (text, true),
                None => (built_in.to_string(), false),
            };
            sources.push(Source {
                name: name.to_string(),
                text,
                from_plan,
            });
        }
        // A plan may add templates of its own for its overrides to include.
        if let Some(PlanTemplates { dir, .. }) = plan {
            let mut extra: Vec<String> = std::fs::read_dir(dir)
                .with_context(|| format!("reading {}", dir.display()))?
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".html") && !n.starts_with('.'))
                .filter(|n| !TEMPLATES.iter().any(|(t, _)| t == n))
                .collect();
            extra.sort();
            for name in extra {
                if let Some(text) = read_override(&name)? {
                    sources.push(Source {
                        name,
                        text,
                        from_plan: true,
                    });
                }
            }
        }
        let mut assets = Vec::new();
        for (name, built_in) in ASSETS {
            let bytes = match read_override(name)? {
                Some(text) => text.into_bytes(),
                None => built_in.as_bytes().to_vec(),
            };
            assets.push((name.to_string(), bytes));
        }
        let fingerprint = sources.iter().fold(super::FNV_START, |hash, source| {
            super::fnv(
                super::fnv(hash, source.name.as_bytes()),
                source.text.as_bytes(),
            )
        });
        Ok(Sources {
            templates: sources,
            assets,
            fingerprint,
        })
    }
}

/// Stack for parsing the templates (`Templates::compile`): Tera's parser
/// recurses once or twice per level, with large frames in a debug build.
const PARSE_STACK: usize = 16 << 20;

/// Stack that rendering a page may use: `nesting::MAX_LEVELS` levels of the
/// deepest kind (nested `for` loops) take about 850 KiB in a debug build
/// (`tests::the_deepest_templates_allowed_render_on_the_stack_render_ensures`);
/// a thread's usual 2 MiB leaves more than this, so no page needs a stack of
/// its own.
const RENDER_STACK: usize = 1536 << 10;

/// Renders one template with at least `RENDER_STACK` of stack left, on a
/// stack of its own when the calling thread's has less.
pub fn render(tera: &Tera, name: &str, context: &tera::Context) -> tera::Result<String> {
    stacker::maybe_grow(RENDER_STACK, RENDER_STACK * 2, || {
        tera.render(name, context)
    })
}

/// Escapes text for HTML content and quoted attributes. Tera's default also
/// escapes `/`, which is safe but turns every relative link into
/// `..&#x2F;..&#x2F;`; every attribute in our templates is quoted, so `/` needs
/// no escaping.
///
/// Characters that may not appear in an HTML document (control characters
/// other than tab and line ends, noncharacters) are dropped, and direction
/// controls the text leaves open (a right-to-left override in a title) are
/// closed at its end, so a value cannot turn the rest of its line around.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut open = BidiOpen::default();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !allowed_in_html(c) => {}
            c => {
                open.see(c);
                out.push(c);
            }
        }
    }
    open.close(&mut out);
    out
}

/// Whether a character may stand in an HTML document as text: not a control
/// character (tab, line feed and carriage return aside) and not a
/// noncharacter, each a parse error that checkers reject.
pub fn allowed_in_html(c: char) -> bool {
    let n = c as u32;
    !((c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE)
}

/// The explicit direction embeddings, overrides and isolates a text opened
/// and did not close, innermost last, so that they can be closed at its end
/// (as the Unicode bidirectional algorithm pairs them: a PDF closes the last
/// embedding of its isolate, a PDI the last isolate and all within it).
#[derive(Default)]
struct BidiOpen(Vec<char>);

impl BidiOpen {
    const PDF: char = '\u{202C}';
    const PDI: char = '\u{2069}';

    fn see(&mut self, c: char) {
        match c {
            // LRE, RLE, LRO, RLO
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => self.0.push(Self::PDF),
            // LRI, RLI, FSI
            '\u{2066}' | '\u{2067}' | '\u{2068}' => self.0.push(Self::PDI),
            Self::PDF if self.0.last() == Some(&Self::PDF) => {
                self.0.pop();
            }
            Self::PDI => {
                if let Some(at) = self.0.iter().rposition(|&c| c == Self::PDI) {
                    self.0.truncate(at);
                }
            }
            _ => {}
        }
    }

    fn close(&self, out: &mut String) {
        out.extend(self.0.iter().rev());
    }
}

/// Escapes a flag message and shows its `backticked` names as code, the way
/// the terminal output reads them. Use as `{{ message | code_spans | safe }}`.
pub fn code_spans(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let inside = i % 2 == 1;
        if inside && i + 1 < parts.len() {
            out.push_str("<code>");
            out.push_str(&escape_html(part));
            out.push_str("</code>");
        } else {
            // An unpaired last backtick stays a backtick.
            if inside {
                out.push('`');
            }
            out.push_str(&escape_html(part));
        }
    }
    out
}

fn code_spans_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("code_spans needs text"))?;
    Ok(tera::Value::String(code_spans(text)))
}

/// Tera's error with its causes, which name the template and the line.
pub fn template_error(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest template of one kind the nesting check lets through: the
    /// largest `n` for which `make(n)` passes, as (name, text) pairs, the
    /// first the one to render.
    fn deepest(make: impl Fn(usize) -> Set) -> (usize, Set) {
        let passes = |n: usize| {
            let templates = make(n);
            let named: Vec<nesting::Named> = templates
                .iter()
                .map(|(name, text)| nesting::Named {
                    name,
                    text,
                    from_plan: true,
                })
                .collect();
            nesting::check(&named).is_ok()
        };
        // Passing is monotonic in `n`: the largest passing one, by halves.
        let (mut passing, mut failing) = (1, 256);
        assert!(passes(passing) && !passes(failing));
        while failing - passing > 1 {
            let middle = (passing + failing) / 2;
            if passes(middle) {
                passing = middle;
            } else {
                failing = middle;
            }
        }
        (passing, make(passing))
    }

    /// Templates as (name, text) pairs, the first the one to render.
    type Set = Vec<(String, String)>;

    /// One kind of nesting, made `n` deep.
    type Kind = (&'static str, Box<dyn Fn(usize) -> Set>);

    fn one(text: String) -> Set {
        vec![("t.html".to_string(), text)]
    }

    #[test]
    fn the_deepest_templates_allowed_render_on_the_stack_render_ensures() {
        let kinds: Vec<Kind> = vec![
            (
                "ifs",
                Box::new(|n| {
                    one(format!(
                        "{}x{}",
                        "{% if true %}".repeat(n),
                        "{% endif %}".repeat(n)
                    ))
                }),
            ),
            (
                "for loops",
                Box::new(|n| {
                    one(format!(
                        "{}{{{{ a }}}}{}",
                        "{% for a in [1] %}".repeat(n),
                        "{% endfor %}".repeat(n)
                    ))
                }),
            ),
            (
                "filter sections",
                Box::new(|n| {
                    one(format!(
                        "{}x{}",
                        "{% filter upper %}".repeat(n),
                        "{% endfilter %}".repeat(n)
                    ))
                }),
            ),
            (
                "a sum",
                Box::new(|n| one(format!("{{{{ 1{} }}}}", " + 1".repeat(n)))),
            ),
            (
                "a condition",
                Box::new(|n| {
                    one(format!(
                        "{{% if true{} %}}x{{% endif %}}",
                        " and true".repeat(n)
                    ))
                }),
            ),
            (
                "parentheses",
                Box::new(|n| one(format!("{{{{ {}1{} }}}}", "(1 + ".repeat(n), ")".repeat(n)))),
            ),
            (
                "a chain of macros",
                Box::new(|n| {
                    let mut macros: String = (0..n)
                        .map(|i| {
                            format!(
                                "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro %}}",
                                i + 1
                            )
                        })
                        .collect();
                    macros.push_str(&format!("{{% macro m{n}() %}}x{{% endmacro %}}"));
                    vec![
                        (
                            "t.html".to_string(),
                            "{% import \"m.html\" as m %}{{ m::m0() }}".to_string(),
                        ),
                        ("m.html".to_string(), macros),
                    ]
                }),
            ),
            (
                "a chain of includes",
                Box::new(|n| {
                    (0..=n)
                        .map(|i| {
                            let name = if i == 0 {
                                "t.html".to_string()
                            } else {
                                format!("i{i}.html")
                            };
                            let text = if i == n {
                                "x".to_string()
                            } else {
                                format!("{{% include \"i{}.html\" %}}", i + 1)
                            };
                            (name, text)
                        })
                        .collect()
                }),
            ),
            (
                "a chain of super()",
                Box::new(|n| {
                    (0..=n)
                        .map(|i| {
                            let name = if i == n { "t.html".to_string() } else { format!("e{i}.html") };
                            let text = if i == 0 {
                                "{% block b %}x{% endblock b %}".to_string()
                            } else {
                                format!("{{% extends \"e{}.html\" %}}{{% block b %}}{{{{ super() }}}}{{% endblock b %}}", i - 1)
                            };
                            (name, text)
                        })
                        .collect()
                }),
            ),
        ];
        for (kind, make) in kinds {
            let (n, templates) = deepest(make);
            let mut tera = Tera::default();
            tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .unwrap_or_else(|e| panic!("{kind}: {}", template_error(&e)));
            let context = tera::Context::new();
            // Straight through Tera, not `render`: on exactly the stack that
            // `render` ensures. An overflow here aborts the test run.
            let rendered = std::thread::Builder::new()
                .stack_size(RENDER_STACK)
                .spawn(move || {
                    tera.render("t.html", &context)
                        .map_err(|e| template_error(&e))
                })
                .unwrap()
                .join()
                .unwrap();
            assert!(rendered.is_ok(), "{kind} ({n} deep): {rendered:?}");
        }
    }

    #[test]
    fn code_spans_escape_and_mark_names() {
        assert_eq!(
            code_spans("use `a<b>` or `c`"),
            "use <code>a&lt;b&gt;</code> or <code>c</code>"
        );
        assert_eq!(code_spans("no ticks & <x>"), "no ticks &amp; &lt;x&gt;");
        assert_eq!(code_spans("one `open"), "one `open");
        assert_eq!(code_spans("`a` then `b"), "<code>a</code> then `b");
    }
}
