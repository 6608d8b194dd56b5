//! Sign-in, sessions, CSRF, throttling and the audit of logins, over HTTP with a real database.

use portal_core::api::ErrorCode;
use portal_core::api::{ErrorBody, Me, Role};
use portal_server::accounts::DEMO_PASSWORD;
use portal_server::auth::throttle::MAX_FAILURES_PER_PAIR;
use serde_json::json;

use crate::common::TestServer;

async fn login(
    srv: &TestServer,
    client: &reqwest::Client,
    user: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(srv.url("/api/auth/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("send")
}

fn client() -> reqwest::Client {
    crate::common::session_client()
}

async fn audit_actions(srv: &TestServer, username: &str) -> Vec<String> {
    let db = srv.db().await;
    portal_server::fetch!(
        &db,
        fetch_all,
        query_scalar::<String>,
        "SELECT action FROM audit_log WHERE username = ? ORDER BY id",
        username
    )
    .expect("audit")
}

#[tokio::test]
async fn demo_user_signs_in_sees_me_and_signs_out() {
    let srv = TestServer::start().await;
    let c = client();
    assert_eq!(
        c.get(srv.url("/api/me"))
            .send()
            .await
            .expect("send")
            .status(),
        401
    );

    let res = login(&srv, &c, "analyst.incheon", DEMO_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    for part in ["portal_session=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP by default");
    let me: Me = res.json().await.expect("json");
    assert_eq!(me.role, Role::Analyst);
    assert_eq!(me.office_code, "40");
    assert_eq!(me.office_ko, "인천공항본부세관");
    assert_eq!(me.csrf_token.len(), 64);

    let again: Me = c
        .get(srv.url("/api/me"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(again, me);

    // Logout needs the CSRF token.
    let res = c
        .post(srv.url("/api/auth/logout"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::CsrfRejected
    );
    let res = c
        .post(srv.url("/api/auth/logout"))
        .header("x-csrf-token", "0".repeat(64))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 403);
    let res = c
        .post(srv.url("/api/auth/logout"))
        .header("x-csrf-token", &me.csrf_token)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 204);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0")
    );
    assert_eq!(
        c.get(srv.url("/api/me"))
            .send()
            .await
            .expect("send")
            .status(),
        401
    );
    assert_eq!(
        audit_actions(&srv, "analyst.incheon").await,
        ["login_success", "logout"]
    );
}

#[tokio::test]
async fn a_new_login_replaces_the_old_session() {
    let srv = TestServer::start().await;
    let c = client();
    let first = login(&srv, &c, "reviewer", DEMO_PASSWORD).await;
    let first_cookie = first.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    let second = login(&srv, &c, "reviewer", DEMO_PASSWORD).await;
    let second_cookie = second.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    assert_ne!(
        first_cookie, second_cookie,
        "login always issues a new session id"
    );
    // The session id the client held before signing in no longer opens anything.
    let plain = crate::common::plain_client();
    let old = plain
        .get(srv.url("/api/me"))
        .header("cookie", &first_cookie)
        .send()
        .await
        .expect("send");
    assert_eq!(old.status(), 401);
    let new = plain
        .get(srv.url("/api/me"))
        .header("cookie", &second_cookie)
        .send()
        .await
        .expect("send");
    assert_eq!(new.status(), 200);
    // A forged cookie is refused.
    let forged = plain
        .get(srv.url("/api/me"))
        .header("cookie", format!("portal_session={}", "a".repeat(64)))
        .send()
        .await
        .expect("send");
    assert_eq!(forged.status(), 401);
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_throttled_and_audited() {
    let srv = TestServer::start().await;
    let c = client();
    for _ in 0..MAX_FAILURES_PER_PAIR {
        let res = login(&srv, &c, "bureau", "wrong").await;
        assert_eq!(res.status(), 401);
        assert_eq!(
            res.json::<ErrorBody>().await.expect("json").code,
            ErrorCode::InvalidCredentials
        );
    }
    // Even the right password waits now.
    let res = login(&srv, &c, "bureau", DEMO_PASSWORD).await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(wait > 0 && wait <= 15 * 60 + 1);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::TooManyAttempts
    );
    // Another account is still open.
    assert_eq!(login(&srv, &c, "admin", DEMO_PASSWORD).await.status(), 200);
    let actions = audit_actions(&srv, "bureau").await;
    assert_eq!(
        actions.iter().filter(|a| *a == "login_failure").count(),
        MAX_FAILURES_PER_PAIR as usize
    );
    assert_eq!(actions.last().map(String::as_str), Some("login_throttled"));
    // Unknown users get the same answer as wrong passwords.
    let res = login(&srv, &c, "nobody", "x").await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::InvalidCredentials
    );
}

#[tokio::test]
async fn bad_login_bodies_get_json_errors() {
    let srv = TestServer::start().await;
    let c = client();
    let long = "x".repeat(300);
    let cases = [
        (json!({"username": "", "password": "x"}), "bad_request"),
        (json!({"username": "admin", "password": ""}), "bad_request"),
        (json!({"username": long, "password": "x"}), "bad_request"),
        (json!({"username": "admin"}), "invalid_json"),
        (
            json!({"username": "admin", "password": "x", "role": "admin"}),
            "invalid_json",
        ),
    ];
    for (body, code) in cases {
        let res = c
            .post(srv.url("/api/auth/login"))
            .json(&body)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 400, "{body}");
        assert_eq!(
            res.json::<ErrorBody>().await.expect("json").code.as_str(),
            code,
            "{body}"
        );
    }
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    let srv = TestServer::start().await;
    let c = client();
    assert_eq!(login(&srv, &c, "admin", DEMO_PASSWORD).await.status(), 200);
    let db = srv.db().await;
    let upd = portal_server::execute!(&db, "UPDATE audit_log SET action = 'nothing'");
    assert!(
        upd.expect_err("update refused")
            .to_string()
            .contains("append-only")
    );
    let del = portal_server::execute!(&db, "DELETE FROM audit_log");
    assert!(
        del.expect_err("delete refused")
            .to_string()
            .contains("append-only")
    );
    if db.backend() == "sqlite" {
        let mode: String =
            portal_server::fetch!(&db, fetch_one, query_scalar::<_>, "PRAGMA journal_mode")
                .expect("pragma");
        assert_eq!(mode, "wal");
    }
}
