//! The origin analyses over a real server and the generated data: the exporters the browser's
//! rerouting model scores carry the features the CLI computes; their counts and matches equal
//! DuckDB's SQL over the same Parquet; an analyst's analyses are their office's rows only (the
//! exporters, one exporter's flows, the FTA queue); the FTA queue is ranked with its totals;
//! bad input is a clear 4xx.

use std::collections::{BTreeSet, HashMap};

use portal_core::api::ErrorCode;
use portal_core::origin::columns::{EXPORTER, EXPORTS, KR_EXPORTS, MATCHED};
use portal_core::origin::{ExporterFlows, FtaQueue};
use portal_scoring::arrow_input::features_from_ipc;
use portal_scoring::rerouting::{FEATURES, ReroutingModel, exporters};
use portal_server::engine::Engine;
use portal_server::scope::Scope;
use reqwest::Method;

use crate::common::{As, TestServer, err, models_dir, send, shared_data_dir, who};

async fn bytes(srv: &TestServer, a: &As, path: &str) -> Vec<u8> {
    let res = send(srv, a, Method::GET, path, None).await;
    assert_eq!(res.status(), 200, "{path}");
    res.bytes().await.expect("body").to_vec()
}

async fn json<T: serde::de::DeserializeOwned>(srv: &TestServer, a: &As, path: &str) -> T {
    serde_json::from_slice(&bytes(srv, a, path).await).expect("json")
}

/// Per exporter: `[exports, kr_exports, matched]` of an exporters answer.
fn counts(ipc: &[u8]) -> HashMap<String, [u64; 3]> {
    let mut out = HashMap::new();
    let reader = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(ipc.to_vec()), None)
        .expect("ipc");
    for b in reader {
        let b = b.expect("batch");
        let id = portal_server::columns::strings(&b, EXPORTER).expect("ids");
        let n =
            [EXPORTS, KR_EXPORTS, MATCHED].map(|c| portal_server::columns::ints(&b, c).expect(c));
        for (i, id) in id.into_iter().enumerate() {
            out.insert(id, [0, 1, 2].map(|k| n[k][i] as u64));
        }
    }
    out
}

#[tokio::test]
async fn the_browser_scores_the_features_the_cli_computes() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let ipc = bytes(&srv, &reviewer, "/api/origin/exporters").await;
    let x = features_from_ipc(&ipc, &FEATURES).expect("features");
    let engine = Engine::open(&shared_data_dir().join("datasets"))
        .await
        .expect("engine");
    let inputs = engine
        .rerouting_inputs(&Scope::National, None, None)
        .await
        .expect("inputs");
    let e = exporters(&inputs.exports, &inputs.imports, &inputs.facts);
    let want: Vec<f32> = e.iter().flat_map(|e| e.x).collect();
    assert_eq!(x, want);
    assert!(e.len() > 500, "{} exporters", e.len());
    // The model ranks the planted firms first.
    let onnx = std::fs::read(models_dir().join("rerouting/model.onnx")).expect("model");
    let p = ReroutingModel::load(&onnx)
        .expect("model")
        .run_features(&x, |_| true)
        .expect("scores");
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    let planted: Vec<usize> = (0..e.len())
        .filter(|&i| inputs.planted.contains(&e[i].id))
        .collect();
    assert!(planted.len() >= 5, "{}", planted.len());
    let top: BTreeSet<usize> = order[..2 * planted.len()].iter().copied().collect();
    let found = planted.iter().filter(|i| top.contains(i)).count();
    assert!(
        found * 10 >= planted.len() * 8,
        "{found} of {}",
        planted.len()
    );
}

/// DuckDB's per-exporter figures: exports, Korean-declared, matched to a Chinese import of the
/// same HS6 in the 90 days up to the export, matched to one of the same HS4, FOB sum.
fn reference_sql(office: Option<&str>) -> String {
    let only = office.map_or(String::new(), |o| format!("AND office_id = '{o}'"));
    format!(
        "WITH e AS (SELECT * FROM export_declaration WHERE true {only}), \
         i AS (SELECT * FROM import_declaration WHERE country_origin = 'CN' {only}), \
         m AS (SELECT e.export_id, bool_or(i.hs6 = e.hs6) AS same FROM e JOIN i \
               ON i.importer_id = e.exporter_id AND left(i.hs6, 4) = left(e.hs6, 4) \
               AND i.declaration_date BETWEEN e.export_date - INTERVAL 90 DAY AND e.export_date \
               WHERE e.declared_origin = 'KR' GROUP BY e.export_id) \
         SELECT e.exporter_id, count(*), count(*) FILTER (WHERE e.declared_origin = 'KR'), \
                count(m.export_id) FILTER (WHERE m.same), count(m.export_id), sum(e.fob_krw) \
         FROM e LEFT JOIN m USING (export_id) GROUP BY 1 ORDER BY 1"
    )
}

