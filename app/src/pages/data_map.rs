//! 데이터 지도 (Data map): the customs process as a flow of stages with each dataset on its
//! stage, master data beside it, and a search over datasets and columns in both languages.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::api::CatalogDataset;
use portal_core::datasets::Stage;

use crate::api;
use crate::arrow::group_thousands;
use crate::catalog_text::{BESIDE, FLOW, dataset_name, stage_key};
use crate::components::page_heading::PageHeading;
use crate::errors::ErrorNotice;
use crate::i18n::{I18n, Key, use_i18n};

/// The data map page.
#[component]
pub fn DataMap() -> impl IntoView {
    let i18n = use_i18n();
    let catalog = LocalResource::new(api::catalog);
    let (query, set_query) = signal(String::new());
    let hits = LocalResource::new(move || {
        let q = query.get();
        async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                api::search_catalog(&q, false).await
            }
        }
    });
    view! {
        <PageHeading title=Key::NavDataMap summary=Key::DataMapSummary />
        <form class="search" role="search" on:submit=move |ev| {
            ev.prevent_default();
            // A submitted search counts towards the home page's popular terms.
            let q = query.get_untracked();
            if !q.trim().is_empty() {
                leptos::task::spawn_local(async move {
                    let _ = api::search_catalog(&q, true).await;
                });
            }
        }>
            <label for="catalog-search">{move || i18n.t(Key::DataMapSearchLabel)}</label>
            <input
                id="catalog-search"
                type="search"
                maxlength="100"
                placeholder=move || i18n.t(Key::DataMapSearchHint)
                prop:value=query
                on:input=move |ev| set_query.set(event_target_value(&ev))
            />
        </form>
        <Show when=move || !query.get().trim().is_empty()>
            <section class="search-results" aria-labelledby="search-results-h">
                <h2 id="search-results-h">{move || i18n.t(Key::DataMapResults)}</h2>
                <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
                    {move || hits.get().map(|r| match r {
                        Ok(list) if list.is_empty() => view! { <p>{i18n.t(Key::DataMapNoResults)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="hits">
                                {list.into_iter().map(|h| {
                                    let href = format!("/data-map/{}", h.dataset);
                                    let label = match &h.column {
                                        Some(c) => format!("{}.{c}", h.dataset),
                                        None => h.dataset.clone(),
                                    };
                                    view! { <li><A href=href>{label}</A> " — " {h.text}</li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
                    })}
                </Transition>
            </section>
        </Show>
        <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
            {move || catalog.get().map(|r| match r {
                Ok(cat) => flow(i18n, cat.datasets).into_any(),
                Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
            })}
        </Transition>
    }
}

fn flow(i18n: I18n, datasets: Vec<CatalogDataset>) -> impl IntoView {
    let on_stage = |stage: Stage| -> Vec<CatalogDataset> {
        datasets
            .iter()
            .filter(|d| d.stage == stage)
            .cloned()
            .collect()
    };
    let stages = FLOW.map(|s| (s, on_stage(s)));
    let beside = BESIDE.map(|s| (s, on_stage(s)));
    view! {
        <section class="flow" aria-label=move || i18n.t(Key::DataMapFlow)>
            <ol class="stages">
                {stages.into_iter().map(|(stage, list)| view! {
                    <li class="stage">
                        <h2>{move || i18n.t(stage_key(stage))}</h2>
                        <ul>{list.into_iter().map(|d| card(i18n, d)).collect_view()}</ul>
                    </li>
                }).collect_view()}
            </ol>
            {beside.into_iter().map(|(stage, list)| view! {
                <div class="stage master">
                    <h2>{move || i18n.t(stage_key(stage))}</h2>
                    <ul>{list.into_iter().map(|d| card(i18n, d)).collect_view()}</ul>
                </div>
            }).collect_view()}
        </section>
    }
}

fn card(i18n: I18n, d: CatalogDataset) -> impl IntoView {
    let href = format!("/data-map/{}", d.name);
    let rows = group_thousands(&d.row_count.to_string());
    let name = d.clone();
    view! {
        <li class="dataset-card">
            <A href=href>{move || dataset_name(i18n.lang(), &name).to_owned()}</A>
            <code>{d.name.clone()}</code>
            <span class="rows">{rows} " " {move || i18n.t(Key::RowsUnit)}</span>
        </li>
    }
}
