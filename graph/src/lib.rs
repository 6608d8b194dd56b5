//! Network analysis for the relationship page (관계망): the parties of the supply chain as an
//! undirected, weighted graph (an edge: shipments two parties share), and the measures an officer
//! reads from it — PageRank and personalized PageRank (hidden accomplices of a seed set), degree
//! and betweenness centrality, communities (Louvain) and their modularity, shortest paths — and
//! the ForceAtlas2 layout that draws it. Values follow networkx's definitions, and the tests
//! compare them with networkx's outputs (`tests/fixtures/`). No I/O: native and wasm32.

pub mod accomplices;
pub mod centrality;
pub mod communities;
pub mod layout;
pub mod network;
pub mod pagerank;
pub mod paths;

pub use network::Network;
