//! The rerouting model (국산가장 우회수출): how likely an exporter ships foreign goods — mostly
//! Chinese — through Korea as Korean, from the evidence an officer checks. Each export declared
//! Korean is matched to the exporter's own import from China of the same goods shortly before
//! ([`matching`]); the features per exporter are what the matches show (share matched, lag,
//! value added, mass kept), its manufacturing facts (does it make anything, a factory, how many
//! people for how much export value), where its exports go (US/EU share and its shift over time)
//! and how its matched share compares with the peers exporting the same goods.
//!
//! Files: this one (rows, features), `matching.rs` (import → export matching), `model.rs` (the
//! ONNX graph and the evidence).

pub mod matching;
mod model;

use std::collections::HashMap;

use rustc_hash::FxHashMap;

pub use matching::{MATCH_DAYS, Match};
pub use model::{Evidence, ReroutingModel};

/// The features, in order.
pub const FEATURES: [&str; 17] = [
    "exports_log",
    "kr_origin_share",
    "matched_share",
    "near_matched_share",
    "median_lag_days",
    "median_value_ratio",
    "median_mass_ratio",
    "us_eu_share",
    "us_eu_shift",
    "manufacturer",
    "factory_registered",
    "employees_log",
    "export_value_per_employee_log",
    "cn_import_share",
    "imports_log",
    "peer_matched_share",
    "matched_over_peers",
];

/// Destinations whose tariffs on Chinese goods make rerouting pay (the US and the EU members
/// the portal's exports go to).
pub const TARIFF_DESTINATIONS: [&str; 6] = ["US", "DE", "NL", "FR", "IT", "ES"];

/// An export line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportLine {
    /// Export declaration id.
    pub id: String,
    /// Exporter.
    pub exporter: String,
    /// Export day (days since 1970-01-01).
    pub day: i32,
    /// HS6 of the goods.
    pub hs6: String,
    /// Destination country (ISO 2).
    pub destination: String,
    /// Declared origin (ISO 2; `KR` for Korean).
    pub origin: String,
    /// FOB value in KRW.
    pub fob_krw: f64,
    /// Net mass in kg.
    pub mass: f64,
}

/// An import line of a company that exports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportLine {
    /// Import declaration id.
    pub id: String,
    /// Importer.
    pub importer: String,
    /// Declaration day (days since 1970-01-01).
    pub day: i32,
    /// HS6 of the goods.
    pub hs6: String,
    /// Country of origin (ISO 2).
    pub origin: String,
    /// Customs value in KRW.
    pub value_krw: f64,
    /// Net mass in kg.
    pub mass: f64,
}

/// What is known of an exporter besides its exports: the company master's facts (unknown when
/// absent) and how many lines it imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// Whether it manufactures.
    pub manufacturer: Option<bool>,
    /// Whether it has a registered factory.
    pub factory: Option<bool>,
    /// Employees.
    pub employees: Option<i64>,
    /// Its import lines (every origin).
    pub imports: u32,
    /// Of which from China.
    pub cn_imports: u32,
}

/// One exporter's features with the matches behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct Exporter {
    /// Exporter id.
    pub id: String,
    /// [`FEATURES`], in order.
    pub x: [f32; 17],
    /// Its exports.
    pub exports: u32,
    /// Of which declared Korean.
    pub kr_exports: u32,
    /// Of which matched to a Chinese import of the same HS6 (the baseline rule's count).
    pub matched: u32,
    /// Total FOB value in KRW.
    pub fob_krw: f64,
    /// The matches (indexes into the exports and imports given to [`exporters`]).
    pub matches: Vec<Match>,
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

fn flag(v: Option<bool>) -> f32 {
    v.map_or(0.5, f32::from)
}

fn share(part: u32, whole: u32) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

