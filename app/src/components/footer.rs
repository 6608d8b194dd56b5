//! Page footer: operator line and the server status badge.

use leptos::prelude::*;

use crate::components::health_badge::HealthBadge;
use crate::i18n::{Key, use_i18n};

/// The footer shown on every page.
#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="footer">
            <span>{move || i18n.t(Key::FooterOperator)}</span>
            <HealthBadge />
        </footer>
    }
}
