//! Every API endpoint called as every role and anonymously: the set of callers let through must
//! be exactly the expected one. New endpoints are added to `ENDPOINTS` with who may call them.

use portal_core::api::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::TestServer;

#[derive(Clone, Copy)]
enum Who {
    Anyone,
    SignedIn,
    Only(Role),
}

struct Endpoint {
    method: Method,
    path: &'static str,
    body: Option<fn() -> Value>,
    allowed: Who,
}

const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: Method::GET,
        path: "/api/health",
        body: None,
        allowed: Who::Anyone,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/auth/login",
        body: Some(
            || json!({"username": "admin", "password": portal_server::accounts::DEMO_PASSWORD}),
        ),
        allowed: Who::Anyone,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/me",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/catalog",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/catalog/company",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/catalog/search?q=hs",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/extract",
        body: Some(|| json!({"dataset": "company", "limit": 1})),
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/extract?format=csv",
        body: Some(|| json!({"dataset": "company", "limit": 1})),
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/requests",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/requests",
        body: Some(|| json!({"title": "t", "purpose": "p", "content": "c"})),
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/notifications",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/notifications/read",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/audit",
        body: None,
        allowed: Who::Only(Role::Admin),
    },
    Endpoint {
        method: Method::GET,
        path: "/api/home",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/dashboards",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/dashboards",
        body: Some(|| json!({"title": "rbac"})),
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/models/fraud/model.json",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/models/fraud/encoder.json",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/models/price/tables.json",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/users",
        body: None,
        allowed: Who::Only(Role::Admin),
    },
    // Account 6 is the one this creates (the five demo accounts come first).
    Endpoint {
        method: Method::POST,
        path: "/api/users",
        body: Some(|| {
            json!({"username": "rbac.new", "display_name": "R", "role": "analyst",
                   "office_code": "40", "password": "관세청 빅데이터 2026!"})
        }),
        allowed: Who::Only(Role::Admin),
    },
    Endpoint {
        method: Method::PUT,
        path: "/api/users/6",
        body: Some(|| json!({"display_name": "권한 확인"})),
        allowed: Who::Only(Role::Admin),
    },
    Endpoint {
        method: Method::POST,
        path: "/api/users/6/password",
        body: Some(|| json!({"password": "다른 비밀번호 2026!"})),
        allowed: Who::Only(Role::Admin),
    },
    Endpoint {
        method: Method::POST,
        path: "/api/extract?format=parquet",
        body: Some(|| json!({"dataset": "company", "limit": 1})),
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/extract?format=json",
        body: Some(|| json!({"dataset": "company", "limit": 1})),
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/models/fraud/model.onnx",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/models/hs/tables.json",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/models/hs/model.json",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/models/price/model.onnx",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/models/price/model.json",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/patterns/consignee_office?limit=5",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/shipments?from=2021-03-01&to=2021-03-07&limit=50",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/origin/exporters",
        body: None,
        allowed: Who::SignedIn,
    },
    // An exporter with exports through Incheon (the analyst's office) as well as elsewhere.
    Endpoint {
        method: Method::GET,
        path: "/api/origin/exporters/I0000003",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/origin/fta?limit=5",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::GET,
        path: "/api/companies/scores",
        body: None,
        allowed: Who::SignedIn,
    },
    // The largest importer ships through every office.
    Endpoint {
        method: Method::GET,
        path: "/api/companies/I0000000",
        body: None,
        allowed: Who::SignedIn,
    },
    // The largest importer ships through every office.
    Endpoint {
        method: Method::GET,
        path: "/api/network/ego?party=I0000000",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/auth/logout-all",
        body: None,
        allowed: Who::SignedIn,
    },
    Endpoint {
        method: Method::POST,
        path: "/api/auth/logout",
        body: None,
        allowed: Who::SignedIn,
    },
];

fn demo_user(role: Role) -> &'static str {
    match role {
        Role::Analyst => "analyst.busan",
        Role::Reviewer => "reviewer",
        Role::Bureau => "bureau",
        Role::Admin => "admin",
    }
}

