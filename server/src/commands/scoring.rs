//! The scoring subcommands of `portal`: `score` (a model over a CSV of declarations) and
//! `hs-suggest` (HS codes for item descriptions). Outputs are CSV written with the `csv` crate
//! through a `.partial` file renamed at the end, so that a failure never leaves half an output.

use std::io::BufWriter;
use std::path::Path;

use portal_core::risk::{grade, inspected, precision_recall_at, risk_score, undervalued};
use portal_scoring::ScoringError;
use portal_scoring::arrow_input::risks_from_batch;
use portal_scoring::cdd::{read_csv, read_price_csv};
use portal_scoring::company::ModelKind;
use portal_scoring::encoder::Declaration;
use portal_scoring::fraud::FraudModel;
use portal_scoring::high_risk::{HighRiskModel, reason_text};
use portal_scoring::hs::HsModel;
use portal_scoring::price::PriceModel;

use super::declaration_rows::read_rows;
use crate::cli::{HsSuggestOptions, ScoreOptions};
use crate::error::{Error, ErrorCode};
use crate::model_files::models_dir;

/// The error of a scoring input: a client fault naming the file for malformed input.
pub fn input_error(path: &Path, e: ScoringError) -> Error {
    match e {
        ScoringError::Input { .. } => {
            Error::client(ErrorCode::InvalidInput, format!("{}: {e}", path.display()))
        }
        ScoringError::Model(m) => Error::internal("running a model", m),
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

/// Declarations of a CSV with the CDD English header.
pub fn read_declarations(path: &Path) -> Result<Vec<Declaration>, Error> {
    read_csv(open_input(path)?).map_err(|e| input_error(path, e))
}

/// `dir/<model>/model.onnx` and its tables file, for a model loader.
fn model_files(dir: &Path, model: &str, tables: &str) -> Result<(Vec<u8>, String), Error> {
    let onnx_path = dir.join(model).join("model.onnx");
    let onnx = std::fs::read(&onnx_path)
        .map_err(|e| Error::internal(format!("reading {}", onnx_path.display()), e))?;
    let tables_path = dir.join(model).join(tables);
    let json = std::fs::read_to_string(&tables_path)
        .map_err(|e| Error::internal(format!("reading {}", tables_path.display()), e))?;
    Ok((onnx, json))
}

/// Loads the fraud model from `dir/fraud/`.
pub fn load_fraud(dir: &Path) -> Result<FraudModel, Error> {
    let (onnx, enc) = model_files(dir, "fraud", "encoder.json")?;
    FraudModel::load(&onnx, &enc).map_err(|e| Error::internal("loading the fraud model", e))
}

/// Loads the price model from `dir/price/`.
pub fn load_price(dir: &Path) -> Result<PriceModel, Error> {
    let (onnx, tables) = model_files(dir, "price", "tables.json")?;
    PriceModel::load(&onnx, &tables).map_err(|e| Error::internal("loading the price model", e))
}

/// Loads the high-risk model from `dir/high-risk/`.
pub fn load_high_risk(dir: &Path) -> Result<HighRiskModel, Error> {
    let (onnx, tables) = model_files(dir, "high-risk", "tables.json")?;
    HighRiskModel::load(&onnx, &tables)
        .map_err(|e| Error::internal("loading the high-risk model", e))
}

/// Loads the HS model from `dir/hs/`.
pub fn load_hs(dir: &Path) -> Result<HsModel, Error> {
    let path = dir.join("hs").join("tables.json");
    let tables = std::fs::read_to_string(&path)
        .map_err(|e| Error::internal(format!("reading {}", path.display()), e))?;
    HsModel::load(&tables).map_err(|e| Error::internal("loading the HS model", e))
}

type CsvOut = csv::Writer<BufWriter<std::fs::File>>;

/// Writes the CSV `output` through a `.partial` file renamed at the end, so that a failure
/// never leaves a half-written output.
pub(crate) fn write_atomically(
    output: &Path,
    write: impl FnOnce(&mut CsvOut) -> csv::Result<()>,
) -> Result<(), Error> {
    let tmp = output.with_extension("partial");
    let file = std::fs::File::create(&tmp).map_err(|e| {
        Error::client(
            ErrorCode::InvalidInput,
            format!("cannot write {}: {e}", output.display()),
        )
    })?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    let written = write(&mut w).and_then(|()| w.flush().map_err(csv::Error::from));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::internal("writing the output", e));
    }
    drop(w);
    std::fs::rename(&tmp, output).map_err(|e| Error::internal("moving the output", e))
}

