//! `outcare init`: a new plan repository with an example plan that passes
//! `check` (or, with `--empty`, empty folders for each kind of entry), a README
//! for its editors and a GitHub workflow that checks pull requests and
//! publishes the site.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};

use super::scaffold::Start;
use crate::cli::{Global, InitArgs};

pub fn run(global: &Global, args: &InitArgs) -> anyhow::Result<u8> {
    let dir = args.dir.as_deref().unwrap_or(&global.root);
    refuse_unless_empty(dir)?;
    let start = if args.empty {
        Start::Empty
    } else {
        Start::Example
    };
    let today = global.today.unwrap_or_else(|| {
        let tz = jiff::tz::db()
            .get(&start.timezone())
            .unwrap_or(jiff::tz::TimeZone::UTC);
        tz.to_datetime(jiff::Timestamp::now()).date()
    });
    let files = super::scaffold::files(today, start);
    let mut out = match start {
        Start::Example => format!(
            "started a content plan in {} (an example for a neighbourhood bakery, {} {}):\n",
            dir.display(),
            today.strftime("%B"),
            today.year()
        ),
        Start::Empty => format!("started an empty content plan in {}:\n", dir.display()),
    };
    for (path, text) in &files {
        let target = dir.join(path);
        write_new(&target, text)?;
        out.push_str(&format!("  {path}\n"));
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("  cd {}\n", dir.display())
    };
    out.push_str(&match start {
        Start::Example => format!(
            "\nNext:\n{cd}  outcare check        check the example plan\n  outcare serve        preview its site at http://127.0.0.1:1111/\n\
             Then make it yours: rewrite or replace the files in content/ (README.md says how),\n\
             commit and push to GitHub, and turn on Settings → Pages → Source: GitHub Actions to publish.\n"
        ),
        Start::Empty => format!(
            "\nNext:\n{cd}  outcare new persona SLUG --channel CHANNEL   the people you write for\n  outcare new pain-point SLUG --persona SLUG   their needs\n  outcare new post SLUG --date YYYY-MM-DD --channel CHANNEL --pain-point SLUG\n\
             README.md says more; set the time zone and channels in outcare.yaml, commit and push to GitHub,\n\
             and turn on Settings → Pages → Source: GitHub Actions to publish.\n"
        ),
    });
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(super::OK)
}

/// A plan is started in a new or empty folder only, so nothing of the user's is
/// overwritten or mixed in; `.git/` is allowed, for `git init && outcare init`.
fn refuse_unless_empty(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!(
            "{} is a file, not a folder: give a new or empty folder, like `outcare init my-plan`",
            dir.display()
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".git")
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown = names.len().min(5);
    let more = match names.len() - shown {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    bail!(
        "{} is not empty (it holds {}{more}), and init writes only into a new or empty folder (a `.git/` is fine), so nothing was written: run `outcare init NEW-FOLDER`, or empty this one",
        dir.display(),
        names[..shown].join(", ")
    )
}

/// Writes a new file, making its folders; never replaces one.
pub(super) fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot make the folder {}", parent.display()))?;
    }
    // create_new: a file that appeared since the folder was checked is kept.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
