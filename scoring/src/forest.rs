//! A tree ensemble as the ONNX-ML operators describe one (`TreeEnsembleRegressor`,
//! `TreeEnsembleClassifier`: the usual export of LightGBM and scikit-learn trees), laid out for
//! fast scoring: every tree's two children are adjacent, so a step is one compare and one add;
//! a node is 12 bytes; a leaf points to itself, so every row takes exactly the tree's depth in
//! steps, without a branch to mispredict. Rows are scored in blocks, tree by tree, the block's
//! rows walking the tree in lockstep: their steps do not wait on each other, and the tree's
//! nodes stay in cache. Pure Rust: the tract operator (`crate::tree_op`) wraps it.
//!
//! Supported as LightGBM and scikit-learn exports write them: `BRANCH_LEQ` and `BRANCH_LT`
//! nodes, `nodes_missing_value_tracks_true`, one weight per leaf, `SUM` aggregation,
//! `base_values`, post transforms `NONE` and `LOGISTIC`; anything else is refused at load.

/// Marks a node sending a missing (NaN) value to its true child.
const NAN_TRUE: u32 = 1 << 30;
const FEATURE: u32 = NAN_TRUE - 1;

/// Rows that walk one tree before the next tree is taken.
const BLOCK: usize = 64;

/// A branch: `x[feature] <= value` goes to `next`, else to `next + 1`. A leaf reads the zero
/// column after a row's features against +inf and goes to itself.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    feature: u32,
    value: f32,
    next: u32,
}

/// How raw sums become outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PostTransform {
    /// The sums as they are.
    None,
    /// The logistic function of each sum.
    Logistic,
}

/// The attributes of an ONNX-ML tree ensemble node, as read from the model (names as in the
/// operators' specification).
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    /// `nodes_treeids`: each node's tree.
    pub tree_ids: Vec<i64>,
    /// `nodes_nodeids`: each node's id in its tree.
    pub node_ids: Vec<i64>,
    /// `nodes_featureids`: the feature a branch reads.
    pub feature_ids: Vec<i64>,
    /// `nodes_values`: a branch's threshold.
    pub values: Vec<f32>,
    /// `nodes_modes`: `BRANCH_LEQ`, `BRANCH_LT`, `LEAF`…
    pub modes: Vec<String>,
    /// `nodes_truenodeids`: where a branch goes when its test holds.
    pub true_ids: Vec<i64>,
    /// `nodes_falsenodeids`: where it goes otherwise.
    pub false_ids: Vec<i64>,
    /// `nodes_missing_value_tracks_true`; empty when absent (NaN goes to the false child).
    pub missing_tracks_true: Vec<i64>,
    /// `target_treeids` / `class_treeids`: the tree of each leaf weight.
    pub leaf_tree_ids: Vec<i64>,
    /// `target_nodeids` / `class_nodeids`: the leaf of each weight.
    pub leaf_node_ids: Vec<i64>,
    /// `target_ids` / `class_ids`: the output each weight adds to.
    pub leaf_targets: Vec<i64>,
    /// `target_weights` / `class_weights`.
    pub leaf_weights: Vec<f32>,
    /// Outputs per row (targets, or classes whose weights are given).
    pub targets: usize,
    /// `base_values`: added to each output's sum; empty when absent.
    pub base_values: Vec<f32>,
    /// `post_transform`: `NONE` (or empty) or `LOGISTIC`.
    pub post_transform: String,
    /// `aggregate_function`: `SUM` unless given.
    pub aggregate: Option<String>,
}

/// A tree ensemble ready to score rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Forest {
    nodes: Vec<Node>,
    /// Per node: what a leaf adds and to which output (unused for branches).
    weights: Vec<f32>,
    outputs: Vec<u32>,
    /// Per tree: its root and its depth (the steps to its deepest leaf).
    trees: Vec<(u32, u32)>,
    /// Whether some node sends missing values to its true child.
    nan_true: bool,
    targets: usize,
    base: Vec<f32>,
    transform: PostTransform,
    /// The largest feature index used, for the input width check.
    features: usize,
}

/// Forests are equal when their nodes are (thresholds compared as numbers).
impl Eq for Forest {}

impl std::hash::Hash for Forest {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for n in &self.nodes {
            (n.feature, n.value.to_bits(), n.next).hash(state);
        }
        for w in &self.weights {
            w.to_bits().hash(state);
        }
        self.outputs.hash(state);
        self.trees.hash(state);
        self.targets.hash(state);
        for b in &self.base {
            b.to_bits().hash(state);
        }
        self.transform.hash(state);
    }
}

