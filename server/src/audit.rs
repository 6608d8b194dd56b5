//! The audit writer: one append-only row per thing a person did. A row is written on the
//! connection of the change it records, so that the change and its row commit together (or
//! neither does); reading the log is `routes::audit`.

use std::net::IpAddr;

use portal_core::api::AuditAction;

use crate::db::{Db, WriteTx, db_err};
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

/// Appends one row to the audit log in `tx` (the transaction of the change) and returns its id:
/// the next after the largest, so that ids have no gaps (the audit chain seals them in order;
/// writers take turns, see [`crate::db::begin_write`]).
pub async fn record(
    tx: &mut WriteTx,
    who: Who<'_>,
    action: AuditAction,
    detail: &serde_json::Value,
) -> Result<i64, Error> {
    crate::fetch!(
        tx,
        fetch_one,
        query_scalar::<i64>,
        "INSERT INTO audit_log (id, user_id, username, action, detail, address) \
         VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log), ?, ?, ?, ?, ?) RETURNING id",
        who.user_id,
        who.username,
        action.as_str(),
        detail.to_string(),
        who.address.map(|a| a.to_string()),
    )
    .map_err(db_err("writing the audit log"))
}

/// Appends one row on its own, for events that change nothing else (a sign-in refused, a
/// search, an extract).
pub async fn record_alone(
    db: &Db,
    who: Who<'_>,
    action: AuditAction,
    detail: &serde_json::Value,
) -> Result<i64, Error> {
    let mut tx = crate::db::begin_write(db).await?;
    let id = record(&mut tx, who, action, detail).await?;
    tx.commit().await.map_err(db_err("writing the audit log"))?;
    Ok(id)
}
