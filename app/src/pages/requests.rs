//! 분석의뢰 (Analysis requests).

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;
use crate::i18n::{Key, use_i18n};

/// The 분석의뢰 (Analysis requests) page; its features arrive with their issues.
#[component]
pub fn Requests() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Key::NavRequests summary=Key::RequestsSummary />
        <p class="notice">{move || i18n.t(Key::InPreparation)}</p>
    }
}
