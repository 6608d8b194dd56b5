//! Differential test: random valid specs (every filter kind, group-by keys with date buckets,
//! aggregates with aliases, sort keys) answered by the portal over HTTP — as an administrator
//! and as an office-40 analyst — and by DuckDB running the same question as SQL over the same
//! Parquet files (with the office filter written into the SQL for the analyst). The answers must
//! be equal as sets of rows (numbers to 1e-6 relative). Most filter values are drawn from the
//! data (a repeatable DuckDB sample), so that most answers hold rows.
//!
//! Needs Python with DuckDB: `PORTAL_DUCKDB_PYTHON` (set by scripts/test.sh, which installs it);
//! without it the test records a skip, and scripts/test.sh fails on any skip that is not CDD-only.

use std::collections::HashMap;

use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use portal_core::datasets::{ColumnType, dataset};
use portal_core::query::{AggFunc, Filter, GroupBy, QuerySpec, Value};
use portal_core::testing::{ROW_CAP, valid_spec};
use portal_core::text::contains_pattern;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;
use serde_json::Value as Json;

use crate::common::{As, TestServer, send, shared_data_dir, who};

/// Rows an ungrouped answer may have to be compared row by row (above it, only counts).
const UNGROUPED_LIMIT: u64 = 2_000;
/// Rows a grouped answer may have to be compared row by row (above it, only counts).
const MAX_COMPARED: u64 = 5_000;
/// Values sampled per dataset to draw filter values from.
const SAMPLED: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Num(f64),
    Text(String),
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn sql_value(v: &Value, ty: ColumnType) -> String {
    match (ty, v) {
        (ColumnType::Date, Value::Text(s)) => format!("DATE {}", sql_text(s)),
        (_, Value::Text(s)) => sql_text(s),
        (_, Value::Int(i)) => i.to_string(),
        (_, Value::Float(f)) => format!("{f:e}"),
        (_, Value::Bool(b)) => b.to_string(),
    }
}

fn quoted(c: &str) -> String {
    format!("\"{c}\"")
}

