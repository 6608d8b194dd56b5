//! `inspection` rows: every fraud is selected and found; other lines are selected at random
//! (4 %, 14 % for repeat offenders) and cleared.

use crate::data::generate::plan::Line;
use crate::data::generate::world::is_offender;
use crate::data::rng::Rng;
use crate::data::rows::{InspectionRow, Inspections};
use crate::data::table::RowWriter;
use crate::error::Error;

/// Writes the inspection of `line` (declaration `id`).
pub fn write(
    w: &mut RowWriter<Inspections>,
    line: &Line<'_>,
    id: &str,
    rng: &mut Rng,
) -> Result<(), Error> {
    let (fraud, critical) = (line.fraud, line.critical);
    let selected = fraud == 1
        || rng.chance(if is_offender(line.importer) {
            0.14
        } else {
            0.04
        });
    let result = match (fraud, critical) {
        (_, c) if c > 0 => "critical",
        (1, _) => "fraud",
        _ => "cleared",
    };
    let extra = if fraud == 1 {
        (line.price * (line.tax_rate / 100.0 + 0.1) * (0.1 + 0.9 * rng.f64())).round()
    } else {
        0.0
    };
    let selection_type = match (selected, rng.chance(0.4)) {
        (false, _) => "none",
        (true, true) => "physical",
        (true, false) => "document",
    };
    let inspection_date = selected.then(|| line.day + rng.below(4) as i32);
    w.write(&InspectionRow {
        declaration_id: Some(id),
        office_id: Some(line.template.office_id),
        selected: Some(selected),
        selection_type: Some(selection_type),
        inspection_date,
        result: Some(result),
        fraud: Some(fraud == 1),
        critical_fraud: Some(critical > 0),
        additional_duty: Some(extra),
    })
}
