//! `portal fta-check --input IMPORTS.csv --output OUT.csv [--data-dir DIR]`: every import line
//! claiming an FTA rate, checked against its certificate of origin on file
//! ([`portal_core::fta`]): `declaration_id,risk_score,duty_at_stake,failed_checks` in input
//! order (the checks joined by `;`), checked as [`crate::fta`] does. Malformed input stops with
//! the line and column named and writes nothing. Where the data carries the generator's ground truth, the
//! ranking is reported beside a rule that only looks for a missing certificate.

use std::path::Path;

use portal_core::fta::Check;
use portal_core::risk::{inspected, risk_score};

use super::csv_input::CsvInput;
use super::scoring::write_atomically;
use crate::cli::FtaCheckOptions;
use crate::data::datasets_of;
use crate::data::generate::fta::AGREEMENTS;
use crate::data::profile::Profile;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::fta::{Checked, ClaimLine, OnFile, check};
use crate::scope::Scope;

/// The claiming lines of the input CSV, in order.
fn read_claims(path: &Path) -> Result<Vec<ClaimLine>, Error> {
    let mut input = CsvInput::open(path)?;
    let [id, date, origin, hs6, rate, rate_type, value, claim, co] = [
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
    .map(|c| input.column(c));
    let (id, date, origin, hs6, rate, rate_type, value, claim, co) = (
        id?, date?, origin?, hs6?, rate?, rate_type?, value?, claim?, co?,
    );
    let pattern = input.optional_column("risk_pattern");
    let mut out = Vec::new();
    input.for_each(|row| {
        if !row.flag(claim)? {
            return Ok(());
        }
        out.push(ClaimLine {
            day: row.date(date)?,
            id: row.required(id)?.to_owned(),
            origin: row.text(origin).to_owned(),
            hs6: row.text(hs6).to_owned(),
            rate: row.amount(rate)?,
            rate_type: row.text(rate_type).to_owned(),
            value: row.amount(value)?,
            co_number: Some(row.text(co).to_owned()).filter(|c| !c.is_empty()),
            pattern: pattern
                .map(|p| row.text(p))
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
            ..ClaimLine::default()
        });
        Ok(())
    })?;
    Ok(out)
}

/// Checks every claim of `opts.input`.
pub async fn fta_check(opts: FtaCheckOptions) -> Result<(), Error> {
    let claims = read_claims(&opts.input)?;
    let dir = &opts.data_dir;
    let engine = Engine::open(&datasets_of(dir, "origin_certificate")).await?;
    if !engine.has("origin_certificate") {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!(
                "{} holds no origin_certificate data: name the data folder with --data-dir",
                dir.display()
            ),
        ));
    }
    let certs = engine.import_certificates(&Scope::National).await?;
    let profile = Profile::builtin()?;
    let scored: Vec<Checked> = claims
        .iter()
        .map(|l| {
            check(
                &l.as_claim(),
                certs.get(&l.id).map(OnFile::as_cert),
                &profile,
            )
        })
        .collect();
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
