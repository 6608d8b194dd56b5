//! The party card of the network page: the company row, the party's sums over its edges and
//! centralities, the shipments it shares by month with the centre or with any party it has an
//! edge with (chosen in the card), and what the officer can do from it (expand, hide, path to
//! the centre, hidden accomplices of this party).

use std::sync::Arc;

use leptos::prelude::*;
use portal_core::analysis::ChartKind;
use portal_core::graph_worker::ToGraph;

use crate::api;
use crate::arrow::group_thousands;
use crate::components::chart_view::ChartView;
use crate::components::party_link::party_link;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key};
use crate::labels::party_role;
use crate::network::{Graph, Measures, day, timeline, timeline_between};
use crate::party_search::company;

/// The card of party `i`.
pub fn card(
    i18n: I18n,
    graph: RwSignal<Option<Arc<Graph>>>,
    i: u32,
    measures: RwSignal<Option<Measures>>,
    (expand, hide): (
        impl Fn(u32) + Copy + Send + Sync + 'static,
        impl Fn(u32) + Copy + Send + Sync + 'static,
    ),
    accomplices: impl Fn(Vec<u32>) + Copy + Send + Sync + 'static,
    send: impl Fn(ToGraph) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let party =
        graph.with_untracked(|g| g.as_ref().and_then(|g| g.parties.get(i as usize).cloned()));
    let Some(p) = party else {
        return ().into_any();
    };
    let info = LocalResource::new({
        let id = p.id.clone();
        move || company(id.clone())
    });
    let measure = move |f: fn(&Measures) -> &Vec<f32>| {
        measures.with(|m| {
            m.as_ref()
                .and_then(|m| f(m).get(i as usize).map(|v| format!("{v:.4}")))
                .unwrap_or_default()
        })
    };
    view! {
        <h3>{move || i18n.t(Key::NetworkCard)}</h3>
        <dl>
            <dt>{move || i18n.t(Key::NetworkPartyId)}</dt><dd class="party-id">{party_link(p.id.clone())}</dd>
            <dt>{move || i18n.t(Key::NetworkRole)}</dt><dd>{party_role(i18n.lang(), &p.role)}</dd>
            {move || info.get().map(|r| match r {
                Ok(Some(c)) => view! {
                    <dt>{move || i18n.t(Key::NetworkName)}</dt><dd>{c.name.clone()}</dd>
                    <dt>{move || i18n.t(Key::NetworkIndustry)}</dt><dd>{c.industry.clone()} " · " {c.region.clone()}</dd>
                    <dt>{move || i18n.t(Key::NetworkGrade)}</dt><dd>{c.grade.clone()}</dd>
                }.into_any(),
                Ok(None) => ().into_any(),
                Err(e) => view! { <ErrorNotice problem=Problem::from(e) /> }.into_any(),
            })}
            <dt>{move || i18n.t(Key::NetworkShipments)}</dt><dd>{group_thousands(&p.shipments.to_string())}</dd>
            <dt>{move || i18n.t(Key::NetworkValue)}</dt><dd>{group_thousands(&format!("{:.0}", p.value))}</dd>
            <dt>{move || i18n.t(Key::NetworkFrauds)}</dt><dd class="frauds">{p.frauds}</dd>
            <dt>{move || i18n.t(Key::NetworkPeriod)}</dt><dd>{day(p.first_seen)} " ~ " {day(p.last_seen)}</dd>
            <dt>{move || i18n.t(Key::NetworkDegree)}</dt><dd>{move || measure(|m| &m.degree)}</dd>
            <dt>{move || i18n.t(Key::NetworkBetweenness)}</dt><dd>{move || measure(|m| &m.betweenness)}</dd>
        </dl>
        {timeline_chart(i18n, graph, i)}
        <div class="card-actions">
            <button type="button" on:click=move |_| expand(i)>{move || i18n.t(Key::NetworkExpand)}</button>
            <button type="button" class="secondary" disabled=i == 0 on:click=move |_| hide(i)>
                {move || i18n.t(Key::NetworkHide)}
            </button>
            <button type="button" class="secondary" on:click=move |_| send(ToGraph::Path { from: i, to: 0 })>
                {move || i18n.t(Key::NetworkPathToCentre)}
            </button>
            <button type="button" class="secondary" on:click=move |_| accomplices(vec![i])>
                {move || i18n.t(Key::NetworkAccomplicesOf)}
            </button>
        </div>
    }
    .into_any()
}

