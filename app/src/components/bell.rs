//! The notification bell: unread count of request notifications, polled every 30 s; opening the
//! request list marks them read.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::i18n::{Key, use_i18n};

/// Link to the requests with the unread count.
#[component]
pub fn Bell() -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(api::notifications);
    let handle = set_interval_with_handle(move || data.refetch(), Duration::from_secs(30)).ok();
    on_cleanup(move || {
        if let Some(h) = handle {
            h.clear();
        }
    });
    let unread = move || data.get().and_then(Result::ok).map_or(0, |n| n.unread);
    let open = move |_| {
        leptos::task::spawn_local(async move {
            if api::mark_notifications_read().await.is_ok() {
                data.refetch();
            }
        });
    };
    view! {
        <A href="/requests" attr:class="bell" on:click=open
           attr:aria-label=move || i18n.tf(Key::NotificationsUnread, &[("n", &unread().to_string())])>
            <svg class="bell-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" fill="currentColor" />
            </svg>
            <span class="count" data-unread=move || unread().to_string()>{unread}</span>
        </A>
    }
}
