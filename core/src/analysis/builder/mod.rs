//! The analysis builder's form: what the user picked, values still as typed, and its
//! translation to a [`QuerySpec`] and back.
//!
//! A form made from a spec ([`Builder::from_spec`]) remembers each filter and aggregate it
//! came from, so that `Builder::from_spec(s).to_spec() == s` for every valid spec, also for what
//! the form cannot show (aliases, other percentiles, several sort keys, sampling, text values
//! with commas); a row the user edits is parsed from its typed text instead.

use crate::datasets::{ColumnType, dataset};
use crate::date::parse_date;
use crate::query::{AggFunc, Aggregate, DateBucket, Filter, GroupBy, OrderBy, QuerySpec, Value};

crate::string_enum! {
    /// Filter operators offered by the builder.
    pub enum FilterOp {
        /// Equals one value.
        Eq = "eq",
        /// One of comma-separated values.
        In = "in",
        /// Between two bounds (either may be blank).
        Range = "range",
        /// Text contains (case-insensitive).
        Contains = "contains",
        /// Value missing.
        IsNull = "is_null",
        /// Value present.
        NotNull = "not_null",
    }
}

impl FilterOp {
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

crate::string_enum! {
    /// Aggregate functions offered by the builder's menu, in menu order.
    pub enum AggMenu {
        /// Rows (no column) or non-missing values.
        Count = "count",
        /// Distinct values.
        CountDistinct = "count_distinct",
        /// Sum.
        Sum = "sum",
        /// Mean.
        Avg = "avg",
        /// Minimum.
        Min = "min",
        /// Maximum.
        Max = "max",
        /// Median.
        P50 = "p50",
        /// 90th percentile.
        P90 = "p90",
        /// 99th percentile.
        P99 = "p99",
    }
}

impl AggMenu {
    /// The function this menu entry stands for.
    pub fn func(self) -> AggFunc {
        match self {
            AggMenu::Count => AggFunc::Count,
            AggMenu::CountDistinct => AggFunc::CountDistinct,
            AggMenu::Sum => AggFunc::Sum,
            AggMenu::Avg => AggFunc::Avg,
            AggMenu::Min => AggFunc::Min,
            AggMenu::Max => AggFunc::Max,
            AggMenu::P50 => AggFunc::Percentile { p: 0.5 },
            AggMenu::P90 => AggFunc::Percentile { p: 0.9 },
            AggMenu::P99 => AggFunc::Percentile { p: 0.99 },
        }
    }
}

/// The form value of an aggregate function: its menu name, or `p<percent>` for a percentile
/// the menu does not offer (`p37.5`).
pub fn agg_name(func: AggFunc) -> String {
    match AggMenu::ALL.iter().find(|m| m.func() == func) {
        Some(m) => m.as_str().to_owned(),
        None => match func {
            AggFunc::Percentile { p } => format!("p{}", p * 100.0),
            _ => unreachable!("every non-percentile function is in the menu"),
        },
    }
}

/// The function of a form value made by [`agg_name`]; `None` for anything else.
pub fn parse_agg(name: &str) -> Option<AggFunc> {
    if let Some(m) = AggMenu::parse(name) {
        return Some(m.func());
    }
    let pct: f64 = name.strip_prefix('p')?.parse().ok()?;
    (0.0..=100.0)
        .contains(&pct)
        .then_some(AggFunc::Percentile { p: pct / 100.0 })
}

/// One filter row of the builder, values as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilterInput {
    /// Column name.
    pub column: String,
    /// Operator name ([`FilterOp::as_str`]).
    pub op: String,
    /// Value, `in` values (comma-separated) or the lower bound.
    pub value: String,
    /// Upper bound of `range`.
    pub value2: String,
    /// The filter this row was made from, kept while the row shows it unchanged.
    pub from: Option<Filter>,
}

