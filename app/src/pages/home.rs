//! 홈 (Home): the portal's front page, like the KCS portal's: records across datasets, the most
//! used datasets, access by customs office, popular search terms, my recent activity, my
//! dashboards and my requests with their five-step status. Every figure comes from
//! `GET /api/home` (catalog and audit log), none is a constant.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::dashboard::{HomeFigures, Ranked};

use crate::api;
use crate::arrow::group_thousands;
use crate::catalog_text::dataset_label;
use crate::components::page_heading::PageHeading;
use crate::components::tracker::Tracker;
use crate::errors::ErrorNotice;
use crate::i18n::{I18n, Key, Lang, use_i18n};
use crate::labels::audit_key;
use crate::sections::SECTIONS;

/// What a ranking ranks: dataset names are labelled from the catalog, offices by their names.
#[derive(Clone, Copy)]
enum Ranks {
    Datasets,
    Offices,
    Terms,
}

fn ranked_list(
    i18n: I18n,
    id: &'static str,
    title: Key,
    ranks: Ranks,
    days: u32,
    items: Vec<Ranked>,
) -> impl IntoView {
    view! {
        <section class="card home-rank" aria-labelledby=id>
            <h2 id=id>{move || i18n.t(title)}</h2>
            {if items.is_empty() {
                view! { <p class="empty">{move || i18n.tf(Key::RankingEmpty, &[("days", &days.to_string())])}</p> }.into_any()
            } else {
                view! {
                    <ol>
                        {items.into_iter().map(|r| {
                            let label = move || match (ranks, i18n.lang(), &r.ko, &r.en) {
                                (Ranks::Datasets, lang, _, _) => dataset_label(lang, &r.key),
                                (Ranks::Offices, Lang::Ko, Some(k), _) | (Ranks::Offices, Lang::En, _, Some(k)) => {
                                    i18n.tf(Key::CodeName, &[("name", k), ("code", &r.key)])
                                }
                                _ => r.key.clone(),
                            };
                            let n = group_thousands(&r.count.to_string());
                            view! { <li><span>{label}</span> <span class="num">{n}</span></li> }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

fn figures(i18n: I18n, h: HomeFigures) -> impl IntoView {
    let total = group_thousands(&h.total_records.to_string());
    let datasets = h.datasets;
    let days = h.window_days;
    view! {
        <section class="home-figures" aria-labelledby="home-figures-h">
            <h2 id="home-figures-h" class="visually-hidden">{move || i18n.t(Key::HomeFigures)}</h2>
            <p class="big-figure">
                <span class="label">{move || i18n.t(Key::TotalRecords)}</span>
                <strong id="total-records">{total}</strong>
                <span class="label">{move || i18n.tf(Key::DatasetsCount, &[("n", &datasets.to_string())])}</span>
            </p>
            <p class="window">{move || i18n.tf(Key::RankingWindow, &[("days", &days.to_string())])}</p>
        </section>
        <div class="home-grid">
            {ranked_list(i18n, "rank-datasets", Key::DatasetRanking, Ranks::Datasets, days, h.dataset_ranking)}
            {ranked_list(i18n, "rank-offices", Key::OfficeRanking, Ranks::Offices, days, h.office_ranking)}
            {ranked_list(i18n, "rank-terms", Key::SearchTerms, Ranks::Terms, days, h.search_terms)}
            <section class="card" aria-labelledby="my-activity">
                <h2 id="my-activity">{move || i18n.t(Key::MyActivity)}</h2>
                {if h.my_activity.is_empty() {
                    view! { <p class="empty">{move || i18n.t(Key::HomeNoActivity)}</p> }.into_any()
                } else {
                    view! { <ul class="activity">
                        {h.my_activity.into_iter().map(|a| {
                            let action = audit_key(a.action);
                            let subject = a.subject.clone();
                            let line = move || {
                                let words = i18n.t(action);
                                match &subject {
                                    Some(s) => i18n.tf(Key::ActivityLine, &[("action", words), ("subject", &dataset_label(i18n.lang(), s))]),
                                    None => words.to_owned(),
                                }
                            };
                            view! {
                                <li><time>{a.at.get(..16).unwrap_or(&a.at).replace('T', " ")}</time> " " <span class="activity-what">{line}</span></li>
                            }
                        }).collect_view()}
                    </ul> }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="my-dashboards">
                <h2 id="my-dashboards">{move || i18n.t(Key::NavDashboards)}</h2>
                {if h.my_dashboards.is_empty() {
                    view! { <p class="empty">{move || i18n.t(Key::HomeNoDashboards)} " "
                        <A href="/analysis">{move || i18n.t(Key::NavAnalysis)}</A></p> }.into_any()
                } else {
                    view! { <ul>
                        {h.my_dashboards.into_iter().map(|d| view! {
                            <li><A href=format!("/dashboards/{}", d.id)>{d.title}</A> {format!(" ({})", d.owner)}</li>
                        }).collect_view()}
                    </ul> }.into_any()
                }}
            </section>
            <section class="card wide" aria-labelledby="my-requests">
                <h2 id="my-requests">{move || i18n.t(Key::MyRequests)}</h2>
                {if h.my_requests.is_empty() {
                    view! { <p class="empty">{move || i18n.t(Key::HomeNoRequests)} " "
                        <A href="/requests/new">{move || i18n.t(Key::ReqNew)}</A></p> }.into_any()
                } else {
                    view! { <ul class="home-requests">
                        {h.my_requests.into_iter().map(|r| view! {
                            <li><A href=format!("/requests/{}", r.id)>{r.title}</A><Tracker state=r.state /></li>
                        }).collect_view()}
                    </ul> }.into_any()
                }}
            </section>
        </div>
    }
}

/// Front page: figures, rankings, my things, and the portal's sections as cards.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let home = LocalResource::new(api::home);
    view! {
        <PageHeading title=Key::NavHome summary=Key::HomeSummary />
        <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
            {move || home.get().map(|r| match r {
                Ok(h) => figures(i18n, h).into_any(),
                Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
            })}
        </Transition>
        <section aria-labelledby="home-sections">
            <h2 id="home-sections">{move || i18n.t(Key::HomeSectionsHeading)}</h2>
            <ul class="cards">
                {SECTIONS
                    .iter()
                    .skip(1)
                    .map(|s| {
                        let (title, summary) = (s.title, s.summary);
                        view! {
                            <li class="card">
                                <A href=s.path>
                                    <h3>{move || i18n.t(title)}</h3>
                                </A>
                                <p>{move || i18n.t(summary)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
