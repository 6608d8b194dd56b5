//! Every extract attempt leaves its trail: a start row before any row is read (no start row, no
//! extract), then one end row with the outcome and the rows actually sent.

use portal_core::api::ErrorCode;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{TestServer, err, send, who};

/// The end rows of `user`'s extracts, waiting up to 10 s for `n` of them.
async fn ends(srv: &TestServer, user: &str, n: usize) -> Vec<Value> {
    let db = srv.db().await;
    let mut rows = Vec::new();
    for _ in 0..200 {
        let found: Vec<(String,)> = portal_server::fetch!(
            &db,
            fetch_all,
            query_as::<_>,
            "SELECT detail FROM audit_log WHERE username = ? AND action IN ('extract', 'download') \
             ORDER BY id",
            user
        )
        .expect("audit");
        rows = found
            .iter()
            .map(|(d,)| serde_json::from_str(d).expect("json"))
            .collect();
        if rows.len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    rows
}

async fn starts(srv: &TestServer, user: &str) -> usize {
    let (n,): (i64,) = portal_server::fetch!(
        &srv.db().await,
        fetch_one,
        query_as::<_>,
        "SELECT COUNT(*) FROM audit_log WHERE username = ? AND action = 'extract_started'",
        user
    )
    .expect("count");
    n as usize
}

fn wide() -> Value {
    json!({"dataset": "import_declaration", "limit": 50_000})
}

#[tokio::test]
async fn a_timeout_before_the_first_row_is_audited() {
    let srv = TestServer::with_data(|o| o.query_timeout_ms = 1).await;
    let me = who(&srv, "reviewer").await;
    let spec = json!({"dataset": "import_declaration", "group_by": ["importer_id", "hs6"],
                      "aggregates": [{"func": "count_distinct", "column": "seller_id"}]});
    let e = err(
        send(&srv, &me, Method::POST, "/api/extract", Some(spec)).await,
        408,
    )
    .await;
    assert_eq!(e.code, ErrorCode::QueryTimeout);
    let end = ends(&srv, "reviewer", 1).await;
    assert_eq!(end[0]["outcome"], "timed_out");
    assert_eq!(end[0]["rows"], 0);
    assert_eq!(starts(&srv, "reviewer").await, 1);
}

#[tokio::test]
async fn a_client_that_goes_away_is_audited_as_cancelled_with_the_rows_sent() {
    let srv = TestServer::with_data(|_| {}).await;
    let me = who(&srv, "reviewer").await;
    let mut res = send(&srv, &me, Method::POST, "/api/extract", Some(wide())).await;
    assert_eq!(res.status(), 200);
    let first = res.chunk().await.expect("chunk").expect("some bytes");
    assert!(!first.is_empty());
    drop(res);
    let end = ends(&srv, "reviewer", 1).await;
    assert_eq!(end[0]["outcome"], "cancelled", "{}", end[0]);
    assert!(end[0]["rows"].as_u64().expect("rows") < 50_000);
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped_and_audited_as_stalled() {
    let srv = TestServer::with_data(|o| o.limits.send_timeout_ms = 300).await;
    let me = who(&srv, "reviewer").await;
    let res = send(&srv, &me, Method::POST, "/api/extract", Some(wide())).await;
    assert_eq!(res.status(), 200);
    // Not read: the socket buffers fill, the server waits 300 ms, then gives up.
    let end = ends(&srv, "reviewer", 1).await;
    assert_eq!(end[0]["outcome"], "stalled", "{end:?}");
    assert!(end[0]["rows"].as_u64().expect("rows") <= 50_000);
    drop(res);
}

#[tokio::test]
async fn no_extract_runs_when_its_audit_row_cannot_be_written() {
    let srv = TestServer::with_data(|_| {}).await;
    let me = who(&srv, "reviewer").await;
    crate::common::refuse_audit_rows(&srv.db().await, "extract_started").await;
    for format in ["arrow", "csv", "parquet", "json"] {
        let res = send(
            &srv,
            &me,
            Method::POST,
            &format!("/api/extract?format={format}"),
            Some(json!({"dataset": "company", "limit": 5})),
        )
        .await;
        let e = err(res, 503).await;
        assert_eq!(e.code, ErrorCode::DataUnavailable, "{format}");
        assert!(e.message.contains("audit"), "{}", e.message);
    }
    assert!(ends(&srv, "reviewer", 0).await.is_empty(), "nothing ran");
}

#[tokio::test]
async fn every_format_ends_with_one_row_of_its_rows() {
    let srv = TestServer::with_data(|_| {}).await;
    let me = who(&srv, "analyst.incheon").await;
    let spec = json!({"dataset": "inspection", "limit": 123});
    for format in ["arrow", "csv", "parquet", "json"] {
        let res = send(
            &srv,
            &me,
            Method::POST,
            &format!("/api/extract?format={format}"),
            Some(spec.clone()),
        )
        .await;
        assert_eq!(res.status(), 200, "{format}");
        res.bytes().await.expect("body");
    }
    let end = ends(&srv, "analyst.incheon", 4).await;
    let formats: Vec<&str> = end.iter().map(|e| e["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["arrow", "csv", "parquet", "json"]);
    for e in &end {
        assert_eq!(e["outcome"], "complete");
        assert_eq!(e["rows"], 123);
    }
    assert_eq!(starts(&srv, "analyst.incheon").await, 4);
}

#[tokio::test]
async fn a_timeout_after_rows_were_sent_cuts_the_answer_and_is_audited_with_them() {
    let srv = TestServer::with_data(|o| o.query_timeout_ms = 400).await;
    let me = who(&srv, "reviewer").await;
    // JSON: an answer larger than the socket buffers and the send queue can hold, so the query
    // still has batches to read when the deadline passes.
    let mut res = send(
        &srv,
        &me,
        Method::POST,
        "/api/extract?format=json",
        Some(wide()),
    )
    .await;
    assert_eq!(res.status(), 200);
    let mut received = res.chunk().await.expect("chunk").expect("some bytes").len();
    // Reading stops past the deadline: the query meets it before its last batch.
    tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
    let cut = loop {
        match res.chunk().await {
            Ok(Some(c)) => received += c.len(),
            Ok(None) => break false,
            Err(_) => break true,
        }
    };
    assert!(
        cut,
        "the answer is cut, not short ({received} bytes arrived)"
    );
    let end = ends(&srv, "reviewer", 1).await;
    assert_eq!(end[0]["outcome"], "timed_out", "{}", end[0]);
    assert_eq!(end[0]["format"], "json");
    let rows = end[0]["rows"].as_u64().expect("rows");
    assert!(rows > 0 && rows < 50_000, "{rows} rows were sent");
}

/// Each change is refused, and leaves nothing behind, when its audit row cannot be written.
#[tokio::test]
async fn no_change_is_made_when_its_audit_row_cannot_be_written() {
    let srv = TestServer::start().await;
    let me = who(&srv, "analyst.incheon").await;
    let admin = who(&srv, "admin").await;
    let request: Value = crate::common::ok_json(
        send(
            &srv,
            &me,
            Method::POST,
            "/api/requests",
            Some(json!({"title": "t", "purpose": "p", "content": "c"})),
        )
        .await,
    )
    .await;
    let id = request["id"].as_i64().expect("id");
    let db = srv.db().await;
    for action in [
        "dashboard_created",
        "user_created",
        "attachment_added",
        "request_comment",
    ] {
        crate::common::refuse_audit_rows(&db, action).await;
    }
    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            let (n,): (i64,) =
                portal_server::fetch!(&db, fetch_one, query_as::<_>, sql).expect("count");
            n
        }
    };
    let before = (
        count("SELECT COUNT(*) FROM dashboards").await,
        count("SELECT COUNT(*) FROM users").await,
        count("SELECT COUNT(*) FROM request_attachments").await,
        count("SELECT COUNT(*) FROM request_comments").await,
    );
    let res = send(
        &srv,
        &me,
        Method::POST,
        "/api/dashboards",
        Some(json!({"title": "d"})),
    )
    .await;
    assert!(
        res.status().is_server_error(),
        "dashboard: {}",
        res.status()
    );
    let res = send(
        &srv,
        &admin,
        Method::POST,
        "/api/users",
        Some(
            json!({"username": "audit.less", "display_name": "A", "role": "analyst",
                    "office_code": "40", "password": "관세청 빅데이터 2026!"}),
        ),
    )
    .await;
    assert!(res.status().is_server_error(), "user: {}", res.status());
    let res = me
        .client
        .post(srv.url(&format!("/api/requests/{id}/attachments")))
        .header("x-csrf-token", &me.csrf)
        .header("x-filename", "a.csv")
        .header("content-type", "text/csv")
        .body("a,b\n1,2\n")
        .send()
        .await
        .expect("send");
    assert!(
        res.status().is_server_error(),
        "attachment: {}",
        res.status()
    );
    let res = send(
        &srv,
        &me,
        Method::POST,
        &format!("/api/requests/{id}/comments"),
        Some(json!({"body": "x"})),
    )
    .await;
    assert!(res.status().is_server_error(), "comment: {}", res.status());
    let after = (
        count("SELECT COUNT(*) FROM dashboards").await,
        count("SELECT COUNT(*) FROM users").await,
        count("SELECT COUNT(*) FROM request_attachments").await,
        count("SELECT COUNT(*) FROM request_comments").await,
    );
    assert_eq!(before, after, "nothing was made");
}
