//! Personal dashboards (내 대시보드):
//! `GET/POST /api/dashboards`, `GET/PUT/DELETE /api/dashboards/{id}`,
//! `POST /api/dashboards/{id}/widgets`, `POST /api/dashboards/{id}/duplicate`,
//! `PUT /api/dashboards/{id}/shares`. A widget may be scored (`model`: the browser runs that
//! model over the widget's extract when it loads).
//!
//! A dashboard belongs to its owner, who alone may change, share or delete it. It is visible
//! read-only to the users it is shared with by name and, when shared with the office, to every
//! user of the owner's office. Anyone who can see one may duplicate it into a dashboard of their
//! own. A dashboard the caller cannot see answers 404 (its existence is not leaked); one they can
//! see but not change answers 403. Changes carry the version the caller saw (stale: 409).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use portal_core::api::AuditAction;
use portal_core::company::check_company;
use portal_core::dashboard::{
    AUTO_REFRESH_CHOICES, Dashboard, DashboardSummary, MAX_SHARES, MAX_WIDGETS, NewDashboard,
    NewWidget, Shares, UpdateDashboard, Widget, check_network, check_scored, check_size,
    check_title,
};
use portal_core::origin::check_origin;
use serde_json::json;

use sqlx::types::Json as JsonColumn;

use crate::audit;
use crate::auth::CurrentUser;
use crate::db::{Db, WriteTx, db_err};
use crate::error::{ApiJson, ApiPath, Error, ErrorCode};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dashboards", get(list).post(create))
        .route("/dashboards/{id}", get(one).put(update).delete(remove))
        .route("/dashboards/{id}/widgets", post(add_widget))
        .route("/dashboards/{id}/duplicate", post(duplicate))
        .route("/dashboards/{id}/shares", put(share))
}

fn invalid(message: impl Into<String>) -> Error {
    Error::client(ErrorCode::InvalidInput, message)
}

/// SQL condition: dashboard `d` (with its owner joined as `o`) is visible to user ?1 of office ?2.
const VISIBLE: &str = "(d.owner_id = ?1 \
     OR EXISTS (SELECT 1 FROM dashboard_shares s WHERE s.dashboard_id = d.id AND s.user_id = ?1) \
     OR (d.shared_office AND o.office_code = ?2))";

/// Dashboards the caller owns or that are shared with them, most recently changed first.
pub async fn summaries(db: &Db, user: &CurrentUser) -> Result<Vec<DashboardSummary>, Error> {
    crate::fetch!(
        db,
        fetch_all,
        query_as::<DashboardSummary>,
        &format!(
            "SELECT d.id, d.title, o.username AS owner, d.owner_id = ?1 AS can_edit, \
         (SELECT COUNT(*) FROM dashboard_widgets w WHERE w.dashboard_id = d.id) AS widgets, \
         d.updated_at \
         FROM dashboards d JOIN users o ON o.id = d.owner_id WHERE {VISIBLE} \
         ORDER BY d.updated_at DESC, d.id DESC"
        ),
        user.id,
        &user.me.office_code
    )
    .map_err(db_err("listing dashboards"))
}

async fn list(
    user: CurrentUser,
    State(state): State<AppState>,
) -> Result<Json<Vec<DashboardSummary>>, Error> {
    Ok(Json(summaries(state.db(), &user).await?))
}

/// A dashboard's row as [`load`] reads it.
#[derive(sqlx::FromRow)]
struct DashboardRow {
    id: i64,
    title: String,
    owner: String,
    can_edit: bool,
    auto_refresh_s: Option<i64>,
    shared_office: bool,
    version: i64,
    updated_at: String,
}

impl DashboardRow {
    fn into_dashboard(self) -> Dashboard {
        Dashboard {
            id: self.id,
            title: self.title,
            owner: self.owner,
            can_edit: self.can_edit,
            auto_refresh_s: self.auto_refresh_s.and_then(|s| u32::try_from(s).ok()),
            shared_users: Vec::new(),
            shared_office: self.shared_office,
            widgets: Vec::new(),
            version: self.version,
            updated_at: self.updated_at,
        }
    }
}

