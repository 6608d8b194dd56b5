//! Random query specs for property tests (feature `testing`; also in this crate's own tests):
//! [`valid_spec`] draws specs that pass [`QuerySpec::validate`] over any dataset of the catalog,
//! with every filter kind, group-by keys with date buckets, aggregates with and without aliases,
//! sort keys, limits and samples.

use proptest::prelude::*;
use proptest::sample::subsequence;

use crate::datasets::{ColumnDef, ColumnType, DATASETS, DatasetDef};
use crate::date::format_days;
use crate::query::{AggFunc, Aggregate, DateBucket, Filter, GroupBy, OrderBy, QuerySpec, Value};

/// The row cap the specs of [`valid_spec`] respect.
pub const ROW_CAP: u64 = 100_000;

fn value(ty: ColumnType) -> BoxedStrategy<Value> {
    match ty {
        ColumnType::Text => "\\PC{1,12}".prop_map(Value::Text).boxed(),
        ColumnType::Int => any::<i64>().prop_map(Value::Int).boxed(),
        ColumnType::Float => prop_oneof![
            (-1_000_000i64..1_000_000).prop_map(Value::Int),
            (-1e12f64..1e12).prop_map(Value::Float),
        ]
        .boxed(),
        ColumnType::Date => (0i32..40_000)
            .prop_map(|d| Value::Text(format_days(d)))
            .boxed(),
        ColumnType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
    }
}

fn filter(col: &'static ColumnDef) -> BoxedStrategy<Filter> {
    let column = col.name.to_owned();
    let eq = {
        let column = column.clone();
        value(col.ty).prop_map(move |value| Filter::Eq {
            column: column.clone(),
            value,
        })
    };
    let is_null = {
        let column = column.clone();
        any::<bool>().prop_map(move |negate| Filter::IsNull {
            column: column.clone(),
            negate,
        })
    };
    let mut kinds = vec![eq.boxed(), is_null.boxed()];
    if col.ty != ColumnType::Bool {
        let column = column.clone();
        kinds.push(
            prop::collection::vec(value(col.ty), 1..4)
                .prop_map(move |values| Filter::In {
                    column: column.clone(),
                    values,
                })
                .boxed(),
        );
    }
    if matches!(
        col.ty,
        ColumnType::Int | ColumnType::Float | ColumnType::Date
    ) {
        let column = column.clone();
        kinds.push(
            (
                prop::option::of(value(col.ty)),
                prop::option::of(value(col.ty)),
            )
                .prop_filter("a range needs a bound", |(a, b)| a.is_some() || b.is_some())
                .prop_map(move |(min, max)| Filter::Range {
                    column: column.clone(),
                    min,
                    max,
                })
                .boxed(),
        );
    }
    if col.ty == ColumnType::Text {
        kinds.push(
            "\\PC{1,12}"
                .prop_map(move |text| Filter::Contains {
                    column: column.clone(),
                    text,
                })
                .boxed(),
        );
    }
    prop::strategy::Union::new(kinds).boxed()
}

fn filters(ds: &'static DatasetDef) -> BoxedStrategy<Vec<Filter>> {
    let n = ds.columns.len();
    prop::collection::vec((0..n).prop_flat_map(move |i| filter(&ds.columns[i])), 0..4).boxed()
}

fn group_key(ds: &'static DatasetDef) -> BoxedStrategy<GroupBy> {
    let n = ds.columns.len();
    (0..n, prop::sample::select(DateBucket::ALL), any::<bool>())
        .prop_map(move |(i, bucket, cut)| {
            let c = &ds.columns[i];
            if cut && c.ty == ColumnType::Date {
                GroupBy::Bucket {
                    column: c.name.to_owned(),
                    bucket,
                }
            } else {
                GroupBy::Column(c.name.to_owned())
            }
        })
        .boxed()
}

