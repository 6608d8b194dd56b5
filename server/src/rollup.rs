//! Rollups: the import declarations summed up by office, month and a few other keys, held in
//! memory and used instead of the rows when a grouped spec can be answered from one.
//!
//! Each rollup keeps, per group of its keys, the row count and, per measure column, the sum and
//! the count of values (and, where it says so, the least and the greatest). A spec is answered
//! from the smallest rollup that has every column it groups or filters by, when its date filter
//! covers whole months, its date buckets are months or years, and its aggregates are counts,
//! sums, averages, minima or maxima of measures. Anything else (distinct counts, percentiles,
//! weeks, samples, part-month ranges, ungrouped rows) is answered from the rows.
//!
//! Counts and sums of integers are the same numbers as from the rows; sums and averages of
//! decimals are added in another order, so they may differ in the last digits (within 1e-9 of
//! the value). An analyst's spec carries the office filter the scope adds, and the office is a
//! key of every rollup, so a rollup answers for the scope as the rows would.
//!
//! Rollups are built in the background when the server loads its data (one grouped scan each),
//! for the version of the files then ([`Engine::data_version`]); once the files change, specs
//! are answered from the rows again.

use std::sync::Arc;

use arrow_schema::DataType;
use datafusion::arrow::compute::concat_batches;
use datafusion::common::ScalarValue;
use datafusion::datasource::MemTable;
use datafusion::functions::core::expr_fn::{coalesce, nullif};
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::{count, max, min, sum};
use datafusion::logical_expr::cast;
use datafusion::prelude::{DataFrame, Expr, SessionContext, ident, lit};
use portal_core::datasets::{ColumnType, DatasetDef, IMPORT_DECLARATION};
use portal_core::date::{civil_from_days, parse_days};
use portal_core::query::{AggFunc, DateBucket, Filter, GroupBy, QuerySpec, Value};

use crate::date_bucket::date_bucket;
use crate::engine::{Engine, engine_err};
use crate::error::Error;
use crate::spec_exprs::{filter_expr, sorted_and_limited};

/// The month of the date column in a rollup (first day, Date32).
const MONTH: &str = "__month";
/// The row count of a group.
const ROWS: &str = "__rows";

/// What one rollup keeps.
#[derive(Debug)]
pub struct RollupDef {
    /// Its name (in logs and benchmarks).
    pub name: &'static str,
    /// Its keys besides the month of the date column.
    pub keys: &'static [&'static str],
    /// Columns summed and counted.
    pub measures: &'static [&'static str],
    /// Whether it keeps the least and greatest value of each measure too.
    pub extremes: bool,
}

const DECLARATION_MEASURES: &[&str] = &[
    "item_price",
    "declared_value",
    "net_mass",
    "quantity",
    "unit_price",
    "tax_rate",
    "fraud",
    "critical_fraud",
];

/// The rollups of the import declarations (10M declarations: about 0.1M and 0.25M groups). Not
/// by HS6: office × month × HS6 × origin has nearly as many groups as there are rows at every
/// size measured (44k for 60k rows, over a million at 10M), so it would hold almost the rows
/// again in memory and answer little faster than they do.
pub const DECLARATION_ROLLUPS: &[RollupDef] = &[
    RollupDef {
        name: "office_month_kind",
        keys: &[
            "office_id",
            "transport_mode",
            "import_type",
            "payment_type",
            "fraud",
            "fta_claim",
            "risk_pattern",
            "source",
        ],
        measures: DECLARATION_MEASURES,
        extremes: true,
    },
    RollupDef {
        name: "office_month_origin",
        keys: &[
            "office_id",
            "country_origin",
            "country_departure",
            "transport_mode",
        ],
        measures: DECLARATION_MEASURES,
        extremes: true,
    },
];

/// One built rollup.
#[derive(Debug)]
struct Built {
    def: &'static RollupDef,
    table: Arc<MemTable>,
    groups: usize,
    bytes: usize,
}

/// The rollups of one dataset, built for one version of its files.
#[derive(Debug)]
pub struct Rollups {
    dataset: &'static DatasetDef,
    version: u64,
    built: Vec<Built>,
}

impl Rollups {
    /// Builds the rollups of the import declarations, smallest first; `None` without them.
    pub async fn build(engine: &Engine) -> Result<Option<Rollups>, Error> {
        let ds = &IMPORT_DECLARATION;
        if !engine.has(ds.name) {
            return Ok(None);
        }
        let version = engine.data_version(ds.name);
        let mut built = Vec::new();
        for def in DECLARATION_ROLLUPS {
            built.push(build_one(engine.session(), ds, def).await?);
        }
        built.sort_by_key(|b| b.groups);
        Ok(Some(Rollups {
            dataset: ds,
            version,
            built,
        }))
    }

