//! The company-risk datasets of a generation (the shared 60,000-declaration set, seed 7), read
//! from the Parquet files: one payment per declaration, under-reporters remit far more than they
//! declare while their look-alikes' extra goes to fees, future delinquents fall into arrears
//! and the others almost never do, and the outcome audits are drawn at random.

use std::collections::HashMap;

use arrow_array::RecordBatch;
use portal_server::columns::{days, floats, strings};
use portal_server::data::generate::world::{
    Pools, is_future_delinquent, is_service_remitter, is_under_reporter,
};

use crate::common::{DECLARATIONS, shared_data_dir};

fn table(name: &str) -> Vec<RecordBatch> {
    let path = shared_data_dir()
        .join("datasets")
        .join(name)
        .join("generated.parquet");
    parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(&path).expect("parquet file"),
    )
    .expect("parquet")
    .build()
    .expect("reader")
    .map(|b| b.expect("batch"))
    .collect()
}

fn index(id: &str) -> u64 {
    id[1..].parse().expect("importer index")
}

#[test]
fn remittances_payments_and_audits_carry_the_planted_companies() {
    let pools = Pools::for_declarations(DECLARATIONS);
    // Declared value and goods/other remittances per importer.
    let mut declared: HashMap<u64, f64> = HashMap::new();
    let mut payments = 0;
    let mut arrears: HashMap<u64, (u32, u32)> = HashMap::new();
    let outcome = portal_core::date::days_from_civil(2021, 1, 1);
    for b in table("duty_payment") {
        let (id, value) = (
            strings(&b, "importer_id").expect("id"),
            floats(&b, "customs_value_krw").expect("v"),
        );
        let (due, paid) = (
            days(&b, "due_date").expect("due"),
            days(&b, "paid_date").expect("paid"),
        );
        for i in 0..b.num_rows() {
            payments += 1;
            let k = index(&id[i]);
            *declared.entry(k).or_default() += value[i];
            let due = due[i].expect("due");
            if due >= outcome {
                let late = paid[i].is_none_or(|p| p - due > 30);
                let e = arrears.entry(k).or_default();
                e.0 += 1;
                e.1 += u32::from(late);
            }
        }
    }
    assert_eq!(payments, DECLARATIONS);
    let mut goods: HashMap<u64, f64> = HashMap::new();
    let mut fees: HashMap<u64, f64> = HashMap::new();
    for b in table("fx_remittance") {
        let (id, krw, purpose) = (
            strings(&b, "importer_id").expect("id"),
            floats(&b, "amount_krw").expect("krw"),
            strings(&b, "purpose").expect("purpose"),
        );
        for i in 0..b.num_rows() {
            let m = if purpose[i] == "goods" {
                &mut goods
            } else {
                &mut fees
            };
            *m.entry(index(&id[i])).or_default() += krw[i];
        }
    }
    let ratio = |pick: &dyn Fn(u64) -> bool, m: &HashMap<u64, f64>| {
        let (mut r, mut d) = (0.0, 0.0);
        for (k, v) in &declared {
            if pick(*k) {
                r += m.get(k).copied().unwrap_or(0.0);
                d += v;
            }
        }
        r / d
    };
    let under = |k| is_under_reporter(k, &pools);
    let service = |k| is_service_remitter(k, &pools);
    let honest = |k| !is_under_reporter(k, &pools) && !is_service_remitter(k, &pools);
    let (u, s, h) = (
        ratio(&under, &goods),
        ratio(&service, &goods),
        ratio(&honest, &goods),
    );
    assert!(
        (2.0..3.2).contains(&u),
        "under-reporters' goods remittances: {u}"
    );
    // About 85 % of lines are paid by remittance, but a few large lines weigh most.
    assert!(
        (0.7..1.1).contains(&s) && (0.7..1.1).contains(&h),
        "{s} {h}"
    );
    assert!(ratio(&service, &fees) > 0.5, "service remitters pay fees");
    // Arrears in the outcome half-year: most future delinquents, hardly anyone else.
    let share = |pick: &dyn Fn(u64) -> bool| {
        let (n, late) = arrears
            .iter()
            .filter(|(k, _)| pick(**k))
            .fold((0, 0), |(n, l), (_, (_, a))| (n + 1, l + u32::from(*a > 0)));
        f64::from(late) / f64::from(n.max(1))
    };
    let delinquent = share(&|k| is_future_delinquent(k, &pools));
    let others = share(&|k| !is_future_delinquent(k, &pools));
    assert!(delinquent > 0.6 && others < 0.1, "{delinquent} {others}");
    // Every importer files five statements; audits find tax at under-reporters most.
    let statements: usize = table("company_financials")
        .iter()
        .map(|b| b.num_rows())
        .sum();
    assert_eq!(statements as u64, pools.importers * 5);
    let mut found = [(0u32, 0u32); 2];
    for b in table("customs_audit") {
        let (id, start) = (
            strings(&b, "company_id").expect("id"),
            days(&b, "start_date").expect("start"),
        );
        let tax = floats(&b, "additional_tax_krw").expect("tax");
        for i in 0..b.num_rows() {
            assert!(start[i].is_some());
            let f = &mut found[usize::from(is_under_reporter(index(&id[i]), &pools))];
            f.0 += 1;
            f.1 += u32::from(tax[i] > 0.0);
        }
    }
    let rate = |f: (u32, u32)| f64::from(f.1) / f64::from(f.0.max(1));
    assert!(found[0].0 > 50, "{found:?}");
    assert!(
        found[1].0 > 0 && rate(found[1]) > 0.5 && rate(found[0]) < 0.2,
        "{found:?}"
    );
}
