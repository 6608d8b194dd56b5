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
        Key::NavRequests => "Requests",
        Key::NavDashboards => "My dashboards",
        Key::HomeSummary => "Portal activity and your own work at a glance.",
        Key::DataMapSummary => {
            "Find the data of each customs stage, from manifest to drawback, and what it means."
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
        Key::DataMapNoResults => "No matches.",
        Key::DataMapResults => "Search results",
        Key::DataMapFlow => "Data by customs stage",
        Key::StageArrival => "Arrival and manifest",
        Key::StageDeclaration => "Declaration",
        Key::StageInspection => "Inspection",
        Key::StageDrawback => "Drawback",
        Key::StageMaster => "Master data",
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
        Key::NoData => "This dataset has no data yet.",
        Key::LineageGraph => "Dataset lineage graph",
    }
}
