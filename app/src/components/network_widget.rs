//! A network widget's body on a dashboard: the saved ego network, laid out in its own graph
//! worker and drawn like the network page's picture (zoom, pan, drag, hover), with its size
//! and frauds in one line.

use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::arrow::group_thousands;
use crate::components::network_canvas::NetworkCanvas;
use crate::graph_worker::{GraphAnswer, GraphWorker};
use crate::i18n::{Key, use_i18n};
use crate::network::Graph;

/// Layout iterations of a widget (it is small and only looked at).
const ITERATIONS: u32 = 200;

/// The widget body for `graph`.
#[component]
pub fn NetworkWidget(
    /// The network.
    graph: Arc<Graph>,
) -> impl IntoView {
    let i18n = use_i18n();
    let frauds: i64 = graph.edges.iter().map(|e| e.frauds).sum();
    let summary = {
        let (p, e) = (graph.parties.len(), graph.edges.len());
        move || {
            i18n.tf(
                Key::NetworkWidgetSummary,
                &[
                    ("parties", &group_thousands(&p.to_string())),
                    ("edges", &group_thousands(&e.to_string())),
                    ("frauds", &group_thousands(&frauds.to_string())),
                ],
            )
        }
    };
    let positions = RwSignal::new(vec![0.0f32; graph.parties.len() * 2]);
    let worker = StoredValue::new_local(None::<Rc<GraphWorker>>);
    match GraphWorker::start(move |a| {
        if let GraphAnswer::Frame { positions: p, .. } = a {
            positions.set(p);
        }
    }) {
        Ok(w) => {
            w.send(&graph.analyse_request(ITERATIONS, 20));
            worker.set_value(Some(Rc::new(w)));
        }
        Err(e) => leptos::logging::warn!("graph worker: {e}"),
    }
    let graph = RwSignal::new(Some(graph));
    view! {
        <div class="network-widget">
            <p class="summary">{summary}</p>
            <NetworkCanvas graph=graph positions=positions pinned=RwSignal::new(HashSet::new())
                selected=RwSignal::new(None) path=RwSignal::new(Vec::new()) />
        </div>
    }
}
