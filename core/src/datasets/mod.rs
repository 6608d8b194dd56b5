//! The customs datasets: their stages, columns and how they join. One static table that the
//! generator, the importer, the catalog API, the extract validator and the data map all read.
//! The types and the joins are here; the column definitions of the import-side datasets in
//! `tables.rs`, of exports, certificates of origin and the FTA reference in `origin.rs`, of
//! duty payments, financials, remittances and audits in `company_risk.rs`.

mod company_risk;
mod origin;
mod tables;

use serde::{Deserialize, Serialize};

pub use company_risk::{COMPANY_FINANCIALS, CUSTOMS_AUDIT, DUTY_PAYMENT, FX_REMITTANCE};
pub use origin::{EXPORT_DECLARATION, FTA_AGREEMENT, ORIGIN_CERTIFICATE};
pub use tables::{
    CARGO_MANIFEST, COMPANY, DUTY_DRAWBACK, IMPORT_DECLARATION, INSPECTION, VESSEL_CALL,
};

/// Stage of the customs process a dataset belongs to, in process order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Arrival of the means of transport and its cargo manifest.
    Arrival,
    /// Import declaration.
    Declaration,
    /// Selection for inspection and its result.
    Inspection,
    /// Payment of the duty and VAT assessed.
    Payment,
    /// Duty refund on re-export.
    Drawback,
    /// Export declaration.
    Export,
    /// Certificates of origin (for exports, and behind FTA claims on imports).
    Origin,
    /// Post-clearance audit of companies.
    Audit,
    /// Master data beside the process (companies, vessels).
    Master,
    /// Other agencies' data beside the process (financial statements, remittances).
    External,
}

/// Logical type of a column; each maps to one Arrow type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// UTF-8 text (Arrow `Utf8`).
    Text,
    /// 64-bit integer (Arrow `Int64`).
    Int,
    /// 64-bit float (Arrow `Float64`).
    Float,
    /// Calendar date (Arrow `Date32`), written `YYYY-MM-DD` in specs.
    Date,
    /// Boolean (Arrow `Boolean`).
    Bool,
}

impl ColumnType {
    /// True for types that `sum`, `avg` and percentiles accept.
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Int | Self::Float)
    }
}

/// How sensitive a column's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Codes and measures that may be published in aggregate.
    Public,
    /// For customs officers only.
    Internal,
    /// Identifies a company or a transaction; restricted use.
    Confidential,
}

/// One column of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDef {
    /// Column name (snake_case, as in Parquet and in query specs).
    pub name: &'static str,
    /// Logical type.
    pub ty: ColumnType,
    /// Unit of measure, when it has one (`KRW`, `kg`, `%`).
    pub unit: Option<&'static str>,
    /// Korean description.
    pub ko: &'static str,
    /// English description.
    pub en: &'static str,
    /// Sensitivity class.
    pub sensitivity: Sensitivity,
    /// Whether the value may be missing.
    pub nullable: bool,
}

/// One dataset (a table of Parquet files under `<data-dir>/<name>/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatasetDef {
    /// Table name.
    pub name: &'static str,
    /// Process stage.
    pub stage: Stage,
    /// Korean name.
    pub ko_name: &'static str,
    /// English name.
    pub en_name: &'static str,
    /// Korean description.
    pub ko_desc: &'static str,
    /// English description.
    pub en_desc: &'static str,
    /// Column giving the dataset's date range, if any.
    pub date_column: Option<&'static str>,
    /// Column naming the customs office, for office scoping, if any.
    pub office_column: Option<&'static str>,
    /// The columns, in file order.
    pub columns: &'static [ColumnDef],
}

impl DatasetDef {
    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&'static ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// How two datasets relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Rows of `from` reference rows of `to` by key.
    JoinsTo,
    /// `from` is derived from `to` (its rows exist because of rows of `to`).
    DerivesFrom,
}

/// A lineage edge of the data map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineageEdge {
    /// Dataset holding the key.
    pub from: &'static str,
    /// Referenced dataset.
    pub to: &'static str,
    /// Column of `from`.
    pub from_column: &'static str,
    /// Column of `to`.
    pub to_column: &'static str,
    /// Relation.
    pub kind: EdgeKind,
}

