//! The HS suggestion model's re-ranker: BM25F's best candidates scored again by a logistic
//! model over features of the (description, subheading) pair that BM25F does not weigh — how
//! much of the description each of the code's fields explains, how much of the code's own text
//! the description explains, whether the code is a residual ("other", "n.e.c.") line, how
//! strongly the candidates agree on its heading and chapter, whether the description's head noun
//! (the last word before a comma, a bracket or "for") is in the code's own text or heading, how
//! much of what sets the code apart from its heading the description names (and how it compares
//! with the code's siblings among the candidates), whether the description names what the code
//! excludes ("other than crude", "neither crushed nor ground"), and whether the code is for parts
//! when the description does not ask for parts. The weights are learned by
//! `models/hs/train_rerank.py` on labelled pairs that are not the evaluation set.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// The features, in the order the weights are stored.
pub const FEATURES: [&str; 18] = [
    "bm25",
    "bm25_rel",
    "log_rank",
    "own_cover",
    "heading_cover",
    "chapter_cover",
    "own_explained",
    "residual",
    "heading_vote",
    "chapter_vote",
    "head_own",
    "head_heading",
    "distinct_hit",
    "distinct_miss",
    "negated_hit",
    "parts_unasked",
    "own_cover_gap",
    "distinct_gap",
];

/// Candidates re-ranked when the tables carry no depth.
pub const DEFAULT_DEPTH: usize = 50;

/// One candidate's features.
pub type Features = [f32; FEATURES.len()];

/// A fitted re-ranker (`rerank` in `tables.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reranker {
    /// BM25F's best `depth` candidates are re-ranked; the rest keep BM25F's order after them.
    pub depth: usize,
    /// [`FEATURES`], as the weights were fitted (checked when the model loads).
    pub features: Vec<String>,
    /// Feature means subtracted before the weights.
    pub mean: Vec<f32>,
    /// Feature scales divided by before the weights.
    pub scale: Vec<f32>,
    /// The logistic model's weights.
    pub weights: Vec<f32>,
    /// Its intercept.
    pub bias: f32,
}

impl Reranker {
    /// Whether the stored features and vectors are the ones this build computes.
    pub fn fits(&self) -> bool {
        let n = FEATURES.len();
        self.features.iter().map(String::as_str).eq(FEATURES)
            && self.mean.len() == n
            && self.scale.len() == n
            && self.weights.len() == n
            && self.scale.iter().all(|s| s.is_finite() && *s > 0.0)
    }

    /// The probability that a candidate is the right subheading.
    pub fn score(&self, x: &Features) -> f32 {
        let z = x
            .iter()
            .zip(&self.mean)
            .zip(&self.scale)
            .zip(&self.weights)
            .fold(self.bias, |z, (((x, m), s), w)| z + w * (x - m) / s);
        1.0 / (1.0 + (-z).exp())
    }
}

/// The words of one candidate, as the tokenizer gave them.
pub struct CandidateText<'a> {
    /// The subheading's own text.
    pub own: &'a HashSet<String>,
    /// Its heading's.
    pub heading: &'a HashSet<String>,
    /// Its chapter's.
    pub chapter: &'a HashSet<String>,
    /// Words its own text excludes ("other than X", "not X", "excluding X"…), see
    /// [`negated_part`].
    pub negated: &'a HashSet<String>,
    /// Whether it is a residual line: code ending in 9, "other than" or "n.e.c." in its text.
    pub residual: bool,
    /// Its six-digit code.
    pub hs6: &'a str,
}

/// The query as the features see it: its distinct known terms and its head terms, each with
/// its inverse document frequency.
pub struct QueryTerms {
    /// Distinct terms the index knows, with their idf.
    pub terms: Vec<(String, f32)>,
    /// The head noun's terms (a subset of `terms`; all of them when no head was found).
    pub head: Vec<(String, f32)>,
}

/// The part of a description that names the goods: before the first comma, bracket,
/// semicolon or " for "/" used "; its last word is the head noun in English and in spaced
/// Korean ("트럭용 타이어").
pub fn head_part(text: &str) -> &str {
    let lower_cut = [" for ", " used ", " suitable "]
        .iter()
        .filter_map(|w| find_ascii_ci(text, w))
        .min();
    let punct = text.find([',', '(', ';', '/', '（', '，']);
    let end = [lower_cut, punct].into_iter().flatten().min();
    match end {
        Some(0) | None => text,
        Some(e) => &text[..e],
    }
}

