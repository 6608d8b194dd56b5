//! The origin analyses (원산지 분석) as the server answers them and the browser reads them:
//! `GET /api/origin/exporters` (the exporters' features for the rerouting model, Arrow IPC),
//! `GET /api/origin/exporters/{id}` (one exporter's matched flows) and `GET /api/origin/fta`
//! (the FTA verification queue).

use serde::{Deserialize, Serialize};

/// Columns of the exporters' answer beside the model's features (which are named by
/// `portal_scoring::rerouting::FEATURES`, some of them read as evidence below).
pub mod columns {
    /// Exporter id.
    pub const EXPORTER: &str = "exporter_id";
    /// Export lines.
    pub const EXPORTS: &str = "exports";
    /// Of which declared Korean.
    pub const KR_EXPORTS: &str = "kr_exports";
    /// Of which matched to a Chinese import of the same HS6 in the 90 days before.
    pub const MATCHED: &str = "matched";
    /// FOB value of its exports, KRW.
    pub const FOB_KRW: &str = "fob_krw";
    /// Feature: median days from import to export of the matches.
    pub const LAG: &str = "median_lag_days";
    /// Feature: median export value over import value of the matches.
    pub const VALUE_RATIO: &str = "median_value_ratio";
    /// Feature: 1 manufactures, 0 does not, 0.5 unknown.
    pub const MANUFACTURER: &str = "manufacturer";
    /// Feature: share of its exports to the US or the EU.
    pub const US_EU: &str = "us_eu_share";
    /// Feature: the change of that share from its earlier to its later exports.
    pub const SHIFT: &str = "us_eu_shift";
    /// Feature: its matched share minus its peers'.
    pub const OVER_PEERS: &str = "matched_over_peers";
}

/// Query of `GET /api/origin/exporters` and `GET /api/origin/exporters/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OriginQuery {
    /// A national user's view of one office (an office-scoped user may only name their own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// One export matched to the import behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// Import declaration.
    pub import_id: String,
    /// Its day (`YYYY-MM-DD`).
    pub import_date: String,
    /// Its goods.
    pub import_hs6: String,
    /// Its customs value, KRW.
    pub import_value_krw: f64,
    /// Export declaration.
    pub export_id: String,
    /// Its day.
    pub export_date: String,
    /// Its goods.
    pub export_hs6: String,
    /// Its destination.
    pub destination: String,
    /// Its FOB value, KRW.
    pub fob_krw: f64,
    /// Days from import to export.
    pub lag_days: i32,
    /// Whether the goods are the same HS6 (else the same HS4).
    pub same_hs6: bool,
}

/// An origin → Korea → destination flow of an exporter's Korean-declared exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// Where the goods came from: the origin of the matched import, or `KR` when none matched.
    pub origin: String,
    /// Destination.
    pub destination: String,
    /// Exports on the route.
    pub exports: u32,
    /// Their FOB value, KRW.
    pub fob_krw: f64,
}

/// Answer of `GET /api/origin/exporters/{id}`: the exporter's facts and flows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExporterFlows {
    /// Exporter id.
    pub exporter_id: String,
    /// Company name from the master, when known.
    pub name: Option<String>,
    /// Industry, when known.
    pub industry: Option<String>,
    /// Whether it manufactures.
    pub manufacturer: Option<bool>,
    /// Whether it has a registered factory.
    pub factory_registered: Option<bool>,
    /// Employees.
    pub employees: Option<i64>,
    /// Its export lines.
    pub exports: u32,
    /// Of which declared Korean.
    pub kr_exports: u32,
    /// Matched exports, by export day.
    pub flows: Vec<Flow>,
    /// Its Korean-declared exports by route, largest first.
    pub routes: Vec<Route>,
}

/// Query of `GET /api/origin/fta`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FtaQuery {
    /// Only claims under this agreement (its code, e.g. `VN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    /// A national user's view of one office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// Claims listed, riskiest first (default [`FTA_DEFAULT_LIMIT`], at most
    /// [`FTA_MAX_LIMIT`]); the totals count every claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Claims listed when the query names no limit.
pub const FTA_DEFAULT_LIMIT: u32 = 500;
/// Most claims one answer lists.
pub const FTA_MAX_LIMIT: u32 = 10_000;

