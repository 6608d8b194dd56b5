//! `GET /api/shipments` over a real server and the generated data: the window the browser's
//! supply-chain model scores gives every line the features (and so the score) it has from the
//! whole history, as the CLI computes them; the limit keeps a prefix in time; an analyst's window
//! holds their office's rows only, and its histories are made of them; bad input is a clear 4xx.

use std::collections::{BTreeSet, HashMap};

use arrow_array::Array;
use portal_core::api::ErrorCode;
use portal_core::shipments::{FOUND, MAX_LINES};
use portal_scoring::arrow_input::window_from_ipc;
use portal_scoring::supply_chain::window::Window;
use portal_scoring::supply_chain::{Shipment, SupplyChainModel, histories};
use portal_server::commands::shipments::read_shipments;
use reqwest::Method;

use crate::common::{As, TestServer, err, models_dir, send, shared_data_dir, who};

async fn window(srv: &TestServer, a: &As, query: &str) -> Window {
    let res = send(
        srv,
        a,
        Method::GET,
        &format!("/api/shipments?{query}"),
        None,
    )
    .await;
    assert_eq!(res.status(), 200, "{query}");
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.apache.arrow.stream"
    );
    let bytes = res.bytes().await.expect("body");
    // Every line says whether a fraud was found (false when it was not inspected).
    let batches =
        arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
            .expect("ipc");
    for b in batches {
        let b = b.expect("batch");
        let found = b.column_by_name(FOUND).expect("found");
        assert_eq!(found.null_count(), 0, "{query}");
    }
    window_from_ipc(&bytes).expect("a window")
}

/// The features of `keys` from the whole history `rows`.
fn from_history(rows: &[Shipment], keys: &[String]) -> Vec<[f32; 21]> {
    let x = histories(rows);
    let at: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), i))
        .collect();
    keys.iter().map(|k| x[at[k.as_str()]]).collect()
}

fn lines(w: &Window) -> Vec<String> {
    w.rows[..w.lines()].iter().map(|r| r.key.clone()).collect()
}

fn rows_of(w: &Window) -> Vec<[f32; 21]> {
    w.features()
        .chunks_exact(21)
        .map(|c| c.try_into().expect("21"))
        .collect()
}

#[tokio::test]
async fn a_window_scores_every_line_as_the_whole_history_does() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let all: Vec<Shipment> = read_shipments(&shared_data_dir().join("datasets"))
        .await
        .expect("shipments")
        .into_iter()
        .map(|r| r.shipment)
        .collect();
    let w = window(&srv, &reviewer, "from=2021-03-01&to=2021-04-30&limit=3000").await;
    assert!(w.lines() > 500, "{} lines", w.lines());
    assert!(
        w.rows.len() > w.lines(),
        "earlier lines inspected in the window come too"
    );
    let keys = lines(&w);
    let want = from_history(&all, &keys);
    assert_eq!(rows_of(&w), want, "the window's features are the history's");
    // Lines arrived in the window, earliest first.
    let (from, to) = (
        portal_core::date::parse_days("2021-03-01").expect("day"),
        portal_core::date::parse_days("2021-04-30").expect("day"),
    );
    let days: Vec<i32> = w.rows[..w.lines()].iter().map(|r| r.day).collect();
    assert!(days.iter().all(|d| (from..=to).contains(d)));
    assert!(days.is_sorted());
    // The same scores through the model as the CLI's path.
    let model = SupplyChainModel::load(
        &std::fs::read(models_dir().join("supply-chain/model.onnx")).expect("onnx"),
    )
    .expect("model");
    let (p, _) = model.score_window(&w, |_| true).expect("scores");
    let flat: Vec<f32> = want.iter().flatten().copied().collect();
    assert_eq!(p, model.run_features(&flat, |_| true).expect("scores"));
    // A smaller limit keeps the earliest lines, with the same features.
    let head = window(&srv, &reviewer, "from=2021-03-01&to=2021-04-30&limit=200").await;
    assert_eq!(head.lines(), 200);
    assert_eq!(lines(&head), keys[..200]);
    assert_eq!(rows_of(&head), want[..200]);
}

#[tokio::test]
async fn an_analysts_window_is_their_office_and_its_histories_are_too() {
    let srv = TestServer::with_data(|_| {}).await;
    let busan = who(&srv, "analyst.busan").await;
    let q = "from=2021-02-01&to=2021-03-31&limit=5000";
    let w = window(&srv, &busan, q).await;
    // A national user narrowing to the office sees what its analyst sees.
    let reviewer = who(&srv, "reviewer").await;
    assert_eq!(window(&srv, &reviewer, &format!("{q}&office=20")).await, w);
    assert_eq!(window(&srv, &busan, &format!("{q}&office=20")).await, w);
    let res = send(
        &srv,
        &busan,
        Method::GET,
        &format!("/api/shipments?{q}&office=40"),
        None,
    )
    .await;
    assert_eq!(err(res, 403).await.code, ErrorCode::Forbidden);
    assert!(w.lines() > 50, "{} lines", w.lines());
    let offices: BTreeSet<&str> = w.rows.iter().map(|r| r.parties[4].as_str()).collect();
    assert_eq!(offices.into_iter().collect::<Vec<_>>(), ["20"]);
    // The histories are those of Busan's shipments alone.
    let busan_rows: Vec<Shipment> = read_shipments(&shared_data_dir().join("datasets"))
        .await
        .expect("shipments")
        .into_iter()
        .map(|r| r.shipment)
        .filter(|s| s.parties[4] == "20")
        .collect();
    assert_eq!(rows_of(&w), from_history(&busan_rows, &lines(&w)));
}

#[tokio::test]
async fn bad_shipment_queries_are_clear_4xx() {
    let srv = TestServer::with_data(|_| {}).await;
    let a = who(&srv, "analyst.incheon").await;
    let too_many = format!(
        "/api/shipments?from=2021-01-01&to=2021-01-31&limit={}",
        MAX_LINES + 1
    );
    for (path, status, code) in [
        ("/api/shipments", 400, ErrorCode::InvalidInput),
        (
            "/api/shipments?from=2021-01-01",
            400,
            ErrorCode::InvalidInput,
        ),
        (
            "/api/shipments?from=2021-02-30&to=2021-03-01",
            400,
            ErrorCode::InvalidInput,
        ),
        (
            "/api/shipments?from=2021-03-01&to=2021-02-01",
            400,
            ErrorCode::InvalidInput,
        ),
        (
            "/api/shipments?from=2021-01-01&to=2021-01-31&limit=0",
            400,
            ErrorCode::InvalidInput,
        ),
        (too_many.as_str(), 400, ErrorCode::InvalidInput),
        (
            "/api/shipments?from=2021-01-01&to=2021-01-31&limit=-3",
            400,
            ErrorCode::BadRequest,
        ),
        (
            "/api/shipments?from=2021-01-01&to=2021-01-31&format=xml",
            400,
            ErrorCode::BadRequest,
        ),
    ] {
        let res = send(&srv, &a, Method::GET, path, None).await;
        assert_eq!(err(res, status).await.code, code, "{path}");
    }
    let anonymous = crate::common::plain_client()
        .get(srv.url("/api/shipments?from=2021-01-01&to=2021-01-31"))
        .send()
        .await
        .expect("send");
    assert_eq!(anonymous.status(), 401);
}
