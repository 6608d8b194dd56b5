//! AI 위험 분석 (Risk scoring).

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;
use crate::i18n::{Key, use_i18n};

/// The AI 위험 분석 (Risk scoring) page; its features arrive with their issues.
#[component]
pub fn Scoring() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Key::NavScoring summary=Key::ScoringSummary />
        <p class="notice">{move || i18n.t(Key::InPreparation)}</p>
    }
}
