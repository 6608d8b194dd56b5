//! `portal generate`: deterministic, streaming generation of every dataset at national scale.
//!
//! Declarations are produced day by day from 2020-01-01 over 18 months, so each table is
//! written in date order and memory stays flat in the number of declarations: companies are
//! derived from their index (no table kept), manifests wait in a window of a few days, and the
//! rest is written as it is made. See DATASETS.md for every column and planted pattern.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use portal_core::datasets::{
    CARGO_MANIFEST, COMPANY, DUTY_DRAWBACK, DatasetDef, IMPORT_DECLARATION, INSPECTION, VESSEL_CALL,
};
use portal_core::date::{civil_from_days, days_from_civil};

use super::profile::Profile;
use super::reference::CddRecord;
use super::rng::{Rng, hash_str, mix};
use super::table::TableWriter;
use crate::error::Error;

/// First declaration date of generated data.
pub const START: (i32, u32, u32) = (2020, 1, 1);
/// Number of days covered (2020-01-01 ..= 2021-06-30), as the 24.7M KCS declarations.
pub const DAYS: i32 = 547;
/// Days between a manifest's arrival and its declaration, at most.
const MAX_ARRIVAL_LAG: i32 = 4;

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
    pub const REPEAT_OFFENDER: &str = "repeat_offender";
}

/// Row counts of one generation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// (dataset, rows), in [`portal_core::datasets::DATASETS`] order.
    pub rows: Vec<(&'static str, u64)>,
}

/// Sizes of the company pools for `n` declarations.
#[derive(Debug, Clone, Copy)]
struct Pools {
    importers: u64,
    declarants: u64,
    forwarders: u64,
    sellers: u64,
    rings: u64,
}

impl Pools {
    fn for_declarations(n: u64) -> Self {
        Pools {
            importers: (n / 40).clamp(200, 200_000),
            declarants: (n / 2_000).clamp(50, 3_000),
            forwarders: (n / 5_000).clamp(30, 800),
            sellers: (n / 30).clamp(200, 300_000),
            rings: (n / 50_000).clamp(3, 200),
        }
    }
}

fn is_offender(importer: u64) -> bool {
    mix(importer ^ 0x0FFE_4DE4) % 100 < 2
}

struct Ring {
    forwarder: u64,
    seller: u64,
    storage: String,
    importers: [u64; 3],
    template: usize,
}

fn ring(r: u64, pools: &Pools, templates: usize) -> Ring {
    Ring {
        forwarder: mix(r ^ 0xF0) % pools.forwarders,
        seller: mix(r ^ 0x5E) % pools.sellers,
        storage: format!("W{:04}", mix(r ^ 0x57) % 9_000),
        importers: [0, 1, 2].map(|k| mix(r ^ (0x1A0 + k)) % pools.importers),
        template: (mix(r ^ 0x7E) % templates as u64) as usize,
    }
}

/// Ports of arrival: (UN/LOCODE, office, transport mode code).
const PORTS: [(&str, &str, &str); 6] = [
    ("KRPUS", "20", "10"),
    ("KRINC", "30", "10"),
    ("KRICN", "40", "40"),
    ("KRPTK", "16", "10"),
    ("KRKAN", "62", "10"),
    ("KRUSN", "81", "10"),
];

fn port_for(office: &str, mode: &str) -> &'static (&'static str, &'static str, &'static str) {
    PORTS
        .iter()
        .find(|p| p.1 == office)
        .unwrap_or(if mode == "40" { &PORTS[2] } else { &PORTS[0] })
}

fn calls_per_day(port: &str, day: i32) -> u64 {
    3 + hash_str(port, day as u64) % 4
}

fn call_id(port: &str, day: i32, k: u64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{port}{y:04}{m:02}{d:02}{k:02}")
}

fn vessel_name(port: &str, day: i32, k: u64, mode: &str) -> String {
    let h = hash_str(port, (day as u64) << 8 | k);
    if mode == "40" {
        const AIRLINES: [&str; 6] = ["KE", "OZ", "CA", "MU", "FX", "5X"];
        format!("{}{:03}", AIRLINES[(h % 6) as usize], (h >> 8) % 900 + 100)
    } else {
        const A: [&str; 8] = [
            "HMM", "MAERSK", "COSCO", "EVER", "ONE", "MSC", "SITC", "KMTC",
        ];
        const B: [&str; 8] = [
            "BUSAN", "HAMBURG", "SHANGHAI", "GLORY", "TOKYO", "PRIDE", "OCEAN", "STAR",
        ];
        format!("{} {}", A[(h % 8) as usize], B[((h >> 8) % 8) as usize])
    }
}

