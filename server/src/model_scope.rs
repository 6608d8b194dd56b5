//! Model files as a user of one office may receive them. The fraud encoder and the price
//! tables are statistics of training rows; an analyst's browser gets only what their scope
//! allows, and still scores their own rows:
//!
//! - `fraud/encoder.json`: the office table keeps only the analyst's office; the party tables
//!   (declarant, importer, seller, courier) keep only parties that appear in that office's
//!   declarations on this server; every other table (goods, countries, types) keeps only values
//!   of at least [`MIN_ROWS`] training rows, so no entry describes one declaration.
//! - `price/tables.json`: every table keeps only keys of at least [`MIN_ROWS`] training rows.
//! - `high-risk/tables.json`: the office rate keeps only the analyst's office; every other rate
//!   and its price tables keep only keys of at least [`MIN_ROWS`] training rows (it holds no
//!   party: party histories come from the rows being scored).
//!
//! A value left out is scored as an unseen value is (the encoder's smoothing falls back to the
//! prior, the price model to the broader HS level). Other files (ONNX graphs, model cards, the
//! HS model's nomenclature tables) hold no rows and are served as installed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use portal_scoring::encoder::{CATEGORICAL, Counts, EncoderTables};
use portal_scoring::high_risk::{HighRiskTables, RATE_FIELDS};
use portal_scoring::price::{PriceTables, Stat};
use sha2::{Digest, Sha256};

use crate::error::Error;

/// Fewest training rows behind an entry that a scoped user receives.
pub const MIN_ROWS: u32 = 5;

/// The party columns of the fraud encoder (its tables keyed by a company).
pub const PARTY_COLUMNS: [&str; 4] = ["declarant_id", "importer_id", "seller_id", "courier_id"];

/// Whether `(model, file)` holds statistics of rows and so is restricted for scoped users.
pub fn is_row_bearing(model: &str, file: &str) -> bool {
    matches!(
        (model, file),
        ("fraud", "encoder.json") | ("price", "tables.json") | ("high-risk", "tables.json")
    )
}

/// The parties of one office's declarations, per party column (in [`PARTY_COLUMNS`] order).
#[derive(Debug, Clone, Default)]
pub struct OfficeParties {
    /// Party ids per column.
    pub ids: [HashSet<String>; 4],
}

/// The fraud encoder's tables as an analyst of `office` receives them.
pub fn scoped_encoder(
    tables: &EncoderTables,
    office: &str,
    parties: &OfficeParties,
) -> EncoderTables {
    let mut out = tables.clone();
    for (i, table) in out.tables.iter_mut().enumerate() {
        let column = CATEGORICAL.get(i).map(|(_, c)| *c);
        let party = column.and_then(|c| PARTY_COLUMNS.iter().position(|p| *p == c));
        match party {
            Some(p) => table.retain(|k, _| parties.ids[p].contains(k)),
            None => scope_rates(table, column.unwrap_or("derived"), office),
        }
    }
    out
}

/// A table of counts by value of `column` as an analyst of `office` receives it: the office
/// table keeps only their office, any other only values of at least [`MIN_ROWS`] training rows.
fn scope_rates(table: &mut BTreeMap<String, Counts>, column: &str, office: &str) {
    if column == "office_id" {
        table.retain(|k, _| k == office);
    } else {
        table.retain(|_, c| c.n >= MIN_ROWS);
    }
}

/// The price tables as a scoped user receives them.
pub fn scoped_price(tables: &PriceTables) -> PriceTables {
    let keep = |t: &BTreeMap<String, Stat>| -> BTreeMap<String, Stat> {
        t.iter()
            .filter(|(_, s)| s.n >= MIN_ROWS)
            .map(|(k, s)| (k.clone(), *s))
            .collect()
    };
    PriceTables {
        global: tables.global,
        hs2: keep(&tables.hs2),
        hs4: keep(&tables.hs4),
        hs6: keep(&tables.hs6),
        hs6_origin: keep(&tables.hs6_origin),
        origin: keep(&tables.origin),
    }
}

/// The high-risk tables as an analyst of `office` receives them.
pub fn scoped_high_risk(tables: &HighRiskTables, office: &str) -> HighRiskTables {
    let mut out = tables.clone();
    for (table, (_, name)) in out.rates.iter_mut().zip(RATE_FIELDS) {
        scope_rates(table, name, office);
    }
    out.price = scoped_price(&tables.price);
    out
}

/// One scoped file, built once per office and kept.
#[derive(Debug)]
pub struct ScopedFile {
    /// Its bytes.
    pub bytes: bytes::Bytes,
    /// `"<sha256>"` of the bytes.
    pub etag: String,
}

/// (office, model, file) of a scoped file.
pub type ScopedKey = (String, String, String);

