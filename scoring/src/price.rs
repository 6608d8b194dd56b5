//! The price model: the expected unit value (KRW per kg) of a declaration line from its goods
//! (HS6 and its heading and chapter), origin, mass, quantity and transport, to flag likely
//! under-valuation ([`portal_core::risk::UNDERVALUED_BELOW`]).
//!
//! The encoder is the only one (the CLI exports the training matrix from it, the browser scores
//! with it): each goods key becomes the smoothed mean of `ln(unit value)` seen for it in training
//! (HS2 shrunk to the overall mean, HS4 to its HS2, HS6 to its HS4, HS6 × origin to its HS6,
//! with [`SHRINK`] pseudo-rows) and `ln(1 + count)`; the origin becomes its average premium over
//! the HS6 mean. A key never seen falls back to its parent. Training rows are encoded
//! out-of-fold so that a row's own price never leaks into its features. The tables are fitted on
//! declarations not found fraudulent (rows labelled fraud are left out).

use std::collections::BTreeMap;

use portal_core::risk::value_ratio;
use serde::{Deserialize, Serialize};

use crate::ScoringError;
use crate::model::Model;

/// One declaration line as the price model sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceRow {
    /// Declaration ID.
    pub id: String,
    /// HS6 code.
    pub hs6: String,
    /// Country of origin.
    pub origin: String,
    /// Mode of transport code (e.g. `10` sea, `40` air).
    pub transport_mode: String,
    /// Net mass in kg.
    pub net_mass: Option<f64>,
    /// Declared item price (customs value) in KRW.
    pub item_price: Option<f64>,
    /// Quantity in the line's quantity unit.
    pub quantity: Option<f64>,
    /// `Fraud` label when known.
    pub fraud: Option<bool>,
    /// Known under-valuation (the generator's `risk_pattern`), when known.
    pub undervalued: Option<bool>,
}

impl PriceRow {
    /// Declared unit value in KRW per kg, when price and mass are both positive.
    pub fn unit_value(&self) -> Option<f64> {
        match (self.item_price, self.net_mass) {
            (Some(p), Some(m)) if p > 0.0 && m > 0.0 => Some(p / m),
            _ => None,
        }
    }
}

/// Pseudo-rows of the parent mean in every smoothed mean.
pub const SHRINK: f64 = 5.0;

/// Feature names, in encoding order.
pub const PRICE_FEATURES: [&str; 11] = [
    "hs2_mean_ln_unit_value",
    "hs4_mean_ln_unit_value",
    "hs6_mean_ln_unit_value",
    "hs6_origin_mean_ln_unit_value",
    "origin_premium",
    "hs4_ln_count",
    "hs6_ln_count",
    "hs6_origin_ln_count",
    "ln_net_mass",
    "ln_units_per_kg",
    "transport_mode",
];

/// Sum and count of `ln(unit value)` of one key.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Stat {
    /// Rows.
    pub n: u32,
    /// Sum of their `ln(unit value)` (or of the premium, for origins).
    pub sum: f64,
}

impl Stat {
    fn add(&mut self, v: f64) {
        self.n += 1;
        self.sum += v;
    }

    /// The mean shrunk towards `parent` with [`SHRINK`] pseudo-rows.
    fn shrunk(&self, parent: f64) -> f64 {
        (self.sum + SHRINK * parent) / (f64::from(self.n) + SHRINK)
    }
}

/// What the price encoder learned from training rows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PriceTables {
    /// Mean `ln(unit value)` of all training rows.
    pub global: f64,
    /// HS2 → stat.
    pub hs2: BTreeMap<String, Stat>,
    /// HS4 → stat.
    pub hs4: BTreeMap<String, Stat>,
    /// HS6 → stat.
    pub hs6: BTreeMap<String, Stat>,
    /// `HS6|origin` → stat.
    pub hs6_origin: BTreeMap<String, Stat>,
    /// Origin → stat of `ln(unit value)` minus the row's HS6 mean.
    pub origin: BTreeMap<String, Stat>,
}

