//! Native scoring throughput of the fraud and price models (tract): rows/s for encoding, for
//! encoding and the model, and for the fraud model alone, over the CDD validation rows repeated to `--rows` (default 100,000). Not part of
//! `cargo test`: `cargo bench -p portal-scoring --bench throughput`.

use std::time::Instant;

use portal_scoring::cdd::{read_csv, read_price_csv};
use portal_scoring::fraud::FraudModel;
use portal_scoring::price::PriceModel;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let csv = std::env::var("PORTAL_REFERENCE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("../shared/data"))
        .join("cdd/df_syn_valid_eng.csv");
    let Ok(file) = std::fs::File::open(&csv) else {
        eprintln!("SKIP: {} is absent", csv.display());
        return;
    };
    let rows: usize = std::env::args()
        .skip_while(|a| a != "--rows")
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let base = read_csv(file).expect("validation csv");
    let input: Vec<_> = base.iter().cycle().take(rows).cloned().collect();
    let t = Instant::now();
    let onnx = std::fs::read(root.join("models/fraud/model.onnx")).expect("model");
    let enc = std::fs::read_to_string(root.join("models/fraud/encoder.json")).expect("encoder");
    let model = FraudModel::load(&onnx, &enc).expect("loads");
    let load = t.elapsed().as_secs_f64();
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        let s = model.score(&input, |_| true).expect("scores");
        assert_eq!(s.len(), rows);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let x = model.tables().encode(&input);
    let encode = t.elapsed().as_secs_f64();
    assert!(!x.is_empty());
    // The model alone on the encoded rows (the portal's tree-ensemble kernel in tract).
    let alone = portal_scoring::model::Model::load(&onnx, portal_scoring::encoder::FEATURES, 2)
        .expect("loads");
    let mut model_only = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        let y = alone.run(&x, |_| true).expect("runs");
        assert_eq!(y.len(), rows * 2);
        model_only = model_only.min(t.elapsed().as_secs_f64());
    }
    println!("| what | rows | seconds | rows/s |");
    println!("|---|---:|---:|---:|");
    println!("| load + optimise model | - | {load:.2} | - |");
    println!(
        "| encode only | {rows} | {encode:.3} | {:.0} |",
        rows as f64 / encode
    );
    println!(
        "| encode + tract (native), best of 3 | {rows} | {best:.3} | {:.0} |",
        rows as f64 / best
    );
    println!(
        "| tract only (native), best of 3 | {rows} | {model_only:.3} | {:.0} |",
        rows as f64 / model_only
    );

    // The price model over the same rows (read through its own CSV reader).
    let base = read_price_csv(std::fs::File::open(&csv).expect("csv")).expect("price rows");
    let input: Vec<_> = base.iter().cycle().take(rows).cloned().collect();
    let onnx = std::fs::read(root.join("models/price/model.onnx")).expect("model");
    let tables = std::fs::read_to_string(root.join("models/price/tables.json")).expect("tables");
    let model = PriceModel::load(&onnx, &tables).expect("loads");
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        let c = model.check(&input, |_| true).expect("checks");
        assert_eq!(c.len(), rows);
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "| price model: encode + tract (native), best of 3 | {rows} | {best:.3} | {:.0} |",
        rows as f64 / best
    );
}
