//! The command line, as clap definitions. Usage errors exit with status 2.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "outcare",
    version,
    about = "Plan content around your customers' needs, and check that every post serves one",
    after_help = "Examples:\n  outcare build                      check the plan in this folder and write the site into site/\n  outcare check                      check the plan in this folder\n  outcare check --root my-plan       check the plan in my-plan/\n  outcare check --format github      annotate a pull request in GitHub Actions"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// The plan repository: the folder with content/ and outcare.yaml
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The day to treat as today (YYYY-MM-DD), for reproducible checks and builds
    #[arg(long, global = true, value_name = "YYYY-MM-DD", env = "OUTCARE_TODAY", value_parser = parse_day)]
    pub today: Option<jiff::civil::Date>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the plan and write the editorial calendar site
    #[command(
        after_help = "Examples:\n  outcare build                      build ./content into ./site\n  outcare build --out public         build into ./public\n  outcare build --today 2026-03-01   reproducible output for a given day\n\nExit status: 0 built (warnings allowed), 1 errors (the previous site is left as it was), 2 usage"
    )]
    Build(BuildArgs),
    /// Build in memory, serve on this machine, and rebuild and reload as you edit
    #[command(
        after_help = "Examples:\n  outcare serve                      http://127.0.0.1:1111/\n  outcare serve --port 8080 --open   another port, and open a browser\n\nServes only this machine unless --bind says otherwise; never writes site/."
    )]
    Serve(ServeArgs),
    /// Check the plan and print every flag, like a compiler; writes nothing
    #[command(
        after_help = "Examples:\n  outcare check\n  outcare check content/posts/2026/03/rye.md   only the flags about that file\n  outcare check --today 2026-03-01 --format json\n  outcare check --deny-warnings      fail on warnings too, for CI\n  outcare check --format github      at most 10 errors and 10 warnings annotated, the rest in $GITHUB_STEP_SUMMARY\n  outcare check --base main          what this branch brings against main: new flags, and every error\n\nExit status: 0 no errors (warnings allowed), 1 errors (or warnings with --deny-warnings), 2 usage, or --base cannot be read (no git, no repository, an unknown REV)"
    )]
    Check(CheckArgs),
    /// Explain a rule: what it checks, why it matters, how to fix what it flags
    #[command(
        after_help = "Examples:\n  outcare explain no-persona-need\n  outcare explain promo-heavy        its settings too\n\nExit status: 0 explained, 2 no such rule"
    )]
    Explain(ExplainArgs),
    /// Print a completion script for your shell
    #[command(
        after_help = "Examples:\n  outcare completions bash > ~/.local/share/bash-completion/completions/outcare\n  outcare completions zsh > ~/.zfunc/_outcare\n  outcare completions fish > ~/.config/fish/completions/outcare.fish"
    )]
    Completions(CompletionsArgs),
    /// Start a plan repository: settings, an example plan, a README and a GitHub workflow
    #[command(
        after_help = "Examples:\n  outcare init my-plan               a new plan in my-plan/\n  git init && outcare init           a new plan in this (empty) git repository\n  outcare init --empty my-plan       no example: empty folders for each kind of entry\n\nExit status: 0 written, 1 the folder is not empty (nothing is written)"
    )]
    Init(InitArgs),
    /// Write a new persona, pain point, post or feedback item; never overwrites
    #[command(
        after_help = "Examples:\n  outcare new persona night-shift-nurse --name \"Nurse on nights\" --channel instagram\n  outcare new post winter-tyres --date 2026-11-03 --channel blog --pain-point slippery-roads\n  outcare new post podcast-guest --channel youtube       an idea: no date, so under content/posts/ideas/\n\nExit status: 0 written, 1 a bad slug, an unknown reference, or the entry exists (nothing is written)"
    )]
    New(Box<NewArgs>),
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, as flags show it: `warning[wrong-channel]` is explained by `wrong-channel`
    #[arg(value_name = "RULE")]
    pub rule: String,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start the plan in (default: --root, which defaults to .); made if missing
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// No example plan: the settings, README, .gitignore, workflow and empty kind folders
    /// (deleted example entries would show as removed on the changes page for two weeks)
    #[arg(long)]
    pub empty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntryKind {
    Persona,
    PainPoint,
    Post,
    Feedback,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to write
    #[arg(value_enum)]
    pub kind: EntryKind,
    /// The new entry's slug (its file name): lowercase letters, digits and -
    pub slug: String,
    /// Title (post, pain point, feedback) or name (persona); default: made from the slug
    #[arg(long, visible_alias = "name")]
    pub title: Option<String>,
    /// A post's date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the plan's time zone or with a UTC offset); without it a post is an idea
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// A post's channel, or a persona's (repeatable)
    #[arg(long)]
    pub channel: Vec<String>,
    /// A persona slug (repeatable): a post's or feedback's audience, a pain point's owners
    #[arg(long)]
    pub persona: Vec<String>,
    /// A pain-point slug the post or feedback is about (repeatable)
    #[arg(long)]
    pub pain_point: Vec<String>,
    /// A feedback slug this post responds to (repeatable)
    #[arg(long)]
    pub responds_to: Vec<String>,
    /// Post: idea, draft, review, scheduled, published; feedback: new, acknowledged, acted, closed
    #[arg(long)]
    pub status: Option<String>,
    /// A post's intent: educate, engage, listen, respond, promote
    #[arg(long)]
    pub intent: Option<String>,
    /// Who writes the post
    #[arg(long)]
    pub owner: Option<String>,
    /// The campaign the post belongs to
    #[arg(long)]
    pub campaign: Option<String>,
    /// When feedback came in (YYYY-MM-DD; default: today)
    #[arg(long, value_name = "DATE")]
    pub received: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site (default: site/ in the plan's folder)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The site's public address, instead of outcare.yaml's base_url (as CI knows it)
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on; 127.0.0.1 keeps the preview to this machine
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: std::net::IpAddr,
    /// The port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the preview in the default browser
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report only the flags about these files or folders (the whole plan is still
    /// checked, so a post is judged with everything it refers to)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print the flags
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with status 1 when there is any warning, not only errors
    #[arg(long)]
    pub deny_warnings: bool,
    /// Report only the flags that are new against the plan at REV (a branch, tag or
    /// commit, read with git), and every error: what a pull request brings
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// file:line:col: severity[rule]: message, with the line and a caret
    Text,
    /// {"flags": [...]}, as in plan.json
    Json,
    /// GitHub Actions workflow commands (::warning file=…)
    Github,
}

fn parse_url(text: &str) -> Result<String, String> {
    match crate::load::config::web_address_problem(text) {
        None => Ok(text.to_string()),
        Some(problem) => Err(format!("`{text}` {problem}")),
    }
}

fn parse_day(text: &str) -> Result<jiff::civil::Date, String> {
    crate::load::parse_when(text, None)
        .map(|w| w.date)
        .map_err(|e| format!("`{text}` {e}"))
}
