//! The portal's database: a SQLite file (WAL, `synchronous = FULL`, foreign keys on) opened with
//! sqlx, migrated at start-up from `server/migrations/`.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::error::Error;

/// Opens (creating when missing) and migrates the database at `path`.
pub async fn open(path: &Path) -> Result<SqlitePool, Error> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::internal(format!("creating {}", parent.display()), e))?;
    }
    let url = format!("sqlite://{}", path.display());
    let opts = SqliteConnectOptions::from_str(&url)
        .map_err(|e| Error::internal("parsing the database path", e))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(opts)
        .await
        .map_err(|e| Error::internal(format!("opening database {}", path.display()), e))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(|e| Error::internal("migrating the database", e))?;
    Ok(pool)
}

/// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), waiting
/// for it up to the busy timeout. A deferred transaction that reads first would fail, not wait,
/// when another connection writes before its own first write.
pub async fn begin_write(
    db: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, Error> {
    db.begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(db_err("starting a transaction"))
}

/// Maps a database failure to an internal error with context.
pub fn db_err(context: &'static str) -> impl FnOnce(sqlx::Error) -> Error {
    move |e| Error::internal(context, e)
}
