//! The four supply-chain patterns, planted as rings (see `world::Ring`): 0.5 % of lines belong
//! to a ring of pattern 1 (`supply_chain_ring`: forwarder + consignor + storage, one HS6 to
//! three consignees, 70 % frauds) and 0.3 % to a ring of each of pattern 2
//! (`carrier_route_ring`: one bonded carrier bringing any goods through one transhipment
//! economy of departure to one destination office), pattern 3 (`consignee_office_ring`: one consignee's imports at one
//! office) and pattern 4 (`consignee_goods_ring`: one consignee's imports of one HS6 at any
//! office), 60 % frauds each. Outside its ring every party trades as usual, so only the
//! combination is risky.

use super::{Line, World, pattern};
use crate::data::generate::world::{Ring, RingKind};
use crate::data::profile::{Profile, Template};
use crate::data::rng::Rng;

/// Share of lines in a ring of each kind, in pattern order.
const SHARES: [f64; 4] = [0.005, 0.003, 0.003, 0.003];

/// How many templates are drawn looking for one that fits a ring before the ring's own is used.
const TRIES: usize = 64;

/// The ring a new line belongs to, if any: its kind and index.
pub fn pick(rng: &mut Rng, world: &World<'_>) -> Option<(RingKind, usize)> {
    let u = rng.f64();
    let mut until = 0.0;
    for kind in RingKind::ALL {
        until += SHARES[kind as usize];
        let rings = &world.rings[kind as usize];
        if u < until && !rings.is_empty() {
            return Some((kind, rng.below(rings.len() as u64) as usize));
        }
    }
    None
}

/// A template drawn from `profile` that `fits`, else `fallback`.
fn draw_where<'a>(
    profile: &'a Profile,
    rng: &mut Rng,
    fallback: Template<'a>,
    fits: impl Fn(&Template<'a>) -> bool,
) -> Template<'a> {
    (0..TRIES)
        .map(|_| profile.draw(rng))
        .find(|t| fits(t))
        .unwrap_or(fallback)
}

/// The declaration a ring's line is built on: the ring's own (pattern 1), one of the ring's
/// office shipped from the ring's economy of departure (2), one of its office (3), or its goods at the office of a declaration of
/// the same transport mode (4).
pub fn template<'a>(ring: &Ring<'a>, profile: &'a Profile, rng: &mut Rng) -> Template<'a> {
    let own = ring.template;
    match ring.kind {
        RingKind::ForwarderConsignorStorage => own,
        RingKind::CarrierOfficeDeparture => {
            let at = draw_where(profile, rng, own, |t| t.office_id == own.office_id);
            Template {
                country_departure: own.country_departure,
                ..at
            }
        }
        RingKind::ConsigneeOffice => {
            draw_where(profile, rng, own, |t| t.office_id == own.office_id)
        }
        RingKind::ConsigneeGoods => {
            let at = draw_where(profile, rng, own, |t| {
                t.transport_mode == own.transport_mode
            });
            Template {
                office_id: at.office_id,
                ..own
            }
        }
    }
}

/// The importer of a ring's line, where the ring names one.
pub fn importer(ring: &Ring<'_>, rng: &mut Rng) -> Option<u64> {
    match ring.kind {
        RingKind::ForwarderConsignorStorage => Some(ring.importers[rng.below(3) as usize]),
        RingKind::ConsigneeOffice | RingKind::ConsigneeGoods => Some(ring.importers[0]),
        RingKind::CarrierOfficeDeparture => None,
    }
}

/// Marks a ring's line with its pattern; 70 % (pattern 1) or 60 % of them are frauds.
pub fn plant(line: &mut Line<'_>, kind: RingKind, rng: &mut Rng) {
    let (name, p) = match kind {
        RingKind::ForwarderConsignorStorage => (pattern::SUPPLY_CHAIN_RING, 0.7),
        RingKind::CarrierOfficeDeparture => (pattern::CARRIER_ROUTE_RING, 0.6),
        RingKind::ConsigneeOffice => (pattern::CONSIGNEE_OFFICE_RING, 0.6),
        RingKind::ConsigneeGoods => (pattern::CONSIGNEE_GOODS_RING, 0.6),
    };
    line.pattern = Some(name);
    if rng.chance(p) {
        (line.fraud, line.critical) = (1, 1);
    }
}