#[tokio::test]
async fn every_endpoint_as_every_role_and_anonymous() {
    let srv = TestServer::with_data(|_| {}).await;
    let callers: Vec<Option<Role>> = std::iter::once(None)
        .chain(Role::ALL.iter().copied().map(Some))
        .collect();
    let mut checked = 0;
    for e in ENDPOINTS {
        for caller in &callers {
            // A fresh session per call, so that logout does not end the next call's session.
            let (client, csrf) = match caller {
                Some(role) => srv.client_as(demo_user(*role)).await,
                None => (crate::common::plain_client(), String::new()),
            };
            let mut req = client
                .request(e.method.clone(), srv.url(e.path))
                .header("x-csrf-token", &csrf);
            if let Some(body) = e.body {
                req = req.json(&body());
            }
            let status = req.send().await.expect("send").status().as_u16();
            let expected = match (e.allowed, caller) {
                (Who::Anyone, _) => None,
                (_, None) => Some(401),
                (Who::SignedIn, Some(_)) => None,
                (Who::Only(r), Some(c)) if r == *c => None,
                (Who::Only(_), Some(_)) => Some(403),
            };
            match expected {
                None => assert!(
                    (200..300).contains(&status),
                    "{} {} as {caller:?}: {status}",
                    e.method,
                    e.path
                ),
                Some(code) => assert_eq!(status, code, "{} {} as {caller:?}", e.method, e.path),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, ENDPOINTS.len() * 5);
}

/// The id of a request filed by `analyst.incheon` (office 40).
async fn filed_by_incheon(srv: &TestServer) -> i64 {
    let (filer, csrf) = srv.client_as("analyst.incheon").await;
    let created: portal_core::workflow::AnalysisRequest = filer
        .post(srv.url("/api/requests"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"title": "t", "purpose": "p", "content": "c"}))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    created.id
}

/// Per-request endpoints on a request filed by `analyst.incheon` (office 40): who gets through.
#[tokio::test]
async fn request_endpoints_as_every_user() {
    let srv = TestServer::start().await;
    let id = filed_by_incheon(&srv).await;
    // (user, may read and comment, status of an `approve` on version 1)
    let users: [(Option<&str>, u16, u16); 6] = [
        (None, 401, 401),
        (Some("analyst.incheon"), 201, 403),
        (Some("analyst.busan"), 404, 404),
        (Some("bureau"), 404, 404),
        (Some("reviewer"), 201, 400),
        (Some("admin"), 201, 400),
    ];
    for (user, comment_status, approve_status) in users {
        let (client, csrf) = match user {
            Some(u) => srv.client_as(u).await,
            None => (crate::common::plain_client(), String::new()),
        };
        let read = client
            .get(srv.url(&format!("/api/requests/{id}")))
            .send()
            .await
            .expect("send")
            .status()
            .as_u16();
        let expected_read = if comment_status == 201 {
            200
        } else {
            comment_status
        };
        assert_eq!(read, expected_read, "GET as {user:?}");
        let comment = client
            .post(srv.url(&format!("/api/requests/{id}/comments")))
            .header("x-csrf-token", &csrf)
            .json(&json!({"body": "x"}))
            .send()
            .await
            .expect("send")
            .status()
            .as_u16();
        assert_eq!(comment, comment_status, "comment as {user:?}");
        // Approve without assignees: reviewers get past the permission check to a 400; nobody
        // else gets that far. Nothing changes state here.
        let approve = client
            .post(srv.url(&format!("/api/requests/{id}/transitions")))
            .header("x-csrf-token", &csrf)
            .json(&json!({"action": "approve", "version": 1}))
            .send()
            .await
            .expect("send")
            .status()
            .as_u16();
        assert_eq!(approve, approve_status, "approve as {user:?}");
    }
}

/// Per-dashboard endpoints on a dashboard of `analyst.incheon`, shared read-only with
/// `reviewer`: the owner may do everything, a reader may read and duplicate (403 for changes),
/// everyone else gets 404, as if it did not exist.
#[tokio::test]
async fn dashboard_endpoints_as_every_user() {
    let srv = TestServer::start().await;
    let (owner, csrf) = srv.client_as("analyst.incheon").await;
    let base = srv.url("/api/dashboards");
    let d: Value = owner
        .post(&base)
        .header("x-csrf-token", &csrf)
        .json(&json!({"title": "권한"}))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    let id = d["id"].as_i64().expect("id");
    let shared = owner
        .put(srv.url(&format!("/api/dashboards/{id}/shares")))
        .header("x-csrf-token", &csrf)
        .json(&json!({"users": ["reviewer"]}))
        .send()
        .await
        .expect("send");
    assert_eq!(shared.status(), 200);
    let widget = json!({"title": "w", "analysis": {
        "spec": {"dataset": "import_declaration", "group_by": ["office_id"],
                 "aggregates": [{"func": "count"}]},
        "chart": {"kind": "bar"}}});
    // (user, GET, change, duplicate)
    let users: [(Option<&str>, u16, u16, u16); 6] = [
        (None, 401, 401, 401),
        (Some("analyst.busan"), 404, 404, 404),
        (Some("bureau"), 404, 404, 404),
        (Some("admin"), 404, 404, 404),
        (Some("reviewer"), 200, 403, 201),
        (Some("analyst.incheon"), 200, 200, 201),
    ];
    for (user, read, change, dup) in users {
        let (client, csrf) = match user {
            Some(u) => srv.client_as(u).await,
            None => (crate::common::plain_client(), String::new()),
        };
        let path = |tail: &str| srv.url(&format!("/api/dashboards/{id}{tail}"));
        let status = |r: reqwest::Response| r.status().as_u16();
        let got = client.get(path("")).send().await.expect("send");
        assert_eq!(got.status(), read, "GET as {user:?}");
        let version = if read == 200 {
            got.json::<Value>().await.expect("json")["version"]
                .as_i64()
                .expect("v")
        } else {
            1
        };
        let put = client
            .put(path(""))
            .header("x-csrf-token", &csrf)
            .json(&json!({"version": version, "title": "권한", "widgets": []}))
            .send()
            .await
            .expect("send");
        assert_eq!(status(put), change, "PUT as {user:?}");
        let add = client
            .post(path("/widgets"))
            .header("x-csrf-token", &csrf)
            .json(&widget)
            .send()
            .await
            .expect("send");
        let added = if change == 200 { 201 } else { change };
        assert_eq!(status(add), added, "add a widget as {user:?}");
        let share = client
            .put(path("/shares"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"users": ["reviewer"]}))
            .send()
            .await
            .expect("send");
        assert_eq!(status(share), change, "share as {user:?}");
        let copy = client
            .post(path("/duplicate"))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .expect("send");
        assert_eq!(status(copy), dup, "duplicate as {user:?}");
        // Deleting comes last: the owner's delete ends the dashboard.
        let delete = client
            .delete(path(""))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .expect("send");
        let deleted = if change == 200 { 204 } else { change };
        assert_eq!(status(delete), deleted, "DELETE as {user:?}");
    }
}

