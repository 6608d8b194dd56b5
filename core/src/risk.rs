//! How risk scores are shown and judged (AI 위험 분석): the 0–999 risk score, the 01–10 grade,
//! the inspection split at a rate, precision/recall at the top of a ranking, and the
//! under-valuation rule of the price model.

/// Risk score 0–999 of a probability (rounded; higher is riskier).
pub fn risk_score(p: f32) -> u16 {
    (p.clamp(0.0, 1.0) * 999.0).round() as u16
}

/// Grade 01 (riskiest) to 10 (least risky) of a probability: 01 for p ≥ 0.9, 02 for p ≥ 0.8,
/// ..., 10 below 0.1.
pub fn grade(p: f32) -> u8 {
    let d = (p.clamp(0.0, 1.0) * 10.0).floor() as i32;
    (10 - d).clamp(1, 10) as u8
}

/// Declarations sent to inspection when the top `rate` (0..=1) of `n` go: rounded, at least 1
/// when `rate > 0` and `n > 0`.
pub fn inspected(n: usize, rate: f64) -> usize {
    if n == 0 || rate <= 0.0 {
        return 0;
    }
    ((n as f64 * rate.min(1.0)).round() as usize).clamp(1, n)
}

/// Precision and recall of inspecting the `k` highest `scores` against `labels`.
/// `None` when no label is positive (recall undefined) or `k` is 0.
pub fn precision_recall_at(scores: &[f32], labels: &[bool], k: usize) -> Option<(f64, f64)> {
    if scores.len() != labels.len() {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b)));
    precision_recall_of(&order, labels, k)
}

/// [`precision_recall_at`] for rows already ranked: `order` holds row indexes riskiest first
/// (so that moving an inspection-rate slider does not sort again).
pub fn precision_recall_of(order: &[usize], labels: &[bool], k: usize) -> Option<(f64, f64)> {
    let positives = labels.iter().filter(|l| **l).count();
    if k == 0 || positives == 0 || order.len() != labels.len() {
        return None;
    }
    let k = k.min(order.len());
    let hits = order[..k].iter().filter(|i| labels[**i]).count();
    Some((hits as f64 / k as f64, hits as f64 / positives as f64))
}

/// Area under the ROC curve of `scores` against `labels`: the chance that a positive scores
/// above a negative (ties count half). `None` without both a positive and a negative.
pub fn auc(scores: &[f32], labels: &[bool]) -> Option<f64> {
    if scores.len() != labels.len() {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*a].total_cmp(&scores[*b]));
    // Mean rank (1-based) of each group of tied scores, summed over the positives.
    let (mut rank_sum, mut i) = (0.0, 0);
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += mean * order[i..=j].iter().filter(|k| labels[**k]).count() as f64;
        i = j + 1;
    }
    let pos = labels.iter().filter(|l| **l).count() as f64;
    let neg = labels.len() as f64 - pos;
    (pos > 0.0 && neg > 0.0).then(|| (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg))
}

/// A declaration is flagged as likely under-valued when its declared unit value is below this
/// share of the price model's expected unit value (the business rule, documented in
/// `models/price/model.md`).
pub const UNDERVALUED_BELOW: f32 = 0.5;

/// Declared over expected unit value; `None` when either is missing, zero or not finite.
pub fn value_ratio(declared: f32, expected: f32) -> Option<f32> {
    (declared.is_finite() && expected.is_finite() && declared > 0.0 && expected > 0.0)
        .then(|| declared / expected)
}

/// Whether a declared unit value is likely under-valued against the expected one
/// ([`UNDERVALUED_BELOW`]); `false` when the ratio is unknown.
pub fn undervalued(declared: f32, expected: f32) -> bool {
    value_ratio(declared, expected).is_some_and(|r| r < UNDERVALUED_BELOW)
}

/// How strongly a declared unit value falls short of the expected one, for ranking: `1 − ratio`
/// clamped to 0–1 (0 when at or above the expectation or unknown). Shown as a 0–999 score with
/// [`risk_score`].
pub fn shortfall(declared: f32, expected: f32) -> f32 {
    value_ratio(declared, expected).map_or(0.0, |r| (1.0 - r).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ordered_pairs_and_half_the_ties() {
        assert_eq!(
            auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]),
            Some(0.75)
        );
        assert_eq!(auc(&[0.5, 0.5], &[false, true]), Some(0.5));
        assert_eq!(auc(&[0.9, 0.1], &[true, false]), Some(1.0));
        assert_eq!(auc(&[0.9, 0.1], &[true, true]), None);
    }

    #[test]
    fn scores_and_grades() {
        assert_eq!(risk_score(0.0), 0);
        assert_eq!(risk_score(1.0), 999);
        assert_eq!(risk_score(0.5), 500);
        assert_eq!(risk_score(f32::NAN.max(2.0)), 999);
        assert_eq!(grade(0.95), 1);
        assert_eq!(grade(1.0), 1);
        assert_eq!(grade(0.8), 2);
        assert_eq!(grade(0.05), 10);
        assert_eq!(grade(0.0), 10);
    }

    #[test]
    fn inspection_split_and_precision_recall() {
        assert_eq!(inspected(1000, 0.05), 50);
        assert_eq!(inspected(10, 0.01), 1);
        assert_eq!(inspected(0, 0.5), 0);
        assert_eq!(inspected(10, 0.0), 0);
        let scores = [0.9, 0.1, 0.8, 0.3, 0.7];
        let labels = [true, false, false, true, true];
        assert_eq!(
            precision_recall_at(&scores, &labels, 2),
            Some((0.5, 1.0 / 3.0))
        );
        assert_eq!(precision_recall_at(&scores, &labels, 5), Some((0.6, 1.0)));
        assert_eq!(precision_recall_at(&scores, &[false; 5], 2), None);
        assert_eq!(precision_recall_at(&scores, &labels, 0), None);
        // Already ranked: the same answer without sorting again.
        let order = [0, 2, 4, 3, 1];
        assert_eq!(
            precision_recall_of(&order, &labels, 2),
            precision_recall_at(&scores, &labels, 2)
        );
        assert_eq!(precision_recall_of(&order[..4], &labels, 2), None);
    }

    #[test]
    fn undervaluation_rule() {
        assert_eq!(value_ratio(50.0, 200.0), Some(0.25));
        assert_eq!(value_ratio(0.0, 200.0), None);
        assert_eq!(value_ratio(f32::NAN, 200.0), None);
        assert_eq!(value_ratio(10.0, 0.0), None);
        assert!(undervalued(99.0, 200.0));
        assert!(!undervalued(100.0, 200.0), "exactly half is not below half");
        assert!(!undervalued(f32::NAN, 200.0));
        assert!((shortfall(50.0, 200.0) - 0.75).abs() < 1e-6);
        assert_eq!(shortfall(300.0, 200.0), 0.0);
        assert_eq!(shortfall(f32::NAN, 200.0), 0.0);
    }
}
