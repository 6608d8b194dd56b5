//! `portal fta-check` as other tools call it: the exact header, one row per line claiming an
//! FTA rate in input order, each planted certificate defect named among the failed checks, the
//! ranking ahead of a missing-certificate rule on the planted claims; malformed input names the
//! line and column and writes nothing.

use std::collections::HashMap;
use std::process::Command;

use crate::common::shared_data_dir;

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

/// The generated `import_declaration` as the portal's CSV extract.
fn imports_csv(path: &std::path::Path) {
    crate::rerouting_cli::dataset_csv("import_declaration", path);
}

fn run(input: &std::path::Path, output: &std::path::Path) -> std::process::Output {
    Command::new(PORTAL)
        .args(["fta-check", "--input"])
        .arg(input)
        .arg("--output")
        .arg(output)
        .arg("--data-dir")
        .arg(shared_data_dir())
        .output()
        .expect("run portal")
}

#[test]
fn every_claim_is_checked_in_order_and_planted_defects_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, output) = (dir.path().join("in.csv"), dir.path().join("out.csv"));
    imports_csv(&input);
    let out = run(&input, &output);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // The claiming lines of the input, in order.
    let mut r = csv::Reader::from_path(&input).expect("input");
    let h = r.headers().expect("header").clone();
    let col = |n: &str| h.iter().position(|x| x == n).expect(n);
    let (id, claim) = (col("declaration_id"), col("fta_claim"));
    let want: Vec<String> = r
        .records()
        .map(|x| x.expect("row"))
        .filter(|x| &x[claim] == "true")
        .map(|x| x[id].to_owned())
        .collect();
    let mut o = csv::Reader::from_path(&output).expect("output");
    assert_eq!(
        o.headers().expect("header").iter().collect::<Vec<_>>(),
        [
            "declaration_id",
            "risk_score",
            "duty_at_stake",
            "failed_checks"
        ]
    );
    let rows: Vec<csv::StringRecord> = o.records().map(|x| x.expect("row")).collect();
    assert_eq!(
        rows.iter().map(|x| x[0].to_owned()).collect::<Vec<_>>(),
        want
    );
    for x in &rows {
        let score: u16 = x[1].parse().expect("score");
        assert!(score <= 999);
        assert!(x[2].parse::<f64>().expect("duty") >= 0.0);
    }
    // Each planted defect of a certificate is among the checks its claim fails.
    let failed: HashMap<&str, &str> = rows.iter().map(|x| (&x[0], &x[3])).collect();
    let certs = crate::origin_data::planted_import_issues();
    let mut named = 0;
    for (decl, issue) in &certs {
        let expect = match issue.as_str() {
            "fta_invalid_origin" => "unregistered_issuer",
            "origin_disguise" => continue,
            other => other,
        };
        let got = failed.get(decl.as_str()).expect("a checked claim");
        // Without an agreement in force there is no rule to check: that is the finding.
        assert!(
            got.split(';').any(|c| c == expect || c == "no_agreement"),
            "{decl}: {issue} vs {got}"
        );
        named += 1;
    }
    assert!(named > 20, "{named}");
    // The report: the ranking beats the missing-certificate rule on the planted claims.
    let line = stderr
        .lines()
        .find(|l| l.starts_with("planted unfounded claims"))
        .expect("report");
    let precision = |after: &str| crate::rerouting_cli::precision_after(line, after);
    assert!(
        precision("by risk") > 2.0 * precision("missing-certificate rule"),
        "{line}"
    );
}

#[test]
fn malformed_input_names_the_line_and_column_and_writes_nothing() {
    let header = "declaration_id,declaration_date,country_origin,hs6,tax_rate,tax_type,item_price,fta_claim,co_number";
    crate::rerouting_cli::refuses_each(
        run,
        vec![
            (
                format!(
                    "{header}\nD1,2021-01-05,VN,851712,0,FVN1,1000,true,CO-VN-2021-0000001\nD2,2021-02-30,VN,851712,0,FVN1,1000,true,\n"
                ),
                "line 3, column declaration_date",
            ),
            (
                format!("{header}\nD1,2021-01-05,VN,851712,zero,FVN1,1000,true,\n"),
                "line 2, column tax_rate",
            ),
            (
                format!("{header}\nD1,2021-01-05,VN,851712,0,FVN1,1000,maybe,\n"),
                "line 2, column fta_claim",
            ),
            (
                "declaration_id,hs6\nD1,851712\n".to_owned(),
                "no column declaration_date",
            ),
        ],
    );
}
