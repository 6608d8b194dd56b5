//! Communities (groups of parties that trade more among themselves than with the rest) by the
//! Louvain method on edge weights, and the modularity that scores a split. Deterministic: parties
//! are visited in index order, ties keep a party where it is.

use std::collections::HashMap;

use crate::Network;

/// A weighted graph during the method: adjacency without self-loops, self-loop weights apart.
struct Level {
    adjacency: Vec<Vec<(usize, f64)>>,
    self_loops: Vec<f64>,
}

impl Level {
    fn strength(&self, i: usize) -> f64 {
        self.adjacency[i].iter().map(|e| e.1).sum::<f64>() + 2.0 * self.self_loops[i]
    }
}

/// The community of each party (by [`Network::index`]), numbered from 0 in order of first party.
/// `resolution` above 1 favours smaller communities (networkx's parameter; 1 is the usual).
pub fn louvain(net: &Network, resolution: f64) -> Vec<usize> {
    let n = net.len();
    let mut level = Level {
        adjacency: (0..n).map(|i| net.neighbours(i).collect()).collect(),
        self_loops: vec![0.0; n],
    };
    let m2: f64 = (0..n).map(|i| level.strength(i)).sum();
    // Which node of the current level each party is in.
    let mut of_party: Vec<usize> = (0..n).collect();
    if m2 <= 0.0 {
        return of_party;
    }
    loop {
        let size = level.adjacency.len();
        let strength: Vec<f64> = (0..size).map(|i| level.strength(i)).collect();
        let mut community: Vec<usize> = (0..size).collect();
        let mut total = strength.clone();
        let mut moved_any = false;
        loop {
            let mut moved = false;
            for i in 0..size {
                let own = community[i];
                total[own] -= strength[i];
                let mut links: HashMap<usize, f64> = HashMap::new();
                for &(j, w) in &level.adjacency[i] {
                    *links.entry(community[j]).or_default() += w;
                }
                let gain = |c: usize, w: f64| w - resolution * total[c] * strength[i] / m2;
                let mut best = (own, gain(own, links.get(&own).copied().unwrap_or(0.0)));
                let mut candidates: Vec<(usize, f64)> = links.into_iter().collect();
                candidates.sort_unstable_by_key(|c| c.0);
                for (c, w) in candidates {
                    let g = gain(c, w);
                    if g > best.1 + 1e-12 {
                        best = (c, g);
                    }
                }
                total[best.0] += strength[i];
                if best.0 != own {
                    community[i] = best.0;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
            moved_any = true;
        }
        if !moved_any {
            break;
        }
        // The communities become the nodes of the next level.
        let mut renumber: HashMap<usize, usize> = HashMap::new();
        for c in community.iter_mut() {
            let next = renumber.len();
            *c = *renumber.entry(*c).or_insert(next);
        }
        let count = renumber.len();
        let mut adjacency: Vec<HashMap<usize, f64>> = vec![HashMap::new(); count];
        let mut self_loops = vec![0.0; count];
        for i in 0..size {
            let ci = community[i];
            self_loops[ci] += level.self_loops[i];
            for &(j, w) in &level.adjacency[i] {
                let cj = community[j];
                if ci == cj {
                    // Each internal edge is seen from both ends.
                    self_loops[ci] += w / 2.0;
                } else {
                    *adjacency[ci].entry(cj).or_default() += w;
                }
            }
        }
        level = Level {
            adjacency: adjacency
                .into_iter()
                .map(|m| {
                    let mut v: Vec<(usize, f64)> = m.into_iter().collect();
                    v.sort_unstable_by_key(|e| e.0);
                    v
                })
                .collect(),
            self_loops,
        };
        for p in of_party.iter_mut() {
            *p = community[*p];
        }
    }
    // Number communities in order of their first party.
    let mut renumber: HashMap<usize, usize> = HashMap::new();
    of_party
        .into_iter()
        .map(|c| {
            let next = renumber.len();
            *renumber.entry(c).or_insert(next)
        })
        .collect()
}

/// The modularity of the split `community` (one entry per party), networkx's definition:
/// the sum over communities of internal weight / m − resolution × (strength / 2m)².
pub fn modularity(net: &Network, community: &[usize], resolution: f64) -> f64 {
    let n = net.len();
    let groups = community.iter().copied().max().map_or(0, |c| c + 1);
    let (mut internal, mut strength) = (vec![0.0; groups], vec![0.0; groups]);
    let mut m2 = 0.0;
    for i in 0..n {
        for (j, w) in net.neighbours(i) {
            m2 += w;
            strength[community[i]] += w;
            if community[i] == community[j] {
                internal[community[i]] += w;
            }
        }
    }
    if m2 <= 0.0 {
        return 0.0;
    }
    // `internal` and `m2` counted each edge from both ends.
    internal
        .iter()
        .zip(&strength)
        .map(|(l, d)| l / m2 - resolution * (d / m2) * (d / m2))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_triangles_joined_by_one_edge_are_two_communities() {
        let net = Network::from_edges([
            ("a", "b", 1.0),
            ("b", "c", 1.0),
            ("a", "c", 1.0),
            ("x", "y", 1.0),
            ("y", "z", 1.0),
            ("x", "z", 1.0),
            ("c", "x", 1.0),
        ]);
        let c = louvain(&net, 1.0);
        let at = |p: &str| c[net.index(p).unwrap()];
        assert_eq!((at("a"), at("b"), at("c")), (0, 0, 0));
        assert_eq!((at("x"), at("y"), at("z")), (1, 1, 1));
        // 2 × (3/7 − (7/14)²) = 5/14.
        assert!((modularity(&net, &c, 1.0) - 5.0 / 14.0).abs() < 1e-12);
        assert!((modularity(&net, &[0; 6], 1.0)).abs() < 1e-12);
    }
}
