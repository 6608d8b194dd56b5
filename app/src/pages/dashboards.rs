//! 내 대시보드 (My dashboards).

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;
use crate::i18n::{Key, use_i18n};

/// The 내 대시보드 (My dashboards) page; its features arrive with their issues.
#[component]
pub fn Dashboards() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Key::NavDashboards summary=Key::DashboardsSummary />
        <p class="notice">{move || i18n.t(Key::InPreparation)}</p>
    }
}