fn prefix(code: &str, n: usize) -> &str {
    code.get(..n).unwrap_or(code)
}

fn get(t: &BTreeMap<String, Stat>, k: &str) -> Stat {
    t.get(k).copied().unwrap_or_default()
}

/// The smoothed means of a row's goods keys: `[hs2, hs4, hs6, hs6 × origin]`.
struct Means {
    means: [f64; 4],
    counts: [u32; 3],
}

impl PriceTables {
    /// Learns the tables from the rows with a unit value that are not labelled fraud.
    pub fn fit<'a>(rows: impl IntoIterator<Item = &'a PriceRow> + Clone) -> PriceTables {
        let usable = |r: &&PriceRow| r.fraud != Some(true) && r.unit_value().is_some();
        let mut t = PriceTables::default();
        let (mut n, mut sum) = (0u64, 0f64);
        for r in rows.clone().into_iter().filter(usable) {
            let y = r.unit_value().unwrap_or(1.0).ln();
            n += 1;
            sum += y;
            t.hs2
                .entry(prefix(&r.hs6, 2).to_owned())
                .or_default()
                .add(y);
            t.hs4
                .entry(prefix(&r.hs6, 4).to_owned())
                .or_default()
                .add(y);
            t.hs6.entry(r.hs6.clone()).or_default().add(y);
            t.hs6_origin
                .entry(format!("{}|{}", r.hs6, r.origin))
                .or_default()
                .add(y);
        }
        t.global = if n == 0 { 0.0 } else { sum / n as f64 };
        for r in rows.into_iter().filter(usable) {
            let y = r.unit_value().unwrap_or(1.0).ln();
            let hs6 = t.means(r).means[2];
            t.origin.entry(r.origin.clone()).or_default().add(y - hs6);
        }
        t
    }

    fn means(&self, r: &PriceRow) -> Means {
        self.means_of(&r.hs6, &r.origin)
    }

    /// The smoothed mean `ln(unit value)` of goods `hs6` from `origin` (what the price model
    /// starts from), with the training lines of the HS6 and of the HS6 × origin.
    pub fn expectation(&self, hs6: &str, origin: &str) -> (f64, u32, u32) {
        let m = self.means_of(hs6, origin);
        (m.means[3], m.counts[1], m.counts[2])
    }

    fn means_of(&self, hs6_code: &str, origin: &str) -> Means {
        let hs2 = get(&self.hs2, prefix(hs6_code, 2));
        let hs4 = get(&self.hs4, prefix(hs6_code, 4));
        let hs6 = get(&self.hs6, hs6_code);
        let both = get(&self.hs6_origin, &format!("{hs6_code}|{origin}"));
        let m2 = hs2.shrunk(self.global);
        let m4 = hs4.shrunk(m2);
        let m6 = hs6.shrunk(m4);
        let mo = both.shrunk(m6);
        Means {
            means: [m2, m4, m6, mo],
            counts: [hs4.n, hs6.n, both.n],
        }
    }

    /// The features of `r`, appended to `out` ([`PRICE_FEATURES`] values); answers the training
    /// lines of its HS4, HS6 and HS6 × origin (what the expectation rests on).
    pub fn encode_into(&self, r: &PriceRow, out: &mut Vec<f32>) -> [u32; 3] {
        let m = self.means(r);
        out.extend(m.means.iter().map(|v| *v as f32));
        out.push(get(&self.origin, &r.origin).shrunk(0.0) as f32);
        out.extend(m.counts.iter().map(|c| f64::from(*c).ln_1p() as f32));
        let mass = r.net_mass.filter(|m| *m > 0.0);
        out.push(mass.map_or(0.0, |m| m.ln_1p() as f32));
        let per_kg = match (r.quantity, mass) {
            (Some(q), Some(m)) if q > 0.0 => (q / m).ln() as f32,
            _ => 0.0,
        };
        out.push(per_kg);
        out.push(r.transport_mode.trim().parse::<f32>().unwrap_or(0.0));
        m.counts
    }

    /// The features of `rows`, row-major (`rows.len() × PRICE_FEATURES.len()`).
    pub fn encode(&self, rows: &[PriceRow]) -> Vec<f32> {
        let mut out = Vec::with_capacity(rows.len() * PRICE_FEATURES.len());
        for r in rows {
            self.encode_into(r, &mut out);
        }
        out
    }

    /// Training features without leakage: rows are dealt into `folds` folds by position and
    /// each fold is encoded with tables learned from the other folds.
    pub fn out_of_fold(rows: &[PriceRow], folds: usize) -> Vec<f32> {
        let folds = folds.max(2);
        let w = PRICE_FEATURES.len();
        let mut out = vec![0f32; rows.len() * w];
        for k in 0..folds {
            let others = rows
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != k)
                .map(|(_, r)| r);
            let t = PriceTables::fit(others);
            let mut buf = Vec::with_capacity(w);
            for (i, r) in rows.iter().enumerate().filter(|(i, _)| i % folds == k) {
                buf.clear();
                t.encode_into(r, &mut buf);
                out[i * w..(i + 1) * w].copy_from_slice(&buf);
            }
        }
        out
    }
}

