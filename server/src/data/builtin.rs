//! A built-in stand-in for the reference data, so that a machine without `../shared/data` still
//! gets a full demo portal. It is written by hand from public knowledge of Korean imports (a few
//! dozen common HS6 codes with indicative unit prices and duty rates, the main offices and trade
//! partners); it is not derived from the CDD files and is much coarser than them. The generator
//! prefers the real reference data whenever it is found.

use std::collections::HashMap;

use portal_core::date::days_from_civil;

use super::reference::{CddRecord, HsNomenclature};
use super::rng::Rng;

/// (HS6, description, KRW per kg, basic duty %).
const GOODS: [(&str, &str, f64, f64); 24] = [
    (
        "392690",
        "Plastics; other articles of plastics",
        9_000.0,
        6.5,
    ),
    (
        "950300",
        "Toys; tricycles, scooters, dolls and other toys",
        14_000.0,
        8.0,
    ),
    (
        "071080",
        "Vegetables; frozen, other vegetables",
        1_800.0,
        27.0,
    ),
    ("630790", "Textiles; made up articles", 12_000.0, 10.0),
    (
        "851762",
        "Machines for the reception and transmission of voice, images or data",
        180_000.0,
        0.0,
    ),
    (
        "847130",
        "Portable automatic data processing machines",
        250_000.0,
        0.0,
    ),
    ("850440", "Static converters", 60_000.0, 8.0),
    (
        "854231",
        "Electronic integrated circuits; processors and controllers",
        2_500_000.0,
        0.0,
    ),
    ("870899", "Vehicles; parts and accessories", 15_000.0, 8.0),
    ("940360", "Furniture; wooden", 6_000.0, 8.0),
    (
        "620462",
        "Trousers and shorts; women's or girls', of cotton",
        45_000.0,
        13.0,
    ),
    (
        "610910",
        "T-shirts, singlets and other vests; of cotton, knitted",
        40_000.0,
        13.0,
    ),
    (
        "640399",
        "Footwear; with outer soles of rubber or plastics and uppers of leather",
        60_000.0,
        13.0,
    ),
    (
        "420292",
        "Cases and containers; with outer surface of sheeting of plastics or textile",
        35_000.0,
        8.0,
    ),
    (
        "220421",
        "Wine; still, in containers holding 2 litres or less",
        9_000.0,
        15.0,
    ),
    (
        "020130",
        "Meat; of bovine animals, boneless cuts, fresh or chilled",
        22_000.0,
        40.0,
    ),
    ("030389", "Fish; frozen, other", 5_000.0, 10.0),
    (
        "090111",
        "Coffee; not roasted, not decaffeinated",
        6_000.0,
        2.0,
    ),
    (
        "300490",
        "Medicaments; packaged for retail sale",
        120_000.0,
        8.0,
    ),
    ("330499", "Beauty or make-up preparations", 50_000.0, 6.5),
    (
        "721049",
        "Iron or non-alloy steel; flat-rolled, plated or coated with zinc",
        1_200.0,
        0.0,
    ),
    (
        "390110",
        "Polyethylene having a specific gravity of less than 0.94",
        1_600.0,
        6.5,
    ),
    (
        "271019",
        "Petroleum oils; medium and heavy oils",
        900.0,
        5.0,
    ),
    ("900490", "Spectacles, goggles and the like", 70_000.0, 8.0),
];

/// (country, weight, FTA rate type or "").
const ORIGINS: [(&str, u32, &str); 10] = [
    ("CN", 45, "FCN1"),
    ("JP", 10, ""),
    ("US", 9, "FUS1"),
    ("VN", 8, "FAS1"),
    ("DE", 5, "FEU1"),
    ("TW", 4, ""),
    ("IT", 3, "FEU1"),
    ("TH", 3, "FAS1"),
    ("AU", 3, "FAU1"),
    ("IN", 2, "FIN1"),
];

