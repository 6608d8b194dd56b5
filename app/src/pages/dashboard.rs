//! One dashboard (`/dashboards/:id`): its widgets in a grid, each loading on its own (a slow or
//! failing widget shows its own state and never blocks the others), per-widget and dashboard
//! refresh, optional auto-refresh; for the owner reorder, resize, rename, remove, share and
//! delete; for everyone duplicate. A scored widget extracts its declarations and runs its model
//! (fraud or price) in a Web Worker of its own each time it loads, showing the riskiest ten; a
//! network widget draws its saved ego network (laid out in a graph worker of its own) above the
//! centre's shipments by month.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_core::dashboard::{
    AUTO_REFRESH_CHOICES, Dashboard, GRID_COLUMNS, MAX_HEIGHT, Shares, UpdateDashboard, Widget,
    WidgetLayout,
};
use portal_core::worker::WorkerModel;

use crate::api;
use crate::arrow::{Frame, group_thousands};
use crate::components::chart_view::ChartView;
use crate::components::network_widget::NetworkWidget;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key, use_i18n};
use crate::network::{Graph, network_link};
use crate::pages::companies::{company_ranking_link, company_widget_view, load_company_widget};
use crate::pages::origin::{OriginLoaded, load_origin_widget, origin_link, origin_widget_view};
use crate::pages::scoring::ranked_table;
use crate::scored::{Scored, score_extract, studio_link};

/// Rows of a scored widget's table.
const SCORED_WIDGET_ROWS: usize = 10;

/// What a widget loaded.
#[derive(Clone)]
enum Loaded {
    Chart(Frame),
    Scored(Scored),
    Network(std::sync::Arc<Graph>, Frame),
    Origin(OriginLoaded),
    /// The company ranking of a company widget, riskiest first.
    Companies(Vec<crate::companies::RankedCompany>),
}

fn layout(d: &Dashboard) -> UpdateDashboard {
    UpdateDashboard {
        version: d.version,
        title: d.title.clone(),
        auto_refresh_s: d.auto_refresh_s,
        widgets: d
            .widgets
            .iter()
            .map(|w| WidgetLayout {
                id: w.id,
                title: w.title.clone(),
                width: w.width,
                height: w.height,
            })
            .collect(),
    }
}