/// Every dataset, in process order (arrival, declaration, inspection, payment, drawback,
/// export, origin, audit, masters, other agencies' data).
pub const DATASETS: [DatasetDef; 13] = [
    CARGO_MANIFEST,
    IMPORT_DECLARATION,
    INSPECTION,
    DUTY_PAYMENT,
    DUTY_DRAWBACK,
    EXPORT_DECLARATION,
    ORIGIN_CERTIFICATE,
    CUSTOMS_AUDIT,
    COMPANY,
    VESSEL_CALL,
    FTA_AGREEMENT,
    COMPANY_FINANCIALS,
    FX_REMITTANCE,
];

/// How the datasets join.
pub const LINEAGE: [LineageEdge; 19] = [
    edge(
        "cargo_manifest",
        "vessel_call",
        "call_id",
        "call_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "cargo_manifest",
        "company",
        "forwarder_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "cargo_manifest",
        "company",
        "consignee_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "import_declaration",
        "cargo_manifest",
        "manifest_key",
        "manifest_key",
        EdgeKind::DerivesFrom,
    ),
    edge(
        "import_declaration",
        "company",
        "importer_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "import_declaration",
        "company",
        "declarant_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "import_declaration",
        "company",
        "seller_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "inspection",
        "import_declaration",
        "declaration_id",
        "declaration_id",
        EdgeKind::DerivesFrom,
    ),
    edge(
        "duty_drawback",
        "import_declaration",
        "declaration_id",
        "declaration_id",
        EdgeKind::DerivesFrom,
    ),
    edge(
        "export_declaration",
        "company",
        "exporter_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "export_declaration",
        "company",
        "manufacturer_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "origin_certificate",
        "export_declaration",
        "export_id",
        "export_id",
        EdgeKind::DerivesFrom,
    ),
    edge(
        "origin_certificate",
        "import_declaration",
        "declaration_id",
        "declaration_id",
        EdgeKind::DerivesFrom,
    ),
    edge(
        "origin_certificate",
        "fta_agreement",
        "agreement",
        "agreement",
        EdgeKind::JoinsTo,
    ),
    edge(
        "duty_payment",
        "import_declaration",
        "declaration_id",
        "declaration_id",
        EdgeKind::DerivesFrom,
    ),
    edge(
        "duty_payment",
        "company",
        "importer_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "customs_audit",
        "company",
        "company_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "company_financials",
        "company",
        "company_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
    edge(
        "fx_remittance",
        "company",
        "importer_id",
        "company_id",
        EdgeKind::JoinsTo,
    ),
];

const fn edge(
    from: &'static str,
    to: &'static str,
    from_column: &'static str,
    to_column: &'static str,
    kind: EdgeKind,
) -> LineageEdge {
    LineageEdge {
        from,
        to,
        from_column,
        to_column,
        kind,
    }
}

/// The dataset called `name`.
pub fn dataset(name: &str) -> Option<&'static DatasetDef> {
    DATASETS.iter().find(|d| d.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnType::Date;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut names = HashSet::new();
        for d in &DATASETS {
            assert!(names.insert(d.name), "duplicate dataset {}", d.name);
            let mut cols = HashSet::new();
            for c in d.columns {
                assert!(cols.insert(c.name), "{}.{} twice", d.name, c.name);
                assert!(
                    c.name
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                    "{}.{}",
                    d.name,
                    c.name
                );
                assert!(!c.ko.is_empty() && !c.en.is_empty());
            }
            for special in [d.date_column, d.office_column].into_iter().flatten() {
                assert!(
                    d.column(special).is_some(),
                    "{}: no column {special}",
                    d.name
                );
            }
            if let Some(date) = d.date_column {
                assert_eq!(d.column(date).map(|c| c.ty), Some(Date));
            }
        }
    }

    #[test]
    fn declaration_keeps_the_22_cdd_columns_first() {
        assert!(IMPORT_DECLARATION.columns.len() > 22);
        assert_eq!(IMPORT_DECLARATION.columns[0].name, "declaration_id");
        assert_eq!(IMPORT_DECLARATION.columns[21].name, "critical_fraud");
    }

    #[test]
    fn lineage_edges_name_real_columns_of_matching_types() {
        for e in &LINEAGE {
            let from = dataset(e.from).expect("from dataset");
            let to = dataset(e.to).expect("to dataset");
            let fc = from.column(e.from_column).expect("from column");
            let tc = to.column(e.to_column).expect("to column");
            assert_eq!(fc.ty, tc.ty, "{e:?}");
        }
    }
}
