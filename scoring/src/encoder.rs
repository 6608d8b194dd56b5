//! The only feature encoder of the fraud model: declaration rows in, `f32` feature rows out.
//!
//! Categorical fields (office, declarant, importer, seller, HS codes, countries, ...) become three
//! numbers each: the smoothed fraud rate and critical-fraud rate of that value in the training
//! data, and `ln(1 + count)` of how often it occurred there. A value never seen in training
//! (an unknown category) gets the training prior and count 0. Numeric fields become logs of mass,
//! price and unit price, the tax rate, and flags. Missing numbers are 0 with their flag set.
//!
//! [`EncoderTables::fit`] learns the tables from labelled rows; [`EncoderTables::encode`] turns a
//! row into features. Training rows are encoded out-of-fold ([`EncoderTables::out_of_fold`]) so
//! that a row's own label never leaks into its features. The tables ship with the model as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One import declaration as the fraud model sees it (the CDD's fields).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Declaration {
    /// Declaration ID.
    pub id: String,
    /// Declaration date, `YYYY-MM-DD`.
    pub date: String,
    /// The categorical fields, in [`CATEGORICAL`] order (empty text when missing).
    pub cats: [String; CATEGORICAL.len()],
    /// Net mass in kg.
    pub net_mass: Option<f64>,
    /// Item price in KRW.
    pub item_price: Option<f64>,
    /// Tax rate in %.
    pub tax_rate: Option<f64>,
    /// `Fraud` label when known.
    pub fraud: Option<bool>,
    /// `Critical Fraud` label when known (`2` is critical).
    pub critical: Option<bool>,
}

/// Categorical fields: CDD English header name and snake_case name (as in the portal's
/// `import_declaration` dataset).
pub const CATEGORICAL: [(&str, &str); 15] = [
    ("Office ID", "office_id"),
    ("Process Type", "process_type"),
    ("Import Type", "import_type"),
    ("Import Use", "import_use"),
    ("Payment Type", "payment_type"),
    ("Mode of Transport", "transport_mode"),
    ("Declarant ID", "declarant_id"),
    ("Importer ID", "importer_id"),
    ("Seller ID", "seller_id"),
    ("Courier ID", "courier_id"),
    ("HS6 Code", "hs6"),
    ("Country of Departure", "country_departure"),
    ("Country of Origin", "country_origin"),
    ("Tax Type", "tax_type"),
    ("Country of Origin Indicator", "origin_indicator"),
];

/// Derived categorical keys (from the HS6 code): HS4 heading and HS2 chapter.
const DERIVED: [&str; 2] = ["hs4", "hs2"];

/// Index of the HS6 code in [`CATEGORICAL`].
const HS6: usize = 10;
/// Index of the origin and departure countries in [`CATEGORICAL`].
const ORIGIN: usize = 12;
const DEPARTURE: usize = 11;
/// Index of the courier in [`CATEGORICAL`].
const COURIER: usize = 9;

/// Numeric features after the categorical ones.
pub const NUMERIC: [&str; 8] = [
    "ln_net_mass",
    "ln_item_price",
    "ln_unit_price",
    "tax_rate",
    "origin_differs_from_departure",
    "no_courier",
    "mass_missing",
    "price_missing",
];

/// Default smoothing weight of the rates (pseudo-count of the prior); the model's training picks
/// its own by rolling-origin validation and stores it in the tables.
pub const SMOOTHING: f64 = 10.0;

fn default_smoothing() -> f64 {
    SMOOTHING
}

/// Number of features per row.
pub const FEATURES: usize = (CATEGORICAL.len() + DERIVED.len()) * 3 + NUMERIC.len();

/// Counts of one category value in training data.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Rows with the value.
    pub n: u32,
    /// Of which fraud.
    pub fraud: u32,
    /// Of which critical fraud.
    pub critical: u32,
}

/// What the encoder learned from training rows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EncoderTables {
    /// Fraud rate of the training rows.
    pub prior_fraud: f64,
    /// Critical-fraud rate of the training rows.
    pub prior_critical: f64,
    /// Pseudo-count of the prior in every smoothed rate.
    #[serde(default = "default_smoothing")]
    pub smoothing: f64,
    /// Per key (CATEGORICAL snake names, then `hs4`, `hs2`): value -> counts (sorted, so that the
    /// JSON is the same for the same data).
    pub tables: Vec<BTreeMap<String, Counts>>,
}

