//! The portal's high-risk model: the risk of a declaration line from the signals the portal's
//! other models and checks compute, so that each planted pattern has a signal that shows it:
//!
//! - **price**: declared unit value against the expected one for the goods and origin (the
//!   price model's smoothed HS6 × origin mean);
//! - **HS code**: how the declared code ranks for the item description in the HS model;
//! - **origin**: how usual the origin is for the goods, and origin ≠ departure;
//! - **FTA certificate**: a preferential rate claimed with no certificate of origin, or one not
//!   issued in the origin's format (`CO-<origin>-…`);
//! - **party histories**: the earlier declarations of the importer, the overseas seller and the
//!   declarant *in the rows being scored*, dated strictly before the line, and how many of them
//!   were found fraudulent (no look-ahead; a party is never identified by its ID);
//! - **profile**: smoothed fraud rates of the office, declaration types, origin, duty type and
//!   chapter in training, the duty rate, mass and unit value.
//!
//! [`HighRiskTables`] holds what training learned (the rates, the price tables and the neutral
//! feature values the explanations compare with); the HS model is loaded beside it. Reasons
//! name the signals that raised a line's score most, each with its value.
//!
//! Files: this one (rows, features, tables, encoding), `history.rs` (party histories without
//! look-ahead), `model.rs` (the ONNX graph, scores and reasons).

mod history;
mod model;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use history::{HISTORY_SMOOTHING, histories};
pub use model::{HighRiskModel, MIN_EFFECT, Reason, reason_text};

use crate::encoder::{Counts, Declaration};
use crate::hs::HsModel;
use crate::price::{PriceRow, PriceTables};

/// One declaration line as the high-risk model sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RiskRow {
    /// The fields the fraud model reads (id, date, codes, parties, numbers, labels).
    pub decl: Declaration,
    /// Item description.
    pub description: String,
    /// Whether a preferential (FTA) rate is claimed.
    pub fta_claim: bool,
    /// Certificate of origin number (empty when none).
    pub co_number: String,
    /// The generator's planted pattern, when the input has the column (ground truth).
    pub pattern: Option<String>,
}

/// Positions in [`Declaration::cats`].
pub(crate) mod cat {
    pub const DECLARANT: usize = 6;
    pub const IMPORTER: usize = 7;
    pub const SELLER: usize = 8;
    pub const HS6: usize = 10;
    pub const DEPARTURE: usize = 11;
    pub const ORIGIN: usize = 12;
}

/// Fields with a smoothed fraud rate: their position in [`Declaration::cats`] (`None`: the HS2
/// chapter) and name.
pub const RATE_FIELDS: [(Option<usize>, &str); 10] = [
    (Some(0), "office_id"),
    (Some(1), "process_type"),
    (Some(2), "import_type"),
    (Some(3), "import_use"),
    (Some(4), "payment_type"),
    (Some(5), "transport_mode"),
    (Some(12), "country_origin"),
    (Some(13), "tax_type"),
    (Some(14), "origin_indicator"),
    (None, "hs2"),
];

/// Feature names, in encoding order.
pub const FEATURES: [&str; 30] = [
    "price_ln_ratio",
    "price_missing",
    "hs_rank_ln",
    "hs_score_ratio",
    "hs_top_same_heading",
    "hs_text_unmatched",
    "origin_share_ln",
    "origin_differs_from_departure",
    "fta_claim",
    "co_missing",
    "co_malformed",
    "importer_prior_ln",
    "importer_prior_rate",
    "seller_prior_ln",
    "seller_prior_rate",
    "declarant_prior_ln",
    "declarant_prior_rate",
    "office_id_rate",
    "process_type_rate",
    "import_type_rate",
    "import_use_rate",
    "payment_type_rate",
    "transport_mode_rate",
    "country_origin_rate",
    "tax_type_rate",
    "origin_indicator_rate",
    "hs2_rate",
    "tax_rate",
    "ln_net_mass",
    "ln_unit_price",
];

/// The signals (groups of features) the reasons name, with their feature ranges.
pub const SIGNALS: [(&str, std::ops::Range<usize>); 8] = [
    ("price", 0..2),
    ("hs_code", 2..6),
    ("origin", 6..8),
    ("fta_certificate", 8..11),
    ("importer_history", 11..13),
    ("seller_history", 13..15),
    ("declarant_history", 15..17),
    ("profile", 17..30),
];

/// Index of the first history feature.
pub(crate) const HISTORY: usize = 11;

/// Cap of the HS rank feature (ranks beyond it read as it); a code not in the nomenclature
/// reads as one more.
pub(crate) const RANK_CAP: f64 = 999.0;