/// (office, weight).
const OFFICES: [(&str, u32); 6] = [
    ("40", 37),
    ("20", 30),
    ("30", 16),
    ("16", 6),
    ("62", 6),
    ("81", 5),
];

fn pick<'a, T>(rng: &mut Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut x = rng.below(u64::from(total)) as u32;
    for it in items {
        let w = weight(it);
        if x < w {
            return it;
        }
        x -= w;
    }
    &items[items.len() - 1]
}

/// Synthetic template rows and HS texts standing in for the CDD training split and the HS file.
pub fn records() -> (Vec<CddRecord>, HsNomenclature) {
    let mut rng = Rng::new(0xB1_17_1E);
    let start = days_from_civil(2020, 1, 1);
    let rows = (0..8_000)
        .map(|i| {
            let &(hs6, _, unit, rate) = pick(&mut rng, &GOODS, |_| 1);
            let &(origin, _, fta) = pick(&mut rng, &ORIGINS, |o| o.1);
            let &(office, _) = pick(&mut rng, &OFFICES, |o| o.1);
            let air = office == "40";
            let use_fta = !fta.is_empty() && rng.chance(0.5);
            let mass = (if air { 30.0 } else { 800.0 }) * rng.lognormal(1.2);
            let fraud = rng.chance(if rate >= 13.0 { 0.3 } else { 0.18 });
            CddRecord {
                declaration_id: format!("B{i:07}"),
                date: start + rng.below(366) as i32,
                office_id: office.to_owned(),
                process_type: "B".to_owned(),
                import_type: pick(
                    &mut rng,
                    &[("11", 86), ("87", 5), ("94", 4), ("15", 5)],
                    |t| t.1,
                )
                .0
                .to_owned(),
                import_use: pick(&mut rng, &[("21", 91), ("11", 5), ("26", 4)], |t| t.1)
                    .0
                    .to_owned(),
                payment_type: pick(
                    &mut rng,
                    &[("11", 67), ("43", 19), ("18", 7), ("14", 7)],
                    |t| t.1,
                )
                .0
                .to_owned(),
                transport_mode: if air { "40" } else { "10" }.to_owned(),
                declarant_id: format!("X{:06}", rng.below(500)),
                importer_id: format!("Y{:06}", rng.below(4000)),
                seller_id: Some(format!("Z{:06}", rng.below(3000))),
                courier_id: None,
                hs6: hs6.to_owned(),
                country_departure: origin.to_owned(),
                country_origin: origin.to_owned(),
                tax_rate: if use_fta { (rate * 0.3).floor() } else { rate },
                tax_type: if use_fta { fta } else { "A" }.to_owned(),
                origin_indicator: pick(
                    &mut rng,
                    &[("E", 30), ("G", 23), ("Y", 22), ("B", 15), ("N", 10)],
                    |t| t.1,
                )
                .0
                .to_owned(),
                net_mass: (mass * 10.0).round().max(1.0) / 10.0,
                item_price: (mass * unit).round(),
                fraud: Some(i64::from(fraud)),
                critical_fraud: Some(if fraud && rng.chance(0.05) {
                    2
                } else {
                    i64::from(fraud)
                }),
            }
        })
        .collect();
    let hs = HsNomenclature {
        subheadings: GOODS
            .iter()
            .map(|g| (g.0.to_owned(), g.1.to_owned()))
            .collect(),
        headings: HashMap::new(),
        chapters: HashMap::new(),
    };
    (rows, hs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::profile::Profile;

    #[test]
    fn builtin_profile_has_templates_prices_and_lower_duty_siblings() {
        let (rows, hs) = records();
        let p = Profile::from_records(&rows, hs);
        assert_eq!(p.templates.len(), 8_000);
        assert!(p.unit_price.len() >= 20);
        assert!(p.fta_type.contains_key("CN"));
        // Chapter 85: static converters (8%) have duty-free siblings, the cheapest code first.
        assert_eq!(
            p.lower_duty.get("850440").map(|l| l.hs6.as_str()),
            Some("851762")
        );
    }
}