#[tokio::test]
async fn rerouting_figures_equal_duckdbs_sql_over_the_same_parquet() {
    let Some(python) = crate::differential::duckdb_python(
        "rerouting_figures_equal_duckdbs_sql_over_the_same_parquet",
    ) else {
        return;
    };
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let busan = who(&srv, "analyst.busan").await;
    let cases = [(&reviewer, None), (&busan, Some("20"))];
    let queries: Vec<String> = cases.iter().map(|(_, o)| reference_sql(*o)).collect();
    let answers = crate::differential::duckdb(&python, &queries);
    for ((a, office), answer) in cases.iter().zip(&answers) {
        let want = answer["rows"]
            .as_array()
            .unwrap_or_else(|| panic!("{answer}"));
        let ipc = bytes(&srv, a, "/api/origin/exporters").await;
        let got = counts(&ipc);
        let x = features_from_ipc(&ipc, &FEATURES).expect("features");
        let reader =
            arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(ipc.clone()), None)
                .expect("ipc");
        let mut fob = HashMap::new();
        let mut row_of = HashMap::new();
        let mut r = 0;
        for b in reader {
            let b = b.expect("batch");
            let ids = portal_server::columns::strings(&b, EXPORTER).expect("ids");
            let f = portal_server::columns::floats(&b, "fob_krw").expect("fob");
            for (id, f) in ids.into_iter().zip(f) {
                fob.insert(id.clone(), f);
                row_of.insert(id, r);
                r += 1;
            }
        }
        assert_eq!(got.len(), want.len(), "{office:?}");
        let near = FEATURES
            .iter()
            .position(|f| *f == "near_matched_share")
            .expect("near");
        let w = FEATURES.len();
        let mut matched_somewhere = 0;
        for row in want {
            let v = row.as_array().expect("row");
            let id = v[0].as_str().expect("id");
            let n = |k: usize| v[k].as_u64().expect("count");
            assert_eq!(got[id], [n(1), n(2), n(3)], "{office:?} {id}");
            let kr = n(2) as f32;
            let near_count = x[row_of[id] * w + near] * kr;
            assert!((near_count - n(4) as f32).abs() < 1e-3, "{office:?} {id}");
            let sum = v[5].as_f64().expect("fob");
            assert!(
                (fob[id] - sum).abs() <= 1e-6 * sum.abs().max(1.0),
                "{office:?} {id}"
            );
            matched_somewhere += usize::from(n(3) > 0);
        }
        assert!(matched_somewhere > 10, "{office:?}: {matched_somewhere}");
    }
}

#[tokio::test]
async fn an_analysts_origin_analyses_are_their_offices_rows() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let busan = who(&srv, "analyst.busan").await;
    // The exporters: Busan's analyst sees what a national user sees of office 20.
    let mine = bytes(&srv, &busan, "/api/origin/exporters").await;
    let narrowed = bytes(&srv, &reviewer, "/api/origin/exporters?office=20").await;
    let national = bytes(&srv, &reviewer, "/api/origin/exporters").await;
    assert_eq!(mine, narrowed);
    assert_ne!(mine, national);
    let res = send(
        &srv,
        &busan,
        Method::GET,
        "/api/origin/exporters?office=30",
        None,
    )
    .await;
    assert_eq!(err(res, 403).await.code, ErrorCode::Forbidden);
    // One exporter's flows: only office 20's exports and imports.
    let office_of = office_index();
    let busy = counts(&mine)
        .into_iter()
        .filter(|(_, c)| c[2] > 0)
        .map(|(id, _)| id)
        .min()
        .expect("an exporter with matches in Busan");
    let f: ExporterFlows = json(&srv, &busan, &format!("/api/origin/exporters/{busy}")).await;
    assert!(!f.flows.is_empty());
    for flow in &f.flows {
        assert_eq!(office_of[&flow.export_id], "20", "{}", flow.export_id);
        assert_eq!(office_of[&flow.import_id], "20", "{}", flow.import_id);
        assert!((0..=90).contains(&flow.lag_days));
    }
    let all: ExporterFlows = json(&srv, &reviewer, &format!("/api/origin/exporters/{busy}")).await;
    assert!(all.exports >= f.exports);
    let kr: u32 = f.routes.iter().map(|r| r.exports).sum();
    assert_eq!(kr, f.kr_exports);
    // The FTA queue: office 20's claims only, in every total too.
    let q: FtaQueue = json(&srv, &busan, "/api/origin/fta?limit=200").await;
    assert!(q.claims > 0);
    assert!(q.queue.iter().all(|c| c.office_id == "20"));
    assert_eq!(
        q.by_office
            .iter()
            .map(|t| t.key.as_str())
            .collect::<Vec<_>>(),
        ["20"]
    );
    let n: FtaQueue = json(&srv, &reviewer, "/api/origin/fta?limit=200&office=20").await;
    assert_eq!(
        serde_json::to_value(&q).expect("json"),
        serde_json::to_value(&n).expect("json")
    );
    let res = send(&srv, &busan, Method::GET, "/api/origin/fta?office=30", None).await;
    assert_eq!(err(res, 403).await.code, ErrorCode::Forbidden);
}

