//! The scoring subcommands of `portal`: `features` (training matrices from the scoring crate's
//! encoder) and `score` (a model over a CSV of declarations).

use std::io::Write;
use std::path::{Path, PathBuf};

use portal_scoring::ScoringError;
use portal_scoring::cdd::read_csv;
use portal_scoring::encoder::{Declaration, EncoderTables, FEATURES, feature_names};
use portal_scoring::fraud::FraudModel;
use serde_json::json;

use crate::cli::{FeaturesOptions, ScoreOptions};
use crate::error::{Error, ErrorCode};

fn input_error(path: &Path, e: ScoringError) -> Error {
    match e {
        ScoringError::Input { .. } => {
            Error::client(ErrorCode::InvalidInput, format!("{}: {e}", path.display()))
        }
        ScoringError::Model(m) => Error::internal("running a model", m),
    }
}

fn read(path: &Path) -> Result<Vec<Declaration>, Error> {
    let file = std::fs::File::open(path).map_err(|e| {
        Error::client(
            ErrorCode::InvalidInput,
            format!("cannot open {}: {e}", path.display()),
        )
    })?;
    read_csv(std::io::BufReader::new(file)).map_err(|e| input_error(path, e))
}

fn write_f32(path: &Path, x: &[f32]) -> Result<(), Error> {
    let bytes: Vec<u8> = x.iter().flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(path, bytes).map_err(|e| Error::internal("writing features", e))
}

fn labels(rows: &[Declaration]) -> Vec<u8> {
    rows.iter()
        .flat_map(|d| {
            [
                u8::from(d.fraud.unwrap_or(false)),
                u8::from(d.critical.unwrap_or(false)),
            ]
        })
        .collect()
}

/// `portal features`: writes the encoder tables (fitted on all training rows), the out-of-fold
/// training matrix, the validation matrix and the labels, as little-endian f32 / u8 files.
pub async fn features(opts: FeaturesOptions) -> Result<(), Error> {
    let train = read(&opts.train)?;
    let valid = read(&opts.valid)?;
    if train
        .iter()
        .any(|d| d.fraud.is_none() || d.critical.is_none())
    {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "every training row needs its Fraud and Critical Fraud labels",
        ));
    }
    std::fs::create_dir_all(&opts.out).map_err(|e| Error::internal("creating the output", e))?;
    let tables = EncoderTables::fit(&train);
    let json = serde_json::to_string(&tables).map_err(|e| Error::internal("encoding tables", e))?;
    std::fs::write(opts.out.join("encoder.json"), json)
        .map_err(|e| Error::internal("writing the encoder tables", e))?;
    write_f32(
        &opts.out.join("train.f32"),
        &EncoderTables::out_of_fold(&train, opts.folds),
    )?;
    write_f32(&opts.out.join("valid.f32"), &tables.encode(&valid))?;
    let w = |name: &str, b: Vec<u8>| {
        std::fs::write(opts.out.join(name), b).map_err(|e| Error::internal("writing labels", e))
    };
    w("train.labels.u8", labels(&train))?;
    w("valid.labels.u8", labels(&valid))?;
    let meta = json!({"features": feature_names(), "train_rows": train.len(),
                      "valid_rows": valid.len(), "folds": opts.folds});
    std::fs::write(opts.out.join("features.json"), meta.to_string())
        .map_err(|e| Error::internal("writing features.json", e))?;
    println!(
        "features\t{FEATURES}\ntrain\t{}\nvalid\t{}",
        train.len(),
        valid.len()
    );
    Ok(())
}

/// Where the models are: `--models-dir`, else `./models`, else the repository's models/.
pub fn models_dir(given: Option<PathBuf>) -> PathBuf {
    given
        .or_else(|| Some(PathBuf::from("models")).filter(|p| p.join("fraud").is_dir()))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../models"))
}

/// Loads the fraud model from `dir/fraud/`.
pub fn load_fraud(dir: &Path) -> Result<FraudModel, Error> {
    let onnx = std::fs::read(dir.join("fraud/model.onnx"))
        .map_err(|e| Error::internal("reading models/fraud/model.onnx", e))?;
    let enc = std::fs::read_to_string(dir.join("fraud/encoder.json"))
        .map_err(|e| Error::internal("reading models/fraud/encoder.json", e))?;
    FraudModel::load(&onnx, &enc).map_err(|e| Error::internal("loading the fraud model", e))
}

/// `portal score`: one output row per input row, in input order.
pub async fn score(opts: ScoreOptions) -> Result<(), Error> {
    if opts.model != "fraud" {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!("unknown model '{}'; the models are: fraud", opts.model),
        ));
    }
    let rows = read(&opts.input)?;
    let model = load_fraud(&models_dir(opts.models_dir))?;
    let scores = model
        .score(&rows, |_| true)
        .map_err(|e| input_error(&opts.input, e))?;
    let tmp = opts.output.with_extension("partial");
    {
        let file = std::fs::File::create(&tmp).map_err(|e| {
            Error::client(
                ErrorCode::InvalidInput,
                format!("cannot write {}: {e}", opts.output.display()),
            )
        })?;
        let mut w = std::io::BufWriter::new(file);
        let io = |e| Error::internal("writing scores", e);
        writeln!(w, "Declaration ID,fraud_score,critical_score").map_err(io)?;
        for (d, s) in rows.iter().zip(&scores) {
            let id = if d.id.contains([',', '"', '\n']) {
                format!("\"{}\"", d.id.replace('"', "\"\""))
            } else {
                d.id.clone()
            };
            writeln!(w, "{id},{:.6},{:.6}", s.fraud, s.critical).map_err(io)?;
        }
        w.flush().map_err(io)?;
    }
    std::fs::rename(&tmp, &opts.output).map_err(|e| Error::internal("moving the output", e))?;
    eprintln!("scored {} declarations", rows.len());
    Ok(())
}
