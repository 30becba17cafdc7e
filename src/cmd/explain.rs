//! `outcare explain RULE`, like `rustc --explain`: a rule's section of
//! docs/rules.md; and `outcare completions SHELL`, which needs no plan either.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ExplainArgs};
use crate::diagnostic::Rule;
use crate::rule_docs;

/// Usage errors exit 2, as clap's own do.
const USAGE: u8 = 2;

pub fn run(args: &ExplainArgs) -> anyhow::Result<u8> {
    // Accept the id as a flag shows it, `warning[wrong-channel]`, too.
    let asked = args.rule.trim();
    let id = asked
        .rsplit_once('[')
        .map_or(asked, |(_, rest)| rest.trim_end_matches(']'))
        .trim_matches('`');
    let Some(rule) = Rule::from_id(&id.to_lowercase()) else {
        let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        let closest = crate::load::did_you_mean(&id.to_lowercase(), &ids)
            .map(|known| format!(" (did you mean `{known}`?)"))
            .unwrap_or_default();
        eprintln!(
            "error: no rule is called `{asked}`{closest}; the rules are {}",
            ids.join(", ")
        );
        return Ok(USAGE);
    };
    let doc = rule_docs::doc(rule);
    let mut stdout = std::io::stdout().lock();
    // The page is Markdown; in a terminal its headings and bold marks are noise.
    let text = doc.text.replace("### ", "").replace("**", "");
    let _ = writeln!(stdout, "{}\n\n{text}", rule.id());
    let _ = writeln!(
        stdout,
        "\nSet its severity in outcare.yaml, under `rules:`, as `{}: error`, `warning` or `off`.",
        rule.id()
    );
    Ok(super::OK)
}

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "outcare", &mut std::io::stdout());
    Ok(super::OK)
}
