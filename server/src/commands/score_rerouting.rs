//! `portal score --model rerouting --input EXPORTS.csv --output OUT.csv [--data-dir DIR]`: the
//! rerouting risk of every exporter of the portal's `export_declaration` CSV extract, its
//! exports matched to its own Chinese imports from the data folder (`--data-dir`: a portal's
//! data directory or a `portal generate` folder), which also gives the company facts. OUT:
//! `exporter_id,risk_score,grade,evidence`, one row per exporter, riskiest first (ties: first
//! seen first). Malformed input stops with the line and column named and writes nothing. Where
//! the data carries the generator's ground truth, the top 1,000 exporters are reported beside
//! the rule-only baseline.

use std::path::Path;

use portal_core::risk::{grade, risk_score};
use portal_scoring::rerouting::{Evidence, ExportLine, ReroutingModel, exporters, rule_key};

use super::csv_input::CsvInput;
use super::scoring::write_atomically;
use crate::cli::ScoreOptions;
use crate::data::datasets_of;
use crate::engine::Engine;
use crate::error::Error;
use crate::model_files::models_dir;

/// Exporters the evaluation on planted data looks at (as many as KCS's model selected).
const TOP: usize = 1_000;

/// The export lines of the input CSV, in order.
fn read_exports(path: &Path) -> Result<Vec<ExportLine>, Error> {
    let mut input = CsvInput::open(path)?;
    let [id, date, exporter, hs6, to, origin, fob, mass] = [
        "export_id",
        "export_date",
        "exporter_id",
        "hs6",
        "destination_country",
        "declared_origin",
        "fob_krw",
        "net_mass",
    ]
    .map(|c| input.column(c));
    let (id, date, exporter, hs6, to, origin, fob, mass) =
        (id?, date?, exporter?, hs6?, to?, origin?, fob?, mass?);
    let mut out = Vec::new();
    input.for_each(|row| {
        out.push(ExportLine {
            id: row.required(id)?.to_owned(),
            exporter: row.required(exporter)?.to_owned(),
            day: row.date(date)?,
            hs6: row.text(hs6).to_owned(),
            destination: row.text(to).to_owned(),
            origin: row.text(origin).to_owned(),
            fob_krw: row.amount(fob)?,
            mass: row.amount(mass)?,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Scores the exporters of `opts.input`.
pub async fn score_rerouting(opts: &ScoreOptions) -> Result<(), Error> {
    let exports = read_exports(&opts.input)?;
    let dir = models_dir(opts.models_dir.clone());
    let onnx_path = dir.join("rerouting").join("model.onnx");
    let onnx = std::fs::read(&onnx_path)
        .map_err(|e| Error::internal(format!("reading {}", onnx_path.display()), e))?;
    let model = ReroutingModel::load(&onnx)
        .map_err(|e| Error::internal("loading the rerouting model", e))?;
    let engine = Engine::open(&datasets_of(&opts.data_dir, "export_declaration")).await?;
    let inputs = engine.rerouting_inputs_of(exports).await?;
    let e = exporters(&inputs.exports, &inputs.imports, &inputs.facts);
    let p = model
        .score(&e, |_| true)
        .map_err(|e| Error::internal("running the rerouting model", e))?;
    let mut order: Vec<usize> = (0..e.len()).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    write_atomically(&opts.output, |out| {
        out.write_record(["exporter_id", "risk_score", "grade", "evidence"])?;
        for &i in &order {
            out.write_record([
                e[i].id.as_str(),
                &risk_score(p[i]).to_string(),
                &format!("{:02}", grade(p[i])),
                &Evidence::of(&e[i]).to_string(),
            ])?;
        }
        Ok(())
    })?;
    eprintln!(
        "scored {} exporters of {} export lines ({} Chinese imports matched against)",
        e.len(),
        inputs.exports.len(),
        inputs.imports.len()
    );
    if !inputs.planted.is_empty() {
        let planted: Vec<bool> = e.iter().map(|x| inputs.planted.contains(&x.id)).collect();
        let total = planted.iter().filter(|p| **p).count();
        let k = TOP.min(e.len());
        let hits = |order: &[usize]| order[..k].iter().filter(|&&i| planted[i]).count();
        let mut rule: Vec<usize> = (0..e.len()).collect();
        rule.sort_by(|&a, &b| rule_key(&e[b]).cmp(&rule_key(&e[a])).then(a.cmp(&b)));
        let (m, r) = (hits(&order), hits(&rule));
        eprintln!(
            "planted rerouting firms: {total}; top {k} by the model: precision {:.3}, recall \
             {:.3}; by the rule (KR origin + same HS6 from CN within 90 days): precision {:.3}, \
             recall {:.3}",
            m as f64 / k as f64,
            m as f64 / total.max(1) as f64,
            r as f64 / k as f64,
            r as f64 / total.max(1) as f64,
        );
    }
    Ok(())
}
