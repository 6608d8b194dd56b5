//! JSON shapes of the HTTP API, as the server writes them and the client reads them.

use serde::{Deserialize, Serialize};

use crate::datasets::{ColumnType, DATASETS, DatasetDef, EdgeKind, LINEAGE, Sensitivity, Stage};
use crate::date::format_days;

crate::string_enum! {
    /// Every error code the API answers with: the one table of codes, shared by the server
    /// (which maps each to an HTTP status) and the client (which shows each as a sentence in
    /// the user's language). See [`ErrorCode::meaning`].
    pub enum ErrorCode {
        /// No API route has this path.
        RouteNotFound = "route_not_found",
        /// The route exists but not for this HTTP method.
        MethodNotAllowed = "method_not_allowed",
        /// The request body is not valid JSON or lacks required fields.
        InvalidJson = "invalid_json",
        /// The request is well-formed but its values are not acceptable.
        BadRequest = "bad_request",
        /// A named resource does not exist (or is not visible to the caller).
        NotFound = "not_found",
        /// An input file or form (CSV, reference data, dashboard fields) is missing or malformed.
        InvalidInput = "invalid_input",
        /// The extract names a dataset that does not exist.
        UnknownDataset = "unknown_dataset",
        /// The extract names a column that does not exist.
        UnknownColumn = "unknown_column",
        /// A filter value or aggregate does not fit the column's type.
        TypeMismatch = "type_mismatch",
        /// The extract spec is inconsistent.
        InvalidSpec = "invalid_spec",
        /// An ungrouped extract without a limit, or a limit above the row cap.
        TooManyRows = "too_many_rows",
        /// The extract spec has more keys, values or characters than the server takes.
        SpecTooLarge = "spec_too_large",
        /// Too many extracts running for this user or in all; retry after a moment.
        Busy = "busy",
        /// The query ran longer than the server's query timeout.
        QueryTimeout = "query_timeout",
        /// The query needs more memory than the server allows one query.
        QueryTooLarge = "query_too_large",
        /// The datasets (or a model) are not prepared on this server.
        DataUnavailable = "data_unavailable",
        /// The query cluster the extract runs on did not answer; retry in a moment.
        ClusterUnavailable = "cluster_unavailable",
        /// No valid session: sign in first.
        Unauthenticated = "unauthenticated",
        /// Wrong user name or password.
        InvalidCredentials = "invalid_credentials",
        /// A new password that the policy refuses (too short, the user name, too common).
        WeakPassword = "weak_password",
        /// A state-changing request without the session's CSRF token.
        CsrfRejected = "csrf_rejected",
        /// Too many failed logins for this account or address; retry later.
        TooManyAttempts = "too_many_attempts",
        /// Signed in, but this role may not do that.
        Forbidden = "forbidden",
        /// The resource changed since the caller read it (stale version).
        Conflict = "conflict",
        /// The action does not apply in the resource's current state.
        WrongState = "wrong_state",
        /// The request body is larger than allowed.
        PayloadTooLarge = "payload_too_large",
        /// A fault of the server; details are in the log only.
        Internal = "internal",
    }
}

impl ErrorCode {
    /// What the code means, in one English sentence (documentation and logs; the client shows
    /// its own translated sentence).
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorCode::RouteNotFound => "No API route has this path.",
            ErrorCode::MethodNotAllowed => "The route exists but not for this HTTP method.",
            ErrorCode::InvalidJson => "The request body is not valid JSON or lacks fields.",
            ErrorCode::BadRequest => "The request's values are not acceptable.",
            ErrorCode::NotFound => "The named resource does not exist or is not visible.",
            ErrorCode::InvalidInput => "An input file or form is missing or malformed.",
            ErrorCode::UnknownDataset => "The extract names a dataset that does not exist.",
            ErrorCode::UnknownColumn => "The extract names a column that does not exist.",
            ErrorCode::TypeMismatch => "A value or aggregate does not fit the column's type.",
            ErrorCode::InvalidSpec => "The extract spec is inconsistent.",
            ErrorCode::TooManyRows => "The extract asks for more rows than the server allows.",
            ErrorCode::SpecTooLarge => "The extract spec is larger than the server takes.",
            ErrorCode::Busy => "Too many extracts are running; retry in a moment.",
            ErrorCode::QueryTimeout => "The query ran longer than the server allows.",
            ErrorCode::QueryTooLarge => "The query needs more memory than the server allows.",
            ErrorCode::DataUnavailable => "The data or model is not prepared on this server.",
            ErrorCode::ClusterUnavailable => "The query cluster did not answer; retry shortly.",
            ErrorCode::Unauthenticated => "No valid session: sign in first.",
            ErrorCode::InvalidCredentials => "Wrong user name or password.",
            ErrorCode::WeakPassword => {
                "The new password is too short, the user name or too common."
            }
            ErrorCode::CsrfRejected => "The session's CSRF token is missing or wrong.",
            ErrorCode::TooManyAttempts => "Too many attempts; retry later.",
            ErrorCode::Forbidden => "This role may not do that.",
            ErrorCode::Conflict => "The resource changed since it was read.",
            ErrorCode::WrongState => "The action does not apply in the current state.",
            ErrorCode::PayloadTooLarge => "The request body is larger than allowed.",
            ErrorCode::Internal => "A fault of the server; details are in its log.",
        }
    }
}

