//! Dashboards over HTTP: CRUD, layout, ownership, sharing by name and by office, duplicates,
//! stale versions and bad inputs; and the home page's figures.

use portal_core::api::AuditAction;
use portal_core::api::ErrorCode;
use portal_core::dashboard::{Dashboard, DashboardSummary, HomeFigures};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{As, TestServer, err, ok_json, send, who};

async fn ok<T: serde::de::DeserializeOwned>(res: reqwest::Response) -> T {
    ok_json(res).await
}

fn widget(title: &str) -> Value {
    json!({"title": title, "width": 2, "height": 1, "analysis": {
        "spec": {"dataset": "import_declaration", "group_by": ["office_id"],
                 "aggregates": [{"func": "count"}]},
        "chart": {"kind": "bar"}}})
}

pub async fn make(srv: &TestServer, a: &As, title: &str, widgets: usize) -> Dashboard {
    let mut d: Dashboard = ok(send(
        srv,
        a,
        Method::POST,
        "/api/dashboards",
        Some(json!({"title": title})),
    )
    .await)
    .await;
    for i in 0..widgets {
        d = ok(send(
            srv,
            a,
            Method::POST,
            &format!("/api/dashboards/{}/widgets", d.id),
            Some(widget(&format!("위젯 {i}"))),
        )
        .await)
        .await;
    }
    d
}

