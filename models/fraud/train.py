"""Trains the `fraud` model from the matrices `portal features` exported (the portal's encoder is
the only encoder; this script never looks at raw declarations).

Two LightGBM models (fraud; critical fraud) are chosen on the CDD validation split by precision
at the top 5%, then compiled into one ONNX graph of plain tensor ops (Gather, GatherElements,
LessOrEqual, Where, ReduceSum, Sigmoid): every tree is walked level by level for all rows at
once. tract runs that fast; tract's own TreeEnsembleClassifier is slow (see
../shared/notes/tract-wasm.md). The graph is checked against LightGBM's own predictions in
onnxruntime, and reference outputs are saved for the Rust/wasm parity tests.

Usage: python train.py FEATURES_DIR OUT_DIR TRAIN_CSV VALID_CSV   (see models/train.sh)
"""
import hashlib
import json
import sys
import time

import lightgbm as lgb
import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from sklearn.metrics import roc_auc_score

SEED = 42
OPSET = 13


def load(d, split, n_features):
    x = np.fromfile(f"{d}/{split}.f32", dtype="<f4").reshape(-1, n_features)
    y = np.fromfile(f"{d}/{split}.labels.u8", dtype=np.uint8).reshape(-1, 2)
    return x, y


def top_precision(score, y, q):
    n = int(round(len(score) * q))
    order = np.argsort(-score, kind="stable")[:n]
    return float(y[order].mean())


def top_recall(score, y, q):
    n = int(round(len(score) * q))
    order = np.argsort(-score, kind="stable")[:n]
    return float(y[order].sum() / max(y.sum(), 1))


def train(x, y, params):
    m = lgb.LGBMClassifier(
        objective="binary", random_state=SEED, deterministic=True, force_row_wise=True,
        n_jobs=2, verbose=-1, subsample_freq=1, **params)
    return m.fit(x, y)


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


def tree_nodes(prefix, booster, inits):
    feat, thr, left, right, value, roots, depth = flatten(booster)
    for name, arr in [("feat", feat), ("thr", thr), ("left", left), ("right", right),
                      ("value", value), ("roots", roots.reshape(1, -1))]:
        inits.append(numpy_helper.from_array(arr, f"{prefix}_{name}"))
    inits.append(numpy_helper.from_array(np.array([len(roots)], np.int64), f"{prefix}_ntrees"))
    n = [
        helper.make_node("Concat", ["n_rows", f"{prefix}_ntrees"], [f"{prefix}_shape"], axis=0),
        helper.make_node("Expand", [f"{prefix}_roots", f"{prefix}_shape"], [f"{prefix}_idx0"]),
    ]
    idx = f"{prefix}_idx0"
    for k in range(depth):
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
        helper.make_node("ReduceSum", [f"{prefix}_leaves", "axis1"], [f"{prefix}_raw"], keepdims=1),
        helper.make_node("Sigmoid", [f"{prefix}_raw"], [f"{prefix}_p"]),
    ]
    return n, depth, len(roots)


