//! The typed query spec of `POST /api/extract`, and its validation against the dataset table.
//!
//! The client builds a [`QuerySpec`]; the server validates it with [`QuerySpec::validate`] and
//! compiles the result to query-engine operations (never to SQL text). The spec's types are
//! here; its validation in `validate.rs`.

mod validate;

use serde::{Deserialize, Serialize};

use crate::datasets::{ColumnType, DatasetDef};
pub use validate::SpecError;

/// A literal in a filter. Dates are written as `YYYY-MM-DD` text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// `true` / `false`.
    Bool(bool),
    /// Whole number.
    Int(i64),
    /// Number with a fraction.
    Float(f64),
    /// Text or a `YYYY-MM-DD` date.
    Text(String),
}

/// A row filter; all filters of a spec must hold (AND).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Filter {
    /// `column = value`.
    Eq {
        /// Column name.
        column: String,
        /// Value of the column's type.
        value: Value,
    },
    /// `column IN (values)`; 1 to [`MAX_IN_VALUES`] values.
    In {
        /// Column name.
        column: String,
        /// Values of the column's type.
        values: Vec<Value>,
    },
    /// `min <= column <= max`, either bound optional (not both absent).
    Range {
        /// Column name.
        column: String,
        /// Inclusive lower bound.
        #[serde(default)]
        min: Option<Value>,
        /// Inclusive upper bound.
        #[serde(default)]
        max: Option<Value>,
    },
    /// Case-insensitive substring match on a text column.
    Contains {
        /// Column name.
        column: String,
        /// Non-empty text to look for.
        text: String,
    },
    /// `column IS NULL`, or `IS NOT NULL` with `negate`.
    IsNull {
        /// Column name.
        column: String,
        /// Match non-null values instead.
        #[serde(default)]
        negate: bool,
    },
}

impl Filter {
    /// The column the filter tests.
    pub fn column(&self) -> &str {
        match self {
            Filter::Eq { column, .. }
            | Filter::In { column, .. }
            | Filter::Range { column, .. }
            | Filter::Contains { column, .. }
            | Filter::IsNull { column, .. } => column,
        }
    }
}

/// Aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "func", rename_all = "snake_case")]
pub enum AggFunc {
    /// Number of rows (no column) or of non-null values.
    Count,
    /// Number of distinct non-null values.
    CountDistinct,
    /// Sum of a numeric column.
    Sum,
    /// Mean of a numeric column.
    Avg,
    /// Minimum.
    Min,
    /// Maximum.
    Max,
    /// Percentile `p` (0..=1) of a numeric column from its exact order statistics, interpolating
    /// linearly between the two nearest values as DuckDB's `quantile_cont` does, with the weight
    /// truncated to millionths (DataFusion's `percentile_cont`).
    Percentile {
        /// The fraction, e.g. 0.5 for the median.
        p: f64,
    },
}

/// One aggregate output column. (Unknown fields are ignored here: serde cannot deny them
/// together with the flattened function.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    /// The function (flattened: `{"func": "percentile", "p": 0.9, "column": ...}`).
    #[serde(flatten)]
    pub func: AggFunc,
    /// Input column; only `count` may omit it.
    #[serde(default)]
    pub column: Option<String>,
    /// Output column name; defaults to `func_column` (e.g. `sum_item_price`, `count`).
    #[serde(default)]
    pub alias: Option<String>,
}

impl Aggregate {
    /// The output column name.
    pub fn output_name(&self) -> String {
        if let Some(a) = &self.alias {
            return a.clone();
        }
        let f = match self.func {
            AggFunc::Count => "count",
            AggFunc::CountDistinct => "count_distinct",
            AggFunc::Sum => "sum",
            AggFunc::Avg => "avg",
            AggFunc::Min => "min",
            AggFunc::Max => "max",
            AggFunc::Percentile { p } => return self.percentile_name(p),
        };
        match &self.column {
            Some(c) => format!("{f}_{c}"),
            None => f.to_owned(),
        }
    }

    fn percentile_name(&self, p: f64) -> String {
        let pct = (p * 100.0).round() as i64;
        format!("p{pct}_{}", self.column.as_deref().unwrap_or_default())
    }
}

crate::string_enum! {
    /// Calendar bucket of a date column; the string is also the suffix of the output column
    /// (`declaration_date_month`).
    pub enum DateBucket {
        /// First day of the month.
        Month = "month",
        /// First day of the ISO week (Monday).
        Week = "week",
        /// First day of the year.
        Year = "year",
    }
}

/// One group-by key: `"hs6"`, or `{"column": "declaration_date", "bucket": "month"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GroupBy {
    /// A column as it is.
    Column(String),
    /// A date column truncated to a bucket.
    Bucket {
        /// Date column.
        column: String,
        /// Bucket size.
        bucket: DateBucket,
    },
}

impl GroupBy {
    /// The input column.
    pub fn column(&self) -> &str {
        match self {
            GroupBy::Column(c) | GroupBy::Bucket { column: c, .. } => c,
        }
    }

    /// The output column name: the column, or `column_bucket`.
    pub fn output_name(&self) -> String {
        match self {
            GroupBy::Column(c) => c.clone(),
            GroupBy::Bucket { column, bucket } => format!("{column}_{}", bucket.as_str()),
        }
    }
}

/// What an output column of a spec holds (see [`QuerySpec::outputs`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// A dataset column as it is: a selected column, or a group-by key.
    Column(String),
    /// A date column cut into calendar buckets.
    Bucket {
        /// The date column.
        column: String,
        /// The bucket.
        bucket: DateBucket,
    },
    /// An aggregate.
    Aggregate(Aggregate),
}

impl From<&str> for GroupBy {
    fn from(c: &str) -> Self {
        GroupBy::Column(c.to_owned())
    }
}

