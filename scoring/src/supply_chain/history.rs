//! The combinations' histories, day by day: a line arriving on day d sees the shipments that
//! arrived before d and the inspections done before d, never its own day's (the property test
//! below), nor its own inspection (which is on or after its arrival).

use std::collections::HashMap;

use super::{Shipment, Tally, features_of};

/// The features ([`super::FEATURES`]) of every row, from the rows themselves.
pub fn histories(rows: &[Shipment]) -> Vec<[f32; 21]> {
    histories_seeded(rows, &[], Tally::default())
}

/// The features of every row when the rows are not the whole history: `seeds[i]` is what the
/// rest of the history holds of row `i`'s combinations (shipments, inspections and frauds not
/// among `rows`, all before the first day scored), `base` the inspections and frauds of that
/// rest; a row without a seed (`seeds` shorter than `rows`) starts from nothing.
pub fn histories_seeded(rows: &[Shipment], seeds: &[[Tally; 5]], base: Tally) -> Vec<[f32; 21]> {
    let keys: Vec<[Option<String>; 5]> = rows
        .iter()
        .map(|r| std::array::from_fn(|c| r.combination(c)))
        .collect();
    let mut arrivals: Vec<usize> = (0..rows.len()).collect();
    arrivals.sort_by_key(|&i| rows[i].day);
    let mut inspections: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].inspected.is_some())
        .collect();
    inspections.sort_by_key(|&i| rows[i].inspected);
    let mut seen: [HashMap<&str, Tally>; 5] = Default::default();
    let (mut inspected, mut frauds) = (u64::from(base.inspections), u64::from(base.frauds));
    let mut out = vec![[0f32; 21]; rows.len()];
    let (mut a, mut b) = (0, 0);
    while a < arrivals.len() {
        let day = rows[arrivals[a]].day;
        // Everything done before `day` is known.
        while b < inspections.len() && rows[inspections[b]].inspected < Some(day) {
            let i = inspections[b];
            inspected += 1;
            frauds += u64::from(rows[i].fraud);
            for (c, key) in keys[i].iter().enumerate() {
                if let Some(k) = key {
                    let t = seen[c].entry(k.as_str()).or_default();
                    t.inspections += 1;
                    t.frauds += u32::from(rows[i].fraud);
                }
            }
            b += 1;
        }
        let base = if inspected > 0 {
            frauds as f64 / inspected as f64
        } else {
            0.0
        };
        let end = a + arrivals[a..]
            .iter()
            .take_while(|&&i| rows[i].day == day)
            .count();
        for &i in &arrivals[a..end] {
            let seed = seeds.get(i);
            let tallies: [Tally; 5] = std::array::from_fn(|c| {
                let mut t = keys[i][c]
                    .as_deref()
                    .and_then(|k| seen[c].get(k).copied())
                    .unwrap_or_default();
                if let (Some(s), Some(_)) = (seed, &keys[i][c]) {
                    t.shipments += s[c].shipments;
                    t.inspections += s[c].inspections;
                    t.frauds += s[c].frauds;
                }
                t
            });
            out[i] = features_of(&tallies, base);
        }
        for &i in &arrivals[a..end] {
            for (c, key) in keys[i].iter().enumerate() {
                if let Some(k) = key {
                    seen[c].entry(k.as_str()).or_default().shipments += 1;
                }
            }
        }
        a = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64, so the test needs no dependency.
    struct Xs(u64);
    impl Xs {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn row(k: u64, rng: &mut Xs) -> Shipment {
        let day = rng.below(30) as i32;
        let mut parties: [String; 8] = Default::default();
        for (p, slot) in parties.iter_mut().enumerate() {
            *slot = format!("{p}-{}", rng.below(4));
        }
        let inspected = (rng.below(3) == 0).then(|| day + rng.below(4) as i32);
        Shipment {
            key: format!("M{k}"),
            day,
            parties,
            inspected,
            fraud: inspected.is_some() && rng.below(2) == 0,
        }
    }

    #[test]
    fn a_line_sees_nothing_of_its_day_or_after() {
        let mut rng = Xs(0x2545_f491_4f6c_dd1d);
        for _ in 0..20 {
            let rows: Vec<Shipment> = (0..400).map(|k| row(k, &mut rng)).collect();
            let full = histories(&rows);
            let cut = rng.below(30) as i32;
            // Whatever arrives or is inspected from the cut-off day on is changed or dropped.
            let kept: Vec<(usize, Shipment)> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.day <= cut)
                .map(|(i, r)| {
                    let mut r = r.clone();
                    if r.inspected.is_some_and(|d| d >= cut) {
                        r.fraud = !r.fraud;
                    }
                    (i, r)
                })
                .collect();
            let only: Vec<Shipment> = kept.iter().map(|(_, r)| r.clone()).collect();
            let part = histories(&only);
            for ((i, r), h) in kept.iter().zip(&part) {
                if r.day <= cut {
                    assert_eq!(full[*i], *h, "row {i} saw the cut-off day or later");
                }
            }
        }
    }

    #[test]
    fn seeds_stand_for_the_rows_left_out() {
        let mut rng = Xs(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20 {
            let rows: Vec<Shipment> = (0..400).map(|k| row(k, &mut rng)).collect();
            let full = histories(&rows);
            let from = 1 + rng.below(29) as i32;
            // Sent: the lines from `from` on, then earlier lines inspected from `from` on; the
            // rest is the seed.
            let sent_early = |r: &Shipment| r.day < from && r.inspected.is_some_and(|d| d >= from);
            let (mut sent, mut rest): (Vec<usize>, Vec<usize>) =
                (0..rows.len()).partition(|&i| rows[i].day >= from || sent_early(&rows[i]));
            sent.sort_by_key(|&i| rows[i].day < from);
            rest.retain(|&i| rows[i].day < from);
            let mut base = Tally::default();
            for &j in &rest {
                if rows[j].inspected.is_some() {
                    base.inspections += 1;
                    base.frauds += u32::from(rows[j].fraud);
                }
            }
            let seeds: Vec<[Tally; 5]> = sent
                .iter()
                .map(|&i| {
                    std::array::from_fn(|c| {
                        let mut t = Tally::default();
                        let Some(key) = rows[i].combination(c) else {
                            return t;
                        };
                        for &j in &rest {
                            if rows[j].combination(c).as_deref() == Some(key.as_str()) {
                                t.shipments += 1;
                                if rows[j].inspected.is_some() {
                                    t.inspections += 1;
                                    t.frauds += u32::from(rows[j].fraud);
                                }
                            }
                        }
                        t
                    })
                })
                .collect();
            let window: Vec<Shipment> = sent.iter().map(|&i| rows[i].clone()).collect();
            let part = histories_seeded(&window, &seeds, base);
            for (k, &i) in sent.iter().enumerate() {
                if rows[i].day >= from {
                    assert_eq!(full[i], part[k], "row {i} from {from}");
                }
            }
        }
    }

    #[test]
    fn tallies_count_earlier_shipments_and_inspections() {
        let mut a = Shipment {
            key: "M1".into(),
            day: 0,
            inspected: Some(1),
            fraud: true,
            ..Shipment::default()
        };
        a.parties[6] = "I1".into();
        a.parties[4] = "20".into();
        let mut b = a.clone();
        (b.key, b.day, b.inspected, b.fraud) = ("M2".into(), 1, None, false);
        let mut c = b.clone();
        (c.key, c.day) = ("M3".into(), 2);
        let x = histories(&[a, b, c]);
        // Pattern 3 (consignee + office) is features 8..12.
        assert_eq!((x[0][8], x[0][9]), (0.0, 0.0));
        // Day 1: M1 arrived, its inspection on day 1 is not known yet.
        assert_eq!((x[1][8], x[1][9]), (1f32.ln_1p(), 0.0));
        // Day 2: two shipments, one inspection, one fraud; base rate 1.
        assert_eq!(
            (x[2][8], x[2][9], x[2][20]),
            (2f32.ln_1p(), 1f32.ln_1p(), 1.0)
        );
        assert_eq!(x[2][10], 1.0);
    }
}