/// Largest float32 below `v`: `x < v` exactly when `x <= below(v)` for every number `x`.
fn below(v: f32) -> f32 {
    if v.is_nan() || v == f32::NEG_INFINITY {
        return v;
    }
    if v == 0.0 {
        return -f32::from_bits(1);
    }
    let bits = v.to_bits();
    f32::from_bits(if v > 0.0 { bits - 1 } else { bits + 1 })
}

fn usize_of(v: i64, what: &str) -> Result<usize, String> {
    usize::try_from(v).map_err(|_| format!("{what} {v} is negative"))
}

impl Forest {
    /// Builds the forest from `a`, or says what the model asks that is not supported.
    pub fn new(a: &Attributes) -> Result<Forest, String> {
        let n = a.node_ids.len();
        for (name, len) in [
            ("nodes_treeids", a.tree_ids.len()),
            ("nodes_featureids", a.feature_ids.len()),
            ("nodes_values", a.values.len()),
            ("nodes_modes", a.modes.len()),
            ("nodes_truenodeids", a.true_ids.len()),
            ("nodes_falsenodeids", a.false_ids.len()),
        ] {
            if len != n {
                return Err(format!("{name} has {len} values for {n} nodes"));
            }
        }
        if !a.missing_tracks_true.is_empty() && a.missing_tracks_true.len() != n {
            return Err("nodes_missing_value_tracks_true is not one per node".into());
        }
        let leaves = a.leaf_weights.len();
        if [&a.leaf_tree_ids, &a.leaf_node_ids, &a.leaf_targets]
            .iter()
            .any(|v| v.len() != leaves)
        {
            return Err("the leaves' tree, node, target and weight lists differ in length".into());
        }
        if a.aggregate.as_deref().is_some_and(|f| f != "SUM") {
            return Err(format!(
                "aggregate_function {} (only SUM)",
                a.aggregate.as_deref().unwrap_or_default()
            ));
        }
        let transform = match a.post_transform.as_str() {
            "" | "NONE" => PostTransform::None,
            "LOGISTIC" => PostTransform::Logistic,
            other => return Err(format!("post_transform {other} (only NONE and LOGISTIC)")),
        };
        if a.targets == 0 {
            return Err("no targets".into());
        }
        let base = if a.base_values.is_empty() {
            vec![0.0; a.targets]
        } else if a.base_values.len() == a.targets {
            a.base_values.clone()
        } else {
            return Err("base_values is not one per target".into());
        };

        // Nodes by (tree, node id).
        let mut index = std::collections::HashMap::with_capacity(n);
        let mut trees = std::collections::BTreeMap::<i64, Vec<usize>>::new();
        for i in 0..n {
            if index.insert((a.tree_ids[i], a.node_ids[i]), i).is_some() {
                return Err(format!(
                    "node {} of tree {} is given twice",
                    a.node_ids[i], a.tree_ids[i]
                ));
            }
            trees.entry(a.tree_ids[i]).or_default().push(i);
        }
        let mut leaf_of = std::collections::HashMap::with_capacity(leaves);
        for j in 0..leaves {
            let key = (a.leaf_tree_ids[j], a.leaf_node_ids[j]);
            let target = usize_of(a.leaf_targets[j], "target")?;
            if target >= a.targets {
                return Err(format!("target {target} of {} targets", a.targets));
            }
            if leaf_of.insert(key, (target, a.leaf_weights[j])).is_some() {
                return Err(format!(
                    "leaf {} of tree {} has more than one weight",
                    key.1, key.0
                ));
            }
        }

        let mut forest = Forest {
            nodes: Vec::with_capacity(n),
            weights: Vec::with_capacity(n),
            outputs: Vec::with_capacity(n),
            trees: Vec::with_capacity(trees.len()),
            nan_true: false,
            targets: a.targets,
            base,
            transform,
            features: 0,
        };
        // Each tree breadth first from its root (the node with the smallest id that no node
        // points to), a branch's children in two adjacent slots.
        for (tree, ids) in trees {
            let mut children = std::collections::HashSet::new();
            for &i in &ids {
                if a.modes[i] != "LEAF" {
                    children.insert(a.true_ids[i]);
                    children.insert(a.false_ids[i]);
                }
            }
            let root = ids
                .iter()
                .copied()
                .filter(|&i| !children.contains(&a.node_ids[i]))
                .min_by_key(|&i| a.node_ids[i])
                .ok_or_else(|| format!("tree {tree} has no root"))?;
            let start = forest.nodes.len();
            forest.push_slot();
            let mut queue = std::collections::VecDeque::from([(root, start, 0u32)]);
            let (mut placed, mut depth) = (0usize, 0u32);
            while let Some((i, slot, level)) = queue.pop_front() {
                placed += 1;
                if placed > ids.len() {
                    return Err(format!("tree {tree} has a cycle"));
                }
                forest.nodes[slot] = match a.modes[i].as_str() {
                    "LEAF" => {
                        let (target, weight) = leaf_of
                            .get(&(tree, a.node_ids[i]))
                            .copied()
                            .ok_or_else(|| {
                                format!("leaf {} of tree {tree} has no weight", a.node_ids[i])
                            })?;
                        depth = depth.max(level);
                        forest.weights[slot] = weight;
                        forest.outputs[slot] = target as u32;
                        Node {
                            // The zero column: set once the features are known.
                            feature: u32::MAX,
                            value: f32::INFINITY,
                            next: slot as u32,
                        }
                    }
                    mode @ ("BRANCH_LEQ" | "BRANCH_LT") => {
                        let feature = usize_of(a.feature_ids[i], "feature")?;
                        if feature >= FEATURE as usize {
                            return Err(format!("feature {feature} is out of range"));
                        }
                        forest.features = forest.features.max(feature + 1);
                        let value = if mode == "BRANCH_LT" {
                            below(a.values[i])
                        } else {
                            a.values[i]
                        };
                        let nan_true = a.missing_tracks_true.get(i).is_some_and(|&t| t != 0);
                        forest.nan_true |= nan_true;
                        let next = forest.nodes.len();
                        for child in [a.true_ids[i], a.false_ids[i]] {
                            let c = index
                                .get(&(tree, child))
                                .copied()
                                .ok_or_else(|| format!("node {child} of tree {tree} is missing"))?;
                            queue.push_back((c, forest.nodes.len(), level + 1));
                            forest.push_slot();
                        }
                        Node {
                            feature: feature as u32 | if nan_true { NAN_TRUE } else { 0 },
                            value,
                            next: next as u32,
                        }
                    }
                    other => {
                        return Err(format!(
                            "node mode {other} (only BRANCH_LEQ, BRANCH_LT, LEAF)"
                        ));
                    }
                };
            }
            if forest.nodes.len() > u32::MAX as usize / 2 {
                return Err("too many nodes".into());
            }
            forest.trees.push((start as u32, depth));
        }
        let zero_column = forest.features as u32;
        for node in forest.nodes.iter_mut().filter(|n| n.feature == u32::MAX) {
            node.feature = zero_column;
        }
        Ok(forest)
    }

