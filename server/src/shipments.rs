//! The shipments behind the supply-chain model: every manifest line of a scope joined to its
//! declaration (goods, planted pattern) and inspection (day done, fraud found), read by the CLI
//! (`portal score --model supply-chain`, its evaluation) and cut into the window the browser
//! scores (`GET /api/shipments`, [`portal_scoring::supply_chain::window`]): the lines that
//! arrived in the days asked, the earlier lines inspected from the first day on, and for each
//! line the seeds of its combinations from the rest of the history. An office-scoped user's
//! shipments are their office's manifests, declarations and inspections only.

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use datafusion::common::{JoinType, ScalarValue};
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::functions::expr_fn::coalesce;
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::logical_expr::when;
use datafusion::prelude::{Expr, ident, lit};
use portal_core::datasets::{CARGO_MANIFEST, IMPORT_DECLARATION, INSPECTION};
use portal_core::shipments::ShipmentBounds;
use portal_scoring::supply_chain::window::{BASE, FOUND, INSPECTION_DATE, SEEDS, TO_SCORE};
use portal_scoring::supply_chain::{COMBINATIONS, PARTIES};

use crate::columns::ints;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::scope::Scope;

fn planning(e: DataFusionError) -> Error {
    Error::internal("planning the shipments", e)
}

fn day(d: i32) -> Expr {
    lit(ScalarValue::Date32(Some(d)))
}

/// 1 where `cond` holds, else 0.
fn one_if(cond: Expr) -> Expr {
    when(cond, lit(1i64))
        .otherwise(lit(0i64))
        .unwrap_or(lit(0i64))
}

impl Engine {
    /// Fails with `data_unavailable` unless the three datasets are there.
    pub fn need_shipments(&self) -> Result<(), Error> {
        for ds in [&CARGO_MANIFEST, &IMPORT_DECLARATION, &INSPECTION] {
            if !self.has(ds.name) {
                return Err(Error::client(
                    ErrorCode::DataUnavailable,
                    format!("dataset '{}' has no data on this server", ds.name),
                ));
            }
        }
        Ok(())
    }

