//! `cargo_manifest` rows: each line's manifest is planned when the line is (its arrival up to
//! four days before the declaration), held in a window of days, and written in arrival order.

use std::collections::BTreeMap;

use super::declaration::{carrier_id, importer_id, manifest_key, seller_id, storage_id};
use crate::data::generate::MAX_ARRIVAL_LAG;
use crate::data::generate::plan::Line;
use crate::data::generate::ports::{call_id, calls_per_day, loading_port, port_for, vessel_name};
use crate::data::rng::{Rng, mix};
use crate::data::rows::{ManifestRow, Manifests};
use crate::data::table::RowWriter;
use crate::error::Error;

/// A manifest line waiting for its arrival day to be written.
pub struct Pending {
    key: String,
    bl_no: String,
    house_bl_no: String,
    call_id: String,
    transport_mode: String,
    vessel_flight: String,
    loading_port: String,
    arrival: i32,
    office_id: String,
    forwarder: String,
    carrier: String,
    departure_country: String,
    consignor: Option<String>,
    consignee: String,
    storage: String,
    packages: i64,
    gross_weight: f64,
}

/// Manifests waiting by arrival day.
pub type Window = BTreeMap<i32, Vec<Pending>>;

/// Plans the manifest line of `line` into `window`.
pub fn plan(line: &Line<'_>, rng: &mut Rng, window: &mut Window) {
    let t = line.template;
    let seq = line.seq;
    let arrival = line.day - rng.below(MAX_ARRIVAL_LAG as u64 + 1) as i32;
    let port = port_for(t.office_id, t.transport_mode);
    let k = rng.below(calls_per_day(port.0, arrival));
    window.entry(arrival).or_default().push(Pending {
        key: manifest_key(seq),
        bl_no: format!(
            "{}{:08}",
            ["MAEU", "HDMU", "COSU", "EGLV", "ONEY"][(mix(seq) % 5) as usize],
            seq / 7
        ),
        house_bl_no: format!("HB{seq:010}"),
        call_id: call_id(port.0, arrival, k),
        transport_mode: t.transport_mode.to_owned(),
        vessel_flight: vessel_name(port.0, arrival, k, port.2),
        loading_port: loading_port(&line.departure, rng.next_u64()),
        arrival,
        office_id: t.office_id.to_owned(),
        forwarder: format!("F{:05}", line.forwarder),
        carrier: carrier_id(line.carrier),
        departure_country: line.departure.clone(),
        consignor: line.seller.map(seller_id),
        consignee: importer_id(line.importer),
        storage: storage_id(line.storage),
        packages: (line.quantity / 10.0).ceil() as i64,
        gross_weight: (line.mass * 1.08 * 10.0).round() / 10.0,
    });
}

/// Writes the manifests that arrived on or before `day` (all when `day` is `None`).
pub fn flush(
    w: &mut RowWriter<Manifests>,
    window: &mut Window,
    day: Option<i32>,
) -> Result<(), Error> {
    while let Some(entry) = window.first_entry() {
        if day.is_some_and(|d| *entry.key() > d) {
            break;
        }
        for m in entry.remove() {
            w.write(&ManifestRow {
                manifest_key: Some(&m.key),
                bl_no: Some(&m.bl_no),
                house_bl_no: Some(&m.house_bl_no),
                call_id: Some(&m.call_id),
                transport_mode: Some(&m.transport_mode),
                vessel_flight: Some(&m.vessel_flight),
                loading_port: Some(&m.loading_port),
                arrival_date: Some(m.arrival),
                office_id: Some(&m.office_id),
                forwarder_id: Some(&m.forwarder),
                carrier_id: Some(&m.carrier),
                departure_country: Some(&m.departure_country),
                consignor_id: m.consignor.as_deref(),
                consignee_id: Some(&m.consignee),
                storage_location: Some(&m.storage),
                packages: Some(m.packages),
                gross_weight: Some(m.gross_weight),
            })?;
        }
    }
    Ok(())
}