impl FilterInput {
    /// A new row on `column` with the `eq` operator and no value.
    pub fn new(column: &str) -> FilterInput {
        FilterInput {
            column: column.to_owned(),
            op: FilterOp::Eq.as_str().to_owned(),
            ..FilterInput::default()
        }
    }

    /// The row that shows `f`.
    pub fn of(f: &Filter) -> FilterInput {
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
            Filter::Contains { text, .. } => (FilterOp::Contains, text.clone(), String::new()),
            Filter::IsNull { negate: false, .. } => {
                (FilterOp::IsNull, String::new(), String::new())
            }
            Filter::IsNull { negate: true, .. } => {
                (FilterOp::NotNull, String::new(), String::new())
            }
        };
        FilterInput {
            column: f.column().to_owned(),
            op: op.as_str().to_owned(),
            value,
            value2,
            from: Some(f.clone()),
        }
    }

    /// The filter it was made from, if the row still shows exactly that.
    fn unchanged(&self) -> Option<&Filter> {
        let f = self.from.as_ref()?;
        let shown = FilterInput::of(f);
        (shown.column == self.column
            && shown.op == self.op
            && shown.value == self.value
            && shown.value2 == self.value2)
            .then_some(f)
    }
}

/// One aggregate row of the builder.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AggInput {
    /// The function's form value ([`agg_name`]).
    pub func: String,
    /// Input column; empty for `count` of rows.
    pub column: String,
    /// Output column name, when the spec named it.
    pub alias: Option<String>,
    /// The aggregate this row was made from, kept while the row shows it unchanged.
    pub from: Option<Aggregate>,
}

impl AggInput {
    /// A new row: `func` of `column` (empty: rows).
    pub fn new(func: AggMenu, column: &str) -> AggInput {
        AggInput {
            func: func.as_str().to_owned(),
            column: column.to_owned(),
            ..AggInput::default()
        }
    }

    /// The row that shows `a`.
    pub fn of(a: &Aggregate) -> AggInput {
        AggInput {
            func: agg_name(a.func),
            column: a.column.clone().unwrap_or_default(),
            alias: a.alias.clone(),
            from: Some(a.clone()),
        }
    }

    /// The aggregate it was made from, if the row still shows exactly that.
    fn unchanged_aggregate(&self) -> Option<&Aggregate> {
        let a = self.from.as_ref()?;
        let shown = AggInput::of(a);
        (shown.func == self.func && shown.column == self.column && shown.alias == self.alias)
            .then_some(a)
    }

    /// The aggregate the row describes (the remembered one while unchanged), or what to fix.
    pub fn aggregate(&self) -> Result<Aggregate, Problem> {
        if let Some(a) = self.unchanged_aggregate() {
            return Ok(a.clone());
        }
        let func =
            parse_agg(&self.func).ok_or_else(|| Problem::UnknownFunction(self.func.clone()))?;
        Ok(Aggregate {
            func,
            column: (!self.column.is_empty()).then(|| self.column.clone()),
            alias: self.alias.clone(),
        })
    }
}

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
    /// Sort keys on output columns; the form edits the first.
    pub order_by: Vec<OrderBy>,
    /// Row limit as typed (empty: none, only for grouped analyses).
    pub limit: String,
    /// Fraction of rows sampled first (kept from the spec; the form does not edit it).
    pub sample: Option<f64>,
}

/// Which part of the form a [`FieldError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The dataset.
    Dataset,
    /// Filter row N (0-based).
    Filter(usize),
    /// Group-by row N.
    GroupBy(usize),
    /// Aggregate row N.
    Aggregate(usize),
    /// The row limit.
    Limit,
}

