"""Trains the `fraud` model from the matrices `portal features` exported (the portal's encoder is
the only encoder; this script never looks at raw declarations).

Two LightGBM models (fraud; critical fraud) are chosen on the CDD validation split by precision
at the top 5%, then compiled into one ONNX graph of plain tensor ops (models/treewalk.py: Gather,
GatherElements, LessOrEqual, Where, ReduceSum, Sigmoid): every tree is walked level by level for
all rows at once. tract runs that fast; tract's own TreeEnsembleClassifier is slow (see
../shared/notes/tract-wasm.md). The graph is checked against LightGBM's own predictions in
onnxruntime, and reference outputs are saved for the Rust/wasm parity tests.

Usage: python train.py FEATURES_DIR OUT_DIR TRAIN_CSV VALID_CSV   (see models/train.sh)
"""
import json
import os
import sys
import time

import lightgbm as lgb
import numpy as np
import onnx
import onnxruntime as ort
from sklearn.metrics import roc_auc_score

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from treewalk import ensemble_model, sha256, top_precision, top_recall, write_json  # noqa: E402

SEED = 42


def load(d, split, n_features):
    x = np.fromfile(f"{d}/{split}.f32", dtype="<f4").reshape(-1, n_features)
    y = np.fromfile(f"{d}/{split}.labels.u8", dtype=np.uint8).reshape(-1, 2)
    return x, y


def train(x, y, params):
    m = lgb.LGBMClassifier(
        objective="binary", random_state=SEED, deterministic=True, force_row_wise=True,
        n_jobs=2, verbose=-1, subsample_freq=1, **params)
    return m.fit(x, y)


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

    model, shape = ensemble_model(
        "fraud", [("fraud", fraud.booster_, "sigmoid"), ("critical", critical.booster_, "sigmoid")],
        len(names), "scores", "customs-portal models/fraud/train.py")
    onnx.save(model, f"{out_dir}/model.onnx")
    sess = ort.InferenceSession(f"{out_dir}/model.onnx", providers=["CPUExecutionProvider"])
    got = sess.run(None, {"X": xv})[0]
    want = np.stack([fraud.predict_proba(xv)[:, 1], critical.predict_proba(xv)[:, 1]], axis=1)
    diff = float(np.abs(got - want).max())
    print(f"onnxruntime vs LightGBM, max |diff| {diff:.2e}")
    assert diff < 1e-5, diff

    # Reference outputs for the parity tests (first 256 validation rows, encoded features).
    ref = {"tolerance": 1e-5, "features": xv[:256].tolist(), "scores": got[:256].tolist()}
    write_json(f"{out_dir}/reference.json", ref)

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
    write_json(f"{out_dir}/model.json", card, indent=2)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
