//! `fta_invalid_origin`: 0.6 % of lines not already claiming a preference claim their origin's
//! FTA rate with no certificate, or one that does not follow the issuing format; 85 % are
//! frauds.

use super::{Line, pattern};
use crate::data::profile::Profile;
use crate::data::rng::Rng;

/// The uniform draw below which a line claims an FTA rate without valid origin (after origin
/// disguise's share).
pub const UNTIL: f64 = 0.035;

/// Claims the origin's FTA rate without a valid certificate, when the origin has an FTA.
pub fn plant(line: &mut Line<'_>, profile: &Profile, rng: &mut Rng) {
    if line.tax_type.starts_with('F') {
        return;
    }
    let Some(f) = profile.fta_type.get(&line.origin) else {
        return;
    };
    line.tax_type = f.clone();
    line.tax_rate = (line.tax_rate * 0.3).floor();
    line.pattern = Some(pattern::FTA_INVALID_ORIGIN);
    // No certificate, or one that does not follow the issuing format.
    line.co_number = rng
        .chance(0.5)
        .then(|| format!("{:06}", rng.below(1_000_000)));
    if rng.chance(0.85) {
        (line.fraud, line.critical) = (1, 1);
    }
}
