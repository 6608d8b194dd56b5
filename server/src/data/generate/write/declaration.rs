//! `import_declaration` rows of planned lines.

use crate::data::generate::plan::Line;
use crate::data::rows::{DeclarationRow, Declarations};
use crate::data::table::RowWriter;
use crate::error::Error;

/// The declaration number of line `seq` declared in year `year`.
pub fn declaration_id(year: i32, seq: u64) -> String {
    format!("D{:02}{seq:010}", year % 100)
}

/// The manifest key of line `seq`.
pub fn manifest_key(seq: u64) -> String {
    format!("M{seq:011}")
}

/// The importer code of importer `i`.
pub fn importer_id(i: u64) -> String {
    format!("I{i:07}")
}

/// The seller code of seller `s`.
pub fn seller_id(s: u64) -> String {
    format!("S{s:07}")
}

/// The bonded carrier code of carrier `c`.
pub fn carrier_id(c: u64) -> String {
    format!("T{c:05}")
}

/// The code of storage location `w`.
pub fn storage_id(w: u64) -> String {
    format!("W{w:04}")
}

/// Writes the declaration row of `line`, numbered `id`.
pub fn write(w: &mut RowWriter<Declarations>, line: &Line<'_>, id: &str) -> Result<(), Error> {
    let t = line.template;
    let declarant = format!("B{:05}", line.declarant);
    let importer = importer_id(line.importer);
    let seller = line.seller.map(seller_id);
    let courier = line.courier.map(|c| format!("C{c:03}"));
    let manifest = manifest_key(line.seq);
    w.write(&DeclarationRow {
        declaration_id: Some(id),
        declaration_date: Some(line.day),
        office_id: Some(t.office_id),
        process_type: Some(t.process_type),
        import_type: Some(t.import_type),
        import_use: Some(t.import_use),
        payment_type: Some(t.payment_type),
        transport_mode: Some(t.transport_mode),
        declarant_id: Some(&declarant),
        importer_id: Some(&importer),
        seller_id: seller.as_deref(),
        courier_id: courier.as_deref(),
        hs6: Some(&line.hs6),
        country_departure: Some(&line.departure),
        country_origin: Some(&line.origin),
        tax_rate: Some(line.tax_rate),
        tax_type: Some(&line.tax_type),
        origin_indicator: Some(&line.origin_indicator),
        net_mass: Some(line.mass),
        item_price: Some(line.price),
        fraud: Some(line.fraud),
        critical_fraud: Some(line.critical),
        hs10: Some(&line.hs10),
        item_description: Some(&line.description),
        quantity: Some(line.quantity),
        quantity_unit: Some(line.unit),
        declared_value: Some(line.declared_value),
        currency: Some(line.currency),
        fta_claim: Some(line.fta_claim),
        co_number: line.co_number.as_deref(),
        manifest_key: Some(&manifest),
        source: Some("generated"),
        risk_pattern: line.pattern,
        unit_price: Some((line.price / line.mass * 100.0).round() / 100.0),
    })
}
