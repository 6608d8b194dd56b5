//! Personal dashboards (내 대시보드) and the home page's figures: API shapes and the limits the
//! server enforces (the client uses the same ones in its forms).

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::worker::WorkerModel;
use crate::workflow::RequestState;

/// Longest dashboard or widget title, in characters.
pub const MAX_TITLE: usize = 100;
/// Most widgets on one dashboard.
pub const MAX_WIDGETS: usize = 24;
/// Most users a dashboard may be shared with by name.
pub const MAX_SHARES: usize = 50;
/// Grid columns of a dashboard; a widget spans 1 to this many.
pub const GRID_COLUMNS: u8 = 4;
/// Tallest widget, in grid rows.
pub const MAX_HEIGHT: u8 = 3;
/// Auto-refresh intervals offered, in seconds.
pub const AUTO_REFRESH_CHOICES: [u32; 4] = [60, 300, 900, 3600];

/// One widget: a saved analysis in a grid cell.
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Widget {
    /// Database id.
    pub id: i64,
    /// Title shown above the chart.
    pub title: String,
    /// What it shows.
    #[cfg_attr(feature = "sqlx", sqlx(json))]
    pub analysis: Analysis,
    /// Grid columns spanned (1..=[`GRID_COLUMNS`]).
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "i64"))]
    pub width: u8,
    /// Grid rows spanned (1..=[`MAX_HEIGHT`]).
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "i64"))]
    pub height: u8,
    /// A scored widget: the model (one of [`SCORING_MODELS`]) the client runs over the extract
    /// when the widget loads, showing the riskiest declarations instead of a chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// A network widget: the ego network the client draws (its analysis is the centre's
    /// shipments by month, charted under it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "sqlx", sqlx(json(nullable)))]
    pub network: Option<crate::network::EgoQuery>,
    /// An origin widget: the rerouting ranking or the FTA verification queue (its analysis is
    /// charted nowhere; it names the dataset the widget reads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "sqlx", sqlx(json(nullable)))]
    pub origin: Option<crate::origin::OriginWidget>,
    /// A company widget: the company ranking of one model (its analysis counts the scope's
    /// duty payments by month).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "sqlx", sqlx(json(nullable)))]
    pub company: Option<crate::company::CompanyWidget>,
}

/// A dashboard with its widgets in grid order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Database id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Owner's username.
    pub owner: String,
    /// Whether the caller may change it (only the owner may).
    pub can_edit: bool,
    /// Auto-refresh interval in seconds, if on.
    pub auto_refresh_s: Option<u32>,
    /// Users it is shared with (read-only).
    pub shared_users: Vec<String>,
    /// Shared read-only with the owner's whole office.
    pub shared_office: bool,
    /// Widgets in grid order.
    pub widgets: Vec<Widget>,
    /// Optimistic-concurrency version; send it back with changes.
    pub version: i64,
    /// Last change, UTC RFC 3339.
    pub updated_at: String,
}

/// A dashboard in lists.
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardSummary {
    /// Database id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Owner's username.
    pub owner: String,
    /// Whether the caller owns it.
    pub can_edit: bool,
    /// Number of widgets.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "i64"))]
    pub widgets: u32,
    /// Last change, UTC RFC 3339.
    pub updated_at: String,
}

/// `POST /api/dashboards`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDashboard {
    /// Title (1..=[`MAX_TITLE`] characters).
    pub title: String,
}

/// `POST /api/dashboards/{id}/widgets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWidget {
    /// Title (1..=[`MAX_TITLE`] characters).
    pub title: String,
    /// The analysis to show; its spec must validate.
    pub analysis: Analysis,
    /// Grid columns (default 2).
    #[serde(default = "default_width")]
    pub width: u8,
    /// Grid rows (default 1).
    #[serde(default = "default_height")]
    pub height: u8,
    /// Scored widget: the model to run over the extract (see [`check_scored`]).
    #[serde(default)]
    pub model: Option<String>,
    /// Network widget: the ego network to draw (see [`check_network`]).
    #[serde(default)]
    pub network: Option<crate::network::EgoQuery>,
    /// Origin widget: the origin analysis to show (see [`crate::origin::check_origin`]).
    #[serde(default)]
    pub origin: Option<crate::origin::OriginWidget>,
    /// Company widget: the company ranking to show (see [`crate::company::check_company`]).
    #[serde(default)]
    pub company: Option<crate::company::CompanyWidget>,
}

