//! Deriving the generator's profile from the real CDD training split and the HS nomenclature:
//! frequencies, medians and rates per field and field combination, never rows. A group of
//! fewer than [`MIN_GROUP`] declarations is never described on its own: its HS6 borrows the
//! statistics of its heading, chapter or of all declarations.

use std::collections::{BTreeMap, HashMap};

use super::{CddProfile, Counts, Departures, Fraud, Fta, Group, Texts};
use crate::data::reference::{CddRecord, HsNomenclature};

/// Fewest declarations behind any statistic of the profile.
pub const MIN_GROUP: u32 = 5;
/// Origins listed per goods group (the rest are drawn as the parent group draws them).
const TOP_ORIGINS: usize = 8;
/// Fewest declarations behind a listed (goods group, origin) or (origin, departure) pair.
const MIN_PAIR: u32 = 2;
/// Departure countries listed per origin besides the origin itself.
const TOP_DEPARTURES: usize = 5;
/// Pseudo-declarations at the base rate that every fraud rate is shrunk with.
const FRAUD_PRIOR: f64 = 20.0;
/// How much of each field's log-odds a drawn declaration's fraud chance takes (the fields are
/// not independent; a full naive-Bayes sum would overstate them).
const FRAUD_SHRINK: f64 = 0.5;
/// The fields whose values the fraud chance depends on.
const FRAUD_FIELDS: [&str; 5] = [
    "office_id",
    "import_type",
    "payment_type",
    "country_origin",
    "chapter",
];

/// The licence notice carried in the profile file.
pub const NOTICE: &str = "Aggregates (counts, medians, rates over groups of at least 5 \
declarations) of the KCS Customs Import Declaration Datasets training split, MIT licence, \
copyright (c) 2022 Institute for Basic Science & Korea Customs Service; HS 2022 texts from the \
public-domain (PDDL) datasets/harmonized-system package. See server/profile/NOTICE.md.";

fn round(v: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (v * k).round() / k
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

fn count<'a>(values: impl IntoIterator<Item = &'a str>) -> Counts {
    let mut c = Counts::new();
    for v in values {
        *c.entry(v.to_owned()).or_default() += 1;
    }
    c
}

/// The `n` largest counts of at least `min` (ties by name), and what the rest add up to.
fn top(counts: &Counts, n: usize, min: u32) -> (Counts, u32) {
    let mut v: Vec<(&String, &u32)> = counts.iter().filter(|(_, c)| **c >= min).collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let kept: Counts = v.iter().take(n).map(|(k, c)| ((*k).clone(), **c)).collect();
    let kept_total: u32 = kept.values().sum();
    let rest = counts.values().sum::<u32>() - kept_total;
    (kept, rest)
}

fn group(rows: &[&CddRecord]) -> Group {
    let (origins, other_origins) = top(
        &count(rows.iter().map(|r| r.country_origin.as_str())),
        TOP_ORIGINS,
        MIN_PAIR,
    );
    let ln: Vec<f64> = rows.iter().map(|r| r.net_mass.ln()).collect();
    let mean = ln.iter().sum::<f64>() / ln.len() as f64;
    let var = ln.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / ln.len() as f64;
    let mut prices: Vec<f64> = rows
        .iter()
        .filter(|r| r.item_price > 0.0)
        .map(|r| r.item_price / r.net_mass)
        .collect();
    let mut basic: Vec<f64> = rows
        .iter()
        .filter(|r| !r.tax_type.starts_with('F'))
        .map(|r| r.tax_rate)
        .collect();
    let basic_rate = median(&mut basic);
    // The most frequent non-preferential rate type at that rate.
    let basic_type = basic_rate.and_then(|rate| {
        let c = count(
            rows.iter()
                .filter(|r| !r.tax_type.starts_with('F') && r.tax_rate == rate)
                .map(|r| r.tax_type.as_str()),
        );
        top(&c, 1, 1).0.into_keys().next()
    });
    let mut fta: Vec<f64> = rows
        .iter()
        .filter(|r| r.tax_type.starts_with('F'))
        .map(|r| r.tax_rate)
        .collect();
    Group {
        n: rows.len() as u32,
        origins,
        other_origins,
        ln_mass: round(mean, 4),
        ln_mass_sd: round(var.sqrt().max(0.1), 4),
        unit_price: median(&mut prices).map(|p| round(p, 2)),
        basic_rate,
        basic_type,
        fta_rate: median(&mut fta),
    }
}

