//! Command-line interface of the `portal` binary. Every option also reads an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Customs Big Data Portal: serves the browser client and its API.
#[derive(Debug, Parser)]
#[command(name = "portal", version, about)]
pub struct Cli {
    /// Write logs as JSON lines instead of human-readable text.
    #[arg(long, env = "PORTAL_LOG_JSON", global = true)]
    pub log_json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands of `portal`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the built client (dist/) and the /api routes.
    Serve(ServeOptions),
}

/// Options of `portal serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeOptions {
    /// Address and port to listen on (port 0 picks a free port and logs it).
    #[arg(long, env = "PORTAL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Directory for the portal's data (Parquet extracts, demo data); created when missing.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,

    /// SQLite database file; defaults to `portal.db` inside the data directory.
    #[arg(long, env = "PORTAL_DB")]
    pub db: Option<PathBuf>,

    /// Directory holding the client built by `trunk build` (index.html and hashed assets).
    #[arg(long, env = "PORTAL_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,
}

impl ServeOptions {
    /// The database path in effect: `--db` when given, else `<data-dir>/portal.db`.
    pub fn db_path(&self) -> PathBuf {
        self.db
            .clone()
            .unwrap_or_else(|| self.data_dir.join("portal.db"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_defaults_and_db_path() {
        let cli = Cli::try_parse_from(["portal", "serve"]).expect("parse");
        let Command::Serve(opts) = cli.command;
        assert_eq!(opts.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(opts.data_dir, PathBuf::from("var"));
        assert_eq!(opts.db_path(), PathBuf::from("var/portal.db"));
        let cli = Cli::try_parse_from(["portal", "serve", "--db", "/tmp/x.db"]).expect("parse");
        let Command::Serve(opts) = cli.command;
        assert_eq!(opts.db_path(), PathBuf::from("/tmp/x.db"));
    }

    #[test]
    fn bad_bind_address_is_rejected() {
        let err = Cli::try_parse_from(["portal", "serve", "--bind", "nowhere"]).expect_err("bad");
        assert!(err.to_string().contains("--bind"), "{err}");
    }
}