/// The one shape every API error takes on the wire: `{"code": "...", "message": "..."}`.
///
/// `code` is a stable identifier from [`ErrorCode`]; `message` is a sentence (English, for
/// logs, tools and support) that never contains internal details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable error identifier, e.g. `route_not_found`.
    pub code: ErrorCode,
    /// Explanation meant for the user.
    pub message: String,
}

/// Overall state of one dependency reported by `GET /api/health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    /// Present and usable.
    Ready,
    /// Not prepared yet (e.g. no database file created so far); the portal still serves.
    Missing,
    /// Present but unusable (e.g. the data directory is not writable).
    Error,
}

/// State of one dependency of the server: where it lives and whether it is usable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentHealth {
    /// Filesystem path the server uses for it.
    pub path: String,
    /// Its state at the time of the request.
    pub status: ComponentStatus,
}

/// Extracts one user may have running at once unless the server is configured otherwise
/// (`--max-extracts-per-user`); the client sends no more than this at a time.
pub const DEFAULT_EXTRACTS_PER_USER: usize = 2;

/// Body of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the server is able to answer; individual parts are in `data` and `db`.
    pub status: String,
    /// Version of the server binary (the workspace version).
    pub version: String,
    /// Whole seconds since the server started listening.
    pub uptime_seconds: u64,
    /// The data directory (Parquet extracts, generated demo data).
    pub data: ComponentHealth,
    /// The database file (workflow, dashboards, users).
    pub db: ComponentHealth,
    /// Extracts whose results are still being streamed.
    #[serde(default)]
    pub active_extracts: u64,
    /// Whether the rollups are built and answer the grouped extracts they hold.
    #[serde(default)]
    pub rollups_ready: bool,
}

impl Health {
    /// True when the server answered and its data directory is usable: what the client shows
    /// as a green badge. A database that was not created yet does not make the portal unhealthy.
    pub fn is_healthy(&self) -> bool {
        self.status == "ok" && self.data.status == ComponentStatus::Ready
    }
}

/// One column in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogColumn {
    /// Column name.
    pub name: String,
    /// Logical type.
    pub ty: ColumnType,
    /// Unit of measure.
    pub unit: Option<String>,
    /// Korean description.
    pub ko: String,
    /// English description.
    pub en: String,
    /// Sensitivity class.
    pub sensitivity: Sensitivity,
    /// Whether values may be missing.
    pub nullable: bool,
}

/// A lineage edge in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEdge {
    /// Dataset holding the key.
    pub from: String,
    /// Referenced dataset.
    pub to: String,
    /// Key column of `from`.
    pub from_column: String,
    /// Key column of `to`.
    pub to_column: String,
    /// Relation.
    pub kind: EdgeKind,
}

