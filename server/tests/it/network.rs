//! `GET /api/network/ego` over a real server and the generated data: the edges of 1 to 3 hops
//! agree with the manifests, an analyst's network holds only their office's shipments (scope
//! matrix), and bad input is a clear 4xx, never a hang.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use arrow_array::{Array, Float64Array, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::compute::concat_batches;
use portal_core::api::ErrorCode;
use portal_core::network::EgoQuery;
use portal_server::engine::Engine;
use portal_server::error::Error;
use portal_server::network_index::ShipmentIndex;
use portal_server::scope::Scope;
use reqwest::Method;
use serde_json::json;

use crate::common::{As, TestServer, err, send, who};

fn batches(bytes: &[u8]) -> Vec<RecordBatch> {
    arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
        .expect("ipc")
        .map(|b| b.expect("batch"))
        .collect()
}

/// One edge: source, target, role, shipments, frauds, hop.
type Edge = (String, String, String, i64, i64, i64);

async fn ego(srv: &TestServer, a: &As, query: &str) -> Vec<Edge> {
    let res = send(
        srv,
        a,
        Method::GET,
        &format!("/api/network/ego?{query}"),
        None,
    )
    .await;
    assert_eq!(res.status(), 200, "{query}");
    let mut out = Vec::new();
    for b in batches(&res.bytes().await.expect("body")) {
        let s = |n: &str| {
            b.column_by_name(n)
                .expect(n)
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("utf8")
                .clone()
        };
        let i = |n: &str| {
            b.column_by_name(n)
                .expect(n)
                .as_any()
                .downcast_ref::<Int64Array>()
                .expect("int64")
                .clone()
        };
        let (src, dst, role) = (s("source"), s("target"), s("target_role"));
        let (ships, frauds, hop) = (i("shipments"), i("frauds"), i("hop"));
        for r in 0..b.num_rows() {
            out.push((
                src.value(r).to_owned(),
                dst.value(r).to_owned(),
                role.value(r).to_owned(),
                ships.value(r),
                frauds.value(r),
                hop.value(r),
            ));
        }
    }
    out
}

/// Manifest lines of `consignee` in `a`'s scope, counted by an extract.
async fn lines_of(srv: &TestServer, a: &As, consignee: &str) -> i64 {
    let spec = json!({"dataset": "cargo_manifest",
        "filters": [{"op": "eq", "column": "consignee_id", "value": consignee}],
        "aggregates": [{"func": "count"}]});
    let res = send(srv, a, Method::POST, "/api/extract", Some(spec)).await;
    assert_eq!(res.status(), 200);
    batches(&res.bytes().await.expect("body"))
        .iter()
        .map(|b| {
            let c = b.column_by_name("count").expect("count");
            c.as_any()
                .downcast_ref::<Int64Array>()
                .expect("i64")
                .value(0)
        })
        .sum()
}

#[tokio::test]
async fn hops_grow_the_network_without_repeating_an_edge() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let party = "I0000005";
    let one = ego(&srv, &reviewer, &format!("party={party}&hops=1")).await;
    assert!(!one.is_empty());
    assert!(
        one.iter().all(|e| e.0 == party && e.5 == 1),
        "{:?}",
        &one[..3]
    );
    // Every line has one forwarder, storage and carrier: each role's shipments are the lines.
    let lines = lines_of(&srv, &reviewer, party).await;
    for role in ["forwarder", "storage", "carrier", "declarant", "vessel"] {
        let n: i64 = one.iter().filter(|e| e.2 == role).map(|e| e.3).sum();
        assert_eq!(n, lines, "{role}");
    }
    let two = ego(
        &srv,
        &reviewer,
        &format!("party={party}&hops=2&roles=seller,forwarder,storage&min_shipments=2"),
    )
    .await;
    let keys: BTreeSet<(&str, &str, &str)> = two
        .iter()
        .map(|e| (e.0.as_str(), e.1.as_str(), e.2.as_str()))
        .collect();
    assert_eq!(keys.len(), two.len(), "an edge repeated");
    assert!(two.iter().all(|e| e.3 >= 2));
    assert!(
        two.iter()
            .all(|e| ["seller", "forwarder", "storage"].contains(&e.2.as_str()))
    );
    // A hop-2 edge touches a far end of hop 1.
    let first: BTreeSet<&str> = two
        .iter()
        .filter(|e| e.5 == 1)
        .map(|e| e.1.as_str())
        .collect();
    let second: Vec<&Edge> = two.iter().filter(|e| e.5 == 2).collect();
    assert!(!second.is_empty());
    assert!(
        second
            .iter()
            .all(|e| first.contains(e.0.as_str()) || first.contains(e.1.as_str()))
    );
}

