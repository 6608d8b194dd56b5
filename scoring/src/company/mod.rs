//! The company scores of the profile (업체 프로파일): `delinquency` (the probability that a
//! company falls into arrears on its duty in the next six months) and `tax-risk` (the probability
//! that an audit would assess additional tax), both from what was known on a cut-off day. The
//! server sums each company's rows up to the cut-off into [`CompanyFacts`] (payments and their
//! state on that day, statements filed by then, remittances, audits, frauds found); this module
//! turns the facts into the features both models read, the one encoder the training matrices,
//! the CLI and the browser share.
//!
//! Files: this one (facts, features), `accumulate.rs` (facts built row by row as of the
//! cut-off, and the outcome after it), `factors.rs` (the stated business factors, the 0–999
//! score and grade, and the reasons), `model.rs` (the ONNX graphs).

mod accumulate;
mod factors;
mod model;

pub use accumulate::Outcome;
pub use factors::{FACTOR_WEIGHT, Factor, Reason, Scored, business_factor, combine, reasons};
pub use model::{CompanyModel, ModelKind};

/// Payments due within this many days before the cut-off are its recent payments.
pub const RECENT_DAYS: i32 = 90;
/// Payments due from a year to this many days before the cut-off are its earlier payments, to
/// compare the recent ones with.
pub const PRIOR_FROM_DAYS: i32 = 180;
/// Remittances, assessed duty and declared values are summed over this many days before the
/// cut-off.
pub const YEAR_DAYS: i32 = 365;
/// A payment more than this many days past its due date is in arrears (체납).
pub const ARREARS_DAYS: i32 = 30;
/// An audit that assesses at least this much additional tax, KRW, is a material finding: the
/// tax-risk target (smaller assessments are the routine corrections most audits make).
pub const MATERIAL_TAX_KRW: f64 = 10_000_000.0;
/// Each late payment counts at most this many days late in the averages.
pub const LATE_CAP_DAYS: i32 = 90;
/// Months after the cut-off in which the outcome is read.
pub const OUTCOME_DAYS: i32 = 181;

pub use portal_core::company::{FEATURES, GRADES};

/// Payments of a company due on or before the cut-off, in their state on the cut-off day.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Payments {
    /// Payments due.
    pub due: u32,
    /// Of them, paid after the due date or unpaid past it.
    pub late: u32,
    /// Days late, summed over the late ones (each at most [`LATE_CAP_DAYS`]).
    pub late_days: f64,
    /// Payments due in the last [`RECENT_DAYS`].
    pub recent_due: u32,
    /// Of them, late.
    pub recent_late: u32,
    /// Their days late, summed.
    pub recent_late_days: f64,
    /// Payments due from a year to [`PRIOR_FROM_DAYS`] before the cut-off.
    pub prior_due: u32,
    /// Of them, late.
    pub prior_late: u32,
    /// In arrears: paid or still unpaid more than [`ARREARS_DAYS`] after the due date.
    pub arrears: u32,
    /// Duty and VAT unpaid on the cut-off day, KRW.
    pub outstanding_krw: f64,
    /// Days past due of the oldest unpaid payment (0 when none).
    pub oldest_overdue_days: i32,
    /// Duty and VAT assessed in the last [`YEAR_DAYS`], KRW.
    pub duty_year_krw: f64,
    /// Customs value declared in the last [`YEAR_DAYS`], KRW.
    pub value_year_krw: f64,
}

/// A financial statement filed on or before the cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Statement {
    /// Fiscal year.
    pub year: i32,
    /// Debt ratio, %.
    pub debt_ratio: f64,
    /// Operating margin, %.
    pub margin: f64,
    /// Revenue, KRW.
    pub revenue_krw: f64,
    /// Whether it owed national tax.
    pub tax_arrears: bool,
}

