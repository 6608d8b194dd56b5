//! The data commands: determinism of `generate`, and `import-cdd` on real and broken files.

use std::process::Command;

use crate::common::reference_dir;

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

fn file_bytes(dir: &std::path::Path, table: &str) -> Vec<u8> {
    std::fs::read(dir.join(table).join("generated.parquet")).expect("parquet file")
}

#[test]
fn generate_is_deterministic_and_counts_rows() {
    let Some(reference) = reference_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let run = |out: &str, seed: &str| {
        let o = Command::new(PORTAL)
            .args([
                "generate",
                "--declarations",
                "3000",
                "--seed",
                seed,
                "--out",
            ])
            .arg(tmp.path().join(out))
            .arg("--reference-dir")
            .arg(&reference)
            .output()
            .expect("run");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).expect("utf8")
    };
    let out = run("a", "1");
    run("b", "1");
    run("c", "2");
    assert!(out.contains("import_declaration\t3000"), "{out}");
    assert!(out.contains("inspection\t3000"), "{out}");
    for table in [
        "import_declaration",
        "cargo_manifest",
        "company",
        "vessel_call",
        "inspection",
        "duty_drawback",
    ] {
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

fn import(from: &std::path::Path, out: &std::path::Path) -> std::process::Output {
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
    let Some(reference) = reference_dir() else {
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
}

#[test]
fn import_cdd_names_the_file_line_and_column_of_bad_input() {
    let Some(reference) = reference_dir() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let broken = tmp.path().join("cdd");
    std::fs::create_dir_all(&broken).expect("dir");
    let train = std::fs::read_to_string(reference.join("cdd/df_syn_train_eng.csv")).expect("train");
    let mut lines: Vec<String> = train.lines().take(20).map(str::to_owned).collect();
    // Line 6 of the file: Net Mass is not a number.
    let mut cells: Vec<String> = lines[5].split(',').map(str::to_owned).collect();
    cells[18] = "heavy".into();
    lines[5] = cells.join(",");
    std::fs::write(broken.join("df_syn_train_eng.csv"), lines.join("\n")).expect("write");
    std::fs::copy(
        reference.join("cdd/df_syn_valid_eng.csv"),
        broken.join("df_syn_valid_eng.csv"),
    )
    .expect("copy");

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
    std::fs::write(broken.join("df_syn_train_eng.csv"), bad_date.join("\n")).expect("write");
    let err = String::from_utf8_lossy(&import(&broken, &tmp.path().join("out")).stderr).to_string();
    assert!(err.contains("line 3, column 'Date'"), "{err}");

    let mut short = lines.clone();
    short[3] = "1,2,3".into();
    std::fs::write(broken.join("df_syn_train_eng.csv"), short.join("\n")).expect("write");
    let err = String::from_utf8_lossy(&import(&broken, &tmp.path().join("out")).stderr).to_string();
    assert!(err.contains("line 4"), "{err}");

    let header_missing = lines[0].replace("Office ID", "Office");
    let mut no_col = lines.clone();
    no_col[0] = header_missing;
    std::fs::write(broken.join("df_syn_train_eng.csv"), no_col.join("\n")).expect("write");
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

#[test]
fn generate_without_reference_data_uses_the_builtin_profile() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = Command::new(PORTAL)
        .current_dir(tmp.path())
        .env("PORTAL_REFERENCE_DIR", tmp.path().join("nowhere"))
        .args(["generate", "--declarations", "2000", "--out", "out"])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("import_declaration\t2000"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("built-in stand-in profile"));
    assert!(tmp.path().join("out/company/generated.parquet").is_file());
}
