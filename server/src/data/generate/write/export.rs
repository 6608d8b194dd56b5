//! `export_declaration` rows, from their own random stream so that the import side is the same
//! with or without them: an ordinary export beside 28 % of import lines (another company, the
//! same kind of goods, mostly declared Korean); the re-exports of rerouting firms (their Chinese
//! imports, from their switch day on, to the US or the EU within 7–45 days, declared Korean,
//! about the same value and mass: `risk_pattern = rerouting`); and the exports of parts
//! manufacturers (goods made of their imported parts 20–90 days later, a third under the same
//! HS6, worth 1.6–3 times as much). Exports wait in a window of days and are written in date
//! order; certificates of origin are issued as they are written.

use std::collections::BTreeMap;

use super::certificate::{self, Certificates};
use super::declaration::importer_id;
use crate::data::generate::describe::describe;
use crate::data::generate::plan::Line;
use crate::data::generate::plan::World;
use crate::data::generate::world::{is_parts_maker, is_rerouter, rerouting_from};
use crate::data::rng::Rng;
use crate::data::rows::{ExportRow, Exports};
use crate::data::table::RowWriter;
use crate::error::Error;

/// KRW per USD (2020 average of the Bank of Korea's rate, rounded).
pub const KRW_PER_USD: f64 = 1_180.0;

/// The planted pattern of rerouting firms' exports.
pub const REROUTING: &str = "rerouting";

/// HS chapters of parts and materials that manufacturers import.
const PART_CHAPTERS: [&str; 9] = ["39", "40", "72", "73", "76", "84", "85", "87", "90"];

/// Destinations of ordinary exports with their weights (shares of Korea's exports, rounded).
const DESTINATIONS: [(&str, u64); 14] = [
    ("CN", 25),
    ("US", 15),
    ("VN", 9),
    ("HK", 6),
    ("JP", 5),
    ("TW", 4),
    ("IN", 3),
    ("SG", 3),
    ("DE", 3),
    ("MX", 2),
    ("AU", 2),
    ("PH", 2),
    ("MY", 2),
    ("NL", 2),
];

/// An export waiting for its day to be written.
#[derive(Debug, Clone)]
pub struct Export {
    id: String,
    day: i32,
    office: String,
    exporter: u64,
    manufacturer: bool,
    hs6: String,
    hs10: String,
    description: String,
    destination: &'static str,
    origin: String,
    fob_krw: f64,
    mass: f64,
    mode: &'static str,
    co: bool,
    pattern: Option<&'static str>,
}

/// Exports waiting by day.
pub type Window = BTreeMap<i32, Vec<Export>>;

fn weighted(rng: &mut Rng) -> &'static str {
    let total: u64 = DESTINATIONS.iter().map(|d| d.1).sum();
    let mut pick = rng.below(total);
    for (d, w) in DESTINATIONS {
        if pick < w {
            return d;
        }
        pick -= w;
    }
    "CN"
}

/// The goods an export of `line`'s imports leaves as: the same HS6 and HS10 with chance `same`,
/// else another code of the chapter (HS10 its HS6 padded).
fn goods(line: &Line<'_>, world: &World<'_>, same: f64, rng: &mut Rng) -> (String, String) {
    if rng.chance(same) {
        return (line.hs6.clone(), line.hs10.clone());
    }
    let chapter = &line.hs6[..2.min(line.hs6.len())];
    let hs6 = world
        .profile
        .hs6_in_chapter(chapter, rng)
        .unwrap_or(&line.hs6)
        .to_owned();
    let hs10 = format!("{hs6}0000");
    (hs6, hs10)
}

