//! Self-service analysis (셀프 분석): the builder's form state, its translation to a
//! [`QuerySpec`], the shareable [`Analysis`] (spec + chart settings) carried in URLs and
//! dashboard widgets, and the chart-choice rules.
//!
//! Everything here is plain data so that the rules are unit-tested natively; the client renders.

use serde::{Deserialize, Serialize};

use crate::datasets::{ColumnType, dataset};
use crate::date::parse_date;
use crate::query::{AggFunc, Aggregate, DateBucket, Filter, GroupBy, OrderBy, QuerySpec, Value};
use crate::text::percent_encode;

/// A saved or shared analysis: what to extract and how to chart it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    /// The extract.
    pub spec: QuerySpec,
    /// Chart settings.
    #[serde(default)]
    pub chart: ChartSettings,
}

/// How an analysis is charted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSettings {
    /// Chart kind chosen by the user; `None` uses [`suggest_chart`].
    #[serde(default)]
    pub kind: Option<ChartKind>,
}

/// Why a shared analysis link could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError(pub String);

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unreadable analysis link: {}", self.0)
    }
}

impl std::error::Error for LinkError {}

impl Analysis {
    /// The value of the `a` query parameter that restores this analysis (percent-encoded JSON).
    pub fn to_query_value(&self) -> String {
        percent_encode(&serde_json::to_string(self).unwrap_or_default())
    }

    /// Reads the value of an `a` query parameter as already percent-decoded by the router.
    pub fn from_query_value(json: &str) -> Result<Analysis, LinkError> {
        serde_json::from_str(json).map_err(|e| LinkError(e.to_string()))
    }
}

/// Filter operators offered by the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterOp {
    /// Equals one value.
    Eq,
    /// One of comma-separated values.
    In,
    /// Between two bounds (either may be blank).
    Range,
    /// Text contains (case-insensitive).
    Contains,
    /// Value missing.
    IsNull,
    /// Value present.
    NotNull,
}

impl FilterOp {
    /// Every operator, in menu order.
    pub const ALL: [FilterOp; 6] = [
        FilterOp::Eq,
        FilterOp::In,
        FilterOp::Range,
        FilterOp::Contains,
        FilterOp::IsNull,
        FilterOp::NotNull,
    ];

    /// Stable name (form values).
    pub fn as_str(self) -> &'static str {
        match self {
            FilterOp::Eq => "eq",
            FilterOp::In => "in",
            FilterOp::Range => "range",
            FilterOp::Contains => "contains",
            FilterOp::IsNull => "is_null",
            FilterOp::NotNull => "not_null",
        }
    }

    /// Parses [`FilterOp::as_str`].
    pub fn parse(s: &str) -> Option<FilterOp> {
        FilterOp::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Whether the operator applies to a column of type `ty`.
    pub fn applies_to(self, ty: ColumnType) -> bool {
        match self {
            FilterOp::Range => matches!(ty, ColumnType::Int | ColumnType::Float | ColumnType::Date),
            FilterOp::Contains => ty == ColumnType::Text,
            FilterOp::In => ty != ColumnType::Bool,
            _ => true,
        }
    }
}

/// One filter row of the builder, values as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterInput {
    /// Column name.
    pub column: String,
    /// Operator name ([`FilterOp::as_str`]).
    pub op: String,
    /// Value, `in` values (comma-separated) or the lower bound.
    pub value: String,
    /// Upper bound of `range`.
    pub value2: String,
}

/// One aggregate row of the builder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AggInput {
    /// `count`, `count_distinct`, `sum`, `avg`, `min`, `max`, `p50`, `p90`, `p99`.
    pub func: String,
    /// Input column; empty for `count` of rows.
    pub column: String,
}

/// Aggregate functions offered by the builder, in menu order.
pub const AGG_FUNCS: [&str; 9] = [
    "count",
    "count_distinct",
    "sum",
    "avg",
    "min",
    "max",
    "p50",
    "p90",
    "p99",
];

/// The builder form: everything the user picked, values still as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Builder {
    /// Dataset name.
    pub dataset: String,
    /// Columns of an ungrouped extract (empty: all).
    pub columns: Vec<String>,
    /// Filter rows.
    pub filters: Vec<FilterInput>,
    /// Group-by keys: column, and for dates an optional bucket (`month`, `week`, `year`, ``).
    pub group_by: Vec<(String, String)>,
    /// Aggregate rows.
    pub aggregates: Vec<AggInput>,
    /// Sort column (an output column) or empty.
    pub sort: String,
    /// Sort largest first.
    pub descending: bool,
    /// Row limit as typed (empty: none, only for grouped analyses).
    pub limit: String,
}

