//! BM25F ranking over an inverted index of documents made of weighted fields.
//!
//! A term's frequency in a document is the weighted sum over fields of its count, each
//! normalised by the field's length against the field's mean length (`b`); the document's score
//! is the sum over the query's distinct terms of `idf × tf × (k1 + 1) / (tf + k1)` (Robertson and
//! Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// Fields per document.
pub const DOC_FIELDS: usize = 4;

/// The ranking's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bm25Params {
    /// Term-frequency saturation.
    pub k1: f32,
    /// Length normalisation, 0 (none) to 1 (full).
    pub b: f32,
    /// Weight of each field.
    pub weights: [f32; DOC_FIELDS],
}

impl Default for Bm25Params {
    fn default() -> Self {
        Bm25Params {
            k1: 1.2,
            b: 0.75,
            weights: [3.0, 1.5, 0.5, 0.2],
        }
    }
}

/// Documents indexed by term.
#[derive(Debug, Clone, Default)]
pub struct Bm25Index {
    /// Term → (document, weighted normalised frequency), documents ascending.
    postings: HashMap<String, Vec<(u32, f32)>>,
    /// Term → inverse document frequency.
    idf: HashMap<String, f32>,
    docs: usize,
    params: Bm25Params,
}

impl Bm25Index {
    /// Indexes `docs`, each given as the terms of its fields.
    pub fn build<'a>(
        docs: impl IntoIterator<Item = [&'a [String]; DOC_FIELDS]>,
        params: Bm25Params,
    ) -> Bm25Index {
        let docs: Vec<[&[String]; DOC_FIELDS]> = docs.into_iter().collect();
        let n = docs.len();
        let mut mean = [0f32; DOC_FIELDS];
        for d in &docs {
            for (m, f) in mean.iter_mut().zip(d) {
                *m += f.len() as f32;
            }
        }
        mean.iter_mut()
            .for_each(|m| *m = (*m / n.max(1) as f32).max(1.0));
        let mut postings: HashMap<String, Vec<(u32, f32)>> = HashMap::new();
        for (doc, fields) in docs.iter().enumerate() {
            let mut tf: HashMap<&str, f32> = HashMap::new();
            for (f, words) in fields.iter().enumerate() {
                let norm = 1.0 - params.b + params.b * words.len() as f32 / mean[f];
                for w in words.iter() {
                    *tf.entry(w.as_str()).or_default() += params.weights[f] / norm;
                }
            }
            for (w, x) in tf {
                postings
                    .entry(w.to_owned())
                    .or_default()
                    .push((doc as u32, x));
            }
        }
        let idf = postings
            .iter()
            .map(|(w, p)| {
                let df = p.len() as f32;
                (w.clone(), (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln())
            })
            .collect();
        Bm25Index {
            postings,
            idf,
            docs: n,
            params,
        }
    }

    /// The inverse document frequency of `term`, if any document has it.
    pub fn idf(&self, term: &str) -> Option<f32> {
        self.idf.get(term).copied()
    }

    /// Every document's score for the query's terms over the most those terms could score
    /// (in [0, 1)), by document; `None` when no term is known.
    pub fn scores(&self, query: &[String]) -> Option<Vec<f32>> {
        let k1 = self.params.k1;
        let mut scores = vec![0f32; self.docs];
        let mut best = 0f32;
        let mut seen = HashSet::new();
        for t in query {
            let (Some(idf), Some(posting)) = (self.idf.get(t), self.postings.get(t)) else {
                continue;
            };
            if !seen.insert(t) {
                continue;
            }
            best += idf * (k1 + 1.0);
            for (doc, tf) in posting {
                scores[*doc as usize] += idf * tf * (k1 + 1.0) / (tf + k1);
            }
        }
        if best <= 0.0 {
            return None;
        }
        scores.iter_mut().for_each(|s| *s /= best);
        Some(scores)
    }

    /// The `top` best documents for the query's terms with their scores ([`Bm25Index::scores`]),
    /// best first, ties by document order; none when no term is known.
    pub fn search(&self, query: &[String], top: usize) -> Vec<(usize, f32)> {
        let Some(scores) = self.scores(query) else {
            return Vec::new();
        };
        let mut hits: Vec<(usize, f32)> = scores
            .into_iter()
            .enumerate()
            .filter(|(_, s)| *s > 0.0)
            .collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.truncate(top);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(fields: [&str; DOC_FIELDS]) -> [Vec<String>; DOC_FIELDS] {
        fields.map(|f| f.split_whitespace().map(str::to_owned).collect())
    }

    fn index(docs: &[[Vec<String>; DOC_FIELDS]]) -> Bm25Index {
        Bm25Index::build(
            docs.iter().map(|d| d.each_ref().map(Vec::as_slice)),
            Bm25Params::default(),
        )
    }

    fn q(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn rare_terms_and_the_first_field_weigh_most() {
        let index = index(&[
            doc(["mackerel frozen", "fish frozen", "fish", "animal"]),
            doc(["other", "fish frozen", "fish", "animal"]),
            doc(["strawberry fresh", "fruit fresh", "fruit", "vegetable"]),
            doc([
                "mackerel prepared",
                "prepared fish",
                "fish prepared",
                "food",
            ]),
        ]);
        let hits = index.search(&q("frozen mackerel"), 10);
        assert_eq!(hits[0].0, 0, "{hits:?}");
        assert!(hits.iter().all(|(_, s)| (0.0..1.0).contains(s)));
        assert!(hits.windows(2).all(|w| w[0].1 >= w[1].1));
        assert!(!hits.iter().any(|(d, _)| *d == 2), "no shared term, no hit");
        assert_eq!(index.search(&q("fish frozen"), 1)[0].0, 0);
        assert!(index.search(&q("unknown words"), 5).is_empty());
        assert_eq!(index.search(&q("fish"), 2).len(), 2);
    }

    #[test]
    fn a_repeated_query_term_counts_once() {
        let index = index(&[doc(["a b", "", "", ""]), doc(["b", "", "", ""])]);
        assert_eq!(index.search(&q("a b"), 2), index.search(&q("a a b b"), 2));
    }
}