#[tokio::test]
async fn an_analysts_network_holds_only_their_offices_shipments() {
    let srv = TestServer::with_data(|_| {}).await;
    let busan = who(&srv, "analyst.busan").await;
    let reviewer = who(&srv, "reviewer").await;
    let party = "I0000000";
    let mine = ego(&srv, &busan, &format!("party={party}&roles=forwarder")).await;
    let all = ego(&srv, &reviewer, &format!("party={party}&roles=forwarder")).await;
    let total = |edges: &[Edge]| edges.iter().map(|e| e.3).sum::<i64>();
    assert_eq!(total(&mine), lines_of(&srv, &busan, party).await);
    assert_eq!(total(&all), lines_of(&srv, &reviewer, party).await);
    assert!(total(&all) > total(&mine));
    // Per far end too: the analyst's counts are the office's part of the national ones.
    let national: HashMap<&str, i64> = all.iter().map(|e| (e.1.as_str(), e.3)).collect();
    assert!(mine.iter().all(|e| e.3 <= national[e.1.as_str()]));
}

#[tokio::test]
async fn bad_network_queries_are_clear_4xx() {
    let srv = TestServer::with_data(|_| {}).await;
    let a = who(&srv, "analyst.incheon").await;
    for (query, status, code) in [
        ("", 400, ErrorCode::BadRequest),
        ("party=I0000000&hops=4", 400, ErrorCode::InvalidInput),
        ("party=I0000000&hops=0", 400, ErrorCode::InvalidInput),
        ("party=I0000000&hops=x", 400, ErrorCode::BadRequest),
        (
            "party=I0000000&from=2021-02-30",
            400,
            ErrorCode::InvalidInput,
        ),
        ("party=I0000000&chapter=3", 400, ErrorCode::InvalidInput),
        ("party=I0000000&roles=pirate", 400, ErrorCode::InvalidInput),
        (
            "party=I0000000&max_edges=50001",
            400,
            ErrorCode::InvalidInput,
        ),
        ("party=NOBODY", 404, ErrorCode::NotFound),
        (
            "party=I0000000&hops=3&max_edges=50",
            400,
            ErrorCode::TooManyRows,
        ),
    ] {
        let started = std::time::Instant::now();
        let res = send(
            &srv,
            &a,
            Method::GET,
            &format!("/api/network/ego?{query}"),
            None,
        )
        .await;
        assert_eq!(err(res, status).await.code, code, "{query}");
        assert!(started.elapsed().as_secs() < 20, "{query} took too long");
    }
    let anonymous = crate::common::plain_client()
        .get(srv.url("/api/network/ego?party=I0000000"))
        .send()
        .await
        .expect("send");
    assert_eq!(anonymous.status(), 401);
}

#[test]
fn the_accomplice_ranking_finds_the_planted_accomplices_better_than_its_baselines() {
    let data = crate::common::shared_data_dir().join("datasets");
    let out = tempfile::tempdir().expect("tmp");
    let json = out.path().join("figures.json");
    let status = std::process::Command::new(crate::binary::PORTAL)
        .args(["accomplices-eval", "--data"])
        .arg(&data)
        .arg("--json")
        .arg(&json)
        .status()
        .expect("portal");
    assert!(status.success());
    let figures: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("figures")).expect("json");
    assert!(
        figures["planted"].as_u64().expect("planted") >= 2,
        "{figures}"
    );
    let rankings = figures["rankings"].as_array().expect("rankings");
    let ap = |i: usize| rankings[i]["average_precision"].as_f64().expect("ap");
    assert!(ap(0) >= 0.8, "{figures}");
    for baseline in 1..rankings.len() {
        assert!(ap(0) > ap(baseline), "{figures}");
    }
}

#[tokio::test]
async fn a_network_past_the_query_timeout_is_408_and_stopped() {
    // The queries over the Parquet, not the index (which may answer within 1 ms).
    let srv = TestServer::with_data(|o| {
        o.query_timeout_ms = 1;
        o.limits.no_network_index = true;
    })
    .await;
    let a = who(&srv, "reviewer").await;
    let res = send(
        &srv,
        &a,
        Method::GET,
        "/api/network/ego?party=I0000000&hops=3",
        None,
    )
    .await;
    assert_eq!(err(res, 408).await.code, ErrorCode::QueryTimeout);
    let res = send(&srv, &a, Method::GET, "/api/health", None).await;
    assert_eq!(res.status(), 200);
}

