//! The parties of a generation, derived from their index so that no table of them is kept:
//! pool sizes, the repeat offenders among importers and their hidden accomplices, and the rings
//! of the four supply-chain patterns.

use crate::data::profile::{Profile, Template};
use crate::data::rng::{Rng, mix};

/// Sizes of the company pools for `n` declarations.
#[derive(Debug, Clone, Copy)]
pub struct Pools {
    /// Importers (consignees).
    pub importers: u64,
    /// Customs brokers filing declarations.
    pub declarants: u64,
    /// Freight forwarders.
    pub forwarders: u64,
    /// Overseas sellers (consignors).
    pub sellers: u64,
    /// Bonded carriers (cargo transportation brokers).
    pub carriers: u64,
    /// Rings of pattern 1 (forwarder + consignor + storage).
    pub rings: u64,
    /// Rings of each of patterns 2, 3 and 4.
    pub party_rings: u64,
}

/// Planned storage locations (`W0000` ..).
pub const STORAGES: u64 = 9_000;

impl Pools {
    /// The pools for `n` declarations.
    pub fn for_declarations(n: u64) -> Self {
        Pools {
            importers: (n / 40).clamp(200, 200_000),
            declarants: (n / 2_000).clamp(50, 3_000),
            forwarders: (n / 5_000).clamp(30, 800),
            sellers: (n / 30).clamp(200, 300_000),
            carriers: (n / 8_000).clamp(20, 400),
            rings: (n / 50_000).clamp(3, 200),
            party_rings: (n / 100_000).clamp(3, 100),
        }
    }

    /// The active importers (the first 5 % by index, who make about a quarter of the lines):
    /// where ring consignees and hidden accomplices are drawn from, so that they also trade
    /// outside the ring.
    pub fn active_importers(&self) -> u64 {
        (self.importers / 20).max(10)
    }
}

/// Whether importer `importer` is one of the 2 % repeat offenders.
pub fn is_offender(importer: u64) -> bool {
    mix(importer ^ 0x0FFE_4DE4) % 100 < 2
}

/// Whether importer `importer` is a hidden accomplice: one of 3 % of the active importers (not
/// a repeat offender) who ships through the forwarders, storage, brokers and sellers of repeat
/// offenders but is never on a fraud row itself.
pub fn is_accomplice(importer: u64, pools: &Pools) -> bool {
    importer < pools.active_importers()
        && !is_offender(importer)
        && mix(importer ^ 0xACC0_1CE5) % 100 < 3
}

/// Whether importer `importer` is a rerouting firm: one of 1 % of the importers beyond the
/// active ones (neither repeat offender nor accomplice) that, from a day of its own, exports the
/// Chinese goods it imports to the US or the EU within weeks, declared as Korean.
pub fn is_rerouter(importer: u64, pools: &Pools) -> bool {
    importer >= pools.active_importers()
        && !is_offender(importer)
        && mix(importer ^ 0x0E20_07E5) % 100 < 1
}

/// The day (days since the generation's start) from which rerouting firm `importer` ships to
/// its new destinations: between 2020-07 and 2020-12, after a tariff change.
pub fn rerouting_from(importer: u64) -> i32 {
    182 + (mix(importer ^ 0x7A21_FF00) % 180) as i32
}

/// Whether importer `importer` is a parts manufacturer: one of 2 % of the importers (not a
/// rerouting firm nor a repeat offender) that imports parts and materials and exports the
/// goods it makes of them, some under the same HS6 — the honest look-alike of a rerouting firm.
pub fn is_parts_maker(importer: u64, pools: &Pools) -> bool {
    !is_rerouter(importer, pools) && !is_offender(importer) && mix(importer ^ 0x0BA2_75AA) % 100 < 2
}

/// Whether importer `importer` will fall into arrears: one of 3 % of the importers (not a
/// rerouting firm) whose payments slip from [`delinquency_onset`] on, after months of longer
/// and longer delays, while its debt ratio rises and it owes other taxes.
pub fn is_future_delinquent(importer: u64, pools: &Pools) -> bool {
    !is_rerouter(importer, pools) && mix(importer ^ 0xDE11_0000) % 100 < 3
}

