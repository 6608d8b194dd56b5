//! What the company pages show, apart from the pages: the companies ranked by the worker's
//! scores, the ranking's filters and CSV, the words for the models' features, business factors,
//! audit types and results, and a feature's value as an officer reads it. Plain functions,
//! tested natively.

use portal_core::company::columns::{COMPANY, DAYS_SINCE_AUDIT, INDUSTRY, NAME, OFFICE, REGION};
use portal_core::company::{FEATURES, Factor, GRADES, Snapshot};
use portal_core::worker::{WorkerModel, f32_bytes};

use crate::arrow::{Frame, group_thousands};
use crate::csv_text::csv_text;
use crate::i18n::{Key, Lang, text, textf};
use crate::reasons::Reason;

/// The company models, in the order the page offers them.
pub const MODELS: [WorkerModel; 2] = [WorkerModel::Delinquency, WorkerModel::TaxRisk];

/// Companies whose reasons the worker works out (the riskiest; each costs one model run per
/// feature).
pub const EXPLAINED: usize = 300;

/// Values the worker answers per company: probability, score, grade, factor.
const PER_COMPANY: usize = 4;

/// The name of a company model.
pub fn model_key(model: WorkerModel) -> Key {
    match model {
        WorkerModel::TaxRisk => Key::ModelTaxRisk,
        _ => Key::ModelDelinquency,
    }
}

/// One company with its score.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedCompany {
    /// Company id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Industry.
    pub industry: String,
    /// Region.
    pub region: String,
    /// Home office.
    pub office: String,
    /// Days since its latest audit began, on the cut-off day (none: never audited).
    pub days_since_audit: Option<f64>,
    /// The model's probability.
    pub p: f32,
    /// Score 0–999.
    pub score: u16,
    /// Grade 1–10 (1 riskiest).
    pub grade: u8,
    /// The stated business factor that applied, if any.
    pub factor: Option<Factor>,
    /// What raised its probability most (only for the riskiest, [`EXPLAINED`]).
    pub reasons: Vec<Reason>,
}

impl RankedCompany {
    /// Grade as shown: `01`–`10`.
    pub fn grade_text(&self) -> String {
        format!("{:02}", self.grade)
    }
}

/// The company of the worker's answer for one row: `scores` holds [`PER_COMPANY`] values
/// per row.
fn scored(scores: &[f32], r: usize) -> (f32, u16, u8, Option<Factor>) {
    let s = &scores[r * PER_COMPANY..(r + 1) * PER_COMPANY];
    let factor = (s[3] >= 0.0)
        .then(|| Factor::ALL.get(s[3] as usize).copied())
        .flatten();
    (s[0], s[1] as u16, s[2] as u8, factor)
}

