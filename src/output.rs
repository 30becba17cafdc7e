//! The only module that writes the output folder.
//!
//! Writing a site is where a static site generator can destroy someone's work: an `--out`
//! pointing at the sources, or at a folder full of other files, must be refused before
//! anything is touched. And a big site must be updated, not rebuilt from nothing: deleting
//! and rewriting 10,000 files is slower than writing the few that changed, and untouched
//! files keep their modification times, so hosts and `rsync` see only real changes. A
//! manifest of what outcare wrote last time is what lets it remove its own stale files and
//! nothing else.
//!
//! Inside the output folder nothing is written, replaced or removed through a symlink: a
//! folder of the site that is a link would take its pages wherever the link points. And a
//! build can be stopped at any moment: Ctrl-C and SIGTERM are held off while the site is
//! written (see [`Signals`]), and what `kill -9` leaves behind, the next build recognises
//! and removes (see [`UNFINISHED`] and [`remove_leftovers`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::{Context, bail};
use rayon::prelude::*;

/// What a write did, for the command to report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// The list of files outcare wrote, one path per line; a dotfile so that it is never
/// mistaken for content and never removed.
const MANIFEST: &str = ".outcare-manifest";

/// The files a build that has not finished may have written, one path per line. It is
/// written before the first set-aside file and removed once the manifest is complete, so
/// when it is there, a build was stopped where it could not clean up after itself (`kill
/// -9`, a power cut): its folder is still outcare's, and the manifest's fingerprints no
/// longer tell what the listed files hold. It keeps the manifest itself untouched until the
/// end, so a build that fails leaves the previous site byte for byte.
const UNFINISHED: &str = ".outcare-unfinished";

/// The end of the name of every file outcare sets aside before renaming it into place.
const SET_ASIDE: &str = ".outcare-tmp";

/// Refuses an output folder that would destroy or mix with sources: the plan root itself,
/// `content/`, `templates/`, any folder inside the last two or an ancestor of any of them,
/// and a non-empty folder that outcare did not make (dotfiles such as `site/.gitignore` do
/// not count as content).
pub fn check_out_dir(root: &Path, out: &Path) -> anyhow::Result<()> {
    let shown = folder(out);
    let fix = "pass another --out, such as site/";
    let real_root = root
        .canonicalize()
        .with_context(|| format!("cannot read the plan folder {}", folder(root)))?;
    let real_out = canonical_even_if_missing(out)?;
    // The output folder usually lives inside the root (site/), so the root itself is refused
    // but not what is under it; an ancestor of the root holds content/, refused below.
    if real_out == real_root {
        bail!("refusing to write the site into the plan root {shown}: {fix}");
    }
    for name in ["content", "templates"] {
        let source = canonical_even_if_missing(&root.join(name))?;
        if real_out == source {
            bail!("refusing to write the site into {name}/: {fix}");
        }
        if real_out.starts_with(&source) {
            bail!("refusing to write the site into {shown}, which is inside {name}/: {fix}");
        }
        if source.starts_with(&real_out) {
            bail!("refusing to write the site into {shown}, which holds the plan's {name}/: {fix}");
        }
    }
    match fs::read_dir(out) {
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err).with_context(|| format!("cannot read the output folder {shown}")),
        // A build stopped before its manifest was written left its note: the folder is
        // outcare's, its first build's included.
        Ok(_) if own_file(out, MANIFEST)? || own_file(out, UNFINISHED)? => Ok(()),
        Ok(entries) => {
            for entry in entries {
                let entry =
                    entry.with_context(|| format!("cannot read the output folder {shown}"))?;
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    bail!(
                        "{shown} is not empty and was not made by outcare (no {MANIFEST}): \
                         empty it or choose another --out"
                    );
                }
            }
            Ok(())
        }
    }
}

/// A build stopped by SIGINT (Ctrl-C) or SIGTERM while it wrote the site.
#[derive(Debug)]
pub struct Interrupted {
    signal: i32,
    /// Whether the new site was already being put in place (and was then finished).
    finished: bool,
    folder: String,
}

impl Interrupted {
    /// The exit status of a program stopped by this signal, as shells report it.
    pub fn exit_status(&self) -> u8 {
        128 + self.signal as u8
    }
}

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = signal_hook::low_level::signal_name(self.signal).unwrap_or("a signal");
        let folder = &self.folder;
        if self.finished {
            write!(
                f,
                "interrupted by {name} while the new site was being put in place; it was \
                 finished first, so {folder} holds the whole new site"
            )
        } else {
            write!(f, "interrupted by {name}; {folder} was left as it was")
        }
    }
}

impl std::error::Error for Interrupted {}