/// The spec as DuckDB SQL (without ORDER BY or LIMIT: answers are compared as sets).
fn to_sql(spec: &QuerySpec, office: Option<&str>) -> String {
    let ds = dataset(&spec.dataset).expect("dataset");
    let ty = |c: &str| ds.column(c).map_or(ColumnType::Text, |c| c.ty);
    let mut conds: Vec<String> = spec
        .filters
        .iter()
        .map(|f| match f {
            Filter::Eq { column, value } => {
                format!("{} = {}", quoted(column), sql_value(value, ty(column)))
            }
            Filter::In { column, values } => format!(
                "{} IN ({})",
                quoted(column),
                values
                    .iter()
                    .map(|v| sql_value(v, ty(column)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Filter::Range { column, min, max } => {
                let mut parts = Vec::new();
                if let Some(m) = min {
                    parts.push(format!(
                        "{} >= {}",
                        quoted(column),
                        sql_value(m, ty(column))
                    ));
                }
                if let Some(m) = max {
                    parts.push(format!(
                        "{} <= {}",
                        quoted(column),
                        sql_value(m, ty(column))
                    ));
                }
                format!("({})", parts.join(" AND "))
            }
            Filter::Contains { column, text } => format!(
                "{} ILIKE {} ESCAPE '\\'",
                quoted(column),
                sql_text(&contains_pattern(text))
            ),
            Filter::IsNull { column, negate } => format!(
                "{} IS {}NULL",
                quoted(column),
                if *negate { "NOT " } else { "" }
            ),
        })
        .collect();
    if let (Some(o), Some(col)) = (office, ds.office_column) {
        conds.push(format!("{} = {}", quoted(col), sql_text(o)));
    }
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    if spec.is_grouped() {
        let keys: Vec<String> = spec
            .group_by
            .iter()
            .map(|g| match g {
                GroupBy::Column(c) => quoted(c),
                GroupBy::Bucket { column, bucket } => format!(
                    "CAST(date_trunc('{}', {}) AS DATE)",
                    bucket.as_str(),
                    quoted(column)
                ),
            })
            .collect();
        let aggs = spec.aggregates.iter().map(|a| {
            let c = a.column.as_deref().map(quoted);
            match (a.func, c) {
                (AggFunc::Count, None) => "count(*)".to_owned(),
                (AggFunc::Count, Some(c)) => format!("count({c})"),
                (AggFunc::CountDistinct, Some(c)) => format!("count(DISTINCT {c})"),
                (AggFunc::Sum, Some(c)) => format!("sum({c})"),
                (AggFunc::Avg, Some(c)) => format!("avg({c})"),
                (AggFunc::Min, Some(c)) => format!("min({c})"),
                (AggFunc::Max, Some(c)) => format!("max({c})"),
                (AggFunc::Percentile { p }, Some(c)) => percentile_sql(&c, p),
                (f, _) => panic!("not compared: {f:?}"),
            }
        });
        let select: Vec<String> = keys.iter().cloned().chain(aggs).collect();
        let group = if keys.is_empty() {
            String::new()
        } else {
            format!(" GROUP BY {}", keys.join(", "))
        };
        format!(
            "SELECT {} FROM {}{filter}{group}",
            select.join(", "),
            spec.dataset
        )
    } else {
        let cols: Vec<String> = if spec.columns.is_empty() {
            ds.columns.iter().map(|c| quoted(c.name)).collect()
        } else {
            spec.columns.iter().map(|c| quoted(c)).collect()
        };
        format!("SELECT {} FROM {}{filter}", cols.join(", "), spec.dataset)
    }
}

/// DuckDB's `quantile_cont(c, p)` as DataFusion's `percentile_cont` computes it: the order
/// statistics at floor and ceil of p × (n − 1), interpolated with a weight that DataFusion
/// truncates to millionths (so answers differ from `quantile_cont` by up to a millionth of the
/// gap between the two values; a sparse group's gap can be larger than its values).
fn percentile_sql(c: &str, p: f64) -> String {
    let sorted = format!("list_sort(list({c}) FILTER (WHERE {c} IS NOT NULL))");
    let idx = format!("(CAST({p} AS DOUBLE) * (count({c}) - 1))");
    let lo = format!("{sorted}[CAST(floor({idx}) AS BIGINT) + 1]");
    let hi = format!("{sorted}[CAST(ceil({idx}) AS BIGINT) + 1]");
    format!(
        "CASE WHEN count({c}) = 0 THEN NULL ELSE \
         {lo} + ({hi} - {lo}) * (floor(({idx} - floor({idx})) * 1000000) / 1000000) END"
    )
}

/// The rows of an answer DuckDB may return: one more than are compared row by row, so that a
/// longer answer is known to be longer.
fn rows_sql(spec: &QuerySpec, office: Option<&str>) -> String {
    format!("{} LIMIT {}", to_sql(spec, office), compared(spec) + 1)
}

/// How many rows (ungrouped) or groups (grouped) the whole answer has.
fn count_sql(spec: &QuerySpec, office: Option<&str>) -> String {
    let plain = QuerySpec {
        columns: vec![],
        ..spec.clone()
    };
    let base = to_sql(&plain, office);
    format!("SELECT count(*) FROM ({base})")
}

/// Rows compared one by one: the limit of an ungrouped answer, [`MAX_COMPARED`] groups.
fn compared(spec: &QuerySpec) -> u64 {
    if spec.is_grouped() {
        MAX_COMPARED
    } else {
        UNGROUPED_LIMIT
    }
}

/// The portal's answer as rows of cells.
pub(crate) fn cells(batches: &[RecordBatch]) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for b in batches {
        let cols: Vec<_> = b
            .columns()
            .iter()
            .map(|c| match c.data_type() {
                DataType::Utf8View | DataType::LargeUtf8 | DataType::Date32 => {
                    arrow_cast::cast(c, &DataType::Utf8).expect("text")
                }
                DataType::Boolean => arrow_cast::cast(c, &DataType::Float64).expect("bool"),
                _ => c.clone(),
            })
            .collect();
        for r in 0..b.num_rows() {
            rows.push(
                cols.iter()
                    .map(|c| {
                        if c.is_null(r) {
                            return Cell::Null;
                        }
                        if c.data_type() == &DataType::Utf8 {
                            let s = c
                                .as_any()
                                .downcast_ref::<arrow_array::StringArray>()
                                .expect("strings");
                            return Cell::Text(s.value(r).to_owned());
                        }
                        let f = arrow_cast::cast(&c.slice(r, 1), &DataType::Float64).expect("num");
                        let f = f
                            .as_any()
                            .downcast_ref::<arrow_array::Float64Array>()
                            .expect("f64");
                        Cell::Num(f.value(0))
                    })
                    .collect(),
            );
        }
    }
    rows
}

fn json_cells(rows: &[Json]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| {
            r.as_array()
                .expect("row")
                .iter()
                .map(|v| match v {
                    Json::Null => Cell::Null,
                    Json::Number(n) => Cell::Num(n.as_f64().expect("number")),
                    Json::Bool(b) => Cell::Num(f64::from(u8::from(*b))),
                    Json::String(s) => Cell::Text(s.clone()),
                    other => Cell::Text(other.to_string()),
                })
                .collect()
        })
        .collect()
}

/// Rows in one order whatever order an engine gave them: cell by cell, missing values first,
/// then numbers (exactly: -0.0 and 0.0 are one value, as `same` says), then texts. Group keys,
/// which come first, are values of the data, so both engines' rows sort alike.
fn row_order(a: &[Cell], b: &[Cell]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let rank = |c: &Cell| match c {
        Cell::Null => 0,
        Cell::Num(_) => 1,
        Cell::Text(_) => 2,
    };
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (Cell::Num(p), Cell::Num(q)) => (p + 0.0).total_cmp(&(q + 0.0)),
            (Cell::Text(p), Cell::Text(q)) => p.cmp(q),
            _ => rank(x).cmp(&rank(y)),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

fn same(a: &Cell, b: &Cell) -> bool {
    match (a, b) {
        (Cell::Num(x), Cell::Num(y)) => {
            (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0) || (x.is_nan() && y.is_nan())
        }
        _ => a == b,
    }
}

pub(crate) fn equal_sets(mut a: Vec<Vec<Cell>>, mut b: Vec<Vec<Cell>>) -> Result<(), String> {
    if a.len() != b.len() {
        return Err(format!("{} rows vs {} rows", a.len(), b.len()));
    }
    a.sort_by(|x, y| row_order(x, y));
    b.sort_by(|x, y| row_order(x, y));
    for (x, y) in a.iter().zip(&b) {
        if x.len() != y.len() || !x.iter().zip(y).all(|(p, q)| same(p, q)) {
            return Err(format!("row {x:?} vs {y:?}"));
        }
    }
    Ok(())
}

/// A valid spec the comparison can judge: no sample; grouped answers without a limit,
/// ungrouped ones limited to [`UNGROUPED_LIMIT`]. Percentiles are exact on both sides.
fn comparable(mut spec: QuerySpec) -> QuerySpec {
    spec.sample = None;
    let outputs: Vec<String> = spec
        .outputs(dataset(&spec.dataset).expect("ds"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    spec.order_by.retain(|o| outputs.contains(&o.column));
    spec.limit = (!spec.is_grouped()).then_some(UNGROUPED_LIMIT);
    spec
}

/// Values found in the data, by dataset and column (missing values left out).
#[derive(Default)]
struct Seen(HashMap<(String, String), Vec<Value>>);

impl Seen {
    /// A repeatable sample of [`SAMPLED`] rows of every dataset, read by DuckDB.
    fn sample(python: &str) -> Seen {
        let queries: Vec<String> = portal_core::datasets::DATASETS
            .iter()
            .map(|d| {
                let cols: Vec<String> = d.columns.iter().map(|c| quoted(c.name)).collect();
                format!(
                    "SELECT {} FROM {} USING SAMPLE reservoir({SAMPLED} ROWS) REPEATABLE (7)",
                    cols.join(", "),
                    d.name
                )
            })
            .collect();
        let answers = duckdb(python, &queries);
        let mut seen = Seen::default();
        for (d, answer) in portal_core::datasets::DATASETS.iter().zip(&answers) {
            for row in answer["rows"].as_array().expect("sample rows") {
                for (c, v) in d.columns.iter().zip(row.as_array().expect("row")) {
                    let value = match (c.ty, v) {
                        (_, Json::Null) => continue,
                        (ColumnType::Bool, v) => Value::Bool(v.as_i64() == Some(1)),
                        (ColumnType::Int, v) => Value::Int(v.as_i64().expect("int")),
                        (ColumnType::Float, v) => Value::Float(v.as_f64().expect("float")),
                        (_, Json::String(t)) => Value::Text(t.clone()),
                        (_, other) => Value::Text(other.to_string()),
                    };
                    seen.0
                        .entry((d.name.to_owned(), c.name.to_owned()))
                        .or_default()
                        .push(value);
                }
            }
        }
        seen
    }

    /// The `k`-th value seen in `column` (cycling), if any was.
    fn pick(&self, ds: &str, column: &str, k: usize) -> Option<Value> {
        let values = self.0.get(&(ds.to_owned(), column.to_owned()))?;
        (!values.is_empty()).then(|| values[k % values.len()].clone())
    }
}

fn ordered(a: Value, b: Value) -> (Value, Value) {
    let key = |v: &Value| match v {
        Value::Int(i) => (*i as f64, String::new()),
        Value::Float(f) => (*f, String::new()),
        Value::Bool(b) => (f64::from(u8::from(*b)), String::new()),
        Value::Text(t) => (0.0, t.clone()),
    };
    if key(&a).partial_cmp(&key(&b)) == Some(std::cmp::Ordering::Greater) {
        (b, a)
    } else {
        (a, b)
    }
}

/// `spec` with three filters in four drawn from the data (`salt` picks which values), so that
/// most answers hold rows; the fourth keeps its random value.
fn grounded(mut spec: QuerySpec, seen: &Seen, salt: usize) -> QuerySpec {
    let ds = spec.dataset.clone();
    for (j, f) in spec.filters.iter_mut().enumerate() {
        if (salt + j).is_multiple_of(4) {
            continue;
        }
        let k = salt * 31 + j * 7;
        match f {
            Filter::Eq { column, value } => {
                if let Some(v) = seen.pick(&ds, column, k) {
                    *value = v;
                }
            }
            Filter::In { column, values } => {
                for (i, v) in values.iter_mut().enumerate() {
                    if let Some(x) = seen.pick(&ds, column, k + i) {
                        *v = x;
                    }
                }
            }
            Filter::Range { column, min, max } => {
                if let (Some(a), Some(b)) =
                    (seen.pick(&ds, column, k), seen.pick(&ds, column, k + 1))
                {
                    let (lo, hi) = ordered(a, b);
                    if min.is_some() {
                        *min = Some(lo);
                    }
                    if max.is_some() {
                        *max = Some(hi);
                    }
                }
            }
            Filter::Contains { column, text } => {
                if let Some(Value::Text(t)) = seen.pick(&ds, column, k) {
                    let part: String = t.chars().skip(1).take(3).collect();
                    if !part.is_empty() {
                        *text = part;
                    }
                }
            }
            Filter::IsNull { .. } => {}
        }
    }
    spec
}

async fn portal(srv: &TestServer, a: &As, spec: &QuerySpec) -> Vec<RecordBatch> {
    let res = send(
        srv,
        a,
        Method::POST,
        "/api/extract",
        Some(serde_json::to_value(spec).expect("json")),
    )
    .await;
    let status = res.status();
    let bytes = res.bytes().await.expect("body");
    assert!(
        status.is_success(),
        "{spec:?}: {status} {}",
        String::from_utf8_lossy(&bytes)
    );
    arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
        .expect("ipc")
        .collect::<Result<_, _>>()
        .expect("batches")
}

/// The Python with DuckDB (`PORTAL_DUCKDB_PYTHON`), or none after counting `test` as skipped
/// with the reason.
pub(crate) fn duckdb_python(test: &str) -> Option<String> {
    let python = std::env::var("PORTAL_DUCKDB_PYTHON")
        .ok()
        .filter(|p| !p.is_empty());
    if python.is_none() {
        crate::common::record_skip(
            "differential",
            test,
            "PORTAL_DUCKDB_PYTHON is not set (scripts/test.sh installs DuckDB and sets it)",
        );
    }
    python
}

pub(crate) fn duckdb(python: &str, queries: &[String]) -> Vec<Json> {
    let root = shared_data_dir().join("datasets");
    let tables: serde_json::Map<String, Json> = portal_core::datasets::DATASETS
        .iter()
        .map(|d| {
            let glob = format!("{}/{}/*.parquet", root.display(), d.name);
            (d.name.to_owned(), Json::String(glob))
        })
        .collect();
    let job = serde_json::json!({"tables": tables, "queries": queries});
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/support/duckdb_answers.py"
    );
    portal_server::python_job::run(python, std::path::Path::new(script), &job)
        .expect("duckdb answers")
}

/// What one comparison found.
#[derive(Default)]
struct Tally {
    rows_compared: usize,
    sizes_compared: usize,
    non_empty: usize,
    mismatches: Vec<String>,
}

impl Tally {
    /// Compares the portal's answer to DuckDB's rows and count of the same question.
    fn compare(
        &mut self,
        spec: &QuerySpec,
        office: Option<&str>,
        mine: Vec<Vec<Cell>>,
        rows: &Json,
        count: &Json,
    ) {
        let failed = rows.get("error").or_else(|| count.get("error"));
        if let Some(e) = failed.and_then(Json::as_str) {
            self.mismatches
                .push(format!("{spec:?}: DuckDB failed: {e}"));
            return;
        }
        let total = count["rows"][0][0].as_u64().expect("count");
        if total > 0 {
            self.non_empty += 1;
        }
        if total <= compared(spec) {
            let theirs = json_cells(rows["rows"].as_array().expect("rows"));
            if let Err(e) = equal_sets(mine, theirs) {
                self.mismatches.push(format!(
                    "{spec:?} ({office:?}): {e}\n  SQL: {}",
                    to_sql(spec, office)
                ));
            }
            self.rows_compared += 1;
        } else {
            // Which rows a limit or the cap keeps is the engine's choice: compare how many.
            let expected = total.min(spec.limit.unwrap_or(ROW_CAP)).min(ROW_CAP);
            if mine.len() as u64 != expected {
                self.mismatches.push(format!(
                    "{spec:?} ({office:?}): {} rows, DuckDB has {total} (expected {expected})",
                    mine.len()
                ));
            }
            self.sizes_compared += 1;
        }
    }
}

#[tokio::test]
async fn random_specs_answer_as_duckdb_does_for_an_admin_and_a_scoped_analyst() {
    let Some(python) =
        duckdb_python("random_specs_answer_as_duckdb_does_for_an_admin_and_a_scoped_analyst")
    else {
        return;
    };
    let n: usize = std::env::var("PORTAL_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    // With rollups: the grouped specs they hold are answered from them, and must agree too.
    let srv = TestServer::with_data(|o| {
        o.row_cap = ROW_CAP;
        o.limits.no_rollups = false;
    })
    .await;
    srv.wait_for_rollups().await;
    let admin = who(&srv, "admin").await;
    let analyst = who(&srv, "analyst.incheon").await;
    let seen = Seen::sample(&python);
    let mut runner = TestRunner::new(Config::default());
    let specs: Vec<QuerySpec> = (0..n)
        .map(|i| {
            let spec = valid_spec().new_tree(&mut runner).expect("spec").current();
            grounded(comparable(spec), &seen, i)
        })
        .collect();
    // Both answers of every spec: the rows (up to one more than are compared) and the size.
    let roles = [(&admin, None), (&analyst, Some("40"))];
    let mut queries = Vec::new();
    for s in &specs {
        for (_, office) in roles {
            queries.push(rows_sql(s, office));
            queries.push(count_sql(s, office));
        }
    }
    let answers = duckdb(&python, &queries);
    let mut tally = Tally::default();
    for (i, s) in specs.iter().enumerate() {
        for (j, (who, office)) in roles.into_iter().enumerate() {
            let mine = cells(&portal(&srv, who, s).await);
            let at = i * 4 + j * 2;
            tally.compare(s, office, mine, &answers[at], &answers[at + 1]);
        }
    }
    let answered = tally.rows_compared + tally.sizes_compared;
    eprintln!(
        "differential: {n} specs x 2 roles: {} answers compared row by row, {} by size, \
         {} of {answered} with rows, {} mismatches",
        tally.rows_compared,
        tally.sizes_compared,
        tally.non_empty,
        tally.mismatches.len()
    );
    assert!(
        tally.mismatches.is_empty(),
        "{}",
        tally.mismatches.join("\n")
    );
    assert!(
        tally.non_empty * 3 >= answered,
        "too few answers hold rows ({} of {answered}): the comparison would prove little",
        tally.non_empty
    );
}