fn aggregate(ds: &'static DatasetDef) -> BoxedStrategy<Aggregate> {
    let n = ds.columns.len();
    (
        0..n,
        0u8..7,
        0.0f64..=1.0,
        prop::option::of("[a-z]{1,8}"),
        any::<bool>(),
    )
        .prop_map(move |(i, f, p, alias, rows)| {
            let c = &ds.columns[i];
            let numeric = c.ty.is_numeric();
            let func = match f {
                0 => AggFunc::Count,
                1 => AggFunc::CountDistinct,
                2 if numeric => AggFunc::Sum,
                3 if numeric => AggFunc::Avg,
                4 => AggFunc::Min,
                5 => AggFunc::Max,
                6 if numeric => AggFunc::Percentile { p },
                _ => AggFunc::Count,
            };
            Aggregate {
                func,
                column: (!(rows && func == AggFunc::Count)).then(|| c.name.to_owned()),
                alias: alias.map(|a| format!("agg_{a}")),
            }
        })
        .boxed()
}

/// Specs that pass `validate(ROW_CAP)`: ungrouped (columns, filters, sort, limit, sample) or
/// grouped (keys, aggregates, filters, sort, optional limit).
pub fn valid_spec() -> impl Strategy<Value = QuerySpec> {
    (0..DATASETS.len(), any::<bool>())
        .prop_flat_map(|(d, grouped)| {
            let ds: &'static DatasetDef = &DATASETS[d];
            let names: Vec<String> = ds.columns.iter().map(|c| c.name.to_owned()).collect();
            let n = names.len();
            (
                Just(ds),
                Just(grouped),
                subsequence(names, 0..=n.min(6)),
                filters(ds),
                prop::collection::vec(group_key(ds), 1..3),
                prop::collection::vec(aggregate(ds), 0..4),
                prop::option::of(1u64..=ROW_CAP),
                prop::option::of(0.01f64..=1.0),
                any::<u64>(),
            )
        })
        .prop_map(
            |(ds, grouped, columns, filters, keys, aggs, limit, sample, pick)| {
                let mut spec = QuerySpec {
                    dataset: ds.name.to_owned(),
                    filters,
                    sample,
                    ..QuerySpec::default()
                };
                if grouped {
                    for k in keys {
                        if !spec
                            .group_by
                            .iter()
                            .any(|g| g.output_name() == k.output_name())
                        {
                            spec.group_by.push(k);
                        }
                    }
                    for a in aggs {
                        let name = a.output_name();
                        let taken = spec.group_by.iter().any(|g| g.output_name() == name)
                            || spec.aggregates.iter().any(|x| x.output_name() == name);
                        if !taken {
                            spec.aggregates.push(a);
                        }
                    }
                    spec.limit = limit;
                } else {
                    spec.columns = columns;
                    spec.limit = Some(limit.unwrap_or(ROW_CAP));
                }
                let outputs: Vec<String> = spec.outputs(ds).into_iter().map(|(n, _)| n).collect();
                // Up to two sort keys picked from the outputs by the bits of `pick`.
                for (k, shift) in [(0u64, 0u32), (1, 16)] {
                    let bits = pick >> shift;
                    if bits & 1 == 1 {
                        let column = outputs[(bits >> 1) as usize % outputs.len()].clone();
                        if !spec.order_by.iter().any(|o| o.column == column) {
                            spec.order_by.push(OrderBy {
                                column,
                                descending: (bits >> 8) & 1 == k,
                            });
                        }
                    }
                }
                spec
            },
        )
}

