//! `GET /api/catalog`, `GET /api/catalog/search?q=`, `GET /api/catalog/{dataset}`: the data map's
//! source: every dataset with its stage, names, columns, figures and lineage.

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use portal_core::api::{AuditAction, Catalog, CatalogDataset, Office, SearchHit, search_catalog};
use portal_core::datasets::{DATASETS, DatasetDef, dataset};
use serde::Deserialize;

use crate::audit;
use crate::auth::CurrentUser;
use crate::db::db_err;
use crate::error::{Error, ErrorCode};
use crate::scope::Scope;
use crate::state::AppState;

/// Longest accepted search text, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog", get(catalog))
        .route("/catalog/search", get(search))
        .route("/catalog/{dataset}", get(one))
}

/// The catalog entry of `d` with the figures of the rows `scope` may see.
fn entry(state: &AppState, d: &DatasetDef, scope: &Scope) -> CatalogDataset {
    let stats = state.stats(d.name, scope);
    CatalogDataset::from_def(d, stats.rows, stats.date_range)
}

async fn catalog(user: CurrentUser, State(state): State<AppState>) -> Result<Json<Catalog>, Error> {
    let offices = crate::fetch!(
        state.db(),
        fetch_all,
        query_as::<Office>,
        "SELECT code, ko_name, en_name FROM offices ORDER BY code"
    )
    .map_err(db_err("reading the offices"))?;
    Ok(Json(Catalog {
        datasets: DATASETS
            .iter()
            .map(|d| entry(&state, d, &user.scope()))
            .collect(),
        offices,
    }))
}

async fn one(
    user: CurrentUser,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<CatalogDataset>, Error> {
    let d = dataset(&name).ok_or_else(|| {
        Error::client(
            ErrorCode::UnknownDataset,
            format!("unknown dataset '{name}'"),
        )
    })?;
    Ok(Json(entry(&state, d, &user.scope())))
}

#[derive(Debug, Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    /// Set when the user submitted the search (not on every keystroke): the term is audited
    /// and counts towards the home page's popular search terms.
    #[serde(default)]
    record: bool,
}

async fn search(
    user: CurrentUser,
    State(state): State<AppState>,
    Query(p): Query<SearchParams>,
) -> Result<Json<Vec<SearchHit>>, Error> {
    let n = p.q.trim().chars().count();
    if n == 0 || n > MAX_QUERY_CHARS {
        return Err(Error::client(
            ErrorCode::BadRequest,
            format!("the search text 'q' must have 1 to {MAX_QUERY_CHARS} characters"),
        ));
    }
    if p.record {
        audit::record_alone(
            state.db(),
            user.who(),
            AuditAction::CatalogSearch,
            &serde_json::json!({"q": p.q.trim()}),
        )
        .await?;
    }
    Ok(Json(search_catalog(&p.q)))
}
