use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray};

use super::*;

fn frame() -> Frame {
    let text = |v: [&str; 3]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
    let cols: Vec<(&str, ArrayRef)> = vec![
        (COMPANY, text(["C1", "C2", "C3"])),
        (NAME, text(["Alpha", "Beta", "Gamma"])),
        (INDUSTRY, text(["steel", "food", "steel"])),
        (REGION, text(["Busan", "Seoul", "Busan"])),
        (OFFICE, text(["20", "40", "20"])),
        (
            DAYS_SINCE_AUDIT,
            Arc::new(Float64Array::from(vec![Some(200.0), None, Some(1500.0)])),
        ),
    ];
    let batch = RecordBatch::try_from_iter(cols).expect("batch");
    Frame::from_batches(batch.schema(), &[batch]).expect("frame")
}

const SCORES: [f32; 12] = [
    0.10, 120.0, 9.0, -1.0, // C1
    0.97, 981.0, 1.0, 0.0, // C2: overdue arrears
    0.40, 500.0, 3.0, 6.0, // C3: low compliance grade
];

#[test]
fn companies_rank_by_score_with_factor_and_reasons() {
    let reasons = vec![(1, vec![("arrears_log".to_owned(), 0.2, 2.0_f32.ln_1p())])];
    let r = rank(&frame(), &SCORES, reasons).expect("ranked");
    let ids: Vec<&str> = r.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["C2", "C3", "C1"]);
    assert_eq!((r[0].score, r[0].grade_text().as_str()), (981, "01"));
    assert_eq!(r[0].factor, Some(Factor::OverdueArrears));
    assert_eq!(r[1].factor, Some(Factor::LowComplianceGrade));
    assert_eq!(r[2].factor, None);
    assert_eq!(r[0].days_since_audit, None);
    assert_eq!(
        reasons_text(Lang::Ko, &r[0].reasons),
        "체납 건수 2 (+200점)"
    );
    assert_eq!(
        reasons_text(Lang::En, &r[0].reasons),
        "Payments in arrears 2 (+200 points)"
    );
    assert!(rank(&frame(), &SCORES[..8], Vec::new()).is_err());
    let csv = ranking_csv(&r.iter().collect::<Vec<_>>());
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("company_id,score,grade,probability,"));
    assert_eq!(
        lines[1],
        "C2,981,01,0.970000,Beta,food,Seoul,40,,overdue_arrears,arrears_log:+200"
    );
    assert_eq!(lines.len(), 4);
}

#[test]
fn filters_keep_office_industry_region_grade_and_audit_history() {
    let r = rank(&frame(), &SCORES, Vec::new()).expect("ranked");
    let kept = |f: &Filters| -> Vec<String> {
        r.iter()
            .filter(|c| f.keeps(c))
            .map(|c| c.id.clone())
            .collect()
    };
    assert_eq!(kept(&Filters::default()).len(), 3);
    let office = Filters {
        office: "20".into(),
        ..Filters::default()
    };
    assert_eq!(kept(&office), ["C3", "C1"]);
    let grade = Filters {
        grade: Some(1),
        ..Filters::default()
    };
    assert_eq!(kept(&grade), ["C2"]);
    let steel_busan = Filters {
        industry: "steel".into(),
        region: "Busan".into(),
        ..Filters::default()
    };
    assert_eq!(kept(&steel_busan), ["C3", "C1"]);
    let audited = Filters {
        audit: AuditFilter::Within(1),
        ..Filters::default()
    };
    assert_eq!(kept(&audited), ["C1"]);
    let not_audited = Filters {
        audit: AuditFilter::NotWithin(3),
        ..Filters::default()
    };
    assert_eq!(kept(&not_audited), ["C2", "C3"]);
    for f in [
        AuditFilter::Any,
        AuditFilter::Within(3),
        AuditFilter::NotWithin(5),
    ] {
        assert_eq!(AuditFilter::parse(&f.value()), f);
    }
    assert_eq!(AuditFilter::parse("in:x"), AuditFilter::Any);
    assert_eq!(AuditFilter::parse("in:0"), AuditFilter::Any);
    assert_eq!(choices(&r, |c| c.industry.as_str()), ["food", "steel"]);
}

#[test]
fn every_feature_has_words_and_values_read_plainly() {
    for f in FEATURES {
        assert!(words(f).is_some(), "no words for {f}");
    }
    assert_eq!(FEATURE_WORDS.len(), FEATURES.len());
    let v = |f: &str, x: f32| feature_value(Lang::En, f, x);
    assert_eq!(
        v("outstanding_krw_log", 1_234_567.0_f32.ln_1p()),
        "1,234,567"
    );
    assert_eq!(v("late_share", 0.25), "25%");
    assert_eq!(v("late_share_trend", 0.5), "+50%p");
    assert_eq!(v("debt_ratio", -1.0), "-");
    assert_eq!(v("operating_margin", -3.0), "-3.0");
    assert_eq!(v("goods_remittance_ratio", 2.5), "2.50×");
    assert_eq!(v("goods_remittance_ratio", -1.0), "-");
    assert_eq!(v("national_tax_arrears", 1.0), "Yes");
    assert_eq!(v("manufacturer", 0.5), "Unknown");
    assert_eq!(v("compliance_grade", 4.0), "C");
    assert_eq!(v("compliance_grade", -1.0), "-");
    assert_eq!(feature_label(Lang::Ko, "debt_ratio"), "부채비율(%)");
    assert_eq!(feature_label(Lang::En, "nonsense"), "nonsense");
    for f in Factor::ALL {
        assert_ne!(factor_key(Some(*f)), Key::FactorNone);
    }
}

#[test]
fn history_rows_are_row_major_floats_of_every_feature() {
    let snap = |c: &str, n: usize| Snapshot {
        cutoff: c.into(),
        features: vec![1.0; n],
    };
    let bytes = history_rows(&[snap("2020-03-31", 29), snap("2020-06-30", 29)]).expect("rows");
    assert_eq!(bytes.len(), 2 * 29 * 4);
    assert!(history_rows(&[snap("2020-03-31", 28)]).is_err());
    assert_eq!(company_link("I 1"), "/companies/I%201");
}