/// Writes the site into `out`, touching only what changed. `render` is called once per
/// path, in parallel; each result is compared with what `out` holds and, if it differs,
/// set aside beside its target as a hidden file. Only when every file rendered are the
/// set-aside files renamed into place (so a reader never sees half a file, and the site is
/// never held in memory whole); a render error, SIGINT or SIGTERM removes them, and the
/// folders made for them, leaving `out` as it was. Files the previous manifest lists that
/// the site no longer has are then removed with the folders this leaves empty, and nothing
/// else is.
///
/// `fingerprint` is what a file is made from, as a hash (`None`: always render it). The
/// manifest keeps each file's fingerprint and size; a file whose fingerprint and size are
/// both unchanged is left alone unrendered, so an unchanged rebuild costs hashing, not
/// rendering and comparing. The manifest stays deterministic (no times in it); the price
/// is that a page edited by hand to the very same size is not noticed (remove it, or the
/// manifest, and build again).
///
/// Calls [`check_out_dir`] first, then refuses a folder of the site that is a symlink.
/// A signal that comes while files are renamed into place waits for the last one; either
/// way the result is [`Interrupted`].
pub fn write_rendered(
    root: &Path,
    out: &Path,
    paths: &[String],
    fingerprint: impl Fn(&str) -> Option<u64> + Sync,
    render: impl Fn(&str) -> anyhow::Result<Vec<u8>> + Sync,
) -> anyhow::Result<Written> {
    let mut unique = BTreeSet::new();
    for path in paths {
        if !is_site_path(path) || path == MANIFEST || path == UNFINISHED {
            bail!("bug: the site has a file named {path:?}, which is not a plain relative path");
        }
        if !unique.insert(path.as_str()) {
            bail!("bug: the site has two files named {path:?}");
        }
    }
    let paths = unique;
    check_out_dir(root, out)?;
    let shown = folder(out);
    let folders: BTreeSet<&str> = paths
        .iter()
        .flat_map(|path| path.match_indices('/').map(|(end, _)| &path[..end]))
        .collect();
    refuse_links(out, &folders)?;
    let signals = Signals::watch();
    let made = Mutex::new(Vec::new());
    make_out_folder(out, &made)
        .with_context(|| format!("cannot create the output folder {shown}"))?;

    let previous_text = read_own(out, MANIFEST)?.unwrap_or_default();
    let unfinished_text = read_own(out, UNFINISHED)?;
    remove_leftovers(out, &folders)?;
    // A hand-edited manifest or note must not make outcare remove anything outside `out`.
    let unfinished: BTreeSet<&str> = unfinished_text
        .as_deref()
        .unwrap_or_default()
        .lines()
        .filter(|path| is_site_path(path))
        .collect();
    let mut previous: BTreeMap<&str, Option<Record>> = previous_text
        .lines()
        .map(|line| match line.split_once('\t') {
            Some((path, record)) => (path, Record::parse(record)),
            None => (line, None),
        })
        .filter(|(path, _)| is_site_path(path))
        .collect();
    // A stopped build may have replaced any file it listed: their records say nothing now,
    // and what it listed is outcare's to replace or remove.
    previous.extend(unfinished.iter().map(|path| (*path, None)));

    let untouched = || {
        format!(
            "nothing in {shown} was replaced: check that you may write there and that the disk has room, then build again"
        )
    };
    // Written once, by whichever page is first set aside; an unchanged build writes nothing.
    let noted: OnceLock<Result<(), String>> = OnceLock::new();
    let note_unfinished = || {
        noted
            .get_or_init(|| {
                let all: String = unfinished
                    .iter()
                    .chain(&paths)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .map(|path| format!("{path}\n"))
                    .collect();
                write_atomically(&out.join(UNFINISHED), all.as_bytes())
                    .map_err(|err| format!("{err:#}; {}", untouched()))
            })
            .clone()
            .map_err(anyhow::Error::msg)
    };

    type Staged<'p> = (&'p str, Option<PathBuf>, Option<u64>);
    let staged: Vec<anyhow::Result<Staged>> = paths
        .par_iter()
        .map(|path| {
            if signals.caught().is_some() {
                // Never shown: a caught signal is reported in place of every error.
                bail!("stopped");
            }
            let target = out.join(path);
            let print = fingerprint(path);
            if let (Some(print), Some(Some(record))) = (print, previous.get(path))
                && record.fingerprint == print
                && Record::size(&target) == Some(record.size)
            {
                return Ok((*path, None, Some(print)));
            }
            let bytes = render(path)?;
            if same_bytes(&target, &bytes) {
                return Ok((*path, None, print));
            }
            note_unfinished()?;
            if let Some((parent, _)) = path.rsplit_once('/') {
                make_site_folder(out, parent, &made).map_err(|e| {
                    anyhow::anyhow!("cannot create {}{parent}/ ({e}); {}", shown, untouched())
                })?;
            }
            let aside = aside(&target);
            if let Err(e) = write_new(&aside, &bytes) {
                // A write that failed half way (a full disk) leaves half a file.
                let _ = fs::remove_file(&aside);
                bail!("cannot write {} ({e}); {}", target.display(), untouched());
            }
            Ok((*path, Some(aside), print))
        })
        .collect();
    // Undoes the staging: a failed build leaves `out` as it was.
    let discard = |staged: &[Staged], made: Mutex<Vec<PathBuf>>| {
        for (_, aside, _) in staged {
            if let Some(aside) = aside {
                let _ = fs::remove_file(aside);
            }
        }
        // A note that was there before covers more than this build's, so it stays.
        if noted.get().is_some() && unfinished_text.is_none() {
            let _ = fs::remove_file(out.join(UNFINISHED));
        }
        let mut made = made.into_inner().unwrap_or_else(|e| e.into_inner());
        made.sort_by_key(|dir| std::cmp::Reverse(dir.components().count()));
        for dir in made {
            let _ = fs::remove_dir(dir);
        }
    };
    let (staged, errors): (Vec<_>, Vec<_>) = staged.into_iter().partition(Result::is_ok);
    let staged: Vec<Staged> = staged.into_iter().flatten().collect();
    // The last moment to stop with the previous site intact: past it, files are renamed
    // into place and a signal waits for the last one.
    if let Some(signal) = signals.caught() {
        discard(&staged, made);
        return Err(Interrupted {
            signal,
            finished: false,
            folder: shown,
        }
        .into());
    }
    if let Some(error) = errors.into_iter().find_map(Result::err) {
        discard(&staged, made);
        return Err(error);
    }
    let stale: Vec<&str> = previous
        .keys()
        .filter(|path| !paths.contains(*path))
        .copied()
        .collect();

    let mut done = Written::default();
    let mut records: Vec<(&str, Option<Record>)> = Vec::with_capacity(staged.len());
    for (path, aside, print) in staged {
        let target = out.join(path);
        match aside {
            Some(aside) => {
                // rename replaces a link at `target` itself, never what it points to.
                fs::rename(&aside, &target)
                    .with_context(|| format!("cannot write {}", target.display()))?;
                done.written += 1;
            }
            None => done.unchanged += 1,
        }
        let record = print
            .and_then(|fingerprint| Record::size(&target).map(|size| Record { fingerprint, size }));
        records.push((path, record));
    }
    done.removed = remove_stale(out, &stale)?;
    save_manifest(out, records.into_iter())?;
    if noted.get().is_some() || unfinished_text.is_some() {
        fs::remove_file(out.join(UNFINISHED))
            .with_context(|| format!("cannot remove {shown}{UNFINISHED}"))?;
    }
    if let Some(signal) = signals.caught() {
        return Err(Interrupted {
            signal,
            finished: true,
            folder: shown,
        }
        .into());
    }
    Ok(done)
}