/// The dashboard page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::id_param();
    let board = RwSignal::new(None::<Result<Dashboard, Problem>>);
    Effect::new(move |_| {
        let id = id();
        leptos::task::spawn_local(async move {
            board.set(Some(api::dashboard(id).await.map_err(Problem::from)));
        });
    });
    view! {
        <p><A href="/dashboards">{move || i18n.t(Key::BackToDashboards)}</A></p>
        {move || match board.get() {
            None => view! { <p>{i18n.t(Key::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <h1>{i18n.t(Key::NavDashboards)}</h1><ErrorNotice problem=e /> }.into_any(),
            Some(Ok(d)) => board_view(i18n, board, d).into_any(),
        }}
    }
}

fn board_view(
    i18n: I18n,
    board: RwSignal<Option<Result<Dashboard, Problem>>>,
    d: Dashboard,
) -> impl IntoView {
    let can_edit = d.can_edit;
    let id = d.id;
    // Dashboard-wide refresh: every widget reloads when this changes.
    let generation = RwSignal::new(0u32);
    let (error, set_error) = signal(None::<Problem>);
    let apply = move |change: Box<dyn FnOnce(&mut UpdateDashboard)>| {
        let Some(Ok(current)) = board.get_untracked() else {
            return;
        };
        let mut u = layout(&current);
        change(&mut u);
        leptos::task::spawn_local(async move {
            match api::update_dashboard(id, &u).await {
                Ok(d) => {
                    set_error.set(None);
                    board.set(Some(Ok(d)));
                }
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let apply = StoredValue::new(apply);
    let change = move |f: Box<dyn FnOnce(&mut UpdateDashboard)>| apply.with_value(|a| a(f));

    // Auto-refresh.
    if let Some(secs) = d.auto_refresh_s {
        let handle = set_interval_with_handle(
            move || generation.update(|g| *g += 1),
            std::time::Duration::from_secs(u64::from(secs)),
        );
        if let Ok(h) = handle {
            on_cleanup(move || h.clear());
        }
    }
    let navigate = use_navigate();
    let duplicate = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::duplicate_dashboard(id).await {
                Ok(copy) => navigate(&format!("/dashboards/{}", copy.id), Default::default()),
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let navigate = use_navigate();
    let delete = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(i18n.t(Key::ConfirmDelete)).ok())
            .unwrap_or(false);
        if !ok {
            return;
        }
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::delete_dashboard(id).await {
                Ok(()) => navigate("/dashboards", Default::default()),
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let (share_users, set_share_users) = signal(d.shared_users.join(", "));
    let (share_office, set_share_office) = signal(d.shared_office);
    let share = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = Shares {
            users: share_users
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            office: share_office.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::share_dashboard(id, &s).await {
                Ok(d) => {
                    set_error.set(None);
                    board.set(Some(Ok(d)));
                }
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let (title, set_title) = signal(d.title.clone());
    let count = d.widgets.len();
    let widgets = d
        .widgets
        .iter()
        .cloned()
        .enumerate()
        .map(|(pos, w)| widget_view(i18n, w, pos, count, can_edit, generation, change))
        .collect_view();
    let auto = d.auto_refresh_s;
    let owner = d.owner.clone();
    view! {
        <header class="page-heading">
            <h1 id="dashboard-title">{d.title.clone()}</h1>
            <p class="summary">
                {move || i18n.tf(Key::OwnerAccess, &[
                    ("owner", &owner),
                    ("access", i18n.t(if can_edit { Key::Mine } else { Key::ReadOnlyShared })),
                ])}
            </p>
        </header>
        <div class="dashboard-tools builder-row">
            <button type="button" id="refresh-all" on:click=move |_| generation.update(|g| *g += 1)>
                {move || i18n.t(Key::RefreshAll)}
            </button>
            <button type="button" class="secondary" id="duplicate-dashboard" on:click=duplicate>{move || i18n.t(Key::Duplicate)}</button>
            <Show when=move || can_edit>
                <label>
                    {move || i18n.t(Key::AutoRefresh)}
                    <select id="auto-refresh" on:change=move |ev| {
                        let v = event_target_value(&ev).parse::<u32>().ok();
                        change(Box::new(move |u| u.auto_refresh_s = v));
                    }>
                        <option value="" selected=auto.is_none()>{move || i18n.t(Key::Off)}</option>
                        {AUTO_REFRESH_CHOICES.iter().map(|s| {
                            let s = *s;
                            view! { <option value=s.to_string() selected=auto == Some(s)>{move || i18n.tf(Key::EveryMinutes, &[("n", &(s / 60).to_string())])}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="danger" id="delete-dashboard" on:click=delete.clone()>{move || i18n.t(Key::Delete)}</button>
            </Show>
        </div>
        <Show when=move || can_edit>
            <details class="dashboard-settings">
                <summary>{move || i18n.t(Key::DashboardSettings)}</summary>
                <form class="builder-row" on:submit=move |ev| {
                    ev.prevent_default();
                    let t = title.get_untracked();
                    change(Box::new(move |u| u.title = t));
                }>
                    <label>{move || i18n.t(Key::DashboardTitle)}
                        <input type="text" maxlength="100" prop:value=title on:input=move |ev| set_title.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit">{move || i18n.t(Key::Save)}</button>
                </form>
                <form class="builder-row" on:submit=share>
                    <label>{move || i18n.t(Key::ShareWithUsers)}
                        <input id="share-users" type="text" placeholder="analyst.busan, reviewer"
                            prop:value=share_users on:input=move |ev| set_share_users.set(event_target_value(&ev)) />
                    </label>
                    <label class="check">
                        <input id="share-office" type="checkbox" prop:checked=share_office
                            on:change=move |ev| set_share_office.set(event_target_checked(&ev)) />
                        {move || i18n.t(Key::ShareWithOffice)}
                    </label>
                    <button type="submit" id="save-shares">{move || i18n.t(Key::Share)}</button>
                </form>
            </details>
        </Show>
        {move || error.get().map(|e| view! { <ErrorNotice problem=e /> })}
        <Show when=move || count == 0>
            <p>{move || i18n.t(Key::NoWidgets)} " " <A href="/analysis">{move || i18n.t(Key::NavAnalysis)}</A></p>
        </Show>
        <div class="dash-grid" style=format!("--cols: {GRID_COLUMNS}")>{widgets}</div>
    }
}

fn widget_view(
    i18n: I18n,
    w: Widget,
    pos: usize,
    count: usize,
    can_edit: bool,
    generation: RwSignal<u32>,
    change: impl Fn(Box<dyn FnOnce(&mut UpdateDashboard)>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let own = RwSignal::new(0u32);
    let spec = w.analysis.spec.clone();
    let model = w.model.clone();
    let network = w.network.clone();
    let origin = w.origin.clone();
    let company = w.company.clone();
    let data = LocalResource::new(move || {
        let (spec, model, network) = (spec.clone(), model.clone(), network.clone());
        let (origin, company) = (origin.clone(), company.clone());
        let _ = (generation.get(), own.get());
        async move {
            let frame = async || {
                api::extract_frame(&spec, None, |_, _| {})
                    .await
                    .map_err(Problem::from)
            };
            if let Some(o) = origin {
                return load_origin_widget(&o).await.map(Loaded::Origin);
            }
            if let Some(c) = company {
                return load_company_widget(&c).await.map(Loaded::Companies);
            }
            match (model, network) {
                (Some(m), _) => score_extract(&m, &spec).await.map(Loaded::Scored),
                (None, Some(q)) => {
                    let graph = Graph::fetch(&q).await?;
                    Ok(Loaded::Network(std::sync::Arc::new(graph), frame().await?))
                }
                (None, None) => frame().await.map(Loaded::Chart),
            }
        }
    });
    let grouped = w.analysis.spec.is_grouped();
    let spec_for_chart = w.analysis.spec.clone();
    let kind = w.analysis.chart.kind;
    let (wid, width, height) = (w.id, w.width, w.height);
    let (link, link_text) = match (w.model.as_deref().and_then(WorkerModel::parse), &w.network) {
        _ if w.origin.is_some() => (
            w.origin.as_ref().map(origin_link).unwrap_or_default(),
            Key::OpenInOrigin,
        ),
        _ if w.company.is_some() => (
            w.company
                .as_ref()
                .map(company_ranking_link)
                .unwrap_or_default(),
            Key::OpenInCompanies,
        ),
        (Some(m), _) => (studio_link(m, &w.analysis.spec), Key::OpenInStudio),
        (None, Some(q)) => (network_link(q), Key::OpenInNetwork),
        (None, None) => (w.analysis.link(), Key::OpenInAnalysis),
    };
    let name = w.title.clone();
    let company_kind = w.company.clone();
    let mv = move |delta: isize| {
        change(Box::new(move |u| {
            let to = pos as isize + delta;
            if to >= 0 && (to as usize) < u.widgets.len() {
                u.widgets.swap(pos, to as usize);
            }
        }))
    };
    let resize = move |dw: i8, dh: i8| {
        change(Box::new(move |u| {
            if let Some(x) = u.widgets.iter_mut().find(|x| x.id == wid) {
                x.width = (x.width as i8 + dw).clamp(1, GRID_COLUMNS as i8) as u8;
                x.height = (x.height as i8 + dh).clamp(1, MAX_HEIGHT as i8) as u8;
            }
        }))
    };
    let state = move || match data.get() {
        None => "loading",
        Some(Ok(_)) => "ready",
        Some(Err(_)) => "error",
    };
    view! {
        <article class="widget" data-state=state data-widget=wid
            style=format!("grid-column: span {width}; grid-row: span {height};")>
            <header class="widget-head">
                <h2>{w.title.clone()}</h2>
                <div class="widget-tools">
                    <A href=link attr:class="small">{move || i18n.t(link_text)}</A>
                    <button type="button" class="small" title=move || i18n.t(Key::Refresh)
                        aria-label=move || i18n.t(Key::Refresh) on:click=move |_| own.update(|g| *g += 1)>"⟳"</button>
                    <Show when=move || can_edit>
                        <button type="button" class="small" aria-label=move || i18n.t(Key::MoveEarlier) disabled={pos == 0} on:click=move |_| mv(-1)>"◀"</button>
                        <button type="button" class="small" aria-label=move || i18n.t(Key::MoveLater) disabled={pos + 1 >= count} on:click=move |_| mv(1)>"▶"</button>
                        <button type="button" class="small" aria-label=move || i18n.t(Key::Narrower) on:click=move |_| resize(-1, 0)>"↔−"</button>
                        <button type="button" class="small" aria-label=move || i18n.t(Key::Wider) on:click=move |_| resize(1, 0)>"↔+"</button>
                        <button type="button" class="small" aria-label=move || i18n.t(Key::Shorter) on:click=move |_| resize(0, -1)>"↕−"</button>
                        <button type="button" class="small" aria-label=move || i18n.t(Key::Taller) on:click=move |_| resize(0, 1)>"↕+"</button>
                        <button type="button" class="small danger" aria-label=move || i18n.t(Key::Remove)
                            on:click=move |_| change(Box::new(move |u| u.widgets.retain(|x| x.id != wid)))>"✕"</button>
                    </Show>
                </div>
            </header>
            {move || match data.get() {
                None => view! { <p class="widget-loading" role="status"><progress></progress></p> }.into_any(),
                Some(Err(e)) => view! { <div class="widget-error"><ErrorNotice problem=e /></div> }.into_any(),
                Some(Ok(Loaded::Chart(frame))) => view! {
                    <ChartView frame=frame spec=spec_for_chart.clone() grouped=grouped kind=Signal::derive(move || kind) name=name.clone()
                        size=(180 * u32::from(width) + 60, 150 * u32::from(height) + 90) />
                }.into_any(),
                Some(Ok(Loaded::Scored(s))) => scored_widget(i18n, &s).into_any(),
                Some(Ok(Loaded::Origin(o))) => origin_widget_view(i18n, &o).into_any(),
                Some(Ok(Loaded::Companies(list))) => match &company_kind {
                    Some(c) => company_widget_view(i18n, c, &list).into_any(),
                    None => ().into_any(),
                },
                Some(Ok(Loaded::Network(graph, frame))) => view! {
                    <NetworkWidget graph=graph />
                    <ChartView frame=frame spec=spec_for_chart.clone() grouped=grouped kind=Signal::derive(move || kind) name=name.clone()
                        size=(180 * u32::from(width) + 60, 150) />
                }.into_any(),
            }}
        </article>
    }
}

/// A scored widget's body: a one-line summary and the riskiest rows.
fn scored_widget(i18n: I18n, s: &Scored) -> impl IntoView + use<> {
    let n = s.rows();
    let flagged = s.flagged();
    let lead = move || match flagged {
        Some(k) => i18n.tf(
            Key::FlaggedCount,
            &[
                ("flagged", &group_thousands(&k.to_string())),
                ("total", &group_thousands(&n.to_string())),
            ],
        ),
        None => i18n.tf(
            Key::ScoredWidgetSummary,
            &[
                ("rows", &group_thousands(&n.to_string())),
                (
                    "k",
                    &group_thousands(&portal_core::risk::inspected(n, 0.05).to_string()),
                ),
            ],
        ),
    };
    view! {
        <div class="scored-widget" data-model=s.model().as_str()>
            <p class="widget-summary">{lead}</p>
            <div class="table-wrap">{ranked_table(i18n, s, SCORED_WIDGET_ROWS, false)}</div>
        </div>
    }
}
