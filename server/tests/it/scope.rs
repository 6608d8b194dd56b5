//! The scope matrix: an analyst receives nothing of another office by any path — extracts in
//! every format of every dataset, grouped answers, catalog and home figures, model files — and
//! national roles see every office. Extracts and catalog figures are checked over the datasets
//! stored partitioned too.

use std::collections::BTreeSet;

use arrow_array::{RecordBatch, StringArray};
use portal_core::api::{Catalog, Role};
use portal_core::datasets::DATASETS;
use portal_scoring::encoder::{CATEGORICAL, EncoderTables};
use portal_scoring::high_risk::{HighRiskTables, RATE_FIELDS};
use portal_scoring::price::PriceTables;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{As, TestServer, models_dir, partitioned_data_dir, send, who};

const USERS: [(&str, Role, &str); 5] = [
    ("analyst.incheon", Role::Analyst, "40"),
    ("analyst.busan", Role::Analyst, "20"),
    ("reviewer", Role::Reviewer, "99"),
    ("bureau", Role::Bureau, "00"),
    ("admin", Role::Admin, "00"),
];

/// The `office_id` values of an answer in `format`.
fn offices(format: &str, bytes: &[u8]) -> BTreeSet<String> {
    let from_batches = |batches: Vec<RecordBatch>| -> BTreeSet<String> {
        batches
            .iter()
            .flat_map(|b| {
                let i = b.schema().index_of("office_id").expect("office_id");
                let col =
                    arrow_cast::cast(b.column(i), &arrow_schema::DataType::Utf8).expect("text");
                let col = col.as_any().downcast_ref::<StringArray>().unwrap().clone();
                col.iter().flatten().map(str::to_owned).collect::<Vec<_>>()
            })
            .collect()
    };
    match format {
        "arrow" => from_batches(
            arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
                .expect("ipc")
                .map(|b| b.expect("batch"))
                .collect(),
        ),
        "parquet" => from_batches(
            parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
                bytes::Bytes::from(bytes.to_vec()),
            )
            .expect("parquet")
            .build()
            .expect("reader")
            .map(|b| b.expect("batch"))
            .collect(),
        ),
        "csv" => {
            let mut r = csv::Reader::from_reader(&bytes[3..]);
            let i = r
                .headers()
                .expect("header")
                .iter()
                .position(|h| h == "office_id")
                .expect("office_id");
            r.records()
                .map(|rec| rec.expect("row")[i].to_owned())
                .collect()
        }
        _ => {
            let rows: Vec<Value> = serde_json::from_slice(bytes).expect("json");
            rows.iter()
                .filter_map(|r| r["office_id"].as_str().map(str::to_owned))
                .collect()
        }
    }
}

async fn get_json<T: serde::de::DeserializeOwned>(srv: &TestServer, a: &As, path: &str) -> T {
    let res = send(srv, a, Method::GET, path, None).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.expect("json")
}

async fn extract(srv: &TestServer, a: &As, spec: Value, format: &str) -> Vec<u8> {
    let res = send(
        srv,
        a,
        Method::POST,
        &format!("/api/extract?format={format}"),
        Some(spec),
    )
    .await;
    assert_eq!(res.status(), 200, "{format}");
    res.bytes().await.expect("body").to_vec()
}

/// Rows of an answer in `format`.
fn row_count(format: &str, bytes: &[u8]) -> usize {
    match format {
        "arrow" => {
            arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
                .expect("ipc")
                .map(|b| b.expect("batch").num_rows())
                .sum()
        }
        "parquet" => parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
            bytes::Bytes::from(bytes.to_vec()),
        )
        .expect("parquet")
        .build()
        .expect("reader")
        .map(|b| b.expect("batch").num_rows())
        .sum(),
        "csv" => csv::Reader::from_reader(&bytes[3..]).records().count(),
        _ => serde_json::from_slice::<Vec<Value>>(bytes)
            .expect("json")
            .len(),
    }
}

#[tokio::test]
async fn every_dataset_in_every_format_for_every_role() {
    every_dataset_in_every_format(
        TestServer::with_data(|o| o.limits.max_extracts_per_user = 4).await,
    )
    .await;
}

/// The same over the datasets stored partitioned (month and office folders).
#[tokio::test]
async fn every_partitioned_dataset_in_every_format_for_every_role() {
    let dir = partitioned_data_dir().await.to_path_buf();
    let srv = TestServer::with_data_in(dir, |o| o.limits.max_extracts_per_user = 4).await;
    every_dataset_in_every_format(srv).await;
}