/// Refuses to write through a symlink: a folder of the site (`folders`, relative to `out`)
/// that is a link would take the site's files wherever it points, and a build removes and
/// renames files there. Checked before anything is written, so the refusal changes nothing.
fn refuse_links(out: &Path, folders: &BTreeSet<&str>) -> anyhow::Result<()> {
    let mut links: Vec<(&str, Option<PathBuf>)> = Vec::new();
    for folder in folders {
        // Below a link, every folder would be reached through it: the link is what to name.
        if links.iter().any(|(link, _)| {
            folder
                .strip_prefix(link)
                .is_some_and(|r| r.starts_with('/'))
        }) {
            continue;
        }
        let at = out.join(folder);
        if fs::symlink_metadata(&at).is_ok_and(|meta| meta.file_type().is_symlink()) {
            links.push((folder, fs::read_link(&at).ok()));
        }
    }
    if links.is_empty() {
        return Ok(());
    }
    let shown = folder(out);
    let named: Vec<String> = links
        .iter()
        .map(|(link, target)| match target {
            Some(target) => format!("{shown}{link} -> {}", target.display()),
            None => format!("{shown}{link}"),
        })
        .collect();
    let (these, them, it) = match links.len() {
        1 => ("a symlink", "the link", "it points"),
        _ => ("symlinks", "the links", "they point"),
    };
    bail!(
        "refusing to write the site through {these}: {}\noutcare writes only into real \
         folders inside {shown}; a link would take the site's files wherever it points. \
         Remove {them} (what {it} to is left alone) and build again: outcare makes the \
         folders itself",
        named.join(", ")
    )
}

/// Whether one of outcare's own files is in `out`. Only a plain file counts, and anything
/// else there is refused: a link would let whatever it points to decide what outcare
/// replaces and removes.
fn own_file(out: &Path, name: &str) -> anyhow::Result<bool> {
    let shown = folder(out);
    match fs::symlink_metadata(out.join(name)) {
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err).with_context(|| format!("cannot read {shown}{name}")),
        Ok(meta) if meta.is_file() => Ok(true),
        Ok(_) => bail!(
            "{shown}{name} is not a plain file (a symlink or a folder), and outcare writes it \
             itself: remove it and build again"
        ),
    }
}

/// One of outcare's own files in `out`, if it is there (see [`own_file`]).
fn read_own(out: &Path, name: &str) -> anyhow::Result<Option<String>> {
    if !own_file(out, name)? {
        return Ok(None);
    }
    fs::read_to_string(out.join(name))
        .map(Some)
        .with_context(|| format!("cannot read {}{name}", folder(out)))
}

/// Removes what builds stopped by `kill -9` left: every set-aside file, whichever process
/// named it (`.NAME.PID.outcare-tmp`, a name nobody else gives), and the folders that held
/// nothing else, since a stopped build made them. Links are not followed, and hidden
/// folders (the user's `.git/`) are not entered unless the site has files there.
fn remove_leftovers(out: &Path, folders: &BTreeSet<&str>) -> anyhow::Result<()> {
    let mut emptied = BTreeSet::new();
    let entries = walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            !(hidden && entry.file_type().is_dir())
                || entry
                    .path()
                    .strip_prefix(out)
                    .ok()
                    .and_then(Path::to_str)
                    .is_some_and(|relative| folders.contains(relative))
        });
    // A folder that cannot be read holds nothing outcare wrote.
    for entry in entries.flatten() {
        if entry.file_type().is_dir() || !is_set_aside(&entry.file_name().to_string_lossy()) {
            continue;
        }
        fs::remove_file(entry.path()).with_context(|| {
            format!(
                "cannot remove {}, left by a build that was stopped: remove it and build again",
                entry.path().display()
            )
        })?;
        if let Some(parent) = entry.path().parent() {
            emptied.insert(parent.to_path_buf());
        }
    }
    let mut emptied: Vec<PathBuf> = emptied.into_iter().collect();
    emptied.sort_by_key(|dir| std::cmp::Reverse(dir.components().count()));
    for dir in emptied {
        remove_empty_folders(out, &dir);
    }
    Ok(())
}