/// Attachments of a request filed by `analyst.incheon`: those who may see the request may add
/// and read its files; nobody else learns it exists.
#[tokio::test]
async fn attachment_endpoints_as_every_user() {
    let srv = TestServer::start().await;
    let id = filed_by_incheon(&srv).await;
    // (user, status of an upload; a download answers 200 where the upload answered 201)
    let users: [(Option<&str>, u16); 6] = [
        (None, 401),
        (Some("analyst.busan"), 404),
        (Some("bureau"), 404),
        (Some("analyst.incheon"), 201),
        (Some("reviewer"), 201),
        (Some("admin"), 201),
    ];
    let mut first: Option<i64> = None;
    for (user, upload) in users {
        let (client, csrf) = match user {
            Some(u) => srv.client_as(u).await,
            None => (crate::common::plain_client(), String::new()),
        };
        let res = client
            .post(srv.url(&format!("/api/requests/{id}/attachments")))
            .header("x-csrf-token", &csrf)
            .header("x-filename", "result.csv")
            .header("content-type", "text/csv")
            .body("a,b\n1,2\n")
            .send()
            .await
            .expect("send");
        assert_eq!(res.status().as_u16(), upload, "upload as {user:?}");
        if upload == 201 && first.is_none() {
            let body: Value = res.json().await.expect("json");
            let att = body["attachments"][0]["id"]
                .as_i64()
                .expect("attachment id");
            first = Some(att);
        }
        let file = first.unwrap_or(1);
        let got = client
            .get(srv.url(&format!("/api/requests/{id}/attachments/{file}")))
            .send()
            .await
            .expect("send")
            .status()
            .as_u16();
        let expected = if upload == 201 { 200 } else { upload };
        assert_eq!(got, expected, "download as {user:?}");
    }
}