/// Everything the scores know of one company on the cut-off day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompanyFacts {
    /// Company id.
    pub id: String,
    /// Compliance grade (`AAA`..`D`), if known.
    pub grade: Option<String>,
    /// Employees, if known.
    pub employees: Option<i64>,
    /// Registration day (days since 1970-01-01), if known.
    pub registered: Option<i32>,
    /// Whether it manufactures, if known.
    pub manufacturer: Option<bool>,
    /// Its payments.
    pub payments: Payments,
    /// Its latest statement filed by the cut-off.
    pub latest: Option<Statement>,
    /// The one before it.
    pub previous: Option<Statement>,
    /// Remittances for goods in the last [`YEAR_DAYS`], KRW.
    pub goods_remitted_krw: f64,
    /// Remittances for services and royalties in the last [`YEAR_DAYS`], KRW.
    pub service_remitted_krw: f64,
    /// Audits started before the cut-off.
    pub audits: u32,
    /// Of them, with additional tax assessed.
    pub audits_assessed: u32,
    /// Additional tax they assessed, KRW.
    pub assessed_krw: f64,
    /// Start day of the latest of them.
    pub last_audit: Option<i32>,
    /// Declarations found fraudulent before the cut-off.
    pub frauds: u32,
}

fn share(part: u32, whole: u32) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

fn log(x: f64) -> f32 {
    x.max(0.0).ln_1p() as f32
}

/// A ratio of remittances to declared value; -1 when nothing was declared.
fn ratio(remitted: f64, declared: f64) -> f32 {
    if declared > 0.0 {
        (remitted / declared).min(100.0) as f32
    } else {
        -1.0
    }
}

impl CompanyFacts {
    /// The features of the company on day `cutoff` (days since 1970-01-01), in [`FEATURES`]
    /// order.
    pub fn features(&self, cutoff: i32) -> [f32; 29] {
        let p = &self.payments;
        let mean_late = |days: f64, n: u32| {
            if n == 0 {
                0.0
            } else {
                (days / f64::from(n)) as f32
            }
        };
        let recent = share(p.recent_late, p.recent_due);
        let prior = share(p.prior_late, p.prior_due);
        let (debt, margin, revenue, tax) = self.latest.map_or((-1.0, 0.0, 0.0, 0.0), |s| {
            (
                s.debt_ratio as f32,
                s.margin as f32,
                log(s.revenue_krw),
                f32::from(u8::from(s.tax_arrears)),
            )
        });
        let change = |f: fn(&Statement) -> f64| match (self.latest, self.previous) {
            (Some(a), Some(b)) => (f(&a) - f(&b)) as f32,
            _ => 0.0,
        };
        let remitted = self.goods_remitted_krw + self.service_remitted_krw;
        [
            log(f64::from(p.due)),
            share(p.late, p.due),
            mean_late(p.late_days, p.late),
            recent,
            mean_late(p.recent_late_days, p.recent_late),
            prior,
            recent - prior,
            log(f64::from(p.arrears)),
            log(p.outstanding_krw),
            p.oldest_overdue_days as f32,
            log(p.duty_year_krw),
            debt,
            change(|s| s.debt_ratio),
            margin,
            change(|s| s.margin),
            tax,
            revenue,
            self.registered
                .map_or(-1.0, |d| ((cutoff - d).max(0) as f32) / 365.25),
            self.grade
                .as_deref()
                .and_then(|g| GRADES.iter().position(|x| *x == g))
                .map_or(-1.0, |i| i as f32),
            self.employees.map_or(-1.0, |e| log(e as f64)),
            ratio(self.goods_remitted_krw, p.value_year_krw),
            ratio(remitted, p.value_year_krw),
            if remitted > 0.0 {
                (self.service_remitted_krw / remitted) as f32
            } else {
                0.0
            },
            self.audits as f32,
            self.audits_assessed as f32,
            self.last_audit
                .map_or(30.0, |d| ((cutoff - d).max(0) as f32) / 365.25),
            log(self.assessed_krw),
            self.manufacturer.map_or(0.5, |m| f32::from(u8::from(m))),
            log(f64::from(self.frauds)),
        ]
    }
}

#[cfg(test)]
mod tests;
