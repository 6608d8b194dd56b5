use super::*;

fn facts() -> CompanyFacts {
    CompanyFacts {
        id: "I0000001".into(),
        grade: Some("C".into()),
        employees: Some(9),
        registered: Some(10_000),
        manufacturer: Some(false),
        payments: Payments {
            due: 20,
            late: 5,
            late_days: 50.0,
            recent_due: 4,
            recent_late: 3,
            recent_late_days: 30.0,
            prior_due: 10,
            prior_late: 1,
            arrears: 1,
            outstanding_krw: 1_000_000.0,
            oldest_overdue_days: 40,
            duty_year_krw: 5_000_000.0,
            value_year_krw: 40_000_000.0,
        },
        latest: Some(Statement {
            year: 2019,
            debt_ratio: 250.0,
            margin: -3.0,
            revenue_krw: 1e9,
            tax_arrears: true,
        }),
        previous: Some(Statement {
            year: 2018,
            debt_ratio: 180.0,
            margin: 2.0,
            revenue_krw: 1.1e9,
            tax_arrears: false,
        }),
        goods_remitted_krw: 80_000_000.0,
        service_remitted_krw: 20_000_000.0,
        audits: 1,
        audits_assessed: 1,
        assessed_krw: 3_000_000.0,
        last_audit: Some(10_000 + 730),
        frauds: 0,
    }
}

fn feature(x: &[f32; 29], name: &str) -> f32 {
    x[FEATURES.iter().position(|f| *f == name).expect(name)]
}

#[test]
fn features_read_the_facts() {
    let x = facts().features(10_000 + 3_652);
    assert_eq!(feature(&x, "late_share"), 0.25);
    assert_eq!(feature(&x, "mean_late_days"), 10.0);
    assert_eq!(feature(&x, "recent_late_share"), 0.75);
    assert!((feature(&x, "late_share_trend") - 0.65).abs() < 1e-6);
    assert_eq!(feature(&x, "debt_ratio_change"), 70.0);
    assert_eq!(feature(&x, "operating_margin_change"), -5.0);
    assert_eq!(feature(&x, "national_tax_arrears"), 1.0);
    assert_eq!(feature(&x, "compliance_grade"), 4.0);
    assert_eq!(feature(&x, "goods_remittance_ratio"), 2.0);
    assert_eq!(feature(&x, "remittance_ratio"), 2.5);
    assert_eq!(feature(&x, "service_remittance_share"), 0.2);
    assert!((feature(&x, "years_in_business") - 10.0).abs() < 0.01);
    assert!((feature(&x, "years_since_audit") - 8.0).abs() < 0.01);
    assert_eq!(feature(&x, "manufacturer"), 0.0);
}

#[test]
fn unknowns_read_as_their_stated_values() {
    let x = CompanyFacts::default().features(18_000);
    assert_eq!(feature(&x, "debt_ratio"), -1.0);
    assert_eq!(feature(&x, "compliance_grade"), -1.0);
    assert_eq!(feature(&x, "goods_remittance_ratio"), -1.0);
    assert_eq!(feature(&x, "years_since_audit"), 30.0);
    assert_eq!(feature(&x, "manufacturer"), 0.5);
    assert!(x.iter().all(|v| v.is_finite()));
}

#[test]
fn the_strongest_stated_factor_applies() {
    let x = facts().features(13_652);
    assert_eq!(
        business_factor(ModelKind::Delinquency, &x),
        Some((Factor::OverdueArrears, 1.0))
    );
    assert_eq!(
        business_factor(ModelKind::TaxRisk, &x),
        Some((Factor::RemittancesOverDeclared, 1.0))
    );
    let clean = CompanyFacts {
        grade: Some("AA".into()),
        ..CompanyFacts::default()
    }
    .features(18_000);
    assert_eq!(business_factor(ModelKind::Delinquency, &clean), None);
    assert_eq!(business_factor(ModelKind::TaxRisk, &clean), None);
}

