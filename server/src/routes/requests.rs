//! The analysis-request workflow API (분석의뢰):
//! `POST /api/requests`, `GET /api/requests`, `GET /api/requests/{id}`,
//! `POST /api/requests/{id}/transitions`, `POST /api/requests/{id}/comments`.
//! Attachments are [`super::attachments`], notifications [`super::notifications`].
//!
//! A user sees their own requests, their office's, and those assigned to them; reviewers and
//! admins see all. Transitions follow `portal_core::workflow::next_state` and carry the version
//! the caller saw: a stale version, or a concurrent winner, gets 409 `conflict`. Every change
//! commits together with its history, notifications and audit row.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_core::api::{AuditAction, Role};
use portal_core::datasets::dataset;
use portal_core::date::parse_date;
use portal_core::workflow::{
    Action, Actor, AnalysisRequest, Attachment, Comment, HistoryEntry, MAX_TEXT, MAX_TITLE,
    NewComment, NewRequest, Parties, RequestState, TransitionRequest, WorkflowError,
    is_portal_path, next_state,
};
use serde_json::json;
use sqlx::types::Json as JsonColumn;

use super::notifications::{notify, notify_reviewers};
use crate::audit;
use crate::auth::CurrentUser;
use crate::db::{Conn, Db, Source, db_err};
use crate::error::{ApiJson, ApiPath, ApiQuery, Error, ErrorCode, QueryHelp};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/requests", post(create).get(list))
        .route("/requests/{id}", get(one))
        .route("/requests/{id}/transitions", post(transition))
        .route("/requests/{id}/comments", post(comment))
}

/// A `bad_request` error.
pub fn bad(message: impl Into<String>) -> Error {
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
     r.version, a.username AS applicant, r.office_code, b.username AS bureau, \
     n.username AS analyst, r.results, r.applicant_id, r.bureau_id, r.analyst_id \
     FROM requests r JOIN users a ON a.id = r.applicant_id \
     LEFT JOIN users b ON b.id = r.bureau_id LEFT JOIN users n ON n.id = r.analyst_id";

/// Visibility of requests to `user`, as SQL over `r` with its three parameters bound in order:
/// sees everything, the user's id, the user's office.
const SCOPE: &str =
    "(?1 OR r.applicant_id = ?2 OR r.bureau_id = ?2 OR r.analyst_id = ?2 OR r.office_code = ?3)";

fn sees_all(user: &CurrentUser) -> bool {
    matches!(user.me.role, Role::Reviewer | Role::Admin)
}

/// A request row as [`SELECT`] reads it.
#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    title: String,
    purpose: String,
    content: String,
    datasets: JsonColumn<Vec<String>>,
    desired_date: Option<String>,
    state: RequestState,
    version: i64,
    applicant: String,
    office_code: String,
    bureau: Option<String>,
    analyst: Option<String>,
    results: JsonColumn<Vec<String>>,
    applicant_id: i64,
    bureau_id: Option<i64>,
    analyst_id: Option<i64>,
}

impl RequestRow {
    fn parties(&self) -> Parties<i64> {
        Parties {
            applicant: self.applicant_id,
            bureau: self.bureau_id,
            analyst: self.analyst_id,
        }
    }

    fn into_request(self) -> AnalysisRequest {
        AnalysisRequest {
            id: self.id,
            title: self.title,
            purpose: self.purpose,
            content: self.content,
            datasets: self.datasets.0,
            desired_date: self.desired_date,
            state: self.state,
            step: self.state.step(),
            version: self.version,
            applicant: self.applicant,
            office_code: self.office_code,
            bureau: self.bureau,
            analyst: self.analyst,
            results: self.results.0,
            history: Vec::new(),
            comments: Vec::new(),
            attachments: Vec::new(),
        }
    }
}

