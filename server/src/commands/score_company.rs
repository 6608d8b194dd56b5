//! `portal score --model delinquency|tax-risk --input COMPANIES.csv --output OUT.csv
//! [--data-dir DIR]`: the score of every company of the input CSV (a `company_id` column), its
//! features read from the data folder on the 2020-12-31 cut-off. OUT:
//! `company_id,score,grade,probability`, in input order: score 0–999 and grade `01`–`10` (01
//! riskiest) of the model blended with the stated business factor, probability the model's.
//! A company the data does not know is scored from nothing known. Malformed input stops with
//! the line and column named and writes nothing. Where the data runs past the cut-off, the
//! outcome is reported beside the baselines the issue names (compliance grade alone, arrears
//! history alone).

use std::path::Path;

use portal_core::risk::{auc, precision_recall_of};
use portal_scoring::company::{CompanyModel, FEATURES, ModelKind, Scored};

use super::csv_input::CsvInput;
use super::scoring::write_atomically;
use crate::cli::ScoreOptions;
use crate::company_risk::{CompanyInputs, cutoff};
use crate::data::datasets_of;
use crate::engine::Engine;
use crate::error::Error;
use crate::model_files::models_dir;
use crate::scope::Scope;

/// The company ids of the input CSV, in order.
fn read_ids(path: &Path) -> Result<Vec<String>, Error> {
    let mut input = CsvInput::open(path)?;
    let id = input.column("company_id")?;
    let mut out = Vec::new();
    input.for_each(|row| {
        out.push(row.required(id)?.to_owned());
        Ok(())
    })?;
    Ok(out)
}

fn feature(name: &str) -> usize {
    FEATURES.iter().position(|f| *f == name).unwrap_or(0)
}

/// Prints AUC, precision of grades 01–02 and recall of the top 10 % of a ranking.
fn report(what: &str, score: &[f32], grades: Option<&[u8]>, y: &[bool]) {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let top = (score.len() as f64 * 0.1).round() as usize;
    let recall = precision_recall_of(&order, y, top).map_or(f64::NAN, |r| r.1);
    let graded = grades.map(|g| {
        let k = g.iter().filter(|g| **g <= 2).count();
        let hits = (0..g.len()).filter(|&i| g[i] <= 2 && y[i]).count();
        format!(
            "grade 01-02: {k} companies, precision {:.3}; ",
            hits as f64 / k.max(1) as f64
        )
    });
    eprintln!(
        "  {what}: AUC {:.3}; {}recall in the top 10% {recall:.3}",
        auc(score, y).unwrap_or(f64::NAN),
        graded.unwrap_or_default(),
    );
}

/// The outcome after the cut-off beside the baselines, when the data has one.
fn evaluate(kind: ModelKind, inputs: &CompanyInputs, x: &[[f32; 29]], scored: &[Scored]) {
    let (facts, outcomes) = (&inputs.facts[0], &inputs.outcomes[0]);
    let rows: Vec<usize> = (0..facts.len())
        .filter(|&i| match kind {
            ModelKind::Delinquency => facts[i].payments.due > 0,
            ModelKind::TaxRisk => outcomes[i].audited,
        })
        .collect();
    let y: Vec<bool> = rows
        .iter()
        .map(|&i| match kind {
            ModelKind::Delinquency => outcomes[i].arrears,
            ModelKind::TaxRisk => outcomes[i].assessed,
        })
        .collect();
    let positives = y.iter().filter(|v| **v).count();
    if positives == 0 || positives == y.len() {
        return;
    }
    let (grade, arrears, late) = (
        feature("compliance_grade"),
        feature("arrears_log"),
        feature("late_share"),
    );
    let pick = |f: &dyn Fn(usize) -> f32| rows.iter().map(|&i| f(i)).collect::<Vec<f32>>();
    let what = match kind {
        ModelKind::Delinquency => "arrears in 2021-01..06 among companies with payments",
        ModelKind::TaxRisk => {
            "material findings (≥ 10M KRW) of audits in 2021-01..06 among audited companies"
        }
    };
    eprintln!("outcome: {what}: {positives} of {}", y.len());
    let grades: Vec<u8> = rows.iter().map(|&i| scored[i].grade).collect();
    report(
        "model + business factor",
        &pick(&|i| f32::from(scored[i].score) + scored[i].probability / 10.0),
        Some(&grades),
        &y,
    );
    report("model alone", &pick(&|i| scored[i].probability), None, &y);
    report(
        "baseline: compliance grade alone",
        &pick(&|i| x[i][grade]),
        None,
        &y,
    );
    report(
        "baseline: arrears history alone",
        &pick(&|i| x[i][arrears] * 10.0 + x[i][late]),
        None,
        &y,
    );
}

/// Scores the companies of `opts.input` with the model of `kind`.
pub async fn score_company(opts: &ScoreOptions, kind: ModelKind) -> Result<(), Error> {
    let ids = read_ids(&opts.input)?;
    let dir = models_dir(opts.models_dir.clone()).join(kind.as_str());
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| Error::internal(format!("reading {}", path.display()), e))
    };
    let (onnx, card) = (read("model.onnx")?, read("model.json")?);
    let model = CompanyModel::load(kind, &onnx, &String::from_utf8_lossy(&card))
        .map_err(|e| Error::internal(format!("loading the {kind} model"), e))?;
    let engine = Engine::open(&datasets_of(&opts.data_dir, "duty_payment")).await?;
    let inputs = engine
        .company_inputs(&Scope::National, &[cutoff()], Some(&ids))
        .await?;
    let x: Vec<[f32; 29]> = inputs.facts[0]
        .iter()
        .map(|f| f.features(inputs.cutoffs[0]))
        .collect();
    let p = model
        .run(&x.concat(), |_| true)
        .map_err(|e| Error::internal(format!("running the {kind} model"), e))?;
    let scored: Vec<Scored> = x
        .iter()
        .zip(&p)
        .map(|(x, p)| Scored::of(kind, x, *p))
        .collect();
    write_atomically(&opts.output, |out| {
        out.write_record(["company_id", "score", "grade", "probability"])?;
        for id in &ids {
            let k = inputs.at(id).unwrap_or_default();
            let s = scored[k];
            out.write_record([
                id.as_str(),
                &s.score.to_string(),
                &format!("{:02}", s.grade),
                &format!("{:.6}", s.probability),
            ])?;
        }
        Ok(())
    })?;
    let unknown = inputs.facts[0]
        .iter()
        .filter(|f| f.payments.due == 0 && f.latest.is_none() && f.grade.is_none())
        .count();
    eprintln!(
        "scored {} companies with the {kind} model on the 2020-12-31 cut-off ({unknown} unknown to the data)",
        ids.len()
    );
    evaluate(kind, &inputs, &x, &scored);
    Ok(())
}
