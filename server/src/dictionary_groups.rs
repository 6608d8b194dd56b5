//! Grouped answers by one text column, aggregated on the Parquet dictionary. A text column is
//! written dictionary-encoded: each row group holds its distinct values once and every row a
//! small key into them. DataFusion 55 decodes each row's text and hashes it to find its group;
//! here the dictionary is read as such, each of its values is looked up once per row group, and
//! the rows add to their group through their key. Top-20 HS6 by value over 10M declarations
//! (`scripts/bench-data.sh`): 37-44 ms so, 64 ms through DataFusion's aggregation and 50-62 ms
//! in DuckDB; over 25M 87 ms, 145 ms and 143 ms.
//!
//! It answers a spec grouped by one text column with counts, sums, averages, minima and maxima
//! of numbers, filtered on anything but dates and ranges, on a flat dataset read on this node.
//! Other specs (and date or range filters, which DataFusion answers by skipping row groups on
//! their statistics) keep DataFusion's plan. The answer has the schema DataFusion's plan has, so
//! what follows (order, limit, the answer's types) is the same.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type};
use arrow_array::{
    Array, ArrayRef, ArrowPrimitiveType, Float64Array, Int64Array, PrimitiveArray, RecordBatch,
    StringArray, StringViewArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::compute::prep_null_mask_filter;
use datafusion::common::DFSchema;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::prelude::{Expr, SessionContext};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use portal_core::datasets::{ColumnType, DatasetDef};
use portal_core::query::{AggFunc, Filter, GroupBy, QuerySpec};
use rustc_hash::FxHashMap;

use crate::data::table::{ROW_GROUP_ROWS, arrow_schema};
use crate::engine::engine_err;
use crate::error::Error;
use crate::spec_exprs::filter_expr;

/// Most groups answered here: past them (a key of nearly unique values, as declaration ids),
/// DataFusion's aggregation answers, within the query memory pool and spilling as it needs.
const MOST_GROUPS: usize = 100_000;

/// How a text column is read: its row group's dictionary and a key per row.
fn dictionary_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// One aggregate of the spec, on the columns read (by their place in [`Plan::read`]).
#[derive(Debug, Clone, Copy)]
enum Measure {
    Rows,
    Values(usize),
    Sum(usize),
    Avg(usize),
    Min(usize),
    Max(usize),
}

/// How a spec is answered on the dictionary.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The group column.
    key: String,
    /// The columns aggregated, each once, with their types and whether their least and
    /// greatest values are asked for.
    read: Vec<(String, ColumnType, bool)>,
    measures: Vec<Measure>,
    filters: Vec<Expr>,
    /// Every column the answer reads: the key, the aggregated and the filtered ones.
    columns: Vec<String>,
}

impl Plan {
    /// The plan of a validated `spec` on `ds`, when it is of the kind answered here.
    pub(crate) fn of(spec: &QuerySpec, ds: &DatasetDef) -> Option<Plan> {
        if spec.sample.is_some_and(|f| f < 1.0) {
            return None;
        }
        let [GroupBy::Column(key)] = spec.group_by.as_slice() else {
            return None;
        };
        let ty = |c: &str| ds.column(c).map(|c| c.ty);
        if ty(key)? != ColumnType::Text {
            return None;
        }
        let mut read: Vec<(String, ColumnType, bool)> = Vec::new();
        let mut at = |c: &str, extremes: bool| {
            let i = match read.iter().position(|r| r.0 == c) {
                Some(i) => i,
                None => {
                    read.push((c.to_owned(), ty(c).unwrap_or(ColumnType::Text), false));
                    read.len() - 1
                }
            };
            read[i].2 |= extremes;
            i
        };
        let mut measures = Vec::new();
        for a in &spec.aggregates {
            let numeric = |c: &str| matches!(ty(c), Some(ColumnType::Int | ColumnType::Float));
            let m = match (a.func, a.column.as_deref()) {
                (AggFunc::Count, None) => Measure::Rows,
                (AggFunc::Count, Some(c)) if ty(c).is_some() => Measure::Values(at(c, false)),
                (AggFunc::Sum, Some(c)) if numeric(c) => Measure::Sum(at(c, false)),
                (AggFunc::Avg, Some(c)) if numeric(c) => Measure::Avg(at(c, false)),
                (AggFunc::Min, Some(c)) if numeric(c) => Measure::Min(at(c, true)),
                (AggFunc::Max, Some(c)) if numeric(c) => Measure::Max(at(c, true)),
                _ => return None,
            };
            measures.push(m);
        }
        let mut filters = Vec::new();
        for f in &spec.filters {
            let t = ty(f.column())?;
            if t == ColumnType::Date || matches!(f, Filter::Range { .. }) {
                return None;
            }
            filters.push(filter_expr(f, t));
        }
        let mut columns = vec![key.clone()];
        let filtered = spec.filters.iter().map(|f| f.column().to_owned());
        for c in read.iter().map(|r| r.0.clone()).chain(filtered) {
            if !columns.contains(&c) {
                columns.push(c);
            }
        }
        Some(Plan {
            key: key.clone(),
            read,
            measures,
            filters,
            columns,
        })
    }

