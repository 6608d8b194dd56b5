//! 데이터 지도 (Data map).

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;
use crate::i18n::{Key, use_i18n};

/// The 데이터 지도 (Data map) page; its features arrive with their issues.
#[component]
pub fn DataMap() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Key::NavDataMap summary=Key::DataMapSummary />
        <p class="notice">{move || i18n.t(Key::InPreparation)}</p>
    }
}
