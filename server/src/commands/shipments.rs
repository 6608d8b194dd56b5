//! Shipments of a data folder for the supply-chain model: every manifest line joined to its
//! declaration (goods, planted pattern) and inspection (day, outcome), in arrival order.

use std::path::Path;

use datafusion::prelude::ident;
use portal_scoring::supply_chain::window::{FOUND, INSPECTION_DATE};
use portal_scoring::supply_chain::{PARTIES, Shipment};

use crate::columns::{days, flags, texts};
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::scope::Scope;

/// A shipment with what the evaluation needs beside it.
#[derive(Debug, Clone)]
pub struct ShipmentRow {
    /// The shipment.
    pub shipment: Shipment,
    /// Its declaration's id (empty when none).
    pub declaration_id: String,
    /// The planted pattern of its declaration, if any (ground truth).
    pub pattern: Option<String>,
}

/// Every shipment of the datasets under `dir` (`<dir>/<dataset>/*.parquet`).
pub async fn read_shipments(dir: &Path) -> Result<Vec<ShipmentRow>, Error> {
    let engine = Engine::open(dir).await?;
    for ds in ["cargo_manifest", "import_declaration", "inspection"] {
        if !engine.has(ds) {
            return Err(Error::client(
                ErrorCode::InvalidInput,
                format!("{} has no {ds} data", dir.display()),
            ));
        }
    }
    let batches = engine
        .shipment_rows(&Scope::National)
        .await?
        .sort(vec![
            ident("arrival_date").sort(true, false),
            ident("manifest_key").sort(true, false),
        ])
        .map_err(|e| Error::internal("planning the shipments", e))?
        .collect()
        .await
        .map_err(|e| Error::internal("reading the shipments", e))?;
    let mut out = Vec::new();
    for b in &batches {
        let keys = texts(b, "manifest_key")?;
        let arrival = days(b, "arrival_date")?;
        let decl = texts(b, "declaration_id")?;
        let pattern = texts(b, "risk_pattern")?;
        let inspected = days(b, INSPECTION_DATE)?;
        let found = flags(b, FOUND)?;
        let parties: Vec<Vec<Option<String>>> = PARTIES
            .iter()
            .map(|p| texts(b, p))
            .collect::<Result<_, _>>()?;
        for i in 0..b.num_rows() {
            out.push(ShipmentRow {
                shipment: Shipment {
                    key: keys[i].clone().unwrap_or_default(),
                    day: arrival[i].unwrap_or_default(),
                    parties: std::array::from_fn(|p| parties[p][i].clone().unwrap_or_default()),
                    inspected: inspected[i],
                    fraud: inspected[i].is_some() && found[i],
                },
                declaration_id: decl[i].clone().unwrap_or_default(),
                pattern: pattern[i].clone(),
            });
        }
    }
    Ok(out)
}
