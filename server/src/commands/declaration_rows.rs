//! Declaration rows of the portal's `import_declaration` columns, read batch by batch into a
//! model's row type from a `portal generate` output folder, one Parquet file, or a CSV with the
//! portal's column names (each column read as the catalog types it, so codes keep their leading
//! zeros and a number that does not parse is refused with its line): what the training exports
//! and `portal score --model high-risk` read.

use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema};
use portal_scoring::ScoringError;

use super::scoring::input_error;
use crate::data::table::arrow_type;
use crate::error::{Error, ErrorCode};

/// The Parquet files under `dir`, in its folders too (a partitioned dataset's).
fn parquet_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            parquet_files(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "parquet") {
            out.push(path);
        }
    }
    Ok(())
}

/// The rows of `path` made by `rows_of` from each record batch.
pub fn read_rows<T>(
    path: &Path,
    rows_of: fn(&RecordBatch) -> Result<Vec<T>, ScoringError>,
) -> Result<Vec<T>, Error> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let bad = |m: String| Error::client(ErrorCode::InvalidInput, m);
    if path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
    {
        return read_csv(path, rows_of);
    }
    let files: Vec<PathBuf> = if path.is_dir() {
        let dir = path.join("import_declaration");
        let mut f = Vec::new();
        parquet_files(&dir, &mut f)
            .map_err(|e| bad(format!("cannot read {}: {e}", dir.display())))?;
        f.sort();
        f
    } else {
        vec![path.to_path_buf()]
    };
    if files.is_empty() {
        return Err(bad(format!(
            "{}: no import_declaration Parquet files",
            path.display()
        )));
    }
    let mut rows = Vec::new();
    for f in files {
        let file = std::fs::File::open(&f)
            .map_err(|e| bad(format!("cannot open {}: {e}", f.display())))?;
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|b| b.with_batch_size(65_536).build())
            .map_err(|e| bad(format!("{}: not Parquet: {e}", f.display())))?;
        for batch in reader {
            let batch = batch.map_err(|e| bad(format!("{}: {e}", f.display())))?;
            rows.extend(rows_of(&batch).map_err(|e| input_error(&f, e))?);
        }
    }
    Ok(rows)
}

fn read_csv<T>(
    path: &Path,
    rows_of: fn(&RecordBatch) -> Result<Vec<T>, ScoringError>,
) -> Result<Vec<T>, Error> {
    use arrow_csv::reader::{Format, ReaderBuilder};
    let bad =
        |m: String| Error::client(ErrorCode::InvalidInput, format!("{}: {m}", path.display()));
    let open = || std::fs::File::open(path).map_err(|e| bad(format!("cannot open: {e}")));
    let format = Format::default().with_header(true);
    let (header, _) = format
        .infer_schema(std::io::BufReader::new(open()?), Some(0))
        .map_err(|e| bad(format!("not a CSV of declarations: {e}")))?;
    // The catalog's type for the portal's columns; anything else is read as text.
    let columns = portal_core::datasets::dataset("import_declaration");
    let fields: Vec<Field> = header
        .fields()
        .iter()
        .map(|f| {
            let name = f.name().trim_start_matches('\u{feff}');
            let ty = columns
                .and_then(|d| d.column(name))
                .map_or(DataType::Utf8, |c| arrow_type(c.ty));
            Field::new(name, ty, true)
        })
        .collect();
    let reader = ReaderBuilder::new(std::sync::Arc::new(Schema::new(fields)))
        .with_format(format)
        .with_batch_size(65_536)
        .build(std::io::BufReader::new(open()?))
        .map_err(|e| bad(e.to_string()))?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| bad(e.to_string()))?;
        // A missing column is the header's fault: line 1.
        let rows_of_batch = rows_of(&batch).map_err(|e| match e {
            ScoringError::Input { line: 0, message } => ScoringError::Input { line: 1, message },
            other => other,
        });
        rows.extend(rows_of_batch.map_err(|e| input_error(path, e))?);
    }
    Ok(rows)
}