    /// The answer over the Parquet files of `folder` (a flat dataset of `ds`), with `schema`
    /// (that of DataFusion's plan of the same spec): `None` when a file is not as written by
    /// the portal or the answer's types are not those expected, for DataFusion to answer.
    pub(crate) async fn answer(
        self,
        ctx: &SessionContext,
        ds: &DatasetDef,
        folder: &Path,
        schema: SchemaRef,
    ) -> Result<Option<RecordBatch>, Error> {
        let Some(files) = parquet_files(folder) else {
            return Ok(None);
        };
        // The written schema, with the text columns read here as dictionaries.
        let written = arrow_schema(ds);
        let hint: Vec<Field> = written
            .fields()
            .iter()
            .map(|f| {
                let text = f.data_type() == &DataType::Utf8;
                match text && self.columns.iter().any(|c| c == f.name()) {
                    true => f.as_ref().clone().with_data_type(dictionary_type()),
                    false => f.as_ref().clone(),
                }
            })
            .collect();
        let hint = Arc::new(Schema::new(hint));
        let mut opened = Vec::new();
        for path in files {
            let options = ArrowReaderOptions::new().with_schema(hint.clone());
            let meta = File::open(&path)
                .ok()
                .and_then(|f| ArrowReaderMetadata::load(&f, options).ok());
            match meta {
                Some(meta) if small_dictionaries(&meta, &self.key) => opened.push((path, meta)),
                _ => return Ok(None),
            }
        }
        let mut indices: Vec<usize> = self
            .columns
            .iter()
            .filter_map(|c| hint.index_of(c).ok())
            .collect();
        indices.sort_unstable();
        let projected = hint
            .project(&indices)
            .map_err(|e| Error::internal("projecting a dataset's columns", e))?;
        let filter = match self.filters.iter().cloned().reduce(Expr::and) {
            Some(e) => {
                let df_schema =
                    DFSchema::try_from(projected).map_err(engine_err("planning a filter"))?;
                let physical = ctx
                    .state()
                    .create_physical_expr(e, &df_schema)
                    .map_err(engine_err("planning a filter"))?;
                Some(physical)
            }
            None => None,
        };
        let partitions = ctx.copied_config().target_partitions().max(1);
        let plan = Arc::new(self);
        let opened = Arc::new(opened);
        let mut tasks = Vec::new();
        for part in 0..partitions {
            let (plan, opened, filter) = (plan.clone(), opened.clone(), filter.clone());
            let indices = indices.clone();
            tasks.push(tokio::task::spawn_blocking(move || {
                let mut groups = Groups::new(&plan);
                // The row groups of all files, dealt out in turn.
                let mut dealt = 0;
                for (path, meta) in opened.iter() {
                    let count = meta.metadata().num_row_groups();
                    let mine: Vec<usize> = (0..count)
                        .filter(|rg| (dealt + rg) % partitions == part)
                        .collect();
                    dealt += count;
                    if mine.is_empty() {
                        continue;
                    }
                    if !groups.read(&plan, path, meta, &indices, mine, filter.as_deref())? {
                        return Ok(None);
                    }
                }
                Ok::<_, Error>(Some(groups))
            }));
        }
        let mut total = Groups::new(&plan);
        for task in tasks {
            let part = task
                .await
                .map_err(|e| Error::internal("grouping on dictionaries", e))??;
            match part {
                Some(part) => total.merge(part),
                None => return Ok(None),
            }
        }
        Ok(total.into_batch(&plan, schema))
    }
}