/// The companies of an answer of `GET /api/companies/scores` with the worker's `scores` and
/// reasons, riskiest first (ties: higher probability, then answer order).
pub fn rank(
    frame: &Frame,
    scores: &[f32],
    explained: Vec<(usize, Vec<Reason>)>,
) -> Result<Vec<RankedCompany>, String> {
    if scores.len() != frame.rows * PER_COMPANY {
        return Err(format!(
            "{} scores for {} companies",
            scores.len() / PER_COMPANY,
            frame.rows
        ));
    }
    let [id, name, industry, region, office, audit] =
        [COMPANY, NAME, INDUSTRY, REGION, OFFICE, DAYS_SINCE_AUDIT].map(|n| frame.column(n));
    let (id, name, industry, region, office, audit) =
        (id?, name?, industry?, region?, office?, audit?);
    let mut reasons: Vec<Vec<Reason>> = vec![Vec::new(); frame.rows];
    for (r, rs) in explained {
        if let Some(slot) = reasons.get_mut(r) {
            *slot = rs;
        }
    }
    let mut out: Vec<RankedCompany> = (0..frame.rows)
        .map(|r| {
            let (p, score, grade, factor) = scored(scores, r);
            RankedCompany {
                id: frame.text(r, id),
                name: frame.text(r, name),
                industry: frame.text(r, industry),
                region: frame.text(r, region),
                office: frame.text(r, office),
                days_since_audit: frame.number(r, audit),
                p,
                score,
                grade,
                factor,
                reasons: std::mem::take(&mut reasons[r]),
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(b.p.total_cmp(&a.p)));
    Ok(out)
}

/// The audit-history filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuditFilter {
    /// Every company.
    #[default]
    Any,
    /// Audited within this many years of the cut-off.
    Within(u32),
    /// Not audited within this many years (never audited included).
    NotWithin(u32),
}

/// Years offered by the audit filter.
pub const AUDIT_YEARS: [u32; 3] = [1, 3, 5];

impl AuditFilter {
    /// The filter of a `<select>` value (`in:3`, `out:3`, anything else: any).
    pub fn parse(v: &str) -> AuditFilter {
        let years = |s: &str| s.parse::<u32>().ok().filter(|y| *y > 0);
        match v.split_once(':') {
            Some(("in", y)) => years(y).map_or(AuditFilter::Any, AuditFilter::Within),
            Some(("out", y)) => years(y).map_or(AuditFilter::Any, AuditFilter::NotWithin),
            _ => AuditFilter::Any,
        }
    }

    /// Its `<select>` value.
    pub fn value(self) -> String {
        match self {
            AuditFilter::Any => String::new(),
            AuditFilter::Within(y) => format!("in:{y}"),
            AuditFilter::NotWithin(y) => format!("out:{y}"),
        }
    }

    fn keeps(self, days: Option<f64>) -> bool {
        let within = |y: u32| days.is_some_and(|d| d <= f64::from(y) * 365.25);
        match self {
            AuditFilter::Any => true,
            AuditFilter::Within(y) => within(y),
            AuditFilter::NotWithin(y) => !within(y),
        }
    }
}

/// The ranking's filters; empty text and none keep every company.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    /// Home office.
    pub office: String,
    /// Industry.
    pub industry: String,
    /// Region.
    pub region: String,
    /// Grade 1–10.
    pub grade: Option<u8>,
    /// Audit history.
    pub audit: AuditFilter,
}

impl Filters {
    /// Whether `c` passes every filter.
    pub fn keeps(&self, c: &RankedCompany) -> bool {
        let same = |want: &str, have: &str| want.is_empty() || want == have;
        same(&self.office, &c.office)
            && same(&self.industry, &c.industry)
            && same(&self.region, &c.region)
            && self.grade.is_none_or(|g| g == c.grade)
            && self.audit.keeps(c.days_since_audit)
    }
}

/// The distinct non-empty values of one field of the companies, sorted: a filter's choices.
pub fn choices(list: &[RankedCompany], field: fn(&RankedCompany) -> &str) -> Vec<String> {
    let mut v: Vec<String> = list
        .iter()
        .map(field)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The ranking as CSV, riskiest first: the CLI's `company_id,score,grade,probability`, then
/// what the table shows (factor and reasons by their names, for any language).
pub fn ranking_csv(list: &[&RankedCompany]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "company_id",
        "score",
        "grade",
        "probability",
        "name",
        "industry",
        "region",
        "office_id",
        "days_since_audit",
        "factor",
        "reasons",
    ]);
    for c in list {
        let reasons = c
            .reasons
            .iter()
            .map(|(f, raised, _)| format!("{f}:+{:.0}", raised * 999.0))
            .collect::<Vec<_>>()
            .join(";");
        let _ = w.write_record([
            c.id.clone(),
            c.score.to_string(),
            c.grade_text(),
            format!("{:.6}", c.p),
            c.name.clone(),
            c.industry.clone(),
            c.region.clone(),
            c.office.clone(),
            c.days_since_audit
                .map_or(String::new(), |d| format!("{d:.0}")),
            c.factor.map_or("", Factor::as_str).to_owned(),
            reasons,
        ]);
    }
    csv_text(w)
}

/// A business factor's name.
pub fn factor_key(f: Option<Factor>) -> Key {
    match f {
        None => Key::FactorNone,
        Some(Factor::OverdueArrears) => Key::FactorOverdueArrears,
        Some(Factor::NationalTaxArrears) => Key::FactorNationalTaxArrears,
        Some(Factor::RecentLatePayments) => Key::FactorRecentLatePayments,
        Some(Factor::RemittancesOverDeclared) => Key::FactorRemittancesOverDeclared,
        Some(Factor::AssessedBefore) => Key::FactorAssessedBefore,
        Some(Factor::FraudsFound) => Key::FactorFraudsFound,
        Some(Factor::LowComplianceGrade) => Key::FactorLowComplianceGrade,
    }
}

