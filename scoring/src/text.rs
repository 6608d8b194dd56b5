//! The only text encoder of the HS suggestion model: item descriptions (Korean or English) into
//! hashed, idf-weighted, L2-normalised vectors.
//!
//! Text is lower-cased and split into words (any Unicode letters or digits). Korean trade terms
//! found in a word are expanded with their English equivalents from [`GLOSSARY`] (the HS
//! nomenclature is English), so `휴대폰 케이스` finds the same codes as `mobile phone case`.
//! Each word contributes itself and its character trigrams (with `<` `>` word boundaries), hashed
//! (FNV-1a) into [`DIMS`] buckets; counts are weighted `ln(1 + tf) × idf` and normalised.

use serde::{Deserialize, Serialize};

/// Hash buckets of the text vector.
pub const DIMS: usize = 8192;

/// Korean trade terms and the English words of the nomenclature they stand for.
pub const GLOSSARY: &[(&str, &str)] = &[
    ("휴대폰", "telephone smartphones cellular wireless"),
    ("핸드폰", "telephone smartphones cellular wireless"),
    ("스마트폰", "smartphones telephone cellular"),
    ("전화기", "telephone sets"),
    (
        "노트북",
        "portable automatic data processing machines laptop",
    ),
    ("컴퓨터", "automatic data processing machines"),
    ("모니터", "monitors display"),
    ("반도체", "semiconductor devices integrated circuits"),
    ("집적회로", "electronic integrated circuits"),
    ("배터리", "accumulators batteries lithium-ion"),
    ("전지", "batteries cells accumulators"),
    ("충전기", "static converters chargers"),
    ("케이블", "insulated wire cable conductors"),
    ("자동차", "motor cars vehicles"),
    ("타이어", "new pneumatic tyres rubber"),
    ("부품", "parts"),
    ("엔진", "engines"),
    ("신발", "footwear"),
    ("운동화", "footwear sports outer soles rubber"),
    ("가방", "handbags trunks suitcases bags"),
    ("의류", "apparel clothing garments"),
    ("티셔츠", "t-shirts singlets knitted"),
    ("셔츠", "shirts"),
    ("바지", "trousers"),
    ("자켓", "jackets"),
    ("재킷", "jackets"),
    ("코트", "overcoats coats"),
    ("스웨터", "jerseys pullovers sweaters knitted"),
    ("양말", "socks hosiery"),
    ("장갑", "gloves mittens"),
    ("모자", "hats headgear"),
    ("면", "cotton"),
    ("면직물", "woven fabrics cotton"),
    ("가죽", "leather"),
    ("플라스틱", "plastics"),
    ("고무", "rubber"),
    ("유리", "glass"),
    ("철강", "iron steel"),
    ("강철", "steel"),
    ("알루미늄", "aluminium"),
    ("구리", "copper"),
    ("목재", "wood"),
    ("가구", "furniture"),
    ("의자", "seats chairs"),
    ("장난감", "toys"),
    ("완구", "toys"),
    ("화장품", "beauty make-up preparations skin care"),
    ("향수", "perfumes toilet waters"),
    ("의약품", "medicaments"),
    ("비타민", "vitamins"),
    ("소고기", "meat bovine animals"),
    ("쇠고기", "meat bovine animals"),
    ("돼지고기", "meat swine"),
    ("닭고기", "meat poultry fowls"),
    ("새우", "shrimps prawns crustaceans"),
    ("생선", "fish"),
    ("연어", "salmon fish"),
    ("커피", "coffee"),
    ("차", "tea"),
    ("와인", "wine grapes"),
    ("포도주", "wine grapes"),
    ("맥주", "beer malt"),
    ("위스키", "whiskies spirits"),
    ("담배", "cigarettes tobacco"),
    ("과자", "biscuits bakers wares"),
    ("초콜릿", "chocolate cocoa"),
    ("설탕", "sugar"),
    ("쌀", "rice"),
    ("밀", "wheat"),
    ("옥수수", "maize corn"),
    ("대두", "soya beans"),
    ("바나나", "bananas"),
    ("오렌지", "oranges citrus"),
    ("시계", "watches clocks"),
    ("안경", "spectacles"),
    ("카메라", "cameras"),
    ("텔레비전", "television receivers"),
    ("냉장고", "refrigerators freezers"),
    ("세탁기", "washing machines household laundry"),
    ("에어컨", "air conditioning machines"),
    ("선풍기", "fans"),
    ("조명", "lamps lighting fittings"),
    ("발광다이오드", "light-emitting diodes led"),
    ("태양광", "photovoltaic cells solar"),
    ("펌프", "pumps"),
    ("밸브", "taps cocks valves"),
    ("베어링", "bearings ball roller"),
    ("기계", "machines machinery"),
    ("공구", "tools hand"),
    ("자전거", "bicycles cycles"),
    ("원유", "petroleum oils crude"),
    ("석유", "petroleum oils"),
    ("석탄", "coal"),
    ("천연가스", "natural gas petroleum gases"),
    ("비료", "fertilisers"),
    ("종이", "paper paperboard"),
    ("책", "printed books"),
    ("보석", "precious stones jewellery"),
    ("금", "gold"),
    ("은", "silver"),
];

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
];

