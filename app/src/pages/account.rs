//! 내 계정 (My account): who is signed in, a new password (checked against the policy before it
//! is sent), and signing out everywhere.

use leptos::prelude::*;
use portal_core::accounts::{MIN_PASSWORD_CHARS, PasswordProblem, password_problem};

use crate::api;
use crate::components::page_heading::PageHeading;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{Key, use_i18n};
use crate::session::{role_key, use_session};

/// The sentence of a password the policy refuses.
pub fn policy_sentence(i18n: crate::i18n::I18n, p: PasswordProblem) -> String {
    match p {
        PasswordProblem::Length => i18n.tf(
            Key::PasswordTooShort,
            &[("min", &MIN_PASSWORD_CHARS.to_string())],
        ),
        PasswordProblem::ContainsUsername => i18n.t(Key::PasswordHasUsername).to_owned(),
        PasswordProblem::Common => i18n.t(Key::PasswordIsCommon).to_owned(),
    }
}

/// The account page.
#[component]
pub fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (current, set_current) = signal(String::new());
    let (new, set_new) = signal(String::new());
    let (again, set_again) = signal(String::new());
    let (local, set_local) = signal(None::<String>);
    let (error, set_error) = signal(None::<Problem>);
    let (done, set_done) = signal(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_done.set(false);
        set_error.set(None);
        let (c, n, a) = (
            current.get_untracked(),
            new.get_untracked(),
            again.get_untracked(),
        );
        let name = session.me().map(|m| m.username).unwrap_or_default();
        if n != a {
            set_local.set(Some(i18n.t(Key::PasswordsDiffer).to_owned()));
            return;
        }
        if let Some(p) = password_problem(&name, &n) {
            set_local.set(Some(policy_sentence(i18n, p)));
            return;
        }
        set_local.set(None);
        leptos::task::spawn_local(async move {
            match api::change_password(&c, &n).await {
                Ok(()) => {
                    set_done.set(true);
                    set_current.set(String::new());
                    set_new.set(String::new());
                    set_again.set(String::new());
                }
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let everywhere = move |_| {
        leptos::task::spawn_local(async move {
            match api::logout_all().await {
                Ok(()) => session.signed_out(),
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let field = move |label: Key,
                      id: &'static str,
                      value: ReadSignal<String>,
                      set: WriteSignal<String>,
                      auto: &'static str| {
        view! {
            <label for=id>{move || i18n.t(label)}</label>
            <input id=id type="password" autocomplete=auto maxlength="256" required
                prop:value=value on:input=move |ev| set.set(event_target_value(&ev)) />
        }
    };
    view! {
        <PageHeading title=Key::AccountTitle summary=Key::AccountSummary />
        {move || session.me().map(|me| view! {
            <dl class="facts account-facts">
                <dt>{move || i18n.t(Key::Username)}</dt><dd>{me.username.clone()}</dd>
                <dt>{move || i18n.t(Key::DisplayName)}</dt><dd>{me.display_name.clone()}</dd>
                <dt>{move || i18n.t(Key::RoleLabel)}</dt><dd>{move || i18n.t(role_key(me.role))}</dd>
                <dt>{move || i18n.t(Key::OfficeLabel)}</dt>
                <dd>{move || if i18n.lang() == crate::i18n::Lang::Ko { me.office_ko.clone() } else { me.office_en.clone() }} {format!(" ({})", me.office_code)}</dd>
            </dl>
        })}
        <section class="card" aria-labelledby="password-h">
            <h2 id="password-h">{move || i18n.t(Key::ChangePassword)}</h2>
            <form class="stacked-form" on:submit=submit>
                {field(Key::CurrentPassword, "current-password", current, set_current, "current-password")}
                {field(Key::NewPassword, "new-password", new, set_new, "new-password")}
                {field(Key::ConfirmPassword, "confirm-password", again, set_again, "new-password")}
                <button type="submit" id="change-password">{move || i18n.t(Key::ChangePassword)}</button>
            </form>
            {move || local.get().map(|m| view! { <p class="error-notice" role="alert">{m}</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice problem=e /> })}
            {move || done.get().then(|| view! { <p role="status">{move || i18n.t(Key::PasswordChangedNotice)}</p> })}
        </section>
        <section class="card" aria-labelledby="everywhere-h">
            <h2 id="everywhere-h">{move || i18n.t(Key::SignOutEverywhere)}</h2>
            <p>{move || i18n.t(Key::SignOutEverywhereHint)}</p>
            <button type="button" class="account-action" id="sign-out-everywhere" on:click=everywhere>{move || i18n.t(Key::SignOutEverywhere)}</button>
        </section>
    }
}
