use portal_core::api::ErrorCode;
use portal_core::api::{Catalog, CatalogDataset, ErrorBody, SearchHit};

use crate::common::{DECLARATIONS, TestServer};

use portal_core::text::percent_encode as encode;

#[tokio::test]
async fn catalog_lists_every_dataset_with_live_figures() {
    let srv = TestServer::with_data(|_| {}).await;
    let cat: Catalog = srv.get_json("/api/catalog").await;
    let names: Vec<_> = cat.datasets.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "cargo_manifest",
            "import_declaration",
            "inspection",
            "duty_payment",
            "duty_drawback",
            "export_declaration",
            "origin_certificate",
            "customs_audit",
            "company",
            "vessel_call",
            "fta_agreement",
            "company_financials",
            "fx_remittance"
        ]
    );
    let decl = &cat.datasets[1];
    // The generated rows (the CDD import is tested on its own: data::import_cdd_*).
    assert_eq!(decl.row_count, DECLARATIONS);
    assert_eq!(decl.date_min.as_deref(), Some("2020-01-01"));
    assert_eq!(decl.date_max.as_deref(), Some("2021-06-30"));
    assert_eq!(cat.datasets[2].row_count, DECLARATIONS);
    // One payment per declaration.
    assert_eq!(cat.datasets[3].row_count, DECLARATIONS);
    assert!(
        cat.datasets.iter().all(|d| d.row_count > 0),
        "every dataset has rows"
    );
}

#[tokio::test]
async fn one_dataset_has_columns_and_lineage_and_unknown_is_404() {
    let srv = TestServer::with_data(|_| {}).await;
    let d: CatalogDataset = srv.get_json("/api/catalog/inspection").await;
    assert_eq!(d.ko_name, "검사 결과");
    assert!(
        d.columns
            .iter()
            .any(|c| c.name == "additional_duty" && c.unit.as_deref() == Some("KRW"))
    );
    assert!(
        d.lineage
            .iter()
            .any(|e| e.to == "import_declaration" && e.from_column == "declaration_id")
    );
    let res = srv
        .http
        .get(srv.url("/api/catalog/nope"))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 404);
    let body: ErrorBody = res.json().await.expect("json");
    assert_eq!(body.code, ErrorCode::UnknownDataset);
}

#[tokio::test]
async fn search_in_korean_and_english_and_bad_queries() {
    let srv = TestServer::start().await;
    let search = |q: &str| {
        srv.http
            .get(srv.url("/api/catalog/search"))
            .query(&[("q", q)])
            .send()
    };
    let ko: Vec<SearchHit> = srv
        .get_json(&format!("/api/catalog/search?q={}", encode("적하목록")))
        .await;
    assert_eq!(ko[0].dataset, "cargo_manifest");
    let en: Vec<SearchHit> = srv
        .get_json(&format!("/api/catalog/search?q={}", encode("drawback")))
        .await;
    assert_eq!(en[0].dataset, "duty_drawback");
    let col: Vec<SearchHit> = srv
        .get_json(&format!("/api/catalog/search?q={}", encode("house b/l")))
        .await;
    assert_eq!(col[0].column.as_deref(), Some("house_bl_no"));
    for bad in ["", "   ", &"x".repeat(101)] {
        let res = search(bad).await.expect("send");
        assert_eq!(res.status(), 400, "{bad:?}");
        assert_eq!(
            res.json::<ErrorBody>().await.expect("json").code,
            ErrorCode::BadRequest
        );
    }
}

#[test]
fn datasets_md_documents_every_column() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../DATASETS.md"))
        .expect("DATASETS.md");
    for d in &portal_core::datasets::DATASETS {
        let section = doc
            .split("### ")
            .find(|s| s.starts_with(&format!("`{}`", d.name)))
            .unwrap_or_else(|| panic!("no section for {}", d.name));
        for c in d.columns {
            assert!(
                section.contains(&format!("| `{}` |", c.name)),
                "{}.{} undocumented",
                d.name,
                c.name
            );
        }
    }
}
