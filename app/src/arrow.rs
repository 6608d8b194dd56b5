//! The client's only Arrow IPC decoder: turns an extract stream into a table of display strings.
//!
//! Numbers are formatted with Korean-style thousands separators (`1,234,567.8`), dates as
//! `YYYY-MM-DD`, missing values as an empty cell.

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_ipc::reader::StreamReader;
use arrow_schema::DataType;
use portal_core::date::format_days;

/// A decoded extract, ready to render.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column names, in order.
    pub columns: Vec<String>,
    /// Whether each column is numeric (right-aligned).
    pub numeric: Vec<bool>,
    /// Cells, row by row.
    pub rows: Vec<Vec<String>>,
}

/// Decodes a whole Arrow IPC stream.
pub fn decode_stream(bytes: &[u8]) -> Result<Table, String> {
    let reader = StreamReader::try_new(std::io::Cursor::new(bytes), None)
        .map_err(|e| format!("not an Arrow IPC stream: {e}"))?;
    let schema = reader.schema();
    let mut table = Table {
        columns: schema.fields().iter().map(|f| f.name().clone()).collect(),
        numeric: schema
            .fields()
            .iter()
            .map(|f| {
                matches!(
                    f.data_type(),
                    DataType::Int64 | DataType::Float64 | DataType::UInt64
                )
            })
            .collect(),
        rows: Vec::new(),
    };
    for batch in reader {
        let batch = batch.map_err(|e| format!("bad Arrow batch: {e}"))?;
        append_rows(&mut table, &batch);
    }
    Ok(table)
}

fn append_rows(table: &mut Table, batch: &RecordBatch) {
    for r in 0..batch.num_rows() {
        table.rows.push(
            batch
                .columns()
                .iter()
                .map(|c| cell(c.as_ref(), r))
                .collect(),
        );
    }
}

fn cell(col: &dyn Array, r: usize) -> String {
    if col.is_null(r) {
        return String::new();
    }
    match col.data_type() {
        DataType::Utf8 => col.as_string::<i32>().value(r).to_owned(),
        DataType::LargeUtf8 => col.as_string::<i64>().value(r).to_owned(),
        DataType::Utf8View => col.as_string_view().value(r).to_owned(),
        DataType::Int64 => group_thousands(&col.as_primitive::<Int64Type>().value(r).to_string()),
        DataType::Float64 => format_float(col.as_primitive::<Float64Type>().value(r)),
        DataType::Date32 => format_days(col.as_primitive::<Date32Type>().value(r)),
        DataType::Boolean => col.as_boolean().value(r).to_string(),
        other => format!("({other})"),
    }
}

/// `1234567.891` → `1,234,567.89`; whole numbers without decimals.
pub fn format_float(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return group_thousands(&format!("{v:.0}"));
    }
    let s = format!("{v:.2}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    format!("{}.{frac}", group_thousands(int))
}

/// Inserts `,` every three digits of an integer text (keeps a leading `-`).
pub fn group_thousands(int: &str) -> String {
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use arrow_array::{BooleanArray, Date32Array, Float64Array, Int64Array, StringArray};
    use arrow_ipc::writer::StreamWriter;
    use arrow_schema::{Field, Schema};

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(group_thousands("1234567"), "1,234,567");
        assert_eq!(group_thousands("-1000"), "-1,000");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(format_float(1234.5), "1,234.50");
        assert_eq!(format_float(3e6), "3,000,000");
        assert_eq!(format_float(-0.25), "-0.25");
    }

    #[test]
    fn decodes_a_stream_with_every_type_and_nulls() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("name", DataType::Utf8, true),
            Field::new("n", DataType::Int64, true),
            Field::new("x", DataType::Float64, true),
            Field::new("d", DataType::Date32, true),
            Field::new("b", DataType::Boolean, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![Some("휴대폰"), None])),
                Arc::new(Int64Array::from(vec![Some(12345), None])),
                Arc::new(Float64Array::from(vec![Some(0.5), None])),
                Arc::new(Date32Array::from(vec![Some(18_262), None])),
                Arc::new(BooleanArray::from(vec![Some(true), None])),
            ],
        )
        .expect("batch");
        let mut w = StreamWriter::try_new(Vec::new(), &schema).expect("writer");
        w.write(&batch).expect("write");
        w.write(&batch).expect("write");
        w.finish().expect("finish");
        let table = decode_stream(&w.into_inner().expect("bytes")).expect("decode");
        assert_eq!(table.columns, ["name", "n", "x", "d", "b"]);
        assert_eq!(table.numeric, [false, true, true, false, false]);
        assert_eq!(table.rows.len(), 4);
        assert_eq!(
            table.rows[0],
            ["휴대폰", "12,345", "0.50", "2020-01-01", "true"]
        );
        assert!(table.rows[1].iter().all(String::is_empty));
        assert!(decode_stream(b"not arrow").is_err());
    }
}
