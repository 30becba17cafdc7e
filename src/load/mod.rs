//! Reads a plan repository into the resolved `Plan`.
//!
//! Loading never fails on the user's content: every problem becomes a flag,
//! and the plan holds every entry that could be read. It fails only when
//! there is no plan to read at all (no `content/` folder).

pub(crate) mod config;
mod entries;
mod front_matter;
pub mod history;
mod resolve;
mod yaml;

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use anyhow::{Context, bail};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Flag, Kind, Pos, Rule, SourceLookup};
use crate::model::{CONFIG_FILE, Config, Plan, Source};
use crate::plan_files;
use entries::{Hints, Raw};

pub use entries::{Zone, is_slug, parse_when, slug_problem, suggest_slug, title_from_slug};
pub(crate) use yaml::{did_you_mean, double_quoted, quoted_if_needed};

/// An entry file larger than this is refused unread: a plan entry is a
/// brief, and a stray multi-megabyte file would slow every build.
pub const MAX_FILE: u64 = 1024 * 1024;

/// The text of every file read, so flags can show the offending line.
#[derive(Debug, Default, Clone)]
pub struct Sources(BTreeMap<Arc<str>, Arc<str>>);

impl Sources {
    /// Forgets every file not named, to free what no flag will show.
    pub fn keep_only<'a>(&mut self, files: impl Iterator<Item = &'a str>) {
        let keep: std::collections::BTreeSet<&str> = files.collect();
        self.0.retain(|file, _| keep.contains(&**file));
    }
}

impl SourceLookup for Sources {
    fn source(&self, file: &str) -> Option<&str> {
        self.0.get(file).map(|text| &**text)
    }
}

pub struct Loaded {
    pub plan: Plan,
    pub flags: Vec<Flag>,
    pub sources: Sources,
}

/// The folders of `content/` and the kind of entry each holds.
const FOLDERS: [(&str, Kind); 4] = [
    ("personas", Kind::Persona),
    ("pain-points", Kind::PainPoint),
    ("posts", Kind::Post),
    ("feedback", Kind::Feedback),
];

/// The raw entries of every kind, as read.
#[derive(Default)]
struct RawPlan {
    personas: Vec<Arc<Raw<entries::RawPersona>>>,
    pain_points: Vec<Arc<Raw<entries::RawPainPoint>>>,
    posts: Vec<Arc<Raw<entries::RawPost>>>,
    feedback: Vec<Arc<Raw<entries::RawFeedback>>>,
}

/// What reading one entry file gave, kept by `Cache` until the file changes.
#[derive(Clone)]
struct FileRead {
    entry: Option<RawEntry>,
    flags: Vec<Flag>,
    file: Arc<str>,
    text: Option<Arc<str>>,
}

/// Shared, so that a reload hands the cached entries to `resolve` without
/// copying them, and `resolve` can tell an unchanged one by its address.
#[derive(Clone)]
enum RawEntry {
    Persona(Arc<Raw<entries::RawPersona>>),
    PainPoint(Arc<Raw<entries::RawPainPoint>>),
    Post(Arc<Raw<entries::RawPost>>),
    Feedback(Arc<Raw<entries::RawFeedback>>),
}

/// Entry files as last read, by path, with the size and modification time
/// they had: `serve` reloads a plan re-reading only the files that changed.
#[derive(Default)]
pub struct Cache {
    /// By path as bytes: hashing a `PathBuf` walks its components, which a
    /// reload of a large plan would do for every file, twice.
    files: HashMap<OsString, (Stamp, FileRead)>,
    walked: Option<Walked>,
    /// Set by `only_edited`: the next load trusts the last walk and reads just these.
    edited: Option<Vec<String>>,
    /// The hints the cached files' messages were written with.
    hints: Option<Hints>,
    /// The posts as last resolved.
    resolved: resolve::Resolved,
}

impl Cache {
    /// Tells the next load that only these files (relative to the plan root,
    /// `/`-separated) changed, and only in content: no file was added,
    /// removed or renamed. It then neither walks `content/` nor checks every
    /// file's time, which is most of a rebuild of a large plan.
    pub fn only_edited(&mut self, files: Vec<String>) {
        self.edited = Some(files);
    }
}

