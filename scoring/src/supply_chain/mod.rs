//! The supply-chain model: the risk of a manifest line from the histories of the four
//! combinations of parties KCS names (forwarder + consignor + storage; bonded carrier +
//! destination office + economy of departure; consignee + office; consignee + goods) and of its
//! consignee alone — how many shipments each had, how many inspections and frauds, the smoothed
//! hit rate and its lift over the base rate — all from what happened strictly before the line's
//! arrival day (no look-ahead).
//!
//! Files: this one (rows, features), `history.rs` (the histories, day by day), `model.rs` (the
//! ONNX graph), `window.rs` (the lines the browser scores, with their histories' seeds).

mod history;
mod model;
pub mod window;

pub use history::{histories, histories_seeded};
pub use model::SupplyChainModel;

use portal_core::patterns::{Pattern, lift, smoothed_rate};

/// A party column of a shipment, in [`Shipment::parties`] order.
pub const PARTIES: [&str; 8] = [
    "forwarder_id",
    "consignor_id",
    "storage_location",
    "carrier_id",
    "office_id",
    "departure_country",
    "consignee_id",
    "hs6",
];

/// The positions in [`PARTIES`] of each pattern's keys, in [`Pattern`] order, then the
/// consignee alone.
pub const COMBINATIONS: [&[usize]; 5] = [&[0, 1, 2], &[3, 4, 5], &[6, 4], &[6, 7], &[6]];

/// The features, in order: per pattern and then the consignee, `ln(1 + shipments)`,
/// `ln(1 + inspections)`, the smoothed hit rate and `ln(lift)`; then the base rate.
pub const FEATURES: [&str; 21] = [
    "p1_shipments",
    "p1_inspections",
    "p1_hit_rate",
    "p1_log_lift",
    "p2_shipments",
    "p2_inspections",
    "p2_hit_rate",
    "p2_log_lift",
    "p3_shipments",
    "p3_inspections",
    "p3_hit_rate",
    "p3_log_lift",
    "p4_shipments",
    "p4_inspections",
    "p4_hit_rate",
    "p4_log_lift",
    "consignee_shipments",
    "consignee_inspections",
    "consignee_hit_rate",
    "consignee_log_lift",
    "base_rate",
];

/// One manifest line with its goods and, where known, its inspection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shipment {
    /// Manifest key.
    pub key: String,
    /// Arrival day (days since 1970-01-01).
    pub day: i32,
    /// The party columns ([`PARTIES`]); empty when absent.
    pub parties: [String; 8],
    /// The day it was inspected, if it was.
    pub inspected: Option<i32>,
    /// Whether the inspection found a fraud.
    pub fraud: bool,
}

impl Shipment {
    /// The key of combination `c` ([`COMBINATIONS`]), none when a part is missing.
    pub fn combination(&self, c: usize) -> Option<String> {
        let parts = COMBINATIONS[c];
        if parts.iter().any(|&p| self.parties[p].is_empty()) {
            return None;
        }
        Some(
            parts
                .iter()
                .map(|&p| self.parties[p].as_str())
                .collect::<Vec<_>>()
                .join("\u{1f}"),
        )
    }
}

/// What is known of a combination on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Shipments that arrived before the day.
    pub shipments: u32,
    /// Inspections done before the day.
    pub inspections: u32,
    /// Frauds they found.
    pub frauds: u32,
}

/// The features of a line from its combinations' tallies and the base rate.
pub fn features_of(tallies: &[Tally; 5], base: f64) -> [f32; 21] {
    let mut x = [0f32; 21];
    for (c, t) in tallies.iter().enumerate() {
        let rate = smoothed_rate(u64::from(t.frauds), u64::from(t.inspections), base);
        x[4 * c] = f64::from(t.shipments).ln_1p() as f32;
        x[4 * c + 1] = f64::from(t.inspections).ln_1p() as f32;
        x[4 * c + 2] = rate as f32;
        x[4 * c + 3] = lift(rate, base).max(1e-6).ln() as f32;
    }
    x[20] = base as f32;
    x
}

/// The pattern whose combination has the highest lift in a line's features (1-based, as KCS
/// numbers them), with that combination's key.
pub fn strongest(x: &[f32], row: &Shipment) -> (Pattern, String) {
    let best = (0..4)
        .max_by(|a, b| x[4 * a + 3].total_cmp(&x[4 * b + 3]))
        .unwrap_or(0);
    let pattern = Pattern::ALL[best];
    let key = COMBINATIONS[best]
        .iter()
        .map(|&p| row.parties[p].as_str())
        .collect::<Vec<_>>()
        .join("+");
    (pattern, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feature_names_follow_the_patterns() {
        for (p, pattern) in Pattern::ALL.iter().enumerate() {
            let keys: Vec<&str> = pattern.keys().iter().map(|k| k.column).collect();
            let ours: Vec<&str> = COMBINATIONS[p].iter().map(|&i| PARTIES[i]).collect();
            assert_eq!(keys, ours, "{pattern}");
            assert_eq!(FEATURES[4 * p], format!("p{}_shipments", pattern.number()));
        }
    }

    #[test]
    fn a_missing_party_leaves_its_combinations_unknown() {
        let mut s = Shipment::default();
        s.parties[6] = "I1".into();
        s.parties[4] = "20".into();
        assert_eq!(s.combination(2).as_deref(), Some("I1\u{1f}20"));
        assert_eq!(s.combination(0), None);
        let x = features_of(&[Tally::default(); 5], 0.1);
        assert_eq!((x[2], x[3], x[20]), (0.1, 0.0, 0.1));
    }
}
