//! Server status badge: reads `/api/health` on load and every 30 seconds.

use std::time::Duration;

use leptos::prelude::*;

use crate::api;
use crate::i18n::{Key, use_i18n};

portal_core::string_enum! {
    /// What the badge shows; the string is the badge's `data-status` (styled green, grey or red).
    pub enum BadgeState {
        /// No answer yet.
        Checking = "checking",
        /// The server answered and is healthy.
        Ok = "ok",
        /// No answer, an error, or an unhealthy report.
        Down = "down",
    }
}

impl BadgeState {
    /// The label key for this state.
    pub fn label(self) -> Key {
        match self {
            BadgeState::Checking => Key::HealthChecking,
            BadgeState::Ok => Key::HealthOk,
            BadgeState::Down => Key::HealthDown,
        }
    }
}

/// Live server status, announced politely to screen readers.
#[component]
pub fn HealthBadge() -> impl IntoView {
    let i18n = use_i18n();
    let health = LocalResource::new(api::health);
    let handle = set_interval_with_handle(move || health.refetch(), Duration::from_secs(30)).ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    let state = move || match health.get() {
        None => BadgeState::Checking,
        Some(Ok(h)) if h.is_healthy() => BadgeState::Ok,
        Some(_) => BadgeState::Down,
    };
    view! {
        <span class="health-badge" role="status" data-status=move || state().as_str()>
            <span class="visually-hidden">{move || i18n.t(Key::HealthLabel)} ": "</span>
            <span class="dot" aria-hidden="true"></span>
            {move || i18n.t(state().label())}
        </span>
    }
}
