//! Validation of a [`QuerySpec`] against its dataset's columns and the size bounds: every refusal
//! is a [`SpecError`], a client fault with its own error code.

use super::*;
use crate::api::ErrorCode;
use crate::datasets::{ColumnDef, dataset};
use crate::date::parse_date;

/// Why a spec was refused. Each variant is a client fault with its own error code.
#[derive(Debug, Clone, PartialEq)]
pub enum SpecError {
    /// No dataset of that name.
    UnknownDataset(String),
    /// No column of that name in the dataset (or among the output columns, for `order_by`).
    UnknownColumn(String),
    /// A value does not fit the column's type, or a function does not apply to it.
    TypeMismatch {
        /// Column name.
        column: String,
        /// What was wrong.
        detail: String,
    },
    /// The spec is inconsistent (e.g. columns and group-by together, empty `in`).
    Invalid(String),
    /// An ungrouped extract without a limit, or any extract with a limit above the row cap.
    TooManyRows {
        /// The row cap in force.
        cap: u64,
    },
    /// The spec is larger than the server takes (too many keys, values or characters).
    TooLarge(String),
}

impl SpecError {
    /// The API error code of this refusal.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            SpecError::UnknownDataset(_) => ErrorCode::UnknownDataset,
            SpecError::UnknownColumn(_) => ErrorCode::UnknownColumn,
            SpecError::TypeMismatch { .. } => ErrorCode::TypeMismatch,
            SpecError::Invalid(_) => ErrorCode::InvalidSpec,
            SpecError::TooManyRows { .. } => ErrorCode::TooManyRows,
            SpecError::TooLarge(_) => ErrorCode::SpecTooLarge,
        }
    }
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpecError::UnknownDataset(d) => write!(f, "unknown dataset '{d}'"),
            SpecError::UnknownColumn(c) => write!(f, "unknown column '{c}'"),
            SpecError::TypeMismatch { column, detail } => write!(f, "column '{column}': {detail}"),
            SpecError::Invalid(m) => f.write_str(m),
            SpecError::TooManyRows { cap } => write!(
                f,
                "an extract returns at most {cap} rows: an ungrouped one needs a limit of at most \
                 {cap}; group or filter it"
            ),
            SpecError::TooLarge(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SpecError {}

/// Refuses more than `max` entries of `what`.
fn at_most(what: &str, n: usize, max: usize) -> Result<(), SpecError> {
    if n > max {
        return Err(SpecError::TooLarge(format!(
            "at most {max} {what} per extract, got {n}"
        )));
    }
    Ok(())
}

/// Refuses text longer than [`MAX_TEXT_CHARS`] or holding control characters.
fn check_text(what: &str, t: &str) -> Result<(), SpecError> {
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(SpecError::TooLarge(format!(
            "{what} may hold at most {MAX_TEXT_CHARS} characters"
        )));
    }
    if t.chars().any(char::is_control) {
        return Err(SpecError::Invalid(format!(
            "{what} may not hold control characters"
        )));
    }
    Ok(())
}

fn check_value(col: &ColumnDef, v: &Value) -> Result<(), SpecError> {
    if let Value::Text(t) = v {
        check_text(&format!("a value of '{}'", col.name), t)?;
    }
    let ok = match (col.ty, v) {
        (ColumnType::Text, Value::Text(_)) => true,
        (ColumnType::Int, Value::Int(_)) => true,
        (ColumnType::Float, Value::Int(_) | Value::Float(_)) => true,
        (ColumnType::Bool, Value::Bool(_)) => true,
        (ColumnType::Date, Value::Text(s)) => parse_date(s).is_some(),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(SpecError::TypeMismatch {
            column: col.name.to_owned(),
            detail: format!("{v:?} is not a valid {:?} value", col.ty),
        })
    }
}

