//! The company profile (업체 프로파일) and the company scores as the server answers them and
//! the browser reads them: `GET /api/companies/scores` (every company of the scope with the
//! features of the delinquency and tax-risk models and what the ranking filters on, Arrow IPC:
//! the browser scores them) and `GET /api/companies/{id}` (one company's profile, JSON).

use serde::{Deserialize, Serialize};

/// Columns of the scores answer beside the models' features (named by
/// `portal_scoring::company::FEATURES`).
pub mod columns {
    /// Company id.
    pub const COMPANY: &str = "company_id";
    /// Company name.
    pub const NAME: &str = "name";
    /// Industry.
    pub const INDUSTRY: &str = "industry";
    /// Region (Korean province).
    pub const REGION: &str = "region";
    /// Home customs office.
    pub const OFFICE: &str = "office_id";
    /// Days since the company's latest audit started, on the cut-off day (none: never audited).
    pub const DAYS_SINCE_AUDIT: &str = "days_since_audit";
}

/// The features of the company models, in order (the encoder is
/// `portal_scoring::company::CompanyFacts::features`; `_log` features are `ln(1 + x)`).
pub const FEATURES: [&str; 29] = [
    "payments_log",
    "late_share",
    "mean_late_days",
    "recent_late_share",
    "recent_mean_late_days",
    "prior_late_share",
    "late_share_trend",
    "arrears_log",
    "outstanding_krw_log",
    "oldest_overdue_days",
    "duty_year_krw_log",
    "debt_ratio",
    "debt_ratio_change",
    "operating_margin",
    "operating_margin_change",
    "national_tax_arrears",
    "revenue_krw_log",
    "years_in_business",
    "compliance_grade",
    "employees_log",
    "goods_remittance_ratio",
    "remittance_ratio",
    "service_remittance_share",
    "audits",
    "audits_assessed",
    "years_since_audit",
    "assessed_krw_log",
    "manufacturer",
    "frauds_log",
];

/// Compliance grades from best to worst.
pub const GRADES: [&str; 6] = ["AAA", "AA", "A", "B", "C", "D"];

crate::string_enum! {
    /// A stated business factor of the company scores (`portal_scoring::company::business_factor`
    /// says when each applies); the worker answers its index in `Factor::ALL`.
    pub enum Factor {
        /// Duty unpaid more than 30 days past due on the cut-off day (points 1.0).
        OverdueArrears = "overdue_arrears",
        /// National tax owed in the latest statement (0.8).
        NationalTaxArrears = "national_tax_arrears",
        /// Most of the last 90 days' payments late (0.5).
        RecentLatePayments = "recent_late_payments",
        /// Goods remittances over 1.5 times the declared value in the last year (1.0).
        RemittancesOverDeclared = "remittances_over_declared",
        /// An earlier audit assessed additional tax (0.6).
        AssessedBefore = "assessed_before",
        /// Frauds found on its declarations (0.5).
        FraudsFound = "frauds_found",
        /// Compliance grade C (0.4) or D (0.6).
        LowComplianceGrade = "low_compliance_grade",
    }
}

/// Query of `GET /api/companies/scores` and `GET /api/companies/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CompanyQuery {
    /// A national user's view of one office (an office-scoped user may only name their own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// A figure per month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Monthly {
    /// `YYYY-MM`.
    pub month: String,
    /// Lines.
    pub lines: u64,
    /// Value, KRW.
    pub value_krw: f64,
}

/// A figure per key (HS6, country).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    /// The key.
    pub key: String,
    /// Lines.
    pub lines: u64,
    /// Value, KRW.
    pub value_krw: f64,
}

/// One fiscal year's statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinancialYear {
    /// Fiscal year.
    pub year: i64,
    /// Filed on (`YYYY-MM-DD`).
    pub reported: String,
    /// Revenue, KRW.
    pub revenue_krw: f64,
    /// Total assets, KRW.
    pub assets_krw: f64,
    /// Debt ratio, %.
    pub debt_ratio: f64,
    /// Operating margin, %.
    pub operating_margin: f64,
    /// Employees.
    pub employees: i64,
    /// Owed national tax.
    pub national_tax_arrears: bool,
}

/// The company's duty payments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PaymentSummary {
    /// Payments.
    pub payments: u64,
    /// Duty and VAT assessed, KRW.
    pub assessed_krw: f64,
    /// Paid after the due date.
    pub late: u64,
    /// Paid more than 30 days late or unpaid more than 30 days past due.
    pub arrears: u64,
    /// Unpaid at the data's end (`duty_payment.arrears_krw`), KRW.
    pub outstanding_krw: f64,
}

/// A payment in arrears.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArrearsLine {
    /// Declaration.
    pub declaration_id: String,
    /// Due date.
    pub due_date: String,
    /// Paid date (none: unpaid).
    pub paid_date: Option<String>,
    /// Duty and VAT, KRW.
    pub amount_krw: f64,
    /// Days past due (at payment, or at the data's end while unpaid).
    pub days: i64,
}

/// Inspections of its declarations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InspectionSummary {
    /// Declarations selected for inspection.
    pub inspected: u64,
    /// Found fraudulent.
    pub frauds: u64,
    /// Of which critical.
    pub critical: u64,
    /// Additional duty assessed, KRW.
    pub additional_duty_krw: f64,
}

