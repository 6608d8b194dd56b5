//! `GET /api/patterns/{pattern}?as_of=YYYY-MM-DD&min_shipments=N&limit=N&format=arrow|csv`: the
//! statistics of one supply-chain pattern's combinations ([`crate::pattern_stats`]) within the
//! user's scope, as an Arrow IPC stream (default) or another extract format. Run on the query
//! runtime within the query timeout; who read which pattern is audited (the answer holds
//! inspection outcomes).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use portal_core::api::AuditAction;
use portal_core::patterns::{Pattern, PatternQuery};
use serde::Deserialize;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{ApiPath, Error, ErrorCode};
use crate::extract::encode::{Format, encode_all};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/patterns/{pattern}", get(statistics))
}

#[derive(Debug, Deserialize)]
struct Params {
    #[serde(default)]
    format: Format,
    as_of: Option<String>,
    min_shipments: Option<u64>,
    limit: Option<u64>,
}

async fn statistics(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(name): ApiPath<String>,
    params: Result<Query<Params>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Error> {
    let pattern = Pattern::parse(&name).ok_or_else(|| {
        Error::client(
            ErrorCode::NotFound,
            format!(
                "no pattern '{name}'; the patterns are {}",
                Pattern::NAMES.join(", ")
            ),
        )
    })?;
    let Query(p) = params.map_err(|e| {
        Error::client(
            ErrorCode::BadRequest,
            format!(
                "as_of (YYYY-MM-DD), min_shipments and limit (whole numbers) and format \
                 (arrow, csv, parquet or json) are the parameters: {e}"
            ),
        )
    })?;
    let query = PatternQuery {
        as_of: p.as_of,
        min_shipments: p.min_shipments,
        limit: p.limit,
    };
    let bounds = query
        .validate()
        .map_err(|e| Error::client(ErrorCode::InvalidInput, e.0))?;
    let engine = state.engine().cloned().ok_or_else(|| {
        Error::client(
            ErrorCode::DataUnavailable,
            "this server has no datasets to compute patterns from",
        )
    })?;
    let scope = user.scope();
    let job = {
        let scope = scope.clone();
        state
            .query_runtime()
            .spawn(async move { engine.pattern_statistics(pattern, &bounds, &scope).await })
    };
    let (schema, batches) = tokio::time::timeout(state.query_timeout(), job)
        .await
        .map_err(|_| {
            Error::client(
                ErrorCode::QueryTimeout,
                "the pattern statistics took longer than the query timeout",
            )
        })?
        .map_err(|e| Error::internal("running pattern statistics", e))??;
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    let body = encode_all(p.format, &schema, &batches)
        .map_err(|e| Error::internal("encoding pattern statistics", e))?;
    audit::record_alone(
        state.db(),
        user.who(),
        AuditAction::PatternsRead,
        &serde_json::json!({
            "pattern": pattern.as_str(),
            "as_of": query.as_of,
            "min_shipments": bounds.min_shipments,
            "limit": bounds.limit,
            "rows": rows,
            "office": scope.office(),
        }),
    )
    .await?;
    let mut h = HeaderMap::new();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(p.format.content_type()),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok((h, body).into_response())
}
