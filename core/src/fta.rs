//! FTA verification of an import line claiming a preferential rate: the checks an officer makes
//! of the certificate of origin behind the claim, the duty at stake if the preference falls, and
//! a risk score from the checks that failed. No I/O: the CLI (`portal fta-check`) and the
//! browser's verification queue share it.

crate::string_enum! {
    /// A check a claim fails.
    pub enum Check {
        /// No certificate number, or none on file for the line.
        MissingCertificate = "missing_certificate",
        /// The number does not follow the issuing format (`CO-<country>-<year>-<7 digits>`).
        MalformedNumber = "malformed_number",
        /// The issuing body is not registered.
        UnregisteredIssuer = "unregistered_issuer",
        /// The body is of another country than the declared origin.
        IssuerCountry = "issuer_country",
        /// Issued after the import was declared.
        IssuedAfterImport = "issued_after_import",
        /// The criterion claimed is not the rule of the goods' chapter.
        CriterionNotMet = "criterion_not_met",
        /// The value content is below the agreement's threshold.
        RvcBelowThreshold = "rvc_below_threshold",
        /// The rate type names no agreement in force with the origin.
        NoAgreement = "no_agreement",
    }
}

impl Check {
    /// How likely a claim failing only this check is to be unfounded (the score's weights:
    /// set by the officers' rule of thumb, not learnt).
    pub fn weight(self) -> f64 {
        match self {
            Check::MissingCertificate => 0.6,
            Check::MalformedNumber => 0.7,
            Check::UnregisteredIssuer => 0.8,
            Check::IssuerCountry => 0.5,
            Check::IssuedAfterImport => 0.4,
            Check::CriterionNotMet => 0.6,
            Check::RvcBelowThreshold => 0.7,
            Check::NoAgreement => 0.5,
        }
    }
}

/// The claim as declared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim<'a> {
    /// Declaration day (days since 1970-01-01).
    pub day: i32,
    /// Declared origin.
    pub origin: &'a str,
    /// Certificate number, if declared.
    pub co_number: Option<&'a str>,
}

/// The certificate on file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Certificate<'a> {
    /// Issue day.
    pub issue_date: i32,
    /// Country of the issuing body.
    pub issuer_country: &'a str,
    /// Whether the body is registered.
    pub registered: bool,
    /// Criterion claimed (WO/PE/CTH/CTSH/RVC).
    pub criterion: &'a str,
    /// Value content, %, for RVC.
    pub rvc_pct: Option<f64>,
}

/// The origin rule of the goods' chapter in the agreement claimed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule<'a> {
    /// Criterion.
    pub criterion: &'a str,
    /// Least value content, %, for RVC rules.
    pub rvc_threshold: Option<f64>,
}

/// Whether `number` follows the issuing format `CO-<country>-<year>-<7 digits>`.
pub fn well_formed(number: &str) -> bool {
    let parts: Vec<&str> = number.split('-').collect();
    matches!(parts.as_slice(), ["CO", country, year, serial]
        if country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase())
            && year.len() == 4 && year.chars().all(|c| c.is_ascii_digit())
            && serial.len() == 7 && serial.chars().all(|c| c.is_ascii_digit()))
}

/// The checks `claim` fails, given its certificate on file and the rule of its agreement
/// (`None`: the rate type names no agreement in force with the origin).
pub fn checks(
    claim: &Claim<'_>,
    cert: Option<&Certificate<'_>>,
    rule: Option<&Rule<'_>>,
) -> Vec<Check> {
    let mut out = Vec::new();
    if rule.is_none() {
        out.push(Check::NoAgreement);
    }
    match claim.co_number.filter(|n| !n.trim().is_empty()) {
        None => out.push(Check::MissingCertificate),
        Some(n) if !well_formed(n) => out.push(Check::MalformedNumber),
        Some(_) => {}
    }
    let Some(c) = cert else {
        if !out.contains(&Check::MissingCertificate) {
            out.push(Check::MissingCertificate);
        }
        return out;
    };
    if !c.registered {
        out.push(Check::UnregisteredIssuer);
    }
    if c.issuer_country != claim.origin {
        out.push(Check::IssuerCountry);
    }
    if c.issue_date > claim.day {
        out.push(Check::IssuedAfterImport);
    }
    if let Some(r) = rule {
        if c.criterion != r.criterion {
            out.push(Check::CriterionNotMet);
        } else if let (Some(least), Some(v)) = (r.rvc_threshold, c.rvc_pct)
            && v < least
        {
            out.push(Check::RvcBelowThreshold);
        }
    }
    out
}

