//! Writing a dataset's Parquet file row by row, in the column order of its [`DatasetDef`].

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use portal_core::datasets::{ColumnType, DatasetDef};

use crate::error::Error;

/// Rows per record batch handed to the Parquet writer.
const BATCH_ROWS: usize = 65_536;
/// Rows per Parquet row group: large enough for fast scans, small enough for pruning.
pub const ROW_GROUP_ROWS: usize = 262_144;

/// The Arrow type of a column type.
pub fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Text => DataType::Utf8,
        ColumnType::Int => DataType::Int64,
        ColumnType::Float => DataType::Float64,
        ColumnType::Date => DataType::Date32,
        ColumnType::Bool => DataType::Boolean,
    }
}

/// The Arrow schema of a dataset, as written to Parquet.
pub fn arrow_schema(ds: &DatasetDef) -> SchemaRef {
    Arc::new(Schema::new(
        ds.columns
            .iter()
            .map(|c| Field::new(c.name, arrow_type(c.ty), c.nullable))
            .collect::<Vec<_>>(),
    ))
}

enum Col {
    Text(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Date(Date32Builder),
    Bool(BooleanBuilder),
}

impl Col {
    fn new(ty: ColumnType) -> Self {
        match ty {
            ColumnType::Text => Col::Text(StringBuilder::with_capacity(BATCH_ROWS, BATCH_ROWS * 8)),
            ColumnType::Int => Col::Int(Int64Builder::with_capacity(BATCH_ROWS)),
            ColumnType::Float => Col::Float(Float64Builder::with_capacity(BATCH_ROWS)),
            ColumnType::Date => Col::Date(Date32Builder::with_capacity(BATCH_ROWS)),
            ColumnType::Bool => Col::Bool(BooleanBuilder::with_capacity(BATCH_ROWS)),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Col::Text(b) => Arc::new(b.finish()),
            Col::Int(b) => Arc::new(b.finish()),
            Col::Float(b) => Arc::new(b.finish()),
            Col::Date(b) => Arc::new(b.finish()),
            Col::Bool(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Col::Text(b) => b.len(),
            Col::Int(b) => b.len(),
            Col::Float(b) => b.len(),
            Col::Date(b) => b.len(),
            Col::Bool(b) => b.len(),
        }
    }
}

/// Appends rows to one Parquet file of a dataset. Values of a row are pushed in column order
/// with the typed methods, then [`TableWriter::end_row`]; a value of the wrong type panics
/// (a programming error, caught by the generator's tests).
pub struct TableWriter {
    name: &'static str,
    schema: SchemaRef,
    cols: Vec<Col>,
    cursor: usize,
    rows: u64,
    writer: ArrowWriter<File>,
}

impl TableWriter {
    /// Creates (truncates) `path` for rows of `ds`.
    pub fn create(path: &Path, ds: &DatasetDef) -> Result<Self, Error> {
        let file = File::create(path)
            .map_err(|e| Error::internal(format!("creating {}", path.display()), e))?;
        let schema = arrow_schema(ds);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| {
            Error::internal(format!("opening Parquet writer {}", path.display()), e)
        })?;
        Ok(Self {
            name: ds.name,
            schema,
            cols: ds.columns.iter().map(|c| Col::new(c.ty)).collect(),
            cursor: 0,
            rows: 0,
            writer,
        })
    }

    fn next_col(&mut self) -> &mut Col {
        let i = self.cursor;
        self.cursor += 1;
        &mut self.cols[i]
    }

    /// Next value: text.
    pub fn text(&mut self, v: Option<&str>) -> &mut Self {
        match self.next_col() {
            Col::Text(b) => b.append_option(v),
            _ => panic!("{}: column {} is not text", self.name, self.cursor - 1),
        }
        self
    }

    /// Next value: integer.
    pub fn int(&mut self, v: Option<i64>) -> &mut Self {
        match self.next_col() {
            Col::Int(b) => b.append_option(v),
            _ => panic!("{}: column {} is not int", self.name, self.cursor - 1),
        }
        self
    }

    /// Next value: float.
    pub fn float(&mut self, v: Option<f64>) -> &mut Self {
        match self.next_col() {
            Col::Float(b) => b.append_option(v),
            _ => panic!("{}: column {} is not float", self.name, self.cursor - 1),
        }
        self
    }

    /// Next value: date as days since 1970-01-01.
    pub fn date(&mut self, v: Option<i32>) -> &mut Self {
        match self.next_col() {
            Col::Date(b) => b.append_option(v),
            _ => panic!("{}: column {} is not a date", self.name, self.cursor - 1),
        }
        self
    }

    /// Next value: boolean.
    pub fn bool(&mut self, v: Option<bool>) -> &mut Self {
        match self.next_col() {
            Col::Bool(b) => b.append_option(v),
            _ => panic!("{}: column {} is not bool", self.name, self.cursor - 1),
        }
        self
    }

    /// Closes the current row; writes a batch when enough rows are buffered.
    pub fn end_row(&mut self) -> Result<(), Error> {
        assert_eq!(
            self.cursor,
            self.cols.len(),
            "{}: row has wrong arity",
            self.name
        );
        self.cursor = 0;
        self.rows += 1;
        if self.cols[0].len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.cols[0].len() == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)
            .map_err(|e| Error::internal(format!("building a {} batch", self.name), e))?;
        self.writer
            .write(&batch)
            .map_err(|e| Error::internal(format!("writing {}", self.name), e))
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes and closes the file; returns the row count.
    pub fn finish(mut self) -> Result<u64, Error> {
        self.flush()?;
        self.writer
            .close()
            .map_err(|e| Error::internal(format!("closing {}", self.name), e))?;
        Ok(self.rows)
    }
}