    /// Whether these rollups are of `ds` and its files have changed since they were built.
    pub fn stale(&self, ds: &DatasetDef, version: u64) -> bool {
        ds.name == self.dataset.name && version != self.version
    }

    /// Each rollup's name, groups and bytes in memory, smallest first.
    pub fn sizes(&self) -> Vec<(&'static str, usize, usize)> {
        self.built
            .iter()
            .map(|b| (b.def.name, b.groups, b.bytes))
            .collect()
    }

    /// The spec's answer from the smallest rollup that holds it, when one does and the files are
    /// still those of `version`; the name of that rollup with it.
    pub fn answer(
        &self,
        ctx: &SessionContext,
        spec: &QuerySpec,
        ds: &DatasetDef,
        version: u64,
    ) -> Result<Option<(&'static str, DataFrame)>, Error> {
        if ds.name != self.dataset.name || version != self.version || !answerable(spec) {
            return Ok(None);
        }
        let Some(date) = ds.date_column else {
            return Ok(None);
        };
        let Some(rollup) = self.built.iter().find(|b| b.def.holds(spec, date)) else {
            return Ok(None);
        };
        let mut df = ctx
            .read_table(rollup.table.clone())
            .map_err(engine_err("reading a rollup"))?;
        for f in &spec.filters {
            let e = if f.column() == date {
                month_filter(f).ok_or_else(|| {
                    Error::internal("answering from a rollup", "a date filter it cannot hold")
                })?
            } else {
                let ty = ds.column(f.column()).map_or(ColumnType::Text, |c| c.ty);
                filter_expr(f, ty)
            };
            df = df.filter(e).map_err(engine_err("planning a filter"))?;
        }
        let groups: Vec<Expr> = spec.group_by.iter().map(group_expr).collect();
        let aggs: Vec<Expr> = spec.aggregates.iter().flat_map(aggregate).collect();
        // Averages divide two sums: aggregate the sums, then divide.
        let outputs: Vec<Expr> = spec
            .group_by
            .iter()
            .map(|g| ident(g.output_name()))
            .chain(spec.aggregates.iter().map(|a| {
                let name = a.output_name();
                match (a.func, &a.column) {
                    (AggFunc::Avg, Some(_)) => {
                        (cast(ident(format!("{name}__sum")), DataType::Float64)
                            / cast(
                                nullif(ident(format!("{name}__count")), lit(0i64)),
                                DataType::Float64,
                            ))
                        .alias(name)
                    }
                    _ => ident(name),
                }
            }))
            .collect();
        let df = df
            .aggregate(groups, aggs)
            .and_then(|df| df.select(outputs))
            .map_err(engine_err("planning a rollup's groups"))?;
        Ok(Some((rollup.def.name, sorted_and_limited(df, spec)?)))
    }
}

impl RollupDef {
    /// Whether this rollup has every key and measure `spec` needs.
    fn holds(&self, spec: &QuerySpec, date: &str) -> bool {
        let key = |c: &str| self.keys.contains(&c);
        let groups = spec.group_by.iter().all(|g| match g {
            GroupBy::Column(c) => key(c),
            GroupBy::Bucket { column, bucket } => {
                column == date && matches!(bucket, DateBucket::Month | DateBucket::Year)
            }
        });
        let filters = spec.filters.iter().all(|f| {
            if f.column() == date {
                month_filter(f).is_some()
            } else {
                key(f.column())
            }
        });
        let aggregates = spec
            .aggregates
            .iter()
            .all(|a| match (a.func, a.column.as_deref()) {
                (AggFunc::Count, None) => true,
                (AggFunc::Count | AggFunc::Sum | AggFunc::Avg, Some(c)) => {
                    self.measures.contains(&c)
                }
                (AggFunc::Min | AggFunc::Max, Some(c)) => {
                    self.extremes && self.measures.contains(&c)
                }
                _ => false,
            });
        groups && filters && aggregates
    }
}

/// Whether the spec's shape may be answered from a rollup at all.
fn answerable(spec: &QuerySpec) -> bool {
    spec.is_grouped()
        && !spec.aggregates.is_empty()
        && spec.columns.is_empty()
        && spec.sample.is_none_or(|f| f >= 1.0)
}

