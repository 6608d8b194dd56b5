//! In-app notifications of the request workflow: `GET /api/notifications`,
//! `POST /api/notifications/read`, and the writers the transitions call in their transaction.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_core::workflow::{Notification, Notifications, RequestState};

use crate::auth::CurrentUser;
use crate::db::{WriteTx, db_err};
use crate::error::Error;
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(mark_read))
}

/// Tells `user_id` that request `request_id` reached `state`.
pub async fn notify(
    tx: &mut WriteTx,
    user_id: i64,
    request_id: i64,
    state: RequestState,
) -> Result<(), Error> {
    crate::execute!(
        tx,
        "INSERT INTO notifications (user_id, request_id, state) VALUES (?, ?, ?)",
        user_id,
        request_id,
        state
    )
    .map_err(db_err("writing a notification"))?;
    Ok(())
}

/// Tells every reviewer that request `request_id` reached `state`.
pub async fn notify_reviewers(
    tx: &mut WriteTx,
    request_id: i64,
    state: RequestState,
) -> Result<(), Error> {
    crate::execute!(
        tx,
        "INSERT INTO notifications (user_id, request_id, state) SELECT id, ?, ? FROM users WHERE role = 'reviewer'",
        request_id,
        state
    )
    .map_err(db_err("writing notifications"))?;
    Ok(())
}

async fn list(
    user: CurrentUser,
    State(state): State<AppState>,
) -> Result<Json<Notifications>, Error> {
    let db = state.db();
    let unread = crate::fetch!(
        db,
        fetch_one,
        query_scalar::<i64>,
        "SELECT count(*) FROM notifications WHERE user_id = ? AND NOT read",
        user.id
    )
    .map_err(db_err("counting notifications"))?;
    let items = crate::fetch!(
        db,
        fetch_all,
        query_as::<Notification>,
        "SELECT n.id, n.request_id, r.title, n.state, n.read, n.at FROM notifications n \
         JOIN requests r ON r.id = n.request_id WHERE n.user_id = ? ORDER BY n.id DESC LIMIT 50",
        user.id
    )
    .map_err(db_err("reading notifications"))?;
    Ok(Json(Notifications { unread, items }))
}

async fn mark_read(user: CurrentUser, State(state): State<AppState>) -> Result<StatusCode, Error> {
    crate::execute!(
        state.db(),
        "UPDATE notifications SET read = TRUE WHERE user_id = ? AND NOT read",
        user.id
    )
    .map_err(db_err("marking notifications read"))?;
    Ok(StatusCode::NO_CONTENT)
}