fn default_width() -> u8 {
    2
}

fn default_height() -> u8 {
    1
}

/// Layout of one widget in [`UpdateDashboard`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetLayout {
    /// Widget id (must belong to the dashboard).
    pub id: i64,
    /// New title.
    pub title: String,
    /// Grid columns.
    pub width: u8,
    /// Grid rows.
    pub height: u8,
}

/// `PUT /api/dashboards/{id}`: title, refresh and the widgets in their new order; widgets left
/// out are removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateDashboard {
    /// The version the caller saw (stale: 409 `conflict`).
    pub version: i64,
    /// Title.
    pub title: String,
    /// Auto-refresh interval: one of [`AUTO_REFRESH_CHOICES`], or none.
    #[serde(default)]
    pub auto_refresh_s: Option<u32>,
    /// Widgets in grid order.
    pub widgets: Vec<WidgetLayout>,
}

/// `PUT /api/dashboards/{id}/shares`: who may read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shares {
    /// Usernames (existing accounts, not the owner).
    #[serde(default)]
    pub users: Vec<String>,
    /// Share with the owner's whole office.
    #[serde(default)]
    pub office: bool,
}

/// Checks a title: trimmed, 1..=[`MAX_TITLE`] characters.
pub fn check_title(title: &str) -> Result<String, String> {
    let t = title.trim();
    let n = t.chars().count();
    if n == 0 || n > MAX_TITLE {
        Err(format!("a title needs 1 to {MAX_TITLE} characters"))
    } else {
        Ok(t.to_owned())
    }
}

/// Checks a widget size.
pub fn check_size(width: u8, height: u8) -> Result<(), String> {
    if !(1..=GRID_COLUMNS).contains(&width) || !(1..=MAX_HEIGHT).contains(&height) {
        Err(format!(
            "a widget spans 1 to {GRID_COLUMNS} columns and 1 to {MAX_HEIGHT} rows"
        ))
    } else {
        Ok(())
    }
}

/// The models a scored widget may run (in the browser, never on the server).
pub const SCORING_MODELS: [WorkerModel; 3] = [
    WorkerModel::HighRisk,
    WorkerModel::Fraud,
    WorkerModel::Price,
];

/// Checks a scored widget: a known model over an ungrouped extract of import declarations that
/// keeps `declaration_id` (the models score single declarations); answers the model.
pub fn check_scored(model: &str, spec: &crate::query::QuerySpec) -> Result<WorkerModel, String> {
    let Some(model) = WorkerModel::parse(model).filter(|m| SCORING_MODELS.contains(m)) else {
        let known: Vec<&str> = SCORING_MODELS.iter().map(|m| m.as_str()).collect();
        return Err(format!(
            "unknown model '{model}'; a widget can run: {}",
            known.join(", ")
        ));
    };
    if spec.dataset != "import_declaration" {
        return Err("the models score import declarations only".to_owned());
    }
    if !spec.group_by.is_empty() || !spec.aggregates.is_empty() {
        return Err("a scored widget needs single declarations, not groups".to_owned());
    }
    if !spec.columns.is_empty() && !spec.columns.iter().any(|c| c == "declaration_id") {
        return Err("a scored widget needs the declaration_id column".to_owned());
    }
    Ok(model)
}

