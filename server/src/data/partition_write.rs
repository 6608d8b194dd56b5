//! Rewriting a flat dataset folder as the partitioned layout of [`super::partition`]: one month
//! at a time, its rows sorted by office and date, one file per office. Memory holds one month's
//! rows, not the dataset's; the values and the files' schema are those of the flat files.

use std::fs::File;
use std::path::{Path, PathBuf};

use datafusion::common::ScalarValue;
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::{max, min};
use datafusion::prelude::{ParquetReadOptions, SessionContext, col, lit};
use futures::StreamExt;
use parquet::arrow::ArrowWriter;
use portal_core::datasets::{DATASETS, DatasetDef};
use portal_core::date::month_start;

use super::partition::{OFFICE_KEY, is_partitioned, month_key, month_of};
use super::table::{arrow_schema, writer_properties};
use crate::columns::{days, ints, text_array};
use crate::durable;
use crate::engine::engine_err;
use crate::error::Error;

/// What partitioning one dataset wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partitioned {
    /// The dataset.
    pub dataset: &'static str,
    /// Files written (one per month and office with rows).
    pub files: usize,
    /// Rows written: the rows of the flat files.
    pub rows: u64,
}

/// Datasets of fewer rows stay flat by default: a month and office of theirs would hold a few
/// rows, and a file per few rows reads slower than one file.
pub const MIN_ROWS: u64 = 1_000_000;

/// Partitions every dataset of `datasets_dir` that can be ([`month_key`]), is still flat and
/// holds at least `min_rows` rows; the others are left as they are.
pub async fn partition_all(datasets_dir: &Path, min_rows: u64) -> Result<Vec<Partitioned>, Error> {
    let mut done = Vec::new();
    for ds in &DATASETS {
        let dir = datasets_dir.join(ds.name);
        if month_key(ds).is_some() && dir.is_dir() && !is_partitioned(&dir, ds) {
            done.extend(partition_dataset(datasets_dir, ds, min_rows).await?);
        }
    }
    Ok(done)
}

/// Rewrites `<datasets_dir>/<ds>` (flat) as its partitioned layout, written beside it and
/// renamed into place once whole: a crash leaves either folder complete. `None` (nothing
/// written) when it holds fewer than `min_rows` rows.
pub async fn partition_dataset(
    datasets_dir: &Path,
    ds: &'static DatasetDef,
    min_rows: u64,
) -> Result<Option<Partitioned>, Error> {
    let (Some(key), Some(date), Some(office)) = (month_key(ds), ds.date_column, ds.office_column)
    else {
        return Err(Error::internal(
            format!("partitioning {}", ds.name),
            "the dataset has no date and office columns that are never null",
        ));
    };
    let flat = datasets_dir.join(ds.name);
    let tmp = datasets_dir.join(format!(".{}.partitioning", ds.name));
    let old = datasets_dir.join(format!(".{}.flat", ds.name));
    let io = |what: String| move |e: std::io::Error| Error::internal(what, e);
    for leftover in [&tmp, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .map_err(io(format!("clearing {}", leftover.display())))?;
        }
    }

    let ctx = SessionContext::new();
    let schema = arrow_schema(ds);
    let opts = ParquetReadOptions::default()
        .file_extension(".parquet")
        .schema(&schema);
    ctx.register_parquet("flat", &format!("{}/", flat.display()), opts)
        .await
        .map_err(engine_err("reading the flat dataset"))?;
    let table = ctx
        .table("flat")
        .await
        .map_err(engine_err("reading the flat dataset"))?;
    let range = table
        .clone()
        .aggregate(
            vec![],
            vec![
                min(col(date)).alias("first"),
                max(col(date)).alias("last"),
                count_all().alias("rows"),
            ],
        )
        .map_err(engine_err("planning the date range"))?
        .collect()
        .await
        .map_err(engine_err("reading the date range"))?;
    let (first, last, rows) = match range.iter().find(|b| b.num_rows() > 0) {
        Some(b) => (
            days(b, "first")?[0],
            days(b, "last")?[0],
            ints(b, "rows")?[0],
        ),
        None => (None, None, 0),
    };
    if u64::try_from(rows).unwrap_or(0) < min_rows {
        return Ok(None);
    }
    let mut out = Partitioned {
        dataset: ds.name,
        files: 0,
        rows: 0,
    };
    if let (Some(first), Some(last)) = (first, last) {
        let mut month = month_start(first);
        while month <= last {
            // A month's first day plus 31 days falls in the next month.
            let next = month_start(month + 31);
            let rows = table
                .clone()
                .filter(
                    col(date)
                        .gt_eq(lit(ScalarValue::Date32(Some(month))))
                        .and(col(date).lt(lit(ScalarValue::Date32(Some(next))))),
                )
                .and_then(|df| {
                    df.sort(vec![
                        col(office).sort(true, false),
                        col(date).sort(true, false),
                    ])
                })
                .map_err(engine_err("planning a month"))?;
            let folder = tmp.join(format!("{key}={}", month_of(month)));
            let (files, n) = write_month(rows, &folder, ds, office).await?;
            out.files += files;
            out.rows += n;
            month = next;
        }
    }
    std::fs::create_dir_all(&tmp).map_err(io(format!("creating {}", tmp.display())))?;
    durable::sync_tree(&tmp).map_err(io(format!("flushing {}", tmp.display())))?;
    std::fs::rename(&flat, &old).map_err(io(format!("moving {}", flat.display())))?;
    std::fs::rename(&tmp, &flat).map_err(io(format!("moving {}", tmp.display())))?;
    durable::sync_dir(datasets_dir).map_err(io(format!("flushing {}", datasets_dir.display())))?;
    std::fs::remove_dir_all(&old).map_err(io(format!("removing {}", old.display())))?;
    Ok(Some(out))
}

