//! The supply-chain model's ONNX graph: the probability of each line from its features.

use super::window::Window;
use super::{FEATURES, Shipment, histories};
use crate::ScoringError;
use crate::model::Model;

/// The ONNX graph of the supply-chain model.
#[derive(Debug)]
pub struct SupplyChainModel {
    model: Model,
}

impl SupplyChainModel {
    /// Loads the model from its ONNX bytes.
    pub fn load(onnx: &[u8]) -> Result<SupplyChainModel, ScoringError> {
        Ok(SupplyChainModel {
            model: Model::load(onnx, FEATURES.len(), 1)?,
        })
    }

    /// Runs the model on encoded features; answers the probability per row.
    pub fn run_features(
        &self,
        x: &[f32],
        progress: impl FnMut(usize) -> bool,
    ) -> Result<Vec<f32>, ScoringError> {
        self.model.run(x, progress)
    }

    /// The probability of each row (in order) with its features, histories from the rows.
    pub fn score(
        &self,
        rows: &[Shipment],
        progress: impl FnMut(usize) -> bool,
    ) -> Result<(Vec<f32>, Vec<f32>), ScoringError> {
        let x: Vec<f32> = histories(rows).into_iter().flatten().collect();
        let p = self.model.run(&x, progress)?;
        Ok((p, x))
    }

    /// The probability of each line to score of `window` (in order) with its features.
    pub fn score_window(
        &self,
        window: &Window,
        progress: impl FnMut(usize) -> bool,
    ) -> Result<(Vec<f32>, Vec<f32>), ScoringError> {
        let x = window.features();
        let p = self.model.run(&x, progress)?;
        Ok((p, x))
    }
}