/// A form field the user must fix, with what is wrong (English; the client shows it next to
/// the field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Which field: `dataset`, `filter.N`, `group_by.N`, `aggregate.N`, `limit`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

fn field_err(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Parses one typed value for a column of type `ty`.
pub fn parse_value(ty: ColumnType, text: &str) -> Result<Value, String> {
    let t = text.trim();
    match ty {
        ColumnType::Text => {
            if t.is_empty() {
                Err("enter a value".to_owned())
            } else {
                Ok(Value::Text(t.to_owned()))
            }
        }
        ColumnType::Int => t
            .replace(',', "")
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| format!("'{t}' is not a whole number")),
        ColumnType::Float => t
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Value::Float)
            .ok_or_else(|| format!("'{t}' is not a number")),
        ColumnType::Date => parse_date(t)
            .map(|_| Value::Text(t.to_owned()))
            .ok_or_else(|| format!("'{t}' is not a date (YYYY-MM-DD)")),
        ColumnType::Bool => match t {
            "true" | "예" | "yes" => Ok(Value::Bool(true)),
            "false" | "아니오" | "no" => Ok(Value::Bool(false)),
            _ => Err(format!("'{t}' is not true/false")),
        },
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Text(t) => t.clone(),
    }
}

impl Builder {
    /// A fresh form on `dataset`: all columns, first 1,000 rows.
    pub fn new(dataset: &str) -> Builder {
        Builder {
            dataset: dataset.to_owned(),
            limit: "1000".to_owned(),
            ..Builder::default()
        }
    }

    /// Whether the form groups (has group-by keys or aggregates).
    pub fn is_grouped(&self) -> bool {
        !self.group_by.is_empty() || !self.aggregates.is_empty()
    }

