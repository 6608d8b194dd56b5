//! The messages between the network page (관계망) and its graph Web Worker (`graph-worker`),
//! one typed enum each way. They travel in the envelope of [`crate::worker::wire`]: the message
//! as JSON text, positions and measures as float32 byte arrays ([`Blob`]).
//!
//! Parties are named by their position in the `ids` of the last [`ToGraph::Analyse`]; the
//! worker keeps that network for the requests that follow.

use serde::{Deserialize, Serialize};

use crate::worker::Blob;

/// Most parties whose betweenness is computed (it costs parties × edges); above, the answer
/// has none.
pub const MAX_BETWEENNESS_PARTIES: usize = 3_000;

/// What the page asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ToGraph {
    /// The network to work on (it replaces the previous one): `edges` join parties by position
    /// in `ids`, weighted by shipments. Answered with a [`FromGraph::Frame`] every
    /// `frame_every` iterations of the layout (and after the last of `iterations`), then
    /// [`FromGraph::Measures`].
    Analyse {
        /// Party ids.
        ids: Vec<String>,
        /// (party, party, weight).
        edges: Vec<(u32, u32, f64)>,
        /// Layout iterations.
        iterations: u32,
        /// Iterations between two frames.
        frame_every: u32,
    },
    /// Hidden accomplices of `seeds` among `candidates` (personalized PageRank over PageRank
    /// without seeds), at most `limit`; answered [`FromGraph::Ranked`].
    Accomplices {
        /// The seed parties.
        seeds: Vec<u32>,
        /// The parties that may be ranked.
        candidates: Vec<u32>,
        /// Most parties answered.
        limit: u32,
    },
    /// The fewest-hop path between two parties; answered [`FromGraph::Path`].
    Path {
        /// From this party.
        from: u32,
        /// To this one.
        to: u32,
    },
}

/// One ranked party of [`FromGraph::Ranked`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedParty {
    /// The party.
    pub party: u32,
    /// How much more the seeds' walk visits it than any walk does.
    pub score: f64,
    /// The parties from it to the nearest seed, both included.
    pub path: Vec<u32>,
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FromGraph {
    /// Started: requests may be sent (earlier ones would be lost).
    Ready,
    /// Positions after `iteration` layout iterations: x, y per party (float32).
    Frame {
        /// Iterations done.
        iteration: u32,
        /// The positions.
        positions: Blob,
        /// Milliseconds per iteration, on average so far.
        ms_per_iteration: f64,
    },
    /// The measures of the network, per party (float32): degree centrality, betweenness
    /// (absent over [`MAX_BETWEENNESS_PARTIES`]), the Louvain community and its modularity.
    Measures {
        /// Degree centrality.
        degree: Blob,
        /// Betweenness centrality.
        betweenness: Option<Blob>,
        /// Community number per party.
        community: Vec<u32>,
        /// Modularity of the split.
        modularity: f64,
        /// Milliseconds the measures took.
        ms: f64,
    },
    /// Hidden accomplices, best first.
    Ranked {
        /// The parties.
        parties: Vec<RankedParty>,
        /// Milliseconds the ranking took.
        ms: f64,
    },
    /// The path asked for (none when the parties are not connected).
    Path {
        /// Parties along it, both ends included.
        parties: Option<Vec<u32>>,
    },
    /// The request failed.
    Error {
        /// What went wrong.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_as_json() {
        let to = ToGraph::Accomplices {
            seeds: vec![1],
            candidates: vec![2, 3],
            limit: 10,
        };
        let json = serde_json::to_string(&to).expect("json");
        assert!(json.starts_with("{\"accomplices\""));
        assert_eq!(serde_json::from_str::<ToGraph>(&json).expect("back"), to);
        let from = FromGraph::Path {
            parties: Some(vec![0, 4]),
        };
        let json = serde_json::to_string(&from).expect("json");
        assert_eq!(
            serde_json::from_str::<FromGraph>(&json).expect("back"),
            from
        );
    }
}
