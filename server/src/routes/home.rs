//! `GET /api/home`: the front page's figures, computed from the catalog and the audit log.
//!
//! Rankings cover the last [`WINDOW_DAYS`] days: datasets by extracts, downloads and origin
//! analyses (counted under the dataset each starts from), offices by those of their users (usage, not data: the same for everyone), data-map
//! search terms as submitted (lower-cased) — a term shows with its count only when at least
//! [`MIN_SEARCHERS`] people searched it, otherwise only to the people who did, with their own
//! count, so no one's searches are revealed. The record count is of the rows the user may see.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_core::dashboard::{Activity, HomeFigures, Ranked, RequestBrief};
use portal_core::datasets::DATASETS;
use sqlx::SqlitePool;

use crate::auth::CurrentUser;
use crate::db::db_err;
use crate::error::Error;
use crate::routes::dashboards::summaries;
use crate::state::AppState;

/// Days the rankings look back.
pub const WINDOW_DAYS: u32 = 30;
/// Entries per ranking and list.
pub const TOP: i64 = 10;
/// People who must have searched a term before everyone sees it.
pub const MIN_SEARCHERS: i64 = 3;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new().route("/home", get(home))
}

/// A ranking: `sql` selects `key, ko, en, count` with the window as ?1 and the length as ?2.
async fn ranking(db: &SqlitePool, sql: &str) -> Result<Vec<Ranked>, Error> {
    let since = format!("-{WINDOW_DAYS} days");
    sqlx::query_as::<_, Ranked>(sql)
        .bind(since)
        .bind(TOP)
        .fetch_all(db)
        .await
        .map_err(db_err("computing a home ranking"))
}

const SINCE: &str = "a.at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)";

async fn home(
    user: CurrentUser,
    State(state): State<AppState>,
) -> Result<Json<HomeFigures>, Error> {
    let db = state.db();
    let dataset_ranking = ranking(
        db,
        &format!(
            "SELECT COALESCE(json_extract(a.detail, '$.dataset'), \
             json_extract(a.detail, '$.spec.dataset')) AS key, NULL AS ko, NULL AS en, \
             COUNT(*) AS count FROM audit_log a \
             WHERE a.action IN ('extract', 'download', 'origin_read', 'fta_queue_read') AND {SINCE} AND key IS NOT NULL \
             GROUP BY key ORDER BY count DESC, key LIMIT ?2"
        ),
    )
    .await?;
    let office_ranking = ranking(
        db,
        &format!(
            "SELECT o.code AS key, o.ko_name AS ko, o.en_name AS en, COUNT(*) AS count \
             FROM audit_log a \
             JOIN users u ON u.id = a.user_id JOIN offices o ON o.code = u.office_code \
             WHERE a.action IN ('extract', 'download', 'origin_read', 'fta_queue_read') AND {SINCE} \
             GROUP BY o.code ORDER BY count DESC, o.code LIMIT ?2"
        ),
    )
    .await?;
    let search_terms = sqlx::query_as::<_, Ranked>(&format!(
        "SELECT lower(trim(json_extract(a.detail, '$.q'))) AS key, NULL AS ko, NULL AS en, \
         CASE WHEN COUNT(DISTINCT a.user_id) >= ?3 THEN COUNT(*) \
         ELSE SUM(a.user_id = ?4) END AS count FROM audit_log a \
         WHERE a.action = 'catalog_search' AND {SINCE} AND key <> '' \
         GROUP BY key HAVING count > 0 ORDER BY count DESC, key LIMIT ?2"
    ))
    .bind(format!("-{WINDOW_DAYS} days"))
    .bind(TOP)
    .bind(MIN_SEARCHERS)
    .bind(user.id)
    .fetch_all(db)
    .await
    .map_err(db_err("computing the search terms"))?;
    let my_activity = sqlx::query_as::<_, Activity>(
        "SELECT a.at, a.action, COALESCE(json_extract(a.detail, '$.dataset'), \
         json_extract(a.detail, '$.spec.dataset'), \
         json_extract(a.detail, '$.title'), json_extract(a.detail, '$.q'), \
         (SELECT r.title FROM requests r WHERE r.id = json_extract(a.detail, '$.request'))) AS subject \
         FROM audit_log a WHERE a.user_id = ? ORDER BY a.id DESC LIMIT ?",
    )
    .bind(user.id)
    .bind(TOP)
    .fetch_all(db)
    .await
    .map_err(db_err("reading my activity"))?;
    let my_requests = sqlx::query_as::<_, RequestBrief>(
        "SELECT id, title, state FROM requests WHERE applicant_id = ? ORDER BY id DESC LIMIT ?",
    )
    .bind(user.id)
    .bind(TOP)
    .fetch_all(db)
    .await
    .map_err(db_err("reading my requests"))?;
    let mut my_dashboards = summaries(db, &user).await?;
    my_dashboards.truncate(TOP as usize);
    Ok(Json(HomeFigures {
        total_records: DATASETS
            .iter()
            .map(|d| state.stats(d.name, &user.scope()).rows)
            .sum(),
        datasets: DATASETS.len() as u32,
        window_days: WINDOW_DAYS,
        dataset_ranking,
        office_ranking,
        search_terms,
        my_activity,
        my_dashboards,
        my_requests,
    }))
}
