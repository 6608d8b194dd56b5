//! `portal migrate-db --from portal.db --to postgres://…`: copies a stopped portal's state from
//! its SQLite file into a new database (PostgreSQL, or another SQLite file), every table with its
//! ids, in one transaction. The audit log keeps its text byte for byte, so its hash chain
//! verifies the same on the new database (`portal audit verify --db postgres://…`).

use std::path::Path;

use sqlx::Row;
use sqlx::types::Json;

use crate::cli::MigrateDbOptions;
use crate::db::{Db, Location, Source, WriteTx, db_err};
use crate::error::{Error, ErrorCode};

/// How a column is read from SQLite and written to the target.
#[derive(Clone, Copy)]
enum Kind {
    /// An integer (or NULL).
    Int,
    /// Text (or NULL).
    Text,
    /// A 0/1 flag, a boolean on PostgreSQL.
    Bool,
    /// JSON held as text on SQLite, JSONB on PostgreSQL (or NULL).
    Json,
}

use Kind::{Bool, Int, Json as JsonText, Text};

/// The tables in an order that satisfies their references, with their columns.
const TABLES: &[(&str, &[(&str, Kind)])] = &[
    (
        "offices",
        &[
            ("code", Text),
            ("ko_name", Text),
            ("en_name", Text),
            ("kind", Text),
            ("parent", Text),
        ],
    ),
    (
        "users",
        &[
            ("id", Int),
            ("username", Text),
            ("display_name", Text),
            ("office_code", Text),
            ("role", Text),
            ("password_hash", Text),
            ("created_at", Text),
            ("disabled", Bool),
            ("password_changed_at", Text),
        ],
    ),
    (
        "sessions",
        &[
            ("token_hash", Text),
            ("user_id", Int),
            ("csrf_token", Text),
            ("created_at", Text),
            ("expires_at", Int),
            ("last_seen", Int),
        ],
    ),
    (
        "audit_log",
        &[
            ("id", Int),
            ("at", Text),
            ("user_id", Int),
            ("username", Text),
            ("action", Text),
            ("detail", Text),
            ("address", Text),
        ],
    ),
    ("audit_chain", &[("audit_id", Int), ("hash", Text)]),
    (
        "requests",
        &[
            ("id", Int),
            ("title", Text),
            ("purpose", Text),
            ("content", Text),
            ("datasets", JsonText),
            ("desired_date", Text),
            ("state", Text),
            ("version", Int),
            ("applicant_id", Int),
            ("office_code", Text),
            ("bureau_id", Int),
            ("analyst_id", Int),
            ("results", JsonText),
            ("created_at", Text),
            ("updated_at", Text),
        ],
    ),
    (
        "request_history",
        &[
            ("id", Int),
            ("request_id", Int),
            ("actor_id", Int),
            ("from_state", Text),
            ("to_state", Text),
            ("note", Text),
            ("at", Text),
        ],
    ),
    (
        "request_comments",
        &[
            ("id", Int),
            ("request_id", Int),
            ("author_id", Int),
            ("body", Text),
            ("at", Text),
        ],
    ),
    (
        "notifications",
        &[
            ("id", Int),
            ("user_id", Int),
            ("request_id", Int),
            ("state", Text),
            ("read", Bool),
            ("at", Text),
        ],
    ),
    (
        "request_attachments",
        &[
            ("id", Int),
            ("request_id", Int),
            ("uploader_id", Int),
            ("filename", Text),
            ("content_type", Text),
            ("size", Int),
            ("at", Text),
        ],
    ),
    (
        "dashboards",
        &[
            ("id", Int),
            ("owner_id", Int),
            ("title", Text),
            ("auto_refresh_s", Int),
            ("shared_office", Bool),
            ("version", Int),
            ("created_at", Text),
            ("updated_at", Text),
        ],
    ),
    (
        "dashboard_widgets",
        &[
            ("id", Int),
            ("dashboard_id", Int),
            ("position", Int),
            ("title", Text),
            ("analysis", JsonText),
            ("width", Int),
            ("height", Int),
            ("model", Text),
            ("network", JsonText),
            ("origin", JsonText),
            ("company", JsonText),
        ],
    ),
    (
        "dashboard_shares",
        &[("dashboard_id", Int), ("user_id", Int)],
    ),
];

/// Tables whose `id` PostgreSQL numbers from a sequence (set past the copied ids afterwards).
const NUMBERED: [&str; 8] = [
    "users",
    "requests",
    "request_history",
    "request_comments",
    "notifications",
    "request_attachments",
    "dashboards",
    "dashboard_widgets",
];

/// One value read.
enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(bool),
    Json(Option<serde_json::Value>),
}

