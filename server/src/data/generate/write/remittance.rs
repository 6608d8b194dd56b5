//! `fx_remittance` rows: how importers pay abroad. For 85 % of declarations the importer sends
//! the invoice amount to the seller's country between 45 days before and 55 days after the
//! declaration (the rest is paid by letter of credit or netted, unseen here); under-reporters
//! send two to four times what they declare. Service remitters also pay large fees and
//! royalties (US, Japan, Germany, UK, Netherlands) beside 35 % of their declarations, others
//! small ones beside 1 %.

use super::declaration::importer_id;
use crate::data::generate::plan::Line;
use crate::data::generate::world::{Pools, is_service_remitter, is_under_reporter};
use crate::data::rng::{Rng, mix};
use crate::data::rows::{RemittanceRow, Remittances};
use crate::data::table::RowWriter;
use crate::error::Error;

/// KRW per USD of the fees and royalties (paid in dollars).
const USD_KRW: f64 = 1_180.0;
const BANKS: [&str; 6] = [
    "KB국민은행",
    "신한은행",
    "우리은행",
    "하나은행",
    "IBK기업은행",
    "NH농협은행",
];
const SERVICE_COUNTRIES: [&str; 5] = ["US", "JP", "DE", "GB", "NL"];

/// Writes the remittances behind `line` for an importer whose home office is `office`.
pub fn write(
    w: &mut RowWriter<Remittances>,
    line: &Line<'_>,
    office: &str,
    pools: &Pools,
    rng: &mut Rng,
) -> Result<(), Error> {
    let importer = importer_id(line.importer);
    let bank = BANKS[(mix(line.importer ^ 0xBA4C) % BANKS.len() as u64) as usize];
    if rng.chance(0.85) {
        let factor = if is_under_reporter(line.importer, pools) {
            2.0 + 2.0 * rng.f64()
        } else {
            0.97 + 0.08 * rng.f64()
        };
        let id = format!("FX{:011}G", line.seq);
        w.write(&RemittanceRow {
            remittance_id: Some(&id),
            remittance_date: Some(line.day - 45 + rng.below(100) as i32),
            office_id: Some(office),
            importer_id: Some(&importer),
            amount: Some((line.declared_value * factor * 100.0).round() / 100.0),
            currency: Some(line.currency),
            amount_krw: Some((line.price * factor).round()),
            counterparty_country: Some(&line.departure),
            purpose: Some("goods"),
            bank: Some(bank),
        })?;
    }
    let (chance, size) = if is_service_remitter(line.importer, pools) {
        (0.35, 0.5 + 2.5 * rng.f64())
    } else {
        (0.01, 0.05 + 0.25 * rng.f64())
    };
    if rng.chance(chance) {
        let krw = (line.price * size).round();
        let id = format!("FX{:011}S", line.seq);
        w.write(&RemittanceRow {
            remittance_id: Some(&id),
            remittance_date: Some(line.day + rng.below(30) as i32),
            office_id: Some(office),
            importer_id: Some(&importer),
            amount: Some((krw / USD_KRW * 100.0).round() / 100.0),
            currency: Some("USD"),
            amount_krw: Some(krw),
            counterparty_country: Some(SERVICE_COUNTRIES[rng.below(5) as usize]),
            purpose: Some(if rng.chance(0.6) {
                "service"
            } else {
                "royalty"
            }),
            bank: Some(bank),
        })?;
    }
    Ok(())
}
