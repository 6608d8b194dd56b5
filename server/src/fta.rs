//! FTA claims checked against their certificates of origin ([`portal_core::fta`]), for the CLI
//! (`portal fta-check`) and the verification queue (`GET /api/origin/fta`): the agreement is the
//! one the rate type names (`FVN1` → `VN`), in force with the origin on the day; the rule is its
//! simplified rule for the goods' chapter; the basic rate comes from the built-in profile. An
//! office-scoped user's queue is their office's claims and the certificates presented with them.

use std::collections::{BTreeSet, HashMap};

use arrow_array::{Array, BooleanArray, Date32Array, Float64Array, RecordBatch, StringArray};
use datafusion::common::JoinType;
use rustc_hash::FxHashMap;

use datafusion::prelude::{ident, lit};
use portal_core::datasets::{IMPORT_DECLARATION, ORIGIN_CERTIFICATE};
use portal_core::date::format_days;
use portal_core::fta::{Certificate, Check, Claim, Rule, checks, duty_at_stake, risk};
use portal_core::origin::{FtaClaim, FtaQueue, FtaTotal};
use portal_core::risk::risk_score;

use crate::columns::{
    date_array, days, flag_array, flags, float_array, optional_floats, strings, text_array, texts,
};
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

/// A claim as the checks read it (borrowed from a [`ClaimLine`] or from a query's arrays).
#[derive(Debug, Clone, Copy)]
pub struct ClaimRef<'a> {
    /// Declaration day.
    pub day: i32,
    /// Country of origin.
    pub origin: &'a str,
    /// Goods.
    pub hs6: &'a str,
    /// Rate applied (%).
    pub rate: f64,
    /// Rate type.
    pub rate_type: &'a str,
    /// Customs value, KRW.
    pub value: f64,
    /// Certificate number given.
    pub co_number: Option<&'a str>,
    /// Planted pattern (ground truth).
    pub pattern: Option<&'a str>,
}

/// The agreement code a rate type names (`FVN1` → `VN`; empty when none).
pub fn agreement_of(rate_type: &str) -> &str {
    rate_type.get(1..3).unwrap_or("")
}

impl ClaimLine {
    /// The claim as the checks read it.
    pub fn as_claim(&self) -> ClaimRef<'_> {
        ClaimRef {
            day: self.day,
            origin: &self.origin,
            hs6: &self.hs6,
            rate: self.rate,
            rate_type: &self.rate_type,
            value: self.value,
            co_number: self.co_number.as_deref(),
            pattern: self.pattern.as_deref(),
        }
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

impl OnFile {
    /// The certificate as the checks read it.
    pub fn as_cert(&self) -> CertRef<'_> {
        CertRef {
            issue_date: self.issue_date,
            issuer_country: &self.issuer_country,
            registered: self.registered,
            criterion: &self.criterion,
            rvc_pct: self.rvc_pct,
            planted: self.planted.as_deref(),
        }
    }
}