/// The scoped files built so far, by (office, model, file). Each key is built once, by the
/// first request that asks for it; requests for other keys (and for built ones) do not wait for
/// a build in progress.
#[derive(Debug, Default)]
pub struct ScopedFiles {
    built: std::sync::Mutex<HashMap<ScopedKey, Arc<tokio::sync::OnceCell<Arc<ScopedFile>>>>>,
}

impl ScopedFiles {
    /// The scoped file of `key`, built by `build` the first time it is asked for (a failed
    /// build is tried again by the next request).
    pub async fn get_or_build<F>(&self, key: ScopedKey, build: F) -> Result<Arc<ScopedFile>, Error>
    where
        F: Future<Output = Result<Vec<u8>, Error>>,
    {
        let cell = self
            .built
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(key)
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            let bytes = build.await?;
            let etag = format!("\"{:x}\"", Sha256::digest(&bytes));
            Ok(Arc::new(ScopedFile {
                bytes: bytes.into(),
                etag,
            }))
        })
        .await
        .cloned()
    }
}

#[cfg(test)]
mod tests {
    use portal_scoring::encoder::Counts;

    use super::*;

    fn counts(n: u32) -> Counts {
        Counts {
            n,
            fraud: n / 2,
            critical: 0,
        }
    }

    #[test]
    fn an_office_gets_its_own_office_its_parties_and_no_rare_values() {
        let mut tables = EncoderTables {
            prior_fraud: 0.2,
            prior_critical: 0.01,
            smoothing: portal_scoring::encoder::SMOOTHING,
            tables: vec![BTreeMap::new(); CATEGORICAL.len() + 2],
        };
        let col = |name: &str| CATEGORICAL.iter().position(|(_, c)| *c == name).unwrap();
        tables.tables[col("office_id")] = [("40".into(), counts(90)), ("20".into(), counts(80))]
            .into_iter()
            .collect();
        tables.tables[col("importer_id")] = [("A".into(), counts(9)), ("B".into(), counts(50))]
            .into_iter()
            .collect();
        tables.tables[col("hs6")] = [("851713".into(), counts(40)), ("010129".into(), counts(2))]
            .into_iter()
            .collect();
        let mut parties = OfficeParties::default();
        parties.ids[1].insert("A".into());
        let scoped = scoped_encoder(&tables, "40", &parties);
        let keys = |name: &str| -> Vec<&str> {
            scoped.tables[col(name)]
                .keys()
                .map(String::as_str)
                .collect()
        };
        assert_eq!(keys("office_id"), ["40"]);
        assert_eq!(
            keys("importer_id"),
            ["A"],
            "parties of other offices are left out"
        );
        assert_eq!(keys("hs6"), ["851713"], "a value of 2 rows is left out");
        assert_eq!(scoped.prior_fraud, tables.prior_fraud);
    }

    #[test]
    fn high_risk_tables_keep_the_office_and_no_rare_values() {
        let mut rates = vec![BTreeMap::new(); RATE_FIELDS.len()];
        rates[0].insert("030".to_owned(), counts(900));
        rates[0].insert("040".to_owned(), counts(900));
        rates[6].insert("CN".to_owned(), counts(500));
        rates[6].insert("TV".to_owned(), counts(1));
        let mut price = PriceTables::default();
        price.hs6.insert("851712".into(), Stat { n: 2, sum: 1.0 });
        price.hs6.insert("851713".into(), Stat { n: 50, sum: 9.0 });
        let tables = HighRiskTables {
            rates,
            price,
            ..HighRiskTables::default()
        };
        let s = scoped_high_risk(&tables, "030");
        assert_eq!(s.rates[0].keys().collect::<Vec<_>>(), ["030"]);
        assert_eq!(s.rates[6].keys().collect::<Vec<_>>(), ["CN"]);
        assert_eq!(s.price.hs6.keys().collect::<Vec<_>>(), ["851713"]);
        assert!(is_row_bearing("high-risk", "tables.json"));
        assert!(!is_row_bearing("high-risk", "model.onnx"));
    }

    #[test]
    fn price_tables_keep_keys_of_at_least_min_rows() {
        let stat = |n| Stat { n, sum: 1.0 };
        let t: BTreeMap<String, Stat> = [("a".into(), stat(MIN_ROWS)), ("b".into(), stat(1))]
            .into_iter()
            .collect();
        let tables = PriceTables {
            global: 4.0,
            hs2: t.clone(),
            hs4: t.clone(),
            hs6: t.clone(),
            hs6_origin: t.clone(),
            origin: t,
        };
        let scoped = scoped_price(&tables);
        for table in [&scoped.hs2, &scoped.hs6_origin, &scoped.origin] {
            assert_eq!(table.keys().collect::<Vec<_>>(), ["a"]);
        }
    }
}