/// One dataset in the catalog: definition plus live figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogDataset {
    /// Table name.
    pub name: String,
    /// Process stage.
    pub stage: Stage,
    /// Korean name.
    pub ko_name: String,
    /// English name.
    pub en_name: String,
    /// Korean description.
    pub ko_desc: String,
    /// English description.
    pub en_desc: String,
    /// Rows available now (0 when the dataset has no data).
    pub row_count: u64,
    /// Earliest date (`YYYY-MM-DD`) of the dataset's date column.
    pub date_min: Option<String>,
    /// Latest date (`YYYY-MM-DD`).
    pub date_max: Option<String>,
    /// Columns, in file order.
    pub columns: Vec<CatalogColumn>,
    /// Lineage edges that start or end at this dataset.
    pub lineage: Vec<CatalogEdge>,
}

impl CatalogDataset {
    /// The catalog entry of a dataset definition with its figures.
    pub fn from_def(d: &DatasetDef, row_count: u64, date_range: Option<(i32, i32)>) -> Self {
        Self {
            name: d.name.to_owned(),
            stage: d.stage,
            ko_name: d.ko_name.to_owned(),
            en_name: d.en_name.to_owned(),
            ko_desc: d.ko_desc.to_owned(),
            en_desc: d.en_desc.to_owned(),
            row_count,
            date_min: date_range.map(|r| format_days(r.0)),
            date_max: date_range.map(|r| format_days(r.1)),
            columns: d
                .columns
                .iter()
                .map(|c| CatalogColumn {
                    name: c.name.to_owned(),
                    ty: c.ty,
                    unit: c.unit.map(str::to_owned),
                    ko: c.ko.to_owned(),
                    en: c.en.to_owned(),
                    sensitivity: c.sensitivity,
                    nullable: c.nullable,
                })
                .collect(),
            lineage: LINEAGE
                .iter()
                .filter(|e| e.from == d.name || e.to == d.name)
                .map(|e| CatalogEdge {
                    from: e.from.to_owned(),
                    to: e.to.to_owned(),
                    from_column: e.from_column.to_owned(),
                    to_column: e.to_column.to_owned(),
                    kind: e.kind,
                })
                .collect(),
        }
    }
}

/// A customs office, for labelling office codes.
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    /// The code used in the datasets' office columns.
    pub code: String,
    /// Korean name.
    pub ko_name: String,
    /// English name.
    pub en_name: String,
}

/// Body of `GET /api/catalog`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Every dataset, in process order.
    pub datasets: Vec<CatalogDataset>,
    /// The customs offices the portal knows, by code.
    #[serde(default)]
    pub offices: Vec<Office>,
}

/// One match of `GET /api/catalog/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Dataset name.
    pub dataset: String,
    /// Column name, when the match is on a column.
    pub column: Option<String>,
    /// The text that matched (a name or a description, Korean or English).
    pub text: String,
}

/// Case-insensitive substring search over dataset and column names and descriptions in both
/// languages; dataset-level hits first, at most one hit per dataset or column.
pub fn search_catalog(query: &str) -> Vec<SearchHit> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let find = |texts: &[&str]| {
        texts
            .iter()
            .find(|t| t.to_lowercase().contains(&q))
            .map(|t| (*t).to_owned())
    };
    let mut hits = Vec::new();
    for d in &DATASETS {
        if let Some(text) = find(&[d.name, d.ko_name, d.en_name, d.ko_desc, d.en_desc]) {
            hits.push(SearchHit {
                dataset: d.name.to_owned(),
                column: None,
                text,
            });
        }
    }
    for d in &DATASETS {
        for c in d.columns {
            if let Some(text) = find(&[c.name, c.ko, c.en]) {
                hits.push(SearchHit {
                    dataset: d.name.to_owned(),
                    column: Some(c.name.to_owned()),
                    text,
                });
            }
        }
    }
    hits
}

crate::string_enum! {
    /// A user's role in the analysis-request workflow.
    pub enum Role {
        /// Branch-office officer: explores data, files requests.
        Analyst = "analyst",
        /// Big-data centre: reviews, approves and assigns requests; sees every office.
        Reviewer = "reviewer",
        /// Business bureau liaison: confirms cooperation on requests.
        Bureau = "bureau",
        /// Administrator: users and the audit log; sees every office.
        Admin = "admin",
    }
}

/// Body of `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Account name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// The signed-in user (`GET /api/me`, and the login answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// Account name.
    pub username: String,
    /// Name shown in the UI.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Office code (as in the datasets' `office_id`).
    pub office_code: String,
    /// Office name in Korean.
    pub office_ko: String,
    /// Office name in English.
    pub office_en: String,
    /// Token to send as `X-CSRF-Token` on every state-changing request of this session.
    pub csrf_token: String,
}

