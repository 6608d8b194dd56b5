//! `GET /api/models/{model}/{file}`: the model files the browser runs (studio page), for signed-in
//! users only (the fraud encoder's tables hold per-company statistics). Answers with an `ETag`
//! and `Cache-Control: private, no-cache`, so a browser downloads a model once and afterwards
//! only revalidates it (304).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::auth::CurrentUser;
use crate::error::{ApiPath, Error, ErrorCode};
use crate::state::AppState;

/// The files a model may serve: (model, file, content type).
pub const FILES: [(&str, &str, &str); 9] = [
    ("fraud", "model.onnx", "application/octet-stream"),
    ("fraud", "encoder.json", "application/json"),
    ("fraud", "model.json", "application/json"),
    ("hs", "model.onnx", "application/octet-stream"),
    ("hs", "tables.json", "application/json"),
    ("hs", "model.json", "application/json"),
    ("price", "model.onnx", "application/octet-stream"),
    ("price", "tables.json", "application/json"),
    ("price", "model.json", "application/json"),
];

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/models/{model}/{file}", get(file))
}

async fn file(
    _user: CurrentUser,
    State(state): State<AppState>,
    ApiPath((model, name)): ApiPath<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let (_, _, kind) = FILES
        .iter()
        .find(|(m, f, _)| *m == model && *f == name)
        .ok_or_else(|| {
            Error::client(ErrorCode::NotFound, format!("no model file {model}/{name}"))
        })?;
    let path = state.models_dir().join(&model).join(&name);
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        tracing::error!(path = %path.display(), error = %e, "model file missing");
        Error::client(
            ErrorCode::DataUnavailable,
            format!("model '{model}' is not installed on this server"),
        )
    })?;
    let tag = format!("\"{:x}\"", Sha256::digest(&bytes));
    let mut h = HeaderMap::new();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag))
    {
        return Ok((StatusCode::NOT_MODIFIED, h).into_response());
    }
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    Ok((h, bytes).into_response())
}