/// One way to spoil a valid spec (what [`any_spec`] applies).
#[derive(Debug, Clone)]
enum Spoil {
    Dataset(String),
    Column(String),
    WrongType(i64),
    BadPercentile(f64),
    Sample(f64),
    Limit(u64),
    ColumnsAndGroups,
    Duplicate,
    SortOn(String),
    EmptyIn,
    EmptyRange,
    ContainsOnNumber(String),
    NoColumnSum,
    LongText(usize),
    Many(usize),
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        "[a-z_]{0,12}".prop_map(Spoil::Dataset),
        "[a-z_\\PC]{0,12}".prop_map(Spoil::Column),
        any::<i64>().prop_map(Spoil::WrongType),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.5),
            Just(1.5),
            any::<f64>()
        ]
        .prop_map(Spoil::BadPercentile),
        prop_oneof![
            Just(f64::NAN),
            Just(0.0),
            Just(-1.0),
            Just(2.0),
            any::<f64>()
        ]
        .prop_map(Spoil::Sample),
        prop_oneof![Just(0u64), Just(ROW_CAP + 1), any::<u64>()].prop_map(Spoil::Limit),
        Just(Spoil::ColumnsAndGroups),
        Just(Spoil::Duplicate),
        "[a-z_]{0,12}".prop_map(Spoil::SortOn),
        Just(Spoil::EmptyIn),
        Just(Spoil::EmptyRange),
        "\\PC{0,4}".prop_map(Spoil::ContainsOnNumber),
        Just(Spoil::NoColumnSum),
        (150usize..400).prop_map(Spoil::LongText),
        (10usize..60).prop_map(Spoil::Many),
    ]
}

fn apply(mut spec: QuerySpec, s: Spoil) -> QuerySpec {
    let ds = crate::datasets::dataset(&spec.dataset);
    let first = |ty: ColumnType| {
        ds.and_then(|d| d.columns.iter().find(|c| c.ty == ty))
            .map(|c| c.name.to_owned())
            .unwrap_or_else(|| "hs6".to_owned())
    };
    match s {
        Spoil::Dataset(d) => spec.dataset = d,
        Spoil::Column(c) => spec.columns.push(c),
        Spoil::WrongType(i) => spec.filters.push(Filter::Eq {
            column: first(ColumnType::Text),
            value: Value::Int(i),
        }),
        Spoil::BadPercentile(p) => spec.aggregates.push(Aggregate {
            func: AggFunc::Percentile { p },
            column: Some(first(ColumnType::Float)),
            alias: None,
        }),
        Spoil::Sample(f) => spec.sample = Some(f),
        Spoil::Limit(l) => spec.limit = Some(l),
        Spoil::ColumnsAndGroups => {
            spec.columns.push(first(ColumnType::Text));
            spec.group_by.push(GroupBy::Column(first(ColumnType::Text)));
        }
        Spoil::Duplicate => {
            let c = first(ColumnType::Text);
            if spec.is_grouped() {
                spec.group_by.push(GroupBy::Column(c.clone()));
                spec.group_by.push(GroupBy::Column(c));
            } else {
                spec.columns.push(c.clone());
                spec.columns.push(c);
            }
        }
        Spoil::SortOn(c) => spec.order_by.push(OrderBy {
            column: c,
            descending: false,
        }),
        Spoil::EmptyIn => spec.filters.push(Filter::In {
            column: first(ColumnType::Text),
            values: Vec::new(),
        }),
        Spoil::EmptyRange => spec.filters.push(Filter::Range {
            column: first(ColumnType::Float),
            min: None,
            max: None,
        }),
        Spoil::ContainsOnNumber(text) => spec.filters.push(Filter::Contains {
            column: first(ColumnType::Float),
            text,
        }),
        Spoil::NoColumnSum => spec.aggregates.push(Aggregate {
            func: AggFunc::Sum,
            column: None,
            alias: None,
        }),
        Spoil::LongText(n) => spec.filters.push(Filter::Contains {
            column: first(ColumnType::Text),
            text: "가".repeat(n),
        }),
        Spoil::Many(n) => {
            for _ in 0..n {
                spec.filters.push(Filter::IsNull {
                    column: first(ColumnType::Text),
                    negate: true,
                });
            }
        }
    }
    spec
}

/// Any spec a client might send: a valid one, or one spoiled in up to three ways (unknown names,
/// wrong types, bad numbers, inconsistent parts, oversize). Each must be refused with a client
/// error or answered — never a server error.
pub fn any_spec() -> impl Strategy<Value = QuerySpec> {
    (valid_spec(), prop::collection::vec(spoil(), 0..3))
        .prop_map(|(spec, spoils)| spoils.into_iter().fold(spec, apply))
}
