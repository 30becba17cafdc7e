//! `outcare build`: the whole pipeline. Nothing is written when the plan has
//! errors; pages that render differently from what the output folder holds
//! are set aside, and moved into place only once every page has rendered.
//! Stopped by Ctrl-C or SIGTERM, it exits with 128 + the signal's number, as
//! a shell reports a program the signal ended.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::{BuildArgs, Global};
use crate::diagnostic::{self, colour_wanted, count};
use crate::render::{Site, Templates};

pub fn run(global: &Global, args: &BuildArgs) -> anyhow::Result<u8> {
    let (mut loaded, flags) = super::load_and_check(global)?;
    if let Some(url) = &args.base_url {
        loaded.plan.config.base_url = Some(url.clone());
    }
    let out: PathBuf = args.out.clone().unwrap_or_else(|| global.root.join("site"));
    let counts = count(&flags);
    let colour = colour_wanted(std::io::stderr().is_terminal());
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(diagnostic::to_text(&flags, &loaded.sources, colour).as_bytes());
    if counts.errors > 0 {
        let _ = writeln!(
            stderr,
            "build failed: {}; {} was left as it was. Fix the errors above and build again.",
            diagnostic::summary(counts),
            out.display()
        );
        return Ok(super::FAILED);
    }
    let today = super::today(global, &loaded.plan.config);
    let templates = Templates::load(&global.root)?;
    // Read once per build: every page that shows changes shares the list.
    let changes = crate::load::history::changes(&global.root, &loaded.plan.config, today);
    let site = Site::new(
        std::sync::Arc::new(loaded.plan),
        &flags,
        templates.into(),
        today,
    )
    .with_changes(changes);
    let paths: Vec<String> = site.paths().map(str::to_string).collect();
    let written = crate::output::write_rendered(
        &global.root,
        &out,
        &paths,
        |path| site.fingerprint(path),
        |path| {
            site.file(path).unwrap_or_else(|| {
                Err(anyhow::anyhow!(
                    "bug: the site lists {path} but has no such file"
                ))
            })
        },
    );
    let written = match written {
        Ok(written) => written,
        Err(err) => match err.downcast_ref::<crate::output::Interrupted>() {
            Some(stopped) => {
                let _ = writeln!(stderr, "build {stopped}");
                return Ok(stopped.exit_status());
            }
            None => return Err(err),
        },
    };
    let index = out.join("index.html");
    let _ = writeln!(
        stderr,
        "built {} files into {} ({} written, {} unchanged, {} removed); {}\nopen {}",
        paths.len(),
        out.display(),
        written.written,
        written.unchanged,
        written.removed,
        diagnostic::summary(counts),
        index.display()
    );
    Ok(super::OK)
}