    /// The manifest lines of `scope` with `manifest_key`, `arrival_date`, `declaration_id`,
    /// `risk_pattern`, the party columns ([`PARTIES`]), `inspection_date` (none unless it was
    /// selected) and `found`.
    pub async fn shipment_rows(&self, scope: &Scope) -> Result<DataFrame, Error> {
        self.need_shipments()?;
        let ctx = self.session();
        let office = |df: DataFrame| match scope.office() {
            Some(o) => df.filter(ident("office_id").eq(lit(o))),
            None => Ok(df),
        };
        let table = |name: &'static str| async move {
            ctx.table(name)
                .await
                .map_err(|e| Error::internal("opening a table", e))
        };
        let decl = office(table(IMPORT_DECLARATION.name).await?)
            .and_then(|df| {
                df.select(vec![
                    ident("manifest_key").alias("d_manifest_key"),
                    ident("declaration_id"),
                    ident("hs6"),
                    ident("risk_pattern"),
                ])
            })
            .map_err(planning)?;
        let inspection = office(table(INSPECTION.name).await?)
            .and_then(|df| {
                df.select(vec![
                    ident("declaration_id").alias("i_declaration_id"),
                    ident("selected"),
                    ident("inspection_date").alias("i_date"),
                    ident("fraud").alias("i_fraud"),
                ])
            })
            .map_err(planning)?;
        let selected = ident("selected").is_true();
        let mut cols = vec![
            ident("manifest_key"),
            ident("arrival_date"),
            ident("declaration_id"),
            ident("risk_pattern"),
        ];
        cols.extend(PARTIES.iter().map(|p| ident(*p)));
        cols.push(
            when(selected.clone(), ident("i_date"))
                .end()
                .map_err(planning)?
                .alias(INSPECTION_DATE),
        );
        cols.push(selected.and(ident("i_fraud").is_true()).alias(FOUND));
        office(table(CARGO_MANIFEST.name).await?)
            .and_then(|df| {
                df.join(
                    decl,
                    JoinType::Left,
                    &["manifest_key"],
                    &["d_manifest_key"],
                    None,
                )
            })
            .and_then(|df| {
                df.join(
                    inspection,
                    JoinType::Left,
                    &["declaration_id"],
                    &["i_declaration_id"],
                    None,
                )
            })
            .and_then(|df| df.select(cols))
            .map_err(planning)
    }

    /// The window `GET /api/shipments` answers: the lines of `scope` that arrived from
    /// `b.from` to `b.to` (earliest first, at most `b.limit`: a prefix in time, so every line
    /// keeps all of its earlier history), each with the seeds of its combinations; then the
    /// lines that arrived before `b.from` and were inspected from it to `b.to`.
    pub async fn shipment_window(
        &self,
        b: &ShipmentBounds,
        scope: &Scope,
    ) -> Result<(SchemaRef, Vec<RecordBatch>), Error> {
        let rows = self.shipment_rows(scope).await?;
        let (from, to) = (day(b.from), day(b.to));
        let arrival = || ident("arrival_date");
        let done = || ident(INSPECTION_DATE);
        let lines = rows
            .clone()
            .filter(arrival().between(from.clone(), to.clone()))
            .and_then(|df| {
                df.sort(vec![
                    arrival().sort(true, false),
                    ident("manifest_key").sort(true, false),
                ])
            })
            .and_then(|df| df.limit(0, Some(b.limit as usize)))
            .map_err(planning)?;
        let early = rows
            .clone()
            .filter(
                arrival()
                    .lt(from.clone())
                    .and(done().between(from.clone(), to.clone())),
            )
            .map_err(planning)?;
        // The rest of the history: earlier lines not sent, with what was known before `from`.
        let known = done().lt(from.clone());
        let rest = rows
            .filter(
                arrival().lt(from.clone()).and(
                    done()
                        .is_null()
                        .or(done().lt(from.clone()))
                        .or(done().gt(to.clone())),
                ),
            )
            .and_then(|df| {
                let mut cols: Vec<Expr> = PARTIES.iter().map(|p| ident(*p)).collect();
                cols.push(one_if(known.clone()).alias("ins"));
                cols.push(one_if(known.and(ident(FOUND).is_true())).alias("hit"));
                df.select(cols)
            })
            .map_err(planning)?;
        let base = base_seed(&rest).await?;
        let mut lines = lines;
        let mut seeds: Vec<Expr> = Vec::new();
        for (c, parts) in COMBINATIONS.iter().enumerate() {
            let keys: Vec<&str> = parts.iter().map(|&p| PARTIES[p]).collect();
            let renamed: Vec<String> = keys.iter().map(|k| format!("s{c}_{k}")).collect();
            let present = keys
                .iter()
                .map(|k| ident(*k).is_not_null().and(ident(*k).not_eq(lit(""))))
                .reduce(Expr::and)
                .unwrap_or(lit(true));
            let mut out: Vec<Expr> = keys
                .iter()
                .zip(&renamed)
                .map(|(k, r)| ident(*k).alias(r.as_str()))
                .collect();
            out.extend([
                ident("n").alias(SEEDS[c][0]),
                ident("i").alias(SEEDS[c][1]),
                ident("f").alias(SEEDS[c][2]),
            ]);
            let seen = rest
                .clone()
                .filter(present)
                .and_then(|df| {
                    df.aggregate(
                        keys.iter().map(|k| ident(*k)).collect(),
                        vec![
                            count_all().alias("n"),
                            sum(ident("ins")).alias("i"),
                            sum(ident("hit")).alias("f"),
                        ],
                    )
                })
                .and_then(|df| df.select(out))
                .map_err(planning)?;
            let right: Vec<&str> = renamed.iter().map(String::as_str).collect();
            lines = lines
                .join(seen, JoinType::Left, &keys, &right, None)
                .map_err(planning)?;
            for name in SEEDS[c] {
                seeds.push(coalesce(vec![ident(name), lit(0i64)]).alias(name));
            }
        }
        let mut common: Vec<Expr> = vec![
            ident("manifest_key"),
            ident("arrival_date"),
            ident("declaration_id"),
            ident("risk_pattern"),
        ];
        common.extend(PARTIES.iter().map(|p| ident(*p)));
        common.extend([ident(INSPECTION_DATE), ident(FOUND)]);
        let tail = |to_score: bool, seeds: Vec<Expr>| {
            let mut cols = common.clone();
            cols.push(lit(to_score).alias(TO_SCORE));
            cols.extend(seeds);
            cols.push(lit(base.0).alias(BASE[0]));
            cols.push(lit(base.1).alias(BASE[1]));
            cols
        };
        let zeros: Vec<Expr> = SEEDS
            .iter()
            .flatten()
            .map(|n| lit(0i64).alias(*n))
            .collect();
        let df = lines
            .select(tail(true, seeds))
            .and_then(|l| l.union(early.select(tail(false, zeros))?))
            .and_then(|df| {
                df.sort(vec![
                    ident(TO_SCORE).sort(false, false),
                    arrival().sort(true, false),
                    ident("manifest_key").sort(true, false),
                ])
            })
            .map_err(planning)?;
        let schema: SchemaRef = df.schema().inner().clone();
        let batches = df
            .collect()
            .await
            .map_err(|e| Error::internal("reading the shipments", e))?;
        Ok((schema, batches))
    }
}

/// The inspections and frauds of the rest of the history, whatever their keys.
async fn base_seed(rest: &DataFrame) -> Result<(i64, i64), Error> {
    let totals = rest
        .clone()
        .aggregate(
            vec![],
            vec![sum(ident("ins")).alias("i"), sum(ident("hit")).alias("f")],
        )
        .map_err(planning)?
        .collect()
        .await
        .map_err(|e| Error::internal("counting the inspections before the window", e))?;
    let first = |name: &str| -> Result<i64, Error> {
        Ok(match totals.first() {
            Some(b) if b.num_rows() > 0 => ints(b, name)?[0],
            _ => 0,
        })
    };
    Ok((first("i")?, first("f")?))
}
