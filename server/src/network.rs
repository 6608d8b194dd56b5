//! Ego networks of the stakeholder network ([`portal_core::network`]): breadth-first from one
//! party over the shipments of the user's scope (manifest lines with their declarations, under
//! the date and HS-chapter filters), one query per hop. Each hop's edges are the shipments that
//! touch its frontier, grouped by consignee and far end; edges already found at an earlier hop
//! are not repeated, edges under the shipment floor are neither kept nor followed, and a network
//! over the edge cap is refused rather than cut.

use std::collections::HashSet;
use std::sync::Arc;

use arrow_array::builder::{Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use datafusion::common::{JoinType, ScalarValue};
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::{max, min, sum};
use datafusion::logical_expr::cast;
use datafusion::prelude::{Expr, ident, lit};
use portal_core::datasets::{CARGO_MANIFEST, IMPORT_DECLARATION};
use portal_core::network::{EDGE_COLUMNS, EgoBounds, PartyRole};

use crate::columns::{days, floats, ints, strings};
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::scope::Scope;

fn planning(e: DataFusionError) -> Error {
    Error::internal("planning an ego network", e)
}

/// The schema of an ego network's edges.
pub fn edge_schema() -> SchemaRef {
    let types = [
        DataType::Utf8,
        DataType::Utf8,
        DataType::Utf8,
        DataType::Int64,
        DataType::Float64,
        DataType::Int64,
        DataType::Date32,
        DataType::Date32,
        DataType::Int64,
    ];
    Arc::new(Schema::new(
        EDGE_COLUMNS
            .iter()
            .zip(types)
            .map(|(n, t)| Field::new(*n, t, false))
            .collect::<Vec<_>>(),
    ))
}

fn in_set(column: &str, ids: &[String]) -> Expr {
    ident(column).in_list(ids.iter().map(|i| lit(i.clone())).collect(), false)
}

impl Engine {
    /// The shipments of `scope` under the filters: consignee, every role's column, arrival day,
    /// customs value, fraud, both offices and HS6.
    async fn shipments(&self, b: &EgoBounds, scope: &Scope) -> Result<DataFrame, Error> {
        let ctx = self.session();
        let open = |name: &'static str| async move {
            ctx.table(name)
                .await
                .map_err(|e| Error::internal("opening a table", e))
        };
        let mut manifest = open(CARGO_MANIFEST.name).await?;
        let mut decl = open(IMPORT_DECLARATION.name).await?;
        if let Some(o) = scope.office() {
            manifest = manifest
                .filter(ident("office_id").eq(lit(o)))
                .map_err(planning)?;
            decl = decl
                .filter(ident("office_id").eq(lit(o)))
                .map_err(planning)?;
        }
        let day = |d: i32| lit(ScalarValue::Date32(Some(d)));
        if let Some(d) = b.from {
            manifest = manifest
                .filter(ident("arrival_date").gt_eq(day(d)))
                .map_err(planning)?;
        }
        if let Some(d) = b.to {
            manifest = manifest
                .filter(ident("arrival_date").lt_eq(day(d)))
                .map_err(planning)?;
        }
        if let Some(c) = &b.chapter {
            decl = decl
                .filter(ident("hs6").like(lit(format!("{c}%"))))
                .map_err(planning)?;
        }
        let mut m_cols = vec![
            ident("manifest_key"),
            ident("consignee_id"),
            ident("arrival_date"),
            ident("office_id").alias("m_office"),
        ];
        let mut d_cols = vec![
            ident("manifest_key").alias("d_manifest_key"),
            ident("item_price"),
            cast(ident("fraud"), DataType::Int64).alias("fraud"),
            ident("office_id").alias("d_office"),
            ident("hs6"),
        ];
        for role in PartyRole::ALL {
            match role.column() {
                (c, true) => d_cols.push(ident(c)),
                (c, false) => m_cols.push(ident(c)),
            }
        }
        let decl = decl
            .filter(ident("manifest_key").is_not_null())
            .and_then(|df| df.select(d_cols))
            .map_err(planning)?;
        manifest
            .filter(ident("consignee_id").is_not_null())
            .and_then(|df| df.select(m_cols))
            .and_then(|df| {
                df.join(
                    decl,
                    JoinType::Inner,
                    &["manifest_key"],
                    &["d_manifest_key"],
                    None,
                )
            })
            .map_err(planning)
    }

    /// Every shipment of every office, without filters (for [`crate::network_index`]), with
    /// the manifest line's office (`m_office`), the declaration's (`d_office`) and `hs6`; none
    /// without manifests or declarations.
    pub(crate) async fn every_shipment(&self) -> Result<Option<DataFrame>, Error> {
        if !(self.has(CARGO_MANIFEST.name) && self.has(IMPORT_DECLARATION.name)) {
            return Ok(None);
        }
        let all = EgoBounds {
            party: String::new(),
            hops: 1,
            from: None,
            to: None,
            chapter: None,
            min_shipments: 1,
            max_edges: 1,
            roles: PartyRole::ALL.to_vec(),
        };
        self.shipments(&all, &Scope::National).await.map(Some)
    }

    /// The edges of hop `hop`: shipments touching `frontier`, by consignee and far end, with
    /// neither end in `seen`; at most `room + 1` rows (one more than fits tells the cap).
    async fn hop_edges(
        &self,
        shipments: &DataFrame,
        b: &EgoBounds,
        frontier: &[String],
        seen: &[String],
        room: u64,
    ) -> Result<Vec<RecordBatch>, Error> {
        let mut touching = in_set("consignee_id", frontier);
        for role in &b.roles {
            touching = touching.or(in_set(role.column().0, frontier));
        }
        // Read once: each role's part of the union below would run the join again.
        let near = shipments
            .clone()
            .filter(touching)
            .map_err(planning)?
            .cache()
            .await
            .map_err(|e| Error::internal("reading the shipments near the frontier", e))?;
        let Some(all) = star_edges(&near, &b.roles)? else {
            return Ok(Vec::new());
        };
        // Only edges with an end in the frontier (a far end of another edge of the same
        // shipment is not one), and none found before.
        let mut keep = in_set("source", frontier).or(in_set("target", frontier));
        if !seen.is_empty() {
            keep = keep.and(
                ident("source")
                    .in_list(seen.iter().map(|i| lit(i.clone())).collect(), true)
                    .and(
                        ident("target")
                            .in_list(seen.iter().map(|i| lit(i.clone())).collect(), true),
                    ),
            );
        }
        all.filter(keep)
            .and_then(|df| {
                df.aggregate(
                    vec![ident("source"), ident("target"), ident("target_role")],
                    vec![
                        count_all().alias("shipments"),
                        sum(ident("item_price")).alias("value"),
                        sum(ident("fraud")).alias("frauds"),
                        min(ident("arrival_date")).alias("first_seen"),
                        max(ident("arrival_date")).alias("last_seen"),
                    ],
                )
            })
            .and_then(|df| df.filter(ident("shipments").gt_eq(lit(b.min_shipments as i64))))
            .and_then(|df| {
                df.sort(vec![
                    ident("shipments").sort(false, false),
                    ident("source").sort(true, false),
                    ident("target").sort(true, false),
                ])
            })
            .and_then(|df| df.limit(0, Some(room as usize + 1)))
            .map_err(planning)?
            .collect()
            .await
            .map_err(|e| Error::internal("computing an ego network", e))
    }

    /// Every edge of `scope`'s network under the filters of `b` (its party, hops and cap
    /// aside): `source`, `target`, `target_role`, `shipments`, `frauds`. For analyses over the
    /// whole network (the accomplice evaluation); the page asks for ego networks.
    pub async fn all_edges(&self, b: &EgoBounds, scope: &Scope) -> Result<Vec<RecordBatch>, Error> {
        let shipments = self
            .shipments(b, scope)
            .await?
            .cache()
            .await
            .map_err(|e| Error::internal("reading the shipments", e))?;
        let Some(all) = star_edges(&shipments, &b.roles)? else {
            return Ok(Vec::new());
        };
        all.aggregate(
            vec![ident("source"), ident("target"), ident("target_role")],
            vec![
                count_all().alias("shipments"),
                sum(ident("fraud")).alias("frauds"),
            ],
        )
        .and_then(|df| df.filter(ident("shipments").gt_eq(lit(b.min_shipments as i64))))
        .map_err(planning)?
        .collect()
        .await
        .map_err(|e| Error::internal("computing the network", e))
    }

    /// The ego network of `b.party` within `scope`.
    pub async fn ego_network(
        &self,
        b: &EgoBounds,
        scope: &Scope,
    ) -> Result<(SchemaRef, Vec<RecordBatch>), Error> {
        self.need(&[&CARGO_MANIFEST, &IMPORT_DECLARATION])?;
        let shipments = self.shipments(b, scope).await?;
        let mut out = EdgeBuilder::default();
        let mut seen: Vec<String> = Vec::new();
        let mut known: HashSet<String> = HashSet::from([b.party.clone()]);
        let mut frontier = vec![b.party.clone()];
        for hop in 1..=b.hops {
            if frontier.is_empty() {
                break;
            }
            let room = b.max_edges - out.rows;
            let batches = self
                .hop_edges(&shipments, b, &frontier, &seen, room)
                .await?;
            let found: u64 = batches.iter().map(|x| x.num_rows() as u64).sum();
            check_hop(found, room, hop, b)?;
            let mut next = Vec::new();
            for batch in &batches {
                for end in strings(batch, "source")?
                    .into_iter()
                    .chain(strings(batch, "target")?)
                {
                    if known.insert(end.clone()) {
                        next.push(end);
                    }
                }
                out.push(batch, hop)?;
            }
            seen.append(&mut frontier);
            frontier = next;
        }
        Ok((edge_schema(), vec![out.finish()?]))
    }
}

