//! `GET /api/patterns/{pattern}?as_of=YYYY-MM-DD&min_shipments=N&limit=N&format=arrow|csv`: the
//! statistics of one supply-chain pattern's combinations ([`crate::pattern_stats`]) within the
//! user's scope, as an Arrow IPC stream (default) or another extract format. Run on the query
//! runtime within the query timeout; who read which pattern is audited (the answer holds
//! inspection outcomes).

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use portal_core::api::AuditAction;
use portal_core::patterns::{Pattern, PatternQuery};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::engine::Engine;
use crate::error::{ApiPath, ApiQuery, Error, ErrorCode, QueryHelp};
use crate::extract::encode::Format;
use crate::extract::whole;
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

impl QueryHelp for Params {
    const HELP: &'static str = "as_of (YYYY-MM-DD), min_shipments and limit (whole numbers) and format (arrow, csv, parquet or json) are the parameters";
}

async fn statistics(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(name): ApiPath<String>,
    params: Result<ApiQuery<Params>, Error>,
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
    let ApiQuery(p) = params?;
    let query = PatternQuery {
        as_of: p.as_of,
        min_shipments: p.min_shipments,
        limit: p.limit,
    };
    let bounds = query
        .validate()
        .map_err(|e| Error::client(ErrorCode::InvalidInput, e.0))?;
    let scope = user.scope();
    let detail = serde_json::json!({
        "pattern": pattern.as_str(),
        "as_of": query.as_of,
        "min_shipments": bounds.min_shipments,
        "limit": bounds.limit,
    });
    let job =
        |engine: Engine| async move { engine.pattern_statistics(pattern, &bounds, &scope).await };
    whole::answer(
        &state,
        &user,
        p.format,
        AuditAction::PatternsRead,
        detail,
        job,
    )
    .await
}
