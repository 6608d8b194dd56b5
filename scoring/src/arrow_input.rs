//! Declarations from Arrow record batches of the portal's `import_declaration` dataset (what the
//! browser extracts), by column name: as the fraud model reads them (the same fields as the CDD
//! CSV input) and as the price model reads them; and the manifest lines of `GET /api/shipments`
//! as the supply-chain model reads them; the feature columns of `GET /api/origin/exporters`.

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use portal_core::date::format_days;

use crate::ScoringError;
use crate::encoder::{CATEGORICAL, Declaration};
use crate::high_risk::RiskRow;
use crate::price::PriceRow;
use crate::supply_chain::window::{BASE, FOUND, INSPECTION_DATE, SEEDS, TO_SCORE, Window};
use crate::supply_chain::{PARTIES, Shipment, Tally};

fn text(batch: &RecordBatch, name: &str, row: usize) -> String {
    let Some(col) = batch.column_by_name(name) else {
        return String::new();
    };
    if col.is_null(row) {
        return String::new();
    }
    match col.data_type() {
        DataType::Utf8 => col.as_string::<i32>().value(row).to_owned(),
        DataType::LargeUtf8 => col.as_string::<i64>().value(row).to_owned(),
        DataType::Utf8View => col.as_string_view().value(row).to_owned(),
        DataType::Int64 => col.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Date32 => format_days(col.as_primitive::<Date32Type>().value(row)),
        _ => String::new(),
    }
}

fn number(batch: &RecordBatch, name: &str, row: usize) -> Option<f64> {
    let col = batch.column_by_name(name)?;
    if col.is_null(row) {
        return None;
    }
    match col.data_type() {
        DataType::Float64 => Some(col.as_primitive::<Float64Type>().value(row)),
        DataType::Float32 => Some(f64::from(col.as_primitive::<Float32Type>().value(row))),
        DataType::Int64 => Some(col.as_primitive::<Int64Type>().value(row) as f64),
        _ => None,
    }
}

/// The declarations of `batch`. Needs `declaration_id`; other missing columns read as missing.
pub fn from_batch(batch: &RecordBatch) -> Result<Vec<Declaration>, ScoringError> {
    need_id(batch)?;
    Ok((0..batch.num_rows())
        .map(|r| {
            let mut d = Declaration {
                id: text(batch, "declaration_id", r),
                net_mass: number(batch, "net_mass", r),
                item_price: number(batch, "item_price", r),
                tax_rate: number(batch, "tax_rate", r),
                fraud: number(batch, "fraud", r).map(|v| v >= 1.0),
                critical: number(batch, "critical_fraud", r).map(|v| v >= 2.0),
                ..Declaration::default()
            };
            for (slot, (_, name)) in d.cats.iter_mut().zip(CATEGORICAL) {
                *slot = text(batch, name, r);
            }
            d
        })
        .collect())
}

fn need_id(batch: &RecordBatch) -> Result<(), ScoringError> {
    if batch.column_by_name("declaration_id").is_none() {
        return Err(ScoringError::input(
            0,
            "the extract has no declaration_id column",
        ));
    }
    Ok(())
}

/// The price model's rows of `batch`. Needs `declaration_id`; other missing columns read as
/// missing. `undervalued` is known where the batch has the generator's `risk_pattern` column.
pub fn prices_from_batch(batch: &RecordBatch) -> Result<Vec<PriceRow>, ScoringError> {
    need_id(batch)?;
    let has_pattern = batch.column_by_name("risk_pattern").is_some();
    Ok((0..batch.num_rows())
        .map(|r| PriceRow {
            id: text(batch, "declaration_id", r),
            hs6: text(batch, "hs6", r),
            origin: text(batch, "country_origin", r),
            transport_mode: text(batch, "transport_mode", r),
            net_mass: number(batch, "net_mass", r),
            item_price: number(batch, "item_price", r),
            quantity: number(batch, "quantity", r),
            fraud: number(batch, "fraud", r).map(|v| v >= 1.0),
            undervalued: has_pattern.then(|| text(batch, "risk_pattern", r) == "undervaluation"),
        })
        .collect())
}

