//! The training exports of `portal`: `features`, `price-features`, `high-risk-features`,
//! `supply-chain-features` and `rerouting-features` (each model's matrices from the scoring
//! crate's encoders). `models/train.sh` reads what they write.

use std::collections::HashMap;
use std::path::Path;

use portal_core::patterns::Pattern;
use portal_core::worker::f32_bytes;
use portal_scoring::arrow_input::{prices_from_batch, risks_from_batch};
use portal_scoring::encoder::{Declaration, EncoderTables, feature_names};
use portal_scoring::high_risk::{FEATURES as HIGH_RISK_FEATURES, HighRiskTables, RiskRow};
use portal_scoring::price::{PRICE_FEATURES, PriceRow, PriceTables};
use portal_scoring::rerouting::{Exporter, FEATURES as REROUTING_FEATURES, exporters, rule_key};
use portal_scoring::supply_chain::{
    COMBINATIONS, FEATURES as SUPPLY_CHAIN_FEATURES, PARTIES, Shipment, histories,
};
use serde_json::json;

use super::declaration_rows::read_rows;
use super::scoring::{input_error, load_fraud, load_hs, read_declarations};
use super::shipments::{ShipmentRow, read_shipments};
use crate::cli::MatricesOptions;
use crate::data::generate::pattern;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::model_files::models_dir;
use crate::rerouting::ReroutingInputs;
use crate::scope::Scope;

fn labels(rows: &[Declaration]) -> Vec<u8> {
    rows.iter()
        .flat_map(|d| {
            [
                u8::from(d.fraud.unwrap_or(false)),
                u8::from(d.critical.unwrap_or(false)),
            ]
        })
        .collect()
}

/// `portal features`: writes the encoder tables (fitted on all training rows), the out-of-fold
/// training matrix, the validation matrix and the labels, as little-endian f32 / u8 files.
pub async fn features(opts: MatricesOptions) -> Result<(), Error> {
    let train = read_declarations(&opts.train)?;
    let valid = read_declarations(&opts.valid)?;
    if train
        .iter()
        .any(|d| d.fraud.is_none() || d.critical.is_none())
    {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "every training row needs its Fraud and Critical Fraud labels",
        ));
    }
    if !(opts.smoothing.is_finite() && opts.smoothing > 0.0) {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "--smoothing must be a positive number of pseudo-rows",
        ));
    }
    let tables = EncoderTables::fit_smoothed(&train, opts.smoothing);
    Matrices {
        out: &opts.out,
        tables_file: "encoder.json",
        tables: &tables,
        train: &tables.out_of_fold(&train, opts.folds),
        valid: &tables.encode(&valid),
        features: &feature_names(),
        rows: (train.len(), valid.len()),
        folds: opts.folds,
        extra: vec![
            ("train.labels.u8".into(), labels(&train)),
            ("valid.labels.u8".into(), labels(&valid)),
        ],
    }
    .write()
}

/// A feature export of the training step, the same for every model: the encoder tables as
/// JSON, `train.f32` (out of fold) and `valid.f32` (little-endian, row-major), the model's own
/// extra files (labels, targets), `features.json` (names, row counts, folds), and a summary on
/// stdout.
pub(super) struct Matrices<'a, T> {
    pub(super) out: &'a Path,
    pub(super) tables_file: &'a str,
    pub(super) tables: &'a T,
    pub(super) train: &'a [f32],
    pub(super) valid: &'a [f32],
    pub(super) features: &'a [String],
    /// Training and validation rows.
    pub(super) rows: (usize, usize),
    pub(super) folds: usize,
    /// Further files: name and bytes.
    pub(super) extra: Vec<(String, Vec<u8>)>,
}

