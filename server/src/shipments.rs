//! The shipments behind the supply-chain model: every manifest line of a scope joined to its
//! declaration (goods, planted pattern) and inspection (day done, fraud found), read by the CLI
//! (`portal score --model supply-chain`, its evaluation) and cut into the window the browser
//! scores (`GET /api/shipments`, [`portal_scoring::supply_chain::window`]): the lines that
//! arrived in the days asked, the earlier lines inspected from the first day on, and for each
//! line the seeds of its combinations from the rest of the history. An office-scoped user's
//! shipments are their office's manifests, declarations and inspections only.

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use datafusion::common::JoinType;
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::functions::expr_fn::coalesce;
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::prelude::{Expr, ident, lit};
use portal_core::datasets::{CARGO_MANIFEST, IMPORT_DECLARATION, INSPECTION};
use portal_core::shipments::ShipmentBounds;
use portal_scoring::supply_chain::window::{BASE, FOUND, INSPECTION_DATE, SEEDS, TO_SCORE};
use portal_scoring::supply_chain::{COMBINATIONS, PARTIES};

use crate::columns::ints;
use crate::engine::Engine;
use crate::error::Error;
use crate::pattern_stats::{day, one_if};
use crate::scope::Scope;

fn planning(e: DataFusionError) -> Error {
    Error::internal("planning the shipments", e)
}

impl Engine {
    /// Fails with `data_unavailable` unless the three datasets are there.
    pub fn need_shipments(&self) -> Result<(), Error> {
        self.need(&[&CARGO_MANIFEST, &IMPORT_DECLARATION, &INSPECTION])
    }

    /// The three parts of the shipments of `scope`: the manifest lines (`manifest_key`,
    /// `arrival_date` and the manifest's party columns), their goods (`d_key`,
    /// `declaration_id`, `hs6`, `risk_pattern`) and the inspections done (`c_key`,
    /// `inspection_date`, `found`: selected inspections only, by manifest line).
    async fn shipment_parts(&self, scope: &Scope) -> Result<Parts, Error> {
        self.need_shipments()?;
        let mut cols = vec![ident("manifest_key"), ident("arrival_date")];
        cols.extend(PARTIES.iter().filter(|p| **p != "hs6").map(|p| ident(*p)));
        let manifest = Ok::<_, DataFusionError>(self.scoped_table(&CARGO_MANIFEST, scope).await?)
            .and_then(|df| df.select(cols))
            .map_err(planning)?;
        let goods = Ok::<_, DataFusionError>(self.scoped_table(&IMPORT_DECLARATION, scope).await?)
            .and_then(|df| df.filter(ident("manifest_key").is_not_null()))
            .and_then(|df| {
                df.select(vec![
                    ident("manifest_key").alias("d_key"),
                    ident("declaration_id"),
                    ident("hs6"),
                    ident("risk_pattern"),
                ])
            })
            .map_err(planning)?;
        // Selected inspections are a small part of the declarations: they are the side held in
        // memory when joined.
        let inspected = Ok::<_, DataFusionError>(self.scoped_table(&INSPECTION, scope).await?)
            .and_then(|df| df.filter(ident("selected").is_true()))
            .and_then(|df| {
                df.select(vec![
                    ident("declaration_id").alias("i_id"),
                    ident("inspection_date").alias(INSPECTION_DATE),
                    ident("fraud").is_true().alias(FOUND),
                ])
            })
            .and_then(|df| {
                df.join(
                    goods
                        .clone()
                        .select(vec![ident("d_key").alias("c_key"), ident("declaration_id")])?,
                    JoinType::Inner,
                    &["i_id"],
                    &["declaration_id"],
                    None,
                )
            })
            .and_then(|df| df.select(vec![ident("c_key"), ident(INSPECTION_DATE), ident(FOUND)]))
            .map_err(planning)?;
        Ok(Parts {
            manifest,
            goods,
            inspected,
        })
    }

    /// The manifest lines of `scope` with `manifest_key`, `arrival_date`, `declaration_id`,
    /// `risk_pattern`, the party columns ([`PARTIES`]), `inspection_date` (none unless it was
    /// selected) and `found`. Every line is joined to its goods: for the CLI, which holds them
    /// all.
    pub async fn shipment_rows(&self, scope: &Scope) -> Result<DataFrame, Error> {
        let parts = self.shipment_parts(scope).await?;
        parts
            .with_goods(parts.manifest.clone())
            .and_then(|df| parts.with_inspections(df))
            .and_then(|df| df.select(row_columns()))
            .map_err(planning)
    }