async fn build_one(
    ctx: &SessionContext,
    ds: &DatasetDef,
    def: &'static RollupDef,
) -> Result<Built, Error> {
    let date = ds.date_column.unwrap_or_default();
    let mut groups = vec![date_bucket(DateBucket::Month, ident(date)).alias(MONTH)];
    groups.extend(def.keys.iter().map(|k| ident(*k)));
    let mut aggs = vec![count_all().alias(ROWS)];
    for m in def.measures {
        aggs.push(sum(ident(*m)).alias(format!("{m}__sum")));
        aggs.push(count(ident(*m)).alias(format!("{m}__count")));
        if def.extremes {
            aggs.push(min(ident(*m)).alias(format!("{m}__min")));
            aggs.push(max(ident(*m)).alias(format!("{m}__max")));
        }
    }
    let df = ctx
        .table(ds.name)
        .await
        .map_err(engine_err("opening a table"))?
        .aggregate(groups, aggs)
        .map_err(engine_err("planning a rollup"))?;
    let schema = Arc::new(df.schema().as_arrow().clone());
    let batches = df
        .collect()
        .await
        .map_err(engine_err("building a rollup"))?;
    // One compact copy: the aggregation's batches are slices of larger buffers, which they
    // would keep alive (and each count whole).
    let whole_schema = batches
        .first()
        .map_or_else(|| schema.clone(), |b| b.schema());
    let whole = concat_batches(&whole_schema, &batches)
        .map_err(|e| Error::internal("keeping a rollup", e))?;
    drop(batches);
    let groups = whole.num_rows();
    let bytes = whole.get_array_memory_size();
    // Several partitions, so that a query over the rollup uses every core.
    let parts = ctx.copied_config().target_partitions().max(1);
    let chunk = groups.div_ceil(parts).max(1);
    let partitions = (0..parts)
        .map(|p| {
            let start = (p * chunk).min(groups);
            vec![whole.slice(start, chunk.min(groups - start))]
        })
        .collect();
    let table = MemTable::try_new(schema, partitions).map_err(engine_err("keeping a rollup"))?;
    Ok(Built {
        def,
        table: Arc::new(table),
        groups,
        bytes,
    })
}

/// A date filter as a filter on the month, when it covers whole months.
fn month_filter(f: &Filter) -> Option<Expr> {
    let Filter::Range { min, max, .. } = f else {
        return None;
    };
    let day = |v: &Option<Value>| match v {
        None => Some(None),
        Some(Value::Text(s)) => parse_days(s).map(Some),
        Some(_) => None,
    };
    let day_of_month = |d: i32| civil_from_days(d).2 as i32;
    let date = |d: i32| lit(ScalarValue::Date32(Some(d)));
    let mut e = lit(true);
    if let Some(lo) = day(min)? {
        if day_of_month(lo) != 1 {
            return None;
        }
        e = e.and(ident(MONTH).gt_eq(date(lo)));
    }
    if let Some(hi) = day(max)? {
        // The last day of its month: the next day is the first of one.
        if day_of_month(hi + 1) != 1 {
            return None;
        }
        e = e.and(ident(MONTH).lt_eq(date(hi + 1 - day_of_month(hi))));
    }
    Some(e)
}

fn group_expr(g: &GroupBy) -> Expr {
    match g {
        GroupBy::Column(c) => ident(c),
        GroupBy::Bucket { bucket, .. } => match bucket {
            DateBucket::Year => date_bucket(DateBucket::Year, ident(MONTH)),
            _ => ident(MONTH),
        }
        .alias(g.output_name()),
    }
}

/// The aggregates of the rollup's columns that make `a` (two for an average: its sum and
/// count, divided afterwards).
fn aggregate(a: &portal_core::query::Aggregate) -> Vec<Expr> {
    let name = a.output_name();
    match (a.func, a.column.as_deref()) {
        (AggFunc::Count, None) => vec![coalesce(vec![sum(ident(ROWS)), lit(0i64)]).alias(name)],
        (AggFunc::Count, Some(c)) => {
            vec![coalesce(vec![sum(ident(format!("{c}__count"))), lit(0i64)]).alias(name)]
        }
        (AggFunc::Sum, Some(c)) => vec![sum(ident(format!("{c}__sum"))).alias(name)],
        (AggFunc::Min, Some(c)) => vec![min(ident(format!("{c}__min"))).alias(name)],
        (AggFunc::Max, Some(c)) => vec![max(ident(format!("{c}__max"))).alias(name)],
        (AggFunc::Avg, Some(c)) => vec![
            sum(ident(format!("{c}__sum"))).alias(format!("{name}__sum")),
            sum(ident(format!("{c}__count"))).alias(format!("{name}__count")),
        ],
        // `holds` refused every other aggregate.
        _ => vec![count_all().alias(name)],
    }
}
