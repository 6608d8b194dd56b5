//! Tests of the analysis builder: spec round trips (a property test) and the form's parsing.

use super::*;

fn form() -> Builder {
    let filter = |column: &str, op: &str, value: &str| FilterInput {
        column: column.into(),
        op: op.into(),
        value: value.into(),
        ..FilterInput::default()
    };
    Builder {
        dataset: "import_declaration".into(),
        filters: vec![
            filter("hs6", "eq", " 851712 "),
            filter("declaration_date", "range", "2024-01-01"),
            filter("country_origin", "in", "CN, VN,"),
        ],
        group_by: vec![
            ("office_id".into(), String::new()),
            ("declaration_date".into(), "month".into()),
        ],
        aggregates: vec![
            AggInput::new(AggMenu::Count, ""),
            AggInput::new(AggMenu::P90, "unit_price"),
        ],
        order_by: vec![OrderBy {
            column: "count".into(),
            descending: true,
        }],
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
    assert_eq!(
        back.output_columns(),
        [
            "office_id",
            "declaration_date_month",
            "count",
            "p90_unit_price"
        ]
    );
}

#[test]
fn aliases_and_unlisted_percentiles_survive_and_name_the_sort_choices() {
    let spec: QuerySpec = serde_json::from_value(serde_json::json!({
        "dataset": "import_declaration",
        "group_by": ["hs6"],
        "aggregates": [
            {"func": "sum", "column": "item_price", "alias": "value"},
            {"func": "percentile", "p": 0.375, "column": "net_mass"}
        ],
        "order_by": [{"column": "value", "descending": true}, {"column": "hs6"}],
        "limit": 5,
        "sample": 0.5
    }))
    .expect("spec");
    spec.validate(10).expect("valid");
    let b = Builder::from_spec(&spec);
    assert_eq!(b.output_columns(), ["hs6", "value", "p38_net_mass"]);
    assert_eq!(b.aggregates[1].func, "p37.5");
    assert_eq!(b.sort(), ("value", true));
    assert_eq!(b.to_spec().expect("same"), spec);
    // An edited row is parsed again from what it shows.
    let mut edited = b.clone();
    edited.aggregates[0].column = "net_mass".into();
    let s = edited.to_spec().expect("valid");
    assert_eq!(s.aggregates[0].column.as_deref(), Some("net_mass"));
    assert_eq!(s.aggregates[0].alias.as_deref(), Some("value"));
    let mut bad = b;
    bad.aggregates[1].func = "p101".into();
    assert_eq!(bad.to_spec().unwrap_err().field, Field::Aggregate(1));
    assert_eq!(parse_agg("median"), None);
    assert_eq!(agg_name(AggFunc::Percentile { p: 0.5 }), "p50");
}

#[test]
fn edited_filter_rows_are_parsed_and_unchanged_ones_kept_exactly() {
    let spec: QuerySpec = serde_json::from_value(serde_json::json!({
        "dataset": "import_declaration",
        "filters": [
            {"op": "in", "column": "item_description", "values": ["a, b", " c"]},
            {"op": "eq", "column": "net_mass", "value": 3}
        ],
        "limit": 10
    }))
    .expect("spec");
    let mut b = Builder::from_spec(&spec);
    assert_eq!(b.to_spec().expect("same"), spec);
    b.filters[1].value = "4".into();
    let s = b.to_spec().expect("valid");
    assert_eq!(s.filters[0], spec.filters[0]);
    assert_eq!(
        s.filters[1],
        Filter::Eq {
            column: "net_mass".into(),
            value: Value::Float(4.0)
        }
    );
}

#[test]
fn typed_inputs_are_checked_per_column_type() {
    let mut f = form();
    f.filters[1].value = "2024-13-01".into();
    assert_eq!(
        f.to_spec().unwrap_err(),
        field_err(Field::Filter(1), Problem::NotDate("2024-13-01".into()))
    );
    let mut f = form();
    f.filters[0].op = "range".into();
    assert_eq!(f.to_spec().unwrap_err().problem, Problem::PickOperator);
    let mut f = form();
    f.aggregates[1].column = "hs6".into();
    assert_eq!(
        f.to_spec().unwrap_err(),
        field_err(Field::Aggregate(1), Problem::NeedsNumber)
    );
    let mut f = form();
    f.group_by[0].1 = "month".into();
    assert_eq!(f.to_spec().unwrap_err().field, Field::GroupBy(0));
    let mut f = form();
    f.limit = "-3".into();
    assert_eq!(f.to_spec().unwrap_err().problem, Problem::PositiveLimit);
    assert_eq!(parse_value(ColumnType::Int, "1,234"), Ok(Value::Int(1234)));
    assert!(parse_value(ColumnType::Float, "NaN").is_err());
    assert_eq!(parse_value(ColumnType::Bool, "예"), Ok(Value::Bool(true)));
    assert!(parse_value(ColumnType::Text, "  ").is_err());
    assert_eq!(FilterOp::parse("nope"), None);
}

#[test]
fn ungrouped_forms_need_a_limit_and_keep_columns() {
    let mut b = Builder::new("inspection");
    b.columns = vec!["office_id".into()];
    let spec = b.to_spec().expect("valid");
    assert_eq!(spec.columns, ["office_id"]);
    assert_eq!(spec.limit, Some(1000));
    b.limit.clear();
    assert_eq!(b.to_spec().unwrap_err().problem, Problem::NeedsLimit);
    assert_eq!(
        Builder::new("nope").to_spec().unwrap_err().field,
        Field::Dataset
    );
    let mut s = Builder::new("inspection");
    s.set_sort("office_id", true);
    assert_eq!(s.sort(), ("office_id", true));
    s.set_sort("", false);
    assert!(s.order_by.is_empty());
}

proptest::proptest! {
    /// Links and dashboard specs go through the form: nothing of a valid spec may be lost.
    #[test]
    fn every_valid_spec_survives_the_form(spec in crate::testing::valid_spec()) {
        proptest::prop_assert_eq!(spec.validate(crate::testing::ROW_CAP).err(), None);
        let back = Builder::from_spec(&spec).to_spec();
        proptest::prop_assert_eq!(back, Ok(spec));
    }
}
