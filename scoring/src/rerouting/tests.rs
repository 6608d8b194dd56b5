use super::*;

fn export(id: &str, exporter: &str, day: i32, hs6: &str, to: &str, origin: &str) -> ExportLine {
    ExportLine {
        id: id.into(),
        exporter: exporter.into(),
        day,
        hs6: hs6.into(),
        destination: to.into(),
        origin: origin.into(),
        fob_krw: 110.0,
        mass: 9.5,
    }
}

fn import(id: &str, importer: &str, day: i32, hs6: &str, origin: &str) -> ImportLine {
    ImportLine {
        id: id.into(),
        importer: importer.into(),
        day,
        hs6: hs6.into(),
        origin: origin.into(),
        value_krw: 100.0,
        mass: 10.0,
    }
}

#[test]
fn an_export_matches_the_latest_chinese_import_of_its_goods_within_90_days() {
    let imports = [
        import("I1", "A", 0, "850440", "CN"),
        import("I2", "A", 10, "850440", "CN"),
        import("I3", "A", 20, "850440", "VN"), // not from China
        import("I4", "B", 25, "850440", "CN"), // another company
        import("I5", "A", 30, "850450", "CN"), // near goods (same HS4)
    ];
    let exports = [
        export("E1", "A", 40, "850440", "US", "KR"), // I2, 30 days
        export("E2", "A", 40, "850450", "US", "KR"), // I5, same HS6
        export("E3", "A", 40, "850490", "US", "KR"), // HS4 8504: I5 is the latest
        export("E4", "A", 40, "850440", "US", "CN"), // declared Chinese: not a rerouting claim
        export("E5", "A", 101, "850440", "US", "KR"), // I2 is 91 days before
        export("E6", "A", 5, "850440", "US", "KR"),  // I1, day 0
        export("E7", "C", 40, "850440", "US", "KR"), // no import of its own
    ];
    let m = matching::match_exports(&exports, &imports);
    let got: Vec<Option<(usize, i32, bool)>> = m
        .iter()
        .map(|m| m.map(|m| (m.import, m.lag, m.same_hs6)))
        .collect();
    assert_eq!(
        got,
        [
            Some((1, 30, true)),
            Some((4, 10, true)),
            Some((4, 10, false)),
            None,
            Some((4, 71, false)),
            Some((0, 5, true)),
            None,
        ]
    );
}

#[test]
fn features_read_the_matches_the_facts_and_the_destinations() {
    let imports = [
        import("I1", "A", 0, "850440", "CN"),
        import("I2", "A", 0, "940360", "KR"),
        import("I3", "B", 0, "850440", "CN"),
    ];
    let exports = [
        export("E1", "A", 1, "850440", "VN", "CN"),
        export("E2", "A", 10, "850440", "US", "KR"),
        export("E3", "A", 20, "850440", "DE", "KR"),
        export("E4", "A", 200, "850440", "US", "KR"), // too late to match
        export("E5", "B", 5, "850440", "JP", "KR"),
    ];
    let facts = HashMap::from([(
        "A".to_owned(),
        Facts {
            manufacturer: Some(false),
            factory: Some(false),
            employees: Some(4),
            imports: 2,
            cn_imports: 1,
        },
    )]);
    let e = exporters(&exports, &imports, &facts);
    assert_eq!(
        e.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["A", "B"]
    );
    let a = &e[0];
    assert_eq!((a.exports, a.kr_exports, a.matched), (4, 3, 2));
    assert_eq!(a.x[1], 0.75);
    assert!((a.x[2] - 2.0 / 3.0).abs() < 1e-6);
    assert_eq!(a.x[4], 15.0); // lags 10 and 20
    assert!((a.x[5] - 1.1).abs() < 1e-6);
    assert!((a.x[6] - 0.95).abs() < 1e-6);
    assert_eq!(a.x[7], 0.75);
    assert_eq!(a.x[8], 0.5); // VN, US early; DE, US late
    assert_eq!((a.x[9], a.x[10]), (0.0, 0.0));
    assert!((a.x[11] - 5f32.ln()).abs() < 1e-6);
    assert_eq!(a.x[13], 0.5);
    // Peers of HS6 850440: 3 of 4 Korean exports matched (A's two, B's one).
    assert_eq!(a.x[15], 0.75);
    let b = &e[1];
    assert_eq!((b.matched, b.x[9], b.x[11]), (1, 0.5, 0.0));
    assert_eq!(b.x[4], 5.0);
    assert_eq!(rule_key(a), (2, 3));
    let text = Evidence::of(a).to_string();
    assert_eq!(
        text,
        "matched=2/3;lag_days=15;value_ratio=1.10;manufacturer=no;us_eu_share=0.75;\
         us_eu_shift=+0.50;over_peers=-0.08"
    );
}

#[test]
fn an_exporter_without_korean_exports_has_no_evidence_of_rerouting() {
    let exports = [export("E1", "A", 1, "850440", "VN", "CN")];
    let e = exporters(&exports, &[], &HashMap::new());
    assert_eq!(e[0].x[2], 0.0);
    assert_eq!(e[0].x[4], MATCH_DAYS as f32);
    let ev = Evidence::of(&e[0]);
    assert_eq!(
        (ev.lag_days, ev.value_ratio, ev.manufacturer),
        (None, None, None)
    );
}

#[test]
fn the_evidence_columns_the_browser_reads_are_features() {
    use portal_core::origin::columns::{LAG, MANUFACTURER, OVER_PEERS, SHIFT, US_EU, VALUE_RATIO};
    for c in [LAG, VALUE_RATIO, MANUFACTURER, US_EU, SHIFT, OVER_PEERS] {
        assert!(FEATURES.contains(&c), "{c}");
    }
}
