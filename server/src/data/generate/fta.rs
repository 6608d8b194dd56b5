//! The FTAs Korea applies (facts from the Korean government's FTA portal, fta.go.kr, "FTA 추진
//!현황": partners and dates of entry into force), a simplified origin rule per HS chapter (a
//! stand-in for the product-specific rules, stated as such in DATASETS.md), and the
//! `fta_agreement` table written from them.

use std::path::Path;

use portal_core::date::days_from_civil;

use crate::data::profile::Profile;
use crate::data::rows::{AgreementRow, Agreements};
use crate::data::table::RowWriter;
use crate::error::Error;

/// Where the agreements' facts come from.
pub const SOURCE: &str = "https://www.fta.go.kr/main/situation/kfta/ov/";

/// One agreement: code (also the letters after `F` in the declarations' `tax_type`), names,
/// partners, entry into force, value-content threshold of its RVC rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement {
    /// Code.
    pub code: &'static str,
    /// Korean name.
    pub ko: &'static str,
    /// English name.
    pub en: &'static str,
    /// Partner countries.
    pub partners: &'static [&'static str],
    /// Entry into force (year, month, day).
    pub in_force: (i32, u32, u32),
    /// Least regional value content, %.
    pub rvc: f64,
}

const EU: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];
const ASEAN: [&str; 10] = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"];

/// Korea's agreements in force, oldest first.
pub const AGREEMENTS: [Agreement; 21] = [
    agreement(
        "CL",
        "한-칠레 FTA",
        "Korea-Chile FTA",
        &["CL"],
        (2004, 4, 1),
        45.0,
    ),
    agreement(
        "SG",
        "한-싱가포르 FTA",
        "Korea-Singapore FTA",
        &["SG"],
        (2006, 3, 2),
        45.0,
    ),
    agreement(
        "EF",
        "한-EFTA FTA",
        "Korea-EFTA FTA",
        &["CH", "LI", "NO", "IS"],
        (2006, 9, 1),
        50.0,
    ),
    agreement(
        "AS",
        "한-아세안 FTA",
        "Korea-ASEAN FTA",
        &ASEAN,
        (2007, 6, 1),
        40.0,
    ),
    agreement(
        "IN",
        "한-인도 CEPA",
        "Korea-India CEPA",
        &["IN"],
        (2010, 1, 1),
        35.0,
    ),
    agreement("EU", "한-EU FTA", "Korea-EU FTA", &EU, (2011, 7, 1), 50.0),
    agreement(
        "PE",
        "한-페루 FTA",
        "Korea-Peru FTA",
        &["PE"],
        (2011, 8, 1),
        45.0,
    ),
    agreement(
        "US",
        "한-미 FTA",
        "Korea-US FTA (KORUS)",
        &["US"],
        (2012, 3, 15),
        35.0,
    ),
    agreement(
        "TR",
        "한-튀르키예 FTA",
        "Korea-Türkiye FTA",
        &["TR"],
        (2013, 5, 1),
        40.0,
    ),
    agreement(
        "AU",
        "한-호주 FTA",
        "Korea-Australia FTA",
        &["AU"],
        (2014, 12, 12),
        40.0,
    ),
    agreement(
        "CA",
        "한-캐나다 FTA",
        "Korea-Canada FTA",
        &["CA"],
        (2015, 1, 1),
        40.0,
    ),
    agreement(
        "CN",
        "한-중 FTA",
        "Korea-China FTA",
        &["CN"],
        (2015, 12, 20),
        40.0,
    ),
    agreement(
        "NZ",
        "한-뉴질랜드 FTA",
        "Korea-New Zealand FTA",
        &["NZ"],
        (2015, 12, 20),
        40.0,
    ),
    agreement(
        "VN",
        "한-베트남 FTA",
        "Korea-Vietnam FTA",
        &["VN"],
        (2015, 12, 20),
        40.0,
    ),
    agreement(
        "CO",
        "한-콜롬비아 FTA",
        "Korea-Colombia FTA",
        &["CO"],
        (2016, 7, 15),
        40.0,
    ),
    agreement(
        "CM",
        "한-중미 FTA",
        "Korea-Central America FTA",
        &["NI", "HN", "CR", "SV", "PA"],
        (2019, 10, 1),
        40.0,
    ),
    agreement(
        "GB",
        "한-영 FTA",
        "Korea-UK FTA",
        &["GB"],
        (2021, 1, 1),
        50.0,
    ),
    agreement(
        "RC",
        "RCEP",
        "Regional Comprehensive Economic Partnership",
        &[
            "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "CN", "JP", "AU", "NZ",
        ],
        (2022, 2, 1),
        40.0,
    ),
    agreement(
        "IL",
        "한-이스라엘 FTA",
        "Korea-Israel FTA",
        &["IL"],
        (2022, 12, 1),
        40.0,
    ),
    agreement(
        "KH",
        "한-캄보디아 FTA",
        "Korea-Cambodia FTA",
        &["KH"],
        (2022, 12, 1),
        40.0,
    ),
    agreement(
        "ID",
        "한-인도네시아 CEPA",
        "Korea-Indonesia CEPA",
        &["ID"],
        (2023, 1, 1),
        40.0,
    ),
];

