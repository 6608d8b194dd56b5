//! Model scoring for the portal: the feature encoder (the only one: the CLI exports training
//! matrices from it and the browser scores with it), CDD-style CSV input, and ONNX models run
//! with `tract-onnx`, natively (CLI, tests) and in wasm32.
//!
//! Layering: depends on `portal-core`; used by `portal-app` and the `portal` CLI.

pub mod arrow_input;
pub mod bm25;
pub mod cdd;
pub mod company;
pub mod encoder;
pub mod forest;
pub mod fraud;
pub mod high_risk;
pub mod hs;
pub mod hs_rerank;
pub mod ipc_stream;
pub mod model;
pub mod onnx_ops;
pub mod price;
pub mod rerouting;
pub mod supply_chain;
pub mod text;
mod tree_op;

/// Why scoring failed, split by fault.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoringError {
    /// The input is malformed (the caller's fault): which line and what is wrong.
    Input {
        /// 1-based line of the input (the header is line 1).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The model could not be loaded or run (the model file's or the runtime's fault).
    Model(String),
}

impl ScoringError {
    pub(crate) fn input(line: u64, message: impl Into<String>) -> ScoringError {
        ScoringError::Input {
            line,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ScoringError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScoringError::Input { line, message } => write!(f, "line {line}: {message}"),
            ScoringError::Model(m) => write!(f, "model error: {m}"),
        }
    }
}

impl std::error::Error for ScoringError {}
