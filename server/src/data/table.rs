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
use parquet::schema::types::ColumnPath;
use portal_core::datasets::{ColumnType, DatasetDef};

use crate::error::Error;

/// Rows per record batch handed to the Parquet writer.
const BATCH_ROWS: usize = 65_536;
/// Rows per Parquet row group: large enough for fast scans, small enough for pruning and for
/// the memory of a streamed extract, which holds one row group's column chunks while it reads
/// them (about 4.5 MB compressed at this size; a quarter of what 262,144 rows held).
pub const ROW_GROUP_ROWS: usize = 65_536;

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

/// How every Parquet file of `ds` is written (by the generator, the CDD import and the
/// partitioning alike).
pub fn writer_properties(ds: &DatasetDef) -> WriterProperties {
    let mut props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS));
    // Decimals (prices, masses, rates) are nearly all distinct and Snappy saves little on
    // them (51 of 65 MB for item_price at 10M declarations), while decompressing and
    // looking up a dictionary is most of what summing them costs: plain and uncompressed,
    // the sum of item_price over 10M declarations took 16 ms instead of 49 and top-20 HS6
    // by value 59 instead of 86, for a file 1.1 GB instead of 0.78.
    for c in ds.columns.iter().filter(|c| c.ty == ColumnType::Float) {
        let path = ColumnPath::from(c.name);
        props = props
            .set_column_dictionary_enabled(path.clone(), false)
            .set_column_compression(path, Compression::UNCOMPRESSED);
    }
    props.build()
}

/// Appends rows to one Parquet file of a dataset, column by column: each column of a row is
/// set once by its position (see [`RowWriter`], which sets them by name), then
/// [`TableWriter::end_row`] checks that the row is whole.
pub struct TableWriter {
    name: &'static str,
    schema: SchemaRef,
    cols: Vec<Col>,
    rows: u64,
    buffered: usize,
    writer: ArrowWriter<File>,
}

impl TableWriter {
    /// Creates (truncates) `path` for rows of `ds`.
    pub fn create(path: &Path, ds: &DatasetDef) -> Result<Self, Error> {
        let file = File::create(path)
            .map_err(|e| Error::internal(format!("creating {}", path.display()), e))?;
        let schema = arrow_schema(ds);
        let props = writer_properties(ds);
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| {
            Error::internal(format!("opening Parquet writer {}", path.display()), e)
        })?;
        Ok(Self {
            name: ds.name,
            schema,
            cols: ds.columns.iter().map(|c| Col::new(c.ty)).collect(),
            rows: 0,
            buffered: 0,
            writer,
        })
    }

    /// Sets text column `i` of the current row (ignored for a column of another type, which
    /// [`TableWriter::end_row`] then reports).
    pub fn text(&mut self, i: usize, v: Option<&str>) {
        if let Some(Col::Text(b)) = self.cols.get_mut(i) {
            b.append_option(v);
        }
    }

    /// Sets integer column `i` of the current row.
    pub fn int(&mut self, i: usize, v: Option<i64>) {
        if let Some(Col::Int(b)) = self.cols.get_mut(i) {
            b.append_option(v);
        }
    }

    /// Sets float column `i` of the current row. A negative zero (a small negative value
    /// rounded) is written as zero: officers and SQL engines count them as one value, and
    /// DataFusion would group them apart.
    pub fn float(&mut self, i: usize, v: Option<f64>) {
        if let Some(Col::Float(b)) = self.cols.get_mut(i) {
            b.append_option(v.map(|x| if x == 0.0 { 0.0 } else { x }));
        }
    }

    /// Sets date column `i` (days since 1970-01-01) of the current row.
    pub fn date(&mut self, i: usize, v: Option<i32>) {
        if let Some(Col::Date(b)) = self.cols.get_mut(i) {
            b.append_option(v);
        }
    }

    /// Sets boolean column `i` of the current row.
    pub fn bool(&mut self, i: usize, v: Option<bool>) {
        if let Some(Col::Bool(b)) = self.cols.get_mut(i) {
            b.append_option(v);
        }
    }

    /// Closes the current row, which must have every column set exactly once; writes a batch
    /// when enough rows are buffered.
    pub fn end_row(&mut self) -> Result<(), Error> {
        let want = self.buffered + 1;
        if let Some(i) = self.cols.iter().position(|c| c.len() != want) {
            return Err(Error::internal(
                format!("writing {}", self.name),
                format!(
                    "row {} sets column {i} {} times",
                    self.rows,
                    self.cols[i].len() as i64 - self.buffered as i64
                ),
            ));
        }
        self.buffered = want;
        self.rows += 1;
        if self.buffered >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.buffered == 0 {
            return Ok(());
        }
        self.buffered = 0;
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)
            .map_err(|e| Error::internal(format!("building a {} batch", self.name), e))?;
        self.writer
            .write(&batch)
            .map_err(|e| Error::internal(format!("writing {}", self.name), e))
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

/// A typed row of one dataset (made by [`table_row!`]): its columns by name and type, and how
/// to set them.
pub trait Row {
    /// The dataset the row belongs to.
    const DATASET: &'static DatasetDef;
    /// The row's fields: column name and type, in the order [`Row::set`] sets them.
    const COLUMNS: &'static [(&'static str, ColumnType)];
    /// Sets each field into `w`, the `k`-th field at column `at[k]`.
    fn set(&self, at: &[usize], w: &mut TableWriter);
}

/// A dataset's row type whatever the lifetime of the text it borrows (made by [`table_row!`]).
pub trait Table {
    /// The row, borrowing its text for `'a`.
    type Row<'a>: Row;
}