fn loading_port(country: &str, h: u64) -> String {
    const KNOWN: [(&str, [&str; 3]); 6] = [
        ("CN", ["CNSHA", "CNNGB", "CNQIN"]),
        ("JP", ["JPTYO", "JPOSA", "JPNGO"]),
        ("US", ["USLAX", "USLGB", "USNYC"]),
        ("VN", ["VNSGN", "VNHPH", "VNSGN"]),
        ("DE", ["DEHAM", "DEBRV", "DEHAM"]),
        ("TW", ["TWKHH", "TWTPE", "TWKEL"]),
    ];
    KNOWN
        .iter()
        .find(|(c, _)| *c == country)
        .map(|(_, ports)| ports[(h % 3) as usize].to_owned())
        .unwrap_or_else(|| format!("{country}ZZZ"))
}

fn currency(origin: &str) -> (&'static str, f64) {
    const EURO: [&str; 12] = [
        "DE", "FR", "IT", "ES", "NL", "BE", "AT", "IE", "FI", "PT", "GR", "LU",
    ];
    match origin {
        "JP" => ("JPY", 9.5),
        "CN" => ("CNY", 170.0),
        "GB" => ("GBP", 1_550.0),
        c if EURO.contains(&c) => ("EUR", 1_330.0),
        _ => ("USD", 1_200.0),
    }
}

/// Korean names of the 21 HS sections, by chapter range.
fn section_ko(chapter: u32) -> &'static str {
    match chapter {
        1..=5 => "동물성 생산품",
        6..=14 => "식물성 생산품",
        15 => "동식물성 유지",
        16..=24 => "조제 식료품",
        25..=27 => "광물성 생산품",
        28..=38 => "화학 공업 생산품",
        39..=40 => "플라스틱·고무 제품",
        41..=43 => "가죽 제품",
        44..=46 => "목재 제품",
        47..=49 => "지류 제품",
        50..=63 => "방직용 섬유 제품",
        64..=67 => "신발·모자류",
        68..=70 => "석·도자·유리 제품",
        71 => "귀금속·보석류",
        72..=83 => "금속 제품",
        84..=85 => "기계·전기 기기",
        86..=89 => "차량·선박·항공기 부품",
        90..=92 => "광학·정밀 기기",
        93 => "무기류",
        94..=96 => "잡품",
        _ => "예술품·골동품",
    }
}

/// An item description in the style of declared trade names, from the HS text of `hs6`.
fn describe(profile: &Profile, hs6: &str, rng: &mut Rng) -> String {
    let model = format!(
        "{}{}-{}",
        (b'A' + rng.below(26) as u8) as char,
        (b'A' + rng.below(26) as u8) as char,
        rng.below(9_000) + 100
    );
    let chapter: u32 = hs6[..2].parse().unwrap_or(0);
    if rng.chance(0.3) {
        return format!("{} (MODEL {model})", section_ko(chapter));
    }
    let base = profile
        .hs
        .subheadings
        .get(hs6)
        .or_else(|| profile.hs.chapters.get(&hs6[..2]))
        .map_or("GOODS", String::as_str);
    let mut parts: Vec<&str> = base
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.retain(|p| !p.eq_ignore_ascii_case("n.e.c.") && !p.starts_with("other"));
    let head = parts.first().copied().unwrap_or("GOODS");
    let tail = parts
        .get(1 + rng.below(parts.len().max(2) as u64 - 1) as usize)
        .copied();
    let text = match (rng.below(3), tail) {
        (0, Some(t)) => format!("{head}, {t} MODEL {model}"),
        (1, _) => format!("{head} {model}"),
        _ => format!(
            "{head} (PACK OF {})",
            [1, 6, 10, 12, 24, 50][rng.below(6) as usize]
        ),
    };
    if rng.chance(0.6) {
        text.to_uppercase()
    } else {
        text
    }
}

fn quantity_unit(hs6: &str) -> (&'static str, f64) {
    match &hs6[..2] {
        "84" | "85" | "90" | "95" | "87" => ("U", 2.5),
        "22" => ("L", 1.0),
        "61" | "62" | "64" => ("PR", 0.4),
        _ => ("KG", 1.0),
    }
}

