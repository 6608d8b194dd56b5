//! `supply_chain_ring`: 0.5 % of lines belong to a ring (see `world::Ring`): the ring's
//! forwarder, seller and storage location, one of its three importers, its goods; 70 % of them
//! are frauds.

use super::{Line, pattern};
use crate::data::rng::Rng;

/// Share of lines that belong to a ring.
const SHARE: f64 = 0.005;

/// The ring a new line belongs to, if any.
pub fn pick(rng: &mut Rng, rings: usize) -> Option<usize> {
    rng.chance(SHARE).then(|| rng.below(rings as u64) as usize)
}

/// Marks a ring's line.
pub fn plant(line: &mut Line<'_>, rng: &mut Rng) {
    line.pattern = Some(pattern::SUPPLY_CHAIN_RING);
    if rng.chance(0.7) {
        (line.fraud, line.critical) = (1, 1);
    }
}
