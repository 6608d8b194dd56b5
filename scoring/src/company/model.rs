//! The two company models' ONNX graphs (`models/delinquency`, `models/tax-risk`): the same
//! features in, one probability out.

use super::FEATURES;
use crate::ScoringError;
use crate::model::Model;

portal_core::string_enum! {
    /// Which company score.
    pub enum ModelKind {
        /// Probability of arrears on duty in the next six months (체납 예측).
        Delinquency = "delinquency",
        /// Probability that an audit would assess additional tax (세무 위험).
        TaxRisk = "tax-risk",
    }
}

/// A loaded company model, with the typical company its reasons compare with.
#[derive(Debug)]
pub struct CompanyModel {
    kind: ModelKind,
    model: Model,
    typical: [f32; 29],
}

impl CompanyModel {
    /// Loads the model of `kind` from its ONNX bytes and its card (`model.json`), which must
    /// name this encoder's features and give the typical company (`typical`: the training
    /// companies' median of each feature).
    pub fn load(kind: ModelKind, onnx: &[u8], card: &str) -> Result<CompanyModel, ScoringError> {
        let card = crate::model::checked_card(card, &FEATURES)?;
        let typical: Vec<f32> = card["typical"]
            .as_array()
            .map(|t| {
                t.iter()
                    .filter_map(|v| v.as_f64())
                    .map(|v| v as f32)
                    .collect()
            })
            .unwrap_or_default();
        let typical: [f32; 29] = typical
            .try_into()
            .map_err(|_| ScoringError::Model("the model card has no typical company".to_owned()))?;
        Ok(CompanyModel {
            kind,
            model: Model::load(onnx, FEATURES.len(), 1)?,
            typical,
        })
    }

    /// The typical company (each feature's median over the training companies).
    pub fn typical(&self) -> &[f32; 29] {
        &self.typical
    }

    /// Which score it gives.
    pub fn kind(&self) -> ModelKind {
        self.kind
    }

    /// The probability of each row of features (row-major, [`FEATURES`] wide); `progress`
    /// hears the rows done and stops the run when it answers false.
    pub fn run(
        &self,
        x: &[f32],
        progress: impl FnMut(usize) -> bool,
    ) -> Result<Vec<f32>, ScoringError> {
        self.model.run(x, progress)
    }
}
