//! The graph measures against networkx's on the same supply-chain-shaped graph
//! (`fixtures/supply_chain.json`, written by `fixtures/make_fixtures.py`): equal within 1e-6.

use std::collections::HashMap;

use portal_graph::Network;
use portal_graph::centrality::{betweenness, degree};
use portal_graph::communities::{louvain, modularity};
use portal_graph::pagerank::{PageRankOptions, pagerank};
use portal_graph::paths::shortest_path;
use serde::Deserialize;

#[derive(Deserialize)]
struct Path {
    from: String,
    to: String,
    hops: Option<usize>,
}

#[derive(Deserialize)]
struct Fixture {
    edges: Vec<(String, String, f64)>,
    pagerank: HashMap<String, f64>,
    seeds: HashMap<String, f64>,
    personalized_pagerank: HashMap<String, f64>,
    degree: HashMap<String, f64>,
    betweenness: HashMap<String, f64>,
    louvain_modularity: f64,
    halves: [Vec<String>; 2],
    halves_modularity: f64,
    paths: Vec<Path>,
}

fn fixture() -> (Fixture, Network) {
    let f: Fixture =
        serde_json::from_str(include_str!("fixtures/supply_chain.json")).expect("fixture");
    let net = Network::from_edges(f.edges.iter().map(|(a, b, w)| (a.as_str(), b.as_str(), *w)));
    (f, net)
}

fn assert_close(net: &Network, got: &[f64], want: &HashMap<String, f64>, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: parties");
    for (i, v) in got.iter().enumerate() {
        let id = net.id(i);
        let w = want[id];
        assert!((v - w).abs() < 1e-6, "{what} of {id}: {v} vs networkx {w}");
    }
}

#[test]
fn pagerank_equals_networkx() {
    let (f, net) = fixture();
    let r = pagerank(&net, None, &PageRankOptions::default()).expect("converges");
    assert_close(&net, &r, &f.pagerank, "pagerank");
}

#[test]
fn personalized_pagerank_equals_networkx() {
    let (f, net) = fixture();
    let mut seeds = vec![0.0; net.len()];
    for (id, w) in &f.seeds {
        seeds[net.index(id).expect("seed in the graph")] = *w;
    }
    let r = pagerank(&net, Some(&seeds), &PageRankOptions::default()).expect("converges");
    assert_close(&net, &r, &f.personalized_pagerank, "personalized pagerank");
}

#[test]
fn centralities_equal_networkx() {
    let (f, net) = fixture();
    assert_close(&net, &degree(&net), &f.degree, "degree");
    assert_close(&net, &betweenness(&net), &f.betweenness, "betweenness");
}

#[test]
fn modularity_equals_networkx_and_louvain_reaches_its_communities() {
    let (f, net) = fixture();
    let mut split = vec![0; net.len()];
    for id in &f.halves[1] {
        split[net.index(id).unwrap()] = 1;
    }
    let q = modularity(&net, &split, 1.0);
    assert!(
        (q - f.halves_modularity).abs() < 1e-9,
        "{q} vs {}",
        f.halves_modularity
    );
    let found = modularity(&net, &louvain(&net, 1.0), 1.0);
    eprintln!(
        "modularity: portal Louvain {found:.4}, networkx Louvain {:.4}",
        f.louvain_modularity
    );
    assert!(
        found >= 0.99 * f.louvain_modularity,
        "Louvain modularity {found} vs networkx {}",
        f.louvain_modularity
    );
}

#[test]
fn shortest_paths_have_networkx_lengths_and_follow_edges() {
    let (f, net) = fixture();
    for p in &f.paths {
        let (a, b) = (net.index(&p.from).unwrap(), net.index(&p.to).unwrap());
        let got = shortest_path(&net, a, b);
        assert_eq!(
            got.as_ref().map(|x| x.len() - 1),
            p.hops,
            "{} → {}",
            p.from,
            p.to
        );
        for step in got.unwrap_or_default().windows(2) {
            assert!(
                net.neighbours(step[0]).any(|(j, _)| j == step[1]),
                "not an edge"
            );
        }
    }
}
