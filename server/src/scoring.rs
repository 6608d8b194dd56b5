//! The scoring subcommands of `portal`: `features` and `price-features` (training matrices from
//! the scoring crate's encoders), `score` (a model over a CSV of declarations), `hs-docs` and
//! `hs-suggest`.

use std::io::Write;
use std::path::{Path, PathBuf};

use portal_core::risk::undervalued;
use portal_scoring::ScoringError;
use portal_scoring::cdd::{read_csv, read_price_csv};
use portal_scoring::encoder::{Declaration, EncoderTables, feature_names};
use portal_scoring::fraud::FraudModel;
use serde_json::json;

use crate::cli::{
    FeaturesOptions, HsDocsOptions, HsSuggestOptions, PriceFeaturesOptions, ScoreOptions,
};
use crate::data::reference::read_hs;
use crate::error::{Error, ErrorCode};
use portal_scoring::hs::{HsCode, HsModel, HsTables};
use portal_scoring::price::{PRICE_FEATURES, PriceModel, PriceRow, PriceTables};
use portal_scoring::text::Vectorizer;

fn input_error(path: &Path, e: ScoringError) -> Error {
    match e {
        ScoringError::Input { .. } => {
            Error::client(ErrorCode::InvalidInput, format!("{}: {e}", path.display()))
        }
        ScoringError::Model(m) => Error::internal("running a model", m),
    }
}

fn read(path: &Path) -> Result<Vec<Declaration>, Error> {
    read_csv(open_input(path)?).map_err(|e| input_error(path, e))
}

/// Little-endian bytes of `x`.
fn f32_bytes(x: &[f32]) -> Vec<u8> {
    x.iter().flat_map(|v| v.to_le_bytes()).collect()
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
    let tables = EncoderTables::fit(&train);
    Matrices {
        out: &opts.out,
        tables_file: "encoder.json",
        tables: &tables,
        train: &EncoderTables::out_of_fold(&train, opts.folds),
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

/// Loads the price model from `dir/price/`.
pub fn load_price(dir: &Path) -> Result<PriceModel, Error> {
    let onnx = std::fs::read(dir.join("price/model.onnx"))
        .map_err(|e| Error::internal("reading models/price/model.onnx", e))?;
    let tables = std::fs::read_to_string(dir.join("price/tables.json"))
        .map_err(|e| Error::internal("reading models/price/tables.json", e))?;
    PriceModel::load(&onnx, &tables).map_err(|e| Error::internal("loading the price model", e))
}

/// Writes `output` through a `.partial` file renamed at the end, so that a failure never leaves
/// a half-written output.
fn write_atomically(
    output: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    let tmp = output.with_extension("partial");
    let file = std::fs::File::create(&tmp).map_err(|e| {
        Error::client(
            ErrorCode::InvalidInput,
            format!("cannot write {}: {e}", output.display()),
        )
    })?;
    let mut w = std::io::BufWriter::new(file);
    let written = write(&mut w).and_then(|()| w.flush());
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::internal("writing the output", e));
    }
    std::fs::rename(&tmp, output).map_err(|e| Error::internal("moving the output", e))
}

/// A CSV field, quoted when it needs to be.
fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_owned()
    }
}

/// `portal score`: one output row per input row, in input order. `--model fraud` reads the CDD
/// header and writes `Declaration ID,fraud_score,critical_score`; `--model price` reads the
/// CDD header or the portal's column names and writes `Declaration ID,expected_unit_value,
/// declared_unit_value,ratio,undervalued` (KRW per kg; ratio and flag empty / 0 when price or
/// mass is missing).
pub async fn score(opts: ScoreOptions) -> Result<(), Error> {
    match opts.model.as_str() {
        "fraud" => score_fraud(&opts),
        "price" => score_price(&opts),
        other => Err(Error::client(
            ErrorCode::InvalidInput,
            format!("unknown model '{other}'; the models are: fraud, price"),
        )),
    }
}

