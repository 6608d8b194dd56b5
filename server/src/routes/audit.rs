//! `GET /api/audit?action=&user=&before=&limit=`: the audit log for administrators, newest first.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_core::api::{AuditEntry, AuditPage, Role};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::db::db_err;
use crate::error::{ApiQuery, Error, ErrorCode, QueryHelp};
use crate::state::AppState;

/// Most entries per page.
pub const MAX_LIMIT: i64 = 500;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/audit", get(list))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    action: Option<String>,
    user: Option<String>,
    before: Option<i64>,
    limit: Option<i64>,
}

impl QueryHelp for Params {
    const HELP: &'static str =
        "action and user (text), before and limit (whole numbers) are the parameters";
}

async fn list(
    user: CurrentUser,
    State(state): State<AppState>,
    params: Result<ApiQuery<Params>, Error>,
) -> Result<Json<AuditPage>, Error> {
    if user.me.role != Role::Admin {
        return Err(Error::client(
            ErrorCode::Forbidden,
            "only administrators may read the audit log",
        ));
    }
    let ApiQuery(p) = params?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::client(
            ErrorCode::BadRequest,
            format!("limit must be 1 to {MAX_LIMIT}"),
        ));
    }
    let filter = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (action, username) = (filter(&p.action), filter(&p.user));
    if action.iter().chain(&username).any(|s| s.len() > 64) {
        return Err(Error::client(
            ErrorCode::BadRequest,
            "filters are at most 64 characters",
        ));
    }
    let sql = format!(
        "SELECT id, at, username, action, {} AS detail, address FROM audit_log \
         WHERE (?1 IS NULL OR action = ?1) AND (?2 IS NULL OR username = ?2) \
         AND (?3 IS NULL OR id < ?3) ORDER BY id DESC LIMIT ?4",
        state.db().json_value("detail")
    );
    let mut entries: Vec<AuditEntry> = crate::fetch!(
        state.db(),
        fetch_all,
        query_as::<_>,
        &sql,
        &action,
        &username,
        p.before,
        limit + 1
    )
    .map_err(db_err("reading the audit log"))?;
    let more = entries.len() as i64 > limit;
    entries.truncate(limit as usize);
    let next_before = more.then(|| entries.last().map(|e| e.id)).flatten();
    Ok(Json(AuditPage {
        entries,
        next_before,
    }))
}