/// The `.parquet` files of `folder`, sorted; `None` when it holds a folder (the flat layout
/// has none) or cannot be listed.
fn parquet_files(folder: &Path) -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).ok()? {
        let entry = entry.ok()?;
        if entry.file_type().ok()?.is_dir() {
            return None;
        }
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "parquet") {
            files.push(path);
        }
    }
    files.sort();
    Some(files)
}

/// Whether every row group of a file holds `column` as a dictionary of at most a byte per row
/// (written, compressed). Past that (ids nearly unique in their row group: 4-5 bytes per row),
/// looking each value up costs more than DataFusion's hashing of the rows (group by importer at
/// 10M declarations: 253 ms so, 208 ms by DataFusion); HS codes and countries take 0.2 bytes.
fn small_dictionaries(meta: &ArrowReaderMetadata, column: &str) -> bool {
    let file = meta.metadata();
    let leaves = file.file_metadata().schema_descr().columns();
    let Some(leaf) = leaves.iter().position(|c| c.path().string() == column) else {
        return false;
    };
    file.row_groups().iter().all(|rg| {
        let chunk = rg.column(leaf);
        chunk
            .dictionary_page_offset()
            .is_some_and(|d| chunk.data_page_offset() - d <= rg.num_rows())
    })
}

/// A number a column is summed and compared as.
trait Number: datafusion::arrow::datatypes::ArrowNativeType + PartialOrd {
    fn plus(self, other: Self) -> Self;
    fn as_f64(self) -> f64;
}

impl Number for i64 {
    // As DataFusion's sum of 64-bit integers.
    fn plus(self, other: Self) -> Self {
        self.wrapping_add(other)
    }
    fn as_f64(self) -> f64 {
        self as f64
    }
}

impl Number for f64 {
    fn plus(self, other: Self) -> Self {
        self + other
    }
    fn as_f64(self) -> f64 {
        self
    }
}

/// Per group: how many values a column has, their sum, and (when asked for) the least and
/// greatest.
#[derive(Debug, Default)]
struct Totals<T> {
    extremes: bool,
    n: Vec<i64>,
    sum: Vec<T>,
    min: Vec<Option<T>>,
    max: Vec<Option<T>>,
}

impl<T: Number> Totals<T> {
    fn new(extremes: bool) -> Self {
        Totals {
            extremes,
            n: Vec::new(),
            sum: Vec::new(),
            min: Vec::new(),
            max: Vec::new(),
        }
    }

    fn grow(&mut self, groups: usize) {
        self.n.resize(groups, 0);
        self.sum.resize(groups, T::default());
        if self.extremes {
            self.min.resize(groups, None);
            self.max.resize(groups, None);
        }
    }

    fn add<P: ArrowPrimitiveType<Native = T>>(&mut self, rows: &[u32], values: &PrimitiveArray<P>) {
        let v = values.values();
        let nulls = values.null_count() > 0;
        for (i, &g) in rows.iter().enumerate() {
            if nulls && values.is_null(i) {
                continue;
            }
            let (g, x) = (g as usize, v[i]);
            self.n[g] += 1;
            self.sum[g] = self.sum[g].plus(x);
            if !self.extremes {
                continue;
            }
            if self.min[g].is_none_or(|m| x < m) {
                self.min[g] = Some(x);
            }
            if self.max[g].is_none_or(|m| x > m) {
                self.max[g] = Some(x);
            }
        }
    }

