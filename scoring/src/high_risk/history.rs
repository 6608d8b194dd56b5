//! Party histories of the high-risk model: for each line, what the rows being scored say about
//! its importer, overseas seller and declarant *before* the line's date — how many earlier lines
//! and the smoothed share of them found fraudulent. Rows of the same day never see each other,
//! so no feature looks ahead (the property test below).

use std::collections::HashMap;

use super::{RiskRow, cat};

/// Pseudo-rows of the prior in a party's history rate.
pub const HISTORY_SMOOTHING: f64 = 5.0;

/// Per row, `[importer, seller, declarant]` × `[ln(1 + earlier rows), smoothed earlier fraud
/// rate]` from the rows of `rows` dated strictly before it (rows of the same day never see one
/// another). Unlabelled earlier rows count as rows, not in the rate.
pub fn histories(rows: &[RiskRow], prior: f64) -> Vec<[f32; 6]> {
    #[derive(Default, Clone, Copy)]
    struct Seen {
        n: u32,
        labelled: u32,
        fraud: u32,
    }
    let parties = [cat::IMPORTER, cat::SELLER, cat::DECLARANT];
    let mut seen: [HashMap<&str, Seen>; 3] = Default::default();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|a, b| rows[*a].decl.date.cmp(&rows[*b].decl.date));
    let mut out = vec![[0f32; 6]; rows.len()];
    let mut start = 0;
    while start < order.len() {
        let day = &rows[order[start]].decl.date;
        let end = start
            + order[start..]
                .iter()
                .take_while(|i| rows[**i].decl.date == *day)
                .count();
        for &i in &order[start..end] {
            for (p, (col, map)) in parties.iter().zip(&seen).enumerate() {
                let key = rows[i].decl.cats[*col].as_str();
                let s = if key.is_empty() {
                    Seen::default()
                } else {
                    map.get(key).copied().unwrap_or_default()
                };
                out[i][2 * p] = f64::from(s.n).ln_1p() as f32;
                out[i][2 * p + 1] = ((f64::from(s.fraud) + HISTORY_SMOOTHING * prior)
                    / (f64::from(s.labelled) + HISTORY_SMOOTHING))
                    as f32;
            }
        }
        for &i in &order[start..end] {
            for (col, map) in parties.iter().zip(seen.iter_mut()) {
                let key = rows[i].decl.cats[*col].as_str();
                if key.is_empty() {
                    continue;
                }
                let s = map.entry(key).or_default();
                s.n += 1;
                if let Some(f) = rows[i].decl.fraud {
                    s.labelled += 1;
                    s.fraud += u32::from(f);
                }
            }
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoder::Declaration;

    /// A small deterministic generator (no dependency): xorshift64.
    struct Xs(u64);
    impl Xs {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn row(k: u64, day: u64, importer: u64, seller: u64, fraud: Option<bool>) -> RiskRow {
        let mut decl = Declaration {
            id: format!("D{k}"),
            date: format!("2021-03-{:02}", day + 1),
            fraud,
            ..Declaration::default()
        };
        decl.cats[cat::IMPORTER] = format!("I{importer}");
        decl.cats[cat::SELLER] = if seller == 0 {
            String::new()
        } else {
            format!("S{seller}")
        };
        decl.cats[cat::DECLARANT] = "B1".into();
        RiskRow {
            decl,
            ..RiskRow::default()
        }
    }

    #[test]
    fn a_history_uses_only_rows_dated_before_it() {
        let mut rng = Xs(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20 {
            let rows: Vec<RiskRow> = (0..300)
                .map(|k| {
                    let fraud = match rng.below(3) {
                        0 => None,
                        1 => Some(true),
                        _ => Some(false),
                    };
                    row(k, rng.below(20), rng.below(15), rng.below(6), fraud)
                })
                .collect();
            let full = histories(&rows, 0.1);
            let cut = format!("2021-03-{:02}", rng.below(20) + 1);
            // Rows from the cut-off day on change their labels; rows after it disappear.
            let kept: Vec<(usize, RiskRow)> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.decl.date <= cut)
                .map(|(i, r)| {
                    let mut r = r.clone();
                    if r.decl.date == cut {
                        r.decl.fraud = r.decl.fraud.map(|f| !f);
                    }
                    (i, r)
                })
                .collect();
            let only: Vec<RiskRow> = kept.iter().map(|(_, r)| r.clone()).collect();
            let part = histories(&only, 0.1);
            for ((i, _), h) in kept.iter().zip(&part) {
                assert_eq!(
                    full[*i], *h,
                    "row {i} saw a row dated on or after its own day"
                );
            }
        }
    }

    #[test]
    fn histories_count_earlier_rows_and_their_frauds() {
        let rows = vec![
            row(0, 0, 1, 0, Some(true)),
            row(1, 0, 1, 0, Some(true)),
            row(2, 1, 1, 0, None),
            row(3, 2, 1, 0, Some(false)),
        ];
        let h = histories(&rows, 0.1);
        assert_eq!(h[0], h[1], "the same day never sees itself");
        assert_eq!(h[0][0], 0.0);
        let rate = |fraud: f64, labelled: f64| {
            ((fraud + HISTORY_SMOOTHING * 0.1) / (labelled + HISTORY_SMOOTHING)) as f32
        };
        assert_eq!(h[2][0], 2f32.ln_1p());
        assert_eq!(h[2][1], rate(2.0, 2.0));
        assert_eq!(
            h[3][0],
            3f64.ln_1p() as f32,
            "unlabelled rows count as rows"
        );
        assert_eq!(h[3][1], rate(2.0, 2.0), "but not in the rate");
        assert_eq!((h[3][2], h[3][3]), (0.0, 0.1), "no seller: the prior");
    }
}