/// The day (days since the generation's start) from which future delinquent `importer` stops
/// paying on time: between 2020-08 and 2021-04, so that about two thirds show the slide before
/// the 2020-12-31 cut-off of the delinquency model and a third only after it.
pub fn delinquency_onset(importer: u64) -> i32 {
    215 + (mix(importer ^ 0x0DE1_0A5E) % 250) as i32
}

/// Whether importer `importer` is an under-reporter: one of 2 % of the importers (not a repeat
/// offender nor a future delinquent) that pays its sellers two to four times what it declares,
/// the "illegal foreign exchange" risk area.
pub fn is_under_reporter(importer: u64, pools: &Pools) -> bool {
    !is_offender(importer)
        && !is_future_delinquent(importer, pools)
        && mix(importer ^ 0x0DE2_E907) % 100 < 2
}

/// Whether importer `importer` is a service remitter: one of 3 % of the importers (not an
/// under-reporter) that also pays large fees and royalties abroad, so that its remittances
/// are well above its declared imports for honest reasons — the look-alike of an
/// under-reporter.
pub fn is_service_remitter(importer: u64, pools: &Pools) -> bool {
    !is_under_reporter(importer, pools) && mix(importer ^ 0x5E2F_1CE5) % 100 < 3
}

/// Whether importer `importer` pays late by habit: one of 4 % of the importers (not a future
/// delinquent) that often pays days after the due date yet never falls into arrears — the
/// look-alike of a future delinquent, with its highly indebted peers (see [`is_leveraged`]).
pub fn is_slow_payer(importer: u64, pools: &Pools) -> bool {
    !is_future_delinquent(importer, pools) && mix(importer ^ 0x5105_9A7E) % 100 < 4
}

/// Whether importer `importer` runs on a high but steady debt ratio (200–400 %) and pays on
/// time: one of 5 % of the importers that are not future delinquents.
pub fn is_leveraged(importer: u64, pools: &Pools) -> bool {
    !is_future_delinquent(importer, pools) && mix(importer ^ 0x1E7E_2A6E) % 100 < 5
}

/// Whether importer `importer` is one of the 10 % of active importers (neither repeat offender
/// nor accomplice) whose declarations outside rings are never frauds: large, clean traders such
/// as authorised economic operators. They keep an importer's clean record from giving an
/// accomplice away.
pub fn is_compliant(importer: u64, pools: &Pools) -> bool {
    importer < pools.active_importers()
        && !is_offender(importer)
        && !is_accomplice(importer, pools)
        && mix(importer ^ 0x00AE_0C1E) % 100 < 10
}

/// The home customs office (관할 세관) of importer `importer`: where its financials,
/// remittances and audits are kept, drawn as declarations are spread over the offices.
pub fn home_office(profile: &Profile, importer: u64, seed: u64) -> &str {
    profile.office(&mut Rng::new(seed ^ mix(importer ^ 0x0FF1_CE00)))
}

/// Partner `k` (0..3) of accomplice `importer`: the first repeat offender at or after a hashed
/// index (offenders are 2 % of importers, so the scan is short).
pub fn partner_offender(importer: u64, k: u64, pools: &Pools) -> u64 {
    let start = mix(importer ^ (0xFA27 + k)) % pools.importers;
    (0..pools.importers)
        .map(|d| (start + d) % pools.importers)
        .find(|&j| is_offender(j))
        .unwrap_or(start)
}

/// The parties a repeat offender usually ships with: forwarder, storage location, declarant
/// and seller (derived from its index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base {
    /// Forwarder index.
    pub forwarder: u64,
    /// Storage location index.
    pub storage: u64,
    /// Declarant index.
    pub declarant: u64,
    /// Seller index.
    pub seller: u64,
}

/// The usual parties of repeat offender `offender`.
pub fn base_of(offender: u64, pools: &Pools) -> Base {
    Base {
        forwarder: mix(offender ^ 0x00BA_5E0F) % pools.forwarders,
        storage: mix(offender ^ 0x00BA_5E05) % STORAGES,
        declarant: mix(offender ^ 0x00BA_5E0D) % pools.declarants,
        seller: mix(offender ^ 0x00BA_5E07) % pools.sellers,
    }
}

