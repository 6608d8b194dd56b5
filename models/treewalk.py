"""Shared by the training scripts in models/: LightGBM trees compiled into an ONNX graph of
plain tensor ops that tract runs fast, and the small helpers of the model cards.

The graph walks every tree level by level for all rows at once (Gather, GatherElements,
LessOrEqual, Where), gathers the leaf values and sums them per row; tract's own
TreeEnsembleClassifier/Regressor is slow (see ../shared/notes/tract-wasm.md). The roots' level
is folded into constants, so the graph needs no Shape/Expand of the batch. Only the operators
in `OPERATORS` appear: the scoring worker registers exactly those (scoring/src/onnx_ops.rs).
"""
import hashlib
import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 12  # ReduceSum takes its axes as an attribute
IR_VERSION = 7  # opset 12; readable by onnxruntime 1.30 and tract
OPERATORS = {"Concat", "Gather", "GatherElements", "Identity", "LessOrEqual", "ReduceSum",
             "Sigmoid", "Where"}


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


def tree_nodes(prefix, booster, inits, link):
    """Nodes computing `{prefix}_p` [N, 1] from X: the trees' raw sum, then `link`
    ("sigmoid" for a binary classifier's probability, "identity" for a regression)."""
    feat, thr, left, right, value, roots, depth = flatten(booster)
    for name, arr in [("feat", feat), ("thr", thr), ("left", left), ("right", right),
                      ("value", value), ("f0", feat[roots]), ("t0", thr[roots]),
                      ("l0", left[roots]), ("r0", right[roots])]:
        inits.append(numpy_helper.from_array(arr, f"{prefix}_{name}"))
    # Level 0: every row is at its trees' roots, so the roots' features, thresholds and
    # children are constants [trees] broadcast over the rows.
    n = [
        helper.make_node("Gather", ["X", f"{prefix}_f0"], [f"{prefix}_0_x"], axis=1),
        helper.make_node("LessOrEqual", [f"{prefix}_0_x", f"{prefix}_t0"], [f"{prefix}_0_c"]),
        helper.make_node("Where", [f"{prefix}_0_c", f"{prefix}_l0", f"{prefix}_r0"],
                         [f"{prefix}_0_idx"]),
    ]
    idx = f"{prefix}_0_idx"
    for k in range(1, depth):
        p = f"{prefix}_{k}"
        n += [
            helper.make_node("Gather", [f"{prefix}_feat", idx], [f"{p}_f"], axis=0),
            helper.make_node("Gather", [f"{prefix}_thr", idx], [f"{p}_t"], axis=0),
            helper.make_node("GatherElements", ["X", f"{p}_f"], [f"{p}_x"], axis=1),
            helper.make_node("LessOrEqual", [f"{p}_x", f"{p}_t"], [f"{p}_c"]),
            helper.make_node("Gather", [f"{prefix}_left", idx], [f"{p}_l"], axis=0),
            helper.make_node("Gather", [f"{prefix}_right", idx], [f"{p}_r"], axis=0),
            helper.make_node("Where", [f"{p}_c", f"{p}_l", f"{p}_r"], [f"{p}_idx"]),
        ]
        idx = f"{p}_idx"
    n += [
        helper.make_node("Gather", [f"{prefix}_value", idx], [f"{prefix}_leaves"], axis=0),
        helper.make_node("ReduceSum", [f"{prefix}_leaves"], [f"{prefix}_raw"], axes=[1],
                         keepdims=1),
    ]
    if link == "sigmoid":
        n.append(helper.make_node("Sigmoid", [f"{prefix}_raw"], [f"{prefix}_p"]))
    else:
        assert link == "identity", link
        n.append(helper.make_node("Identity", [f"{prefix}_raw"], [f"{prefix}_p"]))
    return n, {f"{prefix}_trees": len(roots), f"{prefix}_depth": depth}


def ensemble_model(name, heads, n_features, output, producer):
    """One ONNX model of `heads` [(prefix, booster, link)], their outputs concatenated into
    `output` [N, len(heads)]; answers (model, shape facts)."""
    inits, nodes = [], []
    shape = {}
    for prefix, booster, link in heads:
        n, facts = tree_nodes(prefix, booster, inits, link)
        nodes += n
        shape.update(facts)
    outs = [f"{prefix}_p" for prefix, _, _ in heads]
    nodes.append(helper.make_node("Concat", outs, [output], axis=1) if len(outs) > 1
                 else helper.make_node("Identity", outs, [output]))
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, ["N", len(heads)])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name=producer)
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    assert {n.op_type for n in model.graph.node} <= OPERATORS, "an operator the worker lacks"
    return model, shape


def save_classifier(name, model, n_features, producer, out_dir, xv):
    """Compiles the LightGBM classifier `model` into the tree-walk graph `out_dir`/model.onnx
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
