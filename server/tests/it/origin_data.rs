//! The export and origin datasets of a generation (the shared 60,000-declaration set, seed 7),
//! read from the Parquet files: rerouting firms' exports follow their Chinese imports as
//! planted, parts manufacturers look like them to a naive rule, every FTA claim with a
//! certificate number has its certificate with the planted defects, and the FTA reference holds
//! every agreement and chapter.

use std::collections::{HashMap, HashSet};

use arrow_array::RecordBatch;
use portal_server::columns::{days, flags, floats, ints, optional_floats, texts};

use crate::common::shared_data_dir;

/// Every row of a generated table.
fn table(name: &str) -> Vec<RecordBatch> {
    let path = shared_data_dir()
        .join("datasets")
        .join(name)
        .join("generated.parquet");
    let file = std::fs::File::open(&path).expect("parquet file");
    parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet")
        .build()
        .expect("reader")
        .map(|b| b.expect("batch"))
        .collect()
}

/// Column `name` of every batch, text (empty for none).
fn text(b: &[RecordBatch], name: &str) -> Vec<String> {
    b.iter()
        .flat_map(|b| texts(b, name).expect(name))
        .map(Option::unwrap_or_default)
        .collect()
}

fn day(b: &[RecordBatch], name: &str) -> Vec<Option<i32>> {
    b.iter().flat_map(|b| days(b, name).expect(name)).collect()
}

fn float(b: &[RecordBatch], name: &str) -> Vec<f64> {
    b.iter()
        .flat_map(|b| floats(b, name).expect(name))
        .collect()
}

fn flag(b: &[RecordBatch], name: &str) -> Vec<bool> {
    b.iter().flat_map(|b| flags(b, name).expect(name)).collect()
}

/// An import line: importer, origin, HS6, day, value, FTA claim, certificate number.
struct Import {
    importer: String,
    origin: String,
    hs6: String,
    day: i32,
    value: f64,
    claim: bool,
    co: String,
}

/// The import lines by their sequence number (the digits of the declaration ID after `Dyy`).
fn imports() -> HashMap<String, Import> {
    let b = table("import_declaration");
    let (id, importer, origin, hs6) = (
        text(&b, "declaration_id"),
        text(&b, "importer_id"),
        text(&b, "country_origin"),
        text(&b, "hs6"),
    );
    let (date, value, claim, co) = (
        day(&b, "declaration_date"),
        float(&b, "item_price"),
        flag(&b, "fta_claim"),
        text(&b, "co_number"),
    );
    (0..id.len())
        .map(|i| {
            (
                id[i][3..].to_owned(),
                Import {
                    importer: importer[i].clone(),
                    origin: origin[i].clone(),
                    hs6: hs6[i].clone(),
                    day: date[i].unwrap_or_default(),
                    value: value[i],
                    claim: claim[i],
                    co: co[i].clone(),
                },
            )
        })
        .collect()
}

/// Company facts: planted role, manufacturer, employees.
fn companies() -> HashMap<String, (String, bool, i64)> {
    let b = table("company");
    let (id, role, maker) = (
        text(&b, "company_id"),
        text(&b, "planted_role"),
        flag(&b, "manufacturer"),
    );
    let staff: Vec<i64> = b
        .iter()
        .flat_map(|b| ints(b, "employees").expect("employees"))
        .collect();
    (0..id.len())
        .map(|i| (id[i].clone(), (role[i].clone(), maker[i], staff[i])))
        .collect()
}

#[test]
fn rerouting_exports_follow_the_firms_chinese_imports_and_look_alikes_fool_a_naive_rule() {
    let imports = imports();
    let firms = companies();
    let x = table("export_declaration");
    let (id, exporter, maker, hs6) = (
        text(&x, "export_id"),
        text(&x, "exporter_id"),
        text(&x, "manufacturer_id"),
        text(&x, "hs6"),
    );
    let (date, fob, dest, origin, pattern) = (
        day(&x, "export_date"),
        float(&x, "fob_krw"),
        text(&x, "destination_country"),
        text(&x, "declared_origin"),
        text(&x, "risk_pattern"),
    );
    let n = id.len();
    assert!(
        (15_000..25_000).contains(&n),
        "{n} exports for 60,000 imports"
    );
    let (mut rerouted, mut made) = (0, 0);
    let mut rerouters = HashSet::new();
    for i in 0..n {
        let seq = &id[i][2..12];
        let kind = &id[i][12..];
        let from = imports.get(seq).expect("the import the export came from");
        let lag = date[i].unwrap_or_default() - from.day;
        // The export's value over the import's (values are whole won: allow the rounding).
        let within =
            |lo: f64, hi: f64| (from.value * lo - 1.0..=from.value * hi + 1.0).contains(&fob[i]);
        let ratio = fob[i] / from.value;
        match kind {
            "1" if pattern[i] == "rerouting" => {
                rerouted += 1;
                rerouters.insert(exporter[i].clone());
                assert_eq!(exporter[i], from.importer, "{}", id[i]);
                assert_eq!(from.origin, "CN", "{}", id[i]);
                assert_eq!(hs6[i][..2], from.hs6[..2], "{}", id[i]);
                assert!((7..=45).contains(&lag), "{}: {lag} days", id[i]);
                assert!(within(1.03, 1.15), "{}: {ratio}", id[i]);
                assert_eq!(origin[i], "KR");
                assert!(["US", "DE", "NL", "FR"].contains(&dest[i].as_str()));
                assert!(maker[i].is_empty());
                let (role, manufacturer, staff) = &firms[&exporter[i]];
                assert_eq!(role, "rerouting_firm");
                assert!(!manufacturer && *staff < 10);
            }
            "2" => {
                made += 1;
                assert_eq!(exporter[i], from.importer);
                assert_eq!(maker[i], exporter[i]);
                assert!((20..=90).contains(&lag), "{}: {lag} days", id[i]);
                assert!(within(1.6, 3.0), "{}: {ratio}", id[i]);
                let (_, manufacturer, staff) = &firms[&exporter[i]];
                assert!(*manufacturer && *staff >= 80);
            }
            _ => assert!(pattern[i].is_empty(), "{}", id[i]),
        }
    }
    assert!(
        rerouted >= 30 && rerouters.len() >= 3,
        "{rerouted} / {}",
        rerouters.len()
    );
    assert!(made >= 30, "{made}");
    // The naive rule (a Korean-origin export after an import of the same HS6 from China by the
    // same company within 90 days) flags manufacturers too.
    let mut bought: HashMap<(&str, &str), Vec<i32>> = HashMap::new();
    for imp in imports.values().filter(|m| m.origin == "CN") {
        bought
            .entry((imp.importer.as_str(), imp.hs6.as_str()))
            .or_default()
            .push(imp.day);
    }
    let flagged: HashSet<&str> = (0..n)
        .filter(|&i| origin[i] == "KR")
        .filter(|&i| {
            bought
                .get(&(exporter[i].as_str(), hs6[i].as_str()))
                .is_some_and(|d| {
                    d.iter()
                        .any(|d| (0..=90).contains(&(date[i].unwrap_or_default() - d)))
                })
        })
        .map(|i| exporter[i].as_str())
        .collect();
    let honest = flagged
        .iter()
        .filter(|f| firms[**f].1 && firms[**f].2 >= 80)
        .count();
    assert!(honest > 0, "no manufacturer flagged by the naive rule");
    assert!(flagged.iter().any(|f| firms[*f].0 == "rerouting_firm"));
}

