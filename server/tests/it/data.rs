//! The data commands: determinism of `generate` (the same with or without the reference data),
//! `import-cdd` on real and broken files, and `profile` reproducing the committed profile.

use std::path::Path;
use std::process::Command;

use crate::common::cdd_only;

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

fn file_bytes(dir: &Path, table: &str) -> Vec<u8> {
    std::fs::read(dir.join(table).join("generated.parquet")).expect("parquet file")
}

const TABLES: [&str; 13] = [
    "import_declaration",
    "cargo_manifest",
    "company",
    "vessel_call",
    "inspection",
    "duty_drawback",
    "export_declaration",
    "origin_certificate",
    "fta_agreement",
    "duty_payment",
    "company_financials",
    "fx_remittance",
    "customs_audit",
];

/// `portal generate` of 3,000 declarations with `seed` into `out`, with the reference data
/// hidden (`PORTAL_REFERENCE_DIR` pointing nowhere) or found as usual.
fn generate(out: &Path, seed: &str, hide_reference: bool) -> String {
    let mut cmd = Command::new(PORTAL);
    if hide_reference {
        cmd.env("PORTAL_REFERENCE_DIR", out.with_extension("nowhere"));
    }
    let o = cmd
        .args([
            "generate",
            "--declarations",
            "3000",
            "--seed",
            seed,
            "--out",
        ])
        .arg(out)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf8")
}

#[test]
fn generate_is_deterministic_and_the_same_without_reference_data() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = generate(&tmp.path().join("a"), "1", false);
    generate(&tmp.path().join("b"), "1", true);
    generate(&tmp.path().join("c"), "2", true);
    assert!(out.contains("import_declaration\t3000"), "{out}");
    assert!(out.contains("inspection\t3000"), "{out}");
    for table in TABLES {
        assert_eq!(
            file_bytes(&tmp.path().join("a"), table),
            file_bytes(&tmp.path().join("b"), table),
            "{table} differs for the same seed"
        );
    }
    assert_ne!(
        file_bytes(&tmp.path().join("a"), "import_declaration"),
        file_bytes(&tmp.path().join("c"), "import_declaration")
    );
}

fn import(from: &Path, out: &Path) -> std::process::Output {
    Command::new(PORTAL)
        .args(["import-cdd", "--from"])
        .arg(from)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run")
}

#[test]
fn import_cdd_reads_the_real_files() {
    let Some(reference) = cdd_only("import_cdd_reads_the_real_files") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = import(&reference.join("cdd"), tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("train\t37385"), "{out}");
    assert!(out.contains("valid\t8134"), "{out}");
    assert!(
        tmp.path()
            .join("import_declaration/cdd-train.parquet")
            .is_file()
    );
    // HS10 codes come from the Korean-header copy, by declaration ID, padded to 10 digits.
    let hs10 =
        portal_server::data::reference::read_hs10(&reference.join("cdd/ko_hs10/df_syn_train.csv"))
            .expect("hs10");
    assert_eq!(hs10.len(), 37_385);
    assert_eq!(hs10["97061800"], "4408909195");
    assert!(hs10.values().all(|c| c.len() == 10));
}

#[test]
fn the_committed_profile_is_what_the_reference_data_gives() {
    let Some(reference) = cdd_only("the_committed_profile_is_what_the_reference_data_gives") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("profile.json");
    let o = Command::new(PORTAL)
        .args(["profile", "--reference-dir"])
        .arg(&reference)
        .arg("--out")
        .arg(&file)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("profile/cdd-profile.json");
    assert!(
        std::fs::read(&file).expect("derived") == std::fs::read(committed).expect("committed"),
        "server/profile/cdd-profile.json is stale: run `portal profile --out server/profile/cdd-profile.json`"
    );
}

/// A CDD-shaped CSV (English header, the given data lines), as the import reads it.
const CDD_HEADER: &str = "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud";

fn cdd_line(i: usize) -> String {
    format!(
        "{:08},2020-01-{:02},40,B,11,21,11,40,D{i},I{i},S{i},,851712,CN,CN,8.0,A,Y,{}.5,35000.0,{},0",
        10_000 + i,
        1 + i % 28,
        10 + i,
        i % 2
    )
}

#[test]
fn import_cdd_names_the_file_line_and_column_of_bad_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let broken = tmp.path().join("cdd");
    std::fs::create_dir_all(&broken).expect("dir");
    let mut lines: Vec<String> = std::iter::once(CDD_HEADER.to_owned())
        .chain((1..20).map(cdd_line))
        .collect();
    let write = |name: &str, lines: &[String]| {
        std::fs::write(broken.join(name), lines.join("\n")).expect("write");
    };
    write("df_syn_valid_eng.csv", &lines);
    write("df_syn_train_eng.csv", &lines);
    let o = import(&broken, &tmp.path().join("ok"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("train\t19"));

    // Line 6 of the file: Net Mass is not a number.
    let mut cells: Vec<String> = lines[5].split(',').map(str::to_owned).collect();
    cells[18] = "heavy".into();
    lines[5] = cells.join(",");
    write("df_syn_train_eng.csv", &lines);
    let o = import(&broken, &tmp.path().join("out"));
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("df_syn_train_eng.csv: line 6, column 'Net Mass'"),
        "{err}"
    );
    assert!(err.contains("heavy"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !tmp.path()
            .join("out/import_declaration/cdd-train.parquet")
            .exists()
    );

    // A bad date, a short row and a missing column.
    let mut bad_date = lines.clone();
    bad_date[2] = bad_date[2].replacen("2020-01-", "2020-13-", 1);
    write("df_syn_train_eng.csv", &bad_date);
    let err = String::from_utf8_lossy(&import(&broken, &tmp.path().join("out")).stderr).to_string();
    assert!(err.contains("line 3, column 'Date'"), "{err}");

    let mut short = lines.clone();
    short[3] = "1,2,3".into();
    write("df_syn_train_eng.csv", &short);
    let err = String::from_utf8_lossy(&import(&broken, &tmp.path().join("out")).stderr).to_string();
    assert!(err.contains("line 4"), "{err}");

    let mut no_col = lines.clone();
    no_col[0] = lines[0].replace("Office ID", "Office");
    write("df_syn_train_eng.csv", &no_col);
    let err = String::from_utf8_lossy(&import(&broken, &tmp.path().join("out")).stderr).to_string();
    assert!(err.contains("missing column 'Office ID'"), "{err}");

    std::fs::remove_file(broken.join("df_syn_train_eng.csv")).expect("rm");
    let err = String::from_utf8_lossy(&import(&broken, &tmp.path().join("out")).stderr).to_string();
    assert!(err.contains("cannot open CDD file"), "{err}");
    let err = String::from_utf8_lossy(
        &import(&tmp.path().join("nowhere"), &tmp.path().join("out")).stderr,
    )
    .to_string();
    assert!(err.contains("does not exist"), "{err}");
}
