//! The subcommands of `portal` other than `serve`: data ([`data`]: `generate`, `import-cdd`),
//! training exports ([`features`]), scoring ([`scoring`]: `score`, `hs-suggest`), the HS
//! model's build and evaluation ([`hs`]), the hidden-accomplice evaluation ([`accomplices`]), the
//! database backup ([`backup`]) and copy to PostgreSQL ([`migrate_db`]), accounts ([`user`]), the audit check ([`audit`]) and the load
//! generator ([`loadtest`]).

pub mod accomplices;
pub mod audit;
pub mod backup;
pub mod company_features;
pub mod csv_input;
pub mod data;
pub mod declaration_rows;
pub mod features;
pub mod fta_check;
pub mod hs;
pub mod loadtest;
pub mod migrate_db;
pub mod score_company;
pub mod score_rerouting;
pub mod score_supply_chain;
pub mod scoring;
pub mod shipments;
pub mod user;

/// Writes an evaluation's figures as pretty JSON to `path` (`--json` of the evaluations).
pub(crate) fn write_figures(
    path: &std::path::Path,
    figures: &impl serde::Serialize,
) -> Result<(), crate::error::Error> {
    use crate::error::Error;
    let json = serde_json::to_string_pretty(figures).map_err(|e| Error::internal("encoding", e))?;
    std::fs::write(path, json)
        .map_err(|e| Error::internal(format!("writing {}", path.display()), e))
}

/// Runs blocking work (files, models) off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, crate::error::Error> + Send + 'static,
) -> Result<T, crate::error::Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| crate::error::Error::internal("running a blocking task", e))?
}
