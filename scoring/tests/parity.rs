//! Parity of tract with onnxruntime: the reference outputs saved by models/*/train.py (and
//! models/company_risk.py) for a fixed batch of encoded rows of every tree model, reproduced by `portal_scoring::model` natively
//! (`cargo test`) and in wasm32 in headless Chromium (`scripts/test.sh` runs this file again with
//! wasm-bindgen-test). The HS model has no ONNX graph: its suggestions for fixed queries, as
//! `portal hs-build` recorded them natively, are reproduced the same way.

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use portal_scoring::encoder::FEATURES;
use portal_scoring::model::Model;

const ONNX: &[u8] = include_bytes!("../../models/fraud/model.onnx");
const REFERENCE: &str = include_str!("../../models/fraud/reference.json");

#[derive(serde::Deserialize)]
struct Reference {
    tolerance: f32,
    features: Vec<Vec<f32>>,
    scores: Vec<Vec<f32>>,
}

/// Asserts that tract's outputs `y` equal onnxruntime's `reference` within `tolerance`.
fn assert_within<'a>(y: &[f32], reference: impl IntoIterator<Item = &'a f32>, tolerance: f32) {
    let worst = y
        .iter()
        .zip(reference)
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    assert!(worst <= tolerance, "max |tract - onnxruntime| = {worst}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn fraud_model_matches_onnxruntime() {
    let r: Reference = serde_json::from_str(REFERENCE).expect("reference.json");
    assert_eq!(
        r.features[0].len(),
        FEATURES,
        "the model card and the encoder agree"
    );
    let model = Model::load(ONNX, FEATURES, 2).expect("tract loads the model");
    let x: Vec<f32> = r.features.iter().flatten().copied().collect();
    let y = model.run(&x, |_| true).expect("runs");
    assert_eq!(y.len(), r.scores.len() * 2);
    assert_within(&y, r.scores.iter().flatten(), r.tolerance);
}

/// Every other tree model's reference rows and scores (`scores` [[..]] or, for price, `outputs`
/// [..]).
#[derive(serde::Deserialize)]
struct AnyReference {
    tolerance: f32,
    features: Vec<Vec<f32>>,
    #[serde(alias = "outputs")]
    scores: Vec<serde_json::Value>,
}

const TREE_MODELS: [(&str, &[u8], &str); 6] = [
    (
        "price",
        include_bytes!("../../models/price/model.onnx"),
        include_str!("../../models/price/reference.json"),
    ),
    (
        "high-risk",
        include_bytes!("../../models/high-risk/model.onnx"),
        include_str!("../../models/high-risk/reference.json"),
    ),
    (
        "supply-chain",
        include_bytes!("../../models/supply-chain/model.onnx"),
        include_str!("../../models/supply-chain/reference.json"),
    ),
    (
        "rerouting",
        include_bytes!("../../models/rerouting/model.onnx"),
        include_str!("../../models/rerouting/reference.json"),
    ),
    (
        "delinquency",
        include_bytes!("../../models/delinquency/model.onnx"),
        include_str!("../../models/delinquency/reference.json"),
    ),
    (
        "tax-risk",
        include_bytes!("../../models/tax-risk/model.onnx"),
        include_str!("../../models/tax-risk/reference.json"),
    ),
];

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_other_tree_model_matches_onnxruntime() {
    for (name, onnx, reference) in TREE_MODELS {
        let r: AnyReference = serde_json::from_str(reference).expect("reference.json");
        let want: Vec<f32> = r
            .scores
            .iter()
            .flat_map(|v| match v {
                serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_f64()).collect(),
                other => other.as_f64().into_iter().collect::<Vec<_>>(),
            })
            .map(|v| v as f32)
            .collect();
        let outputs = want.len() / r.scores.len();
        let model = Model::load(onnx, r.features[0].len(), outputs)
            .unwrap_or_else(|e| panic!("tract loads the {name} model: {e}"));
        let x: Vec<f32> = r.features.iter().flatten().copied().collect();
        let y = model.run(&x, |_| true).expect("runs");
        assert_eq!(y.len(), want.len(), "{name}");
        assert_within(&y, &want, r.tolerance);
    }
}

const HS_REFERENCE: &str = include_str!("../../models/hs/reference.json");
const HS_TABLES: &str = include_str!("../../models/hs/tables.json");