/// One FTA claim of the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FtaClaim {
    /// Import declaration.
    pub declaration_id: String,
    /// Its day.
    pub declaration_date: String,
    /// Office.
    pub office_id: String,
    /// Importer.
    pub importer_id: String,
    /// Agreement code the rate type names (empty when none does).
    pub agreement: String,
    /// Country of origin.
    pub origin: String,
    /// Goods.
    pub hs6: String,
    /// Risk 0–999.
    pub risk_score: u16,
    /// (basic − preferential rate) × customs value, KRW.
    pub duty_at_stake: f64,
    /// The checks it fails ([`crate::fta::Check`] names).
    pub failed_checks: Vec<String>,
    /// Certificate of origin number, when given.
    pub co_number: Option<String>,
    /// The certificate's issuing country, when on file.
    pub issuer_country: Option<String>,
}

/// Totals of a group of claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FtaTotal {
    /// The group's key (office, agreement or importer).
    pub key: String,
    /// Claims.
    pub claims: u32,
    /// Of which fail at least one check.
    pub failing: u32,
    /// Duty at stake of the failing claims, KRW.
    pub duty_at_stake: f64,
}

/// Answer of `GET /api/origin/fta`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FtaQueue {
    /// Claims in the scope (and agreement).
    pub claims: u32,
    /// Of which fail at least one check.
    pub failing: u32,
    /// Duty at stake of the failing claims, KRW.
    pub duty_at_stake: f64,
    /// The riskiest claims (risk, then duty at stake).
    pub queue: Vec<FtaClaim>,
    /// Totals by office, largest duty at stake first.
    pub by_office: Vec<FtaTotal>,
    /// Totals by agreement.
    pub by_agreement: Vec<FtaTotal>,
    /// Totals of the 20 importers with the most duty at stake.
    pub by_importer: Vec<FtaTotal>,
    /// Agreement codes with claims in the scope (for the filter), sorted.
    pub agreements: Vec<String>,
}

crate::string_enum! {
    /// The origin analysis a dashboard widget shows.
    pub enum OriginAnalysis {
        /// The exporters ranked by the rerouting model (scored in the browser).
        Rerouting = "rerouting",
        /// The FTA verification queue's totals and first claims.
        Fta = "fta",
    }
}

/// An origin widget: which analysis, and for the FTA queue an agreement to keep to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginWidget {
    /// The analysis.
    pub analysis: OriginAnalysis,
    /// FTA queue only: the agreement code (`VN`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
}

/// Checks an origin widget: an agreement is 2 to 8 letters or digits and only for the FTA
/// queue, and the widget is not also scored or a network.
pub fn check_origin(w: &OriginWidget, scored: bool, network: bool) -> Result<(), String> {
    if scored || network {
        return Err("a widget is an origin analysis, scored or a network: one of them".to_owned());
    }
    match (&w.agreement, w.analysis) {
        (None, _) => Ok(()),
        (Some(_), OriginAnalysis::Rerouting) => {
            Err("only the FTA queue keeps to an agreement".to_owned())
        }
        (Some(a), OriginAnalysis::Fta) => {
            if (2..=8).contains(&a.len()) && a.chars().all(|c| c.is_ascii_alphanumeric()) {
                Ok(())
            } else {
                Err(format!("'{a}' is not an agreement code"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_widget_is_one_kind_with_a_valid_agreement() {
        let fta = |a: Option<&str>| OriginWidget {
            analysis: OriginAnalysis::Fta,
            agreement: a.map(str::to_owned),
        };
        assert!(check_origin(&fta(None), false, false).is_ok());
        assert!(check_origin(&fta(Some("VN")), false, false).is_ok());
        assert!(check_origin(&fta(Some("V N")), false, false).is_err());
        assert!(check_origin(&fta(Some("")), false, false).is_err());
        assert!(check_origin(&fta(None), true, false).is_err());
        assert!(check_origin(&fta(None), false, true).is_err());
        let rr = OriginWidget {
            analysis: OriginAnalysis::Rerouting,
            agreement: Some("VN".into()),
        };
        assert!(check_origin(&rr, false, false).is_err());
        let json = serde_json::to_string(&fta(Some("VN"))).expect("json");
        assert_eq!(json, r#"{"analysis":"fta","agreement":"VN"}"#);
    }
}
