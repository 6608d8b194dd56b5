"""Fits the HS suggestion model's re-ranker (scoring/src/hs_rerank.rs) on labelled training
pairs that are not the evaluation set.

    train_rerank.py OUT_DIR FEATURES.csv...

Each FEATURES.csv is `portal hs-features` over labelled queries (models/hs/train/pairs.csv and
the development set models/hs/eval/dev.csv): BM25F's top 50 candidates per query with the
re-ranker's features and a label. Selection is by
5-fold cross-validation grouped by query on those pairs only, HS6 top-1 the criterion: BM25F's own
order, a library-default LogisticRegression on the same features (the baseline every card keeps),
standardised L2 logistic regressions over a small grid, and pairwise ones (right code minus each
other candidate of its query). The winner is refitted on every
training query and written as OUT_DIR/rerank.json; the cross-validated figures as
OUT_DIR/rerank-cv.json. A model that does not beat the default in cross-validation is not shipped:
the default is. The evaluation set (models/hs/eval/queries.csv) is never read here.
"""
import json
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

FEATURES = ["bm25", "bm25_rel", "log_rank", "own_cover", "heading_cover", "chapter_cover",
            "own_explained", "residual", "heading_vote", "chapter_vote", "head_own", "head_heading",
            "distinct_hit", "distinct_miss", "negated_hit", "parts_unasked", "own_cover_gap",
            "distinct_gap"]
DEPTH = 50
FOLDS = 5
GRID = [{"C": c, "class_weight": w} for c in (0.01, 0.1, 1.0, 10.0) for w in (None, "balanced")]
# Pairwise: a logistic regression on the differences between a query's right code and each other
# candidate (both signs, no intercept), so the weights rank within a query rather than classify
# pairs across queries; the same linear score at inference.
PAIRWISE = [{"C": c, "pairwise": True} for c in (0.01, 0.1, 1.0)]


def load(paths):
    import csv
    rows, offset = [], 0
    for path in paths:
        part = list(csv.DictReader(open(path, encoding="utf-8")))
        for r in part:
            r["query"] = int(r["query"]) + offset
        offset = max([r["query"] for r in part], default=offset - 1) + 1
        rows += part
    header = list(rows[0].keys())
    assert header[4:] == FEATURES, f"features {header[4:]} are not this script's"
    q = np.array([int(r["query"]) for r in rows])
    rank = np.array([int(r["rank"]) for r in rows])
    hs6 = np.array([r["hs6"] for r in rows])
    y = np.array([int(r["label"]) for r in rows])
    x = np.array([[float(r[f]) for f in FEATURES] for r in rows], dtype=np.float64)
    return q, rank, hs6, y, x


def hits(q, score, y, hs6, refs):
    """HS6 top-1 and HS4 top-5 over the queries in `q` (a query whose reference BM25F did not
    find counts as a miss)."""
    top1 = top5_4 = 0
    queries = np.unique(q)
    for g in queries:
        m = q == g
        order = np.argsort(-score[m], kind="stable")
        codes = hs6[m][order]
        top1 += int(y[m][order][0] == 1)
        top5_4 += int(any(c[:4] == refs[g][:4] for c in codes[:5]))
    return top1 / len(queries), top5_4 / len(queries)


def pairs(z, y, q):
    """Differences between each query's right code and its other candidates, both signs."""
    diffs = []
    for g in np.unique(q):
        m = np.flatnonzero(q == g)
        right = m[y[m] == 1]
        if len(right):
            diffs.append(z[right[0]] - z[m[m != right[0]]])
    d = np.vstack(diffs)
    return np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))]


def fit(params, x, y, q):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if params is None:  # the library default, raw features
            return None, None, LogisticRegression().fit(x, y)
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        z = (x - mean) / scale
        if params.get("pairwise"):
            d, lab = pairs(z, y, q)
            m = LogisticRegression(max_iter=2000, C=params["C"], fit_intercept=False).fit(d, lab)
        else:
            m = LogisticRegression(max_iter=2000, **params).fit(z, y)
        return mean, scale, m


def predict(model, x):
    mean, scale, m = model
    z = x if mean is None else (x - mean) / scale
    return m.decision_function(z)


def main(out_dir, features_csvs):
    q, rank, hs6, y, x = load(features_csvs)
    refs = {}
    for g, c, lab in zip(q, hs6, y):
        if lab:
            refs[g] = c
    # Queries whose reference BM25F did not return have no positive row: they count as misses
    # but cannot teach the re-ranker.
    queries = np.unique(q)
    refs = {g: refs.get(g, "------") for g in queries}
    folds = GroupKFold(n_splits=FOLDS)
    cands = {"bm25": "bm25", "default": None}
    cands.update({f"l2 C={p['C']} {p['class_weight'] or 'unweighted'}": p for p in GRID})
    cands.update({f"pairwise C={p['C']}": p for p in PAIRWISE})
    cv = {}
    for name, params in cands.items():
        s1 = s4 = 0.0
        for tr, te in folds.split(x, y, q):
            if params == "bm25":
                score = -rank[te].astype(float)
            else:
                keep = np.isin(q[tr], [g for g in np.unique(q[tr]) if refs[g] != "------"])
                score = predict(fit(params, x[tr][keep], y[tr][keep], q[tr][keep]), x[te])
            a, b = hits(q[te], score, y[te], hs6[te], refs)
            n = len(np.unique(q[te]))
            s1 += a * n
            s4 += b * n
        cv[name] = {"hs6_top1": s1 / len(queries), "hs4_top5": s4 / len(queries)}
        print(f"cv\t{name}\ths6@1 {cv[name]['hs6_top1']:.3f}\ths4@5 {cv[name]['hs4_top5']:.3f}")
    tuned = max((n for n in cands if n not in ("bm25", "default")),
                key=lambda n: (cv[n]["hs6_top1"], cv[n]["hs4_top5"]))
    chosen = tuned if cv[tuned]["hs6_top1"] > cv["default"]["hs6_top1"] else "default"
    print(f"chosen\t{chosen}")
    keep = np.isin(q, [g for g in queries if refs[g] != "------"])
    mean, scale, m = fit(cands[chosen], x[keep], y[keep], q[keep])
    n = len(FEATURES)
    rerank = {
        "depth": DEPTH,
        "features": FEATURES,
        "mean": [0.0] * n if mean is None else [float(v) for v in mean],
        "scale": [1.0] * n if scale is None else [float(v) for v in scale],
        "weights": [float(v) for v in m.coef_[0]],
        "bias": float(np.ravel(m.intercept_)[0]) if m.fit_intercept else 0.0,
    }
    with open(f"{out_dir}/rerank.json", "w") as f:
        json.dump(rerank, f, indent=1)
    with open(f"{out_dir}/rerank-cv.json", "w") as f:
        json.dump({"queries": int(len(queries)),
                   "found_in_top50": int(sum(refs[g] != "------" for g in queries)),
                   "folds": FOLDS, "chosen": chosen, "cv": cv}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
