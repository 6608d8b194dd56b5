//! In-app notifications of the request workflow: `GET /api/notifications`,
//! `POST /api/notifications/read`, and the writers the transitions call in their transaction.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_core::workflow::{Notification, Notifications, RequestState};
use sqlx::SqliteConnection;

use crate::auth::CurrentUser;
use crate::db::db_err;
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
    tx: &mut SqliteConnection,
    user_id: i64,
    request_id: i64,
    state: RequestState,
) -> Result<(), Error> {
    sqlx::query("INSERT INTO notifications (user_id, request_id, state) VALUES (?, ?, ?)")
        .bind(user_id)
        .bind(request_id)
        .bind(state)
        .execute(&mut *tx)
        .await
        .map_err(db_err("writing a notification"))?;
    Ok(())
}

/// Tells every reviewer that request `request_id` reached `state`.
pub async fn notify_reviewers(
    tx: &mut SqliteConnection,
    request_id: i64,
    state: RequestState,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, request_id, state) SELECT id, ?, ? FROM users WHERE role = 'reviewer'",
    )
    .bind(request_id)
    .bind(state)
    .execute(&mut *tx)
    .await
    .map_err(db_err("writing notifications"))?;
    Ok(())
}

async fn list(
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
    let items = sqlx::query_as::<_, Notification>(
        "SELECT n.id, n.request_id, r.title, n.state, n.read = 1 AS read, n.at FROM notifications n \
         JOIN requests r ON r.id = n.request_id WHERE n.user_id = ? ORDER BY n.id DESC LIMIT 50",
    )
    .bind(user.id)
    .fetch_all(db)
    .await
    .map_err(db_err("reading notifications"))?;
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
