//! The customs datasets: their stages, columns and how they join. One static table that the
//! generator, the importer, the catalog API, the extract validator and the data map all read.

use serde::{Deserialize, Serialize};

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
    /// Duty refund on re-export.
    Drawback,
    /// Master data beside the process (companies, vessels).
    Master,
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

const fn col(
    name: &'static str,
    ty: ColumnType,
    unit: Option<&'static str>,
    ko: &'static str,
    en: &'static str,
    sensitivity: Sensitivity,
    nullable: bool,
) -> ColumnDef {
    ColumnDef {
        name,
        ty,
        unit,
        ko,
        en,
        sensitivity,
        nullable,
    }
}

use ColumnType::{Bool, Date, Float, Int, Text};

// Columns that several datasets share, defined once.
const DECLARATION_ID: ColumnDef = col(
    "declaration_id",
    Text,
    None,
    "신고번호",
    "Declaration ID",
    Confidential,
    false,
);
const TRANSPORT_MODE: ColumnDef = col(
    "transport_mode",
    Text,
    None,
    "운송수단유형코드",
    "Mode of transport",
    Public,
    false,
);
const VESSEL_FLIGHT: ColumnDef = col(
    "vessel_flight",
    Text,
    None,
    "선박명/편명",
    "Vessel name or flight number",
    Internal,
    false,
);
const ARRIVAL_DATE: ColumnDef = col(
    "arrival_date",
    Date,
    None,
    "입항일자",
    "Arrival date",
    Public,
    false,
);
/// The house B/L line a declaration clears (the key of `cargo_manifest`).
const MANIFEST_KEY: ColumnDef = col(
    "manifest_key",
    Text,
    None,
    "화물관리번호",
    "Cargo manifest key",
    Internal,
    false,
);
/// The office of a declaration (and of its inspection).
const DECLARING_OFFICE: ColumnDef = col(
    "office_id",
    Text,
    None,
    "신고세관부호",
    "Customs office code",
    Public,
    false,
);
/// The office of an arrival (manifest, call).
const ARRIVAL_OFFICE: ColumnDef = col(
    "office_id",
    Text,
    None,
    "관할세관",
    "Customs office code",
    Public,
    false,
);
use Sensitivity::{Confidential, Internal, Public};

