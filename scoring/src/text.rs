//! The only text tokenizer of the HS suggestion model: item descriptions (in English, Korean,
//! Chinese, Japanese, Vietnamese or Thai) and the nomenclature into the same English terms.
//!
//! Text is lower-cased. Glossary terms are found first, longest first at each position (so
//! `자동차` is a car, not `차` tea; `냉동고등어를` finds `냉동` and `고등어` whatever particle
//! follows; a Latin-script term only matches whole words), and each stands for its English
//! nomenclature words. What is left is split into words on anything that is not a letter or digit.
//! Stopwords are dropped and English plurals reduced (`tomatoes` → `tomato`), for the
//! nomenclature and the query alike.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One glossary row: a term as traders write it and the nomenclature words it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlossaryEntry {
    /// The term, as written (matched lower-cased).
    pub term: String,
    /// Its language (`ko`, `en`, `zh`, `ja`, `vi`, `th`).
    pub lang: String,
    /// Space-separated English words of the nomenclature.
    pub expansion: String,
}

/// Words of the nomenclature that say nothing about the goods.
const STOPWORDS: &[&str] = &[
    "of",
    "and",
    "or",
    "the",
    "for",
    "with",
    "in",
    "not",
    "other",
    "than",
    "whether",
    "nec",
    "n",
    "e",
    "c",
    "a",
    "an",
    "to",
    "by",
    "its",
    "their",
    "including",
    "excluding",
    "item",
    "items",
    "no",
    "heading",
    "subheading",
    "but",
    "on",
    "as",
    "from",
    "be",
    "which",
    "whose",
    "this",
    "that",
    "these",
    "those",
    "such",
];

/// The glossary as the tokenizer looks it up.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// Lower-cased term → its nomenclature words, split and reduced as the nomenclature's own.
    terms: HashMap<String, Vec<String>>,
    /// The longest term, in characters.
    longest: usize,
}

impl Glossary {
    /// The lookup of `entries` (a later entry of the same term wins).
    pub fn new(entries: &[GlossaryEntry]) -> Glossary {
        let mut terms = HashMap::new();
        let mut longest = 0;
        for e in entries {
            let term = e.term.trim().to_lowercase();
            if term.is_empty() {
                continue;
            }
            longest = longest.max(term.chars().count());
            let words = e
                .expansion
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(stem)
                .collect();
            terms.insert(term, words);
        }
        Glossary { terms, longest }
    }

    /// The longest term at `chars[i..]` and its length in characters, if any. A term that
    /// starts (ends) with a Latin letter or digit only matches where no Latin letter or digit
    /// comes before (after) it: `tv` is not in `atv`, Vietnamese `khô` not in `không`, but
    /// `t恤` is in `纯棉t恤`.
    fn longest_at(&self, chars: &[char], i: usize) -> Option<(&[String], usize)> {
        if latin(chars[i]) && i > 0 && latin(chars[i - 1]) {
            return None;
        }
        let max = self.longest.min(chars.len() - i);
        (1..=max).rev().find_map(|len| {
            let end = i + len;
            if latin(chars[end - 1]) && end < chars.len() && latin(chars[end]) {
                return None;
            }
            let candidate: String = chars[i..end].iter().collect();
            self.terms.get(&candidate).map(|w| (w.as_slice(), len))
        })
    }
}

/// A letter or digit of the Latin script (ASCII, Latin-1, Latin Extended and the Vietnamese
/// letters of Latin Extended Additional).
fn latin(c: char) -> bool {
    c.is_alphanumeric()
        && (c.is_ascii()
            || ('\u{c0}'..='\u{24f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c))
}

/// An English word reduced to its singular (`tomatoes` → `tomato`, `berries` → `berry`); other
/// words as they are.
pub fn stem(word: &str) -> String {
    let w = word;
    if w.chars().count() <= 3 || !w.is_ascii() {
        return w.to_owned();
    }
    if let Some(base) = w.strip_suffix("ies").filter(|b| b.len() > 1) {
        return format!("{base}y");
    }
    for suffix in ["ches", "shes", "sses", "xes", "oes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_owned();
        }
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].to_owned();
    }
    w.to_owned()
}

/// The terms of `text`: glossary expansions, then the remaining words, stopwords dropped and
/// plurals reduced.
pub fn terms(text: &str, glossary: &Glossary) -> Vec<String> {
    let chars: Vec<char> = text.to_lowercase().chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut rest = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        match glossary.longest_at(&chars, i) {
            Some((words, len)) => {
                out.extend(words.iter().cloned());
                rest.push(' ');
                i += len;
            }
            None => {
                rest.push(chars[i]);
                i += 1;
            }
        }
    }
    out.extend(
        rest.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(stem),
    );
    out.retain(|w| !STOPWORDS.contains(&w.as_str()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        let e = |term: &str, expansion: &str| GlossaryEntry {
            term: term.into(),
            lang: "ko".into(),
            expansion: expansion.into(),
        };
        Glossary::new(&[
            e("차", "tea"),
            e("자동차", "motor cars vehicles"),
            e("냉동", "frozen"),
            e("고등어", "mackerel"),
            e("tv", "television reception apparatus"),
            e("cá thu", "mackerel"),
            e("khô", "dried"),
            e("t恤", "t-shirts"),
        ])
    }

    #[test]
    fn the_longest_term_wins_and_particles_do_not_matter() {
        let g = glossary();
        assert_eq!(terms("자동차", &g), ["motor", "car", "vehicle"]);
        assert_eq!(terms("냉동고등어를", &g), ["frozen", "mackerel", "를"]);
        assert_eq!(terms("녹차", &g), ["tea", "녹"]);
        assert_eq!(terms("Cá thu đông lạnh", &g), ["mackerel", "đông", "lạnh"]);
    }

    #[test]
    fn latin_terms_match_whole_words_only() {
        let g = glossary();
        assert_eq!(
            terms("TV set", &g),
            ["television", "reception", "apparatus", "set"]
        );
        assert_eq!(terms("tvs", &g), ["tvs"]);
        assert_eq!(terms("atv", &g), ["atv"]);
        assert_eq!(terms("cá thu không", &g), ["mackerel", "không"]);
        assert_eq!(terms("cá khô", &g), ["dried", "cá"]);
        assert_eq!(terms("纯棉t恤", &g), ["t", "shirt", "纯棉"]);
    }

    #[test]
    fn stopwords_go_and_plurals_are_reduced() {
        let g = Glossary::default();
        assert_eq!(
            terms("Tomatoes, fresh or chilled; other than cherries", &g),
            ["tomato", "fresh", "chilled", "cherry"]
        );
        assert_eq!(stem("glass"), "glass");
        assert_eq!(stem("boxes"), "box");
        assert_eq!(stem("asparagus"), "asparagus");
        assert!(terms("", &g).is_empty() && terms("!!!", &g).is_empty());
    }
}
