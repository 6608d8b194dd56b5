//! The portal's database: a SQLite file (WAL, `synchronous = FULL`, foreign keys on) opened with
//! sqlx, migrated at start-up from `server/migrations/`. Readers share a pool of connections;
//! writers take turns in order of arrival ([`begin_write`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::Error;

/// Connections of the pool.
const POOL_CONNECTIONS: u32 = 32;

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
    // One connection first makes the file, turns on WAL and migrates (many connections opening
    // a new file at once would race for the lock that switching to WAL takes).
    let first = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts.clone())
        .await
        .map_err(|e| Error::internal(format!("opening database {}", path.display()), e))?;
    sqlx::migrate!("./migrations")
        .run(&first)
        .await
        .map_err(|e| Error::internal("migrating the database", e))?;
    first.close().await;
    let pool = SqlitePoolOptions::new()
        // Readers never wait behind writers for a connection: writers queue in begin_write.
        // All are opened now, from the start-up thread, and kept: a connection's worker thread
        // inherits the priority of the thread that opens it, and query threads run low.
        .max_connections(POOL_CONNECTIONS)
        .min_connections(POOL_CONNECTIONS)
        .idle_timeout(None)
        .max_lifetime(None)
        .after_release(|conn, _| Box::pin(async move { reusable(conn).await }))
        .connect_with(opts)
        .await
        .map_err(|e| Error::internal(format!("opening database {}", path.display()), e))?;
    Ok(pool)
}

/// Whether a connection handed back may serve again. A transaction dropped unfinished (its
/// request cancelled) is rolled back by the connection after the hand-back; when that roll-back
/// fails, the transaction stays open and holds SQLite's write lock, so every later writer would
/// time out and the next `BEGIN` on this connection would fail. Such a connection is closed
/// (closing rolls back) and the pool opens a fresh one.
async fn reusable(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    use sqlx::Connection;
    // Commands run in order: the ping answers once the queued roll-back has run.
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("a connection came back inside a transaction; closing it");
        return Ok(false);
    }
    Ok(true)
}

/// A write transaction holding its database's turn to write (see [`begin_write`]); it reads and
/// writes as the transaction's connection, and the turn passes on when it is committed or
/// dropped.
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    _turn: OwnedSemaphorePermit,
}

impl std::ops::Deref for WriteTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

impl WriteTx {
    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

/// The queue of writers of the database `db` opens: SQLite lets one connection write at a time.
/// Writers wait here in order of arrival, where SQLite's busy handler would poll with growing
/// sleeps and let a late writer overtake one that has waited long (seconds of tail latency for
/// a sign-in while extracts write their audit rows).
fn write_turns(db: &SqlitePool) -> Arc<Semaphore> {
    static TURNS: OnceLock<Mutex<HashMap<PathBuf, Arc<Semaphore>>>> = OnceLock::new();
    let file = db.connect_options().get_filename().to_path_buf();
    let mut turns = TURNS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    turns
        .entry(file)
        .or_insert_with(|| Arc::new(Semaphore::new(1)))
        .clone()
}

/// Starts a write transaction: waits for the database's turn to write (in order of arrival),
/// then takes SQLite's write lock at once (`BEGIN IMMEDIATE`; a deferred transaction that
/// reads first would fail, not wait, when another connection writes before its first write).
pub async fn begin_write(db: &SqlitePool) -> Result<WriteTx, Error> {
    let turn = write_turns(db)
        .acquire_owned()
        .await
        .map_err(|e| Error::internal("waiting for the database", e))?;
    let tx = db
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(db_err("starting a transaction"))?;
    Ok(WriteTx { tx, _turn: turn })
}

/// Maps a database failure to an internal error with context.
pub fn db_err(context: &'static str) -> impl FnOnce(sqlx::Error) -> Error {
    move |e| Error::internal(context, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writers cancelled at any point of starting their transaction (a request whose client
    /// went away) leave the database writable: sqlx can ack a `BEGIN` whose `Transaction` is
    /// never made when the future is dropped just after, which without [`reusable`] returns a
    /// connection holding the write lock to the pool.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writers_cancelled_while_starting_leave_the_database_writable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = open(&dir.path().join("portal.db")).await.expect("open");
        for k in 0..10_000u32 {
            // Poll the start a few times, a few microseconds apart, then drop it.
            let mut start = std::pin::pin!(begin_write(&db));
            for _ in 0..k % 7 {
                if futures::poll!(start.as_mut()).is_ready() {
                    break;
                }
                let until =
                    std::time::Instant::now() + Duration::from_micros(u64::from(k % 13) * 7);
                while std::time::Instant::now() < until {
                    std::hint::spin_loop();
                }
            }
        }
        for _ in 0..POOL_CONNECTIONS {
            let tx = tokio::time::timeout(Duration::from_secs(2), begin_write(&db))
                .await
                .expect("a writer waited for a lock nobody should hold")
                .expect("begin");
            tx.commit().await.expect("commit");
        }
    }
}
