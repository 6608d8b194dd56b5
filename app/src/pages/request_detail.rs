//! 분석의뢰 상세 (Request detail): tracker, facts, results, history, comments, and only the
//! actions the signed-in user may take.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::workflow::{
    Action, Actor, AnalysisRequest, Parties, TransitionRequest, allowed_actions, is_portal_path,
};

use crate::api::{self, ApiError};
use crate::arrow::group_thousands;
use crate::catalog_text::dataset_label;
use crate::components::tracker::{Tracker, state_key};
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key, use_i18n};
use crate::session::{use_names, use_session};
use portal_core::api::ErrorCode;

fn action_key(a: Action) -> Key {
    match a {
        Action::Approve => Key::ActApprove,
        Action::Reject => Key::ActReject,
        Action::RequestChanges => Key::ActRequestChanges,
        Action::Resubmit => Key::ActResubmit,
        Action::Withdraw => Key::ActWithdraw,
        Action::Confirm => Key::ActConfirm,
        Action::Start => Key::ActStart,
        Action::Complete => Key::ActComplete,
    }
}

/// The request page at `/requests/:id`.
#[component]
pub fn RequestDetail() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::id_param();
    let req = RwSignal::new(None::<Result<AnalysisRequest, Problem>>);
    let reload = move || {
        let id = id();
        leptos::task::spawn_local(async move {
            req.set(Some(api::request(id).await.map_err(Problem::from)));
        });
    };
    Effect::new(move |_| reload());
    view! {
        <p><A href="/requests">{move || i18n.t(Key::NavRequests)}</A></p>
        {move || match req.get() {
            None => view! { <p>{i18n.t(Key::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice problem=e /> }.into_any(),
            Some(Ok(r)) => detail(i18n, r, req).into_any(),
        }}
    }
}

fn detail(
    i18n: I18n,
    r: AnalysisRequest,
    req: RwSignal<Option<Result<AnalysisRequest, Problem>>>,
) -> impl IntoView {
    let session = use_session();
    let names = use_names();
    let state = r.state;
    let actions = session
        .me()
        .map(|me| {
            let parties = Parties {
                applicant: r.applicant.as_str(),
                bureau: r.bureau.as_deref(),
                analyst: r.analyst.as_deref(),
            };
            allowed_actions(
                state,
                Actor {
                    user_id: me.username.as_str(),
                    role: me.role,
                },
                parties,
            )
        })
        .unwrap_or_default();
    let (comment, set_comment) = signal(String::new());
    let (note, set_note) = signal(String::new());
    let (bureau, set_bureau) = signal(String::new());
    let (analyst, set_analyst) = signal(String::new());
    let (result, set_result) = signal(String::new());
    let (message, set_message) = signal(None::<Problem>);
    let (id, version) = (r.id, r.version);
    let run = move |action: Action| {
        let t = TransitionRequest {
            action,
            version,
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            bureau: Some(bureau.get_untracked()).filter(|s| !s.is_empty()),
            analyst: Some(analyst.get_untracked()).filter(|s| !s.is_empty()),
            results: Some(result.get_untracked())
                .filter(|s| !s.is_empty())
                .into_iter()
                .collect(),
        };
        leptos::task::spawn_local(async move {
            match api::transition(id, &t).await {
                Ok(next) => {
                    set_message.set(None);
                    req.set(Some(Ok(next)));
                }
                Err(ApiError::Server { status: 409, body }) if body.code == ErrorCode::Conflict => {
                    set_message.set(Some(Problem::Text(Key::ReqConflict)));
                    req.set(Some(api::request(id).await.map_err(Problem::from)));
                }
                Err(e) => set_message.set(Some(e.into())),
            }
        });
    };
    let post_comment = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = comment.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::comment(id, &body).await {
                Ok(next) => {
                    set_comment.set(String::new());
                    req.set(Some(Ok(next)));
                }
                Err(e) => set_message.set(Some(e.into())),
            }
        });
    };
    let needs_assignment = actions.contains(&Action::Approve);
    let needs_result = actions.contains(&Action::Complete);
    view! {
        <header class="page-heading">
            <h1>{format!("#{} {}", r.id, r.title)}</h1>
            <p class="summary" data-testid="state">{move || i18n.t(state_key(state))}</p>
        </header>
        <Tracker state=state />
        <dl class="facts">
            <dt>{move || i18n.t(Key::ReqApplicant)}</dt><dd>{
                let (applicant, office) = (r.applicant.clone(), r.office_code.clone());
                move || i18n.tf(Key::PersonOfOffice, &[("person", &applicant), ("office", &names.get().office(i18n.lang(), &office))])
            }</dd>
            <dt>{move || i18n.t(Key::ReqPurpose)}</dt><dd>{r.purpose.clone()}</dd>
            <dt>{move || i18n.t(Key::ReqContent)}</dt><dd>{r.content.clone()}</dd>
            <dt>{move || i18n.t(Key::ReqDatasets)}</dt><dd>{
                let datasets = r.datasets.clone();
                move || datasets.iter().map(|d| dataset_label(i18n.lang(), d)).collect::<Vec<_>>().join(", ")
            }</dd>
            <dt>{move || i18n.t(Key::ReqDesiredDate)}</dt><dd>{r.desired_date.clone().unwrap_or_default()}</dd>
            <dt>{move || i18n.t(Key::ReqAssigned)}</dt>
            <dd>{[r.bureau.clone(), r.analyst.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ")}</dd>
        </dl>
        {(!r.results.is_empty()).then(|| view! {
            <section aria-labelledby="results-h">
                <h2 id="results-h">{move || i18n.t(Key::ReqResults)}</h2>
                // Only portal paths become links (links stored before the rule show as text).
                <ul>{r.results.clone().into_iter().map(|l| if is_portal_path(&l) {
                    view! { <li><A href=l.clone()>{l.clone()}</A></li> }.into_any()
                } else {
                    view! { <li>{l}</li> }.into_any()
                }).collect_view()}</ul>
            </section>
        })}
        {(!actions.is_empty()).then(|| view! {
            <section class="actions" aria-labelledby="actions-h">
                <h2 id="actions-h">{move || i18n.t(Key::ReqActions)}</h2>
                <label for="act-note">{move || i18n.t(Key::ReqNote)}</label>
                <input id="act-note" maxlength="10000" prop:value=note on:input=move |ev| set_note.set(event_target_value(&ev)) />
                <Show when=move || needs_assignment>
                    <label for="act-bureau">{move || i18n.t(Key::ReqBureauUser)}</label>
                    <input id="act-bureau" prop:value=bureau on:input=move |ev| set_bureau.set(event_target_value(&ev)) />
                    <label for="act-analyst">{move || i18n.t(Key::ReqAnalystUser)}</label>
                    <input id="act-analyst" prop:value=analyst on:input=move |ev| set_analyst.set(event_target_value(&ev)) />
                </Show>
                <Show when=move || needs_result>
                    <label for="act-result">{move || i18n.t(Key::ReqResultLink)}</label>
                    <input id="act-result" prop:value=result on:input=move |ev| set_result.set(event_target_value(&ev)) />
                </Show>
                <div class="buttons">
                    {actions.clone().into_iter().map(|a| {
                        view! { <button type="button" on:click=move |_| run(a)>{move || i18n.t(action_key(a))}</button> }
                    }).collect_view()}
                </div>
            </section>
        })}
        <Show when=move || message.get().is_some()>
            <div class="form-error">{move || message.get().map(|m| view! { <ErrorNotice problem=m /> })}</div>
        </Show>
        <section aria-labelledby="history-h">
            <h2 id="history-h">{move || i18n.t(Key::ReqHistory)}</h2>
            <ol class="timeline">
                {r.history.iter().map(|h| {
                    let to = state_key(h.to);
                    let line = format!("{} · {}", h.at.replace('T', " ").trim_end_matches('Z'), h.actor);
                    let note = h.note.clone().unwrap_or_default();
                    view! { <li><strong>{move || i18n.t(to)}</strong> " " <span class="muted">{line}</span> " " {note}</li> }
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="attachments-h">
            <h2 id="attachments-h">{move || i18n.t(Key::ReqAttachments)}</h2>
            <ul>
                {r.attachments.iter().map(|a| {
                    let size = group_thousands(&a.size.to_string());
                    let uploader = a.uploader.clone();
                    view! {
                        <li>
                            <a href=format!("/api/requests/{}/attachments/{}", id, a.id) download=a.filename.clone()>{a.filename.clone()}</a>
                            " " <span class="muted">{move || i18n.tf(Key::AttachmentMeta, &[("size", &size), ("uploader", &uploader)])}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label for="attach-file">{move || i18n.t(Key::ReqAttach)}</label>
            <input id="attach-file" type="file" accept=".pdf,.csv,.txt,.png,.jpg,.jpeg,.xlsx,.parquet" on:change=move |ev| {
                let input: web_sys::HtmlInputElement = event_target(&ev);
                let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
                leptos::task::spawn_local(async move {
                    match api::attach(id, &file).await {
                        Ok(next) => req.set(Some(Ok(next))),
                        Err(e) => set_message.set(Some(e.into())),
                    }
                });
            } />
        </section>
        <section aria-labelledby="comments-h">
            <h2 id="comments-h">{move || i18n.t(Key::ReqComments)}</h2>
            <ul class="comments">
                {r.comments.iter().map(|c| view! {
                    <li><strong>{c.author.clone()}</strong> " " <span class="muted">{c.at.replace('T', " ").trim_end_matches('Z').to_owned()}</span><p>{c.body.clone()}</p></li>
                }).collect_view()}
            </ul>
            <form on:submit=post_comment class="comment-form">
                <label for="comment-body">{move || i18n.t(Key::ReqCommentAdd)}</label>
                <textarea id="comment-body" rows="2" maxlength="10000" prop:value=comment on:input=move |ev| set_comment.set(event_target_value(&ev))></textarea>
                <button type="submit">{move || i18n.t(Key::ReqCommentSubmit)}</button>
            </form>
        </section>
    }
}
