//! The ONNX-ML tree-ensemble operators in tract (the portal's kernel, `portal_scoring::forest`)
//! answer as onnxruntime does: a binary classifier as onnxmltools writes LightGBM's and a
//! two-target regressor with base values, strict and non-strict splits and missing values
//! (tests/data/tree_ensembles.py wrote the models and onnxruntime's answers).

use portal_scoring::model::Model;
use tract_onnx::prelude::*;

const CLASSIFIER: &[u8] = include_bytes!("data/classifier.onnx");
const REGRESSOR: &[u8] = include_bytes!("data/regressor.onnx");
const ANSWERS: &str = include_str!("data/tree_ensembles.json");
const FEATURES: usize = 3;

#[derive(serde::Deserialize)]
struct Answers {
    rows: Vec<Vec<Option<f32>>>,
    label: Vec<i64>,
    probabilities: Vec<Vec<f32>>,
    regressor: Vec<Vec<f32>>,
}

fn answers() -> (Answers, Vec<f32>) {
    let a: Answers = serde_json::from_str(ANSWERS).expect("answers");
    let x = a
        .rows
        .iter()
        .flatten()
        .map(|v| v.unwrap_or(f32::NAN))
        .collect();
    (a, x)
}

fn assert_close(got: &[f32], want: impl IntoIterator<Item = f32>) {
    let want: Vec<f32> = want.into_iter().collect();
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-6,
            "value {i}: tract {g}, onnxruntime {w}"
        );
    }
}

#[test]
fn a_binary_classifier_answers_labels_and_probabilities_as_onnxruntime() {
    let (a, x) = answers();
    let rows = a.rows.len();
    let plan = portal_scoring::onnx_ops::reader()
        .model_for_read(&mut &CLASSIFIER[..])
        .expect("reads")
        .with_input_fact(0, f32::fact([rows, FEATURES]).into())
        .expect("input")
        .into_optimized()
        .expect("optimises")
        .into_runnable()
        .expect("runnable");
    let input = Tensor::from_shape(&[rows, FEATURES], &x).expect("input");
    let out = plan.run(tvec!(input.into())).expect("runs");
    let labels: Vec<i64> = out[0]
        .to_plain_array_view::<i64>()
        .expect("int64 labels")
        .iter()
        .copied()
        .collect();
    assert_eq!(labels, a.label);
    let probabilities = out[1].to_plain_array_view::<f32>().expect("probabilities");
    assert_eq!(probabilities.shape(), &[rows, 2]);
    let got: Vec<f32> = probabilities.iter().copied().collect();
    assert_close(&got, a.probabilities.iter().flatten().copied());
}

#[test]
fn a_two_target_regressor_answers_as_onnxruntime_in_batches() {
    let (a, x) = answers();
    // Batches of 7 rows: the last one padded.
    let model = Model::load_with_batch(REGRESSOR, FEATURES, 2, 7).expect("loads");
    let y = model.run(&x, |_| true).expect("runs");
    assert_close(&y, a.regressor.iter().flatten().copied());
}

#[test]
fn a_model_reading_more_features_than_given_is_refused() {
    let err = Model::load(REGRESSOR, 2, 2).expect_err("two features for trees reading three");
    assert!(err.to_string().contains("features"), "{err}");
}