/// The four supply-chain patterns KCS names, each planted as rings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RingKind {
    /// 1: forwarder + consignor + planned storage location.
    ForwarderConsignorStorage = 0,
    /// 2: bonded carrier + destination customs + economy of departure.
    CarrierOfficeDeparture = 1,
    /// 3: consignee + destination customs.
    ConsigneeOffice = 2,
    /// 4: consignee + goods.
    ConsigneeGoods = 3,
}

impl RingKind {
    /// Every kind, in pattern order.
    pub const ALL: [RingKind; 4] = [
        RingKind::ForwarderConsignorStorage,
        RingKind::CarrierOfficeDeparture,
        RingKind::ConsigneeOffice,
        RingKind::ConsigneeGoods,
    ];
}

/// A ring of one pattern. Pattern 1 uses the forwarder, seller, storage, all three importers and
/// the template (its goods); pattern 2 the carrier and the template's office and departure;
/// pattern 3 the first importer and the template's office; pattern 4 the first importer and
/// the template's goods.
#[derive(Debug, Clone)]
pub struct Ring<'a> {
    /// Which pattern.
    pub kind: RingKind,
    /// The forwarder's index.
    pub forwarder: u64,
    /// The seller's index.
    pub seller: u64,
    /// The storage location's index.
    pub storage: u64,
    /// The bonded carrier's index.
    pub carrier: u64,
    /// The importers' indexes.
    pub importers: [u64; 3],
    /// The declaration the ring's lines are built on.
    pub template: Template<'a>,
}

/// Economies a pattern-2 ring's goods leave from: transhipment hubs that carry little of the
/// ordinary trade, so that the route is rare but not unknown.
const TRANSHIPMENT: [&str; 6] = ["HK", "SG", "PH", "AE", "TR", "MY"];

/// Ring number `r` of `kind` in a generation with these pools and `seed`, drawn from `profile`.
pub fn ring<'a>(
    kind: RingKind,
    r: u64,
    pools: &Pools,
    profile: &'a Profile,
    seed: u64,
) -> Ring<'a> {
    // Pattern 1 keeps the salts it was first planted with; the others add their kind.
    let r = r ^ ((kind as u64) << 32);
    let importers = match kind {
        RingKind::ForwarderConsignorStorage => {
            [0, 1, 2].map(|k| mix(r ^ (0x1A0 + k)) % pools.importers)
        }
        _ => [0, 1, 2].map(|k| mix(r ^ (0x1A0 + k)) % pools.active_importers()),
    };
    let mut template = profile.draw(&mut Rng::new(seed ^ mix(r ^ 0x7E)));
    if kind == RingKind::CarrierOfficeDeparture {
        template.country_departure = TRANSHIPMENT[(mix(r ^ 0xDE) % 6) as usize];
    }
    Ring {
        kind,
        forwarder: mix(r ^ 0xF0) % pools.forwarders,
        seller: mix(r ^ 0x5E) % pools.sellers,
        storage: mix(r ^ 0x57) % STORAGES,
        carrier: mix(r ^ 0xCA) % pools.carriers,
        importers,
        template,
    }
}

/// Every ring of a generation, by kind.
pub fn rings<'a>(pools: &Pools, profile: &'a Profile, seed: u64) -> [Vec<Ring<'a>>; 4] {
    RingKind::ALL.map(|kind| {
        let n = match kind {
            RingKind::ForwarderConsignorStorage => pools.rings,
            _ => pools.party_rings,
        };
        (0..n)
            .map(|r| ring(kind, r, pools, profile, seed))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accomplices_are_active_importers_and_their_partners_are_offenders() {
        let pools = Pools::for_declarations(1_000_000);
        let accomplices: Vec<u64> = (0..pools.importers)
            .filter(|&i| is_accomplice(i, &pools))
            .collect();
        assert!(accomplices.len() > 10, "{}", accomplices.len());
        for &a in &accomplices {
            assert!(a < pools.active_importers() && !is_offender(a));
            for k in 0..3 {
                assert!(is_offender(partner_offender(a, k, &pools)));
            }
        }
    }
}
