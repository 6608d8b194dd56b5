//! A scored extract: the declarations (as a [`Frame`]; for the supply-chain model, manifest
//! lines) with what a model answered for each, and
//! everything the studio and the scored dashboard widgets derive from it — the ranking riskiest
//! first, the labels where the extract has them, the under-valuation flags and the CSV that is
//! attached to requests. Pure logic, tested natively.

use portal_core::dashboard::check_scored;
use portal_core::query::{Filter, OrderBy, QuerySpec, Value};
use portal_core::risk::{risk_score, shortfall, undervalued, value_ratio};
use portal_core::worker::WorkerModel;

use crate::arrow::Frame;
use crate::errors::Problem;
use crate::reasons::Reason;
use crate::worker::{Answer, Request, run_once};

/// Extracts `spec` and runs `model` (one of the scoring models, as a scored widget names it) over it
/// in a worker of its own (the scored dashboard widgets).
pub async fn score_extract(model: &str, spec: &QuerySpec) -> Result<Scored, Problem> {
    let model = check_scored(model, spec).map_err(Problem::Worker)?;
    let bytes = crate::api::extract_arrow(spec).await?;
    let frame = Frame::decode(&bytes).map_err(Problem::Browser)?;
    let request = Request::of(model, &bytes, 0).map_err(Problem::Worker)?;
    let outcome = match run_once(request).await.map_err(Problem::Worker)? {
        Answer::Scored { scores, explained } => Outcome::Fraud { scores, explained },
        Answer::Risked { scores, explained } => Outcome::Risk { scores, explained },
        Answer::Priced(values) => Outcome::Price { values },
        other => return Err(Problem::Worker(format!("unexpected answer {other:?}"))),
    };
    Scored::new(frame, outcome).map_err(Problem::Worker)
}

/// The columns the studio extracts: what the fraud, price and high-risk models read, plus the
/// ground truth where it exists (`fraud`, `critical_fraud`, and the generator's `risk_pattern`
/// and `source`).
pub const COLUMNS: [&str; 28] = [
    "declaration_id",
    "declaration_date",
    "office_id",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "transport_mode",
    "declarant_id",
    "importer_id",
    "seller_id",
    "courier_id",
    "hs6",
    "country_departure",
    "country_origin",
    "tax_rate",
    "tax_type",
    "origin_indicator",
    "net_mass",
    "item_price",
    "quantity",
    "item_description",
    "fta_claim",
    "co_number",
    "fraud",
    "critical_fraud",
    "risk_pattern",
    "source",
];

/// The studio's extract: the newest declarations first (then by declaration number, so that the
/// same spec always picks the same rows), filtered by date range and office.
pub fn extract_spec(from: &str, to: &str, office: &str, limit: Option<u64>) -> QuerySpec {
    let mut filters = Vec::new();
    if !from.is_empty() || !to.is_empty() {
        filters.push(Filter::Range {
            column: "declaration_date".into(),
            min: (!from.is_empty()).then(|| Value::Text(from.to_owned())),
            max: (!to.is_empty()).then(|| Value::Text(to.to_owned())),
        });
    }
    if !office.trim().is_empty() {
        filters.push(Filter::Eq {
            column: "office_id".into(),
            value: Value::Text(office.trim().to_owned()),
        });
    }
    QuerySpec {
        dataset: "import_declaration".into(),
        columns: COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        filters,
        order_by: vec![
            OrderBy {
                column: "declaration_date".into(),
                descending: true,
            },
            OrderBy {
                column: "declaration_id".into(),
                descending: true,
            },
        ],
        limit,
        ..QuerySpec::default()
    }
}