/// A past audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    /// Audit id.
    pub audit_id: String,
    /// `regular`, `targeted` or `ad_hoc`.
    pub audit_type: String,
    /// Start date.
    pub start_date: String,
    /// End date.
    pub end_date: String,
    /// Additional tax assessed, KRW.
    pub additional_tax_krw: f64,
    /// `assessed` or `no_finding`.
    pub result: String,
}

/// A party the company trades with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stakeholder {
    /// Its id.
    pub company_id: String,
    /// Its name, if the master knows it.
    pub name: Option<String>,
    /// `seller`, `declarant` or `forwarder`.
    pub role: String,
    /// Declaration (or manifest) lines together.
    pub lines: u64,
}

/// Where the company stands among the companies of its industry on one figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerFigure {
    /// Figure: `revenue_krw`, `debt_ratio`, `operating_margin`, `employees`, `import_value_krw`.
    pub figure: String,
    /// The company's value.
    pub value: f64,
    /// Median of the peers.
    pub median: f64,
    /// Share of peers (0–100) with a lower value.
    pub percentile: f64,
    /// Peers compared with (the company included).
    pub peers: u64,
}

/// The models' features of the company on one cut-off day (the browser scores them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The cut-off day (`YYYY-MM-DD`).
    pub cutoff: String,
    /// The features, in `portal_scoring::company::FEATURES` order.
    pub features: Vec<f32>,
}

/// Body of `GET /api/companies/{id}`: every section is made of the rows the user may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyProfile {
    /// Company id.
    pub company_id: String,
    /// Name.
    pub name: Option<String>,
    /// Role in the master (`importer`, `seller`…).
    pub role: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Registration date.
    pub registration_date: Option<String>,
    /// Compliance grade.
    pub compliance_grade: Option<String>,
    /// Employees.
    pub employees: Option<i64>,
    /// Manufactures.
    pub manufacturer: Option<bool>,
    /// Home customs office.
    pub home_office: Option<String>,
    /// Statements by fiscal year.
    pub financials: Vec<FinancialYear>,
    /// Imports by month.
    pub imports_by_month: Vec<Monthly>,
    /// Imports by HS6, largest value first (at most ten).
    pub imports_by_hs: Vec<Share>,
    /// Imports by country of origin, largest value first (at most ten).
    pub imports_by_origin: Vec<Share>,
    /// Exports by month.
    pub exports_by_month: Vec<Monthly>,
    /// Exports by destination, largest value first (at most ten).
    pub exports_by_destination: Vec<Share>,
    /// Duty payments.
    pub payments: PaymentSummary,
    /// Payments in arrears, largest first (at most twenty).
    pub arrears: Vec<ArrearsLine>,
    /// Inspections.
    pub inspections: InspectionSummary,
    /// Audits, latest first.
    pub audits: Vec<AuditLine>,
    /// Parties it trades with, most lines first.
    pub stakeholders: Vec<Stakeholder>,
    /// Its place among its industry.
    pub peers: Vec<PeerFigure>,
    /// Its features at the end of each quarter up to the models' cut-off: the score history.
    pub history: Vec<Snapshot>,
}

/// A dashboard widget of the company ranking: the riskiest companies of the viewer's scope by
/// one model, optionally of one grade (its analysis counts the scope's payments by month).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyWidget {
    /// `delinquency` or `tax-risk`.
    pub model: crate::worker::WorkerModel,
    /// Only companies of this grade (1–10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<u8>,
}

/// Checks a company widget: a company model, a grade 1–10, and not also scored, a network or
/// an origin analysis.
pub fn check_company(w: &CompanyWidget, other_kind: bool) -> Result<(), String> {
    use crate::worker::WorkerModel;
    if other_kind {
        return Err(
            "a widget is one of: scored, a network, an origin analysis, a company ranking"
                .to_owned(),
        );
    }
    if !matches!(w.model, WorkerModel::Delinquency | WorkerModel::TaxRisk) {
        return Err(format!(
            "'{}' is not a company model (delinquency, tax-risk)",
            w.model.as_str()
        ));
    }
    match w.grade {
        Some(g) if !(1..=10).contains(&g) => Err(format!("grade {g} is not 1 to 10")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::WorkerModel;

    #[test]
    fn a_company_widget_is_one_kind_of_a_company_model_and_grade() {
        let w = |model, grade| CompanyWidget { model, grade };
        assert!(check_company(&w(WorkerModel::Delinquency, None), false).is_ok());
        assert!(check_company(&w(WorkerModel::TaxRisk, Some(1)), false).is_ok());
        assert!(check_company(&w(WorkerModel::TaxRisk, Some(11)), false).is_err());
        assert!(check_company(&w(WorkerModel::TaxRisk, Some(0)), false).is_err());
        assert!(check_company(&w(WorkerModel::Fraud, None), false).is_err());
        assert!(check_company(&w(WorkerModel::Delinquency, None), true).is_err());
        let json = serde_json::to_string(&w(WorkerModel::TaxRisk, Some(2))).expect("json");
        assert_eq!(json, r#"{"model":"tax-risk","grade":2}"#);
        assert!(serde_json::from_str::<CompanyWidget>(r#"{"model":"fraud","x":1}"#).is_err());
    }
}