fn flag(batch: &RecordBatch, name: &str, row: usize) -> bool {
    batch.column_by_name(name).is_some_and(|col| {
        !col.is_null(row)
            && match col.data_type() {
                DataType::Boolean => col.as_boolean().value(row),
                DataType::Int64 => col.as_primitive::<Int64Type>().value(row) != 0,
                _ => false,
            }
    })
}

/// The high-risk model's rows of `batch`. Needs `declaration_id`; other missing columns read
/// as missing. The planted pattern is known where the batch has `risk_pattern`.
pub fn risks_from_batch(batch: &RecordBatch) -> Result<Vec<RiskRow>, ScoringError> {
    let has_pattern = batch.column_by_name("risk_pattern").is_some();
    Ok(from_batch(batch)?
        .into_iter()
        .enumerate()
        .map(|(r, mut decl)| {
            decl.date = text(batch, "declaration_date", r);
            RiskRow {
                decl,
                description: text(batch, "item_description", r),
                fta_claim: flag(batch, "fta_claim", r),
                co_number: text(batch, "co_number", r),
                pattern: has_pattern.then(|| text(batch, "risk_pattern", r)),
            }
        })
        .collect())
}

fn day(batch: &RecordBatch, name: &str, row: usize) -> Option<i32> {
    let col = batch.column_by_name(name)?;
    (!col.is_null(row) && col.data_type() == &DataType::Date32)
        .then(|| col.as_primitive::<Date32Type>().value(row))
}

fn count(batch: &RecordBatch, name: &str, row: usize) -> u32 {
    number(batch, name, row).map_or(0, |v| v.clamp(0.0, f64::from(u32::MAX)) as u32)
}

/// The manifest lines of an answer of `GET /api/shipments` ([`Window`]). Needs `manifest_key`,
/// `arrival_date` and `to_score`, with the lines to score first.
pub fn window_from_ipc(bytes: &[u8]) -> Result<Window, ScoringError> {
    let batches = crate::ipc_stream::batches(bytes)
        .map_err(|e| ScoringError::input(0, format!("not a readable Arrow IPC stream: {e}")))?;
    let mut w = Window::default();
    for batch in &batches {
        for name in ["manifest_key", "arrival_date", TO_SCORE] {
            if batch.column_by_name(name).is_none() {
                return Err(ScoringError::input(
                    0,
                    format!("the lines have no {name} column"),
                ));
            }
        }
        for r in 0..batch.num_rows() {
            let at = w.rows.len();
            let arrival = day(batch, "arrival_date", r).ok_or_else(|| {
                ScoringError::input(at as u64 + 1, "a line without an arrival date")
            })?;
            let inspected = day(batch, INSPECTION_DATE, r);
            w.rows.push(Shipment {
                key: text(batch, "manifest_key", r),
                day: arrival,
                parties: std::array::from_fn(|p| text(batch, PARTIES[p], r)),
                inspected,
                fraud: inspected.is_some() && flag(batch, FOUND, r),
            });
            if flag(batch, TO_SCORE, r) {
                if w.seeds.len() != at {
                    return Err(ScoringError::input(
                        at as u64 + 1,
                        "the lines to score do not come first",
                    ));
                }
                w.seeds.push(std::array::from_fn(|c| Tally {
                    shipments: count(batch, SEEDS[c][0], r),
                    inspections: count(batch, SEEDS[c][1], r),
                    frauds: count(batch, SEEDS[c][2], r),
                }));
                w.base = Tally {
                    shipments: 0,
                    inspections: count(batch, BASE[0], r),
                    frauds: count(batch, BASE[1], r),
                };
            }
        }
    }
    Ok(w)
}

/// Every batch of an Arrow IPC stream, each turned into rows by `rows`.
fn read_ipc<T>(
    bytes: &[u8],
    rows: impl Fn(&RecordBatch) -> Result<Vec<T>, ScoringError>,
) -> Result<Vec<T>, ScoringError> {
    let batches = crate::ipc_stream::batches(bytes)
        .map_err(|e| ScoringError::input(0, format!("not a readable Arrow IPC stream: {e}")))?;
    let mut out = Vec::new();
    for batch in &batches {
        out.extend(rows(batch)?);
    }
    Ok(out)
}

