//! The analysis-request workflow over HTTP: the five steps by the right people, visibility,
//! refusals, stale versions and a race on one version.

use portal_core::api::ErrorCode;
use portal_core::workflow::{AnalysisRequest, RequestState};
use serde_json::{Value, json};

use crate::common::{As, TestServer, err, ok_json, send, who};

async fn ok(res: reqwest::Response) -> AnalysisRequest {
    ok_json(res).await
}

fn new_request() -> Value {
    json!({"title": "HS 8517 저가신고 분석", "purpose": "인천공항 특송 저가신고 점검",
           "content": "2020년 중국산 휴대폰 부품의 단가 분포", "datasets": ["import_declaration", "company"],
           "desired_date": "2020-12-31"})
}

async fn act(srv: &TestServer, a: &As, id: i64, body: Value) -> reqwest::Response {
    send(
        srv,
        a,
        reqwest::Method::POST,
        &format!("/api/requests/{id}/transitions"),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_request_goes_through_the_five_steps() {
    let srv = TestServer::start().await;
    let (applicant, reviewer, bureau, analyst) = (
        who(&srv, "analyst.incheon").await,
        who(&srv, "reviewer").await,
        who(&srv, "bureau").await,
        who(&srv, "analyst.busan").await,
    );
    let r = ok(send(
        &srv,
        &applicant,
        reqwest::Method::POST,
        "/api/requests",
        Some(new_request()),
    )
    .await)
    .await;
    assert_eq!((r.state, r.step, r.version), (RequestState::Applied, 1, 1));
    assert_eq!(r.office_code, "40");
    // Not yet assigned: an analyst of another office does not see it.
    let res = send(
        &srv,
        &analyst,
        reqwest::Method::GET,
        &format!("/api/requests/{}", r.id),
        None,
    )
    .await;
    assert_eq!(err(res, 404).await.code, ErrorCode::NotFound);

    let r = ok(act(&srv, &reviewer, r.id, json!({"action": "approve", "version": 1, "bureau": "bureau", "analyst": "analyst.busan", "note": "승인"})).await).await;
    assert_eq!((r.state, r.step), (RequestState::Approved, 2));
    assert_eq!(r.analyst.as_deref(), Some("analyst.busan"));
    let r = ok(act(
        &srv,
        &bureau,
        r.id,
        json!({"action": "confirm", "version": r.version}),
    )
    .await)
    .await;
    assert_eq!(r.step, 3);
    let r = ok(act(
        &srv,
        &analyst,
        r.id,
        json!({"action": "start", "version": r.version}),
    )
    .await)
    .await;
    assert_eq!(r.step, 4);
    // Result links are paths of the portal: another host is refused and nothing changes.
    for link in [
        "//evil.example/x",
        "/\\evil.example",
        "https://evil.example/",
    ] {
        let res = act(
            &srv,
            &analyst,
            r.id,
            json!({"action": "complete", "version": r.version, "results": [link]}),
        )
        .await;
        assert_eq!(err(res, 400).await.code, ErrorCode::BadRequest, "{link}");
    }
    let r = ok(act(&srv, &analyst, r.id, json!({"action": "complete", "version": r.version, "results": ["/data-map/import_declaration"]})).await).await;
    assert_eq!(
        (r.state, r.step, r.version),
        (RequestState::Completed, 5, 5)
    );

    let seen = ok(send(
        &srv,
        &applicant,
        reqwest::Method::GET,
        &format!("/api/requests/{}", r.id),
        None,
    )
    .await)
    .await;
    assert_eq!(seen.results, ["/data-map/import_declaration"]);
    let steps: Vec<_> = seen
        .history
        .iter()
        .map(|h| (h.actor.as_str(), h.to))
        .collect();
    assert_eq!(
        steps,
        [
            ("analyst.incheon", RequestState::Applied),
            ("reviewer", RequestState::Approved),
            ("bureau", RequestState::Cooperating),
            ("analyst.busan", RequestState::InProgress),
            ("analyst.busan", RequestState::Completed),
        ]
    );
    assert_eq!(seen.history[1].note.as_deref(), Some("승인"));
    let listed: Vec<AnalysisRequest> = applicant
        .client
        .get(srv.url("/api/requests"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(listed.len(), 1);
}

#[tokio::test]
async fn wrong_people_wrong_states_and_stale_versions_are_refused() {
    let srv = TestServer::start().await;
    let applicant = who(&srv, "analyst.incheon").await;
    let reviewer = who(&srv, "reviewer").await;
    let r = ok(send(
        &srv,
        &applicant,
        reqwest::Method::POST,
        "/api/requests",
        Some(new_request()),
    )
    .await)
    .await;
    let e = err(act(&srv, &applicant, r.id, json!({"action": "approve", "version": 1, "bureau": "bureau", "analyst": "analyst.busan"})).await, 403).await;
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = err(
        act(
            &srv,
            &reviewer,
            r.id,
            json!({"action": "confirm", "version": 1}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(e.code, ErrorCode::WrongState);
    let e = err(act(&srv, &reviewer, r.id, json!({"action": "approve", "version": 1, "bureau": "admin", "analyst": "analyst.busan"})).await, 400).await;
    assert!(e.message.contains("not a bureau user"), "{}", e.message);
    let ok1 = ok(act(
        &srv,
        &reviewer,
        r.id,
        json!({"action": "request_changes", "version": 1, "note": "기간을 좁혀 주세요"}),
    )
    .await)
    .await;
    assert_eq!(ok1.state, RequestState::NeedsChanges);
    let e = err(
        act(
            &srv,
            &applicant,
            r.id,
            json!({"action": "resubmit", "version": 1}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(
        e.message.contains("version 2") && e.message.contains("needs_changes"),
        "{}",
        e.message
    );
    let back = ok(act(
        &srv,
        &applicant,
        r.id,
        json!({"action": "resubmit", "version": 2}),
    )
    .await)
    .await;
    assert_eq!(back.state, RequestState::Applied);
    let gone = ok(act(
        &srv,
        &applicant,
        r.id,
        json!({"action": "withdraw", "version": 3}),
    )
    .await)
    .await;
    assert_eq!(gone.state, RequestState::Withdrawn);
    let e = err(act(&srv, &reviewer, r.id, json!({"action": "approve", "version": 4, "bureau": "bureau", "analyst": "analyst.busan"})).await, 409).await;
    assert_eq!(e.code, ErrorCode::WrongState);
}

#[tokio::test]
async fn exactly_one_of_many_concurrent_transitions_wins() {
    let srv = TestServer::start().await;
    let applicant = who(&srv, "analyst.incheon").await;
    let r = ok(send(
        &srv,
        &applicant,
        reqwest::Method::POST,
        "/api/requests",
        Some(new_request()),
    )
    .await)
    .await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        // Half approve, half reject, all on version 1.
        let reviewer = who(&srv, "reviewer").await;
        let url = srv.url(&format!("/api/requests/{}/transitions", r.id));
        let body = if i % 2 == 0 {
            json!({"action": "approve", "version": 1, "bureau": "bureau", "analyst": "analyst.busan"})
        } else {
            json!({"action": "reject", "version": 1})
        };
        tasks.push(tokio::spawn(async move {
            reviewer
                .client
                .post(url)
                .header("x-csrf-token", &reviewer.csrf)
                .json(&body)
                .send()
                .await
                .expect("send")
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        19,
        "{statuses:?}"
    );
    let now = ok(send(
        &srv,
        &applicant,
        reqwest::Method::GET,
        &format!("/api/requests/{}", r.id),
        None,
    )
    .await)
    .await;
    assert_eq!(now.version, 2);
    assert_eq!(
        now.history.len(),
        2,
        "one creation and exactly one transition recorded"
    );
}

#[tokio::test]
async fn bad_request_inputs_get_json_errors() {
    let srv = TestServer::start().await;
    let a = who(&srv, "analyst.incheon").await;
    let post = |body: Value| send(&srv, &a, reqwest::Method::POST, "/api/requests", Some(body));
    let mut huge = new_request();
    huge["content"] = json!("가".repeat(10_001));
    let cases = [
        (
            json!({"title": " ", "purpose": "p", "content": "c"}),
            "bad_request",
        ),
        (huge, "bad_request"),
        (
            json!({"title": "t", "purpose": "p", "content": "c", "datasets": ["nope"]}),
            "bad_request",
        ),
        (
            json!({"title": "t", "purpose": "p", "content": "c", "desired_date": "2021-02-30"}),
            "bad_request",
        ),
        (json!({"title": "t", "purpose": "p"}), "invalid_json"),
    ];
    for (body, code) in cases {
        assert_eq!(err(post(body).await, 400).await.code.as_str(), code);
    }
    let e = err(
        send(&srv, &a, reqwest::Method::GET, "/api/requests/999", None).await,
        404,
    )
    .await;
    assert_eq!(e.code, ErrorCode::NotFound);
    let r = ok(post(new_request()).await).await;
    let e = err(
        act(&srv, &a, r.id, json!({"action": "fly", "version": 1})).await,
        400,
    )
    .await;
    assert_eq!(e.code, ErrorCode::InvalidJson);
    let reviewer = who(&srv, "reviewer").await;
    let e = err(
        act(
            &srv,
            &reviewer,
            r.id,
            json!({"action": "approve", "version": 1}),
        )
        .await,
        400,
    )
    .await;
    assert!(e.message.contains("bureau"), "{}", e.message);
}

async fn unread(srv: &TestServer, a: &As) -> (i64, Vec<(i64, RequestState)>) {
    let n: portal_core::workflow::Notifications = a
        .client
        .get(srv.url("/api/notifications"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    (
        n.unread,
        n.items.iter().map(|i| (i.request_id, i.state)).collect(),
    )
}

#[tokio::test]
async fn comments_and_notifications_reach_the_people_concerned() {
    let srv = TestServer::start().await;
    let (applicant, reviewer, bureau, other) = (
        who(&srv, "analyst.incheon").await,
        who(&srv, "reviewer").await,
        who(&srv, "bureau").await,
        who(&srv, "analyst.busan").await,
    );
    let r = ok(send(
        &srv,
        &applicant,
        reqwest::Method::POST,
        "/api/requests",
        Some(new_request()),
    )
    .await)
    .await;
    assert_eq!(
        unread(&srv, &reviewer).await,
        (1, vec![(r.id, RequestState::Applied)])
    );
    assert_eq!(
        unread(&srv, &applicant).await.0,
        0,
        "nobody is told of their own action"
    );

    // An analyst of another office neither sees nor comments before being assigned.
    assert_eq!(
        err(comment(&srv, &other, r.id, "hello").await, 404)
            .await
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        err(comment(&srv, &applicant, r.id, "  ").await, 400)
            .await
            .code,
        ErrorCode::BadRequest
    );
    let with = ok(comment(&srv, &applicant, r.id, "HS 8517.62 위주로 부탁드립니다").await).await;
    assert_eq!(with.comments.len(), 1);
    assert_eq!(with.comments[0].author, "analyst.incheon");

    ok(act(
        &srv,
        &reviewer,
        r.id,
        json!({"action": "approve", "version": 1, "bureau": "bureau", "analyst": "analyst.busan"}),
    )
    .await)
    .await;
    assert_eq!(
        unread(&srv, &bureau).await,
        (1, vec![(r.id, RequestState::Approved)])
    );
    assert_eq!(unread(&srv, &other).await.0, 1);
    assert_eq!(
        unread(&srv, &applicant).await,
        (1, vec![(r.id, RequestState::Approved)])
    );
    // Once assigned, the analyst sees the request and its comments.
    let seen = ok(send(
        &srv,
        &other,
        reqwest::Method::GET,
        &format!("/api/requests/{}", r.id),
        None,
    )
    .await)
    .await;
    assert_eq!(seen.comments[0].body, "HS 8517.62 위주로 부탁드립니다");

    let res = send(
        &srv,
        &applicant,
        reqwest::Method::POST,
        "/api/notifications/read",
        None,
    )
    .await;
    assert_eq!(res.status(), 204);
    assert_eq!(unread(&srv, &applicant).await.0, 0);
    assert_eq!(
        unread(&srv, &bureau).await.0,
        1,
        "only the caller's notifications are marked read"
    );
}

async fn comment(srv: &TestServer, a: &As, id: i64, body: &str) -> reqwest::Response {
    send(
        srv,
        a,
        reqwest::Method::POST,
        &format!("/api/requests/{id}/comments"),
        Some(json!({"body": body})),
    )
    .await
}

async fn queue(srv: &TestServer, a: &As, q: &str) -> Vec<i64> {
    let res = a
        .client
        .get(srv.url(&format!("/api/requests?queue={q}")))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200, "queue {q}");
    res.json::<Vec<AnalysisRequest>>()
        .await
        .expect("json")
        .iter()
        .map(|r| r.id)
        .collect()
}

#[tokio::test]
async fn work_queues_hold_what_waits_for_each_person() {
    let srv = TestServer::start().await;
    let (applicant, reviewer, bureau, analyst) = (
        who(&srv, "analyst.incheon").await,
        who(&srv, "reviewer").await,
        who(&srv, "bureau").await,
        who(&srv, "analyst.busan").await,
    );
    let r = ok(send(
        &srv,
        &applicant,
        reqwest::Method::POST,
        "/api/requests",
        Some(new_request()),
    )
    .await)
    .await;
    assert_eq!(queue(&srv, &applicant, "mine").await, [r.id]);
    assert_eq!(queue(&srv, &reviewer, "review").await, [r.id]);
    assert!(queue(&srv, &bureau, "bureau").await.is_empty());
    ok(act(
        &srv,
        &reviewer,
        r.id,
        json!({"action": "approve", "version": 1, "bureau": "bureau", "analyst": "analyst.busan"}),
    )
    .await)
    .await;
    assert!(queue(&srv, &reviewer, "review").await.is_empty());
    assert_eq!(queue(&srv, &bureau, "bureau").await, [r.id]);
    assert!(queue(&srv, &analyst, "assigned").await.is_empty());
    ok(act(
        &srv,
        &bureau,
        r.id,
        json!({"action": "confirm", "version": 2}),
    )
    .await)
    .await;
    assert!(queue(&srv, &bureau, "bureau").await.is_empty());
    assert_eq!(queue(&srv, &analyst, "assigned").await, [r.id]);
    let res = applicant
        .client
        .get(srv.url("/api/requests?queue=later"))
        .send()
        .await
        .expect("send");
    assert_eq!(err(res, 400).await.code, ErrorCode::BadRequest);
}

async fn upload(
    srv: &TestServer,
    a: &As,
    id: i64,
    name: &str,
    ty: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    a.client
        .post(srv.url(&format!("/api/requests/{id}/attachments")))
        .header("x-csrf-token", &a.csrf)
        .header("x-filename", name)
        .header("content-type", ty)
        .body(body)
        .send()
        .await
        .expect("send")
}

#[tokio::test]
async fn attachments_round_trip_and_bad_files_are_refused() {
    let srv = TestServer::start().await;
    let (applicant, reviewer, other) = (
        who(&srv, "analyst.incheon").await,
        who(&srv, "reviewer").await,
        who(&srv, "analyst.busan").await,
    );
    let r = ok(send(
        &srv,
        &applicant,
        reqwest::Method::POST,
        "/api/requests",
        Some(new_request()),
    )
    .await)
    .await;
    let csv = "hs6,건수\n851762,12\n".as_bytes().to_vec();
    // "의뢰서.csv", percent-encoded.
    let name = "%EC%9D%98%EB%A2%B0%EC%84%9C.csv";
    let res = upload(
        &srv,
        &applicant,
        r.id,
        name,
        "text/csv; charset=utf-8",
        csv.clone(),
    )
    .await;
    assert_eq!(res.status(), 201);
    let with: AnalysisRequest = res.json().await.expect("json");
    let a = &with.attachments[0];
    assert_eq!(
        (a.filename.as_str(), a.content_type.as_str(), a.size),
        ("의뢰서.csv", "text/csv", csv.len() as i64)
    );
    assert_eq!(a.uploader, "analyst.incheon");

    let url = srv.url(&format!("/api/requests/{}/attachments/{}", r.id, a.id));
    let res = reviewer.client.get(&url).send().await.expect("send");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("filename*=UTF-8''%EC%9D%98")
    );
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), csv);
    assert_eq!(
        other.client.get(&url).send().await.expect("send").status(),
        404,
        "not visible to another office"
    );

    let cases: [(&str, &str, Vec<u8>, u16, &str); 9] = [
        (
            "a.exe",
            "application/x-msdownload",
            b"MZ".to_vec(),
            400,
            "bad_request",
        ),
        ("empty.txt", "text/plain", Vec::new(), 400, "bad_request"),
        (
            "..%2Fetc%2Fpasswd",
            "text/plain",
            b"x".to_vec(),
            400,
            "bad_request",
        ),
        (
            "big.csv",
            "text/csv",
            vec![b'x'; 10 * 1024 * 1024 + 1],
            413,
            "payload_too_large",
        ),
        // What the bytes are, not what the client says: an executable sent as a PDF, a page
        // sent as a PNG, a ZIP sent as CSV.
        (
            "report.pdf",
            "application/pdf",
            b"MZ\x90\x00".to_vec(),
            400,
            "bad_request",
        ),
        (
            "chart.png",
            "image/png",
            b"<svg onload=alert(1)>".to_vec(),
            400,
            "bad_request",
        ),
        (
            "rows.csv",
            "text/csv",
            b"PK\x03\x04....".to_vec(),
            400,
            "bad_request",
        ),
        // A name that reads as `...exe.csv` but is `...vsc.exe` (right-to-left override).
        (
            "report%E2%80%AEvsc.exe",
            "text/plain",
            b"x".to_vec(),
            400,
            "bad_request",
        ),
        ("ok.txt", "text/plain", b"x".to_vec(), 404, "not_found"),
    ];
    for (i, (name, ty, body, status, code)) in cases.into_iter().enumerate() {
        // The last case uploads as someone who cannot see the request.
        let who = if i == 8 { &other } else { &applicant };
        let e = err(upload(&srv, who, r.id, name, ty, body).await, status).await;
        assert_eq!(e.code.as_str(), code, "{name}");
    }
    let seen = ok(send(
        &srv,
        &applicant,
        reqwest::Method::GET,
        &format!("/api/requests/{}", r.id),
        None,
    )
    .await)
    .await;
    assert_eq!(
        seen.attachments.len(),
        1,
        "refused uploads left nothing behind"
    );
}