async fn create(
    user: CurrentUser,
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
    let mut tx = crate::db::begin_write(db).await?;
    const INSERT: &str = "INSERT INTO requests (title, purpose, content, datasets, desired_date, \
         state, applicant_id, office_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    let id: i64 = crate::fetch!(
        &mut tx,
        fetch_one,
        query_scalar::<_>,
        INSERT,
        &title,
        &purpose,
        &content,
        JsonColumn(&datasets),
        &req.desired_date,
        RequestState::Applied,
        user.id,
        &user.me.office_code
    )
    .map_err(db_err("creating a request"))?;
    crate::execute!(
        &mut tx,
        "INSERT INTO request_history (request_id, actor_id, from_state, to_state) \
         VALUES (?, ?, NULL, ?)",
        id,
        user.id,
        RequestState::Applied
    )
    .map_err(db_err("recording history"))?;
    notify_reviewers(&mut tx, id, RequestState::Applied).await?;
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::RequestCreated,
        &json!({"request": id}),
    )
    .await?;
    tx.commit().await.map_err(db_err("committing a request"))?;
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
            Queue::All => "TRUE",
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

impl QueryHelp for ListParams {
    const HELP: &'static str = "queue must be all, mine, review, bureau or assigned";
}

async fn list(
    user: CurrentUser,
    State(state): State<AppState>,
    params: Result<ApiQuery<ListParams>, Error>,
) -> Result<Json<Vec<AnalysisRequest>>, Error> {
    let ApiQuery(p) = params?;
    let rows: Vec<RequestRow> = crate::fetch!(
        state.db(),
        fetch_all,
        query_as::<_>,
        &format!(
            "{SELECT} WHERE {SCOPE} AND {} ORDER BY r.id DESC LIMIT 500",
            p.queue.condition()
        ),
        sees_all(&user),
        user.id,
        &user.me.office_code
    )
    .map_err(db_err("listing requests"))?;
    Ok(Json(
        rows.into_iter().map(RequestRow::into_request).collect(),
    ))
}

/// The request's row if `user` may see it; 404 otherwise (existence is not leaked).
async fn visible_row(
    conn: &mut Conn<'_>,
    user: &CurrentUser,
    id: i64,
) -> Result<RequestRow, Error> {
    crate::fetch!(
        &mut *conn,
        fetch_optional,
        query_as::<_>,
        &format!("{SELECT} WHERE r.id = ?4 AND {SCOPE}"),
        sees_all(user),
        user.id,
        &user.me.office_code,
        id
    )
    .map_err(db_err("reading a request"))?
    .ok_or_else(|| Error::client(ErrorCode::NotFound, format!("no request {id}")))
}

/// The request with its history, comments and attachments, if `user` may see it.
pub async fn load(db: &Db, user: &CurrentUser, id: i64) -> Result<AnalysisRequest, Error> {
    let mut req = visible_row(&mut db.conn(), user, id).await?.into_request();
    req.history = crate::fetch!(
        db,
        fetch_all,
        query_as::<HistoryEntry>,
        "SELECT h.at, u.username AS actor, h.from_state, h.to_state, h.note FROM request_history h \
         JOIN users u ON u.id = h.actor_id WHERE h.request_id = ? ORDER BY h.id",
        id
    )
    .map_err(db_err("reading history"))?;
    req.comments = crate::fetch!(
        db,
        fetch_all,
        query_as::<Comment>,
        "SELECT c.at, u.username AS author, c.body FROM request_comments c \
         JOIN users u ON u.id = c.author_id WHERE c.request_id = ? ORDER BY c.id",
        id
    )
    .map_err(db_err("reading comments"))?;
    req.attachments = crate::fetch!(
        db,
        fetch_all,
        query_as::<Attachment>,
        "SELECT a.id, a.filename, a.content_type, a.size, u.username AS uploader, a.at \
         FROM request_attachments a JOIN users u ON u.id = a.uploader_id \
         WHERE a.request_id = ? ORDER BY a.id",
        id
    )
    .map_err(db_err("reading attachments"))?;
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
async fn assignee(db: &Db, username: Option<&str>, role: Role, what: &str) -> Result<i64, Error> {
    let name = username
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(format!("approve needs {what}")))?;
    crate::fetch!(
        db,
        fetch_optional,
        query_scalar::<_>,
        "SELECT id FROM users WHERE username = ? AND role = ?",
        name,
        role
    )
    .map_err(db_err("reading a user"))?
    .ok_or_else(|| bad(format!("{what} '{name}' is not a {role} user")))
}

/// Result links of `complete`: 1 to 20 portal paths of at most 500 characters.
fn result_links(links: &[String]) -> Result<Vec<String>, Error> {
    if links.is_empty() || links.len() > 20 {
        return Err(bad("complete needs 1 to 20 result links"));
    }
    if let Some(r) = links.iter().find(|r| !is_portal_path(r)) {
        return Err(bad(format!(
            "result link '{r}' must be a portal path of at most 500 characters"
        )));
    }
    Ok(links.to_vec())
}

