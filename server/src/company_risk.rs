//! What the company scores read ([`portal_scoring::company`]): for each importer of a scope,
//! its payments, statements, remittances, audits and frauds, summed as they stood on the
//! cut-off day, and what happened in the six months after (the training labels and the
//! report's outcome). The rows are streamed and added by the scoring crate's accumulators,
//! which ignore whatever is dated after the cut-off. An office-scoped user's companies are those
//! whose home office is theirs, and their facts come from that office's rows only.
//! Read by the CLI (`portal score --model delinquency|tax-risk`), the training matrices
//! (`portal company-features`) and the company routes.

use arrow_array::{Array, RecordBatch};
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::prelude::{col, ident, lit};
use futures::StreamExt;
use portal_core::datasets::{
    COMPANY, COMPANY_FINANCIALS, CUSTOMS_AUDIT, DUTY_PAYMENT, DatasetDef, FX_REMITTANCE,
    IMPORT_DECLARATION,
};
use portal_core::date::days_from_civil;
use portal_scoring::company::{CompanyFacts, OUTCOME_DAYS, Outcome, Statement};
use rustc_hash::FxHashMap;

use crate::columns::{date_array, flag_array, float_array, int_array, text_array};
use crate::engine::Engine;
use crate::error::Error;
use crate::pattern_stats::day;
use crate::scope::Scope;

/// The cut-off of the shipped models: features from what was known on 2020-12-31.
pub fn cutoff() -> i32 {
    days_from_civil(2020, 12, 31)
}

/// Up to this many named companies, each table is filtered to them in the plan.
const FILTERED_IDS: usize = 1_000;

fn planning(e: DataFusionError) -> Error {
    Error::internal("planning the company scores", e)
}

/// Every company of a scope with its facts on each cut-off day and its outcome after it.
#[derive(Debug, Default)]
pub struct CompanyInputs {
    /// The cut-off days.
    pub cutoffs: Vec<i32>,
    /// Facts on each cut-off (`facts[c][k]`: cut-off `c`, company `k`).
    pub facts: Vec<Vec<CompanyFacts>>,
    /// Outcomes after each cut-off, likewise.
    pub outcomes: Vec<Vec<Outcome>>,
    /// Company ids, in order.
    pub ids: Vec<String>,
    /// What the master and the statements say of each company, likewise.
    pub about: Vec<About>,
    index: FxHashMap<String, usize>,
}

/// A company's name, industry and region (the master) and home office (its statements').
#[derive(Debug, Clone, Default, PartialEq)]
pub struct About {
    /// Name.
    pub name: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Home office.
    pub office: Option<String>,
}

