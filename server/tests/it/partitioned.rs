//! Partitioned datasets answer as flat ones: the shared data copied and partitioned
//! (`declaration_month=…/office=…/`; the scope matrix serves it too), then random grouped specs, row extracts and the scoped
//! statistics answered by an engine over each; a filter on the date or office column (or an
//! office scope) opens only that month's and office's files.

use std::path::PathBuf;

use datafusion::physical_plan::displayable;
use portal_core::datasets::IMPORT_DECLARATION;
use portal_core::query::QuerySpec;
use portal_server::data::datasets_dir;
use portal_server::data::partition::is_partitioned;
use portal_server::engine::Engine;
use portal_server::scope::Scope;

use crate::common::{copy_tree, partitioned_data_dir, shared_data_dir};
use crate::differential::{Cell, cells, equal_sets};
use crate::rollup::{Draw, drawn};

/// The partitioned copy's datasets.
async fn partitioned_copy() -> PathBuf {
    let parts = datasets_dir(partitioned_data_dir().await);
    assert!(is_partitioned(
        &parts.join(IMPORT_DECLARATION.name),
        &IMPORT_DECLARATION
    ));
    parts
}

/// Engines over the shared datasets and over their partitioned copy.
async fn engines() -> (Engine, Engine) {
    (
        Engine::open(&shared_data_dir().join("datasets"))
            .await
            .expect("flat engine"),
        Engine::open(&partitioned_copy().await)
            .await
            .expect("partitioned engine"),
    )
}

async fn answer(engine: &Engine, spec: &QuerySpec) -> Vec<arrow_array::RecordBatch> {
    engine.collect(spec, 1_000_000).await.expect("answer")
}

/// The Parquet files a spec's plan reads (its scans' file lists).
async fn files_read(engine: &Engine, spec: &QuerySpec) -> usize {
    let ds = spec.validate(1_000_000).expect("valid");
    let plan = engine
        .dataframe(spec, ds)
        .await
        .expect("plan")
        .create_physical_plan()
        .await
        .expect("physical plan");
    let text = displayable(plan.as_ref()).indent(true).to_string();
    if std::env::var("SHOW_PLAN").is_ok() {
        eprintln!("{text}");
    }
    // A file split across the scan's partitions is named once per byte range.
    text.split([' ', ',', '[', ']'])
        .filter_map(|t| t.split_once(".parquet").map(|(path, _)| path))
        .collect::<std::collections::HashSet<_>>()
        .len()
}

#[tokio::test]
async fn partitioned_datasets_answer_as_flat_ones() {
    let (flat, parts) = engines().await;
    let mut draw = Draw(0x2545_f491_4f6c_dd1d);
    for i in 0..60 {
        let spec = drawn(&flat, &mut draw, i).await;
        let (a, b) = (answer(&flat, &spec).await, answer(&parts, &spec).await);
        if let (Some(a), Some(b)) = (a.first(), b.first()) {
            assert_eq!(a.schema(), b.schema(), "{spec:?}");
        }
        if let Err(e) = equal_sets(cells(&b), cells(&a)) {
            panic!("{spec:?}: {e}");
        }
    }
    let (a, b) = (
        flat.stats(&IMPORT_DECLARATION).await.expect("stats"),
        parts.stats(&IMPORT_DECLARATION).await.expect("stats"),
    );
    assert_eq!(
        format!("{:?}", a.of(&Scope::Office("40".into()))),
        format!("{:?}", b.of(&Scope::Office("40".into())))
    );
    assert_eq!(
        format!("{:?}", a.of(&Scope::National)),
        format!("{:?}", b.of(&Scope::National))
    );
}

#[tokio::test]
async fn date_and_office_filters_open_only_their_files() {
    let (flat, parts) = engines().await;
    let one: QuerySpec = serde_json::from_value(serde_json::json!({
    "dataset": "import_declaration", "group_by": ["hs6"],
    "aggregates": [{"func": "count"}, {"func": "sum", "column": "item_price"}],
    "filters": [
        {"op": "eq", "column": "office_id", "value": "40"},
        {"op": "range", "column": "declaration_date", "min": "2020-03-01", "max": "2020-03-31"}
    ]}))
    .expect("spec");
    assert_eq!(files_read(&parts, &one).await, 1);
    equal_sets(
        cells(&answer(&parts, &one).await),
        cells(&answer(&flat, &one).await),
    )
    .expect("same answer");

    // An analyst's scope: their office's 18 months, of some 700 files.
    let all: QuerySpec = serde_json::from_value(serde_json::json!({
        "dataset": "import_declaration", "group_by": ["office_id"],
        "aggregates": [{"func": "count"}]}))
    .expect("spec");
    let scoped = Scope::Office("40".into()).restrict(all.clone(), &IMPORT_DECLARATION);
    assert_eq!(files_read(&parts, &scoped).await, 18);
    assert!(files_read(&parts, &all).await > 300);
    let rows = cells(&answer(&parts, &scoped).await);
    assert_eq!(rows.len(), 1, "{rows:?}");
    equal_sets(rows, cells(&answer(&flat, &scoped).await)).expect("same answer");
}

