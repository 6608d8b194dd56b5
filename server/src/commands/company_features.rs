//! `portal company-features --train DIR --valid DIR --out OUT`: the matrices the company
//! models train on, from the portal's encoder ([`portal_scoring::company`]). From the training
//! generation, the companies' features on 2020-06-30 (`fit`: outcome 2020-07..12) and on
//! 2020-12-31 (`select`: outcome 2021-01..06), so that settings are chosen on a later period
//! than they were fitted on; from the report generation (a seed the training never used) the
//! features on 2020-12-31 (`valid`). Per split: `{split}.f32` and the outcome flags
//! `{split}.arrears.u8`, `{split}.audited.u8`, `{split}.assessed.u8`, and the points of the
//! stated business factor of each model (`{split}.delinquency.factor.f32`,
//! `{split}.tax-risk.factor.f32`), which the score blends in. Companies with no payment due by
//! the cut-off are left out (nothing to judge them on).

use portal_core::date::days_from_civil;
use portal_core::worker::f32_bytes;
use portal_scoring::company::{FEATURES, ModelKind, business_factor};
use serde_json::json;

use super::features::Matrices;
use crate::cli::MatricesOptions;
use crate::company_risk::{CompanyInputs, cutoff};
use crate::engine::Engine;
use crate::error::Error;
use crate::scope::Scope;

/// One split: row-major features, the three outcome flags and each model's factor points.
#[derive(Clone, Default)]
struct Split {
    x: Vec<f32>,
    y: [Vec<u8>; 3],
    points: [Vec<f32>; 2],
}

/// The split of the companies with payments (on the one cut-off of `inputs`).
fn matrix(inputs: &CompanyInputs) -> Split {
    let mut s = Split::default();
    for (f, o) in inputs.facts[0].iter().zip(&inputs.outcomes[0]) {
        if f.payments.due == 0 {
            continue;
        }
        let x = f.features(inputs.cutoffs[0]);
        s.x.extend_from_slice(&x);
        s.y[0].push(u8::from(o.arrears));
        s.y[1].push(u8::from(o.audited));
        s.y[2].push(u8::from(o.assessed));
        for (k, kind) in [ModelKind::Delinquency, ModelKind::TaxRisk]
            .into_iter()
            .enumerate()
        {
            s.points[k].push(business_factor(kind, &x).map_or(0.0, |f| f.1));
        }
    }
    s
}

/// The files of a split other than its features.
fn files(split: &str, s: Split) -> Vec<(String, Vec<u8>)> {
    let [arrears, audited, assessed] = s.y;
    let [delinquency, tax] = s.points;
    vec![
        (format!("{split}.arrears.u8"), arrears),
        (format!("{split}.audited.u8"), audited),
        (format!("{split}.assessed.u8"), assessed),
        (
            format!("{split}.delinquency.factor.f32"),
            f32_bytes(&delinquency),
        ),
        (format!("{split}.tax-risk.factor.f32"), f32_bytes(&tax)),
    ]
}

/// `portal company-features`.
pub async fn company_features(opts: MatricesOptions) -> Result<(), Error> {
    let read = |dir: std::path::PathBuf, day: i32| async move {
        Engine::open(&dir)
            .await?
            .company_inputs(&Scope::National, &[day], None)
            .await
    };
    let early = days_from_civil(2020, 6, 30);
    let fit = matrix(&read(opts.train.clone(), early).await?);
    let select = matrix(&read(opts.train.clone(), cutoff()).await?);
    let valid = matrix(&read(opts.valid.clone(), cutoff()).await?);
    let width = FEATURES.len();
    let rows = (select.x.len() / width, valid.x.len() / width);
    let (select_x, valid_x) = (select.x.clone(), valid.x.clone());
    let mut extra = vec![
        ("fit.f32".to_owned(), f32_bytes(&fit.x)),
        ("select.f32".to_owned(), f32_bytes(&select.x)),
    ];
    extra.extend(files("fit", fit));
    // `train` is the selection period's rows (the refit stacks fit and select).
    extra.extend(files("train", select.clone()));
    extra.extend(files("select", select));
    extra.extend(files("valid", valid));
    Matrices {
        out: &opts.out,
        tables_file: "features-of.json",
        tables: &json!({"fit_cutoff": "2020-06-30", "cutoff": "2020-12-31"}),
        train: &select_x,
        valid: &valid_x,
        features: &FEATURES.map(str::to_owned),
        rows,
        folds: 0,
        extra,
    }
    .write()
}