async fn load(db: &Db, user: &CurrentUser, id: i64) -> Result<Dashboard, Error> {
    let mut d = crate::fetch!(db, fetch_optional, query_as::<DashboardRow>, &format!(
        "SELECT d.id, d.title, o.username AS owner, d.owner_id = ?1 AS can_edit, d.auto_refresh_s, \
         d.shared_office, d.version, d.updated_at FROM dashboards d JOIN users o ON o.id = d.owner_id \
         WHERE d.id = ?3 AND {VISIBLE}"
    ), user.id, &user.me.office_code, id)
    .map_err(db_err("reading a dashboard"))?
    .ok_or_else(|| Error::client(ErrorCode::NotFound, format!("no dashboard {id}")))?
    .into_dashboard();
    d.widgets = crate::fetch!(
        db,
        fetch_all,
        query_as::<Widget>,
        "SELECT id, title, analysis, width, height, model, network, origin, company \
         FROM dashboard_widgets \
         WHERE dashboard_id = ? ORDER BY position, id",
        id
    )
    .map_err(db_err("reading widgets"))?;
    d.shared_users = crate::fetch!(
        db,
        fetch_all,
        query_scalar::<_>,
        "SELECT u.username FROM dashboard_shares s JOIN users u ON u.id = s.user_id \
         WHERE s.dashboard_id = ? ORDER BY u.username",
        id
    )
    .map_err(db_err("reading shares"))?;
    Ok(d)
}

/// The dashboard if the caller owns it: 404 when they cannot see it, 403 when they only read it.
async fn owned(db: &Db, user: &CurrentUser, id: i64) -> Result<Dashboard, Error> {
    let d = load(db, user, id).await?;
    if !d.can_edit {
        return Err(Error::client(
            ErrorCode::Forbidden,
            "this dashboard is shared with you read-only; duplicate it to change it",
        ));
    }
    Ok(d)
}

