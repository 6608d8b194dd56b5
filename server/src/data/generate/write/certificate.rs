//! `origin_certificate` rows, from their own random stream: for every import line claiming an
//! FTA rate with a certificate number, the certificate behind the claim (issued by a registered
//! body of the origin country before the import, meeting the chapter's rule), except where a
//! defect is planted — 4 % of the honest claims (`unregistered_issuer`, `issued_after_import`,
//! `criterion_not_met`, `rvc_below_threshold`) and the lines of the declarations' own FTA
//! patterns (`fta_invalid_origin`, `origin_disguise`); and for every export declared Korean that
//! asked for one, the Korean certificate (`rerouting` where the goods were only passed through,
//! with a value content far below the rule's).

use super::declaration::importer_id;
use crate::data::generate::fta::{AGREEMENTS, agreement_with, criterion};
use crate::data::generate::plan::{Line, pattern};
use crate::data::rng::Rng;
use crate::data::rows::{CertificateRow, Certificates as Rows};
use crate::data::table::RowWriter;
use crate::error::Error;

/// Share of honest FTA claims whose certificate carries a planted defect.
pub const DEFECTS: f64 = 0.04;

/// The certificate writer and its random stream.
pub struct Certificates<'w> {
    w: &'w mut RowWriter<Rows>,
    rng: Rng,
}

/// What an export's certificate is made from.
pub struct ExportFacts<'a> {
    /// Export declaration ID.
    pub export_id: &'a str,
    /// Export day.
    pub day: i32,
    /// Office.
    pub office: &'a str,
    /// Exporter ID.
    pub exporter: &'a str,
    /// HS6.
    pub hs6: &'a str,
    /// Destination country.
    pub destination: &'a str,
    /// Whether the goods are a rerouting firm's.
    pub rerouting: bool,
    /// Whether the exporter made them.
    pub manufactured: bool,
}

fn chapter(hs6: &str) -> u32 {
    hs6.get(..2).and_then(|c| c.parse().ok()).unwrap_or(0)
}

fn threshold(code: Option<&str>) -> f64 {
    code.and_then(|c| AGREEMENTS.iter().find(|a| a.code == c))
        .map_or(40.0, |a| a.rvc)
}

impl<'w> Certificates<'w> {
    /// Certificates written to `w`, drawn from a stream of `seed`.
    pub fn new(w: &'w mut RowWriter<Rows>, seed: u64) -> Self {
        Certificates {
            w,
            rng: Rng::new(seed ^ 0xC0C0_0F0F_5EED),
        }
    }

    /// The certificate behind import line `line` (declaration `id`), if it claims an FTA rate
    /// with a certificate number.
    pub fn import(&mut self, line: &Line<'_>, id: &str) -> Result<(), Error> {
        let (true, Some(number)) = (line.fta_claim, line.co_number.as_deref()) else {
            return Ok(());
        };
        let rng = &mut self.rng;
        // The agreement claimed: the letters after `F` in the rate type.
        let code = line
            .tax_type
            .get(1..3)
            .filter(|c| AGREEMENTS.iter().any(|a| a.code == *c));
        let rule = criterion(chapter(&line.hs6));
        let least = threshold(code);
        let mut issuer = if rng.chance(0.7) {
            format!("{} Chamber of Commerce", line.origin)
        } else {
            format!("{} Customs", line.origin)
        };
        let mut registered = true;
        let mut issued = line.day - 1 - rng.below(40) as i32;
        let mut claimed = rule;
        let mut rvc = (rule == "RVC").then(|| least + 3.0 + 32.0 * rng.f64());
        let issue = match line.pattern {
            Some(pattern::FTA_INVALID_ORIGIN) => {
                registered = false;
                issuer = format!("{} Trade Services", line.origin);
                Some(pattern::FTA_INVALID_ORIGIN)
            }
            Some(pattern::ORIGIN_DISGUISE) => Some(pattern::ORIGIN_DISGUISE),
            _ if rng.chance(DEFECTS) => Some(match rng.below(4) {
                0 => {
                    registered = false;
                    issuer = format!("{} Trade Services", line.origin);
                    "unregistered_issuer"
                }
                1 => {
                    issued = line.day + 5 + rng.below(116) as i32;
                    "issued_after_import"
                }
                2 if rule == "RVC" => {
                    rvc = Some(least - 5.0 - 15.0 * rng.f64());
                    "rvc_below_threshold"
                }
                _ => {
                    // A criterion the chapter's rule does not allow.
                    (claimed, rvc) = if rule == "WO" {
                        ("CTH", None)
                    } else {
                        ("WO", None)
                    };
                    "criterion_not_met"
                }
            }),
            _ => None,
        };
        let importer = importer_id(line.importer);
        self.w.write(&CertificateRow {
            co_number: Some(number),
            direction: Some("import"),
            export_id: None,
            declaration_id: Some(id),
            office_id: Some(line.template.office_id),
            company_id: Some(&importer),
            agreement: code,
            hs6: Some(&line.hs6),
            issuer: Some(&issuer),
            issuer_country: Some(&line.origin),
            registered_issuer: Some(registered),
            issue_date: Some(issued),
            criterion: Some(claimed),
            rvc_pct: rvc.map(|v| (v * 10.0).round() / 10.0),
            planted_issue: issue,
        })
    }

    /// The Korean certificate of an export.
    pub fn export(&mut self, e: &ExportFacts<'_>) -> Result<(), Error> {
        let rng = &mut self.rng;
        let code = agreement_with(e.destination, e.day).map(|a| a.code);
        let rule = criterion(chapter(e.hs6));
        let least = threshold(code);
        // A rerouting firm claims the rule's criterion, but adds almost nothing.
        let content = if e.rerouting {
            2.0 + 12.0 * rng.f64()
        } else if e.manufactured {
            least + 10.0 + 30.0 * rng.f64()
        } else {
            least + 40.0 * rng.f64()
        };
        let issuer = if rng.chance(0.6) {
            "대한상공회의소"
        } else {
            "세관"
        };
        let number = format!("KR{}", &e.export_id[1..]);
        self.w.write(&CertificateRow {
            co_number: Some(&number),
            direction: Some("export"),
            export_id: Some(e.export_id),
            declaration_id: None,
            office_id: Some(e.office),
            company_id: Some(e.exporter),
            agreement: code,
            hs6: Some(e.hs6),
            issuer: Some(issuer),
            issuer_country: Some("KR"),
            registered_issuer: Some(true),
            issue_date: Some(e.day + rng.below(6) as i32),
            criterion: Some(rule),
            rvc_pct: (rule == "RVC").then(|| (content * 10.0).round() / 10.0),
            planted_issue: e.rerouting.then_some("rerouting"),
        })
    }
}
