//! The network page's tables: the ranked hidden accomplices with the chain to their seeds, and
//! the sortable tables of parties and relations (the picture's accessible twin).

use std::sync::Arc;

use leptos::prelude::*;
use portal_core::graph_worker::RankedParty;

use crate::arrow::group_thousands;
use crate::components::party_link::party_link;
use crate::i18n::{I18n, Key};
use crate::labels::party_role;
use crate::network::{Graph, Measures, day};

/// Rows of a table shown at once.
const TABLE_ROWS: usize = 500;

/// The hidden accomplices found, best first.
pub fn ranking(
    i18n: I18n,
    graph: RwSignal<Option<Arc<Graph>>>,
    list: Vec<RankedParty>,
    ms: f64,
    selected: RwSignal<Option<u32>>,
    path: RwSignal<Vec<u32>>,
) -> impl IntoView {
    let g = graph.get_untracked();
    let id = move |i: u32| {
        g.as_ref()
            .and_then(|g| g.parties.get(i as usize).map(|p| p.id.clone()))
            .unwrap_or_default()
    };
    let rows = list
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            let chain = r
                .path
                .iter()
                .map(|&i| id(i))
                .collect::<Vec<_>>()
                .join(" → ");
            let evidence: i64 = graph.with_untracked(|g| {
                g.as_ref().map_or(0, |g| {
                    g.edges_along(&r.path).iter().map(|e| e.shipments).sum()
                })
            });
            let party = r.party;
            let p = r.path.clone();
            view! {
                <tr>
                    <td class="num">{k + 1}</td>
                    <td><button type="button" class="link" on:click=move |_| {
                        selected.set(Some(party));
                        path.set(p.clone());
                    }>{id(party)}</button></td>
                    <td class="num">{format!("{:.2}", r.score)}</td>
                    <td>{chain}</td>
                    <td class="num">{evidence}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="accomplices" aria-labelledby="accomplices-h">
            <h3 id="accomplices-h">{move || i18n.t(Key::NetworkAccomplicesTitle)}</h3>
            <p class="summary">{move || i18n.tf(Key::NetworkAccomplicesNote, &[("ms", &format!("{ms:.0}"))])}</p>
            <table class="data">
                <thead><tr>
                    <th>"#"</th>
                    <th>{move || i18n.t(Key::NetworkPartyId)}</th>
                    <th>{move || i18n.t(Key::NetworkScore)}</th>
                    <th>{move || i18n.t(Key::NetworkPath)}</th>
                    <th>{move || i18n.t(Key::NetworkEvidence)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The sortable tables of parties and edges (the picture's accessible twin).
pub fn tables(
    i18n: I18n,
    graph: RwSignal<Option<Arc<Graph>>>,
    measures: RwSignal<Option<Measures>>,
    selected: RwSignal<Option<u32>>,
) -> impl IntoView {
    // (column, descending) of the parties table.
    let sort = RwSignal::new((2usize, true));
    let header = move |k: usize, key: Key| {
        view! {
            <th aria-sort=move || match sort.get() {
                (c, true) if c == k => "descending",
                (c, false) if c == k => "ascending",
                _ => "none",
            }>
                <button type="button" class="link" on:click=move |_| sort.update(|s| {
                    *s = if s.0 == k { (k, !s.1) } else { (k, true) };
                })>{move || i18n.t(key)}</button>
            </th>
        }
    };
    let party_rows = move || {
        let Some(g) = graph.get() else {
            return Vec::new();
        };
        let m = measures.get().unwrap_or_default();
        let (col, desc) = sort.get();
        let key = |i: usize| -> f64 {
            let p = &g.parties[i];
            match col {
                2 => p.shipments as f64,
                3 => p.value,
                4 => p.frauds as f64,
                5 => m.degree.get(i).copied().unwrap_or(0.0).into(),
                6 => m.betweenness.get(i).copied().unwrap_or(0.0).into(),
                _ => 0.0,
            }
        };
        let mut order: Vec<usize> = (0..g.parties.len()).collect();
        if col < 2 {
            order.sort_by(|&a, &b| {
                let (x, y) = (&g.parties[a], &g.parties[b]);
                let o = if col == 0 {
                    x.id.cmp(&y.id)
                } else {
                    x.role.cmp(&y.role)
                };
                if desc { o.reverse() } else { o }
            });
        } else {
            order.sort_by(|&a, &b| {
                let o = key(a).total_cmp(&key(b));
                if desc { o.reverse() } else { o }
            });
        }
        order
            .into_iter()
            .take(TABLE_ROWS)
            .map(|i| {
                let p = g.parties[i].clone();
                let community = m
                    .community
                    .get(i)
                    .filter(|c| **c != u32::MAX)
                    .map(u32::to_string)
                    .unwrap_or_default();
                let fmt = |v: Option<&f32>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
                let (deg, bet) = (fmt(m.degree.get(i)), fmt(m.betweenness.get(i)));
                view! {
                    <tr>
                        <td><button type="button" class="link" on:click=move |_| selected.set(Some(i as u32))>{p.id.clone()}</button></td>
                        <td>{party_role(i18n.lang(), &p.role)}</td>
                        <td class="num">{group_thousands(&p.shipments.to_string())}</td>
                        <td class="num">{group_thousands(&format!("{:.0}", p.value))}</td>
                        <td class="num">{p.frauds}</td>
                        <td class="num">{deg}</td>
                        <td class="num">{bet}</td>
                        <td class="num">{community}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };
    let edge_rows = move || {
        let Some(g) = graph.get() else {
            return Vec::new();
        };
        let mut order: Vec<usize> = (0..g.edges.len()).collect();
        order.sort_by(|&a, &b| g.edges[b].shipments.cmp(&g.edges[a].shipments));
        order
            .into_iter()
            .take(TABLE_ROWS)
            .map(|k| {
                let e = &g.edges[k];
                let name = |i: u32| g.parties[i as usize].id.clone();
                view! {
                    <tr>
                        <td>{party_link(name(e.source))}</td>
                        <td>{party_link(name(e.target))}</td>
                        <td>{party_role(i18n.lang(), &g.parties[e.target as usize].role)}</td>
                        <td class="num">{group_thousands(&e.shipments.to_string())}</td>
                        <td class="num">{group_thousands(&format!("{:.0}", e.value))}</td>
                        <td class="num">{e.frauds}</td>
                        <td>{day(e.first_seen)}</td>
                        <td>{day(e.last_seen)}</td>
                        <td class="num">{e.hop}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <div class="network-tables">
            <table class="data parties">
                <caption>{move || i18n.t(Key::NetworkPartiesTable)}</caption>
                <thead><tr>
                    {header(0, Key::NetworkPartyId)}
                    {header(1, Key::NetworkRole)}
                    {header(2, Key::NetworkShipments)}
                    {header(3, Key::NetworkValue)}
                    {header(4, Key::NetworkFrauds)}
                    {header(5, Key::NetworkDegree)}
                    {header(6, Key::NetworkBetweenness)}
                    <th>{move || i18n.t(Key::NetworkCommunity)}</th>
                </tr></thead>
                <tbody>{party_rows}</tbody>
            </table>
            <table class="data edges">
                <caption>{move || i18n.t(Key::NetworkEdgesTable)}</caption>
                <thead><tr>
                    <th>{move || i18n.t(Key::NetworkSource)}</th>
                    <th>{move || i18n.t(Key::NetworkTarget)}</th>
                    <th>{move || i18n.t(Key::NetworkRole)}</th>
                    <th>{move || i18n.t(Key::NetworkShipments)}</th>
                    <th>{move || i18n.t(Key::NetworkValue)}</th>
                    <th>{move || i18n.t(Key::NetworkFrauds)}</th>
                    <th>{move || i18n.t(Key::NetworkFirstSeen)}</th>
                    <th>{move || i18n.t(Key::NetworkLastSeen)}</th>
                    <th>{move || i18n.t(Key::NetworkHop)}</th>
                </tr></thead>
                <tbody>{edge_rows}</tbody>
            </table>
        </div>
    }
}
