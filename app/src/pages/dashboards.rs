//! 내 대시보드 (My dashboards): the user's dashboards and those shared with them; create one.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use portal_core::dashboard::DashboardSummary;

use crate::api;
use crate::components::loaded::loaded;
use crate::components::page_heading::PageHeading;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{Key, use_i18n};

/// The dashboard list.
#[component]
pub fn Dashboards() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::dashboards);
    let (title, set_title) = signal(String::new());
    let (error, set_error) = signal(None::<Problem>);
    let navigate = use_navigate();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = title.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::create_dashboard(&t).await {
                Ok(d) => navigate(&format!("/dashboards/{}", d.id), Default::default()),
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    view! {
        <PageHeading title=Key::NavDashboards summary=Key::DashboardsSummary />
        <form class="builder-row" on:submit=create>
            <label>
                {move || i18n.t(Key::DashboardTitle)}
                <input id="create-dashboard-title" type="text" maxlength="100" required
                    prop:value=title on:input=move |ev| set_title.set(event_target_value(&ev)) />
            </label>
            <button type="submit" id="create-dashboard">{move || i18n.t(Key::CreateDashboard)}</button>
            {move || error.get().map(|e| view! { <ErrorNotice problem=e /> })}
        </form>
        {loaded(list, move |l: Vec<DashboardSummary>| if l.is_empty() {
            view! { <p class="empty">{i18n.t(Key::HomeNoDashboards)} " " <A href="/analysis">{i18n.t(Key::NavAnalysis)}</A></p> }.into_any()
        } else {
            view! {
                <ul class="cards dashboards-list">
                    {l.into_iter().map(|d| view! {
                        <li class="card">
                            <A href=format!("/dashboards/{}", d.id)><h3>{d.title.clone()}</h3></A>
                            <p>
                                {move || i18n.tf(Key::WidgetsCount, &[
                                    ("owner", &d.owner),
                                    ("n", &d.widgets.to_string()),
                                    ("access", i18n.t(if d.can_edit { Key::Mine } else { Key::SharedWithMe })),
                                ])}
                            </p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}
