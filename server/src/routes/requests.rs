//! The analysis-request workflow API (분석의뢰):
//! `POST /api/requests`, `GET /api/requests`, `GET /api/requests/{id}`,
//! `POST /api/requests/{id}/transitions`.
//!
//! A user sees their own requests, their office's, and those assigned to them; reviewers and
//! admins see all. Transitions follow `portal_core::workflow::next_state` and carry the version
//! the caller saw: a stale version, or a concurrent winner, gets 409 `conflict`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_core::api::Role;
use portal_core::datasets::dataset;
use portal_core::date::parse_date;
use portal_core::workflow::{
    ATTACHMENT_TYPES, Action, Actor, AnalysisRequest, Attachment, Comment, HistoryEntry,
    MAX_ATTACHMENT, MAX_TEXT, MAX_TITLE, NewComment, NewRequest, Notification, Notifications,
    Parties, RequestState, TransitionRequest, WorkflowError, next_state,
};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::auth::{self, ClientAddr, CurrentUser};
use crate::db::db_err;
use crate::error::{ApiJson, ApiPath, Error, ErrorCode};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/requests", post(create).get(list))
        .route("/requests/{id}", get(one))
        .route("/requests/{id}/transitions", post(transition))
        .route("/requests/{id}/comments", post(comment))
        .route(
            "/requests/{id}/attachments",
            post(attach).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/requests/{id}/attachments/{file}", get(download))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(mark_read))
}

fn bad(message: impl Into<String>) -> Error {
    Error::client(ErrorCode::BadRequest, message)
}

fn text(name: &str, v: &str, max: usize) -> Result<String, Error> {
    let v = v.trim();
    let n = v.chars().count();
    if n == 0 || n > max {
        return Err(bad(format!("{name} must have 1 to {max} characters")));
    }
    Ok(v.to_owned())
}

const SELECT: &str = "SELECT r.id, r.title, r.purpose, r.content, r.datasets, r.desired_date, r.state, \
     r.version, a.username, r.office_code, b.username, n.username, r.results, \
     r.applicant_id, r.bureau_id, r.analyst_id \
     FROM requests r JOIN users a ON a.id = r.applicant_id \
     LEFT JOIN users b ON b.id = r.bureau_id LEFT JOIN users n ON n.id = r.analyst_id";

/// Visibility of requests to `user`, as SQL over `r` with its two parameters bound by [`bind_scope`].
const SCOPE: &str =
    "(?1 OR r.applicant_id = ?2 OR r.bureau_id = ?2 OR r.analyst_id = ?2 OR r.office_code = ?3)";

fn sees_all(user: &CurrentUser) -> bool {
    matches!(user.me.role, Role::Reviewer | Role::Admin)
}

fn from_row(r: &SqliteRow) -> AnalysisRequest {
    let state = RequestState::parse(r.get::<&str, _>(6)).unwrap_or(RequestState::Applied);
    AnalysisRequest {
        id: r.get(0),
        title: r.get(1),
        purpose: r.get(2),
        content: r.get(3),
        datasets: serde_json::from_str(r.get::<&str, _>(4)).unwrap_or_default(),
        desired_date: r.get(5),
        state,
        step: state.step(),
        version: r.get(7),
        applicant: r.get(8),
        office_code: r.get(9),
        bureau: r.get(10),
        analyst: r.get(11),
        results: serde_json::from_str(r.get::<&str, _>(12)).unwrap_or_default(),
        history: Vec::new(),
        comments: Vec::new(),
        attachments: Vec::new(),
    }
}