/// The answer for a centre without shipments in the scope and filters (404: the same for a
/// party unknown and one outside the analyst's office).
pub(crate) fn no_shipments(b: &EgoBounds) -> Error {
    Error::client(
        ErrorCode::NotFound,
        format!(
            "no shipments name '{}' within your scope and filters",
            b.party
        ),
    )
}

/// Refuses hop `hop` when it found `found` edges: none at hop 1 (the party has no shipments in
/// the scope and filters), more than the `room` left under the cap.
pub(crate) fn check_hop(found: u64, room: u64, hop: u8, b: &EgoBounds) -> Result<(), Error> {
    if hop == 1 && found == 0 {
        return Err(no_shipments(b));
    }
    if found > room {
        return Err(Error::client(
            ErrorCode::TooManyRows,
            format!(
                "the network has more than {} edges by hop {hop}; narrow the dates, HS chapter \
                 or roles, raise the least shipments, or take fewer hops",
                b.max_edges
            ),
        ));
    }
    Ok(())
}

/// One row per shipment and far end: `source` (consignee), `target`, `target_role`,
/// `arrival_date`, `item_price`, `fraud`; none when no role is asked for.
fn star_edges(shipments: &DataFrame, roles: &[PartyRole]) -> Result<Option<DataFrame>, Error> {
    let mut by_role: Option<DataFrame> = None;
    for role in roles {
        let (column, _) = role.column();
        let part = shipments
            .clone()
            .filter(ident(column).is_not_null())
            .and_then(|df| {
                df.select(vec![
                    ident("consignee_id").alias("source"),
                    ident(column).alias("target"),
                    lit(role.as_str()).alias("target_role"),
                    ident("arrival_date"),
                    ident("item_price"),
                    ident("fraud"),
                ])
            })
            .map_err(planning)?;
        by_role = Some(match by_role {
            None => part,
            Some(all) => all.union(part).map_err(planning)?,
        });
    }
    Ok(by_role)
}