/// Byte offset of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Cues after which a subheading's text names what it excludes, up to the next comma,
/// semicolon or bracket.
const NEGATIONS: [&str; 7] = [
    "other than ",
    "excluding ",
    "not ",
    "neither ",
    " nor ",
    "without ",
    "except ",
];

/// The parts of a subheading's text that name what it excludes, and the rest:
/// `("crude", "Vegetable oils; palm oil, ")` for "Vegetable oils; palm oil, other than crude".
pub fn negated_part(description: &str) -> (String, String) {
    let lower = description.to_lowercase();
    let (mut negated, mut rest) = (String::new(), String::new());
    let mut at = 0;
    while at < lower.len() {
        let cue = NEGATIONS
            .iter()
            .filter_map(|c| lower[at..].find(c).map(|i| (at + i, at + i + c.len())))
            .min();
        let Some((start, end)) = cue else {
            rest.push_str(&lower[at..]);
            break;
        };
        rest.push_str(&lower[at..start]);
        let stop = lower[end..]
            .find([',', ';', ')', '('])
            .map_or(lower.len(), |i| end + i);
        negated.push_str(&lower[end..stop]);
        negated.push(' ');
        at = stop;
    }
    (negated, rest)
}

/// The idf-weighted share of `terms` in any of `fields`.
fn cover_any(terms: &[(String, f32)], fields: &[&HashSet<String>]) -> f32 {
    let total: f32 = terms.iter().map(|(_, idf)| idf).sum();
    if total <= 0.0 {
        return 0.0;
    }
    terms
        .iter()
        .filter(|(t, _)| fields.iter().any(|f| f.contains(t)))
        .map(|(_, idf)| idf)
        .sum::<f32>()
        / total
}

/// The idf-weighted share of `terms` in `field`.
fn cover(terms: &[(String, f32)], field: &HashSet<String>) -> f32 {
    cover_any(terms, &[field])
}

