//! Extracts on a loopback query cluster (`portal cluster scheduler` and two `portal cluster
//! executor` processes, Apache Ballista): the same answers as one node on random specs, flat
//! and partitioned; the scope matrix, caps, timeouts and a client that leaves; an executor
//! killed (answers stay right or fail with `cluster_unavailable`, and the cluster answers again)
//! and the scheduler killed (extracts fail with `cluster_unavailable`, the rest of the portal
//! works).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use portal_core::api::{ErrorBody, ErrorCode};
use portal_core::query::QuerySpec;
use portal_server::data::datasets_dir;
use portal_server::engine::{Engine, EngineOptions};
use reqwest::Method;
use serde_json::json;

use crate::binary::PORTAL;
use crate::common::{TestServer, partitioned_data_dir, send, shared_data_dir, who};
use crate::differential::{cells, equal_sets};
use crate::rollup::{Draw, drawn};

/// A scheduler and its executors on loopback ports, killed when dropped.
pub struct LoopbackCluster {
    /// The scheduler's HOST:PORT.
    pub address: String,
    scheduler: Child,
    executors: Vec<Child>,
    dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn spawn(dir: &Path, name: &str, args: &[String]) -> Child {
    let log = std::fs::File::create(dir.join(format!("{name}.log"))).expect("log");
    Command::new(PORTAL)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start a cluster process")
}

impl LoopbackCluster {
    /// Starts a scheduler and `executors` executors, and waits until the cluster answers.
    pub async fn start(executors: usize) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let address = format!("127.0.0.1:{port}");
        let scheduler = spawn(
            dir.path(),
            "scheduler",
            &[
                "cluster".into(),
                "scheduler".into(),
                "--bind".into(),
                address.clone(),
                "--executor-timeout-s".into(),
                "4".into(),
            ],
        );
        let started = Instant::now();
        while std::net::TcpStream::connect(&address).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "no scheduler");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut cluster = Self {
            address,
            scheduler,
            executors: Vec::new(),
            dir,
        };
        for i in 0..executors {
            let work = cluster.dir.path().join(format!("executor-{i}"));
            let child = spawn(
                cluster.dir.path(),
                &format!("executor-{i}"),
                &[
                    "cluster".into(),
                    "executor".into(),
                    "--scheduler".into(),
                    cluster.address.clone(),
                    "--bind".into(),
                    format!("127.0.0.1:{}", free_port()),
                    "--grpc-port".into(),
                    free_port().to_string(),
                    "--vcores".into(),
                    "2".into(),
                    "--memory-mb".into(),
                    "512".into(),
                    "--heartbeat-s".into(),
                    "1".into(),
                    "--work-dir".into(),
                    work.display().to_string(),
                ],
            );
            cluster.executors.push(child);
        }
        let engine = cluster.engine(&shared_data_dir().join("datasets")).await;
        let spec = count_spec();
        let started = Instant::now();
        while engine.collect(&spec, 10).await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the cluster never answered: {}",
                cluster.logs()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        // Every executor registers at start; one heartbeat more for the last one.
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        cluster
    }

    /// An engine over `datasets` whose queries run on this cluster.
    pub async fn engine(&self, datasets: &Path) -> Engine {
        Engine::open_with(
            datasets,
            &EngineOptions {
                cluster: Some(self.address.clone()),
                ..EngineOptions::default()
            },
        )
        .await
        .expect("cluster engine")
    }

    /// `--engine` for a portal using this cluster.
    pub fn engine_option(&self) -> String {
        format!("ballista://{}", self.address)
    }

    fn logs(&self) -> String {
        let mut out = String::new();
        for entry in std::fs::read_dir(self.dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if entry.path().extension().is_some_and(|e| e == "log") {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let tail: String = text
                    .chars()
                    .rev()
                    .take(2_000)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                out.push_str(&format!("\n--- {}\n{tail}", entry.path().display()));
            }
        }
        out
    }
}

