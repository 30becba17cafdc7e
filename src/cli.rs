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

/// Each command's usage line is written out: clap's own would list a global
/// option the line was given (or that a suggestion names) as if the command
/// required it. The options every command takes stay in `[OPTIONS]`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the plan and write the editorial calendar site
    #[command(
        override_usage = "outcare build [OPTIONS]",
        after_help = "Examples:\n  outcare build                      build ./content into ./site\n  outcare build --out public         build into ./public\n  outcare build --today 2026-03-01   reproducible output for a given day\n\nExit status: 0 built (warnings allowed), 1 errors (the previous site is left as it was), 2 usage"
    )]
    Build(BuildArgs),
    /// Build in memory, serve on this machine, and rebuild and reload as you edit
    #[command(
        override_usage = "outcare serve [OPTIONS]",
        after_help = "Examples:\n  outcare serve                      http://127.0.0.1:1111/\n  outcare serve --port 8080 --open   another port, and open a browser\n\nServes only this machine unless --bind says otherwise; never writes site/."
    )]
    Serve(ServeArgs),
    /// Check the plan and print every flag, like a compiler; writes nothing
    #[command(
        override_usage = "outcare check [PATH]... [OPTIONS]",
        after_help = "Examples:\n  outcare check\n  outcare check content/posts/2026/03/rye.md   only the flags about that file\n  outcare check --today 2026-03-01 --format json\n  outcare check --deny-warnings      fail on warnings too, for CI\n  outcare check --format github      at most 10 errors and 10 warnings annotated, the rest in $GITHUB_STEP_SUMMARY\n  outcare check --base main          what this branch brings against main: new flags, and every error\n\nExit status: 0 no errors (warnings allowed), 1 errors (or warnings with --deny-warnings), 2 usage, or --base cannot be read (no git, no repository, an unknown REV)"
    )]
    Check(CheckArgs),
    /// Explain a rule: what it checks, why it matters, how to fix what it flags
    #[command(
        override_usage = "outcare explain <RULE>",
        after_help = "Examples:\n  outcare explain no-persona-need\n  outcare explain promo-heavy        its settings too\n\nExit status: 0 explained, 2 no such rule"
    )]
    Explain(ExplainArgs),
    /// Print a completion script for your shell
    #[command(
        override_usage = "outcare completions <SHELL>",
        after_help = "Examples:\n  outcare completions bash > ~/.local/share/bash-completion/completions/outcare\n  outcare completions zsh > ~/.zfunc/_outcare\n  outcare completions fish > ~/.config/fish/completions/outcare.fish"
    )]
    Completions(CompletionsArgs),
    /// Start a plan repository: settings, an example plan, a README and a GitHub workflow
    #[command(
        override_usage = "outcare init [DIR] [OPTIONS]",
        after_help = "Examples:\n  outcare init my-plan               a new plan in my-plan/\n  git init && outcare init           a new plan in this (empty) git repository\n  outcare init --empty my-plan       no example: empty folders for each kind of entry\n\nExit status: 0 written, 1 the folder is not empty (nothing is written)"
    )]
    Init(InitArgs),
    /// Write a new persona, pain point, post or feedback item; never overwrites
    #[command(
        override_usage = "outcare new <KIND> <SLUG> [OPTIONS]",
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
    /// A post's date repeats, weekly, fortnightly or monthly, up to --until
    #[arg(long, value_name = "EVERY")]
    pub repeat: Option<String>,
    /// The last day a repeating post may go out (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// The day a post must be ready by (YYYY-MM-DD), on or before its date
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
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
    /// A post's buyer-journey stage: awareness, consideration, decision
    #[arg(long)]
    pub stage: Option<String>,
    /// Who writes the post
    #[arg(long)]
    pub owner: Option<String>,
    /// The campaign the post belongs to
    #[arg(long)]
    pub campaign: Option<String>,
    /// A post's tags, free labels: --tags events,kids (repeatable)
    #[arg(long, value_delimiter = ',', value_name = "TAG,...")]
    pub tags: Vec<String>,
    /// When feedback came in (YYYY-MM-DD; default: today)
    #[arg(long, value_name = "DATE")]
    pub received: Option<String>,
    /// The first paragraph of the body, instead of the placeholder
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
}