/// Sort key on an output column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderBy {
    /// Output column name (a selected column, a group-by column or an aggregate's name).
    pub column: String,
    /// Largest first.
    #[serde(default)]
    pub descending: bool,
}

/// What to extract from one dataset.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuerySpec {
    /// Dataset name.
    pub dataset: String,
    /// Columns of an ungrouped extract; empty means all. Must be empty when grouping.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Row filters (AND).
    #[serde(default)]
    pub filters: Vec<Filter>,
    /// Group-by keys: column names, or date columns cut into calendar buckets.
    #[serde(default)]
    pub group_by: Vec<GroupBy>,
    /// Aggregates; a spec with aggregates or group-by columns is grouped.
    #[serde(default)]
    pub aggregates: Vec<Aggregate>,
    /// Sort keys.
    #[serde(default)]
    pub order_by: Vec<OrderBy>,
    /// Maximum rows returned. Required (≤ the row cap) for ungrouped extracts.
    #[serde(default)]
    pub limit: Option<u64>,
    /// Fraction of rows to sample before anything else, in (0, 1].
    #[serde(default)]
    pub sample: Option<f64>,
}

/// Most values an `in` filter may hold.
pub const MAX_IN_VALUES: usize = 10_000;
/// Most filter values of a whole spec (all `in` lists together).
pub const MAX_VALUES: usize = 10_000;
/// Most selected columns.
pub const MAX_COLUMNS: usize = 64;
/// Most filters.
pub const MAX_FILTERS: usize = 32;
/// Most group-by keys.
pub const MAX_GROUP_KEYS: usize = 8;
/// Most aggregates.
pub const MAX_AGGREGATES: usize = 16;
/// Most sort keys.
pub const MAX_ORDER_KEYS: usize = 8;
/// Longest text of a filter value, `contains` text or alias, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

impl QuerySpec {
    /// The spec restricted to rows of `office` when `ds` is office-scoped (has an office column);
    /// the filter is added before any grouping, so aggregates only see that office's rows.
    pub fn scoped_to_office(mut self, ds: &DatasetDef, office: &str) -> QuerySpec {
        if let Some(column) = ds.office_column {
            self.filters.push(Filter::Eq {
                column: column.to_owned(),
                value: Value::Text(office.to_owned()),
            });
        }
        self
    }

    /// The output columns in order, named as the answer names them, with what each holds.
    pub fn outputs(&self, ds: &DatasetDef) -> Vec<(String, Output)> {
        if self.is_grouped() {
            let keys = self.group_by.iter().map(|g| {
                let out = match g {
                    GroupBy::Column(c) => Output::Column(c.clone()),
                    GroupBy::Bucket { column, bucket } => Output::Bucket {
                        column: column.clone(),
                        bucket: *bucket,
                    },
                };
                (g.output_name(), out)
            });
            let aggs = self
                .aggregates
                .iter()
                .map(|a| (a.output_name(), Output::Aggregate(a.clone())));
            keys.chain(aggs).collect()
        } else if self.columns.is_empty() {
            ds.columns
                .iter()
                .map(|c| (c.name.to_owned(), Output::Column(c.name.to_owned())))
                .collect()
        } else {
            self.columns
                .iter()
                .map(|c| (c.clone(), Output::Column(c.clone())))
                .collect()
        }
    }

    /// True when the spec groups (has group-by columns or aggregates).
    pub fn is_grouped(&self) -> bool {
        !self.group_by.is_empty() || !self.aggregates.is_empty()
    }

    /// The most rows the answer may have: the spec's limit, else (grouped) the row cap.
    pub fn effective_limit(&self, row_cap: u64) -> u64 {
        self.limit.unwrap_or(row_cap).min(row_cap)
    }

    /// The same question written one way: filters (which all must hold, in any order) sorted
    /// and repeated ones dropped, the values of an `in` filter sorted without repeats. Two specs
    /// with the same normalised form have the same answer (the result cache's key).
    pub fn normalised(&self) -> QuerySpec {
        fn json<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap_or_default()
        }
        let mut spec = self.clone();
        for f in &mut spec.filters {
            if let Filter::In { values, .. } = f {
                values.sort_by_cached_key(json);
                values.dedup();
            }
        }
        spec.filters.sort_by_cached_key(json);
        spec.filters.dedup();
        spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(v: serde_json::Value) -> QuerySpec {
        serde_json::from_value(v).expect("spec parses")
    }

    #[test]
    fn the_order_of_filters_and_repeated_values_do_not_change_the_normal_form() {
        let a = spec(json!({"dataset": "import_declaration",
            "filters": [{"op": "in", "column": "country_origin", "values": ["VN", "CN", "VN"]},
                        {"op": "eq", "column": "office_id", "value": "40"}],
            "group_by": ["hs6"], "aggregates": [{"func": "count"}]}));
        let b = spec(json!({"dataset": "import_declaration",
            "filters": [{"op": "eq", "column": "office_id", "value": "40"},
                        {"op": "in", "column": "country_origin", "values": ["CN", "VN"]},
                        {"op": "eq", "column": "office_id", "value": "40"}],
            "group_by": ["hs6"], "aggregates": [{"func": "count"}]}));
        assert_eq!(a.normalised(), b.normalised());
        // What orders or names the answer's columns is kept as written.
        let mut c = b.clone();
        c.aggregates.push(Aggregate {
            func: AggFunc::Sum,
            column: Some("item_price".into()),
            alias: None,
        });
        assert_ne!(c.normalised(), b.normalised());
        let mut d = b.clone();
        d.filters[0] = Filter::Eq {
            column: "office_id".into(),
            value: Value::Text("20".into()),
        };
        assert_ne!(d.normalised(), b.normalised());
    }
}