async fn create(
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    State(state): State<AppState>,
    ApiJson(req): ApiJson<NewRequest>,
) -> Result<(StatusCode, Json<AnalysisRequest>), Error> {
    let title = text("title", &req.title, MAX_TITLE)?;
    let purpose = text("purpose", &req.purpose, MAX_TEXT)?;
    let content = text("content", &req.content, MAX_TEXT)?;
    let mut datasets = req.datasets.clone();
    datasets.sort();
    datasets.dedup();
    if let Some(unknown) = datasets.iter().find(|d| dataset(d).is_none()) {
        return Err(bad(format!("unknown dataset '{unknown}'")));
    }
    if let Some(d) = &req.desired_date
        && parse_date(d).is_none()
    {
        return Err(bad("desired_date must be a YYYY-MM-DD date"));
    }
    let db = state.db();
    let mut tx = db.begin().await.map_err(db_err("starting a transaction"))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO requests (title, purpose, content, datasets, desired_date, state, applicant_id, office_code) \
         VALUES (?, ?, ?, ?, ?, 'applied', ?, ?) RETURNING id",
    )
    .bind(&title)
    .bind(&purpose)
    .bind(&content)
    .bind(serde_json::to_string(&datasets).unwrap_or_else(|_| "[]".into()))
    .bind(&req.desired_date)
    .bind(user.id)
    .bind(&user.me.office_code)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err("creating a request"))?;
    sqlx::query("INSERT INTO request_history (request_id, actor_id, from_state, to_state) VALUES (?, ?, NULL, 'applied')")
        .bind(id)
        .bind(user.id)
        .execute(&mut *tx)
        .await
        .map_err(db_err("recording history"))?;
    notify_reviewers(&mut tx, id, RequestState::Applied).await?;
    tx.commit().await.map_err(db_err("committing a request"))?;
    auth::audit(
        db,
        Some(user.id),
        Some(&user.me.username),
        "request_created",
        &json!({"request": id}),
        addr,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(load(db, &user, id).await?)))
}

/// Work queues of `GET /api/requests?queue=`.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Queue {
    /// Everything visible.
    #[default]
    All,
    /// Filed by me.
    Mine,
    /// Waiting for the big-data centre's review.
    Review,
    /// Approved and waiting for my confirmation as the bureau liaison.
    Bureau,
    /// Assigned to me as the analyst and not finished.
    Assigned,
}

impl Queue {
    /// Extra SQL condition (parameter ?2 is the caller's id).
    fn condition(self) -> &'static str {
        match self {
            Queue::All => "1",
            Queue::Mine => "r.applicant_id = ?2",
            Queue::Review => "r.state = 'applied'",
            Queue::Bureau => "r.bureau_id = ?2 AND r.state = 'approved'",
            Queue::Assigned => "r.analyst_id = ?2 AND r.state IN ('cooperating', 'in_progress')",
        }
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ListParams {
    #[serde(default)]
    queue: Queue,
}

async fn list(
    user: CurrentUser,
    State(state): State<AppState>,
    params: Result<axum::extract::Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<AnalysisRequest>>, Error> {
    let axum::extract::Query(p) = params.map_err(|e| {
        bad(format!(
            "queue must be all, mine, review, bureau or assigned: {}",
            e.body_text()
        ))
    })?;
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE {SCOPE} AND {} ORDER BY r.id DESC LIMIT 500",
        p.queue.condition()
    ))
    .bind(sees_all(&user))
    .bind(user.id)
    .bind(&user.me.office_code)
    .fetch_all(state.db())
    .await
    .map_err(db_err("listing requests"))?;
    Ok(Json(rows.iter().map(from_row).collect()))
}

