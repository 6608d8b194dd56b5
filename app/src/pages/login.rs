//! 로그인 (Sign in): shown instead of any page while nobody is signed in.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// The sign-in form.
#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (username, set_username) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let (error, set_error) = signal(None::<Problem>);
    let (busy, set_busy) = signal(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (u, p) = (username.get_untracked(), password.get_untracked());
        if u.trim().is_empty() || p.is_empty() {
            set_error.set(Some(Problem::Text(Key::LoginRequired)));
            return;
        }
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match api::login(u.trim(), &p).await {
                Ok(me) => {
                    set_error.set(None);
                    session.signed_in(me);
                }
                Err(ApiError::Server { status: 429, .. }) => {
                    set_error.set(Some(Problem::Text(Key::LoginThrottled)))
                }
                Err(ApiError::Server { status: 401, .. }) => {
                    set_error.set(Some(Problem::Text(Key::LoginFailed)))
                }
                Err(e) => set_error.set(Some(e.into())),
            }
            set_busy.set(false);
        });
    };
    view! {
        <section class="login" aria-labelledby="login-h">
            <h1 id="login-h">{move || i18n.t(Key::LoginTitle)}</h1>
            <p>{move || i18n.t(Key::LoginIntro)}</p>
            <form on:submit=submit novalidate>
                <label for="login-user">{move || i18n.t(Key::Username)}</label>
                <input
                    id="login-user"
                    name="username"
                    autocomplete="username"
                    maxlength="256"
                    prop:value=username
                    on:input=move |ev| set_username.set(event_target_value(&ev))
                />
                <label for="login-password">{move || i18n.t(Key::Password)}</label>
                <input
                    id="login-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    maxlength="256"
                    prop:value=password
                    on:input=move |ev| set_password.set(event_target_value(&ev))
                />
                <Show when=move || error.get().is_some()>
                    <div class="form-error">{move || error.get().map(|e| view! { <ErrorNotice problem=e /> })}</div>
                </Show>
                <button type="submit" disabled=busy>{move || i18n.t(Key::SignIn)}</button>
            </form>
        </section>
    }
}