    /// `x` when group `g` has values, else null (as SQL's sum of no values).
    fn valued<U>(&self, g: usize, x: U) -> Option<U> {
        (self.n[g] > 0).then_some(x)
    }

    fn average(&self, g: usize) -> Option<f64> {
        self.valued(g, self.sum[g].as_f64() / self.n[g] as f64)
    }

    fn merge(&mut self, other: &Totals<T>, to: &[u32]) {
        for (from, &g) in to.iter().enumerate() {
            let g = g as usize;
            self.n[g] += other.n[from];
            self.sum[g] = self.sum[g].plus(other.sum[from]);
            if !self.extremes {
                continue;
            }
            if let Some(x) = other.min[from]
                && self.min[g].is_none_or(|m| x < m)
            {
                self.min[g] = Some(x);
            }
            if let Some(x) = other.max[from]
                && self.max[g].is_none_or(|m| x > m)
            {
                self.max[g] = Some(x);
            }
        }
    }
}

/// The totals of one aggregated column, by its type.
#[derive(Debug)]
enum Column {
    Int(Totals<i64>),
    Float(Totals<f64>),
    /// Counted only (text, dates, booleans).
    Other(Vec<i64>),
}

impl Column {
    fn new(ty: ColumnType, extremes: bool) -> Column {
        match ty {
            ColumnType::Int => Column::Int(Totals::new(extremes)),
            ColumnType::Float => Column::Float(Totals::new(extremes)),
            _ => Column::Other(Vec::new()),
        }
    }

    fn grow(&mut self, groups: usize) {
        match self {
            Column::Int(t) => t.grow(groups),
            Column::Float(t) => t.grow(groups),
            Column::Other(n) => n.resize(groups, 0),
        }
    }

    fn add(&mut self, rows: &[u32], values: &ArrayRef) -> Result<(), Error> {
        match (self, values.data_type()) {
            (Column::Int(t), DataType::Int64) => t.add(rows, values.as_primitive::<Int64Type>()),
            (Column::Float(t), DataType::Float64) => {
                t.add(rows, values.as_primitive::<Float64Type>())
            }
            (Column::Other(n), _) => {
                for (i, &g) in rows.iter().enumerate() {
                    n[g as usize] += i64::from(values.is_valid(i));
                }
            }
            (_, other) => {
                let read = format!("a column read as {other}");
                return Err(Error::internal("grouping on dictionaries", read));
            }
        }
        Ok(())
    }

    fn merge(&mut self, other: &Column, to: &[u32]) {
        match (self, other) {
            (Column::Int(a), Column::Int(b)) => a.merge(b, to),
            (Column::Float(a), Column::Float(b)) => a.merge(b, to),
            (Column::Other(a), Column::Other(b)) => {
                for (from, &g) in to.iter().enumerate() {
                    a[g as usize] += b[from];
                }
            }
            _ => {}
        }
    }

    /// How many values each group has.
    fn counts(&self) -> &[i64] {
        match self {
            Column::Int(t) => &t.n,
            Column::Float(t) => &t.n,
            Column::Other(n) => n,
        }
    }
}

/// The group of the rows a filter leaves out: they add to it, rather than each row asking
/// whether to add; it is not in the answer.
const LEFT_OUT: u32 = 0;

/// The groups found so far and their totals.
struct Groups {
    /// Each group's key (`None`: the rows without one; the first is [`LEFT_OUT`]).
    keys: Vec<Option<String>>,
    index: FxHashMap<String, u32>,
    null: Option<u32>,
    rows: Vec<i64>,
    columns: Vec<Column>,
}

