//! Specs grouped by one text column are aggregated on the Parquet dictionary of that column
//! (`portal_server::dictionary_groups`): random ones answer as DataFusion's aggregation does
//! (counts and integer sums exactly, decimals within 1e-6 of the value), with the same types,
//! keys without a value, values without one, filters and the office scope; the others (date and
//! range filters, keys of nearly unique values, several keys, partitioned data) are answered by
//! DataFusion.

use arrow_array::RecordBatch;
use portal_core::datasets::IMPORT_DECLARATION;
use portal_core::query::{AggFunc, Aggregate, Filter, GroupBy, OrderBy, QuerySpec, Value};
use portal_server::engine::{Engine, EngineOptions};
use portal_server::scope::Scope;

use crate::common::{partitioned_data_dir, shared_data_dir};
use crate::differential::{Cell, cells, equal_sets};
use crate::rollup::Draw;

/// Text keys with few values in a row group: HS codes, countries, offices, codes; `courier_id`
/// and `risk_pattern` have rows without a value.
const KEYS: [&str; 8] = [
    "hs6",
    "hs10",
    "country_origin",
    "office_id",
    "declarant_id",
    "currency",
    "courier_id",
    "risk_pattern",
];

/// Numbers aggregated: `unit_price`, `fraud` and `critical_fraud` have rows without a value.
const MEASURES: [&str; 6] = [
    "item_price",
    "net_mass",
    "tax_rate",
    "unit_price",
    "fraud",
    "critical_fraud",
];

async fn run(engine: &Engine, spec: &QuerySpec) -> Vec<RecordBatch> {
    engine.collect(spec, 1_000_000).await.expect("answer")
}

fn types(batches: &[RecordBatch]) -> Vec<arrow_schema::DataType> {
    batches.first().map_or_else(Vec::new, |b| {
        b.schema()
            .fields()
            .iter()
            .map(|f| f.data_type().clone())
            .collect()
    })
}

/// Some values of text column `column` in the data (from the answer grouped by it).
async fn values(engine: &Engine, column: &str) -> Vec<Value> {
    let spec: QuerySpec = serde_json::from_value(serde_json::json!({
        "dataset": "import_declaration", "group_by": [column],
        "aggregates": [{"func": "count"}]}))
    .expect("spec");
    cells(&run(engine, &spec).await)
        .into_iter()
        .filter_map(|row| match &row[0] {
            Cell::Text(s) => Some(Value::Text(s.clone())),
            _ => None,
        })
        .collect()
}

async fn random_spec(engine: &Engine, draw: &mut Draw) -> QuerySpec {
    let key = *draw.pick(&KEYS);
    let mut spec = QuerySpec {
        dataset: "import_declaration".into(),
        group_by: vec![GroupBy::Column(key.into())],
        ..QuerySpec::default()
    };
    let funcs = [
        AggFunc::Count,
        AggFunc::Sum,
        AggFunc::Avg,
        AggFunc::Min,
        AggFunc::Max,
    ];
    for i in 0..1 + draw.below(4) {
        let func = *draw.pick(&funcs);
        let column = match (func, draw.below(3)) {
            (AggFunc::Count, 0) => None,
            // A count of a text column's values.
            (AggFunc::Count, 1) => Some("seller_id".to_owned()),
            _ => Some((*draw.pick(&MEASURES)).to_owned()),
        };
        spec.aggregates.push(Aggregate {
            func,
            column,
            alias: Some(format!("a{i}")),
        });
    }
    for _ in 0..draw.below(3) {
        let column = *draw.pick(&KEYS);
        let found = values(engine, column).await;
        let filter = match draw.below(5) {
            0 if !found.is_empty() => Filter::Eq {
                column: column.into(),
                value: draw.pick(&found).clone(),
            },
            1 if !found.is_empty() => Filter::In {
                column: column.into(),
                values: (0..1 + draw.below(5))
                    .map(|_| draw.pick(&found).clone())
                    .collect(),
            },
            2 => Filter::Contains {
                column: column.into(),
                text: draw.pick(&["0", "1", "8", "CN", "x"]).to_string(),
            },
            3 => Filter::IsNull {
                column: column.into(),
                negate: draw.below(2) == 0,
            },
            _ => Filter::Eq {
                column: "fta_claim".into(),
                value: Value::Bool(draw.below(2) == 0),
            },
        };
        spec.filters.push(filter);
    }
    if draw.below(3) == 0 {
        spec = Scope::Office("40".into()).restrict(spec, &IMPORT_DECLARATION);
    }
    if draw.below(3) == 0 {
        // Ordered by the key (one row per key), so that the limit cuts where it cuts.
        spec.order_by = vec![OrderBy {
            column: key.into(),
            descending: draw.below(2) == 0,
        }];
        spec.limit = Some(1 + draw.below(10) as u64);
    }
    spec
}

