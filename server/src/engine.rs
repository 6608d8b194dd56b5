//! The query engine: DataFusion over the Parquet datasets. A [`QuerySpec`] is compiled to
//! DataFrame operations (never to SQL text) after [`QuerySpec::validate`] accepted it.

use std::path::Path;

use arrow_schema::DataType;
use datafusion::common::ScalarValue;
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::functions::datetime::expr_fn::date_trunc;
use datafusion::functions::math::expr_fn::random;
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::{
    approx_percentile_cont, avg, count, count_distinct, max, min, sum,
};
use datafusion::logical_expr::cast;
use datafusion::logical_expr::expr::Like;
use datafusion::prelude::{Expr, ParquetReadOptions, SessionConfig, SessionContext, ident, lit};
use portal_core::datasets::{ColumnType, DATASETS, DatasetDef};
use portal_core::date::parse_days;
use portal_core::query::{AggFunc, Filter, GroupBy, QuerySpec, Value};

use crate::data::table::arrow_schema;
use crate::error::Error;

/// Row counts and date ranges of a registered dataset.
#[derive(Debug, Clone, Default)]
pub struct DatasetStats {
    /// Rows in all its files.
    pub rows: u64,
    /// Earliest and latest value of its date column, as days since 1970-01-01.
    pub date_range: Option<(i32, i32)>,
}

/// DataFusion session with every dataset found under the datasets directory registered.
#[derive(Clone)]
pub struct Engine {
    ctx: SessionContext,
    registered: Vec<&'static str>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("registered", &self.registered)
            .finish()
    }
}

fn engine_err(context: &str) -> impl FnOnce(DataFusionError) -> Error + '_ {
    move |e| Error::internal(context.to_owned(), e)
}

impl Engine {
    /// Registers `<dir>/<dataset>/*.parquet` for each dataset that has such a directory.
    pub async fn open(dir: &Path) -> Result<Self, Error> {
        let config = SessionConfig::new().with_batch_size(8_192);
        let ctx = SessionContext::new_with_config(config);
        let mut registered = Vec::new();
        for ds in &DATASETS {
            let path = dir.join(ds.name);
            if !path.is_dir() {
                continue;
            }
            let schema = arrow_schema(ds);
            let opts = ParquetReadOptions::default()
                .file_extension(".parquet")
                .schema(&schema);
            let url = format!("{}/", path.display());
            ctx.register_parquet(ds.name, &url, opts)
                .await
                .map_err(engine_err("registering a dataset"))?;
            registered.push(ds.name);
        }
        Ok(Self { ctx, registered })
    }

    /// Whether `dataset` has data.
    pub fn has(&self, dataset: &str) -> bool {
        self.registered.contains(&dataset)
    }

    /// Row count and date range of a registered dataset.
    pub async fn stats(&self, ds: &DatasetDef) -> Result<DatasetStats, Error> {
        if !self.has(ds.name) {
            return Ok(DatasetStats::default());
        }
        let df = self
            .ctx
            .table(ds.name)
            .await
            .map_err(engine_err("opening a table"))?;
        let mut aggs = vec![count_all().alias("n")];
        if let Some(dc) = ds.date_column {
            aggs.push(min(ident(dc)).alias("lo"));
            aggs.push(max(ident(dc)).alias("hi"));
        }
        let batches = df
            .aggregate(vec![], aggs)
            .map_err(engine_err("planning stats"))?
            .collect()
            .await
            .map_err(engine_err("computing stats"))?;
        let Some(b) = batches.first() else {
            return Ok(DatasetStats::default());
        };
        let scalar = |i: usize| ScalarValue::try_from_array(b.column(i), 0).ok();
        let rows = match scalar(0) {
            Some(ScalarValue::Int64(Some(n))) => n as u64,
            _ => 0,
        };
        let date_range = match (scalar(1), scalar(2)) {
            (Some(ScalarValue::Date32(Some(lo))), Some(ScalarValue::Date32(Some(hi)))) => {
                Some((lo, hi))
            }
            _ => None,
        };
        Ok(DatasetStats { rows, date_range })
    }

