//! `duty_drawback` rows: 3 % of lines are re-exported and claim a refund of part of their duty
//! 30 to 180 days later; 85 % are paid, 10 % pending, 5 % rejected.

use super::declaration::importer_id;
use crate::data::generate::plan::Line;
use crate::data::rng::Rng;
use crate::data::rows::{DrawbackRow, Drawbacks};
use crate::data::table::RowWriter;
use crate::error::Error;

/// Writes the drawback claim of `line` (declaration `id`), if it has one.
pub fn maybe_write(
    w: &mut RowWriter<Drawbacks>,
    line: &Line<'_>,
    id: &str,
    rng: &mut Rng,
) -> Result<(), Error> {
    if !rng.chance(0.03) {
        return Ok(());
    }
    let claim = line.day + 30 + rng.below(150) as i32;
    let status = match rng.below(20) {
        0 => "rejected",
        1 | 2 => "pending",
        _ => "paid",
    };
    let export = claim - rng.below(20) as i32;
    let refund = (line.price * line.tax_rate / 100.0 * (0.5 + 0.5 * rng.f64())).round();
    let drawback_id = format!("R{:011}", line.seq);
    let claimant = importer_id(line.importer);
    w.write(&DrawbackRow {
        drawback_id: Some(&drawback_id),
        declaration_id: Some(id),
        office_id: Some(line.template.office_id),
        claimant_id: Some(&claimant),
        export_date: Some(export),
        claim_date: Some(claim),
        refund_amount: Some(refund),
        status: Some(status),
    })
}
