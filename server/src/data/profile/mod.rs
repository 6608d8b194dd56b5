//! What the generator knows of real declarations: a table of aggregates of the CDD training
//! split and the HS nomenclature ([`CddProfile`], made by [`derive`] and committed as
//! `server/profile/cdd-profile.json`), and the draws the generator makes from it ([`Profile`]).
//!
//! The committed table is built into the binary, so that every machine, with or without the
//! reference data, generates the same demo data for a seed (`portal profile` derives it again
//! from `../shared/data`; a test checks that the committed file is what it derives).

pub mod derive;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::data::rng::Rng;
use crate::error::Error;

/// Counts per value.
pub type Counts = BTreeMap<String, u32>;

/// The committed profile, as built into the binary.
pub const BUILTIN: &str = include_str!("../../../profile/cdd-profile.json");

/// Statistics of a goods group (an HS6, HS4 or HS2 code with at least
/// [`derive::MIN_GROUP`] declarations, or all declarations under the empty key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Declarations in the group.
    pub n: u32,
    /// The most frequent origins with their counts.
    pub origins: Counts,
    /// Declarations of other origins (drawn as the parent group draws them).
    pub other_origins: u32,
    /// Mean of ln(net mass in kg).
    pub ln_mass: f64,
    /// Standard deviation of ln(net mass).
    pub ln_mass_sd: f64,
    /// Median KRW per kg of priced declarations.
    pub unit_price: Option<f64>,
    /// Median basic (non-preferential) duty rate, %.
    pub basic_rate: Option<f64>,
    /// The most frequent basic rate type at that rate.
    pub basic_type: Option<String>,
    /// Median preferential (FTA) rate, %.
    pub fta_rate: Option<f64>,
}

/// Countries of departure of goods of one origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Departures {
    /// Declarations departing from the origin itself.
    pub same: u32,
    /// The most frequent other departure countries.
    pub other: Counts,
    /// Declarations departing from yet other countries (drawn as from the origin).
    pub rest: u32,
}

/// Preferential-rate claims on goods of one origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fta {
    /// Declarations of the origin.
    pub rows: u32,
    /// Of which claiming an FTA rate.
    pub claims: u32,
    /// The FTA rate types claimed.
    pub types: Counts,
}

/// The fraud model of the profile: a base rate moved by each field's own (smoothed) rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fraud {
    /// Share of declarations found fraudulent.
    pub base: f64,
    /// Share of frauds that are critical (label 2).
    pub critical_share: f64,
    /// How much of each field's log-odds over the base a declaration takes.
    pub shrink: f64,
    /// Fraud rate per field and value.
    pub rates: BTreeMap<String, BTreeMap<String, f64>>,
}

/// HS texts for item descriptions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Texts {
    /// Subheading texts of the HS6 codes of the profile.
    pub subheadings: BTreeMap<String, String>,
    /// Chapter texts.
    pub chapters: BTreeMap<String, String>,
}

/// The aggregates the generator draws from (see [`derive`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CddProfile {
    /// Where the figures come from, and their licences.
    pub notice: String,
    /// Fewest declarations behind any group statistic.
    pub min_group: u32,
    /// Declarations described.
    pub rows: u64,
    /// Declarations per customs office.
    pub offices: Counts,
    /// Transport modes per office.
    pub modes_by_office: BTreeMap<String, Counts>,
    /// HS chapters per transport mode.
    pub chapters_by_mode: BTreeMap<String, Counts>,
    /// Declarations per HS6 code.
    pub hs6: Counts,
    /// Goods groups by HS6, HS4 or HS2 code ("" for all).
    pub groups: BTreeMap<String, Group>,
    /// Departure countries per origin.
    pub departures: BTreeMap<String, Departures>,
    /// FTA claims per origin.
    pub fta: BTreeMap<String, Fta>,
    /// Values of the declaration's type fields (process, import type and use, payment, origin
    /// indicator).
    pub fields: BTreeMap<String, Counts>,
    /// Fraud rates.
    pub fraud: Fraud,
    /// HS texts.
    pub texts: Texts,
}

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

/// Values with weights, drawn in proportion.
#[derive(Debug, Clone, Default)]
struct Weighted {
    values: Vec<String>,
    cumulative: Vec<u64>,
}

impl Weighted {
    fn of(counts: &Counts) -> Self {
        let mut w = Weighted::default();
        let mut total = 0u64;
        for (v, c) in counts.iter().filter(|(_, c)| **c > 0) {
            total += u64::from(*c);
            w.values.push(v.clone());
            w.cumulative.push(total);
        }
        w
    }

    fn total(&self) -> u64 {
        self.cumulative.last().copied().unwrap_or(0)
    }

    fn draw(&self, rng: &mut Rng) -> Option<&str> {
        let x = rng.below(self.total().max(1));
        let i = self.cumulative.partition_point(|c| *c <= x);
        self.values.get(i).map(String::as_str)
    }
}

