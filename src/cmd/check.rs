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
                "{}: {}, {}, {}, {} checked: {}\n",
                plan.config.title,
                diagnostic::plural(plan.posts.len(), "post"),
                diagnostic::plural(plan.personas.len(), "persona"),
                diagnostic::plural(plan.pain_points.len(), "pain point"),
                diagnostic::plural(plan.feedback.len(), "feedback item"),
                diagnostic::summary(counts)
            ));
            text
        }
        Format::Json => diagnostic::to_json(&flags),
        Format::Github => diagnostic::to_github(&flags),
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
