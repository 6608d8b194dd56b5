//! The supply-chain patterns and the stakeholder network at scale, not part of `cargo test`:
//! each pattern's statistics through the server's engine (DataFusion) against the same
//! statistics as SQL in DuckDB over the same Parquet files, in the same run (best of N, the
//! DuckDB/portal ratio, and whether the answers are equal); then ego networks of the largest
//! importer and an ordinary one by hops, from the network index and by the queries.
//!
//! `cargo bench -p portal-server --bench network -- --data DIR --python PYTHON [--runs N]
//! [--ego-only]`
//! (DIR from `portal generate`; PYTHON with `duckdb`, as `scripts/setup.sh` installs it).

use std::path::{Path, PathBuf};
use std::time::Instant;

use arrow_array::RecordBatch;
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use portal_core::network::EgoQuery;
use portal_core::patterns::{MAX_COMBINATIONS, Pattern, PatternQuery};
use portal_server::engine::Engine;
use portal_server::network_index::ShipmentIndex;
use portal_server::pattern_stats::reference_sql;
use portal_server::python_job;
use portal_server::scope::Scope;
use serde_json::{Value, json};

const AS_OF: &str = "2021-01-01";
const MIN_SHIPMENTS: u64 = 2;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// Every cell as text, `base_rate` left out (the SQL does not repeat it).
fn texts(batches: &[RecordBatch]) -> Vec<Vec<String>> {
    let opts = FormatOptions::default();
    let mut out = Vec::new();
    for b in batches {
        let skip = b.schema().index_of("base_rate").ok();
        let cols: Vec<ArrayFormatter> = b
            .columns()
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != skip)
            .map(|(_, c)| ArrayFormatter::try_new(c.as_ref(), &opts).expect("formatter"))
            .collect();
        for r in 0..b.num_rows() {
            out.push(cols.iter().map(|c| c.value(r).to_string()).collect());
        }
    }
    out
}