/// Every edge of an answer by (source, target, role): shipments, frauds, hop, first and last
/// day, and the value rounded to cents.
fn keyed(b: &RecordBatch) -> BTreeMap<(String, String, String), Vec<String>> {
    let opts = arrow_cast::display::FormatOptions::default();
    let cols: Vec<_> = b
        .columns()
        .iter()
        .map(|c| arrow_cast::display::ArrayFormatter::try_new(c.as_ref(), &opts).expect("fmt"))
        .collect();
    let values = b
        .column_by_name("value")
        .expect("value")
        .as_any()
        .downcast_ref::<Float64Array>()
        .expect("f64")
        .clone();
    (0..b.num_rows())
        .map(|r| {
            let cell = |i: usize| cols[i].value(r).to_string();
            let key = (cell(0), cell(1), cell(2));
            let rest = vec![
                cell(3),
                format!("{:.2}", values.value(r)),
                cell(5),
                cell(6),
                cell(7),
                cell(8),
            ];
            (key, rest)
        })
        .collect()
}

#[tokio::test]
async fn the_network_index_answers_what_the_queries_answer() {
    let data = crate::common::shared_data_dir().join("datasets");
    let engine = Engine::open(&data).await.expect("engine");
    let index = ShipmentIndex::build(&engine)
        .await
        .expect("index")
        .expect("shipments");
    assert_eq!(index.len() as u64, crate::common::DECLARATIONS);
    let scopes = [
        Scope::National,
        Scope::Office("20".into()),
        Scope::Office("40".into()),
        // An office without shipments.
        Scope::Office("99".into()),
    ];
    let q = |party: &str, hops: u8| EgoQuery {
        party: party.into(),
        hops: Some(hops),
        ..EgoQuery::default()
    };
    let queries = [
        q("I0000000", 1),
        EgoQuery {
            roles: Some("seller,forwarder,storage".into()),
            min_shipments: Some(2),
            ..q("I0000005", 2)
        },
        EgoQuery {
            min_shipments: Some(3),
            ..q("I0000005", 3)
        },
        EgoQuery {
            from: Some("2021-01-01".into()),
            to: Some("2021-12-31".into()),
            min_shipments: Some(2),
            ..q("I0000010", 2)
        },
        EgoQuery {
            chapter: Some("85".into()),
            ..q("I0000010", 2)
        },
        EgoQuery {
            max_edges: Some(50),
            ..q("I0000000", 3)
        },
        EgoQuery {
            roles: Some("forwarder,forwarder,carrier".into()),
            min_shipments: Some(2),
            ..q("I0000003", 2)
        },
        q("NOBODY", 1),
    ];
    let (mut compared, mut refused) = (0, 0);
    for scope in &scopes {
        for query in &queries {
            let q = &query;
            let b = query.validate().expect("valid");
            let theirs = engine.ego_network(&b, scope).await;
            let ours = index.ego(&b, scope);
            match (theirs, ours) {
                (Ok((_, theirs)), Ok(ours)) => {
                    let theirs = concat_batches(&theirs[0].schema(), &theirs).expect("concat");
                    assert_eq!(keyed(&ours), keyed(&theirs), "{q:?} in {scope:?}");
                    // The same order: by hop, then most shipments first.
                    let order = |b: &RecordBatch| {
                        let hop = b
                            .column(8)
                            .as_any()
                            .downcast_ref::<Int64Array>()
                            .expect("hop");
                        let n = b
                            .column(3)
                            .as_any()
                            .downcast_ref::<Int64Array>()
                            .expect("n");
                        (0..b.num_rows())
                            .map(|r| (hop.value(r), -n.value(r)))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(order(&ours), order(&theirs), "{q:?} in {scope:?}");
                    compared += 1;
                }
                (Err(Error::Client { code: a, .. }), Err(Error::Client { code: b, .. })) => {
                    assert_eq!(a, b, "{q:?} in {scope:?}");
                    refused += 1;
                }
                (a, b) => panic!("{q:?} in {scope:?}: {:?} vs {:?}", a.err(), b.err()),
            }
        }
    }
    assert!(
        compared >= 15 && refused >= 12,
        "{compared} compared, {refused} refused"
    );
}