/// The last walk's entry files in order, and what the walk itself flagged.
type Walked = (Vec<(PathBuf, Kind)>, Vec<Flag>);

/// A file's size and modification time: when both are unchanged, so is the file.
type Stamp = (u64, Option<SystemTime>);

/// Loads the plan at `root`, reading every file.
pub fn load(root: &Path) -> anyhow::Result<Loaded> {
    load_cached(root, &mut Cache::default())
}

/// Loads the plan at `root`, reusing what `cache` holds for files whose size
/// and modification time are unchanged, and updating it.
pub fn load_cached(root: &Path, cache: &mut Cache) -> anyhow::Result<Loaded> {
    let content = root.join("content");
    refuse_content_link(root, &content)?;
    if !content.is_dir() {
        if !root.is_dir() {
            bail!(
                "{} is not a folder: pass the plan's folder with --root",
                root.display()
            );
        }
        bail!(
            "{} has no content/ folder: run outcare in a plan repository (with content/personas, content/pain-points and content/posts), or pass its folder with --root",
            root.display()
        );
    }
    let mut flags = Vec::new();
    let mut sources = Sources::default();

    let canonical_root =
        plan_files::real_root(root).with_context(|| format!("reading {}", root.display()))?;
    let config = match read_config(root, &canonical_root, &mut flags)? {
        Some(text) => {
            let (config, config_flags) = config::read(&text);
            flags.extend(config_flags);
            sources.0.insert(CONFIG_FILE.into(), text.into());
            config
        }
        None => Config::default(),
    };

    let mut raw = RawPlan::default();
    // Joined part by part, so the bytes are the walk's on any platform.
    let edited: Option<std::collections::HashSet<OsString>> = cache.edited.take().map(|files| {
        files
            .iter()
            .map(|f| {
                f.split('/')
                    .fold(root.to_path_buf(), |path, part| path.join(part))
                    .into_os_string()
            })
            .collect()
    });
    let walked = match (&edited, cache.walked.take()) {
        (Some(_), Some((walked, walk_flags))) => {
            flags.extend(walk_flags.iter().cloned());
            (walked, walk_flags)
        }
        _ => {
            let mut walk_flags = Vec::new();
            let walked = walk(root, &canonical_root, &mut walk_flags);
            flags.extend(walk_flags.iter().cloned());
            (walked, walk_flags)
        }
    };
    let (walked, walk_flags) = walked;
    let hints = hints_for(&walked, &config);
    // Messages cached under other hints would name slugs the plan may no longer have.
    if cache.hints.as_ref() != Some(&hints) {
        cache.files.clear();
        cache.hints = Some(hints.clone());
    }
    // Files are independent until resolving: read the changed ones in parallel.
    let fresh: Vec<(Stamp, Option<FileRead>)> = walked
        .par_iter()
        .map(|(path, kind)| {
            if let Some(edited) = &edited
                && let Some((stamp, _)) = cache.files.get(path.as_os_str())
                && !edited.contains(path.as_os_str())
            {
                return (*stamp, None);
            }
            let stamp = std::fs::metadata(path)
                .map(|m| (m.len(), m.modified().ok()))
                .unwrap_or((0, None));
            let unchanged = edited.is_none()
                && stamp.1.is_some()
                && cache
                    .files
                    .get(path.as_os_str())
                    .is_some_and(|(old, _)| *old == stamp);
            (
                stamp,
                (!unchanged).then(|| read_entry(root, path, *kind, &hints)),
            )
        })
        .collect();
    let trusted = edited.is_some();
    for ((path, _), (stamp, read)) in walked.iter().zip(fresh) {
        if let Some(read) = read {
            cache
                .files
                .insert(path.clone().into_os_string(), (stamp, read));
        }
        let Some((_, read)) = cache.files.get(path.as_os_str()) else {
            continue;
        };
        flags.extend(read.flags.iter().cloned());
        if let Some(text) = &read.text {
            sources.0.insert(Arc::clone(&read.file), Arc::clone(text));
        }
        match &read.entry {
            Some(RawEntry::Persona(e)) => raw.personas.push(Arc::clone(e)),
            Some(RawEntry::PainPoint(e)) => raw.pain_points.push(Arc::clone(e)),
            Some(RawEntry::Post(e)) => raw.posts.push(Arc::clone(e)),
            Some(RawEntry::Feedback(e)) => raw.feedback.push(Arc::clone(e)),
            None => {}
        }
    }
    if !trusted {
        // Files no longer in the plan drop out of the cache here.
        let present: std::collections::HashSet<&OsStr> =
            walked.iter().map(|(p, _)| p.as_os_str()).collect();
        cache
            .files
            .retain(|path, _| present.contains(path.as_os_str()));
    }
    cache.walked = Some((walked, walk_flags));
    let plan = resolve::resolve(config, raw, &mut cache.resolved, &mut flags);
    Ok(Loaded {
        plan,
        flags,
        sources,
    })
}