crate::string_enum! {
    /// What an audit row records; the client shows each in words.
    pub enum AuditAction {
        /// A successful sign-in.
        LoginSuccess = "login_success",
        /// A sign-in with a wrong user name or password.
        LoginFailure = "login_failure",
        /// A sign-in refused by the throttle.
        LoginThrottled = "login_throttled",
        /// A sign-out.
        Logout = "logout",
        /// Every session of the user ended at their request.
        LogoutEverywhere = "logout_everywhere",
        /// A user changed their own password.
        PasswordChanged = "password_changed",
        /// An account created (web page or `portal user add`).
        UserCreated = "user_created",
        /// An account's name, role, office or state changed.
        UserUpdated = "user_updated",
        /// An administrator set a new password for an account.
        PasswordReset = "password_reset",
        /// An extract about to run (written before any row is read; the extract does not start
        /// without it).
        ExtractStarted = "extract_started",
        /// An extract refused before it ran (invalid spec, busy, no data).
        ExtractRefused = "extract_refused",
        /// How an Arrow extract ended: complete, cancelled, timed out, stalled or failed, with
        /// the rows sent.
        Extract = "extract",
        /// How a CSV, Parquet or JSON download ended, with the rows sent.
        Download = "download",
        /// A model file with training statistics sent to a browser.
        ModelDownloaded = "model_downloaded",
        /// Statistics of a supply-chain pattern (with inspection outcomes) sent.
        PatternsRead = "patterns_read",
        /// An ego network of the stakeholder network sent.
        NetworkRead = "network_read",
        /// Manifest lines with their inspection histories sent, for the supply-chain model.
        ShipmentsRead = "shipments_read",
        /// Exporters with their rerouting features, or one exporter's matched flows, sent.
        OriginRead = "origin_read",
        /// The FTA verification queue sent.
        FtaQueueRead = "fta_queue_read",
        /// Read the companies' features for the delinquency and tax-risk ranking.
        CompanyScoresRead = "company_scores_read",
        /// Read a company's profile.
        CompanyProfileRead = "company_profile_read",
        /// An attachment of an analysis request downloaded.
        AttachmentDownloaded = "attachment_downloaded",
        /// A submitted data-map search.
        CatalogSearch = "catalog_search",
        /// An analysis request filed.
        RequestCreated = "request_created",
        /// An analysis request moved to another state.
        RequestTransition = "request_transition",
        /// A comment on an analysis request.
        RequestComment = "request_comment",
        /// A file attached to an analysis request.
        AttachmentAdded = "attachment_added",
        /// A dashboard created (or duplicated).
        DashboardCreated = "dashboard_created",
        /// A dashboard's title, widgets or layout changed.
        DashboardUpdated = "dashboard_updated",
        /// A widget added to a dashboard.
        WidgetAdded = "widget_added",
        /// A dashboard deleted.
        DashboardDeleted = "dashboard_deleted",
        /// A dashboard's sharing changed.
        DashboardShared = "dashboard_shared",
    }
}

crate::string_enum! {
    /// The format of an extract (`POST /api/extract?format=`), also named in its audit row.
    #[derive(Default)]
    pub enum ExtractFormat {
        /// Arrow IPC stream (the browser's format; the default).
        #[default]
        Arrow = "arrow",
        /// CSV for spreadsheets.
        Csv = "csv",
        /// A Parquet file.
        Parquet = "parquet",
        /// An array of row objects (for tools without Arrow; much larger than Arrow).
        Json = "json",
    }
}

impl ExtractFormat {
    /// The media type of the answer.
    pub fn content_type(self) -> &'static str {
        match self {
            ExtractFormat::Arrow => "application/vnd.apache.arrow.stream",
            ExtractFormat::Csv => "text/csv; charset=utf-8",
            ExtractFormat::Parquet => "application/vnd.apache.parquet",
            ExtractFormat::Json => "application/json",
        }
    }

    /// The file name extension of a download.
    pub fn extension(self) -> &'static str {
        match self {
            ExtractFormat::Arrow => "arrows",
            ExtractFormat::Csv => "csv",
            ExtractFormat::Parquet => "parquet",
            ExtractFormat::Json => "json",
        }
    }
}

