use portal_core::api::ErrorCode;
use std::time::Instant;

use arrow_array::RecordBatch;
use arrow_cast::pretty::pretty_format_batches;
use http_body_util::BodyExt;
use portal_core::api::ErrorBody;
use serde_json::{Value, json};

use crate::common::TestServer;

fn decode(bytes: &[u8]) -> Vec<RecordBatch> {
    arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
        .expect("IPC stream")
        .collect::<Result<Vec<_>, _>>()
        .expect("batches")
}

async fn post(srv: &TestServer, spec: Value, format: &str) -> reqwest::Response {
    post_as(srv, &srv.http, &srv.csrf, spec, format).await
}

async fn post_as(
    srv: &TestServer,
    client: &reqwest::Client,
    csrf: &str,
    spec: Value,
    format: &str,
) -> reqwest::Response {
    client
        .post(srv.url(&format!("/api/extract?format={format}")))
        .header("x-csrf-token", csrf)
        .json(&spec)
        .send()
        .await
        .expect("send")
}

async fn arrow(srv: &TestServer, spec: Value) -> Vec<RecordBatch> {
    let res = post(srv, spec, "arrow").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.apache.arrow.stream"
    );
    decode(&res.bytes().await.expect("body"))
}

#[tokio::test]
async fn grouped_extract_snapshot_office_by_transport_mode() {
    let srv = TestServer::with_data(|_| {}).await;
    let batches = arrow(
        &srv,
        json!({
            "dataset": "import_declaration",
            "filters": [{"op": "in", "column": "office_id", "values": ["20", "30", "40"]}],
            "group_by": ["transport_mode", "office_id"],
            "aggregates": [
                {"func": "count"},
                {"func": "sum", "column": "fraud"},
                {"func": "count_distinct", "column": "importer_id"}
            ],
            "order_by": [{"column": "transport_mode"}, {"column": "office_id"}]
        }),
    )
    .await;
    insta::assert_snapshot!(pretty_format_batches(&batches).expect("pretty").to_string());
}

#[tokio::test]
async fn top_hs_by_value_and_percentiles_snapshot() {
    let srv = TestServer::with_data(|_| {}).await;
    let batches = arrow(
        &srv,
        json!({
            "dataset": "import_declaration",
            "filters": [
                {"op": "eq", "column": "source", "value": "generated"},
                {"op": "range", "column": "declaration_date", "min": "2020-03-01", "max": "2020-05-31"}
            ],
            "group_by": ["hs6"],
            "aggregates": [
                {"func": "sum", "column": "item_price", "alias": "value"},
                {"func": "count"}
            ],
            "order_by": [{"column": "value", "descending": true}, {"column": "hs6"}],
            "limit": 5
        }),
    )
    .await;
    insta::assert_snapshot!(pretty_format_batches(&batches).expect("pretty").to_string());
}

#[tokio::test]
async fn ungrouped_extract_with_contains_and_null_filters() {
    let srv = TestServer::with_data(|_| {}).await;
    let batches = arrow(
        &srv,
        json!({
            "dataset": "import_declaration",
            "columns": ["declaration_id", "item_description", "seller_id"],
            "filters": [
                {"op": "contains", "column": "item_description", "text": "MODEL"},
                {"op": "is_null", "column": "seller_id"}
            ],
            "order_by": [{"column": "declaration_id"}],
            "limit": 50
        }),
    )
    .await;
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(rows, 50);
    let b = &batches[0];
    assert_eq!(b.num_columns(), 3);
    let desc = b
        .column(1)
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .expect("text");
    assert!(
        desc.iter()
            .all(|d| d.expect("desc").to_uppercase().contains("MODEL"))
    );
    assert_eq!(b.column(2).null_count(), b.num_rows());
}

#[tokio::test]
async fn planted_patterns_are_in_the_data() {
    let srv = TestServer::with_data(|_| {}).await;
    let batches = arrow(
        &srv,
        json!({
            "dataset": "import_declaration",
            "filters": [{"op": "is_null", "column": "risk_pattern", "negate": true}],
            "group_by": ["risk_pattern"],
            "aggregates": [{"func": "count"}, {"func": "avg", "column": "fraud"}],
            "order_by": [{"column": "risk_pattern"}]
        }),
    )
    .await;
    let text = pretty_format_batches(&batches).expect("pretty").to_string();
    for p in [
        "undervaluation",
        "misclassification",
        "origin_disguise",
        "fta_invalid_origin",
        "supply_chain_ring",
        "repeat_offender",
    ] {
        assert!(text.contains(p), "{p} missing:\n{text}");
    }
}