    /// Compiles a validated spec into a DataFrame.
    pub async fn dataframe(&self, spec: &QuerySpec, ds: &DatasetDef) -> Result<DataFrame, Error> {
        let mut df = self
            .ctx
            .table(ds.name)
            .await
            .map_err(engine_err("opening a table"))?;
        if let Some(fraction) = spec.sample
            && fraction < 1.0
        {
            df = df
                .filter(random().lt(lit(fraction)))
                .map_err(engine_err("planning a sample"))?;
        }
        for f in &spec.filters {
            let ty = ds.column(f.column()).map_or(ColumnType::Text, |c| c.ty);
            df = df
                .filter(filter_expr(f, ty))
                .map_err(engine_err("planning a filter"))?;
        }
        if spec.is_grouped() {
            let groups: Vec<Expr> = spec.group_by.iter().map(group_expr).collect();
            let aggs: Vec<Expr> = spec
                .aggregates
                .iter()
                .map(|a| {
                    let input = a.column.as_deref().map(ident);
                    let e = match (a.func, input) {
                        (AggFunc::Count, None) => count_all(),
                        (AggFunc::Count, Some(c)) => count(c),
                        (AggFunc::CountDistinct, Some(c)) => count_distinct(c),
                        (AggFunc::Sum, Some(c)) => sum(c),
                        (AggFunc::Avg, Some(c)) => avg(c),
                        (AggFunc::Min, Some(c)) => min(c),
                        (AggFunc::Max, Some(c)) => max(c),
                        (AggFunc::Percentile { p }, Some(c)) => {
                            approx_percentile_cont(c.sort(true, false), lit(p), None)
                        }
                        // validate() refused aggregates without a column other than count.
                        (_, None) => count_all(),
                    };
                    e.alias(a.output_name())
                })
                .collect();
            df = df
                .aggregate(groups, aggs)
                .map_err(engine_err("planning a group-by"))?;
        } else if !spec.columns.is_empty() {
            df = df
                .select(spec.columns.iter().map(ident).collect::<Vec<_>>())
                .map_err(engine_err("planning a projection"))?;
        }
        if !spec.order_by.is_empty() {
            let sorts = spec
                .order_by
                .iter()
                .map(|o| ident(&o.column).sort(!o.descending, o.descending))
                .collect();
            df = df.sort(sorts).map_err(engine_err("planning a sort"))?;
        }
        if let Some(limit) = spec.limit {
            df = df
                .limit(0, Some(limit as usize))
                .map_err(engine_err("planning a limit"))?;
        }
        Ok(df)
    }
}

fn group_expr(g: &GroupBy) -> Expr {
    match g {
        GroupBy::Column(c) => ident(c),
        GroupBy::Bucket { column, bucket } => cast(
            date_trunc(lit(bucket.as_str()), ident(column)),
            DataType::Date32,
        )
        .alias(g.output_name()),
    }
}

fn literal(v: &Value, ty: ColumnType) -> Expr {
    match (ty, v) {
        (ColumnType::Date, Value::Text(s)) => lit(ScalarValue::Date32(parse_days(s))),
        (ColumnType::Float, Value::Int(i)) => lit(*i as f64),
        (_, Value::Bool(b)) => lit(*b),
        (_, Value::Int(i)) => lit(*i),
        (_, Value::Float(f)) => lit(*f),
        (_, Value::Text(s)) => lit(s.clone()),
    }
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

fn filter_expr(f: &Filter, ty: ColumnType) -> Expr {
    match f {
        Filter::Eq { column, value } => ident(column).eq(literal(value, ty)),
        Filter::In { column, values } => {
            ident(column).in_list(values.iter().map(|v| literal(v, ty)).collect(), false)
        }
        Filter::Range { column, min, max } => {
            let lo = min.as_ref().map(|v| ident(column).gt_eq(literal(v, ty)));
            let hi = max.as_ref().map(|v| ident(column).lt_eq(literal(v, ty)));
            match (lo, hi) {
                (Some(a), Some(b)) => a.and(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => lit(true),
            }
        }
        Filter::Contains { column, text } => Expr::Like(Like::new(
            false,
            Box::new(ident(column)),
            Box::new(lit(escape_like(text))),
            Some('\\'),
            true,
        )),
        Filter::IsNull { column, negate } => {
            if *negate {
                ident(column).is_not_null()
            } else {
                ident(column).is_null()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(escape_like("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(escape_like("휴대폰"), "%휴대폰%");
    }
}