async fn transition(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(t): ApiJson<TransitionRequest>,
) -> Result<Json<AnalysisRequest>, Error> {
    let db = state.db();
    let current = visible_row(&mut db.conn(), &user, id).await?;
    let note = match t.note.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(n) => Some(text("note", n, MAX_TEXT)?),
        None => None,
    };
    if t.version != current.version {
        return Err(stale(current.version, current.state));
    }
    let actor = Actor {
        user_id: user.id,
        role: user.me.role,
    };
    let to =
        next_state(current.state, t.action, actor, current.parties()).map_err(|e| match e {
            WorkflowError::WrongState { .. } => Error::client(ErrorCode::WrongState, e.to_string()),
            WorkflowError::NotAllowed { .. } => Error::client(ErrorCode::Forbidden, e.to_string()),
        })?;
    let (mut bureau, mut analyst) = (current.bureau_id, current.analyst_id);
    let mut results = current.results.0.clone();
    match t.action {
        Action::Approve => {
            bureau =
                Some(assignee(db, t.bureau.as_deref(), Role::Bureau, "a bureau liaison").await?);
            analyst = Some(assignee(db, t.analyst.as_deref(), Role::Analyst, "an analyst").await?);
        }
        Action::Complete => results = result_links(&t.results)?,
        _ => {}
    }
    let mut tx = crate::db::begin_write(db).await?;
    const UPDATE: &str = "UPDATE requests SET state = ?, version = version + 1, bureau_id = ?, \
         analyst_id = ?, results = ?, updated_at = ? WHERE id = ? AND version = ?";
    let changed = crate::execute!(
        &mut tx,
        UPDATE,
        to,
        bureau,
        analyst,
        JsonColumn(&results),
        crate::db::now(),
        id,
        t.version
    )
    .map_err(db_err("updating a request"))?;
    if changed == 0 {
        // Someone else's transition won the race for this version.
        let now = visible_row(&mut tx.conn(), &user, id).await?;
        return Err(stale(now.version, now.state));
    }
    crate::execute!(
        &mut tx,
        "INSERT INTO request_history (request_id, actor_id, from_state, to_state, note) \
         VALUES (?, ?, ?, ?, ?)",
        id,
        user.id,
        current.state,
        to,
        &note
    )
    .map_err(db_err("recording history"))?;
    // Everyone the request names hears of it, except whoever acted; reviewers hear of resubmissions.
    for party in [Some(current.applicant_id), bureau, analyst]
        .into_iter()
        .flatten()
    {
        if party != user.id {
            notify(&mut tx, party, id, to).await?;
        }
    }
    if to == RequestState::Applied {
        notify_reviewers(&mut tx, id, to).await?;
    }
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::RequestTransition,
        &json!({"request": id, "from": current.state, "to": to}),
    )
    .await?;
    tx.commit()
        .await
        .map_err(db_err("committing a transition"))?;
    Ok(Json(load(db, &user, id).await?))
}

fn stale(version: i64, state: RequestState) -> Error {
    Error::client(
        ErrorCode::Conflict,
        format!(
            "the request changed: it is now version {version} in state {state}; reload and try again"
        ),
    )
}

async fn comment(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(c): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<AnalysisRequest>), Error> {
    let body = text("comment", &c.body, MAX_TEXT)?;
    let db = state.db();
    let mut tx = crate::db::begin_write(db).await?;
    visible_row(&mut tx.conn(), &user, id).await?;
    crate::execute!(
        &mut tx,
        "INSERT INTO request_comments (request_id, author_id, body) VALUES (?, ?, ?)",
        id,
        user.id,
        &body
    )
    .map_err(db_err("writing a comment"))?;
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::RequestComment,
        &json!({"request": id}),
    )
    .await?;
    tx.commit().await.map_err(db_err("committing a comment"))?;
    Ok((StatusCode::CREATED, Json(load(db, &user, id).await?)))
}

/// Whether `user` may see request `id` (404 otherwise), read on `conn`.
pub async fn check_visible(conn: &mut Conn<'_>, user: &CurrentUser, id: i64) -> Result<(), Error> {
    visible_row(conn, user, id).await.map(|_| ())
}
