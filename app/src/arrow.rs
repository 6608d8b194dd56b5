//! The client's only Arrow IPC decoder: turns an extract stream into a columnar [`Frame`]
//! (analysis results, charts) or a small table of display strings (previews).
//!
//! Numbers are formatted as in the Korean locale (`1,234,567.8`: comma thousands separators),
//! dates as `YYYY-MM-DD`, missing values as an empty cell.

use std::cmp::Ordering;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float32Type, Float64Type, Int64Type, UInt32Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::Buffer;
use arrow_ipc::reader::{StreamDecoder, StreamReader};
use arrow_schema::{DataType, SchemaRef};
use portal_core::analysis::ColumnKind;
use portal_core::date::format_days;

/// A decoded result: one Arrow array per column (batches concatenated).
#[derive(Debug, Clone)]
pub struct Frame {
    /// Column names and types.
    pub schema: SchemaRef,
    /// One array per column, all `rows` long.
    pub columns: Vec<ArrayRef>,
    /// Row count.
    pub rows: usize,
}

/// Push decoder: feed it the stream's chunks as they arrive; it keeps the batches.
#[derive(Debug, Default)]
pub struct Incremental {
    decoder: StreamDecoder,
    batches: Vec<RecordBatch>,
    rows: usize,
}

impl Incremental {
    /// Decodes every complete message in `chunk`; returns the rows decoded so far.
    pub fn push(&mut self, chunk: Vec<u8>) -> Result<usize, String> {
        let mut buf = Buffer::from_vec(chunk);
        while !buf.is_empty() {
            match self
                .decoder
                .decode(&mut buf)
                .map_err(|e| format!("bad Arrow stream: {e}"))?
            {
                Some(batch) => {
                    self.rows += batch.num_rows();
                    self.batches.push(batch);
                }
                None => {
                    if buf.is_empty() {
                        break;
                    }
                }
            }
        }
        Ok(self.rows)
    }

    /// The frame, once the stream has ended.
    pub fn finish(mut self) -> Result<Frame, String> {
        self.decoder
            .finish()
            .map_err(|e| format!("the Arrow stream ended early: {e}"))?;
        let schema = self
            .decoder
            .schema()
            .ok_or("the Arrow stream had no schema")?;
        Frame::from_batches(schema, &self.batches)
    }
}

impl Frame {
    /// Concatenates `batches` column by column.
    pub fn from_batches(schema: SchemaRef, batches: &[RecordBatch]) -> Result<Frame, String> {
        let columns = (0..schema.fields().len())
            .map(|i| {
                let parts: Vec<&dyn Array> = batches.iter().map(|b| b.column(i).as_ref()).collect();
                if parts.is_empty() {
                    Ok(arrow_array::new_empty_array(schema.field(i).data_type()))
                } else {
                    arrow_select::concat::concat(&parts).map_err(|e| e.to_string())
                }
            })
            .collect::<Result<Vec<_>, String>>()?;
        let rows = columns.first().map_or(0, |c| c.len());
        Ok(Frame {
            schema,
            columns,
            rows,
        })
    }

    /// Decodes a whole Arrow IPC stream.
    pub fn decode(bytes: &[u8]) -> Result<Frame, String> {
        let mut inc = Incremental::default();
        inc.push(bytes.to_vec())?;
        inc.finish()
    }

    /// The first `rows` rows (all of them when there are fewer).
    pub fn head(&self, rows: usize) -> Frame {
        let rows = rows.min(self.rows);
        Frame {
            schema: self.schema.clone(),
            columns: self.columns.iter().map(|c| c.slice(0, rows)).collect(),
            rows,
        }
    }

