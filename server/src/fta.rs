//! FTA claims checked against their certificates of origin ([`portal_core::fta`]), for the CLI
//! (`portal fta-check`) and the verification queue (`GET /api/origin/fta`): the agreement is the
//! one the rate type names (`FVN1` → `VN`), in force with the origin on the day; the rule is its
//! simplified rule for the goods' chapter; the basic rate comes from the built-in profile. An
//! office-scoped user's queue is their office's claims and the certificates presented with them.

use std::collections::HashMap;

use datafusion::prelude::{ident, lit};
use portal_core::datasets::{IMPORT_DECLARATION, ORIGIN_CERTIFICATE};
use portal_core::date::format_days;
use portal_core::fta::{Certificate, Check, Claim, Rule, checks, duty_at_stake, risk};
use portal_core::origin::{FtaClaim, FtaQueue, FtaTotal};
use portal_core::risk::risk_score;

use crate::columns::{days, flags, floats, optional_floats, strings, texts};
use crate::data::generate::fta::{criterion, in_force};
use crate::data::profile::Profile;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::scope::Scope;

/// Planted defects that make a claim unfounded (certificates' `planted_issue`, declarations'
/// `risk_pattern`).
pub const UNFOUNDED: [&str; 6] = [
    "unregistered_issuer",
    "issued_after_import",
    "criterion_not_met",
    "rvc_below_threshold",
    "fta_invalid_origin",
    "origin_disguise",
];

/// Basic rate assumed for goods the profile does not know (%).
const DEFAULT_BASIC_RATE: f64 = 8.0;

/// An import line that claims a preference.
#[derive(Debug, Clone, Default)]
pub struct ClaimLine {
    /// Declaration id.
    pub id: String,
    /// Declaration day.
    pub day: i32,
    /// Office (empty when unknown).
    pub office: String,
    /// Importer (empty when unknown).
    pub importer: String,
    /// Country of origin.
    pub origin: String,
    /// Goods.
    pub hs6: String,
    /// Rate applied (%).
    pub rate: f64,
    /// Rate type (`FVN1`…).
    pub rate_type: String,
    /// Customs value, KRW.
    pub value: f64,
    /// Certificate number given.
    pub co_number: Option<String>,
    /// The declaration's planted pattern (ground truth).
    pub pattern: Option<String>,
}

impl ClaimLine {
    /// The agreement code its rate type names (`FVN1` → `VN`).
    pub fn agreement(&self) -> &str {
        self.rate_type.get(1..3).unwrap_or("")
    }
}

/// A certificate on file for an import.
#[derive(Debug, Clone)]
pub struct OnFile {
    issue_date: i32,
    issuer_country: String,
    registered: bool,
    criterion: String,
    rvc_pct: Option<f64>,
    planted: Option<String>,
}

/// A claim checked.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Risk in [0, 1].
    pub risk: f64,
    /// Duty at stake, KRW.
    pub stake: f64,
    /// The checks it fails.
    pub failed: Vec<Check>,
    /// Whether the generator planted it as unfounded.
    pub planted: bool,
}

/// Checks `l` against its certificate on file.
pub fn check(l: &ClaimLine, on_file: Option<&OnFile>, profile: &Profile) -> Checked {
    let chapter: u32 = l.hs6.get(..2).and_then(|c| c.parse().ok()).unwrap_or(0);
    let rule = in_force(l.agreement(), &l.origin, l.day).map(|a| {
        let c = criterion(chapter);
        Rule {
            criterion: c,
            rvc_threshold: (c == "RVC").then_some(a.rvc),
        }
    });
    let cert = on_file.map(|c| Certificate {
        issue_date: c.issue_date,
        issuer_country: &c.issuer_country,
        registered: c.registered,
        criterion: &c.criterion,
        rvc_pct: c.rvc_pct,
    });
    let claim = Claim {
        day: l.day,
        origin: &l.origin,
        co_number: l.co_number.as_deref(),
    };
    let failed = checks(&claim, cert.as_ref(), rule.as_ref());
    let basic = profile.basic_rate(&l.hs6).unwrap_or(DEFAULT_BASIC_RATE);
    let planted = on_file
        .and_then(|c| c.planted.as_deref())
        .or(l.pattern.as_deref())
        .is_some_and(|p| UNFOUNDED.contains(&p));
    Checked {
        risk: risk(&failed),
        stake: duty_at_stake(basic, l.rate, l.value),
        failed,
        planted,
    }
}

fn planning(e: datafusion::error::DataFusionError) -> Error {
    Error::internal("reading the FTA claims", e)
}

impl Engine {
    /// The certificates presented with the imports of `scope`, by declaration.
    pub async fn import_certificates(
        &self,
        scope: &Scope,
    ) -> Result<HashMap<String, OnFile>, Error> {
        if !self.has(ORIGIN_CERTIFICATE.name) {
            return Err(Error::client(
                ErrorCode::DataUnavailable,
                "dataset 'origin_certificate' has no data here",
            ));
        }
        let batches = self
            .scoped_table(&ORIGIN_CERTIFICATE, scope)
            .await?
            .filter(ident("direction").eq(lit("import")))
            .map_err(planning)?
            .collect()
            .await
            .map_err(planning)?;
        let mut out = HashMap::new();
        for b in &batches {
            let (decl, country, crit) = (
                strings(b, "declaration_id")?,
                strings(b, "issuer_country")?,
                strings(b, "criterion")?,
            );
            let (issued, registered, planted) = (
                days(b, "issue_date")?,
                flags(b, "registered_issuer")?,
                texts(b, "planted_issue")?,
            );
            let rvc = optional_floats(b, "rvc_pct")?;
            for i in 0..b.num_rows() {
                out.insert(
                    decl[i].clone(),
                    OnFile {
                        issue_date: issued[i].unwrap_or(i32::MAX),
                        issuer_country: country[i].clone(),
                        registered: registered[i],
                        criterion: crit[i].clone(),
                        rvc_pct: rvc[i],
                        planted: planted[i].clone(),
                    },
                );
            }
        }
        Ok(out)
    }

