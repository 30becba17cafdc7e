//! `outcare check`: the pipeline stopped before rendering.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::cli::{CheckArgs, Format, Global};
use crate::diagnostic::{self, Flag, Rule, Severity, colour_wanted, count};
use crate::load::{MAX_FILE, history};

/// Usage errors exit 2, as clap's own do.
const USAGE: u8 = 2;

pub fn run(global: &Global, args: &CheckArgs) -> anyhow::Result<u8> {
    let only = match plan_paths(&global.root, &args.paths) {
        Ok(only) => only,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(USAGE);
        }
    };
    let (loaded, mut flags) = super::load_and_check(global)?;
    let base = match &args.base {
        Some(rev) => {
            let today = super::today(global, &loaded.plan.config);
            match Base::read(&global.root, rev, today) {
                Ok(base) => Some(base),
                Err(message) => {
                    eprintln!("error: {message}");
                    return Ok(USAGE);
                }
            }
        }
        None => None,
    };
    // A mistyped path would otherwise report "no problems found" about nothing.
    let named = args.paths.iter().zip(only.iter().flatten());
    for (path, relative) in named.filter(|(p, _)| !p.exists()) {
        if base.as_ref().is_some_and(|base| base.had(relative)) {
            continue;
        }
        eprintln!(
            "warning: {} does not exist, so no flag is about it: check the spelling (a deleted file has nothing to report)",
            path.display()
        );
    }
    let mut already = 0;
    if let Some(base) = &base {
        (flags, already) = new_against(flags, &base.flags, |file| base.touched(&global.root, file));
    }
    if let Some(only) = &only {
        // With --base an error anywhere is reported: it would fail the build after the merge.
        flags.retain(|flag| {
            (base.is_some() && flag.severity == Severity::Error)
                || only.iter().any(|path| is_within(&flag.file, path))
        });
    }
    let counts = count(&flags);
    let summary_file = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty());
    let out = match args.format {
        Format::Text => {
            let colour = colour_wanted(diagnostic::stdout_is_terminal());
            let mut text = diagnostic::to_text(&flags, &loaded.sources, colour);
            let plan = &loaded.plan;
            let paths = only
                .as_ref()
                .map(|paths| diagnostic::plural(paths.len(), "path"));
            let scope = match (&base, paths) {
                (None, None) => String::new(),
                (None, Some(paths)) => format!(" (flags about {paths} only)"),
                (Some(base), None) => format!(" (flags new against {}, and every error)", base.rev),
                (Some(base), Some(paths)) => format!(
                    " (flags new against {} about {paths}, and every error)",
                    base.rev
                ),
            };
            text.push_str(&format!(
                "{}: {}, {}, {}, {} checked{scope}: {}\n",
                plan.config.title,
                diagnostic::plural(plan.posts.len(), "post"),
                diagnostic::plural(plan.personas.len(), "persona"),
                diagnostic::plural(plan.pain_points.len(), "pain point"),
                diagnostic::plural(plan.feedback.len(), "feedback item"),
                diagnostic::summary(counts)
            ));
            if let Some(base) = base.as_ref().filter(|_| already > 0) {
                text.push_str(&format!(
                    "{} already there at {} {} not shown: `outcare check` without --base lists every flag.\n",
                    diagnostic::plural(already, "flag"),
                    base.rev,
                    if already == 1 { "is" } else { "are" }
                ));
            }
            // Once, like rustc's `--explain` hint, naming a rule that was flagged.
            if let Some(first) = flags.first() {
                text.push_str(&format!(
                    "For what a rule checks and how to fix it, try `outcare explain {}`.\n",
                    first.rule.id()
                ));
            }
            text
        }
        Format::Json => diagnostic::to_json(&flags),
        Format::Github => {
            let scope = base.as_ref().map(|base| {
                let left_out = match already {
                    0 => String::new(),
                    1 => format!(" 1 flag already there at `{}` is not listed.", base.rev),
                    n => format!(" {n} flags already there at `{}` are not listed.", base.rev),
                };
                format!(
                    "Compared with `{}` (commit `{}`): the flags this change brings, and every error.{left_out}",
                    base.rev, base.commit
                )
            });
            let written = summary_file
                .as_deref()
                .is_some_and(|file| write_job_summary(Path::new(file), &flags, scope.as_deref()));
            diagnostic::to_github(&flags, written)
        }
    };
    let denied = args.deny_warnings && counts.errors == 0 && counts.warnings > 0;
    // Without this line, "0 errors, 15 warnings" and exit 1 read as a bug.
    let why = denied.then(|| {
        format!(
            "check failed because of --deny-warnings, which counts warnings as failures: fix the {} above, or run without --deny-warnings\n",
            diagnostic::plural(counts.warnings, "warning")
        )
    });
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`outcare check | head`) is not an error worth a panic.
    let _ = stdout.write_all(out.as_bytes());
    if let Some(why) = &why {
        // JSON and workflow commands stay machine-readable: the reason goes to stderr.
        if args.format == Format::Text {
            let _ = stdout.write_all(why.as_bytes());
        } else {
            let _ = std::io::stderr().write_all(why.as_bytes());
        }
    }
    let _ = stdout.flush();
    let failed = counts.errors > 0 || denied;
    Ok(if failed { super::FAILED } else { super::OK })
}

