//! 감사 로그 (Audit log): sign-ins, extracts and downloads, filtered by action and user, newest
//! first, for administrators.

use leptos::prelude::*;
use portal_core::api::{AuditAction, AuditEntry, Role};

use crate::api;
use crate::components::page_heading::PageHeading;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{Key, use_i18n};
use crate::labels::audit_key;
use crate::session::use_session;

/// The audit log page.
#[component]
pub fn Audit() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (action, set_action) = signal(String::new());
    let (user, set_user) = signal(String::new());
    let (entries, set_entries) = signal(Vec::<AuditEntry>::new());
    let (next, set_next) = signal(None::<i64>);
    let (error, set_error) = signal(None::<Problem>);
    let load = move |before: Option<i64>| {
        let (a, u) = (action.get_untracked(), user.get_untracked());
        leptos::task::spawn_local(async move {
            match api::audit(&a, u.trim(), before).await {
                Ok(page) => {
                    set_error.set(None);
                    if before.is_some() {
                        set_entries.update(|e| e.extend(page.entries));
                    } else {
                        set_entries.set(page.entries);
                    }
                    set_next.set(page.next_before);
                }
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let is_admin = move || session.me().is_some_and(|m| m.role == Role::Admin);
    Effect::new(move |_| {
        if is_admin() {
            load(None);
        }
    });
    view! {
        <PageHeading title=Key::AuditTitle summary=Key::AuditSummary />
        <Show when=is_admin fallback=move || view! { <p role="alert">{move || i18n.t(Key::Forbidden)}</p> }>
            <form class="filters" on:submit=move |ev| { ev.prevent_default(); load(None); }>
                <label>
                    {move || i18n.t(Key::AuditAction)}
                    <select on:change=move |ev| set_action.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t(Key::AuditAllActions)}</option>
                        {AuditAction::ALL.iter().map(|&a| view! { <option value=a.as_str()>{move || i18n.t(audit_key(a))}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    {move || i18n.t(Key::AuditUser)}
                    <input maxlength="64" prop:value=user on:input=move |ev| set_user.set(event_target_value(&ev)) />
                </label>
                <button type="submit">{move || i18n.t(Key::AuditApply)}</button>
            </form>
            <Show when=move || error.get().is_some()>
                {move || error.get().map(|e| view! { <ErrorNotice problem=e /> })}
            </Show>
            <div class="table-wrap">
                <table class="data">
                    <caption class="visually-hidden">{move || i18n.t(Key::AuditTitle)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(Key::AuditTime)}</th>
                            <th scope="col">{move || i18n.t(Key::AuditUser)}</th>
                            <th scope="col">{move || i18n.t(Key::AuditAction)}</th>
                            <th scope="col">{move || i18n.t(Key::AuditAddress)}</th>
                            <th scope="col">{move || i18n.t(Key::AuditDetail)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || entries.get() key=|e| e.id let:e>
                            <tr>
                                <td>{e.at.replace('T', " ").trim_end_matches('Z').to_owned()}</td>
                                <td>{e.username.clone().unwrap_or_default()}</td>
                                <td title=e.action.as_str()>{move || i18n.t(audit_key(e.action))}</td>
                                <td>{e.address.clone().unwrap_or_default()}</td>
                                <td class="detail">{short_detail(&e.detail)}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || entries.get().is_empty() && error.get().is_none()>
                <p>{move || i18n.t(Key::AuditEmpty)}</p>
            </Show>
            <Show when=move || next.get().is_some()>
                <button type="button" on:click=move |_| load(next.get_untracked())>{move || i18n.t(Key::AuditMore)}</button>
            </Show>
        </Show>
    }
}

/// The detail JSON on one line, cut at 160 characters.
pub fn short_detail(v: &serde_json::Value) -> String {
    if v.as_object().is_some_and(|o| o.is_empty()) {
        return String::new();
    }
    let s = v.to_string();
    match s.char_indices().nth(160) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::short_detail;
    use serde_json::json;

    #[test]
    fn details_are_shortened_and_empty_objects_hidden() {
        assert_eq!(short_detail(&json!({})), "");
        assert_eq!(short_detail(&json!({"rows": 7})), "{\"rows\":7}");
        let long = short_detail(&json!({"spec": "가".repeat(300)}));
        assert_eq!(long.chars().count(), 161);
        assert!(long.ends_with('…'));
    }
}