/// The request with its history, if `user` may see it; 404 otherwise (existence is not leaked).
async fn load(db: &SqlitePool, user: &CurrentUser, id: i64) -> Result<AnalysisRequest, Error> {
    let row = sqlx::query(&format!("{SELECT} WHERE r.id = ?4 AND {SCOPE}"))
        .bind(sees_all(user))
        .bind(user.id)
        .bind(&user.me.office_code)
        .bind(id)
        .fetch_optional(db)
        .await
        .map_err(db_err("reading a request"))?
        .ok_or_else(|| Error::client(ErrorCode::NotFound, format!("no request {id}")))?;
    let mut req = from_row(&row);
    req.history = sqlx::query(
        "SELECT h.at, u.username, h.from_state, h.to_state, h.note FROM request_history h \
         JOIN users u ON u.id = h.actor_id WHERE h.request_id = ? ORDER BY h.id",
    )
    .bind(id)
    .fetch_all(db)
    .await
    .map_err(db_err("reading history"))?
    .iter()
    .map(|h| HistoryEntry {
        at: h.get(0),
        actor: h.get(1),
        from: h.get::<Option<&str>, _>(2).and_then(RequestState::parse),
        to: RequestState::parse(h.get::<&str, _>(3)).unwrap_or(RequestState::Applied),
        note: h.get(4),
    })
    .collect();
    req.comments = sqlx::query(
        "SELECT c.at, u.username, c.body FROM request_comments c JOIN users u ON u.id = c.author_id \
         WHERE c.request_id = ? ORDER BY c.id",
    )
    .bind(id)
    .fetch_all(db)
    .await
    .map_err(db_err("reading comments"))?
    .iter()
    .map(|c| Comment { at: c.get(0), author: c.get(1), body: c.get(2) })
    .collect();
    req.attachments = sqlx::query(
        "SELECT a.id, a.filename, a.content_type, a.size, u.username, a.at FROM request_attachments a \
         JOIN users u ON u.id = a.uploader_id WHERE a.request_id = ? ORDER BY a.id",
    )
    .bind(id)
    .fetch_all(db)
    .await
    .map_err(db_err("reading attachments"))?
    .iter()
    .map(|a| Attachment {
        id: a.get(0),
        filename: a.get(1),
        content_type: a.get(2),
        size: a.get(3),
        uploader: a.get(4),
        at: a.get(5),
    })
    .collect();
    Ok(req)
}

async fn one(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AnalysisRequest>, Error> {
    Ok(Json(load(state.db(), &user, id).await?))
}

/// The id of the user called `username` with `role`, for assignments.
async fn assignee(
    db: &SqlitePool,
    username: Option<&str>,
    role: Role,
    what: &str,
) -> Result<i64, Error> {
    let name = username
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(format!("approve needs {what}")))?;
    sqlx::query_scalar("SELECT id FROM users WHERE username = ? AND role = ?")
        .bind(name)
        .bind(role.as_str())
        .fetch_optional(db)
        .await
        .map_err(db_err("reading a user"))?
        .ok_or_else(|| bad(format!("{what} '{name}' is not a {} user", role.as_str())))
}