/// One edge of an answer.
pub(crate) struct Edge<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub role: &'a str,
    pub shipments: i64,
    pub value: f64,
    pub frauds: i64,
    pub first: Option<i32>,
    pub last: Option<i32>,
}

/// The edges of every hop in one batch.
#[derive(Default)]
pub(crate) struct EdgeBuilder {
    source: StringBuilder,
    target: StringBuilder,
    role: StringBuilder,
    shipments: Int64Builder,
    value: Float64Builder,
    frauds: Int64Builder,
    first: Date32Builder,
    last: Date32Builder,
    hop: Int64Builder,
    pub(crate) rows: u64,
}

impl EdgeBuilder {
    fn push(&mut self, b: &RecordBatch, hop: u8) -> Result<(), Error> {
        let (source, target, role) = (
            strings(b, "source")?,
            strings(b, "target")?,
            strings(b, "target_role")?,
        );
        let (shipments, value, frauds) = (
            ints(b, "shipments")?,
            floats(b, "value")?,
            ints(b, "frauds")?,
        );
        let (first, last) = (days(b, "first_seen")?, days(b, "last_seen")?);
        for i in 0..b.num_rows() {
            self.push_one(
                Edge {
                    source: &source[i],
                    target: &target[i],
                    role: &role[i],
                    shipments: shipments[i],
                    value: value[i],
                    frauds: frauds[i],
                    first: first[i],
                    last: last[i],
                },
                hop,
            );
        }
        Ok(())
    }

    pub(crate) fn push_one(&mut self, e: Edge<'_>, hop: u8) {
        self.source.append_value(e.source);
        self.target.append_value(e.target);
        self.role.append_value(e.role);
        self.shipments.append_value(e.shipments);
        self.value.append_value(e.value);
        self.frauds.append_value(e.frauds);
        self.first.append_option(e.first);
        self.last.append_option(e.last);
        self.hop.append_value(i64::from(hop));
        self.rows += 1;
    }

    pub(crate) fn finish(mut self) -> Result<RecordBatch, Error> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.source.finish()),
            Arc::new(self.target.finish()),
            Arc::new(self.role.finish()),
            Arc::new(self.shipments.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.frauds.finish()),
            Arc::new(self.first.finish()),
            Arc::new(self.last.finish()),
            Arc::new(self.hop.finish()),
        ];
        RecordBatch::try_new(edge_schema(), columns)
            .map_err(|e| Error::internal("building the edges", e))
    }
}
