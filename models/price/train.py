"""Trains the `price` model from the matrices `portal price-features` exported (the portal's
price encoder is the only encoder; this script never looks at raw declarations).

A LightGBM regression of ln(unit value in KRW per kg) on the encoded goods/origin/mass features,
chosen on a validation set generated with another seed by the mean absolute error of ln(unit
value) on declarations not labelled fraud, then written as the same kind of ONNX tree ensemble
as the fraud model (models/trees.py). Rows labelled fraud are left out of training: the
expectation is what honest declarations of those goods cost. The graph is checked against
LightGBM in onnxruntime and reference outputs are saved for the Rust/wasm parity tests.

Usage: python train.py FEATURES_DIR OUT_DIR TRAIN_DESC VALID_DESC   (see models/train.sh)
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
from trees import ensemble_model, top_precision, top_recall, write_json  # noqa: E402

SEED = 42
UNDERVALUED_BELOW = 0.5  # portal_core::risk::UNDERVALUED_BELOW


def load(d, split, n_features):
    x = np.fromfile(f"{d}/{split}.f32", dtype="<f4").reshape(-1, n_features)
    y = np.fromfile(f"{d}/{split}.target.f32", dtype="<f4")
    labels = np.fromfile(f"{d}/{split}.labels.u8", dtype=np.uint8).reshape(-1, 2)
    return x, y, labels


def train(x, y, params):
    m = lgb.LGBMRegressor(objective="huber", alpha=1.0, random_state=SEED, deterministic=True,
                          force_row_wise=True, n_jobs=2, verbose=-1, subsample_freq=1, **params)
    return m.fit(x, y)


def detection(pred_ln, y_ln, undervalued):
    """Under-valuation found by the rule and by ranking on the shortfall, over priced rows."""
    ratio = np.exp(y_ln - pred_ln)
    flag = ratio < UNDERVALUED_BELOW
    hits = int((flag & (undervalued == 1)).sum())
    shortfall = np.clip(1.0 - ratio, 0.0, 1.0)
    return {
        "undervalued_rows": int(undervalued.sum()),
        "flagged_rows": int(flag.sum()),
        "rule_precision": hits / max(int(flag.sum()), 1),
        "rule_recall": hits / max(int(undervalued.sum()), 1),
        "auc_of_shortfall": float(roc_auc_score(undervalued, shortfall)),
        "precision_at_2pct": top_precision(shortfall, undervalued, 0.02),
        "recall_at_2pct": top_recall(shortfall, undervalued, 0.02),
    }


def main():
    feat_dir, out_dir, train_desc, valid_desc = sys.argv[1:5]
    meta = json.load(open(f"{feat_dir}/features.json"))
    names = meta["features"]
    xt, yt, lt = load(feat_dir, "train", len(names))
    xv, yv, lv = load(feat_dir, "valid", len(names))
    fit_rows = ~np.isnan(yt) & (lt[:, 0] == 0)
    priced_v = ~np.isnan(yv)
    clean_v = priced_v & (lv[:, 0] == 0)
    print(f"train {xt.shape} ({fit_rows.sum()} fitted), valid {xv.shape} ({clean_v.sum()} clean)")

    grid = [dict(n_estimators=n, learning_rate=lr, num_leaves=leaves, max_depth=8,
                 min_child_samples=20, colsample_bytree=1.0, subsample=0.8)
            for n, lr in [(150, 0.1), (300, 0.05)] for leaves in [31, 63]]
    results = []
    for params in grid:
        t = time.time()
        m = train(xt[fit_rows], yt[fit_rows], params)
        mae = float(np.abs(m.predict(xv[clean_v]) - yv[clean_v]).mean())
        results.append((mae, params))
        print(f"  {params} MAE(ln) {mae:.4f} ({time.time() - t:.1f}s)")
    best = min(results, key=lambda r: r[0])[1]
    model_lgb = train(xt[fit_rows], yt[fit_rows], best)

    model, shape = ensemble_model("price", [("price", model_lgb.booster_, "identity")], len(names),
                                  "ln_unit_value", "customs-portal models/price/train.py")
    onnx.save(model, f"{out_dir}/model.onnx")
    sess = ort.InferenceSession(f"{out_dir}/model.onnx", providers=["CPUExecutionProvider"])
    got = sess.run(None, {"X": xv})[0][:, 0]
    want = model_lgb.predict(xv)
    diff = float(np.abs(got - want).max())
    print(f"onnxruntime vs LightGBM, max |diff| {diff:.2e}")
    assert diff < 1e-4, diff

    write_json(f"{out_dir}/reference.json",
               {"tolerance": 1e-4, "features": xv[:256].tolist(), "outputs": got[:256].tolist()})

    # The table lookup alone (the smoothed HS6 x origin mean) as the baseline the model must beat.
    lookup = xv[:, names.index("hs6_origin_mean_ln_unit_value")]
    err = np.abs(got - yv)
    metrics = {
        "split": f"generated validation set ({valid_desc})",
        "rows": int(len(yv)), "priced_rows": int(priced_v.sum()), "clean_rows": int(clean_v.sum()),
        "mae_ln_clean": float(err[clean_v].mean()),
        "median_abs_pct_error_clean": float(np.median(np.abs(np.expm1(got[clean_v] - yv[clean_v])))),
        "mae_ln_clean_table_lookup": float(np.abs(lookup[clean_v] - yv[clean_v]).mean()),
        "detection": detection(got[priced_v], yv[priced_v], lv[priced_v, 1]),
        "detection_table_lookup": detection(lookup[priced_v], yv[priced_v], lv[priced_v, 1]),
    }
    card = {
        "name": "price",
        "version": "1.0.0",
        "purpose": "Expected unit value (KRW per kg) of an import declaration line, to flag likely under-valuation (declared below half the expectation).",
        "inputs": {"X": f"float32 [N, {len(names)}] from portal_scoring::price (see model.md)",
                   "features": names},
        "outputs": {"ln_unit_value": "float32 [N, 1]: expected ln(KRW per kg); exp() is the expected unit value"},
        "rule": {"undervalued_below": UNDERVALUED_BELOW,
                 "meaning": "flag when declared unit value / expected unit value < 0.5 (portal_core::risk::UNDERVALUED_BELOW)"},
        "training_data": {"train": {"source": train_desc, "rows": int(len(yt)), "fitted_rows": int(fit_rows.sum())},
                          "selection_and_validation": {"source": valid_desc, "rows": int(len(yv))}},
        "method": {"learner": "LightGBM " + lgb.__version__ + " (huber loss)", "selected_params": best,
                   "selection": "grid of 4 on the validation set by MAE of ln(unit value) on rows not labelled fraud",
                   "onnx": shape,
                   "onnx_check": f"onnxruntime {ort.__version__} vs LightGBM predict, max |diff| {diff:.1e}"},
        "grid": [{"params": p, "mae_ln_clean": v} for v, p in results],
        "metrics": metrics,
    }
    write_json(f"{out_dir}/model.json", card, indent=2)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
