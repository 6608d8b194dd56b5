//! `GET /api/network/ego?party=ID&hops=1..3&from=&to=&chapter=&min_shipments=&max_edges=&roles=
//! &format=arrow|csv|parquet|json`: the ego network of one party within the user's scope
//! ([`crate::network`]), its edges as an Arrow IPC stream by default. An unknown party (or one
//! outside the scope) is 404, a network over the edge cap 400 `too_many_rows`; who looked at
//! whose network is audited. Answered from the shipments held in memory
//! ([`crate::network_index`]) once they are, else by queries over the Parquet.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use portal_core::api::AuditAction;
use portal_core::network::EgoQuery;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::engine::Engine;
use crate::error::{ApiQuery, Error, ErrorCode, QueryHelp};
use crate::extract::encode::Format;
use crate::extract::whole;
use crate::network::edge_schema;
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/network/ego", get(ego))
}

#[derive(Debug, Deserialize)]
struct Params {
    #[serde(default)]
    format: Format,
    party: String,
    hops: Option<u8>,
    from: Option<String>,
    to: Option<String>,
    chapter: Option<String>,
    min_shipments: Option<u64>,
    max_edges: Option<u64>,
    roles: Option<String>,
}

impl QueryHelp for Params {
    const HELP: &'static str = "party is required; hops, min_shipments and max_edges are whole numbers, from and to dates, format one of arrow, csv, parquet or json";
}

async fn ego(
    user: CurrentUser,
    State(state): State<AppState>,
    params: Result<ApiQuery<Params>, Error>,
) -> Result<Response, Error> {
    let ApiQuery(p) = params?;
    let query = EgoQuery {
        party: p.party,
        hops: p.hops,
        from: p.from,
        to: p.to,
        chapter: p.chapter,
        min_shipments: p.min_shipments,
        max_edges: p.max_edges,
        roles: p.roles,
    };
    let bounds = query
        .validate()
        .map_err(|e| Error::client(ErrorCode::InvalidInput, e.0))?;
    let detail = serde_json::to_value(&query).unwrap_or_default();
    let scope = user.scope();
    let index = state.network_index();
    let job = |engine: Engine| async move {
        match index {
            Some(index) => Ok((edge_schema(), vec![index.ego(&bounds, &scope)?])),
            None => engine.ego_network(&bounds, &scope).await,
        }
    };
    whole::answer(
        &state,
        &user,
        p.format,
        AuditAction::NetworkRead,
        detail,
        job,
    )
    .await
}