/// Most parties offered as the other side of the timeline.
const PARTNERS: usize = 50;

/// The parties `i` has an edge with, most shared shipments first (the centre first when it is
/// one of them, or `i` is the centre: its own shipments).
fn partners(g: &Graph, i: u32) -> Vec<(u32, i64)> {
    let mut out: Vec<(u32, i64)> = g
        .edges
        .iter()
        .filter_map(|e| match (e.source == i, e.target == i) {
            (true, false) => Some((e.target, e.shipments)),
            (false, true) => Some((e.source, e.shipments)),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.dedup_by_key(|p| p.0);
    out.truncate(PARTNERS);
    if !out.iter().any(|p| p.0 == 0) {
        out.insert(0, (0, 0));
    }
    if let Some(at) = out.iter().position(|p| p.0 == 0) {
        let centre = out.remove(at);
        out.insert(0, centre);
    }
    out
}

/// The shipments party `i` shares by month with a party it has an edge with (the centre at
/// first; the centre's own shipments while nothing else is chosen for it).
fn timeline_chart(i18n: I18n, graph: RwSignal<Option<Arc<Graph>>>, i: u32) -> impl IntoView {
    let Some(g) = graph.get_untracked() else {
        return ().into_any();
    };
    let choices = partners(&g, i);
    let other = RwSignal::new(if i == 0 {
        0
    } else {
        choices.first().map_or(0, |p| p.0)
    });
    let options = {
        let g = g.clone();
        move || {
            choices
                .iter()
                .map(|&(j, n)| {
                    let p = &g.parties[j as usize];
                    let label = if n > 0 {
                        format!("{} ({}, {})", p.id, party_role(i18n.lang(), &p.role), group_thousands(&n.to_string()))
                    } else {
                        format!("{} ({})", p.id, party_role(i18n.lang(), &p.role))
                    };
                    view! { <option value=j.to_string() selected=move || other.get() == j>{label}</option> }
                })
                .collect_view()
        }
    };
    view! {
        <h4 id="timeline-h">{move || i18n.t(Key::NetworkTimeline)}</h4>
        <label for="timeline-with">{move || i18n.t(Key::NetworkTimelineWith)}</label>
        <select id="timeline-with" on:change=move |ev| {
            if let Ok(j) = event_target_value(&ev).parse() {
                other.set(j);
            }
        }>
            {options}
        </select>
        {move || {
            let (p, q) = (&g.parties[i as usize], &g.parties[other.get() as usize]);
            let analysis = if i == other.get() { timeline(&p.id, &p.role) } else { timeline_between(p, q) };
            timeline_view(analysis)
        }}
    }
    .into_any()
}

/// One timeline chart.
fn timeline_view(analysis: portal_core::analysis::Analysis) -> impl IntoView {
    let spec = analysis.spec.clone();
    let data = LocalResource::new(move || {
        let spec = spec.clone();
        async move { api::extract_frame(&spec, None, |_, _| {}).await }
    });
    move || {
        data.get().map(|r| match r {
            Ok(frame) => view! {
                <ChartView frame=frame spec=analysis.spec.clone() grouped=true
                    kind=Signal::derive(|| Some(ChartKind::Line)) name="timeline".to_owned() size=(280, 180) />
            }
            .into_any(),
            Err(e) => view! { <ErrorNotice problem=Problem::from(e) /> }.into_any(),
        })
    }
}
