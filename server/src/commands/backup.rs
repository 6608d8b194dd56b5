//! `portal backup --out FILE`: a consistent copy of the database taken while the portal runs
//! (SQLite's `VACUUM INTO`, which reads one snapshot and writes a new, compact file), flushed to
//! the disk. To restore: stop the portal, put the file in place of `portal.db` (removing
//! `portal.db-wal` and `portal.db-shm`), start it again.

use std::str::FromStr;

use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;

use crate::cli::BackupOptions;
use crate::durable;
use crate::error::{Error, ErrorCode};

/// Writes the backup; refuses an existing output file and a missing database.
pub async fn backup(opts: BackupOptions) -> Result<(), Error> {
    let db = opts
        .db
        .clone()
        .unwrap_or_else(|| opts.data_dir.join("portal.db"));
    if let crate::db::Location::Postgres(_) = crate::db::Location::of(&db) {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "portal backup copies a SQLite file; back up a PostgreSQL database with pg_dump",
        ));
    }
    if !db.is_file() {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!("no database at {}", db.display()),
        ));
    }
    if opts.out.exists() {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!("{} exists; name a new file", opts.out.display()),
        ));
    }
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))
        .map_err(|e| Error::internal("parsing the database path", e))?
        .read_only(true)
        .connect()
        .await
        .map_err(|e| Error::internal(format!("opening {}", db.display()), e))?;
    let out = opts.out.to_string_lossy().into_owned();
    sqlx::query("VACUUM INTO ?")
        .bind(&out)
        .execute(&mut conn)
        .await
        .map_err(|e| Error::internal("backing up the database", e))?;
    let file = opts.out.clone();
    tokio::task::spawn_blocking(move || {
        std::fs::File::open(&file)?.sync_all()?;
        match file.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => durable::sync_dir(dir),
            None => Ok(()),
        }
    })
    .await
    .map_err(|e| Error::internal("flushing the backup", e))?
    .map_err(|e| Error::internal("flushing the backup", e))?;
    println!(
        "backup of {} written to {}",
        db.display(),
        opts.out.display()
    );
    Ok(())
}
