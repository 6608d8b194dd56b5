//! 분석의뢰 (Analysis requests): the requests the user may see, each with its five-step tracker.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::api::Role;
use portal_core::workflow::AnalysisRequest;

use crate::api;
use crate::components::loaded::loaded;
use crate::components::page_heading::PageHeading;
use crate::components::tracker::Tracker;
use crate::i18n::{Key, use_i18n};
use crate::session::{use_names, use_session};

/// The queues offered to a role: everyone has all and their own; reviewers and admins the review
/// queue, bureau liaisons theirs, analysts the analyses assigned to them.
pub fn queues_for(role: Option<Role>) -> Vec<(&'static str, Key)> {
    let mut q = vec![("all", Key::QueueAll), ("mine", Key::QueueMine)];
    match role {
        Some(Role::Reviewer | Role::Admin) => q.push(("review", Key::QueueReview)),
        Some(Role::Bureau) => q.push(("bureau", Key::QueueBureau)),
        Some(Role::Analyst) => q.push(("assigned", Key::QueueAssigned)),
        None => {}
    }
    q
}

/// The request list.
#[component]
pub fn Requests() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let names = use_names();
    let (queue, set_queue) = signal("all");
    let list = LocalResource::new(move || {
        let q = queue.get();
        async move { api::requests(q).await }
    });
    let queues = move || queues_for(session.me().map(|m| m.role));
    view! {
        <PageHeading title=Key::NavRequests summary=Key::RequestsSummary />
        <p><A href="/requests/new" attr:class="button">{move || i18n.t(Key::ReqNew)}</A></p>
        <div class="queues" role="group" aria-label=move || i18n.t(Key::Queues)>
            {move || queues().into_iter().map(|(q, key)| view! {
                <button type="button" aria-pressed=move || (queue.get() == q).to_string() on:click=move |_| set_queue.set(q)>
                    {move || i18n.t(key)}
                </button>
            }).collect_view()}
        </div>
        {loaded(list, move |items: Vec<AnalysisRequest>| if items.is_empty() {
            view! { <p class="empty">{i18n.t(Key::HomeNoRequests)}</p> }.into_any()
        } else {
            view! {
                <ul class="requests">
                    {items.into_iter().map(|r| {
                        let office = r.office_code.clone();
                        view! {
                        <li class="request-card">
                            <A href=format!("/requests/{}", r.id)>{format!("#{} {}", r.id, r.title)}</A>
                            <span class="muted">{r.applicant.clone()} " · " {move || names.get().office(i18n.lang(), &office)}</span>
                            <Tracker state=r.state />
                        </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_gets_its_queue() {
        let names = |r| {
            queues_for(r)
                .into_iter()
                .map(|(q, _)| q)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Some(Role::Reviewer)), ["all", "mine", "review"]);
        assert_eq!(names(Some(Role::Bureau)), ["all", "mine", "bureau"]);
        assert_eq!(names(Some(Role::Analyst)), ["all", "mine", "assigned"]);
        assert_eq!(names(None), ["all", "mine"]);
    }
}
