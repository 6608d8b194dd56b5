//! The ONNX-ML tree-ensemble operators (`TreeEnsembleRegressor`, binary
//! `TreeEnsembleClassifier`) for tract, evaluated by the portal's [`Forest`]: the usual export of
//! LightGBM models runs in the scoring worker without tract's own tree operator (slow: see
//! `../shared/notes/tract-wasm.md`).
//!
//! The regressor answers `[N, n_targets]` (post transform NONE); the classifier, as onnxmltools writes a binary
//! LightGBM model (two class labels, the leaves' weights on class 0, `LOGISTIC`), answers the
//! label `[N]` (int64) and the probabilities `[N, 2]`.

use std::sync::Arc;

use tract_onnx::model::ParsingContext;
use tract_onnx::pb::NodeProto;
use tract_onnx::tract_hir::internal::*;

use crate::forest::{Attributes, Forest};

type Built = TractResult<(Box<dyn InferenceOp>, Vec<String>)>;

fn attributes(node: &NodeProto, leaf: &str) -> TractResult<Attributes> {
    let ints = |name: &str| -> TractResult<Vec<i64>> { node.get_attr_vec(name) };
    let floats = |name: &str| -> TractResult<Vec<f32>> { node.get_attr_vec(name) };
    Ok(Attributes {
        tree_ids: ints("nodes_treeids")?,
        node_ids: ints("nodes_nodeids")?,
        feature_ids: ints("nodes_featureids")?,
        values: floats("nodes_values")?,
        modes: node.get_attr_vec("nodes_modes")?,
        true_ids: ints("nodes_truenodeids")?,
        false_ids: ints("nodes_falsenodeids")?,
        missing_tracks_true: node
            .get_attr_opt_vec("nodes_missing_value_tracks_true")?
            .unwrap_or_default(),
        leaf_tree_ids: ints(&format!("{leaf}_treeids"))?,
        leaf_node_ids: ints(&format!("{leaf}_nodeids"))?,
        leaf_targets: ints(&format!("{leaf}_ids"))?,
        leaf_weights: floats(&format!("{leaf}_weights"))?,
        targets: 1,
        base_values: node.get_attr_opt_vec("base_values")?.unwrap_or_default(),
        post_transform: node
            .get_attr_opt::<String>("post_transform")?
            .unwrap_or_default(),
        aggregate: node.get_attr_opt("aggregate_function")?,
    })
}

fn forest(a: &Attributes) -> TractResult<Arc<Forest>> {
    Forest::new(a)
        .map(Arc::new)
        .map_err(|e| format_err!("tree ensemble: {e}"))
}

/// `TreeEnsembleRegressor` (ai.onnx.ml opsets 1 and 3 with list attributes).
pub fn regressor(_: &ParsingContext, node: &NodeProto) -> Built {
    let mut a = attributes(node, "target")?;
    if !matches!(a.post_transform.as_str(), "" | "NONE") {
        // onnxruntime answers the raw sums whatever the regressor's post transform says; a
        // Sigmoid after the regressor means the same in both runtimes.
        bail!("tree ensemble: a regressor's post_transform must be NONE (add a Sigmoid after it)");
    }
    a.targets = usize::try_from(node.get_attr_opt::<i64>("n_targets")?.unwrap_or(1))?;
    let forest = forest(&a)?;
    Ok((
        expand(Ensemble(ForestOp {
            forest,
            labels: None,
        })),
        vec![],
    ))
}

/// A binary `TreeEnsembleClassifier` as onnxmltools writes LightGBM's.
pub fn classifier(_: &ParsingContext, node: &NodeProto) -> Built {
    let labels: Vec<i64> = node
        .get_attr_opt_vec("classlabels_int64s")?
        .ok_or_else(|| format_err!("tree ensemble: only int64 class labels are supported"))?;
    let mut a = attributes(node, "class")?;
    if labels.len() != 2 || a.leaf_targets.iter().any(|&c| c != 0) {
        bail!("tree ensemble: only binary classifiers with the weights on class 0 are supported");
    }
    if a.post_transform != "LOGISTIC" {
        bail!("tree ensemble: a binary classifier needs post_transform LOGISTIC");
    }
    a.targets = 1;
    let forest = forest(&a)?;
    Ok((
        expand(Ensemble(ForestOp {
            forest,
            labels: Some([labels[0], labels[1]]),
        })),
        vec![],
    ))
}

