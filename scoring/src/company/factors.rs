//! How a company's model probability becomes its 0–999 score and 01–10 grade: blended with
//! one stated business factor (the strongest that applies), and explained by the features that
//! raised the model's probability most against a typical company's.

use portal_core::risk::{grade, risk_score};

use super::{ARREARS_DAYS, CompanyModel, FEATURES, GRADES, ModelKind};
use crate::ScoringError;

/// Share of the score that the business factor carries; the model carries the rest.
pub const FACTOR_WEIGHT: f32 = 0.15;

pub use portal_core::company::Factor;

fn at(x: &[f32; 29], name: &str) -> f32 {
    FEATURES
        .iter()
        .position(|f| *f == name)
        .map_or(0.0, |i| x[i])
}

/// The strongest stated factor of `kind` that applies to features `x`, with its points in
/// 0..=1 (none: 0).
pub fn business_factor(kind: ModelKind, x: &[f32; 29]) -> Option<(Factor, f32)> {
    let grade = at(x, "compliance_grade");
    let low_grade = (grade >= (GRADES.len() - 2) as f32).then_some((
        Factor::LowComplianceGrade,
        if grade >= 5.0 { 0.6 } else { 0.4 },
    ));
    let candidates = match kind {
        ModelKind::Delinquency => [
            (at(x, "oldest_overdue_days") > ARREARS_DAYS as f32)
                .then_some((Factor::OverdueArrears, 1.0)),
            (at(x, "national_tax_arrears") > 0.5).then_some((Factor::NationalTaxArrears, 0.8)),
            (at(x, "recent_late_share") > 0.5).then_some((Factor::RecentLatePayments, 0.5)),
            low_grade,
        ],
        ModelKind::TaxRisk => [
            (at(x, "goods_remittance_ratio") > 1.5)
                .then_some((Factor::RemittancesOverDeclared, 1.0)),
            (at(x, "audits_assessed") > 0.0).then_some((Factor::AssessedBefore, 0.6)),
            (at(x, "frauds_log") > 0.0).then_some((Factor::FraudsFound, 0.5)),
            low_grade,
        ],
    };
    candidates
        .into_iter()
        .flatten()
        .fold(None, |best: Option<(Factor, f32)>, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
}

/// The blended probability of a model probability and a factor's points.
pub fn combine(probability: f32, points: f32) -> f32 {
    (1.0 - FACTOR_WEIGHT) * probability.clamp(0.0, 1.0) + FACTOR_WEIGHT * points.clamp(0.0, 1.0)
}

/// One company's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The model's probability.
    pub probability: f32,
    /// The business factor that applies, if any.
    pub factor: Option<Factor>,
    /// Score 0–999 of the blend.
    pub score: u16,
    /// Grade 1 (riskiest) to 10 of the blend.
    pub grade: u8,
}

impl Scored {
    /// The score of features `x` whose model probability is `probability`.
    pub fn of(kind: ModelKind, x: &[f32; 29], probability: f32) -> Scored {
        let factor = business_factor(kind, x);
        let blended = combine(probability, factor.map_or(0.0, |f| f.1));
        Scored {
            probability,
            factor: factor.map(|f| f.0),
            score: risk_score(blended),
            grade: grade(blended),
        }
    }
}

/// A feature that raised a company's probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reason {
    /// Feature name (one of [`FEATURES`]).
    pub feature: &'static str,
    /// The company's value.
    pub value: f32,
    /// The typical company's value.
    pub typical: f32,
    /// How much higher the probability is with the company's value than with the typical one.
    pub raised_by: f32,
}

/// Up to `k` features of `x` that raised its probability most: each is set in turn to the
/// typical company's value and the model run again; the drop is what the feature added.
pub fn reasons(model: &CompanyModel, x: &[f32; 29], k: usize) -> Result<Vec<Reason>, ScoringError> {
    let typical = model.typical();
    let mut rows = x.to_vec();
    for j in 0..FEATURES.len() {
        let mut r = *x;
        r[j] = typical[j];
        rows.extend_from_slice(&r);
    }
    let p = model.run(&rows, |_| true)?;
    let mut out: Vec<Reason> = (0..FEATURES.len())
        .filter(|&j| x[j] != typical[j])
        .map(|j| Reason {
            feature: FEATURES[j],
            value: x[j],
            typical: typical[j],
            raised_by: p[0] - p[j + 1],
        })
        .filter(|r| r.raised_by > 0.0)
        .collect();
    out.sort_by(|a, b| b.raised_by.total_cmp(&a.raised_by));
    out.truncate(k);
    Ok(out)
}
