//! Parity of tract with onnxruntime: the reference outputs saved by models/fraud/train.py for a
//! fixed batch of encoded validation rows, reproduced by `portal_scoring::model` natively (and
//! by the same code in wasm32, in `app/tests/web.rs`).

use portal_scoring::encoder::FEATURES;
use portal_scoring::model::Model;

const ONNX: &[u8] = include_bytes!("../../models/fraud/model.onnx");
const REFERENCE: &str = include_str!("../../models/fraud/reference.json");

#[derive(serde::Deserialize)]
struct Reference {
    tolerance: f32,
    features: Vec<Vec<f32>>,
    scores: Vec<Vec<f32>>,
}

#[test]
fn fraud_model_matches_onnxruntime() {
    let r: Reference = serde_json::from_str(REFERENCE).expect("reference.json");
    assert_eq!(
        r.features[0].len(),
        FEATURES,
        "the model card and the encoder agree"
    );
    let model = Model::load(ONNX, FEATURES, 2).expect("tract loads the model");
    let x: Vec<f32> = r.features.iter().flatten().copied().collect();
    let y = model.run(&x, |_| true).expect("runs");
    assert_eq!(y.len(), r.scores.len() * 2);
    let worst = y
        .iter()
        .zip(r.scores.iter().flatten())
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    assert!(worst <= r.tolerance, "max |tract - onnxruntime| = {worst}");
}