/// Feature names, in encoding order.
pub fn feature_names() -> Vec<String> {
    let keys = CATEGORICAL.iter().map(|(_, k)| *k).chain(DERIVED);
    let mut out: Vec<String> = keys
        .flat_map(|k| {
            [
                format!("{k}_fraud_rate"),
                format!("{k}_critical_rate"),
                format!("{k}_ln_count"),
            ]
        })
        .collect();
    out.extend(NUMERIC.iter().map(|s| (*s).to_owned()));
    out
}

/// The name of the field (feature group) feature `i` belongs to: a categorical key or a
/// numeric feature name (for explanations).
pub fn feature_group(i: usize) -> &'static str {
    let keys: Vec<&'static str> = CATEGORICAL.iter().map(|(_, k)| *k).chain(DERIVED).collect();
    if i < keys.len() * 3 {
        keys[i / 3]
    } else {
        NUMERIC.get(i - keys.len() * 3).copied().unwrap_or("?")
    }
}

fn key_values(d: &Declaration) -> impl Iterator<Item = &str> {
    let hs6 = d.cats[HS6].as_str();
    d.cats
        .iter()
        .map(String::as_str)
        .chain([hs6.get(..4).unwrap_or(hs6), hs6.get(..2).unwrap_or(hs6)])
}

fn ln(v: f64) -> f32 {
    (v.max(0.0)).ln_1p() as f32
}

