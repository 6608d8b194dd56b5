//! `portal fta-check --input IMPORTS.csv --output OUT.csv [--data-dir DIR]`: every import line
//! claiming an FTA rate, checked against its certificate of origin on file
//! ([`portal_core::fta`]): `declaration_id,risk_score,duty_at_stake,failed_checks` in input
//! order (the checks joined by `;`). The agreement is the one the rate type names (`FVN1` →
//! `VN`), in force with the origin on the day; the rule is its simplified rule for the goods'
//! chapter; the basic rate comes from the built-in profile. Malformed input stops with the line
//! and column named and writes nothing. Where the data carries the generator's ground truth, the
//! ranking is reported beside a rule that only looks for a missing certificate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use datafusion::prelude::{ident, lit};
use portal_core::date::parse_days;
use portal_core::fta::{Certificate, Check, Claim, Rule, checks, duty_at_stake, risk};
use portal_core::risk::{inspected, risk_score};

use super::scoring::write_atomically;
use crate::cli::FtaCheckOptions;
use crate::columns::{days, flags, optional_floats, strings, texts};
use crate::data::datasets_dir;
use crate::data::generate::fta::{AGREEMENTS, criterion, in_force};
use crate::data::profile::Profile;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};

/// Planted defects that make a claim unfounded (certificates' `planted_issue`, declarations'
/// `risk_pattern`).
const UNFOUNDED: [&str; 6] = [
    "unregistered_issuer",
    "issued_after_import",
    "criterion_not_met",
    "rvc_below_threshold",
    "fta_invalid_origin",
    "origin_disguise",
];

/// Basic rate assumed for goods the profile does not know (%).
const DEFAULT_BASIC_RATE: f64 = 8.0;

/// One line of the input that claims a preference.
struct Line {
    id: String,
    day: i32,
    origin: String,
    hs6: String,
    rate: f64,
    rate_type: String,
    value: f64,
    co_number: Option<String>,
    pattern: Option<String>,
}

/// A claim checked: its risk, duty at stake, failed checks and whether the generator planted
/// it as unfounded.
struct Checked {
    risk: f64,
    stake: f64,
    failed: Vec<Check>,
    planted: bool,
}

/// A certificate on file.
struct OnFile {
    issue_date: i32,
    issuer_country: String,
    registered: bool,
    criterion: String,
    rvc_pct: Option<f64>,
    planted: Option<String>,
}

fn bad(path: &Path, m: String) -> Error {
    Error::client(ErrorCode::InvalidInput, format!("{}: {m}", path.display()))
}

/// The claiming lines of the input CSV, in order.
fn read_claims(path: &Path) -> Result<Vec<Line>, Error> {
    let file = std::fs::File::open(path).map_err(|e| bad(path, format!("cannot read: {e}")))?;
    let mut reader = csv::Reader::from_reader(std::io::BufReader::new(file));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(path, format!("unreadable header: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let at = |name: &str| -> Result<usize, Error> {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(path, format!("no column {name} in the header")))
    };
    let cols = [
        "declaration_id",
        "declaration_date",
        "country_origin",
        "hs6",
        "tax_rate",
        "tax_type",
        "item_price",
        "fta_claim",
        "co_number",
    ]
    .map(|c| at(c).map(|i| (c, i)));
    let [id, date, origin, hs6, rate, rate_type, value, claim, co] = cols;
    let (id, date, origin, hs6, rate, rate_type, value, claim, co) = (
        id?, date?, origin?, hs6?, rate?, rate_type?, value?, claim?, co?,
    );
    let pattern = headers.iter().position(|h| h == "risk_pattern");
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| bad(path, format!("line {line}: {e}")))?;
        let field = |(_, c): (&str, usize)| rec.get(c).unwrap_or("").trim();
        let fail = |(name, _): (&str, usize), what: &str| {
            bad(path, format!("line {line}, column {name}: {what}"))
        };
        let number = |col: (&str, usize)| -> Result<f64, Error> {
            let v = field(col);
            if v.is_empty() {
                return Ok(0.0);
            }
            v.replace(',', "")
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| fail(col, &format!("'{v}' is not a number")))
        };
        let claims = match field(claim).to_ascii_lowercase().as_str() {
            "true" | "1" => true,
            "false" | "0" | "" => false,
            v => return Err(fail(claim, &format!("'{v}' is not true or false"))),
        };
        if !claims {
            continue;
        }
        let day = parse_days(field(date))
            .ok_or_else(|| fail(date, &format!("'{}' is not a date", field(date))))?;
        if field(id).is_empty() {
            return Err(fail(id, "empty"));
        }
        out.push(Line {
            id: field(id).to_owned(),
            day,
            origin: field(origin).to_owned(),
            hs6: field(hs6).to_owned(),
            rate: number(rate)?,
            rate_type: field(rate_type).to_owned(),
            value: number(value)?,
            co_number: Some(field(co).to_owned()).filter(|c| !c.is_empty()),
            pattern: pattern
                .and_then(|p| rec.get(p))
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        });
    }
    Ok(out)
}