/// `content/` may be a symlink, but only to a folder inside the plan, as for
/// every symlink the walk follows: a plan checked out from someone else's
/// branch must not publish files from elsewhere on the machine.
fn refuse_content_link(root: &Path, content: &Path) -> anyhow::Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(content) else {
        return Ok(());
    };
    if !meta.file_type().is_symlink() {
        return Ok(());
    }
    let target = std::fs::read_link(content)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    let real_root =
        plan_files::real_root(root).with_context(|| format!("reading {}", root.display()))?;
    match plan_files::may_read(&real_root, content) {
        Ok(_) => Ok(()),
        Err(plan_files::Refused::Nowhere(_)) => bail!(
            "{} is a symlink to {target}, which does not exist: point it at the plan's content folder, or make content/ a folder",
            content.display()
        ),
        Err(refused) => bail!(
            "{} is a symlink to {target}, which {refused}, or make content/ a folder",
            content.display()
        ),
    }
}

/// The plan's own slugs and channel for examples in messages: the first of
/// each kind in the walk's (sorted) order, and the first channel declared.
fn hints_for(walked: &[(PathBuf, Kind)], config: &Config) -> Hints {
    let first = |wanted: Kind| {
        walked
            .iter()
            .filter(|(_, kind)| *kind == wanted)
            .filter_map(|(path, _)| path.file_stem())
            .map(|stem| stem.to_string_lossy())
            .find(|stem| entries::is_slug(stem))
            .map(|stem| stem.into_owned())
    };
    Hints {
        persona: first(Kind::Persona),
        pain_point: first(Kind::PainPoint),
        feedback: first(Kind::Feedback),
        channel: config
            .channels
            .as_ref()
            .and_then(|channels| channels.keys().next().cloned()),
        zone: entries::Zone::of(config),
    }
}

