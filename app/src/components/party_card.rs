//! The party card of the network page: the company row, the party's sums over its edges and
//! centralities, the shipments it shares with the centre by month, and what the officer can do
//! from it (expand, hide, path to the centre, hidden accomplices of this party).

use std::sync::Arc;

use leptos::prelude::*;
use portal_core::analysis::ChartKind;
use portal_core::graph_worker::ToGraph;

use crate::api;
use crate::arrow::group_thousands;
use crate::components::chart_view::ChartView;
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
            <dt>{move || i18n.t(Key::NetworkPartyId)}</dt><dd class="party-id">{p.id.clone()}</dd>
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

/// The shipments between party `i` and the centre by month (party `i`'s own for the centre).
fn timeline_chart(i18n: I18n, graph: RwSignal<Option<Arc<Graph>>>, i: u32) -> impl IntoView {
    let analysis = graph.with_untracked(|g| {
        let g = g.as_ref()?;
        let (p, centre) = (g.parties.get(i as usize)?, g.parties.first()?);
        Some(if i == 0 {
            timeline(&p.id, &p.role)
        } else {
            timeline_between(p, centre)
        })
    });
    let Some(analysis) = analysis else {
        return ().into_any();
    };
    let spec = analysis.spec.clone();
    let data = LocalResource::new(move || {
        let spec = spec.clone();
        async move { api::extract_frame(&spec, None, |_, _| {}).await }
    });
    view! {
        <h4>{move || i18n.t(Key::NetworkTimeline)}</h4>
        {move || data.get().map(|r| match r {
            Ok(frame) => view! {
                <ChartView frame=frame spec=analysis.spec.clone() grouped=true
                    kind=Signal::derive(|| Some(ChartKind::Line)) name="timeline".to_owned() size=(280, 180) />
            }.into_any(),
            Err(e) => view! { <ErrorNotice problem=Problem::from(e) /> }.into_any(),
        })}
    }
    .into_any()
}