async fn one(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Dashboard>, Error> {
    Ok(Json(load(state.db(), &user, id).await?))
}

async fn create(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewDashboard>,
) -> Result<(StatusCode, Json<Dashboard>), Error> {
    let title = check_title(&body.title).map_err(invalid)?;
    let db = state.db();
    let mut tx = crate::db::begin_write(db).await?;
    let id: i64 = crate::fetch!(
        &mut tx,
        fetch_one,
        query_scalar::<_>,
        "INSERT INTO dashboards (owner_id, title) VALUES (?, ?) RETURNING id",
        user.id,
        &title
    )
    .map_err(db_err("creating a dashboard"))?;
    audited(&mut tx, &user, AuditAction::DashboardCreated, id, &title).await?;
    tx.commit()
        .await
        .map_err(db_err("committing a dashboard"))?;
    Ok((StatusCode::CREATED, Json(load(db, &user, id).await?)))
}

/// The audit row of a change to dashboard `id`, in the change's transaction.
async fn audited(
    tx: &mut WriteTx,
    user: &CurrentUser,
    action: AuditAction,
    id: i64,
    title: &str,
) -> Result<(), Error> {
    audit::record(
        tx,
        user.who(),
        action,
        &json!({"dashboard": id, "title": title}),
    )
    .await?;
    Ok(())
}

fn stale(current: &Dashboard) -> Error {
    Error::client(
        ErrorCode::Conflict,
        format!(
            "the dashboard changed: it is now version {}; reload and try again",
            current.version
        ),
    )
}

/// Bumps the version if it is still `version`; false when someone else changed it first.
async fn bump(tx: &mut WriteTx, id: i64, version: i64) -> Result<bool, Error> {
    let done = crate::execute!(
        tx,
        "UPDATE dashboards SET version = version + 1, \
         updated_at = ? WHERE id = ? AND version = ?",
        crate::db::now(),
        id,
        version
    )
    .map_err(db_err("updating a dashboard"))?;
    Ok(done == 1)
}

async fn update(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<UpdateDashboard>,
) -> Result<Json<Dashboard>, Error> {
    let db = state.db();
    let current = owned(db, &user, id).await?;
    let title = check_title(&body.title).map_err(invalid)?;
    if let Some(s) = body.auto_refresh_s
        && !AUTO_REFRESH_CHOICES.contains(&s)
    {
        return Err(invalid(format!(
            "auto_refresh_s must be one of {AUTO_REFRESH_CHOICES:?} or absent"
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for w in &body.widgets {
        if !current.widgets.iter().any(|c| c.id == w.id) || !seen.insert(w.id) {
            return Err(invalid(format!(
                "widget {} is not on this dashboard (or is listed twice)",
                w.id
            )));
        }
        check_title(&w.title).map_err(invalid)?;
        check_size(w.width, w.height).map_err(invalid)?;
    }
    if body.version != current.version {
        return Err(stale(&current));
    }
    let mut tx = crate::db::begin_write(db).await?;
    if !bump(&mut tx, id, body.version).await? {
        return Err(stale(&load(db, &user, id).await?));
    }
    crate::execute!(
        &mut tx,
        "UPDATE dashboards SET title = ?, auto_refresh_s = ? WHERE id = ?",
        &title,
        body.auto_refresh_s.map(i64::from),
        id
    )
    .map_err(db_err("updating a dashboard"))?;
    for c in &current.widgets {
        if !seen.contains(&c.id) {
            crate::execute!(&mut tx, "DELETE FROM dashboard_widgets WHERE id = ?", c.id)
                .map_err(db_err("removing a widget"))?;
        }
    }
    for (pos, w) in body.widgets.iter().enumerate() {
        crate::execute!(
            &mut tx,
            "UPDATE dashboard_widgets SET position = ?, title = ?, width = ?, height = ? \
             WHERE id = ?",
            pos as i64,
            w.title.trim(),
            i64::from(w.width),
            i64::from(w.height),
            w.id
        )
        .map_err(db_err("laying out widgets"))?;
    }
    audited(&mut tx, &user, AuditAction::DashboardUpdated, id, &title).await?;
    tx.commit()
        .await
        .map_err(db_err("committing a dashboard"))?;
    Ok(Json(load(db, &user, id).await?))
}

async fn remove(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, Error> {
    let db = state.db();
    let d = owned(db, &user, id).await?;
    let mut tx = crate::db::begin_write(db).await?;
    crate::execute!(&mut tx, "DELETE FROM dashboards WHERE id = ?", id)
        .map_err(db_err("deleting a dashboard"))?;
    audited(&mut tx, &user, AuditAction::DashboardDeleted, id, &d.title).await?;
    tx.commit().await.map_err(db_err("committing a deletion"))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn insert_widget(
    tx: &mut WriteTx,
    dashboard: i64,
    position: i64,
    w: &NewWidget,
) -> Result<(), Error> {
    crate::execute!(
        tx,
        "INSERT INTO dashboard_widgets \
         (dashboard_id, position, title, analysis, width, height, model, network, origin, company) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        dashboard,
        position,
        w.title.trim(),
        JsonColumn(&w.analysis),
        i64::from(w.width),
        i64::from(w.height),
        w.model.as_deref(),
        w.network.as_ref().map(JsonColumn),
        w.origin.as_ref().map(JsonColumn),
        w.company.as_ref().map(JsonColumn)
    )
    .map_err(db_err("adding a widget"))?;
    Ok(())
}

async fn add_widget(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewWidget>,
) -> Result<(StatusCode, Json<Dashboard>), Error> {
    let db = state.db();
    let current = owned(db, &user, id).await?;
    check_title(&body.title).map_err(invalid)?;
    check_size(body.width, body.height).map_err(invalid)?;
    body.analysis.spec.validate(state.row_cap())?;
    if let Some(model) = &body.model {
        check_scored(model, &body.analysis.spec).map_err(invalid)?;
    }
    if let Some(network) = &body.network {
        check_network(network, body.model.as_deref()).map_err(invalid)?;
    }
    if let Some(origin) = &body.origin {
        check_origin(origin, body.model.is_some(), body.network.is_some()).map_err(invalid)?;
    }
    if let Some(company) = &body.company {
        let other = body.model.is_some() || body.network.is_some() || body.origin.is_some();
        check_company(company, other).map_err(invalid)?;
    }
    if current.widgets.len() >= MAX_WIDGETS {
        return Err(invalid(format!(
            "a dashboard holds at most {MAX_WIDGETS} widgets"
        )));
    }
    let mut tx = crate::db::begin_write(db).await?;
    if !bump(&mut tx, id, current.version).await? {
        return Err(stale(&load(db, &user, id).await?));
    }
    insert_widget(&mut tx, id, current.widgets.len() as i64, &body).await?;
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::WidgetAdded,
        &json!({"dashboard": id, "title": current.title, "widget": body.title.trim()}),
    )
    .await?;
    tx.commit().await.map_err(db_err("committing a widget"))?;
    Ok((StatusCode::CREATED, Json(load(db, &user, id).await?)))
}

async fn duplicate(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<(StatusCode, Json<Dashboard>), Error> {
    let db = state.db();
    let source = load(db, &user, id).await?;
    let title: String = format!("{} (2)", source.title).chars().take(100).collect();
    let mut tx = crate::db::begin_write(db).await?;
    let new_id: i64 = crate::fetch!(
        &mut tx,
        fetch_one,
        query_scalar::<_>,
        "INSERT INTO dashboards (owner_id, title, auto_refresh_s) VALUES (?, ?, ?) RETURNING id",
        user.id,
        &title,
        source.auto_refresh_s.map(i64::from)
    )
    .map_err(db_err("duplicating a dashboard"))?;
    for (pos, w) in source.widgets.iter().enumerate() {
        let copy = NewWidget {
            title: w.title.clone(),
            analysis: w.analysis.clone(),
            width: w.width,
            height: w.height,
            model: w.model.clone(),
            network: w.network.clone(),
            origin: w.origin.clone(),
            company: w.company.clone(),
        };
        insert_widget(&mut tx, new_id, pos as i64, &copy).await?;
    }
    audited(
        &mut tx,
        &user,
        AuditAction::DashboardCreated,
        new_id,
        &title,
    )
    .await?;
    tx.commit().await.map_err(db_err("committing a copy"))?;
    Ok((StatusCode::CREATED, Json(load(db, &user, new_id).await?)))
}

async fn share(
    user: CurrentUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Shares>,
) -> Result<Json<Dashboard>, Error> {
    let db = state.db();
    let current = owned(db, &user, id).await?;
    if body.users.len() > MAX_SHARES {
        return Err(invalid(format!(
            "share with at most {MAX_SHARES} users by name; share with the office instead"
        )));
    }
    let mut ids = Vec::new();
    for name in &body.users {
        let name = name.trim();
        if name == user.me.username {
            return Err(invalid("you own this dashboard already"));
        }
        let uid: i64 = crate::fetch!(
            db,
            fetch_optional,
            query_scalar::<_>,
            "SELECT id FROM users WHERE username = ?",
            name
        )
        .map_err(db_err("reading a user"))?
        .ok_or_else(|| invalid(format!("no user '{name}'")))?;
        ids.push(uid);
    }
    let mut tx = crate::db::begin_write(db).await?;
    if !bump(&mut tx, id, current.version).await? {
        return Err(stale(&load(db, &user, id).await?));
    }
    crate::execute!(
        &mut tx,
        "UPDATE dashboards SET shared_office = ? WHERE id = ?",
        body.office,
        id
    )
    .map_err(db_err("sharing a dashboard"))?;
    crate::execute!(
        &mut tx,
        "DELETE FROM dashboard_shares WHERE dashboard_id = ?",
        id
    )
    .map_err(db_err("sharing a dashboard"))?;
    for uid in ids {
        crate::execute!(
            &mut tx,
            "INSERT INTO dashboard_shares (dashboard_id, user_id) VALUES (?, ?) \
             ON CONFLICT DO NOTHING",
            id,
            uid
        )
        .map_err(db_err("sharing a dashboard"))?;
    }
    audit::record(
        &mut tx,
        user.who(),
        AuditAction::DashboardShared,
        &json!({"dashboard": id, "title": current.title, "users": body.users, "office": body.office}),
    )
    .await?;
    tx.commit().await.map_err(db_err("committing shares"))?;
    Ok(Json(load(db, &user, id).await?))
}
