//! The messages between the client and its scoring Web Worker, one typed enum each way, shared
//! by both sides so that neither can read a key the other does not write.
//!
//! On the wire a message is a JS object `{msg, bins}`: `msg` is the enum as JSON text in serde's
//! external tagging (`"ready"`, `{"scored": {...}}`: the cheapest to decode in wasm) and `bins`
//! an array of byte arrays, which the message names by position ([`Blob`]) — Arrow extracts,
//! model files and float vectors travel as bytes, never as JSON numbers.

use serde::{Deserialize, Serialize};

#[cfg(feature = "wire")]
pub mod wire;

/// A byte array of the message's `bins`, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blob(pub u32);

/// A model's files for the worker to load: `model.onnx` where the model has one, and its JSON
/// tables (the encoder, lookup tables or index data), as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelLoad {
    /// `model.onnx` (none for the HS model, which is its tables).
    pub onnx: Option<Blob>,
    /// The tables, UTF-8 JSON.
    pub tables: Blob,
}

crate::string_enum! {
    /// The models the worker runs; the string is the model's name in `/api/models/{name}/…`.
    pub enum WorkerModel {
        /// Declaration fraud risk.
        Fraud = "fraud",
        /// Expected unit value.
        Price = "price",
        /// HS code suggestion.
        Hs = "hs",
        /// The portal's high-risk model (its signals include the HS model's, which the worker
        /// loads beside it).
        HighRisk = "high-risk",
        /// The supply-chain model: manifest lines from the histories of their parties'
        /// combinations.
        SupplyChain = "supply-chain",
        /// The rerouting model: exporters from their exports matched to their Chinese imports.
        Rerouting = "rerouting",
        /// Companies' probability of arrears on duty in the next six months.
        Delinquency = "delinquency",
        /// Companies' probability that an audit makes a material finding (≥ 10M KRW).
        TaxRisk = "tax-risk",
    }
}

impl WorkerModel {
    /// The ONNX graph served as `/api/models/{name}/model.onnx`; the HS model has none (it is a
    /// BM25 index built from its tables).
    pub fn onnx_file(self) -> Option<&'static str> {
        match self {
            WorkerModel::Fraud
            | WorkerModel::Price
            | WorkerModel::HighRisk
            | WorkerModel::SupplyChain
            | WorkerModel::Rerouting
            | WorkerModel::Delinquency
            | WorkerModel::TaxRisk => Some("model.onnx"),
            WorkerModel::Hs => None,
        }
    }

    /// The JSON tables file of the model; for the supply-chain, rerouting and company models,
    /// which have no tables, their card (the worker checks that the card's features are the
    /// encoder's; the company models' cards also hold the typical company reasons compare with).
    pub fn tables_file(self) -> &'static str {
        match self {
            WorkerModel::Fraud => "encoder.json",
            WorkerModel::Price | WorkerModel::Hs | WorkerModel::HighRisk => "tables.json",
            WorkerModel::SupplyChain
            | WorkerModel::Rerouting
            | WorkerModel::Delinquency
            | WorkerModel::TaxRisk => "model.json",
        }
    }

    /// Whether the model also needs the HS model's tables in the worker.
    pub fn needs_hs(self) -> bool {
        self == WorkerModel::HighRisk
    }
}

