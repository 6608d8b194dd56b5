//! `origin_disguise`: 0.6 % of lines of Chinese goods are declared as made in Vietnam,
//! Malaysia, Thailand or Indonesia (origin indicator `Y`), claiming that country's FTA rate with
//! a certificate where it has one; 85 % are frauds, half of them critical.

use super::{Line, co_number, pattern};
use crate::data::profile::Profile;
use crate::data::rng::Rng;

/// The uniform draw below which a line disguises its origin (after misclassification's share).
pub const UNTIL: f64 = 0.029;

/// Re-declares a Chinese line as coming from a neighbour.
pub fn plant(line: &mut Line<'_>, profile: &Profile, rng: &mut Rng) {
    if line.origin != "CN" {
        return;
    }
    let via = ["VN", "MY", "TH", "ID"][rng.below(4) as usize];
    line.origin = via.to_owned();
    line.departure = via.to_owned();
    line.origin_indicator = "Y".to_owned();
    if let Some(f) = profile.fta_type.get(via) {
        line.tax_type = f.clone();
        line.tax_rate = (line.tax_rate * 0.3).floor();
        line.co_number = Some(co_number(via, line.day, rng));
    }
    line.pattern = Some(pattern::ORIGIN_DISGUISE);
    if rng.chance(0.85) {
        (line.fraud, line.critical) = (1, if rng.chance(0.5) { 2 } else { 1 });
    }
}
