//! The audit writer: one append-only row per thing a person did. A row is written on the
//! connection of the change it records, so that the change and its row commit together (or
//! neither does); reading the log is `routes::audit`.

use std::net::IpAddr;

use portal_core::api::AuditAction;
use sqlx::{SqliteConnection, SqlitePool};

use crate::db::db_err;
use crate::error::Error;

/// Who acted: the account (absent for anonymous events) and the client address.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    /// Database id of the user.
    pub user_id: Option<i64>,
    /// User name (also for failed sign-ins, where it names no account).
    pub username: Option<&'a str>,
    /// Client address.
    pub address: Option<IpAddr>,
}

/// Appends one row to the audit log on `conn` (usually the transaction of the change) and
/// returns its id.
pub async fn record(
    conn: &mut SqliteConnection,
    who: Who<'_>,
    action: AuditAction,
    detail: &serde_json::Value,
) -> Result<i64, Error> {
    let done = sqlx::query(
        "INSERT INTO audit_log (user_id, username, action, detail, address) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(who.user_id)
    .bind(who.username)
    .bind(action.as_str())
    .bind(detail.to_string())
    .bind(who.address.map(|a| a.to_string()))
    .execute(&mut *conn)
    .await
    .map_err(db_err("writing the audit log"))?;
    Ok(done.last_insert_rowid())
}

/// Appends one row on its own, for events that change nothing else (a sign-in refused, a
/// search, an extract).
pub async fn record_alone(
    db: &SqlitePool,
    who: Who<'_>,
    action: AuditAction,
    detail: &serde_json::Value,
) -> Result<i64, Error> {
    let mut tx = crate::db::begin_write(db).await?;
    let id = record(&mut tx, who, action, detail).await?;
    tx.commit().await.map_err(db_err("writing the audit log"))?;
    Ok(id)
}
