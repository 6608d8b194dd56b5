//! User administration, for administrators only: `GET /api/users`, `POST /api/users`,
//! `PUT /api/users/{id}` (display name, role, office, disabled), `POST /api/users/{id}/password`
//! (a new password; the user's sessions end). Every change commits with its audit row. An
//! administrator cannot disable their own account or take away their own role, so the portal is
//! never left without one by mistake.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use portal_core::accounts::{NewUser, PasswordReset, UserSummary, UserUpdate, password_problem};
use portal_core::api::{AuditAction, Role};
use serde_json::json;

use crate::accounts::{check_display_name, check_office, create_user, weak};
use crate::audit;
use crate::auth::CurrentUser;
use crate::auth::password::hash_limited;
use crate::auth::session::end_user_sessions;
use crate::db::{Source, WriteTx, db_err};
use crate::error::{ApiJson, ApiPath, Error, ErrorCode};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}", put(update))
        .route("/users/{id}/password", post(reset_password))
}

fn admin_only(user: &CurrentUser) -> Result<(), Error> {
    if user.me.role != Role::Admin {
        return Err(Error::client(
            ErrorCode::Forbidden,
            "only administrators manage accounts",
        ));
    }
    Ok(())
}

const SUMMARY: &str = "SELECT id, username, display_name, role, office_code, disabled, created_at \
                       FROM users";

async fn one<'c>(source: impl Source<'c>, id: i64) -> Result<UserSummary, Error> {
    crate::fetch!(
        source,
        fetch_optional,
        query_as::<UserSummary>,
        &format!("{SUMMARY} WHERE id = ?"),
        id
    )
    .map_err(db_err("reading an account"))?
    .ok_or_else(|| Error::client(ErrorCode::NotFound, format!("no account {id}")))
}

async fn list(
    user: CurrentUser,
    State(state): State<AppState>,
) -> Result<Json<Vec<UserSummary>>, Error> {
    admin_only(&user)?;
    let users = crate::fetch!(
        state.db(),
        fetch_all,
        query_as::<UserSummary>,
        &format!("{SUMMARY} ORDER BY username")
    )
    .map_err(db_err("listing the accounts"))?;
    Ok(Json(users))
}

async fn create(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiJson(new): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<UserSummary>), Error> {
    admin_only(&user)?;
    let id = create_user(state.db(), user.who(), &new).await?;
    Ok((StatusCode::CREATED, Json(one(state.db(), id).await?)))
}

async fn update(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<UserUpdate>,
) -> Result<Json<UserSummary>, Error> {
    admin_only(&user)?;
    if id == user.id
        && (change.disabled == Some(true) || change.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(Error::client(
            ErrorCode::BadRequest,
            "you cannot disable your own account or give up your own administrator role",
        ));
    }
    let mut tx = crate::db::begin_write(state.db()).await?;
    let before = one(&mut tx, id).await?;
    if let Some(name) = &change.display_name {
        check_display_name(name)?;
    }
    if let Some(office) = &change.office_code {
        check_office(&mut tx, office).await?;
    }
    crate::execute!(
        &mut tx,
        "UPDATE users SET display_name = COALESCE(?, display_name), role = COALESCE(?, role), \
         office_code = COALESCE(?, office_code), disabled = COALESCE(?, disabled) WHERE id = ?",
        change.display_name.as_deref().map(str::trim),
        change.role,
        change.office_code.as_deref(),
        change.disabled,
        id
    )
    .map_err(db_err("changing an account"))?;
    // A disabled account, or one whose role or office (and so scope) changed, signs in again.
    let scope_changed = change.role.is_some_and(|r| r != before.role)
        || change
            .office_code
            .as_ref()
            .is_some_and(|o| *o != before.office_code);
    if change.disabled == Some(true) || scope_changed {
        end_user_sessions(&mut tx, id, None).await?;
    }
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::UserUpdated,
        &json!({"user": id, "username": before.username, "change": change}),
    )
    .await?;
    let after = one(&mut tx, id).await?;
    tx.commit()
        .await
        .map_err(db_err("committing an account change"))?;
    Ok(Json(after))
}

async fn reset_password(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(reset): ApiJson<PasswordReset>,
) -> Result<StatusCode, Error> {
    admin_only(&user)?;
    let target = one(state.db(), id).await?;
    if let Some(p) = password_problem(&target.username, &reset.password) {
        return Err(weak(p));
    }
    // Hashed before the write transaction, so no write waits for argon2.
    let hash = hash_limited(reset.password).await?;
    let mut tx = crate::db::begin_write(state.db()).await?;
    set_password(&mut tx, id, &hash).await?;
    end_user_sessions(&mut tx, id, None).await?;
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::PasswordReset,
        &json!({"user": id, "username": target.username}),
    )
    .await?;
    tx.commit().await.map_err(db_err("committing a password"))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stores a new password hash for account `id`.
pub async fn set_password(tx: &mut WriteTx, id: i64, hash: &str) -> Result<(), Error> {
    crate::execute!(
        tx,
        "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
        hash,
        crate::db::now(),
        id
    )
    .map_err(db_err("storing a password"))?;
    Ok(())
}