/// The studio form fields (date from, date to, office, limit) of a spec made by
/// [`extract_spec`]; empty where the spec has no such filter.
pub fn form_of(spec: &QuerySpec) -> (String, String, String, String) {
    let text = |v: &Option<Value>| match v {
        Some(Value::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let (mut from, mut to, mut office) = (String::new(), String::new(), String::new());
    for f in &spec.filters {
        match f {
            Filter::Range { column, min, max } if column == "declaration_date" => {
                from = text(min);
                to = text(max);
            }
            Filter::Eq { column, value } if column == "office_id" => {
                office = text(&Some(value.clone()));
            }
            _ => {}
        }
    }
    let limit = spec.limit.map(|l| l.to_string()).unwrap_or_default();
    (from, to, office, limit)
}

/// The studio's address with `model` chosen and the form filled from `spec`.
pub fn studio_link(model: WorkerModel, spec: &QuerySpec) -> String {
    use portal_core::text::percent_encode as enc;
    let (from, to, office, limit) = form_of(spec);
    format!(
        "/scoring?model={}&from={}&to={}&office={}&limit={}",
        model,
        enc(&from),
        enc(&to),
        enc(&office),
        enc(&limit)
    )
}

/// Values per row of the price model's answer.
pub const PRICE_VALUES: usize = 4;

/// The price check of one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceLine {
    /// Expected unit value, KRW/kg.
    pub expected: f32,
    /// Declared unit value, KRW/kg (NaN when unknown).
    pub declared: f32,
    /// Training lines of the same HS6 and origin behind the expectation.
    pub same_origin: u32,
    /// Training lines of the same HS6 (0: the expectation rests on the heading or chapter).
    pub same_hs6: u32,
}

impl PriceLine {
    fn of(v: &[f32]) -> PriceLine {
        PriceLine {
            expected: v[0],
            declared: v[1],
            same_origin: v[2] as u32,
            same_hs6: v[3] as u32,
        }
    }
}

/// What a model answered for an extract.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The fraud model: `[fraud, critical]` per row and reasons for the riskiest rows.
    Fraud {
        /// `[fraud, critical]` per row.
        scores: Vec<f32>,
        /// Row index and (field, effect) pairs.
        explained: Vec<(usize, Vec<(String, f32)>)>,
    },
    /// The high-risk model: P(fraud) per row and reasons for the riskiest rows.
    Risk {
        /// P(fraud) per row.
        scores: Vec<f32>,
        /// Row index and (signal, effect, value) triples.
        explained: Vec<(usize, Vec<Reason>)>,
    },
    /// The supply-chain model: P(fraud) per manifest line and reasons for the riskiest lines.
    Chain {
        /// P(fraud) per line.
        scores: Vec<f32>,
        /// Row index and (combination, lift, hit rate) triples.
        explained: Vec<(usize, Vec<Reason>)>,
    },
    /// The price model: [`PRICE_VALUES`] values per row (see [`PriceLine`]).
    Price {
        /// `[expected, declared, same_origin, same_hs6]` per row.
        values: Vec<f32>,
    },
}

/// An extract and its outcome, with the ranking derived once.
#[derive(Debug, Clone)]
pub struct Scored {
    frame: Frame,
    outcome: Outcome,
    /// The frame's column names (looked up for every cell shown or written).
    names: Vec<String>,
    /// Ranking score per row (see [`Scored::risk`]).
    risk: Vec<f32>,
    /// Rows riskiest first.
    order: Vec<usize>,
    /// Known outcome per row, where the extract has it (see [`Scored::labels`]).
    labels: Option<Vec<bool>>,
}

impl Scored {
    /// Pairs an extract with a model's answer, which must hold exactly the values of every row
    /// (2 per row for the fraud model, 1 for the high-risk model, [`PRICE_VALUES`] for the price
    /// model).
    pub fn new(frame: Frame, outcome: Outcome) -> Result<Scored, String> {
        let (got, per) = match &outcome {
            Outcome::Fraud { scores, .. } => (scores.len(), 2),
            Outcome::Risk { scores, .. } | Outcome::Chain { scores, .. } => (scores.len(), 1),
            Outcome::Price { values } => (values.len(), PRICE_VALUES),
        };
        if got != frame.rows * per {
            return Err(format!(
                "the scoring worker answered {got} values for {} rows ({per} expected per row)",
                frame.rows
            ));
        }
        let risk: Vec<f32> = match &outcome {
            Outcome::Fraud { scores, .. } => scores.chunks_exact(2).map(|p| p[0]).collect(),
            Outcome::Risk { scores, .. } | Outcome::Chain { scores, .. } => scores.clone(),
            Outcome::Price { values } => Scored::price_lines(values)
                .map(|p| shortfall(p.declared, p.expected))
                .collect(),
        };
        let mut order: Vec<usize> = (0..risk.len()).collect();
        order.sort_by(|a, b| risk[*b].total_cmp(&risk[*a]).then(a.cmp(b)));
        let mut scored = Scored {
            names: frame.names(),
            frame,
            outcome,
            risk,
            order,
            labels: None,
        };
        scored.labels = scored.find_labels();
        Ok(scored)
    }

