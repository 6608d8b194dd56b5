//! Repeat offenders' usual parties and their hidden accomplices: 70 % of a repeat offender's
//! lines go through its usual forwarder, storage location, declarant and seller
//! (`world::base_of`); 70 % of a hidden accomplice's lines go through those of one of its three
//! partner offenders. An accomplice's lines are never frauds and carry no pattern (`plan` leaves
//! them unplanted): it is found only through whom it shares shipments, storage and brokers with
//! (ground truth: `company.planted_role = 'hidden_accomplice'`).

use crate::data::generate::world::{
    Base, Pools, base_of, is_accomplice, is_offender, partner_offender,
};
use crate::data::rng::Rng;

/// The usual parties `importer`'s line goes through, if it goes through them.
pub fn base(importer: u64, pools: &Pools, rng: &mut Rng) -> Option<Base> {
    if is_offender(importer) {
        rng.chance(0.7).then(|| base_of(importer, pools))
    } else if is_accomplice(importer, pools) {
        rng.chance(0.7)
            .then(|| base_of(partner_offender(importer, rng.below(3), pools), pools))
    } else {
        None
    }
}
