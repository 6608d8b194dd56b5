"""Trains the `hs` suggestion model from what `portal hs-docs` exported (the portal's text
encoder is the only encoder): latent semantic analysis of the HS 2022 nomenclature.

Each subheading's document (its text, its heading's and chapter's) is a hashed tf-idf vector;
a truncated SVD learns a K-dimensional latent space; the ONNX graph (MatMul, ReduceSum, Sqrt,
Div, MatMul) projects a query vector into it and answers the cosine similarity with every
subheading. Small enough for the browser, and plain ops tract runs fast.

Usage: python train.py DOCS_DIR OUT_DIR HS_CSV
"""
import json
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from scipy.sparse import csr_matrix
from sklearn.decomposition import TruncatedSVD

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from treewalk import sha256, write_json  # noqa: E402

K = 256
DIMS = 8192
SEED = 42


def sparse(path, rows):
    raw = np.fromfile(path, dtype=np.dtype([("r", "<u4"), ("c", "<u4"), ("v", "<f4")]))
    return csr_matrix((raw["v"], (raw["r"], raw["c"])), shape=(rows, DIMS), dtype=np.float32)


def normalize(m):
    n = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.maximum(n, 1e-12)


def evaluate(scores, truth, codes):
    top1 = top5 = head5 = 0
    for s, want in zip(scores, truth):
        order = np.argsort(-s, kind="stable")[:5]
        got = [codes[i] for i in order]
        top1 += got[0] == want
        top5 += want in got
        head5 += any(g[:4] == want[:4] for g in got)
    n = len(truth)
    return {"top1": top1 / n, "top5": top5 / n, "heading_in_top5": head5 / n, "queries": n}


def main():
    src, out, hs_csv = sys.argv[1:4]
    tables = json.load(open(f"{src}/tables.json"))
    codes = [c["hs6"] for c in tables["codes"]]
    queries = json.load(open(f"{src}/queries.json"))
    docs = sparse(f"{src}/docs.sparse", len(codes))
    q = sparse(f"{src}/queries.sparse", len(queries)).toarray()
    svd = TruncatedSVD(n_components=K, random_state=SEED, algorithm="randomized", n_iter=7).fit(docs)
    w = svd.components_.T.astype(np.float32)                      # DIMS x K
    classes = normalize(docs @ w).T.astype(np.float32)            # K x C

    inits = [numpy_helper.from_array(w, "W"), numpy_helper.from_array(classes, "C"),
             numpy_helper.from_array(np.array([1], np.int64), "axis1"),
             numpy_helper.from_array(np.array(1e-12, np.float32), "eps")]
    nodes = [
        helper.make_node("MatMul", ["X", "W"], ["z"]),
        helper.make_node("Mul", ["z", "z"], ["z2"]),
        helper.make_node("ReduceSum", ["z2", "axis1"], ["ss"], keepdims=1),
        helper.make_node("Sqrt", ["ss"], ["norm"]),
        helper.make_node("Max", ["norm", "eps"], ["safe"]),
        helper.make_node("Div", ["z", "safe"], ["u"]),
        helper.make_node("MatMul", ["u", "C"], ["scores"]),
    ]
    graph = helper.make_graph(
        nodes, "hs",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", DIMS])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", len(codes)])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="customs-portal models/hs/train.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, f"{out}/model.onnx")

    sess = ort.InferenceSession(f"{out}/model.onnx", providers=["CPUExecutionProvider"])
    got = sess.run(None, {"X": q.astype(np.float32)})[0]
    truth = [t for _, t in queries]
    lsa = evaluate(got, truth, codes)
    exact = evaluate(q @ normalize(docs.toarray()).T, truth, codes)
    print("LSA (shipped):", lsa)
    print("exact sparse cosine (not shipped, 184 MB):", exact)
    write_json(f"{out}/reference.json",
               {"tolerance": 1e-4, "features": q[:4].tolist(), "scores": got[:4].tolist()})
    card = {
        "name": "hs", "version": "1.0.0",
        "purpose": "Suggest HS 2022 subheadings (6 digits) for a free-text item description, Korean or English.",
        "inputs": {"X": f"float32 [N, {DIMS}]: portal_scoring::text hashed tf-idf vector (see model.md)"},
        "outputs": {"scores": f"float32 [N, {len(codes)}]: cosine similarity with each subheading of tables.json, in its order"},
        "training_data": {"file": "hs/harmonized-system.csv", "sha256": sha256(hs_csv),
                          "subheadings": len(codes)},
        "method": {"latent_dims": K, "svd": "scikit-learn TruncatedSVD, randomized, 7 iterations, seed 42",
                   "explained_variance": float(svd.explained_variance_ratio_.sum())},
        "metrics": {"eval_set": "models/hs/eval.csv (32 hand-written queries, 16 Korean)", "lsa": lsa,
                    "exact_cosine_reference": exact},
    }
    write_json(f"{out}/model.json", card, indent=2)


if __name__ == "__main__":
    main()
