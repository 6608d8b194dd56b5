//! The parties of a generation, derived from their index so that no table of them is kept:
//! pool sizes, the repeat offenders among importers, and the supply-chain rings.

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
    /// Supply-chain rings.
    pub rings: u64,
}

impl Pools {
    /// The pools for `n` declarations.
    pub fn for_declarations(n: u64) -> Self {
        Pools {
            importers: (n / 40).clamp(200, 200_000),
            declarants: (n / 2_000).clamp(50, 3_000),
            forwarders: (n / 5_000).clamp(30, 800),
            sellers: (n / 30).clamp(200, 300_000),
            rings: (n / 50_000).clamp(3, 200),
        }
    }
}

/// Whether importer `importer` is one of the 2 % repeat offenders.
pub fn is_offender(importer: u64) -> bool {
    mix(importer ^ 0x0FFE_4DE4) % 100 < 2
}

/// A supply-chain ring: one forwarder, seller and storage location shared by three importers
/// who all declare the same goods.
#[derive(Debug, Clone)]
pub struct Ring<'a> {
    /// The forwarder's index.
    pub forwarder: u64,
    /// The seller's index.
    pub seller: u64,
    /// The storage location code.
    pub storage: String,
    /// The importers' indexes.
    pub importers: [u64; 3],
    /// The declaration every line of the ring is built on (its office, goods and origin).
    pub template: Template<'a>,
}

/// Ring number `r` of a generation with these pools and `seed`, its goods drawn from `profile`.
pub fn ring<'a>(r: u64, pools: &Pools, profile: &'a Profile, seed: u64) -> Ring<'a> {
    Ring {
        forwarder: mix(r ^ 0xF0) % pools.forwarders,
        seller: mix(r ^ 0x5E) % pools.sellers,
        storage: format!("W{:04}", mix(r ^ 0x57) % 9_000),
        importers: [0, 1, 2].map(|k| mix(r ^ (0x1A0 + k)) % pools.importers),
        template: profile.draw(&mut Rng::new(seed ^ mix(r ^ 0x7E))),
    }
}