impl<T: serde::Serialize> Matrices<'_, T> {
    pub(super) fn write(self) -> Result<(), Error> {
        std::fs::create_dir_all(self.out).map_err(|e| Error::internal("creating the output", e))?;
        let write = |name: &str, bytes: Vec<u8>| {
            std::fs::write(self.out.join(name), bytes)
                .map_err(|e| Error::internal(format!("writing {name}"), e))
        };
        let json = serde_json::to_string(self.tables)
            .map_err(|e| Error::internal("encoding tables", e))?;
        write(self.tables_file, json.into_bytes())?;
        write("train.f32", f32_bytes(self.train))?;
        write("valid.f32", f32_bytes(self.valid))?;
        for (name, bytes) in self.extra {
            write(&name, bytes)?;
        }
        let (train_rows, valid_rows) = self.rows;
        let meta = json!({"features": self.features, "train_rows": train_rows,
                          "valid_rows": valid_rows, "folds": self.folds});
        write("features.json", meta.to_string().into_bytes())?;
        println!(
            "features\t{}\ntrain\t{train_rows}\nvalid\t{valid_rows}",
            self.features.len()
        );
        Ok(())
    }
}

fn price_targets_and_labels(rows: &[PriceRow]) -> (Vec<f32>, Vec<u8>) {
    let y = rows
        .iter()
        .map(|r| r.unit_value().map_or(f32::NAN, |v| v.ln() as f32))
        .collect();
    let labels = rows
        .iter()
        .flat_map(|r| {
            [
                u8::from(r.fraud.unwrap_or(false)),
                u8::from(r.undervalued.unwrap_or(false)),
            ]
        })
        .collect();
    (y, labels)
}

/// `portal price-features`: writes the price encoder tables (fitted on all training rows), the
/// out-of-fold training matrix, the validation matrix, the targets (`ln` unit value) and the
/// labels (`[fraud, undervalued]`), as little-endian f32 / u8 files.
pub async fn price_features(opts: MatricesOptions) -> Result<(), Error> {
    let train = read_rows(&opts.train, prices_from_batch)?;
    let valid = read_rows(&opts.valid, prices_from_batch)?;
    let tables = PriceTables::fit(&train);
    let mut extra = Vec::new();
    for (name, rows) in [("train", &train), ("valid", &valid)] {
        let (y, labels) = price_targets_and_labels(rows);
        extra.push((format!("{name}.target.f32"), f32_bytes(&y)));
        extra.push((format!("{name}.labels.u8"), labels));
    }
    Matrices {
        out: &opts.out,
        tables_file: "tables.json",
        tables: &tables,
        train: &PriceTables::out_of_fold(&train, opts.folds),
        valid: &tables.encode(&valid),
        features: &PRICE_FEATURES.map(str::to_owned),
        rows: (train.len(), valid.len()),
        folds: opts.folds,
        extra,
    }
    .write()
}

/// The planted patterns in the order of their label code (0: none; `models/high-risk/train.py`
/// names them in this order).
pub const PATTERNS: [&str; 6] = [
    pattern::UNDERVALUATION,
    pattern::MISCLASSIFICATION,
    pattern::ORIGIN_DISGUISE,
    pattern::FTA_INVALID_ORIGIN,
    pattern::SUPPLY_CHAIN_RING,
    pattern::REPEAT_OFFENDER,
];

/// `[fraud, pattern code, month since 2020-01]` per row.
fn risk_labels(rows: &[RiskRow]) -> Vec<u8> {
    rows.iter()
        .flat_map(|r| {
            let pattern = r
                .pattern
                .as_deref()
                .and_then(|p| PATTERNS.iter().position(|x| *x == p));
            let month = portal_core::date::parse_date(&r.decl.date)
                .map_or(0, |(y, m, _)| (y - 2020) * 12 + m as i32 - 1);
            [
                u8::from(r.decl.fraud.unwrap_or(false)),
                pattern.map_or(0, |p| p as u8 + 1),
                month.clamp(0, 255) as u8,
            ]
        })
        .collect()
}

