//! The HS suggestion model's subcommands: `hs-build` (its `tables.json` from the nomenclature,
//! the section names, the glossary and the re-ranker's weights), `hs-features` (the
//! re-ranker's training features) and `hs-eval` (HS2/HS4/HS6 at top 1 and top 5 on labelled
//! queries, in all and per language).

use std::collections::BTreeMap;
use std::path::Path;

use portal_scoring::bm25::Bm25Params;
use portal_scoring::hs::{HsCode, HsModel, HsTables};
use portal_scoring::hs_rerank::{FEATURES, Reranker};
use portal_scoring::text::GlossaryEntry;
use serde::{Deserialize, Serialize};

use super::scoring::load_hs;
use crate::cli::{HsBuildOptions, HsEvalOptions, HsFeaturesOptions};
use crate::data::reference::{read_csv_rows, read_hs};
use crate::error::Error;
use crate::model_files::models_dir;

/// A row of `hs-sections.csv`.
#[derive(Deserialize)]
struct SectionRow {
    #[serde(alias = "\u{feff}section")]
    section: String,
    name: String,
}

/// Queries whose suggestions `hs-build` records in `reference.json` beside the tables, for the
/// native/wasm parity test.
const REFERENCE_QUERIES: [&str; 8] = [
    "휴대폰",
    "냉동 고등어",
    "fresh strawberries",
    "stainless steel kitchen sinks",
    "面包",
    "cà phê rang",
    "laptop computer",
    "타이어",
];

fn write(path: &Path, text: String) -> Result<(), Error> {
    std::fs::write(path, text)
        .map_err(|e| Error::internal(format!("writing {}", path.display()), e))
}

/// `portal hs-build`: writes the model's tables, and `reference.json` beside them.
pub async fn hs_build(opts: HsBuildOptions) -> Result<(), Error> {
    let hs = read_hs(&opts.hs)?;
    let mut codes: Vec<HsCode> = hs
        .subheadings
        .iter()
        .map(|(c, d)| HsCode {
            hs6: c.clone(),
            description: d.clone(),
            section: hs.sections.get(c).cloned().unwrap_or_default(),
        })
        .collect();
    codes.sort_by(|a, b| a.hs6.cmp(&b.hs6));
    let sections = read_csv_rows::<SectionRow>(&opts.sections)?
        .into_iter()
        .map(|r| (r.section, r.name))
        .collect();
    let glossary: Vec<GlossaryEntry> = read_csv_rows(&opts.glossary)?;
    let rerank = match &opts.rerank {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::internal(format!("reading {}", path.display()), e))?;
            let r: Reranker = serde_json::from_str(&text)
                .map_err(|e| Error::internal(format!("reading {}", path.display()), e))?;
            if !r.fits() {
                return Err(Error::internal(
                    format!("{}", path.display()),
                    "the re-ranker's features are not this build's",
                ));
            }
            Some(r)
        }
    };
    let tables = HsTables {
        codes,
        headings: hs.headings.into_iter().collect(),
        chapters: hs.chapters.into_iter().collect(),
        sections,
        glossary,
        params: Bm25Params::default(),
        rerank,
    };
    let json = serde_json::to_string(&tables).map_err(|e| Error::internal("encoding", e))?;
    write(&opts.out, json)?;
    let model = HsModel::new(tables.clone());
    let found = model
        .suggest(&REFERENCE_QUERIES, 5)
        .map_err(|e| Error::internal("running the HS model", e))?;
    let queries: Vec<_> = REFERENCE_QUERIES
        .iter()
        .zip(found)
        .map(|(text, s)| {
            let top: Vec<(String, f32)> = s.into_iter().map(|x| (x.hs6, x.score)).collect();
            serde_json::json!({ "text": text, "top": top })
        })
        .collect();
    let reference = serde_json::json!({ "tolerance": 1e-5, "queries": queries });
    write(
        &opts.out.with_file_name("reference.json"),
        serde_json::to_string_pretty(&reference).map_err(|e| Error::internal("encoding", e))?,
    )?;
    println!(
        "codes\t{}\nheadings\t{}\nglossary\t{}",
        tables.codes.len(),
        tables.headings.len(),
        tables.glossary.len()
    );
    Ok(())
}

/// `portal hs-features`: for each labelled query, BM25F's candidates with the re-ranker's
/// features and whether each is the reference.
pub async fn hs_features(opts: HsFeaturesOptions) -> Result<(), Error> {
    let queries: Vec<LabelledQuery> = read_csv_rows(&opts.queries)?;
    let model = load_hs(&models_dir(opts.models_dir))?;
    let fail = |e: csv::Error| Error::internal(format!("writing {}", opts.out.display()), e);
    let mut out = csv::Writer::from_path(&opts.out).map_err(fail)?;
    let mut header = vec!["query", "rank", "hs6", "label"];
    header.extend(FEATURES);
    out.write_record(&header).map_err(fail)?;
    for (i, q) in queries.iter().enumerate() {
        for (rank, (hs6, x)) in model.candidates(&q.text).into_iter().enumerate() {
            let mut row = vec![
                i.to_string(),
                rank.to_string(),
                hs6.to_owned(),
                u8::from(hs6 == q.hs6).to_string(),
            ];
            row.extend(x.iter().map(f32::to_string));
            out.write_record(&row).map_err(fail)?;
        }
    }
    out.flush()
        .map_err(|e| Error::internal(format!("writing {}", opts.out.display()), e))?;
    println!("queries\t{}", queries.len());
    Ok(())
}

