//! The `portal` binary: parses the command line and hands over to `portal_server`.

use clap::Parser;
use portal_server::cli::{Cli, Command};
use portal_server::commands;

fn main() -> std::process::ExitCode {
    portal_server::allocator::tune();
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(run()),
        Err(err) => {
            eprintln!("error: starting the async runtime: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> std::process::ExitCode {
    let cli = Cli::parse();
    portal_server::telemetry::init(cli.log_json);
    let result = match cli.command {
        Command::Serve(opts) => portal_server::serve(opts).await,
        Command::Generate(opts) => commands::data::generate(opts).await,
        Command::Partition(opts) => commands::data::partition(opts).await,
        Command::ImportCdd(opts) => commands::data::import_cdd(opts).await,
        Command::Profile(opts) => commands::data::profile(opts).await,
        Command::Features(opts) => commands::features::features(opts).await,
        Command::Score(opts) => commands::scoring::score(opts).await,
        Command::HsBuild(opts) => commands::hs::hs_build(opts).await,
        Command::HsEval(opts) => commands::hs::hs_eval(opts).await,
        Command::HsFeatures(opts) => commands::hs::hs_features(opts).await,
        Command::PriceFeatures(opts) => commands::features::price_features(opts).await,
        Command::HighRiskFeatures(opts) => commands::features::high_risk_features(opts).await,
        Command::HsSuggest(opts) => commands::scoring::hs_suggest(opts).await,
        Command::SupplyChainFeatures(opts) => commands::features::supply_chain_features(opts).await,
        Command::ReroutingFeatures(opts) => commands::features::rerouting_features(opts).await,
        Command::CompanyFeatures(opts) => commands::company_features::company_features(opts).await,
        Command::AccomplicesEval(opts) => commands::accomplices::accomplices_eval(opts).await,
        Command::FtaCheck(opts) => commands::fta_check::fta_check(opts).await,
        Command::Backup(opts) => commands::backup::backup(opts).await,
        Command::MigrateDb(opts) => commands::migrate_db::migrate_db(opts).await,
        Command::User(cmd) => commands::user::user(cmd).await,
        Command::Audit(cmd) => commands::audit::audit(cmd).await,
        Command::Cluster(cmd) => match cmd {
            portal_server::cli::ClusterCommand::Scheduler(opts) => {
                portal_server::cluster::run_scheduler(opts).await
            }
            portal_server::cli::ClusterCommand::Executor(opts) => {
                portal_server::cluster::run_executor(opts).await
            }
        },
        Command::Loadtest(opts) => commands::loadtest::loadtest(opts).await,
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
