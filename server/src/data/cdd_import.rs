//! `portal import-cdd`: the real KCS CDD train and validation CSVs as a second source (`cdd`) of
//! `import_declaration`, in the same schema as generated declarations.

use std::path::Path;

use portal_core::datasets::IMPORT_DECLARATION;

use super::reference::{CDD_FILES, HsNomenclature, read_cdd, read_hs10};
use super::table::TableWriter;
use crate::error::{Error, ErrorCode};

/// Imports `<from>/df_syn_{train,valid}_eng.csv` (HS10 codes from `<from>/ko_hs10/` when present)
/// into `<out>/import_declaration/cdd-{train,valid}.parquet`; returns rows per split.
/// Nothing is written for a split until its whole file has parsed.
pub fn import_cdd(
    from: &Path,
    out: &Path,
    hs: &HsNomenclature,
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
        let mut w = TableWriter::create(&tmp, &IMPORT_DECLARATION)?;
        for r in &records {
            let hs10 = hs10
                .get(&r.declaration_id)
                .cloned()
                .unwrap_or_else(|| format!("{}0000", r.hs6));
            let description = hs.subheadings.get(&r.hs6).map_or("", String::as_str);
            let fta = r.tax_type.starts_with('F');
            w.text(Some(&r.declaration_id))
                .date(Some(r.date))
                .text(Some(&r.office_id))
                .text(Some(&r.process_type))
                .text(Some(&r.import_type))
                .text(Some(&r.import_use))
                .text(Some(&r.payment_type))
                .text(Some(&r.transport_mode))
                .text(Some(&r.declarant_id))
                .text(Some(&r.importer_id))
                .text(r.seller_id.as_deref())
                .text(r.courier_id.as_deref())
                .text(Some(&r.hs6))
                .text(Some(&r.country_departure))
                .text(Some(&r.country_origin))
                .float(Some(r.tax_rate))
                .text(Some(&r.tax_type))
                .text(Some(&r.origin_indicator))
                .float(Some(r.net_mass))
                .float(Some(r.item_price))
                .int(r.fraud)
                .int(r.critical_fraud)
                .text(Some(&hs10))
                .text(Some(description))
                // CDD has no quantity, currency or manifest: mass in kg and the KRW value stand in.
                .float(Some(r.net_mass))
                .text(Some("KG"))
                .float(Some(r.item_price))
                .text(Some("KRW"))
                .bool(Some(fta))
                .text(None)
                .text(None)
                .text(Some("cdd"))
                .text(None)
                .float(
                    (r.net_mass > 0.0).then(|| (r.item_price / r.net_mass * 100.0).round() / 100.0),
                );
            w.end_row()?;
        }
        let rows = w.finish()?;
        let dest = dir.join(format!("cdd-{split}.parquet"));
        std::fs::rename(&tmp, &dest)
            .map_err(|e| Error::internal(format!("renaming to {}", dest.display()), e))?;
        counts.push((split, rows));
    }
    Ok(counts)
}