/// `portal high-risk-features`: from two generations (training, and report with a seed the
/// training never used), writes the high-risk tables (fitted on all training rows, neutral
/// values the training medians), the out-of-fold training matrix, the report matrix, the
/// labels (`[fraud, pattern, month]`) and the CDD fraud model's score of the report rows
/// (`valid.fraud.f32`, for the comparison on the same rows).
pub async fn high_risk_features(opts: MatricesOptions) -> Result<(), Error> {
    let train = read_rows(&opts.train, risks_from_batch)?;
    let valid = read_rows(&opts.valid, risks_from_batch)?;
    if train.iter().any(|r| r.decl.fraud.is_none()) {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "every training row needs its fraud label",
        ));
    }
    let dir = models_dir(opts.models_dir.clone());
    let hs = load_hs(&dir)?;
    let mut tables = HighRiskTables::fit(&train, opts.smoothing);
    let x_train = tables.out_of_fold(&train, &hs, opts.folds);
    tables.set_neutral(&x_train);
    let x_valid = tables.encode(&valid, &hs);
    let fraud = load_fraud(&dir)?;
    let decls: Vec<Declaration> = valid.iter().map(|r| r.decl.clone()).collect();
    let cdd_scores: Vec<f32> = fraud
        .score(&decls, |_| true)
        .map_err(|e| input_error(&opts.valid, e))?
        .iter()
        .map(|s| s.fraud)
        .collect();
    Matrices {
        out: &opts.out,
        tables_file: "tables.json",
        tables: &tables,
        train: &x_train,
        valid: &x_valid,
        features: &HIGH_RISK_FEATURES.map(str::to_owned),
        rows: (train.len(), valid.len()),
        folds: opts.folds,
        extra: vec![
            ("train.labels.u8".into(), risk_labels(&train)),
            ("valid.labels.u8".into(), risk_labels(&valid)),
            ("valid.fraud.f32".into(), f32_bytes(&cdd_scores)),
        ],
    }
    .write()
}

/// Per shipment `[fraud found, ring pattern (1..4 in KCS's order, 0: none), month since
/// 2020-01]`.
fn shipment_labels(rows: &[ShipmentRow]) -> Vec<u8> {
    rows.iter()
        .flat_map(|r| {
            let ring = r
                .pattern
                .as_deref()
                .and_then(|p| Pattern::ALL.iter().position(|x| x.planted() == p));
            let (y, m, _) = portal_core::date::civil_from_days(r.shipment.day);
            let month = (y - 2020) * 12 + m as i32 - 1;
            [
                u8::from(r.shipment.fraud),
                ring.map_or(0, |p| p as u8 + 1),
                month.clamp(0, 255) as u8,
            ]
        })
        .collect()
}

/// `portal supply-chain-features`: from two generations (training, and report with a seed the
/// training never used), writes each one's shipment features (histories from its own shipments,
/// no look-ahead), the labels (`[fraud, ring pattern, month]`) and the fraud model's score of
/// each report line's declaration (`valid.fraud.f32`, for the comparison on the same lines).
pub async fn supply_chain_features(opts: MatricesOptions) -> Result<(), Error> {
    let train = read_shipments(&opts.train).await?;
    let valid = read_shipments(&opts.valid).await?;
    let encode = |rows: &[ShipmentRow]| -> Vec<f32> {
        let s: Vec<Shipment> = rows.iter().map(|r| r.shipment.clone()).collect();
        histories(&s).into_iter().flatten().collect()
    };
    let fraud = load_fraud(&models_dir(opts.models_dir.clone()))?;
    let decls: Vec<Declaration> = read_rows(&opts.valid, risks_from_batch)?
        .into_iter()
        .map(|r| r.decl)
        .collect();
    let scores = fraud
        .score(&decls, |_| true)
        .map_err(|e| input_error(&opts.valid, e))?;
    let by_id: HashMap<&str, f32> = decls
        .iter()
        .zip(&scores)
        .map(|(d, s)| (d.id.as_str(), s.fraud))
        .collect();
    let fraud_scores: Vec<f32> = valid
        .iter()
        .map(|r| by_id.get(r.declaration_id.as_str()).copied().unwrap_or(0.0))
        .collect();
    Matrices {
        out: &opts.out,
        tables_file: "features-of.json",
        tables: &json!({"parties": PARTIES, "combinations": COMBINATIONS}),
        train: &encode(&train),
        valid: &encode(&valid),
        features: &SUPPLY_CHAIN_FEATURES.map(str::to_owned),
        rows: (train.len(), valid.len()),
        folds: 0,
        extra: vec![
            ("train.labels.u8".into(), shipment_labels(&train)),
            ("valid.labels.u8".into(), shipment_labels(&valid)),
            ("valid.fraud.f32".into(), f32_bytes(&fraud_scores)),
        ],
    }
    .write()
}