#[tokio::test]
async fn a_partitioned_dataset_gets_a_new_version_when_a_file_arrives() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let parts = tmp.path().join("datasets");
    copy_tree(&partitioned_copy().await, &parts);
    let engine = Engine::open(&parts).await.expect("engine");
    let name = IMPORT_DECLARATION.name;
    let before = engine.data_version(name);
    assert_eq!(engine.data_version(name), before);
    let office = parts
        .join(name)
        .join("declaration_month=2020-03")
        .join("office=40");
    std::fs::copy(office.join("part-0.parquet"), office.join("part-1.parquet")).expect("copy");
    tokio::time::sleep(portal_server::engine::PARTITIONED_VERSION_TTL).await;
    assert_ne!(
        engine.data_version(name),
        before,
        "a new file, a new version"
    );
}

/// The server's preparation partitions too (`serve --demo-partitioned`), and says so in its
/// ready marker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_preparation_partitions_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data_dir = dir.path().to_path_buf();
    let opts = portal_server::data::DemoOptions {
        declarations: 3_000,
        seed: 11,
        reference: None,
        partition_min_rows: Some(0),
    };
    tokio::task::spawn_blocking(move || portal_server::data::prepare(&data_dir, &opts))
        .await
        .expect("join")
        .expect("prepare");
    let datasets = datasets_dir(dir.path());
    assert!(is_partitioned(
        &datasets.join(IMPORT_DECLARATION.name),
        &IMPORT_DECLARATION
    ));
    let marker: serde_json::Value = serde_json::from_slice(
        &std::fs::read(datasets.join(portal_server::data::READY_MARKER)).expect("marker"),
    )
    .expect("json");
    let listed = marker["partitioned"].as_array().expect("partitioned list");
    assert!(
        listed.iter().any(|d| d == IMPORT_DECLARATION.name),
        "{marker}"
    );
    // Nothing the partitioning wrote beside the datasets is left behind.
    let hidden: Vec<_> = std::fs::read_dir(&datasets)
        .expect("read")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.file_name())
        .collect();
    assert!(
        hidden.iter().all(|n| n == ".portal-preparing"),
        "{hidden:?}"
    );
}

/// A file written beside the month folders (as `portal import-cdd` would) is read too: the
/// folder is read as a flat one, every file below it, until it is partitioned again.
#[tokio::test]
async fn a_file_beside_the_month_folders_is_read_and_partitioned_again() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let parts = tmp.path().join("datasets");
    copy_tree(&partitioned_copy().await, &parts);
    let folder = parts.join(IMPORT_DECLARATION.name);
    let one = folder
        .join("declaration_month=2020-03")
        .join("office=40")
        .join("part-0.parquet");
    std::fs::copy(&one, folder.join("extra.parquet")).expect("copy");
    assert!(!is_partitioned(&folder, &IMPORT_DECLARATION));
    let count: QuerySpec = serde_json::from_value(serde_json::json!({
        "dataset": "import_declaration", "aggregates": [{"func": "count"}]}))
    .expect("spec");
    let in_one = answer(
        &Engine::open(&shared_data_dir().join("datasets"))
            .await
            .expect("flat"),
        &serde_json::from_value(serde_json::json!({
        "dataset": "import_declaration", "aggregates": [{"func": "count"}],
        "filters": [
            {"op": "eq", "column": "office_id", "value": "40"},
            {"op": "range", "column": "declaration_date", "min": "2020-03-01", "max": "2020-03-31"}
        ]}))
        .expect("spec"),
    )
    .await;
    let n = |b: &[arrow_array::RecordBatch]| cells(b)[0][0].clone();
    let extra = match n(&in_one) {
        Cell::Num(f) => f,
        other => panic!("{other:?}"),
    };
    let mixed = Engine::open(&parts).await.expect("engine");
    assert_eq!(
        n(&answer(&mixed, &count).await),
        Cell::Num(crate::common::DECLARATIONS as f64 + extra)
    );
    let again = portal_server::data::partition_write::partition_all(&parts, 0)
        .await
        .expect("partition");
    assert!(
        again.iter().any(|p| p.dataset == IMPORT_DECLARATION.name),
        "{again:?}"
    );
    assert!(is_partitioned(&folder, &IMPORT_DECLARATION));
    let whole = Engine::open(&parts).await.expect("engine");
    assert_eq!(
        n(&answer(&whole, &count).await),
        Cell::Num(crate::common::DECLARATIONS as f64 + extra)
    );
}
