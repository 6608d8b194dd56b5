//! What the rerouting analysis reads ([`portal_scoring::rerouting`]): the export lines of a
//! scope, the import lines from China that could stand behind them (the exporter's own, of the
//! same HS4, in the 90 days before), each exporter's import counts and its company facts. An
//! office-scoped user's analysis is made of their office's exports and imports only; the company
//! master is reference data for every office. Read by `GET /api/origin/exporters`, the CLI
//! (`portal score --model rerouting`) and the training matrices.

use std::collections::{HashMap, HashSet};

use arrow_array::RecordBatch;
use datafusion::common::JoinType;
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::functions::unicode::expr_fn::left;
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::prelude::{col, ident, lit};
use portal_core::datasets::{COMPANY, DatasetDef, EXPORT_DECLARATION, IMPORT_DECLARATION};
use portal_scoring::rerouting::{ExportLine, Facts, ImportLine, MATCH_DAYS};

use crate::columns::{days, floats, ints, optional_flags, optional_ints, strings, texts};
use crate::engine::Engine;
use crate::error::Error;
use crate::pattern_stats::{day, one_if};
use crate::scope::Scope;

/// The company role the generator plants on rerouting firms (ground truth).
pub const PLANTED_ROLE: &str = "rerouting_firm";

fn planning(e: DataFusionError) -> Error {
    Error::internal("planning the rerouting analysis", e)
}

async fn collect(df: DataFrame) -> Result<Vec<RecordBatch>, Error> {
    df.collect()
        .await
        .map_err(|e| Error::internal("reading the rerouting inputs", e))
}

/// Everything the analysis of a scope reads.
#[derive(Debug, Default)]
pub struct ReroutingInputs {
    /// Export lines, by day then id.
    pub exports: Vec<ExportLine>,
    /// Imports from China that may match them.
    pub imports: Vec<ImportLine>,
    /// Facts of every company that exports.
    pub facts: HashMap<String, Facts>,
    /// Companies the generator planted as rerouting firms (empty on real data).
    pub planted: HashSet<String>,
}

impl Engine {
    /// Fails with `data_unavailable` unless exports, imports and the company master are there.
    pub fn need_rerouting(&self) -> Result<(), Error> {
        self.need(&[&EXPORT_DECLARATION, &IMPORT_DECLARATION, &COMPANY])
    }

    async fn table_in(
        &self,
        ds: &DatasetDef,
        scope: &Scope,
        column: &str,
        days: Option<(i32, i32)>,
    ) -> Result<DataFrame, Error> {
        let df = self.scoped_table(ds, scope).await?;
        match days {
            Some((from, to)) => df
                .filter(ident(column).between(day(from), day(to)))
                .map_err(planning),
            None => Ok(df),
        }
    }

    /// The inputs of the analysis of `scope`: exports declared in `period` (first and last
    /// day, every day when `None`) by every exporter or only by `exporter`, the imports up to
    /// [`MATCH_DAYS`] days before.
    pub async fn rerouting_inputs(
        &self,
        scope: &Scope,
        period: Option<(i32, i32)>,
        exporter: Option<&str>,
    ) -> Result<ReroutingInputs, Error> {
        self.need_rerouting()?;
        let mut exports_df = self
            .table_in(&EXPORT_DECLARATION, scope, "export_date", period)
            .await?;
        if let Some(id) = exporter {
            exports_df = exports_df
                .filter(ident("exporter_id").eq(lit(id)))
                .map_err(planning)?;
        }
        let import_days = period.map(|(from, to)| (from - MATCH_DAYS, to));
        let imports_df = self
            .table_in(&IMPORT_DECLARATION, scope, "declaration_date", import_days)
            .await?;
        let mut out = ReroutingInputs::default();
        let batches = collect(exports_df.clone()).await?;
        for b in &batches {
            let (id, exporter, hs6, to, origin) = (
                strings(b, "export_id")?,
                strings(b, "exporter_id")?,
                strings(b, "hs6")?,
                strings(b, "destination_country")?,
                strings(b, "declared_origin")?,
            );
            let (when, fob, mass) = (
                days(b, "export_date")?,
                floats(b, "fob_krw")?,
                floats(b, "net_mass")?,
            );
            for i in 0..b.num_rows() {
                out.exports.push(ExportLine {
                    id: id[i].clone(),
                    exporter: exporter[i].clone(),
                    day: when[i].unwrap_or_default(),
                    hs6: hs6[i].clone(),
                    destination: to[i].clone(),
                    origin: origin[i].clone(),
                    fob_krw: fob[i],
                    mass: mass[i],
                });
            }
        }
        // By day then id (sorted here: cheaper than in the plan, the rows being in memory).
        out.exports
            .sort_unstable_by(|a, b| (a.day, &a.id).cmp(&(b.day, &b.id)));
        // Chinese imports of the goods (HS4) each exporter declares Korean: the only ones a
        // match can use; the exporters' list is the side held in memory.
        let wanted = exports_df
            .filter(ident("declared_origin").eq(lit("KR")))
            .and_then(|df| {
                df.select(vec![
                    ident("exporter_id").alias("w_exporter"),
                    left(ident("hs6"), lit(4i64)).alias("w_hs4"),
                ])
            })
            .and_then(DataFrame::distinct)
            .map_err(planning)?;
        self.complete(scope, out, imports_df, Some(wanted)).await
    }

