//! The page side of the graph Web Worker (`graph-worker`, built by Trunk from
//! `graph/src/bin/graph-worker.rs`): starting it, sending [`ToGraph`] requests, decoding its
//! [`FromGraph`] answers with their float arrays. Dropping the handle terminates the worker,
//! which is how a layout in progress is cancelled.

use std::rc::Rc;

use portal_core::graph_worker::{FromGraph, RankedParty, ToGraph};
use portal_core::worker::{Blob, f32_values, wire};
use wasm_bindgen::prelude::*;

use crate::network::Measures;
use crate::web_worker::QueuedWorker;

/// Where Trunk puts the worker's loader (worker assets are not hashed).
pub const GRAPH_WORKER_URL: &str = "/graph-worker_loader.js";

/// One answer, its float arrays decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphAnswer {
    /// Positions (x, y per party) after `iteration` layout iterations.
    Frame {
        /// Iterations done.
        iteration: u32,
        /// The positions.
        positions: Vec<f32>,
        /// Milliseconds per iteration so far.
        ms_per_iteration: f64,
    },
    /// Measures per party.
    Measures(Measures),
    /// Hidden accomplices, best first, and the milliseconds taken.
    Ranked(Vec<RankedParty>, f64),
    /// A path between two parties (none when not connected).
    Path(Option<Vec<u32>>),
    /// The worker failed.
    Error(String),
}

fn decode(data: &JsValue) -> Result<Option<GraphAnswer>, String> {
    let (msg, bins): (FromGraph, Vec<Vec<u8>>) = wire::unpack(data)?;
    let floats = |b: Blob| {
        bins.get(b.0 as usize)
            .and_then(|bytes| f32_values(bytes))
            .ok_or_else(|| format!("the worker's float array {} is missing", b.0))
    };
    Ok(Some(match msg {
        FromGraph::Ready => return Ok(None),
        FromGraph::Frame {
            iteration,
            positions,
            ms_per_iteration,
        } => GraphAnswer::Frame {
            iteration,
            positions: floats(positions)?,
            ms_per_iteration,
        },
        FromGraph::Measures {
            degree,
            betweenness,
            community,
            modularity,
            ms,
        } => GraphAnswer::Measures(Measures {
            degree: floats(degree)?,
            betweenness: betweenness.map(floats).transpose()?.unwrap_or_default(),
            community,
            modularity,
            ms,
        }),
        FromGraph::Ranked { parties, ms } => GraphAnswer::Ranked(parties, ms),
        FromGraph::Path { parties } => GraphAnswer::Path(parties),
        FromGraph::Error { message } => GraphAnswer::Error(message),
    }))
}

/// A started graph worker. Requests made before it said it is ready wait in a queue.
pub struct GraphWorker {
    worker: QueuedWorker,
}

impl GraphWorker {
    /// Starts the worker; `on_answer` receives every answer.
    pub fn start(on_answer: impl Fn(GraphAnswer) + 'static) -> Result<GraphWorker, String> {
        let on_answer = Rc::new(on_answer);
        let a = on_answer.clone();
        let worker = QueuedWorker::start(
            GRAPH_WORKER_URL,
            move |data| match decode(data) {
                Ok(None) => true,
                Ok(Some(answer)) => {
                    a(answer);
                    false
                }
                Err(e) => {
                    a(GraphAnswer::Error(format!(
                        "unreadable worker message: {e}"
                    )));
                    false
                }
            },
            move || {
                on_answer(GraphAnswer::Error(
                    "the graph worker failed to start".to_owned(),
                ))
            },
        )?;
        Ok(GraphWorker { worker })
    }

    /// Sends `request`.
    pub fn send(&self, request: &ToGraph) {
        self.worker.post(wire::pack(request, &[]));
    }
}
