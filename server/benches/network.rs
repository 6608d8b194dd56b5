//! The supply-chain patterns and the stakeholder network at scale, not part of `cargo test`:
//! each pattern's statistics through the server's engine (DataFusion) against the same
//! statistics as SQL in DuckDB over the same Parquet files, in the same run (best of N, the
//! DuckDB/portal ratio, and whether the answers are equal); then ego networks of the largest
//! importer and an ordinary one by hops.
//!
//! `cargo bench -p portal-server --bench network -- --data DIR --python PYTHON [--runs N]`
//! (DIR from `portal generate`; PYTHON with `duckdb`, as `scripts/setup.sh` installs it).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use arrow_array::RecordBatch;
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use portal_core::network::EgoQuery;
use portal_core::patterns::{MAX_COMBINATIONS, Pattern, PatternQuery};
use portal_server::engine::Engine;
use portal_server::pattern_stats::reference_sql;
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
    let mut child = Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/benches/duckdb_patterns.py"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(job.to_string().as_bytes())
        .expect("write job");
    let out = child.wait_with_output().expect("duckdb run");
    assert!(out.status.success(), "duckdb script failed");
    let duck: Value = serde_json::from_slice(&out.stdout).expect("duckdb json");

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

    // The largest importer and an ordinary one, by hops; 60 s at most each (the API's own
    // query timeout answers 408 instead).
    println!();
    println!("| ego network | ms | edges |");
    println!("|---|---:|---|");
    for (party, hops, min_shipments) in [
        ("I0000000", 1, 1),
        ("I0000000", 2, 5),
        ("I0000000", 3, 20),
        ("I0002000", 1, 1),
        ("I0002000", 2, 1),
        ("I0002000", 2, 3),
        ("I0002000", 3, 3),
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
        let answer = tokio::time::timeout(
            std::time::Duration::from_secs(60),
            engine.ego_network(&q, &Scope::National),
        )
        .await;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let edges = match answer {
            Ok(Ok((_, b))) => b
                .iter()
                .map(RecordBatch::num_rows)
                .sum::<usize>()
                .to_string(),
            Ok(Err(e)) => format!("refused: {e}"),
            Err(_) => "over 60 s".to_owned(),
        };
        println!(
            "| {party}, {hops} hops, at least {min_shipments} shipments | {ms:.0} | {edges} |"
        );
    }
}