pub(crate) async fn every_dataset_in_every_format(srv: TestServer) {
    let mut checked = 0;
    // Reference data without an office (companies) is the same for every role.
    let mut reference_rows = std::collections::BTreeMap::new();
    for (user, role, office) in USERS {
        let a = who(&srv, user).await;
        for ds in DATASETS.iter().filter(|d| d.office_column.is_none()) {
            for format in ["arrow", "csv", "parquet", "json"] {
                let spec = json!({"dataset": ds.name, "limit": 20_000});
                let n = row_count(format, &extract(&srv, &a, spec, format).await);
                assert!(n > 0, "{user} {} {format}", ds.name);
                let first = *reference_rows.entry((ds.name, format)).or_insert(n);
                assert_eq!(n, first, "{user} sees all of {} ({format})", ds.name);
                checked += 1;
            }
        }
        for ds in DATASETS.iter().filter(|d| d.office_column.is_some()) {
            for format in ["arrow", "csv", "parquet", "json"] {
                let spec = json!({"dataset": ds.name, "columns": ["office_id"], "limit": 20_000});
                let seen = offices(format, &extract(&srv, &a, spec, format).await);
                if role == Role::Analyst {
                    assert_eq!(
                        seen.into_iter().collect::<Vec<_>>(),
                        [office],
                        "{user} {} {format}",
                        ds.name
                    );
                } else {
                    assert!(seen.len() > 1, "{user} sees every office of {}", ds.name);
                }
                checked += 1;
            }
            // Grouped answers too: the office filter is applied before grouping.
            let grouped = json!({"dataset": ds.name, "group_by": ["office_id"],
                                 "aggregates": [{"func": "count"}]});
            let seen = offices("arrow", &extract(&srv, &a, grouped, "arrow").await);
            assert_eq!(role != Role::Analyst, seen.len() > 1, "{user} {}", ds.name);
        }
    }
    // Every dataset × 4 formats × 5 users.
    assert_eq!(checked, DATASETS.len() * 4 * USERS.len());
}

#[tokio::test]
async fn catalog_and_home_figures_count_the_rows_in_scope() {
    catalog_counts_rows_in_scope(TestServer::with_data(|_| {}).await).await;
}

#[tokio::test]
async fn catalog_and_home_figures_count_the_partitioned_rows_in_scope() {
    let dir = partitioned_data_dir().await.to_path_buf();
    catalog_counts_rows_in_scope(TestServer::with_data_in(dir, |_| {}).await).await;
}

async fn catalog_counts_rows_in_scope(srv: TestServer) {
    let incheon = who(&srv, "analyst.incheon").await;
    let reviewer = who(&srv, "reviewer").await;
    let mine: Catalog = get_json(&srv, &incheon, "/api/catalog").await;
    let all: Catalog = get_json(&srv, &reviewer, "/api/catalog").await;
    for (m, a) in mine.datasets.iter().zip(&all.datasets) {
        let def = portal_core::datasets::dataset(&m.name).expect("def");
        if def.office_column.is_some() {
            assert!(m.row_count < a.row_count, "{} is scoped", m.name);
            // The count is exactly what the analyst can extract.
            let spec = json!({"dataset": m.name, "aggregates": [{"func": "count"}]});
            let bytes = extract(&srv, &incheon, spec, "json").await;
            let rows: Vec<Value> = serde_json::from_slice(&bytes).expect("json");
            assert_eq!(rows[0]["count"].as_u64(), Some(m.row_count), "{}", m.name);
        } else {
            assert_eq!(m.row_count, a.row_count, "{} is reference data", m.name);
        }
        let one: portal_core::api::CatalogDataset =
            get_json(&srv, &incheon, &format!("/api/catalog/{}", m.name)).await;
        assert_eq!(one.row_count, m.row_count);
    }
}