/// Writes one month's rows, sorted by office, into `<folder>/office=<code>/part-0.parquet`;
/// returns the files and rows written.
async fn write_month(
    rows: datafusion::prelude::DataFrame,
    folder: &Path,
    ds: &DatasetDef,
    office: &str,
) -> Result<(usize, u64), Error> {
    let mut stream = rows
        .execute_stream()
        .await
        .map_err(engine_err("reading a month"))?;
    let mut current: Option<(String, ArrowWriter<File>, PathBuf)> = None;
    let (mut files, mut total) = (0usize, 0u64);
    while let Some(batch) = stream.next().await {
        let batch = batch.map_err(engine_err("reading a month"))?;
        let codes = text_array(&batch, office)?;
        let mut start = 0;
        while start < batch.num_rows() {
            let code = codes.value(start);
            let mut end = start + 1;
            while end < batch.num_rows() && codes.value(end) == code {
                end += 1;
            }
            if current.as_ref().is_none_or(|(c, _, _)| c != code) {
                if let Some((_, w, path)) = current.take() {
                    close(w, &path)?;
                }
                let path = folder
                    .join(format!("{OFFICE_KEY}={}", path_value(code)?))
                    .join("part-0.parquet");
                current = Some((code.to_string(), open(&path, ds)?, path));
                files += 1;
            }
            if let Some((_, w, path)) = current.as_mut() {
                w.write(&batch.slice(start, end - start))
                    .map_err(|e| Error::internal(format!("writing {}", path.display()), e))?;
            }
            total += (end - start) as u64;
            start = end;
        }
    }
    if let Some((_, w, path)) = current.take() {
        close(w, &path)?;
    }
    Ok((files, total))
}

fn open(path: &Path, ds: &DatasetDef) -> Result<ArrowWriter<File>, Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::internal(format!("creating {}", dir.display()), e))?;
    }
    let file = File::create(path)
        .map_err(|e| Error::internal(format!("creating {}", path.display()), e))?;
    ArrowWriter::try_new(file, arrow_schema(ds), Some(writer_properties(ds)))
        .map_err(|e| Error::internal(format!("opening Parquet writer {}", path.display()), e))
}

fn close(w: ArrowWriter<File>, path: &Path) -> Result<(), Error> {
    w.close()
        .map(|_| ())
        .map_err(|e| Error::internal(format!("closing {}", path.display()), e))
}

/// An office code as a path value: codes are letters, digits, `-` and `_`; anything else
/// would not read back the same from the path, so it is refused.
fn path_value(code: &str) -> Result<&str, Error> {
    let ok = !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(code)
    } else {
        Err(Error::internal(
            "partitioning by office",
            format!("office code {code:?} cannot name a folder"),
        ))
    }
}