fn read_config(
    root: &Path,
    real_root: &Path,
    flags: &mut Vec<Flag>,
) -> anyhow::Result<Option<String>> {
    let path = root.join(CONFIG_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let read = plan_files::may_read(real_root, &path)
        .map_err(|refused| (None, format!("this symlink {refused}")))
        .and_then(|real| read_text(&real));
    match read {
        Ok(text) => Ok(Some(front_matter::normalise(&text).into_owned())),
        Err((pos, message)) => {
            flags.push(Flag::new(
                Rule::InvalidFile,
                Kind::Config,
                CONFIG_FILE,
                pos,
                message,
            ));
            Ok(None)
        }
    }
}

/// The plan-relative, `/`-separated name of a path, as flags show it.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Editor droppings and hidden files that are never entries.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// A `README.md` explains a folder to the people editing it; it is never an entry.
fn is_readme(name: &str) -> bool {
    name.eq_ignore_ascii_case("readme.md")
}

/// Extensions people give Markdown (or plain text they meant as Markdown):
/// a file with one of these is a post that was meant to be read.
const MARKDOWN_LIKE: [&str; 8] = [
    "md", "markdown", "mdx", "mdown", "mkd", "mkdn", "txt", "text",
];

/// A file in an entry folder that is not a `.md` entry: the warning that says why
/// it does not count, so a post never goes missing from the site in silence.
fn skipped_entry_file(root: &Path, path: &Path, kind: Kind) -> Flag {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    let message = match extension.as_deref() {
        Some(ext) if MARKDOWN_LIKE.contains(&ext) => format!(
            "`{name}` is skipped: outcare reads only files whose names end in `.md`; rename it to `{stem}.md`"
        ),
        _ => format!(
            "`{name}` is skipped: outcare reads only `.md` files under content/; if it is an entry, rename it to `{stem}.md`, otherwise keep it outside content/"
        ),
    };
    Flag::new(
        Rule::SkippedFile,
        kind,
        &relative(root, path),
        None,
        message,
    )
}

/// What sits straight in `content/` besides the four entry folders: files and
/// other folders, each named in a warning (a misspelt folder with the one it
/// was probably meant to be). Hidden files, backups and a README stay silent.
fn skipped_in_content(root: &Path, flags: &mut Vec<Flag>) {
    let Ok(entries) = std::fs::read_dir(root.join("content")) else {
        return;
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let is_dir = e.path().is_dir();
            (e.file_name().to_string_lossy().into_owned(), is_dir)
        })
        .filter(|(name, _)| !is_ignored(name) && !is_readme(name))
        .filter(|(name, is_dir)| !(*is_dir && FOLDERS.iter().any(|(f, _)| f == name)))
        .collect();
    names.sort();
    let folders: Vec<&str> = FOLDERS.iter().map(|(f, _)| *f).collect();
    let listed = "outcare reads only content/personas/, content/pain-points/, content/posts/ and content/feedback/";
    for (name, is_dir) in names {
        let file = format!("content/{name}");
        let flag = if is_dir {
            let spelt = name.to_lowercase().replace(['_', ' '], "-");
            match did_you_mean_folder(&spelt, &folders) {
                Some((folder, kind)) => Flag::new(
                    Rule::SkippedFile,
                    kind,
                    &file,
                    None,
                    format!(
                        "the folder `content/{name}/` is skipped: {listed}; did you mean `content/{folder}/`? Rename the folder"
                    ),
                ),
                None => Flag::new(
                    Rule::SkippedFile,
                    Kind::Post,
                    &file,
                    None,
                    format!(
                        "the folder `content/{name}/` is skipped: {listed}; move its entries into the folder of their kind, or keep it outside content/"
                    ),
                ),
            }
        } else {
            Flag::new(
                Rule::SkippedFile,
                Kind::Post,
                &file,
                None,
                format!(
                    "`{name}` is skipped: an entry lives in the folder of its kind; move a post into content/posts/ (a persona into content/personas/, a pain point into content/pain-points/, feedback into content/feedback/)"
                ),
            )
        };
        flags.push(flag);
    }
}

/// The entry folder a misspelt folder name was probably meant to be.
fn did_you_mean_folder(name: &str, folders: &[&str]) -> Option<(&'static str, Kind)> {
    let folder = yaml::did_you_mean(name, folders)?;
    FOLDERS.into_iter().find(|(f, _)| *f == folder)
}

