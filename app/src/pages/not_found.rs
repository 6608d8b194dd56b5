//! The page for client routes that do not exist.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Key, use_i18n};

/// "Page not found", with a link home.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="not-found">
            <h1>{move || i18n.t(Key::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Key::NotFoundBody)}</p>
            <A href="/">{move || i18n.t(Key::NotFoundHome)}</A>
        </section>
    }
}