/// `portal score`: one output row per input row, in input order. `--model fraud` reads the CDD
/// header and writes `Declaration ID,fraud_score,critical_score`; `--model price` reads the
/// CDD header or the portal's column names and writes `Declaration ID,expected_unit_value,
/// declared_unit_value,ratio,undervalued` (KRW per kg; ratio and flag empty / 0 when price or
/// mass is missing). `--model high-risk` reads the portal's columns (a `portal generate` folder,
/// an `import_declaration` Parquet file, or a CSV with the portal's column names) and writes
/// `Declaration ID,high_risk_score,risk_score,grade,reasons` (the signals that raised the score,
/// strongest first). `--model supply-chain`: see [`super::score_supply_chain`].
pub async fn score(opts: ScoreOptions) -> Result<(), Error> {
    match opts.model.as_str() {
        "fraud" => score_fraud(&opts),
        "price" => score_price(&opts),
        "high-risk" => score_high_risk(&opts),
        "supply-chain" => super::score_supply_chain::score_supply_chain(&opts).await,
        "rerouting" => super::score_rerouting::score_rerouting(&opts).await,
        other => match ModelKind::parse(other) {
            Some(kind) => super::score_company::score_company(&opts, kind).await,
            None => Err(Error::client(
                ErrorCode::InvalidInput,
                format!(
                    "unknown model '{other}'; the models are: fraud, price, high-risk, \
                     supply-chain, rerouting, delinquency, tax-risk"
                ),
            )),
        },
    }
}

/// Reasons per row in the CLI's output.
const CLI_REASONS: usize = 3;

fn score_high_risk(opts: &ScoreOptions) -> Result<(), Error> {
    let rows = read_rows(&opts.input, risks_from_batch)?;
    let dir = models_dir(opts.models_dir.clone());
    let model = load_high_risk(&dir)?;
    let hs = load_hs(&dir)?;
    let run = |e| input_error(&opts.input, e);
    let (p, x) = model.score(&rows, &hs, |_| true).map_err(run)?;
    let all: Vec<usize> = (0..rows.len()).collect();
    let reasons = model.explain(&all, &x, &p, CLI_REASONS).map_err(run)?;
    write_atomically(&opts.output, |w| {
        w.write_record([
            "Declaration ID",
            "high_risk_score",
            "risk_score",
            "grade",
            "reasons",
        ])?;
        for ((r, p), rs) in rows.iter().zip(&p).zip(&reasons) {
            let text: Vec<String> = rs.iter().map(reason_text).collect();
            w.write_record([
                r.decl.id.as_str(),
                &format!("{p:.6}"),
                &risk_score(*p).to_string(),
                &format!("{:02}", grade(*p)),
                &text.join("; "),
            ])?;
        }
        Ok(())
    })?;
    eprintln!("scored {} declarations", rows.len());
    let labels: Vec<bool> = rows.iter().map(|r| r.decl.fraud == Some(true)).collect();
    if let Some((precision, recall)) = precision_recall_at(&p, &labels, inspected(rows.len(), 0.05))
    {
        eprintln!("labelled: precision at 5% {precision:.3}, recall {recall:.3}");
    }
    Ok(())
}

fn score_fraud(opts: &ScoreOptions) -> Result<(), Error> {
    let rows = read_declarations(&opts.input)?;
    let model = load_fraud(&models_dir(opts.models_dir.clone()))?;
    let scores = model
        .score(&rows, |_| true)
        .map_err(|e| input_error(&opts.input, e))?;
    write_atomically(&opts.output, |w| {
        w.write_record(["Declaration ID", "fraud_score", "critical_score"])?;
        for (d, s) in rows.iter().zip(&scores) {
            w.write_record([
                d.id.as_str(),
                &format!("{:.6}", s.fraud),
                &format!("{:.6}", s.critical),
            ])?;
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
        w.write_record([
            "Declaration ID",
            "expected_unit_value",
            "declared_unit_value",
            "ratio",
            "undervalued",
        ])?;
        for (r, c) in rows.iter().zip(&checks) {
            let declared = if c.declared.is_finite() {
                format!("{:.4}", c.declared)
            } else {
                String::new()
            };
            let ratio = c.ratio().map(|x| format!("{x:.4}")).unwrap_or_default();
            let flag = undervalued(c.declared, c.expected);
            flagged += usize::from(flag);
            w.write_record([
                r.id.as_str(),
                &format!("{:.4}", c.expected),
                &declared,
                &ratio,
                if flag { "1" } else { "0" },
            ])?;
        }
        Ok(())
    })?;
    eprintln!(
        "checked {} declarations, {flagged} likely under-valued",
        rows.len()
    );
    Ok(())
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
    let mut rdr = csv::Reader::from_reader(open_input(&opts.input)?);
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
        Ok(())
    })
}
