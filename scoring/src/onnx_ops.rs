//! The ONNX operators the portal's models are made of, and nothing else.
//!
//! `tract_onnx::onnx()` registers every operator tract knows (convolutions, recurrent nets,
//! FFTs, resizing…); registering them keeps all of their code in the scoring worker's wasm. The
//! portal's models are LightGBM trees written by `models/trees.py` as one ONNX-ML
//! `TreeEnsembleRegressor` and a `Sigmoid`, so the worker registers only those, and the binary
//! `TreeEnsembleClassifier` of the usual LightGBM export; the tree ensembles run on the portal's
//! own kernel (`crate::tree_op`). A model using any other operator fails to load with tract's
//! "unimplemented operator" error, which [`crate::Model::load`] reports.

use tract_onnx::model::{Onnx, OnnxOpRegister, ParsingContext};
use tract_onnx::pb::NodeProto;
use tract_onnx::tract_hir::internal::*;
use tract_onnx::tract_hir::ops::nn;

type Built = TractResult<(Box<dyn InferenceOp>, Vec<String>)>;

/// The operators `models/trees.py` writes, and the classifier of the usual export.
pub const OPERATORS: [&str; 3] = ["Sigmoid", "TreeEnsembleClassifier", "TreeEnsembleRegressor"];

fn sigmoid(_: &ParsingContext, _: &NodeProto) -> Built {
    Ok((nn::sigmoid().into_hir(), vec![]))
}

/// An ONNX reader that knows only [`OPERATORS`].
pub fn reader() -> Onnx {
    let mut ops = OnnxOpRegister::default();
    ops.insert("Sigmoid", sigmoid);
    ops.insert("TreeEnsembleClassifier", crate::tree_op::classifier);
    ops.insert("TreeEnsembleRegressor", crate::tree_op::regressor);
    Onnx {
        op_register: ops,
        ..Onnx::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_registers_exactly_the_listed_operators() {
        let reader = reader();
        let mut names: Vec<&str> = reader.op_register.0.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, OPERATORS);
    }
}
