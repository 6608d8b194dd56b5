//! The formats of an extract, each written batch by batch: every call returns the bytes ready
//! to send, so no answer is ever built whole in memory.
//!
//! - Arrow IPC stream: the schema, then one message per batch.
//! - CSV as Excel opens it: UTF-8 with a byte-order mark, a header row (also when there are no
//!   rows), RFC 4180 quoting, missing values as empty fields, dates as `YYYY-MM-DD`; text cells
//!   that a spreadsheet would run as a formula are shown as text
//!   ([`portal_core::text::spreadsheet_safe`]).
//! - Parquet, row group by row group ([`PARQUET_ROW_GROUP`] rows each).
//! - JSON: one array of row objects.

use std::io::Write;
use std::sync::{Arc, Mutex};

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use bytes::Bytes;
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use portal_core::text::spreadsheet_safe;

/// Rows per Parquet row group: what a download holds in memory before it is sent.
pub const PARQUET_ROW_GROUP: usize = 65_536;

/// The format of an extract (`?format=`), shared with the client.
pub use portal_core::api::ExtractFormat as Format;

/// A growable buffer the writers write into and the sender drains.
#[derive(Debug, Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Sink {
    fn take(&self) -> Bytes {
        Bytes::from(std::mem::take(
            &mut *self.0.lock().unwrap_or_else(|p| p.into_inner()),
        ))
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

enum Writer {
    Arrow(StreamWriter<Sink>),
    Csv(arrow_csv::Writer<Sink>),
    Parquet(ArrowWriter<Sink>),
    Json(arrow_json::ArrayWriter<Sink>),
}

/// Encodes one extract in one format. Text goes out as plain UTF-8 in every format, whatever
/// string type the engine read it as (`Utf8View` for the datasets): the client and downloads
/// see the same types, and the same Arrow IPC bytes, as when the engine read `Utf8`.
pub struct Encoder {
    sink: Sink,
    writer: Writer,
}

fn parquet_err(e: parquet::errors::ParquetError) -> ArrowError {
    ArrowError::ExternalError(Box::new(e))
}

impl Encoder {
    /// Starts an answer of `schema` in `format` (the Arrow schema message, the CSV byte-order
    /// mark and header, the Parquet magic are ready at once in [`Encoder::ready`]).
    pub fn new(format: Format, schema: &SchemaRef) -> Result<Self, ArrowError> {
        let schema = &plain_text_schema(schema);
        let sink = Sink::default();
        let writer = match format {
            Format::Arrow => Writer::Arrow(StreamWriter::try_new(sink.clone(), schema)?),
            Format::Csv => {
                sink.clone().write_all("\u{feff}".as_bytes())?;
                let mut w = arrow_csv::WriterBuilder::new()
                    .with_header(true)
                    .build(sink.clone());
                w.write(&RecordBatch::new_empty(schema.clone()))?;
                Writer::Csv(w)
            }
            Format::Parquet => {
                let props = WriterProperties::builder()
                    .set_max_row_group_row_count(Some(PARQUET_ROW_GROUP))
                    .build();
                Writer::Parquet(
                    ArrowWriter::try_new(sink.clone(), schema.clone(), Some(props))
                        .map_err(parquet_err)?,
                )
            }
            Format::Json => Writer::Json(arrow_json::ArrayWriter::new(sink.clone())),
        };
        Ok(Self { sink, writer })
    }

    /// The bytes written so far and not yet taken.
    pub fn ready(&self) -> Bytes {
        self.sink.take()
    }

    /// Encodes one batch; returns the bytes ready to send (a Parquet answer sends only whole
    /// row groups, so often nothing).
    pub fn write(&mut self, batch: &RecordBatch) -> Result<Bytes, ArrowError> {
        match &mut self.writer {
            Writer::Csv(w) => w.write(&csv_safe(batch)?)?,
            Writer::Arrow(w) => w.write(&plain_text(batch)?)?,
            Writer::Parquet(w) => w.write(&plain_text(batch)?).map_err(parquet_err)?,
            Writer::Json(w) => w.write(&plain_text(batch)?)?,
        }
        Ok(self.sink.take())
    }

    /// Ends the answer; returns the last bytes (the Arrow end marker, the Parquet footer, the
    /// closing bracket of JSON).
    pub fn finish(self) -> Result<Bytes, ArrowError> {
        match self.writer {
            Writer::Arrow(mut w) => w.finish()?,
            Writer::Csv(w) => drop(w),
            Writer::Parquet(w) => {
                w.close().map_err(parquet_err)?;
            }
            Writer::Json(mut w) => w.finish()?,
        }
        Ok(self.sink.take())
    }
}

fn is_text(ty: &DataType) -> bool {
    matches!(
        ty,
        DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8
    )
}

/// `schema` with its text columns as plain UTF-8, whatever the engine's string type.
fn plain_text_schema(schema: &SchemaRef) -> SchemaRef {
    if !schema
        .fields()
        .iter()
        .any(|f| is_text(f.data_type()) && f.data_type() != &DataType::Utf8)
    {
        return schema.clone();
    }
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8View | DataType::LargeUtf8 => {
                f.as_ref().clone().with_data_type(DataType::Utf8)
            }
            _ => f.as_ref().clone(),
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// `batch` with its text columns as plain UTF-8 (a copy only where they are not).
fn plain_text(batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    let schema = plain_text_schema(&batch.schema());
    if Arc::ptr_eq(&schema, &batch.schema()) {
        return Ok(batch.clone());
    }
    let columns = batch
        .columns()
        .iter()
        .map(|c| match c.data_type() {
            DataType::Utf8View | DataType::LargeUtf8 => {
                datafusion::arrow::compute::cast(c, &DataType::Utf8)
            }
            _ => Ok(c.clone()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new(schema, columns)
}

/// `batch` with text as plain UTF-8 ([`plain_text`]) and every text cell made
/// [`spreadsheet_safe`].
fn csv_safe(batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    let batch = plain_text(batch)?;
    let columns = batch
        .columns()
        .iter()
        .map(|c| -> ArrayRef {
            match c.as_string_opt::<i32>() {
                Some(text) => Arc::new(
                    text.iter()
                        .map(|v| v.map(|s| spreadsheet_safe(s).into_owned()))
                        .collect::<StringArray>(),
                ),
                None => c.clone(),
            }
        })
        .collect();
    RecordBatch::try_new(batch.schema(), columns)
}

/// A whole answer at once (tests and small callers).
pub fn encode_all(
    format: Format,
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<Vec<u8>, ArrowError> {
    let mut e = Encoder::new(format, schema)?;
    let mut out = e.ready().to_vec();
    for b in batches {
        out.extend_from_slice(&e.write(b)?);
    }
    out.extend_from_slice(&e.finish()?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use arrow_array::{Date32Array, Float64Array};

    use super::*;

    #[test]
    fn text_goes_out_as_plain_utf8_whatever_the_engine_read_it_as() {
        let schema = Arc::new(Schema::new(vec![Field::new(
            "office",
            DataType::Utf8View,
            true,
        )]));
        let view =
            arrow_array::StringViewArray::from(vec![Some("부산세관 본관 (a long name)"), None]);
        let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(view)]).expect("batch");
        let bytes = encode_all(Format::Arrow, &schema, &[batch]).expect("encode");
        let mut r = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None)
            .expect("reader");
        assert_eq!(r.schema().field(0).data_type(), &DataType::Utf8);
        let back = r.next().expect("a batch").expect("read");
        let text = back
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .expect("utf8");
        assert_eq!(text.value(0), "부산세관 본관 (a long name)");
        assert!(text.is_null(1));
    }

    fn sample() -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("item", DataType::Utf8, true),
            Field::new("value", DataType::Float64, true),
            Field::new("day", DataType::Date32, true),
        ]));
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec![
                    Some("휴대폰, 부품"),
                    Some("그는 \"저가\"라고"),
                    None,
                    Some("줄\n바꿈"),
                    Some("=HYPERLINK(\"http://x\")"),
                ])),
                Arc::new(Float64Array::from(vec![
                    Some(1.5),
                    None,
                    Some(-2.0),
                    Some(0.0),
                    Some(-1.0),
                ])),
                Arc::new(Date32Array::from(vec![
                    Some(18_262),
                    Some(0),
                    None,
                    Some(1),
                    Some(2),
                ])),
            ],
        )
        .expect("batch")
    }

    #[test]
    fn csv_has_a_bom_quotes_korean_commas_quotes_and_nulls_and_defuses_formulas() {
        let batch = sample();
        let bytes = encode_all(Format::Csv, &batch.schema(), &[batch]).expect("csv");
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark first");
        let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
        assert_eq!(
            text,
            "item,value,day\n\"휴대폰, 부품\",1.5,2020-01-01\n\"그는 \"\"저가\"\"라고\",,1970-01-01\n,-2.0,\n\"줄\n바꿈\",0.0,1970-01-02\n\"'=HYPERLINK(\"\"http://x\"\")\",-1.0,1970-01-03\n"
        );
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(&rows[0][0], "휴대폰, 부품");
        assert_eq!(&rows[1][0], "그는 \"저가\"라고");
        assert_eq!(&rows[2][0], "");
    }

    #[test]
    fn an_empty_csv_still_has_its_header() {
        let schema = sample().schema();
        let bytes = encode_all(Format::Csv, &schema, &[]).expect("csv");
        assert_eq!(&bytes[3..], b"item,value,day\n");
    }

    #[test]
    fn parquet_and_json_read_back_whole_when_written_batch_by_batch() {
        let batch = sample();
        let schema = batch.schema();
        let batches = vec![batch.clone(); 3];
        let pq = encode_all(Format::Parquet, &schema, &batches).expect("parquet");
        let reader =
            parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(Bytes::from(pq))
                .expect("parquet reader")
                .build()
                .expect("build");
        let rows: usize = reader.map(|b| b.expect("batch").num_rows()).sum();
        assert_eq!(rows, 15);
        let json = encode_all(Format::Json, &schema, &batches).expect("json");
        let v: serde_json::Value = serde_json::from_slice(&json).expect("json parses");
        assert_eq!(v.as_array().map(Vec::len), Some(15));
        let empty = encode_all(Format::Json, &schema, &[]).expect("json");
        assert_eq!(empty, b"[]");
        let arrow = encode_all(Format::Arrow, &schema, &batches).expect("arrow");
        let reader = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(arrow), None)
            .expect("ipc");
        assert_eq!(reader.map(|b| b.expect("b").num_rows()).sum::<usize>(), 15);
    }
}
