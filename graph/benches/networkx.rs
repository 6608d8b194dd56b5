//! The network measures against networkx on the same edge list, in one run (not part of
//! `cargo test`): `PORTAL_NETWORKX_PYTHON=PY cargo bench -p portal-graph --bench networkx`
//! (PY: a Python with networkx, numpy and scipy; without it only the portal's times print).
//! A supply-chain-shaped graph of 5,000 parties and about 20,000 edges (and one of 50,000 edges
//! for PageRank and communities): times of PageRank, betweenness, Louvain and one layout
//! iteration, networkx's times for the same (no layout in networkx), the largest PageRank
//! difference and the modularity of both Louvain results, and the ratios. Builds for wasm32-wasip1
//! too, to time the measures in wasm (e.g. in Node's WASI; networkx is then not run).

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::Command;
use std::time::Instant;

use portal_graph::Network;
use portal_graph::centrality::betweenness;
use portal_graph::communities::{louvain, modularity};
use portal_graph::layout::{Layout, LayoutOptions};
use portal_graph::pagerank::{PageRankOptions, pagerank};

/// A deterministic edge list: `parties` parties, each linked to a few hubs and to neighbours.
fn edges(parties: usize, per_party: usize) -> Vec<(String, String, f64)> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let hubs = parties / 100;
    let mut out = Vec::new();
    for p in hubs..parties {
        for k in 0..per_party {
            let q = if k == 0 {
                (next() % hubs as u64) as usize
            } else {
                // Mostly near neighbours (communities), sometimes anywhere.
                let r = next();
                // u64 arithmetic: the same graph on 32-bit wasm as natively.
                if r % 5 == 0 {
                    ((r >> 8) % parties as u64) as usize
                } else {
                    (p + 1 + ((r >> 8) % 40) as usize) % parties
                }
            };
            if q != p {
                out.push((format!("P{p}"), format!("P{q}"), 1.0 + (next() % 20) as f64));
            }
        }
    }
    out
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed().as_secs_f64() * 1e3)
}

const NETWORKX: &str = r#"
import json, sys, time
import networkx as nx
G = nx.Graph()
for line in open(sys.argv[1]):
    a, b, w = line.split(",")
    w = float(w)
    if G.has_edge(a, b):
        G[a][b]["weight"] += w
    else:
        G.add_edge(a, b, weight=w)
out = {}
t = time.perf_counter(); pr = nx.pagerank(G, weight="weight"); out["pagerank_ms"] = (time.perf_counter() - t) * 1e3
out["pagerank"] = pr
if sys.argv[2] == "all":
    t = time.perf_counter(); nx.betweenness_centrality(G); out["betweenness_ms"] = (time.perf_counter() - t) * 1e3
t = time.perf_counter(); c = nx.community.louvain_communities(G, weight="weight", seed=7)
out["louvain_ms"] = (time.perf_counter() - t) * 1e3
out["louvain_modularity"] = nx.community.modularity(G, c, weight="weight")
print(json.dumps(out))
"#;

fn run(parties: usize, per_party: usize, all: bool) {
    let list = edges(parties, per_party);
    let net = Network::from_edges(list.iter().map(|(a, b, w)| (a.as_str(), b.as_str(), *w)));
    println!("graph: {} parties, {} edges", net.len(), net.edge_count());
    let (pr, pr_ms) =
        time(|| pagerank(&net, None, &PageRankOptions::default()).expect("converges"));
    let bc_ms = all.then(|| time(|| betweenness(&net)).1);
    let (comm, lv_ms) = time(|| louvain(&net, 1.0));
    let q = modularity(&net, &comm, 1.0);
    let mut layout = Layout::new(&net, LayoutOptions::default());
    layout.step();
    let (_, layout_ms) = time(|| {
        for _ in 0..10 {
            layout.step();
        }
    });
    println!(
        "portal-graph ({}): pagerank {pr_ms:.1} ms, betweenness {}, louvain {lv_ms:.1} ms \
         (modularity {q:.4}), layout {:.1} ms per iteration",
        std::env::consts::ARCH,
        bc_ms.map_or("-".into(), |v| format!("{v:.0} ms")),
        layout_ms / 10.0
    );
    let Ok(python) = std::env::var("PORTAL_NETWORKX_PYTHON") else {
        println!("networkx: not run (set PORTAL_NETWORKX_PYTHON to a Python with networkx)");
        return;
    };
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    let mut csv = String::new();
    for (a, b, w) in &list {
        writeln!(csv, "{a},{b},{w}").unwrap();
    }
    file.write_all(csv.as_bytes()).unwrap();
    let out = Command::new(python)
        .arg("-c")
        .arg(NETWORKX)
        .arg(file.path())
        .arg(if all { "all" } else { "fast" })
        .output()
        .expect("runs python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nx: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let max_diff = (0..net.len())
        .map(|i| (pr[i] - nx["pagerank"][net.id(i)].as_f64().unwrap()).abs())
        .fold(0.0, f64::max);
    let ms = |k: &str| nx[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "networkx: pagerank {:.1} ms, betweenness {}, louvain {:.1} ms (modularity {:.4})",
        ms("pagerank_ms"),
        if all {
            format!("{:.0} ms", ms("betweenness_ms"))
        } else {
            "-".into()
        },
        ms("louvain_ms"),
        ms("louvain_modularity"),
    );
    println!(
        "ratio networkx/portal: pagerank {:.1}x, betweenness {}, louvain {:.1}x; \
         pagerank max |diff| {max_diff:.2e}; modularity portal/networkx {:.3}",
        ms("pagerank_ms") / pr_ms,
        bc_ms.map_or("-".into(), |b| format!("{:.1}x", ms("betweenness_ms") / b)),
        ms("louvain_ms") / lv_ms,
        q / ms("louvain_modularity"),
    );
}

fn main() {
    run(5_000, 4, true);
    run(12_500, 4, false);
}
