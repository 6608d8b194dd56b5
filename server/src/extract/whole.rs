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

/// Runs `job` on the server's engine (503 `data_unavailable` without datasets), then answers
/// its batches in `format`, audited as `action` with `detail` and the row count (`rows`).
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
    let engine = state.engine().cloned().ok_or_else(|| {
        Error::client(
            ErrorCode::DataUnavailable,
            "this server has no datasets to answer from",
        )
    })?;
    let mut task = state.query_runtime().spawn(job(engine));
    let (schema, batches) = match tokio::time::timeout(state.query_timeout(), &mut task).await {
        Ok(done) => done.map_err(|e| Error::internal("running a query", e))??,
        Err(_) => {
            // Stop the query rather than let it run on for nobody.
            task.abort();
            return Err(Error::client(
                ErrorCode::QueryTimeout,
                "the answer took longer than the query timeout; narrow the question",
            ));
        }
    };
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let body = encode_all(format, &schema, &batches).map_err(|e| Error::internal("encoding", e))?;
    if let Some(d) = detail.as_object_mut() {
        d.insert("rows".into(), rows.into());
        d.insert("format".into(), format.as_str().into());
        d.insert("office".into(), user.scope().office().into());
    }
    audit::record_alone(state.db(), user.who(), action, &detail).await?;
    let mut h = HeaderMap::new();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok((h, body).into_response())
}
