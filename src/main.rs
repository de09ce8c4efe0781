//! `leadscore`: the desktop app without a subcommand, headless subcommands with.

use std::process::ExitCode;

use clap::Parser;
use leadscore::cli::{Cli, install_panic_hook, run_command};

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_command(command),
        None => match leadscore::ui::run(cli.files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("leadscore: error: cannot open the window: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