    /// The spec this form describes, or the first field to fix. Column names are checked against
    /// the dataset; the server validates the rest again.
    pub fn to_spec(&self) -> Result<QuerySpec, FieldError> {
        let ds = dataset(&self.dataset).ok_or_else(|| field_err("dataset", "pick a dataset"))?;
        let ty_of = |field: &str, c: &str| {
            ds.column(c)
                .map(|d| d.ty)
                .ok_or_else(|| field_err(field, format!("pick a column (unknown '{c}')")))
        };
        let mut filters = Vec::new();
        for (i, f) in self.filters.iter().enumerate() {
            let field = format!("filter.{i}");
            let ty = ty_of(&field, &f.column)?;
            let op = FilterOp::parse(&f.op)
                .filter(|o| o.applies_to(ty))
                .ok_or_else(|| field_err(&field, "pick an operator for this column"))?;
            let one = |t: &str| parse_value(ty, t).map_err(|m| field_err(&field, m));
            let column = f.column.clone();
            filters.push(match op {
                FilterOp::Eq => Filter::Eq {
                    column,
                    value: one(&f.value)?,
                },
                FilterOp::In => {
                    let values = f
                        .value
                        .split(',')
                        .filter(|s| !s.trim().is_empty())
                        .map(one)
                        .collect::<Result<Vec<_>, _>>()?;
                    if values.is_empty() {
                        return Err(field_err(&field, "enter values separated by commas"));
                    }
                    Filter::In { column, values }
                }
                FilterOp::Range => {
                    let bound = |t: &str| {
                        if t.trim().is_empty() {
                            Ok(None)
                        } else {
                            one(t).map(Some)
                        }
                    };
                    let (min, max) = (bound(&f.value)?, bound(&f.value2)?);
                    if min.is_none() && max.is_none() {
                        return Err(field_err(&field, "enter a lower or an upper bound"));
                    }
                    Filter::Range { column, min, max }
                }
                FilterOp::Contains => {
                    let text = f.value.trim().to_owned();
                    if text.is_empty() {
                        return Err(field_err(&field, "enter the text to look for"));
                    }
                    Filter::Contains { column, text }
                }
                FilterOp::IsNull | FilterOp::NotNull => Filter::IsNull {
                    column,
                    negate: op == FilterOp::NotNull,
                },
            });
        }
        let mut group_by = Vec::new();
        for (i, (c, bucket)) in self.group_by.iter().enumerate() {
            let field = format!("group_by.{i}");
            let ty = ty_of(&field, c)?;
            group_by.push(match bucket.as_str() {
                "" => GroupBy::Column(c.clone()),
                b => {
                    let bucket = match b {
                        "month" => DateBucket::Month,
                        "week" => DateBucket::Week,
                        "year" => DateBucket::Year,
                        _ => return Err(field_err(&field, format!("unknown bucket '{b}'"))),
                    };
                    if ty != ColumnType::Date {
                        return Err(field_err(&field, "buckets apply to date columns"));
                    }
                    GroupBy::Bucket {
                        column: c.clone(),
                        bucket,
                    }
                }
            });
        }
        let mut aggregates = Vec::new();
        for (i, a) in self.aggregates.iter().enumerate() {
            let field = format!("aggregate.{i}");
            let func = match a.func.as_str() {
                "count" => AggFunc::Count,
                "count_distinct" => AggFunc::CountDistinct,
                "sum" => AggFunc::Sum,
                "avg" => AggFunc::Avg,
                "min" => AggFunc::Min,
                "max" => AggFunc::Max,
                "p50" => AggFunc::Percentile { p: 0.5 },
                "p90" => AggFunc::Percentile { p: 0.9 },
                "p99" => AggFunc::Percentile { p: 0.99 },
                other => return Err(field_err(&field, format!("unknown function '{other}'"))),
            };
            let column = if a.column.is_empty() {
                if func != AggFunc::Count {
                    return Err(field_err(&field, "pick a column"));
                }
                None
            } else {
                let ty = ty_of(&field, &a.column)?;
                let numeric_only = matches!(
                    func,
                    AggFunc::Sum | AggFunc::Avg | AggFunc::Percentile { .. }
                );
                if numeric_only && !ty.is_numeric() {
                    return Err(field_err(&field, "this function needs a number column"));
                }
                Some(a.column.clone())
            };
            aggregates.push(Aggregate {
                func,
                column,
                alias: None,
            });
        }
        let grouped = !group_by.is_empty() || !aggregates.is_empty();
        let limit = match self.limit.trim().replace(',', "") {
            l if l.is_empty() => None,
            l => Some(
                l.parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| field_err("limit", "enter a positive whole number"))?,
            ),
        };
        if !grouped && limit.is_none() {
            return Err(field_err(
                "limit",
                "an ungrouped analysis needs a row limit; or group it",
            ));
        }
        Ok(QuerySpec {
            dataset: ds.name.to_owned(),
            columns: if grouped {
                Vec::new()
            } else {
                self.columns.clone()
            },
            filters,
            group_by,
            aggregates,
            order_by: if self.sort.is_empty() {
                Vec::new()
            } else {
                vec![OrderBy {
                    column: self.sort.clone(),
                    descending: self.descending,
                }]
            },
            limit,
            sample: None,
        })
    }

    /// The form that produces `spec` (for links and saved widgets). Specs the form cannot express
    /// (several sort keys, other percentiles, sampling) keep what it can.
    pub fn from_spec(spec: &QuerySpec) -> Builder {
        let filters = spec
            .filters
            .iter()
            .map(|f| {
                let (op, value, value2) = match f {
                    Filter::Eq { value, .. } => (FilterOp::Eq, value_text(value), String::new()),
                    Filter::In { values, .. } => (
                        FilterOp::In,
                        values.iter().map(value_text).collect::<Vec<_>>().join(", "),
                        String::new(),
                    ),
                    Filter::Range { min, max, .. } => (
                        FilterOp::Range,
                        min.as_ref().map(value_text).unwrap_or_default(),
                        max.as_ref().map(value_text).unwrap_or_default(),
                    ),
                    Filter::Contains { text, .. } => {
                        (FilterOp::Contains, text.clone(), String::new())
                    }
                    Filter::IsNull { negate, .. } => (
                        if *negate {
                            FilterOp::NotNull
                        } else {
                            FilterOp::IsNull
                        },
                        String::new(),
                        String::new(),
                    ),
                };
                FilterInput {
                    column: f.column().to_owned(),
                    op: op.as_str().to_owned(),
                    value,
                    value2,
                }
            })
            .collect();
        let group_by = spec
            .group_by
            .iter()
            .map(|g| match g {
                GroupBy::Column(c) => (c.clone(), String::new()),
                GroupBy::Bucket { column, bucket } => (column.clone(), bucket.as_str().to_owned()),
            })
            .collect();
        let aggregates = spec
            .aggregates
            .iter()
            .map(|a| AggInput {
                func: match a.func {
                    AggFunc::Count => "count".to_owned(),
                    AggFunc::CountDistinct => "count_distinct".to_owned(),
                    AggFunc::Sum => "sum".to_owned(),
                    AggFunc::Avg => "avg".to_owned(),
                    AggFunc::Min => "min".to_owned(),
                    AggFunc::Max => "max".to_owned(),
                    AggFunc::Percentile { p } => format!("p{}", (p * 100.0).round() as i64),
                },
                column: a.column.clone().unwrap_or_default(),
            })
            .collect();
        let (sort, descending) = spec
            .order_by
            .first()
            .map(|o| (o.column.clone(), o.descending))
            .unwrap_or_default();
        Builder {
            dataset: spec.dataset.clone(),
            columns: spec.columns.clone(),
            filters,
            group_by,
            aggregates,
            sort,
            descending,
            limit: spec.limit.map(|l| l.to_string()).unwrap_or_default(),
        }
    }
}

/// Chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Bars per category.
    Bar,
    /// Bars per category, stacked by a second category.
    StackedBar,
    /// A value over time.
    Line,
    /// Two numbers per row.
    Scatter,
    /// Distribution of one number.
    Histogram,
    /// A value per (category, time bucket) cell.
    Heatmap,
    /// Ranked bars by country.
    Country,
    /// No chart: the table only.
    Table,
}

impl ChartKind {
    /// Every kind, in menu order.
    pub const ALL: [ChartKind; 8] = [
        ChartKind::Bar,
        ChartKind::StackedBar,
        ChartKind::Line,
        ChartKind::Scatter,
        ChartKind::Histogram,
        ChartKind::Heatmap,
        ChartKind::Country,
        ChartKind::Table,
    ];

    /// Stable name (form values, file names).
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::Bar => "bar",
            ChartKind::StackedBar => "stacked_bar",
            ChartKind::Line => "line",
            ChartKind::Scatter => "scatter",
            ChartKind::Histogram => "histogram",
            ChartKind::Heatmap => "heatmap",
            ChartKind::Country => "country",
            ChartKind::Table => "table",
        }
    }

    /// Parses [`ChartKind::as_str`].
    pub fn parse(s: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a result column holds, for charting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text (categories).
    Text,
    /// Numbers.
    Number,
    /// Dates.
    Date,
}

/// Which result columns a chart draws (indices into the result's columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles {
    /// Category, time or first-number axis.
    pub x: usize,
    /// Value (or second number for scatter; equal to `x` for histograms).
    pub y: usize,
    /// Second category (stacks of a stacked bar, rows of a heatmap).
    pub series: Option<usize>,
}

fn is_country(name: &str) -> bool {
    name.starts_with("country") || name.contains("origin_country")
}

/// The columns `kind` would draw for a result with these columns, or `None` when the result's
/// shape does not fit that kind.
pub fn chart_roles(kind: ChartKind, columns: &[(String, ColumnKind)]) -> Option<Roles> {
    let idx = |k: ColumnKind| {
        columns
            .iter()
            .enumerate()
            .filter(move |(_, (_, c))| *c == k)
            .map(|(i, _)| i)
    };
    let numbers: Vec<usize> = idx(ColumnKind::Number).collect();
    let texts: Vec<usize> = idx(ColumnKind::Text).collect();
    let dates: Vec<usize> = idx(ColumnKind::Date).collect();
    let y = numbers.first().copied();
    match kind {
        ChartKind::Table => Some(Roles {
            x: 0,
            y: 0,
            series: None,
        }),
        ChartKind::Bar => Some(Roles {
            x: *texts.first().or(dates.first())?,
            y: y?,
            series: None,
        }),
        ChartKind::Country => Some(Roles {
            x: texts.iter().copied().find(|i| is_country(&columns[*i].0))?,
            y: y?,
            series: None,
        }),
        ChartKind::StackedBar => {
            let keys: Vec<usize> = texts.iter().chain(&dates).copied().collect();
            Some(Roles {
                x: *keys.first()?,
                y: y?,
                series: Some(*keys.get(1)?),
            })
        }
        ChartKind::Line => Some(Roles {
            x: *dates.first()?,
            y: y?,
            series: texts.first().copied(),
        }),
        ChartKind::Heatmap => {
            let (x, series) = match (dates.first(), texts.as_slice()) {
                (Some(d), [t, ..]) => (*d, *t),
                (None, [a, b, ..]) => (*b, *a),
                _ => return None,
            };
            Some(Roles {
                x,
                y: y?,
                series: Some(series),
            })
        }
        ChartKind::Scatter => Some(Roles {
            x: *numbers.first()?,
            y: *numbers.get(1)?,
            series: None,
        }),
        ChartKind::Histogram => Some(Roles {
            x: y?,
            y: y?,
            series: None,
        }),
    }
}