#[tokio::test]
async fn create_lay_out_and_delete() {
    let srv = TestServer::start().await;
    let me = who(&srv, "analyst.incheon").await;
    let d = make(&srv, &me, "  인천 월간 현황 ", 3).await;
    assert_eq!(d.title, "인천 월간 현황");
    assert!(d.can_edit);
    assert_eq!(d.owner, "analyst.incheon");
    assert_eq!(d.widgets.len(), 3);
    assert_eq!(d.version, 4, "one version per change");
    assert_eq!(d.widgets[1].analysis.spec.dataset, "import_declaration");

    // Reorder (2, 0), resize, retitle, drop widget 1, turn auto-refresh on.
    let (w0, w1, w2) = (d.widgets[0].id, d.widgets[1].id, d.widgets[2].id);
    let body = json!({"version": d.version, "title": "새 제목", "auto_refresh_s": 300, "widgets": [
        {"id": w2, "title": "둘", "width": 4, "height": 3},
        {"id": w0, "title": "영", "width": 1, "height": 1}]});
    let d2: Dashboard = ok(send(
        &srv,
        &me,
        Method::PUT,
        &format!("/api/dashboards/{}", d.id),
        Some(body.clone()),
    )
    .await)
    .await;
    assert_eq!(
        d2.widgets.iter().map(|w| w.id).collect::<Vec<_>>(),
        [w2, w0]
    );
    assert_eq!((d2.widgets[0].width, d2.widgets[0].height), (4, 3));
    assert_eq!(d2.title, "새 제목");
    assert_eq!(d2.auto_refresh_s, Some(300));
    assert!(!d2.widgets.iter().any(|w| w.id == w1));

    // The same body again carries a stale version.
    let e = err(
        send(
            &srv,
            &me,
            Method::PUT,
            &format!("/api/dashboards/{}", d.id),
            Some(body),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(e.code, ErrorCode::Conflict);

    // Reload: what was saved is what comes back.
    let again: Dashboard = ok(send(
        &srv,
        &me,
        Method::GET,
        &format!("/api/dashboards/{}", d.id),
        None,
    )
    .await)
    .await;
    assert_eq!(again, d2);
    let list: Vec<DashboardSummary> =
        ok(send(&srv, &me, Method::GET, "/api/dashboards", None).await).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].widgets, 2);

    let res = send(
        &srv,
        &me,
        Method::DELETE,
        &format!("/api/dashboards/{}", d.id),
        None,
    )
    .await;
    assert_eq!(res.status(), 204);
    err(
        send(
            &srv,
            &me,
            Method::GET,
            &format!("/api/dashboards/{}", d.id),
            None,
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn scored_widgets_keep_their_model_through_reads_and_duplicates() {
    let srv = TestServer::start().await;
    let me = who(&srv, "analyst.busan").await;
    let d = make(&srv, &me, "위험 선별", 0).await;
    let board = format!("/api/dashboards/{}", d.id);
    let path = format!("{board}/widgets");
    let scored = |model: &str| {
        json!({"title": "이번 주 위험", "model": model, "analysis": {
            "spec": {"dataset": "import_declaration", "limit": 500,
                     "columns": ["declaration_id", "hs6", "net_mass", "item_price"]},
            "chart": {"kind": "table"}}})
    };
    let d: Dashboard = ok(send(&srv, &me, Method::POST, &path, Some(scored("price"))).await).await;
    assert_eq!(d.widgets[0].model.as_deref(), Some("price"));
    let read: Dashboard = ok(send(&srv, &me, Method::GET, &board, None).await).await;
    assert_eq!(read.widgets[0].model.as_deref(), Some("price"), "stored");
    let copy_path = format!("{board}/duplicate");
    let copy: Dashboard = ok(send(&srv, &me, Method::POST, &copy_path, None).await).await;
    assert_eq!(copy.widgets[0].model.as_deref(), Some("price"), "copied");
    // A chart widget has no model, and says none.
    let d: Dashboard = ok(send(&srv, &me, Method::POST, &path, Some(widget("차트"))).await).await;
    assert_eq!(d.widgets[1].model, None);
    // Refused: unknown model, grouped extract, another dataset, no declaration_id.
    let mut grouped = scored("fraud");
    grouped["analysis"]["spec"] = widget("x")["analysis"]["spec"].clone();
    let mut other = scored("fraud");
    other["analysis"]["spec"] = json!({"dataset": "inspection", "limit": 10});
    let mut no_id = scored("fraud");
    no_id["analysis"]["spec"]["columns"] = json!(["hs6"]);
    for body in [scored("forecast"), grouped, other, no_id] {
        let e = err(
            send(&srv, &me, Method::POST, &path, Some(body.clone())).await,
            400,
        )
        .await;
        assert_eq!(e.code, ErrorCode::InvalidInput, "{body}");
    }
    let after: Dashboard = ok(send(&srv, &me, Method::GET, &board, None).await).await;
    assert_eq!(after.widgets.len(), 2, "refused widgets were not added");
}

#[tokio::test]
async fn network_widgets_keep_their_query_through_reads_and_duplicates() {
    let srv = TestServer::start().await;
    let me = who(&srv, "analyst.busan").await;
    let d = make(&srv, &me, "관계망", 0).await;
    let board = format!("/api/dashboards/{}", d.id);
    let path = format!("{board}/widgets");
    let network = |hops: u8| {
        json!({"title": "I0000001의 관계망", "width": 2, "height": 2,
            "network": {"party": "I0000001", "hops": hops, "min_shipments": 2},
            "analysis": {"spec": {"dataset": "cargo_manifest",
                "filters": [{"op": "eq", "column": "consignee_id", "value": "I0000001"}],
                "group_by": [{"column": "arrival_date", "bucket": "month"}],
                "aggregates": [{"func": "count"}]}, "chart": {"kind": "line"}}})
    };
    let d: Dashboard = ok(send(&srv, &me, Method::POST, &path, Some(network(2))).await).await;
    let q = d.widgets[0].network.clone().expect("a network widget");
    assert_eq!(
        (q.party.as_str(), q.hops, q.min_shipments),
        ("I0000001", Some(2), Some(2))
    );
    let read: Dashboard = ok(send(&srv, &me, Method::GET, &board, None).await).await;
    assert_eq!(read.widgets[0].network, Some(q.clone()), "stored");
    let copy_path = format!("{board}/duplicate");
    let copy: Dashboard = ok(send(&srv, &me, Method::POST, &copy_path, None).await).await;
    assert_eq!(copy.widgets[0].network, Some(q), "copied");
    // Refused: hops out of range, and a widget both scored and a network.
    let mut scored = network(1);
    scored["model"] = json!("fraud");
    for body in [network(4), network(0), scored] {
        let e = err(
            send(&srv, &me, Method::POST, &path, Some(body.clone())).await,
            400,
        )
        .await;
        assert_eq!(e.code, ErrorCode::InvalidInput, "{body}");
    }
    let after: Dashboard = ok(send(&srv, &me, Method::GET, &board, None).await).await;
    assert_eq!(after.widgets.len(), 1, "refused widgets were not added");
}

#[tokio::test]
async fn bad_inputs_are_refused_and_change_nothing() {
    let srv = TestServer::start().await;
    let me = who(&srv, "analyst.busan").await;
    let d = make(&srv, &me, "부산", 1).await;
    let path = format!("/api/dashboards/{}", d.id);
    for (body, code) in [
        (json!({"title": ""}), "invalid_input"),
        (json!({"title": "가".repeat(101)}), "invalid_input"),
        (json!({"title": "x", "extra": 1}), "invalid_json"),
        (json!({"name": "x"}), "invalid_json"),
    ] {
        let e = err(
            send(&srv, &me, Method::POST, "/api/dashboards", Some(body)).await,
            400,
        )
        .await;
        assert_eq!(e.code.as_str(), code);
    }
    let mut w = widget("w");
    w["width"] = json!(5);
    assert_eq!(
        err(
            send(&srv, &me, Method::POST, &format!("{path}/widgets"), Some(w)).await,
            400
        )
        .await
        .code,
        ErrorCode::InvalidInput
    );
    let mut w = widget("w");
    w["analysis"]["spec"]["dataset"] = json!("nope");
    assert_eq!(
        err(
            send(&srv, &me, Method::POST, &format!("{path}/widgets"), Some(w)).await,
            404
        )
        .await
        .code,
        ErrorCode::UnknownDataset
    );
    let mut w = widget("w");
    w["analysis"]["spec"]["group_by"] = json!(["no_such_column"]);
    assert_eq!(
        err(
            send(&srv, &me, Method::POST, &format!("{path}/widgets"), Some(w)).await,
            400
        )
        .await
        .code,
        ErrorCode::UnknownColumn
    );
    for body in [
        json!({"version": d.version, "title": "t", "widgets": [{"id": 999_999, "title": "t", "width": 1, "height": 1}]}),
        json!({"version": d.version, "title": "t", "auto_refresh_s": 7, "widgets": []}),
        json!({"version": d.version, "title": "t", "widgets": [{"id": d.widgets[0].id, "title": "t", "width": 1, "height": 0}]}),
    ] {
        assert_eq!(
            err(send(&srv, &me, Method::PUT, &path, Some(body)).await, 400)
                .await
                .code,
            ErrorCode::InvalidInput
        );
    }
    assert_eq!(
        err(
            send(
                &srv,
                &me,
                Method::PUT,
                &format!("{path}/shares"),
                Some(json!({"users": ["nobody"]}))
            )
            .await,
            400
        )
        .await
        .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        err(
            send(
                &srv,
                &me,
                Method::PUT,
                &format!("{path}/shares"),
                Some(json!({"users": ["analyst.busan"]}))
            )
            .await,
            400
        )
        .await
        .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        err(
            send(&srv, &me, Method::GET, "/api/dashboards/abc", None).await,
            400
        )
        .await
        .code,
        ErrorCode::BadRequest
    );
    let after: Dashboard = ok(send(&srv, &me, Method::GET, &path, None).await).await;
    assert_eq!(after, d, "refused changes left the dashboard as it was");
    // No CSRF token: refused.
    let res = me
        .client
        .post(srv.url("/api/dashboards"))
        .json(&json!({"title": "x"}))
        .send()
        .await
        .expect("send");
    assert_eq!(err(res, 403).await.code, ErrorCode::CsrfRejected);
}

#[tokio::test]
async fn sharing_is_read_only_and_scoped() {
    let srv = TestServer::start().await;
    let owner = who(&srv, "analyst.incheon").await;
    let reader = who(&srv, "reviewer").await;
    let other = who(&srv, "analyst.busan").await;
    let d = make(&srv, &owner, "공유 대시보드", 2).await;
    let path = format!("/api/dashboards/{}", d.id);

    // Before sharing nobody else sees it (404, not 403).
    err(send(&srv, &reader, Method::GET, &path, None).await, 404).await;
    err(send(&srv, &reader, Method::DELETE, &path, None).await, 404).await;

    let shared: Dashboard = ok(send(
        &srv,
        &owner,
        Method::PUT,
        &format!("{path}/shares"),
        Some(json!({"users": ["reviewer"], "office": false})),
    )
    .await)
    .await;
    assert_eq!(shared.shared_users, ["reviewer"]);

    let seen: Dashboard = ok(send(&srv, &reader, Method::GET, &path, None).await).await;
    assert!(!seen.can_edit);
    assert_eq!(seen.widgets.len(), 2);
    let list: Vec<DashboardSummary> =
        ok(send(&srv, &reader, Method::GET, "/api/dashboards", None).await).await;
    assert!(list.iter().any(|s| s.id == d.id && !s.can_edit));

    // The reader cannot change, add to, share or delete it.
    let upd = json!({"version": seen.version, "title": "hijack", "widgets": []});
    assert_eq!(
        err(
            send(&srv, &reader, Method::PUT, &path, Some(upd)).await,
            403
        )
        .await
        .code,
        ErrorCode::Forbidden
    );
    err(
        send(
            &srv,
            &reader,
            Method::POST,
            &format!("{path}/widgets"),
            Some(widget("x")),
        )
        .await,
        403,
    )
    .await;
    err(
        send(
            &srv,
            &reader,
            Method::PUT,
            &format!("{path}/shares"),
            Some(json!({"office": true})),
        )
        .await,
        403,
    )
    .await;
    err(send(&srv, &reader, Method::DELETE, &path, None).await, 403).await;

    // ...but may duplicate it into their own, which they then own.
    let copy: Dashboard = ok(send(
        &srv,
        &reader,
        Method::POST,
        &format!("{path}/duplicate"),
        None,
    )
    .await)
    .await;
    assert_eq!(copy.owner, "reviewer");
    assert!(copy.can_edit);
    assert_eq!(copy.widgets.len(), 2);
    assert_eq!(copy.widgets[0].analysis, d.widgets[0].analysis);
    assert!(copy.shared_users.is_empty());

    // Another office's analyst sees nothing, even after an office share (different office).
    err(send(&srv, &other, Method::GET, &path, None).await, 404).await;
    let _: Dashboard = ok(send(
        &srv,
        &owner,
        Method::PUT,
        &format!("{path}/shares"),
        Some(json!({"users": [], "office": true})),
    )
    .await)
    .await;
    err(send(&srv, &other, Method::GET, &path, None).await, 404).await;
    // The reviewer's name share was replaced; the reviewer is at another office too.
    err(send(&srv, &reader, Method::GET, &path, None).await, 404).await;
    // A colleague at the owner's office sees it read-only.
    let pool = srv.db().await;
    let hash = portal_server::auth::password::hash_password(portal_server::accounts::DEMO_PASSWORD)
        .expect("hash");
    portal_server::execute!(&pool, "INSERT INTO users (username, display_name, office_code, role, password_hash) \
         SELECT 'colleague', 'C', office_code, 'analyst', ? FROM users WHERE username = 'analyst.incheon'", hash)
    .expect("user");
    let colleague = who(&srv, "colleague").await;
    let seen: Dashboard = ok(send(&srv, &colleague, Method::GET, &path, None).await).await;
    assert!(seen.shared_office && !seen.can_edit);
    err(
        send(&srv, &colleague, Method::DELETE, &path, None).await,
        403,
    )
    .await;
}

#[tokio::test]
async fn home_figures_come_from_the_audit_log_and_the_catalog() {
    let srv = TestServer::with_data(|_| {}).await;
    let me = who(&srv, "analyst.incheon").await;
    let busan = who(&srv, "analyst.busan").await;
    let spec = |ds: &str| json!({"dataset": ds, "limit": 3});
    for (a, ds) in [
        (&me, "inspection"),
        (&me, "inspection"),
        (&me, "company"),
        (&busan, "inspection"),
    ] {
        let res = send(
            &srv,
            a,
            Method::POST,
            "/api/extract?format=arrow",
            Some(spec(ds)),
        )
        .await;
        assert!(res.status().is_success());
        res.bytes().await.expect("drain");
    }
    for q in ["원산지", "원산지 ", "HS"] {
        let res = send(
            &srv,
            &me,
            Method::GET,
            &format!(
                "/api/catalog/search?q={}&record=true",
                portal_core::text::percent_encode(q)
            ),
            None,
        )
        .await;
        assert!(res.status().is_success());
    }
    // A search typed but not submitted is not counted.
    send(
        &srv,
        &me,
        Method::GET,
        "/api/catalog/search?q=%EC%9B%90",
        None,
    )
    .await;
    // A term one other person searched stays theirs; one that three people searched is shown
    // to everyone with its count.
    let reviewer = who(&srv, "reviewer").await;
    let bureau = who(&srv, "bureau").await;
    let search = |q: &str| {
        format!(
            "/api/catalog/search?q={}&record=true",
            portal_core::text::percent_encode(q)
        )
    };
    send(&srv, &busan, Method::GET, &search("부산 비밀 업체"), None).await;
    for a in [&busan, &reviewer, &bureau] {
        send(&srv, a, Method::GET, &search("환급"), None).await;
    }
    let _ = make(&srv, &me, "홈 확인", 0).await;
    // Extracts are audited after the stream ends; give the last one a moment.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let home: HomeFigures = ok(send(&srv, &me, Method::GET, "/api/home", None).await).await;
    let catalog: portal_core::api::Catalog =
        ok(send(&srv, &me, Method::GET, "/api/catalog", None).await).await;
    assert_eq!(
        home.total_records,
        catalog.datasets.iter().map(|d| d.row_count).sum::<u64>(),
        "the record count is of the rows the analyst may see"
    );
    assert!(home.total_records > 0);
    let national: HomeFigures =
        ok(send(&srv, &reviewer, Method::GET, "/api/home", None).await).await;
    assert!(national.total_records > home.total_records);
    let national_catalog: portal_core::api::Catalog = srv.get_json("/api/catalog").await;
    assert_eq!(
        national.total_records,
        national_catalog
            .datasets
            .iter()
            .map(|d| d.row_count)
            .sum::<u64>()
    );
    assert_eq!(home.datasets as usize, catalog.datasets.len());
    assert_eq!(home.dataset_ranking[0].key, "inspection");
    assert_eq!(home.dataset_ranking[0].count, 3);
    assert_eq!(home.dataset_ranking[1].key, "company");
    let incheon = home
        .office_ranking
        .iter()
        .find(|r| r.count == 3)
        .expect("Incheon office first");
    assert_eq!(home.office_ranking[0], *incheon);
    assert!(incheon.ko.is_some());
    let terms: Vec<(&str, u64)> = home
        .search_terms
        .iter()
        .map(|r| (r.key.as_str(), r.count))
        .collect();
    assert_eq!(
        terms,
        [("환급", 3), ("원산지", 2), ("hs", 1)],
        "own terms and terms of 3 or more people; unsubmitted searches are not counted"
    );
    let busan_home: HomeFigures =
        ok(send(&srv, &busan, Method::GET, "/api/home", None).await).await;
    assert!(
        busan_home
            .search_terms
            .iter()
            .any(|r| r.key == "부산 비밀 업체")
    );
    assert!(!busan_home.search_terms.iter().any(|r| r.key == "원산지"));
    assert_eq!(home.my_activity[0].action, AuditAction::DashboardCreated);
    assert_eq!(home.my_activity[0].subject.as_deref(), Some("홈 확인"));
    assert!(
        home.my_activity
            .iter()
            .any(|a| a.action == AuditAction::Extract && a.subject.as_deref() == Some("company"))
    );
    assert_eq!(home.my_dashboards.len(), 1);
    assert!(home.my_requests.is_empty());
}