/// The features of every exporter of `exports`, in order of first appearance. `imports` are
/// the import lines the matches may use (only those from China of the exporter itself are
/// matched: others may be left out); `facts` what is known of each company, by id.
pub fn exporters(
    exports: &[ExportLine],
    imports: &[ImportLine],
    facts: &HashMap<String, Facts>,
) -> Vec<Exporter> {
    let matches = matching::match_exports(exports, imports);
    // The exports of each exporter, in input order.
    let mut order: Vec<&str> = Vec::new();
    let mut of: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, e) in exports.iter().enumerate() {
        of.entry(e.exporter.as_str())
            .or_insert_with(|| {
                order.push(e.exporter.as_str());
                Vec::new()
            })
            .push(i);
    }
    // Peers: per HS6, the share of Korean-declared exports matched (every exporter).
    let mut per_hs6: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
    for (i, e) in exports.iter().enumerate() {
        if e.origin == "KR" {
            let t = per_hs6.entry(e.hs6.as_str()).or_default();
            t.0 += 1;
            t.1 += u32::from(matches[i].is_some_and(|m| m.same_hs6));
        }
    }
    order
        .into_iter()
        .map(|id| {
            let rows = &of[id];
            let mut x = [0f32; 17];
            let n = rows.len() as u32;
            let kr: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&i| exports[i].origin == "KR")
                .collect();
            let found: Vec<Match> = kr.iter().filter_map(|&i| matches[i]).collect();
            let same = found.iter().filter(|m| m.same_hs6).count() as u32;
            let mut lags: Vec<f64> = found.iter().map(|m| f64::from(m.lag)).collect();
            let mut values: Vec<f64> = found
                .iter()
                .filter(|m| imports[m.import].value_krw > 0.0)
                .map(|m| exports[m.export].fob_krw / imports[m.import].value_krw)
                .collect();
            let mut masses: Vec<f64> = found
                .iter()
                .filter(|m| imports[m.import].mass > 0.0)
                .map(|m| exports[m.export].mass / imports[m.import].mass)
                .collect();
            let tariff =
                |i: &usize| TARIFF_DESTINATIONS.contains(&exports[*i].destination.as_str());
            let to_tariff = rows.iter().filter(|i| tariff(i)).count() as u32;
            // The shift: the US/EU share of its later exports minus that of its earlier ones.
            let mut by_day = rows.clone();
            by_day.sort_by_key(|&i| (exports[i].day, i));
            let (early, late) = by_day.split_at(by_day.len() / 2);
            let shift = if early.is_empty() {
                0.0
            } else {
                share(
                    late.iter().filter(|i| tariff(i)).count() as u32,
                    late.len() as u32,
                ) - share(
                    early.iter().filter(|i| tariff(i)).count() as u32,
                    early.len() as u32,
                )
            };
            let f = facts.get(id).copied().unwrap_or_default();
            let fob: f64 = rows.iter().map(|&i| exports[i].fob_krw).sum();
            let peer = if kr.is_empty() {
                0.0
            } else {
                kr.iter()
                    .map(|&i| {
                        let (k, m) = per_hs6[exports[i].hs6.as_str()];
                        share(m, k)
                    })
                    .sum::<f32>()
                    / kr.len() as f32
            };
            let matched_share = share(same, kr.len() as u32);
            x[0] = f64::from(n).ln_1p() as f32;
            x[1] = share(kr.len() as u32, n);
            x[2] = matched_share;
            x[3] = share(found.len() as u32, kr.len() as u32);
            x[4] = median(&mut lags).unwrap_or(f64::from(MATCH_DAYS)) as f32;
            x[5] = median(&mut values).unwrap_or(0.0) as f32;
            x[6] = median(&mut masses).unwrap_or(0.0) as f32;
            x[7] = share(to_tariff, n);
            x[8] = shift;
            x[9] = flag(f.manufacturer);
            x[10] = flag(f.factory);
            x[11] = f.employees.map_or(0.0, |e| (e.max(0) as f64).ln_1p()) as f32;
            x[12] = (fob / 1e6 / f.employees.unwrap_or(1).max(1) as f64).ln_1p() as f32;
            x[13] = share(f.cn_imports, f.imports);
            x[14] = f64::from(f.imports).ln_1p() as f32;
            x[15] = peer;
            x[16] = matched_share - peer;
            Exporter {
                id: id.to_owned(),
                x,
                exports: n,
                kr_exports: kr.len() as u32,
                matched: same,
                fob_krw: fob,
                matches: found,
            }
        })
        .collect()
}

/// The baseline rule's ranking key of an exporter: its Korean-declared exports matched to a
/// Chinese import of the same HS6 within [`MATCH_DAYS`] days (ties: more exports first).
pub fn rule_key(e: &Exporter) -> (u32, u32) {
    (e.matched, e.kr_exports)
}

#[cfg(test)]
mod tests;
