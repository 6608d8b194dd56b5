//! `portal score` as other tools call it: exact output header, one row per input row in input
//! order, scores in [0, 1]; inputs without label columns; malformed inputs fail naming the line;
//! the price model's check of declared against expected unit values.

use std::process::Command;

use crate::common::{cdd_only, models_dir};

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");
const HEADER: &str = "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price";

/// Runs `portal ARGS --input INPUT --output OUTPUT`.
fn portal(
    args: &[&str],
    input: &std::path::Path,
    output: &std::path::Path,
) -> std::process::Output {
    Command::new(PORTAL)
        .env("PORTAL_MODELS_DIR", models_dir())
        .args(args)
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .output()
        .expect("run portal")
}

/// `portal score --model MODEL`.
fn run(model: &str, input: &std::path::Path, output: &std::path::Path) -> std::process::Output {
    portal(&["score", "--model", model], input, output)
}

fn score(input: &std::path::Path, output: &std::path::Path) -> std::process::Output {
    run("fraud", input, output)
}

#[test]
fn scores_every_row_in_order_with_the_exact_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(reference) = cdd_only("scores_every_row_in_order_with_the_exact_header") else {
        return;
    };
    let data = reference.join("cdd/df_syn_valid_eng.csv");
    // The first 300 validation rows, labels and all.
    let text = std::fs::read_to_string(&data).expect("valid csv");
    let sample: Vec<&str> = text.lines().take(301).collect();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, sample.join("\n")).expect("write");
    let output = dir.path().join("out.csv");
    let out = score(&input, &output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = std::fs::read_to_string(&output).expect("output");
    let lines: Vec<&str> = result.lines().collect();
    assert_eq!(lines[0], "Declaration ID,fraud_score,critical_score");
    assert_eq!(lines.len(), 301);
    let mut fraud = Vec::new();
    for (i, line) in lines[1..].iter().enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(
            f[0],
            sample[i + 1].split(',').next().expect("id"),
            "input order"
        );
        let (a, b): (f64, f64) = (f[1].parse().expect("num"), f[2].parse().expect("num"));
        assert!((0.0..=1.0).contains(&a) && (0.0..=1.0).contains(&b));
        fraud.push(a);
    }
    // The scores separate: labelled frauds score higher on average than the rest.
    let labels: Vec<bool> = sample[1..]
        .iter()
        .map(|l| l.split(',').nth(20) == Some("1"))
        .collect();
    let mean = |want: bool| {
        let v: Vec<f64> = fraud
            .iter()
            .zip(&labels)
            .filter(|(_, l)| **l == want)
            .map(|(s, _)| *s)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!(
        mean(true) > mean(false) + 0.1,
        "fraud {} vs clean {}",
        mean(true),
        mean(false)
    );
}

#[test]
fn unlabelled_input_scores_and_malformed_input_names_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    let output = dir.path().join("out.csv");
    std::fs::write(
        &input,
        format!("{HEADER}\nA1,2021-01-04,40,B,11,21,11,40,D1,처음보는수입상,S1,,851712,CN,CN,8,A,Y,12.5,350000\nA2,2021-01-04,30,B,11,21,11,10,D2,I2,S2,,440890,BE,BE,0,FEU1,G,108,372254.4\n"),
    )
    .expect("write");
    let out = score(&input, &output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = std::fs::read_to_string(&output).expect("output");
    let ids: Vec<&str> = result
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["A1", "A2"]);

    std::fs::write(
        &input,
        format!("{HEADER}\nA1,2021-01-04,40,B,11,21,11,40,D1,I1,S1,,851712,CN,CN,8,A,Y,12.5,350000\nA2,2021-01-04,30,B,11,21,11,10,D2,I2,S2,,440890,BE,BE,zero,FEU1,G,108,1\n"),
    )
    .expect("write");
    std::fs::remove_file(&output).expect("rm");
    let out = score(&input, &output);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("Tax Rate"), "{err}");
    assert!(!output.exists(), "no partial output");

    std::fs::write(&input, "Declaration ID,Date\n1,2021-01-01\n").expect("write");
    let err = String::from_utf8_lossy(&score(&input, &output).stderr).into_owned();
    assert!(
        err.contains("line 1") && err.contains("the header has no 'Tax Rate' column"),
        "{err}"
    );
    let out = run("nope", &input, &output);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown model 'nope'"));
}