impl QuerySpec {
    /// Checks the spec against its dataset, the size bounds (`MAX_*`) and `row_cap`, returning
    /// the dataset definition.
    pub fn validate(&self, row_cap: u64) -> Result<&'static DatasetDef, SpecError> {
        let ds = dataset(&self.dataset)
            .ok_or_else(|| SpecError::UnknownDataset(self.dataset.clone()))?;
        at_most("columns", self.columns.len(), MAX_COLUMNS)?;
        at_most("filters", self.filters.len(), MAX_FILTERS)?;
        at_most("group-by keys", self.group_by.len(), MAX_GROUP_KEYS)?;
        at_most("aggregates", self.aggregates.len(), MAX_AGGREGATES)?;
        at_most("sort keys", self.order_by.len(), MAX_ORDER_KEYS)?;
        let values: usize = self
            .filters
            .iter()
            .map(|f| match f {
                Filter::In { values, .. } => values.len(),
                _ => 1,
            })
            .sum();
        at_most("filter values", values, MAX_VALUES)?;
        for a in &self.aggregates {
            if let Some(alias) = &a.alias {
                check_text("an aggregate's alias", alias)?;
                if alias.trim().is_empty() {
                    return Err(SpecError::Invalid("an aggregate's alias is empty".into()));
                }
            }
        }
        let column = |name: &str| {
            ds.column(name)
                .ok_or_else(|| SpecError::UnknownColumn(name.to_owned()))
        };
        for c in &self.columns {
            column(c)?;
        }
        for f in &self.filters {
            let col = column(f.column())?;
            match f {
                Filter::Eq { value, .. } => check_value(col, value)?,
                Filter::In { values, .. } => {
                    if values.is_empty() || values.len() > MAX_IN_VALUES {
                        return Err(SpecError::Invalid(format!(
                            "'in' on '{}' needs 1 to {MAX_IN_VALUES} values",
                            col.name
                        )));
                    }
                    values.iter().try_for_each(|v| check_value(col, v))?;
                }
                Filter::Range { min, max, .. } => {
                    if min.is_none() && max.is_none() {
                        return Err(SpecError::Invalid(format!(
                            "'range' on '{}' needs min or max",
                            col.name
                        )));
                    }
                    if col.ty == ColumnType::Bool || col.ty == ColumnType::Text {
                        return Err(SpecError::TypeMismatch {
                            column: col.name.to_owned(),
                            detail: "range applies to numbers and dates".to_owned(),
                        });
                    }
                    min.iter()
                        .chain(max)
                        .try_for_each(|v| check_value(col, v))?;
                }
                Filter::Contains { text, .. } => {
                    if col.ty != ColumnType::Text {
                        return Err(SpecError::TypeMismatch {
                            column: col.name.to_owned(),
                            detail: "contains applies to text columns".to_owned(),
                        });
                    }
                    if text.is_empty() {
                        return Err(SpecError::Invalid("'contains' needs non-empty text".into()));
                    }
                    check_text("'contains' text", text)?;
                }
                Filter::IsNull { .. } => {}
            }
        }
        if self.is_grouped() && !self.columns.is_empty() {
            return Err(SpecError::Invalid(
                "use either columns (ungrouped) or group_by/aggregates, not both".into(),
            ));
        }
        for g in &self.group_by {
            let col = column(g.column())?;
            if matches!(g, GroupBy::Bucket { .. }) && col.ty != ColumnType::Date {
                return Err(SpecError::TypeMismatch {
                    column: col.name.to_owned(),
                    detail: "date buckets apply to date columns".to_owned(),
                });
            }
        }
        let mut outputs: Vec<String> = Vec::new();
        for (name, _) in self.outputs(ds) {
            if outputs.contains(&name) {
                return Err(SpecError::Invalid(format!("output column '{name}' twice")));
            }
            outputs.push(name);
        }
        for a in &self.aggregates {
            match (&a.column, a.func) {
                (None, AggFunc::Count) => {}
                (None, _) => {
                    return Err(SpecError::Invalid(format!(
                        "aggregate {:?} needs a column",
                        a.func
                    )));
                }
                (Some(c), func) => {
                    let col = column(c)?;
                    let numeric_only = matches!(
                        func,
                        AggFunc::Sum | AggFunc::Avg | AggFunc::Percentile { .. }
                    );
                    if numeric_only && !col.ty.is_numeric() {
                        return Err(SpecError::TypeMismatch {
                            column: c.clone(),
                            detail: format!("{func:?} needs a numeric column"),
                        });
                    }
                    if let AggFunc::Percentile { p } = func
                        && !(0.0..=1.0).contains(&p)
                    {
                        return Err(SpecError::Invalid(format!(
                            "percentile p must be within 0..=1, got {p}"
                        )));
                    }
                }
            }
        }
        for o in &self.order_by {
            if !outputs.contains(&o.column) {
                return Err(SpecError::UnknownColumn(o.column.clone()));
            }
        }
        if let Some(s) = self.sample
            && !(s > 0.0 && s <= 1.0)
        {
            return Err(SpecError::Invalid(format!(
                "sample must be in (0, 1], got {s}"
            )));
        }
        match self.limit {
            Some(l) if l > row_cap => return Err(SpecError::TooManyRows { cap: row_cap }),
            None if !self.is_grouped() => return Err(SpecError::TooManyRows { cap: row_cap }),
            _ => {}
        }
        Ok(ds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(v: serde_json::Value) -> QuerySpec {
        serde_json::from_value(v).expect("spec parses")
    }

    fn err(v: serde_json::Value) -> SpecError {
        spec(v).validate(1000).expect_err("must be refused")
    }

    #[test]
    fn a_grouped_spec_with_every_filter_kind_validates() {
        let s = spec(json!({
            "dataset": "import_declaration",
            "filters": [
                {"op": "eq", "column": "office_id", "value": "40"},
                {"op": "in", "column": "country_origin", "values": ["CN", "VN"]},
                {"op": "range", "column": "declaration_date", "min": "2020-01-01", "max": "2020-03-31"},
                {"op": "range", "column": "item_price", "min": 10},
                {"op": "contains", "column": "item_description", "text": "phone"},
                {"op": "is_null", "column": "seller_id", "negate": true}
            ],
            "group_by": ["hs6"],
            "aggregates": [
                {"func": "count"},
                {"func": "sum", "column": "item_price"},
                {"func": "percentile", "p": 0.5, "column": "net_mass"}
            ],
            "order_by": [{"column": "sum_item_price", "descending": true}],
            "limit": 20
        }));
        assert!(s.is_grouped());
        assert_eq!(s.validate(1000).expect("valid").name, "import_declaration");
        assert_eq!(s.aggregates[2].output_name(), "p50_net_mass");
    }

    #[test]
    fn each_error_case_is_named() {
        assert_eq!(
            err(json!({"dataset": "nope", "limit": 1})),
            SpecError::UnknownDataset("nope".into())
        );
        assert_eq!(
            err(json!({"dataset": "company", "columns": ["zzz"], "limit": 1})),
            SpecError::UnknownColumn("zzz".into())
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "filters": [{"op": "eq", "column": "tax_rate", "value": "high"}], "limit": 1})).error_code(),
            ErrorCode::TypeMismatch
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "filters": [{"op": "range", "column": "declaration_date", "min": "2020-02-30"}], "limit": 1})).error_code(),
            ErrorCode::TypeMismatch
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "filters": [{"op": "contains", "column": "net_mass", "text": "1"}], "limit": 1})).error_code(),
            ErrorCode::TypeMismatch
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "aggregates": [{"func": "sum", "column": "office_id"}]})).error_code(),
            ErrorCode::TypeMismatch
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "filters": [{"op": "in", "column": "hs6", "values": []}], "limit": 1})).error_code(),
            ErrorCode::InvalidSpec
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "filters": [{"op": "range", "column": "net_mass"}], "limit": 1})).error_code(),
            ErrorCode::InvalidSpec
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "columns": ["hs6"], "group_by": ["hs6"]}))
                .error_code(),
            ErrorCode::InvalidSpec
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "aggregates": [{"func": "percentile", "p": 1.5, "column": "net_mass"}]})).error_code(),
            ErrorCode::InvalidSpec
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "aggregates": [{"func": "avg"}]}))
                .error_code(),
            ErrorCode::InvalidSpec
        );
        assert_eq!(
            err(json!({"dataset": "import_declaration", "sample": 0.0, "limit": 5})).error_code(),
            ErrorCode::InvalidSpec
        );
        assert_eq!(
            err(
                json!({"dataset": "import_declaration", "group_by": ["hs6"], "order_by": [{"column": "office_id"}]})
            ),
            SpecError::UnknownColumn("office_id".into())
        );
        assert_eq!(
            err(json!({"dataset": "company"})),
            SpecError::TooManyRows { cap: 1000 }
        );
        assert_eq!(
            err(json!({"dataset": "company", "limit": 1001})),
            SpecError::TooManyRows { cap: 1000 }
        );
    }

    #[test]
    fn grouped_answers_are_capped_too() {
        let grouped = json!({"dataset": "import_declaration", "group_by": ["declaration_id"],
                             "aggregates": [{"func": "count"}]});
        let s = spec(grouped.clone());
        s.validate(1000).expect("a grouped spec needs no limit");
        assert_eq!(s.effective_limit(1000), 1000);
        let mut over = grouped;
        over["limit"] = json!(1001);
        assert_eq!(err(over), SpecError::TooManyRows { cap: 1000 });
        let s = spec(json!({"dataset": "company", "limit": 5}));
        assert_eq!(s.effective_limit(1000), 5);
    }

    #[test]
    fn specs_larger_than_the_bounds_are_refused_with_their_own_code() {
        let filters: Vec<_> = (0..=MAX_FILTERS)
            .map(|_| json!({"op": "is_null", "column": "hs6"}))
            .collect();
        let too_large = [
            json!({"dataset": "import_declaration", "filters": filters, "limit": 1}),
            json!({"dataset": "import_declaration", "limit": 1, "filters": [
                {"op": "contains", "column": "item_description", "text": "가".repeat(MAX_TEXT_CHARS + 1)}]}),
            json!({"dataset": "import_declaration", "limit": 1, "filters": [
                {"op": "eq", "column": "hs6", "value": "1".repeat(MAX_TEXT_CHARS + 1)}]}),
            json!({"dataset": "import_declaration",
                   "group_by": ["hs6", "office_id", "country_origin", "importer_id", "seller_id",
                                "declarant_id", "tax_type", "currency", "import_type"],
                   "aggregates": [{"func": "count"}]}),
            json!({"dataset": "import_declaration", "group_by": ["hs6"],
                   "aggregates": (0..=MAX_AGGREGATES).map(|i| json!({"func": "count", "alias": format!("n{i}")})).collect::<Vec<_>>()}),
            json!({"dataset": "import_declaration", "limit": 1, "filters": [
                {"op": "in", "column": "hs6", "values": vec!["1"; 6_000]},
                {"op": "in", "column": "office_id", "values": vec!["1"; 6_000]}]}),
        ];
        for s in too_large {
            assert_eq!(err(s).error_code(), ErrorCode::SpecTooLarge);
        }
        let control = json!({"dataset": "import_declaration", "limit": 1, "filters": [
            {"op": "contains", "column": "item_description", "text": "a\u{0}b"}]});
        assert_eq!(err(control).error_code(), ErrorCode::InvalidSpec);
        let empty_alias = json!({"dataset": "import_declaration", "group_by": ["hs6"],
                                 "aggregates": [{"func": "count", "alias": " "}]});
        assert_eq!(err(empty_alias).error_code(), ErrorCode::InvalidSpec);
    }

    #[test]
    fn month_buckets_name_their_output_and_need_a_date() {
        let s = spec(json!({
            "dataset": "import_declaration",
            "group_by": ["office_id", {"column": "declaration_date", "bucket": "month"}],
            "aggregates": [{"func": "count"}],
            "order_by": [{"column": "declaration_date_month"}]
        }));
        s.validate(10).expect("valid");
        assert_eq!(s.group_by[1].output_name(), "declaration_date_month");
        assert_eq!(
            err(json!({"dataset": "import_declaration",
                       "group_by": [{"column": "hs6", "bucket": "month"}]}))
            .error_code(),
            ErrorCode::TypeMismatch
        );
    }

    #[test]
    fn office_scoping_adds_a_filter_only_to_scoped_datasets() {
        let decl = spec(
            json!({"dataset": "import_declaration", "group_by": ["office_id"],
                               "aggregates": [{"func": "count"}]}),
        );
        let ds = decl.validate(10).expect("valid");
        let scoped = decl.clone().scoped_to_office(ds, "40");
        assert_eq!(
            scoped.filters.last(),
            Some(&Filter::Eq {
                column: "office_id".into(),
                value: Value::Text("40".into())
            })
        );
        scoped.validate(10).expect("still valid");
        let company = spec(json!({"dataset": "company", "limit": 5}));
        let ds = company.validate(10).expect("valid");
        assert_eq!(company.clone().scoped_to_office(ds, "40"), company);
    }

    #[test]
    fn unknown_fields_and_ops_do_not_parse() {
        let r: Result<QuerySpec, _> =
            serde_json::from_value(json!({"dataset": "company", "colums": []}));
        assert!(r.is_err());
        let r: Result<QuerySpec, _> = serde_json::from_value(
            json!({"dataset": "company", "filters": [{"op": "like", "column": "name", "text": "x"}]}),
        );
        assert!(r.is_err());
    }
}