/// What the client asks; every request may carry the files of the model it needs (the worker
/// keeps a model once loaded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ToWorker {
    /// Fraud scores of an Arrow IPC extract of declarations, with reasons for the `explain`
    /// riskiest rows; answered with progress, then [`FromWorker::Scored`].
    Score {
        /// The model files, the first time.
        load: Option<ModelLoad>,
        /// The extract.
        arrow: Blob,
        /// Rows to explain.
        explain: u32,
    },
    /// Price check of an Arrow IPC extract; answered with progress, then [`FromWorker::Priced`].
    Price {
        /// The model files, the first time.
        load: Option<ModelLoad>,
        /// The extract.
        arrow: Blob,
    },
    /// High-risk scores of an Arrow IPC extract of declarations, with reasons for the
    /// `explain` riskiest rows; answered with progress, then [`FromWorker::Risked`].
    HighRisk {
        /// The model files, the first time.
        load: Option<ModelLoad>,
        /// The HS model's tables, the first time (its index is built in the worker).
        hs: Option<ModelLoad>,
        /// The extract.
        arrow: Blob,
        /// Rows to explain.
        explain: u32,
    },
    /// Supply-chain scores of the manifest lines of an answer of `GET /api/shipments`, with
    /// reasons for the `explain` riskiest lines; answered with progress, then
    /// [`FromWorker::Chained`].
    SupplyChain {
        /// The model files, the first time.
        load: Option<ModelLoad>,
        /// The lines (Arrow IPC).
        arrow: Blob,
        /// Lines to explain.
        explain: u32,
    },
    /// Rerouting scores of the exporters of an answer of `GET /api/origin/exporters` (their
    /// features, computed by the same encoder as the CLI's); answered with progress, then
    /// [`FromWorker::Rerouted`].
    Rerouting {
        /// The model files, the first time.
        load: Option<ModelLoad>,
        /// The exporters (Arrow IPC).
        arrow: Blob,
    },
    /// Company scores (`model`: delinquency or tax-risk) of the features of `GET
    /// /api/companies/scores` (Arrow IPC, `arrow`) or of float32 rows (the models' features,
    /// row-major, `rows`: a profile's history), with reasons for the `explain` riskiest;
    /// answered with progress, then [`FromWorker::Companies`].
    Companies {
        /// Which model.
        model: WorkerModel,
        /// The model files, the first time.
        load: Option<ModelLoad>,
        /// The companies (Arrow IPC), or
        arrow: Option<Blob>,
        /// their features (float32, row-major).
        rows: Option<Blob>,
        /// Companies to explain.
        explain: u32,
    },
    /// HS suggestions for an item description; answered [`FromWorker::Hs`].
    Hs {
        /// The model files, the first time.
        load: Option<ModelLoad>,
        /// The description.
        text: String,
        /// Suggestions wanted.
        top: u32,
    },
    /// A model alone on encoded features (the throughput benchmark); answered
    /// [`FromWorker::Ran`].
    Run {
        /// Which model (fraud or price).
        model: WorkerModel,
        /// The model files, the first time.
        load: Option<ModelLoad>,
        /// Row-major float32 features, little-endian.
        x: Blob,
    },
}

impl ToWorker {
    /// The model the request runs.
    pub fn model(&self) -> WorkerModel {
        match self {
            ToWorker::Score { .. } => WorkerModel::Fraud,
            ToWorker::Price { .. } => WorkerModel::Price,
            ToWorker::HighRisk { .. } => WorkerModel::HighRisk,
            ToWorker::SupplyChain { .. } => WorkerModel::SupplyChain,
            ToWorker::Rerouting { .. } => WorkerModel::Rerouting,
            ToWorker::Companies { model, .. } => *model,
            ToWorker::Hs { .. } => WorkerModel::Hs,
            ToWorker::Run { model, .. } => *model,
        }
    }

    /// The model files the request carries.
    pub fn load(&self) -> Option<ModelLoad> {
        match self {
            ToWorker::Score { load, .. }
            | ToWorker::Price { load, .. }
            | ToWorker::HighRisk { load, .. }
            | ToWorker::SupplyChain { load, .. }
            | ToWorker::Rerouting { load, .. }
            | ToWorker::Companies { load, .. }
            | ToWorker::Hs { load, .. }
            | ToWorker::Run { load, .. } => *load,
        }
    }

    /// The HS tables a high-risk request carries (other requests need none).
    pub fn hs_load(&self) -> Option<ModelLoad> {
        match self {
            ToWorker::HighRisk { hs, .. } => *hs,
            _ => None,
        }
    }

    /// Sets the HS tables a high-risk request carries (other requests need none).
    pub fn set_hs_load(&mut self, files: ModelLoad) {
        if let ToWorker::HighRisk { hs, .. } = self {
            *hs = Some(files);
        }
    }

    /// Sets the model files the request carries.
    pub fn set_load(&mut self, files: ModelLoad) {
        match self {
            ToWorker::Score { load, .. }
            | ToWorker::Price { load, .. }
            | ToWorker::HighRisk { load, .. }
            | ToWorker::SupplyChain { load, .. }
            | ToWorker::Rerouting { load, .. }
            | ToWorker::Companies { load, .. }
            | ToWorker::Hs { load, .. }
            | ToWorker::Run { load, .. } => *load = Some(files),
        }
    }
}

/// The reasons behind one row's score: field (or signal) and effect on the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explained {
    /// Row of the extract.
    pub row: u32,
    /// (field, effect) pairs, strongest first.
    pub reasons: Vec<(String, f32)>,
    /// The high-risk model's value of each reason's signal, in `reasons` order (what its
    /// sentence names: a price ratio, an HS rank...); empty for the fraud model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<f32>,
}

