use portal_core::api::{ComponentStatus, Health};

use crate::common::TestServer;

#[tokio::test]
async fn health_reports_version_uptime_and_components() {
    let srv = TestServer::start().await;
    let res = srv
        .http
        .get(srv.url("/api/health"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/json")
    );
    let health: Health = res.json().await.expect("json");
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert!(health.uptime_seconds < 60);
    assert_eq!(health.data.status, ComponentStatus::Ready);
    assert_eq!(health.data.path, srv.data_dir().display().to_string());
    // The database (a file, or a PostgreSQL database) was created and migrated at start-up.
    assert_eq!(health.db.status, ComponentStatus::Ready);
    match portal_server::db::Location::of(&srv.db_location()) {
        portal_server::db::Location::Sqlite(_) => {
            assert!(std::path::Path::new(&health.db.path).is_file());
        }
        portal_server::db::Location::Postgres(_) => {
            assert!(
                health.db.path.starts_with("postgres://"),
                "{}",
                health.db.path
            );
        }
    }
    assert!(health.is_healthy());
}

#[tokio::test]
async fn health_sees_a_removed_data_dir() {
    let srv = TestServer::start().await;
    std::fs::remove_dir_all(srv.data_dir()).expect("remove");
    let health: Health = srv.get_json("/api/health").await;
    assert_eq!(health.data.status, ComponentStatus::Missing);
    assert!(!health.is_healthy());
}
