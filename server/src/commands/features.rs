//! The training exports of `portal`: `features` and `price-features` (the fraud and price
//! models' matrices from the scoring crate's encoders). `models/train.sh` reads what they write.

use std::path::{Path, PathBuf};

use portal_core::worker::f32_bytes;
use portal_scoring::encoder::{Declaration, EncoderTables, feature_names};
use portal_scoring::price::{PRICE_FEATURES, PriceRow, PriceTables};
use serde_json::json;

use super::scoring::{input_error, read_declarations};
use crate::cli::MatricesOptions;
use crate::error::{Error, ErrorCode};

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
pub async fn features(opts: MatricesOptions) -> Result<(), Error> {
    let train = read_declarations(&opts.train)?;
    let valid = read_declarations(&opts.valid)?;
    if train
        .iter()
        .any(|d| d.fraud.is_none() || d.critical.is_none())
    {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "every training row needs its Fraud and Critical Fraud labels",
        ));
    }
    if !(opts.smoothing.is_finite() && opts.smoothing > 0.0) {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "--smoothing must be a positive number of pseudo-rows",
        ));
    }
    let tables = EncoderTables::fit_smoothed(&train, opts.smoothing);
    Matrices {
        out: &opts.out,
        tables_file: "encoder.json",
        tables: &tables,
        train: &tables.out_of_fold(&train, opts.folds),
        valid: &tables.encode(&valid),
        features: &feature_names(),
        rows: (train.len(), valid.len()),
        folds: opts.folds,
        extra: vec![
            ("train.labels.u8".into(), labels(&train)),
            ("valid.labels.u8".into(), labels(&valid)),
        ],
    }
    .write()
}

/// A feature export of the training step, the same for every model: the encoder tables as
/// JSON, `train.f32` (out of fold) and `valid.f32` (little-endian, row-major), the model's own
/// extra files (labels, targets), `features.json` (names, row counts, folds), and a summary on
/// stdout.
struct Matrices<'a, T> {
    out: &'a Path,
    tables_file: &'a str,
    tables: &'a T,
    train: &'a [f32],
    valid: &'a [f32],
    features: &'a [String],
    /// Training and validation rows.
    rows: (usize, usize),
    folds: usize,
    /// Further files: name and bytes.
    extra: Vec<(String, Vec<u8>)>,
}

impl<T: serde::Serialize> Matrices<'_, T> {
    fn write(self) -> Result<(), Error> {
        std::fs::create_dir_all(self.out).map_err(|e| Error::internal("creating the output", e))?;
        let write = |name: &str, bytes: Vec<u8>| {
            std::fs::write(self.out.join(name), bytes)
                .map_err(|e| Error::internal(format!("writing {name}"), e))
        };
        let json = serde_json::to_string(self.tables)
            .map_err(|e| Error::internal("encoding tables", e))?;
        write(self.tables_file, json.into_bytes())?;
        write("train.f32", f32_bytes(self.train))?;
        write("valid.f32", f32_bytes(self.valid))?;
        for (name, bytes) in self.extra {
            write(&name, bytes)?;
        }
        let (train_rows, valid_rows) = self.rows;
        let meta = json!({"features": self.features, "train_rows": train_rows,
                          "valid_rows": valid_rows, "folds": self.folds});
        write("features.json", meta.to_string().into_bytes())?;
        println!(
            "features\t{}\ntrain\t{train_rows}\nvalid\t{valid_rows}",
            self.features.len()
        );
        Ok(())
    }
}

/// The price model's rows of generated `import_declaration` data: `path` is a `portal generate`
/// output folder or one Parquet file.
fn read_price_rows(path: &Path) -> Result<Vec<PriceRow>, Error> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let bad = |m: String| Error::client(ErrorCode::InvalidInput, m);
    let files: Vec<PathBuf> = if path.is_dir() {
        let dir = path.join("import_declaration");
        let mut f: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| bad(format!("cannot read {}: {e}", dir.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
            .collect();
        f.sort();
        f
    } else {
        vec![path.to_path_buf()]
    };
    if files.is_empty() {
        return Err(bad(format!(
            "{}: no import_declaration Parquet files",
            path.display()
        )));
    }
    let mut rows = Vec::new();
    for f in files {
        let file = std::fs::File::open(&f)
            .map_err(|e| bad(format!("cannot open {}: {e}", f.display())))?;
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|b| b.with_batch_size(65_536).build())
            .map_err(|e| bad(format!("{}: not Parquet: {e}", f.display())))?;
        for batch in reader {
            let batch = batch.map_err(|e| bad(format!("{}: {e}", f.display())))?;
            rows.extend(
                portal_scoring::arrow_input::prices_from_batch(&batch)
                    .map_err(|e| input_error(&f, e))?,
            );
        }
    }
    Ok(rows)
}

fn price_targets_and_labels(rows: &[PriceRow]) -> (Vec<f32>, Vec<u8>) {
    let y = rows
        .iter()
        .map(|r| r.unit_value().map_or(f32::NAN, |v| v.ln() as f32))
        .collect();
    let labels = rows
        .iter()
        .flat_map(|r| {
            [
                u8::from(r.fraud.unwrap_or(false)),
                u8::from(r.undervalued.unwrap_or(false)),
            ]
        })
        .collect();
    (y, labels)
}

/// `portal price-features`: writes the price encoder tables (fitted on all training rows), the
/// out-of-fold training matrix, the validation matrix, the targets (`ln` unit value) and the
/// labels (`[fraud, undervalued]`), as little-endian f32 / u8 files.
pub async fn price_features(opts: MatricesOptions) -> Result<(), Error> {
    let train = read_price_rows(&opts.train)?;
    let valid = read_price_rows(&opts.valid)?;
    let tables = PriceTables::fit(&train);
    let mut extra = Vec::new();
    for (name, rows) in [("train", &train), ("valid", &valid)] {
        let (y, labels) = price_targets_and_labels(rows);
        extra.push((format!("{name}.target.f32"), f32_bytes(&y)));
        extra.push((format!("{name}.labels.u8"), labels));
    }
    Matrices {
        out: &opts.out,
        tables_file: "tables.json",
        tables: &tables,
        train: &PriceTables::out_of_fold(&train, opts.folds),
        valid: &tables.encode(&valid),
        features: &PRICE_FEATURES.map(str::to_owned),
        rows: (train.len(), valid.len()),
        folds: opts.folds,
        extra,
    }
    .write()
}
