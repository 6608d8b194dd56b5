//! `portal score --model rerouting` as other tools call it: the exact header, one row per
//! exporter of the input riskiest first, evidence an officer can read, the planted rerouting
//! firms at the top and ahead of the rule-only baseline; malformed input names the line and
//! column and writes nothing.

use std::collections::HashSet;
use std::process::Command;

use crate::common::{models_dir, shared_data_dir};

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

/// A generated dataset as the portal's CSV extract.
pub fn dataset_csv(dataset: &str, path: &std::path::Path) {
    let file = shared_data_dir().join(format!("datasets/{dataset}/generated.parquet"));
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(file).expect(dataset),
    )
    .expect("parquet")
    .build()
    .expect("reader");
    let mut w = arrow_csv::Writer::new(std::fs::File::create(path).expect("create"));
    for b in reader {
        w.write(&b.expect("batch")).expect("csv");
    }
}

fn run(input: &std::path::Path, output: &std::path::Path) -> std::process::Output {
    Command::new(PORTAL)
        .args(["score", "--model", "rerouting", "--input"])
        .arg(input)
        .arg("--output")
        .arg(output)
        .arg("--data-dir")
        .arg(shared_data_dir())
        .env("PORTAL_MODELS_DIR", models_dir())
        .output()
        .expect("run portal")
}

/// Runs a CLI (`run(input, output)`) over each malformed input `(body, says)`: it fails, says
/// `says` on stderr (the line and column) and leaves no output.
pub fn refuses_each(
    run: impl Fn(&std::path::Path, &std::path::Path) -> std::process::Output,
    cases: Vec<(String, &str)>,
) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, output) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
    for (body, says) in cases {
        std::fs::write(&input, body).expect("write");
        let out = run(&input, &output);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(stderr.contains(says), "{says}: {stderr}");
        assert!(!output.exists(), "no partial output");
    }
}

/// The precision figure a CLI's report line gives after `after` (`... by the rule: precision
/// 0.715, ...`).
pub fn precision_after(line: &str, after: &str) -> f64 {
    let rest = &line[line.find(after).expect(after) + after.len()..];
    let at = rest.find("precision ").expect("precision") + "precision ".len();
    rest[at..at + 5].parse().expect("figure")
}

/// The companies the generator planted as rerouting firms.
pub fn planted_rerouters() -> HashSet<String> {
    let file = shared_data_dir().join("datasets/company/generated.parquet");
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(file).expect("company"),
    )
    .expect("parquet")
    .build()
    .expect("reader");
    let mut out = HashSet::new();
    for b in reader {
        let b = b.expect("batch");
        let id = portal_server::columns::strings(&b, "company_id").expect("ids");
        let role = portal_server::columns::texts(&b, "planted_role").expect("roles");
        for (id, role) in id.into_iter().zip(role) {
            if role.as_deref() == Some("rerouting_firm") {
                out.insert(id);
            }
        }
    }
    out
}

#[test]
fn every_exporter_is_ranked_with_its_evidence_and_planted_firms_lead() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, output) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
    dataset_csv("export_declaration", &input);
    let out = run(&input, &output);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let mut r = csv::Reader::from_path(&input).expect("input");
    let h = r.headers().expect("header").clone();
    let at = h
        .iter()
        .position(|x| x == "exporter_id")
        .expect("exporter_id");
    let exporters: HashSet<String> = r
        .records()
        .map(|x| x.expect("row")[at].to_owned())
        .collect();
    let mut o = csv::Reader::from_path(&output).expect("output");
    assert_eq!(
        o.headers().expect("header").iter().collect::<Vec<_>>(),
        ["exporter_id", "risk_score", "grade", "evidence"]
    );
    let rows: Vec<csv::StringRecord> = o.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), exporters.len(), "one row per exporter");
    let ids: HashSet<String> = rows.iter().map(|x| x[0].to_owned()).collect();
    assert_eq!(ids, exporters);
    let scores: Vec<u16> = rows.iter().map(|x| x[1].parse().expect("score")).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "riskiest first");
    for x in &rows {
        let g: u8 = x[2].parse().expect("grade");
        assert!(x[2].len() == 2 && (1..=10).contains(&g), "{}", &x[2]);
        assert!(
            x[3].starts_with("matched=") && x[3].contains(";manufacturer="),
            "{}",
            &x[3]
        );
    }
    // The planted firms are at the top: each within the riskiest 5%.
    let planted = planted_rerouters();
    let exporting: Vec<&String> = planted.iter().filter(|p| exporters.contains(*p)).collect();
    assert!(exporting.len() >= 5, "{}", exporting.len());
    let top = rows.len() / 20;
    for p in &exporting {
        let rank = rows
            .iter()
            .position(|x| &x[0] == p.as_str())
            .expect("ranked");
        assert!(rank < top, "{p} ranked {rank} of {}", rows.len());
    }
    // The report: ahead of the rule.
    let line = stderr
        .lines()
        .find(|l| l.starts_with("planted rerouting firms"))
        .expect("report");
    assert!(
        precision_after(line, "by the model") >= precision_after(line, "by the rule"),
        "{line}"
    );
}

#[test]
fn malformed_input_names_the_line_and_column_and_writes_nothing() {
    let header = "export_id,export_date,exporter_id,hs6,destination_country,declared_origin,fob_krw,net_mass";
    refuses_each(
        run,
        vec![
            (
                format!(
                    "{header}\nE1,2021-01-05,I1,850440,US,KR,1000,5\nE2,2021-13-01,I1,850440,US,KR,1000,5\n"
                ),
                "line 3, column export_date",
            ),
            (
                format!("{header}\nE1,2021-01-05,I1,850440,US,KR,ten,5\n"),
                "line 2, column fob_krw",
            ),
            (
                format!("{header}\nE1,2021-01-05,,850440,US,KR,1000,5\n"),
                "line 2, column exporter_id",
            ),
            (
                "export_id,hs6\nE1,850440\n".to_owned(),
                "no column export_date",
            ),
        ],
    );
}
