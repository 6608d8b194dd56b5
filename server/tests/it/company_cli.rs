//! `portal score --model delinquency|tax-risk` as other tools call it: the exact header, one
//! row per input company in input order, scores and grades that agree, the outcome after the
//! cut-off reported beside the baselines and beaten by the model; malformed input names the line
//! and column and writes nothing.

use std::process::Command;

use crate::common::{models_dir, shared_data_dir};
use crate::rerouting_cli::refuses_each;

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

fn run(model: &str, input: &std::path::Path, output: &std::path::Path) -> std::process::Output {
    Command::new(PORTAL)
        .args(["score", "--model", model, "--input"])
        .arg(input)
        .arg("--output")
        .arg(output)
        .arg("--data-dir")
        .arg(shared_data_dir())
        .env("PORTAL_MODELS_DIR", models_dir())
        .output()
        .expect("run portal")
}

/// The importers of the generated company master, and one id nobody knows, in master order.
fn companies() -> Vec<String> {
    let file = shared_data_dir().join("datasets/company/generated.parquet");
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(file).expect("company"),
    )
    .expect("parquet")
    .build()
    .expect("reader");
    let mut out = vec!["NOBODY".to_owned()];
    for b in reader {
        let b = b.expect("batch");
        let id = portal_server::columns::strings(&b, "company_id").expect("ids");
        out.extend(id.into_iter().filter(|id| id.starts_with('I')));
    }
    out
}

/// The AUC a report line gives after `after` (`  model alone: AUC 0.912; ...`).
fn auc_after(stderr: &str, after: &str) -> f64 {
    let line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with(after))
        .unwrap_or_else(|| panic!("no line {after}: {stderr}"));
    let at = line.find("AUC ").expect("AUC") + 4;
    line[at..at + 5].parse().expect("figure")
}

#[test]
fn every_company_is_scored_in_order_and_the_model_beats_the_baselines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, output) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
    // Input order is not the master's: reversed, with a byte-order mark as the portal writes.
    let mut ids = companies();
    ids.reverse();
    std::fs::write(&input, format!("\u{feff}company_id\n{}\n", ids.join("\n"))).expect("write");
    for model in ["delinquency", "tax-risk"] {
        let out = run(model, &input, &output);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let mut o = csv::Reader::from_path(&output).expect("output");
        assert_eq!(
            o.headers().expect("header").iter().collect::<Vec<_>>(),
            ["company_id", "score", "grade", "probability"]
        );
        let rows: Vec<csv::StringRecord> = o.records().map(|x| x.expect("row")).collect();
        assert_eq!(
            rows.iter().map(|r| r[0].to_owned()).collect::<Vec<_>>(),
            ids,
            "{model}: input order"
        );
        let mut graded: Vec<(u16, u16)> = rows
            .iter()
            .map(|r| {
                let p: f32 = r[3].parse().expect("probability");
                assert!((0.0..=1.0).contains(&p), "{model}: {r:?}");
                assert_eq!(r[2].len(), 2, "{model}: grade 01-10");
                (r[1].parse().expect("score"), r[2].parse().expect("grade"))
            })
            .collect();
        // The riskier the score, the riskier (lower) the grade; 01 starts at 0.9 (score 899-900).
        graded.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        assert!(graded.windows(2).all(|w| w[0].1 >= w[1].1), "{model}");
        assert!(
            graded
                .iter()
                .all(|(s, g)| *s <= 999 && (1..=10).contains(g))
        );
        assert!(
            graded
                .iter()
                .all(|(s, g)| (*s < 900 || *g == 1) && (*s >= 899 || *g > 1)),
            "{model}"
        );
        assert!(stderr.contains("1 unknown to the data"), "{stderr}");
        let model_auc = auc_after(&stderr, "model + business factor");
        let grade = auc_after(&stderr, "baseline: compliance grade alone");
        let history = auc_after(&stderr, "baseline: arrears history alone");
        // 45 planted future delinquents here: the delinquency model must beat both baselines.
        // The tax-risk outcome is a handful of audits with a material finding here: its figures
        // are printed, not judged (models/tax-risk/model.md reports it on 10,223 audits).
        if model == "delinquency" {
            assert!(
                model_auc > grade && model_auc > history && model_auc > 0.7,
                "{model}: {stderr}"
            );
        } else {
            assert!(model_auc.is_finite() && grade.is_finite() && history.is_finite());
        }
    }
}

#[test]
fn malformed_company_lists_are_refused_with_the_line_named() {
    for model in ["delinquency", "tax-risk"] {
        refuses_each(
            |i, o| run(model, i, o),
            vec![
                ("id\nI0000001\n".to_owned(), "no column company_id"),
                ("company_id\nI0000001\nI2,extra\n".to_owned(), "line 3"),
                (
                    "company_id,x\nI0000001,1\n,2\n".to_owned(),
                    "line 3, column company_id: empty",
                ),
            ],
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run(
        "solvency",
        &dir.path().join("x.csv"),
        &dir.path().join("y.csv"),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("delinquency, tax-risk"));
}
