//! The sentences of a score's reasons: the fraud model names fields ("수입자 (+120)"), the
//! high-risk model names signals with their values ("신고 단가가 예상의 25% (+310)"), the
//! supply-chain model combinations of parties with their hit rate and lift ("3. 수입자 +
//! 도착세관: 적발률 45% (평균의 4.1배)"), from the translation tables.

use portal_core::worker::WorkerModel;

use crate::i18n::{Key, Lang, text, textf};
use crate::labels::dataset_column;

/// One reason as the worker gave it: the field or signal, its effect on the probability, and
/// for the high-risk model the signal's value (NaN for the fraud model's fields).
pub type Reason = (String, f32, f32);

/// The sentence of a high-risk signal and its value (see `portal_scoring::high_risk::Reason`).
pub fn signal_sentence(lang: Lang, signal: &str, value: f32) -> String {
    let pct = |v: f32, digits: usize| format!("{:.*}", digits, v * 100.0);
    let with = |key: Key, name: &str, v: String| textf(lang, key, &[(name, &v)]);
    match signal {
        "price" if value > 0.0 => with(Key::ReasonPrice, "pct", pct(value, 0)),
        "price" => text(lang, Key::ReasonNoPrice).to_owned(),
        "hs_code" if value >= 1.0 => with(Key::ReasonHsRank, "rank", format!("{value:.0}")),
        "hs_code" => text(lang, Key::ReasonHsUnknown).to_owned(),
        "origin" => with(Key::ReasonOrigin, "pct", pct(value, 1)),
        "fta_certificate" if value == 1.0 => text(lang, Key::ReasonNoCertificate).to_owned(),
        "fta_certificate" if value == 2.0 => text(lang, Key::ReasonBadCertificate).to_owned(),
        "fta_certificate" => text(lang, Key::ReasonFtaClaim).to_owned(),
        "importer_history" => with(Key::ReasonImporterHistory, "pct", pct(value, 0)),
        "seller_history" => with(Key::ReasonSellerHistory, "pct", pct(value, 0)),
        "declarant_history" => with(Key::ReasonDeclarantHistory, "pct", pct(value, 0)),
        _ => text(lang, Key::ReasonProfile).to_owned(),
    }
}

/// The sentence of a supply-chain reason: the combination (`p1`..`p4`, `consignee`), its
/// lift over the base rate and its smoothed hit rate.
pub fn chain_sentence(lang: Lang, combination: &str, lift: f32, hit_rate: f32) -> String {
    let what = match combination {
        "p1" => Key::Pattern1,
        "p2" => Key::Pattern2,
        "p3" => Key::Pattern3,
        "p4" => Key::Pattern4,
        _ => Key::ChainConsignee,
    };
    textf(
        lang,
        Key::ReasonChain,
        &[
            ("what", text(lang, what)),
            ("pct", &format!("{:.0}", hit_rate * 100.0)),
            ("lift", &format!("{lift:.1}")),
        ],
    )
}

/// The reasons of one row of `model` joined for a table cell: a fraud-model field by its
/// column label, a high-risk signal by its sentence, each with the points (of 999) it adds; a
/// supply-chain combination by its sentence.
pub fn reasons_text(lang: Lang, reasons: &[Reason], model: WorkerModel) -> String {
    reasons
        .iter()
        .map(|(name, effect, value)| {
            let what = match model {
                WorkerModel::HighRisk => signal_sentence(lang, name, *value),
                WorkerModel::SupplyChain => return chain_sentence(lang, name, *effect, *value),
                _ => dataset_column(lang, "import_declaration", name).label,
            };
            let points = format!("{:.0}", effect * 999.0);
            textf(
                lang,
                Key::ReasonEffect,
                &[("field", &what), ("points", &points)],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_read_as_sentences_in_both_languages() {
        assert_eq!(
            signal_sentence(Lang::Ko, "price", 0.25),
            "신고 단가가 예상의 25%"
        );
        assert_eq!(
            signal_sentence(Lang::Ko, "price", 0.0),
            "단가 없음 (가격 또는 중량 누락)"
        );
        assert_eq!(
            signal_sentence(Lang::En, "price", 0.25),
            "declared unit price 25% of expected"
        );
        assert_eq!(
            signal_sentence(Lang::En, "hs_code", 40.0),
            "HS code ranks 40 for the description"
        );
        assert_eq!(
            signal_sentence(Lang::Ko, "hs_code", 0.0),
            "신고 HS 부호가 HS 2022 품목표에 없음"
        );
        assert_eq!(
            signal_sentence(Lang::Ko, "fta_certificate", 1.0),
            "원산지증명서 없이 FTA 협정세율 신청"
        );
        assert_eq!(
            signal_sentence(Lang::En, "importer_history", 0.45),
            "importer: 45% of earlier lines found fraudulent"
        );
        assert_eq!(
            reasons_text(
                Lang::En,
                &[("price".into(), 0.31, 0.25), ("origin".into(), 0.1, 0.012)],
                WorkerModel::HighRisk
            ),
            "declared unit price 25% of expected (+310), origin supplies 1.2% of these goods (+100)"
        );
    }

    #[test]
    fn supply_chain_reasons_name_the_combination_with_its_rate_and_lift() {
        let why = [("p3".into(), 4.12, 0.45), ("consignee".into(), 1.5, 0.16)];
        assert_eq!(
            reasons_text(Lang::Ko, &why, WorkerModel::SupplyChain),
            "3. 수입자 + 도착세관: 적발률 45% (평균의 4.1배), 수입자 단독: 적발률 16% (평균의 1.5배)"
        );
        assert_eq!(
            chain_sentence(Lang::En, "p1", 2.0, 0.3),
            "1. Forwarder + consignor + storage: 30% found (2.0× the base rate)"
        );
    }
}