crate::string_enum! {
    /// How an extract ended (the `outcome` of its audit row).
    pub enum ExtractOutcome {
        /// Every row was sent.
        Complete = "complete",
        /// The client went away before the end.
        Cancelled = "cancelled",
        /// The query ran past the server's timeout.
        TimedOut = "timed_out",
        /// The client stopped reading for longer than the send timeout.
        Stalled = "stalled",
        /// The query or the encoding failed.
        Failed = "failed",
    }
}

/// One entry of the audit log (`GET /api/audit`).
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Increasing id.
    pub id: i64,
    /// UTC time, RFC 3339.
    pub at: String,
    /// Who (absent for anonymous events).
    pub username: Option<String>,
    /// What.
    pub action: AuditAction,
    /// Details as recorded (the extract spec, rows returned, ...).
    pub detail: serde_json::Value,
    /// Client address.
    pub address: Option<String>,
}

/// Body of `GET /api/audit`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    /// The entries.
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` to get the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(data: ComponentStatus) -> Health {
        Health {
            status: "ok".into(),
            version: "0.1.0".into(),
            uptime_seconds: 3,
            data: ComponentHealth {
                path: "var".into(),
                status: data,
            },
            db: ComponentHealth {
                path: "var/portal.db".into(),
                status: ComponentStatus::Missing,
            },
            active_extracts: 0,
            rollups_ready: false,
        }
    }

    #[test]
    fn health_round_trips_with_snake_case_statuses() {
        let json = serde_json::to_value(sample(ComponentStatus::Ready)).expect("serialise");
        assert_eq!(json["data"]["status"], "ready");
        assert_eq!(json["db"]["status"], "missing");
        let back: Health = serde_json::from_value(json).expect("deserialise");
        assert_eq!(back, sample(ComponentStatus::Ready));
    }

    #[test]
    fn healthy_only_when_data_dir_is_ready() {
        assert!(sample(ComponentStatus::Ready).is_healthy());
        assert!(!sample(ComponentStatus::Error).is_healthy());
        let mut down = sample(ComponentStatus::Ready);
        down.status = "degraded".into();
        assert!(!down.is_healthy());
    }

    #[test]
    fn search_finds_korean_and_english_names_and_columns() {
        let ko = search_catalog("적하목록");
        assert_eq!(ko[0].dataset, "cargo_manifest");
        assert_eq!(ko[0].column, None);
        let en = search_catalog("COUNTRY OF ORIGIN");
        assert!(
            en.iter().any(|h| h.dataset == "import_declaration"
                && h.column.as_deref() == Some("country_origin"))
        );
        let col = search_catalog("원산지증명서");
        assert!(
            col.iter()
                .any(|h| h.dataset == "import_declaration"
                    && h.column.as_deref() == Some("co_number"))
        );
        assert!(
            col.iter()
                .any(|h| h.dataset == "origin_certificate" && h.column.is_none())
        );
        assert!(search_catalog("   ").is_empty());
        assert!(search_catalog("no such thing at all").is_empty());
    }

    #[test]
    fn catalog_entry_carries_lineage_of_its_dataset() {
        let d = CatalogDataset::from_def(&crate::datasets::INSPECTION, 10, Some((18_262, 18_300)));
        assert_eq!(d.date_min.as_deref(), Some("2020-01-01"));
        assert_eq!(d.lineage.len(), 1);
        assert_eq!(d.lineage[0].to, "import_declaration");
        assert_eq!(d.columns.len(), crate::datasets::INSPECTION.columns.len());
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for &r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).expect("json"), r.as_str());
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn error_body_has_exactly_code_and_message() {
        let body = ErrorBody {
            code: ErrorCode::RouteNotFound,
            message: "No such API route.".into(),
        };
        let json = serde_json::to_value(&body).expect("serialise");
        let keys: Vec<_> = json.as_object().expect("object").keys().cloned().collect();
        assert_eq!(keys, ["code", "message"]);
        assert_eq!(json["code"], "route_not_found");
    }

    #[test]
    fn error_codes_are_unique_snake_case_with_a_meaning() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
            assert!(code.meaning().ends_with('.'), "{s}");
        }
    }
}
