//! `portal score --model supply-chain --input IN --output OUT.csv [--history DIR]`: the risk of
//! manifest lines. IN is the portal's `cargo_manifest` CSV extract (or a `portal generate`
//! folder, which is its own history); the histories come from the shipments of `--history`
//! (manifests with their declarations and inspections), only what happened before each line's
//! arrival. OUT: `manifest_key,risk_score,pattern,combination` (the pattern whose combination
//! has the highest lift, and that combination), one row per input line, in order.

use std::collections::HashMap;
use std::path::Path;

use portal_core::date::parse_days;
use portal_core::risk::{inspected, precision_recall_at};
use portal_scoring::supply_chain::{
    FEATURES, PARTIES, Shipment, SupplyChainModel, histories, strongest,
};
use serde::Deserialize;

use super::scoring::write_atomically;
use super::shipments::read_shipments;
use crate::cli::ScoreOptions;
use crate::error::{Error, ErrorCode};
use crate::model_files::models_dir;

/// A line of a `cargo_manifest` CSV extract (the columns the model reads; others are ignored).
#[derive(Debug, Deserialize)]
struct ManifestLine {
    manifest_key: String,
    arrival_date: String,
    forwarder_id: Option<String>,
    consignor_id: Option<String>,
    storage_location: Option<String>,
    carrier_id: Option<String>,
    office_id: Option<String>,
    departure_country: Option<String>,
    consignee_id: Option<String>,
    hs6: Option<String>,
}

fn bad(path: &Path, m: String) -> Error {
    Error::client(ErrorCode::InvalidInput, format!("{}: {m}", path.display()))
}

/// The lines of a manifest CSV, in order.
fn read_manifest_csv(path: &Path) -> Result<Vec<Shipment>, Error> {
    let file = std::fs::File::open(path).map_err(|e| bad(path, format!("cannot read: {e}")))?;
    let mut reader = csv::Reader::from_reader(std::io::BufReader::new(file));
    // The portal's CSV extracts start with a byte-order mark.
    let headers: csv::StringRecord = reader
        .headers()
        .map_err(|e| bad(path, format!("unreadable header: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}'))
        .collect();
    reader.set_headers(headers);
    let mut out = Vec::new();
    for (i, rec) in reader.deserialize::<ManifestLine>().enumerate() {
        let line = i + 2;
        let m = rec.map_err(|e| bad(path, format!("line {line}: {e}")))?;
        let day = parse_days(&m.arrival_date).ok_or_else(|| {
            bad(
                path,
                format!(
                    "line {line}: arrival_date '{}' is not a date",
                    m.arrival_date
                ),
            )
        })?;
        let parties = [
            m.forwarder_id,
            m.consignor_id,
            m.storage_location,
            m.carrier_id,
            m.office_id,
            m.departure_country,
            m.consignee_id,
            m.hs6,
        ]
        .map(Option::unwrap_or_default);
        out.push(Shipment {
            key: m.manifest_key,
            day,
            parties,
            inspected: None,
            fraud: false,
        });
    }
    Ok(out)
}

/// Scores the lines of `opts.input`.
pub async fn score_supply_chain(opts: &ScoreOptions) -> Result<(), Error> {
    let dir = models_dir(opts.models_dir.clone());
    let onnx_path = dir.join("supply-chain").join("model.onnx");
    let onnx = std::fs::read(&onnx_path)
        .map_err(|e| Error::internal(format!("reading {}", onnx_path.display()), e))?;
    let model = SupplyChainModel::load(&onnx)
        .map_err(|e| Error::internal("loading the supply-chain model", e))?;
    // The rows the histories are made of, and the positions of the input lines among them.
    let (rows, lines): (Vec<Shipment>, Vec<usize>) = if opts.input.is_dir() {
        let rows: Vec<Shipment> = read_shipments(&opts.input)
            .await?
            .into_iter()
            .map(|r| r.shipment)
            .collect();
        let n = rows.len();
        (rows, (0..n).collect())
    } else {
        let input = read_manifest_csv(&opts.input)?;
        let Some(history) = &opts.history else {
            return Err(bad(
                &opts.input,
                "a manifest extract holds no inspections: name the data folder the histories \
                 come from with --history"
                    .into(),
            ));
        };
        let mut rows: Vec<Shipment> = read_shipments(history)
            .await?
            .into_iter()
            .map(|r| r.shipment)
            .collect();
        let at: HashMap<String, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key.clone(), i))
            .collect();
        let mut lines = Vec::with_capacity(input.len());
        for s in input {
            match at.get(&s.key) {
                Some(&i) => lines.push(i),
                None => {
                    lines.push(rows.len());
                    rows.push(s);
                }
            }
        }
        (rows, lines)
    };
    let x = histories(&rows);
    let picked: Vec<f32> = lines.iter().flat_map(|&i| x[i]).collect();
    let p = model
        .run_features(&picked, |_| true)
        .map_err(|e| Error::internal("running the supply-chain model", e))?;
    let w = FEATURES.len();
    write_atomically(&opts.output, |out| {
        out.write_record(["manifest_key", "risk_score", "pattern", "combination"])?;
        for (k, &i) in lines.iter().enumerate() {
            let (pattern, combination) = strongest(&picked[k * w..(k + 1) * w], &rows[i]);
            out.write_record([
                rows[i].key.as_str(),
                &format!("{:.6}", p[k]),
                pattern.as_str(),
                &combination,
            ])?;
        }
        Ok(())
    })?;
    eprintln!(
        "scored {} manifest lines (parties: {})",
        lines.len(),
        PARTIES.join(",")
    );
    let labels: Vec<bool> = lines.iter().map(|&i| rows[i].fraud).collect();
    if labels.iter().any(|&l| l)
        && let Some((precision, recall)) =
            precision_recall_at(&p, &labels, inspected(lines.len(), 0.05))
    {
        eprintln!("inspected lines: precision at 5% {precision:.3}, recall {recall:.3}");
    }
    Ok(())
}
