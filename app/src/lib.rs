//! The portal's browser client: a Leptos CSR app, compiled to WebAssembly with Trunk.
//!
//! [`App`] holds the router; one file per page under [`pages`], shared pieces under
//! [`components`], every visible string in [`i18n`], HTTP in [`api`].

pub mod api;
pub mod arrow;
pub mod catalog_text;
pub mod chart;
pub mod companies;
pub mod components;
pub mod csv_text;
pub mod errors;
pub mod extract_gate;
pub mod files;
pub mod graph_worker;
pub mod i18n;
pub mod labels;
pub mod network;
pub mod network_export;
pub mod network_picture;
pub mod origin;
pub mod pages;
pub mod party_search;
pub mod reasons;
pub mod scored;
pub mod sections;
pub mod session;
pub mod web_worker;
pub mod worker;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::i18n::provide_i18n;
use crate::pages::{
    account::Account, analysis::Analysis, audit::Audit, companies::Companies, company::Company,
    dashboard::DashboardPage, dashboards::Dashboards, data_map::DataMap, dataset::Dataset,
    home::Home, login::Login, network::Network, not_found::NotFound, origin::Origin,
    patterns::Patterns, request_detail::RequestDetail, request_new::RequestNew, requests::Requests,
    scoring::Scoring, users::Users,
};
use crate::session::provide_session;

/// Decodes an Arrow IPC stream into a [`arrow::Frame`] and returns its row count: the client's
/// decoding path, exported (as `window.wasmBindings.decode_arrow_ipc`) for the decode benchmark
/// (`scripts/bench-client.sh`), which compares it with `JSON.parse` of the same rows.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn decode_arrow_ipc(bytes: &[u8]) -> Result<u32, wasm_bindgen::JsValue> {
    arrow::Frame::decode(bytes)
        .map(|f| f.rows as u32)
        .map_err(|e| wasm_bindgen::JsValue::from_str(&e))
}

/// The whole client: language context, header with navigation, routed pages, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let session = provide_session();
    view! {
        <Router>
            <Header />
            <main id="content" class="content">
                <Show when=move || session.checked() && session.me().is_some() fallback=move || view! {
                    <Show when=move || session.checked()><Login /></Show>
                }>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/data-map") view=DataMap />
                    <Route path=path!("/data-map/:name") view=Dataset />
                    <Route path=path!("/analysis") view=Analysis />
                    <Route path=path!("/scoring") view=Scoring />
                    <Route path=path!("/network") view=Network />
                    <Route path=path!("/network/patterns") view=Patterns />
                    <Route path=path!("/origin") view=Origin />
                    <Route path=path!("/companies") view=Companies />
                    <Route path=path!("/companies/:id") view=Company />
                    <Route path=path!("/requests") view=Requests />
                    <Route path=path!("/requests/new") view=RequestNew />
                    <Route path=path!("/requests/:id") view=RequestDetail />
                    <Route path=path!("/dashboards") view=Dashboards />
                    <Route path=path!("/dashboards/:id") view=DashboardPage />
                    <Route path=path!("/audit") view=Audit />
                    <Route path=path!("/account") view=Account />
                    <Route path=path!("/admin/users") view=Users />
                </Routes>
                </Show>
            </main>
            <Footer />
        </Router>
    }
}