/// Every Markdown file under the four entry folders, in a stable order,
/// following symlinks only while they stay inside the plan; every other file
/// there, and whatever else is in `content/`, becomes a `skipped-file` warning.
fn walk(root: &Path, canonical_root: &Path, flags: &mut Vec<Flag>) -> Vec<(PathBuf, Kind)> {
    let mut found = Vec::new();
    skipped_in_content(root, flags);
    for (folder, kind) in FOLDERS {
        let dir = root.join("content").join(folder);
        if !dir.exists() {
            continue;
        }
        let mut escaped: Vec<(PathBuf, plan_files::Refused)> = Vec::new();
        let walker = WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                let name = entry.file_name().to_string_lossy();
                if entry.depth() > 0 && is_ignored(&name) {
                    return false;
                }
                if entry.path_is_symlink()
                    && let Err(refused) = plan_files::may_read(canonical_root, entry.path())
                {
                    escaped.push((entry.path().to_path_buf(), refused));
                    return false;
                }
                true
            });
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    let name = entry.file_name().to_string_lossy();
                    if is_readme(&name) {
                        continue;
                    }
                    if path.extension().is_some_and(|e| e == "md") {
                        found.push((path.to_path_buf(), kind));
                    } else {
                        flags.push(skipped_entry_file(root, path, kind));
                    }
                }
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| dir.clone());
                    // Emacs's lock files (`.#x.md`) are dangling symlinks: walkdir fails on
                    // them before `filter_entry` sees their name.
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    if err.depth() > 0 && name.as_deref().is_some_and(is_ignored) {
                        continue;
                    }
                    let message = if err.loop_ancestor().is_some() {
                        "this symlink leads back into a folder that contains it: outcare skips it; point it somewhere else or remove it".to_string()
                    } else {
                        format!(
                            "cannot be read ({}): check that it exists and that you may read it",
                            err.io_error()
                                .map_or_else(|| err.to_string(), |e| e.to_string())
                        )
                    };
                    flags.push(Flag::new(
                        Rule::InvalidFile,
                        kind,
                        &relative(root, &path),
                        None,
                        message,
                    ));
                }
            }
        }
        for (path, refused) in escaped {
            flags.push(Flag::new(
                Rule::InvalidFile,
                kind,
                &relative(root, &path),
                None,
                format!("this symlink {refused}"),
            ));
        }
    }
    case_clashes(root, &found, flags);
    found
}

/// Entry files of one kind whose names differ only in case (`Launch.md`,
/// `launch.md`): macOS and Windows take them for one file name, so a checkout
/// there keeps only one. Each after the first (valid slugs first, then by
/// path) is a duplicate slug; names equal to the letter are `resolve`'s.
fn case_clashes(root: &Path, found: &[(PathBuf, Kind)], flags: &mut Vec<Flag>) {
    let mut names: Vec<(Kind, String, bool, String, String)> = found
        .iter()
        .map(|(path, kind)| {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let folded = stem.to_lowercase();
            (
                *kind,
                folded,
                !entries::is_slug(&stem),
                relative(root, path),
                stem,
            )
        })
        .collect();
    names.sort_unstable();
    for pair in names.chunk_by(|a, b| (a.0, &a.1) == (b.0, &b.1)) {
        let (_, _, _, first_file, first_stem) = &pair[0];
        for (kind, _, _, file, stem) in &pair[1..] {
            if stem == first_stem {
                continue;
            }
            let flag = Flag::new(
                Rule::DuplicateSlug,
                *kind,
                file,
                None,
                format!(
                    "`{stem}` and `{first_stem}` ({first_file}) differ only in case, and macOS and Windows take them for one file name, so one would overwrite the other there: rename one of the two files"
                ),
            );
            flags.push(if entries::is_slug(stem) {
                flag.slug(stem)
            } else {
                flag
            });
        }
    }
}

/// Reads a file as text, refusing what is too large or not UTF-8.
fn read_text(path: &Path) -> Result<String, (Option<Pos>, String)> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE {
        return Err((
            None,
            format!(
                "the file is {:.1} MiB; an entry may be at most {} MiB: split it, or keep large material outside content/",
                size as f64 / (1024.0 * 1024.0),
                MAX_FILE / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let message = if e.kind() == std::io::ErrorKind::NotFound {
            "the file disappeared while outcare was reading the plan (it was removed or renamed): run outcare again".to_string()
        } else {
            format!("cannot be read ({e}): check that you may read it")
        };
        (None, message)
    })?;
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        (
            Some(Pos::line(line)),
            "the file is not UTF-8 text: save it as UTF-8 in your editor".to_string(),
        )
    })
}