fn open_input(path: &Path) -> Result<std::io::BufReader<std::fs::File>, Error> {
    std::fs::File::open(path)
        .map(std::io::BufReader::new)
        .map_err(|e| {
            Error::client(
                ErrorCode::InvalidInput,
                format!("cannot open {}: {e}", path.display()),
            )
        })
}

fn score_fraud(opts: &ScoreOptions) -> Result<(), Error> {
    let rows = read(&opts.input)?;
    let model = load_fraud(&models_dir(opts.models_dir.clone()))?;
    let scores = model
        .score(&rows, |_| true)
        .map_err(|e| input_error(&opts.input, e))?;
    write_atomically(&opts.output, |w| {
        writeln!(w, "Declaration ID,fraud_score,critical_score")?;
        for (d, s) in rows.iter().zip(&scores) {
            writeln!(w, "{},{:.6},{:.6}", csv_field(&d.id), s.fraud, s.critical)?;
        }
        Ok(())
    })?;
    eprintln!("scored {} declarations", rows.len());
    Ok(())
}

fn score_price(opts: &ScoreOptions) -> Result<(), Error> {
    let rows = read_price_csv(open_input(&opts.input)?).map_err(|e| input_error(&opts.input, e))?;
    let model = load_price(&models_dir(opts.models_dir.clone()))?;
    let checks = model
        .check(&rows, |_| true)
        .map_err(|e| input_error(&opts.input, e))?;
    let mut flagged = 0;
    write_atomically(&opts.output, |w| {
        writeln!(
            w,
            "Declaration ID,expected_unit_value,declared_unit_value,ratio,undervalued"
        )?;
        for (r, c) in rows.iter().zip(&checks) {
            let declared = if c.declared.is_finite() {
                format!("{:.4}", c.declared)
            } else {
                String::new()
            };
            let ratio = c.ratio().map(|x| format!("{x:.4}")).unwrap_or_default();
            let flag = undervalued(c.declared, c.expected);
            flagged += usize::from(flag);
            writeln!(
                w,
                "{},{:.4},{declared},{ratio},{}",
                csv_field(&r.id),
                c.expected,
                u8::from(flag)
            )?;
        }
        Ok(())
    })?;
    eprintln!(
        "checked {} declarations, {flagged} likely under-valued",
        rows.len()
    );
    Ok(())
}

fn write_sparse(path: &Path, rows: &[Vec<(usize, f32)>]) -> Result<(), Error> {
    let mut bytes = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row {
            bytes.extend((r as u32).to_le_bytes());
            bytes.extend((*c as u32).to_le_bytes());
            bytes.extend(v.to_le_bytes());
        }
    }
    std::fs::write(path, bytes).map_err(|e| Error::internal("writing a sparse matrix", e))
}

/// The document of an HS subheading: its text (twice, it matters most), its heading's and its
/// chapter's.
fn hs_document(hs: &crate::data::reference::HsNomenclature, code: &str, desc: &str) -> String {
    let heading = hs.headings.get(&code[..4]).map_or("", String::as_str);
    let chapter = hs.chapters.get(&code[..2]).map_or("", String::as_str);
    format!("{desc} {desc} {heading} {chapter}")
}

