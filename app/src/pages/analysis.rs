//! 셀프 분석 (Self-service analysis).

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;
use crate::i18n::{Key, use_i18n};

/// The 셀프 분석 (Self-service analysis) page; its features arrive with their issues.
#[component]
pub fn Analysis() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Key::NavAnalysis summary=Key::AnalysisSummary />
        <p class="notice">{move || i18n.t(Key::InPreparation)}</p>
    }
}
