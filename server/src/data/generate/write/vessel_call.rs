//! `vessel_call` rows: each port's vessel or flight calls of a day, derived from the port and
//! the day by hashing.

use crate::data::generate::ports::{PORTS, call_id, calls_per_day, loading_port, vessel_name};
use crate::data::rng::hash_str;
use crate::data::rows::{VesselCallRow, VesselCalls};
use crate::data::table::RowWriter;
use crate::error::Error;

/// Writes the calls of `day` at every port.
pub fn write_day(w: &mut RowWriter<VesselCalls>, day: i32) -> Result<(), Error> {
    for (port, office, mode) in PORTS {
        for k in 0..calls_per_day(port, day) {
            let h = hash_str(port, (day as u64) << 8 | k);
            let stay = if mode == "40" { 0 } else { 1 + (h % 3) as i32 };
            let id = call_id(port, day, k);
            let vessel = vessel_name(port, day, k, mode);
            let previous = loading_port(
                ["CN", "JP", "US", "VN", "DE", "TW"][(h % 6) as usize],
                h >> 4,
            );
            w.write(&VesselCallRow {
                call_id: Some(&id),
                transport_mode: Some(mode),
                vessel_flight: Some(&vessel),
                port: Some(port),
                office_id: Some(office),
                previous_port: Some(&previous),
                arrival_date: Some(day),
                departure_date: Some(day + stay),
            })?;
        }
    }
    Ok(())
}
