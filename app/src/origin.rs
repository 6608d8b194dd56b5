//! What the origin page shows, apart from the page itself: the exporters ranked by the rerouting
//! model's scores with their evidence, the CSV files an officer downloads or attaches (the
//! ranking, the FTA verification list), the names of the FTA checks, and the geometry of the
//! flows' timeline and route figures. Plain functions, tested natively.

use crate::csv_text::csv_text;
use portal_core::date::parse_days;
use portal_core::fta::Check;
use portal_core::origin::columns::{
    EXPORTER, EXPORTS, FOB_KRW, KR_EXPORTS, LAG, MANUFACTURER, MATCHED, OVER_PEERS, SHIFT, US_EU,
    VALUE_RATIO,
};
use portal_core::origin::{Flow, FtaQueue, Route};
use portal_core::risk::{grade, risk_score};

use crate::arrow::Frame;
use crate::i18n::Key;

/// One exporter with its score and evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedExporter {
    /// Exporter id.
    pub id: String,
    /// P(rerouting firm).
    pub p: f32,
    /// Export lines.
    pub exports: u64,
    /// Of which declared Korean.
    pub kr_exports: u64,
    /// Of which matched to a Chinese import of the same HS6.
    pub matched: u64,
    /// FOB value, KRW.
    pub fob_krw: f64,
    /// Median lag of the matches, days.
    pub lag: f64,
    /// Median export/import value of the matches.
    pub value_ratio: f64,
    /// 1 manufactures, 0 does not, else unknown.
    pub manufacturer: f64,
    /// Share of exports to the US/EU.
    pub us_eu: f64,
    /// Its change over time.
    pub shift: f64,
    /// Matched share minus the peers'.
    pub over_peers: f64,
}

impl RankedExporter {
    /// Risk score 0–999.
    pub fn risk(&self) -> u16 {
        risk_score(self.p)
    }

    /// Grade `01`–`10`.
    pub fn grade(&self) -> String {
        format!("{:02}", grade(self.p))
    }

    /// Whether it manufactures (none when unknown).
    pub fn manufactures(&self) -> Option<bool> {
        (self.manufacturer == 0.0 || self.manufacturer == 1.0).then_some(self.manufacturer == 1.0)
    }
}

/// The exporters of an answer of `GET /api/origin/exporters` with the worker's `scores`,
/// riskiest first (ties: answer order).
pub fn rank(frame: &Frame, scores: &[f32]) -> Result<Vec<RankedExporter>, String> {
    if scores.len() != frame.rows {
        return Err(format!(
            "{} scores for {} exporters",
            scores.len(),
            frame.rows
        ));
    }
    let col = |n: &str| frame.column(n);
    let cols = [
        EXPORTS,
        KR_EXPORTS,
        MATCHED,
        FOB_KRW,
        LAG,
        VALUE_RATIO,
        MANUFACTURER,
        US_EU,
        SHIFT,
        OVER_PEERS,
    ]
    .map(col);
    let id = col(EXPORTER)?;
    let mut c = [0usize; 10];
    for (i, r) in cols.into_iter().enumerate() {
        c[i] = r?;
    }
    let num = |r: usize, i: usize| frame.number(r, c[i]).unwrap_or(0.0);
    let mut out: Vec<RankedExporter> = (0..frame.rows)
        .map(|r| RankedExporter {
            id: frame.text(r, id),
            p: scores[r],
            exports: num(r, 0) as u64,
            kr_exports: num(r, 1) as u64,
            matched: num(r, 2) as u64,
            fob_krw: num(r, 3),
            lag: num(r, 4),
            value_ratio: num(r, 5),
            manufacturer: num(r, 6),
            us_eu: num(r, 7),
            shift: num(r, 8),
            over_peers: num(r, 9),
        })
        .collect();
    out.sort_by(|a, b| b.p.total_cmp(&a.p));
    Ok(out)
}