/// Plans the exports that import line `line` leads to into `window`.
pub fn plan(line: &Line<'_>, world: &World<'_>, rng: &mut Rng, window: &mut Window, start: i32) {
    // A line without a customs value has nothing to be worth.
    if line.price <= 0.0 {
        return;
    }
    let pools = &world.pools;
    let chapter = &line.hs6[..2.min(line.hs6.len())];
    let mode = |rng: &mut Rng| if rng.chance(0.7) { "10" } else { "40" };
    let mut push = |e: Export| window.entry(e.day).or_default().push(e);
    if rng.chance(0.28) {
        let exporter = rng.below(pools.importers);
        let origin = if rng.chance(0.95) {
            "KR"
        } else {
            line.origin.as_str()
        };
        push(Export {
            id: format!("E{:011}0", line.seq),
            day: line.day,
            office: line.template.office_id.to_owned(),
            exporter,
            manufacturer: rng.chance(0.5),
            hs6: line.hs6.clone(),
            hs10: line.hs10.clone(),
            description: describe(world.profile, &line.hs6, rng),
            destination: weighted(rng),
            origin: origin.to_owned(),
            fob_krw: (line.price * (0.5 + 1.5 * rng.f64())).round(),
            mass: line.mass * (0.5 + rng.f64()),
            mode: mode(rng),
            co: rng.chance(0.35),
            pattern: None,
        });
    }
    let importer = line.importer;
    if is_rerouter(importer, pools) && line.origin == "CN" {
        let switched = line.day - start >= rerouting_from(importer);
        let (share, destination, origin, pattern) = if switched {
            let to = if rng.chance(0.7) {
                "US"
            } else {
                ["DE", "NL", "FR"][rng.below(3) as usize]
            };
            (0.85, to, "KR", Some(REROUTING))
        } else {
            (0.3, ["VN", "HK", "JP"][rng.below(3) as usize], "CN", None)
        };
        if rng.chance(share) {
            let (hs6, hs10) = goods(line, world, 0.7, rng);
            push(Export {
                id: format!("E{:011}1", line.seq),
                day: line.day + 7 + rng.below(39) as i32,
                office: line.template.office_id.to_owned(),
                exporter: importer,
                manufacturer: false,
                description: describe(world.profile, &hs6, rng),
                hs6,
                hs10,
                destination,
                origin: origin.to_owned(),
                fob_krw: (line.price * (1.03 + 0.12 * rng.f64())).round(),
                mass: line.mass * (0.95 + 0.05 * rng.f64()),
                mode: mode(rng),
                co: pattern.is_some() && rng.chance(0.9),
                pattern,
            });
        }
    }
    if is_parts_maker(importer, pools) && PART_CHAPTERS.contains(&chapter) && rng.chance(0.5) {
        let (hs6, hs10) = goods(line, world, 0.35, rng);
        let destination = match rng.below(10) {
            0..=3 => "US",
            4 | 5 => ["DE", "NL", "FR"][rng.below(3) as usize],
            _ => weighted(rng),
        };
        push(Export {
            id: format!("E{:011}2", line.seq),
            day: line.day + 20 + rng.below(71) as i32,
            office: line.template.office_id.to_owned(),
            exporter: importer,
            manufacturer: true,
            hs10,
            description: describe(world.profile, &hs6, rng),
            hs6,
            destination,
            origin: "KR".to_owned(),
            fob_krw: (line.price * (1.6 + 1.4 * rng.f64())).round(),
            mass: line.mass * (0.6 + 0.6 * rng.f64()),
            mode: mode(rng),
            co: rng.chance(0.7),
            pattern: None,
        });
    }
}

/// Writes the exports of the days before `until` (every day when `None`), with their
/// certificates of origin.
pub fn flush(
    w: &mut RowWriter<Exports>,
    certs: &mut Certificates<'_>,
    window: &mut Window,
    until: Option<i32>,
) -> Result<(), Error> {
    let days: Vec<i32> = window
        .keys()
        .copied()
        .take_while(|d| until.is_none_or(|u| *d < u))
        .collect();
    for day in days {
        let mut exports = window.remove(&day).unwrap_or_default();
        exports.sort_by(|a, b| a.id.cmp(&b.id));
        for e in &exports {
            let exporter = importer_id(e.exporter);
            let bl = format!("BL{}", &e.id[1..]);
            w.write(&ExportRow {
                export_id: Some(&e.id),
                export_date: Some(e.day),
                office_id: Some(&e.office),
                exporter_id: Some(&exporter),
                manufacturer_id: e.manufacturer.then_some(exporter.as_str()),
                hs6: Some(&e.hs6),
                hs10: Some(&e.hs10),
                item_description: Some(&e.description),
                destination_country: Some(e.destination),
                declared_origin: Some(&e.origin),
                fob_krw: Some(e.fob_krw),
                fob_usd: Some((e.fob_krw / KRW_PER_USD * 100.0).round() / 100.0),
                net_mass: Some((e.mass * 10.0).round() / 10.0),
                transport_mode: Some(e.mode),
                bl_number: Some(&bl),
                co_requested: Some(e.co),
                risk_pattern: e.pattern,
            })?;
            if e.co && e.origin == "KR" {
                certs.export(&certificate::ExportFacts {
                    export_id: &e.id,
                    day: e.day,
                    office: &e.office,
                    exporter: &exporter,
                    hs6: &e.hs6,
                    destination: e.destination,
                    rerouting: e.pattern == Some(REROUTING),
                    manufactured: e.manufacturer,
                })?;
            }
        }
    }
    Ok(())
}