/// `portal hs-docs`: the text encoder's view of the nomenclature (for training the HS model)
/// and of the labelled evaluation queries.
pub async fn hs_docs(opts: HsDocsOptions) -> Result<(), Error> {
    let hs = read_hs(&opts.hs)?;
    let mut codes: Vec<HsCode> = hs
        .subheadings
        .iter()
        .map(|(c, d)| HsCode {
            hs6: c.clone(),
            description: d.clone(),
        })
        .collect();
    codes.sort_by(|a, b| a.hs6.cmp(&b.hs6));
    let docs: Vec<String> = codes
        .iter()
        .map(|c| hs_document(&hs, &c.hs6, &c.description))
        .collect();
    let vectorizer = Vectorizer::fit(docs.iter().map(String::as_str));
    let doc_rows: Vec<_> = docs.iter().map(|d| vectorizer.sparse(d)).collect();
    let mut rdr = csv::Reader::from_path(&opts.queries).map_err(|e| {
        Error::client(
            ErrorCode::InvalidInput,
            format!("{}: {e}", opts.queries.display()),
        )
    })?;
    let mut queries = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::client(ErrorCode::InvalidInput, e.to_string()))?;
        queries.push((
            rec.get(0).unwrap_or("").to_owned(),
            rec.get(1).unwrap_or("").to_owned(),
        ));
    }
    let query_rows: Vec<_> = queries.iter().map(|(t, _)| vectorizer.sparse(t)).collect();
    std::fs::create_dir_all(&opts.out).map_err(|e| Error::internal("creating the output", e))?;
    write_sparse(&opts.out.join("docs.sparse"), &doc_rows)?;
    write_sparse(&opts.out.join("queries.sparse"), &query_rows)?;
    let n = codes.len();
    let tables = HsTables { vectorizer, codes };
    let write_json = |name: &str, v: String| {
        std::fs::write(opts.out.join(name), v).map_err(|e| Error::internal("writing JSON", e))
    };
    write_json(
        "tables.json",
        serde_json::to_string(&tables).map_err(|e| Error::internal("encoding", e))?,
    )?;
    write_json("queries.json", json!(queries).to_string())?;
    println!(
        "codes\t{n}\nqueries\t{}\ndims\t{}",
        queries.len(),
        portal_scoring::text::DIMS
    );
    Ok(())
}

/// Loads the HS model from `dir/hs/`.
pub fn load_hs(dir: &Path) -> Result<HsModel, Error> {
    let onnx = std::fs::read(dir.join("hs/model.onnx"))
        .map_err(|e| Error::internal("reading models/hs/model.onnx", e))?;
    let tables = std::fs::read_to_string(dir.join("hs/tables.json"))
        .map_err(|e| Error::internal("reading models/hs/tables.json", e))?;
    HsModel::load(&onnx, &tables).map_err(|e| Error::internal("loading the HS model", e))
}

/// `portal hs-suggest`: `top` rows per input text, rank 1 best.
pub async fn hs_suggest(opts: HsSuggestOptions) -> Result<(), Error> {
    if !(1..=50).contains(&opts.top) {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            "--top must be 1 to 50",
        ));
    }
    let bad = |line: u64, m: String| {
        Error::client(
            ErrorCode::InvalidInput,
            format!("{}: line {line}: {m}", opts.input.display()),
        )
    };
    let file = std::fs::File::open(&opts.input).map_err(|e| {
        Error::client(
            ErrorCode::InvalidInput,
            format!("cannot open {}: {e}", opts.input.display()),
        )
    })?;
    let mut rdr = csv::Reader::from_reader(std::io::BufReader::new(file));
    let header = rdr
        .headers()
        .map_err(|e| bad(1, format!("unreadable header: {e}")))?
        .clone();
    let col = header
        .iter()
        .position(|h| h.trim().trim_start_matches('\u{feff}') == "text")
        .ok_or_else(|| bad(1, "the header has no 'text' column".to_owned()))?;
    let mut texts = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(i as u64 + 2, |p| p.line());
            bad(line, format!("malformed CSV row: {e}"))
        })?;
        texts.push(rec.get(col).unwrap_or("").to_owned());
    }
    let model = load_hs(&models_dir(opts.models_dir))?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let out = model
        .suggest(&refs, opts.top)
        .map_err(|e| Error::internal("running the HS model", e))?;
    write_atomically(&opts.output, |w| {
        let mut w = csv::Writer::from_writer(w);
        w.write_record(["text", "rank", "hs6", "score"])?;
        for (t, s) in texts.iter().zip(&out) {
            for (r, sug) in s.iter().enumerate() {
                w.write_record([
                    t.as_str(),
                    &(r + 1).to_string(),
                    &sug.hs6,
                    &format!("{:.4}", sug.score),
                ])?;
            }
        }
        w.flush()
    })
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
pub async fn price_features(opts: PriceFeaturesOptions) -> Result<(), Error> {
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