/// The folder holding `origin_certificate`: `dir/datasets` or `dir` itself.
fn datasets_of(dir: &Path) -> PathBuf {
    let nested = datasets_dir(dir);
    if nested.join("origin_certificate").is_dir() {
        nested
    } else {
        dir.to_path_buf()
    }
}

/// The import certificates on file under `dir`, by declaration.
async fn read_certificates(dir: &Path) -> Result<HashMap<String, OnFile>, Error> {
    let at = datasets_of(dir);
    let engine = Engine::open(&at).await?;
    if !engine.has("origin_certificate") {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!(
                "{} holds no origin_certificate data: name the data folder with --data-dir",
                dir.display()
            ),
        ));
    }
    let planning = |e| Error::internal("reading the certificates", e);
    let batches = engine
        .session()
        .table("origin_certificate")
        .await
        .map_err(planning)?
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

/// Checks every claim of `opts.input`.
pub async fn fta_check(opts: FtaCheckOptions) -> Result<(), Error> {
    let claims = read_claims(&opts.input)?;
    let certs = read_certificates(&opts.data_dir).await?;
    let profile = Profile::builtin()?;
    let mut scored = Vec::with_capacity(claims.len());
    for l in &claims {
        let code = l.rate_type.get(1..3).unwrap_or("");
        let chapter: u32 = l.hs6.get(..2).and_then(|c| c.parse().ok()).unwrap_or(0);
        let rule = in_force(code, &l.origin, l.day).map(|a| {
            let c = criterion(chapter);
            Rule {
                criterion: c,
                rvc_threshold: (c == "RVC").then_some(a.rvc),
            }
        });
        let on_file = certs.get(&l.id);
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
        let stake = duty_at_stake(basic, l.rate, l.value);
        let planted = on_file
            .and_then(|c| c.planted.as_deref())
            .or(l.pattern.as_deref())
            .is_some_and(|p| UNFOUNDED.contains(&p));
        scored.push(Checked {
            risk: risk(&failed),
            stake,
            failed,
            planted,
        });
    }
    write_atomically(&opts.output, |out| {
        out.write_record([
            "declaration_id",
            "risk_score",
            "duty_at_stake",
            "failed_checks",
        ])?;
        for (l, c) in claims.iter().zip(&scored) {
            let names: Vec<&str> = c.failed.iter().map(|c| c.as_str()).collect();
            out.write_record([
                l.id.as_str(),
                &risk_score(c.risk as f32).to_string(),
                &format!("{:.0}", c.stake),
                &names.join(";"),
            ])?;
        }
        Ok(())
    })?;
    eprintln!(
        "checked {} FTA claims ({} agreements known)",
        claims.len(),
        AGREEMENTS.len()
    );
    report(&scored);
    Ok(())
}

/// Precision and recall of the planted unfounded claims in the top 5%, and the share of their
/// duty at stake found there: ranked by risk, by expected recovery (risk × duty at stake), and by
/// a rule flagging missing certificates only (ties broken by the duty at stake).
fn report(scored: &[Checked]) {
    let planted = scored.iter().filter(|s| s.planted).count();
    if planted == 0 {
        return;
    }
    let total: f64 = scored.iter().filter(|s| s.planted).map(|s| s.stake).sum();
    let k = inspected(scored.len(), 0.05);
    let top = |key: &dyn Fn(&Checked) -> f64| {
        let mut order: Vec<usize> = (0..scored.len()).collect();
        order.sort_by(|&a, &b| {
            key(&scored[b])
                .total_cmp(&key(&scored[a]))
                .then(scored[b].stake.total_cmp(&scored[a].stake))
        });
        let hits: Vec<usize> = order[..k]
            .iter()
            .copied()
            .filter(|&i| scored[i].planted)
            .collect();
        let duty: f64 = hits.iter().map(|&i| scored[i].stake).sum();
        (
            hits.len() as f64 / k as f64,
            hits.len() as f64 / planted as f64,
            if total > 0.0 { duty / total } else { 0.0 },
        )
    };
    let (p, r, d) = top(&|s| s.risk);
    let (bp, br, bd) = top(&|s| f64::from(u8::from(s.failed.contains(&Check::MissingCertificate))));
    let (ep, er, ed) = top(&|s| s.risk * s.stake);
    eprintln!(
        "planted unfounded claims: {planted}; top 5% ({k}) by risk: precision {p:.3}, recall \
         {r:.3}, duty at stake found {d:.3}; by expected recovery (risk x duty): precision \
         {ep:.3}, recall {er:.3}, duty {ed:.3}; missing-certificate rule: precision {bp:.3}, \
         recall {br:.3}, duty {bd:.3}"
    );
}
