//! The ONNX operators the portal's models are made of, and nothing else.
//!
//! `tract_onnx::onnx()` registers every operator tract knows (convolutions, recurrent nets,
//! FFTs, resizing…); registering them keeps all of their code in the scoring worker's wasm. The
//! portal's models are LightGBM trees compiled by `models/treewalk.py` into a handful of tensor
//! ops, so the worker registers only those: a model using any other operator fails to load with
//! tract's "unimplemented operator" error, which [`crate::Model::load`] reports.

use tract_onnx::model::{Onnx, OnnxOpRegister, ParsingContext};
use tract_onnx::pb::NodeProto;
use tract_onnx::tract_hir::internal::*;
use tract_onnx::tract_hir::ops::{array, identity, logic, nn};

type Built = TractResult<(Box<dyn InferenceOp>, Vec<String>)>;

/// The operators `models/treewalk.py` writes (opset 12).
pub const OPERATORS: [&str; 8] = [
    "Concat",
    "Gather",
    "GatherElements",
    "Identity",
    "LessOrEqual",
    "ReduceSum",
    "Sigmoid",
    "Where",
];

fn axis(node: &NodeProto) -> TractResult<i64> {
    Ok(node.get_attr_opt("axis")?.unwrap_or(0))
}

fn concat(_: &ParsingContext, node: &NodeProto) -> Built {
    Ok((expand(array::Concat::new(node.get_attr("axis")?)), vec![]))
}

fn gather(_: &ParsingContext, node: &NodeProto) -> Built {
    Ok((expand(array::Gather::new(axis(node)?)), vec![]))
}

fn gather_elements(_: &ParsingContext, node: &NodeProto) -> Built {
    Ok((expand(array::GatherElements::new(axis(node)?)), vec![]))
}

fn identity(_: &ParsingContext, _: &NodeProto) -> Built {
    Ok((Box::<identity::Identity>::default(), vec![]))
}

fn less_or_equal(_: &ParsingContext, _: &NodeProto) -> Built {
    Ok((logic::CompLTE.into_hir(), vec![]))
}

/// ReduceSum with its axes as an attribute (opsets before 13).
fn reduce_sum(ctx: &ParsingContext, node: &NodeProto) -> Built {
    if ctx.onnx_operator_set_version >= 13 {
        bail!("ReduceSum is read with its axes as an attribute (opset 12 and earlier)");
    }
    let axes = node.get_attr_opt_vec("axes")?;
    let keep_dims = node.get_attr_opt("keepdims")?.unwrap_or(1i64) == 1;
    Ok((
        expand(nn::Reduce::new(axes, keep_dims, nn::Reducer::Sum)),
        vec![],
    ))
}

fn sigmoid(_: &ParsingContext, _: &NodeProto) -> Built {
    Ok((nn::sigmoid().into_hir(), vec![]))
}

fn where_(_: &ParsingContext, _: &NodeProto) -> Built {
    Ok((expand(logic::Iff), vec![]))
}

/// An ONNX reader that knows only [`OPERATORS`].
pub fn reader() -> Onnx {
    let mut ops = OnnxOpRegister::default();
    ops.insert("Concat", concat);
    ops.insert("Gather", gather);
    ops.insert("GatherElements", gather_elements);
    ops.insert("Identity", identity);
    ops.insert("LessOrEqual", less_or_equal);
    ops.insert("ReduceSum", reduce_sum);
    ops.insert("Sigmoid", sigmoid);
    ops.insert("Where", where_);
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