/// The price check of one declaration line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceCheck {
    /// Expected unit value, KRW per kg.
    pub expected: f32,
    /// Declared unit value, KRW per kg (NaN when price or mass is missing).
    pub declared: f32,
    /// What the expectation rests on: training lines of the same HS6 and origin.
    pub same_origin: u32,
    /// Training lines of the same HS6 (any origin); 0 means it rests on the heading or chapter.
    pub same_hs6: u32,
}

impl PriceCheck {
    /// Declared over expected ([`value_ratio`]).
    pub fn ratio(&self) -> Option<f32> {
        value_ratio(self.declared, self.expected)
    }
}

/// Encoder tables and the ONNX regression of `ln(unit value)` together.
#[derive(Debug)]
pub struct PriceModel {
    tables: PriceTables,
    model: Model,
}

impl PriceModel {
    /// Loads the model from its ONNX bytes and its encoder tables (JSON).
    pub fn load(onnx: &[u8], tables_json: &str) -> Result<PriceModel, ScoringError> {
        let tables: PriceTables = serde_json::from_str(tables_json)
            .map_err(|e| ScoringError::Model(format!("unreadable price tables: {e}")))?;
        let model = Model::load(onnx, PRICE_FEATURES.len(), 1)?;
        Ok(PriceModel { tables, model })
    }

    /// Runs the model alone on encoded features; answers the expected `ln(unit value)` per row.
    pub fn run_features(&self, x: &[f32]) -> Result<Vec<f32>, ScoringError> {
        self.model.run(x, |_| true)
    }

