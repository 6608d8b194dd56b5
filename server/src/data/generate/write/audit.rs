//! `customs_audit` rows: post-clearance audits of importers. Before the 2020-12-31 cut-off, 10 %
//! of importers (25 % of the active ones) were audited once between 2015 and 2020; from
//! 2021-01 to 2021-06, 8 % of those not audited since 2019 (15 % of the active ones) are,
//! drawn at random so that the results measure risk without the bias of targeted selection.
//! An audit finds additional tax for 85 % of under-reporters (tens to hundreds of millions of
//! won), 60 % of repeat offenders and 7 % of the others (small amounts).

use std::path::Path;

use portal_core::date::days_from_civil;

use super::declaration::importer_id;
use crate::data::generate::plan::World;
use crate::data::generate::world::{home_office, is_offender, is_under_reporter};
use crate::data::rng::{Rng, mix};
use crate::data::rows::{AuditRow, Audits};
use crate::data::table::RowWriter;
use crate::error::Error;

/// Writes the audits of every importer to `path`.
pub fn write(world: &World<'_>, path: &Path, seed: u64) -> Result<u64, Error> {
    let pools = &world.pools;
    let mut w = RowWriter::<Audits>::create(path)?;
    let (past_from, past_to) = (days_from_civil(2015, 1, 1), days_from_civil(2020, 11, 30));
    let (recent_from, recent_to) = (days_from_civil(2021, 1, 1), days_from_civil(2021, 6, 20));
    let since = days_from_civil(2019, 1, 1);
    for i in 0..pools.importers {
        let mut rng = Rng::new(seed ^ mix(i ^ 0x0A0D_17ED));
        let active = i < pools.active_importers();
        let mut starts = Vec::with_capacity(2);
        if rng.chance(if active { 0.25 } else { 0.10 }) {
            starts.push(past_from + rng.below((past_to - past_from) as u64) as i32);
        }
        let recent = starts.first().is_some_and(|d| *d >= since);
        if !recent && rng.chance(if active { 0.15 } else { 0.08 }) {
            starts.push(recent_from + rng.below((recent_to - recent_from) as u64) as i32);
        }
        if starts.is_empty() {
            continue;
        }
        let office = home_office(world.profile, i, seed);
        let company = importer_id(i);
        for (k, start) in starts.into_iter().enumerate() {
            let (chance, low, high): (f64, f64, f64) = if is_under_reporter(i, pools) {
                (0.85, 5.0e7, 5.0e8)
            } else if is_offender(i) {
                (0.6, 1.0e7, 1.0e8)
            } else {
                (0.07, 1.0e6, 2.0e7)
            };
            let tax = if rng.chance(chance) {
                (low * (high / low).powf(rng.f64())).round()
            } else {
                0.0
            };
            let audit_type = match rng.below(20) {
                0..12 => "regular",
                12..17 => "targeted",
                _ => "ad_hoc",
            };
            let id = format!("AU{i:07}{k}");
            w.write(&AuditRow {
                audit_id: Some(&id),
                company_id: Some(&company),
                office_id: Some(office),
                audit_type: Some(audit_type),
                start_date: Some(start),
                end_date: Some(start + 20 + rng.below(70) as i32),
                additional_tax_krw: Some(tax),
                result: Some(if tax > 0.0 { "assessed" } else { "no_finding" }),
            })?;
        }
    }
    w.finish()
}
