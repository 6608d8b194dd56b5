use crate::common::{HASHED_WASM, INDEX_BODY, TestServer};

#[tokio::test]
async fn index_is_served_and_never_cached_stale() {
    let srv = TestServer::start().await;
    let res = srv.http.get(srv.url("/")).send().await.expect("send");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/html")
    );
    assert_eq!(res.text().await.expect("text"), INDEX_BODY);
}

#[tokio::test]
async fn client_routes_fall_back_to_index() {
    let srv = TestServer::start().await;
    for path in ["/data-map", "/requests/42", "/no/such/page"] {
        let res = srv.http.get(srv.url(path)).send().await.expect("send");
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(res.text().await.expect("text"), INDEX_BODY, "{path}");
    }
}

#[tokio::test]
async fn hashed_wasm_is_immutable_compressed_and_typed() {
    let srv = TestServer::start().await;
    let res = srv
        .http
        .get(srv.url(&format!("/{HASHED_WASM}")))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h["content-type"], "application/wasm");
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(h["content-encoding"], "gzip");
    let body = res.bytes().await.expect("bytes");
    assert!(
        body.len() < 64 * 1024,
        "gzip should shrink zeros: {}",
        body.len()
    );
}

#[tokio::test]
async fn unhashed_public_files_revalidate() {
    let srv = TestServer::start().await;
    let res = srv
        .http
        .get(srv.url("/favicon.svg"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let srv = TestServer::start().await;
    for path in [
        "/",
        "/data-map",
        &format!("/{HASHED_WASM}"),
        "/api/health",
        "/api/nope",
    ] {
        let res = srv.http.get(srv.url(path)).send().await.expect("send");
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        let csp = h["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
    }
}