/// What is wrong with a field (the client shows each as a translated sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No dataset, or an unknown one.
    PickDataset,
    /// No column, or one the dataset does not have.
    PickColumn,
    /// An operator that does not apply to the column.
    PickOperator,
    /// A required value is empty.
    EnterValue,
    /// The text is not a whole number.
    NotWholeNumber(String),
    /// The text is not a number.
    NotNumber(String),
    /// The text is not a `YYYY-MM-DD` date.
    NotDate(String),
    /// The text is not yes/no.
    NotBool(String),
    /// An `in` filter without values.
    EnterValues,
    /// A range without bounds.
    EnterBound,
    /// A `contains` filter without text.
    EnterText,
    /// A date bucket the form does not know.
    UnknownBucket(String),
    /// A date bucket on a column that is not a date.
    BucketNeedsDate,
    /// An aggregate function the form does not know.
    UnknownFunction(String),
    /// A function that needs a number column on another column.
    NeedsNumber,
    /// A limit that is not a positive whole number.
    PositiveLimit,
    /// An ungrouped analysis without a limit.
    NeedsLimit,
}

/// A form field the user must fix, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Which field.
    pub field: Field,
    /// What is wrong.
    pub problem: Problem,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {:?}", self.field, self.problem)
    }
}

impl std::error::Error for FieldError {}

fn field_err(field: Field, problem: Problem) -> FieldError {
    FieldError { field, problem }
}