/// Features of BM25F's `candidates` (best first, with their scores) for the query `q`;
/// `text(i)` gives the words of the candidate `candidates[i]`.
pub fn features<'a>(
    q: &QueryTerms,
    candidates: &[(usize, f32)],
    text: impl Fn(usize) -> CandidateText<'a>,
) -> Vec<Features> {
    let texts: Vec<CandidateText<'a>> = (0..candidates.len()).map(&text).collect();
    let top = candidates.first().map_or(0.0, |c| c.1);
    let total: f32 = candidates.iter().map(|c| c.1).sum();
    let vote = |i: usize, digits: usize| -> f32 {
        let key = texts[i].hs6.get(..digits);
        let same: f32 = candidates
            .iter()
            .zip(&texts)
            .filter(|(_, t)| t.hs6.get(..digits) == key)
            .map(|(c, _)| c.1)
            .sum();
        if total > 0.0 { same / total } else { 0.0 }
    };
    let query: HashSet<&str> = q.terms.iter().map(|(t, _)| t.as_str()).collect();
    let asks_parts = query.contains("part") || query.contains("accessory");
    // What sets each candidate apart from its heading (its own words, less the heading's and
    // what it excludes).
    let distinct: Vec<HashSet<String>> = texts
        .iter()
        .map(|t| {
            t.own
                .iter()
                .filter(|w| !t.heading.contains(*w) && !t.negated.contains(*w))
                .cloned()
                .collect()
        })
        .collect();
    let distinct_hit: Vec<f32> = distinct.iter().map(|d| cover(&q.terms, d)).collect();
    let own_cover: Vec<f32> = texts.iter().map(|t| cover(&q.terms, t.own)).collect();
    let best_own = own_cover.iter().copied().fold(0.0, f32::max);
    let best_distinct_in_heading = |i: usize| -> f32 {
        let key = texts[i].hs6.get(..4);
        texts
            .iter()
            .zip(&distinct_hit)
            .filter(|(t, _)| t.hs6.get(..4) == key)
            .map(|(_, d)| *d)
            .fold(0.0, f32::max)
    };
    candidates
        .iter()
        .zip(&texts)
        .enumerate()
        .map(|(rank, ((_, s), t))| {
            let explained = if t.own.is_empty() {
                0.0
            } else {
                t.own.iter().filter(|w| query.contains(w.as_str())).count() as f32
                    / t.own.len() as f32
            };
            let distinct_miss = if distinct[rank].is_empty() {
                0.0
            } else {
                distinct[rank]
                    .iter()
                    .filter(|w| !query.contains(w.as_str()))
                    .count() as f32
                    / distinct[rank].len() as f32
            };
            let parts = t.own.contains("part") && !asks_parts;
            [
                *s,
                if top > 0.0 { s / top } else { 0.0 },
                (1.0 + rank as f32).ln(),
                own_cover[rank],
                cover(&q.terms, t.heading),
                cover(&q.terms, t.chapter),
                explained,
                f32::from(u8::from(t.residual)),
                vote(rank, 4),
                vote(rank, 2),
                cover(&q.head, t.own),
                cover_any(&q.head, &[t.own, t.heading]),
                distinct_hit[rank],
                distinct_miss,
                cover(&q.terms, t.negated),
                f32::from(u8::from(parts)),
                own_cover[rank] - best_own,
                distinct_hit[rank] - best_distinct_in_heading(rank),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_part_stops_at_commas_brackets_and_for() {
        assert_eq!(head_part("brake pads for trucks"), "brake pads");
        assert_eq!(head_part("smartphone, 128GB"), "smartphone");
        assert_eq!(head_part("타이어 (트럭용)"), "타이어 ");
        assert_eq!(head_part("LED television"), "LED television");
        assert_eq!(head_part("Parts FOR engines"), "Parts");
        assert_eq!(head_part(", odd"), ", odd");
    }

    #[test]
    fn features_see_the_head_noun_and_the_heading_vote() {
        let set = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        let (pads, trucks, empty) = (set(&["brake", "pad"]), set(&["truck"]), set(&[]));
        let none = set(&[]);
        let q = QueryTerms {
            terms: vec![
                ("brake".into(), 1.0),
                ("pad".into(), 2.0),
                ("truck".into(), 1.0),
            ],
            head: vec![("brake".into(), 1.0), ("pad".into(), 2.0)],
        };
        let cands = [(0, 0.6), (1, 0.5)];
        let x = features(&q, &cands, |i| CandidateText {
            own: if i == 0 { &trucks } else { &pads },
            heading: &empty,
            chapter: &empty,
            negated: &none,
            residual: false,
            hs6: if i == 0 { "870421" } else { "870830" },
        });
        assert_eq!(x[0][10], 0.0, "the truck is not the head noun");
        assert_eq!(x[1][10], 1.0);
        assert!((x[1][3] - 0.75).abs() < 1e-6);
        assert!((x[0][8] - 0.6 / 1.1).abs() < 1e-6);
        let r = Reranker {
            depth: 2,
            features: FEATURES.iter().map(|s| s.to_string()).collect(),
            mean: vec![0.0; FEATURES.len()],
            scale: vec![1.0; FEATURES.len()],
            weights: (0..FEATURES.len())
                .map(|i| if i == 10 { 1.0 } else { 0.0 })
                .collect(),
            bias: 0.0,
        };
        assert!(r.fits());
        assert!(r.score(&x[1]) > r.score(&x[0]));
    }

    #[test]
    fn excluded_words_are_split_from_the_rest() {
        let (neg, rest) = negated_part("Vegetable oils; palm oil, other than crude, refined");
        assert_eq!(neg.trim(), "crude");
        assert_eq!(rest, "vegetable oils; palm oil, , refined");
        let (neg, _) = negated_part("Spices; ginger, neither crushed nor ground");
        assert!(neg.contains("crushed") && neg.contains("ground"), "{neg}");
        let (neg, rest) = negated_part("Telephone sets; smartphones");
        assert_eq!(
            (neg.as_str(), rest.as_str()),
            ("", "telephone sets; smartphones")
        );
    }

    #[test]
    fn a_parts_line_and_an_excluded_word_are_seen() {
        let set = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        let (shaver, parts, crude, empty) = (
            set(&["shaver", "motor"]),
            set(&["shaver", "part"]),
            set(&["crude"]),
            set(&[]),
        );
        let q = QueryTerms {
            terms: vec![("shaver".into(), 2.0), ("crude".into(), 1.0)],
            head: vec![("shaver".into(), 2.0)],
        };
        let cands = [(0, 0.6), (1, 0.5)];
        let x = features(&q, &cands, |i| CandidateText {
            own: if i == 0 { &parts } else { &shaver },
            heading: &empty,
            chapter: &empty,
            negated: if i == 0 { &crude } else { &empty },
            residual: false,
            hs6: if i == 0 { "851090" } else { "851010" },
        });
        let at = |name: &str| FEATURES.iter().position(|f| *f == name).unwrap();
        assert_eq!(x[0][at("parts_unasked")], 1.0);
        assert_eq!(x[1][at("parts_unasked")], 0.0);
        assert!((x[0][at("negated_hit")] - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(x[1][at("negated_hit")], 0.0);
    }
}