/// `import_declaration`: the 22 columns of the KCS Customs Import Declaration Datasets, then the
/// portal's additions.
pub const IMPORT_DECLARATION: DatasetDef = DatasetDef {
    name: "import_declaration",
    stage: Stage::Declaration,
    ko_name: "수입신고",
    en_name: "Import declarations",
    ko_desc: "수입신고서의 항목: 신고세관, 거래·징수 구분, 품목(HS), 원산지, 중량, 과세가격, 적발 여부.",
    en_desc: "Import declaration lines: office, transaction and payment types, goods (HS), origin, mass, customs value, and fraud outcome.",
    date_column: Some("declaration_date"),
    office_column: Some("office_id"),
    columns: &[
        DECLARATION_ID,
        col(
            "declaration_date",
            Date,
            None,
            "신고일자",
            "Declaration date",
            Public,
            false,
        ),
        DECLARING_OFFICE,
        col(
            "process_type",
            Text,
            None,
            "수입신고구분코드",
            "Declaration process type",
            Public,
            false,
        ),
        col(
            "import_type",
            Text,
            None,
            "수입거래구분코드",
            "Import transaction type",
            Public,
            false,
        ),
        col(
            "import_use",
            Text,
            None,
            "수입종류코드",
            "Import kind",
            Public,
            false,
        ),
        col(
            "payment_type",
            Text,
            None,
            "징수형태코드",
            "Duty payment type",
            Public,
            false,
        ),
        TRANSPORT_MODE,
        col(
            "declarant_id",
            Text,
            None,
            "신고인부호",
            "Declarant (customs broker) ID",
            Confidential,
            false,
        ),
        col(
            "importer_id",
            Text,
            None,
            "수입자",
            "Importer ID",
            Confidential,
            false,
        ),
        col(
            "seller_id",
            Text,
            None,
            "해외거래처부호",
            "Overseas seller ID",
            Confidential,
            true,
        ),
        col(
            "courier_id",
            Text,
            None,
            "특송업체부호",
            "Express courier ID",
            Internal,
            true,
        ),
        col(
            "hs6",
            Text,
            None,
            "HS 6단위 부호",
            "HS code (6 digits)",
            Public,
            false,
        ),
        col(
            "country_departure",
            Text,
            None,
            "적출국가코드",
            "Country of departure",
            Public,
            false,
        ),
        col(
            "country_origin",
            Text,
            None,
            "원산지국가코드",
            "Country of origin",
            Public,
            false,
        ),
        col(
            "tax_rate",
            Float,
            Some("%"),
            "관세율",
            "Duty rate",
            Public,
            false,
        ),
        col(
            "tax_type",
            Text,
            None,
            "관세율구분코드",
            "Duty rate type",
            Public,
            false,
        ),
        col(
            "origin_indicator",
            Text,
            None,
            "원산지표시유무코드",
            "Origin marking indicator",
            Public,
            false,
        ),
        col(
            "net_mass",
            Float,
            Some("kg"),
            "신고중량",
            "Net mass",
            Public,
            false,
        ),
        col(
            "item_price",
            Float,
            Some("KRW"),
            "과세가격 원화금액",
            "Customs value",
            Internal,
            false,
        ),
        col(
            "fraud",
            Int,
            None,
            "우범여부 (0/1)",
            "Fraud found (0/1)",
            Confidential,
            true,
        ),
        col(
            "critical_fraud",
            Int,
            None,
            "핵심적발 (0/1/2)",
            "Critical fraud (0/1/2)",
            Confidential,
            true,
        ),
        col(
            "hs10",
            Text,
            None,
            "HS 10단위 부호",
            "HS code (10 digits)",
            Public,
            false,
        ),
        col(
            "item_description",
            Text,
            None,
            "거래품명",
            "Item description",
            Internal,
            false,
        ),
        col("quantity", Float, None, "수량", "Quantity", Public, false),
        col(
            "quantity_unit",
            Text,
            None,
            "수량단위",
            "Quantity unit",
            Public,
            false,
        ),
        col(
            "declared_value",
            Float,
            None,
            "결제금액 (외화)",
            "Declared value in invoice currency",
            Internal,
            false,
        ),
        col(
            "currency",
            Text,
            None,
            "결제통화",
            "Invoice currency",
            Public,
            false,
        ),
        col(
            "fta_claim",
            Bool,
            None,
            "FTA 협정세율 적용 신청",
            "FTA preferential rate claimed",
            Public,
            false,
        ),
        col(
            "co_number",
            Text,
            None,
            "원산지증명서 번호",
            "Certificate of origin number",
            Internal,
            true,
        ),
        // Missing on declarations of goods that arrived without a manifest line.
        ColumnDef {
            nullable: true,
            ..MANIFEST_KEY
        },
        col(
            "source",
            Text,
            None,
            "출처 (generated/cdd)",
            "Source (generated/cdd)",
            Public,
            false,
        ),
        col(
            "risk_pattern",
            Text,
            None,
            "심어둔 위험 유형 (정답)",
            "Planted risk pattern (ground truth)",
            Confidential,
            true,
        ),
        col(
            "unit_price",
            Float,
            Some("KRW/kg"),
            "단위가격 (과세가격 ÷ 신고중량)",
            "Unit price (customs value / net mass)",
            Internal,
            true,
        ),
    ],
};

