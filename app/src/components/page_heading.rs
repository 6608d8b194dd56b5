//! The heading block at the top of a section page.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

/// `<h1>` with the section title and a one-sentence summary under it.
#[component]
pub fn PageHeading(
    /// Title key.
    title: Key,
    /// Summary key.
    summary: Key,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="page-heading">
            <h1>{move || i18n.t(title)}</h1>
            <p class="summary">{move || i18n.t(summary)}</p>
        </header>
    }
}