impl EncoderTables {
    /// Learns the tables from labelled rows (rows without labels are skipped), with the default
    /// smoothing.
    pub fn fit<'a>(rows: impl IntoIterator<Item = &'a Declaration>) -> EncoderTables {
        Self::fit_smoothed(rows, SMOOTHING)
    }

    /// Learns the tables from labelled rows, rates smoothed with `smoothing` pseudo-rows of the
    /// prior.
    pub fn fit_smoothed<'a>(
        rows: impl IntoIterator<Item = &'a Declaration>,
        smoothing: f64,
    ) -> EncoderTables {
        let mut tables = vec![BTreeMap::<String, Counts>::new(); CATEGORICAL.len() + DERIVED.len()];
        let (mut n, mut fraud, mut critical) = (0u64, 0u64, 0u64);
        for d in rows {
            let (Some(f), Some(c)) = (d.fraud, d.critical) else {
                continue;
            };
            n += 1;
            fraud += u64::from(f);
            critical += u64::from(c);
            for (t, v) in tables.iter_mut().zip(key_values(d)) {
                let e = t.entry(v.to_owned()).or_default();
                e.n += 1;
                e.fraud += u32::from(f);
                e.critical += u32::from(c);
            }
        }
        let rate = |k: u64| if n == 0 { 0.0 } else { k as f64 / n as f64 };
        EncoderTables {
            prior_fraud: rate(fraud),
            prior_critical: rate(critical),
            smoothing,
            tables,
        }
    }

    /// The features of `d`, appended to `out` ([`FEATURES`] values).
    pub fn encode_into(&self, d: &Declaration, out: &mut Vec<f32>) {
        for (t, v) in self.tables.iter().zip(key_values(d)) {
            let c = t.get(v).copied().unwrap_or_default();
            let (n, m) = (f64::from(c.n), self.smoothing);
            out.push(((f64::from(c.fraud) + m * self.prior_fraud) / (n + m)) as f32);
            out.push(((f64::from(c.critical) + m * self.prior_critical) / (n + m)) as f32);
            out.push(n.ln_1p() as f32);
        }
        let mass = d.net_mass.unwrap_or(0.0);
        let price = d.item_price.unwrap_or(0.0);
        out.push(ln(mass));
        out.push(ln(price));
        out.push(ln(price / mass.max(1e-3)));
        out.push(d.tax_rate.unwrap_or(0.0) as f32);
        out.push(f32::from(u8::from(d.cats[ORIGIN] != d.cats[DEPARTURE])));
        out.push(f32::from(u8::from(d.cats[COURIER].is_empty())));
        out.push(f32::from(u8::from(d.net_mass.is_none())));
        out.push(f32::from(u8::from(d.item_price.is_none())));
    }

    /// The features of `rows`, row-major (`rows.len() × FEATURES`).
    pub fn encode(&self, rows: &[Declaration]) -> Vec<f32> {
        let mut out = Vec::with_capacity(rows.len() * FEATURES);
        for d in rows {
            self.encode_into(d, &mut out);
        }
        out
    }

    /// Training features without label leakage: rows are dealt into `folds` folds by position
    /// and each fold is encoded with tables learned from the other folds (smoothed as `self`).
    pub fn out_of_fold(&self, rows: &[Declaration], folds: usize) -> Vec<f32> {
        let folds = folds.max(2);
        let mut out = vec![0f32; rows.len() * FEATURES];
        for k in 0..folds {
            let t = EncoderTables::fit_smoothed(
                rows.iter()
                    .enumerate()
                    .filter(|(i, _)| i % folds != k)
                    .map(|(_, d)| d),
                self.smoothing,
            );
            let mut buf = Vec::with_capacity(FEATURES);
            for (i, d) in rows.iter().enumerate().filter(|(i, _)| i % folds == k) {
                buf.clear();
                t.encode_into(d, &mut buf);
                out[i * FEATURES..(i + 1) * FEATURES].copy_from_slice(&buf);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(importer: &str, hs6: &str, fraud: bool) -> Declaration {
        let mut cats: [String; CATEGORICAL.len()] = Default::default();
        cats[7] = importer.to_owned();
        cats[HS6] = hs6.to_owned();
        cats[ORIGIN] = "CN".into();
        cats[DEPARTURE] = "CN".into();
        Declaration {
            cats,
            net_mass: Some(10.0),
            item_price: Some(1000.0),
            tax_rate: Some(8.0),
            fraud: Some(fraud),
            critical: Some(false),
            ..Declaration::default()
        }
    }

    #[test]
    fn rates_are_smoothed_and_unknown_values_get_the_prior() {
        let rows = vec![
            decl("A", "851712", true),
            decl("A", "851712", true),
            decl("B", "851712", false),
            decl("B", "010121", false),
        ];
        let t = EncoderTables::fit(&rows);
        assert_eq!(t.prior_fraud, 0.5);
        let f = t.encode(&[decl("A", "851712", false)]);
        assert_eq!(f.len(), FEATURES);
        assert_eq!(feature_names().len(), FEATURES);
        // importer is categorical #7: (2 + 10 * 0.5) / (2 + 10)
        assert!((f[7 * 3] - 7.0 / 12.0).abs() < 1e-6);
        assert!((f[7 * 3 + 2] - 3f32.ln()).abs() < 1e-6);
        // An importer never seen: the prior, count 0.
        let u = t.encode(&[decl("한글상사", "999999", false)]);
        assert!((u[7 * 3] - 0.5).abs() < 1e-6);
        assert_eq!(u[7 * 3 + 2], 0.0);
        assert_eq!(feature_group(7 * 3 + 1), "importer_id");
        assert_eq!(feature_group(FEATURES - 1), "price_missing");
    }

    #[test]
    fn the_smoothing_travels_with_the_tables() {
        let rows = vec![decl("A", "851712", true), decl("B", "851712", false)];
        let t = EncoderTables::fit_smoothed(&rows, 30.0);
        // importer A: (1 + 30 * 0.5) / (1 + 30)
        let f = t.encode(&[decl("A", "851712", false)]);
        assert!((f[7 * 3] - 16.0 / 31.0).abs() < 1e-6);
        let json = serde_json::to_string(&t).expect("json");
        let back: EncoderTables = serde_json::from_str(&json).expect("back");
        assert_eq!(back.encode(&[decl("A", "851712", false)]), f);
        // Tables written before the setting existed read as the default smoothing.
        let old = json.replace("\"smoothing\":30.0,", "");
        let old: EncoderTables = serde_json::from_str(&old).expect("old tables");
        assert_eq!(old.smoothing, SMOOTHING);
    }

    #[test]
    fn missing_numbers_are_flagged_and_derived_codes_are_used() {
        let rows = vec![decl("A", "851712", true), decl("B", "851799", false)];
        let t = EncoderTables::fit(&rows);
        let mut d = decl("C", "851700", false);
        d.net_mass = None;
        d.cats[ORIGIN] = "VN".into();
        let f = t.encode(&[d]);
        let base = (CATEGORICAL.len() + DERIVED.len()) * 3;
        assert_eq!(f[base], 0.0, "ln mass of a missing mass");
        assert_eq!(f[base + 4], 1.0, "origin differs");
        assert_eq!(f[base + 6], 1.0, "mass missing");
        // hs4 '8517' was seen twice (one fraud): (1 + 10 * 0.5) / (2 + 10)
        let hs4 = CATEGORICAL.len() * 3;
        assert!((f[hs4] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn out_of_fold_never_uses_the_rows_own_label() {
        // Each importer appears once: out of fold, every row sees only the prior of the others.
        let rows: Vec<_> = (0..10)
            .map(|i| decl(&format!("I{i}"), "851712", i % 2 == 0))
            .collect();
        let x = EncoderTables::fit(&rows).out_of_fold(&rows, 5);
        for i in 0..10 {
            assert_eq!(
                x[i * FEATURES + 7 * 3 + 2],
                0.0,
                "row {i} saw its own importer"
            );
        }
    }
}