/// Office of every export and import declaration of the generated data.
fn office_index() -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (ds, id) in [
        ("export_declaration", "export_id"),
        ("import_declaration", "declaration_id"),
    ] {
        let file = shared_data_dir().join(format!("datasets/{ds}/generated.parquet"));
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
            std::fs::File::open(file).expect(ds),
        )
        .expect("parquet")
        .build()
        .expect("reader");
        for b in reader {
            let b = b.expect("batch");
            let ids = portal_server::columns::strings(&b, id).expect("ids");
            let offices = portal_server::columns::strings(&b, "office_id").expect("office");
            out.extend(ids.into_iter().zip(offices));
        }
    }
    out
}

#[tokio::test]
async fn the_fta_queue_is_ranked_with_its_totals_and_filters_by_agreement() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let q: FtaQueue = json(&srv, &reviewer, "/api/origin/fta?limit=10000").await;
    assert!(
        q.claims > 1000 && q.failing > 0,
        "{} {}",
        q.claims,
        q.failing
    );
    // Riskiest first, then the most duty at stake.
    for w in q.queue.windows(2) {
        assert!(
            (w[0].risk_score, w[0].duty_at_stake) >= (w[1].risk_score, w[1].duty_at_stake)
                || w[0].risk_score > w[1].risk_score,
            "{:?} {:?}",
            w[0].declaration_id,
            w[1].declaration_id
        );
    }
    // Totals add up.
    let by_office: u32 = q.by_office.iter().map(|t| t.claims).sum();
    let by_agreement: u32 = q.by_agreement.iter().map(|t| t.claims).sum();
    assert_eq!((by_office, by_agreement), (q.claims, q.claims));
    let duty: f64 = q.by_office.iter().map(|t| t.duty_at_stake).sum();
    assert!((duty - q.duty_at_stake).abs() < 1.0);
    // The same claims checked as `portal fta-check` checks them.
    let failing_listed = q
        .queue
        .iter()
        .filter(|c| !c.failed_checks.is_empty())
        .count();
    assert!(failing_listed > 0);
    // One agreement.
    let vn = q.agreements.iter().find(|a| *a == "VN").expect("VN claims");
    let v: FtaQueue = json(&srv, &reviewer, &format!("/api/origin/fta?agreement={vn}")).await;
    assert!(v.claims > 0 && v.claims < q.claims);
    assert!(v.queue.iter().all(|c| c.agreement == "VN"));
    assert_eq!(
        v.by_agreement
            .iter()
            .map(|t| t.key.as_str())
            .collect::<Vec<_>>(),
        ["VN"]
    );
}

#[tokio::test]
async fn bad_origin_queries_are_clear_4xx() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    for (path, status, code) in [
        ("/api/origin/fta?limit=0", 400, ErrorCode::InvalidInput),
        ("/api/origin/fta?limit=10001", 400, ErrorCode::InvalidInput),
        ("/api/origin/fta?limit=many", 400, ErrorCode::BadRequest),
        (
            "/api/origin/exporters?format=xlsx",
            400,
            ErrorCode::BadRequest,
        ),
        (
            "/api/origin/exporters/NO-SUCH-FIRM",
            404,
            ErrorCode::NotFound,
        ),
    ] {
        let res = send(&srv, &reviewer, Method::GET, path, None).await;
        assert_eq!(err(res, status).await.code, code, "{path}");
    }
}