    /// The window `GET /api/shipments` answers: the lines of `scope` that arrived from
    /// `b.from` to `b.to` (earliest first, at most `b.limit`: a prefix in time, so every line
    /// keeps all of its earlier history), each with the seeds of its combinations; then the
    /// lines that arrived before `b.from` and were inspected from it to `b.to`.
    ///
    /// Planned so that the side of every join held in memory is small (the window, its
    /// consignees, the inspections), whatever the size of the history: the seeds of the
    /// combinations made of manifest columns are counted over the manifest alone, those of
    /// consignee + goods over the lines of the window's consignees.
    pub async fn shipment_window(
        &self,
        b: &ShipmentBounds,
        scope: &Scope,
    ) -> Result<(SchemaRef, Vec<RecordBatch>), Error> {
        let parts = self.shipment_parts(scope).await?;
        let (from, to) = (day(b.from), day(b.to));
        let arrival = || ident("arrival_date");
        let done = || ident(INSPECTION_DATE);
        let window = parts
            .manifest
            .clone()
            .filter(arrival().between(from.clone(), to.clone()))
            .and_then(|df| {
                df.sort(vec![
                    arrival().sort(true, false),
                    ident("manifest_key").sort(true, false),
                ])
            })
            .and_then(|df| df.limit(0, Some(b.limit as usize)))
            .and_then(|df| parts.with_goods(df))
            .and_then(|df| parts.with_inspections(df))
            .map_err(planning)?
            // Read once: its consignees and its lines are both read from it below.
            .cache()
            .await
            .map_err(|e| Error::internal("reading the lines to score", e))?;
        // Earlier lines inspected within the window: their inspections count for its lines.
        let early = parts
            .inspected
            .clone()
            .filter(done().between(from.clone(), to.clone()))
            .and_then(|df| {
                df.join(
                    parts.manifest.clone().filter(arrival().lt(from.clone()))?,
                    JoinType::Inner,
                    &["c_key"],
                    &["manifest_key"],
                    None,
                )
            })
            .and_then(|df| parts.with_goods(df))
            .map_err(planning)?;
        // The rest of the history: earlier lines not sent, with what was known before `from`.
        let known = done().lt(from.clone());
        let before = parts
            .manifest
            .clone()
            .filter(arrival().lt(from.clone()))
            .map_err(planning)?;
        let rest = parts
            .inspected
            .clone()
            .join(before, JoinType::Right, &["c_key"], &["manifest_key"], None)
            .and_then(|df| {
                df.filter(
                    done()
                        .is_null()
                        .or(done().lt(from.clone()))
                        .or(done().gt(to.clone())),
                )
            })
            .and_then(|df| {
                let mut cols: Vec<Expr> = vec![ident("manifest_key")];
                cols.extend(PARTIES.iter().filter(|p| **p != "hs6").map(|p| ident(*p)));
                cols.push(one_if(known.clone()).alias("ins"));
                cols.push(one_if(known.and(ident(FOUND).is_true())).alias("hit"));
                df.select(cols)
            })
            .map_err(planning)?;
        let base = base_seed(&rest).await?;
        // Consignee + goods needs the goods of earlier lines: only of the window's consignees.
        let consignees = window
            .clone()
            .select(vec![ident("consignee_id").alias("w_consignee")])
            .and_then(DataFrame::distinct)
            .map_err(planning)?;
        let rest_goods = consignees
            .join(
                rest.clone(),
                JoinType::Inner,
                &["w_consignee"],
                &["consignee_id"],
                None,
            )
            .and_then(|df| parts.with_goods(df))
            .map_err(planning)?;
        let mut lines = window;
        let mut seeds: Vec<Expr> = Vec::new();
        for (c, combination) in COMBINATIONS.iter().enumerate() {
            let keys: Vec<&str> = combination.iter().map(|&p| PARTIES[p]).collect();
            let source = if keys.contains(&"hs6") {
                rest_goods.clone()
            } else {
                rest.clone()
            };
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
            let seen = source
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
        let tail = |to_score: bool, seeds: Vec<Expr>| {
            let mut cols = row_columns();
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

/// The shipments' parts ([`Engine::shipment_parts`]).
struct Parts {
    manifest: DataFrame,
    goods: DataFrame,
    inspected: DataFrame,
}

impl Parts {
    /// `lines` (with `manifest_key`; the side held in memory) with their goods.
    fn with_goods(&self, lines: DataFrame) -> Result<DataFrame, DataFusionError> {
        lines.join(
            self.goods.clone(),
            JoinType::Left,
            &["manifest_key"],
            &["d_key"],
            None,
        )
    }

    /// `lines` with their inspection (`inspection_date` and `found`, none when not selected).
    fn with_inspections(&self, lines: DataFrame) -> Result<DataFrame, DataFusionError> {
        lines.join(
            self.inspected.clone(),
            JoinType::Left,
            &["manifest_key"],
            &["c_key"],
            None,
        )
    }
}

/// The columns of a shipment row, in order.
fn row_columns() -> Vec<Expr> {
    let mut cols = vec![
        ident("manifest_key"),
        ident("arrival_date"),
        ident("declaration_id"),
        ident("risk_pattern"),
    ];
    cols.extend(PARTIES.iter().map(|p| ident(*p)));
    cols.extend([
        ident(INSPECTION_DATE),
        coalesce(vec![ident(FOUND), lit(false)]).alias(FOUND),
    ]);
    cols
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