#[tokio::test]
async fn stream_arrives_batch_by_batch_with_trailers() {
    let srv = TestServer::with_data(|_| {}).await;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<bytes::Bytes>>();
    let spec = json!({"dataset": "import_declaration", "limit": 50000});
    let req = axum::http::Request::post(srv.url("/api/extract"))
        .header("content-type", "application/json")
        .header("cookie", &srv.cookie)
        .header("x-csrf-token", &srv.csrf)
        .header("te", "trailers")
        .body(http_body_util::Full::new(bytes::Bytes::from(
            spec.to_string(),
        )))
        .expect("request");
    let started = Instant::now();
    let res = client.request(req).await.expect("response");
    assert_eq!(res.status(), 200);
    let mut body = res.into_body();
    let (mut data_frames, mut bytes, mut first_at, mut trailers) = (0, Vec::new(), None, None);
    while let Some(frame) = body.frame().await {
        let frame = frame.expect("frame");
        if let Some(d) = frame.data_ref() {
            if !d.is_empty() {
                data_frames += 1;
                first_at.get_or_insert(started.elapsed());
            }
            bytes.extend_from_slice(d);
        } else if let Ok(t) = frame.into_trailers() {
            trailers = Some(t);
        }
    }
    let total = started.elapsed();
    let rows: usize = decode(&bytes).iter().map(RecordBatch::num_rows).sum();
    assert_eq!(rows, 50_000);
    assert!(
        data_frames > 3,
        "expected several batches, got {data_frames}"
    );
    let first_at = first_at.expect("data");
    assert!(
        first_at < total,
        "first batch at {first_at:?}, total {total:?}"
    );
    let trailers = trailers.expect("trailers");
    assert_eq!(trailers["x-portal-row-count"], "50000");
    assert!(trailers.contains_key("x-portal-elapsed-ms"));
}

#[tokio::test]
async fn row_cap_and_timeout_give_clear_4xx() {
    let srv = TestServer::with_data(|o| o.row_cap = 100).await;
    let res = post(&srv, json!({"dataset": "company", "limit": 101}), "arrow").await;
    assert_eq!(res.status(), 400);
    let body: ErrorBody = res.json().await.expect("json");
    assert_eq!(body.code, ErrorCode::TooManyRows);
    assert!(body.message.contains("100"), "{}", body.message);

    let slow = TestServer::with_data(|o| o.query_timeout_ms = 1).await;
    let res = post(
        &slow,
        json!({"dataset": "import_declaration", "group_by": ["importer_id", "hs6"],
               "aggregates": [{"func": "percentile", "p": 0.5, "column": "item_price"}]}),
        "arrow",
    )
    .await;
    assert_eq!(res.status(), 408);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::QueryTimeout
    );
}

#[tokio::test]
async fn bad_specs_get_json_errors_with_the_right_status() {
    let srv = TestServer::with_data(|_| {}).await;
    let cases = [
        (
            json!({"dataset": "nope", "limit": 1}),
            404,
            "unknown_dataset",
        ),
        (
            json!({"dataset": "company", "columns": ["zzz"], "limit": 1}),
            400,
            "unknown_column",
        ),
        (
            json!({"dataset": "import_declaration", "filters": [{"op": "eq", "column": "net_mass", "value": "x"}], "limit": 1}),
            400,
            "type_mismatch",
        ),
        (
            json!({"dataset": "import_declaration", "columns": ["hs6"], "group_by": ["hs6"]}),
            400,
            "invalid_spec",
        ),
        (
            json!({"dataset": "import_declaration"}),
            400,
            "too_many_rows",
        ),
        (json!({"datasett": "company"}), 400, "invalid_json"),
        (json!([1, 2]), 400, "invalid_json"),
    ];
    for (spec, status, code) in cases {
        let res = post(&srv, spec.clone(), "arrow").await;
        assert_eq!(res.status(), status, "{spec}");
        let body: ErrorBody = res.json().await.expect("json");
        assert_eq!(body.code.as_str(), code, "{spec}");
    }
    let res = srv
        .http
        .post(srv.url("/api/extract"))
        .header("content-type", "application/json")
        .header("x-csrf-token", &srv.csrf)
        .body("{not json")
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::InvalidJson
    );
    let res = post(&srv, json!({"dataset": "company", "limit": 1}), "xlsx").await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::BadRequest
    );
}

#[tokio::test]
async fn extracts_without_data_say_so() {
    let srv = TestServer::start().await;
    let res = post(&srv, json!({"dataset": "company", "limit": 1}), "arrow").await;
    assert_eq!(res.status(), 503);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::DataUnavailable
    );
}