#[tokio::test]
async fn random_specs_by_one_text_key_answer_as_datafusion_does() {
    let dir = shared_data_dir().join("datasets");
    let on_dictionary = Engine::open(&dir).await.expect("engine");
    let plain = EngineOptions {
        plain_groups: true,
        ..EngineOptions::default()
    };
    let datafusion = Engine::open_with(&dir, &plain).await.expect("engine");
    let mut draw = Draw(0x2545_f491_4f6c_dd1d);
    let (n, mut with_rows) = (120, 0);
    for _ in 0..n {
        let spec = random_spec(&datafusion, &mut draw).await;
        let before = on_dictionary.dictionary_answers();
        let mine = run(&on_dictionary, &spec).await;
        assert_eq!(
            on_dictionary.dictionary_answers(),
            before + 1,
            "not answered on the dictionary: {spec:?}"
        );
        let theirs = run(&datafusion, &spec).await;
        assert_eq!(datafusion.dictionary_answers(), 0);
        if !mine.is_empty() && !theirs.is_empty() {
            assert_eq!(types(&mine), types(&theirs), "{spec:?}");
        }
        let (mine, theirs) = (cells(&mine), cells(&theirs));
        with_rows += usize::from(!theirs.is_empty());
        if let Err(e) = equal_sets(mine, theirs) {
            panic!("{spec:?}: {e}");
        }
    }
    eprintln!("{n} specs by one text key, {with_rows} with rows");
    assert!(with_rows * 2 >= n, "too few answers hold rows");
}

#[tokio::test]
async fn other_specs_are_answered_by_datafusion() {
    let dir = shared_data_dir().join("datasets");
    let engine = Engine::open(&dir).await.expect("engine");
    let base = serde_json::json!({"dataset": "import_declaration", "group_by": ["hs6"],
        "aggregates": [{"func": "sum", "column": "item_price"}]});
    let with = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = base.clone();
        change(&mut v);
        serde_json::from_value::<QuerySpec>(v).expect("spec")
    };
    run(&engine, &with(&|_| {})).await;
    assert_eq!(engine.dictionary_answers(), 1, "the base spec is");
    let others: Vec<(&str, QuerySpec)> = vec![
        (
            "a date range (row groups skipped on their statistics)",
            with(
                &|v| v["filters"] = serde_json::json!([{"op": "range", "column": "declaration_date", "min": "2020-07-01"}]),
            ),
        ),
        (
            "a range of numbers",
            with(&|v| {
                v["filters"] =
                    serde_json::json!([{"op": "range", "column": "item_price", "max": 1000}])
            }),
        ),
        (
            "keys of nearly unique values",
            with(&|v| v["group_by"] = serde_json::json!(["declaration_id"])),
        ),
        (
            "two keys",
            with(&|v| v["group_by"] = serde_json::json!(["hs6", "office_id"])),
        ),
        (
            "a date bucket",
            with(&|v| {
                v["group_by"] =
                    serde_json::json!([{"column": "declaration_date", "bucket": "month"}])
            }),
        ),
        (
            "a number key",
            with(&|v| v["group_by"] = serde_json::json!(["fraud"])),
        ),
        (
            "a distinct count",
            with(&|v| {
                v["aggregates"] =
                    serde_json::json!([{"func": "count_distinct", "column": "importer_id"}])
            }),
        ),
        (
            "a percentile",
            with(&|v| {
                v["aggregates"] =
                    serde_json::json!([{"func": "percentile", "p": 0.5, "column": "unit_price"}])
            }),
        ),
        ("a sample", with(&|v| v["sample"] = serde_json::json!(0.5))),
    ];
    for (why, spec) in others {
        run(&engine, &spec).await;
        assert_eq!(engine.dictionary_answers(), 1, "{why}");
    }
    // Partitioned data: DataFusion reads only the partitions a spec names.
    let partitioned = partitioned_data_dir().await.join("datasets");
    let engine = Engine::open(&partitioned).await.expect("engine");
    run(&engine, &with(&|_| {})).await;
    assert_eq!(engine.dictionary_answers(), 0, "partitioned data");
}