    /// Rows of the extract.
    pub fn rows(&self) -> usize {
        self.frame.rows
    }

    /// What the model answered.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The model that answered.
    pub fn model(&self) -> WorkerModel {
        match self.outcome {
            Outcome::Fraud { .. } => WorkerModel::Fraud,
            Outcome::Risk { .. } => WorkerModel::HighRisk,
            Outcome::Chain { .. } => WorkerModel::SupplyChain,
            Outcome::Price { .. } => WorkerModel::Price,
        }
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|c| c == name)
    }

    /// The text of column `name` at `row` (empty when the extract lacks the column).
    pub fn text(&self, name: &str, row: usize) -> String {
        self.col(name)
            .map(|c| self.frame.text(row, c))
            .unwrap_or_default()
    }

    /// The number of column `name` at `row`.
    pub fn number(&self, name: &str, row: usize) -> Option<f64> {
        self.col(name).and_then(|c| self.frame.number(row, c))
    }

    /// The price check of `row` (price model only).
    pub fn price_line(&self, row: usize) -> Option<PriceLine> {
        match &self.outcome {
            Outcome::Price { values } => values
                .get(row * PRICE_VALUES..(row + 1) * PRICE_VALUES)
                .map(PriceLine::of),
            Outcome::Fraud { .. } | Outcome::Risk { .. } | Outcome::Chain { .. } => None,
        }
    }

    fn price_lines(values: &[f32]) -> impl Iterator<Item = PriceLine> + '_ {
        values.chunks_exact(PRICE_VALUES).map(PriceLine::of)
    }

    /// The ranking score of every row in 0–1, higher is riskier: P(fraud), or for the price
    /// model the shortfall of the declared unit value below the expected one.
    pub fn risk(&self) -> &[f32] {
        &self.risk
    }

    /// Row indexes riskiest first (ties in extract order).
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The known outcome per row, where the extract has it for every row: the `fraud` column
    /// for the fraud and high-risk models, a fraud found by inspection (`found`) for the
    /// supply-chain model; for the price model the generator's planted
    /// under-valuation (only
    /// when every row is generated: real declarations carry no such label).
    pub fn labels(&self) -> Option<&[bool]> {
        self.labels.as_deref()
    }

    fn find_labels(&self) -> Option<Vec<bool>> {
        let n = self.frame.rows;
        match self.outcome {
            Outcome::Fraud { .. } | Outcome::Risk { .. } => {
                let l: Option<Vec<bool>> = (0..n)
                    .map(|r| self.number("fraud", r).map(|v| v >= 1.0))
                    .collect();
                l
            }
            Outcome::Chain { .. } => {
                let l: Option<Vec<bool>> = (0..n)
                    .map(|r| match self.text("found", r).as_str() {
                        "true" => Some(true),
                        "false" => Some(false),
                        _ => None,
                    })
                    .collect();
                l
            }
            Outcome::Price { .. } => {
                let generated = self.col("risk_pattern").is_some()
                    && (0..n).all(|r| self.text("source", r) == "generated");
                generated.then(|| {
                    (0..n)
                        .map(|r| self.text("risk_pattern", r) == "undervaluation")
                        .collect()
                })
            }
        }
    }

    /// Rows flagged as likely under-valued (price model), else `None`.
    pub fn flagged(&self) -> Option<usize> {
        match &self.outcome {
            Outcome::Price { values } => Some(
                Scored::price_lines(values)
                    .filter(|p| undervalued(p.declared, p.expected))
                    .count(),
            ),
            Outcome::Fraud { .. } | Outcome::Risk { .. } | Outcome::Chain { .. } => None,
        }
    }

    /// The scored result as CSV, riskiest first (for attaching to an analysis request),
    /// written by the `csv` crate (fields quoted as needed).
    pub fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing into memory fails only if a record has the wrong length, which these do not.
        let _ = self.write_csv(&mut w);
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    fn write_csv(&self, w: &mut csv::Writer<Vec<u8>>) -> csv::Result<()> {
        match &self.outcome {
            Outcome::Fraud { scores, .. } => {
                w.write_record([
                    "declaration_id",
                    "fraud_score",
                    "critical_score",
                    "risk_score",
                    "grade",
                ])?;
                for &r in &self.order {
                    let (p, c) = (scores[r * 2], scores[r * 2 + 1]);
                    w.write_record([
                        self.text("declaration_id", r),
                        format!("{p:.6}"),
                        format!("{c:.6}"),
                        risk_score(p).to_string(),
                        format!("{:02}", portal_core::risk::grade(p)),
                    ])?;
                }
            }
            Outcome::Risk { scores, .. } => {
                w.write_record(["declaration_id", "high_risk_score", "risk_score", "grade"])?;
                for &r in &self.order {
                    let p = scores[r];
                    w.write_record([
                        self.text("declaration_id", r),
                        format!("{p:.6}"),
                        risk_score(p).to_string(),
                        format!("{:02}", portal_core::risk::grade(p)),
                    ])?;
                }
            }
            Outcome::Chain { scores, .. } => {
                w.write_record([
                    "manifest_key",
                    "supply_chain_score",
                    "risk_score",
                    "grade",
                    "consignee_id",
                    "office_id",
                    "arrival_date",
                ])?;
                for &r in &self.order {
                    let p = scores[r];
                    w.write_record([
                        self.text("manifest_key", r),
                        format!("{p:.6}"),
                        risk_score(p).to_string(),
                        format!("{:02}", portal_core::risk::grade(p)),
                        self.text("consignee_id", r),
                        self.text("office_id", r),
                        self.text("arrival_date", r),
                    ])?;
                }
            }
            Outcome::Price { .. } => {
                w.write_record([
                    "declaration_id",
                    "hs6",
                    "country_origin",
                    "declared_unit_value",
                    "expected_unit_value",
                    "ratio",
                    "undervalued",
                    "shortfall_score",
                    "same_hs6_origin_lines",
                ])?;
                for &r in &self.order {
                    let Some(p) = self.price_line(r) else {
                        continue;
                    };
                    let (e, d) = (p.expected, p.declared);
                    w.write_record([
                        self.text("declaration_id", r),
                        self.text("hs6", r),
                        self.text("country_origin", r),
                        if d.is_finite() {
                            format!("{d:.2}")
                        } else {
                            String::new()
                        },
                        format!("{e:.2}"),
                        value_ratio(d, e)
                            .map(|x| format!("{x:.4}"))
                            .unwrap_or_default(),
                        u8::from(undervalued(d, e)).to_string(),
                        risk_score(self.risk[r]).to_string(),
                        p.same_origin.to_string(),
                    ])?;
                }
            }
        }
        w.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{Float64Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};

    use super::*;

    fn frame(ids: &[&str], fraud: &[Option<f64>], pattern: &[Option<&str>], source: &str) -> Frame {
        let schema = Arc::new(Schema::new(vec![
            Field::new("declaration_id", DataType::Utf8, false),
            Field::new("fraud", DataType::Float64, true),
            Field::new("risk_pattern", DataType::Utf8, true),
            Field::new("source", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(ids.to_vec())),
                Arc::new(Float64Array::from(fraud.to_vec())),
                Arc::new(StringArray::from(pattern.to_vec())),
                Arc::new(StringArray::from(vec![source; ids.len()])),
            ],
        )
        .expect("batch");
        Frame::from_batches(schema, &[batch]).expect("frame")
    }

    #[test]
    fn fraud_results_rank_by_probability_with_labels_and_csv() {
        let s = Scored::new(
            frame(
                &["A", "B,2", "C"],
                &[Some(0.0), Some(1.0), Some(0.0)],
                &[None; 3],
                "cdd",
            ),
            Outcome::Fraud {
                scores: vec![0.2, 0.1, 0.95, 0.5, 0.2, 0.0],
                explained: Vec::new(),
            },
        )
        .expect("three rows, two scores each");
        assert_eq!(
            s.order(),
            [1, 0, 2],
            "riskiest first, ties in extract order"
        );
        assert_eq!(s.labels(), Some(&[false, true, false][..]));
        assert_eq!(s.flagged(), None);
        let csv = s.csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "declaration_id,fraud_score,critical_score,risk_score,grade"
        );
        assert_eq!(
            lines[1], "\"B,2\",0.950000,0.500000,949,01",
            "a comma in an id is quoted, never lost"
        );
        assert_eq!(lines.len(), 4);
        let mut rdr = csv::Reader::from_reader(csv.as_bytes());
        let ids: Vec<String> = rdr
            .records()
            .map(|r| r.expect("row")[0].to_owned())
            .collect();
        assert_eq!(ids, ["B,2", "A", "C"]);
        // A missing label anywhere: no labels.
        let unlabelled = Scored::new(
            frame(&["A", "B"], &[Some(0.0), None], &[None; 2], "cdd"),
            Outcome::Fraud {
                scores: vec![0.2, 0.1, 0.95, 0.5],
                explained: Vec::new(),
            },
        )
        .expect("two rows");
        assert_eq!(unlabelled.labels(), None);
    }

    #[test]
    fn high_risk_results_rank_by_probability_with_one_score_per_row() {
        let s = Scored::new(
            frame(
                &["A", "B"],
                &[Some(0.0), Some(1.0)],
                &[None; 2],
                "generated",
            ),
            Outcome::Risk {
                scores: vec![0.1, 0.8],
                explained: vec![(1, vec![("price".into(), 0.4, 0.25)])],
            },
        )
        .expect("two rows, one score each");
        assert_eq!(s.order(), [1, 0]);
        assert_eq!(s.model(), WorkerModel::HighRisk);
        assert_eq!(s.labels(), Some(&[false, true][..]));
        let csv = s.csv();
        assert_eq!(
            csv.lines().collect::<Vec<_>>(),
            [
                "declaration_id,high_risk_score,risk_score,grade",
                "B,0.800000,799,02",
                "A,0.100000,100,09"
            ]
        );
        let wrong = Scored::new(
            s.frame.clone(),
            Outcome::Risk {
                scores: vec![0.1, 0.2, 0.3, 0.4],
                explained: Vec::new(),
            },
        );
        assert!(
            wrong.is_err(),
            "two scores per row are not a high-risk answer"
        );
    }

    #[test]
    fn price_results_rank_by_shortfall_and_flag_below_half() {
        let s = Scored::new(
            frame(
                &["A", "B", "C"],
                &[Some(0.0); 3],
                &[None, Some("undervaluation"), None],
                "generated",
            ),
            // expected, declared, basis: at value; at a fifth; unpriced.
            Outcome::Price {
                values: vec![
                    1000.0,
                    1100.0,
                    12.0,
                    40.0,
                    1000.0,
                    200.0,
                    3.0,
                    9.0,
                    500.0,
                    f32::NAN,
                    0.0,
                    0.0,
                ],
            },
        )
        .expect("three rows, four values each");
        assert_eq!(s.order(), [1, 0, 2]);
        assert_eq!(s.flagged(), Some(1));
        assert_eq!(s.labels(), Some(&[false, true, false][..]));
        assert_eq!(
            s.price_line(1),
            Some(PriceLine {
                expected: 1000.0,
                declared: 200.0,
                same_origin: 3,
                same_hs6: 9
            })
        );
        let csv = s.csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("declaration_id,hs6,country_origin,declared_unit_value"));
        assert_eq!(lines[1], "B,,,200.00,1000.00,0.2000,1,799,3");
        assert_eq!(lines[3], "C,,,,500.00,,0,0,0");
        // An answer of the wrong shape is refused, not misread.
        let short = Scored::new(
            s.frame.clone(),
            Outcome::Price {
                values: vec![1000.0, 200.0, 500.0, f32::NAN, 1.0, 1.0],
            },
        );
        assert!(short.is_err(), "two values per row are not a price answer");
        assert!(Scored::new(s.frame.clone(), s.outcome.clone()).is_ok());
        // Real (CDD) rows carry no planted label.
        let real = Scored::new(
            frame(&["A", "B", "C"], &[Some(0.0); 3], &[None; 3], "cdd"),
            s.outcome.clone(),
        )
        .expect("same shape");
        assert_eq!(real.labels(), None);
    }

    #[test]
    fn the_extract_spec_filters_by_date_and_office() {
        let s = extract_spec("2024-01-01", "", " 030 ", Some(500));
        assert_eq!(s.filters.len(), 2);
        assert_eq!(s.limit, Some(500));
        assert!(s.columns.iter().any(|c| c == "risk_pattern"));
        assert!(extract_spec("", "", "", None).filters.is_empty());
        assert_eq!(
            form_of(&s),
            (
                "2024-01-01".into(),
                String::new(),
                "030".into(),
                "500".into()
            )
        );
        assert_eq!(
            studio_link(WorkerModel::Price, &s),
            "/scoring?model=price&from=2024-01-01&to=&office=030&limit=500"
        );
    }
}
