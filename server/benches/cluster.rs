//! The dashboard queries and a 1M-row ungrouped extract on one node (the portal's own engine)
//! and on a query cluster (Apache Ballista, `portal cluster`), in the same run, with the answers
//! compared. Run through `scripts/bench-cluster.sh`, or directly:
//! `cargo bench -p portal-server --bench cluster -- --data DIR --cluster HOST:PORT [--runs N]`
//! where DIR holds the datasets (flat or partitioned) at the same path the executors see.

use std::path::PathBuf;
use std::time::Instant;

use arrow_array::RecordBatch;
use futures::StreamExt;
use portal_core::query::QuerySpec;
use portal_server::engine::{Engine, EngineOptions};
use serde_json::json;

mod dashboard;

use dashboard::queries;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// Runs `spec` to its last batch: seconds, rows, and (for a grouped spec, whose answer is
/// compared) the answer's rows as sorted text lines.
async fn run(engine: &Engine, spec: &QuerySpec) -> (f64, usize, Vec<String>) {
    let t = Instant::now();
    let ds = spec.validate(u64::MAX).expect("valid spec");
    let df = engine.dataframe(spec, ds).await.expect("plan");
    let mut stream = engine.execute(df).await.expect("start");
    let mut batches: Vec<RecordBatch> = Vec::new();
    while let Some(b) = stream.next().await {
        batches.push(b.expect("batch"));
    }
    let s = t.elapsed().as_secs_f64();
    let rows = batches.iter().map(RecordBatch::num_rows).sum();
    if !spec.is_grouped() {
        // Any 1M rows: only their count is compared (formatting them took 11 GB at 100M).
        return (s, rows, Vec::new());
    }
    let text = arrow_cast::pretty::pretty_format_batches(&batches)
        .expect("format")
        .to_string();
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(1)
        .map(str::to_owned)
        .collect();
    lines.sort();
    (s, rows, lines)
}

async fn best_of(runs: usize, engine: &Engine, spec: &QuerySpec) -> (f64, usize, Vec<String>) {
    let mut best = run(engine, spec).await;
    for _ in 1..runs {
        let next = run(engine, spec).await;
        if next.0 < best.0 {
            best = next;
        }
    }
    best
}

/// Whether two answer lines hold the same cells, numbers within a relative 1e-12.
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('|').collect(), b.split('|').collect());
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            let (x, y) = (x.trim(), y.trim());
            x == y
                || matches!((x.parse::<f64>(), y.parse::<f64>()),
                    (Ok(p), Ok(q)) if (p - q).abs() <= 1e-12 * p.abs().max(q.abs()))
        })
}

#[tokio::main]
async fn main() {
    let (Some(data), Some(cluster)) = (arg("--data").map(PathBuf::from), arg("--cluster")) else {
        eprintln!(
            "usage: cluster --data DIR --cluster HOST:PORT [--runs N]  (see scripts/bench-cluster.sh)"
        );
        return;
    };
    let runs: usize = arg("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let local = Engine::open(&data).await.expect("engine");
    let remote = Engine::open_with(
        &data,
        &EngineOptions {
            cluster: Some(cluster.clone()),
            ..EngineOptions::default()
        },
    )
    .await
    .expect("cluster engine");
    let mut specs: Vec<(String, QuerySpec)> = queries()
        .into_iter()
        .map(|q| {
            (
                q.name.to_owned(),
                serde_json::from_value(q.spec).expect("spec"),
            )
        })
        .collect();
    specs.push((
        "ungrouped extract, 1M rows".to_owned(),
        serde_json::from_value(json!({"dataset": "import_declaration", "limit": 1_000_000}))
            .expect("spec"),
    ));
    println!(
        "data: {}  cluster: {cluster}  (best of {runs})",
        data.display()
    );
    println!("| query | one node ms | cluster ms | cluster/one node | rows | same answer |");
    println!("|---|---:|---:|---:|---:|---|");
    for (name, spec) in &specs {
        let (a_s, a_rows, a) = best_of(runs, &local, spec).await;
        let (b_s, b_rows, b) = best_of(runs, &remote, spec).await;
        // An ungrouped extract without an order is any 1M rows: compare the counts only.
        let same = if spec.is_grouped() {
            if a == b {
                "yes"
            } else if a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| close(x, y)) {
                "yes (sums of floats to 1e-12, added in another order)"
            } else {
                let only_a: Vec<_> = a.iter().filter(|l| !b.contains(l)).take(3).collect();
                let only_b: Vec<_> = b.iter().filter(|l| !a.contains(l)).take(3).collect();
                eprintln!("{name}: one node only {only_a:?}; cluster only {only_b:?}");
                "NO"
            }
        } else if a_rows == b_rows {
            "same row count"
        } else {
            "NO"
        };
        println!(
            "| {name} | {:.1} | {:.1} | {:.2}x | {a_rows}/{b_rows} | {same} |",
            a_s * 1e3,
            b_s * 1e3,
            b_s / a_s
        );
    }
}
