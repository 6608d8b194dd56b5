//! The real binary killed with SIGKILL in the middle of writing — a dataset preparation, a burst
//! of attachment uploads, dashboard saves and updates, and account creations — then started
//! again: every acknowledged write is there with its audit row, and nothing is half-made. Also: a data folder the server did not make is never touched,
//! and `portal backup` copies the database while the server runs.

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::binary::{PORTAL, spawn_serve};

async fn sign_in(http: &reqwest::Client, url: &str, user: &str) -> (String, String) {
    let res = http
        .post(format!("{url}/api/auth/login"))
        .json(&serde_json::json!({"username": user, "password": portal_server::accounts::DEMO_PASSWORD}))
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

fn stop(mut child: std::process::Child) {
    child.kill().expect("kill");
    child.wait().expect("wait");
}

#[test]
fn a_preparation_killed_midway_leaves_nothing_half_made() {
    let dir = tempfile::tempdir().expect("tempdir");
    let var = dir.path().join("var");
    // A preparation large enough to be killed in the middle.
    let mut child = Command::new(PORTAL)
        .args([
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--demo-declarations",
            "400000",
        ])
        .arg("--dist-dir")
        .arg(dir.path().join("dist"))
        .arg("--data-dir")
        .arg(&var)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    while !var.join("datasets.partial/import_declaration").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "preparation did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    assert!(
        !var.join("datasets").exists(),
        "a killed preparation is never in place"
    );
    // The next start clears its own partial folder and prepares again, whole.
    let (child, _url) = spawn_serve(dir.path());
    assert!(var.join("datasets/READY.json").is_file());
    assert!(!var.join("datasets.partial").exists());
    stop(child);
}