impl Groups {
    fn new(plan: &Plan) -> Groups {
        let mut columns: Vec<Column> = plan.read.iter().map(|r| Column::new(r.1, r.2)).collect();
        for c in &mut columns {
            c.grow(1);
        }
        Groups {
            keys: vec![None],
            index: FxHashMap::default(),
            null: None,
            rows: vec![0],
            columns,
        }
    }

    fn group(&mut self, key: Option<&str>) -> u32 {
        let found = match key {
            Some(k) => self.index.get(k).copied(),
            None => self.null,
        };
        if let Some(g) = found {
            return g;
        }
        let g = self.keys.len() as u32;
        match key {
            Some(k) => {
                self.index.insert(k.to_owned(), g);
            }
            None => self.null = Some(g),
        }
        self.keys.push(key.map(str::to_owned));
        let n = self.keys.len();
        self.rows.resize(n, 0);
        for c in &mut self.columns {
            c.grow(n);
        }
        g
    }

    /// Adds the row groups `row_groups` of the file at `path`; false when past
    /// [`MOST_GROUPS`].
    fn read(
        &mut self,
        plan: &Plan,
        path: &Path,
        meta: &ArrowReaderMetadata,
        indices: &[usize],
        row_groups: Vec<usize>,
        filter: Option<&dyn PhysicalExpr>,
    ) -> Result<bool, Error> {
        let failed = |e: &dyn std::fmt::Display| {
            Error::internal(
                format!("reading {}", path.display()),
                format!("grouping on dictionaries: {e}"),
            )
        };
        let file = File::open(path).map_err(|e| failed(&e))?;
        let builder = ParquetRecordBatchReaderBuilder::new_with_metadata(file, meta.clone());
        let mask = ProjectionMask::roots(builder.parquet_schema(), indices.iter().copied());
        let reader = builder
            .with_projection(mask)
            .with_row_groups(row_groups)
            .with_batch_size(ROW_GROUP_ROWS)
            .build()
            .map_err(|e| failed(&e))?;
        let mut dictionary: Option<ArrayRef> = None;
        let mut to_group: Vec<u32> = Vec::new();
        let mut rows: Vec<u32> = Vec::new();
        for batch in reader {
            let batch = batch.map_err(|e| failed(&e))?;
            let keys = batch
                .column_by_name(&plan.key)
                .and_then(|k| k.as_dictionary_opt::<Int32Type>())
                .ok_or_else(|| failed(&"the group column is not a dictionary"))?;
            let values = keys.values();
            if !dictionary
                .as_ref()
                .is_some_and(|d| d.to_data().ptr_eq(&values.to_data()))
            {
                // A new row group (or page) dictionary: each value looked up once.
                let texts = values
                    .as_string_opt::<i32>()
                    .ok_or_else(|| failed(&"a dictionary of text"))?;
                to_group.clear();
                for i in 0..texts.len() {
                    to_group.push(self.group(Some(texts.value(i))));
                }
                if self.keys.len() > MOST_GROUPS {
                    return Ok(false);
                }
                dictionary = Some(values.clone());
            }
            rows.clear();
            let k = keys.keys();
            if k.null_count() == 0 {
                rows.extend(k.values().iter().map(|&i| to_group[i as usize]));
            } else {
                let null = self.group(None);
                rows.extend(k.iter().map(|i| i.map_or(null, |i| to_group[i as usize])));
            }
            if let Some(filter) = filter {
                let keep = filter
                    .evaluate(&batch)
                    .and_then(|v| v.into_array(batch.num_rows()))
                    .map_err(|e| failed(&e))?;
                let keep = keep
                    .as_boolean_opt()
                    .ok_or_else(|| failed(&"a filter's type"))?;
                // A null is not true: the row is left out.
                let keep = match keep.null_count() {
                    0 => keep.values().clone(),
                    _ => prep_null_mask_filter(keep).values().clone(),
                };
                for (g, kept) in rows.iter_mut().zip(keep.iter()) {
                    if !kept {
                        *g = LEFT_OUT;
                    }
                }
            }
            for &g in &rows {
                self.rows[g as usize] += 1;
            }
            for (c, (name, ..)) in self.columns.iter_mut().zip(&plan.read) {
                let values = batch
                    .column_by_name(name)
                    .ok_or_else(|| failed(&"a column not read"))?;
                c.add(&rows, values)?;
            }
        }
        Ok(true)
    }

