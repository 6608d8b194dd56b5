//! What the generator learns from the real CDD training split and the HS nomenclature: whole
//! declaration templates (so that office, HS, origin, duty and fraud stay correlated as in the
//! real data), the unit price per HS6, lower-duty siblings per HS6, and FTA rate codes per origin.

use std::collections::HashMap;
use std::path::Path;

use super::reference::{CDD_FILES, CddRecord, HsNomenclature, read_cdd, read_hs};
use crate::error::Error;

/// A lower-duty HS6 in the same chapter, as used for planted misclassification.
#[derive(Debug, Clone)]
pub struct LowerDuty {
    /// The sibling code.
    pub hs6: String,
    /// Its basic duty rate (%).
    pub tax_rate: f64,
    /// Its rate type.
    pub tax_type: String,
}

/// Distributions for the generator.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Real CDD rows (with a positive mass) drawn whole as templates.
    pub templates: Vec<CddRecord>,
    /// Median KRW per kg by HS6.
    pub unit_price: HashMap<String, f64>,
    /// The cheapest sibling (≥ 2 points lower basic duty, same chapter) by HS6.
    pub lower_duty: HashMap<String, LowerDuty>,
    /// Most frequent FTA (`F…`) rate type by country of origin.
    pub fta_type: HashMap<String, String>,
    /// HS texts for item descriptions.
    pub hs: HsNomenclature,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

impl Profile {
    /// Builds the profile from `<reference>/cdd/df_syn_train_eng.csv` and
    /// `<reference>/hs/harmonized-system.csv` (the validation split is never used).
    pub fn load(reference: &Path) -> Result<Self, Error> {
        let train = read_cdd(&reference.join("cdd").join(CDD_FILES[0].1))?;
        let hs = read_hs(&reference.join("hs").join("harmonized-system.csv"))?;
        Ok(Self::from_records(&train, hs))
    }

    /// Builds the profile from CDD records.
    pub fn from_records(records: &[CddRecord], hs: HsNomenclature) -> Self {
        let templates: Vec<CddRecord> = records
            .iter()
            .filter(|r| r.net_mass > 0.0)
            .cloned()
            .collect();

        let mut prices: HashMap<&str, Vec<f64>> = HashMap::new();
        let mut rates: HashMap<&str, Vec<(f64, &str)>> = HashMap::new();
        let mut fta: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
        for r in records.iter().filter(|r| r.net_mass > 0.0) {
            if r.item_price > 0.0 {
                prices
                    .entry(&r.hs6)
                    .or_default()
                    .push(r.item_price / r.net_mass);
            }
            rates
                .entry(&r.hs6)
                .or_default()
                .push((r.tax_rate, &r.tax_type));
            if r.tax_type.starts_with('F') {
                *fta.entry(&r.country_origin)
                    .or_default()
                    .entry(&r.tax_type)
                    .or_default() += 1;
            }
        }
        let unit_price = prices
            .into_iter()
            .map(|(k, mut v)| (k.to_owned(), median(&mut v)))
            .collect();

        // Basic (non-FTA) duty of each HS6: the median of its non-preferential rates.
        let mut basic: Vec<(String, f64, String)> = rates
            .into_iter()
            .filter_map(|(hs6, v)| {
                let mut non_pref: Vec<f64> = v
                    .iter()
                    .filter(|(_, t)| !t.starts_with('F'))
                    .map(|(r, _)| *r)
                    .collect();
                if non_pref.is_empty() {
                    return None;
                }
                let rate = median(&mut non_pref);
                let ty = v
                    .iter()
                    .find(|(r, t)| *r == rate && !t.starts_with('F'))
                    .map_or("A", |(_, t)| t);
                Some((hs6.to_owned(), rate, ty.to_owned()))
            })
            .collect();
        basic.sort_by(|a, b| a.0.cmp(&b.0));
        let mut lower_duty = HashMap::new();
        for (hs6, rate, _) in &basic {
            let cheapest = basic
                .iter()
                .filter(|(o, r, _)| o[..2] == hs6[..2] && o != hs6 && *r + 2.0 <= *rate)
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            if let Some((o, r, t)) = cheapest {
                lower_duty.insert(
                    hs6.clone(),
                    LowerDuty {
                        hs6: o.clone(),
                        tax_rate: *r,
                        tax_type: t.clone(),
                    },
                );
            }
        }
        let fta_type = fta
            .into_iter()
            .filter_map(|(c, m)| {
                m.into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                    .map(|(t, _)| (c.to_owned(), t.to_owned()))
            })
            .collect();
        Profile {
            templates,
            unit_price,
            lower_duty,
            fta_type,
            hs,
        }
    }
}
