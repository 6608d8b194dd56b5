//! The shortest chain of relations (fewest hops) between two parties: how a ranked party is
//! linked to the seeds, or how two parties an officer picked are connected.

use petgraph::algo::astar;
use petgraph::graph::NodeIndex;

use crate::Network;

/// The parties (by [`Network::index`]) on a shortest path from `from` to `to`, both included;
/// none when they are not connected or an index is out of range.
pub fn shortest_path(net: &Network, from: usize, to: usize) -> Option<Vec<usize>> {
    if from >= net.len() || to >= net.len() {
        return None;
    }
    let goal = NodeIndex::new(to);
    astar(
        net.graph(),
        NodeIndex::new(from),
        |n| n == goal,
        |_| 1usize,
        |_| 0,
    )
    .map(|(_, path)| path.into_iter().map(|n| n.index()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fewest_hops_win_and_strangers_have_no_path() {
        let net = Network::from_edges([
            ("a", "b", 1.0),
            ("b", "c", 1.0),
            ("c", "d", 1.0),
            ("a", "d", 9.0),
            ("x", "y", 1.0),
        ]);
        let [a, c, d, x] = ["a", "c", "d", "x"].map(|p| net.index(p).unwrap());
        assert_eq!(shortest_path(&net, a, d), Some(vec![a, d]));
        assert_eq!(shortest_path(&net, a, c).map(|p| p.len()), Some(3));
        assert_eq!(shortest_path(&net, a, x), None);
        assert_eq!(shortest_path(&net, a, 99), None);
        assert_eq!(shortest_path(&net, a, a), Some(vec![a]));
    }
}
