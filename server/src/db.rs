//! The portal's database, opened with sqlx and migrated at start-up: a SQLite file by default
//! (WAL, `synchronous = FULL`, foreign keys on; `server/migrations/sqlite/`), or PostgreSQL when
//! `--db` is a `postgres://` URL (`server/migrations/postgres/`, the same tables). Readers share
//! a pool of connections; writers take turns in order of arrival ([`begin_write`]).
//!
//! Queries are written once, with `?` placeholders, in SQL both backends read, and run through
//! [`fetch!`](crate::fetch) and [`execute!`](crate::execute), which number the placeholders for
//! PostgreSQL ([`numbered`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::Error;

/// Connections of the pool.
const POOL_CONNECTIONS: u32 = 32;

/// The advisory lock every PostgreSQL write transaction holds: writers take turns, as on
/// SQLite, which keeps the audit log's ids gapless and in commit order.
const PG_WRITE_LOCK: i64 = 0x706f_7274_616c; // "portal"

/// Where the database is: a SQLite file, or a PostgreSQL server (`--db postgres://…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file, created when missing.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Location {
    /// Reads `--db`: a `postgres://` or `postgresql://` URL, else a file path.
    pub fn of(db: &Path) -> Self {
        match db.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Self::Postgres(url.to_owned())
            }
            _ => Self::Sqlite(db.to_path_buf()),
        }
    }

    /// The location for people (the anonymous health answer shows it): the file path, or the
    /// server and database only, never the user, a password or the URL's parameters.
    pub fn display(&self) -> String {
        match self {
            Self::Sqlite(path) => path.display().to_string(),
            Self::Postgres(url) => match PgConnectOptions::from_str(url) {
                Ok(o) => format!(
                    "postgres://{}:{}/{}",
                    o.get_host(),
                    o.get_port(),
                    o.get_database().unwrap_or_default()
                ),
                Err(_) => "postgres://…".to_owned(),
            },
        }
    }
}

/// An open database: a pool of either backend.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// Opens (creating a SQLite file when missing) and migrates the database at `db`.
pub async fn open(db: &Path) -> Result<Db, Error> {
    match Location::of(db) {
        Location::Sqlite(path) => open_sqlite(&path).await.map(Db::Sqlite),
        Location::Postgres(url) => open_postgres(&url).await.map(Db::Postgres),
    }
}

async fn open_sqlite(path: &Path) -> Result<SqlitePool, Error> {
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
    sqlx::migrate!("./migrations/sqlite")
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

async fn open_postgres(url: &str) -> Result<PgPool, Error> {
    let shown = Location::Postgres(url.to_owned()).display();
    let opts = PgConnectOptions::from_str(url)
        .map_err(|e| Error::internal("parsing the database URL", e))?;
    let pool = PgPoolOptions::new()
        .max_connections(POOL_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .after_release(|conn, _| Box::pin(async move { reusable(conn).await }))
        .connect_with(opts)
        .await
        .map_err(|e| Error::internal(format!("opening database {shown}"), e))?;
    sqlx::migrate!("./migrations/postgres")
        .run(&pool)
        .await
        .map_err(|e| Error::internal("migrating the database", e))?;
    Ok(pool)
}

/// Whether a connection handed back may serve again. A transaction dropped unfinished (its
/// request cancelled) is rolled back by the connection after the hand-back; when that roll-back
/// fails, the transaction stays open and holds the write lock, so every later writer would
/// time out and the next `BEGIN` on this connection would fail. Such a connection is closed
/// (closing rolls back) and the pool opens a fresh one.
async fn reusable<C: sqlx::Connection>(conn: &mut C) -> Result<bool, sqlx::Error> {
    // Commands run in order: the ping answers once the queued roll-back has run.
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("a connection came back inside a transaction; closing it");
        return Ok(false);
    }
    Ok(true)
}

/// Where a query runs: a pool, or one connection (a transaction's), of either backend. Made by
/// [`Source::conn`]; [`fetch!`](crate::fetch) and [`execute!`](crate::execute) take any
/// [`Source`].
pub enum Conn<'c> {
    /// Any connection of a SQLite pool.
    SqlitePool(&'c SqlitePool),
    /// One SQLite connection.
    Sqlite(&'c mut SqliteConnection),
    /// Any connection of a PostgreSQL pool.
    PgPool(&'c PgPool),
    /// One PostgreSQL connection.
    Postgres(&'c mut PgConnection),
}

/// What a query can run on: `&Db` (any pooled connection), `&mut WriteTx`, `&mut Conn`.
pub trait Source<'c> {
    /// Where the query runs.
    fn conn(self) -> Conn<'c>;
}

impl<'c> Source<'c> for &'c Db {
    fn conn(self) -> Conn<'c> {
        match self {
            Db::Sqlite(pool) => Conn::SqlitePool(pool),
            Db::Postgres(pool) => Conn::PgPool(pool),
        }
    }
}

impl<'c> Source<'c> for &'c mut WriteTx {
    fn conn(self) -> Conn<'c> {
        match &mut self.tx {
            Tx::Sqlite(tx) => Conn::Sqlite(tx),
            Tx::Postgres(tx) => Conn::Postgres(tx),
        }
    }
}

