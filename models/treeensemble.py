"""The scoring benchmark's peer: a portal model (one TreeEnsembleRegressor with a target per
head, then a Sigmoid where the heads are probabilities: models/trees.py) rewritten as the usual
LightGBM export (onnxmltools) writes it, one operator per head, for onnxruntime's TreeEnsemble
kernel:

    python models/treeensemble.py models/fraud/model.onnx OUT.onnx

A probability head becomes a binary `TreeEnsembleClassifier` (class labels 0 and 1, the leaves'
weights on class 0, post_transform LOGISTIC, outputs `{output}{k}_label` [N] and
`{output}{k}_probabilities` [N, 2], no ZipMap); a value head a `TreeEnsembleRegressor`. The same
trees, thresholds and leaf values. Checks in onnxruntime that the rewritten model answers as the
portal's (max |diff| below 1e-5) on the model's reference rows, and prints the difference.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from trees import IR_VERSION, ML_OPSET, OPSET  # noqa: E402

NODE_KEYS = ("nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
             "nodes_truenodeids", "nodes_falsenodeids")


def heads_of(model):
    """The portal's ensemble: per target, its node and leaf attributes (tree ids renumbered from
    0), and whether a Sigmoid follows."""
    ensemble = next(n for n in model.graph.node if n.op_type == "TreeEnsembleRegressor")
    sigmoid = any(n.op_type == "Sigmoid" for n in model.graph.node)
    a = {x.name: helper.get_attribute_value(x) for x in ensemble.attribute}
    a["nodes_modes"] = [m.decode() for m in a["nodes_modes"]]
    target_of_tree = dict(zip(a["target_treeids"], a["target_ids"]))
    heads = []
    for target in range(a["n_targets"]):
        trees = sorted(t for t, k in target_of_tree.items() if k == target)
        renumber = {t: i for i, t in enumerate(trees)}
        nodes = [i for i, t in enumerate(a["nodes_treeids"]) if t in renumber]
        leaves = [j for j, t in enumerate(a["target_treeids"]) if t in renumber]
        attrs = {k: [a[k][i] for i in nodes] for k in NODE_KEYS}
        attrs["nodes_treeids"] = [renumber[t] for t in attrs["nodes_treeids"]]
        leaf = ([renumber[a["target_treeids"][j]] for j in leaves],
                [a["target_nodeids"][j] for j in leaves],
                [a["target_weights"][j] for j in leaves])
        heads.append((attrs, leaf, len(trees)))
    n_features = model.graph.input[0].type.tensor_type.shape.dim[1].dim_value
    return heads, sigmoid, n_features


def rewrite(model):
    heads, sigmoid, n_features = heads_of(model)
    output = model.graph.output[0].name
    nodes, outputs = [], []
    for k, (attrs, (tree_ids, node_ids, weights), trees) in enumerate(heads):
        if sigmoid:
            names = [f"{output}{k}_label", f"{output}{k}_probabilities"]
            nodes.append(helper.make_node(
                "TreeEnsembleClassifier", ["X"], names, domain="ai.onnx.ml",
                class_treeids=tree_ids, class_nodeids=node_ids, class_ids=[0] * len(weights),
                class_weights=weights, classlabels_int64s=[0, 1], post_transform="LOGISTIC",
                **attrs))
            outputs += [helper.make_tensor_value_info(names[0], TensorProto.INT64, ["N"]),
                        helper.make_tensor_value_info(names[1], TensorProto.FLOAT, ["N", 2])]
        else:
            name = f"{output}{k}_value"
            nodes.append(helper.make_node(
                "TreeEnsembleRegressor", ["X"], [name], domain="ai.onnx.ml",
                target_treeids=tree_ids, target_nodeids=node_ids, target_ids=[0] * len(weights),
                target_weights=weights, n_targets=1, aggregate_function="SUM",
                post_transform="NONE", **attrs))
            outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N", 1]))
        print(f"head {k}: {trees} trees, {len(attrs['nodes_modes'])} nodes")
    graph = helper.make_graph(
        nodes, f"{model.graph.name}_onnxmltools_form",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", n_features])], outputs)
    out = helper.make_model(graph, producer_name="customs-portal models/treeensemble.py",
                            opset_imports=[helper.make_opsetid("", OPSET),
                                           helper.make_opsetid("ai.onnx.ml", ML_OPSET)])
    out.ir_version = IR_VERSION
    onnx.checker.check_model(out)
    return out


def check(path, rewritten, reference):
    """Largest |difference| between the two models' scores on the reference rows."""
    import onnxruntime as ort
    x = np.array(json.load(open(reference))["features"], np.float32)
    want = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, {"X": x})[0]
    peer = ort.InferenceSession(rewritten.SerializeToString(), providers=["CPUExecutionProvider"])
    got = [g for g in peer.run(None, {"X": x}) if g.dtype == np.float32]
    cols = [g[:, 1] if g.shape[1] == 2 else g[:, 0] for g in got]
    return float(np.abs(np.stack(cols, axis=1) - want).max())


def main():
    path, out_path = sys.argv[1], sys.argv[2]
    rewritten = rewrite(onnx.load(path))
    diff = check(path, rewritten, path.replace("model.onnx", "reference.json"))
    print(f"onnxmltools form vs the portal's, onnxruntime, max |diff| {diff:.2e}")
    assert diff < 1e-5, diff
    onnx.save(rewritten, out_path)


if __name__ == "__main__":
    main()
