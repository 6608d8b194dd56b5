//! Model scoring for the portal: loads ONNX models with `tract-onnx` and scores Arrow record
//! batches, natively (CLI, tests) and in the browser (wasm32, inside a Web Worker).
//!
//! Layering: depends on `portal-core` (feature encoding, API types) and is used by `portal-app`
//! and the `portal` CLI. Nothing is implemented yet: the risk-scoring issue fills this crate.