/// One drawn declaration's office, types, goods, origin, duty, mass and label: what the
/// generator builds a line on.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    /// Customs office code.
    pub office_id: &'a str,
    /// Declaration process type.
    pub process_type: &'a str,
    /// Import type.
    pub import_type: &'a str,
    /// Import use.
    pub import_use: &'a str,
    /// Payment type.
    pub payment_type: &'a str,
    /// Transport mode code.
    pub transport_mode: &'a str,
    /// HS6 code.
    pub hs6: &'a str,
    /// Country of origin.
    pub country_origin: &'a str,
    /// Country of departure.
    pub country_departure: &'a str,
    /// Duty rate, %.
    pub tax_rate: f64,
    /// Duty rate type.
    pub tax_type: &'a str,
    /// Origin indicator.
    pub origin_indicator: &'a str,
    /// Median net mass of such goods, kg.
    pub net_mass: f64,
    /// Spread of ln(net mass) of such goods.
    pub mass_sd: f64,
    /// Fraud label (0/1).
    pub fraud: i64,
    /// Critical fraud label (0/1/2).
    pub critical_fraud: i64,
}

/// The profile ready to draw from.
#[derive(Debug, Clone)]
pub struct Profile {
    table: CddProfile,
    offices: Weighted,
    modes: HashMap<String, Weighted>,
    all_modes: Weighted,
    chapters: HashMap<String, Weighted>,
    all_chapters: Weighted,
    hs6_by_chapter: HashMap<String, Weighted>,
    origins: HashMap<String, Weighted>,
    departures: HashMap<String, (Weighted, u32)>,
    fta_types: HashMap<String, Weighted>,
    fields: HashMap<String, Weighted>,
    /// Median KRW per kg by HS6 (from the code's group).
    pub unit_price: HashMap<String, f64>,
    /// The cheapest sibling (≥ 2 points lower basic duty, same chapter) by HS6.
    pub lower_duty: HashMap<String, LowerDuty>,
    /// Most frequent FTA (`F…`) rate type by country of origin.
    pub fta_type: HashMap<String, String>,
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

impl Profile {
    /// The committed profile built into the binary.
    pub fn builtin() -> Result<Profile, Error> {
        let table: CddProfile = serde_json::from_str(BUILTIN)
            .map_err(|e| Error::internal("reading the built-in profile", e))?;
        Ok(Profile::new(table))
    }

    /// The aggregates behind the profile.
    pub fn table(&self) -> &CddProfile {
        &self.table
    }

    /// Prepares the draws of `table`.
    pub fn new(table: CddProfile) -> Profile {
        let weighted = |m: &BTreeMap<String, Counts>| -> HashMap<String, Weighted> {
            m.iter()
                .map(|(k, c)| (k.clone(), Weighted::of(c)))
                .collect()
        };
        let sum = |m: &BTreeMap<String, Counts>| {
            let mut all = Counts::new();
            for c in m.values() {
                for (k, v) in c {
                    *all.entry(k.clone()).or_default() += v;
                }
            }
            Weighted::of(&all)
        };
        let mut by_chapter: BTreeMap<String, Counts> = BTreeMap::new();
        for (code, n) in &table.hs6 {
            by_chapter
                .entry(code[..2].to_owned())
                .or_default()
                .insert(code.clone(), *n);
        }
        let origins = table
            .groups
            .iter()
            .map(|(k, g)| (k.clone(), Weighted::of(&g.origins)))
            .collect();
        let departures = table
            .departures
            .iter()
            .map(|(k, d)| (k.clone(), (Weighted::of(&d.other), d.same)))
            .collect();
        let fta_types = table
            .fta
            .iter()
            .map(|(k, f)| (k.clone(), Weighted::of(&f.types)))
            .collect();
        let fta_type = table
            .fta
            .iter()
            .filter_map(|(k, f)| {
                f.types
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(t, _)| (k.clone(), t.clone()))
            })
            .collect();
        let mut p = Profile {
            offices: Weighted::of(&table.offices),
            modes: weighted(&table.modes_by_office),
            all_modes: sum(&table.modes_by_office),
            chapters: weighted(&table.chapters_by_mode),
            all_chapters: sum(&table.chapters_by_mode),
            hs6_by_chapter: weighted(&by_chapter),
            origins,
            departures,
            fta_types,
            fields: table
                .fields
                .iter()
                .map(|(k, c)| (k.clone(), Weighted::of(c)))
                .collect(),
            unit_price: HashMap::new(),
            lower_duty: HashMap::new(),
            fta_type,
            table,
        };
        p.unit_price = p
            .table
            .hs6
            .keys()
            .filter_map(|c| {
                p.chain(c)
                    .find_map(|g| g.unit_price)
                    .map(|u| (c.clone(), u))
            })
            .collect();
        p.lower_duty = p.lower_duty_siblings();
        p
    }