/// What `portal hs-build` recorded natively for fixed queries: the top codes and their scores.
#[derive(serde::Deserialize)]
struct HsReference {
    tolerance: f32,
    queries: Vec<HsReferenceQuery>,
}

#[derive(serde::Deserialize)]
struct HsReferenceQuery {
    text: String,
    top: Vec<(String, f32)>,
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn hs_model_answers_as_recorded_and_suggests_phones_for_휴대폰() {
    let r: HsReference = serde_json::from_str(HS_REFERENCE).expect("reference.json");
    let hs = portal_scoring::hs::HsModel::load(HS_TABLES).expect("loads");
    let texts: Vec<&str> = r.queries.iter().map(|q| q.text.as_str()).collect();
    let found = hs.suggest(&texts, 5).expect("suggests");
    for (q, s) in r.queries.iter().zip(&found) {
        let codes: Vec<&str> = s.iter().map(|x| x.hs6.as_str()).collect();
        let expected: Vec<&str> = q.top.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, expected, "{}", q.text);
        let scores: Vec<f32> = s.iter().map(|x| x.score).collect();
        assert_within(&scores, q.top.iter().map(|(_, x)| x), r.tolerance);
    }
    let s = hs
        .suggest(&["휴대폰", "smartphone", "..."], 5)
        .expect("suggests");
    assert!(s[0].iter().any(|x| x.hs6 == "851713"), "{:?}", s[0]);
    assert!(s[1].iter().any(|x| x.hs6 == "851713"), "{:?}", s[1]);
    assert!(s[2].is_empty(), "no words, no suggestions");
    assert!(s[1].windows(2).all(|w| w[0].score >= w[1].score));
}

const PRICE_ONNX: &[u8] = include_bytes!("../../models/price/model.onnx");
const PRICE_REFERENCE: &str = include_str!("../../models/price/reference.json");
const PRICE_TABLES: &str = include_str!("../../models/price/tables.json");