/// Words of `text`: lower-cased, split on anything that is not a letter or digit, stopwords
/// dropped, Korean terms expanded with their English glossary words.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if STOPWORDS.contains(&w) {
            continue;
        }
        out.push(w.to_owned());
        if w.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)) {
            for (ko, en) in GLOSSARY {
                if w.contains(ko) {
                    out.extend(en.split(' ').map(str::to_owned));
                }
            }
        }
    }
    out
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hash buckets of `text`'s features (words and character trigrams), with repeats.
pub fn buckets(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for w in words(text) {
        out.push((fnv1a(format!("w:{w}").as_bytes()) % DIMS as u64) as usize);
        let chars: Vec<char> = format!("<{w}>").chars().collect();
        for g in chars.windows(3) {
            let gram: String = g.iter().collect();
            out.push((fnv1a(format!("g:{gram}").as_bytes()) % DIMS as u64) as usize);
        }
    }
    out
}

/// Term counts of `text` per bucket (sparse: bucket, count), buckets ascending.
pub fn counts(text: &str) -> Vec<(usize, f32)> {
    let mut b = buckets(text);
    b.sort_unstable();
    let mut out: Vec<(usize, f32)> = Vec::new();
    for i in b {
        match out.last_mut() {
            Some((j, n)) if *j == i => *n += 1.0,
            _ => out.push((i, 1.0)),
        }
    }
    out
}

/// The idf weights learned from the class documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vectorizer {
    /// `ln((1 + docs) / (1 + df)) + 1` per bucket.
    pub idf: Vec<f32>,
}

impl Vectorizer {
    /// Learns idf weights from `docs`.
    pub fn fit<'a>(docs: impl IntoIterator<Item = &'a str>) -> Vectorizer {
        let mut df = vec![0u32; DIMS];
        let mut n = 0u32;
        for d in docs {
            n += 1;
            for (b, _) in counts(d) {
                df[b] += 1;
            }
        }
        Vectorizer {
            idf: df
                .iter()
                .map(|d| ((1.0 + n as f32) / (1.0 + *d as f32)).ln() + 1.0)
                .collect(),
        }
    }

    /// The sparse weighted, L2-normalised vector of `text` (empty when it has no words).
    pub fn sparse(&self, text: &str) -> Vec<(usize, f32)> {
        let mut v: Vec<(usize, f32)> = counts(text)
            .into_iter()
            .map(|(b, n)| (b, n.ln_1p() * self.idf.get(b).copied().unwrap_or(1.0)))
            .collect();
        let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, x)| *x /= norm);
        }
        v
    }

    /// The dense vector of `text` appended to `out` ([`DIMS`] values).
    pub fn dense_into(&self, text: &str, out: &mut Vec<f32>) {
        let start = out.len();
        out.resize(start + DIMS, 0.0);
        for (b, x) in self.sparse(text) {
            out[start + b] = x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_terms_expand_to_nomenclature_words() {
        let w = words("중국산 휴대폰케이스, Model X-100");
        assert!(w.contains(&"smartphones".to_owned()), "{w:?}");
        assert!(w.contains(&"x".to_owned()) && w.contains(&"100".to_owned()));
        assert!(
            words("Telephone sets; other than smartphones")
                .iter()
                .all(|x| x != "other" && x != "than")
        );
        assert!(words("").is_empty());
    }

    #[test]
    fn vectors_are_normalised_and_similar_texts_are_close() {
        let docs = [
            "Telephone sets; smartphones for cellular networks",
            "Footwear; with outer soles of rubber",
            "Coffee; not roasted",
        ];
        let v = Vectorizer::fit(docs);
        let cos = |a: &str, b: &str| {
            let (x, y) = (v.sparse(a), v.sparse(b));
            x.iter()
                .map(|(i, p)| y.iter().find(|(j, _)| j == i).map_or(0.0, |(_, q)| p * q))
                .sum::<f32>()
        };
        let self_sim = cos(docs[0], docs[0]);
        assert!((self_sim - 1.0).abs() < 1e-5);
        assert!(cos("스마트폰", docs[0]) > cos("스마트폰", docs[1]));
        assert!(cos("rubber sneakers", docs[1]) > cos("rubber sneakers", docs[2]));
        let mut dense = Vec::new();
        v.dense_into("coffee beans", &mut dense);
        assert_eq!(dense.len(), DIMS);
        assert!(v.sparse("!!!").is_empty());
    }
}
