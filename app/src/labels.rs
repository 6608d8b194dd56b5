//! What the officer reads instead of raw names and codes: result column headers from the catalog
//! (an aggregate as "과세가격 합계 (원)", a bucket as "신고일자 (월)"), code values with their
//! names ("인천공항본부세관 (40)", "중국 (CN)"), and units.

use std::collections::HashMap;

use portal_core::analysis::AggMenu;
use portal_core::api::{AuditAction, Office};
use portal_core::codes::{country, is_country_column};
use portal_core::datasets::{ColumnDef, dataset};
use portal_core::query::{AggFunc, DateBucket, Output, QuerySpec};

use crate::i18n::{Key, Lang, text, textf};

/// The label of a builder menu function.
pub fn agg_key(f: AggMenu) -> Key {
    match f {
        AggMenu::Count => Key::AggCount,
        AggMenu::CountDistinct => Key::AggCountDistinct,
        AggMenu::Sum => Key::AggSum,
        AggMenu::Avg => Key::AggAvg,
        AggMenu::Min => Key::AggMin,
        AggMenu::Max => Key::AggMax,
        AggMenu::P50 => Key::AggP50,
        AggMenu::P90 => Key::AggP90,
        AggMenu::P99 => Key::AggP99,
    }
}

/// What an audit action is, in words.
pub fn audit_key(a: AuditAction) -> Key {
    match a {
        AuditAction::LoginSuccess => Key::AuditLoginSuccess,
        AuditAction::LoginFailure => Key::AuditLoginFailure,
        AuditAction::LoginThrottled => Key::AuditLoginThrottled,
        AuditAction::Logout => Key::AuditLogout,
        AuditAction::LogoutEverywhere => Key::AuditLogoutEverywhere,
        AuditAction::PasswordChanged => Key::AuditPasswordChanged,
        AuditAction::UserCreated => Key::AuditUserCreated,
        AuditAction::UserUpdated => Key::AuditUserUpdated,
        AuditAction::PasswordReset => Key::AuditPasswordReset,
        AuditAction::ExtractStarted => Key::AuditExtractStarted,
        AuditAction::ExtractRefused => Key::AuditExtractRefused,
        AuditAction::Extract => Key::AuditExtract,
        AuditAction::Download => Key::AuditDownload,
        AuditAction::ModelDownloaded => Key::AuditModelDownloaded,
        AuditAction::PatternsRead => Key::AuditPatternsRead,
        AuditAction::NetworkRead => Key::AuditNetworkRead,
        AuditAction::ShipmentsRead => Key::AuditShipmentsRead,
        AuditAction::OriginRead => Key::AuditOriginRead,
        AuditAction::FtaQueueRead => Key::AuditFtaQueueRead,
        AuditAction::CompanyScoresRead => Key::AuditCompanyScoresRead,
        AuditAction::CompanyProfileRead => Key::AuditCompanyProfileRead,
        AuditAction::AttachmentDownloaded => Key::AuditAttachmentDownloaded,
        AuditAction::CatalogSearch => Key::AuditCatalogSearch,
        AuditAction::RequestCreated => Key::AuditRequestCreated,
        AuditAction::RequestTransition => Key::AuditRequestTransition,
        AuditAction::RequestComment => Key::AuditRequestComment,
        AuditAction::AttachmentAdded => Key::AuditAttachmentAdded,
        AuditAction::DashboardCreated => Key::AuditDashboardCreated,
        AuditAction::DashboardUpdated => Key::AuditDashboardUpdated,
        AuditAction::WidgetAdded => Key::AuditWidgetAdded,
        AuditAction::DashboardDeleted => Key::AuditDashboardDeleted,
        AuditAction::DashboardShared => Key::AuditDashboardShared,
    }
}

/// The label of a date bucket.
pub fn bucket_key(b: DateBucket) -> Key {
    match b {
        DateBucket::Month => Key::BucketMonth,
        DateBucket::Week => Key::BucketWeek,
        DateBucket::Year => Key::BucketYear,
    }
}

/// The unit of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Korean won.
    Won,
    /// Kilograms.
    Kg,
    /// Won per kilogram.
    WonPerKg,
    /// Per cent.
    Percent,
    /// A count.
    Count,
}

impl Unit {
    fn of(col: &ColumnDef) -> Option<Unit> {
        match col.unit? {
            "KRW" => Some(Unit::Won),
            "kg" => Some(Unit::Kg),
            "KRW/kg" => Some(Unit::WonPerKg),
            "%" => Some(Unit::Percent),
            _ => None,
        }
    }