#[derive(serde::Deserialize)]
struct PriceReference {
    tolerance: f32,
    features: Vec<Vec<f32>>,
    outputs: Vec<f32>,
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn price_model_matches_onnxruntime_and_flags_a_line_at_a_fifth_of_its_value() {
    use portal_scoring::price::{PRICE_FEATURES, PriceModel, PriceRow};
    let r: PriceReference = serde_json::from_str(PRICE_REFERENCE).expect("reference.json");
    assert_eq!(r.features[0].len(), PRICE_FEATURES.len());
    let model = PriceModel::load(PRICE_ONNX, PRICE_TABLES).expect("tract loads the model");
    let x: Vec<f32> = r.features.iter().flatten().copied().collect();
    let y = model.run_features(&x).expect("runs");
    assert_eq!(y.len(), r.outputs.len());
    assert_within(&y, &r.outputs, r.tolerance);
    // Encoder and model together: a line declared at its expected value passes, the same line
    // at a fifth of it is flagged; an unpriced line gets an expectation and no ratio.
    let line = |price: Option<f64>| PriceRow {
        id: "D1".into(),
        hs6: "851712".into(),
        origin: "CN".into(),
        transport_mode: "40".into(),
        net_mass: Some(100.0),
        item_price: price,
        quantity: Some(40.0),
        ..PriceRow::default()
    };
    let expected = model.check(&[line(None)], |_| true).expect("checks")[0];
    assert!(expected.expected > 0.0 && expected.ratio().is_none());
    assert!(
        expected.same_hs6 >= expected.same_origin && expected.same_hs6 > 0,
        "mobile phones were seen in training: {expected:?}"
    );
    let fair = f64::from(expected.expected) * 100.0;
    let c = model
        .check(&[line(Some(fair)), line(Some(fair / 5.0))], |_| true)
        .expect("checks");
    let undervalued = |p: &portal_scoring::price::PriceCheck| {
        portal_core::risk::undervalued(p.declared, p.expected)
    };
    assert!(!undervalued(&c[0]), "{:?}", c[0]);
    assert!(undervalued(&c[1]), "{:?}", c[1]);
}

const RISK_ONNX: &[u8] = include_bytes!("../../models/high-risk/model.onnx");
const RISK_REFERENCE: &str = include_str!("../../models/high-risk/reference.json");
const RISK_TABLES: &str = include_str!("../../models/high-risk/tables.json");

/// A laptop line from China of `mass` kg at `price` KRW, on day `day` of January 2021.
fn laptop_line(k: usize, day: usize, price: f64) -> portal_scoring::high_risk::RiskRow {
    use portal_scoring::encoder::Declaration;
    let cats = [
        "40", "B", "11", "21", "11", "40", "B7", "", "", "", "847130", "CN", "CN", "A", "Y",
    ]
    .map(str::to_owned);
    let mut decl = Declaration {
        id: format!("D{k}"),
        date: format!("2021-01-{:02}", day),
        cats,
        net_mass: Some(100.0),
        item_price: Some(price),
        tax_rate: Some(0.0),
        fraud: Some(false),
        critical: Some(false),
    };
    decl.cats[7] = format!("I{}", k % 7);
    decl.cats[8] = format!("S{}", k % 5);
    portal_scoring::high_risk::RiskRow {
        decl,
        description: "PORTABLE AUTOMATIC DATA PROCESSING MACHINES, LAPTOP MODEL AX-2231".into(),
        ..Default::default()
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn high_risk_model_matches_onnxruntime_and_names_the_signal_of_a_planted_line() {
    use portal_scoring::high_risk::{FEATURES, HighRiskModel};
    let r: Reference = serde_json::from_str(RISK_REFERENCE).expect("reference.json");
    assert_eq!(r.features[0].len(), FEATURES.len());
    let model = HighRiskModel::load(RISK_ONNX, RISK_TABLES).expect("tract loads the model");
    let x: Vec<f32> = r.features.iter().flatten().copied().collect();
    let y = model.run_features(&x).expect("runs");
    assert_eq!(y.len(), r.scores.len());
    assert_within(&y, r.scores.iter().flatten(), r.tolerance);

    // Encoder, HS model and trees together: among honest laptop lines, one declared at a quarter
    // of the expected unit value and one claiming an FTA rate without a certificate stand out,
    // each explained first by its own signal.
    let hs = portal_scoring::hs::HsModel::load(HS_TABLES).expect("HS model");
    let (expected_ln, seen, _) = model.tables().price.expectation("847130", "CN");
    assert!(seen > 0, "laptops were seen in training");
    let fair = expected_ln.exp() * 100.0;
    let mut rows: Vec<_> = (0..40).map(|k| laptop_line(k, 1 + k % 28, fair)).collect();
    rows.push(laptop_line(40, 29, fair / 4.0));
    let mut fta = laptop_line(41, 29, fair);
    fta.fta_claim = true;
    fta.decl.cats[13] = "FCN1".into();
    rows.push(fta);
    let (p, x) = model.score(&rows, &hs, |_| true).expect("scores");
    let honest = p[..40].iter().copied().fold(0f32, f32::max);
    assert!(p[40] > 2.0 * honest && p[41] > 2.0 * honest, "{p:?}");
    let reasons = model.explain(&[40, 41], &x, &p, 3).expect("explains");
    assert_eq!(reasons[0][0].signal, "price", "{:?}", reasons[0]);
    assert!(
        (reasons[0][0].value - 0.25).abs() < 0.01,
        "{:?}",
        reasons[0]
    );
    assert_eq!(reasons[1][0].signal, "fta_certificate", "{:?}", reasons[1]);
    assert_eq!(reasons[1][0].value, 1.0, "no certificate");
    assert_eq!(
        portal_scoring::high_risk::reason_text(&reasons[0][0]),
        "declared unit price 25% of expected"
    );
}

const SUPPLY_ONNX: &[u8] = include_bytes!("../../models/supply-chain/model.onnx");
const SUPPLY_REFERENCE: &str = include_str!("../../models/supply-chain/reference.json");

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn supply_chain_model_matches_onnxruntime_and_flags_a_combination_with_a_fraud_history() {
    use portal_scoring::supply_chain::{FEATURES, Shipment, SupplyChainModel};
    let r: Reference = serde_json::from_str(SUPPLY_REFERENCE).expect("reference.json");
    assert_eq!(r.features[0].len(), FEATURES.len());
    let model = SupplyChainModel::load(SUPPLY_ONNX).expect("tract loads the model");
    let x: Vec<f32> = r.features.iter().flatten().copied().collect();
    let y = model.run_features(&x, |_| true).expect("runs");
    assert_eq!(y.len(), r.scores.len());
    assert_within(&y, r.scores.iter().flatten(), r.tolerance);

    // 400 ordinary lines over 40 days, a tenth of them inspected and clean; then one consignee
    // whose lines at one office were found fraudulent six times scores far above a newcomer.
    let line = |k: usize, day: i32, consignee: &str, office: &str| {
        let mut s = Shipment {
            key: format!("M{k}"),
            day,
            ..Shipment::default()
        };
        let parties = [
            format!("F{}", k % 7),
            format!("S{}", k % 50),
            format!("W{}", k % 30),
            format!("T{}", k % 5),
            office.to_owned(),
            "CN".to_owned(),
            consignee.to_owned(),
            format!("8471{:02}", k % 9),
        ];
        s.parties = parties;
        s
    };
    let mut rows: Vec<Shipment> = (0..400)
        .map(|k| {
            let mut s = line(k, (k / 10) as i32, &format!("I{}", k % 80), "20");
            if k % 10 == 0 {
                s.inspected = Some(s.day);
            }
            s
        })
        .collect();
    for k in 0..6 {
        let mut s = line(1000 + k, 10 + 3 * k as i32, "I999", "30");
        s.inspected = Some(s.day);
        s.fraud = true;
        rows.push(s);
    }
    rows.push(line(2000, 41, "I999", "30"));
    rows.push(line(2001, 41, "I998", "30"));
    let (p, _) = model.score(&rows, |_| true).expect("scores");
    let (known, newcomer) = (p[rows.len() - 2], p[rows.len() - 1]);
    assert!(
        known > 0.5 && known > 2.0 * newcomer,
        "{known} vs {newcomer}"
    );
}

const REROUTING_ONNX: &[u8] = include_bytes!("../../models/rerouting/model.onnx");
const REROUTING_REFERENCE: &str = include_str!("../../models/rerouting/reference.json");

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn rerouting_model_matches_onnxruntime_and_flags_a_trader_reexporting_its_chinese_imports() {
    use std::collections::HashMap;

    use portal_scoring::rerouting::{
        ExportLine, FEATURES, Facts, ImportLine, ReroutingModel, exporters,
    };
    let r: Reference = serde_json::from_str(REROUTING_REFERENCE).expect("reference.json");
    assert_eq!(r.features[0].len(), FEATURES.len());
    let model = ReroutingModel::load(REROUTING_ONNX).expect("tract loads the model");
    let x: Vec<f32> = r.features.iter().flatten().copied().collect();
    let y = model.run_features(&x, |_| true).expect("runs");
    assert_eq!(y.len(), r.scores.len());
    assert_within(&y, r.scores.iter().flatten(), r.tolerance);

    // A five-person trader that makes nothing ships its Chinese imports on to the US three weeks
    // later, declared Korean, for 8% more; a factory of 300 exports what it makes of its parts
    // (another HS6 of the chapter, twice the value) to its usual buyers.
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    for k in 0..24 {
        let day = 18_300 + 15 * k;
        for (who, hs6) in [("TRADER", "850440"), ("FACTORY", "850440")] {
            imports.push(ImportLine {
                id: format!("I{who}{k}"),
                importer: who.into(),
                day,
                hs6: hs6.into(),
                origin: "CN".into(),
                value_krw: 10_000_000.0,
                mass: 100.0,
            });
        }
        exports.push(ExportLine {
            id: format!("ET{k}"),
            exporter: "TRADER".into(),
            day: day + 21,
            hs6: "850440".into(),
            destination: if k < 8 { "VN" } else { "US" }.into(),
            origin: if k < 8 { "CN" } else { "KR" }.into(),
            fob_krw: 10_800_000.0,
            mass: 98.0,
        });
        exports.push(ExportLine {
            id: format!("EF{k}"),
            exporter: "FACTORY".into(),
            day: day + 60,
            hs6: "850490".into(),
            destination: ["US", "JP", "DE"][k as usize % 3].into(),
            origin: "KR".into(),
            fob_krw: 22_000_000.0,
            mass: 70.0,
        });
    }
    let facts = HashMap::from([
        (
            "TRADER".to_owned(),
            Facts {
                manufacturer: Some(false),
                factory: Some(false),
                employees: Some(5),
                imports: 24,
                cn_imports: 24,
            },
        ),
        (
            "FACTORY".to_owned(),
            Facts {
                manufacturer: Some(true),
                factory: Some(true),
                employees: Some(300),
                imports: 60,
                cn_imports: 24,
            },
        ),
    ]);
    let e = exporters(&exports, &imports, &facts);
    let p = model.score(&e, |_| true).expect("runs");
    assert_eq!(e[0].id, "TRADER");
    assert!(p[0] > 0.5 && p[1] < 0.1, "trader {} factory {}", p[0], p[1]);
}

const DELINQUENCY_ONNX: &[u8] = include_bytes!("../../models/delinquency/model.onnx");
const DELINQUENCY_CARD: &str = include_str!("../../models/delinquency/model.json");
const DELINQUENCY_REFERENCE: &str = include_str!("../../models/delinquency/reference.json");
const TAX_RISK_ONNX: &[u8] = include_bytes!("../../models/tax-risk/model.onnx");
const TAX_RISK_CARD: &str = include_str!("../../models/tax-risk/model.json");
const TAX_RISK_REFERENCE: &str = include_str!("../../models/tax-risk/reference.json");

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn company_models_match_onnxruntime_and_rank_a_sliding_company_first() {
    use portal_scoring::company::{
        CompanyFacts, CompanyModel, FEATURES, ModelKind, Payments, Statement, reasons,
    };
    let cutoff = 18_627;
    let clean = CompanyFacts {
        grade: Some("A".into()),
        employees: Some(40),
        registered: Some(12_000),
        manufacturer: Some(true),
        payments: Payments {
            due: 60,
            late: 1,
            late_days: 2.0,
            recent_due: 10,
            prior_due: 15,
            duty_year_krw: 9e7,
            value_year_krw: 9e8,
            ..Payments::default()
        },
        latest: Some(Statement {
            year: 2019,
            debt_ratio: 95.0,
            margin: 7.0,
            revenue_krw: 1.2e10,
            tax_arrears: false,
        }),
        previous: Some(Statement {
            year: 2018,
            debt_ratio: 100.0,
            margin: 6.5,
            revenue_krw: 1.1e10,
            tax_arrears: false,
        }),
        goods_remitted_krw: 9.1e8,
        ..CompanyFacts::default()
    };
    // Slipping: late on most recent payments, arrears outstanding, debt climbing, tax owed.
    let mut sliding = clean.clone();
    sliding.payments.late = 25;
    sliding.payments.late_days = 400.0;
    sliding.payments.recent_late = 8;
    sliding.payments.recent_late_days = 200.0;
    sliding.payments.arrears = 4;
    sliding.payments.outstanding_krw = 3e7;
    sliding.payments.oldest_overdue_days = 70;
    sliding.latest = Some(Statement {
        debt_ratio: 260.0,
        margin: -4.0,
        tax_arrears: true,
        ..sliding.latest.unwrap()
    });
    // Paying its sellers three times what it declares.
    let mut under = clean.clone();
    under.goods_remitted_krw = 2.8e9;
    for (kind, onnx, card, reference, risky) in [
        (
            ModelKind::Delinquency,
            DELINQUENCY_ONNX,
            DELINQUENCY_CARD,
            DELINQUENCY_REFERENCE,
            &sliding,
        ),
        (
            ModelKind::TaxRisk,
            TAX_RISK_ONNX,
            TAX_RISK_CARD,
            TAX_RISK_REFERENCE,
            &under,
        ),
    ] {
        let r: Reference = serde_json::from_str(reference).expect("reference.json");
        assert_eq!(r.features[0].len(), FEATURES.len());
        let model = CompanyModel::load(kind, onnx, card).expect("tract loads the model");
        let x: Vec<f32> = r.features.iter().flatten().copied().collect();
        let y = model.run(&x, |_| true).expect("runs");
        assert_within(&y, r.scores.iter().flatten(), r.tolerance);
        let rows = [clean.features(cutoff), risky.features(cutoff)];
        let p = model.run(&rows.concat(), |_| true).expect("runs");
        assert!(p[1] > p[0] + 0.2, "{kind}: {p:?}");
        let why = reasons(&model, &rows[1], 3).expect("reasons");
        assert!(!why.is_empty() && why[0].raised_by > 0.0, "{kind}: {why:?}");
    }
}