#[test]
fn every_fta_claim_with_a_number_has_its_certificate_with_the_planted_defects() {
    let imports = imports();
    let c = table("origin_certificate");
    let (number, direction, decl, agreement, hs6) = (
        text(&c, "co_number"),
        text(&c, "direction"),
        text(&c, "declaration_id"),
        text(&c, "agreement"),
        text(&c, "hs6"),
    );
    let (registered, issued, criterion, issue, country) = (
        flag(&c, "registered_issuer"),
        day(&c, "issue_date"),
        text(&c, "criterion"),
        text(&c, "planted_issue"),
        text(&c, "issuer_country"),
    );
    let rvc: Vec<Option<f64>> = c
        .iter()
        .flat_map(|b| optional_floats(b, "rvc_pct").expect("rvc_pct"))
        .collect();
    // The rule and threshold of each agreement and chapter.
    let a = table("fta_agreement");
    let (code, chapter, rule) = (
        text(&a, "agreement"),
        text(&a, "hs_chapter"),
        text(&a, "criterion"),
    );
    let least = float(&a, "rvc_threshold_pct");
    assert_eq!(code.len(), 21 * 96);
    assert_eq!(code.iter().collect::<HashSet<_>>().len(), 21);
    let rules: HashMap<(&str, &str), (&str, f64)> = (0..code.len())
        .map(|i| {
            (
                (code[i].as_str(), chapter[i].as_str()),
                (rule[i].as_str(), least[i]),
            )
        })
        .collect();
    let claims = imports
        .values()
        .filter(|m| m.claim && !m.co.is_empty())
        .count();
    let mut seen = 0;
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for i in 0..number.len() {
        *kinds.entry(issue[i].as_str()).or_default() += 1;
        if direction[i] == "export" {
            assert_eq!(country[i], "KR");
            if issue[i] == "rerouting" {
                assert!(rvc[i].is_none_or(|v| v < 15.0), "{}", number[i]);
            }
            continue;
        }
        seen += 1;
        let m = &imports[&decl[i][3..]];
        assert_eq!(m.co, number[i]);
        let Some(&(want, threshold)) = rules.get(&(agreement[i].as_str(), &hs6[i][..2])) else {
            continue;
        };
        let day = issued[i].unwrap_or_default();
        match issue[i].as_str() {
            "issued_after_import" => assert!(day > m.day),
            "unregistered_issuer" | "fta_invalid_origin" => assert!(!registered[i]),
            "rvc_below_threshold" => assert!(rvc[i].is_some_and(|v| v < threshold)),
            "criterion_not_met" => assert_ne!(criterion[i], want),
            "" | "origin_disguise" => {
                assert!(
                    registered[i] && day < m.day && criterion[i] == want,
                    "{}",
                    number[i]
                );
                if want == "RVC" {
                    assert!(rvc[i].is_some_and(|v| v >= threshold), "{}", number[i]);
                }
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(seen, claims, "one certificate per claim with a number");
    for k in [
        "unregistered_issuer",
        "issued_after_import",
        "criterion_not_met",
        "rvc_below_threshold",
        "fta_invalid_origin",
        "origin_disguise",
        "rerouting",
    ] {
        assert!(kinds.get(k).is_some_and(|n| *n > 0), "no {k}: {kinds:?}");
    }
}

/// The import certificates with a planted defect: (declaration, defect).
pub fn planted_import_issues() -> Vec<(String, String)> {
    let c = table("origin_certificate");
    let (direction, decl, issue) = (
        text(&c, "direction"),
        text(&c, "declaration_id"),
        text(&c, "planted_issue"),
    );
    (0..decl.len())
        .filter(|&i| direction[i] == "import" && !issue[i].is_empty())
        .map(|i| (decl[i].clone(), issue[i].clone()))
        .collect()
}
