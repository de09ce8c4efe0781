//! `leadscore`: the desktop app without a subcommand, headless subcommands with.

use std::process::ExitCode;

use clap::Parser;
use leadscore::cli::{Cli, install_panic_hook, run_command};

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_command(command),
        None => {
            eprintln!(
                "leadscore: the desktop app is not part of this build yet; see --help for the subcommands"
            );
            ExitCode::FAILURE
        }
    }
}