    /// Column names.
    pub fn names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The position of column `name`; an error naming it when the frame has none (a server
    /// answer missing a column its reader needs).
    pub fn column(&self, name: &str) -> Result<usize, String> {
        self.schema
            .index_of(name)
            .map_err(|_| format!("the answer has no {name} column"))
    }

    /// What each column holds, for charting.
    pub fn kinds(&self) -> Vec<(String, ColumnKind)> {
        self.schema
            .fields()
            .iter()
            .map(|f| (f.name().clone(), kind_of(f.data_type())))
            .collect()
    }

    /// The display text of a cell (Korean-locale numbers, ISO dates, empty when missing).
    pub fn text(&self, row: usize, col: usize) -> String {
        cell(self.columns[col].as_ref(), row)
    }

    /// A cell as a number (numbers; dates as days since 1970), `None` when missing or text.
    pub fn number(&self, row: usize, col: usize) -> Option<f64> {
        let c = self.columns[col].as_ref();
        if c.is_null(row) {
            return None;
        }
        match c.data_type() {
            DataType::Int64 => Some(c.as_primitive::<Int64Type>().value(row) as f64),
            DataType::UInt32 => Some(f64::from(c.as_primitive::<UInt32Type>().value(row))),
            DataType::Float64 => Some(c.as_primitive::<Float64Type>().value(row)),
            DataType::Float32 => Some(f64::from(c.as_primitive::<Float32Type>().value(row))),
            DataType::Date32 => Some(f64::from(c.as_primitive::<Date32Type>().value(row))),
            _ => None,
        }
    }

    /// Row order sorted by column `col` (missing values last), stable.
    pub fn sorted_order(&self, col: usize, descending: bool) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.rows as u32).collect();
        let c = self.columns[col].as_ref();
        let numeric = !matches!(
            c.data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Boolean
        );
        let cmp = |a: &u32, b: &u32| -> Ordering {
            let (a, b) = (*a as usize, *b as usize);
            match (c.is_null(a), c.is_null(b)) {
                (true, true) => return Ordering::Equal,
                (true, false) => return Ordering::Greater,
                (false, true) => return Ordering::Less,
                _ => {}
            }
            let o = if numeric {
                let (x, y) = (self.number(a, col), self.number(b, col));
                x.partial_cmp(&y).unwrap_or(Ordering::Equal)
            } else {
                self.text(a, col).cmp(&self.text(b, col))
            };
            if descending { o.reverse() } else { o }
        };
        order.sort_by(cmp);
        order
    }
}

fn kind_of(t: &DataType) -> ColumnKind {
    match t {
        DataType::Int64 | DataType::Float64 | DataType::UInt64 | DataType::Int32 => {
            ColumnKind::Number
        }
        DataType::Date32 => ColumnKind::Date,
        _ => ColumnKind::Text,
    }
}

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

    fn stream_of(batches: &[RecordBatch]) -> Vec<u8> {
        let mut w = StreamWriter::try_new(Vec::new(), &batches[0].schema()).expect("writer");
        for b in batches {
            w.write(b).expect("write");
        }
        w.finish().expect("finish");
        w.into_inner().expect("bytes")
    }

    #[test]
    fn frames_decode_in_chunks_of_any_size_and_sort() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("office", DataType::Utf8, true),
            Field::new("n", DataType::Int64, true),
        ]));
        let b1 = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![Some("인천"), Some("부산")])),
                Arc::new(Int64Array::from(vec![Some(5), None])),
            ],
        )
        .expect("batch");
        let b2 = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec![None, Some("서울")])),
                Arc::new(Int64Array::from(vec![Some(7), Some(-1)])),
            ],
        )
        .expect("batch");
        let bytes = stream_of(&[b1, b2]);
        for chunk in [1, 7, 100, bytes.len()] {
            let mut inc = Incremental::default();
            let mut seen = 0;
            for part in bytes.chunks(chunk) {
                seen = inc.push(part.to_vec()).expect("push");
            }
            assert_eq!(seen, 4, "chunk {chunk}");
            let f = inc.finish().expect("frame");
            assert_eq!(f.rows, 4);
            assert_eq!(f.names(), ["office", "n"]);
            assert_eq!(f.kinds()[1].1, ColumnKind::Number);
            assert_eq!(f.text(0, 0), "인천");
            assert_eq!(f.number(3, 1), Some(-1.0));
            assert_eq!(f.sorted_order(1, false), [3, 0, 2, 1], "missing last");
            assert_eq!(f.sorted_order(1, true), [2, 0, 3, 1]);
            assert_eq!(f.sorted_order(0, false), [1, 3, 0, 2]);
        }
        let mut cut = Incremental::default();
        cut.push(bytes[..bytes.len() - 9].to_vec())
            .expect("partial is fine");
        assert!(cut.finish().is_err(), "a stream cut short is an error");
    }
}
