use std::sync::Arc;

use arrow_array::{ArrayRef, Float32Array, Float64Array, RecordBatch, StringArray, UInt32Array};
use portal_core::origin::{FtaClaim, FtaQueue};

use super::*;

fn frame() -> Frame {
    let f32s = |v: [f32; 2]| Arc::new(Float32Array::from(v.to_vec())) as ArrayRef;
    let cols: Vec<(&str, ArrayRef)> = vec![
        (EXPORTER, Arc::new(StringArray::from(vec!["I1", "I2"]))),
        (EXPORTS, Arc::new(UInt32Array::from(vec![10, 4]))),
        (KR_EXPORTS, Arc::new(UInt32Array::from(vec![9, 4]))),
        (MATCHED, Arc::new(UInt32Array::from(vec![1, 4]))),
        (FOB_KRW, Arc::new(Float64Array::from(vec![1e6, 2e6]))),
        (LAG, f32s([90.0, 21.0])),
        (VALUE_RATIO, f32s([0.0, 1.08])),
        (MANUFACTURER, f32s([1.0, 0.0])),
        (US_EU, f32s([0.2, 0.9])),
        (SHIFT, f32s([0.0, 0.75])),
        (OVER_PEERS, f32s([-0.1, 0.8])),
    ];
    let batch = RecordBatch::try_from_iter(cols).expect("batch");
    Frame::from_batches(batch.schema(), &[batch]).expect("frame")
}

#[test]
fn exporters_rank_by_score_with_their_evidence_and_csv() {
    let r = rank(&frame(), &[0.1, 0.95]).expect("ranked");
    assert_eq!(r[0].id, "I2");
    assert_eq!((r[0].risk(), r[0].grade().as_str()), (949, "01"));
    assert_eq!((r[0].kr_exports, r[0].matched), (4, 4));
    assert!((r[0].value_ratio - 1.08).abs() < 1e-6);
    assert_eq!(r[0].manufactures(), Some(false));
    assert_eq!(r[1].manufactures(), Some(true));
    let csv = ranking_csv(&r);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("exporter_id,risk_score,grade,"));
    assert_eq!(lines[1], "I2,949,01,4,4,4,21,1.08,no,0.90,+0.75,2000000");
    assert_eq!(lines.len(), 3);
    assert!(rank(&frame(), &[0.1]).is_err());
}

#[test]
fn the_verification_list_keeps_the_queue_order_and_names_every_check() {
    let claim = |id: &str, checks: &[&str]| FtaClaim {
        declaration_id: id.into(),
        declaration_date: "2021-01-05".into(),
        office_id: "20".into(),
        importer_id: "I1".into(),
        agreement: "VN".into(),
        origin: "VN".into(),
        hs6: "851712".into(),
        risk_score: 800,
        duty_at_stake: 12345.0,
        failed_checks: checks.iter().map(|c| (*c).to_owned()).collect(),
        co_number: None,
        issuer_country: Some("VN".into()),
    };
    let q = FtaQueue {
        claims: 2,
        failing: 1,
        duty_at_stake: 12345.0,
        queue: vec![
            claim("D2", &["unregistered_issuer", "issued_after_import"]),
            claim("D1", &[]),
        ],
        by_office: vec![],
        by_agreement: vec![],
        by_importer: vec![],
        agreements: vec!["VN".into()],
    };
    let csv = queue_csv(&q);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[1],
        "D2,2021-01-05,20,I1,VN,VN,851712,800,12345,unregistered_issuer;issued_after_import,,VN"
    );
    assert!(lines[2].starts_with("D1,"));
    for c in Check::ALL {
        assert!(check_key(c.as_str()).is_some(), "{c}");
    }
    assert_eq!(check_key("no_such_check"), None);
}

#[test]
fn figures_place_flows_in_time_and_size_routes_by_value() {
    let flow = |i: &str, e: &str| Flow {
        import_id: "D".into(),
        import_date: i.into(),
        import_hs6: "850440".into(),
        import_value_krw: 1.0,
        export_id: "E".into(),
        export_date: e.into(),
        export_hs6: "850440".into(),
        destination: "US".into(),
        fob_krw: 1.0,
        lag_days: 0,
        same_hs6: true,
    };
    let t = timeline(&[
        flow("2021-01-01", "2021-01-11"),
        flow("2021-01-06", "2021-01-21"),
    ]);
    assert_eq!(t[0].0, 20.0);
    assert_eq!(t[1].1, FIGURE.0 - 20.0);
    assert!(t[0].1 > t[0].0 && t[1].0 > t[0].0);
    let routes = [
        Route {
            origin: "CN".into(),
            destination: "US".into(),
            exports: 3,
            fob_krw: 100.0,
        },
        Route {
            origin: "KR".into(),
            destination: "JP".into(),
            exports: 1,
            fob_krw: 25.0,
        },
    ];
    let b = bands(&routes);
    assert_eq!(b[0], ("CN", "US", 40.0));
    assert!((b[1].2 - 10.75).abs() < 1e-9);
}
