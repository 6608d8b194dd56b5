//! The HS code suggestion model: an item description in, the most similar HS subheadings out.
//!
//! The text encoder ([`crate::text`]) makes a hashed tf-idf vector; the ONNX model projects it
//! onto a latent space learned from the nomenclature (LSA) and answers the cosine similarity with
//! every subheading.

use serde::{Deserialize, Serialize};

use crate::ScoringError;
use crate::model::Model;
use crate::text::{DIMS, Vectorizer};

/// Rows per model call (inputs are [`DIMS`] wide).
pub const HS_BATCH: usize = 16;

/// One HS subheading the model can suggest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsCode {
    /// Six-digit code.
    pub hs6: String,
    /// Nomenclature text (English).
    pub description: String,
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Six-digit code.
    pub hs6: String,
    /// Cosine similarity, clamped to [0, 1]; higher is better.
    pub score: f32,
}

/// What ships beside the ONNX file (`vectorizer.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsTables {
    /// idf weights.
    pub vectorizer: Vectorizer,
    /// The codes, in model output order.
    pub codes: Vec<HsCode>,
}

/// Vectorizer, codes and model together.
#[derive(Debug)]
pub struct HsModel {
    tables: HsTables,
    model: Model,
}

impl HsModel {
    /// Loads the model from its ONNX bytes and its tables (JSON).
    pub fn load(onnx: &[u8], tables_json: &str) -> Result<HsModel, ScoringError> {
        let tables: HsTables = serde_json::from_str(tables_json)
            .map_err(|e| ScoringError::Model(format!("unreadable HS tables: {e}")))?;
        let model = Model::load_with_batch(onnx, DIMS, tables.codes.len(), HS_BATCH)?;
        Ok(HsModel { tables, model })
    }

    /// The codes the model knows.
    pub fn codes(&self) -> &[HsCode] {
        &self.tables.codes
    }

    /// The `top` best codes for each text, best first (none for a text without words).
    pub fn suggest(
        &self,
        texts: &[&str],
        top: usize,
    ) -> Result<Vec<Vec<Suggestion>>, ScoringError> {
        let mut x = Vec::with_capacity(texts.len() * DIMS);
        for t in texts {
            self.tables.vectorizer.dense_into(t, &mut x);
        }
        let y = self.model.run(&x, |_| true)?;
        let c = self.tables.codes.len();
        Ok(texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if self.tables.vectorizer.sparse(t).is_empty() {
                    return Vec::new();
                }
                let row = &y[i * c..(i + 1) * c];
                let mut idx: Vec<usize> = (0..c).collect();
                idx.sort_by(|a, b| row[*b].total_cmp(&row[*a]).then(a.cmp(b)));
                idx.into_iter()
                    .take(top)
                    .map(|k| Suggestion {
                        hs6: self.tables.codes[k].hs6.clone(),
                        score: row[k].clamp(0.0, 1.0),
                    })
                    .collect()
            })
            .collect())
    }
}