    fn merge(&mut self, other: Groups) {
        let found = other.keys.iter().skip(1).map(|k| self.group(k.as_deref()));
        let to: Vec<u32> = std::iter::once(LEFT_OUT).chain(found).collect();
        for (from, &g) in to.iter().enumerate() {
            self.rows[g as usize] += other.rows[from];
        }
        for (mine, theirs) in self.columns.iter_mut().zip(&other.columns) {
            mine.merge(theirs, &to);
        }
    }

    /// The answer with `schema`: the groups that have rows (a dictionary also holds values
    /// of rows filtered out); `None` when a field's type is not the one made here.
    fn into_batch(self, plan: &Plan, schema: SchemaRef) -> Option<RecordBatch> {
        let fields = schema.fields();
        if fields.len() != plan.measures.len() + 1 {
            return None;
        }
        let kept: Vec<usize> = (1..self.keys.len()).filter(|&g| self.rows[g] > 0).collect();
        let keys = kept.iter().map(|&g| self.keys[g].as_deref());
        let key: ArrayRef = match fields[0].data_type() {
            DataType::Utf8View => Arc::new(StringViewArray::from_iter(keys)),
            DataType::Utf8 => Arc::new(StringArray::from_iter(keys)),
            _ => return None,
        };
        let ints = |f: &dyn Fn(usize) -> Option<i64>| -> ArrayRef {
            Arc::new(kept.iter().map(|&g| f(g)).collect::<Int64Array>())
        };
        let floats = |f: &dyn Fn(usize) -> Option<f64>| -> ArrayRef {
            Arc::new(kept.iter().map(|&g| f(g)).collect::<Float64Array>())
        };
        let mut arrays = vec![key];
        for (m, field) in plan.measures.iter().zip(fields.iter().skip(1)) {
            let array = match (
                m,
                m.column().and_then(|c| self.columns.get(c)),
                field.data_type(),
            ) {
                (Measure::Rows, _, DataType::Int64) => ints(&|g| Some(self.rows[g])),
                (Measure::Values(_), Some(c), DataType::Int64) => ints(&|g| Some(c.counts()[g])),
                (Measure::Sum(_), Some(Column::Int(t)), DataType::Int64) => {
                    ints(&|g| t.valued(g, t.sum[g]))
                }
                (Measure::Sum(_), Some(Column::Float(t)), DataType::Float64) => {
                    floats(&|g| t.valued(g, t.sum[g]))
                }
                (Measure::Avg(_), Some(Column::Int(t)), DataType::Float64) => {
                    floats(&|g| t.average(g))
                }
                (Measure::Avg(_), Some(Column::Float(t)), DataType::Float64) => {
                    floats(&|g| t.average(g))
                }
                (Measure::Min(_), Some(Column::Int(t)), DataType::Int64) => ints(&|g| t.min[g]),
                (Measure::Min(_), Some(Column::Float(t)), DataType::Float64) => {
                    floats(&|g| t.min[g])
                }
                (Measure::Max(_), Some(Column::Int(t)), DataType::Int64) => ints(&|g| t.max[g]),
                (Measure::Max(_), Some(Column::Float(t)), DataType::Float64) => {
                    floats(&|g| t.max[g])
                }
                _ => return None,
            };
            arrays.push(array);
        }
        RecordBatch::try_new(schema, arrays).ok()
    }
}

impl Measure {
    /// The place of its column in [`Plan::read`] (none for a count of rows).
    fn column(&self) -> Option<usize> {
        match *self {
            Measure::Rows => None,
            Measure::Values(c)
            | Measure::Sum(c)
            | Measure::Avg(c)
            | Measure::Min(c)
            | Measure::Max(c) => Some(c),
        }
    }
}
