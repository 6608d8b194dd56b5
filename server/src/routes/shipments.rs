//! `GET /api/shipments?from=YYYY-MM-DD&to=YYYY-MM-DD&limit=N&office=NN&format=arrow|csv`: the
//! manifest lines of the user's scope (narrowed to one office, if named) that arrived in those days, with the seeds of their histories, and
//! the earlier lines inspected in them ([`crate::shipments`]): what the browser's supply-chain
//! model scores. Run on the query runtime within the query timeout; audited (the answer holds
//! inspection outcomes).

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use portal_core::api::AuditAction;
use portal_core::shipments::ShipmentQuery;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::engine::Engine;
use crate::error::{ApiQuery, Error, ErrorCode, QueryHelp};
use crate::extract::encode::Format;
use crate::extract::whole;
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/shipments", get(window))
}

#[derive(Debug, Deserialize)]
struct Params {
    #[serde(default)]
    format: Format,
    from: Option<String>,
    to: Option<String>,
    limit: Option<u64>,
    office: Option<String>,
}

impl QueryHelp for Params {
    const HELP: &'static str = "from and to (YYYY-MM-DD), limit (a whole number) and format (arrow, csv, parquet or json) are the parameters";
}

async fn window(
    user: CurrentUser,
    State(state): State<AppState>,
    params: Result<ApiQuery<Params>, Error>,
) -> Result<Response, Error> {
    let ApiQuery(p) = params?;
    let query = ShipmentQuery {
        from: p.from,
        to: p.to,
        limit: p.limit,
        office: p.office,
    };
    let bounds = query
        .validate()
        .map_err(|e| Error::client(ErrorCode::InvalidInput, e.0))?;
    let scope = user.scope().narrowed(query.office())?;
    let detail = serde_json::json!({
        "from": query.from,
        "to": query.to,
        "limit": bounds.limit,
        "narrowed_to": query.office(),
    });
    let job = |engine: Engine| async move { engine.shipment_window(&bounds, &scope).await };
    whole::answer(
        &state,
        &user,
        p.format,
        AuditAction::ShipmentsRead,
        detail,
        job,
    )
    .await
}