/// The ranking as CSV, riskiest first: the CLI's `exporter_id,risk_score,grade` and the
/// evidence as columns.
pub fn ranking_csv(ranked: &[RankedExporter]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "exporter_id",
        "risk_score",
        "grade",
        "exports",
        "kr_exports",
        "matched",
        "median_lag_days",
        "median_value_ratio",
        "manufacturer",
        "us_eu_share",
        "us_eu_shift",
        "fob_krw",
    ]);
    for e in ranked {
        let _ = w.write_record([
            e.id.clone(),
            e.risk().to_string(),
            e.grade(),
            e.exports.to_string(),
            e.kr_exports.to_string(),
            e.matched.to_string(),
            format!("{:.0}", e.lag),
            format!("{:.2}", e.value_ratio),
            match e.manufactures() {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            format!("{:.2}", e.us_eu),
            format!("{:+.2}", e.shift),
            format!("{:.0}", e.fob_krw),
        ]);
    }
    csv_text(w)
}

/// The verification list as CSV, in queue order (the checks joined by `;`).
pub fn queue_csv(q: &FtaQueue) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "declaration_id",
        "declaration_date",
        "office_id",
        "importer_id",
        "agreement",
        "country_origin",
        "hs6",
        "risk_score",
        "duty_at_stake",
        "failed_checks",
        "co_number",
        "issuer_country",
    ]);
    for c in &q.queue {
        let _ = w.write_record([
            c.declaration_id.as_str(),
            &c.declaration_date,
            &c.office_id,
            &c.importer_id,
            &c.agreement,
            &c.origin,
            &c.hs6,
            &c.risk_score.to_string(),
            &format!("{:.0}", c.duty_at_stake),
            &c.failed_checks.join(";"),
            c.co_number.as_deref().unwrap_or(""),
            c.issuer_country.as_deref().unwrap_or(""),
        ]);
    }
    csv_text(w)
}

/// The name of an FTA check (`None` for a name this client does not know).
pub fn check_key(name: &str) -> Option<Key> {
    Some(match Check::parse(name)? {
        Check::MissingCertificate => Key::CheckMissingCertificate,
        Check::MalformedNumber => Key::CheckMalformedNumber,
        Check::UnregisteredIssuer => Key::CheckUnregisteredIssuer,
        Check::IssuerCountry => Key::CheckIssuerCountry,
        Check::IssuedAfterImport => Key::CheckIssuedAfterImport,
        Check::CriterionNotMet => Key::CheckCriterionNotMet,
        Check::RvcBelowThreshold => Key::CheckRvcBelowThreshold,
        Check::NoAgreement => Key::CheckNoAgreement,
    })
}

/// Width and height of the figures, in SVG units.
pub const FIGURE: (f64, f64) = (720.0, 180.0);

/// A matched flow on the timeline: x of the import, x of the export.
pub fn timeline(flows: &[Flow]) -> Vec<(f64, f64)> {
    let days: Vec<(i32, i32)> = flows
        .iter()
        .filter_map(|f| Some((parse_days(&f.import_date)?, parse_days(&f.export_date)?)))
        .collect();
    let lo = days.iter().map(|d| d.0).min().unwrap_or(0);
    let hi = days.iter().map(|d| d.1).max().unwrap_or(lo).max(lo + 1);
    let (w, margin) = (FIGURE.0, 20.0);
    let x = |d: i32| margin + (w - 2.0 * margin) * f64::from(d - lo) / f64::from(hi - lo);
    days.into_iter().map(|(i, e)| (x(i), x(e))).collect()
}

/// A route band: its origin, destination, and thickness (1–40, by FOB value).
pub fn bands(routes: &[Route]) -> Vec<(&str, &str, f64)> {
    let top = routes.iter().map(|r| r.fob_krw).fold(0.0, f64::max);
    routes
        .iter()
        .map(|r| {
            let t = if top > 0.0 { r.fob_krw / top } else { 0.0 };
            (r.origin.as_str(), r.destination.as_str(), 1.0 + 39.0 * t)
        })
        .collect()
}

#[cfg(test)]
mod tests;