#[test]
fn a_data_folder_the_server_did_not_make_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mine = dir.path().join("var/datasets/import_declaration");
    std::fs::create_dir_all(&mine).expect("dir");
    std::fs::write(mine.join("my.parquet"), b"my own work").expect("file");
    let out = Command::new(PORTAL)
        .args([
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--demo-declarations",
            "300",
        ])
        .arg("--dist-dir")
        .arg(dir.path().join("dist"))
        .arg("--data-dir")
        .arg(dir.path().join("var"))
        .output()
        .expect("run");
    assert!(!out.status.success(), "the server refuses to start");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("READY.json") && err.contains("move it away"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(mine.join("my.parquet")).expect("still there"),
        b"my own work"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_attachments_and_dashboards_survive_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (child, url) = spawn_serve(dir.path());
    let http = crate::common::plain_client();
    let (cookie, csrf) = sign_in(&http, &url, "analyst.incheon").await;
    let res = http
        .post(format!("{url}/api/requests"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"title": "첨부", "purpose": "p", "content": "c"}))
        .send()
        .await
        .expect("request");
    let request: portal_core::workflow::AnalysisRequest = res.json().await.expect("json");
    let made: serde_json::Value = http
        .post(format!("{url}/api/dashboards"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"title": "갱신 0"}))
        .send()
        .await
        .expect("dashboard")
        .json()
        .await
        .expect("json");
    let updated_id = made["id"].as_i64().expect("id");
    let (admin_cookie, admin_csrf) = sign_in(&http, &url, "admin").await;
    // Four uploaders and four dashboard savers, one updater of one dashboard and one
    // administrator creating accounts, until the server is killed under them.
    let files = Arc::new(Mutex::new(Vec::<(i64, Vec<u8>)>::new()));
    let boards = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let updates = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let users = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let mut tasks = Vec::new();
    {
        let (http, url, cookie, csrf, updates) = (
            http.clone(),
            url.clone(),
            cookie.clone(),
            csrf.clone(),
            updates.clone(),
        );
        let mut version = made["version"].as_i64().expect("version");
        tasks.push(tokio::spawn(async move {
            for i in 1..10_000 {
                let title = format!("갱신 {i}");
                let res = http
                    .put(format!("{url}/api/dashboards/{updated_id}"))
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .json(&serde_json::json!({"version": version, "title": title, "widgets": []}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 200 => {
                        let d: serde_json::Value = r.json().await.expect("json");
                        version = d["version"].as_i64().expect("version");
                        updates.lock().unwrap().push((version, title));
                    }
                    _ => break,
                }
            }
        }));
    }
    {
        let (http, url, users) = (http.clone(), url.clone(), users.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..10_000 {
                let name = format!("crash.user{i}");
                let res = http
                    .post(format!("{url}/api/users"))
                    .header("cookie", &admin_cookie)
                    .header("x-csrf-token", &admin_csrf)
                    .json(
                        &serde_json::json!({"username": name, "display_name": "충돌 시험",
                        "role": "analyst", "office_code": "40",
                        "password": "관세청 빅데이터 시험 2026"}),
                    )
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let u: serde_json::Value = r.json().await.expect("json");
                        users
                            .lock()
                            .unwrap()
                            .push((u["id"].as_i64().expect("id"), name));
                    }
                    _ => break,
                }
            }
        }));
    }
    for w in 0..4 {
        let (h, u, c, k, files) = (
            http.clone(),
            url.clone(),
            cookie.clone(),
            csrf.clone(),
            files.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let (http, url, cookie, csrf) = (h, u, c, k);
            for i in 0..10_000 {
                let body = format!("w{w},{i}\n{}\n", "x".repeat(4_000 + i)).into_bytes();
                let res = http
                    .post(format!("{url}/api/requests/{}/attachments", request.id))
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .header("x-filename", format!("w{w}-{i}.csv"))
                    .header("content-type", "text/csv")
                    .body(body.clone())
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let req: portal_core::workflow::AnalysisRequest =
                            r.json().await.expect("json");
                        let name = format!("w{w}-{i}.csv");
                        let a = req.attachments.iter().find(|a| a.filename == name).unwrap();
                        files.lock().unwrap().push((a.id, body));
                    }
                    _ => break,
                }
            }
        }));
        let (h, u, c, k, boards) = (
            http.clone(),
            url.clone(),
            cookie.clone(),
            csrf.clone(),
            boards.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let (http, url, cookie, csrf) = (h, u, c, k);
            for i in 0..10_000 {
                let title = format!("보드 {w}-{i}");
                let res = http
                    .post(format!("{url}/api/dashboards"))
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .json(&serde_json::json!({"title": title}))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let d: serde_json::Value = r.json().await.expect("json");
                        boards
                            .lock()
                            .unwrap()
                            .push((d["id"].as_i64().unwrap(), title));
                    }
                    _ => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let mut child = child;
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    for t in tasks {
        t.await.expect("task");
    }
    let (files, boards, updates, users) = (
        files.lock().unwrap().clone(),
        boards.lock().unwrap().clone(),
        updates.lock().unwrap().clone(),
        users.lock().unwrap().clone(),
    );
    assert!(
        files.len() > 5 && boards.len() > 5 && !updates.is_empty() && !users.is_empty(),
        "{} {} {} {}",
        files.len(),
        boards.len(),
        updates.len(),
        users.len()
    );

    let (child, url) = spawn_serve(dir.path());
    let (cookie, _) = sign_in(&http, &url, "analyst.incheon").await;
    for (id, body) in &files {
        let res = http
            .get(format!(
                "{url}/api/requests/{}/attachments/{id}",
                request.id
            ))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 200, "acknowledged attachment {id} was lost");
        assert_eq!(
            &res.bytes().await.expect("bytes").to_vec(),
            body,
            "attachment {id}"
        );
    }
    for (id, title) in &boards {
        let res = http
            .get(format!("{url}/api/dashboards/{id}"))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 200, "acknowledged dashboard {id} was lost");
        let d: serde_json::Value = res.json().await.expect("json");
        assert_eq!(d["title"], title.as_str());
    }
    // The updated dashboard is at its last acknowledged version, or one after it.
    let (last_version, last_title) = updates.last().expect("an update").clone();
    let d: serde_json::Value = http
        .get(format!("{url}/api/dashboards/{updated_id}"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    let version = d["version"].as_i64().expect("version");
    assert!(
        version >= last_version,
        "update to version {last_version} was lost"
    );
    if version == last_version {
        assert_eq!(d["title"], last_title.as_str());
    }
    // Every acknowledged account is there.
    let (admin_cookie, _) = sign_in(&http, &url, "admin").await;
    let listed: Vec<serde_json::Value> = http
        .get(format!("{url}/api/users"))
        .header("cookie", &admin_cookie)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    for (id, name) in &users {
        assert!(
            listed
                .iter()
                .any(|u| u["id"] == *id && u["username"] == name.as_str()),
            "acknowledged account {name} was lost"
        );
    }
    // No attachment row without its bytes, and no stray partial files.
    let req: portal_core::workflow::AnalysisRequest = http
        .get(format!("{url}/api/requests/{}", request.id))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    let folder = dir.path().join(format!("var/attachments/{}", request.id));
    for a in &req.attachments {
        assert!(
            folder.join(a.id.to_string()).is_file(),
            "row {} has no bytes",
            a.id
        );
    }
    // ...and no bytes without their row: what a crash left was removed at start-up.
    for entry in std::fs::read_dir(&folder).expect("folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            req.attachments.iter().any(|a| a.id.to_string() == name),
            "stray file {name}"
        );
    }
    stop(child);
    // Every acknowledged write has its audit row (written in the same transaction).
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("var/portal.db").display()
    ))
    .await
    .expect("open the database");
    let audited = |action: &'static str, key: &'static str| {
        let db = db.clone();
        async move {
            let rows: Vec<(String,)> =
                sqlx::query_as("SELECT detail FROM audit_log WHERE action = ?")
                    .bind(action)
                    .fetch_all(&db)
                    .await
                    .expect("audit");
            rows.into_iter()
                .filter_map(|(d,)| serde_json::from_str::<serde_json::Value>(&d).ok())
                .filter_map(|d| d[key].as_i64())
                .collect::<std::collections::HashSet<i64>>()
        }
    };
    let added = audited("attachment_added", "attachment").await;
    assert!(
        files.iter().all(|(id, _)| added.contains(id)),
        "attachment audit rows"
    );
    let created = audited("dashboard_created", "dashboard").await;
    assert!(
        boards.iter().all(|(id, _)| created.contains(id)),
        "dashboard audit rows"
    );
    let accounts = audited("user_created", "user").await;
    assert!(
        users.iter().all(|(id, _)| accounts.contains(id)),
        "account audit rows"
    );
    let (titles,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'dashboard_updated' \
         AND json_extract(detail, '$.title') = ?",
    )
    .bind(&last_title)
    .fetch_one(&db)
    .await
    .expect("audit");
    assert_eq!(titles, 1, "the last acknowledged update has its audit row");
    eprintln!(
        "durability: {} attachments, {} dashboards, {} dashboard updates and {} accounts \
         acknowledged before SIGKILL, all found after restart with their audit rows ({} \
         attachment rows in all)",
        files.len(),
        boards.len(),
        updates.len(),
        users.len(),
        req.attachments.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_copies_the_database_while_the_server_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (child, url) = spawn_serve(dir.path());
    let http = crate::common::plain_client();
    for _ in 0..3 {
        sign_in(&http, &url, "reviewer").await;
    }
    let out = dir.path().join("backup.db");
    let run = || {
        Command::new(PORTAL)
            .args(["backup", "--data-dir"])
            .arg(dir.path().join("var"))
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run")
    };
    let o = run();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run();
    assert!(!o.status.success(), "an existing file is never overwritten");
    let copy = sqlx::SqlitePool::connect(&format!("sqlite://{}", out.display()))
        .await
        .expect("open the backup");
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(&copy)
        .await
        .expect("users");
    let (logins,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'login_success'")
            .fetch_one(&copy)
            .await
            .expect("audit");
    assert_eq!(users, 5);
    assert_eq!(logins, 3);
    stop(child);
}