/// What training learned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HighRiskTables {
    /// Fraud rate of the training rows.
    pub prior: f64,
    /// Pseudo-count of the prior in every rate.
    pub smoothing: f64,
    /// Per [`RATE_FIELDS`] field: value → counts.
    pub rates: Vec<BTreeMap<String, Counts>>,
    /// The unit-value tables (fitted on training rows not labelled fraud).
    pub price: PriceTables,
    /// Per feature, the value of an unremarkable line (the training median): what an
    /// explanation puts in place of a signal to see how much it raised the score.
    pub neutral: Vec<f32>,
}

fn rate(c: Counts, prior: f64, m: f64) -> f64 {
    (f64::from(c.fraud) + m * prior) / (f64::from(c.n) + m)
}

fn rate_key(d: &Declaration, field: Option<usize>) -> &str {
    match field {
        Some(i) => &d.cats[i],
        None => d.cats[cat::HS6].get(..2).unwrap_or(""),
    }
}

/// The price model's view of a row (for the price tables).
pub fn price_row(r: &RiskRow) -> PriceRow {
    PriceRow {
        id: r.decl.id.clone(),
        hs6: r.decl.cats[cat::HS6].clone(),
        origin: r.decl.cats[cat::ORIGIN].clone(),
        transport_mode: r.decl.cats[5].clone(),
        net_mass: r.decl.net_mass,
        item_price: r.decl.item_price,
        quantity: None,
        fraud: r.decl.fraud,
        undervalued: None,
    }
}

/// Counts per [`RATE_FIELDS`] field of labelled `rows`.
fn count_rates<'a>(rows: impl Iterator<Item = &'a RiskRow>) -> Vec<BTreeMap<String, Counts>> {
    let mut out = vec![BTreeMap::<String, Counts>::new(); RATE_FIELDS.len()];
    for r in rows {
        let Some(fraud) = r.decl.fraud else { continue };
        for (t, (field, _)) in out.iter_mut().zip(RATE_FIELDS) {
            let c = t.entry(rate_key(&r.decl, field).to_owned()).or_default();
            c.n += 1;
            c.fraud += u32::from(fraud);
        }
    }
    out
}

impl HighRiskTables {
    /// Learns the rates and price tables from labelled training rows (`neutral` stays empty:
    /// [`HighRiskTables::set_neutral`] fills it from the training matrix).
    pub fn fit(rows: &[RiskRow], smoothing: f64) -> HighRiskTables {
        let labelled: Vec<&RiskRow> = rows.iter().filter(|r| r.decl.fraud.is_some()).collect();
        let frauds = labelled
            .iter()
            .filter(|r| r.decl.fraud == Some(true))
            .count();
        let prices: Vec<PriceRow> = rows.iter().map(price_row).collect();
        HighRiskTables {
            prior: frauds as f64 / labelled.len().max(1) as f64,
            smoothing,
            rates: count_rates(rows.iter()),
            price: PriceTables::fit(&prices),
            neutral: Vec::new(),
        }
    }

    /// Sets the neutral values to the per-feature medians of the row-major matrix `x`.
    pub fn set_neutral(&mut self, x: &[f32]) {
        let w = FEATURES.len();
        let rows = x.len() / w;
        self.neutral = (0..w)
            .map(|j| {
                let mut col: Vec<f32> = (0..rows).map(|i| x[i * w + j]).collect();
                col.sort_by(f32::total_cmp);
                col.get(rows / 2).copied().unwrap_or(0.0)
            })
            .collect();
    }

    /// The features of `rows` (row-major, [`FEATURES`] per row), their histories taken from
    /// `rows` themselves.
    pub fn encode(&self, rows: &[RiskRow], hs: &HsModel) -> Vec<f32> {
        let hist = histories(rows, self.prior);
        let mut out = Vec::with_capacity(rows.len() * FEATURES.len());
        for (r, h) in rows.iter().zip(&hist) {
            self.encode_into(r, h, hs, &self.rates, &self.price, &mut out);
        }
        out
    }

    /// Training features without leakage: the rates and price tables of each of `folds`
    /// folds (by position) come from the other folds; histories are time-respecting as
    /// always.
    pub fn out_of_fold(&self, rows: &[RiskRow], hs: &HsModel, folds: usize) -> Vec<f32> {
        let folds = folds.max(2);
        let w = FEATURES.len();
        let hist = histories(rows, self.prior);
        let mut out = vec![0f32; rows.len() * w];
        let mut buf = Vec::with_capacity(w);
        for k in 0..folds {
            let others = || {
                rows.iter()
                    .enumerate()
                    .filter(move |(i, _)| i % folds != k)
                    .map(|(_, r)| r)
            };
            let rates = count_rates(others());
            let prices: Vec<PriceRow> = others().map(price_row).collect();
            let price = PriceTables::fit(&prices);
            for i in (k..rows.len()).step_by(folds) {
                buf.clear();
                self.encode_into(&rows[i], &hist[i], hs, &rates, &price, &mut buf);
                out[i * w..(i + 1) * w].copy_from_slice(&buf);
            }
        }
        out
    }