/// `cargo_manifest`: house B/L lines of arriving cargo.
pub const CARGO_MANIFEST: DatasetDef = DatasetDef {
    name: "cargo_manifest",
    stage: Stage::Arrival,
    ko_name: "적하목록",
    en_name: "Cargo manifests",
    ko_desc: "입항 화물의 B/L 단위 목록: 선박·항공편, 적재항, 입항일, 포워더, 송하인, 수하인, 반입 예정 장소.",
    en_desc: "Arriving cargo by bill of lading: vessel or flight, loading port, arrival date, forwarder, consignor, consignee and planned storage.",
    date_column: Some("arrival_date"),
    office_column: Some("office_id"),
    columns: &[
        MANIFEST_KEY,
        col(
            "bl_no",
            Text,
            None,
            "Master B/L 번호",
            "Master B/L number",
            Internal,
            false,
        ),
        col(
            "house_bl_no",
            Text,
            None,
            "House B/L 번호",
            "House B/L number",
            Internal,
            false,
        ),
        col(
            "call_id",
            Text,
            None,
            "입항 번호",
            "Vessel/flight call ID",
            Internal,
            false,
        ),
        TRANSPORT_MODE,
        VESSEL_FLIGHT,
        col(
            "loading_port",
            Text,
            None,
            "적재항",
            "Port of loading",
            Public,
            false,
        ),
        ARRIVAL_DATE,
        ARRIVAL_OFFICE,
        col(
            "forwarder_id",
            Text,
            None,
            "포워더",
            "Freight forwarder ID",
            Confidential,
            false,
        ),
        col(
            "consignor_id",
            Text,
            None,
            "송하인",
            "Consignor (overseas seller) ID",
            Confidential,
            true,
        ),
        col(
            "consignee_id",
            Text,
            None,
            "수하인",
            "Consignee (importer) ID",
            Confidential,
            false,
        ),
        col(
            "storage_location",
            Text,
            None,
            "반입 예정 장치장",
            "Planned bonded storage location",
            Internal,
            false,
        ),
        col(
            "packages",
            Int,
            None,
            "포장 개수",
            "Number of packages",
            Public,
            false,
        ),
        col(
            "gross_weight",
            Float,
            Some("kg"),
            "총중량",
            "Gross weight",
            Public,
            false,
        ),
    ],
};

/// `inspection`: selection and outcome per declaration.
pub const INSPECTION: DatasetDef = DatasetDef {
    name: "inspection",
    stage: Stage::Inspection,
    ko_name: "검사 결과",
    en_name: "Inspections",
    ko_desc: "신고건별 검사 선별 여부와 방식, 검사 결과, 적발·핵심적발 여부, 추징 세액.",
    en_desc: "Per declaration: whether and how it was selected, the result, fraud and critical-fraud flags, and additional duty assessed.",
    date_column: Some("inspection_date"),
    office_column: Some("office_id"),
    columns: &[
        DECLARATION_ID,
        DECLARING_OFFICE,
        col(
            "selected",
            Bool,
            None,
            "검사 선별 여부",
            "Selected for inspection",
            Internal,
            false,
        ),
        col(
            "selection_type",
            Text,
            None,
            "선별 방식 (none/document/physical)",
            "Selection (none/document/physical)",
            Internal,
            false,
        ),
        col(
            "inspection_date",
            Date,
            None,
            "검사일자",
            "Inspection date",
            Internal,
            true,
        ),
        col(
            "result",
            Text,
            None,
            "검사 결과 (cleared/fraud/critical)",
            "Result (cleared/fraud/critical)",
            Confidential,
            false,
        ),
        col(
            "fraud",
            Bool,
            None,
            "적발 여부",
            "Fraud found",
            Confidential,
            false,
        ),
        col(
            "critical_fraud",
            Bool,
            None,
            "핵심적발 여부",
            "Critical fraud found",
            Confidential,
            false,
        ),
        col(
            "additional_duty",
            Float,
            Some("KRW"),
            "추징 세액",
            "Additional duty assessed",
            Confidential,
            false,
        ),
    ],
};