/// A certificate as the checks read it (borrowed from an [`OnFile`] or a query's arrays).
#[derive(Debug, Clone, Copy)]
pub struct CertRef<'a> {
    issue_date: i32,
    issuer_country: &'a str,
    registered: bool,
    criterion: &'a str,
    rvc_pct: Option<f64>,
    planted: Option<&'a str>,
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
pub fn check(l: &ClaimRef<'_>, on_file: Option<CertRef<'_>>, profile: &Profile) -> Checked {
    let chapter: u32 = l.hs6.get(..2).and_then(|c| c.parse().ok()).unwrap_or(0);
    let rule = in_force(agreement_of(l.rate_type), l.origin, l.day).map(|a| {
        let c = criterion(chapter);
        Rule {
            criterion: c,
            rvc_threshold: (c == "RVC").then_some(a.rvc),
        }
    });
    let cert = on_file.map(|c| Certificate {
        issue_date: c.issue_date,
        issuer_country: c.issuer_country,
        registered: c.registered,
        criterion: c.criterion,
        rvc_pct: c.rvc_pct,
    });
    let claim = Claim {
        day: l.day,
        origin: l.origin,
        co_number: l.co_number,
    };
    let failed = checks(&claim, cert.as_ref(), rule.as_ref());
    let basic = profile.basic_rate(l.hs6).unwrap_or(DEFAULT_BASIC_RATE);
    let planted = on_file
        .and_then(|c| c.planted)
        .or(l.pattern)
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

    /// The verification queue of `scope`: every claim checked, the `limit` riskiest listed
    /// (risk, then duty at stake, then declaration id), totals by office, agreement and
    /// importer; only claims under `agreement` when one is named. The claims are read column by
    /// column and only the listed ones are copied (millions of claims at national scale).
    pub async fn fta_queue(
        &self,
        scope: &Scope,
        agreement: Option<&str>,
        limit: usize,
    ) -> Result<FtaQueue, Error> {
        if !self.has(IMPORT_DECLARATION.name) {
            return Err(Error::client(
                ErrorCode::DataUnavailable,
                "dataset 'import_declaration' has no data here",
            ));
        }
        if !self.has(ORIGIN_CERTIFICATE.name) {
            return Err(Error::client(
                ErrorCode::DataUnavailable,
                "dataset 'origin_certificate' has no data here",
            ));
        }
        let profile = Profile::builtin()?;
        // Each claim with the certificate presented with it: the certificates (fewer than the
        // claims, a few narrow columns) are the side held in memory.
        let certs = self
            .scoped_table(&ORIGIN_CERTIFICATE, scope)
            .await?
            .filter(ident("direction").eq(lit("import")))
            .and_then(|df| {
                df.select(vec![
                    ident("declaration_id").alias("c_id"),
                    ident("issue_date"),
                    ident("issuer_country"),
                    ident("registered_issuer"),
                    ident("criterion"),
                    ident("rvc_pct"),
                    ident("planted_issue"),
                ])
            })
            .map_err(planning)?;
        let batches = self
            .scoped_table(&IMPORT_DECLARATION, scope)
            .await?
            .filter(ident("fta_claim").is_true())
            .and_then(|df| df.select(CLAIM_COLUMNS.map(ident).to_vec()))
            .and_then(|claims| {
                certs.join(
                    claims,
                    JoinType::Right,
                    &["c_id"],
                    &["declaration_id"],
                    None,
                )
            })
            .map_err(planning)?
            .collect()
            .await
            .map_err(planning)?;
        let cols = batches
            .iter()
            .map(ClaimColumns::of)
            .collect::<Result<Vec<_>, _>>()?;
        let mut agreements = BTreeSet::new();
        let mut all = Totals::default();
        let (mut by_office, mut by_agreement, mut by_importer) =
            (Totals::default(), Totals::default(), Totals::default());
        // (risk score, duty at stake, batch, row) of every claim kept.
        let mut kept: Vec<(u16, f64, u32, u32)> = Vec::new();
        for (bi, c) in cols.iter().enumerate() {
            for r in 0..c.id.len() {
                let claim = c.claim(r);
                let code = agreement_of(claim.rate_type);
                if !code.is_empty() {
                    agreements.insert(code);
                }
                if agreement.is_some_and(|a| a != code) {
                    continue;
                }
                let checked = check(&claim, c.cert(r), &profile);
                let failing = !checked.failed.is_empty();
                let stake = checked.stake.round();
                all.add("", failing, stake);
                by_office.add(c.office.value(r), failing, stake);
                by_agreement.add(code, failing, stake);
                by_importer.add(c.importer.value(r), failing, stake);
                kept.push((risk_score(checked.risk as f32), stake, bi as u32, r as u32));
            }
        }
        let id = |k: &(u16, f64, u32, u32)| cols[k.2 as usize].id.value(k.3 as usize);
        let order = |a: &(u16, f64, u32, u32), b: &(u16, f64, u32, u32)| {
            b.0.cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then_with(|| id(a).cmp(id(b)))
        };
        if kept.len() > limit {
            kept.select_nth_unstable_by(limit, order);
            kept.truncate(limit);
        }
        kept.sort_by(order);
        let queue = kept
            .iter()
            .map(|&(score, stake, bi, r)| {
                let (c, r) = (&cols[bi as usize], r as usize);
                let claim = c.claim(r);
                let on_file = c.cert(r);
                FtaClaim {
                    declaration_id: c.id.value(r).to_owned(),
                    declaration_date: format_days(claim.day),
                    office_id: c.office.value(r).to_owned(),
                    importer_id: c.importer.value(r).to_owned(),
                    agreement: agreement_of(claim.rate_type).to_owned(),
                    origin: claim.origin.to_owned(),
                    hs6: claim.hs6.to_owned(),
                    risk_score: score,
                    duty_at_stake: stake,
                    failed_checks: check(&claim, on_file, &profile)
                        .failed
                        .iter()
                        .map(|f| f.as_str().to_owned())
                        .collect(),
                    co_number: claim.co_number.map(str::to_owned),
                    issuer_country: on_file.map(|f| f.issuer_country.to_owned()),
                }
            })
            .collect();
        let all = all.sorted();
        let mut by_importer = by_importer.sorted();
        by_importer.truncate(20);
        Ok(FtaQueue {
            claims: all.first().map_or(0, |t| t.claims),
            failing: all.first().map_or(0, |t| t.failing),
            duty_at_stake: all.first().map_or(0.0, |t| t.duty_at_stake),
            queue,
            by_office: by_office.sorted(),
            by_agreement: by_agreement.sorted(),
            by_importer,
            agreements: agreements.into_iter().map(str::to_owned).collect(),
        })
    }
}

