//! `outcare build`: the whole pipeline. The site is rendered in memory first;
//! the output folder is touched only when the plan has no errors and every
//! page rendered.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::{BuildArgs, Global};
use crate::diagnostic::{self, colour_wanted, count};
use crate::render::{self, Templates};

pub fn run(global: &Global, args: &BuildArgs) -> anyhow::Result<u8> {
    let (loaded, flags) = super::load_and_check(global)?;
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
    let files = render::render(std::sync::Arc::new(loaded.plan), &flags, templates, today)?;
    let written = crate::output::write_site(&global.root, &out, &files)?;
    let index = out.join("index.html");
    let _ = writeln!(
        stderr,
        "built {} files into {} ({} written, {} unchanged, {} removed); {}\nopen {}",
        files.len(),
        out.display(),
        written.written,
        written.unchanged,
        written.removed,
        diagnostic::summary(counts),
        index.display()
    );
    Ok(super::OK)
}
