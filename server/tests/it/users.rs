//! Accounts: administrators create, change, disable and reset accounts; users change their own
//! password and sign out everywhere; idle and disabled sessions end; the address behind a
//! trusted proxy; `portal user add`; and no demo account without `--demo`.

use std::io::Write;
use std::process::{Command, Stdio};

use portal_core::accounts::UserSummary;
use portal_core::api::ErrorCode;
use reqwest::Method;
use serde_json::json;

use crate::binary::PORTAL;
use crate::common::{As, TestServer, err, ok_json, send, who};

const GOOD: &str = "관세청 빅데이터 2026!";

async fn login(srv: &TestServer, user: &str, password: &str) -> reqwest::Response {
    crate::common::plain_client()
        .post(srv.url("/api/auth/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("send")
}

async fn me_status(srv: &TestServer, a: &As) -> u16 {
    send(srv, a, Method::GET, "/api/me", None)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn an_administrator_creates_changes_disables_and_resets_accounts() {
    let srv = TestServer::start().await;
    let admin = who(&srv, "admin").await;
    let new = json!({"username": "kim.new", "display_name": "김신규", "role": "analyst",
                     "office_code": "20", "password": GOOD});
    let created: UserSummary =
        ok_json(send(&srv, &admin, Method::POST, "/api/users", Some(new.clone())).await).await;
    assert_eq!(
        (created.username.as_str(), created.office_code.as_str()),
        ("kim.new", "20")
    );
    let e = err(
        send(&srv, &admin, Method::POST, "/api/users", Some(new)).await,
        409,
    )
    .await;
    assert_eq!(e.code, ErrorCode::Conflict);
    for (body, code) in [
        (
            json!({"username": "Bad Name", "display_name": "x", "role": "analyst", "office_code": "20", "password": GOOD}),
            ErrorCode::BadRequest,
        ),
        (
            json!({"username": "lee.new", "display_name": "x", "role": "analyst", "office_code": "77", "password": GOOD}),
            ErrorCode::BadRequest,
        ),
        (
            json!({"username": "lee.new", "display_name": "x", "role": "analyst", "office_code": "20", "password": "short"}),
            ErrorCode::WeakPassword,
        ),
        (
            json!({"username": "lee.new", "display_name": "x", "role": "analyst", "office_code": "20", "password": "lee.new-is-my-password"}),
            ErrorCode::WeakPassword,
        ),
        (
            json!({"username": "lee.new", "display_name": "x\u{202E}", "role": "analyst", "office_code": "20", "password": GOOD}),
            ErrorCode::BadRequest,
        ),
    ] {
        let e = err(
            send(&srv, &admin, Method::POST, "/api/users", Some(body)).await,
            400,
        )
        .await;
        assert_eq!(e.code, code, "{}", e.message);
    }

    // The new account signs in; moving it to another office ends its session (its scope
    // changed), disabling it refuses its sign-in.
    let kim = who_with(&srv, "kim.new", GOOD).await;
    assert_eq!(me_status(&srv, &kim).await, 200);
    let path = format!("/api/users/{}", created.id);
    let moved: UserSummary = ok_json(
        send(
            &srv,
            &admin,
            Method::PUT,
            &path,
            Some(json!({"office_code": "40"})),
        )
        .await,
    )
    .await;
    assert_eq!(moved.office_code, "40");
    assert_eq!(
        me_status(&srv, &kim).await,
        401,
        "a new scope needs a new sign-in"
    );
    let kim = who_with(&srv, "kim.new", GOOD).await;
    let _: UserSummary = ok_json(
        send(
            &srv,
            &admin,
            Method::PUT,
            &path,
            Some(json!({"disabled": true})),
        )
        .await,
    )
    .await;
    assert_eq!(
        me_status(&srv, &kim).await,
        401,
        "a disabled account's sessions end"
    );
    assert_eq!(login(&srv, "kim.new", GOOD).await.status(), 401);
    let _: UserSummary = ok_json(
        send(
            &srv,
            &admin,
            Method::PUT,
            &path,
            Some(json!({"disabled": false})),
        )
        .await,
    )
    .await;

    // A reset password replaces the old one and ends the sessions.
    let kim = who_with(&srv, "kim.new", GOOD).await;
    let res = send(
        &srv,
        &admin,
        Method::POST,
        &format!("{path}/password"),
        Some(json!({"password": "새 비밀번호 2026-12"})),
    )
    .await;
    assert_eq!(res.status(), 204);
    assert_eq!(me_status(&srv, &kim).await, 401);
    assert_eq!(login(&srv, "kim.new", GOOD).await.status(), 401);
    assert_eq!(
        login(&srv, "kim.new", "새 비밀번호 2026-12").await.status(),
        200
    );

    // No administrator can lock themselves out by mistake.
    let users: Vec<UserSummary> =
        ok_json(send(&srv, &admin, Method::GET, "/api/users", None).await).await;
    let me = users.iter().find(|u| u.username == "admin").expect("admin");
    for body in [json!({"disabled": true}), json!({"role": "analyst"})] {
        let e = err(
            send(
                &srv,
                &admin,
                Method::PUT,
                &format!("/api/users/{}", me.id),
                Some(body),
            )
            .await,
            400,
        )
        .await;
        assert_eq!(e.code, ErrorCode::BadRequest);
    }
    // Every change is in the audit log.
    let db = srv.db().await;
    let actions: Vec<(String,)> = portal_server::fetch!(
        &db,
        fetch_all,
        query_as::<_>,
        "SELECT action FROM audit_log WHERE username = 'admin' AND action IN \
         ('user_created', 'user_updated', 'password_reset') ORDER BY id"
    )
    .expect("audit");
    let actions: Vec<&str> = actions.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "user_created",
            "user_updated",
            "user_updated",
            "user_updated",
            "password_reset"
        ]
    );
}

#[tokio::test]
async fn users_change_their_own_password_and_sign_out_everywhere() {
    let srv = TestServer::start().await;
    let here = who(&srv, "bureau").await;
    let there = who(&srv, "bureau").await;
    let demo = portal_server::accounts::DEMO_PASSWORD;
    let change = |current: &str, new: &str| json!({"current": current, "new": new});
    let e = err(
        send(
            &srv,
            &here,
            Method::POST,
            "/api/me/password",
            Some(change("wrong", GOOD)),
        )
        .await,
        401,
    )
    .await;
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    let e = err(
        send(
            &srv,
            &here,
            Method::POST,
            "/api/me/password",
            Some(change(demo, "bureau-bureau-bureau")),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(e.code, ErrorCode::WeakPassword);
    let res = send(
        &srv,
        &here,
        Method::POST,
        "/api/me/password",
        Some(change(demo, GOOD)),
    )
    .await;
    assert_eq!(res.status(), 204);
    assert_eq!(me_status(&srv, &here).await, 200, "this session goes on");
    assert_eq!(me_status(&srv, &there).await, 401, "other sessions end");
    assert_eq!(login(&srv, "bureau", demo).await.status(), 401);
    let again = who_with(&srv, "bureau", GOOD).await;
    let res = send(&srv, &here, Method::POST, "/api/auth/logout-all", None).await;
    assert_eq!(res.status(), 204);
    assert_eq!(me_status(&srv, &here).await, 401);
    assert_eq!(me_status(&srv, &again).await, 401);
}

async fn who_with(srv: &TestServer, user: &str, password: &str) -> As {
    let client = crate::common::session_client();
    let res = client
        .post(srv.url("/api/auth/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
    let me: portal_core::api::Me = res.json().await.expect("me");
    As {
        client,
        csrf: me.csrf_token,
    }
}

#[tokio::test]
async fn idle_sessions_end_and_expired_ones_are_purged() {
    let srv = TestServer::start().await;
    let a = who(&srv, "reviewer").await;
    assert_eq!(me_status(&srv, &a).await, 200);
    let db = srv.db().await;
    // Idle for 31 minutes.
    portal_server::execute!(&db, "UPDATE sessions SET last_seen = last_seen - 31 * 60")
        .expect("age");
    assert_eq!(me_status(&srv, &a).await, 401);
    // The next sign-in purges it.
    let _ = who(&srv, "admin").await;
    let (left,): (i64,) = portal_server::fetch!(
        &db,
        fetch_one,
        query_as::<_>,
        "SELECT COUNT(*) FROM sessions"
    )
    .expect("count");
    assert_eq!(left, 1, "only the new session is left");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_audited() {
    let srv =
        TestServer::with_data(|o| o.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let res = crate::common::plain_client()
        .post(srv.url("/api/auth/login"))
        .header("x-forwarded-for", "203.0.113.9, 198.51.100.7")
        .json(&json!({"username": "bureau", "password": "wrong"}))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 401);
    let (addr,): (String,) = portal_server::fetch!(
        &srv.db().await,
        fetch_one,
        query_as::<_>,
        "SELECT address FROM audit_log WHERE action = 'login_failure' ORDER BY id DESC LIMIT 1"
    )
    .expect("audit");
    assert_eq!(
        addr, "198.51.100.7",
        "the nearest hop before the trusted proxy"
    );
    // Without the option the header is not believed.
    let plain = TestServer::start().await;
    let _ = crate::common::plain_client()
        .post(plain.url("/api/auth/login"))
        .header("x-forwarded-for", "203.0.113.9")
        .json(&json!({"username": "bureau", "password": "wrong"}))
        .send()
        .await
        .expect("send");
    let (addr,): (String,) = portal_server::fetch!(
        &plain.db().await,
        fetch_one,
        query_as::<_>,
        "SELECT address FROM audit_log WHERE action = 'login_failure' ORDER BY id DESC LIMIT 1"
    )
    .expect("audit");
    assert_eq!(addr, "127.0.0.1");
}

#[test]
fn without_demo_there_are_no_demo_accounts_and_user_add_makes_the_first_admin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let var = dir.path().join("var");
    let add = |password: &str| {
        let mut child = Command::new(PORTAL)
            .args([
                "user",
                "add",
                "--username",
                "first.admin",
                "--display-name",
                "첫 관리자",
            ])
            .args(["--role", "admin", "--office", "00", "--data-dir"])
            .arg(&var)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        writeln!(child.stdin.take().expect("stdin"), "{password}").expect("write");
        child.wait_with_output().expect("wait")
    };
    let weak = add("admin");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password refused"));
    let ok = add(GOOD);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let again = add(GOOD);
    assert!(!again.status.success(), "the name is taken");

    // A server started without --demo has the account made above and no demo account.
    let mut child = Command::new(PORTAL)
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--demo-declarations",
            "300",
            "--data-dir",
        ])
        .arg(&var)
        .arg("--dist-dir")
        .arg(dir.path().join("dist"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().expect("stdout")),
        &mut line,
    )
    .expect("read");
    let url = line
        .trim()
        .trim_start_matches("Portal running at ")
        .trim_end_matches('/')
        .to_owned();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let status = |user: &str, password: &str| {
        rt.block_on(async {
            crate::common::plain_client()
                .post(format!("{url}/api/auth/login"))
                .json(&json!({"username": user, "password": password}))
                .send()
                .await
                .expect("send")
                .status()
                .as_u16()
        })
    };
    assert_eq!(status("admin", portal_server::accounts::DEMO_PASSWORD), 401);
    assert_eq!(status("first.admin", GOOD), 200);
    child.kill().expect("kill");
    child.wait().expect("wait");
}
