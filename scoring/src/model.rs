//! ONNX models run with `tract-onnx`: loaded from bytes into an optimised plan with a fixed batch
//! shape, fed row-major `f32` features, answering one row of outputs per input row.

use tract_onnx::prelude::*;

use crate::ScoringError;

/// Rows per model call; the last batch is padded (the padding's outputs are dropped).
pub const BATCH: usize = 1024;

/// A loaded model taking `[batch, inputs]` f32 and answering `[batch, outputs]` f32.
pub struct Model {
    plan: Arc<TypedRunnableModel>,
    inputs: usize,
    outputs: usize,
    batch: usize,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("inputs", &self.inputs)
            .field("outputs", &self.outputs)
            .finish()
    }
}

/// The model card `card` (JSON) once it names exactly the encoder's `features` as its inputs
/// (`inputs.features`): a page holding an older encoder than the served model must reload.
pub fn checked_card(card: &str, features: &[&str]) -> Result<serde_json::Value, ScoringError> {
    let card: serde_json::Value = serde_json::from_str(card)
        .map_err(|e| ScoringError::Model(format!("the model card is not JSON: {e}")))?;
    let named: Vec<&str> = card["inputs"]["features"]
        .as_array()
        .map(|f| f.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    if named != features {
        return Err(ScoringError::Model(
            "the model card's features are not this encoder's: reload the page".to_owned(),
        ));
    }
    Ok(card)
}

/// The error with its causes (tract's errors say where, their causes why).
fn model_err(e: impl std::fmt::Display) -> ScoringError {
    ScoringError::Model(format!("{e:#}"))
}

impl Model {
    /// Loads ONNX `bytes` expecting `inputs` features per row, and checks the output width;
    /// runs [`BATCH`] rows per call.
    pub fn load(bytes: &[u8], inputs: usize, outputs: usize) -> Result<Model, ScoringError> {
        Model::load_with_batch(bytes, inputs, outputs, BATCH)
    }

    /// Like [`Model::load`] with `batch` rows per call (wide inputs want small batches).
    pub fn load_with_batch(
        mut bytes: &[u8],
        inputs: usize,
        outputs: usize,
        batch: usize,
    ) -> Result<Model, ScoringError> {
        let batch = batch.max(1);
        let plan = crate::onnx_ops::reader()
            .model_for_read(&mut bytes)
            .map_err(model_err)?
            .with_input_fact(0, f32::fact([batch, inputs]).into())
            .map_err(model_err)?
            .into_optimized()
            .map_err(model_err)?
            .into_runnable()
            .map_err(model_err)?;
        let model = Model {
            plan,
            inputs,
            outputs,
            batch,
        };
        let probe = model.run_batch(&vec![0.0; batch * inputs])?;
        if probe.len() != batch * outputs {
            return Err(ScoringError::Model(format!(
                "the model answers {} values per batch, expected {}",
                probe.len(),
                batch * outputs
            )));
        }
        Ok(model)
    }

    /// Features per row.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    /// Outputs per row.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    fn run_batch(&self, x: &[f32]) -> Result<Vec<f32>, ScoringError> {
        let input = Tensor::from_shape(&[self.batch, self.inputs], x).map_err(model_err)?;
        let out = self.plan.run(tvec!(input.into())).map_err(model_err)?;
        let first = out
            .first()
            .ok_or_else(|| model_err("the model has no output"))?;
        let view = first.to_plain_array_view::<f32>().map_err(model_err)?;
        Ok(view.iter().copied().collect())
    }

    /// Runs `x` (row-major, `rows × inputs`); returns `rows × outputs` values.
    /// `progress(done_rows)` is called after every batch; returning `false` stops early
    /// (what was scored so far is returned).
    pub fn run(
        &self,
        x: &[f32],
        mut progress: impl FnMut(usize) -> bool,
    ) -> Result<Vec<f32>, ScoringError> {
        if !x.len().is_multiple_of(self.inputs) {
            return Err(ScoringError::Model(format!(
                "{} values are not whole rows of {}",
                x.len(),
                self.inputs
            )));
        }
        let rows = x.len() / self.inputs;
        let mut out = Vec::with_capacity(rows * self.outputs);
        let mut buf = vec![0f32; self.batch * self.inputs];
        for start in (0..rows).step_by(self.batch) {
            let n = (rows - start).min(self.batch);
            buf[..n * self.inputs]
                .copy_from_slice(&x[start * self.inputs..(start + n) * self.inputs]);
            buf[n * self.inputs..].fill(0.0);
            let y = self.run_batch(&buf)?;
            out.extend_from_slice(&y[..n * self.outputs]);
            if !progress(start + n) {
                break;
            }
        }
        Ok(out)
    }
}
