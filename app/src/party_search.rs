//! Parties in the company table (a master table every officer may read): the network page's
//! search by id or name, and the row behind a party card.

use portal_core::query::{Filter, QuerySpec, Value};

use crate::api;
use crate::arrow::Frame;

/// Companies a search lists.
const SEARCH_LIMIT: u64 = 20;

/// One company of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    /// Company id.
    pub id: String,
    /// Role in the company table.
    pub role: String,
    /// Name.
    pub name: String,
    /// Industry.
    pub industry: String,
    /// Region.
    pub region: String,
    /// Compliance grade.
    pub grade: String,
}

fn companies(frame: &Frame) -> Vec<Company> {
    let names = frame.names();
    let col = |n: &str| names.iter().position(|c| c == n);
    let cell = |r: usize, n: &str| col(n).map(|c| frame.text(r, c)).unwrap_or_default();
    (0..frame.rows)
        .map(|r| Company {
            id: cell(r, "company_id"),
            role: cell(r, "role"),
            name: cell(r, "name"),
            industry: cell(r, "industry"),
            region: cell(r, "region"),
            grade: cell(r, "compliance_grade"),
        })
        .collect()
}

/// Companies whose id or name holds `text`.
pub async fn search(text: String) -> Result<Vec<Company>, api::ApiError> {
    let mut out: Vec<Company> = Vec::new();
    for column in ["company_id", "name"] {
        let spec = company_spec(Filter::Contains {
            column: column.to_owned(),
            text: text.clone(),
        });
        let frame =
            Frame::decode(&api::extract_arrow(&spec).await?).map_err(api::ApiError::Decode)?;
        for c in companies(&frame) {
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c);
            }
        }
    }
    Ok(out)
}

fn company_spec(filter: Filter) -> QuerySpec {
    QuerySpec {
        dataset: "company".to_owned(),
        columns: [
            "company_id",
            "role",
            "name",
            "industry",
            "region",
            "compliance_grade",
        ]
        .map(str::to_owned)
        .to_vec(),
        filters: vec![filter],
        limit: Some(SEARCH_LIMIT),
        ..QuerySpec::default()
    }
}

/// The company row of `id`, if the company table has it.
pub async fn company(id: String) -> Result<Option<Company>, api::ApiError> {
    let spec = company_spec(Filter::Eq {
        column: "company_id".to_owned(),
        value: Value::Text(id),
    });
    let frame = Frame::decode(&api::extract_arrow(&spec).await?).map_err(api::ApiError::Decode)?;
    Ok(companies(&frame).into_iter().next())
}