#[test]
fn hs_suggest_writes_k_ranked_rows_per_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    let output = dir.path().join("out.csv");
    std::fs::write(&input, "id,text\n1,smartphone\n2,\"휴대폰, 부품\"\n3,\n").expect("write");
    let out = portal(&["hs-suggest", "--top", "3"], &input, &output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&output).expect("output");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        rdr.headers().expect("header"),
        vec!["text", "rank", "hs6", "score"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(
        rows.len(),
        6,
        "3 per text with words; none for the empty text"
    );
    assert_eq!(&rows[0][0], "smartphone");
    assert_eq!(&rows[3][0], "휴대폰, 부품");
    let ranks: Vec<&str> = rows.iter().map(|r| r.get(1).unwrap_or("")).collect();
    assert_eq!(ranks, ["1", "2", "3", "1", "2", "3"]);
    assert!(rows[..3].iter().any(|r| &r[2] == "851713"), "{rows:?}");
    assert!(rows.iter().all(|r| r[2].len() == 6));

    std::fs::write(&input, "description\nx\n").expect("write");
    let out = portal(&["hs-suggest"], &input, &output);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 1: the header has no 'text' column")
    );
    std::fs::write(&input, "text,n\na,1\nb\n").expect("write");
    let out = portal(&["hs-suggest"], &input, &output);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 3"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn price_check_flags_a_line_declared_at_a_fifth_of_its_expected_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    let output = dir.path().join("out.csv");
    // First the expectations of three lines with no declared price (the portal's column names).
    std::fs::write(
        &input,
        "declaration_id,hs6,country_origin,transport_mode,net_mass,item_price,quantity\n\
         D1,851712,CN,40,100,,40\nD2,610910,VN,10,500,,1250\n\"D,3\",950420,CN,10,20,,8\n",
    )
    .expect("write");
    let out = run("price", &input, &output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&output).expect("output");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Declaration ID,expected_unit_value,declared_unit_value,ratio,undervalued"
    );
    assert_eq!(lines.len(), 4, "one row per input row");
    assert!(
        lines[3].starts_with("\"D,3\","),
        "ids are quoted: {}",
        lines[3]
    );
    let expected: Vec<f64> = lines[1..]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.rsplitn(5, ',').collect();
            assert_eq!(
                (f[2], f[1], f[0]),
                ("", "", "0"),
                "no declared value, no ratio: {l}"
            );
            f[3].parse().expect("expected value")
        })
        .collect();
    assert!(expected.iter().all(|e| *e > 0.0), "{expected:?}");
    // Then D1 at its expected value and D2 at a fifth of it: only D2 is flagged.
    std::fs::write(
        &input,
        format!(
            "declaration_id,hs6,country_origin,transport_mode,net_mass,item_price,quantity\n\
             D1,851712,CN,40,100,{},40\nD2,610910,VN,10,500,{},1250\n",
            expected[0] * 100.0,
            expected[1] * 500.0 / 5.0
        ),
    )
    .expect("write");
    let out = run("price", &input, &output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&output).expect("output");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let ratio = |r: &Vec<&str>| r[3].parse::<f64>().expect("ratio");
    assert!((ratio(&rows[0]) - 1.0).abs() < 1e-3, "{:?}", rows[0]);
    assert!((ratio(&rows[1]) - 0.2).abs() < 1e-3, "{:?}", rows[1]);
    assert_eq!((rows[0][4], rows[1][4]), ("0", "1"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 likely under-valued"));
}

#[test]
fn price_check_refuses_bad_input_and_unknown_models_without_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    let output = dir.path().join("out.csv");
    std::fs::write(
        &input,
        "declaration_id,hs6,net_mass,item_price\nD1,851712,10,100\nD2,851712,ten,100\n",
    )
    .expect("write");
    let out = run("price", &input, &output);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("net_mass"), "{err}");
    std::fs::write(&input, "declaration_id,hs6\nD1,851712\n").expect("write");
    let out = run("price", &input, &output);
    assert!(String::from_utf8_lossy(&out.stderr).contains("'net_mass'"));
    let out = run("forecast", &input, &output);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the models are: fraud, price, high-risk")
    );
    assert!(!output.exists(), "no output, not even a partial one");
    assert!(!output.with_extension("partial").exists());
}