/// Appends the Markdown job summary of every flag to GitHub's summary file,
/// within what is left of the step's 1 MiB. A summary that cannot be written
/// is said on stderr and does not fail the check: the annotations still stand.
fn write_job_summary(file: &Path, flags: &[Flag], scope: Option<&str>) -> bool {
    let used = std::fs::metadata(file).map_or(0, |m| m.len() as usize);
    let budget = diagnostic::GITHUB_SUMMARY_MAX.saturating_sub(used);
    let text = diagnostic::github_summary_scoped(flags, budget, scope);
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match appended {
        Ok(()) => true,
        Err(err) => {
            eprintln!(
                "warning: cannot write the job summary to {} ({err}); the annotations are complete up to GitHub's limit",
                file.display()
            );
            false
        }
    }
}

/// The paths given on the command line as the plan names files in flags:
/// relative to the plan root, `/`-separated, without `.` or a trailing `/`
/// (an empty string is the whole plan). `None` when none were given.
fn plan_paths(root: &Path, paths: &[PathBuf]) -> Result<Option<Vec<String>>, String> {
    if paths.is_empty() {
        return Ok(None);
    }
    let root = std::path::absolute(root)
        .map(|r| normal(&r))
        .map_err(|e| format!("cannot resolve the plan folder {}: {e}", root.display()))?;
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let absolute = std::path::absolute(path)
            .map(|p| normal(&p))
            .map_err(|e| format!("cannot resolve {}: {e}", path.display()))?;
        let Ok(inside) = absolute.strip_prefix(&root) else {
            return Err(format!(
                "{} is not inside the plan folder {}: name files of the plan, or pass its folder with --root",
                path.display(),
                root.display()
            ));
        };
        let relative: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        out.push(relative.join("/"));
    }
    Ok(Some(out))
}