/// The chart suggested for a result from its shape: `grouped` results with one date key are
/// lines, with one country key ranked country bars, with one text key bars, with a date and a
/// text key heatmaps, with two text keys stacked bars; ungrouped results with two numbers are
/// scatter plots and with one a histogram; anything else (or an empty result) is a table.
pub fn suggest_chart(grouped: bool, columns: &[(String, ColumnKind)], rows: usize) -> ChartKind {
    if rows == 0 {
        return ChartKind::Table;
    }
    let count = |k: ColumnKind| columns.iter().filter(|(_, c)| *c == k).count();
    let (numbers, texts, dates) = (
        count(ColumnKind::Number),
        count(ColumnKind::Text),
        count(ColumnKind::Date),
    );
    let kind = if grouped {
        match (texts, dates, numbers) {
            (_, _, 0) => ChartKind::Table,
            (0, 1, _) => ChartKind::Line,
            (1, 0, _) if columns.iter().any(|(n, _)| is_country(n)) => ChartKind::Country,
            (1, 0, _) => ChartKind::Bar,
            (1, 1, _) => ChartKind::Heatmap,
            (2, 0, _) => ChartKind::StackedBar,
            _ => ChartKind::Table,
        }
    } else {
        match numbers {
            0 => ChartKind::Table,
            1 => ChartKind::Histogram,
            _ => ChartKind::Scatter,
        }
    };
    if chart_roles(kind, columns).is_some() {
        kind
    } else {
        ChartKind::Table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Builder {
        Builder {
            dataset: "import_declaration".into(),
            filters: vec![
                FilterInput {
                    column: "hs6".into(),
                    op: "eq".into(),
                    value: " 851712 ".into(),
                    value2: String::new(),
                },
                FilterInput {
                    column: "declaration_date".into(),
                    op: "range".into(),
                    value: "2024-01-01".into(),
                    value2: String::new(),
                },
                FilterInput {
                    column: "country_origin".into(),
                    op: "in".into(),
                    value: "CN, VN,".into(),
                    value2: String::new(),
                },
            ],
            group_by: vec![
                ("office_id".into(), String::new()),
                ("declaration_date".into(), "month".into()),
            ],
            aggregates: vec![
                AggInput {
                    func: "count".into(),
                    column: String::new(),
                },
                AggInput {
                    func: "p90".into(),
                    column: "unit_price".into(),
                },
            ],
            sort: "count".into(),
            descending: true,
            limit: "1,000".into(),
            ..Builder::default()
        }
    }

    #[test]
    fn form_becomes_a_valid_spec_and_back() {
        let spec = form().to_spec().expect("valid form");
        spec.validate(100_000)
            .expect("server-side validation passes");
        assert_eq!(spec.limit, Some(1000));
        assert_eq!(
            spec.filters[0],
            Filter::Eq {
                column: "hs6".into(),
                value: Value::Text("851712".into())
            }
        );
        assert_eq!(
            spec.filters[2],
            Filter::In {
                column: "country_origin".into(),
                values: vec![Value::Text("CN".into()), Value::Text("VN".into())]
            }
        );
        assert_eq!(
            spec.group_by[1],
            GroupBy::Bucket {
                column: "declaration_date".into(),
                bucket: DateBucket::Month
            }
        );
        assert_eq!(spec.aggregates[1].output_name(), "p90_unit_price");
        let back = Builder::from_spec(&spec);
        assert_eq!(back.to_spec().expect("round trip"), spec);
    }

    #[test]
    fn typed_inputs_are_checked_per_column_type() {
        let mut f = form();
        f.filters[1].value = "2024-13-01".into();
        assert_eq!(f.to_spec().unwrap_err().field, "filter.1");
        let mut f = form();
        f.filters[0].op = "range".into();
        assert!(f.to_spec().unwrap_err().message.contains("operator"));
        let mut f = form();
        f.aggregates[1].column = "hs6".into();
        assert_eq!(f.to_spec().unwrap_err().field, "aggregate.1");
        let mut f = form();
        f.group_by[0].1 = "month".into();
        assert_eq!(f.to_spec().unwrap_err().field, "group_by.0");
        let mut f = form();
        f.limit = "-3".into();
        assert_eq!(f.to_spec().unwrap_err().field, "limit");
        assert_eq!(parse_value(ColumnType::Int, "1,234"), Ok(Value::Int(1234)));
        assert!(parse_value(ColumnType::Float, "NaN").is_err());
        assert_eq!(parse_value(ColumnType::Bool, "예"), Ok(Value::Bool(true)));
        assert!(parse_value(ColumnType::Text, "  ").is_err());
    }

    #[test]
    fn ungrouped_forms_need_a_limit_and_keep_columns() {
        let mut b = Builder::new("inspection");
        b.columns = vec!["office_id".into()];
        let spec = b.to_spec().expect("valid");
        assert_eq!(spec.columns, ["office_id"]);
        assert_eq!(spec.limit, Some(1000));
        b.limit.clear();
        assert_eq!(b.to_spec().unwrap_err().field, "limit");
        assert_eq!(Builder::new("nope").to_spec().unwrap_err().field, "dataset");
    }

    #[test]
    fn analysis_links_round_trip() {
        let a = Analysis {
            spec: form().to_spec().expect("valid"),
            chart: ChartSettings {
                kind: Some(ChartKind::Heatmap),
            },
        };
        let v = a.to_query_value();
        assert!(!v.contains(['{', '"', ' ', '&', '#']));
        let decoded = crate::text::percent_decode(&v).expect("decodes");
        assert_eq!(Analysis::from_query_value(&decoded).expect("parses"), a);
        assert!(Analysis::from_query_value("{\"spec\":1}").is_err());
    }

    fn cols(spec: &[(&str, ColumnKind)]) -> Vec<(String, ColumnKind)> {
        spec.iter().map(|(n, k)| ((*n).to_owned(), *k)).collect()
    }

    #[test]
    fn chart_choice_follows_the_result_shape() {
        use ColumnKind::{Date, Number, Text};
        let s = |g, c: &[(&str, ColumnKind)]| suggest_chart(g, &cols(c), 10);
        assert_eq!(
            s(true, &[("declaration_date_month", Date), ("count", Number)]),
            ChartKind::Line
        );
        assert_eq!(
            s(true, &[("office_id", Text), ("count", Number)]),
            ChartKind::Bar
        );
        assert_eq!(
            s(true, &[("country_origin", Text), ("count", Number)]),
            ChartKind::Country
        );
        assert_eq!(
            s(
                true,
                &[
                    ("office_id", Text),
                    ("declaration_date_month", Date),
                    ("count", Number)
                ]
            ),
            ChartKind::Heatmap
        );
        assert_eq!(
            s(
                true,
                &[("office_id", Text), ("hs6", Text), ("count", Number)]
            ),
            ChartKind::StackedBar
        );
        assert_eq!(s(true, &[("office_id", Text)]), ChartKind::Table);
        assert_eq!(
            s(false, &[("a", Number), ("b", Number), ("t", Text)]),
            ChartKind::Scatter
        );
        assert_eq!(
            s(false, &[("a", Number), ("t", Text)]),
            ChartKind::Histogram
        );
        assert_eq!(s(false, &[("t", Text)]), ChartKind::Table);
        assert_eq!(
            suggest_chart(true, &cols(&[("office_id", Text), ("count", Number)]), 0),
            ChartKind::Table
        );
    }

    #[test]
    fn chart_roles_pick_columns_or_refuse() {
        use ColumnKind::{Date, Number, Text};
        let c = cols(&[("office_id", Text), ("m", Date), ("count", Number)]);
        assert_eq!(
            chart_roles(ChartKind::Heatmap, &c),
            Some(Roles {
                x: 1,
                y: 2,
                series: Some(0)
            })
        );
        assert_eq!(
            chart_roles(ChartKind::Line, &c),
            Some(Roles {
                x: 1,
                y: 2,
                series: Some(0)
            })
        );
        assert_eq!(chart_roles(ChartKind::Scatter, &c), None);
        assert_eq!(chart_roles(ChartKind::Country, &c), None);
        assert_eq!(ChartKind::parse("stacked_bar"), Some(ChartKind::StackedBar));
        assert_eq!(FilterOp::parse("nope"), None);
    }
}
