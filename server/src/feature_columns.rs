//! The models' features as Arrow columns of an answer the browser's worker scores (exporters,
//! companies): one non-null float32 column per feature, named as the encoder names it.

use std::sync::Arc;

use arrow_array::{ArrayRef, Float32Array};
use arrow_schema::{DataType, Field};

/// Appends to `fields` and `cols` one float32 column per feature of `names`, column `j`
/// holding `rows[i][j]`.
pub fn push_features<const W: usize>(
    fields: &mut Vec<Field>,
    cols: &mut Vec<ArrayRef>,
    names: &[&str; W],
    rows: &[[f32; W]],
) {
    fields.extend(
        names
            .iter()
            .map(|f| Field::new(*f, DataType::Float32, false)),
    );
    for j in 0..W {
        cols.push(Arc::new(Float32Array::from_iter_values(
            rows.iter().map(|r| r[j]),
        )));
    }
}