/// The operator as read, before typing: it wires the typed [`ForestOp`] it holds.
#[derive(Debug, Clone, Hash)]
struct Ensemble(ForestOp);

impl Expansion for Ensemble {
    fn name(&self) -> StaticName {
        "TreeEnsemble".into()
    }

    fn nboutputs(&self) -> TractResult<usize> {
        Ok(if self.0.labels.is_some() { 2 } else { 1 })
    }

    fn rules<'r, 'p: 'r, 's: 'r>(
        &'s self,
        s: &mut Solver<'r>,
        inputs: &'p [TensorProxy],
        outputs: &'p [TensorProxy],
    ) -> InferenceResult {
        check_input_arity(inputs, 1)?;
        check_output_arity(outputs, self.nboutputs()?)?;
        s.equals(&inputs[0].datum_type, DatumType::F32)?;
        s.equals(&inputs[0].rank, 2)?;
        let probabilities = if self.0.labels.is_some() {
            s.equals(&outputs[0].datum_type, DatumType::I64)?;
            s.equals(&outputs[0].rank, 1)?;
            s.equals(&outputs[0].shape[0], &inputs[0].shape[0])?;
            &outputs[1]
        } else {
            &outputs[0]
        };
        let width = if self.0.labels.is_some() {
            2
        } else {
            self.0.forest.targets()
        };
        s.equals(&probabilities.datum_type, DatumType::F32)?;
        s.equals(&probabilities.rank, 2)?;
        s.equals(&probabilities.shape[0], &inputs[0].shape[0])?;
        s.equals(&probabilities.shape[1], width.to_dim())?;
        Ok(())
    }

    fn wire(
        &self,
        prefix: &str,
        model: &mut TypedModel,
        inputs: &[OutletId],
    ) -> TractResult<TVec<OutletId>> {
        model.wire_node(prefix, self.0.clone(), inputs)
    }
}

/// The typed operator: scores `[N, features]` f32 with the forest; a classifier's two labels.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
struct ForestOp {
    forest: Arc<Forest>,
    labels: Option<[i64; 2]>,
}

impl Op for ForestOp {
    fn name(&self) -> StaticName {
        "TreeEnsemble".into()
    }

    op_as_typed_op!();
}

impl EvalOp for ForestOp {
    op_out_of_plan!();

    fn eval(&self, _: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let input = args_1!(inputs);
        let view = input.to_plain_array_view::<f32>()?;
        let (rows, features) = (view.shape()[0], view.shape()[1]);
        if features < self.forest.features() {
            bail!(
                "tree ensemble: rows of {features} features, the trees read {}",
                self.forest.features()
            );
        }
        let x = view
            .as_slice()
            .ok_or_else(|| format_err!("tree ensemble: the input is not contiguous"))?;
        let mut scores = vec![0f32; rows * self.forest.targets()];
        self.forest.eval(x, features, &mut scores);
        let Some([negative, positive]) = self.labels else {
            let out = Tensor::from_shape(&[rows, self.forest.targets()], &scores)?;
            return Ok(tvec!(out.into_tvalue()));
        };
        let labels: Vec<i64> = scores
            .iter()
            .map(|&p| if p > 0.5 { positive } else { negative })
            .collect();
        let probabilities: Vec<f32> = scores.iter().flat_map(|&p| [1.0 - p, p]).collect();
        Ok(tvec!(
            Tensor::from_shape(&[rows], &labels)?.into_tvalue(),
            Tensor::from_shape(&[rows, 2], &probabilities)?.into_tvalue()
        ))
    }
}

impl TypedOp for ForestOp {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        if let Some(features) = inputs[0].shape[1].as_i64()
            && (features as usize) < self.forest.features()
        {
            bail!(
                "tree ensemble: rows of {features} features, the trees read {}",
                self.forest.features()
            );
        }
        let n = inputs[0].shape[0].clone();
        Ok(match self.labels {
            Some(_) => tvec!(i64::fact([n.clone()]), f32::fact([n, 2.to_dim()])),
            None => tvec!(f32::fact([n, self.forest.targets().to_dim()])),
        })
    }

    as_op!();
}