#[test]
fn grades_follow_the_blend() {
    let clean = CompanyFacts::default().features(18_000);
    let s = Scored::of(ModelKind::Delinquency, &clean, 1.0);
    assert_eq!((s.score, s.grade, s.factor), (849, 2, None));
    let s = Scored::of(ModelKind::Delinquency, &clean, 0.0);
    assert_eq!((s.score, s.grade), (0, 10));
    let x = facts().features(13_652);
    let s = Scored::of(ModelKind::Delinquency, &x, 1.0);
    assert_eq!(
        (s.score, s.grade, s.factor),
        (999, 1, Some(Factor::OverdueArrears))
    );
    // 0.85 * 0.9 + 0.15 = 0.915: grade 01 starts at 0.9.
    assert_eq!(Scored::of(ModelKind::Delinquency, &x, 0.9).grade, 1);
    assert_eq!(Scored::of(ModelKind::Delinquency, &x, 0.8).grade, 2);
}

#[test]
fn rows_after_the_cut_off_change_nothing() {
    let cutoff = 18_627; // 2020-12-31
    let mut before = CompanyFacts::default();
    let fill = |f: &mut CompanyFacts, later: bool| {
        f.payments
            .add(cutoff, cutoff - 40, Some(cutoff - 45), 100.0, 1_000.0);
        f.payments.add(cutoff, cutoff - 100, None, 200.0, 2_000.0);
        // Paid after the cut-off: unpaid on the day, whenever it was paid.
        f.payments.add(
            cutoff,
            cutoff - 20,
            Some(if later { cutoff + 1 } else { cutoff + 90 }),
            50.0,
            500.0,
        );
        f.add_statement(
            cutoff,
            cutoff - 270,
            Statement {
                year: 2019,
                debt_ratio: 120.0,
                ..Statement::default()
            },
        );
        f.add_statement(
            cutoff,
            cutoff - 635,
            Statement {
                year: 2018,
                debt_ratio: 100.0,
                ..Statement::default()
            },
        );
        f.add_remittance(cutoff, cutoff - 10, 900.0, "goods");
        f.add_audit(cutoff, cutoff - 800, 5.0);
        f.add_fraud(cutoff, cutoff - 3);
        if later {
            f.payments.add(cutoff, cutoff + 10, None, 1e9, 1e9);
            f.add_statement(
                cutoff,
                cutoff + 90,
                Statement {
                    year: 2020,
                    debt_ratio: 900.0,
                    ..Statement::default()
                },
            );
            f.add_remittance(cutoff, cutoff + 1, 1e9, "goods");
            f.add_audit(cutoff, cutoff + 5, 1e9);
            f.add_fraud(cutoff, cutoff + 1);
        }
    };
    fill(&mut before, false);
    let mut after = CompanyFacts::default();
    fill(&mut after, true);
    assert_eq!(before, after);
    assert_eq!(before.features(cutoff), after.features(cutoff));
    let p = before.payments;
    assert_eq!((p.due, p.late, p.arrears), (3, 2, 1));
    assert_eq!(p.outstanding_krw, 250.0);
    assert_eq!(p.oldest_overdue_days, 100);
    assert_eq!(before.latest.map(|s| s.year), Some(2019));
    assert_eq!(before.previous.map(|s| s.year), Some(2018));
}

#[test]
fn the_outcome_reads_the_six_months_after_the_cut_off() {
    let cutoff = 18_627;
    let mut o = Outcome::default();
    o.add_payment(cutoff, cutoff - 5, None);
    o.add_payment(cutoff, cutoff + 10, Some(cutoff + 40));
    o.add_audit(cutoff, cutoff - 5, 1.0);
    assert_eq!(o, Outcome::default());
    o.add_payment(cutoff, cutoff + 10, Some(cutoff + 41));
    o.add_audit(cutoff, cutoff + 30, 0.0);
    assert_eq!((o.arrears, o.audited, o.assessed), (true, true, false));
    o.add_payment(cutoff, cutoff + 200, None);
    // A routine correction is not a material finding.
    o.add_audit(cutoff, cutoff + 40, MATERIAL_TAX_KRW - 1.0);
    assert!(!o.assessed);
    o.add_audit(cutoff, cutoff + 50, MATERIAL_TAX_KRW);
    assert!(o.assessed);
}