def to_onnx(fraud, critical, n_features):
    inits = [numpy_helper.from_array(np.array([1], np.int64), "axis1"),
             numpy_helper.from_array(np.array([0], np.int64), "zero"),
             numpy_helper.from_array(np.array([1], np.int64), "one")]
    nodes = [helper.make_node("Shape", ["X"], ["x_shape"]),
             helper.make_node("Slice", ["x_shape", "zero", "one"], ["n_rows"])]
    nf, df, tf = tree_nodes("fraud", fraud.booster_, inits)
    nc, dc, tc = tree_nodes("critical", critical.booster_, inits)
    nodes += nf + nc + [helper.make_node("Concat", ["fraud_p", "critical_p"], ["scores"], axis=1)]
    graph = helper.make_graph(
        nodes, "fraud",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", n_features])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 2])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="customs-portal models/fraud/train.py")
    model.ir_version = 8  # opset 13; readable by onnxruntime 1.30 and tract
    onnx.checker.check_model(model)
    return model, {"fraud_trees": tf, "fraud_depth": df, "critical_trees": tc, "critical_depth": dc}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    feat_dir, out_dir, train_csv, valid_csv = sys.argv[1:5]
    meta = json.load(open(f"{feat_dir}/features.json"))
    names = meta["features"]
    xt, yt = load(feat_dir, "train", len(names))
    xv, yv = load(feat_dir, "valid", len(names))
    print(f"train {xt.shape}, valid {xv.shape}, fraud rate {yt[:, 0].mean():.3f}")

    # Every tree costs one level-by-level walk in the browser, so the grid stays small: at most
    # 300 trees of depth 8 (500 trees of depth 12 scored ~1.4 points better at 5% but ran 4x
    # slower in tract).
    grid = [
        dict(n_estimators=n, learning_rate=lr, num_leaves=leaves, max_depth=8,
             min_child_samples=20, colsample_bytree=sample, subsample=sample)
        for n, lr in [(200, 0.07), (300, 0.05)] for leaves in [31, 63] for sample in [0.8, 1.0]
    ]
    results = []
    for params in grid:
        t = time.time()
        m = train(xt, yt[:, 0], params)
        s = m.predict_proba(xv)[:, 1]
        p5 = top_precision(s, yv[:, 0], 0.05)
        results.append((p5, params))
        print(f"  {params} P@5% {p5:.3f} ({time.time() - t:.1f}s)")
    best = max(results, key=lambda r: r[0])[1]
    fraud = train(xt, yt[:, 0], best)
    critical = train(xt, yt[:, 1], dict(best, n_estimators=100, learning_rate=0.1, max_depth=6,
                                        num_leaves=31, scale_pos_weight=5.0))

    model, shape = to_onnx(fraud, critical, len(names))
    onnx.save(model, f"{out_dir}/model.onnx")
    sess = ort.InferenceSession(f"{out_dir}/model.onnx", providers=["CPUExecutionProvider"])
    got = sess.run(None, {"X": xv})[0]
    want = np.stack([fraud.predict_proba(xv)[:, 1], critical.predict_proba(xv)[:, 1]], axis=1)
    diff = float(np.abs(got - want).max())
    print(f"onnxruntime vs LightGBM, max |diff| {diff:.2e}")
    assert diff < 1e-5, diff

    # Reference outputs for the parity tests (first 256 validation rows, encoded features).
    ref = {"tolerance": 1e-5, "features": xv[:256].tolist(), "scores": got[:256].tolist()}
    json.dump(ref, open(f"{out_dir}/reference.json", "w"))

    sf, sc = got[:, 0], got[:, 1]
    metrics = {
        "split": "CDD validation (df_syn_valid_eng.csv, 2021-01..03)",
        "rows": int(len(yv)),
        "precision_at_5pct": top_precision(sf, yv[:, 0], 0.05),
        "precision_at_10pct": top_precision(sf, yv[:, 0], 0.10),
        "auc": float(roc_auc_score(yv[:, 0], sf)),
        "critical_recall_at_10pct_by_critical_score": top_recall(sc, yv[:, 1], 0.10),
        "critical_recall_at_10pct_by_fraud_score": top_recall(sf, yv[:, 1], 0.10),
        "critical_auc": float(roc_auc_score(yv[:, 1], sc)),
    }
    card = {
        "name": "fraud",
        "version": "1.0.0",
        "purpose": "Risk of fraud and of critical fraud of an import declaration, for choosing what to inspect.",
        "inputs": {"X": f"float32 [N, {len(names)}] from portal_scoring::encoder (see model.md)",
                   "features": names},
        "outputs": {"scores": "float32 [N, 2]: [P(fraud), P(critical fraud)], each in [0, 1]"},
        "training_data": {"train": {"file": "cdd/df_syn_train_eng.csv", "sha256": sha256(train_csv), "rows": int(len(yt))},
                          "selection_and_validation": {"file": "cdd/df_syn_valid_eng.csv", "sha256": sha256(valid_csv), "rows": int(len(yv))}},
        "method": {"learner": "LightGBM " + lgb.__version__, "selected_params": best,
                   "selection": "grid of 8 on the validation split by precision at 5% (so the validation figures are optimistic; the paper's test split is withheld)",
                   "critical": "100 trees, depth 6, learning rate 0.1, scale_pos_weight 5", "onnx": shape,
                   "onnx_check": f"onnxruntime {ort.__version__} vs LightGBM predict_proba, max |diff| {diff:.1e}"},
        "grid": [{"params": p, "precision_at_5pct": v} for v, p in results],
        "metrics": metrics,
        "anchor": {"source": "Jeong et al. 2022, Table 3 (LightGBM, test split)", "precision_at_5pct": 0.762, "precision_at_10pct": 0.641},
    }
    json.dump(card, open(f"{out_dir}/model.json", "w"), indent=2)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