#[tokio::test]
async fn csv_json_and_parquet_downloads_of_the_same_spec() {
    let srv = TestServer::with_data(|_| {}).await;
    let spec = json!({
        "dataset": "company",
        "columns": ["company_id", "role", "name", "region"],
        "filters": [{"op": "eq", "column": "role", "value": "importer"}],
        "order_by": [{"column": "company_id"}],
        "limit": 3
    });
    let res = post(&srv, spec.clone(), "csv").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("company.csv")
    );
    let text = res.text().await.expect("text");
    assert!(text.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    let lines: Vec<_> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "company_id,role,name,region");
    assert_eq!(lines.len(), 4);
    assert!(lines[1].starts_with("I0000000,importer,"), "{}", lines[1]);

    let res = post(&srv, spec.clone(), "json").await;
    assert_eq!(res.status(), 200);
    let rows: Vec<Value> = res.json().await.expect("json rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["role"], "importer");
    let first_csv: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(rows[0]["company_id"], first_csv[0], "same rows as the CSV");

    let res = post(&srv, spec, "parquet").await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.expect("bytes");
    assert_eq!(&bytes[..4], b"PAR1");
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(bytes)
        .expect("parquet")
        .build()
        .expect("reader");
    let rows: usize = reader.map(|b| b.expect("batch").num_rows()).sum();
    assert_eq!(rows, 3);
}

#[tokio::test]
async fn office_by_month_and_unit_price_percentiles_snapshot() {
    let srv = TestServer::with_data(|_| {}).await;
    let by_month = arrow(
        &srv,
        json!({
            "dataset": "import_declaration",
            "filters": [{"op": "eq", "column": "office_id", "value": "40"}],
            "group_by": ["source", {"column": "declaration_date", "bucket": "month"}],
            "aggregates": [{"func": "count"}],
            "order_by": [{"column": "source"}, {"column": "declaration_date_month"}],
            "limit": 4
        }),
    )
    .await;
    insta::assert_snapshot!(
        pretty_format_batches(&by_month)
            .expect("pretty")
            .to_string()
    );
    // Percentiles (exact; the differential test compares them with DuckDB's): checked for order
    // and range here.
    let pct = arrow(
        &srv,
        json!({
            "dataset": "import_declaration",
            "filters": [{"op": "eq", "column": "hs6", "value": "392690"}],
            "group_by": ["hs6"],
            "aggregates": [
                {"func": "percentile", "p": 0.1, "column": "unit_price"},
                {"func": "percentile", "p": 0.5, "column": "unit_price"},
                {"func": "percentile", "p": 0.9, "column": "unit_price"},
                {"func": "min", "column": "unit_price"},
                {"func": "max", "column": "unit_price"}
            ]
        }),
    )
    .await;
    let b = &pct[0];
    let v = |i: usize| {
        b.column(i)
            .as_any()
            .downcast_ref::<arrow_array::Float64Array>()
            .expect("float")
            .value(0)
    };
    assert!(
        v(4) <= v(1) && v(1) <= v(2) && v(2) <= v(3) && v(3) <= v(5),
        "{:?}",
        (1..6).map(v).collect::<Vec<_>>()
    );
}

pub(crate) async fn active_extracts(srv: &TestServer) -> u64 {
    let h: portal_core::api::Health = srv.get_json("/api/health").await;
    h.active_extracts
}

