"""Shared by the training scripts in models/: LightGBM trees written as one ONNX-ML
`TreeEnsembleRegressor` (a target per head; a `Sigmoid` after it when the heads are
probabilities), and the small helpers of the model cards.

The scoring worker runs the tree ensemble with the portal's own kernel registered in tract
(scoring/src/forest.rs; tract's own tree operator is slow, see ../shared/notes/tract-wasm.md);
onnxruntime runs the same file with its TreeEnsemble kernel. Only the operators in `OPERATORS`
appear: the worker registers those (scoring/src/onnx_ops.rs). Thresholds are the largest float32
at or below LightGBM's, so `x <= threshold` holds in float32 exactly when it does in LightGBM.
"""
import hashlib
import json

import numpy as np
import onnx
from onnx import TensorProto, helper

OPSET = 12
ML_OPSET = 1  # ai.onnx.ml, as onnxmltools writes LightGBM models
IR_VERSION = 7  # readable by onnxruntime 1.30 and tract
OPERATORS = {"Sigmoid", "TreeEnsembleRegressor"}


def f32_floor(t):
    """Largest float32 <= t, so that float32 x <= it exactly when x <= t."""
    v = np.float32(t)
    if float(v) > t:
        v = np.nextafter(v, np.float32(-np.inf))
    return v


def flatten(booster):
    """All trees' nodes as arrays; leaves point to themselves."""
    feat, thr, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for tree in booster.dump_model()["tree_info"]:
        def walk(node, d):
            nonlocal depth
            i = len(feat)
            feat.append(0); thr.append(np.float32(0)); left.append(i); right.append(i); value.append(0.0)
            if "leaf_value" in node:
                value[i] = node["leaf_value"]
                depth = max(depth, d)
                return i
            assert node["decision_type"] == "<=", node["decision_type"]
            feat[i] = node["split_feature"]
            thr[i] = f32_floor(node["threshold"])
            left[i] = walk(node["left_child"], d + 1)
            right[i] = walk(node["right_child"], d + 1)
            return i
        roots.append(walk(tree["tree_structure"], 0))
    return (np.array(feat, np.int64), np.array(thr, np.float32), np.array(left, np.int64),
            np.array(right, np.int64), np.array(value, np.float32), np.array(roots, np.int64), depth)


def tree_attributes(feat, thr, left, right, value):
    """The tree-ensemble node attributes of `flatten`'s arrays (a tree's nodes contiguous, root
    first, leaves pointing to themselves; node ids local to their tree), the leaves
    [(tree, node, value)] and the number of trees."""
    n = len(feat)
    is_leaf = (left == np.arange(n)) & (right == np.arange(n))
    child = np.zeros(n, bool)
    child[left[~is_leaf]] = True
    child[right[~is_leaf]] = True
    roots = np.flatnonzero(~child)
    tree = np.searchsorted(roots, np.arange(n), side="right") - 1
    local = np.arange(n) - roots[tree]
    attrs = {
        "nodes_treeids": tree.tolist(),
        "nodes_nodeids": local.tolist(),
        "nodes_featureids": np.where(is_leaf, 0, feat).tolist(),
        "nodes_values": np.where(is_leaf, 0, thr).astype(np.float32).tolist(),
        "nodes_modes": ["LEAF" if leaf else "BRANCH_LEQ" for leaf in is_leaf],
        "nodes_truenodeids": np.where(is_leaf, 0, left - roots[tree]).tolist(),
        "nodes_falsenodeids": np.where(is_leaf, 0, right - roots[tree]).tolist(),
    }
    leaves = [(int(tree[i]), int(local[i]), float(value[i])) for i in np.flatnonzero(is_leaf)]
    return attrs, leaves, len(roots)


