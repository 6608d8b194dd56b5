//! `undervaluation`: 1.5 % of lines declare 15–45 % of the fair price; 85 % of them are frauds,
//! critical below a quarter of the price.

use super::{Line, pattern};
use crate::data::rng::Rng;

/// The uniform draw below which a line is under-valued.
pub const UNTIL: f64 = 0.015;

/// Under-values the line.
pub fn plant(line: &mut Line<'_>, rng: &mut Rng) {
    let ratio = 0.15 + 0.3 * rng.f64();
    line.price = (line.price * ratio).round();
    line.pattern = Some(pattern::UNDERVALUATION);
    if rng.chance(0.85) {
        (line.fraud, line.critical) = (1, if ratio < 0.25 { 2 } else { 1 });
    }
}