/// How a feature's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// `ln(1 + n)` of a count.
    LogCount,
    /// `ln(1 + krw)` of an amount.
    LogWon,
    /// A share 0–1, shown in percent.
    Share,
    /// A change of shares, in percentage points.
    ShareChange,
    /// Days, counts or percent as they are.
    Plain,
    /// As they are, -1 meaning unknown (no statement, no registration date).
    OrUnknown,
    /// A ratio (-1: nothing declared).
    Ratio,
    /// 1 yes, 0 no.
    Flag,
    /// Index in [`GRADES`] (-1: none).
    Grade,
}

/// Every feature of [`FEATURES`] with its name and how its value reads.
const FEATURE_WORDS: [(&str, Key, Shown); 29] = [
    ("payments_log", Key::FeaturePayments, Shown::LogCount),
    ("late_share", Key::FeatureLateShare, Shown::Share),
    ("mean_late_days", Key::FeatureMeanLateDays, Shown::Plain),
    (
        "recent_late_share",
        Key::FeatureRecentLateShare,
        Shown::Share,
    ),
    (
        "recent_mean_late_days",
        Key::FeatureRecentMeanLateDays,
        Shown::Plain,
    ),
    ("prior_late_share", Key::FeaturePriorLateShare, Shown::Share),
    (
        "late_share_trend",
        Key::FeatureLateShareTrend,
        Shown::ShareChange,
    ),
    ("arrears_log", Key::FeatureArrears, Shown::LogCount),
    (
        "outstanding_krw_log",
        Key::FeatureOutstanding,
        Shown::LogWon,
    ),
    (
        "oldest_overdue_days",
        Key::FeatureOldestOverdueDays,
        Shown::Plain,
    ),
    ("duty_year_krw_log", Key::FeatureDutyYear, Shown::LogWon),
    ("debt_ratio", Key::FeatureDebtRatio, Shown::OrUnknown),
    (
        "debt_ratio_change",
        Key::FeatureDebtRatioChange,
        Shown::Plain,
    ),
    (
        "operating_margin",
        Key::FeatureOperatingMargin,
        Shown::Plain,
    ),
    (
        "operating_margin_change",
        Key::FeatureOperatingMarginChange,
        Shown::Plain,
    ),
    (
        "national_tax_arrears",
        Key::FeatureNationalTaxArrears,
        Shown::Flag,
    ),
    ("revenue_krw_log", Key::FeatureRevenue, Shown::LogWon),
    (
        "years_in_business",
        Key::FeatureYearsInBusiness,
        Shown::OrUnknown,
    ),
    (
        "compliance_grade",
        Key::FeatureComplianceGrade,
        Shown::Grade,
    ),
    ("employees_log", Key::FeatureEmployees, Shown::LogCount),
    (
        "goods_remittance_ratio",
        Key::FeatureGoodsRemittanceRatio,
        Shown::Ratio,
    ),
    (
        "remittance_ratio",
        Key::FeatureRemittanceRatio,
        Shown::Ratio,
    ),
    (
        "service_remittance_share",
        Key::FeatureServiceRemittanceShare,
        Shown::Share,
    ),
    ("audits", Key::FeatureAudits, Shown::Plain),
    ("audits_assessed", Key::FeatureAuditsAssessed, Shown::Plain),
    (
        "years_since_audit",
        Key::FeatureYearsSinceAudit,
        Shown::Plain,
    ),
    ("assessed_krw_log", Key::FeatureAssessed, Shown::LogWon),
    ("manufacturer", Key::FeatureManufacturer, Shown::Flag),
    ("frauds_log", Key::FeatureFrauds, Shown::LogCount),
];

fn words(feature: &str) -> Option<(Key, Shown)> {
    FEATURE_WORDS
        .iter()
        .find(|(f, _, _)| *f == feature)
        .map(|(_, k, s)| (*k, *s))
}

/// A feature's name (the feature's own name when unknown).
pub fn feature_label(lang: Lang, feature: &str) -> String {
    words(feature).map_or(feature.to_owned(), |(k, _)| text(lang, k).to_owned())
}