/// The probability that a claim failing `failed` is unfounded: 1 − Π(1 − weight); a small
/// floor for a claim that passes every check.
pub fn risk(failed: &[Check]) -> f64 {
    let clean: f64 = failed.iter().map(|c| 1.0 - c.weight()).product();
    (1.0 - clean).max(0.01)
}

/// The duty at stake if the preference falls: (basic − applied rate) × customs value, never
/// negative.
pub fn duty_at_stake(basic_rate: f64, applied_rate: f64, value: f64) -> f64 {
    ((basic_rate - applied_rate).max(0.0) / 100.0 * value.max(0.0)).round()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIM: Claim<'static> = Claim {
        day: 100,
        origin: "VN",
        co_number: Some("CO-VN-2021-0001234"),
    };
    const CERT: Certificate<'static> = Certificate {
        issue_date: 90,
        issuer_country: "VN",
        registered: true,
        criterion: "RVC",
        rvc_pct: Some(55.0),
    };
    const RULE: Rule<'static> = Rule {
        criterion: "RVC",
        rvc_threshold: Some(40.0),
    };

    #[test]
    fn a_sound_claim_passes_every_check() {
        assert!(checks(&CLAIM, Some(&CERT), Some(&RULE)).is_empty());
        assert_eq!(risk(&[]), 0.01);
    }

    #[test]
    fn each_rule_fails_on_its_own() {
        let with = |c: Certificate<'static>| checks(&CLAIM, Some(&c), Some(&RULE));
        assert_eq!(
            with(Certificate {
                registered: false,
                ..CERT
            }),
            [Check::UnregisteredIssuer]
        );
        assert_eq!(
            with(Certificate {
                issue_date: 101,
                ..CERT
            }),
            [Check::IssuedAfterImport]
        );
        assert_eq!(
            with(Certificate {
                criterion: "WO",
                ..CERT
            }),
            [Check::CriterionNotMet]
        );
        assert_eq!(
            with(Certificate {
                rvc_pct: Some(39.9),
                ..CERT
            }),
            [Check::RvcBelowThreshold]
        );
        assert_eq!(
            with(Certificate {
                issuer_country: "CN",
                ..CERT
            }),
            [Check::IssuerCountry]
        );
        assert_eq!(
            checks(&CLAIM, None, Some(&RULE)),
            [Check::MissingCertificate]
        );
        let bad = Claim {
            co_number: Some("123456"),
            ..CLAIM
        };
        assert_eq!(
            checks(&bad, Some(&CERT), Some(&RULE)),
            [Check::MalformedNumber]
        );
        let none = Claim {
            co_number: None,
            ..CLAIM
        };
        assert_eq!(
            checks(&none, None, None),
            [Check::NoAgreement, Check::MissingCertificate]
        );
    }

    #[test]
    fn more_failures_score_higher_and_the_duty_at_stake_is_the_rate_gap() {
        let one = risk(&[Check::IssuedAfterImport]);
        let two = risk(&[Check::IssuedAfterImport, Check::UnregisteredIssuer]);
        assert!((one - 0.4).abs() < 1e-12 && two > one && two < 1.0);
        assert_eq!(duty_at_stake(8.0, 0.0, 1_000_000.0), 80_000.0);
        assert_eq!(duty_at_stake(8.0, 10.0, 1_000_000.0), 0.0);
        assert!(well_formed("CO-CN-2020-1234567"));
        assert!(!well_formed("CO-cn-2020-1234567") && !well_formed("CO-CN-20-1234567"));
    }
}