async fn transition(
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(t): ApiJson<TransitionRequest>,
) -> Result<Json<AnalysisRequest>, Error> {
    let db = state.db();
    let current = load(db, &user, id).await?;
    let note = match t.note.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(n) => Some(text("note", n, MAX_TEXT)?),
        None => None,
    };
    if t.version != current.version {
        return Err(stale(&current));
    }
    let ids: (i64, Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT applicant_id, bureau_id, analyst_id FROM requests WHERE id = ?")
            .bind(id)
            .fetch_one(db)
            .await
            .map_err(db_err("reading a request"))?;
    let actor = Actor {
        user_id: user.id,
        role: user.me.role,
    };
    let parties = Parties {
        applicant: ids.0,
        bureau: ids.1,
        analyst: ids.2,
    };
    let to = next_state(current.state, t.action, actor, parties).map_err(|e| match e {
        WorkflowError::WrongState { .. } => Error::client(ErrorCode::WrongState, e.to_string()),
        WorkflowError::NotAllowed { .. } => Error::client(ErrorCode::Forbidden, e.to_string()),
    })?;
    let (mut bureau, mut analyst) = (ids.1, ids.2);
    let mut results = current.results.clone();
    match t.action {
        Action::Approve => {
            bureau =
                Some(assignee(db, t.bureau.as_deref(), Role::Bureau, "a bureau liaison").await?);
            analyst = Some(assignee(db, t.analyst.as_deref(), Role::Analyst, "an analyst").await?);
        }
        Action::Complete => {
            if t.results.is_empty() || t.results.len() > 20 {
                return Err(bad("complete needs 1 to 20 result links"));
            }
            if let Some(r) = t
                .results
                .iter()
                .find(|r| !r.starts_with('/') || r.len() > 500)
            {
                return Err(bad(format!(
                    "result link '{r}' must be a portal path of at most 500 characters"
                )));
            }
            results = t.results.clone();
        }
        _ => {}
    }
    let mut tx = db.begin().await.map_err(db_err("starting a transaction"))?;
    let changed = sqlx::query(
        "UPDATE requests SET state = ?, version = version + 1, bureau_id = ?, analyst_id = ?, results = ?, \
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND version = ?",
    )
    .bind(to.as_str())
    .bind(bureau)
    .bind(analyst)
    .bind(serde_json::to_string(&results).unwrap_or_else(|_| "[]".into()))
    .bind(id)
    .bind(t.version)
    .execute(&mut *tx)
    .await
    .map_err(db_err("updating a request"))?
    .rows_affected();
    if changed == 0 {
        // Someone else's transition won the race for this version.
        drop(tx);
        return Err(stale(&load(db, &user, id).await?));
    }
    sqlx::query("INSERT INTO request_history (request_id, actor_id, from_state, to_state, note) VALUES (?, ?, ?, ?, ?)")
        .bind(id)
        .bind(user.id)
        .bind(current.state.as_str())
        .bind(to.as_str())
        .bind(&note)
        .execute(&mut *tx)
        .await
        .map_err(db_err("recording history"))?;
    // Everyone the request names hears of it, except whoever acted; reviewers hear of resubmissions.
    for party in [Some(ids.0), bureau, analyst].into_iter().flatten() {
        if party != user.id {
            notify(&mut tx, party, id, to).await?;
        }
    }
    if to == RequestState::Applied {
        notify_reviewers(&mut tx, id, to).await?;
    }
    tx.commit()
        .await
        .map_err(db_err("committing a transition"))?;
    auth::audit(
        db,
        Some(user.id),
        Some(&user.me.username),
        "request_transition",
        &json!({"request": id, "from": current.state.as_str(), "to": to.as_str()}),
        addr,
    )
    .await?;
    Ok(Json(load(db, &user, id).await?))
}

fn stale(current: &AnalysisRequest) -> Error {
    Error::client(
        ErrorCode::Conflict,
        format!(
            "the request changed: it is now version {} in state {}; reload and try again",
            current.version,
            current.state.as_str()
        ),
    )
}

async fn notify(
    tx: &mut sqlx::SqliteConnection,
    user_id: i64,
    request_id: i64,
    state: RequestState,
) -> Result<(), Error> {
    sqlx::query("INSERT INTO notifications (user_id, request_id, state) VALUES (?, ?, ?)")
        .bind(user_id)
        .bind(request_id)
        .bind(state.as_str())
        .execute(&mut *tx)
        .await
        .map_err(db_err("writing a notification"))?;
    Ok(())
}

async fn notify_reviewers(
    tx: &mut sqlx::SqliteConnection,
    request_id: i64,
    state: RequestState,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, request_id, state) SELECT id, ?, ? FROM users WHERE role = 'reviewer'",
    )
    .bind(request_id)
    .bind(state.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db_err("writing notifications"))?;
    Ok(())
}

async fn comment(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(c): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<AnalysisRequest>), Error> {
    let body = text("comment", &c.body, MAX_TEXT)?;
    let db = state.db();
    load(db, &user, id).await?;
    sqlx::query("INSERT INTO request_comments (request_id, author_id, body) VALUES (?, ?, ?)")
        .bind(id)
        .bind(user.id)
        .bind(&body)
        .execute(db)
        .await
        .map_err(db_err("writing a comment"))?;
    Ok((StatusCode::CREATED, Json(load(db, &user, id).await?)))
}

