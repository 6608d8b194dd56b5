//! Rollups answer as the rows do: random grouped specs they hold, answered by an engine with
//! rollups and by one without (counts and integer sums exactly, decimals within 1e-6 of the
//! value); the office scope narrows rollup answers as it narrows rows; specs they cannot hold
//! (distinct counts, percentiles, weeks, part months, samples) go to the rows; rollups are built
//! again when their files change.

use arrow_array::RecordBatch;
use portal_core::datasets::IMPORT_DECLARATION;
use portal_core::query::{AggFunc, Aggregate, DateBucket, Filter, GroupBy, QuerySpec, Value};
use portal_server::engine::Engine;
use portal_server::rollup::DECLARATION_ROLLUPS;
use portal_server::scope::Scope;

use crate::common::shared_data_dir;
use crate::differential::{cells, equal_sets};

/// A small deterministic generator (xorshift), so that a failure names a spec that comes again.
pub(crate) struct Draw(pub(crate) u64);

impl Draw {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, of: &'a [T]) -> &'a T {
        &of[self.below(of.len())]
    }
}

async fn run(engine: &Engine, spec: &QuerySpec) -> Vec<RecordBatch> {
    engine.collect(spec, 1_000_000).await.expect("answer")
}

/// Values of `column` found in the data.
async fn values(engine: &Engine, column: &str) -> Vec<Value> {
    let spec: QuerySpec = serde_json::from_value(serde_json::json!({
        "dataset": "import_declaration", "group_by": [column],
        "aggregates": [{"func": "count"}]}))
    .expect("spec");
    let mut out = Vec::new();
    for row in cells(&run(engine, &spec).await) {
        match &row[0] {
            crate::differential::Cell::Text(s) => out.push(Value::Text(s.clone())),
            crate::differential::Cell::Num(f) if column == "fta_claim" => {
                out.push(Value::Bool(*f != 0.0));
            }
            crate::differential::Cell::Num(f) => out.push(Value::Int(*f as i64)),
            crate::differential::Cell::Null => {}
        }
    }
    out
}

fn month_range(draw: &mut Draw) -> Filter {
    // The generated declarations run from 2020-01-01 to 2021-06-30.
    const STARTS: [&str; 5] = [
        "2020-01-01",
        "2020-03-01",
        "2020-07-01",
        "2021-01-01",
        "2021-04-01",
    ];
    const ENDS: [&str; 5] = [
        "2020-02-29",
        "2020-06-30",
        "2020-12-31",
        "2021-03-31",
        "2021-06-30",
    ];
    let min = (draw.below(3) > 0).then(|| Value::Text(draw.pick(&STARTS).to_string()));
    let max =
        (draw.below(3) > 0 || min.is_none()).then(|| Value::Text(draw.pick(&ENDS).to_string()));
    Filter::Range {
        column: "declaration_date".into(),
        min,
        max,
    }
}

/// The `i`th spec of `draw`: a random grouped spec, or (every third) the same filters as a
/// row extract of five columns.
pub(crate) async fn drawn(engine: &Engine, draw: &mut Draw, i: usize) -> QuerySpec {
    let mut spec = random_spec(engine, draw).await;
    if i.is_multiple_of(3) {
        spec.group_by.clear();
        spec.aggregates.clear();
        spec.columns = [
            "declaration_id",
            "declaration_date",
            "office_id",
            "hs6",
            "item_price",
        ]
        .map(String::from)
        .to_vec();
        spec.limit = Some(100_000);
    }
    spec
}

