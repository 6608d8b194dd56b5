//! English UI text.

use super::Key;

/// The English text of `key`.
pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppTitle => "Customs Big Data Portal",
        Key::AppTagline => "Data from every stage of customs clearance in one place",
        Key::SkipToContent => "Skip to content",
        Key::NavLabel => "Main navigation",
        Key::NavHome => "Home",
        Key::NavDataMap => "Data map",
        Key::NavAnalysis => "Analysis",
        Key::NavScoring => "Risk scoring",
        Key::PartyImporter => "Importer",
        Key::PartySeller => "Overseas seller",
        Key::PartyForwarder => "Forwarder",
        Key::PartyCarrier => "Bonded carrier",
        Key::PartyDeclarant => "Declarant (broker)",
        Key::PartyStorage => "Storage location",
        Key::PartyVessel => "Vessel or flight",
        Key::NetworkHide => "Hide this party",
        Key::NetworkAttach => "Attach the relations (CSV) to an analysis request",
        Key::NetworkTimeline => "Shared shipments by month",
        Key::NetworkTimelineWith => "With",
        Key::NetworkWidgetSummary => "{parties} parties · {edges} relations · {frauds} frauds",
        Key::OpenInNetwork => "Open in Network",
        Key::PatternsTitle => "High-risk patterns",
        Key::PatternsSummary => {
            "The four high-risk patterns of the KCS supply-chain model: every combination seen with its shipments, inspections, frauds, hit rate and lift over the base rate, highest lift first."
        }
        Key::PatternsPattern => "Pattern",
        Key::Pattern1 => "1. Forwarder + consignor + storage",
        Key::Pattern2 => "2. Bonded carrier + destination customs + departure economy",
        Key::Pattern3 => "3. Consignee + destination customs",
        Key::Pattern4 => "4. Consignee + goods (HS6)",
        Key::PatternsInspections => "Inspections",
        Key::PatternsHitRate => "Hit rate",
        Key::PatternsLift => "Lift",
        Key::PatternsCaption => "{n} combinations, highest lift first",
        Key::NavNetwork => "Network",
        Key::NetworkSummary => {
            "Find a party, draw the network of those who share its shipments, and measure centrality, communities and hidden accomplices."
        }
        Key::NetworkParty => "Party ID or name",
        Key::NetworkPartyHint => "e.g. C000123, trading",
        Key::NetworkHops => "Hops",
        Key::NetworkMinShipments => "Least shipments",
        Key::NetworkChapter => "HS chapter",
        Key::NetworkFrom => "From",
        Key::NetworkTo => "To",
        Key::NetworkSearch => "Search parties",
        Key::NetworkOpen => "Network of this ID",
        Key::NetworkOf => "Network of {party}",
        Key::NetworkShowPicture => "Show the picture",
        Key::NetworkShowTable => "Show as tables",
        Key::NetworkAccomplices => "Find hidden accomplices",
        Key::NetworkExportNodes => "Parties CSV",
        Key::NetworkExportEdges => "Relations CSV",
        Key::NetworkCounts => "{parties} parties, {edges} relations",
        Key::NetworkLayoutProgress => "layout {done}/{total} iterations ({ms} ms each)",
        Key::NetworkMeasured => "community modularity {modularity} ({ms} ms)",
        Key::NetworkResults => "Parties found",
        Key::NetworkNoResults => {
            "No party matches. Type the ID itself and press 'Network of this ID'."
        }
        Key::NetworkLegend => "Legend",
        Key::NetworkFraudRing => "Red ring: frauds on record",
        Key::NetworkCard => "Party card",
        Key::NetworkPartyId => "ID",
        Key::NetworkRole => "Role",
        Key::NetworkName => "Name",
        Key::NetworkIndustry => "Industry · region",
        Key::NetworkGrade => "Compliance grade",
        Key::NetworkShipments => "Shipments",
        Key::NetworkValue => "Value (KRW)",
        Key::NetworkFrauds => "Frauds",
        Key::NetworkPeriod => "Period",
        Key::NetworkDegree => "Degree centrality",
        Key::NetworkBetweenness => "Betweenness",
        Key::NetworkExpand => "Expand this party",
        Key::NetworkPathToCentre => "Path to the centre",
        Key::NetworkAccomplicesOf => "Hidden accomplices of this party",
        Key::NetworkAccomplicesTitle => "Hidden accomplice candidates",
        Key::NetworkAccomplicesNote => {
            "Importers without frauds ranked by personalized PageRank from the seeds (parties with frauds), {ms} ms. Click one to show its path."
        }
        Key::NetworkScore => "Score",
        Key::NetworkPath => "Chain to a seed",
        Key::NetworkEvidence => "Shipments along it",
        Key::NetworkPartiesTable => "Parties",
        Key::NetworkEdgesTable => "Relations",
        Key::NetworkCommunity => "Community",
        Key::NetworkSource => "Consignee",
        Key::NetworkTarget => "Other party",
        Key::NetworkFirstSeen => "First",
        Key::NetworkLastSeen => "Last",
        Key::NetworkHop => "Hop",
        Key::NetworkNoSeeds => {
            "No importer in this network has frauds. Choose a party and press 'Hidden accomplices of this party'."
        }
        Key::NetworkPicture => "Network picture (the same in 'Show as tables')",
        Key::NetworkFit => "Fit to view",
        Key::NavRequests => "Requests",
        Key::NavDashboards => "My dashboards",
        Key::HomeSummary => "Portal activity and your own work at a glance.",
        Key::DataMapSummary => {
            "Find the data of each customs stage, from manifest to drawback, exports and origin, and what it means."
        }
        Key::AnalysisSummary => "Pick data, aggregate it and chart it without writing code.",
        Key::ScoringSummary => {
            "Score declarations for risk and get HS code suggestions with AI models in your browser."
        }
        Key::RequestsSummary => "Ask the big-data centre for an analysis and follow its progress.",
        Key::DashboardsSummary => "Collect saved analyses on your own dashboards and share them.",
        Key::HomeSectionsHeading => "Portal sections",
        Key::InPreparation => "The features of this page are being built.",
        Key::LanguageLabel => "Language",
        Key::LangKo => "한국어",
        Key::LangEn => "English",
        Key::HealthLabel => "Server status",
        Key::HealthChecking => "Checking",
        Key::HealthOk => "Online",
        Key::HealthDown => "Unavailable",
        Key::FooterOperator => "Korea Customs Service Big Data Portal (demo)",
        Key::NotFoundTitle => "Page not found",
        Key::NotFoundBody => "The address changed or the page does not exist.",
        Key::NotFoundHome => "Go to home",
        Key::DataMapSearchLabel => "Search data",
        Key::DataMapSearchHint => "Dataset, column or description (e.g. origin)",
        Key::DataMapNoResults => {
            "No matches. Try another word (e.g. import, HS, office) or pick a dataset from the list below."
        }
        Key::DataMapResults => "Search results",
        Key::DataMapFlow => "Data by customs stage",
        Key::StageArrival => "Arrival and manifest",
        Key::StageDeclaration => "Declaration",
        Key::StageInspection => "Inspection",
        Key::StageDrawback => "Drawback",
        Key::StageExport => "Export",
        Key::StageOrigin => "Origin",
        Key::StageMaster => "Master data",
        Key::StageExternal => "Other agencies' data",
        Key::StagePayment => "Payment",
        Key::StageAudit => "Audit",
        Key::RowsUnit => "rows",
        Key::RowCount => "Rows",
        Key::DateRange => "Date range",
        Key::StageLabel => "Stage",
        Key::Schema => "Schema",
        Key::ColumnName => "Column",
        Key::ColumnType => "Type",
        Key::ColumnUnit => "Unit",
        Key::ColumnDescription => "Description",
        Key::ColumnSensitivity => "Sensitivity",
        Key::SensitivityPublic => "Public",
        Key::SensitivityInternal => "Internal",
        Key::SensitivityConfidential => "Confidential",
        Key::Lineage => "Lineage",
        Key::LineageJoins => "joins",
        Key::LineageDerives => "derives from",
        Key::FirstRows => "First 20 rows",
        Key::Loading => "Loading…",
        Key::LoadFailed => "Could not load",
        Key::BackToDataMap => "Back to the data map",
        Key::NoData => "This dataset has no data yet. Ask an administrator to prepare it.",
        Key::NoRows => "No rows match. Widen the period or remove a filter and run it again.",
        Key::LineageGraph => "Dataset lineage graph",
        Key::LoginTitle => "Sign in",
        Key::LoginIntro => "Sign in with your customs officer account.",
        Key::Username => "User name",
        Key::Password => "Password",
        Key::SignIn => "Sign in",
        Key::SignOut => "Sign out",
        Key::LoginFailed => "Wrong user name or password.",
        Key::LoginThrottled => "Too many failed attempts; try again later.",
        Key::LoginRequired => "Enter your user name and password.",
        Key::RoleAnalyst => "Analyst",
        Key::RoleReviewer => "Reviewer",
        Key::RoleBureau => "Bureau liaison",
        Key::RoleAdmin => "Administrator",
        Key::AuditTitle => "Audit log",
        Key::AuditSummary => "Sign-ins, extracts and downloads, for administrators.",
        Key::AuditAction => "Action",
        Key::AuditUser => "User",
        Key::AuditTime => "Time (UTC)",
        Key::AuditAddress => "Address",
        Key::AuditDetail => "Detail",
        Key::AuditAllActions => "All actions",
        Key::AuditApply => "Apply",
        Key::AuditMore => "Load older entries",
        Key::AuditEmpty => "No entries match. Clear the action or user filter and search again.",
        Key::Forbidden => "You do not have access to this page.",
        Key::ReqNew => "New request",
        Key::ReqNewTitle => "Request an analysis",
        Key::ReqTitle => "Title",
        Key::ReqPurpose => "Purpose",
        Key::ReqContent => "What to analyse",
        Key::ReqDatasets => "Datasets wanted",
        Key::ReqDesiredDate => "Wanted by",
        Key::ReqSubmit => "Submit",
        Key::ReqRequired => "Enter a title, a purpose and what to analyse.",
        Key::ReqTooLong => "Keep the title within 200 characters and the rest within 10,000.",
        Key::ReqNone => "No requests yet.",
        Key::ReqProgress => "Progress",
        Key::StepApplied => "Applied",
        Key::StepReview => "Review and approval",
        Key::StepBureau => "Bureau cooperation",
        Key::StepAnalysis => "Analysis in progress",
        Key::StepDone => "Completed",
        Key::StateRejected => "Rejected",
        Key::StateWithdrawn => "Withdrawn",
        Key::StateNeedsChanges => "Changes requested",
        Key::ReqApplicant => "Applicant",
        Key::ReqAssigned => "Assigned",
        Key::ReqResults => "Results",
        Key::ReqHistory => "History",
        Key::ReqComments => "Comments",
        Key::ReqCommentAdd => "Add a comment",
        Key::ReqCommentSubmit => "Post",
        Key::ReqActions => "Actions",
        Key::ActApprove => "Approve and assign",
        Key::ActReject => "Reject",
        Key::ActRequestChanges => "Request changes",
        Key::ActResubmit => "Resubmit",
        Key::ActWithdraw => "Withdraw",
        Key::ActConfirm => "Confirm cooperation",
        Key::ActStart => "Start the analysis",
        Key::ActComplete => "Complete",
        Key::ReqBureauUser => "Bureau liaison (user name)",
        Key::ReqAnalystUser => "Analyst (user name)",
        Key::ReqResultLink => "Result link (e.g. /data-map/import_declaration)",
        Key::ReqNote => "Note",
        Key::ReqConflict => "Someone else changed this request; it has been reloaded.",
        Key::Notifications => "Notifications",
        Key::PersonOfOffice => "{person} ({office})",
        Key::ErrDetailMessage => "Error code: {code} — {message}",
        Key::PrecisionRecall => "Precision / recall",
        Key::ReasonEffect => "{field} (+{points})",
        Key::AttachmentMeta => "{size} bytes · {uploader}",
        Key::EveryMinutes => "every {n} min",
        Key::OwnerAccess => "{owner} · {access}",
        Key::NotificationsUnread => "Notifications: {n}",
        Key::QueueAll => "All",
        Key::QueueMine => "Filed by me",
        Key::QueueReview => "Waiting for review",
        Key::QueueBureau => "Waiting for cooperation",
        Key::QueueAssigned => "Assigned to me",
        Key::Queues => "Work queues",
        Key::ReqAttachments => "Attachments",
        Key::ReqAttach => "Attach a file (PDF, CSV, Excel, image; up to 10 MB)",
        Key::AddAggregate => "Add aggregate",
        Key::AddFilter => "Add filter",
        Key::AddGroup => "Add group-by",
        Key::AggAvg => "Average",
        Key::AggColumnLabel => "Aggregate column",
        Key::AggCount => "Count",
        Key::AggCountDistinct => "Distinct count",
        Key::AggFuncLabel => "Aggregate function",
        Key::AggMax => "Maximum",
        Key::AggMin => "Minimum",
        Key::AggP50 => "Median (p50)",
        Key::AggP90 => "90th percentile",
        Key::AggP99 => "99th percentile",
        Key::AggSum => "Sum",
        Key::AggregatesLabel => "Aggregates",
        Key::AutoRefresh => "Auto-refresh",
        Key::BackToDashboards => "← My dashboards",
        Key::BucketDay => "Day",
        Key::BucketLabel => "Date bucket",
        Key::BucketMonth => "Month",
        Key::BucketWeek => "Week",
        Key::BucketYear => "Year",
        Key::BuilderHeading => "Analysis settings",
        Key::Cancel => "Cancel",
        Key::ChartBar => "Bar",
        Key::ChartCountry => "Ranked by country",
        Key::ChartHeatmap => "Heatmap",
        Key::ChartHistogram => "Histogram",
        Key::ChartKindLabel => "Chart",
        Key::ChartLine => "Line (time series)",
        Key::ChartNone => "This result is best read as a table.",
        Key::ChartScatter => "Scatter",
        Key::ChartShowChart => "Show chart",
        Key::ChartShowTable => "Show as table",
        Key::ChartStackedBar => "Stacked bar",
        Key::ChartSuggested => "(suggested)",
        Key::ChartTable => "Table only",
        Key::ChartTruncated => "(largest entries only)",
        Key::ColumnsLabel => "Columns (none picked: all)",
        Key::CommaSeparated => "comma-separated",
        Key::ConfirmDelete => "Delete this dashboard? This cannot be undone.",
        Key::CreateDashboard => "Create dashboard",
        Key::DashboardSettings => "Settings and sharing",
        Key::DashboardTitle => "Dashboard title",
        Key::DatasetLabel => "Dataset",
        Key::DatasetRanking => "Most used datasets",
        Key::DatasetsCount => "{n} datasets",
        Key::Delete => "Delete",
        Key::DownloadLabel => "Download result:",
        Key::DownloadPng => "Save PNG",
        Key::DownloadSvg => "Save SVG",
        Key::Duplicate => "Duplicate",
        Key::FilterColumnLabel => "Filter column",
        Key::FilterOpLabel => "Condition",
        Key::FilterValue2Label => "Upper bound",
        Key::FilterValueLabel => "Value",
        Key::FiltersLabel => "Filters",
        Key::GroupByLabel => "Group by",
        Key::HomeFigures => "Portal figures",
        Key::LimitLabel => "Row limit",
        Key::LinkUnreadable => "The analysis link could not be read; starting a new analysis.",
        Key::Mine => "Mine",
        Key::MoveEarlier => "Move earlier",
        Key::MoveLater => "Move later",
        Key::MyActivity => "My recent activity",
        Key::MyRequests => "My requests",
        Key::Narrower => "Narrower",
        Key::NewDashboard => "New dashboard",
        Key::NoDashboards => "No dashboards yet.",
        Key::NoWidgets => "No widgets yet. Save a result from",
        Key::NothingYet => "Nothing recorded yet.",
        Key::Off => "Off",
        Key::OfficeRanking => "Access by customs office",
        Key::OpContains => "contains",
        Key::OpEq => "equals",
        Key::OpIn => "one of",
        Key::OpIsNull => "is missing",
        Key::OpNotNull => "is present",
        Key::OpRange => "between",
        Key::OpenDashboard => "Open dashboard",
        Key::OpenInAnalysis => "Open analysis",
        Key::RankingWindow => "Rankings cover the last {days} days",
        Key::ReadOnlyShared => "Shared with you (read-only)",
        Key::Refresh => "Refresh",
        Key::RefreshAll => "Refresh all",
        Key::Remove => "Remove",
        Key::ResizeColumn => "Resize column",
        Key::ResultTable => "Result table",
        Key::ResultsHeading => "Results",
        Key::RowsAll => "(all rows)",
        Key::RunAnalysis => "Run analysis",
        Key::RunCancelled => "The analysis was cancelled.",
        Key::Save => "Save",
        Key::SaveToDashboard => "Save to dashboard",
        Key::SavedTo => "Saved.",
        Key::SearchTerms => "Popular search terms",
        Key::Share => "Save sharing",
        Key::ShareWithOffice => "Share with my whole office",
        Key::ShareWithUsers => "Share with users (comma-separated)",
        Key::SharedWithMe => "Shared with me",
        Key::Shorter => "Shorter",
        Key::SortByColumn => "Click to sort",
        Key::SortDescending => "Descending",
        Key::SortLabel => "Sort by",
        Key::SortNone => "(none)",
        Key::Taller => "Taller",
        Key::TotalRecords => "Records across datasets",
        Key::Wider => "Wider",
        Key::WidgetTitle => "Widget title",
        Key::WidgetsCount => "{owner} · {n} widgets · {access}",
        Key::ScoringExtract => "Declarations to score",
        Key::ScoringModel => "Model",
        Key::FraudModelName => "Import declaration fraud model",
        Key::DateFrom => "From",
        Key::DateTo => "To",
        Key::OfficeCode => "Office code",
        Key::RunScoring => "Score",
        Key::ScoringExtracting => "Loading the declarations",
        Key::ModelDownloading => "Downloading the model (once)",
        Key::ScoringDone => "Scoring finished",
        Key::HsSuggestHeading => "HS code suggestion",
        Key::ItemDescription => {
            "Item description (Korean, English, Chinese, Japanese, Vietnamese or Thai)"
        }
        Key::Suggest => "Suggest",
        Key::NoSuggestions => {
            "No codes to suggest. Describe the goods in more detail (material, use)."
        }
        Key::RankedHeading => "Declarations ranked by risk",
        Key::InspectionRate => "Inspection rate",
        Key::PrCaption => "Precision and recall by inspection rate (labelled declarations)",
        Key::Rank => "Rank",
        Key::DeclarationId => "Declaration",
        Key::RiskScore => "Risk score",
        Key::Grade => "Grade",
        Key::Reasons => "Main reasons",
        Key::KnownFraud => "Fraud found",
        Key::AttachToRequest => "Attach the scored result to a request",
        Key::Attach => "Attach",
        Key::Attached => "Attached:",
        Key::PriceModelName => "Declared value check — likely under-valuation (price)",
        Key::BaseRate => "Base rate {p} (the precision of inspecting at random)",
        Key::HighRiskModelName => "High-risk declaration model — portal data (high-risk)",
        Key::SupplyChainModelName => {
            "Supply-chain model — combinations of manifest parties (supply-chain)"
        }
        Key::SupplyChainNeedsDates => {
            "The supply-chain model needs an arrival period (both dates)."
        }
        Key::SupplyChainHint => {
            "The supply-chain model scores the manifest lines that arrived in the period from the earlier inspections of their parties' combinations (the four high-risk patterns and the consignee). Histories are made of the rows in your scope only."
        }
        Key::ReasonChain => "{what}: {pct}% found ({lift}× the base rate)",
        Key::ChainConsignee => "Consignee alone",
        Key::ReasonPrice => "declared unit price {pct}% of expected",
        Key::ReasonNoPrice => "no unit price (price or mass missing)",
        Key::ReasonHsRank => "HS code ranks {rank} for the description",
        Key::ReasonHsUnknown => "HS code not in the HS 2022 nomenclature",
        Key::ReasonOrigin => "origin supplies {pct}% of these goods",
        Key::ReasonNoCertificate => "FTA rate claimed without a certificate of origin",
        Key::ReasonBadCertificate => "certificate of origin not in the origin's issuing format",
        Key::ReasonFtaClaim => "FTA rate claimed",
        Key::ReasonImporterHistory => "importer: {pct}% of earlier lines found fraudulent",
        Key::ReasonSellerHistory => "overseas seller: {pct}% of earlier lines found fraudulent",
        Key::ReasonDeclarantHistory => "declarant: {pct}% of earlier lines found fraudulent",
        Key::ReasonProfile => "office, types and goods of the declaration",
        Key::ExpectedUnitValue => "Expected unit value (KRW/kg)",
        Key::DeclaredUnitValue => "Declared unit value (KRW/kg)",
        Key::ValueRatio => "Declared / expected",
        Key::ShortfallScore => "Shortfall score",
        Key::LikelyUndervalued => "Likely under-valued",
        Key::KnownUndervaluation => "Known under-valuation",
        Key::FlaggedBelowHalf => "lines declared below 50% of the expected unit value.",
        Key::SaveScoredHint => {
            "A dashboard widget re-scores the same extract in the browser each time it opens."
        }
        Key::ScoredWidgetTop => "Riskiest",
        Key::OpenInStudio => "Open in the scoring studio",
        Key::PriceBasis => "Based on",
        Key::ErrRouteNotFound => {
            "That portal function does not exist. Reload the page; if it persists, tell the administrator."
        }
        Key::ErrMethodNotAllowed => {
            "The portal cannot do that this way. Reload the page and try again."
        }
        Key::ErrInvalidJson => {
            "The server could not read what was sent. Reload the page and enter it again."
        }
        Key::ErrBadRequest => "A value you entered is not accepted. Correct it and try again.",
        Key::ErrNotFound => {
            "That item does not exist or you may not see it. Pick it again from the list."
        }
        Key::ErrInvalidInput => {
            "Something in the form is not valid. Check each field and save again."
        }
        Key::ErrUnknownDataset => "That dataset does not exist. Pick one on the data map.",
        Key::ErrUnknownColumn => {
            "The analysis names a column that the dataset or its result does not have. Pick the columns and the sort again."
        }
        Key::ErrTypeMismatch => {
            "A value does not fit its column (for example text in a number column). Correct the condition."
        }
        Key::ErrInvalidSpec => {
            "The analysis settings do not fit together. Check the aggregates, columns and conditions."
        }
        Key::ErrTooManyRows => {
            "That asks for more rows than the portal sends at once. Lower the row limit or group the data."
        }
        Key::ErrSpecTooLarge => {
            "The analysis settings are too large (conditions, group-by keys, aggregates or text length). Trim them and run again."
        }
        Key::ErrWeakPassword => {
            "A password needs at least 12 characters, may not contain the user name and may not be a common one. Choose another."
        }
        Key::ErrBusy => "Many analyses are running right now. Run it again in a moment.",
        Key::ErrQueryTimeout => {
            "The analysis took longer than allowed. Narrow the dates or conditions and run it again."
        }
        Key::ErrQueryTooLarge => {
            "The query needs more memory than the server allows for one query; narrow it (period, office, groups)."
        }
        Key::ErrDataUnavailable => {
            "That data or model is not ready on this server. Try again later; if it persists, tell the administrator."
        }
        Key::ErrClusterUnavailable => {
            "The query cluster did not answer. Run it again in a moment; if it persists, tell the administrator."
        }
        Key::ErrUnauthenticated => "Please sign in again (your session may have ended).",
        Key::ErrInvalidCredentials => "Wrong user name or password. Enter them again.",
        Key::ErrCsrfRejected => {
            "The page's security token did not match. Reload the page and try again."
        }
        Key::ErrTooManyAttempts => "Too many attempts. Wait a while and try again.",
        Key::ErrForbidden => "Your role may not do that. Ask someone who may.",
        Key::ErrConflict => "Someone changed it first. Check the reloaded version and try again.",
        Key::ErrWrongState => "That cannot be done at this step. Reload to see where it stands.",
        Key::ErrPayloadTooLarge => {
            "The file or content is too large. Make it smaller and try again."
        }
        Key::ErrInternal => {
            "The server could not do it. Try again later; if it persists, tell the administrator the error code."
        }
        Key::ErrNetwork => "The portal server cannot be reached. Check the network and try again.",
        Key::ErrHttp => "The server answered with an error (HTTP {status}). Try again later.",
        Key::ErrDecode => "The server's answer could not be read. Reload the page and try again.",
        Key::ErrWorker => {
            "The AI model could not run. Run it again; if it persists, tell the administrator."
        }
        Key::FieldDataset => "Dataset: {problem}",
        Key::FieldFilter => "Condition {n}: {problem}",
        Key::FieldGroupBy => "Group by {n}: {problem}",
        Key::FieldAggregate => "Aggregate {n}: {problem}",
        Key::FieldLimit => "Row limit: {problem}",
        Key::ProblemPickDataset => "pick a dataset.",
        Key::ProblemPickColumn => "pick a column.",
        Key::ProblemPickOperator => "pick a condition that fits this column.",
        Key::ProblemEnterValue => "enter a value.",
        Key::ProblemNotWholeNumber => "'{text}' is not a whole number.",
        Key::ProblemNotNumber => "'{text}' is not a number.",
        Key::ProblemNotDate => "'{text}' is not a date (YYYY-MM-DD).",
        Key::ProblemNotBool => "'{text}' is not yes or no.",
        Key::ProblemEnterValues => "enter values separated by commas.",
        Key::ProblemEnterBound => "enter a lower or an upper bound.",
        Key::ProblemEnterText => "enter the text to look for.",
        Key::ProblemUnknownBucket => "unknown date bucket: {text}",
        Key::ProblemBucketNeedsDate => "date buckets apply to date columns only.",
        Key::ProblemUnknownFunction => "unknown aggregate function: {text}",
        Key::ProblemNeedsNumber => "this aggregate needs a number column.",
        Key::ProblemPositiveLimit => "enter a whole number of 1 or more.",
        Key::ProblemNeedsLimit => {
            "an analysis that does not group needs a row limit; enter one or add a group-by."
        }
        Key::ResultStatus => "{rows} rows · {mb} MB · {ms} ms (transfer and decoding)",
        Key::RowsCount => "{n} rows",
        Key::ProgressRows => "{rows} rows · {mb} MB",
        Key::ChartSummaryScatter => "{kind} of {y} against {x}: {n} points, correlation {r}.",
        Key::ChartSummaryEmpty => "{kind}: no values to show.",
        Key::ChartSummaryLine => {
            "{kind} of {y} by {x}: {n} points from {first} to {last}, highest {hi} ({hi_v}), lowest {lo} ({lo_v})."
        }
        Key::ChartSummaryBars => {
            "{kind} of {y} by {x}: {n} categories, highest {hi} ({hi_v}), lowest {lo} ({lo_v})."
        }
        Key::ChartSummarySeries => {
            "{kind} of {y} by {x}: {n} categories × {s} series, highest {hi} ({hi_v}), lowest {lo} ({lo_v})."
        }
        Key::CorrelationUndefined => "undefined",
        Key::HistogramCount => "Count",
        Key::ScoringProgress => "{done} / {total}",
        Key::InspectionSplit => "top {rate}%: {k} to inspection · {rest} fast lane",
        Key::BasisOrigin => "{n} lines, same HS6 and origin",
        Key::BasisHs6 => "{n} lines, same HS6",
        Key::BasisParent => "heading or chapter",
        Key::FlaggedCount => {
            "{flagged} / {total} lines declared below 50% of their expected unit value."
        }
        Key::ScoredWidgetSummary => "{rows} declarations, top 5%: {k} to inspection",
        Key::OutputCount => "Count",
        Key::OutputAgg => "{func} of {column}",
        Key::OutputBucket => "{column} ({bucket})",
        Key::OutputPercentile => "{p}th percentile of {column}",
        Key::WithUnit => "{label} ({unit})",
        Key::CodeName => "{name} ({code})",
        Key::UnitWon => "KRW",
        Key::UnitEok => "bn KRW",
        Key::UnitKg => "kg",
        Key::UnitPercent => "%",
        Key::UnitCount => "count",
        Key::ActivityLine => "{action}: {subject}",
        Key::HomeNoActivity => {
            "No activity yet. Find data on the data map or start a self-service analysis."
        }
        Key::HomeNoDashboards => "No dashboards yet. Save an analysis result to a dashboard.",
        Key::HomeNoRequests => {
            "No analysis requests yet. File a new request when you need an analysis."
        }
        Key::RankingEmpty => "Nothing in the last {days} days.",
        Key::AuditLoginSuccess => "Signed in",
        Key::AuditLoginFailure => "Failed sign-in",
        Key::AuditLoginThrottled => "Sign-in throttled",
        Key::AuditLogout => "Signed out",
        Key::AccountTitle => "My account",
        Key::AccountSummary => "Your sign-in details, password and sessions.",
        Key::CurrentPassword => "Current password",
        Key::NewPassword => "New password",
        Key::ConfirmPassword => "New password again",
        Key::ChangePassword => "Change password",
        Key::PasswordChangedNotice => {
            "Your password was changed. Your other sessions were signed out."
        }
        Key::PasswordsDiffer => "The two new passwords differ. Type the same password twice.",
        Key::PasswordTooShort => "A password needs at least {min} characters.",
        Key::PasswordHasUsername => "A password may not contain the user name.",
        Key::PasswordIsCommon => "That password is too common. Choose another.",
        Key::SignOutEverywhere => "Sign out everywhere",
        Key::SignOutEverywhereHint => {
            "Ends every session of your account, on every computer, this one too."
        }
        Key::UsersTitle => "Users",
        Key::UsersSummary => {
            "Create accounts, change roles and offices, disable accounts and set new passwords."
        }
        Key::DisplayName => "Display name",
        Key::RoleLabel => "Role",
        Key::OfficeLabel => "Office",
        Key::AccountState => "State",
        Key::AccountActive => "Active",
        Key::AccountDisabled => "Disabled",
        Key::DisableAccount => "Disable",
        Key::EnableAccount => "Enable",
        Key::ResetPassword => "Set a new password",
        Key::CreateUser => "Create account",
        Key::UserCreatedNotice => "Account {user} was created.",
        Key::PasswordResetNotice => {
            "A new password was set for {user}; their sessions were signed out."
        }
        Key::NewPasswordFor => "New password for {user}",
        Key::Actions => "Actions",
        Key::AuditLogoutEverywhere => "Signed out everywhere",
        Key::AuditPasswordChanged => "Changed their password",
        Key::AuditUserCreated => "Created an account",
        Key::AuditUserUpdated => "Changed an account",
        Key::AuditPasswordReset => "Reset a password",
        Key::AuditExtractStarted => "Started an extract",
        Key::AuditExtractRefused => "Extract refused",
        Key::AuditModelDownloaded => "Downloaded a model",
        Key::AuditPatternsRead => "Read supply-chain pattern statistics",
        Key::AuditNetworkRead => "Read a stakeholder network",
        Key::AuditShipmentsRead => "Read manifest lines for the supply-chain model",
        Key::AuditOriginRead => "Read exporters for the origin analysis",
        Key::AuditFtaQueueRead => "Read the FTA verification queue",
        Key::AuditCompanyScoresRead => "Read the company risk ranking",
        Key::AuditCompanyProfileRead => "Read a company profile",
        Key::AuditAttachmentDownloaded => "Downloaded an attachment",
        Key::AuditExtract => "Extracted data",
        Key::AuditDownload => "Downloaded data",
        Key::AuditCatalogSearch => "Searched the data map",
        Key::AuditRequestCreated => "Filed a request",
        Key::AuditRequestTransition => "Moved a request",
        Key::AuditRequestComment => "Commented on a request",
        Key::AuditAttachmentAdded => "Attached a file",
        Key::AuditDashboardCreated => "Created a dashboard",
        Key::AuditDashboardUpdated => "Changed a dashboard",
        Key::AuditWidgetAdded => "Added a widget",
        Key::AuditDashboardDeleted => "Deleted a dashboard",
        Key::AuditDashboardShared => "Shared a dashboard",
        Key::UnitWonPerKg => "KRW/kg",
        Key::Precision => "Precision",
        Key::Recall => "Recall",
        Key::RateMetrics => "precision {p} · recall {r}",
        Key::ErrBrowser => "The browser could not do it. Reload the page and try again.",
        Key::ChartNameBar => "Bar chart",
        Key::ChartNameStackedBar => "Stacked bar chart",
        Key::ChartNameLine => "Line chart",
        Key::ChartNameScatter => "Scatter plot",
        Key::ChartNameHistogram => "Histogram",
        Key::ChartNameHeatmap => "Heatmap",
        Key::ChartNameCountry => "Ranked bars by country",
        Key::ChartNameTable => "Table",
        Key::TypeText => "Text",
        Key::TypeInt => "Whole number",
        Key::TypeFloat => "Number",
        Key::TypeDate => "Date",
        Key::TypeBool => "Yes/no",
        Key::NavOrigin => "Origin analysis",
        Key::OriginSummary => {
            "Find exporters at risk of rerouting foreign goods as Korean, and FTA preference claims to verify, from the data you may see."
        }
        Key::OriginTabRerouting => "Rerouted exports (disguised as Korean)",
        Key::OriginTabFta => "FTA verification",
        Key::ReroutingScoring => "Scoring {n} exporters in your browser…",
        Key::ReroutingCaption => {
            "The {shown} riskiest of {n} exporters (the model ran in your browser)"
        }
        Key::ReroutingNone => "No exporters in your scope.",
        Key::ColRank => "Rank",
        Key::ColExporter => "Exporter",
        Key::ColKrExports => "Exports declared Korean",
        Key::ColMatched => "Matched to Chinese imports",
        Key::ColLag => "Median lag (days)",
        Key::ColValueRatio => "Export/import value",
        Key::ColManufacturer => "Manufactures",
        Key::ColUsEu => "Share to US/EU",
        Key::ColEvidence => "Evidence",
        Key::Yes => "Yes",
        Key::No => "No",
        Key::Unknown => "Unknown",
        Key::ReroutingEvidence => {
            "{matched} of {kr} exports declared Korean follow the firm's own Chinese import of the same HS6 within 90 days (median {lag} days, exported at {ratio}× the import value)"
        }
        Key::ReroutingNoMatch => {
            "None of {kr} exports declared Korean follows a Chinese import of the firm"
        }
        Key::ReroutingShift => {
            "{share}% of exports to the US/EU, a change of {shift} points over time"
        }
        Key::ReroutingExport => "Download the ranking (CSV)",
        Key::ReroutingAttach => "Attach the exporter ranking (CSV) to a request",
        Key::ReroutingOpen => "Show {id}'s flows",
        Key::FlowsTitle => "{id}: imports → exports",
        Key::FlowsFacts => {
            "{name} · industry {industry} · manufactures: {manufacturer} · registered factory: {factory} · {employees} employees"
        }
        Key::FlowsTimeline => {
            "Timeline: Chinese imports (top) and the exports they lead to (bottom)"
        }
        Key::FlowsSankey => {
            "Routes: origin → Korea → destination (exports declared Korean, by FOB value)"
        }
        Key::FlowsCaption => "{n} exports matched to Chinese imports",
        Key::FlowsNone => "No export follows a Chinese import.",
        Key::ColImport => "Import declaration",
        Key::ColImportDate => "Imported",
        Key::ColExport => "Export declaration",
        Key::ColExportDate => "Exported",
        Key::ColDestination => "Destination",
        Key::ColLagDays => "Lag (days)",
        Key::ColSameHs6 => "Same HS6",
        Key::ColFob => "FOB (KRW)",
        Key::OpenInOrigin => "Open in origin analysis",
        Key::ColImportValue => "Import value (KRW)",
        Key::FtaAgreement => "Agreement",
        Key::FtaAll => "All agreements",
        Key::FtaTotals => {
            "{failing} of {claims} FTA claims fail a check; {duty} KRW of duty at stake"
        }
        Key::FtaQueueCaption => "The {shown} claims to verify first (by risk, then duty at stake)",
        Key::FtaByOffice => "By office",
        Key::FtaByAgreement => "By agreement",
        Key::FtaByImporter => "By importer (top 20 by duty at stake)",
        Key::ColKey => "Group",
        Key::ColClaims => "Claims",
        Key::ColFailing => "Failing",
        Key::ColDutyAtStake => "Duty at stake (KRW)",
        Key::ColDeclaration => "Declaration",
        Key::ColDate => "Date",
        Key::ColOffice => "Office",
        Key::ColImporter => "Importer",
        Key::ColOrigin => "Origin",
        Key::ColHs6 => "HS6",
        Key::ColFailedChecks => "Failed checks",
        Key::ColCoNumber => "C/O number",
        Key::ColIssuer => "Issued in",
        Key::FtaExport => "Download the verification list (CSV)",
        Key::FtaAttach => "Attach the verification list (CSV) to a request",
        Key::CheckMissingCertificate => "No certificate of origin",
        Key::CheckMalformedNumber => "Malformed certificate number",
        Key::CheckUnregisteredIssuer => "Unregistered issuer",
        Key::CheckIssuerCountry => "Issuer of another country",
        Key::CheckIssuedAfterImport => "Issued after the import",
        Key::CheckCriterionNotMet => "Origin criterion not met",
        Key::CheckRvcBelowThreshold => "Value content below threshold",
        Key::CheckNoAgreement => "No agreement in force",
        Key::NavCompanies => "Company risk ranking",
        Key::CompaniesSummary => {
            "Every company of your scope scored in the browser by the delinquency or tax-risk model (model plus business factors, 0–999, grade 01 the riskiest), ranked, with what raised each score."
        }
        Key::CompaniesModel => "Model",
        Key::ModelDelinquency => "Delinquency",
        Key::ModelTaxRisk => "Tax risk",
        Key::CompaniesScoring => "Scoring {n} companies…",
        Key::CompaniesCaption => "Top {shown} of {n} matching companies (by score)",
        Key::CompaniesNone => "No company matches.",
        Key::FilterAll => "All",
        Key::FilterAudit => "Audits",
        Key::AuditedWithin => "Audited in the last {years} years",
        Key::NotAuditedWithin => "Not audited in the last {years} years",
        Key::ColCompany => "Company",
        Key::ColName => "Name",
        Key::ColIndustry => "Industry",
        Key::ColRegion => "Region",
        Key::ColFactor => "Business factor",
        Key::ColReasons => "What raised the score",
        Key::CompaniesExport => "Download ranking CSV",
        Key::CompaniesAttach => "Attach ranking CSV to a request",
        Key::CompanyReason => "{feature} {value} (+{points} points)",
        Key::FactorOverdueArrears => "Duty overdue more than 30 days",
        Key::FactorNationalTaxArrears => "National tax owed",
        Key::FactorRecentLatePayments => "Late payments in the last 90 days",
        Key::FactorRemittancesOverDeclared => "Remittances over the declared value",
        Key::FactorAssessedBefore => "Tax assessed by an earlier audit",
        Key::FactorFraudsFound => "Frauds found",
        Key::FactorLowComplianceGrade => "Low compliance grade",
        Key::FactorNone => "None",
        Key::FeaturePayments => "Payments",
        Key::FeatureLateShare => "Late share",
        Key::FeatureMeanLateDays => "Mean days late",
        Key::FeatureRecentLateShare => "Late share, last 90 days",
        Key::FeatureRecentMeanLateDays => "Mean days late, last 90 days",
        Key::FeaturePriorLateShare => "Late share, earlier months",
        Key::FeatureLateShareTrend => "Change of the late share",
        Key::FeatureArrears => "Payments in arrears",
        Key::FeatureOutstanding => "Unpaid duty (KRW)",
        Key::FeatureOldestOverdueDays => "Oldest unpaid, days",
        Key::FeatureDutyYear => "Duty in the last year (KRW)",
        Key::FeatureDebtRatio => "Debt ratio (%)",
        Key::FeatureDebtRatioChange => "Debt ratio change (pp)",
        Key::FeatureOperatingMargin => "Operating margin (%)",
        Key::FeatureOperatingMarginChange => "Operating margin change (pp)",
        Key::FeatureNationalTaxArrears => "National tax owed",
        Key::FeatureRevenue => "Revenue (KRW)",
        Key::FeatureYearsInBusiness => "Years in business",
        Key::FeatureComplianceGrade => "Compliance grade",
        Key::FeatureEmployees => "Employees",
        Key::FeatureGoodsRemittanceRatio => "Goods remittances / declared value",
        Key::FeatureRemittanceRatio => "All remittances / declared value",
        Key::FeatureServiceRemittanceShare => "Share of service and royalty remittances",
        Key::FeatureAudits => "Audits",
        Key::FeatureAuditsAssessed => "Audits with tax assessed",
        Key::FeatureYearsSinceAudit => "Years since the latest audit",
        Key::FeatureAssessed => "Tax assessed by audits (KRW)",
        Key::FeatureManufacturer => "Manufacturer",
        Key::FeatureFrauds => "Frauds found",
        Key::CompanyTitle => "Company profile: {name}",
        Key::CompanySummary => {
            "One company's overview, finances, imports and exports, payments and arrears, inspections and frauds, audits, trading parties, industry comparison, and its risk scores with their reasons, computed from the rows of your scope."
        }
        Key::CompanyOverview => "Overview",
        Key::CompanyScores => "Risk scores and reasons",
        Key::CompanyFinancials => "Financial statements",
        Key::CompanyImports => "Imports",
        Key::CompanyExports => "Exports",
        Key::CompanyPayments => "Duty payments and arrears",
        Key::CompanyInspections => "Inspections and frauds",
        Key::CompanyAudits => "Audits",
        Key::CompanyStakeholders => "Trading parties",
        Key::CompanyPeers => "Same-industry comparison",
        Key::CompanyRole => "Role",
        Key::CompanyRegistered => "Registered",
        Key::CompanyHomeOffice => "Home office",
        Key::CompanyScoreNow => "{model}: score {score}, grade {grade} (as of {cutoff})",
        Key::CompanyScoreHistory => "Score at each quarter's end",
        Key::ColQuarter => "As of",
        Key::ColYear => "Fiscal year",
        Key::ColReported => "Filed",
        Key::ColAssets => "Assets (KRW)",
        Key::ColLines => "Lines",
        Key::ColValueKrw => "Value (KRW)",
        Key::ColMonth => "Month",
        Key::ChartImportsByMonth => "Imports by month",
        Key::ChartImportsByHs => "Imports by HS6 (top 10)",
        Key::ChartImportsByOrigin => "Imports by origin (top 10)",
        Key::ChartExportsByMonth => "Exports by month",
        Key::ChartExportsByDestination => "Exports by destination (top 10)",
        Key::PaymentsSummaryLine => {
            "{payments} payments · {assessed} KRW assessed · {late} late · {arrears} in arrears · {outstanding} KRW unpaid"
        }
        Key::ArrearsCaption => "Payments in arrears (largest first, at most 20)",
        Key::ColDueDate => "Due",
        Key::ColPaidDate => "Paid",
        Key::ColAmountKrw => "Amount (KRW)",
        Key::ColDaysOverdue => "Days past due",
        Key::Unpaid => "Unpaid",
        Key::InspectionsLine => {
            "{inspected} inspected · {frauds} frauds ({critical} critical) · {duty} KRW additional duty"
        }
        Key::ColAuditId => "Audit",
        Key::ColAuditType => "Type",
        Key::ColStart => "Start",
        Key::ColEnd => "End",
        Key::ColAdditionalTax => "Additional tax (KRW)",
        Key::ColResult => "Result",
        Key::AuditRegular => "Regular",
        Key::AuditTargeted => "Targeted",
        Key::AuditAdHoc => "Ad hoc",
        Key::AuditAssessed => "Assessed",
        Key::AuditNoFinding => "No finding",
        Key::ColRole => "Role",
        Key::ColFigure => "Figure",
        Key::ColThisCompany => "This company",
        Key::ColMedian => "Industry median",
        Key::ColPercentile => "Percentile",
        Key::ColPeers => "Peers",
        Key::PeerImportValue => "Import value (KRW)",
        Key::CompanyEmpty => "Nothing in your scope.",
        Key::CompaniesLink => "Company risk ranking (delinquency, tax risk)",
        Key::OpenInCompanies => "Open in the company ranking",
    }
}