/// Every role changes its own password (on accounts made for it, so the demo accounts keep
/// theirs); without a session the change is refused.
#[tokio::test]
async fn own_password_change_as_every_role() {
    let srv = TestServer::start().await;
    let (admin, csrf) = srv.client_as("admin").await;
    let anonymous = crate::common::plain_client()
        .post(srv.url("/api/me/password"))
        .json(&json!({"current": "x", "new": "새 비밀번호 2026 관세"}))
        .send()
        .await
        .expect("send");
    assert_eq!(anonymous.status(), 401);
    for role in Role::ALL {
        let name = format!("pw.{}", role.as_str());
        let first = "처음 비밀번호 2026 관세";
        let made = admin
            .post(srv.url("/api/users"))
            .header("x-csrf-token", &csrf)
            .json(&json!({"username": name, "display_name": "P", "role": role,
                          "office_code": "40", "password": first}))
            .send()
            .await
            .expect("send");
        assert_eq!(made.status(), 201, "{name}");
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let me: portal_core::api::Me = client
            .post(srv.url("/api/auth/login"))
            .json(&json!({"username": name, "password": first}))
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("me");
        let changed = client
            .post(srv.url("/api/me/password"))
            .header("x-csrf-token", &me.csrf_token)
            .json(&json!({"current": first, "new": "새 비밀번호 2026 관세"}))
            .send()
            .await
            .expect("send");
        assert_eq!(changed.status(), 204, "{name}");
    }
}

/// Routes exercised by the per-object tests above (method, route as the router names it).
const PER_OBJECT: [(&str, &str); 12] = [
    ("POST", "/me/password"),
    ("GET", "/requests/{id}"),
    ("POST", "/requests/{id}/comments"),
    ("POST", "/requests/{id}/transitions"),
    ("GET", "/dashboards/{id}"),
    ("PUT", "/dashboards/{id}"),
    ("DELETE", "/dashboards/{id}"),
    ("POST", "/dashboards/{id}/widgets"),
    ("POST", "/dashboards/{id}/duplicate"),
    ("PUT", "/dashboards/{id}/shares"),
    ("POST", "/requests/{id}/attachments"),
    ("GET", "/requests/{id}/attachments/{file}"),
];

/// The routes the server declares: (method, path) from every `.route("path", get(..).post(..))`
/// in `server/src/routes/`.
fn declared_routes() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut routes = Vec::new();
    for entry in std::fs::read_dir(dir).expect("routes dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(".route(\"") {
            rest = &rest[at + 8..];
            let end = rest.find('"').expect("path end");
            let path = rest[..end].to_owned();
            // The method router: up to the `)` that closes `.route(`.
            let mut depth = 1;
            let mut stop = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            stop = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let methods = &rest[end..stop];
            for m in ["get", "post", "put", "delete", "patch"] {
                let called = format!("{m}(");
                let found = methods
                    .match_indices(&called)
                    .any(|(i, _)| i == 0 || matches!(methods.as_bytes()[i - 1], b'.' | b','));
                if found {
                    routes.push((m.to_uppercase(), path.clone()));
                }
            }
            rest = &rest[stop..];
        }
    }
    routes.sort();
    routes
}

/// Whether the concrete `path` (without its query) is an instance of the route `pattern`.
fn instance_of(path: &str, pattern: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (a, b): (Vec<&str>, Vec<&str>) = (path.split('/').collect(), pattern.split('/').collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (y.starts_with('{') && y.ends_with('}')))
}

/// Every route the server declares is in one of the RBAC tests: a new route without a row in
/// `ENDPOINTS` or [`PER_OBJECT`] fails here.
#[test]
fn every_declared_route_is_in_the_matrix() {
    let routes = declared_routes();
    assert!(routes.len() >= 30, "found only {routes:?}");
    let missing: Vec<&(String, String)> = routes
        .iter()
        .filter(|(method, route)| {
            let api = format!("/api{route}");
            let in_matrix = ENDPOINTS
                .iter()
                .any(|e| e.method.as_str() == method && instance_of(e.path, &api));
            let per_object = PER_OBJECT.iter().any(|(m, r)| m == method && r == route);
            !in_matrix && !per_object
        })
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an RBAC check: {missing:?}"
    );
}