async fn notifications(
    user: CurrentUser,
    State(state): State<AppState>,
) -> Result<Json<Notifications>, Error> {
    let db = state.db();
    let unread: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = ? AND read = 0")
            .bind(user.id)
            .fetch_one(db)
            .await
            .map_err(db_err("counting notifications"))?;
    let items = sqlx::query(
        "SELECT n.id, n.request_id, r.title, n.state, n.read, n.at FROM notifications n \
         JOIN requests r ON r.id = n.request_id WHERE n.user_id = ? ORDER BY n.id DESC LIMIT 50",
    )
    .bind(user.id)
    .fetch_all(db)
    .await
    .map_err(db_err("reading notifications"))?
    .iter()
    .map(|r| Notification {
        id: r.get(0),
        request_id: r.get(1),
        title: r.get(2),
        state: RequestState::parse(r.get::<&str, _>(3)).unwrap_or(RequestState::Applied),
        read: r.get::<i64, _>(4) == 1,
        at: r.get(5),
    })
    .collect();
    Ok(Json(Notifications { unread, items }))
}

async fn mark_read(user: CurrentUser, State(state): State<AppState>) -> Result<StatusCode, Error> {
    sqlx::query("UPDATE notifications SET read = 1 WHERE user_id = ? AND read = 0")
        .bind(user.id)
        .execute(state.db())
        .await
        .map_err(db_err("marking notifications read"))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The file name sent in `X-Filename` (percent-encoded UTF-8), checked: 1 to 200 characters,
/// no path separators or control characters.
fn filename(headers: &axum::http::HeaderMap) -> Result<String, Error> {
    let raw = headers
        .get("x-filename")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| bad("send the file name in the X-Filename header"))?;
    let mut bytes = Vec::with_capacity(raw.len());
    let mut it = raw.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex: Vec<u8> = it.by_ref().take(2).collect();
            let v = std::str::from_utf8(&hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad("X-Filename is not valid percent-encoding"))?;
            bytes.push(v);
        } else {
            bytes.push(b);
        }
    }
    let name = String::from_utf8(bytes).map_err(|_| bad("X-Filename is not UTF-8"))?;
    let n = name.chars().count();
    if n == 0
        || n > 200
        || name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
        || name.starts_with('.')
    {
        return Err(bad(
            "the file name must have 1 to 200 characters and no path separators",
        ));
    }
    Ok(name)
}

async fn attach(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<AnalysisRequest>), Error> {
    let db = state.db();
    load(db, &user, id).await?;
    let name = filename(&headers)?;
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if !ATTACHMENT_TYPES.contains(&content_type.as_str()) {
        return Err(bad(format!(
            "attachments must be one of: {}",
            ATTACHMENT_TYPES.join(", ")
        )));
    }
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
    let mut tx = db.begin().await.map_err(db_err("starting a transaction"))?;
    let file_id: i64 = sqlx::query_scalar(
        "INSERT INTO request_attachments (request_id, uploader_id, filename, content_type, size) \
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(id)
    .bind(user.id)
    .bind(&name)
    .bind(&content_type)
    .bind(bytes.len() as i64)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err("recording an attachment"))?;
    let dir = state.data_dir().join("attachments").join(id.to_string());
    let path = dir.join(file_id.to_string());
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| Error::internal("creating the attachment folder", e))?;
    tokio::fs::write(&path, &bytes)
        .await
        .map_err(|e| Error::internal("writing an attachment", e))?;
    // The row is committed only once the bytes are on disk.
    tx.commit()
        .await
        .map_err(db_err("committing an attachment"))?;
    Ok((StatusCode::CREATED, Json(load(db, &user, id).await?)))
}

async fn download(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath((id, file)): ApiPath<(i64, i64)>,
) -> Result<axum::response::Response, Error> {
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
    let encoded = portal_core::text::percent_encode(&a.filename);
    let disposition = format!("attachment; filename*=UTF-8''{encoded}");
    use axum::response::IntoResponse;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_str(&a.content_type)
                    .map_err(|e| Error::internal("content type", e))?,
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                axum::http::HeaderValue::from_str(&disposition)
                    .map_err(|e| Error::internal("disposition", e))?,
            ),
        ],
        bytes,
    )
        .into_response())
}