/// A feature's value as an officer reads it: counts and amounts undone from their log, shares
/// in percent, flags as yes or no, the compliance grade by its letters, `-` when unknown.
pub fn feature_value(lang: Lang, feature: &str, v: f32) -> String {
    let v = f64::from(v);
    let Some((_, shown)) = words(feature) else {
        return format!("{v:.2}");
    };
    match shown {
        Shown::LogCount | Shown::LogWon => group_thousands(&format!("{:.0}", v.exp_m1())),
        Shown::Share => format!("{:.0}%", v * 100.0),
        Shown::ShareChange => format!("{:+.0}%p", v * 100.0),
        Shown::OrUnknown if v < 0.0 => "-".to_owned(),
        Shown::Plain | Shown::OrUnknown => format!("{v:.1}"),
        Shown::Ratio if v < 0.0 => "-".to_owned(),
        Shown::Ratio => format!("{v:.2}×"),
        Shown::Flag if v == 1.0 => text(lang, Key::Yes).to_owned(),
        Shown::Flag if v == 0.0 => text(lang, Key::No).to_owned(),
        Shown::Flag => text(lang, Key::Unknown).to_owned(),
        Shown::Grade => GRADES
            .get(v as usize)
            .filter(|_| v >= 0.0)
            .map_or("-".to_owned(), |g| (*g).to_owned()),
    }
}

/// The reasons of one company joined for a table cell: each feature with its value and the
/// points (of 999) it added.
pub fn reasons_text(lang: Lang, reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|(f, raised, value)| {
            textf(
                lang,
                Key::CompanyReason,
                &[
                    ("feature", &feature_label(lang, f)),
                    ("value", &feature_value(lang, f, *value)),
                    ("points", &format!("{:.0}", raised * 999.0)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An audit type's name (the code when unknown).
pub fn audit_type(lang: Lang, t: &str) -> String {
    match t {
        "regular" => text(lang, Key::AuditRegular).to_owned(),
        "targeted" => text(lang, Key::AuditTargeted).to_owned(),
        "ad_hoc" => text(lang, Key::AuditAdHoc).to_owned(),
        _ => t.to_owned(),
    }
}

/// An audit result's name (the code when unknown).
pub fn audit_result(lang: Lang, r: &str) -> String {
    match r {
        "assessed" => text(lang, Key::AuditAssessed).to_owned(),
        "no_finding" => text(lang, Key::AuditNoFinding).to_owned(),
        _ => r.to_owned(),
    }
}

/// A stakeholder's role (the code when unknown).
pub fn role(lang: Lang, r: &str) -> String {
    match r {
        "seller" => text(lang, Key::PartySeller).to_owned(),
        "declarant" => text(lang, Key::PartyDeclarant).to_owned(),
        "forwarder" => text(lang, Key::PartyForwarder).to_owned(),
        "importer" => text(lang, Key::PartyImporter).to_owned(),
        _ => r.to_owned(),
    }
}

/// A peer figure's name (the code when unknown).
pub fn peer_figure(lang: Lang, f: &str) -> String {
    let key = match f {
        "revenue_krw" => Key::FeatureRevenue,
        "debt_ratio" => Key::FeatureDebtRatio,
        "operating_margin" => Key::FeatureOperatingMargin,
        "employees" => Key::FeatureEmployees,
        "import_value_krw" => Key::PeerImportValue,
        _ => return f.to_owned(),
    };
    text(lang, key).to_owned()
}

/// The features of a profile's history as the worker's float rows (row-major, in
/// [`FEATURES`] order); a snapshot of the wrong width is an error.
pub fn history_rows(history: &[Snapshot]) -> Result<Vec<u8>, String> {
    let mut x = Vec::with_capacity(history.len() * FEATURES.len());
    for s in history {
        if s.features.len() != FEATURES.len() {
            return Err(format!(
                "{}: {} features, the models read {}",
                s.cutoff,
                s.features.len(),
                FEATURES.len()
            ));
        }
        x.extend_from_slice(&s.features);
    }
    Ok(f32_bytes(&x))
}

/// The profile page of a company.
pub fn company_link(id: &str) -> String {
    format!("/companies/{}", portal_core::text::percent_encode(id))
}

#[cfg(test)]
mod tests;
