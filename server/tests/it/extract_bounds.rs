//! What one user may ask of the server: specs within their size bounds, grouped answers under
//! the row cap, a few extracts at once; everything else is a clear 4xx and nothing breaks.

use portal_core::api::ErrorCode;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{TestServer, err, send, who};

/// The rows of the end row of the last extract of `user`, once written.
async fn last_end(srv: &TestServer, user: &str) -> Value {
    let db = srv.db().await;
    for _ in 0..100 {
        let row: Option<(String,)> = portal_server::fetch!(
            &db,
            fetch_optional,
            query_as::<_>,
            "SELECT detail FROM audit_log WHERE username = ? AND action IN ('extract', 'download') \
             ORDER BY id DESC LIMIT 1",
            user
        )
        .expect("audit");
        if let Some((d,)) = row {
            return serde_json::from_str(&d).expect("json");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no end row for {user}");
}

#[tokio::test]
async fn grouped_answers_stop_at_the_row_cap_and_say_so() {
    let srv = TestServer::with_data(|o| o.row_cap = 1_000).await;
    let me = who(&srv, "reviewer").await;
    let spec = json!({"dataset": "import_declaration", "group_by": ["declaration_id"],
                      "aggregates": [{"func": "count"}]});
    let res = send(&srv, &me, Method::POST, "/api/extract", Some(spec.clone())).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-portal-row-cap"], "1000");
    let bytes = res.bytes().await.expect("body");
    let rows: usize =
        arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
            .expect("ipc")
            .map(|b| b.expect("batch").num_rows())
            .sum();
    assert_eq!(rows, 1_000, "a group per declaration is cut at the cap");
    let end = last_end(&srv, "reviewer").await;
    assert_eq!(end["rows"], 1_000);
    assert_eq!(end["capped"], true);
    let mut over = spec;
    over["limit"] = json!(1_001);
    let e = err(
        send(&srv, &me, Method::POST, "/api/extract", Some(over)).await,
        400,
    )
    .await;
    assert_eq!(e.code, ErrorCode::TooManyRows);
}

#[tokio::test]
async fn specs_over_their_bounds_are_refused_and_audited() {
    let srv = TestServer::with_data(|_| {}).await;
    let me = who(&srv, "analyst.busan").await;
    let filters: Vec<Value> = (0..40)
        .map(|_| json!({"op": "is_null", "column": "hs6"}))
        .collect();
    let cases = [
        (
            json!({"dataset": "import_declaration", "filters": filters, "limit": 1}),
            ErrorCode::SpecTooLarge,
        ),
        (
            json!({"dataset": "import_declaration", "limit": 1, "filters": [
                {"op": "contains", "column": "item_description", "text": "x".repeat(10_000)}]}),
            ErrorCode::SpecTooLarge,
        ),
        (
            json!({"dataset": "import_declaration", "columns": ["hs6", "hs6"], "limit": 1}),
            ErrorCode::InvalidSpec,
        ),
        (
            json!({"dataset": "import_declaration", "group_by": ["hs6", "hs6"],
                   "aggregates": [{"func": "count"}]}),
            ErrorCode::InvalidSpec,
        ),
    ];
    for (spec, code) in cases {
        let e = err(
            send(&srv, &me, Method::POST, "/api/extract", Some(spec)).await,
            400,
        )
        .await;
        assert_eq!(e.code, code, "{}", e.message);
    }
    let res = me
        .client
        .post(srv.url("/api/extract"))
        .header("x-csrf-token", &me.csrf)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("send");
    assert_eq!(err(res, 400).await.code, ErrorCode::InvalidJson);
    let db = srv.db().await;
    let codes: Vec<(String,)> = portal_server::fetch!(
        &db,
        fetch_all,
        query_as::<_>,
        &format!(
            "SELECT {} FROM audit_log \
         WHERE username = 'analyst.busan' AND action = 'extract_refused' ORDER BY id",
            db.json_text("detail", &["code"])
        )
    )
    .expect("audit");
    let codes: Vec<&str> = codes.iter().map(|(c,)| c.as_str()).collect();
    assert_eq!(
        codes,
        [
            "spec_too_large",
            "spec_too_large",
            "invalid_spec",
            "invalid_spec",
            "invalid_json"
        ]
    );
}

#[tokio::test]
async fn a_user_over_the_cap_gets_busy_with_retry_after() {
    let srv = TestServer::with_data(|o| {
        o.limits.max_extracts_per_user = 1;
        o.limits.send_timeout_ms = 60_000;
    })
    .await;
    let me = who(&srv, "reviewer").await;
    let big = json!({"dataset": "import_declaration", "limit": 50_000});
    // The first extract is opened and not read: it holds its slot.
    let held = send(&srv, &me, Method::POST, "/api/extract", Some(big.clone())).await;
    assert_eq!(held.status(), 200);
    let res = send(&srv, &me, Method::POST, "/api/extract", Some(big.clone())).await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "2");
    assert_eq!(
        res.json::<portal_core::api::ErrorBody>()
            .await
            .expect("json")
            .code,
        ErrorCode::Busy
    );
    // Another user is not blocked by it.
    let other = who(&srv, "bureau").await;
    let res = send(
        &srv,
        &other,
        Method::POST,
        "/api/extract",
        Some(json!({"dataset": "company", "limit": 1})),
    )
    .await;
    assert_eq!(res.status(), 200);
    res.bytes().await.expect("body");
    // Once the first is read to its end, the slot is free again.
    held.bytes().await.expect("body");
    let _ = last_end(&srv, "reviewer").await;
    let res = send(
        &srv,
        &me,
        Method::POST,
        "/api/extract",
        Some(json!({"dataset": "company", "limit": 1})),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_cap_over_all_users_refuses_with_busy_and_the_refusal_is_audited() {
    let srv = TestServer::with_data(|o| {
        o.limits.max_extracts = 1;
        o.limits.send_timeout_ms = 60_000;
    })
    .await;
    let first = who(&srv, "reviewer").await;
    let second = who(&srv, "bureau").await;
    let big = json!({"dataset": "import_declaration", "limit": 50_000});
    let held = send(&srv, &first, Method::POST, "/api/extract", Some(big)).await;
    assert_eq!(held.status(), 200);
    // Another user, under their own cap, meets the cap of the whole server.
    let res = send(
        &srv,
        &second,
        Method::POST,
        "/api/extract",
        Some(json!({"dataset": "company", "limit": 1})),
    )
    .await;
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "2");
    assert_eq!(err(res, 429).await.code, ErrorCode::Busy);
    let db = srv.db().await;
    let (code,): (String,) = portal_server::fetch!(
        &db,
        fetch_one,
        query_as::<_>,
        &format!(
            "SELECT {} FROM audit_log \
         WHERE username = 'bureau' AND action = 'extract_refused' ORDER BY id DESC LIMIT 1",
            db.json_text("detail", &["code"])
        )
    )
    .expect("a refusal row");
    assert_eq!(code, "busy");
    held.bytes().await.expect("body");
}