/// One HS suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// HS6 code.
    pub hs6: String,
    /// Similarity score.
    pub score: f32,
    /// The nomenclature's text of the code.
    pub description: String,
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FromWorker {
    /// Started: requests may be sent (earlier ones would be lost).
    Ready,
    /// Rows done so far.
    Progress {
        /// Rows done.
        done: u32,
        /// Rows in all.
        total: u32,
    },
    /// Fraud scores: `[fraud, critical]` per row in extract order (float32 bytes).
    Scored {
        /// The scores.
        scores: Blob,
        /// Reasons for the riskiest rows.
        explained: Vec<Explained>,
    },
    /// High-risk scores: P(fraud) per row in extract order (float32 bytes).
    Risked {
        /// The scores.
        scores: Blob,
        /// Reasons (signals with their values) for the riskiest rows.
        explained: Vec<Explained>,
    },
    /// Supply-chain scores: P(fraud) per line to score, in order (float32 bytes).
    Chained {
        /// The scores.
        scores: Blob,
        /// Reasons for the riskiest lines: combination and its lift over the base rate, with
        /// its hit rate as the value.
        explained: Vec<Explained>,
    },
    /// Rerouting scores: P(rerouting firm) per exporter, in order (float32 bytes).
    Rerouted {
        /// The scores.
        scores: Blob,
    },
    /// Company scores: `[probability, score, grade, factor]` per company, in order (float32
    /// bytes; `factor` the index of the business factor in
    /// `portal_scoring::company::Factor::ALL`, -1 for none).
    Companies {
        /// The scores.
        scores: Blob,
        /// The features that raised the riskiest companies' probability most, with how much
        /// (probability points), and their values.
        explained: Vec<Explained>,
    },
    /// Price checks: `[expected, declared, same_origin, same_hs6]` per row (float32 bytes; unit
    /// values in KRW/kg, declared NaN when price or mass is missing).
    Priced {
        /// The values.
        values: Blob,
    },
    /// HS suggestions, best first.
    Hs {
        /// The suggestions.
        suggestions: Vec<Suggestion>,
    },
    /// Benchmark run: rows scored and milliseconds in the model.
    Ran {
        /// Rows.
        rows: u32,
        /// Milliseconds.
        ms: f64,
    },
    /// The request failed.
    Error {
        /// What went wrong.
        message: String,
    },
}

/// Float32 values as little-endian bytes (for a [`Blob`]).
pub fn f32_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Float32 values of little-endian bytes; `None` when the length is not a multiple of 4.
pub fn f32_values(bytes: &[u8]) -> Option<Vec<f32>> {
    bytes.len().is_multiple_of(4).then(|| {
        bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_as_json_and_unknown_kinds_fail() {
        let mut req = ToWorker::Score {
            load: None,
            arrow: Blob(0),
            explain: 20,
        };
        req.set_load(ModelLoad {
            onnx: Some(Blob(1)),
            tables: Blob(2),
        });
        let json = serde_json::to_string(&req).expect("json");
        assert!(json.starts_with("{\"score\":{"), "{json}");
        assert_eq!(serde_json::from_str::<ToWorker>(&json).expect("back"), req);
        assert_eq!(req.model().tables_file(), "encoder.json");
        assert_eq!(req.model().onnx_file(), Some("model.onnx"));
        assert_eq!(WorkerModel::Hs.onnx_file(), None);
        assert_eq!(req.load().map(|l| l.tables), Some(Blob(2)));
        let answer = FromWorker::Scored {
            scores: Blob(0),
            explained: vec![Explained {
                row: 3,
                reasons: vec![("hs6".into(), 0.25)],
                values: Vec::new(),
            }],
        };
        let json = serde_json::to_string(&answer).expect("json");
        assert_eq!(
            serde_json::from_str::<FromWorker>(&json).expect("back"),
            answer
        );
        assert!(
            !json.contains("values"),
            "the fraud model's reasons carry no values"
        );
        assert!(serde_json::from_str::<FromWorker>(r#"{"kind":"scored2"}"#).is_err());
        let mut risk = ToWorker::HighRisk {
            load: None,
            hs: None,
            arrow: Blob(0),
            explain: 5,
        };
        risk.set_hs_load(ModelLoad {
            onnx: None,
            tables: Blob(2),
        });
        assert_eq!(risk.hs_load().map(|l| l.tables), Some(Blob(2)));
        assert_eq!(req.hs_load(), None);
        assert_eq!(risk.model(), WorkerModel::HighRisk);
        assert!(risk.model().needs_hs() && !WorkerModel::Fraud.needs_hs());
        assert_eq!(WorkerModel::parse("high-risk"), Some(WorkerModel::HighRisk));
        assert!(
            serde_json::from_str::<ToWorker>(r#"{"kind":"hs","text":"x","top":1,"x":1}"#).is_err()
        );
    }

    #[test]
    fn floats_travel_as_bytes() {
        let v = [1.5f32, f32::NAN, -0.0, 3e-8];
        let back = f32_values(&f32_bytes(&v)).expect("multiple of 4");
        assert_eq!(back[0], 1.5);
        assert!(back[1].is_nan());
        assert_eq!(back[3], 3e-8);
        assert_eq!(f32_values(&[0, 1, 2]), None);
    }
}
