//! The fraud model: encoder tables plus an ONNX model answering, per declaration, the
//! probability of fraud and of critical fraud; with per-declaration explanations.

use crate::ScoringError;
use crate::encoder::{Declaration, EncoderTables, FEATURES, feature_group};
use crate::model::Model;

/// Scores of one declaration, each in [0, 1], higher is riskier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Probability of fraud.
    pub fraud: f32,
    /// Probability of critical fraud.
    pub critical: f32,
}

/// A field that raised a declaration's fraud score, and by how much.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// Field (feature group) name, e.g. `importer_id`.
    pub field: &'static str,
    /// Fraud probability lost when this field is replaced by its training average.
    pub effect: f32,
}

/// Encoder and model together.
#[derive(Debug)]
pub struct FraudModel {
    tables: EncoderTables,
    model: Model,
    baseline: Vec<f32>,
}

impl FraudModel {
    /// Loads the model from its ONNX bytes and its encoder tables (JSON).
    pub fn load(onnx: &[u8], encoder_json: &str) -> Result<FraudModel, ScoringError> {
        let tables: EncoderTables = serde_json::from_str(encoder_json)
            .map_err(|e| ScoringError::Model(format!("unreadable encoder tables: {e}")))?;
        let model = Model::load(onnx, FEATURES, 2)?;
        // The baseline of the explanations: what a declaration of wholly unseen parties and
        // codes, with no numbers, encodes to.
        let baseline = tables.encode(&[Declaration::default()]);
        Ok(FraudModel {
            tables,
            model,
            baseline,
        })
    }

    /// The encoder tables.
    pub fn tables(&self) -> &EncoderTables {
        &self.tables
    }

    /// Runs the model alone on already encoded features (row-major, `FEATURES` per row); answers
    /// `[fraud, critical]` per row (for throughput measurements).
    pub fn run_features(&self, x: &[f32]) -> Result<Vec<f32>, ScoringError> {
        self.model.run(x, |_| true)
    }

    /// Encodes and scores `rows`; `progress(done)` after each batch, `false` to stop.
    pub fn score(
        &self,
        rows: &[Declaration],
        progress: impl FnMut(usize) -> bool,
    ) -> Result<Vec<Scores>, ScoringError> {
        let x = self.tables.encode(rows);
        let y = self.model.run(&x, progress)?;
        Ok(y.chunks_exact(2)
            .map(|p| Scores {
                fraud: p[0].clamp(0.0, 1.0),
                critical: p[1].clamp(0.0, 1.0),
            })
            .collect())
    }

    /// [`FraudModel::explain`] for several rows in one model run (rows in, reasons out, same
    /// order).
    pub fn explain_many(
        &self,
        rows: &[&Declaration],
        top: usize,
    ) -> Result<Vec<Vec<Reason>>, ScoringError> {
        let mut groups: Vec<&'static str> = (0..FEATURES).map(feature_group).collect();
        groups.dedup();
        let per = groups.len() + 1;
        let mut batch = Vec::with_capacity(rows.len() * per * FEATURES);
        for row in rows {
            let x = self.tables.encode(std::slice::from_ref(*row));
            batch.extend_from_slice(&x);
            for g in &groups {
                let mut v = x.clone();
                for (i, slot) in v.iter_mut().enumerate() {
                    if feature_group(i) == *g {
                        *slot = self.baseline[i];
                    }
                }
                batch.extend(v);
            }
        }
        let y = self.model.run(&batch, |_| true)?;
        Ok((0..rows.len())
            .map(|r| {
                let base = y[r * per * 2];
                let mut reasons: Vec<Reason> = groups
                    .iter()
                    .enumerate()
                    .map(|(k, g)| Reason {
                        field: g,
                        effect: base - y[(r * per + k + 1) * 2],
                    })
                    .filter(|x| x.effect > 0.0)
                    .collect();
                reasons.sort_by(|a, b| b.effect.total_cmp(&a.effect));
                reasons.truncate(top);
                reasons
            })
            .collect())
    }

    /// Why `row` scored as it did: each field replaced in turn by its baseline (an unseen
    /// value), the fields whose replacement lowers the fraud score most, largest first
    /// (at most `top`, only those that raised it).
    pub fn explain(&self, row: &Declaration, top: usize) -> Result<Vec<Reason>, ScoringError> {
        Ok(self.explain_many(&[row], top)?.remove(0))
    }
}
