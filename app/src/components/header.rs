//! The top bar: product name, the main navigation and the language switch.

use leptos::prelude::*;
use leptos_router::components::A;

use portal_core::api::Role;

use crate::components::bell::Bell;
use crate::components::lang_switch::LangSwitch;
use crate::i18n::{Key, use_i18n};
use crate::sections::SECTIONS;
use crate::session::{role_key, use_session};

/// Header with the skip link, the portal name and one link per section.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <a class="skip-link" href="#content">{move || i18n.t(Key::SkipToContent)}</a>
        <header class="topbar">
            <div class="brand">
                <A href="/" attr:class="brand-name">{move || i18n.t(Key::AppTitle)}</A>
                <span class="brand-tagline">{move || i18n.t(Key::AppTagline)}</span>
            </div>
            <nav class="main-nav" aria-label=move || i18n.t(Key::NavLabel)>
                <ul>
                    {SECTIONS
                        .iter()
                        .map(|s| {
                            let title = s.title;
                            view! {
                                <li>
                                    <A href=s.path exact=true>{move || i18n.t(title)}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <LangSwitch />
            {move || session.me().map(|me| {
                let role = role_key(me.role);
                let title = me.display_name.clone();
                view! {
                    <div class="user">
                        <Bell />
                        <A href="/account" attr:class="user-name" attr:title=title>{me.display_name}</A>
                        <span class="user-role">{move || i18n.t(role)}</span>
                        {(me.role == Role::Admin).then(|| view! {
                            <A href="/admin/users" attr:class="user-link">{move || i18n.t(Key::UsersTitle)}</A>
                            <A href="/audit" attr:class="user-link">{move || i18n.t(Key::AuditTitle)}</A>
                        })}
                        <button type="button" on:click=move |_| session.sign_out()>
                            {move || i18n.t(Key::SignOut)}
                        </button>
                    </div>
                }
            })}
        </header>
    }
}
