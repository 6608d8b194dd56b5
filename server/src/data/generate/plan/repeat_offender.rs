//! `repeat_offender`: 45 % of the otherwise unplanted lines of the 2 % of importers who are
//! repeat offenders are frauds (and those importers have compliance grade C or D).

use super::{Line, pattern};
use crate::data::generate::world::is_offender;
use crate::data::rng::Rng;

/// Makes a repeat offender's line an offence, now and then.
pub fn plant(line: &mut Line<'_>, rng: &mut Rng) {
    if is_offender(line.importer) && rng.chance(0.45) {
        line.pattern = Some(pattern::REPEAT_OFFENDER);
        (line.fraud, line.critical) = (1, 1);
    }
}