    /// The goods groups of `hs6` from the most to the least specific: its HS6, HS4 and HS2
    /// groups where they exist, then all declarations.
    fn chain<'a>(&'a self, hs6: &'a str) -> impl Iterator<Item = &'a Group> + 'a {
        [6usize, 4, 2, 0]
            .into_iter()
            .filter_map(move |n| self.table.groups.get(hs6.get(..n).unwrap_or("")))
    }

    /// The basic rate and type of an HS6 with a group of its own.
    fn own_basic(&self, hs6: &str) -> Option<(f64, &str)> {
        let g = self.table.groups.get(hs6)?;
        Some((g.basic_rate?, g.basic_type.as_deref()?))
    }

    fn lower_duty_siblings(&self) -> HashMap<String, LowerDuty> {
        let basic: Vec<(&str, f64, &str)> = self
            .table
            .hs6
            .keys()
            .filter_map(|c| self.own_basic(c).map(|(r, t)| (c.as_str(), r, t)))
            .collect();
        let mut out = HashMap::new();
        for (hs6, rate, _) in &basic {
            let cheapest = basic
                .iter()
                .filter(|(o, r, _)| o[..2] == hs6[..2] && o != hs6 && *r + 2.0 <= *rate)
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)));
            if let Some((o, r, t)) = cheapest {
                out.insert(
                    (*hs6).to_owned(),
                    LowerDuty {
                        hs6: (*o).to_owned(),
                        tax_rate: *r,
                        tax_type: (*t).to_owned(),
                    },
                );
            }
        }
        out
    }

    /// The HS texts for item descriptions.
    pub fn texts(&self) -> &Texts {
        &self.table.texts
    }

    /// A customs office drawn as declarations are spread over offices.
    pub fn office(&self, rng: &mut Rng) -> &str {
        self.offices.draw(rng).unwrap_or("20")
    }

    /// Every origin the profile knows, in order.
    pub fn origins(&self) -> Vec<&str> {
        self.table.departures.keys().map(String::as_str).collect()
    }

    /// The basic duty rate (%) of `hs6`, from its own group or the nearest broader one.
    pub fn basic_rate(&self, hs6: &str) -> Option<f64> {
        self.chain(hs6).find_map(|g| g.basic_rate)
    }

    /// A code of HS chapter `chapter` (two digits), drawn as often as the data declares it.
    pub fn hs6_in_chapter<'a>(&'a self, chapter: &str, rng: &mut Rng) -> Option<&'a str> {
        self.hs6_by_chapter.get(chapter).and_then(|w| w.draw(rng))
    }

    /// The FTA rate types seen in the data that start with `prefix` (`FUS`: `FUS1,FUS2,…`),
    /// sorted, comma-separated.
    pub fn fta_rate_types(&self, prefix: &str) -> String {
        let types: std::collections::BTreeSet<&str> = self
            .table
            .fta
            .values()
            .flat_map(|f| f.types.keys())
            .map(String::as_str)
            .filter(|t| t.starts_with(prefix))
            .collect();
        types.into_iter().collect::<Vec<_>>().join(",")
    }

    fn field<'a>(&'a self, name: &str, rng: &mut Rng) -> &'a str {
        self.fields
            .get(name)
            .and_then(|w| w.draw(rng))
            .unwrap_or("11")
    }

    fn origin<'a>(&'a self, hs6: &'a str, rng: &mut Rng) -> &'a str {
        // Walk from the goods' own group up while the draw falls among its "other origins".
        for (g, key) in [6usize, 4, 2, 0].into_iter().filter_map(|n| {
            let key = hs6.get(..n).unwrap_or("");
            self.table.groups.get(key).map(|g| (g, key))
        }) {
            let listed = self.origins.get(key).map_or(0, Weighted::total);
            let x = rng.below(u64::from(g.n).max(1));
            if x < listed
                && let Some(o) = self.origins.get(key).and_then(|w| w.draw(rng))
            {
                return o;
            }
        }
        "CN"
    }

    fn departure<'a>(&'a self, origin: &'a str, rng: &mut Rng) -> &'a str {
        let Some((other, same)) = self.departures.get(origin) else {
            return origin;
        };
        let x = rng.below(u64::from(*same) + other.total() + 1);
        if x <= u64::from(*same) {
            return origin;
        }
        other.draw(rng).unwrap_or(origin)
    }

    fn fraud_label(&self, t: &Template<'_>, rng: &mut Rng) -> (i64, i64) {
        let f = &self.table.fraud;
        let base = logit(f.base);
        let chapter = &t.hs6[..2];
        let mut z = base;
        for (field, value) in [
            ("office_id", t.office_id),
            ("import_type", t.import_type),
            ("payment_type", t.payment_type),
            ("country_origin", t.country_origin),
            ("chapter", chapter),
        ] {
            if let Some(r) = f.rates.get(field).and_then(|m| m.get(value)) {
                z += f.shrink * (logit(*r) - base);
            }
        }
        let p = 1.0 / (1.0 + (-z).exp());
        if !rng.chance(p) {
            return (0, 0);
        }
        (1, if rng.chance(f.critical_share) { 2 } else { 1 })
    }

    /// Draws one declaration: office, then its transport mode, an HS chapter of that mode and
    /// a code of the chapter, an origin of those goods and a departure of that origin, the type
    /// fields, the duty (an FTA rate as often as goods of that origin claim one), the goods'
    /// typical mass, and a fraud label from the rates of its fields.
    pub fn draw<'a>(&'a self, rng: &mut Rng) -> Template<'a> {
        let office_id = self.offices.draw(rng).unwrap_or("20");
        let transport_mode = self
            .modes
            .get(office_id)
            .unwrap_or(&self.all_modes)
            .draw(rng)
            .unwrap_or("10");
        let chapter = self
            .chapters
            .get(transport_mode)
            .unwrap_or(&self.all_chapters)
            .draw(rng)
            .unwrap_or("39");
        let hs6 = self
            .hs6_by_chapter
            .get(chapter)
            .and_then(|w| w.draw(rng))
            .unwrap_or("392690");
        let country_origin = self.origin(hs6, rng);
        let country_departure = self.departure(country_origin, rng);
        let process_type = self.field("process_type", rng);
        let import_type = self.field("import_type", rng);
        let import_use = self.field("import_use", rng);
        let payment_type = self.field("payment_type", rng);
        let origin_indicator = self.field("origin_indicator", rng);
        let basic = self
            .chain(hs6)
            .find_map(|g| Some((g.basic_rate?, g.basic_type.as_deref()?)));
        let (mut tax_rate, mut tax_type) = basic.unwrap_or((8.0, "A"));
        if let Some(fta) = self.table.fta.get(country_origin)
            && rng.below(u64::from(fta.rows).max(1)) < u64::from(fta.claims)
            && let Some(t) = self.fta_types.get(country_origin).and_then(|w| w.draw(rng))
        {
            tax_type = t;
            tax_rate = self
                .chain(hs6)
                .find_map(|g| g.fta_rate)
                .unwrap_or((tax_rate * 0.3).floor())
                .min(tax_rate);
        }
        let goods = self.chain(hs6).next();
        let (ln_mass, mass_sd) = goods.map_or((5.0, 1.5), |g| (g.ln_mass, g.ln_mass_sd));
        let mut t = Template {
            office_id,
            process_type,
            import_type,
            import_use,
            payment_type,
            transport_mode,
            hs6,
            country_origin,
            country_departure,
            tax_rate,
            tax_type,
            origin_indicator,
            net_mass: ln_mass.exp(),
            mass_sd,
            fraud: 0,
            critical_fraud: 0,
        };
        (t.fraud, t.critical_fraud) = self.fraud_label(&t, rng);
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_profile_draws_declarations_like_the_cdd() {
        let p = Profile::builtin().expect("builtin profile");
        assert!(p.table().rows > 30_000, "{}", p.table().rows);
        assert!(p.table().hs6.len() > 2_000);
        let mut rng = Rng::new(1);
        let n = 20_000;
        let draws: Vec<Template<'_>> = (0..n).map(|_| p.draw(&mut rng)).collect();
        let share = |f: &dyn Fn(&Template<'_>) -> bool| {
            draws.iter().filter(|t| f(t)).count() as f64 / n as f64
        };
        // The CDD: a fifth fraudulent, most goods from China, the airport office 62 % by air.
        let fraud = share(&|t| t.fraud == 1);
        assert!((0.15..0.30).contains(&fraud), "fraud rate {fraud}");
        assert!(share(&|t| t.country_origin == "CN") > 0.35);
        let air = draws.iter().filter(|t| t.office_id == "40").count() as f64;
        let air_by_air = draws
            .iter()
            .filter(|t| t.office_id == "40" && t.transport_mode == "40")
            .count() as f64;
        assert!(
            (0.58..0.66).contains(&(air_by_air / air)),
            "{}",
            air_by_air / air
        );
        assert!(share(&|t| t.tax_type.starts_with('F')) > 0.2);
        assert!(draws.iter().all(|t| t.net_mass > 0.0 && t.hs6.len() == 6));
        // Misclassification has cheaper siblings to move to; FTA types are known by origin.
        assert!(p.lower_duty.len() > 100, "{}", p.lower_duty.len());
        assert_eq!(p.fta_type.get("CN").map(String::as_str), Some("FCN1"));
        assert!(p.unit_price.len() == p.table().hs6.len());
    }
}
