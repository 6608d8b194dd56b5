//! Answers computed whole before they are sent (pattern statistics, ego networks): run on the
//! query runtime within the query timeout (past it the query is stopped and the answer is 408
//! `query_timeout`), encoded in an extract format, audited with the rows
//! sent, and marked private and not to be stored.

use std::future::Future;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::AuditAction;

use crate::audit;
use crate::auth::CurrentUser;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::extract::encode::{Format, encode_all};
use crate::state::AppState;

/// Runs `job` on the server's engine (503 `data_unavailable` without datasets) on the query
/// runtime, stopped past the query timeout (408 `query_timeout`).
pub async fn run<J, F, T>(state: &AppState, job: J) -> Result<T, Error>
where
    J: FnOnce(Engine) -> F,
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
{
    let engine = state.engine().cloned().ok_or_else(|| {
        Error::client(
            ErrorCode::DataUnavailable,
            "this server has no datasets to answer from",
        )
    })?;
    let mut task = state.query_runtime().spawn(job(engine));
    match tokio::time::timeout(state.query_timeout(), &mut task).await {
        Ok(done) => done.map_err(|e| Error::internal("running a query", e))?,
        Err(_) => {
            // Stop the query rather than let it run on for nobody.
            task.abort();
            Err(Error::client(
                ErrorCode::QueryTimeout,
                "the answer took longer than the query timeout; narrow the question",
            ))
        }
    }
}

/// Headers of an answer that holds rows: private, not to be stored.
fn private(content_type: &'static str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h
}

/// [`run`]s `job`, then answers its value as JSON, audited as `action` with `detail`.
pub async fn json<J, F, T>(
    state: &AppState,
    user: &CurrentUser,
    action: AuditAction,
    mut detail: serde_json::Value,
    job: J,
) -> Result<Response, Error>
where
    J: FnOnce(Engine) -> F,
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: serde::Serialize + Send + 'static,
{
    let value = run(state, job).await?;
    let body = serde_json::to_vec(&value).map_err(|e| Error::internal("encoding", e))?;
    if let Some(d) = detail.as_object_mut() {
        d.insert("office".into(), user.scope().office().into());
    }
    audit::record_alone(state.db(), user.who(), action, &detail).await?;
    Ok((private("application/json"), body).into_response())
}

/// [`run`]s `job`, then answers its batches in `format`, audited as `action` with `detail` and
/// the row count (`rows`).
pub async fn answer<J, F>(
    state: &AppState,
    user: &CurrentUser,
    format: Format,
    action: AuditAction,
    mut detail: serde_json::Value,
    job: J,
) -> Result<Response, Error>
where
    J: FnOnce(Engine) -> F,
    F: Future<Output = Result<(SchemaRef, Vec<RecordBatch>), Error>> + Send + 'static,
{
    let (schema, batches) = run(state, job).await?;
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let body = encode_all(format, &schema, &batches).map_err(|e| Error::internal("encoding", e))?;
    if let Some(d) = detail.as_object_mut() {
        d.insert("rows".into(), rows.into());
        d.insert("format".into(), format.as_str().into());
        d.insert("office".into(), user.scope().office().into());
    }
    audit::record_alone(state.db(), user.who(), action, &detail).await?;
    let h = private(format.content_type());
    Ok((h, body).into_response())
}
