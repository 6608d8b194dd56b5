//! Hidden accomplices: from a seed set (repeat offenders, parties with frauds, the parties an
//! officer picks), the parties a random walk that restarts at the seeds visits most — personalized
//! PageRank — among the candidates the caller allows (e.g. importers without a fraud record),
//! each with the shortest chain of relations that links it to a seed.
//!
//! A hub (a busy storage location, a large forwarder) is visited often from anywhere, so the
//! score can be divided by the party's PageRank without seeds: what remains is how much more the
//! seeds' walk visits it than any walk does (`relative`).

use std::collections::VecDeque;

use crate::Network;
use crate::pagerank::{PageRankError, PageRankOptions, pagerank};

/// How the ranking is made.
#[derive(Debug, Clone, PartialEq)]
pub struct AccompliceOptions {
    /// The PageRank settings.
    pub pagerank: PageRankOptions,
    /// Divide by the PageRank without seeds.
    pub relative: bool,
    /// Most parties returned.
    pub limit: usize,
}

impl Default for AccompliceOptions {
    fn default() -> Self {
        AccompliceOptions {
            pagerank: PageRankOptions::default(),
            relative: true,
            limit: 50,
        }
    }
}

/// A ranked party.
#[derive(Debug, Clone, PartialEq)]
pub struct Accomplice {
    /// The party (by [`Network::index`]).
    pub party: usize,
    /// Its score (higher first).
    pub score: f64,
    /// Its personalized PageRank.
    pub rank: f64,
    /// The parties from it to the nearest seed, both included (fewest hops).
    pub path: Vec<usize>,
}

/// For every party, the next party towards the nearest of `sources` (breadth-first from all of
/// them at once); a source points to itself, an unreachable party has none.
pub fn towards(net: &Network, sources: &[usize]) -> Vec<Option<usize>> {
    let mut next = vec![None; net.len()];
    let mut queue = VecDeque::new();
    for &s in sources.iter().filter(|&&s| s < net.len()) {
        if next[s].is_none() {
            next[s] = Some(s);
            queue.push_back(s);
        }
    }
    while let Some(u) = queue.pop_front() {
        for (v, _) in net.neighbours(u) {
            if next[v].is_none() {
                next[v] = Some(u);
                queue.push_back(v);
            }
        }
    }
    next
}

/// The path from `party` to its nearest source along `next` (from [`towards`]).
pub fn path_to_source(next: &[Option<usize>], party: usize) -> Vec<usize> {
    let mut path = vec![party];
    let mut at = party;
    while let Some(n) = next.get(at).copied().flatten() {
        if n == at {
            return path;
        }
        path.push(n);
        at = n;
    }
    Vec::new()
}

/// The candidates ranked from `seeds`, best first, at most `opts.limit`; candidates the seeds
/// cannot reach are left out.
pub fn hidden_accomplices(
    net: &Network,
    seeds: &[usize],
    candidate: impl Fn(usize) -> bool,
    opts: &AccompliceOptions,
) -> Result<Vec<Accomplice>, PageRankError> {
    let mut restart = vec![0.0; net.len()];
    for &s in seeds.iter().filter(|&&s| s < net.len()) {
        restart[s] = 1.0;
    }
    let rank = pagerank(net, Some(&restart), &opts.pagerank)?;
    let base = if opts.relative {
        Some(pagerank(net, None, &opts.pagerank)?)
    } else {
        None
    };
    let next = towards(net, seeds);
    let mut out: Vec<Accomplice> = (0..net.len())
        .filter(|&i| restart[i] == 0.0 && next[i].is_some() && candidate(i))
        .map(|i| Accomplice {
            party: i,
            score: match &base {
                Some(b) if b[i] > 0.0 => rank[i] / b[i],
                _ => rank[i],
            },
            rank: rank[i],
            path: path_to_source(&next, i),
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.party.cmp(&b.party)));
    out.truncate(opts.limit);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two offenders share a storage with `acc`; `busy` is a large importer on the same big
    /// forwarder as everyone, `far` is two relations away from any offender.
    fn net() -> Network {
        Network::from_edges([
            ("off1", "W1", 5.0),
            ("off2", "W1", 5.0),
            ("acc", "W1", 4.0),
            ("off1", "F", 1.0),
            ("off2", "F", 1.0),
            ("acc", "F", 1.0),
            ("busy", "F", 30.0),
            ("busy", "W2", 30.0),
            ("far", "W2", 3.0),
            ("x", "y", 1.0),
        ])
    }

    #[test]
    fn the_party_sharing_the_offenders_storage_ranks_first_with_its_path() {
        let net = net();
        let idx = |p: &str| net.index(p).unwrap();
        let importers = ["acc", "busy", "far", "x"].map(idx);
        let seeds = [idx("off1"), idx("off2")];
        let rank = |relative| {
            let opts = AccompliceOptions {
                relative,
                ..AccompliceOptions::default()
            };
            hidden_accomplices(&net, &seeds, |i| importers.contains(&i), &opts).unwrap()
        };
        // Without the division the large importer on the common forwarder comes first.
        assert_eq!(rank(false)[0].party, idx("busy"));
        {
            let ranked = rank(true);
            assert_eq!(ranked[0].party, idx("acc"));
            assert_eq!(ranked[0].path.len(), 3);
            assert_eq!(ranked[0].path[0], idx("acc"));
            assert!(seeds.contains(ranked[0].path.last().unwrap()));
            // `x` cannot be reached from the seeds.
            assert!(ranked.iter().all(|a| a.party != idx("x")));
            let far = ranked.iter().find(|a| a.party == idx("far")).unwrap();
            assert_eq!(far.path.len(), 5);
        }
    }

    #[test]
    fn paths_follow_the_nearest_source() {
        let net = Network::from_edges([("a", "b", 1.0), ("b", "c", 1.0), ("c", "d", 1.0)]);
        let [a, b, c, d] = ["a", "b", "c", "d"].map(|p| net.index(p).unwrap());
        let next = towards(&net, &[a, d]);
        assert_eq!(path_to_source(&next, b), vec![b, a]);
        assert_eq!(path_to_source(&next, c), vec![c, d]);
        assert_eq!(path_to_source(&next, a), vec![a]);
    }
}
