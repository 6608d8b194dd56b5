//! How a validated spec's parts become DataFusion expressions and operations: filters and
//! their literals, group keys, order and limit, and the answer's text types.

use arrow_schema::DataType;
use datafusion::common::{Column, ScalarValue};
use datafusion::dataframe::DataFrame;
use datafusion::logical_expr::cast;
use datafusion::logical_expr::expr::Like;
use datafusion::prelude::{Expr, ident, lit};
use portal_core::datasets::ColumnType;
use portal_core::date::parse_days;
use portal_core::query::{Filter, GroupBy, QuerySpec, Value};
use portal_core::text::contains_pattern;

use crate::date_bucket::date_bucket;
use crate::engine::engine_err;
use crate::error::Error;

/// `df` with its `Utf8View` columns cast to `Utf8`: answers keep the types they are written
/// with, so extracts, the result cache and the client see the same arrays (and Arrow IPC bytes)
/// as before the engine read text as views.
pub(crate) fn text_as_utf8(df: DataFrame) -> Result<DataFrame, Error> {
    if !df
        .schema()
        .fields()
        .iter()
        .any(|f| f.data_type() == &DataType::Utf8View)
    {
        return Ok(df);
    }
    let columns: Vec<Expr> = df
        .schema()
        .iter()
        .map(|(qualifier, field)| {
            let c = Expr::Column(Column::from((qualifier, field)));
            match field.data_type() {
                DataType::Utf8View => cast(c, DataType::Utf8).alias(field.name()),
                _ => c,
            }
        })
        .collect();
    df.select(columns)
        .map_err(engine_err("planning the answer's types"))
}

/// `df` (the spec's rows or groups) in the spec's order, cut at its limit.
pub(crate) fn sorted_and_limited(mut df: DataFrame, spec: &QuerySpec) -> Result<DataFrame, Error> {
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

/// The expression of a group key: a column, or a date column's bucket.
pub(crate) fn group_expr(g: &GroupBy) -> Expr {
    match g {
        GroupBy::Column(c) => ident(c),
        GroupBy::Bucket { column, bucket } => {
            date_bucket(*bucket, ident(column)).alias(g.output_name())
        }
    }
}

/// `v` as a literal of a column of type `ty`.
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

/// The predicate of filter `f` on a column of type `ty`.
pub(crate) fn filter_expr(f: &Filter, ty: ColumnType) -> Expr {
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
            Box::new(lit(contains_pattern(text))),
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
