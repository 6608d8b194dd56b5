//! 관계망 (Network): an officer searches a party, draws its ego network (1–3 hops of shared
//! shipments, within their scope), lays it out and measures it in the graph worker, opens a
//! party's card, expands a party, finds the path to the centre, ranks hidden accomplices of the
//! parties with frauds (or of the chosen one) with the chain that links each to them, reads
//! everything as tables, and exports CSV, SVG and PNG.

use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::dashboard::NewWidget;
use portal_core::graph_worker::{RankedParty, ToGraph};
use portal_core::network::EgoQuery;

use crate::arrow::group_thousands;
use crate::components::attach_to_request::{AttachToRequest, FileToAttach};
use crate::components::network_canvas::{HEIGHT, NetworkCanvas, WIDTH};
use crate::components::network_tables::{ranking, tables};
use crate::components::page_heading::PageHeading;
use crate::components::party_card::card;
use crate::components::save_to_dashboard::SaveToDashboard;
use crate::errors::{ErrorNotice, Problem};
use crate::files;
use crate::graph_worker::{GraphAnswer, GraphWorker};
use crate::i18n::{I18n, Key, use_i18n};
use crate::labels::party_role;
use crate::network::{Graph, Measures, timeline};
use crate::network_picture::{ROLES, role_colour};
use crate::party_search::{Company, search};

/// Layout iterations per network, and between two frames drawn.
const ITERATIONS: u32 = 300;
const FRAME_EVERY: u32 = 10;

