//! `company` rows: every party of the pools, with attributes derived from its index and the
//! seed (repeat offenders get grade C or D), and the role each plays in the planted patterns;
//! for importers (Korean companies) whether they manufacture, have a registered factory, and
//! how many people they employ — rerouting firms are small traders that make nothing, parts
//! manufacturers are factories.

use std::path::Path;

use portal_core::date::days_from_civil;

use crate::data::generate::plan::World;
use crate::data::generate::world::{
    RingKind, is_accomplice, is_offender, is_parts_maker, is_rerouter,
};
use crate::data::profile::Profile;
use crate::data::rng::{Rng, mix};
use crate::data::rows::{Companies, CompanyRow};
use crate::data::table::RowWriter;
use crate::error::Error;

/// The pattern role (ground truth) of party `i` of `role`: `repeat_offender`,
/// `hidden_accomplice`, or `ring_member` for the parties a ring is defined by (pattern 1's
/// forwarder, seller and consignees, pattern 2's carrier, patterns 3 and 4's consignee).
fn planted_role(world: &World<'_>, role: &str, i: u64) -> Option<&'static str> {
    let in_ring = world.rings.iter().flatten().any(|r| match (role, r.kind) {
        ("importer", RingKind::ForwarderConsignorStorage) => r.importers.contains(&i),
        ("importer", RingKind::ConsigneeOffice | RingKind::ConsigneeGoods) => r.importers[0] == i,
        ("forwarder", RingKind::ForwarderConsignorStorage) => r.forwarder == i,
        ("seller", RingKind::ForwarderConsignorStorage) => r.seller == i,
        ("carrier", RingKind::CarrierOfficeDeparture) => r.carrier == i,
        _ => false,
    });
    match role {
        "importer" if is_offender(i) => Some("repeat_offender"),
        "importer" if is_accomplice(i, &world.pools) => Some("hidden_accomplice"),
        "importer" if is_rerouter(i, &world.pools) => Some("rerouting_firm"),
        _ => in_ring.then_some("ring_member"),
    }
}

const REGIONS: [(&str, u64); 10] = [
    ("서울", 30),
    ("경기", 28),
    ("인천", 7),
    ("부산", 7),
    ("경남", 6),
    ("대구", 5),
    ("경북", 5),
    ("충남", 5),
    ("광주", 4),
    ("대전", 3),
];
const INDUSTRIES: [&str; 8] = [
    "전자부품 제조",
    "도소매업",
    "식품 제조",
    "섬유·의류",
    "화학제품 제조",
    "기계 제조",
    "자동차 부품",
    "전자상거래",
];
const P1: [&str; 10] = [
    "대한", "한빛", "세진", "동양", "미래", "우성", "신화", "태평", "금강", "서해",
];
const P2: [&str; 6] = ["무역", "상사", "물산", "인터내셔널", "테크", "산업"];
const GRADES: [&str; 6] = ["AAA", "AA", "A", "B", "C", "D"];

/// The roles of the pools: name, id prefix, id width.
const ROLES: [(&str, char, usize); 5] = [
    ("importer", 'I', 7),
    ("declarant", 'B', 5),
    ("forwarder", 'F', 5),
    ("seller", 'S', 7),
    ("carrier", 'T', 5),
];

/// One party's attributes, derived from its role, index and the seed.
#[derive(Debug, Clone)]
pub struct Party {
    /// Company id (`I0000042`).
    pub id: String,
    /// Company name.
    pub name: String,
    /// Industry.
    pub industry: &'static str,
    /// Korean province, or country for sellers.
    pub region: String,
    /// Registration day (days since 1970-01-01).
    pub registration: i32,
    /// Compliance grade.
    pub grade: &'static str,
    /// Whether it manufactures (Korean companies).
    pub manufacturer: Option<bool>,
    /// Whether it has a registered factory (Korean companies).
    pub factory: Option<bool>,
    /// Employees (Korean companies).
    pub employees: Option<i64>,
}

/// Party `i` of `role` (one of the pools' roles) in a generation with `seed`; `origins` are
/// the countries sellers are drawn from.
pub fn party(world: &World<'_>, origins: &[&str], role: &str, i: u64, seed: u64) -> Party {
    let pools = &world.pools;
    let (_, prefix, width) = ROLES
        .into_iter()
        .find(|(r, _, _)| *r == role)
        .unwrap_or(ROLES[0]);
    let mut rng = Rng::new(seed ^ mix(i ^ u64::from(prefix)));
    let h = rng.next_u64();
    let name = match role {
        "importer" => format!(
            "{}{} {}",
            P1[(h % 10) as usize],
            P2[((h >> 8) % 6) as usize],
            i
        ),
        "declarant" => format!("관세법인 {}{}", P1[(h % 10) as usize], i),
        "forwarder" => format!(
            "{} Logistics {i}",
            ["Pan", "Sea", "Global", "Sky", "Blue"][(h % 5) as usize]
        ),
        "carrier" => format!("{}보세운송 {i}", P1[(h % 10) as usize]),
        _ => format!(
            "{} Trading Co., Ltd. {i}",
            ["Sino", "Asia", "Pacific", "Euro", "Star"][(h % 5) as usize]
        ),
    };
    let region = if role == "seller" {
        origins[(h >> 16) as usize % origins.len().max(1)].to_owned()
    } else {
        let mut pick = (h >> 16) % 100;
        let mut region = REGIONS[0].0;
        for (r, wgt) in REGIONS {
            if pick < wgt {
                region = r;
                break;
            }
            pick -= wgt;
        }
        region.to_owned()
    };
    let grade = if role == "importer" && is_offender(i) {
        GRADES[4 + (h % 2) as usize]
    } else {
        GRADES[rng.skewed(6, 0.8) as usize]
    };
    let registration = days_from_civil(1995, 1, 1) + rng.below(9_000) as i32;
    let id = format!("{prefix}{i:0width$}");
    let mut industry = INDUSTRIES[(h >> 24) as usize % INDUSTRIES.len()];
    // Drawn from a stream of their own, after the other attributes.
    let mut facts = Rng::new(seed ^ mix(i ^ 0xFAC7 ^ u64::from(prefix)));
    let (manufacturer, employees) = if role != "importer" {
        (None, None)
    } else if is_rerouter(i, pools) {
        industry = ["도소매업", "전자상거래"][(h >> 40) as usize % 2];
        (Some(false), Some(1 + facts.below(9) as i64))
    } else if is_parts_maker(i, pools) {
        industry = ["전자부품 제조", "기계 제조", "자동차 부품"][(h >> 40) as usize % 3];
        (Some(true), Some(80 + facts.below(820) as i64))
    } else {
        let makes = industry.contains("제조") || industry == "자동차 부품";
        let size = (20.0 * facts.lognormal(1.0)).round().max(1.0) as i64;
        (Some(makes), Some(size))
    };
    let factory = manufacturer.map(|m| m && facts.chance(0.95));
    Party {
        id,
        name,
        industry,
        region,
        registration,
        grade,
        manufacturer,
        factory,
        employees,
    }
}

/// Writes every party of the pools to `path`: importers, declarants, forwarders, sellers,
/// bonded carriers.
pub fn write(profile: &Profile, world: &World<'_>, path: &Path, seed: u64) -> Result<u64, Error> {
    let pools = &world.pools;
    let origins = profile.origins();
    let mut w = RowWriter::<Companies>::create(path)?;
    let sizes = [
        pools.importers,
        pools.declarants,
        pools.forwarders,
        pools.sellers,
        pools.carriers,
    ];
    for ((role, _, _), n) in ROLES.into_iter().zip(sizes) {
        for i in 0..n {
            let p = party(world, &origins, role, i, seed);
            w.write(&CompanyRow {
                company_id: Some(&p.id),
                role: Some(role),
                name: Some(&p.name),
                industry: Some(p.industry),
                region: Some(&p.region),
                registration_date: Some(p.registration),
                compliance_grade: Some(p.grade),
                planted_role: planted_role(world, role, i),
                manufacturer: p.manufacturer,
                factory_registered: p.factory,
                employees: p.employees,
            })?;
        }
    }
    w.finish()
}
