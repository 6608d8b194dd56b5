//! The company routes against a real server: a profile's figures are what DuckDB computes over
//! the same Parquet files (for a national user, and for an analyst with their office's rows
//! only), the ranking answer holds every company with the models' features, and bad ids get
//! clear 4xx answers.

use portal_core::company::CompanyProfile;
use reqwest::Method;
use serde_json::Value;

use crate::common::{TestServer, err, ok_json, send, who};
use crate::differential::{duckdb, duckdb_python};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

#[tokio::test]
async fn a_profile_holds_what_duckdb_counts_for_a_national_user_and_an_analyst() {
    let Some(python) =
        duckdb_python("a_profile_holds_what_duckdb_counts_for_a_national_user_and_an_analyst")
    else {
        return;
    };
    let srv = TestServer::with_data(|_| {}).await;
    // The largest importer declares through every office.
    let id = "I0000000";
    for (user, office) in [("reviewer", None), ("analyst.incheon", Some("40"))] {
        let a = who(&srv, user).await;
        let p: CompanyProfile =
            ok_json(send(&srv, &a, Method::GET, &format!("/api/companies/{id}"), None).await).await;
        let and = office.map_or(String::new(), |o| format!(" AND office_id = '{o}'"));
        let queries = vec![
            format!(
                "SELECT count(*), sum(duty_krw + vat_krw), sum(CASE WHEN paid_date IS NULL \
                 THEN arrears_days > 0 ELSE paid_date > due_date END::INT), sum(arrears_krw) \
                 FROM duty_payment WHERE importer_id = '{id}'{and}"
            ),
            format!(
                "SELECT strftime(declaration_date, '%Y-%m') AS m, count(*), sum(item_price) \
                 FROM import_declaration WHERE importer_id = '{id}'{and} GROUP BY m ORDER BY m"
            ),
            format!("SELECT count(*) FROM company_financials WHERE company_id = '{id}'{and}"),
            format!(
                "SELECT count(*), coalesce(sum(additional_tax_krw), 0) FROM customs_audit \
                 WHERE company_id = '{id}'{and}"
            ),
            format!(
                "SELECT sum(selected::INT), sum(fraud::INT), sum(additional_duty) FROM inspection \
                 WHERE declaration_id IN (SELECT declaration_id FROM import_declaration \
                 WHERE importer_id = '{id}'{and}){and}"
            ),
            format!(
                "SELECT country_origin, count(*), sum(item_price) AS v FROM import_declaration \
                 WHERE importer_id = '{id}'{and} GROUP BY 1 ORDER BY v DESC, 1 LIMIT 10"
            ),
        ];
        let ans = duckdb(&python, &queries);
        let rows = |k: usize| ans[k]["rows"].as_array().expect("rows").clone();
        let pay = &rows(0)[0];
        let s = &p.payments;
        assert_eq!(s.payments, pay[0].as_u64().expect("count"), "{user}");
        assert!(close(s.assessed_krw, num(&pay[1])), "{user}");
        assert_eq!(s.late, pay[2].as_u64().unwrap_or(0), "{user}");
        assert!(close(s.outstanding_krw, num(&pay[3])), "{user}");
        let months = rows(1);
        assert_eq!(p.imports_by_month.len(), months.len(), "{user}");
        for (m, r) in p.imports_by_month.iter().zip(&months) {
            assert_eq!(m.month, r[0].as_str().expect("month"), "{user}");
            assert_eq!(m.lines, r[1].as_u64().expect("lines"), "{user}");
            assert!(close(m.value_krw, num(&r[2])), "{user} {}", m.month);
        }
        assert_eq!(
            p.financials.len() as u64,
            rows(2)[0][0].as_u64().expect("n")
        );
        let audits = &rows(3)[0];
        assert_eq!(
            p.audits.len() as u64,
            audits[0].as_u64().expect("n"),
            "{user}"
        );
        let tax: f64 = p.audits.iter().map(|a| a.additional_tax_krw).sum();
        assert!(close(tax, num(&audits[1])), "{user}");
        let ins = &rows(4)[0];
        assert_eq!(
            p.inspections.inspected,
            ins[0].as_u64().unwrap_or(0),
            "{user}"
        );
        assert_eq!(p.inspections.frauds, ins[1].as_u64().unwrap_or(0), "{user}");
        assert!(
            close(p.inspections.additional_duty_krw, num(&ins[2])),
            "{user}"
        );
        let origins = rows(5);
        assert_eq!(
            p.imports_by_origin
                .iter()
                .map(|s| s.key.as_str())
                .collect::<Vec<_>>(),
            origins
                .iter()
                .map(|r| r[0].as_str().unwrap_or_default())
                .collect::<Vec<_>>(),
            "{user}"
        );
        // The score history: the models' features at the end of each quarter of 2020.
        assert_eq!(
            p.history
                .iter()
                .map(|h| h.cutoff.as_str())
                .collect::<Vec<_>>(),
            ["2020-03-31", "2020-06-30", "2020-09-30", "2020-12-31"]
        );
        assert!(p.history.iter().all(|h| h.features.len() == 29));
        assert!(!p.stakeholders.is_empty() && !p.peers.is_empty(), "{user}");
        assert!(
            p.peers
                .iter()
                .all(|f| (0.0..=100.0).contains(&f.percentile))
        );
    }
}