/// The network page.
#[component]
pub fn Network() -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let hops = RwSignal::new(1u8);
    let min_shipments = RwSignal::new(String::from("1"));
    let chapter = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<Company>>);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);

    let graph = RwSignal::new(None::<Arc<Graph>>);
    let positions = RwSignal::new(Vec::<f32>::new());
    let pinned = RwSignal::new(HashSet::<u32>::new());
    let selected = RwSignal::new(None::<u32>);
    let path = RwSignal::new(Vec::<u32>::new());
    let iteration = RwSignal::new((0u32, 0.0f64));
    let measures = RwSignal::new(None::<Measures>);
    let ranked = RwSignal::new(None::<(Vec<RankedParty>, f64)>);
    let show_table = RwSignal::new(false);
    // The query of the network drawn (what a dashboard widget saves).
    let base = RwSignal::new(None::<EgoQuery>);
    // The worker lives with the page (a new network terminates the old layout).
    let worker = StoredValue::new_local(None::<Rc<GraphWorker>>);

    let on_answer = move |a: GraphAnswer| match a {
        GraphAnswer::Frame {
            iteration: it,
            positions: p,
            ms_per_iteration,
        } => {
            // Parties the officer pinned stay where they were dropped.
            let keep = pinned.get_untracked();
            positions.update(|old| {
                let mut p = p;
                for &i in &keep {
                    let k = i as usize * 2;
                    if k + 1 < p.len() && k + 1 < old.len() {
                        p[k] = old[k];
                        p[k + 1] = old[k + 1];
                    }
                }
                *old = p;
            });
            iteration.set((it, ms_per_iteration));
        }
        GraphAnswer::Measures(m) => measures.set(Some(m)),
        GraphAnswer::Ranked(list, ms) => ranked.set(Some((list, ms))),
        GraphAnswer::Path(p) => path.set(p.unwrap_or_default()),
        GraphAnswer::Error(e) => problem.set(Some(Problem::Worker(e))),
    };
    let send = move |req: ToGraph| {
        worker.with_value(|w| {
            if let Some(w) = w {
                w.send(&req);
            }
        });
    };
    // Lays out and measures `g` in a fresh worker.
    let analyse = move |g: Arc<Graph>| {
        let started = GraphWorker::start(on_answer);
        match started {
            Ok(w) => {
                let w = Rc::new(w);
                w.send(&g.analyse_request(ITERATIONS, FRAME_EVERY));
                worker.set_value(Some(w));
            }
            Err(e) => problem.set(Some(Problem::Worker(e))),
        }
        positions.set(vec![0.0; g.parties.len() * 2]);
        pinned.set(HashSet::new());
        measures.set(None);
        ranked.set(None);
        path.set(Vec::new());
        iteration.set((0, 0.0));
        graph.set(Some(g));
    };
    let query = move |party: String, hops: u8| EgoQuery {
        party,
        hops: Some(hops),
        from: Some(from.get_untracked()).filter(|s| !s.is_empty()),
        to: Some(to.get_untracked()).filter(|s| !s.is_empty()),
        chapter: Some(chapter.get_untracked()).filter(|s| !s.is_empty()),
        min_shipments: min_shipments.get_untracked().trim().parse().ok(),
        max_edges: None,
        roles: None,
    };
    let open = move |party: String| {
        let party = party.trim().to_owned();
        if party.is_empty() {
            return;
        }
        problem.set(None);
        busy.set(true);
        selected.set(None);
        let q = query(party, hops.get_untracked());
        leptos::task::spawn_local(async move {
            match Graph::fetch(&q).await {
                Ok(g) => {
                    base.set(Some(q));
                    analyse(Arc::new(g));
                }
                Err(e) => problem.set(Some(e.into())),
            }
            busy.set(false);
        });
    };
    let expand = move |i: u32| {
        let Some(g) = graph.get_untracked() else {
            return;
        };
        let id = g.parties[i as usize].id.clone();
        busy.set(true);
        let q = query(id, 1);
        leptos::task::spawn_local(async move {
            match Graph::fetch(&q).await {
                Ok(more) => {
                    let mut merged = (*g).clone();
                    merged.merge(&more);
                    analyse(Arc::new(merged));
                    selected.set(Some(i));
                }
                Err(e) => problem.set(Some(e.into())),
            }
            busy.set(false);
        });
    };
    let hide = move |i: u32| {
        if let Some(g) = graph.get_untracked() {
            selected.set(None);
            analyse(Arc::new(g.without(i)));
        }
    };
    let accomplices = move |seeds: Vec<u32>| {
        let Some(g) = graph.get_untracked() else {
            return;
        };
        ranked.set(None);
        if seeds.is_empty() {
            problem.set(Some(Problem::Text(Key::NetworkNoSeeds)));
            return;
        }
        send(ToGraph::Accomplices {
            seeds,
            candidates: g.clean_importers(),
            limit: 20,
        });
    };
    let run_search = move || {
        let q = text.get_untracked().trim().to_owned();
        if q.is_empty() {
            return;
        }
        problem.set(None);
        leptos::task::spawn_local(async move {
            match search(q).await {
                Ok(list) => found.set(Some(list)),
                Err(e) => problem.set(Some(e.into())),
            }
        });
    };
    let save = move |what: &'static str| {
        let Some(g) = graph.get_untracked() else {
            return;
        };
        let centre = g.parties[0].id.clone();
        let m = measures.get_untracked().unwrap_or_default();
        let p = positions.get_untracked();
        let done = match what {
            "nodes" => files::save_bytes(
                g.nodes_csv(&m.degree, &m.betweenness, &m.community)
                    .as_bytes(),
                "text/csv",
                &format!("network-{centre}-nodes.csv"),
            ),
            "edges" => files::save_bytes(
                g.edges_csv().as_bytes(),
                "text/csv",
                &format!("network-{centre}-edges.csv"),
            ),
            "graphml" => files::save_bytes(
                g.graphml().as_bytes(),
                "application/graphml+xml",
                &format!("network-{centre}.graphml"),
            ),
            "svg" => files::save_svg(&g.svg(&p, WIDTH, HEIGHT), &format!("network-{centre}.svg")),
            _ => {
                let svg = g.svg(&p, WIDTH, HEIGHT);
                leptos::task::spawn_local(async move {
                    if let Err(e) = files::save_png(
                        &svg,
                        WIDTH as u32,
                        HEIGHT as u32,
                        &format!("network-{centre}.png"),
                    )
                    .await
                    {
                        problem.set(Some(Problem::Browser(e)));
                    }
                });
                Ok(())
            }
        };
        if let Err(e) = done {
            problem.set(Some(Problem::Browser(e)));
        }
    };

    // A link from elsewhere (a pattern's combination) names the party: open its network.
    let params = use_query_map().get_untracked();
    if let Some(h) = params.get("hops").and_then(|h| h.parse().ok()) {
        hops.set(h);
    }
    if let Some(party) = params.get("party").filter(|p| !p.trim().is_empty()) {
        text.set(party.clone());
        open(party);
    }

    view! {
        <PageHeading title=Key::NavNetwork summary=Key::NetworkSummary />
        <p><A href="/network/patterns">{move || i18n.t(Key::PatternsTitle)}</A></p>
        <form class="network-form" role="search" on:submit=move |ev| {
            ev.prevent_default();
            run_search();
        }>
            <label for="party">{move || i18n.t(Key::NetworkParty)}</label>
            <input id="party" type="search" maxlength="100"
                placeholder=move || i18n.t(Key::NetworkPartyHint)
                prop:value=text
                on:input=move |ev| text.set(event_target_value(&ev)) />
            <label for="hops">{move || i18n.t(Key::NetworkHops)}</label>
            <select id="hops" on:change=move |ev| hops.set(event_target_value(&ev).parse().unwrap_or(1))>
                <option value="1" selected=move || hops.get() == 1>"1"</option>
                <option value="2" selected=move || hops.get() == 2>"2"</option>
                <option value="3" selected=move || hops.get() == 3>"3"</option>
            </select>
            <label for="min-shipments">{move || i18n.t(Key::NetworkMinShipments)}</label>
            <input id="min-shipments" type="number" min="1" prop:value=min_shipments
                on:input=move |ev| min_shipments.set(event_target_value(&ev)) />
            <label for="chapter">{move || i18n.t(Key::NetworkChapter)}</label>
            <input id="chapter" type="text" maxlength="2" size="3" prop:value=chapter
                on:input=move |ev| chapter.set(event_target_value(&ev)) />
            <label for="from">{move || i18n.t(Key::NetworkFrom)}</label>
            <input id="from" type="date" prop:value=from on:input=move |ev| from.set(event_target_value(&ev)) />
            <label for="to">{move || i18n.t(Key::NetworkTo)}</label>
            <input id="to" type="date" prop:value=to on:input=move |ev| to.set(event_target_value(&ev)) />
            <button type="submit">{move || i18n.t(Key::NetworkSearch)}</button>
            <button type="button" class="secondary" on:click=move |_| open(text.get_untracked())>
                {move || i18n.t(Key::NetworkOpen)}
            </button>
        </form>
        {move || problem.get().map(|p| view! { <ErrorNotice problem=p /> })}
        {move || found.get().map(|list| results(i18n, list, open))}
        <Show when=move || busy.get()>
            <p class="status" role="status">{move || i18n.t(Key::Loading)}</p>
        </Show>
        {move || graph.get().map(|g| {
            view! {
                <section class="network" aria-labelledby="network-h">
                    <h2 id="network-h">{move || i18n.tf(Key::NetworkOf, &[("party", &g.parties[0].id)])}</h2>
                    <p class="status" role="status">{move || status(i18n, &graph, iteration.get(), measures.get())}</p>
                    <div class="network-actions">
                        <button type="button" on:click=move |_| show_table.update(|t| *t = !*t)>
                            {move || i18n.t(if show_table.get() { Key::NetworkShowPicture } else { Key::NetworkShowTable })}
                        </button>
                        <button type="button" on:click=move |_| {
                            let seeds = graph.get_untracked().map(|g| g.offenders()).unwrap_or_default();
                            accomplices(seeds);
                        }>{move || i18n.t(Key::NetworkAccomplices)}</button>
                        <button type="button" class="secondary" on:click=move |_| save("nodes")>{move || i18n.t(Key::NetworkExportNodes)}</button>
                        <button type="button" class="secondary" on:click=move |_| save("edges")>{move || i18n.t(Key::NetworkExportEdges)}</button>
                        <button type="button" class="secondary" on:click=move |_| save("graphml")>"GraphML"</button>
                        <button type="button" class="secondary" on:click=move |_| save("svg")>"SVG"</button>
                        <button type="button" class="secondary" on:click=move |_| save("png")>"PNG"</button>
                    </div>
                    <div class="network-body">
                        <div class="network-main">
                            <Show when=move || !show_table.get() fallback=move || tables(i18n, graph, measures, selected)>
                                <NetworkCanvas graph=graph positions=positions pinned=pinned selected=selected path=path />
                                {legend(i18n)}
                            </Show>
                        </div>
                        <aside class="party-card" aria-live="polite">
                            {move || selected.get().map(|i| card(i18n, graph, i, measures, (expand, hide), accomplices, send))}
                        </aside>
                    </div>
                    {move || ranked.get().map(|(list, ms)| ranking(i18n, graph, list, ms, selected, path))}
                    {move || base.get().map(|q| save_view(i18n, graph, q))}
                </section>
            }
        })}
    }
}

