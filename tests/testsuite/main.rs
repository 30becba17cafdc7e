//! One integration test binary (one link step): the rules on small plans,
//! the `outcare` binary end to end on fixture plans, and bad input.

mod bad_input;
mod base;
mod browser;
mod busy;
mod cli;
mod fuzz_regressions;
mod guide;
mod history;
mod hostile;
mod inert;
mod interrupted;
mod no_panic;
mod publish;
mod rules;
mod scaffold;
mod serve;
mod site;
mod support;
