//! Files attached to analysis requests: `POST /api/requests/{id}/attachments` (the bytes as the
//! body, the name in `X-Filename`), `GET /api/requests/{id}/attachments/{file}`. The bytes live
//! under `<data-dir>/attachments/<request>/<id>`; a row is committed only once its bytes are on
//! the disk (file and folder flushed), together with its audit row. A file must be what its
//! type says by its first bytes ([`content_matches`]); names that would show as something else
//! (control characters, bidirectional overrides) are refused. Downloads are audited.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_core::api::AuditAction;
use portal_core::text::{is_display_safe, percent_decode, percent_encode};
use portal_core::workflow::{ATTACHMENT_TYPES, AnalysisRequest, MAX_ATTACHMENT, content_matches};
use serde_json::json;

use super::requests::{bad, check_visible, load};
use crate::audit;
use crate::auth::CurrentUser;
use crate::db::{Source, db_err};
use crate::durable;
use crate::error::{ApiPath, Error, ErrorCode};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/requests/{id}/attachments",
            post(attach).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/requests/{id}/attachments/{file}", get(download))
}

/// Removes what a crash left in `<data-dir>/attachments`: files still named `*.partial`, and
/// files whose row was never committed (the bytes are written before the row commits). Run at
/// start-up, before any upload; returns how many files went. It holds the write lock
/// throughout, as an upload does from writing its bytes to committing its row, so another
/// portal on the same database and data directory never has an upload half done meanwhile.
pub async fn remove_unclaimed(
    db: &crate::db::Db,
    data_dir: &std::path::Path,
) -> Result<usize, Error> {
    let root = data_dir.join("attachments");
    if !root.is_dir() {
        return Ok(0);
    }
    let mut tx = crate::db::begin_write(db).await?;
    let claimed: Vec<(i64, i64)> = crate::fetch!(
        &mut tx,
        fetch_all,
        query_as::<_>,
        "SELECT request_id, id FROM request_attachments"
    )
    .map_err(db_err("reading the attachments"))?;
    let claimed: std::collections::HashSet<(i64, i64)> = claimed.into_iter().collect();
    let removed = tokio::task::spawn_blocking(move || -> std::io::Result<usize> {
        let mut removed = 0;
        for folder in std::fs::read_dir(&root)? {
            let folder = folder?.path();
            let Some(request) = folder
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.parse::<i64>().ok())
            else {
                continue;
            };
            for file in std::fs::read_dir(&folder)? {
                let file = file?.path();
                let name = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                let keep = name
                    .parse::<i64>()
                    .is_ok_and(|id| claimed.contains(&(request, id)));
                if !keep {
                    std::fs::remove_file(&file)?;
                    removed += 1;
                }
            }
            durable::sync_dir(&folder)?;
        }
        Ok(removed)
    })
    .await
    .map_err(|e| Error::internal("sweeping attachments", e))?
    .map_err(|e| Error::internal("sweeping attachments", e))?;
    drop(tx);
    Ok(removed)
}

/// The file name sent in `X-Filename` (percent-encoded UTF-8), checked: 1 to 200 characters,
/// no path separators or control characters, not starting with a dot.
fn filename(headers: &HeaderMap) -> Result<String, Error> {
    let raw = headers
        .get("x-filename")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| bad("send the file name in the X-Filename header"))?;
    let name =
        percent_decode(raw).ok_or_else(|| bad("X-Filename is not valid percent-encoded UTF-8"))?;
    let n = name.chars().count();
    if n == 0
        || n > 200
        || name.chars().any(|c| c == '/' || c == '\\')
        || !is_display_safe(&name)
        || name.starts_with('.')
    {
        return Err(bad(
            "the file name must have 1 to 200 characters, no path separators and no control \
             or text-direction characters",
        ));
    }
    Ok(name)
}

fn content_type(headers: &HeaderMap) -> Result<String, Error> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if !ATTACHMENT_TYPES.contains(&kind.as_str()) {
        return Err(bad(format!(
            "attachments must be one of: {}",
            ATTACHMENT_TYPES.join(", ")
        )));
    }
    Ok(kind)
}

async fn attach(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<AnalysisRequest>), Error> {
    let db = state.db();
    check_visible(&mut db.conn(), &user, id).await?;
    let name = filename(&headers)?;
    let kind = content_type(&headers)?;
    let bytes = axum::body::to_bytes(body, MAX_ATTACHMENT)
        .await
        .map_err(|_| {
            Error::client(
                ErrorCode::PayloadTooLarge,
                format!(
                    "attachments are at most {} MiB",
                    MAX_ATTACHMENT / (1024 * 1024)
                ),
            )
        })?;
    if bytes.is_empty() {
        return Err(bad("the file is empty"));
    }
    if !content_matches(&kind, &bytes) {
        return Err(bad(format!("the file's content is not {kind}")));
    }
    let mut tx = crate::db::begin_write(db).await?;
    let file_id: i64 = crate::fetch!(
        &mut tx,
        fetch_one,
        query_scalar::<_>,
        "INSERT INTO request_attachments (request_id, uploader_id, filename, content_type, size) \
         VALUES (?, ?, ?, ?, ?) RETURNING id",
        id,
        user.id,
        &name,
        &kind,
        bytes.len() as i64
    )
    .map_err(db_err("recording an attachment"))?;
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::AttachmentAdded,
        &json!({"request": id, "attachment": file_id, "filename": name, "size": bytes.len()}),
    )
    .await?;
    let path = state
        .data_dir()
        .join("attachments")
        .join(id.to_string())
        .join(file_id.to_string());
    tokio::task::spawn_blocking(move || durable::write(&path, &bytes))
        .await
        .map_err(|e| Error::internal("writing an attachment", e))?
        .map_err(|e| Error::internal("writing an attachment", e))?;
    // The row is committed only once the bytes are on the disk.
    tx.commit()
        .await
        .map_err(db_err("committing an attachment"))?;
    Ok((StatusCode::CREATED, Json(load(db, &user, id).await?)))
}

async fn download(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath((id, file)): ApiPath<(i64, i64)>,
) -> Result<Response, Error> {
    let req = load(state.db(), &user, id).await?;
    let a = req
        .attachments
        .iter()
        .find(|a| a.id == file)
        .ok_or_else(|| Error::client(ErrorCode::NotFound, format!("no attachment {file}")))?;
    let path = state
        .data_dir()
        .join("attachments")
        .join(id.to_string())
        .join(file.to_string());
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| Error::internal("reading an attachment", e))?;
    audit::record_alone(
        state.db(),
        user.who(),
        AuditAction::AttachmentDownloaded,
        &json!({"request": id, "attachment": file, "filename": a.filename}),
    )
    .await?;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        percent_encode(&a.filename)
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&a.content_type)
                    .map_err(|e| Error::internal("content type", e))?,
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .map_err(|e| Error::internal("disposition", e))?,
            ),
        ],
        bytes,
    )
        .into_response())
}