impl<'c> Source<'c> for &'c mut Conn<'_> {
    fn conn(self) -> Conn<'c> {
        match self {
            Conn::SqlitePool(pool) => Conn::SqlitePool(pool),
            Conn::Sqlite(conn) => Conn::Sqlite(conn),
            Conn::PgPool(pool) => Conn::PgPool(pool),
            Conn::Postgres(conn) => Conn::Postgres(conn),
        }
    }
}

/// `sql` with its `?` placeholders numbered `$1, $2, …` for PostgreSQL; a numbered `?N` becomes
/// `$N`, and a `?` inside a quoted literal or identifier stays.
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut quote: Option<char> = None;
    let mut n = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (Some(q), _) if c == q => {
                quote = None;
                out.push(c);
            }
            (None, '?') => {
                out.push('$');
                if !chars.peek().is_some_and(char::is_ascii_digit) {
                    n += 1;
                    out.push_str(&n.to_string());
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Runs a query on a [`Source`] and fetches its rows with `method` (`fetch_all`, `fetch_one`,
/// `fetch_optional`): `fetch!(source, fetch_all, query_as::<Row>, "SQL with ?", a, b)` or
/// `query_scalar::<T>`. The SQL must read the same on both backends.
#[macro_export]
macro_rules! fetch {
    ($source:expr, $method:ident, $make:ident::<$t:ty>, $sql:expr $(, $bind:expr)* $(,)?) => {{
        let sql: &str = $sql;
        match $crate::db::Source::conn($source) {
            $crate::db::Conn::SqlitePool(c) => {
                ::sqlx::$make::<_, $t>(sql) $(.bind($bind))* .$method(c).await
            }
            $crate::db::Conn::Sqlite(c) => {
                ::sqlx::$make::<_, $t>(sql) $(.bind($bind))* .$method(&mut *c).await
            }
            $crate::db::Conn::PgPool(c) => {
                ::sqlx::$make::<_, $t>(&$crate::db::numbered(sql)) $(.bind($bind))*
                    .$method(c).await
            }
            $crate::db::Conn::Postgres(c) => {
                ::sqlx::$make::<_, $t>(&$crate::db::numbered(sql)) $(.bind($bind))*
                    .$method(&mut *c).await
            }
        }
    }};
}

/// Runs a statement on a [`Source`]: `execute!(source, "SQL with ?", a, b)` gives the number of
/// rows it changed.
#[macro_export]
macro_rules! execute {
    ($source:expr, $sql:expr $(, $bind:expr)* $(,)?) => {{
        let sql: &str = $sql;
        match $crate::db::Source::conn($source) {
            $crate::db::Conn::SqlitePool(c) => {
                ::sqlx::query(sql) $(.bind($bind))* .execute(c).await.map(|d| d.rows_affected())
            }
            $crate::db::Conn::Sqlite(c) => {
                ::sqlx::query(sql) $(.bind($bind))* .execute(&mut *c).await
                    .map(|d| d.rows_affected())
            }
            $crate::db::Conn::PgPool(c) => {
                ::sqlx::query(&$crate::db::numbered(sql)) $(.bind($bind))* .execute(c).await
                    .map(|d| d.rows_affected())
            }
            $crate::db::Conn::Postgres(c) => {
                ::sqlx::query(&$crate::db::numbered(sql)) $(.bind($bind))*
                    .execute(&mut *c).await.map(|d| d.rows_affected())
            }
        }
    }};
}

enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A write transaction holding its database's turn to write (see [`begin_write`]); queries run
/// on it as a [`Source`], and the turn passes on when it is committed or dropped.
pub struct WriteTx {
    tx: Tx,
    _turn: OwnedSemaphorePermit,
}

impl Db {
    /// SQL for the text at `path` in the JSON text column `column` (NULL when absent):
    /// SQLite's `json_extract`, PostgreSQL's `#>>`.
    pub fn json_text(&self, column: &str, path: &[&str]) -> String {
        match self {
            Self::Sqlite(_) => format!("json_extract({column}, '$.{}')", path.join(".")),
            Self::Postgres(_) => format!("({column}::json #>> '{{{}}}')", path.join(",")),
        }
    }

    /// SQL for the integer at `path` in the JSON text column `column` (see [`Db::json_text`]).
    pub fn json_integer(&self, column: &str, path: &[&str]) -> String {
        match self {
            Self::Sqlite(_) => self.json_text(column, path),
            Self::Postgres(_) => format!("CAST({} AS BIGINT)", self.json_text(column, path)),
        }
    }

    /// SQL reading the JSON text column `column` as a JSON value (decoded as
    /// `serde_json::Value`): the text itself on SQLite, a `json` cast on PostgreSQL.
    pub fn json_value(&self, column: &str) -> String {
        match self {
            Self::Sqlite(_) => column.to_owned(),
            Self::Postgres(_) => format!("CAST({column} AS JSON)"),
        }
    }

    /// Which backend this is, for messages and tests: `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

impl WriteTx {
    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.tx {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }
}

/// The queue of writers of the database `db` opens: one connection writes at a time (SQLite's
/// rule, kept on PostgreSQL by an advisory lock). Writers wait here in order of arrival, where
/// SQLite's busy handler would poll with growing sleeps and let a late writer overtake one that
/// has waited long (seconds of tail latency for a sign-in while extracts write their audit rows).
fn write_turns(db: &Db) -> Arc<Semaphore> {
    static TURNS: OnceLock<Mutex<HashMap<String, Arc<Semaphore>>>> = OnceLock::new();
    let key = match db {
        Db::Sqlite(pool) => pool.connect_options().get_filename().display().to_string(),
        Db::Postgres(pool) => {
            let o = pool.connect_options();
            format!(
                "postgres {}:{} {}",
                o.get_host(),
                o.get_port(),
                o.get_database().unwrap_or_default()
            )
        }
    };
    let mut turns = TURNS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    turns
        .entry(key)
        .or_insert_with(|| Arc::new(Semaphore::new(1)))
        .clone()
}

/// Starts a write transaction: waits for the database's turn to write (in order of arrival),
/// then takes the write lock at once: SQLite's `BEGIN IMMEDIATE` (a deferred transaction that
/// reads first would fail, not wait, when another connection writes before its first write),
/// PostgreSQL's transaction-scoped advisory lock (other portal processes on the same database
/// wait for it too), in READ COMMITTED whatever the server's default, so that the statements
/// after the lock see what the writer before committed (audit ids are `MAX(id) + 1`).
pub async fn begin_write(db: &Db) -> Result<WriteTx, Error> {
    let turn = write_turns(db)
        .acquire_owned()
        .await
        .map_err(|e| Error::internal("waiting for the database", e))?;
    let tx = match db {
        Db::Sqlite(pool) => Tx::Sqlite(
            pool.begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(db_err("starting a transaction"))?,
        ),
        Db::Postgres(pool) => {
            let mut tx = pool
                .begin_with("BEGIN ISOLATION LEVEL READ COMMITTED")
                .await
                .map_err(db_err("starting a transaction"))?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(PG_WRITE_LOCK)
                .execute(&mut *tx)
                .await
                .map_err(db_err("starting a transaction"))?;
            Tx::Postgres(tx)
        }
    };
    Ok(WriteTx { tx, _turn: turn })
}

/// The time `seconds_ago` before now as the database's timestamps are written (SQLite's
/// `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`, PostgreSQL's `portal_now()`): UTC, milliseconds.
/// Bound as a parameter, it reads the same on both backends.
pub fn timestamp(seconds_ago: u64) -> String {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .saturating_sub(Duration::from_secs(seconds_ago));
    let ms = since_epoch.as_millis();
    let secs = (ms / 1000) as i64;
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (y, m, d) = portal_core::date::civil_from_days(days as i32);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60,
        ms % 1000
    )
}

/// The time now as the database's timestamps are written (see [`timestamp`]).
pub fn now() -> String {
    timestamp(0)
}

/// Maps a database failure to an internal error with context.
pub fn db_err(context: &'static str) -> impl FnOnce(sqlx::Error) -> Error {
    move |e| Error::internal(context, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            numbered("SELECT '?', \"a?\" FROM t WHERE a = ? AND b IN (?, ?)"),
            "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b IN ($2, $3)"
        );
        assert_eq!(numbered("SELECT 'it''s ?' , ?"), "SELECT 'it''s ?' , $1");
        assert_eq!(
            numbered("a >= ?1 LIMIT ?2 OFFSET ?1"),
            "a >= $1 LIMIT $2 OFFSET $1"
        );
    }

    /// The timestamps written from Rust read like the ones SQLite writes.
    #[tokio::test]
    async fn timestamps_match_sqlite_strftime() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = open(&dir.path().join("portal.db")).await.expect("open");
        let before = now();
        let sqlite = crate::fetch!(
            &db,
            fetch_one,
            query_scalar::<String>,
            "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        )
        .expect("strftime");
        let after = now();
        assert_eq!(sqlite.len(), before.len(), "{sqlite} vs {before}");
        assert!(
            before <= sqlite && sqlite <= after,
            "{before} {sqlite} {after}"
        );
        assert!(timestamp(86_400) < before);
    }

    #[test]
    fn locations() {
        assert_eq!(
            Location::of(Path::new("var/portal.db")),
            Location::Sqlite(PathBuf::from("var/portal.db"))
        );
        let pg = Location::of(Path::new("postgres://portal:secret@127.0.0.1:5433/portal"));
        assert_eq!(
            pg,
            Location::Postgres("postgres://portal:secret@127.0.0.1:5433/portal".to_owned())
        );
        assert_eq!(pg.display(), "postgres://127.0.0.1:5433/portal");
        for url in [
            "postgres://portal@db.example:5432/portal?password=s3cret",
            "postgres://portal:p@ss@db.example:5432/portal",
        ] {
            let shown = Location::of(Path::new(url)).display();
            assert!(
                !shown.contains("s3cret") && !shown.contains("ss@"),
                "{shown}"
            );
            assert!(!shown.contains("portal@"), "{shown}");
        }
    }

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
