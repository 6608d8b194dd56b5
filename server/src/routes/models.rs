//! `GET /api/models/{model}/{file}`: the model files the browser runs (studio page), for signed-in
//! users only. Files that hold statistics of training rows (the fraud encoder, the price tables)
//! reach an analyst restricted to their office ([`crate::model_scope`]). Answers with an ETag
//! (computed at start-up, or when a scoped copy is first built) and `Cache-Control: private,
//! no-cache`, so a browser downloads a model once and afterwards only revalidates it (304).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use bytes::Bytes;
use portal_scoring::encoder::EncoderTables;
use portal_scoring::high_risk::HighRiskTables;
use portal_scoring::price::PriceTables;

use portal_core::api::AuditAction;

use crate::audit;
use crate::auth::CurrentUser;
use crate::error::{ApiPath, Error, ErrorCode};
use crate::model_files::ModelFiles;
use crate::model_scope::{
    OfficeParties, is_row_bearing, scoped_encoder, scoped_high_risk, scoped_price,
};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/models/{model}/{file}", get(file))
}

async fn file(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath((model, name)): ApiPath<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    if !ModelFiles::is_known(&model, &name) {
        return Err(Error::client(
            ErrorCode::NotFound,
            format!("no model file {model}/{name}"),
        ));
    }
    let f = state
        .model_files()
        .get(&model, &name)
        .ok_or_else(|| not_installed(&model))?;
    let office = user.scope().office().map(str::to_owned);
    let (etag, body): (String, Option<Bytes>) = match office {
        Some(office) if is_row_bearing(&model, &name) => {
            let key = (office.clone(), model.clone(), name.clone());
            let scoped = state
                .scoped_models()
                .get_or_build(key, async {
                    let bytes = read(&f.path, &model).await?;
                    // Parsing and writing megabytes of JSON: off the threads that answer.
                    let (state, model) = (state.clone(), model.clone());
                    tokio::task::spawn_blocking(move || {
                        let none = OfficeParties::default();
                        let parties = state.office_parties(&office).unwrap_or(&none);
                        scoped_bytes(parties, &model, &bytes, &office)
                    })
                    .await
                    .map_err(|e| Error::internal("building a scoped model file", e))?
                })
                .await?;
            (scoped.etag.clone(), Some(scoped.bytes.clone()))
        }
        _ => (f.etag.clone(), None),
    };
    let mut h = HeaderMap::new();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    // A scoped copy differs by office: caches must tell users apart.
    h.insert(header::VARY, HeaderValue::from_static("Cookie"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, h).into_response());
    }
    let body = match body {
        Some(b) => b,
        None => read(&f.path, &model).await?.into(),
    };
    if is_row_bearing(&model, &name) {
        // Statistics of training rows leave the server: who received which copy.
        audit::record_alone(
            state.db(),
            user.who(),
            AuditAction::ModelDownloaded,
            &serde_json::json!({"model": model, "file": name, "office": user.scope().office()}),
        )
        .await?;
    }
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(f.content_type),
    );
    Ok((h, body).into_response())
}

fn not_installed(model: &str) -> Error {
    Error::client(
        ErrorCode::DataUnavailable,
        format!("model '{model}' is not installed on this server"),
    )
}

/// The bytes of the installed file at `path` of `model`.
async fn read(path: &std::path::Path, model: &str) -> Result<Vec<u8>, Error> {
    tokio::fs::read(path).await.map_err(|e| {
        tracing::error!(path = %path.display(), error = %e, "model file gone");
        not_installed(model)
    })
}

/// The row-bearing file `bytes` of `model` restricted to `office`, whose declarations name
/// `parties`.
fn scoped_bytes(
    parties: &OfficeParties,
    model: &str,
    bytes: &[u8],
    office: &str,
) -> Result<Vec<u8>, Error> {
    let bad = |e: serde_json::Error| Error::internal(format!("reading the {model} tables"), e);
    let json = match model {
        "fraud" => {
            let tables: EncoderTables = serde_json::from_slice(bytes).map_err(bad)?;
            serde_json::to_vec(&scoped_encoder(&tables, office, parties))
        }
        "high-risk" => {
            let tables: HighRiskTables = serde_json::from_slice(bytes).map_err(bad)?;
            serde_json::to_vec(&scoped_high_risk(&tables, office))
        }
        _ => {
            let tables: PriceTables = serde_json::from_slice(bytes).map_err(bad)?;
            serde_json::to_vec(&scoped_price(&tables))
        }
    };
    json.map_err(|e| Error::internal("writing scoped model tables", e))
}
