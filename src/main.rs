//! `leadscore`: the desktop app without a subcommand, headless subcommands with.

use std::process::ExitCode;

use clap::Parser;
use leadscore::cli::{Cli, app_data, install_panic_hook, run_command};

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_command(command),
        None => {
            let (sources, options) = match app_data(&cli.data) {
                Ok(data) => data,
                Err(e) => {
                    eprintln!("leadscore: error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match leadscore::ui::run(cli.files, cli.compare, sources, options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("leadscore: error: cannot open the window: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
