//! `misclassification`: 0.8 % of lines are declared under the cheapest sibling HS6 of the same
//! chapter with a basic duty at least 2 points lower (where one exists); 85 % are frauds. The
//! description still names the goods shipped, as a misdeclared line's invoice does.

use super::{Line, pattern};
use crate::data::profile::Profile;
use crate::data::rng::Rng;

/// The uniform draw below which a line is misclassified (after under-valuation's share).
pub const UNTIL: f64 = 0.023;

/// Moves the line to its lower-duty sibling, when its HS6 has one.
pub fn plant(line: &mut Line<'_>, profile: &Profile, rng: &mut Rng) {
    let Some(lower) = profile.lower_duty.get(&line.hs6) else {
        return;
    };
    line.shipped_hs6 = Some(std::mem::replace(&mut line.hs6, lower.hs6.clone()));
    line.tax_rate = lower.tax_rate;
    line.tax_type = lower.tax_type.clone();
    line.pattern = Some(pattern::MISCLASSIFICATION);
    if rng.chance(0.85) {
        (line.fraud, line.critical) = (1, 1);
    }
}