#[tokio::test]
async fn the_ranking_holds_every_company_with_the_models_features() {
    let srv = TestServer::with_data(|_| {}).await;
    let a = who(&srv, "reviewer").await;
    let res = send(&srv, &a, Method::GET, "/api/companies/scores", None).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.expect("body");
    let batches: Vec<arrow_array::RecordBatch> =
        arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes.to_vec()), None)
            .expect("ipc")
            .collect::<Result<_, _>>()
            .expect("batches");
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    // Every importer files statements.
    assert_eq!(rows as u64, crate::common::DECLARATIONS / 40);
    let schema = batches[0].schema();
    for f in portal_scoring::company::FEATURES {
        assert!(schema.index_of(f).is_ok(), "{f}");
    }
    for c in [
        "company_id",
        "name",
        "industry",
        "region",
        "office_id",
        "days_since_audit",
    ] {
        assert!(schema.index_of(c).is_ok(), "{c}");
    }
}

#[tokio::test]
async fn unknown_and_malformed_companies_get_clear_answers() {
    let srv = TestServer::with_data(|_| {}).await;
    let a = who(&srv, "analyst.busan").await;
    let e = err(
        send(&srv, &a, Method::GET, "/api/companies/NOBODY", None).await,
        404,
    )
    .await;
    assert!(e.message.contains("NOBODY"), "{}", e.message);
    let long = "X".repeat(65);
    err(
        send(
            &srv,
            &a,
            Method::GET,
            &format!("/api/companies/{long}"),
            None,
        )
        .await,
        400,
    )
    .await;
    // An analyst may not look through another office.
    err(
        send(
            &srv,
            &a,
            Method::GET,
            "/api/companies/I0000000?office=40",
            None,
        )
        .await,
        403,
    )
    .await;
    err(
        send(
            &srv,
            &a,
            Method::GET,
            "/api/companies/scores?format=xml",
            None,
        )
        .await,
        400,
    )
    .await;
}

#[tokio::test]
async fn the_company_ranking_saves_as_a_widget_and_bad_ones_are_refused() {
    let srv = TestServer::with_data(|_| {}).await;
    let reviewer = who(&srv, "reviewer").await;
    let created = send(
        &srv,
        &reviewer,
        Method::POST,
        "/api/dashboards",
        Some(serde_json::json!({"title": "업체"})),
    )
    .await;
    assert_eq!(created.status(), 201);
    let d: portal_core::dashboard::Dashboard = created.json().await.expect("dashboard");
    let path = format!("/api/dashboards/{}/widgets", d.id);
    let body = |company: Value, extra: Option<(&str, Value)>| {
        let mut b = serde_json::json!({
            "title": "체납 예측",
            "analysis": {"spec": {"dataset": "duty_payment",
                "group_by": [{"column": "assessed_date", "bucket": "month"}],
                "aggregates": [{"func": "count"}]}, "chart": {}},
            "company": company,
        });
        if let Some((k, v)) = extra {
            b[k] = v;
        }
        b
    };
    for company in [
        serde_json::json!({"model": "delinquency"}),
        serde_json::json!({"model": "tax-risk", "grade": 1}),
    ] {
        let res = send(
            &srv,
            &reviewer,
            Method::POST,
            &path,
            Some(body(company, None)),
        )
        .await;
        assert_eq!(res.status(), 201);
    }
    let saved: portal_core::dashboard::Dashboard = ok_json(
        send(
            &srv,
            &reviewer,
            Method::GET,
            &format!("/api/dashboards/{}", d.id),
            None,
        )
        .await,
    )
    .await;
    let kinds: Vec<_> = saved
        .widgets
        .iter()
        .map(|w| w.company.as_ref().map(|c| (c.model.as_str(), c.grade)))
        .collect();
    assert_eq!(
        kinds,
        [Some(("delinquency", None)), Some(("tax-risk", Some(1)))]
    );
    // A copy keeps them.
    let copy = send(
        &srv,
        &reviewer,
        Method::POST,
        &format!("/api/dashboards/{}/duplicate", d.id),
        None,
    )
    .await;
    assert_eq!(copy.status(), 201);
    let copy: portal_core::dashboard::Dashboard = copy.json().await.expect("copy");
    assert_eq!(copy.widgets[1].company, saved.widgets[1].company);
    // Another model, a grade out of range, an unknown field, or two kinds at once: a clear 400
    // that adds nothing.
    for bad in [
        body(serde_json::json!({"model": "fraud"}), None),
        body(
            serde_json::json!({"model": "delinquency", "grade": 11}),
            None,
        ),
        body(serde_json::json!({"model": "delinquency", "x": 1}), None),
        body(
            serde_json::json!({"model": "delinquency"}),
            Some(("origin", serde_json::json!({"analysis": "rerouting"}))),
        ),
    ] {
        let res = send(&srv, &reviewer, Method::POST, &path, Some(bad)).await;
        let e = err(res, 400).await;
        assert!(!e.message.is_empty());
    }
    let after: portal_core::dashboard::Dashboard = ok_json(
        send(
            &srv,
            &reviewer,
            Method::GET,
            &format!("/api/dashboards/{}", d.id),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(after.widgets.len(), 2);
}
