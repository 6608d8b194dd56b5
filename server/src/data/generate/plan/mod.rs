//! Planning one declaration line: its parties and goods drawn from the profile, then at most
//! one planted risk pattern (one planner per pattern, tried in a fixed order so that a seed
//! always gives the same data), then what follows from the result (certificate, quantity,
//! currency, description). See DATASETS.md for the patterns.

mod fta_invalid_origin;
mod hidden_accomplice;
mod misclassification;
mod origin_disguise;
mod repeat_offender;
mod rings;
mod undervaluation;

use portal_core::date::civil_from_days;

use super::describe::{describe, quantity_unit};
use super::ports::currency;
use super::world::{Pools, Ring, RingKind, STORAGES, is_accomplice, is_compliant};
use crate::data::profile::{Profile, Template};
use crate::data::rng::{Rng, hash_str};

/// Planted risk patterns (values of `import_declaration.risk_pattern`), described in DATASETS.md.
#[expect(
    missing_docs,
    reason = "each constant is its own value; DATASETS.md documents them"
)]
pub mod pattern {
    pub const UNDERVALUATION: &str = "undervaluation";
    pub const MISCLASSIFICATION: &str = "misclassification";
    pub const ORIGIN_DISGUISE: &str = "origin_disguise";
    pub const FTA_INVALID_ORIGIN: &str = "fta_invalid_origin";
    pub const SUPPLY_CHAIN_RING: &str = "supply_chain_ring";
    pub const CARRIER_ROUTE_RING: &str = "carrier_route_ring";
    pub const CONSIGNEE_OFFICE_RING: &str = "consignee_office_ring";
    pub const CONSIGNEE_GOODS_RING: &str = "consignee_goods_ring";
    pub const REPEAT_OFFENDER: &str = "repeat_offender";
}

/// What a generation draws from: the profile and its parties.
pub struct World<'a> {
    /// The profile learnt from the reference data.
    pub profile: &'a Profile,
    /// Pool sizes.
    pub pools: Pools,
    /// The rings of the four supply-chain patterns, by `RingKind`.
    pub rings: [Vec<Ring<'a>>; 4],
}

/// One planned declaration line, before it is written to its tables.
pub struct Line<'a> {
    /// Sequence number in the generation.
    pub seq: u64,
    /// Declaration day (days since 1970-01-01).
    pub day: i32,
    /// The drawn declaration the line's office, types and goods come from.
    pub template: Template<'a>,
    /// The ring the line belongs to, if any: its kind and index.
    pub ring: Option<(RingKind, usize)>,
    /// Importer index.
    pub importer: u64,
    /// Seller index, if the line names one.
    pub seller: Option<u64>,
    /// Declarant index.
    pub declarant: u64,
    /// Courier index (air lines only).
    pub courier: Option<u64>,
    /// Freight forwarder index.
    pub forwarder: u64,
    /// Planned storage location index.
    pub storage: u64,
    /// Bonded carrier index.
    pub carrier: u64,
    /// HS6 code.
    pub hs6: String,
    /// Duty rate (%).
    pub tax_rate: f64,
    /// Duty rate type.
    pub tax_type: String,
    /// Country of origin.
    pub origin: String,
    /// Country of departure.
    pub departure: String,
    /// Origin indicator.
    pub origin_indicator: String,
    /// Net mass, kg.
    pub mass: f64,
    /// Customs value, KRW.
    pub price: f64,
    /// Fraud label (0/1).
    pub fraud: i64,
    /// Critical fraud label (0/1/2).
    pub critical: i64,
    /// The planted pattern, if any.
    pub pattern: Option<&'static str>,
    /// Certificate of origin number, if any.
    pub co_number: Option<String>,
    /// Whether a preferential (FTA) rate is claimed.
    pub fta_claim: bool,
    /// HS10 code.
    pub hs10: String,
    /// Quantity in `unit`.
    pub quantity: f64,
    /// Quantity unit.
    pub unit: &'static str,
    /// Invoice currency.
    pub currency: &'static str,
    /// Declared value in `currency`.
    pub declared_value: f64,
    /// Item description.
    pub description: String,
    /// The HS6 of the goods actually shipped when the line declares another (misclassification):
    /// the description names these goods, not the declared code's.
    pub shipped_hs6: Option<String>,
}

/// A certificate of origin number as issued in `country` on `day` (`CO-VN-2020-0001234`).
fn co_number(country: &str, day: i32, rng: &mut Rng) -> String {
    format!(
        "CO-{country}-{}-{:07}",
        civil_from_days(day).0,
        rng.below(10_000_000)
    )
}

