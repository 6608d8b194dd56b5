//! 분석의뢰 (Analysis requests): the requests the user may see, each with its five-step tracker.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::page_heading::PageHeading;
use crate::components::tracker::Tracker;
use crate::i18n::{Key, use_i18n};

/// The request list.
#[component]
pub fn Requests() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::requests);
    view! {
        <PageHeading title=Key::NavRequests summary=Key::RequestsSummary />
        <p><A href="/requests/new" attr:class="button">{move || i18n.t(Key::ReqNew)}</A></p>
        <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
            {move || list.get().map(|r| match r {
                Ok(items) if items.is_empty() => view! { <p>{i18n.t(Key::ReqNone)}</p> }.into_any(),
                Ok(items) => view! {
                    <ul class="requests">
                        {items.into_iter().map(|r| view! {
                            <li class="request-card">
                                <A href=format!("/requests/{}", r.id)>{format!("#{} {}", r.id, r.title)}</A>
                                <span class="muted">{r.applicant.clone()} " · " {r.office_code.clone()}</span>
                                <Tracker state=r.state />
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <p role="alert">{i18n.t(Key::LoadFailed)} ": " {e.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}
