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

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::ScoringError;
use crate::encoder::{Counts, Declaration};
use crate::hs::HsModel;
use crate::model::Model;
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
mod cat {
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
const HISTORY: usize = 11;

/// Smallest effect (probability) of a signal named as a reason.
pub const MIN_EFFECT: f32 = 0.01;

/// Pseudo-rows of the prior in a party's history rate.
pub const HISTORY_SMOOTHING: f64 = 5.0;
/// Cap of the HS rank feature (ranks beyond it read as it); a code not in the nomenclature
/// reads as one more.
const RANK_CAP: f64 = 999.0;

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

/// Per row, `[importer, seller, declarant]` × `[ln(1 + earlier rows), smoothed earlier fraud
/// rate]` from the rows of `rows` dated strictly before it (rows of the same day never see one
/// another). Unlabelled earlier rows count as rows, not in the rate.
pub fn histories(rows: &[RiskRow], prior: f64) -> Vec<[f32; 6]> {
    #[derive(Default, Clone, Copy)]
    struct Seen {
        n: u32,
        labelled: u32,
        fraud: u32,
    }
    let parties = [cat::IMPORTER, cat::SELLER, cat::DECLARANT];
    let mut seen: [HashMap<&str, Seen>; 3] = Default::default();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|a, b| rows[*a].decl.date.cmp(&rows[*b].decl.date));
    let mut out = vec![[0f32; 6]; rows.len()];
    let mut start = 0;
    while start < order.len() {
        let day = &rows[order[start]].decl.date;
        let end = start
            + order[start..]
                .iter()
                .take_while(|i| rows[**i].decl.date == *day)
                .count();
        for &i in &order[start..end] {
            for (p, (col, map)) in parties.iter().zip(&seen).enumerate() {
                let key = rows[i].decl.cats[*col].as_str();
                let s = if key.is_empty() {
                    Seen::default()
                } else {
                    map.get(key).copied().unwrap_or_default()
                };
                out[i][2 * p] = f64::from(s.n).ln_1p() as f32;
                out[i][2 * p + 1] = ((f64::from(s.fraud) + HISTORY_SMOOTHING * prior)
                    / (f64::from(s.labelled) + HISTORY_SMOOTHING))
                    as f32;
            }
        }
        for &i in &order[start..end] {
            for (col, map) in parties.iter().zip(seen.iter_mut()) {
                let key = rows[i].decl.cats[*col].as_str();
                if key.is_empty() {
                    continue;
                }
                let s = map.entry(key).or_default();
                s.n += 1;
                if let Some(f) = rows[i].decl.fraud {
                    s.labelled += 1;
                    s.fraud += u32::from(f);
                }
            }
        }
        start = end;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency): xorshift64.
    struct Xs(u64);
    impl Xs {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn row(k: u64, day: u64, importer: u64, seller: u64, fraud: Option<bool>) -> RiskRow {
        let mut decl = Declaration {
            id: format!("D{k}"),
            date: format!("2021-03-{:02}", day + 1),
            fraud,
            ..Declaration::default()
        };
        decl.cats[cat::IMPORTER] = format!("I{importer}");
        decl.cats[cat::SELLER] = if seller == 0 {
            String::new()
        } else {
            format!("S{seller}")
        };
        decl.cats[cat::DECLARANT] = "B1".into();
        RiskRow {
            decl,
            ..RiskRow::default()
        }
    }

    #[test]
    fn a_history_uses_only_rows_dated_before_it() {
        let mut rng = Xs(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20 {
            let rows: Vec<RiskRow> = (0..300)
                .map(|k| {
                    let fraud = match rng.below(3) {
                        0 => None,
                        1 => Some(true),
                        _ => Some(false),
                    };
                    row(k, rng.below(20), rng.below(15), rng.below(6), fraud)
                })
                .collect();
            let full = histories(&rows, 0.1);
            let cut = format!("2021-03-{:02}", rng.below(20) + 1);
            // Rows from the cut-off day on change their labels; rows after it disappear.
            let kept: Vec<(usize, RiskRow)> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.decl.date <= cut)
                .map(|(i, r)| {
                    let mut r = r.clone();
                    if r.decl.date == cut {
                        r.decl.fraud = r.decl.fraud.map(|f| !f);
                    }
                    (i, r)
                })
                .collect();
            let only: Vec<RiskRow> = kept.iter().map(|(_, r)| r.clone()).collect();
            let part = histories(&only, 0.1);
            for ((i, _), h) in kept.iter().zip(&part) {
                assert_eq!(
                    full[*i], *h,
                    "row {i} saw a row dated on or after its own day"
                );
            }
        }
    }

    #[test]
    fn histories_count_earlier_rows_and_their_frauds() {
        let rows = vec![
            row(0, 0, 1, 0, Some(true)),
            row(1, 0, 1, 0, Some(true)),
            row(2, 1, 1, 0, None),
            row(3, 2, 1, 0, Some(false)),
        ];
        let h = histories(&rows, 0.1);
        assert_eq!(h[0], h[1], "the same day never sees itself");
        assert_eq!(h[0][0], 0.0);
        let rate = |fraud: f64, labelled: f64| {
            ((fraud + HISTORY_SMOOTHING * 0.1) / (labelled + HISTORY_SMOOTHING)) as f32
        };
        assert_eq!(h[2][0], 2f32.ln_1p());
        assert_eq!(h[2][1], rate(2.0, 2.0));
        assert_eq!(
            h[3][0],
            3f64.ln_1p() as f32,
            "unlabelled rows count as rows"
        );
        assert_eq!(h[3][1], rate(2.0, 2.0), "but not in the rate");
        assert_eq!((h[3][2], h[3][3]), (0.0, 0.1), "no seller: the prior");
    }

    #[test]
    fn certificates_must_be_issued_in_the_origin() {
        let hs = HsModel::new(crate::hs::HsTables::default());
        let mut tables = HighRiskTables::fit(&[row(0, 0, 1, 1, Some(false))], 10.0);
        tables.neutral = vec![0.0; FEATURES.len()];
        let mut r = row(1, 1, 1, 1, None);
        r.decl.cats[cat::ORIGIN] = "VN".into();
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
