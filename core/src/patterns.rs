//! The four supply-chain risk patterns the Korea Customs Service names, and how their
//! statistics are defined: for every combination of a pattern's parties seen before a date, its
//! shipments, inspections, frauds, a smoothed hit rate and the lift over the base rate (see
//! DATASETS.md for the planted rings and `server/src/pattern_stats.rs` for the query).

use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// A supply-chain pattern (`/api/patterns/{pattern}`).
    pub enum Pattern {
        /// 1: freight forwarder + consignor + planned storage location.
        ForwarderConsignorStorage = "forwarder_consignor_storage",
        /// 2: bonded carrier + destination customs + economy of departure.
        CarrierOfficeDeparture = "carrier_office_departure",
        /// 3: consignee + destination customs.
        ConsigneeOffice = "consignee_office",
        /// 4: consignee + goods (HS6).
        ConsigneeGoods = "consignee_goods",
    }
}

/// Where a key of a pattern comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// A `cargo_manifest` column.
    Manifest,
    /// An `import_declaration` column (joined on `manifest_key`).
    Declaration,
}

/// One key column of a pattern: its name (the same in the source table and the answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternKey {
    /// Column name.
    pub column: &'static str,
    /// Table it is read from.
    pub source: KeySource,
}

const fn manifest(column: &'static str) -> PatternKey {
    PatternKey {
        column,
        source: KeySource::Manifest,
    }
}

impl Pattern {
    /// The pattern's number (1..=4) as KCS lists them.
    pub fn number(self) -> u8 {
        match self {
            Pattern::ForwarderConsignorStorage => 1,
            Pattern::CarrierOfficeDeparture => 2,
            Pattern::ConsigneeOffice => 3,
            Pattern::ConsigneeGoods => 4,
        }
    }

    /// The columns that make a combination of this pattern.
    pub fn keys(self) -> &'static [PatternKey] {
        const P1: [PatternKey; 3] = [
            manifest("forwarder_id"),
            manifest("consignor_id"),
            manifest("storage_location"),
        ];
        const P2: [PatternKey; 3] = [
            manifest("carrier_id"),
            manifest("office_id"),
            manifest("departure_country"),
        ];
        const P3: [PatternKey; 2] = [manifest("consignee_id"), manifest("office_id")];
        const P4: [PatternKey; 2] = [
            manifest("consignee_id"),
            PatternKey {
                column: "hs6",
                source: KeySource::Declaration,
            },
        ];
        match self {
            Pattern::ForwarderConsignorStorage => &P1,
            Pattern::CarrierOfficeDeparture => &P2,
            Pattern::ConsigneeOffice => &P3,
            Pattern::ConsigneeGoods => &P4,
        }
    }

    /// The `risk_pattern` value of the generator's rings of this pattern (ground truth).
    pub fn planted(self) -> &'static str {
        match self {
            Pattern::ForwarderConsignorStorage => "supply_chain_ring",
            Pattern::CarrierOfficeDeparture => "carrier_route_ring",
            Pattern::ConsigneeOffice => "consignee_office_ring",
            Pattern::ConsigneeGoods => "consignee_goods_ring",
        }
    }
}

/// Inspections' worth of the base rate a combination's hit rate starts from: a combination with
/// few inspections stays near the base rate, one with many shows its own.
pub const PRIOR_INSPECTIONS: f64 = 10.0;

/// The smoothed hit rate of `frauds` in `inspections` against the base rate `base`.
pub fn smoothed_rate(frauds: u64, inspections: u64, base: f64) -> f64 {
    (frauds as f64 + PRIOR_INSPECTIONS * base) / (inspections as f64 + PRIOR_INSPECTIONS)
}

/// How many times the base rate `rate` is (1 when there is no base rate).
pub fn lift(rate: f64, base: f64) -> f64 {
    if base > 0.0 { rate / base } else { 1.0 }
}

/// The answer's columns after the keys, in order.
pub const STAT_COLUMNS: [&str; 8] = [
    "shipments",
    "inspections",
    "frauds",
    "hit_rate",
    "lift",
    "base_rate",
    "first_seen",
    "last_seen",
];

/// Most combinations one answer holds.
pub const MAX_COMBINATIONS: u64 = 100_000;

/// Query of `GET /api/patterns/{pattern}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PatternQuery {
    /// The day being scored (`YYYY-MM-DD`): only manifests that arrived and inspections done
    /// before it count. Absent: everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Combinations with fewer shipments are left out (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_shipments: Option<u64>,
    /// Most combinations returned, highest lift first (default and most [`MAX_COMBINATIONS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
}

/// Why a [`PatternQuery`] was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPatternQuery(pub String);

/// A [`PatternQuery`] checked: the day (days since 1970-01-01) and bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternBounds {
    /// Exclusive upper day, if any.
    pub before: Option<i32>,
    /// Least shipments.
    pub min_shipments: u64,
    /// Most combinations.
    pub limit: u64,
}

impl PatternQuery {
    /// Checks the query.
    pub fn validate(&self) -> Result<PatternBounds, BadPatternQuery> {
        let before = match &self.as_of {
            None => None,
            Some(s) => Some(crate::date::parse_days(s).ok_or_else(|| {
                BadPatternQuery(format!("as_of '{s}' is not a date (YYYY-MM-DD)"))
            })?),
        };
        let limit = self.limit.unwrap_or(MAX_COMBINATIONS);
        if limit == 0 || limit > MAX_COMBINATIONS {
            return Err(BadPatternQuery(format!(
                "limit must be between 1 and {MAX_COMBINATIONS}"
            )));
        }
        Ok(PatternBounds {
            before,
            min_shipments: self.min_shipments.unwrap_or(1).max(1),
            limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_combination_without_inspections_sits_at_the_base_rate() {
        assert!((smoothed_rate(0, 0, 0.1) - 0.1).abs() < 1e-12);
        // 10 frauds in 10 inspections at a 10% base: (10 + 1) / 20.
        assert!((smoothed_rate(10, 10, 0.1) - 0.55).abs() < 1e-12);
        assert!((lift(0.55, 0.1) - 5.5).abs() < 1e-12);
        assert_eq!(lift(0.3, 0.0), 1.0);
    }

    #[test]
    fn queries_are_checked() {
        let ok = PatternQuery {
            as_of: Some("2021-01-01".into()),
            min_shipments: Some(3),
            limit: Some(10),
        };
        let b = ok.validate().expect("valid");
        assert_eq!(b.before, crate::date::parse_days("2021-01-01"));
        assert_eq!((b.min_shipments, b.limit), (3, 10));
        for bad in [
            PatternQuery {
                as_of: Some("2021-13-01".into()),
                ..PatternQuery::default()
            },
            PatternQuery {
                limit: Some(0),
                ..PatternQuery::default()
            },
            PatternQuery {
                limit: Some(MAX_COMBINATIONS + 1),
                ..PatternQuery::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
        assert_eq!(
            Pattern::parse("consignee_goods"),
            Some(Pattern::ConsigneeGoods)
        );
    }
}