struct ManifestRow {
    key: String,
    bl_no: String,
    house_bl_no: String,
    call_id: String,
    transport_mode: String,
    vessel_flight: String,
    loading_port: String,
    arrival: i32,
    office_id: String,
    forwarder: String,
    consignor: Option<String>,
    consignee: String,
    storage: String,
    packages: i64,
    gross_weight: f64,
}

struct Writers {
    decl: TableWriter,
    manifest: TableWriter,
    inspection: TableWriter,
    drawback: TableWriter,
    vessel: TableWriter,
}

fn table_path(out: &Path, ds: &DatasetDef) -> Result<PathBuf, Error> {
    let dir = out.join(ds.name);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::internal(format!("creating {}", dir.display()), e))?;
    Ok(dir.join("generated.parquet"))
}

/// Generates `declarations` declarations with `seed` into `out/<dataset>/generated.parquet`,
/// drawing from `profile`. Same inputs, same bytes.
pub fn generate(
    profile: &Profile,
    declarations: u64,
    seed: u64,
    out: &Path,
    progress: bool,
) -> Result<Summary, Error> {
    let started = Instant::now();
    if profile.templates.is_empty() {
        return Err(Error::client(
            crate::error::ErrorCode::InvalidInput,
            "the CDD training split has no usable rows to learn from",
        ));
    }
    let pools = Pools::for_declarations(declarations);
    let rings: Vec<Ring> = (0..pools.rings)
        .map(|r| ring(r, &pools, profile.templates.len()))
        .collect();
    let mut w = Writers {
        decl: TableWriter::create(&table_path(out, &IMPORT_DECLARATION)?, &IMPORT_DECLARATION)?,
        manifest: TableWriter::create(&table_path(out, &CARGO_MANIFEST)?, &CARGO_MANIFEST)?,
        inspection: TableWriter::create(&table_path(out, &INSPECTION)?, &INSPECTION)?,
        drawback: TableWriter::create(&table_path(out, &DUTY_DRAWBACK)?, &DUTY_DRAWBACK)?,
        vessel: TableWriter::create(&table_path(out, &VESSEL_CALL)?, &VESSEL_CALL)?,
    };
    let bar = if progress {
        let b = ProgressBar::with_draw_target(Some(declarations), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{bar:40} {pos}/{len} declarations ({per_sec}, ETA {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };

    let start = days_from_civil(START.0, START.1, START.2);
    // Vessel calls begin before the first declaration, so early manifests have a call.
    for day in start - MAX_ARRIVAL_LAG..start {
        write_calls(&mut w.vessel, day)?;
    }
    let weights: Vec<f64> = (0..DAYS)
        .map(|i| {
            let weekday = (start + i + 3).rem_euclid(7); // 0 = Monday
            let base = [1.0, 1.0, 1.0, 1.0, 0.95, 0.3, 0.1][weekday as usize];
            base * (1.0 + 0.08 * (std::f64::consts::TAU * f64::from(i) / 365.0).sin())
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut rng = Rng::new(seed);
    let mut window: BTreeMap<i32, Vec<ManifestRow>> = BTreeMap::new();
    let (mut seq, mut cum) = (0u64, 0.0);
    for (i, wgt) in weights.iter().enumerate() {
        let day = start + i as i32;
        write_calls(&mut w.vessel, day)?;
        cum += wgt;
        let until = ((cum / total) * declarations as f64).round() as u64;
        while seq < until.min(declarations) {
            declaration(
                profile,
                &pools,
                &rings,
                &mut rng,
                &mut w,
                &mut window,
                day,
                seq,
            )?;
            seq += 1;
            if seq % 4096 == 0 {
                bar.set_position(seq);
            }
        }
        while let Some(entry) = window.first_entry() {
            if *entry.key() > day - MAX_ARRIVAL_LAG {
                break;
            }
            for m in entry.remove() {
                write_manifest(&mut w.manifest, &m)?;
            }
        }
    }
    for (_, rows) in std::mem::take(&mut window) {
        for m in rows {
            write_manifest(&mut w.manifest, &m)?;
        }
    }
    bar.finish_and_clear();
    let companies = write_companies(profile, &pools, &table_path(out, &COMPANY)?, seed)?;
    let summary = Summary {
        rows: vec![
            ("cargo_manifest", w.manifest.finish()?),
            ("import_declaration", w.decl.finish()?),
            ("inspection", w.inspection.finish()?),
            ("duty_drawback", w.drawback.finish()?),
            ("company", companies),
            ("vessel_call", w.vessel.finish()?),
        ],
    };
    tracing::info!(
        declarations,
        seed,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "generated"
    );
    Ok(summary)
}

fn write_calls(w: &mut TableWriter, day: i32) -> Result<(), Error> {
    for (port, office, mode) in PORTS {
        for k in 0..calls_per_day(port, day) {
            let h = hash_str(port, (day as u64) << 8 | k);
            let stay = if mode == "40" { 0 } else { 1 + (h % 3) as i32 };
            w.text(Some(&call_id(port, day, k)))
                .text(Some(mode))
                .text(Some(&vessel_name(port, day, k, mode)))
                .text(Some(port))
                .text(Some(office))
                .text(Some(&loading_port(
                    ["CN", "JP", "US", "VN", "DE", "TW"][(h % 6) as usize],
                    h >> 4,
                )))
                .date(Some(day))
                .date(Some(day + stay));
            w.end_row()?;
        }
    }
    Ok(())
}

fn write_manifest(w: &mut TableWriter, m: &ManifestRow) -> Result<(), Error> {
    w.text(Some(&m.key))
        .text(Some(&m.bl_no))
        .text(Some(&m.house_bl_no))
        .text(Some(&m.call_id))
        .text(Some(&m.transport_mode))
        .text(Some(&m.vessel_flight))
        .text(Some(&m.loading_port))
        .date(Some(m.arrival))
        .text(Some(&m.office_id))
        .text(Some(&m.forwarder))
        .text(m.consignor.as_deref())
        .text(Some(&m.consignee))
        .text(Some(&m.storage))
        .int(Some(m.packages))
        .float(Some(m.gross_weight));
    w.end_row()
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the state is the generator's loop"
)]
fn declaration(
    profile: &Profile,
    pools: &Pools,
    rings: &[Ring],
    rng: &mut Rng,
    w: &mut Writers,
    window: &mut BTreeMap<i32, Vec<ManifestRow>>,
    day: i32,
    seq: u64,
) -> Result<(), Error> {
    let ring_no = rng
        .chance(0.005)
        .then(|| rng.below(rings.len() as u64) as usize);
    let t: &CddRecord = match ring_no {
        Some(r) => &profile.templates[rings[r].template],
        None => &profile.templates[rng.below(profile.templates.len() as u64) as usize],
    };
    let importer = match ring_no {
        Some(r) => rings[r].importers[rng.below(3) as usize],
        None => rng.skewed(pools.importers, 2.2),
    };
    let seller = match ring_no {
        Some(r) => Some(rings[r].seller),
        None => (!rng.chance(0.1)).then(|| rng.skewed(pools.sellers, 1.8)),
    };
    let declarant = rng.skewed(pools.declarants, 2.5);
    let courier = (t.transport_mode == "40" && rng.chance(0.3)).then(|| rng.below(80));

    let mut hs6 = t.hs6.clone();
    let mut tax_rate = t.tax_rate;
    let mut tax_type = t.tax_type.clone();
    let mut origin = t.country_origin.clone();
    let mut departure = t.country_departure.clone();
    let mut origin_indicator = t.origin_indicator.clone();
    let mass = (t.net_mass * rng.lognormal(0.5) * 10.0).round().max(1.0) / 10.0;
    let origin_factor =
        (0.3 * ((hash_str(&origin, hash_str(&hs6, 1)) % 2001) as f64 / 1000.0 - 1.0)).exp();
    let fair_unit = profile.unit_price.get(&hs6).copied().unwrap_or(10_000.0)
        * origin_factor
        * rng.lognormal(0.2);
    let mut price = (mass * fair_unit).round();
    let mut co_number = None;

    let (mut fraud, mut critical) = if rng.chance(0.4) {
        (t.fraud.unwrap_or(0), t.critical_fraud.unwrap_or(0))
    } else {
        (0, 0)
    };
    let mut pattern: Option<&str> = None;
    let u = rng.f64();
    if let Some(_r) = ring_no {
        pattern = Some(pattern::SUPPLY_CHAIN_RING);
        if rng.chance(0.7) {
            (fraud, critical) = (1, 1);
        }
    } else if u < 0.015 {
        let ratio = 0.15 + 0.3 * rng.f64();
        price = (price * ratio).round();
        pattern = Some(pattern::UNDERVALUATION);
        if rng.chance(0.85) {
            (fraud, critical) = (1, if ratio < 0.25 { 2 } else { 1 });
        }
    } else if u < 0.023 {
        if let Some(lower) = profile.lower_duty.get(&hs6) {
            hs6 = lower.hs6.clone();
            tax_rate = lower.tax_rate;
            tax_type = lower.tax_type.clone();
            pattern = Some(pattern::MISCLASSIFICATION);
            if rng.chance(0.85) {
                (fraud, critical) = (1, 1);
            }
        }
    } else if u < 0.029 {
        if origin == "CN" {
            let via = ["VN", "MY", "TH", "ID"][rng.below(4) as usize];
            origin = via.to_owned();
            departure = via.to_owned();
            origin_indicator = "Y".to_owned();
            if let Some(f) = profile.fta_type.get(via) {
                tax_type = f.clone();
                tax_rate = (tax_rate * 0.3).floor();
                co_number = Some(format!(
                    "CO-{via}-{}-{:07}",
                    2020 + (day - 18_262) / 365,
                    rng.below(10_000_000)
                ));
            }
            pattern = Some(pattern::ORIGIN_DISGUISE);
            if rng.chance(0.85) {
                (fraud, critical) = (1, if rng.chance(0.5) { 2 } else { 1 });
            }
        }
    } else if u < 0.035
        && !tax_type.starts_with('F')
        && let Some(f) = profile.fta_type.get(&origin)
    {
        tax_type = f.clone();
        tax_rate = (tax_rate * 0.3).floor();
        pattern = Some(pattern::FTA_INVALID_ORIGIN);
        // No certificate, or one that does not follow the issuing format.
        co_number = rng
            .chance(0.5)
            .then(|| format!("{:06}", rng.below(1_000_000)));
        if rng.chance(0.85) {
            (fraud, critical) = (1, 1);
        }
    }
    if pattern.is_none() && is_offender(importer) && rng.chance(0.45) {
        pattern = Some(pattern::REPEAT_OFFENDER);
        (fraud, critical) = (1, 1);
    }
    let fta_claim = tax_type.starts_with('F');
    if fta_claim && co_number.is_none() && pattern != Some(pattern::FTA_INVALID_ORIGIN) {
        co_number = Some(format!(
            "CO-{origin}-{}-{:07}",
            2020 + (day - 18_262) / 365,
            rng.below(10_000_000)
        ));
    }
    let hs10 = format!(
        "{hs6}{}",
        ["0000", "1000", "9000"][(hash_str(&hs6, 10) % 3) as usize]
    );
    let (unit, per_unit_kg) = quantity_unit(&hs6);
    let quantity = (mass / per_unit_kg).round().max(1.0);
    let (cur, fx) = currency(&origin);
    let declared_value = (price / fx * 100.0).round() / 100.0;
    let description = describe(profile, &hs6, rng);

    let (yy, _, _) = civil_from_days(day);
    let decl_id = format!("D{:02}{seq:010}", yy % 100);
    let manifest_key = format!("M{seq:011}");
    let importer_id = format!("I{importer:07}");
    let arrival = day - rng.below(MAX_ARRIVAL_LAG as u64 + 1) as i32;
    let port = port_for(&t.office_id, &t.transport_mode);
    let k = rng.below(calls_per_day(port.0, arrival));
    let forwarder = match ring_no {
        Some(r) => rings[r].forwarder,
        None => rng.skewed(pools.forwarders, 2.0),
    };
    let storage = match ring_no {
        Some(r) => rings[r].storage.clone(),
        None => format!("W{:04}", rng.below(9_000)),
    };
    window.entry(arrival).or_default().push(ManifestRow {
        key: manifest_key.clone(),
        bl_no: format!(
            "{}{:08}",
            ["MAEU", "HDMU", "COSU", "EGLV", "ONEY"][(mix(seq) % 5) as usize],
            seq / 7
        ),
        house_bl_no: format!("HB{seq:010}"),
        call_id: call_id(port.0, arrival, k),
        transport_mode: t.transport_mode.clone(),
        vessel_flight: vessel_name(port.0, arrival, k, port.2),
        loading_port: loading_port(&departure, rng.next_u64()),
        arrival,
        office_id: t.office_id.clone(),
        forwarder: format!("F{forwarder:05}"),
        consignor: seller.map(|s| format!("S{s:07}")),
        consignee: importer_id.clone(),
        storage,
        packages: (quantity / 10.0).ceil() as i64,
        gross_weight: (mass * 1.08 * 10.0).round() / 10.0,
    });

    w.decl
        .text(Some(&decl_id))
        .date(Some(day))
        .text(Some(&t.office_id))
        .text(Some(&t.process_type))
        .text(Some(&t.import_type))
        .text(Some(&t.import_use))
        .text(Some(&t.payment_type))
        .text(Some(&t.transport_mode))
        .text(Some(&format!("B{declarant:05}")))
        .text(Some(&importer_id))
        .text(seller.map(|s| format!("S{s:07}")).as_deref())
        .text(courier.map(|c| format!("C{c:03}")).as_deref())
        .text(Some(&hs6))
        .text(Some(&departure))
        .text(Some(&origin))
        .float(Some(tax_rate))
        .text(Some(&tax_type))
        .text(Some(&origin_indicator))
        .float(Some(mass))
        .float(Some(price))
        .int(Some(fraud))
        .int(Some(critical))
        .text(Some(&hs10))
        .text(Some(&description))
        .float(Some(quantity))
        .text(Some(unit))
        .float(Some(declared_value))
        .text(Some(cur))
        .bool(Some(fta_claim))
        .text(co_number.as_deref())
        .text(Some(&manifest_key))
        .text(Some("generated"))
        .text(pattern)
        .float(Some((price / mass * 100.0).round() / 100.0));
    w.decl.end_row()?;

    let selected = fraud == 1 || rng.chance(if is_offender(importer) { 0.14 } else { 0.04 });
    let result = match (fraud, critical) {
        (_, c) if c > 0 => "critical",
        (1, _) => "fraud",
        _ => "cleared",
    };
    let extra = if fraud == 1 {
        (price * (tax_rate / 100.0 + 0.1) * (0.1 + 0.9 * rng.f64())).round()
    } else {
        0.0
    };
    w.inspection
        .text(Some(&decl_id))
        .text(Some(&t.office_id))
        .bool(Some(selected))
        .text(Some(match (selected, rng.chance(0.4)) {
            (false, _) => "none",
            (true, true) => "physical",
            (true, false) => "document",
        }))
        .date(selected.then(|| day + rng.below(4) as i32))
        .text(Some(result))
        .bool(Some(fraud == 1))
        .bool(Some(critical > 0))
        .float(Some(extra));
    w.inspection.end_row()?;

    if rng.chance(0.03) {
        let claim = day + 30 + rng.below(150) as i32;
        let status = match rng.below(20) {
            0 => "rejected",
            1 | 2 => "pending",
            _ => "paid",
        };
        w.drawback
            .text(Some(&format!("R{seq:011}")))
            .text(Some(&decl_id))
            .text(Some(&t.office_id))
            .text(Some(&importer_id))
            .date(Some(claim - rng.below(20) as i32))
            .date(Some(claim))
            .float(Some(
                (price * tax_rate / 100.0 * (0.5 + 0.5 * rng.f64())).round(),
            ))
            .text(Some(status));
        w.drawback.end_row()?;
    }
    Ok(())
}

fn write_companies(profile: &Profile, pools: &Pools, path: &Path, seed: u64) -> Result<u64, Error> {
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
    let origins: Vec<&str> = {
        let mut v: Vec<&str> = profile
            .templates
            .iter()
            .map(|t| t.country_origin.as_str())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut w = TableWriter::create(path, &COMPANY)?;
    let roles = [
        ("importer", 'I', pools.importers, 7),
        ("declarant", 'B', pools.declarants, 5),
        ("forwarder", 'F', pools.forwarders, 5),
        ("seller", 'S', pools.sellers, 7),
    ];
    for (role, prefix, n, width) in roles {
        for i in 0..n {
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
            let reg = days_from_civil(1995, 1, 1) + rng.below(9_000) as i32;
            w.text(Some(&format!("{prefix}{i:0width$}")))
                .text(Some(role))
                .text(Some(&name))
                .text(Some(INDUSTRIES[(h >> 24) as usize % INDUSTRIES.len()]))
                .text(Some(&region))
                .date(Some(reg))
                .text(Some(grade));
            w.end_row()?;
        }
    }
    w.finish()
}
