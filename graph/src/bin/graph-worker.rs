//! The graph Web Worker of the network page (built by Trunk as `graph-worker`): it keeps the
//! network the page sent last and runs on it what would freeze the page — the ForceAtlas2
//! layout (posting positions every few iterations, so the page draws while it moves),
//! centralities and communities, hidden accomplices and shortest paths. It speaks the typed
//! messages of `portal_core::graph_worker`; cancelling is terminating it.

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;

    use portal_core::graph_worker::{FromGraph, MAX_BETWEENNESS_PARTIES, RankedParty, ToGraph};
    use portal_core::worker::{Blob, f32_bytes, wire};
    use portal_graph::Network;
    use portal_graph::accomplices::{AccompliceOptions, hidden_accomplices};
    use portal_graph::centrality::{betweenness, degree};
    use portal_graph::communities::{louvain, modularity};
    use portal_graph::layout::{Layout, LayoutOptions};
    use portal_graph::paths::shortest_path;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// The network of the last `Analyse`, and how the page's positions map onto it.
    struct Held {
        net: Network,
        /// Network index of each page position (none: a party without edges).
        to_net: Vec<Option<usize>>,
        /// Page position of each network index.
        to_page: Vec<u32>,
    }

    impl Held {
        fn net_index(&self, page: u32) -> Result<usize, String> {
            self.to_net
                .get(page as usize)
                .copied()
                .flatten()
                .ok_or_else(|| format!("party {page} is not in the network"))
        }

        /// Per page position, the value of its network index (0 for a party without edges).
        fn by_page(&self, values: &[f64]) -> Vec<f32> {
            self.to_net
                .iter()
                .map(|i| i.map_or(0.0, |i| values[i] as f32))
                .collect()
        }
    }

    thread_local! {
        static HELD: RefCell<Option<Held>> = const { RefCell::new(None) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(msg: &FromGraph, bins: &[&[u8]]) {
        let _ = scope().post_message(&wire::pack(msg, bins));
    }

    fn now() -> f64 {
        scope().performance().map_or(0.0, |p| p.now())
    }

    fn held<T>(f: impl FnOnce(&Held) -> Result<T, String>) -> Result<T, String> {
        HELD.with(|h| match h.borrow().as_ref() {
            Some(held) => f(held),
            None => Err("no network yet".to_owned()),
        })
    }

    fn analyse(
        ids: &[String],
        edges: &[(u32, u32, f64)],
        iterations: u32,
        frame_every: u32,
    ) -> Result<(), String> {
        let name = |i: u32| {
            ids.get(i as usize)
                .map(String::as_str)
                .ok_or_else(|| format!("edge to party {i}, of {}", ids.len()))
        };
        let pairs = edges
            .iter()
            .map(|&(a, b, w)| Ok((name(a)?, name(b)?, w)))
            .collect::<Result<Vec<_>, String>>()?;
        let net = Network::from_edges(pairs);
        let to_net: Vec<Option<usize>> = ids.iter().map(|id| net.index(id)).collect();
        let mut to_page = vec![0u32; net.len()];
        for (page, i) in to_net.iter().enumerate() {
            if let Some(i) = i {
                to_page[*i] = page as u32;
            }
        }
        let held = Held {
            net,
            to_net,
            to_page,
        };
        let mut layout = Layout::new(&held.net, LayoutOptions::default());
        let every = frame_every.max(1);
        let started = now();
        for it in 1..=iterations {
            layout.step();
            if it % every == 0 || it == iterations {
                let xy: Vec<f64> = layout.positions.iter().flatten().copied().collect();
                let positions: Vec<f32> = held
                    .to_net
                    .iter()
                    .flat_map(|i| match i {
                        Some(i) => [xy[2 * i] as f32, xy[2 * i + 1] as f32],
                        None => [0.0, 0.0],
                    })
                    .collect();
                post(
                    &FromGraph::Frame {
                        iteration: it,
                        positions: Blob(0),
                        ms_per_iteration: (now() - started) / f64::from(it),
                    },
                    &[&f32_bytes(&positions)],
                );
            }
        }
        let t0 = now();
        let deg = held.by_page(&degree(&held.net));
        let between = (held.net.len() <= MAX_BETWEENNESS_PARTIES)
            .then(|| held.by_page(&betweenness(&held.net)));
        let communities = louvain(&held.net, 1.0);
        let q = modularity(&held.net, &communities, 1.0);
        let community = held
            .to_net
            .iter()
            .map(|i| i.map_or(u32::MAX, |i| communities[i] as u32))
            .collect();
        let ms = now() - t0;
        let deg_bytes = f32_bytes(&deg);
        let mut bins: Vec<&[u8]> = vec![&deg_bytes];
        let between_bytes = between.as_deref().map(f32_bytes);
        let betweenness = between_bytes.as_deref().map(|b| {
            bins.push(b);
            Blob(1)
        });
        post(
            &FromGraph::Measures {
                degree: Blob(0),
                betweenness,
                community,
                modularity: q,
                ms,
            },
            &bins,
        );
        HELD.with(|h| *h.borrow_mut() = Some(held));
        Ok(())
    }

    fn accomplices(seeds: &[u32], candidates: &[u32], limit: u32) -> Result<(), String> {
        let (parties, ms) = held(|h| {
            let t0 = now();
            let seeds = seeds
                .iter()
                .map(|&s| h.net_index(s))
                .collect::<Result<Vec<_>, _>>()?;
            let mut allowed = vec![false; h.net.len()];
            for &c in candidates {
                allowed[h.net_index(c)?] = true;
            }
            let opts = AccompliceOptions {
                limit: limit as usize,
                ..AccompliceOptions::default()
            };
            let ranked = hidden_accomplices(&h.net, &seeds, |i| allowed[i], &opts)
                .map_err(|e| e.to_string())?;
            let parties = ranked
                .into_iter()
                .map(|a| RankedParty {
                    party: h.to_page[a.party],
                    score: a.score,
                    path: a.path.iter().map(|&i| h.to_page[i]).collect(),
                })
                .collect();
            Ok((parties, now() - t0))
        })?;
        post(&FromGraph::Ranked { parties, ms }, &[]);
        Ok(())
    }

    fn path(from: u32, to: u32) -> Result<(), String> {
        let parties = held(|h| {
            let (a, b) = (h.net_index(from)?, h.net_index(to)?);
            Ok(shortest_path(&h.net, a, b).map(|p| p.into_iter().map(|i| h.to_page[i]).collect()))
        })?;
        post(&FromGraph::Path { parties }, &[]);
        Ok(())
    }

    fn handle(data: &JsValue) -> Result<(), String> {
        let (msg, _bins): (ToGraph, _) = wire::unpack(data)?;
        match msg {
            ToGraph::Analyse {
                ids,
                edges,
                iterations,
                frame_every,
            } => analyse(&ids, &edges, iterations, frame_every),
            ToGraph::Accomplices {
                seeds,
                candidates,
                limit,
            } => accomplices(&seeds, &candidates, limit),
            ToGraph::Path { from, to } => path(from, to),
        }
    }

    /// Installs the message handler.
    pub fn start() {
        console_error_panic_hook::set_once();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
            if let Err(message) = handle(&e.data()) {
                post(&FromGraph::Error { message }, &[]);
            }
        });
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        // Messages sent before the module was initialised are lost: say when to send.
        post(&FromGraph::Ready, &[]);
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
}
