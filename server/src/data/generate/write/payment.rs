//! `duty_payment` rows: the duty and VAT of every declaration, due 15 days after acceptance.
//! Most are paid on time; a few are late by days and 0.15 % fall into arrears (more than 30
//! days late, or never paid). Future delinquents slip in the 150 days before their onset (more
//! and longer delays, the first arrears) and are in arrears on 45 % of their payments after it;
//! slow payers are often late by up to four weeks but no more often in arrears than anyone.
//! Arrears are stated as of [`SNAPSHOT`].

use portal_core::date::days_from_civil;

use super::declaration::importer_id;
use crate::data::generate::plan::Line;
use crate::data::generate::world::{Pools, delinquency_onset, is_future_delinquent, is_slow_payer};
use crate::data::rng::Rng;
use crate::data::rows::{PaymentRow, Payments};
use crate::data::table::RowWriter;
use crate::error::Error;

/// Days from acceptance to the due date (관세법 제9조).
pub const DUE_DAYS: i32 = 15;
/// VAT rate on the customs value plus duty (%).
const VAT_RATE: f64 = 10.0;

/// The day the table's arrears are stated at: 2021-07-31, a month after the last declaration.
pub fn snapshot() -> i32 {
    days_from_civil(2021, 7, 31)
}

/// How importer `importer` pays on day `t` of the generation: the chances that a payment is
/// late (1 day to a month) and in arrears, and the most days a late payment is late.
fn behaviour(importer: u64, t: i32, pools: &Pools) -> (f64, f64, u64) {
    if is_future_delinquent(importer, pools) {
        let d = t - delinquency_onset(importer);
        if d >= 0 {
            return (0.35, 0.45, 30);
        }
        if d >= -150 {
            let f = f64::from(d + 150) / 150.0;
            return (0.04 + 0.5 * f, 0.0015 + 0.08 * f, 5 + (25.0 * f) as u64);
        }
    }
    if is_slow_payer(importer, pools) {
        return (0.45, 0.0015, 28);
    }
    (0.035, 0.0015, 10)
}

/// Writes the payment of `line` (declaration `id`); `start` is the generation's first day.
pub fn write(
    w: &mut RowWriter<Payments>,
    line: &Line<'_>,
    id: &str,
    pools: &Pools,
    start: i32,
    rng: &mut Rng,
) -> Result<(), Error> {
    let duty = (line.price * line.tax_rate / 100.0).round();
    let vat = ((line.price + duty) * VAT_RATE / 100.0).round();
    let total = duty + vat;
    let due = line.day + DUE_DAYS;
    let (late, arrears, most) = behaviour(line.importer, line.day - start, pools);
    let r = rng.f64();
    let (paid_on, in_arrears) = if r < arrears {
        (due + 31 + rng.below(150) as i32, true)
    } else if r < arrears + late {
        (due + 1 + rng.below(most) as i32, false)
    } else {
        (due - rng.below(DUE_DAYS as u64) as i32, false)
    };
    let never = in_arrears && rng.chance(0.3);
    let instalments = if total > 20_000_000.0 && rng.chance(0.1) {
        2 + rng.below(5) as i64
    } else {
        1
    };
    let snapshot = snapshot();
    let paid_date = (!never && paid_on <= snapshot).then_some(paid_on);
    let owed = paid_date.is_none() && due < snapshot;
    let importer = importer_id(line.importer);
    w.write(&PaymentRow {
        declaration_id: Some(id),
        assessed_date: Some(line.day),
        office_id: Some(line.template.office_id),
        importer_id: Some(&importer),
        customs_value_krw: Some(line.price),
        duty_krw: Some(duty),
        vat_krw: Some(vat),
        due_date: Some(due),
        paid_date,
        paid_krw: Some(if paid_date.is_some() { total } else { 0.0 }),
        instalments: Some(instalments),
        arrears_krw: Some(if owed { total } else { 0.0 }),
        arrears_days: Some(if owed { i64::from(snapshot - due) } else { 0 }),
    })
}