/// Whether a file name is one that [`aside`] gives.
fn is_set_aside(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|name| name.strip_suffix(SET_ASIDE))
        .and_then(|name| name.rsplit_once('.'))
        .is_some_and(|(file, process)| {
            !file.is_empty() && !process.is_empty() && process.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Removes `dir` and then its parents while they are empty, up to `out` (kept).
/// `remove_dir` fails on a folder that still has anything in it, which is what keeps the
/// user's files (and their folders) safe.
fn remove_empty_folders(out: &Path, dir: &Path) {
    for folder in dir.ancestors() {
        if folder == out || !folder.starts_with(out) || fs::remove_dir(folder).is_err() {
            break;
        }
    }
}

/// Removes the files the previous build wrote that this one does not, and the folders
/// this leaves empty (also when the file is already gone: a stopped build may have made
/// the folder and nothing in it). Never through a link: a path with a link (or a file)
/// among its folders is left alone; a link where a file was is removed itself. A folder
/// where a file was is the user's, and stays.
fn remove_stale(out: &Path, stale: &[&str]) -> anyhow::Result<usize> {
    let mut removed = 0;
    for stale in stale {
        // Dotfiles are the user's (`.gitignore`, `.nojekyll`), whoever wrote them first.
        if stale.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        if let Some((parent, _)) = stale.rsplit_once('/')
            && !real_folders(out, parent)
        {
            continue;
        }
        let target = out.join(stale);
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => {
                fs::remove_file(&target).with_context(|| {
                    format!("cannot remove the stale file {}", target.display())
                })?;
                removed += 1;
            }
            Err(_) => {}
        }
        if let Some(parent) = target.parent() {
            remove_empty_folders(out, parent);
        }
    }
    Ok(removed)
}

/// Whether every part of `relative` (folders below `out`) is a real folder, no link.
fn real_folders(out: &Path, relative: &str) -> bool {
    let mut dir = out.to_path_buf();
    relative.split('/').all(|part| {
        dir.push(part);
        fs::symlink_metadata(&dir).is_ok_and(|meta| meta.is_dir())
    })
}

/// SIGINT (Ctrl-C) and SIGTERM, while a build writes the site. Outside
/// [`write_rendered`] they keep their usual effect, at once (nothing is half written
/// then); inside, they are noted: the build stops at its next page, removes what it set
/// aside and returns [`Interrupted`], or, once files are being renamed into place,
/// finishes first. `kill -9` cannot be caught: the next build cleans up after it.
struct Signals {
    /// The signal that came while a build wrote; 0 for none.
    caught: Arc<AtomicUsize>,
    /// Whether a signal has its usual effect: while no build writes.
    at_once: Arc<AtomicBool>,
    /// How many builds write at once (tests run several in one process).
    writers: Mutex<usize>,
}

static SIGNALS: OnceLock<Signals> = OnceLock::new();

/// A build's hold on the signals, for as long as it writes.
struct Watching(&'static Signals);

impl Signals {
    fn watch() -> Watching {
        use signal_hook::consts::signal::{SIGINT, SIGTERM};
        let signals = SIGNALS.get_or_init(|| {
            let signals = Signals {
                caught: Arc::new(AtomicUsize::new(0)),
                at_once: Arc::new(AtomicBool::new(true)),
                writers: Mutex::new(0),
            };
            for signal in [SIGINT, SIGTERM] {
                // Where a handler cannot be installed, the signal keeps its usual effect
                // and the next build cleans up, as after kill -9.
                if signal_hook::flag::register_conditional_default(signal, signals.at_once.clone())
                    .is_ok()
                {
                    let _ = signal_hook::flag::register_usize(
                        signal,
                        signals.caught.clone(),
                        signal as usize,
                    );
                }
            }
            signals
        });
        let mut writers = signals.writers.lock().unwrap_or_else(|e| e.into_inner());
        if *writers == 0 {
            signals.caught.store(0, Ordering::SeqCst);
        }
        *writers += 1;
        signals.at_once.store(false, Ordering::SeqCst);
        Watching(signals)
    }
}

impl Watching {
    fn caught(&self) -> Option<i32> {
        match self.0.caught.load(Ordering::SeqCst) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let mut writers = self.0.writers.lock().unwrap_or_else(|e| e.into_inner());
        *writers -= 1;
        if *writers == 0 {
            self.0.at_once.store(true, Ordering::SeqCst);
        }
    }
}

/// What the manifest keeps of a file outcare wrote: what it was made from, and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Record {
    fingerprint: u64,
    size: u64,
}

impl Record {
    fn parse(text: &str) -> Option<Record> {
        let (fingerprint, size) = text.split_once(' ')?;
        Some(Record {
            fingerprint: u64::from_str_radix(fingerprint, 16).ok()?,
            size: size.parse().ok()?,
        })
    }

    /// A file's size, if it is a file (a link is none: it is replaced, never kept).
    fn size(path: &Path) -> Option<u64> {
        fs::symlink_metadata(path)
            .ok()
            .filter(fs::Metadata::is_file)
            .map(|m| m.len())
    }
}

/// A path the site may contain: relative, `/`-separated, no empty, `.` or `..` parts.
fn is_site_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path.split('/').all(|part| {
            // Path::components also catches what `/` alone does not, such as `C:` on Windows.
            let mut parts = Path::new(part).components();
            matches!(parts.next(), Some(Component::Normal(_))) && parts.next().is_none()
        })
}

fn same_bytes(target: &Path, bytes: &[u8]) -> bool {
    // Comparing sizes first spares reading most changed files; a link is never the same.
    fs::symlink_metadata(target)
        .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
        && fs::read(target).is_ok_and(|old| old == bytes)
}

/// Where a file waits beside its target until it is renamed into place: the same folder,
/// so the rename cannot cross file systems; hidden, so it is never taken for content; a
/// name nobody else gives (see [`is_set_aside`]), so the next build can tell what a stopped
/// one left, whichever process it was.
fn aside(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.{}{SET_ASIDE}", std::process::id()))
}