/// Whether two answers are equal: texts alike, numbers within 1e-9.
fn equal(ours: &[Vec<String>], theirs: &[Value]) -> Result<(), String> {
    if ours.len() != theirs.len() {
        return Err(format!("{} rows vs {}", ours.len(), theirs.len()));
    }
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        let b = b.as_array().ok_or("not a row")?;
        for (x, y) in a.iter().zip(b) {
            let same = match y {
                Value::String(s) => x == s,
                Value::Number(n) => x
                    .parse::<f64>()
                    .is_ok_and(|v| (v - n.as_f64().unwrap_or(f64::NAN)).abs() < 1e-9),
                _ => false,
            };
            if !same {
                return Err(format!("row {i}: {a:?} vs {b:?}"));
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() {
    let Some(data) = arg("--data").map(PathBuf::from) else {
        eprintln!("usage: network --data DIR --python PYTHON [--runs N]");
        return;
    };
    let python = arg("--python").unwrap_or_else(|| "python3".into());
    let runs: usize = arg("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let engine = Engine::open(&data).await.expect("engine");

    if !std::env::args().any(|a| a == "--ego-only") {
        patterns(&engine, &data, &python, runs).await;
    }
    ego_networks(&engine).await;
}

/// Each pattern's statistics through the engine and in DuckDB.
async fn patterns(engine: &Engine, data: &Path, python: &str, runs: usize) {
    let bounds = PatternQuery {
        as_of: Some(AS_OF.into()),
        min_shipments: Some(MIN_SHIPMENTS),
        limit: Some(MAX_COMBINATIONS),
    }
    .validate()
    .expect("bounds");
    let mut ours = Vec::new();
    for p in Pattern::ALL.iter().copied() {
        let (mut best, mut rows) = (f64::INFINITY, Vec::new());
        for _ in 0..runs {
            let t = Instant::now();
            let (_, batches) = engine
                .pattern_statistics(p, &bounds, &Scope::National)
                .await
                .expect("statistics");
            best = best.min(t.elapsed().as_secs_f64());
            rows = texts(&batches);
        }
        ours.push((best, rows));
    }
    let job = json!({
        "data_dir": data.display().to_string(),
        "runs": runs,
        "queries": Pattern::ALL.iter().map(|p| json!({"name": p.as_str(),
            "sql": reference_sql(*p, AS_OF, None, MIN_SHIPMENTS, MAX_COMBINATIONS)}))
            .collect::<Vec<_>>(),
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/duckdb_patterns.py");
    let duck: Value = python_job::run(python, Path::new(script), &job).expect("duckdb run");

    println!(
        "data: {}  (best of {runs}; as of {AS_OF}, at least {MIN_SHIPMENTS} shipments, top {MAX_COMBINATIONS} by lift)",
        data.display()
    );
    println!(
        "| pattern | portal engine (DataFusion) ms | DuckDB ms | DuckDB/portal | rows | equal |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    for (p, (best, rows)) in Pattern::ALL.iter().zip(&ours) {
        let d = &duck[p.as_str()];
        let d_s = d["best_s"].as_f64().unwrap_or(f64::NAN);
        let verdict = match equal(rows, d["rows"].as_array().map_or(&[][..], Vec::as_slice)) {
            Ok(()) => "yes".to_owned(),
            Err(e) => format!("NO: {e}"),
        };
        println!(
            "| {} | {:.0} | {:.0} | {:.2}x | {} | {verdict} |",
            p.as_str(),
            best * 1e3,
            d_s * 1e3,
            d_s / best,
            rows.len()
        );
    }
}

/// Ego networks of the largest importer and an ordinary one, by hops: from the shipments held in memory
/// (as the server answers once its index is built) and by the queries over the Parquet (as
/// before it is), 60 s at most each (the API's own query timeout answers 408 instead).
async fn ego_networks(engine: &Engine) {
    let started = Instant::now();
    let index = ShipmentIndex::build(engine)
        .await
        .expect("index")
        .expect("shipments");
    println!();
    println!(
        "network index: {} shipments, {} MiB, built in {:.1} s",
        index.len(),
        index.bytes() >> 20,
        started.elapsed().as_secs_f64()
    );
    println!();
    println!("| ego network | index ms | edges | queries ms | edges | equal |");
    println!("|---|---:|---|---:|---|---|");
    for (party, hops, min_shipments) in [
        ("I0000000", 1, 1),
        ("I0000000", 2, 5),
        ("I0000000", 3, 20),
        ("I0000000", 3, 50),
        ("I0002000", 1, 1),
        ("I0002000", 2, 1),
        ("I0002000", 2, 3),
        ("I0002000", 3, 3),
        ("I0002000", 3, 10),
    ] {
        let q = EgoQuery {
            party: party.into(),
            hops: Some(hops),
            min_shipments: Some(min_shipments),
            max_edges: Some(portal_core::network::MAX_EDGES),
            ..EgoQuery::default()
        }
        .validate()
        .expect("query");
        let t = Instant::now();
        let ours = index.ego(&q, &Scope::National);
        let index_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let theirs = tokio::time::timeout(
            std::time::Duration::from_secs(60),
            engine.ego_network(&q, &Scope::National),
        )
        .await;
        let query_ms = t.elapsed().as_secs_f64() * 1e3;
        let shown = |r: &Result<usize, String>| match r {
            Ok(n) => n.to_string(),
            Err(e) => e.clone(),
        };
        let ours = ours
            .map(|b| (b.num_rows(), texts(&[b])))
            .map_err(|e| format!("refused: {e}"));
        let theirs = match theirs {
            Ok(Ok((_, b))) => Ok((b.iter().map(RecordBatch::num_rows).sum(), texts(&b))),
            Ok(Err(e)) => Err(format!("refused: {e}")),
            Err(_) => Err("over 60 s".to_owned()),
        };
        let same = match (&ours, &theirs) {
            (Ok((_, a)), Ok((_, b))) => {
                let sorted = |v: &Vec<Vec<String>>| {
                    let mut v: Vec<Vec<String>> = v
                        .iter()
                        .map(|r| {
                            let mut r = r.clone();
                            // The value summed in another order: to the cent.
                            r[4] = format!("{:.2}", r[4].parse::<f64>().unwrap_or(f64::NAN));
                            r
                        })
                        .collect();
                    v.sort();
                    v
                };
                if sorted(a) == sorted(b) { "yes" } else { "NO" }
            }
            _ => "-",
        };
        println!(
            "| {party}, {hops} hops, at least {min_shipments} shipments | {index_ms:.0} | {} | {query_ms:.0} | {} | {same} |",
            shown(&ours.as_ref().map(|o| o.0).map_err(Clone::clone)),
            shown(&theirs.as_ref().map(|o| o.0).map_err(Clone::clone)),
        );
    }
}