/// `new`'s flags and the kinds each goes into, in the order `--help` lists
/// them: a flag another kind would drop is refused, and an unknown flag's
/// message lists the kind's own.
pub const NEW_FLAGS: &[(&str, &[EntryKind])] = {
    use EntryKind::*;
    &[
        ("--title", &[Persona, PainPoint, Post, Feedback]),
        ("--date", &[Post]),
        ("--repeat", &[Post]),
        ("--until", &[Post]),
        ("--due", &[Post]),
        ("--channel", &[Post, Persona]),
        ("--persona", &[Post, PainPoint, Feedback]),
        ("--pain-point", &[Post, Feedback]),
        ("--responds-to", &[Post]),
        ("--status", &[Post, Feedback]),
        ("--intent", &[Post]),
        ("--stage", &[Post]),
        ("--owner", &[Post]),
        ("--campaign", &[Post]),
        ("--tags", &[Post]),
        ("--received", &[Feedback]),
        ("--body", &[Persona, PainPoint, Post, Feedback]),
    ]
};

impl NewArgs {
    /// Whether a flag of [`NEW_FLAGS`] was given.
    pub fn given(&self, flag: &str) -> bool {
        match flag {
            "--title" => self.title.is_some(),
            "--date" => self.date.is_some(),
            "--repeat" => self.repeat.is_some(),
            "--until" => self.until.is_some(),
            "--due" => self.due.is_some(),
            "--channel" => !self.channel.is_empty(),
            "--persona" => !self.persona.is_empty(),
            "--pain-point" => !self.pain_point.is_empty(),
            "--responds-to" => !self.responds_to.is_empty(),
            "--status" => self.status.is_some(),
            "--intent" => self.intent.is_some(),
            "--stage" => self.stage.is_some(),
            "--owner" => self.owner.is_some(),
            "--campaign" => self.campaign.is_some(),
            "--tags" => !self.tags.is_empty(),
            "--received" => self.received.is_some(),
            "--body" => self.body.is_some(),
            _ => false,
        }
    }
}

/// The flags of `new` that go into `kind`.
pub fn new_flags_of(kind: EntryKind) -> Vec<&'static str> {
    NEW_FLAGS
        .iter()
        .filter(|(_, kinds)| kinds.contains(&kind))
        .map(|(flag, _)| *flag)
        .collect()
}

/// What to say about a flag a command does not take, in place of clap's
/// message, whose suggestion may be any flag at all (`--priority` gets
/// `--root`): the command's own flags (for `new`, those of the kind given),
/// and the nearest of them when one is close. `None` when `error` is about
/// something else, or the command cannot be told from `args`.
pub fn unknown_flag(error: &clap::Error, args: &[String]) -> Option<String> {
    use clap::CommandFactory;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(given)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let given = given.split('=').next().unwrap_or(given);
    let cli = Cli::command();
    let globals: Vec<String> = cli
        .get_arguments()
        .filter(|a| a.is_global_set())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    let (command, rest) = command_in(&cli, args)?;
    let name = command.get_name();
    let kind = (name == "new").then(|| kind_in(command, rest)).flatten();
    let (who, own): (String, Vec<String>) = match kind {
        Some(kind) => (
            format!("new {}", kind.to_possible_value()?.get_name()),
            new_flags_of(kind).into_iter().map(String::from).collect(),
        ),
        None => (
            name.to_string(),
            command
                .get_arguments()
                .filter(|a| !a.is_global_set())
                .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
                .collect(),
        ),
    };
    let mut spellings: Vec<String> = own.iter().chain(&globals).cloned().collect();
    spellings.extend(
        command
            .get_arguments()
            .filter(|a| {
                a.get_long()
                    .is_some_and(|l| own.contains(&format!("--{l}")))
            })
            .flat_map(|a| a.get_visible_aliases().unwrap_or_default())
            .map(|alias| format!("--{alias}")),
    );
    let candidates: Vec<&str> = spellings.iter().map(String::as_str).collect();
    let hint = crate::load::did_you_mean(given, &candidates)
        .map(|flag| format!(" (did you mean `{flag}`?)"))
        .unwrap_or_default();
    let takes = match (own.is_empty(), name == "new" && kind.is_none()) {
        (true, _) => "it takes no flags of its own".to_string(),
        (false, true) => format!("it takes {}, each kind some of them", own.join(", ")),
        (false, false) => format!("it takes {}", own.join(", ")),
    };
    let usage = command
        .get_overridden_usage()
        .map_or_else(|| format!("outcare {name}"), ToString::to_string);
    Some(format!(
        "error: `{who}` has no flag `{given}`{hint}: {takes} (and {}, as every command does)\n\nUsage: {usage}\n\nFor more information, try 'outcare {name} --help'.\n",
        globals.join(", ")
    ))
}