/// `company`: importers, declarants, forwarders and overseas sellers.
pub const COMPANY: DatasetDef = DatasetDef {
    name: "company",
    stage: Stage::Master,
    ko_name: "업체 정보",
    en_name: "Companies",
    ko_desc: "수입자, 신고인(관세사), 포워더, 해외거래처의 업종, 지역, 등록일, 성실도 등급.",
    en_desc: "Importers, declarants (brokers), forwarders and overseas sellers with industry, region, registration date and compliance grade.",
    date_column: Some("registration_date"),
    office_column: None,
    columns: &[
        col(
            "company_id",
            Text,
            None,
            "업체 부호",
            "Company ID",
            Confidential,
            false,
        ),
        col(
            "role",
            Text,
            None,
            "역할 (importer/declarant/forwarder/seller)",
            "Role (importer/declarant/forwarder/seller)",
            Public,
            false,
        ),
        col(
            "name",
            Text,
            None,
            "상호",
            "Company name",
            Confidential,
            false,
        ),
        col("industry", Text, None, "업종", "Industry", Public, false),
        col(
            "region",
            Text,
            None,
            "지역 (국내 시도 또는 국가)",
            "Region (Korean province or country)",
            Public,
            false,
        ),
        col(
            "registration_date",
            Date,
            None,
            "등록일자",
            "Registration date",
            Internal,
            false,
        ),
        col(
            "compliance_grade",
            Text,
            None,
            "성실도 등급 (AAA~D)",
            "Compliance grade (AAA to D)",
            Internal,
            false,
        ),
    ],
};

/// `duty_drawback`: refunds of duty on re-exported goods.
pub const DUTY_DRAWBACK: DatasetDef = DatasetDef {
    name: "duty_drawback",
    stage: Stage::Drawback,
    ko_name: "관세 환급",
    en_name: "Duty drawback",
    ko_desc: "수입 후 수출된 물품에 대한 관세 환급 신청과 결정.",
    en_desc: "Claims and decisions for refunds of duty on goods exported after import.",
    date_column: Some("claim_date"),
    office_column: Some("office_id"),
    columns: &[
        col(
            "drawback_id",
            Text,
            None,
            "환급 신청번호",
            "Drawback claim ID",
            Internal,
            false,
        ),
        col(
            "declaration_id",
            Text,
            None,
            "수입 신고번호",
            "Import declaration ID",
            Confidential,
            false,
        ),
        col(
            "office_id",
            Text,
            None,
            "환급 세관",
            "Customs office code",
            Public,
            false,
        ),
        col(
            "claimant_id",
            Text,
            None,
            "신청인",
            "Claimant (exporter) ID",
            Confidential,
            false,
        ),
        col(
            "export_date",
            Date,
            None,
            "수출일자",
            "Export date",
            Internal,
            false,
        ),
        col(
            "claim_date",
            Date,
            None,
            "신청일자",
            "Claim date",
            Internal,
            false,
        ),
        col(
            "refund_amount",
            Float,
            Some("KRW"),
            "환급액",
            "Refund amount",
            Internal,
            false,
        ),
        col(
            "status",
            Text,
            None,
            "처리 상태 (paid/rejected/pending)",
            "Status (paid/rejected/pending)",
            Internal,
            false,
        ),
    ],
};

/// `vessel_call`: arrivals and departures of ships and aircraft by port.
pub const VESSEL_CALL: DatasetDef = DatasetDef {
    name: "vessel_call",
    stage: Stage::Master,
    ko_name: "입출항 정보",
    en_name: "Vessel and flight calls",
    ko_desc: "항만·공항별 선박과 항공기의 입항·출항 일시.",
    en_desc: "Arrivals and departures of ships and aircraft by port.",
    date_column: Some("arrival_date"),
    office_column: Some("office_id"),
    columns: &[
        col(
            "call_id",
            Text,
            None,
            "입항 번호",
            "Call ID",
            Internal,
            false,
        ),
        TRANSPORT_MODE,
        VESSEL_FLIGHT,
        col("port", Text, None, "입항지", "Port of call", Public, false),
        ARRIVAL_OFFICE,
        col(
            "previous_port",
            Text,
            None,
            "직전 출항지",
            "Previous port",
            Public,
            false,
        ),
        ARRIVAL_DATE,
        col(
            "departure_date",
            Date,
            None,
            "출항일자",
            "Departure date",
            Public,
            false,
        ),
    ],
};

/// Every dataset, in process order (arrival, declaration, inspection, drawback, masters).
pub const DATASETS: [DatasetDef; 6] = [
    CARGO_MANIFEST,
    IMPORT_DECLARATION,
    INSPECTION,
    DUTY_DRAWBACK,
    COMPANY,
    VESSEL_CALL,
];

/// How the datasets join.
pub const LINEAGE: [LineageEdge; 9] = [
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