    fn encode_into(
        &self,
        r: &RiskRow,
        history: &[f32; 6],
        hs: &HsModel,
        rates: &[BTreeMap<String, Counts>],
        price: &PriceTables,
        out: &mut Vec<f32>,
    ) {
        let d = &r.decl;
        let (hs6, origin) = (&d.cats[cat::HS6], &d.cats[cat::ORIGIN]);
        let (expected, hs6_n, both_n) = price.expectation(hs6, origin);
        let unit = match (d.item_price, d.net_mass) {
            (Some(p), Some(m)) if p > 0.0 && m > 0.0 => Some((p / m).ln()),
            _ => None,
        };
        out.push(unit.map_or(0.0, |u| (u - expected) as f32));
        out.push(f32::from(u8::from(unit.is_none())));
        match hs.agreement(&r.description, hs6) {
            Some(a) => {
                let rank = if a.known {
                    (a.rank as f64).min(RANK_CAP)
                } else {
                    RANK_CAP + 1.0
                };
                out.push(rank.ln_1p() as f32);
                out.push(if a.top > 0.0 { a.score / a.top } else { 0.0 });
                out.push(f32::from(u8::from(
                    a.top_hs6.get(..4) == hs6.get(..4) && hs6.len() >= 4,
                )));
                out.push(0.0);
            }
            None => out.extend([0.0, 0.0, 0.0, 1.0]),
        }
        out.push(((f64::from(both_n) + 1.0) / (f64::from(hs6_n) + 10.0)).ln() as f32);
        out.push(f32::from(u8::from(
            !d.cats[cat::DEPARTURE].is_empty() && d.cats[cat::DEPARTURE] != *origin,
        )));
        let co = r.co_number.trim();
        out.push(f32::from(u8::from(r.fta_claim)));
        out.push(f32::from(u8::from(r.fta_claim && co.is_empty())));
        let issued_format = co
            .strip_prefix("CO-")
            .and_then(|rest| rest.strip_prefix(origin.as_str()))
            .is_some_and(|rest| rest.starts_with('-'));
        out.push(f32::from(u8::from(
            r.fta_claim && !co.is_empty() && !issued_format,
        )));
        out.extend_from_slice(history);
        for (t, (field, _)) in rates.iter().zip(RATE_FIELDS) {
            let c = t.get(rate_key(d, field)).copied().unwrap_or_default();
            out.push(rate(c, self.prior, self.smoothing) as f32);
        }
        out.push(d.tax_rate.unwrap_or(0.0) as f32);
        out.push(d.net_mass.filter(|m| *m > 0.0).map_or(0.0, f64::ln_1p) as f32);
        out.push(unit.unwrap_or(0.0) as f32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(k: u64, origin: &str) -> RiskRow {
        let mut decl = Declaration {
            id: format!("D{k}"),
            date: "2021-03-01".into(),
            fraud: Some(false),
            ..Declaration::default()
        };
        decl.cats[cat::ORIGIN] = origin.into();
        RiskRow {
            decl,
            ..RiskRow::default()
        }
    }

    #[test]
    fn certificates_must_be_issued_in_the_origin() {
        let hs = HsModel::new(crate::hs::HsTables::default());
        let mut tables = HighRiskTables::fit(&[row(0, "VN")], 10.0);
        tables.neutral = vec![0.0; FEATURES.len()];
        let mut r = row(1, "VN");
        r.fta_claim = true;
        let co = |r: &RiskRow| {
            let x = tables.encode(std::slice::from_ref(r), &hs);
            assert_eq!(x.len(), FEATURES.len());
            (x[8], x[9], x[10])
        };
        assert_eq!(co(&r), (1.0, 1.0, 0.0), "claimed without a certificate");
        r.co_number = "CO-VN-2021-0001234".into();
        assert_eq!(co(&r), (1.0, 0.0, 0.0), "issued in the origin");
        r.co_number = "CO-CN-2021-0001234".into();
        assert_eq!(co(&r), (1.0, 0.0, 1.0), "issued elsewhere");
        r.co_number = "482913".into();
        assert_eq!(co(&r), (1.0, 0.0, 1.0), "not the issuing format");
        r.fta_claim = false;
        assert_eq!(co(&r), (0.0, 0.0, 0.0), "no claim, no check");
    }
}