pub(crate) async fn random_spec(engine: &Engine, draw: &mut Draw) -> QuerySpec {
    let def = draw.pick(DECLARATION_ROLLUPS);
    let mut spec = QuerySpec {
        dataset: "import_declaration".into(),
        ..QuerySpec::default()
    };
    for _ in 0..draw.below(3) {
        let key = GroupBy::Column((*draw.pick(def.keys)).to_owned());
        if !spec.group_by.contains(&key) {
            spec.group_by.push(key);
        }
    }
    if draw.below(2) == 0 {
        let bucket = *draw.pick(&[DateBucket::Month, DateBucket::Year]);
        spec.group_by.push(GroupBy::Bucket {
            column: "declaration_date".into(),
            bucket,
        });
    }
    let mut funcs = vec![AggFunc::Count, AggFunc::Sum, AggFunc::Avg];
    if def.extremes {
        funcs.extend([AggFunc::Min, AggFunc::Max]);
    }
    for i in 0..1 + draw.below(3) {
        let func = *draw.pick(&funcs);
        let column = (func != AggFunc::Count || draw.below(2) == 0)
            .then(|| (*draw.pick(def.measures)).to_owned());
        spec.aggregates.push(Aggregate {
            func,
            column,
            alias: Some(format!("a{i}")),
        });
    }
    for _ in 0..draw.below(3) {
        if draw.below(3) == 0 {
            spec.filters.push(month_range(draw));
            continue;
        }
        let key = *draw.pick(def.keys);
        let found = values(engine, key).await;
        if found.is_empty() {
            continue;
        }
        let filter = if draw.below(2) == 0 {
            Filter::Eq {
                column: key.into(),
                value: draw.pick(&found).clone(),
            }
        } else {
            let picked = (0..1 + draw.below(4)).map(|_| draw.pick(&found).clone());
            Filter::In {
                column: key.into(),
                values: picked.collect(),
            }
        };
        spec.filters.push(filter);
    }
    if draw.below(4) == 0 {
        spec = Scope::Office("40".into()).restrict(spec, &IMPORT_DECLARATION);
    }
    spec
}