/// "Save to dashboard" for the network drawn (a widget with its query and the centre's
/// shipments by month) and "attach to an analysis request" (its relations as CSV).
fn save_view(
    i18n: I18n,
    graph: RwSignal<Option<Arc<Graph>>>,
    q: EgoQuery,
) -> impl IntoView + use<> {
    let role = graph.with_untracked(|g| {
        g.as_ref()
            .and_then(|g| g.parties.first().map(|p| p.role.clone()))
            .unwrap_or_default()
    });
    let title = i18n.tf(Key::NetworkOf, &[("party", &q.party)]);
    let file_name = format!("network-{}-edges.csv", q.party);
    view! {
        <SaveToDashboard default_title=title widget=Callback::new(move |title: String| NewWidget {
            title,
            analysis: timeline(&q.party, &role),
            width: 2,
            height: 2,
            model: None,
            network: Some(q.clone()),
            origin: None,
            company: None,
        }) />
        // The relations go to a request as CSV (the officer's evidence for the review).
        <AttachToRequest label=Key::NetworkAttach file=Callback::new(move |()| FileToAttach {
            name: file_name.clone(),
            mime: "text/csv",
            bytes: graph.get_untracked().map(|g| g.edges_csv().into_bytes()).unwrap_or_default(),
        }) />
    }
}