impl Drop for LoopbackCluster {
    fn drop(&mut self) {
        for child in self.executors.iter_mut().chain([&mut self.scheduler]) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn count_spec() -> QuerySpec {
    serde_json::from_value(
        json!({"dataset": "import_declaration", "aggregates": [{"func": "count"}]}),
    )
    .expect("spec")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cluster_answers_as_one_node_on_random_specs() {
    let cluster = LoopbackCluster::start(2).await;
    for (datasets, seed) in [
        (
            shared_data_dir().join("datasets"),
            0x9e37_79b9_7f4a_7c15_u64,
        ),
        (
            datasets_dir(partitioned_data_dir().await),
            0x2545_f491_4f6c_dd1d,
        ),
    ] {
        let local = Engine::open(&datasets).await.expect("engine");
        let remote = cluster.engine(&datasets).await;
        let mut draw = Draw(seed);
        for i in 0..20 {
            let spec = drawn(&local, &mut draw, i).await;
            let a = local.collect(&spec, 1_000_000).await.expect("one node");
            let b = remote.collect(&spec, 1_000_000).await.expect("cluster");
            if let (Some(a), Some(b)) = (a.first(), b.first()) {
                assert_eq!(a.schema(), b.schema(), "{spec:?}");
            }
            if let Err(e) = equal_sets(cells(&b), cells(&a)) {
                panic!("{} {spec:?}: {e}", datasets.display());
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_caps_timeouts_and_a_client_leaving_on_the_cluster() {
    let cluster = LoopbackCluster::start(2).await;
    let engine = cluster.engine_option();
    let srv = TestServer::with_data(|o| {
        o.engine = Some(engine.clone());
        o.limits.max_extracts_per_user = 4;
    })
    .await;
    // Every dataset in every format for every role: analysts get only their office.
    crate::scope::every_dataset_in_every_format(srv).await;

    let capped = TestServer::with_data(|o| {
        o.engine = Some(engine.clone());
        o.row_cap = 100;
    })
    .await;
    let me = who(&capped, "reviewer").await;
    let res = send(
        &capped,
        &me,
        Method::POST,
        "/api/extract",
        Some(json!({"dataset": "company", "limit": 101})),
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::TooManyRows
    );

    let slow = TestServer::with_data(|o| {
        o.engine = Some(engine.clone());
        o.query_timeout_ms = 1;
    })
    .await;
    let me = who(&slow, "reviewer").await;
    let res = send(
        &slow,
        &me,
        Method::POST,
        "/api/extract",
        Some(
            json!({"dataset": "import_declaration", "group_by": ["importer_id", "hs6"],
                    "aggregates": [{"func": "percentile", "p": 0.5, "column": "item_price"}]}),
        ),
    )
    .await;
    assert_eq!(res.status(), 408);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::QueryTimeout
    );

    // A client that reads one frame and leaves: the extract ends, the next one runs.
    let srv = TestServer::with_data(|o| {
        o.engine = Some(engine.clone());
        o.row_cap = 1_000_000;
    })
    .await;
    let me = who(&srv, "reviewer").await;
    let res = send(
        &srv,
        &me,
        Method::POST,
        "/api/extract",
        Some(json!({"dataset": "import_declaration", "limit": 1_000_000})),
    )
    .await;
    assert_eq!(res.status(), 200);
    let mut body = res;
    assert!(body.chunk().await.expect("a chunk").is_some());
    drop(body);
    let started = Instant::now();
    while crate::extract::active_extracts(&srv).await != 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "extract not ended"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let res = send(
        &srv,
        &me,
        Method::POST,
        "/api/extract",
        Some(json!({"dataset": "import_declaration", "aggregates": [{"func": "count"}]})),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_executor_and_a_lost_scheduler() {
    let mut cluster = LoopbackCluster::start(2).await;
    let engine = cluster.engine_option();
    // No result cache: every extract below runs on the cluster.
    let srv = TestServer::with_data(|o| {
        o.engine = Some(engine.clone());
        o.limits.result_cache_mb = 0;
    })
    .await;
    let me = who(&srv, "reviewer").await;
    let spec = json!({"dataset": "import_declaration", "group_by": ["office_id"],
                      "aggregates": [{"func": "count"}, {"func": "sum", "column": "item_price"}],
                      "order_by": [{"column": "office_id"}]});
    let extract = |spec: serde_json::Value| {
        let (srv, me) = (&srv, &me);
        async move { send(srv, me, Method::POST, "/api/extract?format=csv", Some(spec)).await }
    };
    let first = extract(spec.clone()).await;
    assert_eq!(first.status(), 200);
    let expected = first.text().await.expect("body");

    // One executor dies (SIGKILL) while an extract runs: each answer is right or a clear 503,
    // and within the scheduler's executor timeout the cluster answers again.
    let spawned = |spec: serde_json::Value| {
        let request = srv
            .http
            .post(srv.url("/api/extract?format=csv"))
            .header("x-csrf-token", &srv.csrf)
            .json(&spec);
        tokio::spawn(async move { request.send().await.expect("send") })
    };
    let started = Instant::now();
    let (mut right, mut unavailable, mut first_right) = (0, 0, None);
    while right < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the cluster never answered again after losing an executor: {}",
            cluster.logs()
        );
        let running = spawned(spec.clone());
        if unavailable + right == 0 {
            tokio::time::sleep(Duration::from_millis(30)).await;
            let lost = &mut cluster.executors[0];
            lost.kill().expect("kill an executor");
            lost.wait().expect("reaped");
        }
        let res = running.await.expect("extract task");
        match res.status().as_u16() {
            200 => {
                let text = res.text().await.expect("body");
                // A failure after the header arrives ends the body early, never with other rows.
                if text == expected {
                    right += 1;
                    first_right.get_or_insert(started.elapsed());
                } else {
                    assert!(expected.starts_with(&text), "a wrong answer: {text}");
                    unavailable += 1;
                }
            }
            503 => {
                let body: ErrorBody = res.json().await.expect("json");
                assert_eq!(body.code, ErrorCode::ClusterUnavailable);
                unavailable += 1;
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            s => panic!("status {s}: {}", res.text().await.unwrap_or_default()),
        }
    }
    eprintln!(
        "executor lost: {unavailable} extract(s) failed with cluster_unavailable, the first right \
         answer after {:?}",
        first_right.unwrap_or_default()
    );

    // The scheduler dies: extracts fail with cluster_unavailable; the rest of the portal works.
    cluster.scheduler.kill().expect("kill the scheduler");
    cluster.scheduler.wait().expect("reaped");
    let res = extract(
        json!({"dataset": "import_declaration", "aggregates": [{"func": "count"}],
                             "filters": [{"op": "eq", "column": "office_id", "value": "40"}]}),
    )
    .await;
    assert_eq!(res.status(), 503);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::ClusterUnavailable
    );
    let res = send(
        &srv,
        &me,
        Method::POST,
        "/api/dashboards",
        Some(json!({"title": "클러스터 없이"})),
    )
    .await;
    assert_eq!(res.status(), 201);
    let res = send(&srv, &me, Method::GET, "/api/requests", None).await;
    assert_eq!(res.status(), 200);
    let health: portal_core::api::Health = srv.get_json("/api/health").await;
    assert!(health.is_healthy());
}
