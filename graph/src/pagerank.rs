//! PageRank over the weighted network, optionally personalized: with a seed set (repeat
//! offenders, parties with frauds, the parties an officer picks), the random walk restarts at the
//! seeds, so the parties it ranks high without a fraud of their own are the seeds' closest
//! associates — the "hidden accomplices". The iteration is networkx's `pagerank` (power iteration
//! from the uniform vector, dangling parties' rank spread like the restart, stop when the L1
//! change is below `n × tol`), so the values equal networkx's.

use crate::Network;

/// The settings, networkx's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRankOptions {
    /// The probability of following an edge rather than restarting.
    pub alpha: f64,
    /// At most this many iterations.
    pub max_iter: usize,
    /// Converged when the L1 change of an iteration is below `len × tol`.
    pub tol: f64,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        PageRankOptions {
            alpha: 0.85,
            max_iter: 100,
            tol: 1e-6,
        }
    }
}

/// Why no ranks came back.
#[derive(Debug, Clone, PartialEq)]
pub enum PageRankError {
    /// The restart weights are negative, not finite, or all zero.
    BadRestart,
    /// Not converged in `max_iter` iterations.
    NotConverged(usize),
}

impl std::fmt::Display for PageRankError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageRankError::BadRestart => write!(f, "the seed weights must be positive"),
            PageRankError::NotConverged(n) => {
                write!(f, "PageRank did not converge in {n} iterations")
            }
        }
    }
}

impl std::error::Error for PageRankError {}

/// The rank of each party (by [`Network::index`]); they sum to 1. `restart`: a weight per party
/// the walk restarts at (personalized PageRank); none: every party alike.
pub fn pagerank(
    net: &Network,
    restart: Option<&[f64]>,
    opts: &PageRankOptions,
) -> Result<Vec<f64>, PageRankError> {
    let n = net.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let p: Vec<f64> = match restart {
        None => vec![1.0 / n as f64; n],
        Some(w) => {
            let total: f64 = w.iter().sum();
            if w.len() != n || w.iter().any(|x| !x.is_finite() || *x < 0.0) || total <= 0.0 {
                return Err(PageRankError::BadRestart);
            }
            w.iter().map(|x| x / total).collect()
        }
    };
    // Row-stochastic transitions: each party's edges divided by its total weight.
    let out: Vec<Vec<(usize, f64)>> = (0..n)
        .map(|i| {
            let edges: Vec<(usize, f64)> = net.neighbours(i).collect();
            let total: f64 = edges.iter().map(|e| e.1).sum();
            edges.into_iter().map(|(j, w)| (j, w / total)).collect()
        })
        .collect();
    let dangling: Vec<usize> = (0..n).filter(|&i| out[i].is_empty()).collect();
    let mut x = vec![1.0 / n as f64; n];
    for _ in 0..opts.max_iter {
        let last = x;
        let mut next = vec![0.0; n];
        for (i, edges) in out.iter().enumerate() {
            for &(j, w) in edges {
                next[j] += last[i] * w;
            }
        }
        let dangling_sum: f64 = dangling.iter().map(|&i| last[i]).sum();
        for (i, v) in next.iter_mut().enumerate() {
            *v = opts.alpha * (*v + dangling_sum * p[i]) + (1.0 - opts.alpha) * p[i];
        }
        let err: f64 = next.iter().zip(&last).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if err < n as f64 * opts.tol {
            return Ok(x);
        }
    }
    Err(PageRankError::NotConverged(opts.max_iter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_centre_ranks_first_and_seeds_pull_their_neighbours_up() {
        let net = Network::from_edges([
            ("hub", "a", 1.0),
            ("hub", "b", 1.0),
            ("hub", "c", 1.0),
            ("c", "d", 1.0),
        ]);
        let r = pagerank(&net, None, &PageRankOptions::default()).unwrap();
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let hub = net.index("hub").unwrap();
        assert!(r.iter().all(|v| *v <= r[hub]));
        let mut seed = vec![0.0; net.len()];
        seed[net.index("d").unwrap()] = 1.0;
        let pr = pagerank(&net, Some(&seed), &PageRankOptions::default()).unwrap();
        let (a, c) = (net.index("a").unwrap(), net.index("c").unwrap());
        assert!(pr[c] > pr[a], "d's neighbour c ranks above a");
    }

    #[test]
    fn bad_seeds_and_no_convergence_are_errors() {
        let net = Network::from_edges([("a", "b", 1.0)]);
        let opts = PageRankOptions::default();
        assert_eq!(
            pagerank(&net, Some(&[0.0, 0.0]), &opts),
            Err(PageRankError::BadRestart)
        );
        assert_eq!(
            pagerank(&net, Some(&[1.0]), &opts),
            Err(PageRankError::BadRestart)
        );
        assert_eq!(
            pagerank(&net, Some(&[-1.0, 2.0]), &opts),
            Err(PageRankError::BadRestart)
        );
        let once = PageRankOptions {
            max_iter: 1,
            tol: 0.0,
            ..opts
        };
        assert_eq!(
            pagerank(&net, None, &once),
            Err(PageRankError::NotConverged(1))
        );
    }
}