    /// The unit's label.
    pub fn key(self) -> Key {
        match self {
            Unit::Won => Key::UnitWon,
            Unit::Kg => Key::UnitKg,
            Unit::WonPerKg => Key::UnitWonPerKg,
            Unit::Percent => Key::UnitPercent,
            Unit::Count => Key::UnitCount,
        }
    }
}

/// Which code list a column's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codes {
    /// Customs office codes.
    Office,
    /// ISO country codes.
    Country,
}

/// How to show one result column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnLabel {
    /// The column as the answer names it.
    pub name: String,
    /// What it holds, in words, without the unit.
    pub label: String,
    /// The unit of its values.
    pub unit: Option<Unit>,
    /// The code list of its values.
    pub codes: Option<Codes>,
}

impl ColumnLabel {
    /// The header: the label and its unit.
    pub fn header(&self, lang: Lang) -> String {
        match self.unit {
            Some(u) if u != Unit::Count => textf(
                lang,
                Key::WithUnit,
                &[("label", &self.label), ("unit", text(lang, u.key()))],
            ),
            _ => self.label.clone(),
        }
    }
}

/// Office names by code (from the catalog) and the country table, for labelling code values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    offices: HashMap<String, (String, String)>,
}

impl Names {
    /// Names of `offices`.
    pub fn new(offices: &[Office]) -> Names {
        Names {
            offices: offices
                .iter()
                .map(|o| (o.code.clone(), (o.ko_name.clone(), o.en_name.clone())))
                .collect(),
        }
    }

    /// The name of a code of `codes`, if known.
    pub fn name(&self, lang: Lang, codes: Codes, code: &str) -> Option<String> {
        let (ko, en) = match codes {
            Codes::Office => self
                .offices
                .get(code)
                .map(|(k, e)| (k.as_str(), e.as_str()))?,
            Codes::Country => country(code)?,
        };
        Some(match lang {
            Lang::Ko => ko.to_owned(),
            Lang::En => en.to_owned(),
        })
    }

    /// An office code with its name ("인천세관 (020)"), or the code alone while names load.
    pub fn office(&self, lang: Lang, code: &str) -> String {
        match self.name(lang, Codes::Office, code) {
            Some(name) => textf(lang, Key::CodeName, &[("name", &name), ("code", code)]),
            None => code.to_owned(),
        }
    }

    /// A cell of `column`: code values with their names, anything else as it is.
    pub fn value(&self, lang: Lang, column: &ColumnLabel, raw: &str) -> String {
        match column.codes.and_then(|c| self.name(lang, c, raw)) {
            Some(name) => textf(lang, Key::CodeName, &[("name", &name), ("code", raw)]),
            None => raw.to_owned(),
        }
    }
}

fn column_name(lang: Lang, c: &ColumnDef) -> String {
    match lang {
        Lang::Ko => c.ko.to_owned(),
        Lang::En => c.en.to_owned(),
    }
}

fn codes_of(ds_office: Option<&str>, column: &str) -> Option<Codes> {
    if Some(column) == ds_office || column == "office_id" {
        Some(Codes::Office)
    } else if is_country_column(column) {
        Some(Codes::Country)
    } else {
        None
    }
}

/// The label of a dataset column (its catalog name, unit and code list); the name itself when
/// the dataset has no such column.
pub fn dataset_column(lang: Lang, dataset_name: &str, column: &str) -> ColumnLabel {
    let ds = dataset(dataset_name);
    match ds.and_then(|d| d.column(column)) {
        Some(c) => ColumnLabel {
            name: column.to_owned(),
            label: column_name(lang, c),
            unit: Unit::of(c),
            codes: codes_of(ds.and_then(|d| d.office_column), column),
        },
        None => ColumnLabel {
            name: column.to_owned(),
            label: column.to_owned(),
            unit: None,
            codes: None,
        },
    }
}

