//! One router per resource, merged in [`api_router`].

pub mod attachments;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod companies;
pub mod dashboards;
pub mod extract;
pub mod health;
pub mod home;
pub mod models;
pub mod network;
pub mod notifications;
pub mod origin;
pub mod patterns;
pub mod requests;
pub mod shipments;
pub mod users;

use axum::Router;
use axum::http::Uri;

use crate::error::{Error, ErrorCode};
use crate::state::AppState;

/// Every `/api` route, with JSON errors for unknown paths and wrong methods.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(audit::router())
        .merge(requests::router())
        .merge(attachments::router())
        .merge(notifications::router())
        .merge(catalog::router())
        .merge(dashboards::router())
        .merge(home::router())
        .merge(models::router())
        .merge(patterns::router())
        .merge(network::router())
        .merge(shipments::router())
        .merge(origin::router())
        .merge(companies::router())
        .merge(extract::router())
        .merge(users::router())
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// The JSON 404 for any path under `/api` that no route takes.
pub async fn route_not_found(uri: Uri) -> Error {
    Error::client(
        ErrorCode::RouteNotFound,
        format!("No API route at {}.", uri.path()),
    )
}

async fn method_not_allowed() -> Error {
    Error::client(
        ErrorCode::MethodNotAllowed,
        "This API route does not accept that HTTP method.",
    )
}