    /// The import lines of `scope` that claim a preference, by day then id.
    pub async fn fta_claims(&self, scope: &Scope) -> Result<Vec<ClaimLine>, Error> {
        if !self.has(IMPORT_DECLARATION.name) {
            return Err(Error::client(
                ErrorCode::DataUnavailable,
                "dataset 'import_declaration' has no data here",
            ));
        }
        let batches = self
            .scoped_table(&IMPORT_DECLARATION, scope)
            .await?
            .filter(ident("fta_claim").is_true())
            .and_then(|df| {
                df.sort(vec![
                    ident("declaration_date").sort(true, false),
                    ident("declaration_id").sort(true, false),
                ])
            })
            .map_err(planning)?
            .collect()
            .await
            .map_err(planning)?;
        let mut out = Vec::new();
        for b in &batches {
            let (id, office, importer, origin, hs6) = (
                strings(b, "declaration_id")?,
                strings(b, "office_id")?,
                strings(b, "importer_id")?,
                strings(b, "country_origin")?,
                strings(b, "hs6")?,
            );
            let (when, rate, rate_type, value) = (
                days(b, "declaration_date")?,
                floats(b, "tax_rate")?,
                strings(b, "tax_type")?,
                floats(b, "item_price")?,
            );
            let (co, pattern) = (texts(b, "co_number")?, texts(b, "risk_pattern")?);
            for i in 0..b.num_rows() {
                out.push(ClaimLine {
                    id: id[i].clone(),
                    day: when[i].unwrap_or_default(),
                    office: office[i].clone(),
                    importer: importer[i].clone(),
                    origin: origin[i].clone(),
                    hs6: hs6[i].clone(),
                    rate: rate[i],
                    rate_type: rate_type[i].clone(),
                    value: value[i],
                    co_number: co[i].clone().filter(|c| !c.is_empty()),
                    pattern: pattern[i].clone(),
                });
            }
        }
        Ok(out)
    }

    /// The verification queue of `scope`: every claim checked, the `limit` riskiest listed
    /// (risk, then duty at stake), totals by office, agreement and importer; only claims under
    /// `agreement` when one is named.
    pub async fn fta_queue(
        &self,
        scope: &Scope,
        agreement: Option<&str>,
        limit: usize,
    ) -> Result<FtaQueue, Error> {
        let claims = self.fta_claims(scope).await?;
        let certs = self.import_certificates(scope).await?;
        let profile = Profile::builtin()?;
        let mut agreements: Vec<String> = claims
            .iter()
            .map(|c| c.agreement().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        agreements.sort();
        agreements.dedup();
        let chosen: Vec<(&ClaimLine, Checked)> = claims
            .iter()
            .filter(|c| agreement.is_none_or(|a| c.agreement() == a))
            .map(|c| {
                let on_file = certs.get(&c.id);
                (c, check(c, on_file, &profile))
            })
            .collect();
        let mut order: Vec<usize> = (0..chosen.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&chosen[a].1, &chosen[b].1);
            y.risk
                .total_cmp(&x.risk)
                .then(y.stake.total_cmp(&x.stake))
                .then(a.cmp(&b))
        });
        let queue = order
            .iter()
            .take(limit)
            .map(|&i| {
                let (l, c) = &chosen[i];
                FtaClaim {
                    declaration_id: l.id.clone(),
                    declaration_date: format_days(l.day),
                    office_id: l.office.clone(),
                    importer_id: l.importer.clone(),
                    agreement: l.agreement().to_owned(),
                    origin: l.origin.clone(),
                    hs6: l.hs6.clone(),
                    risk_score: risk_score(c.risk as f32),
                    duty_at_stake: c.stake.round(),
                    failed_checks: c.failed.iter().map(|f| f.as_str().to_owned()).collect(),
                    co_number: l.co_number.clone(),
                    issuer_country: certs.get(&l.id).map(|f| f.issuer_country.clone()),
                }
            })
            .collect();
        let totals = |key: &dyn Fn(&ClaimLine) -> &str| {
            let mut by: HashMap<&str, FtaTotal> = HashMap::new();
            for (l, c) in &chosen {
                let k = key(l);
                let t = by.entry(k).or_insert_with(|| FtaTotal {
                    key: k.to_owned(),
                    claims: 0,
                    failing: 0,
                    duty_at_stake: 0.0,
                });
                t.claims += 1;
                if !c.failed.is_empty() {
                    t.failing += 1;
                    t.duty_at_stake += c.stake.round();
                }
            }
            let mut v: Vec<FtaTotal> = by.into_values().collect();
            v.sort_by(|a, b| {
                b.duty_at_stake
                    .total_cmp(&a.duty_at_stake)
                    .then(a.key.cmp(&b.key))
            });
            v
        };
        let all = totals(&|_| "");
        let mut by_importer = totals(&|l| l.importer.as_str());
        by_importer.truncate(20);
        Ok(FtaQueue {
            claims: all.first().map_or(0, |t| t.claims),
            failing: all.first().map_or(0, |t| t.failing),
            duty_at_stake: all.first().map_or(0.0, |t| t.duty_at_stake),
            queue,
            by_office: totals(&|l| l.office.as_str()),
            by_agreement: totals(&|l| l.agreement()),
            by_importer,
            agreements,
        })
    }
}
