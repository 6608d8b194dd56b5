//! The HS code suggestion model: an item description in, the best-matching HS subheadings out.
//!
//! Each subheading is a document of four fields — its own text, its heading's, its chapter's and
//! its section's — so that a subheading that reads "Other" carries its parents' meaning. Queries
//! and documents go through the same tokenizer ([`crate::text`]: the glossary turns Korean,
//! Chinese, Japanese, Vietnamese, Thai and everyday English trade words into nomenclature
//! words). Documents are ranked by BM25F ([`crate::bm25`]) over an inverted index built when the
//! tables load, and BM25F's best candidates again by the learned re-ranker
//! ([`crate::hs_rerank`]) when the tables carry one.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::ScoringError;
use crate::bm25::{Bm25Index, Bm25Params};
use crate::hs_rerank::{self, CandidateText, QueryTerms, Reranker};
use crate::text::{Glossary, GlossaryEntry, terms};

/// One HS subheading the model can suggest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsCode {
    /// Six-digit code.
    pub hs6: String,
    /// Nomenclature text (English).
    pub description: String,
    /// The HS section (Roman numeral).
    pub section: String,
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Six-digit code.
    pub hs6: String,
    /// The BM25F score over the most the query's terms could score: in [0, 1), higher is better.
    pub score: f32,
}

/// What ships as the model (`tables.json`): the nomenclature, the glossary and the ranking
/// parameters.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HsTables {
    /// The subheadings, in code order.
    pub codes: Vec<HsCode>,
    /// Heading texts by four-digit code.
    pub headings: BTreeMap<String, String>,
    /// Chapter texts by two-digit code.
    pub chapters: BTreeMap<String, String>,
    /// Section names by Roman numeral.
    pub sections: BTreeMap<String, String>,
    /// Trade terms and their nomenclature words.
    pub glossary: Vec<GlossaryEntry>,
    /// BM25F parameters (field weights in the order subheading, heading, chapter, section).
    pub params: Bm25Params,
    /// The re-ranker of BM25F's best candidates; none: BM25F's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rerank: Option<Reranker>,
}

/// How a declared code agrees with a description ([`HsModel::agreement`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement<'a> {
    /// Subheadings scoring above the declared code (0: it is first); all of them when the
    /// code is not in the nomenclature.
    pub rank: usize,
    /// The declared code's score (0 when unknown).
    pub score: f32,
    /// The best score.
    pub top: f32,
    /// The best code.
    pub top_hs6: &'a str,
    /// Whether the declared code is in the nomenclature.
    pub known: bool,
}

/// Tables and index together.
#[derive(Debug)]
pub struct HsModel {
    tables: HsTables,
    glossary: Glossary,
    index: Bm25Index,
    /// Each subheading's own words, in code order (for the re-ranker).
    own: Vec<HashSet<String>>,
    /// The words each subheading's text excludes, in code order.
    negated: Vec<HashSet<String>>,
    /// Whether each subheading is a residual line (see [`CandidateText::residual`]).
    residual: Vec<bool>,
    /// Heading words by four-digit code.
    headings: HashMap<String, HashSet<String>>,
    /// Chapter words by two-digit code.
    chapters: HashMap<String, HashSet<String>>,
}

impl HsModel {
    /// Loads the model from its tables (JSON) and builds the index.
    pub fn load(tables_json: &str) -> Result<HsModel, ScoringError> {
        let tables: HsTables = serde_json::from_str(tables_json)
            .map_err(|e| ScoringError::Model(format!("unreadable HS tables: {e}")))?;
        if tables.rerank.as_ref().is_some_and(|r| !r.fits()) {
            return Err(ScoringError::Model(
                "the HS tables' re-ranker has other features than this build computes".into(),
            ));
        }
        Ok(HsModel::new(tables))
    }

