//! `GET /api/shipments?from=&to=&limit=&office=`: the manifest lines the supply-chain model
//! scores in the browser, with what their histories need (see
//! `portal_scoring::supply_chain::window`): the query and the answer's columns beside the
//! manifest's (`manifest_key`, `arrival_date`, the parties).

use serde::{Deserialize, Serialize};

/// Column of the answer: whether the row is a line to score (the others only bring an
/// inspection).
pub const TO_SCORE: &str = "to_score";
/// Column: the day the line's inspection was done (none when it was not selected).
pub const INSPECTION_DATE: &str = "inspection_date";
/// Column: whether that inspection found a fraud.
pub const FOUND: &str = "found";
/// Columns: the inspections and frauds of the rest of the history, whatever their keys (the
/// base rate's seed), the same on every row.
pub const BASE: [&str; 2] = ["base_inspections", "base_frauds"];

/// The seed columns of each combination (`portal_scoring::supply_chain::COMBINATIONS`, in
/// order): shipments, inspections and frauds in the rest of the history.
pub const SEEDS: [[&str; 3]; 5] = [
    ["p1_seen_shipments", "p1_seen_inspections", "p1_seen_frauds"],
    ["p2_seen_shipments", "p2_seen_inspections", "p2_seen_frauds"],
    ["p3_seen_shipments", "p3_seen_inspections", "p3_seen_frauds"],
    ["p4_seen_shipments", "p4_seen_inspections", "p4_seen_frauds"],
    [
        "consignee_seen_shipments",
        "consignee_seen_inspections",
        "consignee_seen_frauds",
    ],
];

/// Most manifest lines one answer scores.
pub const MAX_LINES: u64 = 100_000;

/// Lines scored when the query names no limit.
pub const DEFAULT_LINES: u64 = 5_000;

/// Query of `GET /api/shipments`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShipmentQuery {
    /// First arrival day scored (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last arrival day scored (`YYYY-MM-DD`, inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Most lines scored, the earliest arrivals first (default [`DEFAULT_LINES`], at most
    /// [`MAX_LINES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Only this destination office: its lines are scored from its own histories, as an
    /// analyst of the office would see them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// Why a [`ShipmentQuery`] was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadShipmentQuery(pub String);

/// A [`ShipmentQuery`] checked: days since 1970-01-01, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShipmentBounds {
    /// First arrival day scored.
    pub from: i32,
    /// Last arrival day scored.
    pub to: i32,
    /// Most lines scored.
    pub limit: u64,
}

impl ShipmentQuery {
    /// The office named, trimmed (blank: none).
    pub fn office(&self) -> Option<&str> {
        self.office
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
    }

    /// Checks the query: both days are needed (the histories start the day before `from`).
    pub fn validate(&self) -> Result<ShipmentBounds, BadShipmentQuery> {
        let day = |name: &str, v: &Option<String>| match v.as_deref().map(str::trim) {
            None | Some("") => Err(BadShipmentQuery(format!(
                "{name} (YYYY-MM-DD) is needed: the lines that arrived from 'from' to 'to' are scored"
            ))),
            Some(s) => crate::date::parse_days(s).ok_or_else(|| {
                BadShipmentQuery(format!("{name} '{s}' is not a date (YYYY-MM-DD)"))
            }),
        };
        let (from, to) = (day("from", &self.from)?, day("to", &self.to)?);
        if from > to {
            return Err(BadShipmentQuery(format!(
                "from ({}) is after to ({})",
                crate::date::format_days(from),
                crate::date::format_days(to)
            )));
        }
        let limit = self.limit.unwrap_or(DEFAULT_LINES);
        if limit == 0 || limit > MAX_LINES {
            return Err(BadShipmentQuery(format!(
                "limit must be between 1 and {MAX_LINES}"
            )));
        }
        Ok(ShipmentBounds { from, to, limit })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_checked() {
        let q = |from: &str, to: &str, limit: Option<u64>| ShipmentQuery {
            from: Some(from.into()),
            to: Some(to.into()),
            limit,
            office: Some(" ".into()),
        };
        let b = q("2021-01-01", "2021-01-31", None)
            .validate()
            .expect("valid");
        assert_eq!(b.from, crate::date::parse_days("2021-01-01").expect("day"));
        assert_eq!((b.to - b.from, b.limit), (30, DEFAULT_LINES));
        assert!(q("2021-01-01", "2021-01-01", Some(1)).validate().is_ok());
        assert_eq!(q("2021-01-01", "2021-01-01", None).office(), None);
        for bad in [
            q("2021-02-01", "2021-01-01", None),
            q("2021-13-01", "2021-01-01", None),
            q("2021-01-01", "2021-01-31", Some(0)),
            q("2021-01-01", "2021-01-31", Some(MAX_LINES + 1)),
            ShipmentQuery::default(),
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }
}
