//! `GET /api/patterns/{pattern}` over a real server and the generated data: every pattern
//! answers as Arrow, an analyst's statistics are made of their office's rows only (in the scope
//! matrix with every other path), the planted rings stand out, and bad input is a clear 4xx.

use std::collections::BTreeSet;

use arrow_array::{Array, Int64Array, RecordBatch, StringArray};
use portal_core::api::ErrorCode;
use portal_core::patterns::{MAX_COMBINATIONS, Pattern};
use reqwest::Method;
use serde_json::json;

use crate::common::{As, TestServer, err, send, who};

fn batches(bytes: &[u8]) -> Vec<RecordBatch> {
    arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
        .expect("ipc")
        .map(|b| b.expect("batch"))
        .collect()
}

async fn stats(srv: &TestServer, a: &As, pattern: Pattern, query: &str) -> Vec<RecordBatch> {
    let res = send(
        srv,
        a,
        Method::GET,
        &format!("/api/patterns/{pattern}?{query}"),
        None,
    )
    .await;
    assert_eq!(res.status(), 200, "{pattern} {query}");
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.apache.arrow.stream"
    );
    batches(&res.bytes().await.expect("body"))
}

fn texts(batches: &[RecordBatch], column: &str) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let c = b.column_by_name(column).expect(column);
            let c = arrow_cast::cast(c, &arrow_schema::DataType::Utf8).expect("text");
            let c = c
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("utf8")
                .clone();
            (0..c.len()).map(move |i| c.value(i).to_owned())
        })
        .collect()
}

fn total(batches: &[RecordBatch], column: &str) -> i64 {
    batches
        .iter()
        .map(|b| {
            let c = b.column_by_name(column).expect(column);
            let c = c.as_any().downcast_ref::<Int64Array>().expect("int64");
            c.iter().flatten().sum::<i64>()
        })
        .sum()
}

/// Manifest lines of `a`'s scope that arrived before `as_of`, counted by an extract.
async fn manifests_before(srv: &TestServer, a: &As, last_day: &str) -> i64 {
    let spec = json!({"dataset": "cargo_manifest",
        "filters": [{"op": "range", "column": "arrival_date", "max": last_day}],
        "aggregates": [{"func": "count"}]});
    let res = send(srv, a, Method::POST, "/api/extract", Some(spec)).await;
    assert_eq!(res.status(), 200);
    total(&batches(&res.bytes().await.expect("body")), "count")
}

#[tokio::test]
async fn an_analyst_gets_statistics_of_their_office_only() {
    let srv = TestServer::with_data(|_| {}).await;
    let busan = who(&srv, "analyst.busan").await;
    let reviewer = who(&srv, "reviewer").await;
    let q = "as_of=2021-01-01";
    for p in [Pattern::CarrierOfficeDeparture, Pattern::ConsigneeOffice] {
        let mine: BTreeSet<String> = texts(&stats(&srv, &busan, p, q).await, "office_id")
            .into_iter()
            .collect();
        assert_eq!(mine.into_iter().collect::<Vec<_>>(), ["20"], "{p}");
        let all: BTreeSet<String> = texts(&stats(&srv, &reviewer, p, q).await, "office_id")
            .into_iter()
            .collect();
        assert!(all.len() > 1, "{p}: {all:?}");
    }
    // Patterns without an office key: every shipment counted is one of the office's.
    for p in [Pattern::ConsigneeGoods, Pattern::ConsigneeOffice] {
        let shipments = total(&stats(&srv, &busan, p, q).await, "shipments");
        assert_eq!(
            shipments,
            manifests_before(&srv, &busan, "2020-12-31").await,
            "{p}"
        );
        let national = total(&stats(&srv, &reviewer, p, q).await, "shipments");
        assert_eq!(
            national,
            manifests_before(&srv, &reviewer, "2020-12-31").await,
            "{p}"
        );
        assert!(national > shipments);
    }
}

#[tokio::test]
async fn every_pattern_answers_and_later_days_know_more() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    for p in Pattern::ALL.iter().copied() {
        let early = stats(&srv, &reviewer, p, "as_of=2020-06-01").await;
        let late = stats(&srv, &reviewer, p, "as_of=2021-06-01").await;
        let names: Vec<String> = late[0]
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let mut want: Vec<&str> = p.keys().iter().map(|k| k.column).collect();
        want.extend(portal_core::patterns::STAT_COLUMNS);
        assert_eq!(names, want, "{p}");
        for col in ["shipments", "inspections", "frauds"] {
            assert!(total(&late, col) > total(&early, col), "{p} {col}");
        }
        // A limit and a floor on shipments hold.
        let top = stats(&srv, &reviewer, p, "min_shipments=5&limit=7").await;
        let rows: usize = top.iter().map(RecordBatch::num_rows).sum();
        assert!(rows <= 7 && rows > 0, "{p}: {rows}");
    }
}

