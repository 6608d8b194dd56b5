//! The rerouting model's ONNX graph, and the evidence shown beside each exporter's score.

use super::{Exporter, FEATURES};
use crate::ScoringError;
use crate::model::Model;

/// The ONNX graph of the rerouting model.
#[derive(Debug)]
pub struct ReroutingModel {
    model: Model,
}

impl ReroutingModel {
    /// Loads the model from its ONNX bytes.
    pub fn load(onnx: &[u8]) -> Result<ReroutingModel, ScoringError> {
        Ok(ReroutingModel {
            model: Model::load(onnx, FEATURES.len(), 1)?,
        })
    }

    /// The probability of each row of features (row-major, [`FEATURES`] wide).
    pub fn run_features(
        &self,
        x: &[f32],
        progress: impl FnMut(usize) -> bool,
    ) -> Result<Vec<f32>, ScoringError> {
        self.model.run(x, progress)
    }

    /// The probability of each exporter, in order.
    pub fn score(
        &self,
        exporters: &[Exporter],
        progress: impl FnMut(usize) -> bool,
    ) -> Result<Vec<f32>, ScoringError> {
        let x: Vec<f32> = exporters.iter().flat_map(|e| e.x).collect();
        self.run_features(&x, progress)
    }
}

/// What an officer checks first about an exporter, read from its features.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// Korean-declared exports matched to a Chinese import of the same HS6.
    pub matched: u32,
    /// Korean-declared exports.
    pub kr_exports: u32,
    /// Median days from import to export of the matches (none without matches).
    pub lag_days: Option<f32>,
    /// Median export value over import value of the matches.
    pub value_ratio: Option<f32>,
    /// Whether it manufactures (unknown: none).
    pub manufacturer: Option<bool>,
    /// Share of its exports to the US or the EU.
    pub us_eu_share: f32,
    /// Change of that share from its earlier to its later exports.
    pub us_eu_shift: f32,
    /// Its matched share minus that of the peers exporting the same goods.
    pub over_peers: f32,
}

impl Evidence {
    /// The evidence of an exporter.
    pub fn of(e: &Exporter) -> Evidence {
        let x = &e.x;
        let any = !e.matches.is_empty();
        Evidence {
            matched: e.matched,
            kr_exports: e.kr_exports,
            lag_days: any.then_some(x[4]),
            value_ratio: any.then_some(x[5]),
            manufacturer: (x[9] != 0.5).then_some(x[9] == 1.0),
            us_eu_share: x[7],
            us_eu_shift: x[8],
            over_peers: x[16],
        }
    }
}

impl std::fmt::Display for Evidence {
    /// `matched=12/14;lag_days=21;value_ratio=1.08;manufacturer=no;us_eu_share=0.93;
    /// us_eu_shift=+0.85;over_peers=+0.71` (`-` for what is unknown).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let or_dash = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        write!(
            f,
            "matched={}/{};lag_days={};value_ratio={};manufacturer={};us_eu_share={:.2};\
             us_eu_shift={:+.2};over_peers={:+.2}",
            self.matched,
            self.kr_exports,
            or_dash(self.lag_days.map(|d| format!("{d:.0}"))),
            or_dash(self.value_ratio.map(|r| format!("{r:.2}"))),
            match self.manufacturer {
                Some(true) => "yes",
                Some(false) => "no",
                None => "-",
            },
            self.us_eu_share,
            self.us_eu_shift,
            self.over_peers,
        )
    }
}
