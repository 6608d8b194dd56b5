//! Companies (업체): `GET /api/companies/scores?office=&format=arrow|csv` (every company of
//! the user's scope, narrowed to one office if named, with the features of the delinquency and
//! tax-risk models: the browser scores them) and `GET /api/companies/{id}?office=` (one
//! company's profile, JSON). Run on the query runtime within the query timeout; audited.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use portal_core::api::AuditAction;
use portal_core::company::CompanyQuery;
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
        .route("/companies/scores", get(scores))
        .route("/companies/{id}", get(profile))
}

#[derive(Debug, Deserialize)]
struct ScoresParams {
    #[serde(default)]
    format: Format,
    office: Option<String>,
}

impl QueryHelp for ScoresParams {
    const HELP: &'static str = "office and format (arrow, csv, parquet or json) are the parameters";
}

impl QueryHelp for CompanyQuery {
    const HELP: &'static str = "office is the parameter";
}

async fn scores(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ScoresParams>,
) -> Result<Response, Error> {
    let scope = user.scope().narrowed(p.office.as_deref())?;
    let detail = serde_json::json!({"analysis": "company_scores", "narrowed_to": p.office});
    let job = |engine: Engine| async move { engine.company_scores_answer(&scope).await };
    whole::answer(
        &state,
        &user,
        p.format,
        AuditAction::CompanyScoresRead,
        detail,
        job,
    )
    .await
}

async fn profile(
    user: CurrentUser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<CompanyQuery>,
) -> Result<Response, Error> {
    if id.is_empty() || id.len() > 64 {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "a company id is 1 to 64 characters",
        ));
    }
    let scope = user.scope().narrowed(p.office.as_deref())?;
    let detail = serde_json::json!({"company": id, "narrowed_to": p.office});
    let job = |engine: Engine| async move { engine.company_profile(&scope, &id).await };
    whole::json(&state, &user, AuditAction::CompanyProfileRead, detail, job).await
}