    /// Expected and declared unit values of `rows`, in order; `progress(done)` after each batch,
    /// `false` to stop.
    pub fn check(
        &self,
        rows: &[PriceRow],
        progress: impl FnMut(usize) -> bool,
    ) -> Result<Vec<PriceCheck>, ScoringError> {
        let mut x = Vec::with_capacity(rows.len() * PRICE_FEATURES.len());
        let counts: Vec<[u32; 3]> = rows
            .iter()
            .map(|r| self.tables.encode_into(r, &mut x))
            .collect();
        let y = self.model.run(&x, progress)?;
        Ok(rows
            .iter()
            .zip(y)
            .zip(counts)
            .map(|((r, ln), [_, hs6, both])| PriceCheck {
                expected: ln.exp(),
                declared: r.unit_value().map_or(f32::NAN, |v| v as f32),
                same_origin: both,
                same_hs6: hs6,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(hs6: &str, origin: &str, price: f64, mass: f64) -> PriceRow {
        PriceRow {
            hs6: hs6.into(),
            origin: origin.into(),
            transport_mode: "10".into(),
            net_mass: Some(mass),
            item_price: Some(price),
            quantity: Some(mass * 2.0),
            fraud: Some(false),
            ..PriceRow::default()
        }
    }

    #[test]
    fn means_are_shrunk_to_the_parent_and_unknown_keys_fall_back() {
        let e = std::f64::consts::E;
        // Two rows of 851712 from CN at unit value e (ln 1) and one of 851799 at e^3 (ln 3).
        let rows = vec![
            row("851712", "CN", e * 10.0, 10.0),
            row("851712", "CN", e * 4.0, 4.0),
            row("851799", "VN", e.powi(3), 1.0),
        ];
        let t = PriceTables::fit(&rows);
        let global = 5.0 / 3.0;
        assert!((t.global - global).abs() < 1e-9);
        let f = t.encode(&rows[..1]);
        assert_eq!(f.len(), PRICE_FEATURES.len());
        let m2 = (5.0 + SHRINK * global) / (3.0 + SHRINK);
        let m4 = (5.0 + SHRINK * m2) / (3.0 + SHRINK);
        let m6 = (2.0 + SHRINK * m4) / (2.0 + SHRINK);
        assert!((f64::from(f[0]) - m2).abs() < 1e-5);
        assert!((f64::from(f[1]) - m4).abs() < 1e-5);
        assert!((f64::from(f[2]) - m6).abs() < 1e-5);
        assert!((f[6] - 3f32.ln()).abs() < 1e-6, "hs6 seen twice");
        assert!((f[8] - 11f32.ln()).abs() < 1e-6, "ln(1 + 10 kg)");
        assert!((f[9] - 2f32.ln()).abs() < 1e-6, "2 units per kg");
        assert_eq!(f[10], 10.0);
        // A code never seen (in a heading seen before): its heading's mean, counts 0.
        let u = t.encode(&[row("851700", "한국", 1.0, 1.0)]);
        assert!((f64::from(u[2]) - m4).abs() < 1e-5);
        assert!((f64::from(u[3]) - m4).abs() < 1e-5);
        assert_eq!((u[6], u[7], u[4]), (0.0, 0.0, 0.0));
        // A chapter never seen: the overall mean.
        let c = t.encode(&[row("010121", "CN", 1.0, 1.0)]);
        assert!((f64::from(c[0]) - global).abs() < 1e-5);
    }

    #[test]
    fn fraud_and_unpriced_rows_are_not_learned_and_missing_numbers_encode_as_zero() {
        let mut bad = row("851712", "CN", 1.0, 10.0);
        bad.fraud = Some(true);
        let mut unpriced = row("851712", "CN", 0.0, 10.0);
        unpriced.item_price = None;
        let t = PriceTables::fit(&[bad, unpriced.clone(), row("851712", "CN", 100.0, 1.0)]);
        assert_eq!(t.hs6["851712"].n, 1);
        assert!((t.global - 100f64.ln()).abs() < 1e-9);
        unpriced.net_mass = None;
        unpriced.quantity = None;
        unpriced.transport_mode = String::new();
        let f = t.encode(&[unpriced.clone()]);
        assert_eq!((f[8], f[9], f[10]), (0.0, 0.0, 0.0));
        assert_eq!(unpriced.unit_value(), None);
    }

    #[test]
    fn out_of_fold_never_uses_the_rows_own_price() {
        // Each HS6 appears once: out of fold, no row sees its own code.
        let rows: Vec<_> = (0..10)
            .map(|i| row(&format!("85{i:04}"), "CN", 100.0 * f64::from(i + 1), 1.0))
            .collect();
        let x = PriceTables::out_of_fold(&rows, 5);
        for i in 0..10 {
            assert_eq!(x[i * PRICE_FEATURES.len() + 6], 0.0, "row {i} saw its HS6");
        }
    }
}