#[tokio::test]
async fn rollups_answer_random_grouped_specs_as_the_rows_do() {
    let dir = shared_data_dir().join("datasets");
    let rows = Engine::open(&dir).await.expect("engine");
    let rolled = Engine::open(&dir).await.expect("engine");
    let sizes = rolled.build_rollups().await.expect("rollups");
    assert_eq!(sizes.len(), DECLARATION_ROLLUPS.len(), "{sizes:?}");
    let n: usize = std::env::var("PORTAL_ROLLUP_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let mut draw = Draw(0x9e37_79b9_7f4a_7c15);
    let mut used = std::collections::BTreeMap::new();
    let mut with_rows = 0;
    for _ in 0..n {
        let spec = random_spec(&rows, &mut draw).await;
        let ds = spec.validate(1_000_000).expect("valid");
        let rollup = rolled.rollup_for(&spec, ds);
        assert!(rollup.is_some(), "no rollup holds {spec:?}");
        *used.entry(rollup.unwrap_or_default()).or_insert(0) += 1;
        assert_eq!(rows.rollup_for(&spec, ds), None);
        let (theirs, mine) = (run(&rows, &spec).await, run(&rolled, &spec).await);
        if let (Some(a), Some(b)) = (theirs.first(), mine.first()) {
            let types = |b: &RecordBatch| {
                let s = b.schema();
                s.fields()
                    .iter()
                    .map(|f| f.data_type().clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(types(a), types(b), "{spec:?}");
        }
        let (theirs, mine) = (cells(&theirs), cells(&mine));
        if !theirs.is_empty() {
            with_rows += 1;
        }
        if let Err(e) = equal_sets(mine, theirs) {
            panic!("{spec:?}: {e}");
        }
    }
    eprintln!("rollups {sizes:?}; {n} specs, {with_rows} with rows, by rollup {used:?}");
    assert!(with_rows * 2 >= n, "too few answers hold rows");
    assert_eq!(
        used.len(),
        DECLARATION_ROLLUPS.len(),
        "every rollup answered: {used:?}"
    );
}

#[tokio::test]
async fn specs_a_rollup_cannot_hold_are_answered_from_the_rows() {
    let dir = shared_data_dir().join("datasets");
    let rolled = Engine::open(&dir).await.expect("engine");
    rolled.build_rollups().await.expect("rollups");
    let held = serde_json::json!({"dataset": "import_declaration", "group_by": ["office_id"],
        "aggregates": [{"func": "sum", "column": "item_price"}]});
    let with = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = held.clone();
        change(&mut v);
        serde_json::from_value::<QuerySpec>(v).expect("spec")
    };
    let spec = with(&|_| {});
    let ds = spec.validate(1_000_000).expect("valid");
    assert!(rolled.rollup_for(&spec, ds).is_some());
    let refused: Vec<(&str, QuerySpec)> = vec![
        (
            "distinct count",
            with(&|v| {
                v["aggregates"] =
                    serde_json::json!([{"func": "count_distinct", "column": "importer_id"}])
            }),
        ),
        (
            "percentile",
            with(&|v| {
                v["aggregates"] =
                    serde_json::json!([{"func": "percentile", "p": 0.5, "column": "unit_price"}])
            }),
        ),
        (
            "a key it lacks",
            with(&|v| v["group_by"] = serde_json::json!(["importer_id"])),
        ),
        (
            "weeks",
            with(&|v| {
                v["group_by"] =
                    serde_json::json!([{"column": "declaration_date", "bucket": "week"}])
            }),
        ),
        (
            "part of a month",
            with(
                &|v| v["filters"] = serde_json::json!([{"op": "range", "column": "declaration_date", "min": "2020-01-15"}]),
            ),
        ),
        (
            "a month cut short",
            with(
                &|v| v["filters"] = serde_json::json!([{"op": "range", "column": "declaration_date", "max": "2020-01-30"}]),
            ),
        ),
        ("a sample", with(&|v| v["sample"] = serde_json::json!(0.5))),
        (
            "ungrouped rows",
            with(&|v| {
                v["group_by"] = serde_json::json!([]);
                v["aggregates"] = serde_json::json!([]);
                v["limit"] = serde_json::json!(10);
            }),
        ),
    ];
    for (why, spec) in refused {
        let ds = spec.validate(1_000_000).expect("valid");
        assert_eq!(rolled.rollup_for(&spec, ds), None, "{why}");
    }
}

#[tokio::test]
async fn rollups_are_built_again_when_their_files_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::extract_cache::copy_tree(&shared_data_dir().join("datasets"), dir.path());
    let engine = Engine::open(dir.path()).await.expect("engine");
    engine.build_rollups().await.expect("rollups");
    let spec: QuerySpec = serde_json::from_value(serde_json::json!({
        "dataset": "import_declaration",
        "group_by": ["office_id", {"column": "declaration_date", "bucket": "month"}],
        "aggregates": [{"func": "count"}, {"func": "sum", "column": "item_price"}]}))
    .expect("spec");
    let ds = &IMPORT_DECLARATION;
    assert!(engine.rollup_for(&spec, ds).is_some());
    let total = |b: &[RecordBatch]| -> f64 {
        cells(b)
            .iter()
            .map(|r| match r[2] {
                crate::differential::Cell::Num(n) => n,
                _ => 0.0,
            })
            .sum()
    };
    let before = total(&run(&engine, &spec).await);

    // New rows arrive: a second file of the same declarations.
    let folder = dir.path().join("import_declaration");
    std::fs::copy(
        folder.join("generated.parquet"),
        folder.join("arrived.parquet"),
    )
    .expect("copy");
    assert_eq!(
        engine.rollup_for(&spec, ds),
        None,
        "stale rollups are not used"
    );
    // Read from the rows; asking starts the rebuild.
    assert_eq!(total(&run(&engine, &spec).await), 2.0 * before);
    let mut waited = 0;
    while engine.rollup_for(&spec, ds).is_none() {
        assert!(waited < 120, "rollups not built again in 60 s");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        waited += 1;
    }
    let rolled = run(&engine, &spec).await;
    assert_eq!(total(&rolled), 2.0 * before);
    let no_rollups = Engine::open(dir.path()).await.expect("engine");
    equal_sets(cells(&rolled), cells(&run(&no_rollups, &spec).await)).expect("same answer");
}
