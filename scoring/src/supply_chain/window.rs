//! The lines the browser scores and what their histories start from, as `GET /api/shipments`
//! sends them: the lines that arrived in the days asked (first, earliest first), then the earlier
//! lines inspected on or after the first day (their inspections count for later lines), and for
//! each line to score the seed of its combinations — what the rest of the history (everything
//! before the first day that was not sent) holds. Rows plus seeds make the whole history, so a
//! line scores as it would from every row ([`super::histories_seeded`]).

use super::{FEATURES, Shipment, Tally, histories_seeded};

pub use portal_core::shipments::{BASE, FOUND, INSPECTION_DATE, SEEDS, TO_SCORE};

/// The names of the combinations in reasons ([`super::COMBINATIONS`] order).
pub const COMBINATION_NAMES: [&str; 5] = ["p1", "p2", "p3", "p4", "consignee"];

/// An answer of `GET /api/shipments`, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    /// Every row: the lines to score first.
    pub rows: Vec<Shipment>,
    /// The seed of each line to score (as many as there are lines to score).
    pub seeds: Vec<[Tally; 5]>,
    /// The base rate's seed.
    pub base: Tally,
}

/// Why a line scored high: a combination, its lift over the base rate and its hit rate.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainReason {
    /// One of [`COMBINATION_NAMES`].
    pub combination: &'static str,
    /// Lift over the base rate.
    pub lift: f32,
    /// Smoothed hit rate.
    pub hit_rate: f32,
}

impl Window {
    /// Lines to score (the first rows).
    pub fn lines(&self) -> usize {
        self.seeds.len()
    }

    /// The features of every line to score, row-major.
    pub fn features(&self) -> Vec<f32> {
        histories_seeded(&self.rows, &self.seeds, self.base)
            .into_iter()
            .take(self.lines())
            .flatten()
            .collect()
    }
}

/// The combinations of a line's features ([`FEATURES`] of one row) riskier than the base rate,
/// highest lift first, at most `most`.
pub fn reasons(x: &[f32], most: usize) -> Vec<ChainReason> {
    debug_assert_eq!(x.len(), FEATURES.len());
    let mut out: Vec<ChainReason> = COMBINATION_NAMES
        .iter()
        .enumerate()
        .filter(|(c, _)| x[4 * c + 3] > 0.0)
        .map(|(c, name)| ChainReason {
            combination: name,
            lift: x[4 * c + 3].exp(),
            hit_rate: x[4 * c + 2],
        })
        .collect();
    out.sort_by(|a, b| b.lift.total_cmp(&a.lift));
    out.truncate(most);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supply_chain::{COMBINATIONS, features_of};

    #[test]
    fn reasons_are_the_combinations_above_the_base_rate() {
        let mut t = [Tally::default(); 5];
        t[2] = Tally {
            shipments: 30,
            inspections: 20,
            frauds: 15,
        };
        t[4] = Tally {
            shipments: 40,
            inspections: 20,
            frauds: 4,
        };
        let x = features_of(&t, 0.1);
        let r = reasons(&x, 3);
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].combination, "p3");
        // (15 + 1) / 30 over 0.1.
        assert!((r[0].lift - 16.0 / 3.0).abs() < 1e-4, "{r:?}");
        assert_eq!(r[1].combination, "consignee");
        assert_eq!(reasons(&x, 1).len(), 1);
        assert_eq!(COMBINATION_NAMES.len(), COMBINATIONS.len());
    }
}