/// A labelled query.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledQuery {
    /// The description.
    pub text: String,
    /// The reference subheading.
    pub hs6: String,
    /// Its language, where the file says.
    #[serde(default)]
    pub lang: String,
}

/// Share of queries whose reference is matched at HS2, HS4 and HS6, first and in the top 5.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Hits {
    /// Queries.
    pub queries: usize,
    /// Chapter of the first suggestion right.
    pub hs2_top1: f64,
    /// Chapter among the top 5.
    pub hs2_top5: f64,
    /// Heading of the first suggestion right.
    pub hs4_top1: f64,
    /// Heading among the top 5.
    pub hs4_top5: f64,
    /// First suggestion right.
    pub hs6_top1: f64,
    /// Subheading among the top 5.
    pub hs6_top5: f64,
}

/// The figures of an evaluation: in all and per language.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Every query.
    pub all: Hits,
    /// Per language.
    pub by_lang: BTreeMap<String, Hits>,
}

/// Counts of matches before they become shares.
#[derive(Default)]
struct Tally {
    n: usize,
    hit: [usize; 6],
}

impl Tally {
    fn add(&mut self, reference: &str, top: &[String]) {
        self.n += 1;
        for (k, digits) in [2, 4, 6].into_iter().enumerate() {
            let same = |c: &String| c.get(..digits) == reference.get(..digits);
            self.hit[2 * k] += usize::from(top.first().is_some_and(same));
            self.hit[2 * k + 1] += usize::from(top.iter().take(5).any(same));
        }
    }

    fn hits(&self) -> Hits {
        let share = |i: usize| self.hit[i] as f64 / self.n.max(1) as f64;
        Hits {
            queries: self.n,
            hs2_top1: share(0),
            hs2_top5: share(1),
            hs4_top1: share(2),
            hs4_top5: share(3),
            hs6_top1: share(4),
            hs6_top5: share(5),
        }
    }
}

/// Evaluates `model` on `queries`; `miss` hears each query whose heading is not in the top 5.
pub fn evaluate(
    model: &HsModel,
    queries: &[LabelledQuery],
    mut miss: impl FnMut(&LabelledQuery, &[String]),
) -> Result<Figures, Error> {
    let texts: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    let found = model
        .suggest(&texts, 5)
        .map_err(|e| Error::internal("running the HS model", e))?;
    let mut all = Tally::default();
    let mut by_lang: BTreeMap<String, Tally> = BTreeMap::new();
    for (q, s) in queries.iter().zip(found) {
        let top: Vec<String> = s.into_iter().map(|x| x.hs6).collect();
        all.add(&q.hs6, &top);
        by_lang.entry(q.lang.clone()).or_default().add(&q.hs6, &top);
        if !top.iter().any(|c| c.get(..4) == q.hs6.get(..4)) {
            miss(q, &top);
        }
    }
    Ok(Figures {
        all: all.hits(),
        by_lang: by_lang.into_iter().map(|(l, t)| (l, t.hits())).collect(),
    })
}

/// `portal hs-eval`: prints the figures (and the misses with `--misses`).
pub async fn hs_eval(opts: HsEvalOptions) -> Result<(), Error> {
    let queries: Vec<LabelledQuery> = read_csv_rows(&opts.queries)?;
    let model = load_hs(&models_dir(opts.models_dir))?;
    let figures = evaluate(&model, &queries, |q, top| {
        if opts.misses {
            println!("miss\t{}\t{}\t{}\t{}", q.lang, q.text, q.hs6, top.join(" "));
        }
    })?;
    println!("lang\tqueries\ths2@1\ths2@5\ths4@1\ths4@5\ths6@1\ths6@5");
    let row = |lang: &str, h: &Hits| {
        println!(
            "{lang}\t{}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}",
            h.queries, h.hs2_top1, h.hs2_top5, h.hs4_top1, h.hs4_top5, h.hs6_top1, h.hs6_top5
        );
    };
    row("all", &figures.all);
    for (lang, h) in &figures.by_lang {
        row(lang, h);
    }
    if let Some(path) = &opts.json {
        super::write_figures(path, &figures)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_match_at_each_level() {
        let mut t = Tally::default();
        let top = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        t.add("030354", &top(&["030355", "030354"]));
        t.add("081010", &top(&["200880"]));
        t.add("851713", &[]);
        let h = t.hits();
        assert_eq!(h.queries, 3);
        assert!((h.hs2_top1 - 1.0 / 3.0).abs() < 1e-9);
        assert!((h.hs4_top1 - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(h.hs6_top1, 0.0);
        assert!((h.hs6_top5 - 1.0 / 3.0).abs() < 1e-9);
        assert!((h.hs2_top5 - 1.0 / 3.0).abs() < 1e-9);
    }
}