    /// The model of `tables` (a re-ranker that does not [`Reranker::fits`] is not used).
    pub fn new(tables: HsTables) -> HsModel {
        let glossary = Glossary::new(&tables.glossary);
        let none = Glossary::default();
        // Each heading, chapter and section is tokenized once, not once per subheading.
        let parents = |map: &BTreeMap<String, String>| -> HashMap<String, Vec<String>> {
            map.iter()
                .map(|(k, t)| (k.clone(), terms(t, &none)))
                .collect()
        };
        let (headings, chapters, sections) = (
            parents(&tables.headings),
            parents(&tables.chapters),
            parents(&tables.sections),
        );
        let own: Vec<Vec<String>> = tables
            .codes
            .iter()
            .map(|c| terms(&c.description, &none))
            .collect();
        fn of<'a>(map: &'a HashMap<String, Vec<String>>, key: &str) -> &'a [String] {
            map.get(key).map_or(&[], Vec::as_slice)
        }
        let docs = tables.codes.iter().zip(&own).map(|(c, words)| {
            [
                words.as_slice(),
                of(&headings, c.hs6.get(..4).unwrap_or("")),
                of(&chapters, c.hs6.get(..2).unwrap_or("")),
                of(&sections, &c.section),
            ]
        });
        let index = Bm25Index::build(docs, tables.params.clone());
        let residual = tables
            .codes
            .iter()
            .map(|c| {
                let d = c.description.to_lowercase();
                c.hs6.ends_with('9')
                    || d.contains("n.e.c.")
                    || d.contains("other than")
                    || d.starts_with("other")
            })
            .collect();
        let negated = tables
            .codes
            .iter()
            .map(|c| {
                let (excluded, rest) = hs_rerank::negated_part(&c.description);
                let kept: HashSet<String> = terms(&rest, &none).into_iter().collect();
                terms(&excluded, &none)
                    .into_iter()
                    .filter(|w| !kept.contains(w))
                    .collect()
            })
            .collect();
        let sets = |map: HashMap<String, Vec<String>>| -> HashMap<String, HashSet<String>> {
            map.into_iter()
                .map(|(k, v)| (k, v.into_iter().collect()))
                .collect()
        };
        HsModel {
            tables,
            glossary,
            index,
            own: own.into_iter().map(|v| v.into_iter().collect()).collect(),
            negated,
            residual,
            headings: sets(headings),
            chapters: sets(chapters),
        }
    }

    /// The tables the model was made of.
    pub fn tables(&self) -> &HsTables {
        &self.tables
    }

    /// The nomenclature text of `hs6`, if the model knows it.
    pub fn description(&self, hs6: &str) -> Option<&str> {
        self.tables
            .codes
            .binary_search_by(|c| c.hs6.as_str().cmp(hs6))
            .ok()
            .map(|i| self.tables.codes[i].description.as_str())
    }

    /// How well a declared `hs6` agrees with the description `text`: the code's rank among all
    /// subheadings (0 is first; codes of equal score share a rank), its score and the best
    /// score, and the best code. `None` when the text has no known word.
    pub fn agreement(&self, text: &str, hs6: &str) -> Option<Agreement<'_>> {
        let scores = self.index.scores(&terms(text, &self.glossary))?;
        let (top_doc, top) = scores
            .iter()
            .enumerate()
            .fold((0, 0f32), |b, (d, s)| if *s > b.1 { (d, *s) } else { b });
        let declared = self
            .tables
            .codes
            .binary_search_by(|c| c.hs6.as_str().cmp(hs6))
            .ok()
            .map(|d| scores[d]);
        let rank = match declared {
            Some(s) => scores.iter().filter(|x| **x > s).count(),
            None => scores.len(),
        };
        Some(Agreement {
            rank,
            score: declared.unwrap_or(0.0),
            top,
            top_hs6: &self.tables.codes[top_doc].hs6,
            known: declared.is_some(),
        })
    }

    /// The `top` best codes for each text, best first (none for a text without known words).
    pub fn suggest(
        &self,
        texts: &[&str],
        top: usize,
    ) -> Result<Vec<Vec<Suggestion>>, ScoringError> {
        Ok(texts
            .iter()
            .map(|t| {
                self.ranked(t, top)
                    .into_iter()
                    .map(|(doc, score)| Suggestion {
                        hs6: self.tables.codes[doc].hs6.clone(),
                        score,
                    })
                    .collect()
            })
            .collect())
    }

    /// The `top` best documents for `text` with their scores: BM25F's, re-ranked when the
    /// tables carry a fitting re-ranker (its probability is then the score).
    fn ranked(&self, text: &str, top: usize) -> Vec<(usize, f32)> {
        let Some(rerank) = self.tables.rerank.as_ref().filter(|r| r.fits()) else {
            return self.index.search(&terms(text, &self.glossary), top);
        };
        let (candidates, features) = self.with_features(text, rerank.depth.max(top));
        let mut scored: Vec<(usize, f32)> = candidates
            .iter()
            .zip(&features)
            .map(|((doc, _), x)| (*doc, rerank.score(x)))
            .collect();
        // Stable: equal probabilities keep BM25F's order.
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(top);
        scored
    }

    /// BM25F's best candidates for `text` (the re-ranker's depth, or
    /// [`hs_rerank::DEFAULT_DEPTH`]) with their re-ranker features, best first: what
    /// `portal hs-features` exports to fit the re-ranker.
    pub fn candidates(&self, text: &str) -> Vec<(&str, hs_rerank::Features)> {
        let depth = self
            .tables
            .rerank
            .as_ref()
            .map_or(hs_rerank::DEFAULT_DEPTH, |r| r.depth);
        let (candidates, features) = self.with_features(text, depth);
        candidates
            .iter()
            .zip(features)
            .map(|((doc, _), x)| (self.tables.codes[*doc].hs6.as_str(), x))
            .collect()
    }

    /// BM25F's best `depth` documents for `text` with their scores, and their features.
    fn with_features(
        &self,
        text: &str,
        depth: usize,
    ) -> (Vec<(usize, f32)>, Vec<hs_rerank::Features>) {
        let words = terms(text, &self.glossary);
        let candidates = self.index.search(&words, depth);
        let features = self.features_of(text, &words, &candidates);
        (candidates, features)
    }

    fn features_of(
        &self,
        text: &str,
        words: &[String],
        candidates: &[(usize, f32)],
    ) -> Vec<hs_rerank::Features> {
        let known = |ws: &[String]| -> Vec<(String, f32)> {
            let mut seen = HashSet::new();
            ws.iter()
                .filter(|w| seen.insert(w.as_str()))
                .filter_map(|w| self.index.idf(w).map(|idf| (w.clone(), idf)))
                .collect()
        };
        let all = known(words);
        // The head noun: the last word of the head part with a term the index knows.
        let head = hs_rerank::head_part(text)
            .split_whitespace()
            .rev()
            .map(|w| known(&terms(w, &self.glossary)))
            .find(|t| !t.is_empty())
            .unwrap_or_else(|| all.clone());
        let query = QueryTerms { terms: all, head };
        let empty = HashSet::new();
        hs_rerank::features(&query, candidates, |i| {
            let doc = candidates[i].0;
            let code = &self.tables.codes[doc];
            CandidateText {
                own: &self.own[doc],
                heading: self
                    .headings
                    .get(code.hs6.get(..4).unwrap_or(""))
                    .unwrap_or(&empty),
                chapter: self
                    .chapters
                    .get(code.hs6.get(..2).unwrap_or(""))
                    .unwrap_or(&empty),
                negated: &self.negated[doc],
                residual: self.residual[doc],
                hs6: &code.hs6,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> HsTables {
        let code = |hs6: &str, description: &str, section: &str| HsCode {
            hs6: hs6.into(),
            description: description.into(),
            section: section.into(),
        };
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        HsTables {
            codes: vec![
                code("030354", "Mackerel (Scomber scombrus); frozen", "I"),
                code("030359", "Fish; frozen, other", "I"),
                code("081010", "Strawberries; fresh", "II"),
                code("851713", "Telephones; smartphones", "XVI"),
                code("970300", "Sculptures and statuary; original", "XXI"),
            ],
            headings: map(&[
                ("0303", "Fish; frozen, excluding fish fillets"),
                ("0810", "Fruit, fresh; n.e.c."),
                ("8517", "Telephone sets, including smartphones"),
                ("9703", "Original sculptures and statuary"),
            ]),
            chapters: map(&[
                ("03", "Fish and crustaceans"),
                ("08", "Fruit and nuts, edible"),
                ("85", "Electrical machinery and equipment"),
                ("97", "Works of art; collectors' pieces and antiques"),
            ]),
            sections: map(&[("I", "Live animals; animal products")]),
            glossary: vec![
                GlossaryEntry {
                    term: "냉동".into(),
                    lang: "ko".into(),
                    expansion: "frozen".into(),
                },
                GlossaryEntry {
                    term: "고등어".into(),
                    lang: "ko".into(),
                    expansion: "mackerel fish".into(),
                },
                GlossaryEntry {
                    term: "휴대폰".into(),
                    lang: "ko".into(),
                    expansion: "telephones smartphones".into(),
                },
            ],
            params: Bm25Params::default(),
            rerank: None,
        }
    }

    #[test]
    fn korean_and_english_find_the_same_subheading() {
        let m = HsModel::new(tables());
        let s = m
            .suggest(&["냉동 고등어", "frozen mackerel", "휴대폰", "!!!"], 3)
            .expect("suggests");
        assert_eq!(s[0][0].hs6, "030354", "{:?}", s[0]);
        assert_eq!(s[1][0].hs6, "030354", "{:?}", s[1]);
        assert_eq!(s[2][0].hs6, "851713");
        assert!(s[3].is_empty(), "no words, no suggestions");
        assert!(s[0].windows(2).all(|w| w[0].score >= w[1].score));
        assert!(s[0].iter().all(|x| (0.0..1.0).contains(&x.score)));
    }

    #[test]
    fn a_declared_code_ranks_against_its_description() {
        let m = HsModel::new(tables());
        let a = m
            .agreement("frozen mackerel", "030354")
            .expect("known words");
        assert_eq!((a.rank, a.top_hs6), (0, "030354"));
        assert_eq!(a.score, a.top);
        let wrong = m
            .agreement("frozen mackerel", "970300")
            .expect("known words");
        assert!(wrong.rank >= 2 && wrong.score < wrong.top, "{wrong:?}");
        let unknown = m
            .agreement("frozen mackerel", "999999")
            .expect("known words");
        assert_eq!((unknown.rank, unknown.known), (5, false));
        assert_eq!(m.agreement("!!!", "030354"), None);
    }

    #[test]
    fn an_other_subheading_carries_its_headings_words() {
        let m = HsModel::new(tables());
        let s = m.suggest(&["fish frozen"], 2).expect("suggests");
        assert!(s[0].iter().any(|x| x.hs6 == "030359"), "{:?}", s[0]);
        assert_eq!(m.description("081010"), Some("Strawberries; fresh"));
        assert_eq!(m.description("999999"), None);
    }

    #[test]
    fn tables_round_trip_through_json() {
        let t = tables();
        let json = serde_json::to_string(&t).expect("encodes");
        let m = HsModel::load(&json).expect("loads");
        assert_eq!(m.tables(), &t);
        assert!(HsModel::load("{").is_err());
    }
}
