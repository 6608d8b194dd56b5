use portal_core::api::ErrorBody;
use portal_core::api::ErrorCode;

use crate::common::TestServer;

async fn error_of(res: reqwest::Response) -> (u16, ErrorBody) {
    let status = res.status().as_u16();
    let ct = res.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(ct.starts_with("application/json"), "content-type {ct}");
    (status, res.json().await.expect("error body"))
}

#[tokio::test]
async fn unknown_api_paths_get_json_404() {
    let srv = TestServer::start().await;
    for path in ["/api/x", "/api/", "/api/health/extra", "/api/catalog/../x"] {
        let res = srv.http.get(srv.url(path)).send().await.expect("send");
        let (status, body) = error_of(res).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body.code, ErrorCode::RouteNotFound, "{path}");
        assert!(!body.message.is_empty());
    }
}

#[tokio::test]
async fn wrong_method_gets_json_405() {
    let srv = TestServer::start().await;
    let res = srv
        .http
        .post(srv.url("/api/health"))
        .body("{}")
        .send()
        .await
        .expect("send");
    let (status, body) = error_of(res).await;
    assert_eq!(status, 405);
    assert_eq!(body.code, ErrorCode::MethodNotAllowed);
}

#[tokio::test]
async fn unparsable_path_ids_get_json_400() {
    let srv = TestServer::start().await;
    for path in [
        "/api/requests/abc",
        "/api/dashboards/1.5",
        "/api/requests/1/attachments/x",
        "/api/dashboards/99999999999999999999",
    ] {
        let res = srv.http.get(srv.url(path)).send().await.expect("send");
        let (status, body) = error_of(res).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body.code, ErrorCode::BadRequest, "{path}");
    }
}

#[tokio::test]
async fn model_files_need_a_session_and_revalidate() {
    let srv = TestServer::start().await;
    let anon = crate::common::plain_client();
    let res = anon
        .get(srv.url("/api/models/fraud/model.json"))
        .send()
        .await
        .expect("send");
    let (status, body) = error_of(res).await;
    assert_eq!((status, body.code.as_str()), (401, "unauthenticated"));
    let res = srv
        .http
        .get(srv.url("/api/models/fraud/model.json"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-cache");
    let etag = res.headers()["etag"].clone();
    let card: serde_json::Value = res.json().await.expect("card");
    assert_eq!(card["name"], "fraud");
    let res = srv
        .http
        .get(srv.url("/api/models/fraud/model.json"))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 304, "downloaded once, then only revalidated");
    // Every model's files are served, only those.
    for (model, file) in [
        ("fraud", "encoder.json"),
        ("hs", "tables.json"),
        ("price", "model.onnx"),
        ("price", "tables.json"),
        ("high-risk", "model.onnx"),
        ("high-risk", "tables.json"),
    ] {
        let path = format!("/api/models/{model}/{file}");
        let res = srv.http.get(srv.url(&path)).send().await.expect("send");
        assert_eq!(res.status(), 200, "{path}");
    }
    let card: serde_json::Value = srv
        .http
        .get(srv.url("/api/models/price/model.json"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("card");
    assert_eq!(card["name"], "price");
    for path in [
        "/api/models/fraud/secret.txt",
        "/api/models/../Cargo.toml",
        "/api/models/price/train.py",
        "/api/models/forecast/model.onnx",
    ] {
        let res = srv.http.get(srv.url(path)).send().await.expect("send");
        assert_eq!(res.status(), 404, "{path}");
    }
}