#[tokio::test]
async fn origin_analyses_count_in_the_home_ranking_and_save_as_widgets() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    for path in ["/api/origin/exporters", "/api/origin/fta?limit=5"] {
        bytes(&srv, &reviewer, path).await;
    }
    let home: portal_core::dashboard::HomeFigures = json(&srv, &reviewer, "/api/home").await;
    let ranked: Vec<&str> = home
        .dataset_ranking
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    for ds in ["export_declaration", "origin_certificate"] {
        assert!(ranked.contains(&ds), "{ds} not in {ranked:?}");
    }
    // Both analyses save as dashboard widgets and come back as saved.
    let body = |title: &str, origin: serde_json::Value| {
        serde_json::json!({
            "title": title,
            "analysis": {"spec": {"dataset": "export_declaration",
                "group_by": [{"column": "export_date", "bucket": "month"}],
                "aggregates": [{"func": "count"}]}, "chart": {}},
            "origin": origin,
        })
    };
    let created = send(
        &srv,
        &reviewer,
        Method::POST,
        "/api/dashboards",
        Some(serde_json::json!({"title": "원산지"})),
    )
    .await;
    assert_eq!(created.status(), 201);
    let d: portal_core::dashboard::Dashboard = created.json().await.expect("dashboard");
    let path = format!("/api/dashboards/{}/widgets", d.id);
    for (title, origin) in [
        ("우회수출", serde_json::json!({"analysis": "rerouting"})),
        (
            "FTA VN",
            serde_json::json!({"analysis": "fta", "agreement": "VN"}),
        ),
    ] {
        let res = send(
            &srv,
            &reviewer,
            Method::POST,
            &path,
            Some(body(title, origin)),
        )
        .await;
        assert_eq!(res.status(), 201, "{title}");
    }
    let d: portal_core::dashboard::Dashboard =
        json(&srv, &reviewer, &format!("/api/dashboards/{}", d.id)).await;
    let kinds: Vec<_> = d
        .widgets
        .iter()
        .map(|w| {
            w.origin
                .as_ref()
                .map(|o| (o.analysis.as_str(), o.agreement.clone()))
        })
        .collect();
    assert_eq!(
        kinds,
        [
            Some(("rerouting", None)),
            Some(("fta", Some("VN".to_owned())))
        ]
    );
    // An agreement on the rerouting ranking, or a bad code, is a clear 400.
    for origin in [
        serde_json::json!({"analysis": "rerouting", "agreement": "VN"}),
        serde_json::json!({"analysis": "fta", "agreement": "V N"}),
        serde_json::json!({"analysis": "nothing"}),
    ] {
        let res = send(
            &srv,
            &reviewer,
            Method::POST,
            &path,
            Some(body("x", origin)),
        )
        .await;
        assert_eq!(res.status(), 400);
    }
}

#[tokio::test]
async fn fta_totals_equal_duckdbs_sql_over_the_same_parquet() {
    let Some(python) =
        crate::differential::duckdb_python("fta_totals_equal_duckdbs_sql_over_the_same_parquet")
    else {
        return;
    };
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let q: FtaQueue = json(&srv, &reviewer, "/api/origin/fta?limit=1").await;
    let agreement = "CASE WHEN length(tax_type) >= 3 THEN substr(tax_type, 2, 2) ELSE '' END";
    let queries = [
        "SELECT office_id, count(*) FROM import_declaration WHERE fta_claim GROUP BY 1 ORDER BY 1"
            .to_owned(),
        format!(
            "SELECT {agreement} AS a, count(*) FROM import_declaration WHERE fta_claim \
             GROUP BY 1 ORDER BY 1"
        ),
        // Claims without a certificate on file fail at least that check.
        "SELECT count(*) FROM import_declaration d WHERE fta_claim AND NOT EXISTS \
         (SELECT 1 FROM origin_certificate c WHERE c.direction = 'import' \
          AND c.declaration_id = d.declaration_id)"
            .to_owned(),
    ];
    let answers = crate::differential::duckdb(&python, &queries);
    let pairs = |i: usize| -> Vec<(String, u64)> {
        answers[i]["rows"]
            .as_array()
            .unwrap_or_else(|| panic!("{}", answers[i]))
            .iter()
            .map(|r| {
                let r = r.as_array().expect("row");
                (
                    r[0].as_str().unwrap_or("").to_owned(),
                    r[1].as_u64().expect("count"),
                )
            })
            .collect()
    };
    let ours = |totals: &[portal_core::origin::FtaTotal]| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = totals
            .iter()
            .map(|t| (t.key.clone(), u64::from(t.claims)))
            .collect();
        v.sort();
        v
    };
    assert_eq!(ours(&q.by_office), pairs(0));
    assert_eq!(ours(&q.by_agreement), pairs(1));
    let without = answers[2]["rows"][0][0].as_u64().expect("count");
    assert!(
        without > 0 && u64::from(q.failing) >= without,
        "{without} vs {}",
        q.failing
    );
}
