//! Dashboard-style queries through the server's engine (DataFusion, compiled from the portal's
//! query spec; specs grouped by one text key aggregated on its Parquet dictionary, also timed
//! through DataFusion's own aggregation) against DuckDB on the same Parquet files, in the same
//! run: cold (the rows), with the rollups the server builds at start (where one holds the
//! answer), and asked again,
//! answered from the server's result cache (key, lookup and the Arrow IPC bytes the server
//! sends; HTTP left out); plus the size of a 100k-row extract as Arrow IPC vs JSON.
//!
//! Run through `scripts/bench-data.sh`, or directly:
//! `cargo bench -p portal-server --bench queries -- --data DIR --python PYTHON [--runs N]`
//! where DIR holds `import_declaration/*.parquet` and PYTHON has `duckdb` installed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use arrow_array::RecordBatch;
use portal_core::query::QuerySpec;
use portal_server::engine::{Engine, EngineOptions};
use portal_server::extract::cache::ResultCache;
use portal_server::python_job;
use portal_server::scope::Scope;
use serde_json::{Value, json};

mod dashboard;

use dashboard::queries;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

async fn run(engine: &Engine, spec: &QuerySpec) -> Vec<RecordBatch> {
    engine.collect(spec, 1_000_000).await.expect("answer")
}

#[tokio::main]
async fn main() {
    let Some(data) = arg("--data").map(PathBuf::from) else {
        eprintln!(
            "usage: queries --data DIR --python PYTHON [--runs N]  (see scripts/bench-data.sh)"
        );
        return;
    };
    let python = arg("--python").unwrap_or_else(|| "python3".into());
    let runs: usize = arg("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let engine = Engine::open(&data).await.expect("engine");
    let qs = queries();

    // Cold: the rows, no rollups, no cache.
    let specs: Vec<QuerySpec> = qs
        .iter()
        .map(|q| serde_json::from_value(q.spec.clone()).expect("spec"))
        .collect();
    // Those answered on the dictionary of their key are timed again through DataFusion's
    // aggregation.
    let plain = EngineOptions {
        plain_groups: true,
        ..EngineOptions::default()
    };
    let datafusion = Engine::open_with(&data, &plain).await.expect("engine");
    let (mut cold, mut by_datafusion) = (Vec::new(), Vec::new());
    for spec in &specs {
        let before = engine.dictionary_answers();
        cold.push(best_of(runs, &engine, spec).await);
        by_datafusion.push(match engine.dictionary_answers() > before {
            true => Some(best_of(runs, &datafusion, spec).await.0),
            false => None,
        });
    }
    // The rollups built as the server builds them at start.
    let t = Instant::now();
    let sizes = engine.build_rollups().await.expect("rollups");
    let built_s = t.elapsed().as_secs_f64();
    let ds = &portal_core::datasets::IMPORT_DECLARATION;
    let mut rolled = Vec::new();
    for spec in &specs {
        let rollup = engine.rollup_for(spec, ds);
        let timed = match rollup {
            Some(_) => Some(best_of(runs, &engine, spec).await.0),
            None => None,
        };
        rolled.push((rollup, timed));
    }
    // Asked again: the result cache's key, lookup and the Arrow IPC bytes the server sends.
    let cache = ResultCache::new(256 << 20);
    let mut cached = Vec::new();
    for spec in &specs {
        let version = engine.data_version(ds.name);
        let key = cache.key(spec, &Scope::National, version).expect("key");
        let answer = run(&engine, spec).await;
        cache.put(key, answer[0].schema(), answer);
        let mut best = f64::INFINITY;
        for _ in 0..runs.max(10) {
            let t = Instant::now();
            let version = engine.data_version(ds.name);
            let key = cache.key(spec, &Scope::National, version).expect("key");
            let kept = cache.get(&key).expect("kept");
            assert!(ipc_bytes(&kept.batches) > 0);
            best = best.min(t.elapsed().as_secs_f64());
        }
        cached.push(best);
    }

    let job = json!({
        "data_dir": data.display().to_string(),
        "runs": runs,
        "queries": qs.iter().map(|q| json!({"name": q.name, "sql": q.sql})).collect::<Vec<_>>(),
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/duckdb_queries.py");
    let duck: Value = python_job::run(&python, Path::new(script), &job).expect("duckdb run");

    println!("data: {}  (best of {runs})", data.display());
    println!("rollups built in {built_s:.1} s: {sizes:?} (name, groups, bytes)");
    println!(
        "| query | portal cold (rows) ms | DuckDB ms | DuckDB/cold | DataFusion's aggregation ms \
         | DuckDB/it | portal with rollups ms | DuckDB/rollups | portal cached ms | DuckDB/cached \
         | rows (portal/duckdb) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (i, q) in qs.iter().enumerate() {
        let d = &duck[q.name];
        let d_s = d["best_s"].as_f64().unwrap_or(f64::NAN);
        let (best, rows) = cold[i];
        let (rollup, timed) = rolled[i];
        let aggregation = match by_datafusion[i] {
            Some(s) => format!("{:.1} | {:.2}x", s * 1e3, d_s / s),
            None => "– (the same) | –".to_owned(),
        };
        let with_rollups = match (rollup, timed) {
            (Some(name), Some(s)) => format!("{:.1} ({name}) | {:.1}x", s * 1e3, d_s / s),
            _ => "– (rows) | –".to_owned(),
        };
        println!(
            "| {} | {:.1} | {:.1} | {:.2}x | {aggregation} | {with_rollups} | {:.3} | {:.0}x | {}/{} |",
            q.name,
            best * 1e3,
            d_s * 1e3,
            d_s / best,
            cached[i] * 1e3,
            d_s / cached[i],
            rows,
            d["rows"]
        );
    }

    // The same 100k-row extract as Arrow IPC and as JSON rows.
    let spec: QuerySpec =
        serde_json::from_value(json!({"dataset": "import_declaration", "limit": 100_000}))
            .expect("spec");
    let batches = run(&engine, &spec).await;
    let schema = batches[0].schema();
    let ipc_bytes = ipc_bytes(&batches);
    let mut json_out = arrow_json::ArrayWriter::new(Vec::new());
    for b in &batches {
        json_out.write(b).expect("json write");
    }
    json_out.finish().expect("json finish");
    let json_bytes = json_out.into_inner().len();
    println!();
    println!(
        "100k-row extract, all {} columns: Arrow IPC {} bytes, JSON {} bytes, JSON/IPC {:.2}x",
        schema.fields().len(),
        ipc_bytes,
        json_bytes,
        json_bytes as f64 / ipc_bytes as f64
    );
}

/// The best time of `runs` runs of `spec`, and its rows.
async fn best_of(runs: usize, engine: &Engine, spec: &QuerySpec) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut rows = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let answer = run(engine, spec).await;
        best = best.min(t.elapsed().as_secs_f64());
        rows = answer.iter().map(RecordBatch::num_rows).sum::<usize>();
    }
    (best, rows)
}

/// Bytes of `batches` as an Arrow IPC stream.
fn ipc_bytes(batches: &[RecordBatch]) -> usize {
    let schema = batches[0].schema();
    let mut ipc = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &schema).expect("ipc");
    for b in batches {
        ipc.write(b).expect("ipc write");
    }
    ipc.finish().expect("ipc finish");
    ipc.into_inner().expect("ipc bytes").len()
}