/// Plans declaration `seq` of `day`.
pub fn plan<'a>(world: &World<'a>, rng: &mut Rng, day: i32, seq: u64) -> Line<'a> {
    let (profile, pools) = (world.profile, &world.pools);
    let ring = rings::pick(rng, world);
    let r = ring.map(|(kind, i)| &world.rings[kind as usize][i]);
    let template = match r {
        Some(r) => rings::template(r, profile, rng),
        None => profile.draw(rng),
    };
    let importer = match r.and_then(|r| rings::importer(r, rng)) {
        Some(i) => i,
        None => rng.skewed(pools.importers, 2.2),
    };
    let base = hidden_accomplice::base(importer, pools, rng);
    let chain = r.filter(|r| r.kind == RingKind::ForwarderConsignorStorage);
    let seller = match (chain, base) {
        (Some(r), _) => Some(r.seller),
        (None, Some(b)) => Some(b.seller),
        (None, None) => (!rng.chance(0.1)).then(|| rng.skewed(pools.sellers, 1.8)),
    };
    let declarant = match base {
        Some(b) => b.declarant,
        None => rng.skewed(pools.declarants, 2.5),
    };
    let courier = (template.transport_mode == "40" && rng.chance(0.3)).then(|| rng.below(80));
    let (forwarder, storage) = match (chain, base) {
        (Some(r), _) => (r.forwarder, r.storage),
        (None, Some(b)) => (b.forwarder, b.storage),
        (None, None) => (rng.skewed(pools.forwarders, 2.0), rng.below(STORAGES)),
    };
    let carrier = match r.filter(|r| r.kind == RingKind::CarrierOfficeDeparture) {
        Some(r) => r.carrier,
        None => rng.skewed(pools.carriers, 1.8),
    };
    let hs6 = template.hs6.to_owned();
    let origin = template.country_origin.to_owned();
    let mass = (template.net_mass * rng.lognormal(template.mass_sd) * 10.0)
        .round()
        .max(1.0)
        / 10.0;
    let origin_factor =
        (0.3 * ((hash_str(&origin, hash_str(&hs6, 1)) % 2001) as f64 / 1000.0 - 1.0)).exp();
    let fair_unit = profile.unit_price.get(&hs6).copied().unwrap_or(10_000.0)
        * origin_factor
        * rng.lognormal(0.2);
    let (fraud, critical) = if rng.chance(0.4) {
        (template.fraud, template.critical_fraud)
    } else {
        (0, 0)
    };
    let mut line = Line {
        seq,
        day,
        template,
        ring,
        importer,
        seller,
        declarant,
        courier,
        forwarder,
        storage,
        carrier,
        hs6,
        tax_rate: template.tax_rate,
        tax_type: template.tax_type.to_owned(),
        origin,
        departure: template.country_departure.to_owned(),
        origin_indicator: template.origin_indicator.to_owned(),
        mass,
        price: (mass * fair_unit).round(),
        fraud,
        critical,
        pattern: None,
        co_number: None,
        fta_claim: false,
        hs10: String::new(),
        quantity: 0.0,
        unit: "",
        currency: "",
        declared_value: 0.0,
        description: String::new(),
        shipped_hs6: None,
    };
    if is_accomplice(importer, pools) || (ring.is_none() && is_compliant(importer, pools)) {
        (line.fraud, line.critical) = (0, 0);
    } else {
        plant(&mut line, profile, rng);
    }
    finish(&mut line, profile, rng);
    line
}

/// Plants at most one pattern (never on a line of a hidden accomplice, nor of a compliant
/// importer outside a ring, which are never frauds): a ring's line is a ring line; otherwise one uniform draw picks
/// under-valuation, misclassification, origin disguise or an FTA claim without valid origin
/// (each with its share, and only where it applies); a line left unplanted of a repeat
/// offender may be a repeat offence.
fn plant(line: &mut Line<'_>, profile: &Profile, rng: &mut Rng) {
    let u = rng.f64();
    if let Some((kind, _)) = line.ring {
        rings::plant(line, kind, rng);
    } else if u < undervaluation::UNTIL {
        undervaluation::plant(line, rng);
    } else if u < misclassification::UNTIL {
        misclassification::plant(line, profile, rng);
    } else if u < origin_disguise::UNTIL {
        origin_disguise::plant(line, profile, rng);
    } else if u < fta_invalid_origin::UNTIL {
        fta_invalid_origin::plant(line, profile, rng);
    }
    if line.pattern.is_none() {
        repeat_offender::plant(line, rng);
    }
}

/// What follows from the planned goods, origin and duty: the certificate of an FTA claim, the
/// HS10, quantity, currency and description.
fn finish(line: &mut Line<'_>, profile: &Profile, rng: &mut Rng) {
    line.fta_claim = line.tax_type.starts_with('F');
    if line.fta_claim
        && line.co_number.is_none()
        && line.pattern != Some(pattern::FTA_INVALID_ORIGIN)
    {
        line.co_number = Some(co_number(&line.origin, line.day, rng));
    }
    line.hs10 = format!(
        "{}{}",
        line.hs6,
        ["0000", "1000", "9000"][(hash_str(&line.hs6, 10) % 3) as usize]
    );
    let (unit, per_unit_kg) = quantity_unit(&line.hs6);
    line.unit = unit;
    line.quantity = (line.mass / per_unit_kg).round().max(1.0);
    let (cur, fx) = currency(&line.origin);
    line.currency = cur;
    line.declared_value = (line.price / fx * 100.0).round() / 100.0;
    // The declared code's description is drawn from the main stream either way, so that a
    // misclassified line does not shift the draws of every line after it; the goods shipped
    // are described from a stream of their own.
    let declared = describe(profile, &line.hs6, rng);
    line.description = match &line.shipped_hs6 {
        Some(shipped) => describe(profile, shipped, &mut Rng::new(hash_str(shipped, line.seq))),
        None => declared,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificates_carry_the_calendar_year_of_their_day() {
        let mut rng = Rng::new(1);
        let last_of_2020 = portal_core::date::days_from_civil(2020, 12, 31);
        assert!(co_number("VN", last_of_2020, &mut rng).starts_with("CO-VN-2020-"));
        assert!(co_number("VN", last_of_2020 + 1, &mut rng).starts_with("CO-VN-2021-"));
    }
}