#[tokio::test]
async fn model_files_reach_an_analyst_restricted_to_their_office() {
    let srv = TestServer::with_data(|_| {}).await;
    let incheon = who(&srv, "analyst.incheon").await;
    let reviewer = who(&srv, "reviewer").await;

    // National roles get the file as installed.
    let full = send(
        &srv,
        &reviewer,
        Method::GET,
        "/api/models/fraud/encoder.json",
        None,
    )
    .await;
    assert_eq!(full.status(), 200);
    let full_etag = full.headers()["etag"].to_str().unwrap().to_owned();
    let full = full.bytes().await.unwrap();
    assert_eq!(
        full.to_vec(),
        std::fs::read(models_dir().join("fraud/encoder.json")).unwrap()
    );

    let res = send(
        &srv,
        &incheon,
        Method::GET,
        "/api/models/fraud/encoder.json",
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(etag, full_etag);
    let scoped: EncoderTables = res.json().await.expect("encoder");
    let full: EncoderTables = serde_json::from_slice(&full).unwrap();
    let col = |name: &str| CATEGORICAL.iter().position(|(_, c)| *c == name).unwrap();
    let offices: Vec<&String> = scoped.tables[col("office_id")].keys().collect();
    assert!(offices.iter().all(|o| *o == "40"), "{offices:?}");
    // Party tables keep only parties of office 40's declarations.
    for column in ["declarant_id", "importer_id", "seller_id", "courier_id"] {
        let spec = json!({"dataset": "import_declaration", "group_by": [column],
                          "aggregates": [{"func": "count"}]});
        let rows: Vec<Value> =
            serde_json::from_slice(&extract(&srv, &incheon, spec, "json").await).unwrap();
        let allowed: BTreeSet<String> = rows
            .iter()
            .filter_map(|r| r[column].as_str().map(str::to_owned))
            .collect();
        let keys = &scoped.tables[col(column)];
        assert!(keys.keys().all(|k| allowed.contains(k)), "{column}");
        assert!(keys.len() <= full.tables[col(column)].len());
    }
    for (i, t) in scoped.tables.iter().enumerate() {
        let name = CATEGORICAL.get(i).map_or("derived", |(_, c)| *c);
        if ![
            "office_id",
            "declarant_id",
            "importer_id",
            "seller_id",
            "courier_id",
        ]
        .contains(&name)
        {
            assert!(
                t.values().all(|c| c.n >= 5),
                "{name}: no value of under 5 rows"
            );
        }
    }
    // Revalidation works on the scoped copy.
    let res = incheon
        .client
        .get(srv.url("/api/models/fraud/encoder.json"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);

    let price: PriceTables = get_json(&srv, &incheon, "/api/models/price/tables.json").await;
    for t in [
        &price.hs2,
        &price.hs4,
        &price.hs6,
        &price.hs6_origin,
        &price.origin,
    ] {
        assert!(t.values().all(|s| s.n >= 5));
    }
    let risk: HighRiskTables = get_json(&srv, &incheon, "/api/models/high-risk/tables.json").await;
    for (t, (_, name)) in risk.rates.iter().zip(RATE_FIELDS) {
        if name == "office_id" {
            assert!(t.keys().all(|o| o == "40"), "{:?}", t.keys());
            assert_eq!(t.len(), 1, "the analyst's own office stays");
        } else {
            assert!(
                t.values().all(|c| c.n >= 5),
                "{name}: no value of under 5 rows"
            );
        }
    }
    assert!(risk.price.hs6_origin.values().all(|s| s.n >= 5));
    // Files without rows are the same for everyone.
    let a: Value = get_json(&srv, &incheon, "/api/models/fraud/model.json").await;
    let b: Value = get_json(&srv, &reviewer, "/api/models/fraud/model.json").await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn shipments_for_the_supply_chain_model_for_every_role() {
    let srv = TestServer::with_data(|_| {}).await;
    for (user, role, office) in USERS {
        let a = who(&srv, user).await;
        for format in ["arrow", "csv"] {
            let path = format!("/api/shipments?from=2021-01-01&to=2021-03-31&format={format}");
            let res = send(&srv, &a, Method::GET, &path, None).await;
            assert_eq!(res.status(), 200, "{user} {path}");
            let seen = offices(format, &res.bytes().await.expect("body"));
            if role == Role::Analyst {
                assert_eq!(seen.into_iter().collect::<Vec<_>>(), [office], "{user}");
            } else {
                assert!(seen.len() > 1, "{user}: {seen:?}");
            }
        }
    }
}

#[tokio::test]
async fn origin_analyses_for_every_role() {
    let srv = TestServer::with_data(|_| {}).await;
    for (user, role, office) in USERS {
        let a = who(&srv, user).await;
        let q: portal_core::origin::FtaQueue = get_json(&srv, &a, "/api/origin/fta").await;
        let seen: BTreeSet<&str> = q
            .queue
            .iter()
            .map(|c| c.office_id.as_str())
            .chain(q.by_office.iter().map(|t| t.key.as_str()))
            .collect();
        // The exporters of an analyst are those of the rows a national user sees of the office.
        let mine = send(
            &srv,
            &a,
            Method::GET,
            "/api/origin/exporters?format=csv",
            None,
        )
        .await;
        assert_eq!(mine.status(), 200, "{user}");
        let mine = mine.bytes().await.expect("body");
        if role == Role::Analyst {
            assert_eq!(seen.into_iter().collect::<Vec<_>>(), [office], "{user}");
            let reviewer = who(&srv, "reviewer").await;
            let path = format!("/api/origin/exporters?format=csv&office={office}");
            let theirs = send(&srv, &reviewer, Method::GET, &path, None).await;
            assert_eq!(mine, theirs.bytes().await.expect("body"), "{user}");
        } else {
            assert!(seen.len() > 1, "{user}: {seen:?}");
        }
    }
}

#[tokio::test]
async fn company_ranking_and_profile_for_every_role() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    for (user, role, office) in USERS {
        let a = who(&srv, user).await;
        let mine = send(
            &srv,
            &a,
            Method::GET,
            "/api/companies/scores?format=csv",
            None,
        )
        .await;
        assert_eq!(mine.status(), 200, "{user}");
        let mine = mine.bytes().await.expect("body");
        let seen = offices("csv", &mine);
        // The largest importer declares through every office.
        let profile = send(&srv, &a, Method::GET, "/api/companies/I0000000", None).await;
        assert_eq!(profile.status(), 200, "{user}");
        let profile: Value = profile.json().await.expect("json");
        if role == Role::Analyst {
            // The companies of an analyst are those of their office, as a national user sees
            // them narrowed to it; so is every byte of a profile.
            assert_eq!(seen.into_iter().collect::<Vec<_>>(), [office], "{user}");
            let path = format!("/api/companies/scores?format=csv&office={office}");
            let theirs = send(&srv, &reviewer, Method::GET, &path, None).await;
            assert_eq!(mine, theirs.bytes().await.expect("body"), "{user}");
            let path = format!("/api/companies/I0000000?office={office}");
            let theirs: Value = get_json(&srv, &reviewer, &path).await;
            assert_eq!(profile, theirs, "{user}");
            let national: Value = get_json(&srv, &reviewer, "/api/companies/I0000000").await;
            assert_ne!(profile["payments"], national["payments"], "{user}");
            // A forwarder's, a declarant's and a seller's profiles (their side of the rows)
            // likewise: the same answer, found or not, as the national user's narrowed.
            for party in ["F00000", "B00000", "S0000000"] {
                let path = format!("/api/companies/{party}");
                let whole = send(&srv, &reviewer, Method::GET, &path, None).await;
                assert_eq!(whole.status(), 200, "{party}");
                let mine = send(&srv, &a, Method::GET, &path, None).await;
                let path = format!("{path}?office={office}");
                let theirs = send(&srv, &reviewer, Method::GET, &path, None).await;
                assert_eq!(mine.status(), theirs.status(), "{user} {party}");
                let (mine, theirs) = (mine.bytes().await, theirs.bytes().await);
                assert_eq!(mine.expect("body"), theirs.expect("body"), "{user} {party}");
            }
        } else {
            assert!(seen.len() > 1, "{user}: {seen:?}");
        }
    }
}

#[tokio::test]
async fn every_model_file_for_every_role() {
    use portal_server::model_files::FILES;
    use portal_server::model_scope::is_row_bearing;
    let srv = TestServer::with_data(|_| {}).await;
    let mut checked = 0;
    for (user, role, _) in USERS {
        let a = who(&srv, user).await;
        for (model, file, _) in FILES {
            let res = send(
                &srv,
                &a,
                Method::GET,
                &format!("/api/models/{model}/{file}"),
                None,
            )
            .await;
            assert_eq!(res.status(), 200, "{user} {model}/{file}");
            let bytes = res.bytes().await.expect("body");
            let installed = std::fs::read(models_dir().join(model).join(file)).expect("file");
            // Only tables counted over declarations are cut to an analyst's office.
            let restricted = role == Role::Analyst && is_row_bearing(model, file);
            assert_eq!(
                bytes.as_ref() != installed.as_slice(),
                restricted,
                "{user} {model}/{file}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, FILES.len() * USERS.len());
}
