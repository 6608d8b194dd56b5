//! `POST /api/auth/login`, `POST /api/auth/logout`, `POST /api/auth/logout-all` (every session
//! of the user), `GET /api/me`, `POST /api/me/password` (the user's own password; their other
//! sessions end).
//!
//! Login answers the user with the session's CSRF token and sets the session cookie; an existing
//! session cookie sent with the login is ended first (no session fixation). Failed logins are
//! throttled per account and per address and, like successes, written to the audit log.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_core::accounts::{PasswordChange, password_problem};
use portal_core::api::{AuditAction, LoginRequest, Me};

use crate::accounts::weak;
use crate::auth::password::hash_limited;
use crate::routes::users::set_password;
use serde_json::json;

use crate::audit::{self, Who};
use crate::auth::session::{self, clear_cookie, session_cookie, session_token};
use crate::auth::{ClientAddr, CurrentUser};
use crate::db::db_err;
use crate::error::{ApiJson, Error, ErrorCode};
use crate::state::AppState;

/// Longest accepted user name and password, in bytes.
pub const MAX_FIELD: usize = 256;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/logout-all", post(logout_all))
        .route("/me", get(me))
        .route("/me/password", post(change_password))
}

async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, Error> {
    let username = req.username.trim();
    if username.is_empty() || req.password.is_empty() {
        return Err(Error::client(
            ErrorCode::BadRequest,
            "user name and password are required",
        ));
    }
    if username.len() > MAX_FIELD || req.password.len() > MAX_FIELD {
        return Err(Error::client(
            ErrorCode::BadRequest,
            format!("user name and password are at most {MAX_FIELD} bytes"),
        ));
    }
    let anonymous = Who {
        user_id: None,
        username: Some(username),
        address: addr,
    };
    let attempt = match state.throttle().begin(username, addr) {
        Ok(a) => a,
        Err(wait) => {
            audit::record_alone(
                state.db(),
                anonymous,
                AuditAction::LoginThrottled,
                &json!({}),
            )
            .await?;
            let mut res = Error::client(
                ErrorCode::TooManyAttempts,
                format!("too many failed sign-ins; try again in {wait} s"),
            )
            .into_response();
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
            return Ok(res);
        }
    };
    let Some(id) = session::check_password(state.db(), username, &req.password).await? else {
        audit::record_alone(state.db(), anonymous, AuditAction::LoginFailure, &json!({})).await?;
        return Err(Error::client(
            ErrorCode::InvalidCredentials,
            "wrong user name or password",
        ));
    };
    let old = session_token(&headers);
    let mut tx = crate::db::begin_write(state.db()).await?;
    let (token, mut user) = session::open_session(&mut tx, id, old.as_deref()).await?;
    user.address = addr;
    audit::record(&mut tx, user.who(), AuditAction::LoginSuccess, &json!({})).await?;
    tx.commit().await.map_err(db_err("committing a sign-in"))?;
    attempt.succeeded();
    let cookie = session_cookie(&token, state.secure_cookies());
    Ok((
        [(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).map_err(|e| Error::internal("cookie", e))?,
        )],
        Json(user.me),
    )
        .into_response())
}

async fn logout(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Error> {
    let mut tx = crate::db::begin_write(state.db()).await?;
    session::end_session(&mut tx, &user.token_hash).await?;
    audit::record(&mut tx, user.who(), AuditAction::Logout, &json!({})).await?;
    tx.commit().await.map_err(db_err("committing a sign-out"))?;
    cleared(&state)
}

async fn me(user: CurrentUser) -> Json<Me> {
    Json(user.me)
}

/// No content, with the session cookie cleared.
fn cleared(state: &AppState) -> Result<Response, Error> {
    let cookie = clear_cookie(state.secure_cookies());
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).map_err(|e| Error::internal("cookie", e))?,
        )],
    )
        .into_response())
}

async fn logout_all(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Error> {
    let mut tx = crate::db::begin_write(state.db()).await?;
    let ended = session::end_user_sessions(&mut tx, user.id, None).await?;
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::LogoutEverywhere,
        &json!({"sessions": ended}),
    )
    .await?;
    tx.commit().await.map_err(db_err("committing a sign-out"))?;
    cleared(&state)
}

async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(change): ApiJson<PasswordChange>,
) -> Result<StatusCode, Error> {
    if change.current.len() > MAX_FIELD {
        return Err(Error::client(
            ErrorCode::BadRequest,
            "the current password is too long",
        ));
    }
    if let Some(p) = password_problem(&user.me.username, &change.new) {
        return Err(weak(p));
    }
    if session::check_password(state.db(), &user.me.username, &change.current)
        .await?
        .is_none()
    {
        return Err(Error::client(
            ErrorCode::InvalidCredentials,
            "the current password is wrong",
        ));
    }
    let hash = hash_limited(change.new).await?;
    let mut tx = crate::db::begin_write(state.db()).await?;
    set_password(&mut tx, user.id, &hash).await?;
    let ended = session::end_user_sessions(&mut tx, user.id, Some(&user.token_hash)).await?;
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::PasswordChanged,
        &json!({"other_sessions_ended": ended}),
    )
    .await?;
    tx.commit().await.map_err(db_err("committing a password"))?;
    Ok(StatusCode::NO_CONTENT)
}
