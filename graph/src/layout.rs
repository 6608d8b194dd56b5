//! ForceAtlas2 layout (Jacomy et al., 2014) with Barnes–Hut repulsion: parties repel in
//! proportion to their degrees, edges pull like springs (weighted), gravity keeps components
//! together, and each party's step adapts to how much it swings. One call is one iteration, so the
//! worker can draw between iterations and stop when the officer does.

use crate::Network;

/// The layout's settings (Gephi's defaults for ForceAtlas2).
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Repulsion strength.
    pub scaling: f64,
    /// Pull towards the centre.
    pub gravity: f64,
    /// Barnes–Hut accuracy: a cell is one body when its size / distance is below this.
    pub theta: f64,
    /// How much swinging the global speed tolerates.
    pub tolerance: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            scaling: 2.0,
            gravity: 1.0,
            theta: 1.2,
            tolerance: 1.0,
        }
    }
}

/// Positions and the state the adaptive speed carries from one iteration to the next.
#[derive(Debug, Clone)]
pub struct Layout {
    /// x, y of each party (by [`Network::index`]).
    pub positions: Vec<[f64; 2]>,
    mass: Vec<f64>,
    edges: Vec<(usize, usize, f64)>,
    previous: Vec<[f64; 2]>,
    speed: f64,
    opts: LayoutOptions,
}

/// A cell of the Barnes–Hut tree: total mass, centre of mass, bounds, children.
struct Cell {
    mass: f64,
    centre: [f64; 2],
    min: [f64; 2],
    size: f64,
    children: Option<[usize; 4]>,
    body: Option<usize>,
}

struct Tree {
    cells: Vec<Cell>,
}

impl Tree {
    fn build(pos: &[[f64; 2]], mass: &[f64]) -> Tree {
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in pos {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        let size = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-9) * 1.0001;
        let mut tree = Tree {
            cells: vec![Cell::new(lo, size)],
        };
        for i in 0..pos.len() {
            tree.insert(0, i, pos, mass, 0);
        }
        tree
    }

    fn insert(&mut self, cell: usize, i: usize, pos: &[[f64; 2]], mass: &[f64], depth: usize) {
        let c = &mut self.cells[cell];
        let m = c.mass + mass[i];
        for (centre, p) in c.centre.iter_mut().zip(pos[i]) {
            *centre = (*centre * c.mass + p * mass[i]) / m;
        }
        c.mass = m;
        // Parties at (nearly) the same place share a leaf rather than split forever.
        if depth > 40 {
            return;
        }
        match (c.children, c.body) {
            (None, None) => self.cells[cell].body = Some(i),
            (None, Some(j)) => {
                let (min, half) = (self.cells[cell].min, self.cells[cell].size / 2.0);
                let first = self.cells.len();
                for q in 0..4 {
                    let corner = [
                        min[0] + half * (q & 1) as f64,
                        min[1] + half * (q >> 1) as f64,
                    ];
                    self.cells.push(Cell::new(corner, half));
                }
                let cell_ref = &mut self.cells[cell];
                cell_ref.children = Some([first, first + 1, first + 2, first + 3]);
                cell_ref.body = None;
                let qj = self.quadrant(cell, pos[j]);
                self.insert(qj, j, pos, mass, depth + 1);
                let qi = self.quadrant(cell, pos[i]);
                self.insert(qi, i, pos, mass, depth + 1);
            }
            (Some(_), _) => {
                let q = self.quadrant(cell, pos[i]);
                self.insert(q, i, pos, mass, depth + 1);
            }
        }
    }

    fn quadrant(&self, cell: usize, p: [f64; 2]) -> usize {
        let c = &self.cells[cell];
        let half = c.size / 2.0;
        let right = usize::from(p[0] >= c.min[0] + half);
        let up = usize::from(p[1] >= c.min[1] + half);
        c.children.expect("split cell")[right + 2 * up]
    }

    /// The repulsion on party `i` at `p` with mass `m`.
    fn force(&self, i: usize, p: [f64; 2], m: f64, opts: &LayoutOptions) -> [f64; 2] {
        let mut f = [0.0; 2];
        let mut stack = vec![0];
        while let Some(ci) = stack.pop() {
            let c = &self.cells[ci];
            if c.mass == 0.0 || c.body == Some(i) && c.children.is_none() {
                continue;
            }
            let d = [p[0] - c.centre[0], p[1] - c.centre[1]];
            let dist2 = d[0] * d[0] + d[1] * d[1];
            let far = c.size * c.size < opts.theta * opts.theta * dist2;
            match c.children {
                Some(children) if !far => stack.extend(children),
                _ => {
                    if dist2 > 0.0 {
                        // F = k_r · m_i · m_c / d, along d.
                        let k = opts.scaling * m * c.mass / dist2;
                        f[0] += d[0] * k;
                        f[1] += d[1] * k;
                    }
                }
            }
        }
        f
    }
}

impl Cell {
    fn new(min: [f64; 2], size: f64) -> Cell {
        Cell {
            mass: 0.0,
            centre: [0.0; 2],
            min,
            size,
            children: None,
            body: None,
        }
    }
}

