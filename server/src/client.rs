//! Serving the client built by Trunk: hashed assets cached forever, `index.html` revalidated on
//! every load, and every unknown non-API path answered with `index.html` so client routes survive
//! a reload.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

/// `Cache-Control` for content-hashed assets: the name changes whenever the bytes do.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` for everything else (index.html, unhashed public files): revalidate each time.
pub const REVALIDATE: &str = "no-cache";

/// A router that serves `dist_dir`, falling back to its `index.html`.
pub fn router<S: Clone + Send + Sync + 'static>(dist_dir: &Path) -> Router<S> {
    let index = ServeFile::new(dist_dir.join("index.html"));
    let files = ServeDir::new(dist_dir)
        .append_index_html_on_directories(true)
        .fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn(api_paths_are_not_client_routes))
}

/// Paths under `/api` that the API router did not take (e.g. `/api/`) get the JSON 404, never
/// the client's index.html.
async fn api_paths_are_not_client_routes(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return crate::routes::route_not_found(req.uri().clone())
            .await
            .into_response();
    }
    next.run(req).await
}

async fn cache_control(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let value = if hashed && !is_html && res.status().is_success() {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// True for file names Trunk content-hashes: `name-<hex>.ext` or `name-<hex>_bg.wasm`, where
/// `<hex>` is 8 to 16 lowercase hex digits.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _ext)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (8..=16).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed_asset("/portal-app-3f2a9c81d0e4b5a6_bg.wasm"));
        assert!(is_hashed_asset("/portal-app-3f2a9c81d0e4b5a6.js"));
        assert!(is_hashed_asset("/main-a1b2c3d4e5f6.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/favicon.svg"));
        assert!(!is_hashed_asset("/data-map"));
        assert!(!is_hashed_asset("/logo-final.png"));
        assert!(!is_hashed_asset("/x-ABCDEF12.js"));
        assert!(!is_hashed_asset("/"));
    }
}