    fn push_slot(&mut self) {
        self.nodes.push(Node {
            feature: 0,
            value: 0.0,
            next: 0,
        });
        self.weights.push(0.0);
        self.outputs.push(0);
    }

    /// Outputs per row.
    pub fn targets(&self) -> usize {
        self.targets
    }

    /// Features a row must have at least.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Scores `x` (row-major, `features` per row, at least [`Forest::features`]) into `out`
    /// (row-major, [`Forest::targets`] per row): sums of the leaves plus the base values, then
    /// the post transform.
    pub fn eval(&self, x: &[f32], features: usize, out: &mut [f32]) {
        if self.nan_true {
            self.eval_with::<true>(x, features, out);
        } else {
            self.eval_with::<false>(x, features, out);
        }
        if self.transform == PostTransform::Logistic {
            for v in out.iter_mut() {
                *v = 1.0 / (1.0 + (-*v).exp());
            }
        }
    }

    /// The sums; `NAN_TRUE`: whether to look at the nodes' missing-value rule.
    fn eval_with<const NAN_TRUE_RULE: bool>(&self, x: &[f32], features: usize, out: &mut [f32]) {
        let rows = out.len() / self.targets;
        debug_assert!(features >= self.features && x.len() >= rows * features);
        for row in out.chunks_exact_mut(self.targets) {
            row.copy_from_slice(&self.base);
        }
        // A block's rows with the zero column the leaves read.
        let width = self.features + 1;
        let mut block = vec![0f32; BLOCK * width];
        let mut at = [0u32; BLOCK];
        let nodes = &self.nodes[..];
        for start in (0..rows).step_by(BLOCK) {
            let n = (rows - start).min(BLOCK);
            for r in 0..n {
                let from = (start + r) * features;
                block[r * width..r * width + self.features]
                    .copy_from_slice(&x[from..from + self.features]);
            }
            let (block, at) = (&block[..n * width], &mut at[..n]);
            for &(root, depth) in &self.trees {
                at.fill(root);
                for _ in 0..depth {
                    for (r, i) in at.iter_mut().enumerate() {
                        let node = nodes[*i as usize];
                        let v = block[r * width + (node.feature & FEATURE) as usize];
                        let go_true = if NAN_TRUE_RULE {
                            v <= node.value || (v.is_nan() && node.feature & NAN_TRUE != 0)
                        } else {
                            v <= node.value
                        };
                        *i = node.next + u32::from(!go_true);
                    }
                }
                for (r, &i) in at.iter().enumerate() {
                    let i = i as usize;
                    out[(start + r) * self.targets + self.outputs[i] as usize] += self.weights[i];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tree 0: x0 <= 1 ? (x1 < 2 ? 10 : 20) : 30; tree 1: a single leaf 0.5 on target 1.
    fn attributes() -> Attributes {
        Attributes {
            tree_ids: vec![0, 0, 0, 0, 0, 1],
            node_ids: vec![0, 1, 2, 3, 4, 0],
            feature_ids: vec![0, 1, 0, 0, 0, 0],
            values: vec![1.0, 2.0, 0.0, 0.0, 0.0, 0.0],
            modes: ["BRANCH_LEQ", "BRANCH_LT", "LEAF", "LEAF", "LEAF", "LEAF"]
                .map(String::from)
                .to_vec(),
            true_ids: vec![1, 3, 0, 0, 0, 0],
            false_ids: vec![2, 4, 0, 0, 0, 0],
            missing_tracks_true: vec![1, 0, 0, 0, 0, 0],
            leaf_tree_ids: vec![0, 0, 0, 1],
            leaf_node_ids: vec![2, 3, 4, 0],
            leaf_targets: vec![0, 0, 0, 1],
            leaf_weights: vec![30.0, 10.0, 20.0, 0.5],
            targets: 2,
            base_values: vec![1.0, 0.0],
            post_transform: "NONE".into(),
            aggregate: None,
        }
    }

    fn score(forest: &Forest, x: &[f32]) -> Vec<f32> {
        let mut out = vec![0.0; x.len() / 2 * forest.targets()];
        forest.eval(x, 2, &mut out);
        out
    }

    #[test]
    fn rows_follow_their_branches_with_strict_and_missing_rules() {
        let forest = Forest::new(&attributes()).unwrap();
        assert_eq!(forest.features(), 2);
        let x = [
            1.0,
            1.9, // left, x1 < 2: 10
            1.0,
            2.0, // left, x1 == 2 is not < 2: 20
            1.5,
            0.0, // right: 30
            f32::NAN,
            0.0, // missing x0 tracks true: left, 10
            0.0,
            f32::NAN, // missing x1 goes false: 20
        ];
        let got = score(&forest, &x);
        let want = [11.0, 0.5, 21.0, 0.5, 31.0, 0.5, 11.0, 0.5, 21.0, 0.5];
        assert_eq!(got, want);
    }

    #[test]
    fn logistic_applies_to_the_sums() {
        let mut a = attributes();
        a.post_transform = "LOGISTIC".into();
        let forest = Forest::new(&a).unwrap();
        let got = score(&forest, &[2.0, 0.0]);
        assert!((got[0] - 1.0 / (1.0 + (-31f32).exp())).abs() < 1e-7);
        assert!((got[1] - 1.0 / (1.0 + (-0.5f32).exp())).abs() < 1e-7);
    }

    #[test]
    fn more_rows_than_a_block_score_as_one_by_one() {
        let forest = Forest::new(&attributes()).unwrap();
        let x: Vec<f32> = (0..2 * 300).map(|i| (i % 7) as f32 * 0.5).collect();
        let all = score(&forest, &x);
        for r in 0..300 {
            assert_eq!(score(&forest, &x[r * 2..r * 2 + 2]), all[r * 2..r * 2 + 2]);
        }
    }

    #[test]
    fn unsupported_or_broken_models_are_refused_with_a_reason() {
        let mut a = attributes();
        a.modes[0] = "BRANCH_EQ".into();
        assert!(Forest::new(&a).unwrap_err().contains("BRANCH_EQ"));
        let mut a = attributes();
        a.post_transform = "SOFTMAX".into();
        assert!(Forest::new(&a).unwrap_err().contains("SOFTMAX"));
        let mut a = attributes();
        a.true_ids[0] = 9;
        assert!(Forest::new(&a).unwrap_err().contains("missing"));
        let mut a = attributes();
        a.leaf_weights.pop();
        assert!(Forest::new(&a).is_err());
        let mut a = attributes();
        a.leaf_targets[0] = 5;
        assert!(Forest::new(&a).unwrap_err().contains("target"));
        let mut a = attributes();
        a.aggregate = Some("MAX".into());
        assert!(Forest::new(&a).unwrap_err().contains("MAX"));
    }

    #[test]
    fn below_is_the_next_float_down() {
        assert!(below(2.0) < 2.0 && f32::from_bits(below(2.0).to_bits() + 1) == 2.0);
        assert!(below(0.0) < 0.0 && below(-1.0) < -1.0);
        assert_eq!(below(f32::NEG_INFINITY), f32::NEG_INFINITY);
    }
}