#[tokio::test]
async fn a_client_that_goes_away_cancels_its_extract() {
    let srv = TestServer::with_data(|o| o.row_cap = 1_000_000).await;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<bytes::Bytes>>();
    // Every declaration row (~22 MB of Arrow): more than loopback buffers hold unread.
    let spec = json!({"dataset": "import_declaration", "limit": 1_000_000});
    let req = axum::http::Request::post(srv.url("/api/extract"))
        .header("content-type", "application/json")
        .header("cookie", &srv.cookie)
        .header("x-csrf-token", &srv.csrf)
        .body(http_body_util::Full::new(bytes::Bytes::from(
            spec.to_string(),
        )))
        .expect("request");
    let res = client.request(req).await.expect("response");
    let mut body = res.into_body();
    let frame = body.frame().await.expect("a frame").expect("ok");
    assert!(frame.is_data());
    assert_eq!(
        active_extracts(&srv).await,
        1,
        "the extract is still streaming"
    );
    drop(body);
    drop(client);
    let start = Instant::now();
    while active_extracts(&srv).await != 0 {
        assert!(
            start.elapsed().as_secs() < 5,
            "extract not cancelled after the client left"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn analysts_only_ever_receive_their_own_office() {
    let srv = TestServer::with_data(|_| {}).await;
    let (c, csrf) = srv.client_as("analyst.incheon").await;
    let by_office = json!({
        "dataset": "import_declaration",
        "filters": [{"op": "in", "column": "office_id", "values": ["20", "40"]}],
        "group_by": ["office_id"],
        "aggregates": [{"func": "count"}],
        "order_by": [{"column": "office_id"}]
    });
    let res = post_as(&srv, &c, &csrf, by_office.clone(), "arrow").await;
    assert_eq!(res.status(), 200);
    let text = pretty_format_batches(&decode(&res.bytes().await.expect("body")))
        .expect("pretty")
        .to_string();
    assert!(text.contains("| 40 "), "{text}");
    assert!(
        !text.contains("| 20 "),
        "office 20 leaked to an office-40 analyst:\n{text}"
    );
    // The reviewer sees both.
    let all = pretty_format_batches(&arrow(&srv, by_office).await)
        .expect("pretty")
        .to_string();
    assert!(all.contains("| 20 ") && all.contains("| 40 "), "{all}");
    // Downloads are scoped the same way.
    let csv = post_as(
        &srv,
        &c,
        &csrf,
        json!({"dataset": "inspection", "columns": ["office_id"], "limit": 50000}),
        "csv",
    )
    .await
    .text()
    .await
    .expect("csv");
    let offices: std::collections::BTreeSet<_> =
        csv.trim_start_matches('\u{feff}').lines().skip(1).collect();
    assert_eq!(offices.into_iter().collect::<Vec<_>>(), ["40"]);
    // Datasets without an office column are not filtered.
    let companies = post_as(
        &srv,
        &c,
        &csrf,
        json!({"dataset": "company", "limit": 5}),
        "arrow",
    )
    .await;
    assert_eq!(companies.status(), 200);
}

#[tokio::test]
async fn extracts_need_a_session_and_the_csrf_token() {
    let srv = TestServer::with_data(|_| {}).await;
    let anon = crate::common::plain_client();
    let spec = json!({"dataset": "company", "limit": 1});
    let res = anon
        .post(srv.url("/api/extract"))
        .json(&spec)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::Unauthenticated
    );
    let res = anon
        .get(srv.url("/api/catalog"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 401);
    let res = srv
        .http
        .post(srv.url("/api/extract"))
        .json(&spec)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 403, "signed in but no CSRF token");
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::CsrfRejected
    );
}

#[tokio::test]
async fn extracts_and_downloads_are_audited_with_their_rows() {
    let srv = TestServer::with_data(|_| {}).await;
    let spec = json!({"dataset": "company", "columns": ["company_id"], "limit": 7});
    assert_eq!(
        arrow(&srv, spec.clone())
            .await
            .iter()
            .map(RecordBatch::num_rows)
            .sum::<usize>(),
        7
    );
    let csv = post(&srv, spec, "csv").await;
    assert_eq!(csv.status(), 200);
    csv.bytes().await.expect("csv body");
    let db = srv.db().await;
    // The end row follows the last bytes sent.
    let mut rows: Vec<(String, String)> = Vec::new();
    for _ in 0..50 {
        rows = portal_server::fetch!(&db, fetch_all, query_as::<_>, "SELECT action, detail FROM audit_log WHERE username = 'reviewer' AND action IN ('extract', 'download') ORDER BY id")
            .expect("audit");
        if rows.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(rows.len(), 2, "{rows:?}");
    for (action, detail) in &rows {
        let d: Value = serde_json::from_str(detail).expect("json detail");
        assert_eq!(d["rows"], 7, "{action}: {d}");
        assert_eq!(d["dataset"], "company");
        assert_eq!(d["outcome"], "complete");
        // Each end row names its start row, written before the query read anything, which
        // holds the spec as asked and its digest.
        let (start,): (String,) = portal_server::fetch!(
            &db,
            fetch_one,
            query_as::<_>,
            "SELECT detail FROM audit_log WHERE id = ? AND action = 'extract_started'",
            d["started"].as_i64().expect("started id")
        )
        .expect("start row");
        let start: Value = serde_json::from_str(&start).expect("json");
        assert_eq!(start["spec"]["dataset"], "company");
        assert_eq!(start["digest"], d["digest"]);
        assert_eq!(start["digest"].as_str().map(str::len), Some(64));
    }
    assert_eq!(rows[0].0, "extract");
    assert_eq!(rows[1].0, "download");
}

/// Browsers ask for compressed answers: every format then arrives whole (the compression layer
/// polls the body past its end, which must not break it).
#[tokio::test]
async fn compressed_downloads_arrive_whole_in_every_format() {
    let srv = TestServer::with_data(|_| {}).await;
    let (client, csrf) = srv.client_as("reviewer").await;
    for format in ["arrow", "csv", "parquet", "json"] {
        let res = client
            .post(srv.url(&format!("/api/extract?format={format}")))
            .header("x-csrf-token", &csrf)
            .header("accept-encoding", "gzip")
            .json(&json!({"dataset": "inspection", "limit": 2_000}))
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 200, "{format}");
        let body = res.bytes().await;
        assert!(
            body.is_ok_and(|b| !b.is_empty()),
            "{format}: the answer broke off"
        );
    }
}
