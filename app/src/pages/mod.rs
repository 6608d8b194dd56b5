//! One file per page of the client.

use leptos::prelude::*;

pub mod account;
pub mod analysis;
pub mod audit;
pub mod companies;
pub mod company;
pub mod dashboard;
pub mod dashboards;
pub mod data_map;
pub mod dataset;
pub mod home;
pub mod login;
pub mod network;
pub mod not_found;
pub mod origin;
pub mod patterns;
pub mod request_detail;
pub mod request_new;
pub mod requests;
pub mod scoring;
pub mod users;

/// The numeric `:id` of the current route (0 when absent or not a number: the server then
/// answers 404), tracked.
pub fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    }
}
