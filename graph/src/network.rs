//! The graph the measures run on: parties by id, undirected weighted edges, parallel edges merged.

use std::collections::HashMap;

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};

/// An undirected graph of parties; an edge's weight is what the two share (e.g. shipments).
#[derive(Debug, Clone, Default)]
pub struct Network {
    graph: UnGraph<String, f64>,
    ids: HashMap<String, NodeIndex>,
}

impl Network {
    /// The network of `edges` (a, b, weight): a pair seen twice adds its weights; self-loops and
    /// weights that are not finite and positive are left out.
    pub fn from_edges<'a>(edges: impl IntoIterator<Item = (&'a str, &'a str, f64)>) -> Network {
        let mut net = Network::default();
        // Pairs seen, so that merging does not walk a hub's edges (petgraph's find_edge does).
        let mut pairs: HashMap<(NodeIndex, NodeIndex), EdgeIndex> = HashMap::new();
        for (a, b, w) in edges {
            if a == b || !(w.is_finite() && w > 0.0) {
                continue;
            }
            let (ia, ib) = (net.node(a), net.node(b));
            let key = (ia.min(ib), ia.max(ib));
            match pairs.get(&key) {
                Some(&e) => net.graph[e] += w,
                None => {
                    pairs.insert(key, net.graph.add_edge(ia, ib, w));
                }
            }
        }
        net
    }

    fn node(&mut self, id: &str) -> NodeIndex {
        if let Some(&i) = self.ids.get(id) {
            return i;
        }
        let i = self.graph.add_node(id.to_owned());
        self.ids.insert(id.to_owned(), i);
        i
    }

    /// Parties, in the order they were first seen.
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// Whether there is no party.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// Distinct pairs with an edge.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The position of party `id`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).map(|i| i.index())
    }

    /// The id of the party at `index`.
    pub fn id(&self, index: usize) -> &str {
        &self.graph[NodeIndex::new(index)]
    }

    /// Neighbours of the party at `index` with the edge weights.
    pub fn neighbours(&self, index: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        use petgraph::visit::EdgeRef;
        let n = NodeIndex::new(index);
        self.graph.edges(n).map(move |e| {
            let other = if e.source() == n {
                e.target()
            } else {
                e.source()
            };
            (other.index(), *e.weight())
        })
    }

    /// The petgraph graph (node weights: party ids).
    pub fn graph(&self) -> &UnGraph<String, f64> {
        &self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_edges_merge_and_bad_ones_are_left_out() {
        let net = Network::from_edges([
            ("a", "b", 1.0),
            ("b", "a", 2.0),
            ("a", "a", 5.0),
            ("b", "c", f64::NAN),
            ("c", "d", 0.0),
            ("c", "b", 1.5),
        ]);
        assert_eq!((net.len(), net.edge_count()), (3, 2));
        let a = net.index("a").unwrap();
        let got: Vec<(String, f64)> = net
            .neighbours(a)
            .map(|(i, w)| (net.id(i).to_owned(), w))
            .collect();
        assert_eq!(got, [("b".to_owned(), 3.0)]);
        assert_eq!(net.index("d"), None);
    }
}
