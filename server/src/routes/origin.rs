//! The origin analyses (원산지 분석) of the user's scope, narrowed to one office if named:
//! `GET /api/origin/exporters?office=&format=arrow|csv` (every exporter with the rerouting
//! model's features: the browser scores them), `GET /api/origin/exporters/{id}?office=` (one
//! exporter's matched flows and routes, JSON) and `GET
//! /api/origin/fta?agreement=&office=&limit=` (the FTA verification queue, JSON). Run on the
//! query runtime within the query timeout; audited with the dataset they start from, so that
//! the home rankings count them.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use portal_core::api::AuditAction;
use portal_core::origin::{FTA_DEFAULT_LIMIT, FTA_MAX_LIMIT, FtaQuery, OriginQuery};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::engine::Engine;
use crate::error::{ApiQuery, Error, ErrorCode, QueryHelp};
use crate::extract::encode::Format;
use crate::extract::whole;
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/origin/exporters", get(exporters))
        .route("/origin/exporters/{id}", get(flows))
        .route("/origin/fta", get(fta))
}

/// The dataset each analysis is counted under in the home rankings: the exports the rerouting
/// analysis starts from, the certificates the FTA queue checks.
const EXPORTS: &str = portal_core::datasets::EXPORT_DECLARATION.name;
const CERTIFICATES: &str = portal_core::datasets::ORIGIN_CERTIFICATE.name;

#[derive(Debug, Deserialize)]
struct ExportersParams {
    #[serde(default)]
    format: Format,
    office: Option<String>,
}

impl QueryHelp for ExportersParams {
    const HELP: &'static str = "office and format (arrow, csv, parquet or json) are the parameters";
}

impl QueryHelp for OriginQuery {
    const HELP: &'static str = "office is the parameter";
}

impl QueryHelp for FtaQuery {
    const HELP: &'static str = "agreement, office and limit (a whole number) are the parameters";
}

async fn exporters(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ExportersParams>,
) -> Result<Response, Error> {
    let scope = user.scope().narrowed(p.office.as_deref())?;
    let detail =
        serde_json::json!({"analysis": "rerouting", "dataset": EXPORTS, "narrowed_to": p.office});
    let job = |engine: Engine| async move { engine.exporters_answer(&scope).await };
    whole::answer(
        &state,
        &user,
        p.format,
        AuditAction::OriginRead,
        detail,
        job,
    )
    .await
}

async fn flows(
    user: CurrentUser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<OriginQuery>,
) -> Result<Response, Error> {
    if id.is_empty() || id.len() > 64 {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "an exporter id is 1 to 64 characters",
        ));
    }
    let scope = user.scope().narrowed(p.office.as_deref())?;
    let detail = serde_json::json!({"analysis": "rerouting", "dataset": EXPORTS, "exporter": id, "narrowed_to": p.office});
    let job = |engine: Engine| async move { engine.exporter_flows(&scope, &id).await };
    whole::json(&state, &user, AuditAction::OriginRead, detail, job).await
}

async fn fta(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<FtaQuery>,
) -> Result<Response, Error> {
    let limit = q.limit.unwrap_or(FTA_DEFAULT_LIMIT);
    if !(1..=FTA_MAX_LIMIT).contains(&limit) {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!("limit is 1 to {FTA_MAX_LIMIT} claims"),
        ));
    }
    let scope = user.scope().narrowed(q.office.as_deref())?;
    let detail = serde_json::json!({"analysis": "fta", "dataset": CERTIFICATES, "agreement": q.agreement, "limit": limit, "narrowed_to": q.office});
    let job = |engine: Engine| async move {
        engine
            .fta_queue(&scope, q.agreement.as_deref(), limit as usize)
            .await
    };
    whole::json(&state, &user, AuditAction::FtaQueueRead, detail, job).await
}
