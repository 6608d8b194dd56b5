//! The real `portal` binary: help text, start-up and graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

#[test]
fn help_lists_serve_and_its_options() {
    let out = Command::new(PORTAL).arg("--help").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("serve"), "{text}");
    let out = Command::new(PORTAL)
        .args(["serve", "--help"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    for opt in ["--bind", "--data-dir", "--db", "--dist-dir", "PORTAL_BIND"] {
        assert!(text.contains(opt), "missing {opt} in {text}");
    }
}

#[test]
fn unknown_subcommand_fails_with_usage() {
    let out = Command::new(PORTAL)
        .arg("frobnicate")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
}

#[test]
fn serve_prints_url_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, url) = spawn_serve(dir.path());
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(dir.path().join("var").is_dir(), "data dir created");
    // The process (same id) runs with the allocator settings of `allocator.rs`, unless the
    // operator set their own.
    if std::env::var_os("MALLOC_ARENA_MAX").is_none()
        && std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none()
    {
        let environ = std::fs::read(format!("/proc/{}/environ", child.id())).expect("environ");
        let vars: Vec<&[u8]> = environ.split(|b| *b == 0).collect();
        let threshold = format!(
            "MALLOC_MMAP_THRESHOLD_={}",
            portal_server::allocator::MMAP_THRESHOLD
        );
        assert!(vars.contains(&threshold.as_bytes()), "no {threshold}");
        assert!(vars.iter().any(|v| v.starts_with(b"MALLOC_ARENA_MAX=")));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A clean stop seals the audit log to its last row.
    let out = Command::new(PORTAL)
        .args(["audit", "verify", "--data-dir"])
        .arg(dir.path().join("var"))
        .output()
        .expect("verify");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains(" 0 newer rows"),
        "{text}"
    );
}

pub(crate) fn spawn_serve(dir: &std::path::Path) -> (std::process::Child, String) {
    let mut child = Command::new(PORTAL)
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--demo",
            "--demo-declarations",
            "300",
            "--dist-dir",
        ])
        .arg(dir.join("dist"))
        .arg("--data-dir")
        .arg(dir.join("var"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let url = line
        .trim()
        .strip_prefix("Portal running at ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    (child, url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, url) = spawn_serve(dir.path());
    let http = crate::common::plain_client();
    // A burst of sign-ins (each writes a session and an audit row) from 8 tasks; the server is
    // killed with SIGKILL while they run.
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (http, url, acked) = (http.clone(), url.clone(), acknowledged.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..200 {
                let res = http
                    .post(format!("{url}/api/auth/login"))
                    .json(&serde_json::json!({"username": "admin", "password": portal_server::accounts::DEMO_PASSWORD}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 200 => {
                        let cookie = r.headers()["set-cookie"].to_str().expect("ascii");
                        let pair = cookie.split(';').next().expect("pair").to_owned();
                        acked.lock().expect("lock").push(pair);
                    }
                    _ => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    for t in tasks {
        t.await.expect("task");
    }
    let acked = acknowledged.lock().expect("lock").clone();
    assert!(
        acked.len() > 5,
        "too few writes before the kill: {}",
        acked.len()
    );

    let (mut child, url) = spawn_serve(dir.path());
    for cookie in &acked {
        let res = http
            .get(format!("{url}/api/me"))
            .header("cookie", cookie)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 200, "an acknowledged session was lost");
    }
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("var/portal.db").display()
    ))
    .await
    .expect("db");
    let logged: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'login_success'")
            .fetch_one(&db)
            .await
            .expect("count");
    assert!(
        logged >= acked.len() as i64,
        "{logged} audited < {} acknowledged",
        acked.len()
    );
    eprintln!(
        "durability: {} acknowledged sign-ins before SIGKILL, all found after restart",
        acked.len()
    );
    child.kill().expect("kill");
    child.wait().expect("wait");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_requests_survive_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, url) = spawn_serve(dir.path());
    let http = crate::common::plain_client();
    let sign_in = |url: String| {
        let http = http.clone();
        async move {
            let res = http
                .post(format!("{url}/api/auth/login"))
                .json(&serde_json::json!({"username": "analyst.incheon", "password": portal_server::accounts::DEMO_PASSWORD}))
                .send()
                .await
                .expect("login");
            let cookie = res.headers()["set-cookie"]
                .to_str()
                .expect("ascii")
                .split(';')
                .next()
                .expect("pair")
                .to_owned();
            let me: portal_core::api::Me = res.json().await.expect("me");
            (cookie, me.csrf_token)
        }
    };
    let (cookie, csrf) = sign_in(url.clone()).await;
    // Eight writers file requests (each a transaction: request row + history row + notifications)
    // until the server is killed with SIGKILL under them.
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (http, url, acked, cookie, csrf) = (
            http.clone(),
            url.clone(),
            acknowledged.clone(),
            cookie.clone(),
            csrf.clone(),
        );
        tasks.push(tokio::spawn(async move {
            for i in 0..10_000 {
                let res = http
                    .post(format!("{url}/api/requests"))
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .json(&serde_json::json!({"title": format!("w{w} #{i}"), "purpose": "p", "content": "c"}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let req: portal_core::workflow::AnalysisRequest = r.json().await.expect("json");
                        acked.lock().expect("lock").push(req.id);
                    }
                    _ => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    for t in tasks {
        t.await.expect("task");
    }
    let acked = acknowledged.lock().expect("lock").clone();
    assert!(
        acked.len() > 20,
        "too few writes before the kill: {}",
        acked.len()
    );

    let (mut child, url) = spawn_serve(dir.path());
    let (cookie, _) = sign_in(url.clone()).await;
    for id in &acked {
        let res = http
            .get(format!("{url}/api/requests/{id}"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 200, "acknowledged request {id} was lost");
        let req: portal_core::workflow::AnalysisRequest = res.json().await.expect("json");
        assert_eq!(req.history.len(), 1, "request {id} lost its history row");
    }
    eprintln!(
        "durability: {} acknowledged requests before SIGKILL, all found after restart",
        acked.len()
    );
    child.kill().expect("kill");
    child.wait().expect("wait");
}
