//! 분석의뢰 신청 (New request): title, purpose, content, datasets from the catalog, desired date.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use portal_core::datasets::DATASETS;
use portal_core::workflow::{MAX_TEXT, MAX_TITLE, NewRequest};

use crate::api;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{Key, Lang, use_i18n};

/// Why a new request cannot be sent yet, if it cannot.
pub fn validate(req: &NewRequest) -> Option<Key> {
    let len = |s: &str| s.trim().chars().count();
    if len(&req.title) == 0 || len(&req.purpose) == 0 || len(&req.content) == 0 {
        return Some(Key::ReqRequired);
    }
    if len(&req.title) > MAX_TITLE || len(&req.purpose) > MAX_TEXT || len(&req.content) > MAX_TEXT {
        return Some(Key::ReqTooLong);
    }
    None
}

/// The new-request form.
#[component]
pub fn RequestNew() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let (title, set_title) = signal(String::new());
    let (purpose, set_purpose) = signal(String::new());
    let (content, set_content) = signal(String::new());
    let (date, set_date) = signal(String::new());
    let picked = RwSignal::new(Vec::<String>::new());
    let (error, set_error) = signal(None::<Problem>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = NewRequest {
            title: title.get_untracked(),
            purpose: purpose.get_untracked(),
            content: content.get_untracked(),
            datasets: picked.get_untracked(),
            desired_date: Some(date.get_untracked()).filter(|d| !d.is_empty()),
        };
        if let Some(k) = validate(&req) {
            set_error.set(Some(Problem::Text(k)));
            return;
        }
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::create_request(&req).await {
                Ok(r) => navigate(&format!("/requests/{}", r.id), Default::default()),
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    view! {
        <header class="page-heading"><h1>{move || i18n.t(Key::ReqNewTitle)}</h1></header>
        <form class="request-form" on:submit=submit novalidate>
            <label for="req-title">{move || i18n.t(Key::ReqTitle)}</label>
            <input id="req-title" maxlength="200" prop:value=title on:input=move |ev| set_title.set(event_target_value(&ev)) />
            <label for="req-purpose">{move || i18n.t(Key::ReqPurpose)}</label>
            <textarea id="req-purpose" rows="3" prop:value=purpose on:input=move |ev| set_purpose.set(event_target_value(&ev))></textarea>
            <label for="req-content">{move || i18n.t(Key::ReqContent)}</label>
            <textarea id="req-content" rows="5" prop:value=content on:input=move |ev| set_content.set(event_target_value(&ev))></textarea>
            <fieldset>
                <legend>{move || i18n.t(Key::ReqDatasets)}</legend>
                {DATASETS.iter().map(|d| {
                    let name = d.name;
                    view! {
                        <label class="check">
                            <input type="checkbox" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                picked.update(|p| if on { p.push(name.to_owned()) } else { p.retain(|x| x != name) });
                            } />
                            {move || match i18n.lang() { Lang::Ko => d.ko_name, Lang::En => d.en_name }}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label for="req-date">{move || i18n.t(Key::ReqDesiredDate)}</label>
            <input id="req-date" type="date" prop:value=date on:input=move |ev| set_date.set(event_target_value(&ev)) />
            <Show when=move || error.get().is_some()>
                <div class="form-error">{move || error.get().map(|e| view! { <ErrorNotice problem=e /> })}</div>
            </Show>
            <button type="submit">{move || i18n.t(Key::ReqSubmit)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(title: &str, purpose: &str, content: &str) -> NewRequest {
        NewRequest {
            title: title.into(),
            purpose: purpose.into(),
            content: content.into(),
            datasets: vec![],
            desired_date: None,
        }
    }

    #[test]
    fn validation_names_the_problem() {
        assert_eq!(validate(&req("t", "p", "c")), None);
        assert_eq!(validate(&req(" ", "p", "c")), Some(Key::ReqRequired));
        assert_eq!(validate(&req("t", "", "c")), Some(Key::ReqRequired));
        assert_eq!(
            validate(&req(&"가".repeat(201), "p", "c")),
            Some(Key::ReqTooLong)
        );
        assert_eq!(validate(&req(&"가".repeat(200), "p", "c")), None);
    }
}
