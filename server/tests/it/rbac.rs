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

/// Per-request endpoints on a request filed by `analyst.incheon` (office 40): who gets through.
#[tokio::test]
async fn request_endpoints_as_every_user() {
    let srv = TestServer::start().await;
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
    let id = created.id;
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
