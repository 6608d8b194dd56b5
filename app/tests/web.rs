//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner).
//! Native `cargo test` compiles this file to nothing.
#![cfg(target_arch = "wasm32")]

use portal_app::App;
use portal_app::i18n::{Key, Lang, STORAGE_KEY, text};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .expect("window")
        .document()
        .expect("document")
}

/// Mounts the whole app into a fresh element and returns that element.
fn mount_app() -> (web_sys::HtmlElement, impl Drop) {
    let host: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let handle = leptos::mount::mount_to(host.clone(), App);
    (host, handle)
}

async fn tick() {
    // Let effects and microtasks run.
    sleep_ms(10).await;
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("timeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("sleep");
}

fn nav_text(host: &web_sys::HtmlElement) -> String {
    host.query_selector("nav")
        .expect("query")
        .expect("nav present")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn navigation_is_korean_by_default_and_switches_to_english() {
    web_sys::window()
        .expect("window")
        .local_storage()
        .expect("storage")
        .expect("storage")
        .remove_item(STORAGE_KEY)
        .expect("clear");
    let (host, _handle) = mount_app();
    tick().await;

    let nav = nav_text(&host);
    for key in [
        Key::NavHome,
        Key::NavDataMap,
        Key::NavScoring,
        Key::NavDashboards,
    ] {
        assert!(
            nav.contains(text(Lang::Ko, key)),
            "{key:?} missing in {nav}"
        );
    }
    assert!(!nav.contains(text(Lang::En, Key::NavDataMap)));

    let english: web_sys::HtmlElement = host
        .query_selector("button[lang=en]")
        .expect("query")
        .expect("English button")
        .unchecked_into();
    english.click();
    tick().await;

    let nav = nav_text(&host);
    assert!(nav.contains(text(Lang::En, Key::NavDataMap)), "{nav}");
    assert!(!nav.contains(text(Lang::Ko, Key::NavDataMap)), "{nav}");
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let stored = web_sys::window()
        .expect("window")
        .local_storage()
        .expect("storage")
        .expect("storage")
        .get_item(STORAGE_KEY)
        .expect("get");
    // gloo-storage stores JSON values.
    assert_eq!(stored.as_deref(), Some("\"en\""));
    assert_eq!(
        document()
            .document_element()
            .expect("html")
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn health_badge_reports_down_when_the_api_is_absent() {
    // The test runner's server has no /api/health: the badge must not claim the server is fine.
    let (host, _handle) = mount_app();
    let mut status = String::new();
    for _ in 0..100 {
        tick().await;
        status = host
            .query_selector("[role=status]")
            .expect("query")
            .expect("badge")
            .get_attribute("data-status")
            .unwrap_or_default();
        if status != "checking" {
            break;
        }
    }
    assert_eq!(status, "down");
    host.remove();
}