/// The subcommand a command line names, and the words after it: the first
/// word that is not an option of the whole program or its value.
fn command_in<'c, 'a>(
    cli: &'c clap::Command,
    args: &'a [String],
) -> Option<(&'c clap::Command, &'a [String])> {
    let mut words = args.iter().enumerate().skip(1);
    while let Some((i, word)) = words.next() {
        if word.starts_with('-') {
            if takes_a_value(cli, word) {
                words.next();
            }
            continue;
        }
        return Some((cli.find_subcommand(word)?, &args[i + 1..]));
    }
    None
}

/// The kind `new` was given: its first word that is not an option or its value.
fn kind_in(new: &clap::Command, rest: &[String]) -> Option<EntryKind> {
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        if word.starts_with('-') {
            if takes_a_value(new, word) {
                words.next();
            }
            continue;
        }
        return EntryKind::from_str(word, false).ok();
    }
    None
}

/// Whether `--flag` (written without `=value`) is one of `command`'s options
/// that take the next word as their value.
fn takes_a_value(command: &clap::Command, word: &str) -> bool {
    let Some(long) = word.strip_prefix("--").filter(|l| !l.contains('=')) else {
        return false;
    };
    command.get_arguments().any(|a| {
        a.get_action().takes_values()
            && (a.get_long() == Some(long)
                || a.get_all_aliases().is_some_and(|all| all.contains(&long)))
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_command_writes_its_usage_with_its_own_arguments() {
        for command in Cli::command().get_subcommands() {
            let name = command.get_name();
            if name == "help" {
                continue;
            }
            let usage = command
                .get_overridden_usage()
                .unwrap_or_else(|| panic!("{name} has no usage line of its own"))
                .to_string();
            assert!(usage.starts_with(&format!("outcare {name}")), "{usage}");
            for positional in command.get_positionals() {
                let shown = positional.get_value_names().unwrap_or_default();
                assert!(
                    shown.iter().all(|v| usage.contains(v.as_str())),
                    "{name}: {usage} lacks {shown:?}"
                );
            }
            let options = command
                .get_arguments()
                .any(|a| a.get_long().is_some() && !a.is_global_set());
            assert_eq!(usage.ends_with("[OPTIONS]"), options, "{usage}");
        }
    }

    #[test]
    fn new_flags_name_every_flag_of_new_and_see_it_given() {
        let command = Cli::command();
        let new = command.find_subcommand("new").unwrap();
        let own: Vec<String> = new
            .get_arguments()
            .filter(|a| !a.is_global_set())
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect();
        let table: Vec<String> = NEW_FLAGS.iter().map(|(f, _)| f.to_string()).collect();
        assert_eq!(own, table, "NEW_FLAGS lists new's flags in --help's order");
        for flag in own {
            let cli = Cli::try_parse_from(["outcare", "new", "post", "x", &flag, "a"]).unwrap();
            let Command::New(args) = cli.command else {
                panic!("not new")
            };
            assert!(args.given(&flag), "{flag} given but not seen");
        }
    }
}
