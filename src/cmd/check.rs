//! `outcare check`: the pipeline stopped before rendering.

use std::io::Write;

use crate::cli::{CheckArgs, Format, Global};
use crate::diagnostic::{self, colour_wanted, count};

pub fn run(global: &Global, args: &CheckArgs) -> anyhow::Result<u8> {
    let (loaded, flags) = super::load_and_check(global)?;
    let counts = count(&flags);
    let out = match args.format {
        Format::Text => {
            let colour = colour_wanted(diagnostic::stdout_is_terminal());
            let mut text = diagnostic::to_text(&flags, &loaded.sources, colour);
            let plan = &loaded.plan;
            text.push_str(&format!(
                "{}: {} posts, {} personas, {} pain points, {} feedback items checked: {}\n",
                plan.config.title,
                plan.posts.len(),
                plan.personas.len(),
                plan.pain_points.len(),
                plan.feedback.len(),
                diagnostic::summary(counts)
            ));
            text
        }
        Format::Json => diagnostic::to_json(&flags),
        Format::Github => diagnostic::to_github(&flags),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`outcare check | head`) is not an error worth a panic.
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    let failed = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    Ok(if failed { super::FAILED } else { super::OK })
}
