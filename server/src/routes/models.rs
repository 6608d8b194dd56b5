//! `GET /api/models/{model}/{file}`: the model files the browser runs (studio page), for signed-in
//! users only (the fraud encoder's tables hold per-company statistics). Answers with the ETag
//! computed at start-up and `Cache-Control: private, no-cache`, so a browser downloads a model
//! once and afterwards only revalidates it (304).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::error::{ApiPath, Error, ErrorCode};
use crate::model_files::ModelFiles;
use crate::state::AppState;

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
    if !ModelFiles::is_known(&model, &name) {
        return Err(Error::client(
            ErrorCode::NotFound,
            format!("no model file {model}/{name}"),
        ));
    }
    let unavailable = || {
        Error::client(
            ErrorCode::DataUnavailable,
            format!("model '{model}' is not installed on this server"),
        )
    };
    let f = state
        .model_files()
        .get(&model, &name)
        .ok_or_else(unavailable)?;
    let mut h = HeaderMap::new();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(v) = HeaderValue::from_str(&f.etag) {
        h.insert(header::ETAG, v);
    }
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == f.etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, h).into_response());
    }
    let bytes = tokio::fs::read(&f.path).await.map_err(|e| {
        tracing::error!(path = %f.path.display(), error = %e, "model file gone");
        unavailable()
    })?;
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(f.content_type),
    );
    Ok((h, bytes).into_response())
}