/// Runs `portal migrate-db`.
pub async fn migrate_db(opts: MigrateDbOptions) -> Result<(), Error> {
    let from = source_path(&opts.from)?;
    if from == opts.to {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "--from and --to name the same database",
        ));
    }
    let source = crate::db::open(&from).await?;
    let target = crate::db::open(&opts.to).await?;
    let shown = Location::of(&opts.to).display();
    let held = crate::fetch!(
        &target,
        fetch_one,
        query_scalar::<i64>,
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM audit_log)"
    )
    .map_err(db_err("reading the target database"))?;
    if held > 0 {
        return Err(Error::client(
            ErrorCode::Conflict,
            format!("{shown} already holds accounts or audit rows; migrate into a new database"),
        ));
    }
    let Db::Sqlite(pool) = &source else {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "--from must be a SQLite file",
        ));
    };
    // Every table is read in one read transaction: one snapshot, even of a running portal's
    // file.
    let mut snapshot = pool
        .begin()
        .await
        .map_err(db_err("reading the source database"))?;
    let mut tx = crate::db::begin_write(&target).await?;
    let mut copied = Vec::new();
    for (table, columns) in TABLES {
        let rows = read(&mut snapshot, table, columns).await?;
        for row in &rows {
            insert(&mut tx, table, columns, row).await?;
        }
        copied.push(format!("{table} {}", rows.len()));
    }
    if let Db::Postgres(_) = target {
        for table in NUMBERED {
            crate::fetch!(
                &mut tx,
                fetch_one,
                query_scalar::<i64>,
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM {table}"
                )
            )
            .map_err(db_err("numbering the copied tables"))?;
        }
    }
    tx.commit().await.map_err(db_err("committing the copy"))?;
    println!(
        "copied {} into {shown}: {}",
        from.display(),
        copied.join(", ")
    );
    Ok(())
}

/// The SQLite file of `--from` (a leading `sqlite:` or `sqlite://` is dropped).
fn source_path(from: &Path) -> Result<std::path::PathBuf, Error> {
    let text = from.to_string_lossy();
    let path = Path::new(
        text.strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .unwrap_or(&text),
    )
    .to_path_buf();
    if !matches!(Location::of(&path), Location::Sqlite(_)) || !path.is_file() {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!(
                "--from must be a portal's SQLite file; no file at {}",
                path.display()
            ),
        ));
    }
    Ok(path)
}

async fn read(
    source: &mut sqlx::SqliteConnection,
    table: &str,
    columns: &[(&str, Kind)],
) -> Result<Vec<Vec<Value>>, Error> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let rows = sqlx::query(&format!(
        "SELECT {} FROM {table} ORDER BY rowid",
        names.join(", ")
    ))
    .fetch_all(source)
    .await
    .map_err(db_err("reading the source database"))?;
    let decode = |e: sqlx::Error| Error::internal(format!("reading {table}"), e);
    rows.iter()
        .map(|row| {
            columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| {
                    Ok(match kind {
                        Int => Value::Int(row.try_get(i).map_err(decode)?),
                        Text => Value::Text(row.try_get(i).map_err(decode)?),
                        Bool => Value::Bool(row.try_get(i).map_err(decode)?),
                        JsonText => {
                            let text: Option<String> = row.try_get(i).map_err(decode)?;
                            Value::Json(match text {
                                Some(t) => Some(serde_json::from_str(&t).map_err(|e| {
                                    Error::internal(format!("reading JSON in {table}"), e)
                                })?),
                                None => None,
                            })
                        }
                    })
                })
                .collect()
        })
        .collect()
}

async fn insert(
    tx: &mut WriteTx,
    table: &str,
    columns: &[(&str, Kind)],
    row: &[Value],
) -> Result<(), Error> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let marks = vec!["?"; names.len()].join(", ");
    // The target's migration seeded the offices already; any other row met twice is an error.
    let conflict = if table == "offices" {
        " ON CONFLICT DO NOTHING"
    } else {
        ""
    };
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({marks}){conflict}",
        names.join(", ")
    );
    macro_rules! bound {
        ($sql:expr) => {{
            let mut q = sqlx::query($sql);
            for v in row {
                q = match v {
                    Value::Int(x) => q.bind(*x),
                    Value::Text(x) => q.bind(x.as_deref()),
                    Value::Bool(x) => q.bind(*x),
                    Value::Json(x) => q.bind(x.as_ref().map(Json)),
                };
            }
            q
        }};
    }
    let done = match tx.conn() {
        crate::db::Conn::Sqlite(c) => bound!(&sql).execute(&mut *c).await.map(|_| ()),
        crate::db::Conn::Postgres(c) => {
            let sql = crate::db::numbered(&sql);
            bound!(&sql).execute(&mut *c).await.map(|_| ())
        }
        crate::db::Conn::SqlitePool(_) | crate::db::Conn::PgPool(_) => {
            return Err(Error::internal(
                "copying a table",
                "a write transaction holds one connection",
            ));
        }
    };
    done.map_err(|e| Error::internal(format!("copying {table}"), e))
}