/// The declarations of a whole Arrow IPC stream.
pub fn from_ipc(bytes: &[u8]) -> Result<Vec<Declaration>, ScoringError> {
    read_ipc(bytes, from_batch)
}

/// The high-risk model's rows of a whole Arrow IPC stream.
pub fn risks_from_ipc(bytes: &[u8]) -> Result<Vec<RiskRow>, ScoringError> {
    read_ipc(bytes, risks_from_batch)
}

/// The price model's rows of a whole Arrow IPC stream.
pub fn prices_from_ipc(bytes: &[u8]) -> Result<Vec<PriceRow>, ScoringError> {
    read_ipc(bytes, prices_from_batch)
}

/// The row-major matrix of the `names` columns of a whole Arrow IPC stream (an answer of
/// `GET /api/origin/exporters` and its rerouting features): every column must be there, with
/// a number on every row.
pub fn features_from_ipc(bytes: &[u8], names: &[&str]) -> Result<Vec<f32>, ScoringError> {
    let rows = read_ipc(bytes, |batch| {
        if let Some(missing) = names.iter().find(|n| batch.column_by_name(n).is_none()) {
            return Err(ScoringError::input(0, format!("no {missing} column")));
        }
        (0..batch.num_rows())
            .map(|r| {
                names
                    .iter()
                    .map(|n| {
                        number(batch, n, r).map(|v| v as f32).ok_or_else(|| {
                            ScoringError::input(r as u64 + 1, format!("{n} is not a number"))
                        })
                    })
                    .collect::<Result<Vec<f32>, _>>()
            })
            .collect()
    })?;
    Ok(rows.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{Float64Array, Int64Array, StringArray};
    use arrow_schema::{Field, Schema};

    use super::*;

    #[test]
    fn reads_columns_by_name_with_missing_values() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("declaration_id", DataType::Utf8, false),
            Field::new("importer_id", DataType::Utf8, true),
            Field::new("net_mass", DataType::Float64, true),
            Field::new("critical_fraud", DataType::Int64, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["D1", "D2"])),
                Arc::new(StringArray::from(vec![Some("수입상"), None])),
                Arc::new(Float64Array::from(vec![Some(1.5), None])),
                Arc::new(Int64Array::from(vec![Some(2), Some(1)])),
            ],
        )
        .expect("batch");
        let d = from_batch(&batch).expect("reads");
        assert_eq!(d[0].cats[7], "수입상");
        assert_eq!(d[1].cats[7], "");
        assert_eq!(d[0].net_mass, Some(1.5));
        assert_eq!(d[1].net_mass, None);
        assert_eq!((d[0].critical, d[1].critical), (Some(true), Some(false)));
        assert_eq!(d[0].fraud, None, "no fraud column: unlabelled");
        let no_id = RecordBatch::try_new(
            Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, false)])),
            vec![Arc::new(Int64Array::from(vec![1]))],
        )
        .expect("batch");
        assert!(from_batch(&no_id).is_err());
    }

    #[test]
    fn price_rows_read_quantity_and_the_undervaluation_pattern() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("declaration_id", DataType::Utf8, false),
            Field::new("hs6", DataType::Utf8, true),
            Field::new("item_price", DataType::Float64, true),
            Field::new("quantity", DataType::Float64, true),
            Field::new("risk_pattern", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["D1", "D2"])),
                Arc::new(StringArray::from(vec![Some("851712"), None])),
                Arc::new(Float64Array::from(vec![Some(1000.0), None])),
                Arc::new(Float64Array::from(vec![Some(4.0), None])),
                Arc::new(StringArray::from(vec![Some("undervaluation"), None])),
            ],
        )
        .expect("batch");
        let p = prices_from_batch(&batch).expect("reads");
        assert_eq!((p[0].hs6.as_str(), p[0].quantity), ("851712", Some(4.0)));
        assert_eq!(
            (p[0].undervalued, p[1].undervalued),
            (Some(true), Some(false))
        );
        assert_eq!((p[1].item_price, p[1].net_mass), (None, None));
        let unlabelled = batch.project(&[0, 1]).expect("project");
        assert_eq!(
            prices_from_batch(&unlabelled).expect("reads")[0].undervalued,
            None
        );
    }
}