    /// The inputs of the analysis of the export lines `exports` (the CLI's input), the imports
    /// and facts from every office.
    pub async fn rerouting_inputs_of(
        &self,
        exports: Vec<ExportLine>,
    ) -> Result<ReroutingInputs, Error> {
        self.need_rerouting()?;
        let scope = Scope::National;
        let imports_df = self.scoped_table(&IMPORT_DECLARATION, &scope).await?;
        let out = ReroutingInputs {
            exports,
            ..ReroutingInputs::default()
        };
        self.complete(&scope, out, imports_df, None).await
    }

    /// Adds to `out` (its exports read) the candidate imports among `imports_df` (semi-joined
    /// to `wanted` first when given), the exporters' import counts and company facts.
    async fn complete(
        &self,
        scope: &Scope,
        mut out: ReroutingInputs,
        imports_df: DataFrame,
        wanted: Option<DataFrame>,
    ) -> Result<ReroutingInputs, Error> {
        let mut candidates = imports_df
            .clone()
            .filter(ident("country_origin").eq(lit("CN")))
            .and_then(|df| {
                df.select(vec![
                    ident("declaration_id"),
                    ident("importer_id"),
                    ident("declaration_date"),
                    ident("hs6"),
                    ident("item_price"),
                    ident("net_mass"),
                    left(ident("hs6"), lit(4i64)).alias("hs4"),
                ])
            })
            .map_err(planning)?;
        if let Some(wanted) = wanted {
            candidates = candidates
                .join(
                    wanted,
                    JoinType::LeftSemi,
                    &["importer_id", "hs4"],
                    &["w_exporter", "w_hs4"],
                    None,
                )
                .map_err(planning)?;
        }
        let wanted: HashSet<(&str, &str)> = out
            .exports
            .iter()
            .filter(|e| e.origin == "KR" && e.hs6.len() >= 4)
            .map(|e| (e.exporter.as_str(), &e.hs6[..4]))
            .collect();
        let mut imports = Vec::new();
        for b in &collect(candidates).await? {
            let (id, importer, hs6) = (
                strings(b, "declaration_id")?,
                strings(b, "importer_id")?,
                strings(b, "hs6")?,
            );
            let (when, value, mass) = (
                days(b, "declaration_date")?,
                floats(b, "item_price")?,
                floats(b, "net_mass")?,
            );
            for i in 0..b.num_rows() {
                if hs6[i].len() < 4 || !wanted.contains(&(importer[i].as_str(), &hs6[i][..4])) {
                    continue;
                }
                imports.push(ImportLine {
                    id: id[i].clone(),
                    importer: importer[i].clone(),
                    day: when[i].unwrap_or_default(),
                    hs6: hs6[i].clone(),
                    origin: "CN".into(),
                    value_krw: value[i],
                    mass: mass[i],
                });
            }
        }
        drop(wanted);
        out.imports = imports;
        // Every exporter has facts (its import counts), known to the master or not.
        for e in &out.exports {
            out.facts.entry(e.exporter.clone()).or_default();
        }
        let counts = imports_df
            .aggregate(
                vec![ident("importer_id")],
                vec![
                    count_all().alias("n"),
                    sum(one_if(ident("country_origin").eq(lit("CN")))).alias("cn"),
                ],
            )
            .map_err(planning)?;
        for b in &collect(counts).await? {
            let (who, n, cn) = (strings(b, "importer_id")?, ints(b, "n")?, ints(b, "cn")?);
            for i in 0..b.num_rows() {
                if let Some(f) = out.facts.get_mut(&who[i]) {
                    f.imports = n[i] as u32;
                    f.cn_imports = cn[i] as u32;
                }
            }
        }
        let master = self
            .scoped_table(&COMPANY, scope)
            .await?
            .filter(col("role").eq(lit("importer")))
            .and_then(|df| {
                df.select(vec![
                    ident("company_id"),
                    ident("manufacturer"),
                    ident("factory_registered"),
                    ident("employees"),
                    ident("planted_role"),
                ])
            })
            .map_err(planning)?;
        for b in &collect(master).await? {
            let id = strings(b, "company_id")?;
            let (makes, factory) = (
                optional_flags(b, "manufacturer")?,
                optional_flags(b, "factory_registered")?,
            );
            let employees = optional_ints(b, "employees")?;
            let role = texts(b, "planted_role")?;
            for i in 0..b.num_rows() {
                if role[i].as_deref() == Some(PLANTED_ROLE) {
                    out.planted.insert(id[i].clone());
                }
                if let Some(f) = out.facts.get_mut(&id[i]) {
                    f.manufacturer = makes[i];
                    f.factory = factory[i];
                    f.employees = employees[i];
                }
            }
        }
        Ok(out)
    }
}