/// Parses one typed value for a column of type `ty`.
pub fn parse_value(ty: ColumnType, text: &str) -> Result<Value, Problem> {
    let t = text.trim();
    match ty {
        ColumnType::Text => {
            if t.is_empty() {
                Err(Problem::EnterValue)
            } else {
                Ok(Value::Text(t.to_owned()))
            }
        }
        ColumnType::Int => t
            .replace(',', "")
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| Problem::NotWholeNumber(t.to_owned())),
        ColumnType::Float => t
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Value::Float)
            .ok_or_else(|| Problem::NotNumber(t.to_owned())),
        ColumnType::Date => parse_date(t)
            .map(|_| Value::Text(t.to_owned()))
            .ok_or_else(|| Problem::NotDate(t.to_owned())),
        ColumnType::Bool => match t {
            "true" | "예" | "yes" => Ok(Value::Bool(true)),
            "false" | "아니오" | "no" => Ok(Value::Bool(false)),
            _ => Err(Problem::NotBool(t.to_owned())),
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

    /// The first sort key: output column (empty: none) and largest first.
    pub fn sort(&self) -> (&str, bool) {
        self.order_by
            .first()
            .map_or(("", false), |o| (o.column.as_str(), o.descending))
    }

    /// Sets the first sort key (an empty column removes every sort key).
    pub fn set_sort(&mut self, column: &str, descending: bool) {
        if column.is_empty() {
            self.order_by.clear();
            return;
        }
        let key = OrderBy {
            column: column.to_owned(),
            descending,
        };
        match self.order_by.first_mut() {
            Some(first) => *first = key,
            None => self.order_by.push(key),
        }
    }

    /// The output columns the form would produce, in order (the sort choices): rows whose
    /// function does not parse are left out.
    pub fn output_columns(&self) -> Vec<String> {
        let Some(ds) = dataset(&self.dataset) else {
            return Vec::new();
        };
        if self.is_grouped() {
            let keys = self.group_by.iter().map(|(c, bucket)| {
                match DateBucket::parse(bucket) {
                    Some(bucket) => GroupBy::Bucket {
                        column: c.clone(),
                        bucket,
                    },
                    None => GroupBy::Column(c.clone()),
                }
                .output_name()
            });
            let aggs = self
                .aggregates
                .iter()
                .filter_map(|a| a.aggregate().ok())
                .map(|a| a.output_name());
            keys.chain(aggs).collect()
        } else if self.columns.is_empty() {
            ds.columns.iter().map(|c| c.name.to_owned()).collect()
        } else {
            self.columns.clone()
        }
    }

    /// The spec this form describes, or the first field to fix. Column names are checked against
    /// the dataset; the server validates the rest again.
    pub fn to_spec(&self) -> Result<QuerySpec, FieldError> {
        let ds = dataset(&self.dataset)
            .ok_or_else(|| field_err(Field::Dataset, Problem::PickDataset))?;
        let ty_of = |field: Field, c: &str| {
            ds.column(c)
                .map(|d| d.ty)
                .ok_or_else(|| field_err(field, Problem::PickColumn))
        };
        let mut filters = Vec::new();
        for (i, f) in self.filters.iter().enumerate() {
            let field = Field::Filter(i);
            let ty = ty_of(field, &f.column)?;
            if let Some(same) = f.unchanged() {
                filters.push(same.clone());
                continue;
            }
            let op = FilterOp::parse(&f.op)
                .filter(|o| o.applies_to(ty))
                .ok_or_else(|| field_err(field, Problem::PickOperator))?;
            let one = |t: &str| parse_value(ty, t).map_err(|p| field_err(field, p));
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
                        return Err(field_err(field, Problem::EnterValues));
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
                        return Err(field_err(field, Problem::EnterBound));
                    }
                    Filter::Range { column, min, max }
                }
                FilterOp::Contains => {
                    let text = f.value.trim().to_owned();
                    if text.is_empty() {
                        return Err(field_err(field, Problem::EnterText));
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
            let field = Field::GroupBy(i);
            let ty = ty_of(field, c)?;
            group_by.push(if bucket.is_empty() {
                GroupBy::Column(c.clone())
            } else {
                let bucket = DateBucket::parse(bucket)
                    .ok_or_else(|| field_err(field, Problem::UnknownBucket(bucket.clone())))?;
                if ty != ColumnType::Date {
                    return Err(field_err(field, Problem::BucketNeedsDate));
                }
                GroupBy::Bucket {
                    column: c.clone(),
                    bucket,
                }
            });
        }
        let mut aggregates = Vec::new();
        for (i, a) in self.aggregates.iter().enumerate() {
            let field = Field::Aggregate(i);
            let agg = a.aggregate().map_err(|p| field_err(field, p))?;
            match &agg.column {
                None if agg.func != AggFunc::Count => {
                    return Err(field_err(field, Problem::PickColumn));
                }
                None => {}
                Some(c) => {
                    let ty = ty_of(field, c)?;
                    let numeric_only = matches!(
                        agg.func,
                        AggFunc::Sum | AggFunc::Avg | AggFunc::Percentile { .. }
                    );
                    if numeric_only && !ty.is_numeric() {
                        return Err(field_err(field, Problem::NeedsNumber));
                    }
                }
            }
            aggregates.push(agg);
        }
        let grouped = !group_by.is_empty() || !aggregates.is_empty();
        let limit = match self.limit.trim().replace(',', "") {
            l if l.is_empty() => None,
            l => Some(
                l.parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| field_err(Field::Limit, Problem::PositiveLimit))?,
            ),
        };
        if !grouped && limit.is_none() {
            return Err(field_err(Field::Limit, Problem::NeedsLimit));
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
            order_by: self.order_by.clone(),
            limit,
            sample: self.sample,
        })
    }

    /// The form that produces `spec` (for links and saved widgets).
    pub fn from_spec(spec: &QuerySpec) -> Builder {
        Builder {
            dataset: spec.dataset.clone(),
            columns: spec.columns.clone(),
            filters: spec.filters.iter().map(FilterInput::of).collect(),
            group_by: spec
                .group_by
                .iter()
                .map(|g| match g {
                    GroupBy::Column(c) => (c.clone(), String::new()),
                    GroupBy::Bucket { column, bucket } => {
                        (column.clone(), bucket.as_str().to_owned())
                    }
                })
                .collect(),
            aggregates: spec.aggregates.iter().map(AggInput::of).collect(),
            order_by: spec.order_by.clone(),
            limit: spec.limit.map(|l| l.to_string()).unwrap_or_default(),
            sample: spec.sample,
        }
    }
}
#[cfg(test)]
mod tests;
