//! outcare: a content plan in Markdown, checked against the needs of the
//! personas it is for, and published as an editorial calendar.
//!
//! The pipeline: `load` (files → resolved `model::Plan` + flags) → `rules`
//! (plan → flags) → `render` (plan + flags → files in memory) → `output`
//! (the only writer of the output folder). `cmd` ties the stages together.

pub mod cli;
pub mod cmd;
pub mod diagnostic;
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub mod model;
pub mod output;
pub mod plan_files;
pub mod render;
pub mod rule_docs;
pub mod rules;
pub mod serve;

use std::process::ExitCode;

use clap::Parser;

/// The exit status of a command line outcare cannot run, as clap exits.
const USAGE: u8 = 2;

/// Runs the command line and returns the process's exit status.
pub fn run() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let args: Vec<String> = std::env::args_os()
                .map(|arg| arg.to_string_lossy().into_owned())
                .collect();
            match cli::unknown_flag(&error, &args) {
                Some(message) => {
                    eprint!("{message}");
                    return cmd::exit(USAGE);
                }
                None => error.exit(),
            }
        }
    };
    let result = match &cli.command {
        cli::Command::Check(args) => cmd::check::run(&cli.global, args),
        cli::Command::Build(args) => cmd::build::run(&cli.global, args),
        cli::Command::Serve(args) => cmd::serve::run(&cli.global, args),
        cli::Command::Explain(args) => cmd::explain::run(args),
        cli::Command::Completions(args) => cmd::explain::completions(args),
        cli::Command::Init(args) => cmd::init::run(&cli.global, args),
        cli::Command::New(args) => cmd::new::run(&cli.global, args),
    };
    match result {
        Ok(code) => cmd::exit(code),
        Err(err) => {
            // An error may quote the plan: a template's line, a file's name.
            eprintln!(
                "error: {}",
                diagnostic::printable_lines(&format!("{err:#}"))
            );
            cmd::exit(cmd::FAILED)
        }
    }
}