const fn agreement(
    code: &'static str,
    ko: &'static str,
    en: &'static str,
    partners: &'static [&'static str],
    in_force: (i32, u32, u32),
    rvc: f64,
) -> Agreement {
    Agreement {
        code,
        ko,
        en,
        partners,
        in_force,
        rvc,
    }
}

/// The origin criterion of HS chapter `chapter` in every agreement (simplified): wholly
/// obtained for agricultural and food chapters, a change of subheading for base metals,
/// regional value content for machinery, vehicles and instruments, a change of heading
/// elsewhere.
pub fn criterion(chapter: u32) -> &'static str {
    match chapter {
        1..=24 => "WO",
        72..=83 => "CTSH",
        84..=92 => "RVC",
        _ => "CTH",
    }
}

/// The agreement in force on `day` between Korea and `country`, if any: of several, the one
/// with the fewest partners (the bilateral agreement before the regional ones, as exporters
/// usually claim).
pub fn agreement_with(country: &str, day: i32) -> Option<&'static Agreement> {
    AGREEMENTS
        .iter()
        .filter(|a| {
            a.partners.contains(&country)
                && days_from_civil(a.in_force.0, a.in_force.1, a.in_force.2) <= day
        })
        .min_by_key(|a| a.partners.len())
}

/// Former partners covered until a day: the UK stayed under the Korea-EU FTA through the
/// Brexit transition, to 2020-12-31.
const FORMER: [(&str, &str, (i32, u32, u32)); 1] = [("EU", "GB", (2021, 1, 1))];

/// The agreement `code` if it is in force on `day` with `country`.
pub fn in_force(code: &str, country: &str, day: i32) -> Option<&'static Agreement> {
    let former = |a: &Agreement| {
        FORMER.iter().any(|(c, p, (y, m, d))| {
            *c == a.code && *p == country && day < days_from_civil(*y, *m, *d)
        })
    };
    AGREEMENTS.iter().find(|a| {
        a.code == code
            && (a.partners.contains(&country) || former(a))
            && days_from_civil(a.in_force.0, a.in_force.1, a.in_force.2) <= day
    })
}

/// Writes `fta_agreement`: one row per agreement and HS chapter, with the rate types of the
/// declarations (from the profile: the `F…` types of the partners' origins starting with the
/// agreement's code).
pub fn write(profile: &Profile, path: &Path) -> Result<u64, Error> {
    let mut w = RowWriter::<Agreements>::create(path)?;
    for a in &AGREEMENTS {
        let prefix = format!("F{}", a.code);
        let types = profile.fta_rate_types(&prefix);
        let partners = a.partners.join(",");
        let in_force = days_from_civil(a.in_force.0, a.in_force.1, a.in_force.2);
        for chapter in (1..=97u32).filter(|c| *c != 77) {
            let rule = criterion(chapter);
            w.write(&AgreementRow {
                agreement: Some(a.code),
                name_ko: Some(a.ko),
                name_en: Some(a.en),
                partners: Some(&partners),
                in_force: Some(in_force),
                hs_chapter: Some(&format!("{chapter:02}")),
                criterion: Some(rule),
                rvc_threshold_pct: (rule == "RVC").then_some(a.rvc),
                rate_types: (!types.is_empty()).then_some(types.as_str()),
                source: Some(SOURCE),
            })?;
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uk_was_under_the_eu_agreement_until_2021() {
        let (late_2020, early_2021) = (days_from_civil(2020, 12, 31), days_from_civil(2021, 1, 1));
        assert_eq!(in_force("EU", "GB", late_2020).map(|a| a.code), Some("EU"));
        assert_eq!(in_force("EU", "GB", early_2021), None);
        assert_eq!(in_force("GB", "GB", early_2021).map(|a| a.code), Some("GB"));
        assert_eq!(in_force("US", "VN", early_2021), None);
    }

    #[test]
    fn the_bilateral_agreement_in_force_is_found() {
        let d2021 = days_from_civil(2021, 3, 1);
        assert_eq!(agreement_with("VN", d2021).map(|a| a.code), Some("VN"));
        assert_eq!(agreement_with("DE", d2021).map(|a| a.code), Some("EU"));
        assert_eq!(agreement_with("GB", d2021).map(|a| a.code), Some("GB"));
        // The UK agreement is in force from 2021 only; Japan only through RCEP, from 2022.
        assert_eq!(agreement_with("GB", days_from_civil(2020, 6, 1)), None);
        assert_eq!(agreement_with("JP", d2021), None);
        assert_eq!(
            agreement_with("JP", days_from_civil(2022, 3, 1)).map(|a| a.code),
            Some("RC")
        );
        assert_eq!(
            (criterion(3), criterion(85), criterion(73), criterion(39)),
            ("WO", "RVC", "CTSH", "CTH")
        );
    }
}