impl Layout {
    /// The starting layout of `net`: parties on a sunflower spiral in index order (deterministic).
    pub fn new(net: &Network, opts: LayoutOptions) -> Layout {
        let n = net.len();
        let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
        let positions = (0..n)
            .map(|i| {
                let r = 10.0 * (i as f64 + 0.5).sqrt();
                let a = i as f64 * golden;
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        let mass = (0..n)
            .map(|i| net.neighbours(i).count() as f64 + 1.0)
            .collect();
        let edges = (0..n)
            .flat_map(|i| {
                net.neighbours(i)
                    .filter(move |e| e.0 > i)
                    .map(move |(j, w)| (i, j, w))
            })
            .collect();
        Layout {
            positions,
            mass,
            edges,
            previous: vec![[0.0; 2]; n],
            speed: 1.0,
            opts,
        }
    }

    /// One iteration: forces, adaptive speeds, moves.
    pub fn step(&mut self) {
        let n = self.positions.len();
        if n == 0 {
            return;
        }
        let pos = &self.positions;
        let tree = Tree::build(pos, &self.mass);
        let mut force: Vec<[f64; 2]> = (0..n)
            .map(|i| {
                let mut f = tree.force(i, pos[i], self.mass[i], &self.opts);
                // Gravity: k_g · m_i towards the centre (unit direction).
                let d = (pos[i][0] * pos[i][0] + pos[i][1] * pos[i][1]).sqrt();
                if d > 0.0 {
                    let k = self.opts.gravity * self.mass[i] / d;
                    f[0] -= pos[i][0] * k;
                    f[1] -= pos[i][1] * k;
                }
                f
            })
            .collect();
        for &(i, j, w) in &self.edges {
            // Attraction: F = w · d, along the edge.
            let d = [pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]];
            for k in 0..2 {
                force[i][k] += w * d[k];
                force[j][k] -= w * d[k];
            }
        }
        // Adaptive speed: swinging parties slow down, the whole graph speeds up while it moves
        // consistently.
        let (mut swing, mut traction) = (vec![0.0; n], 0.0);
        let mut total_swing = 0.0;
        for i in 0..n {
            let (f, p) = (force[i], self.previous[i]);
            swing[i] = ((f[0] - p[0]).powi(2) + (f[1] - p[1]).powi(2)).sqrt();
            total_swing += self.mass[i] * swing[i];
            traction += self.mass[i] * ((f[0] + p[0]).powi(2) + (f[1] + p[1]).powi(2)).sqrt() / 2.0;
        }
        let target = if total_swing > 0.0 {
            self.opts.tolerance * traction / total_swing
        } else {
            self.speed
        };
        // The global speed may not grow by more than half per iteration.
        self.speed = target.min(self.speed * 1.5).max(1e-9);
        for i in 0..n {
            let s = 0.1 * self.speed / (1.0 + self.speed * swing[i].sqrt());
            // A party never jumps further than 10 / its force (Gephi's cap).
            let len = (force[i][0].powi(2) + force[i][1].powi(2)).sqrt();
            let s = if len > 0.0 { s.min(10.0 / len) } else { s };
            self.positions[i][0] += s * force[i][0];
            self.positions[i][1] += s * force[i][1];
        }
        self.previous = force;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(l: &Layout, a: usize, b: usize) -> f64 {
        let (p, q) = (l.positions[a], l.positions[b]);
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
    }

    #[test]
    fn communities_draw_apart_and_the_layout_is_deterministic() {
        let mut edges = Vec::new();
        let names: Vec<String> = (0..20).map(|i| format!("p{i}")).collect();
        for g in [0, 10] {
            for i in g..g + 10 {
                for j in i + 1..g + 10 {
                    edges.push((names[i].as_str(), names[j].as_str(), 1.0));
                }
            }
        }
        edges.push(("p0", "p10", 1.0));
        let net = Network::from_edges(edges);
        let mut a = Layout::new(&net, LayoutOptions::default());
        for _ in 0..300 {
            a.step();
        }
        assert!(a.positions.iter().flatten().all(|v| v.is_finite()));
        let idx = |p: &str| net.index(p).unwrap();
        let within = dist(&a, idx("p3"), idx("p7")) + dist(&a, idx("p13"), idx("p17"));
        let across = dist(&a, idx("p3"), idx("p13")) + dist(&a, idx("p7"), idx("p17"));
        assert!(
            within * 2.0 < across,
            "within {within:.1}, across {across:.1}"
        );
        let mut b = Layout::new(&net, LayoutOptions::default());
        for _ in 0..300 {
            b.step();
        }
        assert_eq!(a.positions, b.positions);
    }

    #[test]
    fn an_empty_or_single_party_network_does_not_move_or_fail() {
        let mut l = Layout::new(&Network::default(), LayoutOptions::default());
        l.step();
        assert!(l.positions.is_empty());
        let net = Network::from_edges([("a", "b", 1.0)]);
        let mut l = Layout::new(&net, LayoutOptions::default());
        for _ in 0..50 {
            l.step();
        }
        assert!(l.positions.iter().flatten().all(|v| v.is_finite()));
    }
}