def ensemble_graph(name, heads, n_features, output, producer):
    """One TreeEnsembleRegressor over `heads` [(arrays as `flatten` answers them without the
    depth, link)], target k for head k, answering `output` [N, len(heads)]; the heads' common
    link ("sigmoid" or "identity") decides whether a Sigmoid follows."""
    links = {link for _, link in heads}
    assert len(links) == 1 and links <= {"sigmoid", "identity"}, links
    keys = ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
            "nodes_truenodeids", "nodes_falsenodeids")
    attrs = {k: [] for k in keys + ("target_treeids", "target_nodeids", "target_ids",
                                    "target_weights")}
    first_tree = 0
    for target, (arrays, _) in enumerate(heads):
        tree_attrs, leaves, trees = tree_attributes(*arrays)
        tree_attrs["nodes_treeids"] = [t + first_tree for t in tree_attrs["nodes_treeids"]]
        for k in keys:
            attrs[k] += tree_attrs[k]
        attrs["target_treeids"] += [t + first_tree for t, _, _ in leaves]
        attrs["target_nodeids"] += [node for _, node, _ in leaves]
        attrs["target_ids"] += [target] * len(leaves)
        attrs["target_weights"] += [v for _, _, v in leaves]
        first_tree += trees
    sigmoid = links == {"sigmoid"}
    raw = f"{output}_raw" if sigmoid else output
    # onnxruntime's regressor leaves a LOGISTIC post transform unapplied: a Sigmoid after it.
    nodes = [helper.make_node("TreeEnsembleRegressor", ["X"], [raw], domain="ai.onnx.ml",
                              n_targets=len(heads), aggregate_function="SUM",
                              post_transform="NONE", **attrs)]
    if sigmoid:
        nodes.append(helper.make_node("Sigmoid", [raw], [output]))
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["N", len(heads)])])
    model = helper.make_model(graph, producer_name=producer,
                              opset_imports=[helper.make_opsetid("", OPSET),
                                             helper.make_opsetid("ai.onnx.ml", ML_OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    assert {n.op_type for n in model.graph.node} <= OPERATORS, "an operator the worker lacks"
    return model


def ensemble_model(name, heads, n_features, output, producer):
    """One ONNX model of `heads` [(prefix, booster, link)], their outputs side by side in
    `output` [N, len(heads)]; answers (model, shape facts)."""
    shape, graph_heads = {}, []
    for prefix, booster, link in heads:
        feat, thr, left, right, value, roots, depth = flatten(booster)
        graph_heads.append(((feat, thr, left, right, value), link))
        shape.update({f"{prefix}_trees": len(roots), f"{prefix}_depth": depth})
    return ensemble_graph(name, graph_heads, n_features, output, producer), shape


def save_classifier(name, model, n_features, producer, out_dir, xv):
    """Writes the LightGBM classifier `model` as the tree ensemble `out_dir`/model.onnx
    (one `risk` output), checks onnxruntime's answers on `xv` against predict_proba (max |diff|
    below 1e-5) and writes the first 256 rows with their scores as `out_dir`/reference.json;
    answers (onnxruntime's scores [N, 1], shape facts, the largest difference)."""
    import onnxruntime as ort
    onnx_model, shape = ensemble_model(name, [("risk", model.booster_, "sigmoid")], n_features,
                                       "risk", producer)
    onnx.save(onnx_model, f"{out_dir}/model.onnx")
    sess = ort.InferenceSession(f"{out_dir}/model.onnx", providers=["CPUExecutionProvider"])
    got = sess.run(None, {"X": xv})[0]
    diff = float(np.abs(got[:, 0] - model.predict_proba(xv)[:, 1]).max())
    print(f"onnxruntime vs LightGBM, max |diff| {diff:.2e}")
    assert diff < 1e-5, diff
    write_json(f"{out_dir}/reference.json",
               {"tolerance": 1e-5, "features": xv[:256].tolist(), "scores": got[:256].tolist()})
    return got, shape, diff


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def train_classifier(x, y, params, seed=42):
    """A deterministic LightGBM binary classifier (two threads) with `params` over the library
    defaults, fitted on `x`, `y`."""
    import lightgbm as lgb
    m = lgb.LGBMClassifier(random_state=seed, deterministic=True, force_row_wise=True,
                           n_jobs=2, verbose=-1, **params)
    return m.fit(x, y)


def top_precision(score, y, q):
    """Precision of the top `q` share of rows ranked by `score`."""
    n = int(round(len(score) * q))
    order = np.argsort(-score, kind="stable")[:n]
    return float(y[order].mean())


def top_recall(score, y, q):
    """Recall of the top `q` share of rows ranked by `score`."""
    n = int(round(len(score) * q))
    order = np.argsort(-score, kind="stable")[:n]
    return float(y[order].sum() / max(y.sum(), 1))


def write_json(path, value, indent=None):
    with open(path, "w") as f:
        json.dump(value, f, indent=indent)
