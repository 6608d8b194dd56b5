//! The hive-partitioned layout of a dataset: `<dataset>/<month key>=YYYY-MM/office=NN/*.parquet`
//! (`declaration_month=2020-03/office=20/` for import declarations). Each file keeps every
//! column of the dataset, so a partition's file reads the same as a flat one; the two path keys
//! are hidden columns the engine adds to prune files: a filter on the date or office column
//! implies one on its key ([`implied_filters`]), and the files of other months and offices are
//! not opened.
//!
//! A dataset is partitioned when its folder holds month folders and no Parquet file beside them
//! ([`is_partitioned`]); a flat folder (`generated.parquet`, `cdd-*.parquet`) keeps working as
//! before.

use std::path::Path;

use datafusion::prelude::{Expr, ident, lit};
use portal_core::datasets::DatasetDef;
use portal_core::date::{civil_from_days, parse_days};
use portal_core::query::{Filter, Value};

/// The path key of the office partition (the office column itself stays in the files).
pub const OFFICE_KEY: &str = "office";

/// The path key of the month partition of `ds`: its date column with `_month` for `_date`
/// (`declaration_date` → `declaration_month`); `None` when `ds` cannot be partitioned, which
/// needs a date and an office column that are never null.
pub fn month_key(ds: &DatasetDef) -> Option<String> {
    let date = ds.date_column?;
    let office = ds.office_column?;
    let never_null = |name: &str| ds.column(name).is_some_and(|c| !c.nullable);
    if !never_null(date) || !never_null(office) {
        return None;
    }
    Some(format!(
        "{}_month",
        date.strip_suffix("_date").unwrap_or(date)
    ))
}

/// The partition keys of `ds`, in path order.
pub fn keys(ds: &DatasetDef) -> Option<[String; 2]> {
    Some([month_key(ds)?, OFFICE_KEY.to_string()])
}

/// Whether the folder `dir` of `ds` holds the partitioned layout: month folders and no
/// Parquet file beside them. A file added beside them later (`portal import-cdd` writes one)
/// would not be read through the partition keys, so such a folder is read as a flat one, every
/// file below it included, until `portal partition` makes it whole again.
pub fn is_partitioned(dir: &Path, ds: &DatasetDef) -> bool {
    let Some(key) = month_key(ds) else {
        return false;
    };
    let prefix = format!("{key}=");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let (mut months, mut loose) = (false, false);
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            months |= e.file_name().to_string_lossy().starts_with(&prefix);
        } else {
            loose |= path.extension().is_some_and(|x| x == "parquet");
        }
    }
    months && !loose
}

/// The month partition value (`YYYY-MM`) of a day.
pub fn month_of(days: i32) -> String {
    let (y, m, _) = civil_from_days(days);
    format!("{y:04}-{m:02}")
}

/// A partition key's value for a filter's value (`None`: none implied).
type KeyValue = dyn Fn(&Value) -> Option<Expr>;

/// Filters on the partition keys implied by `filters` (on the rows' columns) of `ds`: they
/// drop only files that hold no row `filters` keep, so adding them changes no answer.
pub fn implied_filters(ds: &DatasetDef, filters: &[Filter]) -> Vec<Expr> {
    let (Some(month), Some(date), Some(office)) = (month_key(ds), ds.date_column, ds.office_column)
    else {
        return Vec::new();
    };
    let month_lit = |v: &Value| match v {
        Value::Text(s) => parse_days(s).map(|d| lit(month_of(d))),
        _ => None,
    };
    let office_lit = |v: &Value| match v {
        Value::Text(s) => Some(lit(s.clone())),
        _ => None,
    };
    let mut out = Vec::new();
    for f in filters {
        let (key, lit_of): (&str, &KeyValue) = match f.column() {
            c if c == date => (month.as_str(), &month_lit),
            c if c == office => (OFFICE_KEY, &office_lit),
            _ => continue,
        };
        let implied = match f {
            Filter::Eq { value, .. } => lit_of(value).map(|v| ident(key).eq(v)),
            Filter::In { values, .. } => values
                .iter()
                .map(lit_of)
                .collect::<Option<Vec<_>>>()
                .map(|vs| ident(key).in_list(vs, false)),
            Filter::Range { min, max, .. } if key != OFFICE_KEY => {
                // An unreadable bound implies nothing (its own filter answers for it).
                let lo = min.as_ref().and_then(lit_of).map(|v| ident(key).gt_eq(v));
                let hi = max.as_ref().and_then(lit_of).map(|v| ident(key).lt_eq(v));
                lo.into_iter().chain(hi).reduce(Expr::and)
            }
            _ => None,
        };
        out.extend(implied);
    }
    out
}

#[cfg(test)]
mod tests {
    use portal_core::datasets::{COMPANY, IMPORT_DECLARATION};

    use super::*;

    #[test]
    fn keys_follow_the_date_column_and_need_an_office() {
        assert_eq!(
            month_key(&IMPORT_DECLARATION).as_deref(),
            Some("declaration_month")
        );
        assert_eq!(month_key(&COMPANY), None);
    }

    #[test]
    fn date_and_office_filters_imply_key_filters() {
        let spec: portal_core::query::QuerySpec = serde_json::from_value(serde_json::json!({
            "dataset": "import_declaration",
            "filters": [
                {"op": "range", "column": "declaration_date", "min": "2020-01-31", "max": "2020-03-01"},
                {"op": "in", "column": "office_id", "values": ["20", "40"]},
                {"op": "eq", "column": "hs6", "value": "010121"},
                {"op": "range", "column": "declaration_date", "min": "not a date"}
            ]
        }))
        .expect("spec");
        let got: Vec<String> = implied_filters(&IMPORT_DECLARATION, &spec.filters)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            got,
            [
                "declaration_month >= Utf8(\"2020-01\") AND declaration_month <= Utf8(\"2020-03\")",
                "office IN ([Utf8(\"20\"), Utf8(\"40\")])",
            ]
        );
    }
}