/// The profile of `records` (the CDD training split) with the texts of `hs`.
pub fn derive(records: &[CddRecord], hs: &HsNomenclature) -> CddProfile {
    let rows: Vec<&CddRecord> = records.iter().filter(|r| r.net_mass > 0.0).collect();
    let chapter = |r: &CddRecord| r.hs6[..2].to_owned();
    // Declarations by a key; keys with fewer than MIN_GROUP declarations are left out.
    let by = |key: &dyn Fn(&CddRecord) -> String| {
        let mut m: BTreeMap<String, Vec<&CddRecord>> = BTreeMap::new();
        for r in &rows {
            m.entry(key(r)).or_default().push(*r);
        }
        m.retain(|_, g| g.len() as u32 >= MIN_GROUP);
        m
    };
    let hs6 = count(rows.iter().map(|r| r.hs6.as_str()));
    let mut groups = BTreeMap::new();
    groups.insert(String::new(), group(&rows));
    for len in [2usize, 4, 6] {
        for (k, g) in by(&|r: &CddRecord| r.hs6[..len].to_owned()) {
            groups.insert(k, group(&g));
        }
    }
    let counts_by = |key: &dyn Fn(&CddRecord) -> String, value: &dyn Fn(&CddRecord) -> &str| {
        by(key)
            .into_iter()
            .map(|(k, g)| (k, count(g.iter().map(|r| value(r)))))
            .collect::<BTreeMap<_, _>>()
    };
    let departures = by(&|r: &CddRecord| r.country_origin.clone())
        .into_iter()
        .map(|(origin, g)| {
            let same = g.iter().filter(|r| r.country_departure == origin).count() as u32;
            let others = count(
                g.iter()
                    .filter(|r| r.country_departure != origin)
                    .map(|r| r.country_departure.as_str()),
            );
            let (other, rest) = top(&others, TOP_DEPARTURES, MIN_PAIR);
            (origin, Departures { same, other, rest })
        })
        .collect();
    let fta = by(&|r: &CddRecord| r.country_origin.clone())
        .into_iter()
        .map(|(origin, g)| {
            let claims: Vec<&&CddRecord> =
                g.iter().filter(|r| r.tax_type.starts_with('F')).collect();
            let types = count(claims.iter().map(|r| r.tax_type.as_str()));
            (
                origin,
                Fta {
                    rows: g.len() as u32,
                    claims: claims.len() as u32,
                    types,
                },
            )
        })
        .collect();
    let fields = [
        (
            "process_type",
            (|r: &CddRecord| r.process_type.as_str()) as fn(&CddRecord) -> &str,
        ),
        ("import_type", |r| r.import_type.as_str()),
        ("import_use", |r| r.import_use.as_str()),
        ("payment_type", |r| r.payment_type.as_str()),
        ("origin_indicator", |r| r.origin_indicator.as_str()),
    ]
    .into_iter()
    .map(|(name, f)| (name.to_owned(), count(rows.iter().map(|r| f(r)))))
    .collect();
    CddProfile {
        notice: NOTICE.to_owned(),
        min_group: MIN_GROUP,
        rows: rows.len() as u64,
        offices: count(rows.iter().map(|r| r.office_id.as_str())),
        modes_by_office: counts_by(&|r: &CddRecord| r.office_id.clone(), &|r| {
            r.transport_mode.as_str()
        }),
        chapters_by_mode: counts_by(&|r: &CddRecord| r.transport_mode.clone(), &|r| &r.hs6[..2]),
        texts: Texts {
            subheadings: hs6
                .keys()
                .filter_map(|c| hs.subheadings.get(c).map(|t| (c.clone(), t.clone())))
                .collect(),
            chapters: hs
                .chapters
                .iter()
                .map(|(c, t)| (c.clone(), t.clone()))
                .collect(),
        },
        hs6,
        groups,
        departures,
        fta,
        fields,
        fraud: fraud(&rows, &chapter),
    }
}

fn fraud(rows: &[&CddRecord], chapter: &dyn Fn(&CddRecord) -> String) -> Fraud {
    let is_fraud = |r: &CddRecord| r.fraud == Some(1);
    let frauds = rows.iter().filter(|r| is_fraud(r)).count() as f64;
    let base = frauds / rows.len().max(1) as f64;
    let critical = rows.iter().filter(|r| r.critical_fraud == Some(2)).count() as f64;
    let value = |field: &str, r: &CddRecord| -> String {
        match field {
            "office_id" => r.office_id.clone(),
            "import_type" => r.import_type.clone(),
            "payment_type" => r.payment_type.clone(),
            "country_origin" => r.country_origin.clone(),
            _ => chapter(r),
        }
    };
    let mut rates = BTreeMap::new();
    for field in FRAUD_FIELDS {
        let mut tally: HashMap<String, (u32, u32)> = HashMap::new();
        for r in rows {
            let t = tally.entry(value(field, r)).or_default();
            t.0 += 1;
            t.1 += u32::from(is_fraud(r));
        }
        let per: BTreeMap<String, f64> = tally
            .into_iter()
            .filter(|(_, (n, _))| *n >= MIN_GROUP)
            .map(|(k, (n, f))| {
                let smoothed = (f64::from(f) + FRAUD_PRIOR * base) / (f64::from(n) + FRAUD_PRIOR);
                (k, round(smoothed, 4))
            })
            .collect();
        rates.insert(field.to_owned(), per);
    }
    Fraud {
        base: round(base, 4),
        critical_share: round(critical / frauds.max(1.0), 4),
        shrink: FRAUD_SHRINK,
        rates,
    }
}
