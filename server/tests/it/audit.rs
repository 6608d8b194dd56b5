//! The administrators' view of the audit log.

use portal_core::api::ErrorCode;
use portal_core::api::{AuditPage, ErrorBody};
use serde_json::json;

use crate::common::TestServer;

#[tokio::test]
async fn admins_page_and_filter_the_audit_log() {
    let srv = TestServer::start().await;
    // Two failures for bureau, then admin signs in (the reviewer signed in at start-up).
    let anon = crate::common::plain_client();
    for _ in 0..2 {
        let res = anon
            .post(srv.url("/api/auth/login"))
            .json(&json!({"username": "bureau", "password": "nope"}))
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), 401);
    }
    let (admin, _) = srv.client_as("admin").await;
    let get = |q: &str| admin.get(srv.url(&format!("/api/audit{q}"))).send();

    let all: AuditPage = get("").await.expect("send").json().await.expect("json");
    let actions: Vec<_> = all
        .entries
        .iter()
        .map(|e| (e.username.as_deref(), e.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            (Some("admin"), "login_success"),
            (Some("bureau"), "login_failure"),
            (Some("bureau"), "login_failure"),
            (Some("reviewer"), "login_success"),
            // The five demo accounts, made at start-up by no user.
            (None, "user_created"),
            (None, "user_created"),
            (None, "user_created"),
            (None, "user_created"),
            (None, "user_created"),
        ]
    );
    assert!(
        all.entries[0]
            .address
            .as_deref()
            .is_some_and(|a| a.starts_with("127."))
    );
    assert_eq!(all.next_before, None);

    let failures: AuditPage = get("?action=login_failure&user=bureau")
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(failures.entries.len(), 2);
    // Pages of 3, newest first: 3 + 3 + 3 entries, then no more.
    let page1: AuditPage = get("?limit=3")
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(page1.entries.len(), 3);
    let before = page1.next_before.expect("more");
    let page2: AuditPage = get(&format!("?limit=3&before={before}"))
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(page2.entries.len(), 3);
    assert_eq!(page2.entries[0].username.as_deref(), Some("reviewer"));
    let before = page2.next_before.expect("more");
    let page3: AuditPage = get(&format!("?limit=3&before={before}"))
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(page3.entries.len(), 3);
    assert_eq!(page3.next_before, None);

    for bad in ["?limit=0", "?limit=501", "?limit=x", "?colour=red"] {
        let res = get(bad).await.expect("send");
        assert_eq!(res.status(), 400, "{bad}");
        assert_eq!(
            res.json::<ErrorBody>().await.expect("json").code,
            ErrorCode::BadRequest,
            "{bad}"
        );
    }
    // The reviewer (srv.http) may not read it.
    let res = srv
        .http
        .get(srv.url("/api/audit"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<ErrorBody>().await.expect("json").code,
        ErrorCode::Forbidden
    );
}

#[tokio::test]
async fn the_hash_chain_finds_a_row_changed_behind_the_servers_back() {
    let srv = TestServer::start().await;
    for _ in 0..3 {
        let _ = srv.client_as("reviewer").await;
    }
    let db = srv.db().await;
    let sealed = portal_server::audit_chain::seal(&db).await.expect("seal");
    assert!(sealed >= 4, "{sealed}");
    assert_eq!(
        portal_server::audit_chain::seal(&db).await.expect("again"),
        0
    );
    let _ = srv.client_as("admin").await;
    let v = portal_server::audit_chain::verify(&db)
        .await
        .expect("verify");
    assert_eq!((v.broken_at, v.unsealed), (None, 1));
    assert_eq!(v.intact, sealed);

    // Someone with the file drops the guard and edits the second row.
    portal_server::execute!(
        &db,
        match db.backend() {
            "postgres" => "DROP TRIGGER audit_log_no_update ON audit_log",
            _ => "DROP TRIGGER audit_log_no_update",
        }
    )
    .expect("drop trigger");
    portal_server::execute!(
        &db,
        "UPDATE audit_log SET detail = '{\"edited\":true}' WHERE id = 2"
    )
    .expect("tamper");
    let v = portal_server::audit_chain::verify(&db)
        .await
        .expect("verify");
    assert_eq!(v.broken_at, Some(2));
    assert_eq!(v.intact, 1);
    let out = std::process::Command::new(crate::binary::PORTAL)
        .args(["audit", "verify", "--db"])
        .arg(srv.db_location())
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("breaks at row 2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two portals on one database (two pools, each with its own queue of writers; on PostgreSQL
/// reached by two host names so that nothing in the process orders them) write audit rows at
/// once: every write succeeds and the ids have no gaps. The test databases on PostgreSQL
/// default to REPEATABLE READ, where a writer whose snapshot predated the lock would reuse an
/// id (see `db::begin_write`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_portals_on_one_database_write_gapless_audit_ids() {
    use portal_core::api::AuditAction;
    use portal_server::audit::{Who, record_alone};
    let dir = tempfile::tempdir().expect("tempdir");
    let at = crate::common::test_database(dir.path());
    let first = portal_server::db::open(&at).await.expect("first portal");
    let other = std::path::PathBuf::from(at.to_string_lossy().replacen(
        "@127.0.0.1:",
        "@localhost:",
        1,
    ));
    let second = portal_server::db::open(&other)
        .await
        .expect("second portal");
    let mut writers = tokio::task::JoinSet::new();
    for i in 0..60 {
        let db = if i % 2 == 0 { &first } else { &second }.clone();
        writers.spawn(async move {
            let who = Who {
                user_id: None,
                username: Some("nobody"),
                address: None,
            };
            record_alone(&db, who, AuditAction::LoginFailure, &json!({"writer": i})).await
        });
    }
    while let Some(done) = writers.join_next().await {
        done.expect("writer").expect("an audit row");
    }
    let ids: Vec<i64> = portal_server::fetch!(
        &first,
        fetch_all,
        query_scalar::<i64>,
        "SELECT id FROM audit_log ORDER BY id"
    )
    .expect("ids");
    let from = ids[0];
    assert_eq!(ids, (from..from + ids.len() as i64).collect::<Vec<_>>());
    assert!(ids.len() >= 60, "{}", ids.len());
}