fn status(
    i18n: I18n,
    graph: &RwSignal<Option<Arc<Graph>>>,
    (it, ms): (u32, f64),
    measures: Option<Measures>,
) -> String {
    let (parties, edges) = graph.with(|g| {
        g.as_ref()
            .map_or((0, 0), |g| (g.parties.len(), g.edges.len()))
    });
    let mut s = i18n.tf(
        Key::NetworkCounts,
        &[
            ("parties", &group_thousands(&parties.to_string())),
            ("edges", &group_thousands(&edges.to_string())),
        ],
    );
    s.push_str(" · ");
    s.push_str(&i18n.tf(
        Key::NetworkLayoutProgress,
        &[
            ("done", &it.to_string()),
            ("total", &ITERATIONS.to_string()),
            ("ms", &format!("{ms:.1}")),
        ],
    ));
    if let Some(m) = measures {
        s.push_str(" · ");
        s.push_str(&i18n.tf(
            Key::NetworkMeasured,
            &[
                ("modularity", &format!("{:.3}", m.modularity)),
                ("ms", &format!("{:.0}", m.ms)),
            ],
        ));
    }
    s
}

fn results(
    i18n: I18n,
    list: Vec<Company>,
    open: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    view! {
        <section class="search-results" aria-labelledby="party-results-h">
            <h2 id="party-results-h">{move || i18n.t(Key::NetworkResults)}</h2>
            {if list.is_empty() {
                view! { <p>{move || i18n.t(Key::NetworkNoResults)}</p> }.into_any()
            } else {
                view! {
                    <ul class="hits">
                        {list.into_iter().map(|c| {
                            let id = c.id.clone();
                            view! {
                                <li>
                                    <button type="button" class="link" on:click=move |_| open(id.clone())>
                                        {c.id.clone()}
                                    </button>
                                    " " {c.name.clone()} " (" {move || party_role(i18n.lang(), &c.role)} ", " {c.grade.clone()} ")"
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn legend(i18n: I18n) -> impl IntoView {
    view! {
        <ul class="legend" aria-label=move || i18n.t(Key::NetworkLegend)>
            {ROLES.iter().map(|r| view! {
                <li><span class="swatch" style=format!("background:{}", role_colour(r))></span>{move || party_role(i18n.lang(), r)}</li>
            }).collect_view()}
            <li><span class="swatch fraud"></span>{move || i18n.t(Key::NetworkFraudRing)}</li>
        </ul>
    }
}