/// Writes typed rows of table `T` into one Parquet file. Column positions are found by name
/// once, when the file is created; a row type that misses a column of the dataset, or names one
/// it does not have or with another type, is refused there.
pub struct RowWriter<T: Table> {
    w: TableWriter,
    at: Vec<usize>,
    table: std::marker::PhantomData<T>,
}

impl<T: Table> RowWriter<T> {
    /// Creates (truncates) `path`.
    pub fn create(path: &Path) -> Result<Self, Error> {
        let ds = <T::Row<'static> as Row>::DATASET;
        let columns = <T::Row<'static> as Row>::COLUMNS;
        let mismatch = |what: String| Error::internal(format!("writing {}", ds.name), what);
        let mut at = Vec::with_capacity(columns.len());
        for (name, ty) in columns {
            let i = ds
                .columns
                .iter()
                .position(|c| c.name == *name)
                .ok_or_else(|| mismatch(format!("no column {name}")))?;
            if ds.columns[i].ty != *ty {
                return Err(mismatch(format!("column {name} is not {ty:?}")));
            }
            at.push(i);
        }
        if let Some(c) = ds
            .columns
            .iter()
            .find(|c| !columns.iter().any(|(n, _)| *n == c.name))
        {
            return Err(mismatch(format!("the row type does not set {}", c.name)));
        }
        Ok(Self {
            w: TableWriter::create(path, ds)?,
            at,
            table: std::marker::PhantomData,
        })
    }

    /// Appends one row.
    pub fn write(&mut self, row: &T::Row<'_>) -> Result<(), Error> {
        row.set(&self.at, &mut self.w);
        self.w.end_row()
    }

    /// Flushes and closes the file; returns the row count.
    pub fn finish(self) -> Result<u64, Error> {
        self.w.finish()
    }
}

/// Declares a typed row of a dataset and its [`Table`]: a struct with one field per column,
/// named as the column,
/// typed by the column's kind (`text`: `Option<&str>`, `int`: `Option<i64>`, `float`:
/// `Option<f64>`, `date`: `Option<i32>` days, `bool`: `Option<bool>`), and its [`Row`] impl.
/// Every row type has a text column, which gives the struct its lifetime.
macro_rules! table_row {
    (@ty text) => { Option<&'a str> };
    (@ty int) => { Option<i64> };
    (@ty float) => { Option<f64> };
    (@ty date) => { Option<i32> };
    (@ty bool) => { Option<bool> };
    (@ct text) => { portal_core::datasets::ColumnType::Text };
    (@ct int) => { portal_core::datasets::ColumnType::Int };
    (@ct float) => { portal_core::datasets::ColumnType::Float };
    (@ct date) => { portal_core::datasets::ColumnType::Date };
    (@ct bool) => { portal_core::datasets::ColumnType::Bool };
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a> in $table:ident for $ds:path {
            $( $field:ident: $kind:ident ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[expect(missing_docs, reason = "each field is the column of the same name (DATASETS.md)")]
        #[derive(Debug, Clone, Default)]
        pub struct $name<'a> {
            $( pub $field: table_row!(@ty $kind), )+
        }

        #[doc = concat!("The table of [`", stringify!($name), "`] rows.")]
        #[derive(Debug)]
        pub enum $table {}

        impl $crate::data::table::Table for $table {
            type Row<'a> = $name<'a>;
        }

        impl $crate::data::table::Row for $name<'_> {
            const DATASET: &'static portal_core::datasets::DatasetDef = &$ds;
            const COLUMNS: &'static [(&'static str, portal_core::datasets::ColumnType)] =
                &[$( (stringify!($field), table_row!(@ct $kind)) ),+];

            fn set(&self, at: &[usize], w: &mut $crate::data::table::TableWriter) {
                let mut at = at.iter().copied();
                $( if let Some(i) = at.next() { w.$kind(i, self.$field); } )+
            }
        }
    };
}
pub(crate) use table_row;

#[cfg(test)]
mod tests {
    use arrow_array::Float64Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use portal_core::datasets::COMPANY_FINANCIALS;

    use super::*;

    #[test]
    fn a_negative_zero_is_written_as_zero() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("t.parquet");
        let ds = &COMPANY_FINANCIALS;
        let mut w = TableWriter::create(&path, ds).expect("create");
        for v in [-0.0, -1.5, 0.0] {
            for (i, c) in ds.columns.iter().enumerate() {
                match c.ty {
                    ColumnType::Text => w.text(i, Some("x")),
                    ColumnType::Int => w.int(i, Some(1)),
                    ColumnType::Float => w.float(i, Some(v)),
                    ColumnType::Date => w.date(i, Some(0)),
                    ColumnType::Bool => w.bool(i, Some(false)),
                }
            }
            w.end_row().expect("whole row");
        }
        assert_eq!(w.finish().expect("finish"), 3);
        let file = File::open(&path).expect("open");
        let batch = ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|b| b.build())
            .expect("reader")
            .next()
            .expect("a batch")
            .expect("read");
        let at = ds.columns.iter().position(|c| c.ty == ColumnType::Float);
        let floats = batch.column(at.expect("a float column"));
        let floats = floats.as_any().downcast_ref::<Float64Array>().expect("f64");
        let bits: Vec<u64> = floats.values().iter().map(|v| v.to_bits()).collect();
        assert_eq!(
            bits,
            [0.0f64.to_bits(), (-1.5f64).to_bits(), 0.0f64.to_bits()]
        );
    }
}