#[tokio::test]
async fn bad_pattern_queries_are_clear_4xx() {
    let srv = TestServer::with_data(|_| {}).await;
    let a = who(&srv, "analyst.incheon").await;
    for (path, status, code) in [
        ("/api/patterns/nope", 404, ErrorCode::NotFound),
        (
            "/api/patterns/consignee_goods?as_of=2021-02-30",
            400,
            ErrorCode::InvalidInput,
        ),
        (
            "/api/patterns/consignee_goods?limit=0",
            400,
            ErrorCode::InvalidInput,
        ),
        (
            "/api/patterns/consignee_goods?limit=100001",
            400,
            ErrorCode::InvalidInput,
        ),
        (
            "/api/patterns/consignee_goods?min_shipments=-1",
            400,
            ErrorCode::BadRequest,
        ),
        (
            "/api/patterns/consignee_goods?format=xml",
            400,
            ErrorCode::BadRequest,
        ),
    ] {
        let res = send(&srv, &a, Method::GET, path, None).await;
        assert_eq!(err(res, status).await.code, code, "{path}");
    }
    let anonymous = crate::common::plain_client()
        .get(srv.url("/api/patterns/consignee_goods"))
        .send()
        .await
        .expect("send");
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn the_planted_rings_lead_each_pattern() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let spec = json!({"dataset": "company", "columns": ["company_id", "planted_role"],
        "filters": [{"op": "in", "column": "planted_role",
                     "values": ["ring_member", "repeat_offender"]}], "limit": 50_000});
    let res = send(&srv, &reviewer, Method::POST, "/api/extract", Some(spec)).await;
    assert_eq!(res.status(), 200);
    let marked: BTreeSet<String> = texts(&batches(&res.bytes().await.expect("body")), "company_id")
        .into_iter()
        .collect();
    for p in Pattern::ALL.iter().copied() {
        let top = stats(&srv, &reviewer, p, "min_shipments=10&limit=3").await;
        let lead = p.keys()[0].column;
        let firsts = texts(&top, lead);
        assert!(
            firsts.iter().any(|id| marked.contains(id)),
            "{p}: the top combinations by lift ({firsts:?}) name no planted party"
        );
    }
}

#[tokio::test]
async fn pattern_statistics_equal_duckdbs_sql_over_the_same_parquet() {
    let Some(python) = crate::differential::duckdb_python(
        "pattern_statistics_equal_duckdbs_sql_over_the_same_parquet",
    ) else {
        return;
    };
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let incheon = who(&srv, "analyst.incheon").await;
    let as_of = "2021-01-01";
    let mut cases = Vec::new();
    for p in Pattern::ALL.iter().copied() {
        for (a, office) in [(&reviewer, None), (&incheon, Some("40"))] {
            cases.push((p, a, office));
        }
    }
    let queries: Vec<String> = cases
        .iter()
        .map(|(p, _, office)| {
            portal_server::pattern_stats::reference_sql(*p, as_of, *office, 1, MAX_COMBINATIONS)
        })
        .collect();
    let answers = crate::differential::duckdb(&python, &queries);
    for ((p, a, office), answer) in cases.iter().zip(&answers) {
        let want = answer["rows"]
            .as_array()
            .unwrap_or_else(|| panic!("{answer}"));
        let got = stats(&srv, a, *p, &format!("as_of={as_of}")).await;
        // The portal's rows as text, in the answer's order (the SQL orders the same way).
        let n = p.keys().len();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for b in &got {
            let opts = arrow_cast::display::FormatOptions::default();
            let cols: Vec<arrow_cast::display::ArrayFormatter> = b
                .columns()
                .iter()
                .map(|c| arrow_cast::display::ArrayFormatter::try_new(c.as_ref(), &opts))
                .collect::<Result<_, _>>()
                .expect("formatters");
            for r in 0..b.num_rows() {
                rows.push(cols.iter().map(|c| c.value(r).to_string()).collect());
            }
        }
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        assert_eq!(rows.len(), want.len(), "{p} {office:?}");
        for (g, w) in rows.iter().zip(want) {
            let w: Vec<String> = w.as_array().expect("row").iter().map(text).collect();
            // Keys, shipments, inspections, frauds.
            assert_eq!(g[..n + 3], w[..n + 3], "{p} {office:?}");
            let (gr, wr): (f64, f64) = (
                g[n + 3].parse().expect("rate"),
                w[n + 3].parse().expect("rate"),
            );
            assert!((gr - wr).abs() < 1e-9, "{p} {office:?} {gr} {wr}");
            let (gl, wl): (f64, f64) = (
                g[n + 4].parse().expect("lift"),
                w[n + 4].parse().expect("lift"),
            );
            assert!((gl - wl).abs() < 1e-9, "{p} {office:?} {gl} {wl}");
            // First and last arrival (the portal's base_rate column sits between).
            assert_eq!(
                (&g[n + 6], &g[n + 7]),
                (&w[n + 5], &w[n + 6]),
                "{p} {office:?}"
            );
        }
    }
}

#[tokio::test]
async fn without_datasets_patterns_and_networks_are_503() {
    let srv = TestServer::start().await;
    let a = who(&srv, "reviewer").await;
    for path in [
        "/api/patterns/consignee_goods",
        "/api/network/ego?party=I0000000",
        "/api/shipments?from=2021-01-01&to=2021-01-31",
        "/api/origin/exporters",
        "/api/origin/exporters/I0000001",
        "/api/origin/fta",
    ] {
        let res = send(&srv, &a, Method::GET, path, None).await;
        assert_eq!(
            err(res, 503).await.code,
            ErrorCode::DataUnavailable,
            "{path}"
        );
    }
}
