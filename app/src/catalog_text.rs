//! Language-dependent text of catalog entries (names and descriptions come from the server in
//! both languages) and of catalog enums.

use portal_core::api::CatalogDataset;
use portal_core::datasets::{ColumnType, EdgeKind, Sensitivity, Stage};

use crate::i18n::{Key, Lang};

/// The dataset's name in `lang`.
pub fn dataset_name(lang: Lang, d: &CatalogDataset) -> &str {
    match lang {
        Lang::Ko => &d.ko_name,
        Lang::En => &d.en_name,
    }
}

/// The catalog name of dataset `name` in `lang`, or `name` itself when no dataset is called so
/// (a home activity's subject may be a search term or a title).
pub fn dataset_label(lang: Lang, name: &str) -> String {
    match portal_core::datasets::dataset(name) {
        Some(d) => match lang {
            Lang::Ko => d.ko_name.to_owned(),
            Lang::En => d.en_name.to_owned(),
        },
        None => name.to_owned(),
    }
}

/// The dataset's description in `lang`.
pub fn dataset_desc(lang: Lang, d: &CatalogDataset) -> &str {
    match lang {
        Lang::Ko => &d.ko_desc,
        Lang::En => &d.en_desc,
    }
}

/// Label key of a stage.
pub fn stage_key(stage: Stage) -> Key {
    match stage {
        Stage::Arrival => Key::StageArrival,
        Stage::Declaration => Key::StageDeclaration,
        Stage::Inspection => Key::StageInspection,
        Stage::Payment => Key::StagePayment,
        Stage::Drawback => Key::StageDrawback,
        Stage::Export => Key::StageExport,
        Stage::Origin => Key::StageOrigin,
        Stage::Audit => Key::StageAudit,
        Stage::Master => Key::StageMaster,
        Stage::External => Key::StageExternal,
    }
}

/// Label key of a column type.
pub fn type_key(t: ColumnType) -> Key {
    match t {
        ColumnType::Text => Key::TypeText,
        ColumnType::Int => Key::TypeInt,
        ColumnType::Float => Key::TypeFloat,
        ColumnType::Date => Key::TypeDate,
        ColumnType::Bool => Key::TypeBool,
    }
}

/// Label key of a sensitivity class.
pub fn sensitivity_key(s: Sensitivity) -> Key {
    match s {
        Sensitivity::Public => Key::SensitivityPublic,
        Sensitivity::Internal => Key::SensitivityInternal,
        Sensitivity::Confidential => Key::SensitivityConfidential,
    }
}

/// Label key of a lineage edge kind.
pub fn edge_key(k: EdgeKind) -> Key {
    match k {
        EdgeKind::JoinsTo => Key::LineageJoins,
        EdgeKind::DerivesFrom => Key::LineageDerives,
    }
}

/// The process stages in flow order.
pub const FLOW: [Stage; 8] = [
    Stage::Arrival,
    Stage::Declaration,
    Stage::Inspection,
    Stage::Payment,
    Stage::Drawback,
    Stage::Export,
    Stage::Origin,
    Stage::Audit,
];

/// The stages drawn beside the flow: master data, then other agencies' data.
pub const BESIDE: [Stage; 2] = [Stage::Master, Stage::External];

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::datasets::DATASETS;

    #[test]
    fn every_dataset_sits_on_the_flow_or_beside_it() {
        for d in &DATASETS {
            assert!(
                FLOW.contains(&d.stage) || BESIDE.contains(&d.stage),
                "{}",
                d.name
            );
        }
        let entry = CatalogDataset::from_def(&DATASETS[0], 0, None);
        assert_eq!(dataset_name(Lang::Ko, &entry), "적하목록");
        assert_eq!(dataset_name(Lang::En, &entry), "Cargo manifests");
    }
}
