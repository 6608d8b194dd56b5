"""Writes the small ONNX-ML tree ensembles of scoring/tests/tree_ensembles.rs and onnxruntime's
answers for them (not run by the tests; rerun after changing it, with models/requirements.txt):

    python scoring/tests/data/tree_ensembles.py scoring/tests/data

- classifier.onnx: a binary TreeEnsembleClassifier as onnxmltools writes LightGBM's (labels 0/1,
  the leaves' weights on class 0, LOGISTIC, no ZipMap): outputs label [N], probabilities [N, 2];
- regressor.onnx: a TreeEnsembleRegressor with two targets, base values, BRANCH_LEQ and
  BRANCH_LT nodes, a node sending missing values to its true child;
- tree_ensembles.json: rows (NaN as null) and each model's outputs in onnxruntime.
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

FEATURES = 3


def trees():
    # tree 0: x0 <= 0.5 ? (x2 <= -1 ? 0.7 : -0.2) : (x1 < 3 ? 0.4 : -0.9), NaN in x0 goes true
    # tree 1: x1 <= 1.25 ? 0.3 : -0.1
    nodes = dict(
        nodes_treeids=[0, 0, 0, 0, 0, 0, 0, 1, 1, 1],
        nodes_nodeids=[0, 1, 2, 3, 4, 5, 6, 0, 1, 2],
        nodes_featureids=[0, 2, 1, 0, 0, 0, 0, 1, 0, 0],
        nodes_values=[0.5, -1.0, 3.0, 0, 0, 0, 0, 1.25, 0, 0],
        nodes_modes=["BRANCH_LEQ", "BRANCH_LEQ", "BRANCH_LT", "LEAF", "LEAF", "LEAF", "LEAF",
                     "BRANCH_LEQ", "LEAF", "LEAF"],
        nodes_truenodeids=[1, 3, 5, 0, 0, 0, 0, 1, 0, 0],
        nodes_falsenodeids=[2, 4, 6, 0, 0, 0, 0, 2, 0, 0],
        nodes_missing_value_tracks_true=[1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    )
    leaves = [(0, 3, 0.7), (0, 4, -0.2), (0, 5, 0.4), (0, 6, -0.9), (1, 1, 0.3), (1, 2, -0.1)]
    return nodes, leaves


def model(node, outputs):
    graph = helper.make_graph(
        [node], "tree_ensemble",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", FEATURES])], outputs)
    m = helper.make_model(graph, producer_name="scoring/tests/data/tree_ensembles.py",
                          opset_imports=[helper.make_opsetid("", 12),
                                         helper.make_opsetid("ai.onnx.ml", 1)])
    m.ir_version = 7
    onnx.checker.check_model(m)
    return m


def main():
    out = sys.argv[1]
    nodes, leaves = trees()
    classifier = model(
        helper.make_node(
            "TreeEnsembleClassifier", ["X"], ["label", "probabilities"], domain="ai.onnx.ml",
            class_treeids=[t for t, _, _ in leaves], class_nodeids=[n for _, n, _ in leaves],
            class_ids=[0] * len(leaves), class_weights=[w for _, _, w in leaves],
            classlabels_int64s=[0, 1], post_transform="LOGISTIC", **nodes),
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])])
    regressor = model(
        helper.make_node(
            "TreeEnsembleRegressor", ["X"], ["y"], domain="ai.onnx.ml",
            target_treeids=[t for t, _, _ in leaves], target_nodeids=[n for _, n, _ in leaves],
            target_ids=[t for t, _, _ in leaves], target_weights=[w for _, _, w in leaves],
            n_targets=2, base_values=[0.25, -1.0], aggregate_function="SUM",
            post_transform="NONE", **nodes),
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2])])
    rng = np.random.default_rng(7)
    x = rng.uniform(-2, 4, size=(40, FEATURES)).astype(np.float32)
    x[:6] = [[0.5, 3, -1], [0.5000001, 2.9999998, -0.9999999], [np.nan, 0, 0], [1, np.nan, 0],
             [0, 1.25, np.nan], [np.nan, np.nan, np.nan]]
    onnx.save(classifier, f"{out}/classifier.onnx")
    onnx.save(regressor, f"{out}/regressor.onnx")
    run = lambda m: ort.InferenceSession(m.SerializeToString(),  # noqa: E731
                                         providers=["CPUExecutionProvider"]).run(None, {"X": x})
    label, probabilities = run(classifier)
    (y,) = run(regressor)
    rows = [[None if np.isnan(v) else float(v) for v in row] for row in x]
    with open(f"{out}/tree_ensembles.json", "w") as f:
        json.dump({"onnxruntime": ort.__version__, "rows": rows, "label": label.tolist(),
                   "probabilities": probabilities.tolist(), "regressor": y.tolist()}, f)


if __name__ == "__main__":
    main()