/// The last day of the rerouting model's fitting period (2020-12-31): its selection scores the
/// exports declared after it.
const REROUTING_FIT_END: i32 = 18_627;

/// The exporters of `inputs` with their row-major features, labels (`[planted]`) and the
/// baseline rule's key (matched exports, then Korean-declared exports / 1e6).
fn rerouting_matrix(inputs: &ReroutingInputs) -> (Vec<f32>, Vec<u8>, Vec<f32>) {
    let e: Vec<Exporter> = exporters(&inputs.exports, &inputs.imports, &inputs.facts);
    let x = e.iter().flat_map(|e| e.x).collect();
    let y = e
        .iter()
        .map(|e| u8::from(inputs.planted.contains(&e.id)))
        .collect();
    let rule = e
        .iter()
        .map(|e| {
            let (matched, kr) = rule_key(e);
            matched as f32 + kr as f32 / 1e6
        })
        .collect();
    (x, y, rule)
}

/// `portal rerouting-features`: from two generations (training, and report with a seed the
/// training never used), the exporters' features over each whole generation (`train`,
/// `valid`), and for the selection by time the training generation's exports up to 2020-12-31
/// (`fit`) and after (`select`, imports from 90 days before); labels `[planted]` and the
/// baseline rule's ranking key of each (`*.rule.f32`).
pub async fn rerouting_features(opts: MatricesOptions) -> Result<(), Error> {
    let read = |dir: std::path::PathBuf, period: Option<(i32, i32)>| async move {
        Engine::open(&dir)
            .await?
            .rerouting_inputs(&Scope::National, period, None)
            .await
    };
    let (train, train_y, train_rule) = rerouting_matrix(&read(opts.train.clone(), None).await?);
    let (valid, valid_y, valid_rule) = rerouting_matrix(&read(opts.valid.clone(), None).await?);
    let (fit, fit_y, _) =
        rerouting_matrix(&read(opts.train.clone(), Some((i32::MIN / 2, REROUTING_FIT_END))).await?);
    let (select, select_y, select_rule) = rerouting_matrix(
        &read(
            opts.train.clone(),
            Some((REROUTING_FIT_END + 1, i32::MAX / 2)),
        )
        .await?,
    );
    let width = REROUTING_FEATURES.len();
    Matrices {
        out: &opts.out,
        tables_file: "features-of.json",
        tables: &json!({"fit_end": "2020-12-31"}),
        train: &train,
        valid: &valid,
        features: &REROUTING_FEATURES.map(str::to_owned),
        rows: (train.len() / width, valid.len() / width),
        folds: 0,
        extra: vec![
            ("train.labels.u8".into(), train_y),
            ("valid.labels.u8".into(), valid_y),
            ("train.rule.f32".into(), f32_bytes(&train_rule)),
            ("valid.rule.f32".into(), f32_bytes(&valid_rule)),
            ("fit.f32".into(), f32_bytes(&fit)),
            ("fit.labels.u8".into(), fit_y),
            ("select.f32".into(), f32_bytes(&select)),
            ("select.labels.u8".into(), select_y),
            ("select.rule.f32".into(), f32_bytes(&select_rule)),
        ],
    }
    .write()
}