/// A path with `.` dropped and `..` applied, without touching the disk: a
/// file a pull request deleted can still be named.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether a flag's file is the path given, or inside it when it is a folder.
fn is_within(file: &str, path: &str) -> bool {
    path.is_empty()
        || file == path
        || file
            .strip_prefix(path)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The plan as it was at `--base`, written out from git into a temporary
/// folder (removed on drop) and checked as the plan on disk is.
struct Base {
    /// As the user wrote it.
    rev: String,
    commit: String,
    dir: tempfile::TempDir,
    flags: Vec<Flag>,
}

impl Base {
    /// Reads and checks the plan at `rev` with the same today as the plan on
    /// disk. An error is for the user: `--base` cannot be honoured.
    fn read(root: &Path, rev: &str, today: jiff::civil::Date) -> Result<Base, String> {
        let dir = tempfile::Builder::new()
            .prefix("outcare-base-")
            .tempdir()
            .map_err(|e| {
                format!(
                    "cannot make a temporary folder for the plan as it was at {rev} ({e}): check that {} exists and has room",
                    std::env::temp_dir().display()
                )
            })?;
        let at = history::plan_at(root, rev, dir.path())?;
        // A pull request that starts the plan, or moves it, has nothing to compare with.
        let flags = if !at.found || !dir.path().join("content").is_dir() {
            eprintln!(
                "note: there was no plan in this folder at {rev} (no content/), so every flag counts as new"
            );
            Vec::new()
        } else {
            let global = Global {
                root: dir.path().to_path_buf(),
                today: Some(today),
            };
            match super::load_and_check(&global) {
                Ok((_, flags)) => flags,
                Err(err) => {
                    eprintln!(
                        "note: the plan as it was at {rev} cannot be read ({err:#}), so every flag counts as new"
                    );
                    Vec::new()
                }
            }
        };
        Ok(Base {
            rev: rev.to_string(),
            commit: at.commit,
            dir,
            flags,
        })
    }

    /// Whether a plan-relative path was there at the base: a file the change deleted.
    fn had(&self, relative: &str) -> bool {
        std::fs::symlink_metadata(within(self.dir.path(), relative)).is_ok()
    }

    /// Whether the change touched a file a flag names: it differs from the
    /// base, or is on one side only. Folders (a skipped folder) count as the same.
    fn touched(&self, root: &Path, file: &str) -> bool {
        let (now, then) = (within(root, file), within(self.dir.path(), file));
        match (std::fs::metadata(&now), std::fs::metadata(&then)) {
            (Err(_), Err(_)) => false,
            (Ok(a), Ok(b)) if a.is_dir() && b.is_dir() => false,
            (Ok(a), Ok(b)) if a.is_file() && b.is_file() => {
                // A file over the cap stands at the base as its size alone (it is
                // never read): an entry that large is an error anyway, and a
                // video's `skipped-file` warning is about its name.
                a.len() != b.len()
                    || (a.len() <= MAX_FILE
                        && std::fs::read(&now).ok() != std::fs::read(&then).ok())
            }
            _ => true,
        }
    }
}

/// A plan-relative, `/`-separated path under `dir`.
fn within(dir: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .filter(|part| !part.is_empty())
        .fold(dir.to_path_buf(), |path, part| path.join(part))
}

/// The flags a change brings against its base, and how many were left out
/// because they were already there.
///
/// A flag is the same as one at the base when its rule, severity, file and
/// message are (the message without a suggestion drawn from the rest of the
/// plan, where the flag says so): its line and column are not compared,
/// since lines move. Each
/// flag at the base answers for one flag now, so a second copy of a warning
/// is new. A flag on a file the change touched is always new (the change
/// is answerable for the whole file), and so is every error, since the build
/// fails on any error.
fn new_against(
    flags: Vec<Flag>,
    base: &[Flag],
    touched: impl Fn(&str) -> bool,
) -> (Vec<Flag>, usize) {
    let key = |f: &Flag| {
        let message = f.compared.as_deref().unwrap_or(&f.message);
        (f.rule, f.severity, f.file.clone(), message.to_string())
    };
    let mut at_base: HashMap<(Rule, Severity, String, String), usize> = HashMap::new();
    for flag in base {
        *at_base.entry(key(flag)).or_default() += 1;
    }
    let mut touched_files: HashMap<String, bool> = HashMap::new();
    let mut already = 0;
    let mut out = Vec::with_capacity(flags.len());
    for flag in flags {
        let is_touched = *touched_files
            .entry(flag.file.clone())
            .or_insert_with(|| touched(&flag.file));
        let old = flag.severity != Severity::Error
            && !is_touched
            && at_base.get_mut(&key(&flag)).is_some_and(|n| {
                let there = *n > 0;
                *n = n.saturating_sub(1);
                there
            });
        if old {
            already += 1;
        } else {
            out.push(flag);
        }
    }
    (out, already)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Kind, Pos};

    fn flag(rule: Rule, file: &str, line: u32, message: &str) -> Flag {
        Flag::new(
            rule,
            Kind::Post,
            file,
            Some(Pos::line(line)),
            message.into(),
        )
    }

    #[test]
    fn a_flag_is_old_by_rule_file_and_message_once_each_and_never_an_error() {
        let base = [
            flag(Rule::Overdue, "a.md", 3, "late"),
            flag(Rule::Overdue, "b.md", 3, "late"),
            flag(Rule::UnknownReference, "c.md", 2, "no `x`"),
            flag(Rule::WrongChannel, "d.md", 2, "not there"),
        ];
        let now = vec![
            // Moved down a line: the same flag.
            flag(Rule::Overdue, "a.md", 9, "late"),
            // Twice now, once at the base: one is new.
            flag(Rule::Overdue, "b.md", 3, "late"),
            flag(Rule::Overdue, "b.md", 4, "late"),
            // An error is reported however old.
            flag(Rule::UnknownReference, "c.md", 2, "no `x`"),
            // Another message is another flag.
            flag(Rule::Overdue, "e.md", 3, "later"),
            // The change touched this file: its flags are the change's.
            flag(Rule::WrongChannel, "d.md", 2, "not there"),
        ];
        let (kept, already) = new_against(now, &base, |file| file == "d.md");
        let kept: Vec<(&str, Option<u32>)> =
            kept.iter().map(|f| (f.file.as_str(), f.line)).collect();
        assert_eq!(
            kept,
            [
                ("b.md", Some(4)),
                ("c.md", Some(2)),
                ("e.md", Some(3)),
                ("d.md", Some(2))
            ]
        );
        assert_eq!(already, 2);
    }

    #[test]
    fn a_warning_made_an_error_by_the_change_is_new() {
        let mut error = flag(Rule::Overdue, "a.md", 3, "late");
        error.severity = Severity::Error;
        let (kept, already) = new_against(
            vec![error],
            &[flag(Rule::Overdue, "a.md", 3, "late")],
            |_| false,
        );
        assert_eq!((kept.len(), already), (1, 0));
    }
}
