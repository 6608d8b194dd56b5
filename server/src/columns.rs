//! Whole columns of query answers by name, for code that reads DataFusion's answers row by row
//! (ego networks, shipments, the accomplice evaluation): text (any string type, or a value cast
//! to text), whole numbers, decimals, days and flags; or as arrays, for reading many rows without
//! copying them. A missing column is an internal error (the
//! caller's own query names it).

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::DataType;
use datafusion::arrow::compute::cast;

use crate::error::Error;

fn column(b: &RecordBatch, name: &str, to: &DataType) -> Result<ArrayRef, Error> {
    let c = b
        .column_by_name(name)
        .ok_or_else(|| Error::internal(format!("no column {name}"), "a query answer"))?;
    cast(c, to).map_err(|e| Error::internal(format!("reading column {name}"), e))
}

/// A text column as one array, to read row by row without copying (any string type, cast).
pub fn text_array(b: &RecordBatch, name: &str) -> Result<StringArray, Error> {
    Ok(column(b, name, &DataType::Utf8)?.as_string::<i32>().clone())
}

/// A decimal column as one array (whole numbers cast).
pub fn float_array(b: &RecordBatch, name: &str) -> Result<Float64Array, Error> {
    Ok(column(b, name, &DataType::Float64)?
        .as_primitive::<Float64Type>()
        .clone())
}

/// A whole-number column as one array.
pub fn int_array(b: &RecordBatch, name: &str) -> Result<Int64Array, Error> {
    Ok(column(b, name, &DataType::Int64)?
        .as_primitive::<Int64Type>()
        .clone())
}

/// A flag column as one array.
pub fn flag_array(b: &RecordBatch, name: &str) -> Result<BooleanArray, Error> {
    Ok(column(b, name, &DataType::Boolean)?.as_boolean().clone())
}

/// A date column as one array.
pub fn date_array(b: &RecordBatch, name: &str) -> Result<Date32Array, Error> {
    Ok(column(b, name, &DataType::Date32)?
        .as_primitive::<Date32Type>()
        .clone())
}

/// Text values (null: none).
pub fn texts(b: &RecordBatch, name: &str) -> Result<Vec<Option<String>>, Error> {
    let c = column(b, name, &DataType::Utf8)?;
    Ok(c.as_string::<i32>()
        .iter()
        .map(|v| v.map(str::to_owned))
        .collect())
}

/// Text values, null as empty.
pub fn strings(b: &RecordBatch, name: &str) -> Result<Vec<String>, Error> {
    Ok(texts(b, name)?
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect())
}

/// Whole numbers, null as 0.
pub fn ints(b: &RecordBatch, name: &str) -> Result<Vec<i64>, Error> {
    let c = column(b, name, &DataType::Int64)?;
    Ok(c.as_primitive::<Int64Type>()
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

/// Decimals, null as 0.
pub fn floats(b: &RecordBatch, name: &str) -> Result<Vec<f64>, Error> {
    let c = column(b, name, &DataType::Float64)?;
    Ok(c.as_primitive::<Float64Type>()
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect())
}

/// Decimals (null: none).
pub fn optional_floats(b: &RecordBatch, name: &str) -> Result<Vec<Option<f64>>, Error> {
    let c = column(b, name, &DataType::Float64)?;
    Ok(c.as_primitive::<Float64Type>().iter().collect())
}

/// Days since 1970-01-01 (null: none).
pub fn days(b: &RecordBatch, name: &str) -> Result<Vec<Option<i32>>, Error> {
    let c = column(b, name, &DataType::Date32)?;
    Ok(c.as_primitive::<Date32Type>().iter().collect())
}

/// Flags, null as false.
pub fn flags(b: &RecordBatch, name: &str) -> Result<Vec<bool>, Error> {
    let c = column(b, name, &DataType::Boolean)?;
    Ok(c.as_boolean().iter().map(|v| v.unwrap_or(false)).collect())
}

/// Flags (null: none).
pub fn optional_flags(b: &RecordBatch, name: &str) -> Result<Vec<Option<bool>>, Error> {
    let c = column(b, name, &DataType::Boolean)?;
    Ok(c.as_boolean().iter().collect())
}

/// Whole numbers (null: none).
pub fn optional_ints(b: &RecordBatch, name: &str) -> Result<Vec<Option<i64>>, Error> {
    let c = column(b, name, &DataType::Int64)?;
    Ok(c.as_primitive::<Int64Type>().iter().collect())
}
