//! `outcare check`: the pipeline stopped before rendering.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::cli::{CheckArgs, Format, Global};
use crate::diagnostic::{self, Flag, colour_wanted, count};

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
    // A mistyped path would otherwise report "no problems found" about nothing.
    for path in args.paths.iter().filter(|p| !p.exists()) {
        eprintln!(
            "warning: {} does not exist, so no flag is about it: check the spelling (a deleted file has nothing to report)",
            path.display()
        );
    }
    let (loaded, mut flags) = super::load_and_check(global)?;
    if let Some(only) = &only {
        flags.retain(|flag| only.iter().any(|path| is_within(&flag.file, path)));
    }
    let counts = count(&flags);
    let summary_file = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty());
    let out = match args.format {
        Format::Text => {
            let colour = colour_wanted(diagnostic::stdout_is_terminal());
            let mut text = diagnostic::to_text(&flags, &loaded.sources, colour);
            let plan = &loaded.plan;
            let scope = match &only {
                Some(paths) => format!(
                    " (flags about {} only)",
                    diagnostic::plural(paths.len(), "path")
                ),
                None => String::new(),
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
            let written = summary_file
                .as_deref()
                .is_some_and(|file| write_job_summary(Path::new(file), &flags));
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
fn write_job_summary(file: &Path, flags: &[Flag]) -> bool {
    let used = std::fs::metadata(file).map_or(0, |m| m.len() as usize);
    let budget = diagnostic::GITHUB_SUMMARY_MAX.saturating_sub(used);
    let text = diagnostic::github_summary(flags, budget);
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