/// The labels of a result's columns (`names`, as the answer names them) made by `spec`.
pub fn result_columns(lang: Lang, spec: &QuerySpec, names: &[String]) -> Vec<ColumnLabel> {
    let Some(ds) = dataset(&spec.dataset) else {
        return names
            .iter()
            .map(|n| dataset_column(lang, &spec.dataset, n))
            .collect();
    };
    let outputs = spec.outputs(ds);
    names
        .iter()
        .map(
            |name| match outputs.iter().find(|(n, _)| n == name).map(|(_, o)| o) {
                Some(Output::Bucket { column, bucket }) => {
                    let base = dataset_column(lang, &spec.dataset, column);
                    ColumnLabel {
                        name: name.clone(),
                        label: textf(
                            lang,
                            Key::OutputBucket,
                            &[
                                ("column", &base.label),
                                ("bucket", text(lang, bucket_key(*bucket))),
                            ],
                        ),
                        unit: None,
                        codes: None,
                    }
                }
                Some(Output::Aggregate(a)) => {
                    let base = a
                        .column
                        .as_deref()
                        .map(|c| dataset_column(lang, &spec.dataset, c));
                    let counts = matches!(a.func, AggFunc::Count | AggFunc::CountDistinct);
                    let label = match (&base, a.func) {
                        (None, _) => text(lang, Key::OutputCount).to_owned(),
                        (Some(b), AggFunc::Percentile { p })
                            if !AggMenu::ALL.iter().any(|m| m.func() == a.func) =>
                        {
                            textf(
                                lang,
                                Key::OutputPercentile,
                                &[("p", &(p * 100.0).to_string()), ("column", &b.label)],
                            )
                        }
                        (Some(b), func) => {
                            let menu = AggMenu::ALL.iter().copied().find(|m| m.func() == func);
                            let f = menu.map_or("", |m| text(lang, agg_key(m)));
                            textf(lang, Key::OutputAgg, &[("func", f), ("column", &b.label)])
                        }
                    };
                    ColumnLabel {
                        name: name.clone(),
                        label,
                        unit: if counts {
                            Some(Unit::Count)
                        } else {
                            base.and_then(|b| b.unit)
                        },
                        codes: None,
                    }
                }
                Some(Output::Column(c)) => ColumnLabel {
                    name: name.clone(),
                    ..dataset_column(lang, &spec.dataset, c)
                },
                None => dataset_column(lang, &spec.dataset, name),
            },
        )
        .collect()
}

/// The name of a party role of the network (`importer`, `seller`, `forwarder`, `carrier`,
/// `declarant`, `storage`, `vessel`); an unknown role as it is.
pub fn party_role(lang: Lang, role: &str) -> String {
    let key = match role {
        "importer" => Key::PartyImporter,
        "seller" => Key::PartySeller,
        "forwarder" => Key::PartyForwarder,
        "carrier" => Key::PartyCarrier,
        "declarant" => Key::PartyDeclarant,
        "storage" => Key::PartyStorage,
        "vessel" => Key::PartyVessel,
        other => return other.to_owned(),
    };
    text(lang, key).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> QuerySpec {
        serde_json::from_value(serde_json::json!({
            "dataset": "import_declaration",
            "group_by": ["office_id", "country_origin", {"column": "declaration_date", "bucket": "month"}],
            "aggregates": [
                {"func": "count"},
                {"func": "sum", "column": "item_price", "alias": "value"},
                {"func": "percentile", "p": 0.375, "column": "net_mass"}
            ]
        }))
        .expect("spec")
    }

    #[test]
    fn result_columns_read_as_words_with_units() {
        let names: Vec<String> = [
            "office_id",
            "country_origin",
            "declaration_date_month",
            "count",
            "value",
            "p38_net_mass",
        ]
        .map(str::to_owned)
        .to_vec();
        let ko = result_columns(Lang::Ko, &spec(), &names);
        let headers: Vec<String> = ko.iter().map(|c| c.header(Lang::Ko)).collect();
        assert_eq!(headers[0], "신고세관부호");
        assert_eq!(headers[2], "신고일자 (월)");
        assert_eq!(headers[3], "건수");
        assert!(headers[4].ends_with("합계 (원)"), "{}", headers[4]);
        assert!(headers[5].contains("37.5백분위 (kg)"), "{}", headers[5]);
        assert_eq!(ko[0].codes, Some(Codes::Office));
        assert_eq!(ko[1].codes, Some(Codes::Country));
        let en = result_columns(Lang::En, &spec(), &names);
        assert!(
            en[4].header(Lang::En).starts_with("Sum of "),
            "{}",
            en[4].label
        );
    }

    #[test]
    fn code_values_carry_their_names() {
        let names = Names::new(&[Office {
            code: "40".into(),
            ko_name: "인천공항본부세관".into(),
            en_name: "Incheon Airport Main Customs".into(),
        }]);
        let cols = result_columns(
            Lang::Ko,
            &spec(),
            &["office_id".into(), "country_origin".into()],
        );
        assert_eq!(
            names.value(Lang::Ko, &cols[0], "40"),
            "인천공항본부세관 (40)"
        );
        assert_eq!(names.value(Lang::Ko, &cols[0], "77"), "77");
        assert_eq!(names.value(Lang::En, &cols[1], "CN"), "China (CN)");
    }
}