/// The columns of the claims the queue reads.
const CLAIM_COLUMNS: [&str; 11] = [
    "declaration_id",
    "declaration_date",
    "office_id",
    "importer_id",
    "country_origin",
    "hs6",
    "tax_rate",
    "tax_type",
    "item_price",
    "co_number",
    "risk_pattern",
];

/// One batch of claims as arrays.
struct ClaimColumns {
    id: StringArray,
    day: Date32Array,
    office: StringArray,
    importer: StringArray,
    origin: StringArray,
    hs6: StringArray,
    rate: Float64Array,
    rate_type: StringArray,
    value: Float64Array,
    co: StringArray,
    pattern: StringArray,
    cert: StringArray,
    issued: Date32Array,
    issuer: StringArray,
    registered: BooleanArray,
    criterion: StringArray,
    rvc: Float64Array,
    planted: StringArray,
}

impl ClaimColumns {
    fn of(b: &RecordBatch) -> Result<ClaimColumns, Error> {
        Ok(ClaimColumns {
            id: text_array(b, "declaration_id")?,
            day: date_array(b, "declaration_date")?,
            office: text_array(b, "office_id")?,
            importer: text_array(b, "importer_id")?,
            origin: text_array(b, "country_origin")?,
            hs6: text_array(b, "hs6")?,
            rate: float_array(b, "tax_rate")?,
            rate_type: text_array(b, "tax_type")?,
            value: float_array(b, "item_price")?,
            co: text_array(b, "co_number")?,
            pattern: text_array(b, "risk_pattern")?,
            cert: text_array(b, "c_id")?,
            issued: date_array(b, "issue_date")?,
            issuer: text_array(b, "issuer_country")?,
            registered: flag_array(b, "registered_issuer")?,
            criterion: text_array(b, "criterion")?,
            rvc: float_array(b, "rvc_pct")?,
            planted: text_array(b, "planted_issue")?,
        })
    }

    /// The certificate of row `r`, if one is on file.
    fn cert(&self, r: usize) -> Option<CertRef<'_>> {
        self.cert.is_valid(r).then(|| CertRef {
            issue_date: if self.issued.is_valid(r) {
                self.issued.value(r)
            } else {
                i32::MAX
            },
            issuer_country: self.issuer.value(r),
            registered: self.registered.is_valid(r) && self.registered.value(r),
            criterion: self.criterion.value(r),
            rvc_pct: self.rvc.is_valid(r).then(|| self.rvc.value(r)),
            planted: opt(&self.planted, r),
        })
    }

    /// Row `r` as a claim (nulls: empty text, 0, none).
    fn claim(&self, r: usize) -> ClaimRef<'_> {
        let num = |a: &Float64Array| if a.is_valid(r) { a.value(r) } else { 0.0 };
        ClaimRef {
            day: if self.day.is_valid(r) {
                self.day.value(r)
            } else {
                0
            },
            origin: self.origin.value(r),
            hs6: self.hs6.value(r),
            rate: num(&self.rate),
            rate_type: self.rate_type.value(r),
            value: num(&self.value),
            co_number: opt(&self.co, r),
            pattern: opt(&self.pattern, r),
        }
    }
}

/// A text cell, none when null or empty.
fn opt(a: &StringArray, r: usize) -> Option<&str> {
    Some(a.value(r)).filter(|v| a.is_valid(r) && !v.is_empty())
}

/// Totals of claims by a key.
#[derive(Default)]
struct Totals<'a>(FxHashMap<&'a str, (u32, u32, f64)>);

impl<'a> Totals<'a> {
    fn add(&mut self, key: &'a str, failing: bool, stake: f64) {
        let t = self.0.entry(key).or_default();
        t.0 += 1;
        if failing {
            t.1 += 1;
            t.2 += stake;
        }
    }

    /// Largest duty at stake first, then by key.
    fn sorted(self) -> Vec<FtaTotal> {
        let mut v: Vec<FtaTotal> = self
            .0
            .into_iter()
            .map(|(key, (claims, failing, duty_at_stake))| FtaTotal {
                key: key.to_owned(),
                claims,
                failing,
                duty_at_stake,
            })
            .collect();
        v.sort_by(|a, b| {
            b.duty_at_stake
                .total_cmp(&a.duty_at_stake)
                .then(a.key.cmp(&b.key))
        });
        v
    }
}
