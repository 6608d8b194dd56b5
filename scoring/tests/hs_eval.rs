//! HS suggestion regressions with the shipped tables on the public evaluation set
//! (`models/hs/eval/queries.csv`): the everyday names of every language find their subheading in
//! the top 5, the query answers chapter 03 first, and the set's figures stay at the
//! model card's.
#![cfg(not(target_arch = "wasm32"))]

use portal_scoring::hs::HsModel;

const TABLES: &str = include_str!("../../models/hs/tables.json");
const QUERIES: &str = include_str!("../../models/hs/eval/queries.csv");

fn model() -> HsModel {
    HsModel::load(TABLES).expect("the shipped tables load")
}

fn top(model: &HsModel, text: &str) -> Vec<String> {
    model.suggest(&[text], 5).expect("suggests")[0]
        .iter()
        .map(|s| s.hs6.clone())
        .collect()
}

#[test]
fn frozen_mackerel_in_korean_answers_chapter_03_first() {
    let m = model();
    let found = top(&m, "냉동 고등어");
    assert!(found[0].starts_with("03"), "{found:?}");
    assert!(found.contains(&"030354".to_owned()), "{found:?}");
}

#[test]
fn easy_queries_find_their_subheading_in_the_top_5() {
    let m = model();
    let easy = [
        ("smartphone", "851713"),
        ("휴대폰", "851713"),
        ("fresh strawberries", "081010"),
        ("stainless steel kitchen sinks", "732410"),
        ("냉동 고등어", "030354"),
    ];
    for (text, hs6) in easy {
        let found = top(&m, text);
        assert!(found.iter().any(|c| c == hs6), "{text}: {found:?}");
    }
}

#[test]
fn the_evaluation_set_keeps_the_model_cards_figures() {
    let m = model();
    let mut rdr = csv::Reader::from_reader(QUERIES.as_bytes());
    let rows: Vec<(String, String)> = rdr
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_owned(), r[2].to_owned())
        })
        .collect();
    assert!(rows.len() >= 300, "{} queries", rows.len());
    let texts: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    let found = m.suggest(&texts, 5).expect("suggests");
    let (mut hs4_top5, mut hs6_top1) = (0, 0);
    for ((_, hs6), s) in rows.iter().zip(&found) {
        hs4_top5 += usize::from(s.iter().any(|x| x.hs6[..4] == hs6[..4]));
        hs6_top1 += usize::from(s.first().is_some_and(|x| &x.hs6 == hs6));
    }
    let n = rows.len() as f64;
    let (hs4, hs6) = (hs4_top5 as f64 / n, hs6_top1 as f64 / n);
    assert!(hs4 >= HS4_TOP5_FLOOR, "HS4 top-5 {hs4:.3}");
    assert!(hs6 >= HS6_TOP1_FLOOR, "HS6 top-1 {hs6:.3}");
}

/// The model card's figures, rounded down: a change that loses any of them fails here.
const HS4_TOP5_FLOOR: f64 = 0.90;
const HS6_TOP1_FLOOR: f64 = 0.53;