/// Writes a file that must not exist yet: if something is there, even a link, this fails
/// rather than write where it points.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

/// Creates the output folder and its missing parents, noting each one created so that a
/// failed build can remove them again. Where the output folder is, links included, is the
/// user's choice.
fn make_out_folder(dir: &Path, made: &Mutex<Vec<PathBuf>>) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    // A relative path's last ancestor is the empty path, which names the current
    // folder but is no folder to `is_dir` or `create_dir`: stop before it.
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.is_dir())
        .collect();
    for dir in missing.into_iter().rev() {
        match fs::create_dir(dir) {
            Ok(()) => made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(dir.to_path_buf()),
            Err(err) if err.kind() == ErrorKind::AlreadyExists => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

/// Creates a folder of the site (`relative`, below `out`) and its missing parents, noting
/// each one created. Each part that is there must be a real folder: this never goes
/// through a link.
fn make_site_folder(out: &Path, relative: &str, made: &Mutex<Vec<PathBuf>>) -> std::io::Result<()> {
    let mut dir = out.to_path_buf();
    for part in relative.split('/') {
        dir.push(part);
        let is_folder = || fs::symlink_metadata(&dir).map(|meta| meta.is_dir());
        match is_folder() {
            Ok(true) => continue,
            Ok(false) => {
                return Err(std::io::Error::new(
                    ErrorKind::AlreadyExists,
                    format!("{} is there and is not a folder", dir.display()),
                ));
            }
            Err(err) if err.kind() == ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
        match fs::create_dir(&dir) {
            Ok(()) => made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(dir.clone()),
            // Another page's folder, made by another thread in between.
            Err(err) if err.kind() == ErrorKind::AlreadyExists && is_folder().unwrap_or(false) => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

fn write_atomically(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temporary = aside(target);
    write_new(&temporary, bytes)
        .and_then(|()| fs::rename(&temporary, target))
        .inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        })
        .with_context(|| format!("cannot write {}", target.display()))
}

fn save_manifest<'a>(
    out: &Path,
    files: impl Iterator<Item = (&'a str, Option<Record>)>,
) -> anyhow::Result<()> {
    let text: String = files
        .map(|(path, record)| match record {
            Some(r) => format!("{path}\t{:016x} {}\n", r.fingerprint, r.size),
            None => format!("{path}\n"),
        })
        .collect();
    let target = out.join(MANIFEST);
    // An unchanged build must leave every file alone, the manifest too.
    if same_bytes(&target, text.as_bytes()) {
        return Ok(());
    }
    write_atomically(&target, text.as_bytes())
}

/// `path` made absolute with symlinks resolved, even when its last parts do not exist yet
/// (they will be created as plain folders, so `..` among them can be resolved by hand).
fn canonical_even_if_missing(path: &Path) -> anyhow::Result<PathBuf> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("cannot resolve the folder {}", folder(path)))?;
    for existing in absolute.ancestors() {
        let Ok(mut real) = existing.canonicalize() else {
            continue;
        };
        for part in absolute
            .strip_prefix(existing)
            .unwrap_or(Path::new(""))
            .components()
        {
            match part {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(name) => real.push(name),
                _ => {}
            }
        }
        return Ok(real);
    }
    bail!("cannot resolve the folder {}", folder(path))
}

/// A folder as the user typed it, with the trailing `/` that says it is a folder.
fn folder(path: &Path) -> String {
    let shown = path.display().to_string();
    if shown.ends_with('/') {
        shown
    } else {
        format!("{shown}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    /// A plan root with `content/` and `templates/`, as the loader expects.
    fn plan() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("content")).unwrap();
        fs::create_dir(dir.path().join("templates")).unwrap();
        dir
    }

    /// A file of a test site: its path and bytes.
    struct SiteFile {
        path: String,
        bytes: Vec<u8>,
    }

    /// Writes a site held in memory.
    fn write_site(root: &Path, out: &Path, files: &[SiteFile]) -> anyhow::Result<Written> {
        let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        write_rendered(
            root,
            out,
            &paths,
            |_| None,
            |path| {
                Ok(files
                    .iter()
                    .find(|f| f.path == path)
                    .map(|f| f.bytes.clone())
                    .unwrap_or_default())
            },
        )
    }

    fn site(files: &[(&str, &str)]) -> Vec<SiteFile> {
        files
            .iter()
            .map(|(path, text)| SiteFile {
                path: path.to_string(),
                bytes: text.as_bytes().to_vec(),
            })
            .collect()
    }

    fn refusal(root: &Path, out: &Path) -> String {
        format!("{:#}", check_out_dir(root, out).unwrap_err())
    }

    #[test]
    fn refuses_the_plan_root_and_its_sources() {
        let plan = plan();
        let root = plan.path();
        assert!(refusal(root, root).contains("the plan root"));
        assert!(refusal(root, &root.join("content")).contains("into content/: pass another --out"));
        assert!(refusal(root, &root.join("templates")).contains("into templates/"));
        assert!(refusal(root, &root.join("content/site")).contains("inside content/"));
        assert!(refusal(root, &root.join("site/../content/new")).contains("inside content/"));
        assert!(refusal(root, root.parent().unwrap()).contains("holds the plan's content/"));
    }

    #[test]
    fn refuses_a_non_empty_folder_outcare_did_not_make() {
        let plan = plan();
        let out = plan.path().join("site2");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let message = refusal(plan.path(), &out);
        assert!(
            message.contains("site2/ is not empty and was not made by outcare"),
            "{message}"
        );
        assert!(write_site(plan.path(), &out, &site(&[("index.html", "x")])).is_err());
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn accepts_a_missing_folder_or_one_with_only_dotfiles() {
        let plan = plan();
        let out = plan.path().join("site");
        check_out_dir(plan.path(), &out).unwrap();
        check_out_dir(plan.path(), &out.join("deep/er")).unwrap();
        fs::create_dir(&out).unwrap();
        fs::write(out.join(".gitignore"), "*\n").unwrap();
        check_out_dir(plan.path(), &out).unwrap();
        write_site(plan.path(), &out, &site(&[("index.html", "x")])).unwrap();
        check_out_dir(plan.path(), &out).unwrap();
    }

    #[test]
    fn a_second_write_with_nothing_changed_rewrites_no_file() {
        let plan = plan();
        let out = plan.path().join("site");
        let files = site(&[
            ("index.html", "home"),
            ("calendar/2025-01/index.html", "jan"),
        ]);
        write_site(plan.path(), &out, &files).unwrap();
        // Back-dating the files makes any rewrite visible, however coarse the clock.
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        for file in &files {
            fs::File::options()
                .write(true)
                .open(out.join(&file.path))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        let done = write_site(plan.path(), &out, &files).unwrap();
        assert_eq!(
            done,
            Written {
                written: 0,
                unchanged: 2,
                removed: 0
            }
        );
        for file in &files {
            assert_eq!(
                fs::metadata(out.join(&file.path))
                    .unwrap()
                    .modified()
                    .unwrap(),
                old
            );
        }
    }

    #[test]
    fn a_changed_file_is_rewritten() {
        let plan = plan();
        let out = plan.path().join("site");
        write_site(
            plan.path(),
            &out,
            &site(&[("a.html", "one"), ("b.html", "two")]),
        )
        .unwrap();
        let done = write_site(
            plan.path(),
            &out,
            &site(&[("a.html", "uno"), ("b.html", "two")]),
        )
        .unwrap();
        assert_eq!(
            done,
            Written {
                written: 1,
                unchanged: 1,
                removed: 0
            }
        );
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "uno");
    }

    #[test]
    fn a_dropped_file_and_its_empty_folders_are_removed_but_nothing_else() {
        let plan = plan();
        let out = plan.path().join("site");
        let first = site(&[
            ("index.html", "home"),
            ("posts/old/index.html", "old"),
            ("kept/gone.html", "gone"),
            (".nojekyll", ""),
        ]);
        write_site(plan.path(), &out, &first).unwrap();
        fs::write(out.join("CNAME"), "example.com").unwrap();
        fs::write(out.join("kept/mine.txt"), "mine").unwrap();
        fs::write(out.join(".gitignore"), "*").unwrap();

        let done = write_site(plan.path(), &out, &site(&[("index.html", "home")])).unwrap();
        assert_eq!(
            done,
            Written {
                written: 0,
                unchanged: 1,
                removed: 2
            }
        );
        assert!(!out.join("posts").exists());
        assert!(!out.join("kept/gone.html").exists());
        assert_eq!(
            fs::read_to_string(out.join("kept/mine.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.com"
        );
        assert!(out.join(".gitignore").exists());
        assert!(out.join(".nojekyll").exists());
    }

    #[test]
    fn the_manifest_is_sorted_deterministic_and_alone() {
        let plan = plan();
        let out = plan.path().join("site");
        let files = [("z.html", "z"), ("b/c.html", "c"), ("a.html", "a")];
        write_site(plan.path(), &out, &site(&files)).unwrap();
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert_eq!(manifest, "a.html\nb/c.html\nz.html\n");

        let mut reversed = files;
        reversed.reverse();
        write_site(plan.path(), &out, &site(&reversed)).unwrap();
        assert_eq!(fs::read_to_string(out.join(MANIFEST)).unwrap(), manifest);
        // No temporary file is left behind.
        let mut names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [MANIFEST, "a.html", "b", "z.html"]);
    }

    #[test]
    fn a_bad_path_is_an_error_and_writes_nothing() {
        let plan = plan();
        let out = plan.path().join("site");
        for bad in ["../x", "/etc/x", "", "a//b", "./a", "a/../b", MANIFEST] {
            let files = site(&[("index.html", "home"), (bad, "x")]);
            assert!(write_site(plan.path(), &out, &files).is_err(), "{bad:?}");
            assert!(!out.exists(), "{bad:?}");
        }
        assert!(!plan.path().join("x").exists());
    }

    #[test]
    fn a_tampered_manifest_removes_nothing_outside() {
        let plan = plan();
        let out = plan.path().join("site");
        write_site(plan.path(), &out, &site(&[("index.html", "home")])).unwrap();
        fs::write(plan.path().join("outcare.yaml"), "title: x").unwrap();
        fs::write(
            out.join(MANIFEST),
            "index.html\n../outcare.yaml\n/etc/passwd\n",
        )
        .unwrap();
        write_site(plan.path(), &out, &site(&[("index.html", "home")])).unwrap();
        assert!(plan.path().join("outcare.yaml").exists());
        // The same through the note a stopped build leaves.
        fs::write(
            out.join(UNFINISHED),
            "../outcare.yaml\nindex.html/../../outcare.yaml\n",
        )
        .unwrap();
        write_site(plan.path(), &out, &site(&[("index.html", "home")])).unwrap();
        assert!(plan.path().join("outcare.yaml").exists());
        assert!(!out.join(UNFINISHED).exists());
    }

    /// Every path below `dir`, folders with a trailing `/`, dotfiles included.
    fn listing(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                out.push(format!("{name}/"));
                out.extend(listing(&path).into_iter().map(|p| format!("{name}/{p}")));
            } else {
                out.push(name);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_file_whose_fingerprint_and_size_are_unchanged_is_not_rendered_again() {
        let plan = plan();
        let out = plan.path().join("site");
        let paths = vec!["index.html".to_string(), "a/index.html".to_string()];
        let renders = std::sync::atomic::AtomicUsize::new(0);
        let build = |print: u64| {
            write_rendered(
                plan.path(),
                &out,
                &paths,
                |_| Some(print),
                |path| {
                    renders.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    Ok(format!("page {path} {print}").into_bytes())
                },
            )
            .unwrap()
        };
        build(1);
        assert_eq!(renders.swap(0, std::sync::atomic::Ordering::SeqCst), 2);
        let again = build(1);
        assert_eq!(
            renders.swap(0, std::sync::atomic::Ordering::SeqCst),
            0,
            "rendered again"
        );
        assert_eq!(again.unchanged, 2);
        // Another fingerprint: rendered, and written.
        let changed = build(2);
        assert_eq!(renders.swap(0, std::sync::atomic::Ordering::SeqCst), 2);
        assert_eq!(changed.written, 2);
        // A page edited by hand (another size) is rendered and put right.
        fs::write(out.join("a/index.html"), "mine now").unwrap();
        build(2);
        assert_eq!(renders.swap(0, std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "page a/index.html 2"
        );
        // A manifest from before fingerprints (paths only) still reads, and renders all.
        fs::write(out.join(MANIFEST), "index.html\na/index.html\n").unwrap();
        build(2);
        assert_eq!(renders.swap(0, std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[test]
    fn a_render_error_leaves_the_folder_as_it_was() {
        let plan = plan();
        let out = plan.path().join("site");
        write_site(
            plan.path(),
            &out,
            &site(&[("index.html", "home"), ("a/index.html", "a")]),
        )
        .unwrap();
        let before = listing(&out);
        let paths: Vec<String> = [
            "index.html",
            "a/index.html",
            "b/c/index.html",
            "z/index.html",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        // Every page but one renders, and differs: they are set aside, then must go again.
        let result = write_rendered(
            plan.path(),
            &out,
            &paths,
            |_| None,
            |path| {
                if path == "z/index.html" {
                    anyhow::bail!("template failed")
                }
                Ok(format!("new {path}").into_bytes())
            },
        );
        assert!(result.is_err());
        assert_eq!(
            listing(&out),
            before,
            "no set-aside file or new folder may stay"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
        // A first build that fails leaves no folder behind at all.
        let fresh = plan.path().join("fresh");
        assert!(
            write_rendered(
                plan.path(),
                &fresh,
                &paths,
                |_| None,
                |_| anyhow::bail!("no")
            )
            .is_err()
        );
        assert!(!fresh.exists());
    }

    /// What `dir` holds, without following links: each file with its bytes, each folder
    /// as `path/`, each link as `path -> target`.
    #[cfg(unix)]
    fn snapshot(dir: &Path) -> BTreeMap<String, String> {
        fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let kind = fs::symlink_metadata(&path).unwrap().file_type();
                if kind.is_symlink() {
                    let target = fs::read_link(&path).unwrap();
                    out.insert(format!("{name} -> {}", target.display()), String::new());
                } else if kind.is_dir() {
                    out.insert(format!("{name}/"), String::new());
                    walk(base, &path, out);
                } else {
                    out.insert(
                        name,
                        String::from_utf8_lossy(&fs::read(&path).unwrap()).into(),
                    );
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(dir, dir, &mut out);
        out
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_is_refused_and_nothing_is_written_through_it() {
        let plan = plan();
        let out = plan.path().join("site");
        let files = site(&[("index.html", "home"), ("owners/index.html", "owners")]);
        write_site(plan.path(), &out, &files).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join("secret.txt"), "keep me").unwrap();
        fs::remove_dir_all(out.join("owners")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), out.join("owners")).unwrap();
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        fs::write(out.join(MANIFEST), format!("{manifest}owners/secret.txt\n")).unwrap();
        let outside = snapshot(elsewhere.path());
        let inside = snapshot(&out);

        let more = site(&[
            ("index.html", "home, changed"),
            ("owners/index.html", "owners, changed"),
            ("owners/ann/index.html", "ann"),
        ]);
        let message = format!("{:#}", write_site(plan.path(), &out, &more).unwrap_err());
        assert!(message.contains("site/owners -> "), "{message}");
        assert!(message.contains("a symlink"), "{message}");
        assert!(message.contains("build again"), "{message}");
        assert_eq!(
            snapshot(elsewhere.path()),
            outside,
            "written or removed outside"
        );
        assert_eq!(snapshot(&out), inside, "the refused build changed the site");
    }

    #[cfg(unix)]
    #[test]
    fn a_manifest_line_through_a_link_removes_nothing_outside() {
        let plan = plan();
        let out = plan.path().join("site");
        write_site(
            plan.path(),
            &out,
            &site(&[("index.html", "home"), ("a/b.html", "b")]),
        )
        .unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::create_dir(elsewhere.path().join("b")).unwrap();
        fs::write(elsewhere.path().join("b/secret.txt"), "keep me").unwrap();
        fs::write(elsewhere.path().join("b.html"), "keep me too").unwrap();
        // The user's own link, which the site does not use, and the manifest naming
        // files behind it (as a hand edit or an old site could).
        std::os::unix::fs::symlink(elsewhere.path(), out.join("mine")).unwrap();
        fs::remove_dir_all(out.join("a")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), out.join("a")).unwrap();
        fs::write(
            out.join(MANIFEST),
            "index.html\na/b.html\nmine/b/secret.txt\nmine/b.html\n",
        )
        .unwrap();
        let outside = snapshot(elsewhere.path());

        write_site(plan.path(), &out, &site(&[("index.html", "home")])).unwrap();
        assert_eq!(snapshot(elsewhere.path()), outside, "removed outside");
        assert!(fs::symlink_metadata(out.join("mine")).unwrap().is_symlink());
        assert!(fs::symlink_metadata(out.join("a")).unwrap().is_symlink());
        assert_eq!(
            fs::read_to_string(out.join(MANIFEST)).unwrap(),
            "index.html\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_replaced_never_written_through() {
        let plan = plan();
        let out = plan.path().join("site");
        let paths = vec!["index.html".to_string(), "a/page.html".to_string()];
        let build = || {
            write_rendered(
                plan.path(),
                &out,
                &paths,
                |_| Some(7),
                |path| Ok(format!("page {path}").into_bytes()),
            )
        };
        build().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        // The very bytes the page has, and its size: neither the fingerprint nor a
        // comparison may take the link for the page.
        fs::write(elsewhere.path().join("same.html"), "page index.html").unwrap();
        fs::write(elsewhere.path().join("other.html"), "not the page").unwrap();
        fs::remove_file(out.join("index.html")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join("same.html"), out.join("index.html"))
            .unwrap();
        fs::remove_file(out.join("a/page.html")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join("other.html"), out.join("a/page.html"))
            .unwrap();
        let outside = snapshot(elsewhere.path());

        let done = build().unwrap();
        assert_eq!(done.written, 2, "{done:?}");
        assert_eq!(
            snapshot(elsewhere.path()),
            outside,
            "written through a link"
        );
        for path in &paths {
            let meta = fs::symlink_metadata(out.join(path)).unwrap();
            assert!(meta.is_file(), "{path} is still a link");
            assert_eq!(
                fs::read_to_string(out.join(path)).unwrap(),
                format!("page {path}")
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_manifest_is_refused() {
        let plan = plan();
        let out = plan.path().join("site");
        write_site(plan.path(), &out, &site(&[("index.html", "home")])).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join("list"), "index.html\n").unwrap();
        fs::remove_file(out.join(MANIFEST)).unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join("list"), out.join(MANIFEST)).unwrap();
        let message = format!(
            "{:#}",
            write_site(plan.path(), &out, &site(&[("index.html", "new")])).unwrap_err()
        );
        assert!(message.contains(MANIFEST), "{message}");
        assert!(message.contains("build again"), "{message}");
        assert_eq!(
            fs::read_to_string(elsewhere.path().join("list")).unwrap(),
            "index.html\n"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
    }

    #[test]
    fn files_a_stopped_build_listed_are_rendered_again_and_removed_when_stale() {
        let plan = plan();
        let out = plan.path().join("site");
        let paths = vec!["index.html".to_string()];
        let build = |paths: &[String], version: u64| {
            write_rendered(
                plan.path(),
                &out,
                paths,
                |_| Some(version),
                |path| Ok(format!("{path} v{version}").into_bytes()),
            )
            .unwrap()
        };
        build(&paths, 1);
        // What kill -9 leaves half way through renaming version 2 into place: a page
        // with its new bytes (the same size), a new page and its folder, the manifest
        // of version 1, and the note of what the stopped build could write.
        fs::write(out.join("index.html"), "index.html v2").unwrap();
        fs::create_dir(out.join("new")).unwrap();
        fs::write(out.join("new/page.html"), "new/page.html v2").unwrap();
        fs::write(out.join(UNFINISHED), "index.html\nnew/page.html\n").unwrap();
        // Back to version 1: its fingerprint and size match the manifest, but the
        // page no longer holds it.
        let done = build(&paths, 1);
        assert_eq!(done.written, 1, "{done:?}");
        assert_eq!(done.removed, 1, "{done:?}");
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "index.html v1"
        );
        assert_eq!(listing(&out), [MANIFEST, "index.html"]);
    }

    #[test]
    fn leftovers_of_interrupted_builds_are_removed_whatever_their_process() {
        let plan = plan();
        let out = plan.path().join("site");
        let files = site(&[("index.html", "home"), ("posts/a/index.html", "a")]);
        write_site(plan.path(), &out, &files).unwrap();
        let clean = listing(&out);
        // What builds stopped by kill -9 leave: set-aside files of any process, beside
        // pages that exist and in folders made only for them.
        for leftover in [
            ".index.html.4242.outcare-tmp",
            "posts/a/.index.html.1.outcare-tmp",
            "posts/b/.index.html.99999.outcare-tmp",
            "posts/c/d/.index.html.7.outcare-tmp",
            ".outcare-manifest.31337.outcare-tmp",
        ] {
            fs::create_dir_all(out.join(leftover).parent().unwrap()).unwrap();
            fs::write(out.join(leftover), "half a page").unwrap();
        }
        // Names outcare does not give: the user's, kept.
        let mine = [
            ".notes.outcare-tmp",
            ".x.12a.outcare-tmp",
            "keep.1.outcare-tmp",
            "posts/a/.index.html.1.outcare-tmp.bak",
        ];
        for name in mine {
            fs::write(out.join(name), "mine").unwrap();
        }

        let done = write_site(plan.path(), &out, &files).unwrap();
        assert_eq!(done.written, 0, "{done:?}");
        let mut expected = clean;
        expected.extend(mine.iter().map(|name| name.to_string()));
        expected.sort();
        assert_eq!(listing(&out), expected);
    }
}