impl CompanyInputs {
    /// The position of company `id` in `facts`.
    pub fn at(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// Streams the rows of `df` into `each`, batch by batch.
async fn stream(
    df: DataFrame,
    mut each: impl FnMut(&RecordBatch) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut s = df
        .execute_stream()
        .await
        .map_err(|e| Error::internal("reading the company rows", e))?;
    while let Some(b) = s.next().await {
        each(&b.map_err(|e| Error::internal("reading the company rows", e))?)?;
    }
    Ok(())
}

impl Engine {
    /// Fails with `data_unavailable` unless payments, financials and the company master are
    /// there.
    pub fn need_company_risk(&self) -> Result<(), Error> {
        self.need(&[&DUTY_PAYMENT, &COMPANY_FINANCIALS, &COMPANY])
    }

    /// The `columns` of `ds` in `scope` dated up to `last`, of the `only` companies (by the
    /// first column) when there are few of them.
    async fn rows_until(
        &self,
        ds: &DatasetDef,
        scope: &Scope,
        (date, last): (&str, i32),
        columns: &[&str],
        only: Option<&[String]>,
    ) -> Result<DataFrame, Error> {
        let mut df = self
            .scoped_table(ds, scope)
            .await?
            .filter(ident(date).lt_eq(day(last)))
            .and_then(|df| df.select(columns.iter().map(|c| ident(*c)).collect::<Vec<_>>()))
            .map_err(planning)?;
        if let Some(ids) = only.filter(|ids| ids.len() <= FILTERED_IDS) {
            df = df
                .filter(ident(columns[0]).in_list(ids.iter().map(lit).collect(), false))
                .map_err(planning)?;
        }
        Ok(df)
    }

    /// The companies of `scope` (those whose statements its office keeps), or the `only` ones
    /// (in that order, known or not), with their facts on each of `cutoffs` and outcome after.
    pub async fn company_inputs(
        &self,
        scope: &Scope,
        cutoffs: &[i32],
        only: Option<&[String]>,
    ) -> Result<CompanyInputs, Error> {
        self.need_company_risk()?;
        let mut out = CompanyInputs {
            cutoffs: cutoffs.to_vec(),
            facts: vec![Vec::new(); cutoffs.len()],
            outcomes: vec![Vec::new(); cutoffs.len()],
            ..CompanyInputs::default()
        };
        let add = |out: &mut CompanyInputs, id: &str| {
            if !out.index.contains_key(id) {
                out.index.insert(id.to_owned(), out.ids.len());
                out.ids.push(id.to_owned());
                out.about.push(About::default());
                for c in 0..out.cutoffs.len() {
                    out.facts[c].push(CompanyFacts {
                        id: id.to_owned(),
                        ..CompanyFacts::default()
                    });
                    out.outcomes[c].push(Outcome::default());
                }
            }
        };
        let last = cutoffs.iter().copied().max().unwrap_or(0);
        let end = last + OUTCOME_DAYS;
        // Statements: who the companies are (unless named), then their figures.
        let statements = self
            .rows_until(
                &COMPANY_FINANCIALS,
                scope,
                ("reported_date", last),
                &[
                    "company_id",
                    "fiscal_year",
                    "reported_date",
                    "revenue_krw",
                    "debt_ratio",
                    "operating_margin",
                    "national_tax_arrears",
                    "office_id",
                ],
                only,
            )
            .await?;
        if let Some(ids) = only {
            for id in ids {
                add(&mut out, id);
            }
        } else {
            let ids = self
                .scoped_table(&COMPANY_FINANCIALS, scope)
                .await?
                .select(vec![ident("company_id"), ident("office_id")])
                .and_then(DataFrame::distinct)
                .and_then(|df| df.sort(vec![col("company_id").sort(true, false)]))
                .map_err(planning)?;
            stream(ids, |b| {
                let (id, office) = (text_array(b, "company_id")?, text_array(b, "office_id")?);
                for i in 0..b.num_rows() {
                    add(&mut out, id.value(i));
                    if let Some(k) = out.at(id.value(i)) {
                        out.about[k].office = Some(office.value(i).to_owned());
                    }
                }
                Ok(())
            })
            .await?;
        }
        stream(statements, |b| {
            let id = text_array(b, "company_id")?;
            let year = int_array(b, "fiscal_year")?;
            let reported = date_array(b, "reported_date")?;
            let (revenue, debt, margin) = (
                float_array(b, "revenue_krw")?,
                float_array(b, "debt_ratio")?,
                float_array(b, "operating_margin")?,
            );
            let tax = flag_array(b, "national_tax_arrears")?;
            let office = text_array(b, "office_id")?;
            for i in 0..b.num_rows() {
                if let Some(k) = out.at(id.value(i)) {
                    out.about[k].office = Some(office.value(i).to_owned());
                    let s = Statement {
                        year: year.value(i) as i32,
                        debt_ratio: debt.value(i),
                        margin: margin.value(i),
                        revenue_krw: revenue.value(i),
                        tax_arrears: tax.value(i),
                    };
                    for (c, &cutoff) in out.cutoffs.iter().enumerate() {
                        out.facts[c][k].add_statement(cutoff, reported.value(i), s);
                    }
                }
            }
            Ok(())
        })
        .await?;
        let payments = self
            .rows_until(
                &DUTY_PAYMENT,
                scope,
                ("due_date", end),
                &[
                    "importer_id",
                    "due_date",
                    "paid_date",
                    "duty_krw",
                    "vat_krw",
                    "customs_value_krw",
                ],
                only,
            )
            .await?;
        stream(payments, |b| {
            let id = text_array(b, "importer_id")?;
            let (due, paid) = (date_array(b, "due_date")?, date_array(b, "paid_date")?);
            let (duty, vat, value) = (
                float_array(b, "duty_krw")?,
                float_array(b, "vat_krw")?,
                float_array(b, "customs_value_krw")?,
            );
            for i in 0..b.num_rows() {
                if let Some(k) = out.at(id.value(i)) {
                    let paid = paid.is_valid(i).then(|| paid.value(i));
                    let (due, amount) = (due.value(i), duty.value(i) + vat.value(i));
                    for (c, &cutoff) in out.cutoffs.iter().enumerate() {
                        out.facts[c][k]
                            .payments
                            .add(cutoff, due, paid, amount, value.value(i));
                        out.outcomes[c][k].add_payment(cutoff, due, paid);
                    }
                }
            }
            Ok(())
        })
        .await?;
        if self.has(FX_REMITTANCE.name) {
            let remittances = self
                .rows_until(
                    &FX_REMITTANCE,
                    scope,
                    ("remittance_date", last),
                    &["importer_id", "remittance_date", "amount_krw", "purpose"],
                    only,
                )
                .await?;
            stream(remittances, |b| {
                let id = text_array(b, "importer_id")?;
                let when = date_array(b, "remittance_date")?;
                let amount = float_array(b, "amount_krw")?;
                let purpose = text_array(b, "purpose")?;
                for i in 0..b.num_rows() {
                    if let Some(k) = out.at(id.value(i)) {
                        for (c, &cutoff) in out.cutoffs.iter().enumerate() {
                            out.facts[c][k].add_remittance(
                                cutoff,
                                when.value(i),
                                amount.value(i),
                                purpose.value(i),
                            );
                        }
                    }
                }
                Ok(())
            })
            .await?;
        }
        if self.has(CUSTOMS_AUDIT.name) {
            let audits = self
                .rows_until(
                    &CUSTOMS_AUDIT,
                    scope,
                    ("start_date", end),
                    &["company_id", "start_date", "additional_tax_krw"],
                    only,
                )
                .await?;
            stream(audits, |b| {
                let id = text_array(b, "company_id")?;
                let start = date_array(b, "start_date")?;
                let tax = float_array(b, "additional_tax_krw")?;
                for i in 0..b.num_rows() {
                    if let Some(k) = out.at(id.value(i)) {
                        let (start, tax) = (start.value(i), tax.value(i));
                        for (c, &cutoff) in out.cutoffs.iter().enumerate() {
                            out.facts[c][k].add_audit(cutoff, start, tax);
                            out.outcomes[c][k].add_audit(cutoff, start, tax);
                        }
                    }
                }
                Ok(())
            })
            .await?;
        }
        if self.has(IMPORT_DECLARATION.name) {
            let frauds = self
                .rows_until(
                    &IMPORT_DECLARATION,
                    scope,
                    ("declaration_date", last),
                    &["importer_id", "declaration_date", "fraud"],
                    only,
                )
                .await?
                .filter(col("fraud").eq(lit(1i64)))
                .map_err(planning)?;
            stream(frauds, |b| {
                let id = text_array(b, "importer_id")?;
                let when = date_array(b, "declaration_date")?;
                for i in 0..b.num_rows() {
                    if let Some(k) = out.at(id.value(i)) {
                        for (c, &cutoff) in out.cutoffs.iter().enumerate() {
                            out.facts[c][k].add_fraud(cutoff, when.value(i));
                        }
                    }
                }
                Ok(())
            })
            .await?;
        }
        let master = self
            .scoped_table(&COMPANY, scope)
            .await?
            .filter(col("role").eq(lit("importer")))
            .and_then(|df| {
                df.select(vec![
                    ident("company_id"),
                    ident("name"),
                    ident("industry"),
                    ident("region"),
                    ident("compliance_grade"),
                    ident("employees"),
                    ident("registration_date"),
                    ident("manufacturer"),
                ])
            })
            .map_err(planning)?;
        stream(master, |b| {
            let id = text_array(b, "company_id")?;
            let grade = text_array(b, "compliance_grade")?;
            let employees = int_array(b, "employees")?;
            let registered = date_array(b, "registration_date")?;
            let makes = flag_array(b, "manufacturer")?;
            let text = |name| -> Result<_, Error> {
                let a = text_array(b, name)?;
                Ok(move |i: usize| a.is_valid(i).then(|| a.value(i).to_owned()))
            };
            let (name, industry, region) = (text("name")?, text("industry")?, text("region")?);
            for i in 0..b.num_rows() {
                if let Some(k) = out.at(id.value(i)) {
                    let a = &mut out.about[k];
                    (a.name, a.industry, a.region) = (name(i), industry(i), region(i));
                    for facts in &mut out.facts {
                        let f = &mut facts[k];
                        f.grade = grade.is_valid(i).then(|| grade.value(i).to_owned());
                        f.employees = employees.is_valid(i).then(|| employees.value(i));
                        f.registered = registered.is_valid(i).then(|| registered.value(i));
                        f.manufacturer = makes.is_valid(i).then(|| makes.value(i));
                    }
                }
            }
            Ok(())
        })
        .await?;
        Ok(out)
    }
}
