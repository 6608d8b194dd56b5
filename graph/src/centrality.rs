//! Degree and betweenness centrality, as networkx defines them for an undirected graph
//! (normalized; betweenness counts hops, not weights: who sits between the others).

use std::collections::VecDeque;

use crate::Network;

/// Each party's neighbours over the most it could have (`len - 1`).
pub fn degree(net: &Network) -> Vec<f64> {
    let n = net.len();
    if n <= 1 {
        return vec![1.0; n];
    }
    (0..n)
        .map(|i| net.neighbours(i).count() as f64 / (n - 1) as f64)
        .collect()
}

/// The share of shortest paths between other parties that pass through each party (Brandes'
/// algorithm; normalized by `(n - 1)(n - 2)` over ordered pairs, as networkx's undirected
/// `betweenness_centrality`).
pub fn betweenness(net: &Network) -> Vec<f64> {
    let n = net.len();
    let mut score = vec![0.0; n];
    let adjacency: Vec<Vec<usize>> = (0..n)
        .map(|i| net.neighbours(i).map(|(j, _)| j).collect())
        .collect();
    let (mut sigma, mut dist, mut delta) = (vec![0.0; n], vec![-1i64; n], vec![0.0; n]);
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for s in 0..n {
        let mut order = Vec::with_capacity(n);
        sigma.fill(0.0);
        dist.fill(-1);
        delta.fill(0.0);
        preds.iter_mut().for_each(Vec::clear);
        sigma[s] = 1.0;
        dist[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in &adjacency[v] {
                if dist[w] < 0 {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                    preds[w].push(v);
                }
            }
        }
        for &w in order.iter().rev() {
            for &v in &preds[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                score[w] += delta[w];
            }
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        score.iter_mut().for_each(|v| *v *= scale);
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_middle_of_a_path_lies_between_the_ends() {
        let net = Network::from_edges([("a", "b", 1.0), ("b", "c", 3.0)]);
        let b = net.index("b").unwrap();
        let bc = betweenness(&net);
        assert!((bc[b] - 1.0).abs() < 1e-12);
        assert_eq!(bc[net.index("a").unwrap()], 0.0);
        let d = degree(&net);
        assert!((d[b] - 1.0).abs() < 1e-12);
        assert!((d[net.index("c").unwrap()] - 0.5).abs() < 1e-12);
    }
}
