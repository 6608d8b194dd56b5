//! The result cache: the same question for the same scope over the same files is answered from
//! memory (`x-portal-cache: hit`) with the same bytes; scopes never share answers; new files make
//! new answers; every extract is still audited.

use std::path::Path;

use arrow_array::RecordBatch;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{As, TestServer, options, send, shared_data_dir, who};

/// The answer's cache header, its Arrow bytes and its batches.
async fn ask(srv: &TestServer, a: &As, spec: &Value) -> (String, Vec<u8>, Vec<RecordBatch>) {
    let res = send(srv, a, Method::POST, "/api/extract", Some(spec.clone())).await;
    assert_eq!(res.status(), 200, "{spec}");
    let cache = res.headers()["x-portal-cache"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let bytes = res.bytes().await.expect("body").to_vec();
    let batches = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(&bytes), None)
        .expect("IPC stream")
        .collect::<Result<Vec<_>, _>>()
        .expect("batches");
    (cache, bytes, batches)
}

/// The offices of a `group_by office_id` answer, and its total count.
fn offices(batches: &[RecordBatch]) -> (Vec<String>, i64) {
    let mut offices = Vec::new();
    let mut total = 0;
    for b in batches {
        let o = arrow_cast::cast(b.column(0), &arrow_schema::DataType::Utf8).expect("text");
        let o = o
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .expect("strings");
        let n = b
            .column(1)
            .as_any()
            .downcast_ref::<arrow_array::Int64Array>()
            .expect("counts");
        for r in 0..b.num_rows() {
            offices.push(o.value(r).to_owned());
            total += n.value(r);
        }
    }
    offices.sort();
    (offices, total)
}

fn by_office() -> Value {
    json!({"dataset": "import_declaration", "group_by": ["office_id"],
           "aggregates": [{"func": "count"}], "order_by": [{"column": "office_id"}]})
}

async fn audited_extracts(srv: &TestServer) -> i64 {
    let db = srv.db().await;
    for _ in 0..200 {
        let (started, ended): (i64, i64) = portal_server::fetch!(
            &db,
            fetch_one,
            query_as::<_>,
            "SELECT SUM(CASE WHEN action = 'extract_started' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN action = 'extract' THEN 1 ELSE 0 END) FROM audit_log"
        )
        .expect("audit");
        if started == ended {
            return ended;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("extracts started without an end row");
}

#[tokio::test]
async fn answers_are_shared_within_a_scope_only_and_every_extract_is_audited() {
    let srv = TestServer::with_data(|_| {}).await;
    let admin = who(&srv, "admin").await;
    let reviewer = who(&srv, "reviewer").await;
    let incheon = who(&srv, "analyst.incheon").await;
    let busan = who(&srv, "analyst.busan").await;
    let spec = by_office();

    let (first, bytes, batches) = ask(&srv, &admin, &spec).await;
    assert_eq!(first, "miss");
    let (national, all) = offices(&batches);
    assert!(national.len() > 2, "{national:?}");
    let (again, same, _) = ask(&srv, &admin, &spec).await;
    assert_eq!((again.as_str(), &same), ("hit", &bytes));
    // Another national user shares the answer.
    let (theirs, same, _) = ask(&srv, &reviewer, &spec).await;
    assert_eq!((theirs.as_str(), &same), ("hit", &bytes));

    // An analyst never gets the national answer, nor another office's.
    for (who, office) in [(&incheon, "40"), (&busan, "20")] {
        for expected in ["miss", "hit"] {
            let (cache, _, batches) = ask(&srv, who, &spec).await;
            assert_eq!(cache, expected, "office {office}");
            let (seen, n) = offices(&batches);
            assert_eq!(seen, vec![office.to_owned()]);
            assert!(n > 0 && n < all);
        }
    }

    // The same question written otherwise is the same answer; a sample is drawn anew each time.
    let filtered = |values: Value| {
        json!({"dataset": "import_declaration",
               "filters": [{"op": "in", "column": "country_origin", "values": values},
                           {"op": "range", "column": "declaration_date", "min": "2020-01-01"}],
               "group_by": ["office_id"], "aggregates": [{"func": "count"}]})
    };
    let (cache, a, _) = ask(&srv, &admin, &filtered(json!(["CN", "VN"]))).await;
    assert_eq!(cache, "miss");
    let mut reordered = filtered(json!(["VN", "CN", "VN"]));
    reordered["filters"]
        .as_array_mut()
        .expect("filters")
        .reverse();
    let (cache, b, _) = ask(&srv, &admin, &reordered).await;
    assert_eq!((cache.as_str(), &b), ("hit", &a));
    let mut sampled = by_office();
    sampled["sample"] = json!(0.5);
    for _ in 0..2 {
        assert_eq!(ask(&srv, &admin, &sampled).await.0, "miss");
    }
    // 3 + 4 + 2 + 2 extracts, each with its start and end rows.
    assert_eq!(audited_extracts(&srv).await, 11);
}

pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[tokio::test]
async fn new_files_are_answered_anew() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    copy_tree(&shared_data_dir().join("datasets"), &data.join("datasets"));
    let mut opts = options(dir.path(), data.clone());
    opts.limits.no_network_index = true;
    let state = portal_server::state::AppState::load(&opts)
        .await
        .expect("state");
    let srv = TestServer::serve(dir, state).await;
    let admin = who(&srv, "admin").await;
    let spec = by_office();
    let (cache, _, batches) = ask(&srv, &admin, &spec).await;
    assert_eq!(cache, "miss");
    let (_, before) = offices(&batches);
    assert_eq!(ask(&srv, &admin, &spec).await.0, "hit");

    // New rows arrive: a second file of the same declarations.
    let folder = data.join("datasets/import_declaration");
    std::fs::copy(
        folder.join("generated.parquet"),
        folder.join("arrived.parquet"),
    )
    .expect("copy");
    let (cache, _, batches) = ask(&srv, &admin, &spec).await;
    assert_eq!(cache, "miss");
    assert_eq!(offices(&batches).1, 2 * before);
    let (cache, _, batches) = ask(&srv, &admin, &spec).await;
    assert_eq!((cache.as_str(), offices(&batches).1), ("hit", 2 * before));
}
