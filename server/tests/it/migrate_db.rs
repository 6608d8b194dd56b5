//! `portal migrate-db`: a portal's state copied from its SQLite file into a new database
//! (PostgreSQL when `PORTAL_TEST_POSTGRES` names one, another SQLite file otherwise) keeps every
//! row, its audit chain verifies there, and a server over the copy signs the same people in and
//! numbers new rows after the copied ones.

use portal_server::cli::MigrateDbOptions;
use portal_server::commands::migrate_db::migrate_db;
use portal_server::state::AppState;

use crate::common::{TestServer, options, test_database, who};

/// Rows per table, in the order of the list.
async fn counts(db: &portal_server::db::Db) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "users",
        "sessions",
        "audit_log",
        "audit_chain",
        "dashboards",
        "dashboard_widgets",
    ] {
        let n = portal_server::fetch!(
            db,
            fetch_one,
            query_scalar::<i64>,
            &format!("SELECT COUNT(*) FROM {table}")
        )
        .expect("count");
        out.push(n);
    }
    out
}

#[tokio::test]
async fn a_portals_state_moves_to_a_new_database_whole() {
    // The source is a SQLite file whatever the suite runs on.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut opts = options(dir.path(), dir.path().join("var"));
    let source = dir.path().join("source.db");
    opts.db = Some(source.clone());
    std::fs::create_dir_all(dir.path().join("dist")).expect("dist");
    let srv = TestServer::serve(dir, AppState::prepare(&opts).await.expect("state")).await;
    let me = who(&srv, "analyst.incheon").await;
    crate::dashboards::make(&srv, &me, "이관 전", 2).await;
    let db = srv.db().await;
    portal_server::audit_chain::seal(&db).await.expect("seal");
    let before = counts(&db).await;
    assert!(
        before[2] > 3 && before[3] > 3 && before[5] == 2,
        "{before:?}"
    );

    let target_dir = tempfile::tempdir().expect("tempdir");
    let target = test_database(target_dir.path());
    migrate_db(MigrateDbOptions {
        from: source.clone(),
        to: target.clone(),
    })
    .await
    .expect("migrate");
    let copy = portal_server::db::open(&target)
        .await
        .expect("open the copy");
    assert_eq!(counts(&copy).await, before);
    let v = portal_server::audit_chain::verify(&copy)
        .await
        .expect("verify");
    assert_eq!((v.broken_at, v.intact), (None, before[3] as u64));

    // A second copy into the same database is refused, and changes nothing.
    let again = migrate_db(MigrateDbOptions {
        from: source,
        to: target.clone(),
    })
    .await
    .expect_err("refused");
    assert!(again.to_string().contains("new database"), "{again}");
    assert_eq!(counts(&copy).await, before);

    // A server over the copy: the same accounts sign in, new rows follow the copied ids.
    let copy_dir = tempfile::tempdir().expect("tempdir");
    let mut copy_opts = options(copy_dir.path(), copy_dir.path().join("var"));
    copy_opts.db = Some(target);
    std::fs::create_dir_all(copy_dir.path().join("dist")).expect("dist");
    let moved = TestServer::serve(
        copy_dir,
        AppState::prepare(&copy_opts).await.expect("state"),
    )
    .await;
    let me = who(&moved, "analyst.incheon").await;
    let d = crate::dashboards::make(&moved, &me, "이관 후", 1).await;
    assert!(d.id > 1, "{}", d.id);
    assert_eq!(d.widgets[0].id, 3);
}
