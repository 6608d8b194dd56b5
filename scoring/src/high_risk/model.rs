//! The high-risk model's ONNX graph with its tables: probabilities, and reasons — each signal
//! set in turn to its neutral value, the probability lost is its effect — with the value each
//! reason's sentence names.

use super::{FEATURES, HISTORY, HighRiskTables, RANK_CAP, RATE_FIELDS, RiskRow, SIGNALS};
use crate::ScoringError;
use crate::hs::HsModel;
use crate::model::Model;

/// Smallest effect (probability) of a signal named as a reason.
pub const MIN_EFFECT: f32 = 0.01;

/// A signal that raised a line's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reason {
    /// The signal ([`SIGNALS`] name).
    pub signal: &'static str,
    /// Probability lost when the signal is put at its neutral value.
    pub effect: f32,
    /// The signal's value, for the sentence that names it (always finite: it travels as JSON):
    /// price — declared over expected (0: no unit value);
    /// hs_code — the declared code's place (1 = first; 0: not in the nomenclature); origin — the origin's share of the
    /// goods' training lines; fta_certificate — 1 no certificate, 2 not in the origin's format,
    /// 0 neither; histories — the party's smoothed rate of frauds among its earlier lines;
    /// profile — the line's probability.
    pub value: f32,
}

/// The value a reason's sentence names, from the line's features and probability.
fn reason_value(signal: usize, x: &[f32], p: f32) -> f32 {
    match SIGNALS[signal].0 {
        "price" if x[1] == 0.0 => x[0].exp(),
        "price" => 0.0,
        "hs_code" if f64::from(x[2].exp_m1().round()) > RANK_CAP => 0.0,
        "hs_code" => x[2].exp_m1().round() + 1.0,
        "origin" => x[6].exp(),
        "fta_certificate" if x[9] > 0.0 => 1.0,
        "fta_certificate" if x[10] > 0.0 => 2.0,
        "fta_certificate" => 0.0,
        "importer_history" | "seller_history" | "declarant_history" => {
            x[HISTORY + 2 * (signal - 4) + 1]
        }
        _ => p,
    }
}

/// Tables and ONNX graph together (the HS model is passed to the calls that need it).
#[derive(Debug)]
pub struct HighRiskModel {
    tables: HighRiskTables,
    model: Model,
}

impl HighRiskModel {
    /// Loads the model from its ONNX bytes and tables (JSON).
    pub fn load(onnx: &[u8], tables_json: &str) -> Result<HighRiskModel, ScoringError> {
        let tables: HighRiskTables = serde_json::from_str(tables_json)
            .map_err(|e| ScoringError::Model(format!("unreadable high-risk tables: {e}")))?;
        if tables.rates.len() != RATE_FIELDS.len() || tables.neutral.len() != FEATURES.len() {
            return Err(ScoringError::Model(
                "the high-risk tables do not match this encoder".to_owned(),
            ));
        }
        let model = Model::load(onnx, FEATURES.len(), 1)?;
        Ok(HighRiskModel { tables, model })
    }

    /// The tables.
    pub fn tables(&self) -> &HighRiskTables {
        &self.tables
    }

    /// Runs the model alone on encoded features; answers the probability per row.
    pub fn run_features(&self, x: &[f32]) -> Result<Vec<f32>, ScoringError> {
        self.model.run(x, |_| true)
    }

    /// The probability of each row (in order) and its encoded features; `progress(done)` after
    /// each batch, `false` to stop.
    pub fn score(
        &self,
        rows: &[RiskRow],
        hs: &HsModel,
        progress: impl FnMut(usize) -> bool,
    ) -> Result<(Vec<f32>, Vec<f32>), ScoringError> {
        let x = self.tables.encode(rows, hs);
        let p = self.model.run(&x, progress)?;
        Ok((p, x))
    }

    /// Reasons for the rows `picked` of a scored set (their features `x` and probabilities
    /// `p` as [`HighRiskModel::score`] answered): the `top` signals whose neutral value lowers
    /// the probability most, strongest first, only those that raised it by [`MIN_EFFECT`] or
    /// more.
    pub fn explain(
        &self,
        picked: &[usize],
        x: &[f32],
        p: &[f32],
        top: usize,
    ) -> Result<Vec<Vec<Reason>>, ScoringError> {
        let w = FEATURES.len();
        let mut probe = Vec::with_capacity(picked.len() * SIGNALS.len() * w);
        for &i in picked {
            let row = &x[i * w..(i + 1) * w];
            for (_, range) in &SIGNALS {
                let start = probe.len();
                probe.extend_from_slice(row);
                probe[start + range.start..start + range.end]
                    .copy_from_slice(&self.tables.neutral[range.clone()]);
            }
        }
        let q = self.model.run(&probe, |_| true)?;
        Ok(picked
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let row = &x[i * w..(i + 1) * w];
                let mut reasons: Vec<Reason> = (0..SIGNALS.len())
                    .map(|s| Reason {
                        signal: SIGNALS[s].0,
                        effect: p[i] - q[k * SIGNALS.len() + s],
                        value: reason_value(s, row, p[i]),
                    })
                    .filter(|r| r.effect >= MIN_EFFECT)
                    .collect();
                reasons.sort_by(|a, b| b.effect.total_cmp(&a.effect));
                reasons.truncate(top);
                reasons
            })
            .collect())
    }
}

/// The English sentence of a reason (the CLI's; the client has its own translation tables).
pub fn reason_text(r: &Reason) -> String {
    match r.signal {
        "price" if r.value.is_finite() => {
            format!("declared unit price {:.0}% of expected", 100.0 * r.value)
        }
        "price" => "no unit price (price or mass missing)".to_owned(),
        "hs_code" if r.value == 0.0 => "HS code not in the HS 2022 nomenclature".to_owned(),
        "hs_code" => format!(
            "HS code ranks {} for this description",
            ordinal(r.value as u32)
        ),
        "origin" => format!("origin supplies {:.1}% of these goods", 100.0 * r.value),
        "fta_certificate" if r.value == 1.0 => "FTA rate claimed without a certificate".to_owned(),
        "fta_certificate" if r.value == 2.0 => {
            "FTA certificate not in the origin's issuing format".to_owned()
        }
        "fta_certificate" => "FTA rate claimed".to_owned(),
        "importer_history" => history_text("importer", r.value),
        "seller_history" => history_text("overseas seller", r.value),
        "declarant_history" => history_text("declarant", r.value),
        _ => "office, types and goods of the declaration".to_owned(),
    }
}

fn history_text(party: &str, rate: f32) -> String {
    format!(
        "{party}: {:.0}% of earlier lines found fraudulent",
        100.0 * rate
    )
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