/// `[declaration_id, fraud, risk_pattern]` of a generated `import_declaration` folder.
fn ground_truth(dir: &std::path::Path) -> Vec<(String, bool, String)> {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::Int64Type;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let file = std::fs::File::open(dir.join("import_declaration/generated.parquet")).expect("file");
    let mut out = Vec::new();
    for batch in ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet")
        .build()
        .expect("reader")
    {
        let b = batch.expect("batch");
        let id = b
            .column_by_name("declaration_id")
            .expect("id")
            .as_string::<i32>();
        let fraud = b
            .column_by_name("fraud")
            .expect("fraud")
            .as_primitive::<Int64Type>();
        let pattern = b
            .column_by_name("risk_pattern")
            .expect("pattern")
            .as_string::<i32>();
        for r in 0..b.num_rows() {
            out.push((
                id.value(r).to_owned(),
                fraud.value(r) == 1,
                if pattern.is_null(r) {
                    String::new()
                } else {
                    pattern.value(r).to_owned()
                },
            ));
        }
    }
    out
}

#[test]
fn the_high_risk_model_finds_the_planted_patterns_of_an_unseen_generation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("gen");
    // Seed 404: neither the training (101) nor the report (303) generation of the model card.
    let out = Command::new(PORTAL)
        .args([
            "generate",
            "--declarations",
            "5000",
            "--seed",
            "404",
            "--out",
        ])
        .arg(&data)
        .output()
        .expect("generate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let output = dir.path().join("out.csv");
    let out = run("high-risk", &data, &output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let truth = ground_truth(&data);
    let mut rdr = csv::Reader::from_path(&output).expect("output");
    assert_eq!(
        rdr.headers().expect("header").iter().collect::<Vec<_>>(),
        [
            "Declaration ID",
            "high_risk_score",
            "risk_score",
            "grade",
            "reasons"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), truth.len());
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let score = |i: usize| rows[i][1].parse::<f64>().expect("score");
    for (i, (id, _, _)) in truth.iter().enumerate() {
        assert_eq!(&rows[i][0], id, "input order");
        assert!((0.0..=1.0).contains(&score(i)));
    }
    order.sort_by(|a, b| score(*b).total_cmp(&score(*a)));
    let top = &order[..rows.len() / 20];
    let base = truth.iter().filter(|t| t.1).count() as f64 / truth.len() as f64;
    let precision = top.iter().filter(|i| truth[**i].1).count() as f64 / top.len() as f64;
    assert!(
        precision > 3.0 * base,
        "precision at 5% {precision:.3}, base rate {base:.3}"
    );
    for (pattern, floor) in [("undervaluation", 0.8), ("fta_invalid_origin", 0.8)] {
        let planted = truth.iter().filter(|t| t.2 == pattern).count();
        let found = top.iter().filter(|i| truth[**i].2 == pattern).count();
        assert!(
            found as f64 >= floor * planted as f64,
            "{pattern}: {found} of {planted} in the top 5%"
        );
    }
    // The riskiest under-valued line is explained by its price.
    let first = top
        .iter()
        .find(|i| truth[**i].2 == "undervaluation")
        .expect("one");
    assert!(
        rows[*first][4].contains("declared unit price"),
        "{:?}",
        &rows[*first]
    );
}

#[test]
fn the_high_risk_model_reads_a_csv_of_portal_columns_and_refuses_bad_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.csv");
    let output = dir.path().join("out.csv");
    let header = "declaration_id,declaration_date,office_id,hs6,country_origin,item_description,fta_claim,co_number,net_mass,item_price";
    // Codes keep their leading zeros (030354 is frozen mackerel, chapter 03).
    std::fs::write(
        &input,
        format!("{header}\nD1,2021-01-04,030,030354,NO,FROZEN MACKEREL,false,,1000,3700000\nD2,2021-01-05,030,030354,NO,FROZEN MACKEREL,true,,1000,3700000\n"),
    )
    .expect("write");
    let out = run("high-risk", &input, &output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rdr = csv::Reader::from_path(&output).expect("output");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    assert!(
        !rows[0][4].contains("HS code"),
        "the code agrees: {:?}",
        &rows[0]
    );
    assert!(
        rows[1][4].contains("FTA rate claimed without a certificate"),
        "{:?}",
        &rows[1]
    );
    // A number that does not parse is refused, naming the value; nothing is written.
    std::fs::write(
        &input,
        format!("{header}\nD1,2021-01-04,030,030354,NO,FROZEN MACKEREL,false,,heavy,3700000\n"),
    )
    .expect("write");
    std::fs::remove_file(&output).expect("rm");
    let out = run("high-risk", &input, &output);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'heavy'") && err.contains("Float64"), "{err}");
    assert!(!output.exists());
    std::fs::write(&input, "hs6,net_mass\n030354,1\n").expect("write");
    let err = String::from_utf8_lossy(&run("high-risk", &input, &output).stderr).into_owned();
    assert!(
        err.contains("line 1") && err.contains("declaration_id"),
        "{err}"
    );
}

/// The first `n` lines of the shared data's `cargo_manifest`, as the portal's CSV extract writes
/// them (byte-order mark, portal column names, ISO dates), plus one line the data never saw.
fn manifest_extract(path: &std::path::Path, n: usize) -> Vec<String> {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::Date32Type;
    let file = crate::common::shared_data_dir().join("datasets/cargo_manifest/generated.parquet");
    let batch = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(file).expect("manifest"),
    )
    .expect("parquet")
    .with_batch_size(n)
    .build()
    .expect("reader")
    .next()
    .expect("batch")
    .expect("rows");
    let columns = [
        "manifest_key",
        "arrival_date",
        "forwarder_id",
        "consignor_id",
        "storage_location",
        "carrier_id",
        "office_id",
        "departure_country",
        "consignee_id",
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns).expect("header");
    let mut keys = Vec::new();
    for row in 0..batch.num_rows() {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let col = batch.column_by_name(c).expect(c);
                if *c == "arrival_date" {
                    portal_core::date::format_days(col.as_primitive::<Date32Type>().value(row))
                } else {
                    let t = arrow_cast::cast(col, &arrow_schema::DataType::Utf8).expect("utf8");
                    let t = t.as_string::<i32>();
                    if t.is_null(row) {
                        String::new()
                    } else {
                        t.value(row).to_owned()
                    }
                }
            })
            .collect();
        keys.push(cells[0].clone());
        w.write_record(&cells).expect("row");
    }
    w.write_record([
        "MNEW",
        "2021-07-01",
        "F00001",
        "",
        "W0001",
        "T00001",
        "20",
        "CN",
        "I0000001",
    ])
    .expect("row");
    keys.push("MNEW".into());
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(w.into_inner().expect("csv"));
    std::fs::write(path, bytes).expect("write");
    keys
}

