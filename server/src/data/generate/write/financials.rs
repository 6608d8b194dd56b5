//! `company_financials` rows: the financial statements of every importer for fiscal years
//! 2016 to 2020, each filed on 31 March of the next year. Revenue follows the company's size,
//! debt ratios sit around 80–140 % and margins around 2–12 %, with yearly noise. Future
//! delinquents' debt ratio climbs 35–70 points a year from 2018 and their margin turns
//! negative, and 45 % of them owe national tax from 2019 (1.5 % of the others); leveraged
//! companies run a steady 200–400 % and pay their taxes.

use std::path::Path;

use portal_core::date::days_from_civil;

use super::company::party;
use crate::data::generate::plan::World;
use crate::data::generate::world::{
    delinquency_onset, home_office, is_future_delinquent, is_leveraged,
};
use crate::data::rng::{Rng, mix};
use crate::data::rows::{Financials, FinancialsRow};
use crate::data::table::RowWriter;
use crate::error::Error;

/// The fiscal years written.
pub const YEARS: std::ops::RangeInclusive<i32> = 2016..=2020;

/// The day the statements of `fiscal_year` are filed.
pub fn reported(fiscal_year: i32) -> i32 {
    days_from_civil(fiscal_year + 1, 3, 31)
}

/// Writes the statements of every importer to `path`.
pub fn write(world: &World<'_>, path: &Path, seed: u64) -> Result<u64, Error> {
    let pools = &world.pools;
    let mut w = RowWriter::<Financials>::create(path)?;
    for i in 0..pools.importers {
        let p = party(world, &[], "importer", i, seed);
        let office = home_office(world.profile, i, seed);
        let mut rng = Rng::new(seed ^ mix(i ^ 0xF1_4A4C));
        let employees = p.employees.unwrap_or(1).max(1);
        let scale = employees as f64 * 3.0e8 * rng.lognormal(0.4);
        let delinquent = is_future_delinquent(i, pools);
        // Some future delinquents' books only turn with the slide itself (after 2020).
        let visible = delinquent && (delinquency_onset(i) < 400 || rng.chance(0.5));
        let leveraged = is_leveraged(i, pools);
        let base_debt = if leveraged {
            200.0 + 200.0 * rng.f64()
        } else {
            80.0 + 60.0 * rng.f64()
        };
        let base_margin = 2.0 + 10.0 * rng.f64();
        let registered = portal_core::date::civil_from_days(p.registration).0;
        for (k, year) in YEARS.enumerate() {
            let growth = 1.0 + 0.04 * k as f64 + 0.05 * rng.normal();
            let slide = if visible {
                f64::from((year - 2017).max(0))
            } else {
                0.0
            };
            let debt =
                (base_debt + 10.0 * rng.normal() + slide * (35.0 + 35.0 * rng.f64())).max(5.0);
            let margin = base_margin + 1.5 * rng.normal() - slide * (3.0 + 2.0 * rng.f64());
            let tax_arrears = if delinquent && year >= 2019 {
                rng.chance(0.45)
            } else {
                rng.chance(if leveraged { 0.04 } else { 0.015 })
            };
            let revenue = (scale * growth).round();
            let staff = (employees as f64 * growth).round().max(1.0) as i64;
            w.write(&FinancialsRow {
                company_id: Some(&p.id),
                office_id: Some(office),
                fiscal_year: Some(i64::from(year)),
                reported_date: Some(reported(year)),
                revenue_krw: Some(revenue),
                assets_krw: Some((revenue * (0.5 + 0.7 * rng.f64())).round()),
                debt_ratio: Some((debt * 10.0).round() / 10.0),
                operating_margin: Some((margin * 10.0).round() / 10.0),
                employees: Some(staff),
                years_in_business: Some(i64::from((year - registered).max(0))),
                national_tax_arrears: Some(tax_arrears),
            })?;
        }
    }
    w.finish()
}
