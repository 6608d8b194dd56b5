//! `portal import-cdd`: the real KCS CDD train and validation CSVs as a second source (`cdd`) of
//! `import_declaration`, in the same schema as generated declarations.

use std::path::Path;

use portal_core::datasets::IMPORT_DECLARATION;

use std::collections::BTreeMap;

use super::reference::{CDD_FILES, read_cdd, read_hs10};
use super::rows::{DeclarationRow, Declarations};
use super::table::RowWriter;
use crate::error::{Error, ErrorCode};

/// Imports `<from>/df_syn_{train,valid}_eng.csv` (HS10 codes from `<from>/ko_hs10/` when present,
/// item descriptions from the HS6 subheading texts `descriptions`)
/// into `<out>/import_declaration/cdd-{train,valid}.parquet`; returns rows per split.
/// Nothing is written for a split until its whole file has parsed.
pub fn import_cdd(
    from: &Path,
    out: &Path,
    descriptions: &BTreeMap<String, String>,
) -> Result<Vec<(&'static str, u64)>, Error> {
    if !from.is_dir() {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!("CDD directory {} does not exist", from.display()),
        ));
    }
    let dir = out.join(IMPORT_DECLARATION.name);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::internal(format!("creating {}", dir.display()), e))?;
    let mut counts = Vec::new();
    for (split, file) in CDD_FILES {
        let records = read_cdd(&from.join(file))?;
        let hs10 = read_hs10(&from.join("ko_hs10").join(file.replace("_eng", "")))?;
        let tmp = dir.join(format!(".cdd-{split}.parquet.tmp"));
        let mut w = RowWriter::<Declarations>::create(&tmp)?;
        for r in &records {
            let hs10 = hs10
                .get(&r.declaration_id)
                .cloned()
                .unwrap_or_else(|| format!("{}0000", r.hs6));
            let description = descriptions.get(&r.hs6).map_or("", String::as_str);
            let fta = r.tax_type.starts_with('F');
            let unit_price =
                (r.net_mass > 0.0).then(|| (r.item_price / r.net_mass * 100.0).round() / 100.0);
            w.write(&DeclarationRow {
                declaration_id: Some(&r.declaration_id),
                declaration_date: Some(r.date),
                office_id: Some(&r.office_id),
                process_type: Some(&r.process_type),
                import_type: Some(&r.import_type),
                import_use: Some(&r.import_use),
                payment_type: Some(&r.payment_type),
                transport_mode: Some(&r.transport_mode),
                declarant_id: Some(&r.declarant_id),
                importer_id: Some(&r.importer_id),
                seller_id: r.seller_id.as_deref(),
                courier_id: r.courier_id.as_deref(),
                hs6: Some(&r.hs6),
                country_departure: Some(&r.country_departure),
                country_origin: Some(&r.country_origin),
                tax_rate: Some(r.tax_rate),
                tax_type: Some(&r.tax_type),
                origin_indicator: Some(&r.origin_indicator),
                net_mass: Some(r.net_mass),
                item_price: Some(r.item_price),
                fraud: r.fraud,
                critical_fraud: r.critical_fraud,
                hs10: Some(&hs10),
                item_description: Some(description),
                // CDD has no quantity, currency or manifest: mass in kg and the KRW value stand in.
                quantity: Some(r.net_mass),
                quantity_unit: Some("KG"),
                declared_value: Some(r.item_price),
                currency: Some("KRW"),
                fta_claim: Some(fta),
                co_number: None,
                manifest_key: None,
                source: Some("cdd"),
                risk_pattern: None,
                unit_price,
            })?;
        }
        let rows = w.finish()?;
        let dest = dir.join(format!("cdd-{split}.parquet"));
        std::fs::rename(&tmp, &dest)
            .map_err(|e| Error::internal(format!("renaming to {}", dest.display()), e))?;
        counts.push((split, rows));
    }
    Ok(counts)
}