#[test]
fn supply_chain_scores_every_manifest_line_of_an_extract_from_its_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let datasets = crate::common::shared_data_dir().join("datasets");
    // A whole generation, its own history.
    let all = dir.path().join("all.csv");
    let out = run("supply-chain", &datasets, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&all).expect("output");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("manifest_key,risk_score,pattern,combination")
    );
    let mut by_key = std::collections::HashMap::new();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        let p: f64 = f[1].parse().expect("score");
        assert!((0.0..=1.0).contains(&p), "{l}");
        assert!(portal_core::patterns::Pattern::parse(f[2]).is_some(), "{l}");
        by_key.insert(f[0].to_owned(), f[1].to_owned());
    }
    assert_eq!(by_key.len() as u64, crate::common::DECLARATIONS);

    // An extract of 200 lines and one new line, with the data as history: in input order, the
    // known lines scored as in the whole run.
    let input = dir.path().join("manifest.csv");
    let keys = manifest_extract(&input, 200);
    let output = dir.path().join("out.csv");
    let out = portal(
        &[
            "score",
            "--model",
            "supply-chain",
            "--history",
            datasets.to_str().expect("path"),
        ],
        &input,
        &output,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&output).expect("output");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.iter().map(|r| r[0]).collect::<Vec<_>>(), keys);
    for r in &rows[..200] {
        assert_eq!(by_key[r[0]], r[1], "{}", r[0]);
    }
    assert!(rows[200][3].contains('+'), "{:?}", rows[200]);

    // Without a history, or with a bad date: a clear error naming the problem.
    let out = run("supply-chain", &input, &output);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--history"));
    let broken = dir.path().join("broken.csv");
    let text = std::fs::read_to_string(&input).expect("input");
    std::fs::write(&broken, text.replacen("2021-07-01", "2021-13-01", 1)).expect("write");
    let out = portal(
        &[
            "score",
            "--model",
            "supply-chain",
            "--history",
            datasets.to_str().expect("path"),
        ],
        &broken,
        &output,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 202") && err.contains("2021-13-01"),
        "{err}"
    );
}
