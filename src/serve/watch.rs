//! Watches the plan's sources (`content/`, `templates/`, `outcare.yaml`) and
//! calls back once per burst of changes.
//!
//! Editors save in odd ways (write a temporary file and rename it over, delete
//! and re-create, leave `~` backups), and `git checkout` changes many files
//! at once: the debouncer folds each burst into one batch, leftover batches
//! are drained before rebuilding, and a `content/` or `templates/` folder that
//! is deleted and re-created is watched again.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::model::CONFIG_FILE;

/// How long a file must be quiet before its change is reported. Short: an
/// editor's save (a write, or a temporary file renamed over) takes a few
/// milliseconds, and a rebuild caught mid-burst costs only one more rebuild.
pub const QUIET: Duration = Duration::from_millis(15);
/// After the first batch, further batches arriving within this long belong to
/// the same burst: the debouncer reports each file on its own clock, so a
/// `git checkout` arrives as several batches a tick apart.
/// The debouncer's tick is a quarter of `QUIET`, so this spans two ticks.
const SETTLE: Duration = Duration::from_millis(10);

/// Whether a changed path is part of the plan's sources.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    match parts.next().as_deref() {
        Some(CONFIG_FILE) => rel.components().count() == 1,
        Some("content" | "templates") => {
            // Editor droppings and hidden files change nothing outcare reads.
            !rel.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| crate::load::is_ignored(&n))
        }
        _ => false,
    }
}

/// An entry file whose content was written, relative to the root; `None` for
/// any other change (a file made, removed or renamed, a folder, the config,
/// a template), after which the whole plan must be walked again.
fn edited_entry(root: &Path, kind: &EventKind, path: &Path) -> Option<String> {
    if !matches!(
        kind,
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any)
    ) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    let in_content = rel
        .components()
        .next()
        .is_some_and(|c| c.as_os_str() == "content");
    let markdown = rel.extension().is_some_and(|e| e == "md");
    (in_content && markdown && path.is_file()).then(|| {
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    })
}

/// The plan's sources under watch. Start it before the first build, so that
/// a save made while the plan first loads is not lost: its events wait in
/// the channel and cause a rebuild as soon as `run` begins.
pub struct Watch {
    root: PathBuf,
    folders: [PathBuf; 2],
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: mpsc::Receiver<DebounceEventResult>,
}

impl Watch {
    pub fn start(root: &Path) -> anyhow::Result<Watch> {
        let root: PathBuf = root.canonicalize()?;
        let (tx, events) = mpsc::channel::<DebounceEventResult>();
        let mut debouncer = new_debouncer(QUIET, None, tx)?;
        let folders = [root.join("content"), root.join("templates")];
        // The root itself, not recursively: it shows outcare.yaml, and content/ or
        // templates/ appearing or disappearing, without watching target/ or .git/.
        debouncer.watch(&root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch {
            root,
            folders,
            debouncer,
            events,
        };
        watch.watch_folders();
        Ok(watch)
    }

    /// (Re)watches `content/` and `templates/` where they exist. A folder that
    /// vanishes meanwhile (a `git checkout`) is not fatal: the root's watch
    /// sees it come back.
    fn watch_folders(&mut self) {
        for folder in &self.folders {
            let _ = self.debouncer.unwatch(folder);
            if folder.is_dir()
                && let Err(err) = self.debouncer.watch(folder, RecursiveMode::Recursive)
                && folder.is_dir()
            {
                eprintln!("cannot watch {}: {err}", folder.display());
            }
        }
    }

    /// Watches until the process ends, calling `rebuild` after each burst of
    /// changes to the sources: with the entry files edited (relative to the
    /// plan root) when that is all the burst did, or `None` when files or
    /// folders came, went or were renamed, or anything else changed. Watch
    /// errors are printed, not fatal.
    pub fn run(mut self, mut rebuild: impl FnMut(Option<Vec<String>>)) {
        while let Ok(first) = self.events.recv() {
            let mut batches = vec![first];
            while let Ok(more) = self.events.recv_timeout(SETTLE) {
                batches.push(more);
            }
            let mut relevant = false;
            let mut rewatch = false;
            let mut edited: Option<Vec<String>> = Some(Vec::new());
            for batch in batches {
                match batch {
                    Ok(events) => {
                        for event in events {
                            if matches!(event.kind, EventKind::Access(_)) {
                                continue;
                            }
                            for path in &event.paths {
                                if !is_source(&self.root, path) {
                                    continue;
                                }
                                relevant = true;
                                rewatch |= self.folders.iter().any(|f| f == path);
                                match (&mut edited, edited_entry(&self.root, &event.kind, path)) {
                                    (Some(files), Some(file)) => files.push(file),
                                    _ => edited = None,
                                }
                            }
                        }
                    }
                    Err(errors) => {
                        // Events may have been lost: trust nothing but a full reload.
                        edited = None;
                        relevant = true;
                        for error in errors {
                            let error = error.to_string();
                            eprintln!(
                                "watching {}: {}",
                                self.root.display(),
                                crate::diagnostic::printable_lines(&error)
                            );
                        }
                    }
                }
            }
            if rewatch {
                self.watch_folders();
            }
            if relevant {
                rebuild(edited);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_matter() {
        let root = Path::new("/plan");
        for yes in [
            "/plan/outcare.yaml",
            "/plan/content/posts/a.md",
            "/plan/content/posts/2026/new-folder",
            "/plan/templates/base.html",
            "/plan/content",
        ] {
            assert!(is_source(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/plan/site/index.html",
            "/plan/target/debug/x",
            "/plan/.git/index",
            "/plan/content/posts/a.md~",
            "/plan/content/posts/.a.md.swp",
            "/plan/content/posts/.#a.md",
            "/plan/README.md",
            "/elsewhere/outcare.yaml",
            "/plan/sub/outcare.yaml",
        ] {
            assert!(!is_source(root, Path::new(no)), "{no}");
        }
    }
}
