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

use crate::auth::CurrentUser;
use crate::db::{Db, db_err};
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

/// A ranking: `sql` selects `key, ko, en, count` with the window's start as ?1 and the length
/// as ?2.
async fn ranking(db: &Db, sql: &str) -> Result<Vec<Ranked>, Error> {
    crate::fetch!(db, fetch_all, query_as::<Ranked>, sql, since(), TOP)
        .map_err(db_err("computing a home ranking"))
}

/// The start of the window, as the audit log writes times.
fn since() -> String {
    crate::db::timestamp(u64::from(WINDOW_DAYS) * 86_400)
}

/// Actions that count as using a dataset.
const USES: &str = "('extract', 'download', 'origin_read', 'fta_queue_read')";

async fn home(
    user: CurrentUser,
    State(state): State<AppState>,
) -> Result<Json<HomeFigures>, Error> {
    let db = state.db();
    let dataset = format!(
        "COALESCE({}, {})",
        db.json_text("a.detail", &["dataset"]),
        db.json_text("a.detail", &["spec", "dataset"])
    );
    let dataset_ranking = ranking(
        db,
        &format!(
            "SELECT key, NULL AS ko, NULL AS en, COUNT(*) AS count FROM \
             (SELECT {dataset} AS key FROM audit_log a WHERE a.action IN {USES} AND a.at >= ?1) t \
             WHERE key IS NOT NULL GROUP BY key ORDER BY count DESC, key LIMIT ?2"
        ),
    )
    .await?;
    let office_ranking = ranking(
        db,
        &format!(
            "SELECT o.code AS key, o.ko_name AS ko, o.en_name AS en, COUNT(*) AS count \
             FROM audit_log a \
             JOIN users u ON u.id = a.user_id JOIN offices o ON o.code = u.office_code \
             WHERE a.action IN {USES} AND a.at >= ?1 \
             GROUP BY o.code, o.ko_name, o.en_name ORDER BY count DESC, o.code LIMIT ?2"
        ),
    )
    .await?;
    let term = format!("lower(trim({}))", db.json_text("a.detail", &["q"]));
    let search_terms = crate::fetch!(
        db,
        fetch_all,
        query_as::<Ranked>,
        &format!(
            "SELECT key, NULL AS ko, NULL AS en, count FROM \
             (SELECT {term} AS key, CASE WHEN COUNT(DISTINCT a.user_id) >= ?3 THEN COUNT(*) \
              ELSE SUM(CASE WHEN a.user_id = ?4 THEN 1 ELSE 0 END) END AS count FROM audit_log a \
              WHERE a.action = 'catalog_search' AND a.at >= ?1 GROUP BY {term}) t \
             WHERE key <> '' AND count > 0 ORDER BY count DESC, key LIMIT ?2"
        ),
        since(),
        TOP,
        MIN_SEARCHERS,
        user.id
    )
    .map_err(db_err("computing the search terms"))?;
    let my_activity = crate::fetch!(
        db,
        fetch_all,
        query_as::<Activity>,
        &format!(
            "SELECT a.at, a.action, COALESCE({dataset}, {}, {}, \
             (SELECT r.title FROM requests r WHERE r.id = {})) AS subject \
             FROM audit_log a WHERE a.user_id = ? ORDER BY a.id DESC LIMIT ?",
            db.json_text("a.detail", &["title"]),
            db.json_text("a.detail", &["q"]),
            db.json_integer("a.detail", &["request"]),
        ),
        user.id,
        TOP
    )
    .map_err(db_err("reading my activity"))?;
    let my_requests = crate::fetch!(
        db,
        fetch_all,
        query_as::<RequestBrief>,
        "SELECT id, title, state FROM requests WHERE applicant_id = ? ORDER BY id DESC LIMIT ?",
        user.id,
        TOP
    )
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