/// Checks the ego network of a network widget: its bounds hold, and it is not also scored.
pub fn check_network(
    network: &crate::network::EgoQuery,
    model: Option<&str>,
) -> Result<(), String> {
    if model.is_some() {
        return Err("a widget is scored or a network, not both".to_owned());
    }
    network.validate().map(|_| ()).map_err(|e| e.0)
}

/// A ranked name with its count (home rankings).
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// What is ranked: a dataset name, an office code, a search term.
    pub key: String,
    /// Korean label, where the key has one (office names).
    #[serde(default)]
    pub ko: Option<String>,
    /// English label.
    #[serde(default)]
    pub en: Option<String>,
    /// How often, in the window.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "i64"))]
    pub count: u64,
}

/// One line of "my recent activity".
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// UTC RFC 3339.
    pub at: String,
    /// What was done.
    pub action: crate::api::AuditAction,
    /// Dataset, request title or search term it concerned, if any.
    pub subject: Option<String>,
}

/// One of my requests on the home page.
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestBrief {
    /// Request id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// State.
    pub state: RequestState,
}

/// `GET /api/home`: the front page's figures, from the catalog and the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeFigures {
    /// Rows across all datasets.
    pub total_records: u64,
    /// Number of datasets.
    pub datasets: u32,
    /// Days the rankings cover.
    pub window_days: u32,
    /// Datasets by extracts and downloads.
    pub dataset_ranking: Vec<Ranked>,
    /// Offices by extracts and downloads of their users.
    pub office_ranking: Vec<Ranked>,
    /// Most searched data-map terms.
    pub search_terms: Vec<Ranked>,
    /// The caller's latest audited actions.
    pub my_activity: Vec<Activity>,
    /// The caller's dashboards and those shared with them.
    pub my_dashboards: Vec<DashboardSummary>,
    /// The caller's own requests, newest first.
    pub my_requests: Vec<RequestBrief>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scored_widgets_need_a_model_and_single_declarations() {
        use crate::query::{GroupBy, QuerySpec};
        let spec = QuerySpec {
            dataset: "import_declaration".into(),
            ..QuerySpec::default()
        };
        assert_eq!(check_scored("fraud", &spec), Ok(WorkerModel::Fraud));
        assert_eq!(check_scored("price", &spec), Ok(WorkerModel::Price));
        assert!(check_scored("forecast", &spec).is_err());
        assert!(
            check_scored("hs", &spec).is_err(),
            "HS suggestions score no declaration"
        );
        let other = QuerySpec {
            dataset: "inspection".into(),
            ..QuerySpec::default()
        };
        assert!(check_scored("fraud", &other).is_err());
        let grouped = QuerySpec {
            group_by: vec![GroupBy::Column("office_id".into())],
            ..spec.clone()
        };
        assert!(check_scored("fraud", &grouped).is_err());
        let no_id = QuerySpec {
            columns: vec!["hs6".into()],
            ..spec
        };
        assert!(check_scored("price", &no_id).is_err());
    }

    #[test]
    fn titles_and_sizes_are_bounded() {
        assert_eq!(check_title("  월간 현황 ").as_deref(), Ok("월간 현황"));
        assert!(check_title("   ").is_err());
        assert!(check_title(&"가".repeat(MAX_TITLE + 1)).is_err());
        assert!(check_title(&"가".repeat(MAX_TITLE)).is_ok());
        assert!(check_size(1, 1).is_ok());
        assert!(check_size(GRID_COLUMNS, MAX_HEIGHT).is_ok());
        assert!(check_size(0, 1).is_err());
        assert!(check_size(1, MAX_HEIGHT + 1).is_err());
    }

    #[test]
    fn new_widget_defaults_its_size() {
        let w: NewWidget = serde_json::from_str(
            r#"{"title":"t","analysis":{"spec":{"dataset":"inspection","limit":5}}}"#,
        )
        .expect("parses");
        assert_eq!((w.width, w.height), (2, 1));
        assert!(serde_json::from_str::<Shares>(r#"{"users":[],"extra":1}"#).is_err());
    }
}