fn read_entry(root: &Path, path: &Path, kind: Kind, hints: &Hints) -> FileRead {
    let file = relative(root, path);
    let mut read = FileRead {
        entry: None,
        flags: Vec::new(),
        file: file.as_str().into(),
        text: None,
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = match read_text(path) {
        Ok(text) => front_matter::normalise(&text).into_owned(),
        Err((pos, message)) => {
            read.flags
                .push(Flag::new(Rule::InvalidFile, kind, &file, pos, message));
            return read;
        }
    };
    let problem = entries::slug_problem(&stem);
    let slug_ok = problem.is_none();
    if let Some(problem) = problem {
        read.flags.push(Flag::new(
            Rule::InvalidFile,
            kind,
            &file,
            None,
            format!(
                "{problem}; rename it to `{}.md`",
                entries::suggest_slug(&stem)
            ),
        ));
    }
    read.entry = parse_entry(&file, &stem, kind, &text, hints, &mut read.flags);
    // Its name is its address in the site and in references: an entry without
    // a valid one is checked but left out of the plan.
    if !slug_ok {
        read.entry = None;
    }
    read.text = Some(text.into());
    read
}

/// What `load` makes of one entry file's text, without the disk: the text as
/// read (BOM and CRLF normalised), the body when the entry was read, and its
/// flags. Only for the fuzz targets (`crate::fuzzing`).
pub(crate) fn read_entry_text(
    file: &str,
    stem: &str,
    kind: Kind,
    text: &str,
) -> (String, Option<Arc<str>>, Vec<Flag>) {
    let text = front_matter::normalise(text).into_owned();
    let mut flags = Vec::new();
    let entry = parse_entry(file, stem, kind, &text, &Hints::default(), &mut flags);
    let body = entry.map(|entry| match entry {
        RawEntry::Persona(raw) => Arc::clone(&raw.body),
        RawEntry::PainPoint(raw) => Arc::clone(&raw.body),
        RawEntry::Post(raw) => Arc::clone(&raw.body),
        RawEntry::Feedback(raw) => Arc::clone(&raw.body),
    });
    (text, body, flags)
}

/// What `load` makes of a front matter alone: split from the body, parsed as a
/// mapping, every key located (as `rules:` does) and reported unknown. Only
/// for the fuzz targets.
pub(crate) fn read_front_matter_text(file: &str, text: &str) -> (String, Vec<Flag>) {
    let text = front_matter::normalise(text).into_owned();
    let mut flags = Vec::new();
    match front_matter::split(&text) {
        Err(err) => flags.push(Flag::new(
            Rule::InvalidFrontMatter,
            Kind::Post,
            file,
            Some(Pos::line(err.line)),
            err.message,
        )),
        Ok(split) => {
            let yaml_text = yaml::Text::new(split.yaml, split.yaml_first_line);
            match yaml_text.fields(file, Kind::Post) {
                Err(flag) => flags.push(flag),
                Ok(mut fields) => {
                    for setting in fields.rest() {
                        flags.push(Flag::new(
                            Rule::InvalidFrontMatter,
                            Kind::Post,
                            file,
                            Some(setting.key_pos),
                            format!("key `{}`", setting.key),
                        ));
                        flags.push(Flag::new(
                            Rule::InvalidFrontMatter,
                            Kind::Post,
                            file,
                            Some(setting.value_pos),
                            format!("value {:?}", setting.text),
                        ));
                    }
                    flags.extend(fields.finish("a post"));
                }
            }
        }
    }
    (text, flags)
}

/// What `load` makes of `outcare.yaml`'s text, without the disk: the text as
/// read, the configuration and its flags. Only for the fuzz targets.
pub(crate) fn read_config_text(text: &str) -> (String, Config, Vec<Flag>) {
    let text = front_matter::normalise(text).into_owned();
    let (config, flags) = config::read(&text);
    (text, config, flags)
}

fn parse_entry(
    file: &str,
    stem: &str,
    kind: Kind,
    text: &str,
    hints: &Hints,
    flags: &mut Vec<Flag>,
) -> Option<RawEntry> {
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(err) => {
            flags.push(
                Flag::new(
                    Rule::InvalidFrontMatter,
                    kind,
                    file,
                    Some(Pos::line(err.line)),
                    err.message,
                )
                .slug(stem),
            );
            return None;
        }
    };
    let yaml_text = yaml::Text::new(split.yaml, split.yaml_first_line);
    let body: Arc<str> = split.body.into();
    // The body is the end of the text, and line ends are LF by now.
    let body_line = text[..text.len() - split.body.len()].matches('\n').count() as u32 + 1;
    let mut fields = match yaml_text.fields(file, kind) {
        Ok(fields) => fields,
        Err(flag) => {
            flags.push(flag.slug(stem));
            return None;
        }
    };
    macro_rules! read {
        ($reader:path, $variant:ident) => {{
            let entry = $reader(&mut fields, stem, hints);
            // Any kind may be private: read here, once for all of them.
            let private = fields.boolean("private").unwrap_or(false);
            let source = Source {
                file: file.to_string(),
                keys: std::mem::take(&mut fields.positions),
                body_line,
            };
            let entry = entry.map(|fields| {
                RawEntry::$variant(Arc::new(Raw {
                    slug: stem.to_string(),
                    fields,
                    private,
                    body,
                    source,
                }))
            });
            flags.extend(
                fields
                    .finish(entries::kind_words(kind))
                    .into_iter()
                    .map(|f| f.slug(stem)),
            );
            entry
        }};
    }
    match kind {
        Kind::Persona => read!(entries::persona, Persona),
        Kind::PainPoint => read!(entries::pain_point, PainPoint),
        Kind::Post => read!(entries::post, Post),
        Kind::Feedback => read!(entries::feedback, Feedback),
        Kind::Config => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn post(title: &str) -> String {
        format!("---\ntitle: {title}\ndate: 2026-03-02\nchannel: blog\n---\n")
    }

    fn titles(loaded: &Loaded) -> Vec<&str> {
        loaded.plan.posts.iter().map(|p| p.title.as_str()).collect()
    }

    #[test]
    fn a_cached_load_rereads_what_changed_and_sees_files_come_and_go() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/posts/a.md", &post("A"));
        write(root, "content/posts/b.md", &post("B"));
        let mut cache = Cache::default();
        assert_eq!(titles(&load_cached(root, &mut cache).unwrap()), ["A", "B"]);

        // An edit the watcher reports: only that file is read again.
        write(root, "content/posts/a.md", &post("A, edited"));
        cache.only_edited(vec!["content/posts/a.md".into()]);
        assert_eq!(
            titles(&load_cached(root, &mut cache).unwrap()),
            ["A, edited", "B"]
        );

        // Without a report, sizes and times tell; a new file and a removed one are walked.
        write(root, "content/posts/b.md", &post("B, edited at length"));
        write(root, "content/posts/c.md", &post("C"));
        std::fs::remove_file(root.join("content/posts/a.md")).unwrap();
        assert_eq!(
            titles(&load_cached(root, &mut cache).unwrap()),
            ["B, edited at length", "C"]
        );
    }

    #[test]
    fn a_post_kept_from_the_last_load_is_suggested_a_channel_by_its_name_as_it_is_now() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let config = |name: &str| format!("channels:\n  blog: {{}}\n  news: {{name: {name}}}\n");
        write(root, "outcare.yaml", &config("Email newsletter"));
        write(
            root,
            "content/posts/a.md",
            "---\ntitle: A\ndate: 2026-03-02\nchannel: email\n---\n",
        );
        let message = |loaded: &Loaded| {
            let flag = loaded
                .flags
                .iter()
                .find(|f| f.rule == Rule::UnknownReference)
                .expect("an unknown channel");
            flag.message.clone()
        };
        let mut cache = Cache::default();
        let first = message(&load_cached(root, &mut cache).unwrap());
        assert!(first.contains("did you mean `news`?"), "{first}");
        // The post is unchanged; only the channel's name is.
        write(root, "outcare.yaml", &config("Printed letter"));
        let second = message(&load_cached(root, &mut cache).unwrap());
        assert!(!second.contains("did you mean"), "{second}");
    }
}
