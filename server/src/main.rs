//! The `portal` binary: parses the command line and hands over to `portal_server`.

use clap::Parser;
use portal_server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    portal_server::telemetry::init(cli.log_json);
    let result = match cli.command {
        Command::Serve(opts) => portal_server::serve(opts).await,
        Command::Generate(opts) => portal_server::commands::generate(opts).await,
        Command::ImportCdd(opts) => portal_server::commands::import_cdd(opts).await,
        Command::Features(opts) => portal_server::scoring::features(opts).await,
        Command::Score(opts) => portal_server::scoring::score(opts).await,
        Command::HsDocs(opts) => portal_server::scoring::hs_docs(opts).await,
        Command::PriceFeatures(opts) => portal_server::scoring::price_features(opts).await,
        Command::HsSuggest(opts) => portal_server::scoring::hs_suggest(opts).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "portal stopped with an error");
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
