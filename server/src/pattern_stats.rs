//! Statistics of the four supply-chain patterns ([`portal_core::patterns`]): for every
//! combination of a pattern's parties, the manifest lines that arrived before the day being
//! scored, the inspections done before it and the frauds they found, a smoothed hit rate and its
//! lift over the base rate of the same rows, first and last arrival. Nothing on or after the day
//! counts (no look-ahead), and an office-scoped user's statistics are made from their office's
//! manifests, declarations and inspections only.

use arrow_array::RecordBatch;
use arrow_schema::DataType;
use arrow_schema::SchemaRef;
use datafusion::common::{JoinType, ScalarValue};
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::functions_aggregate::count::count_all;
use datafusion::functions_aggregate::expr_fn::{max, min, sum};
use datafusion::logical_expr::{cast, when};
use datafusion::prelude::{Expr, ident, lit};
use portal_core::datasets::{CARGO_MANIFEST, IMPORT_DECLARATION, INSPECTION};
use portal_core::patterns::{KeySource, PRIOR_INSPECTIONS, Pattern, PatternBounds};

use crate::engine::Engine;
use crate::error::Error;
use crate::scope::Scope;

fn planning(e: DataFusionError) -> Error {
    Error::internal("planning pattern statistics", e)
}

/// The day `d` (days since 1970-01-01) as a literal.
pub(crate) fn day(d: i32) -> Expr {
    lit(ScalarValue::Date32(Some(d)))
}

/// 1 where `cond` holds, else 0.
pub(crate) fn one_if(cond: Expr) -> Expr {
    when(cond, lit(1i64))
        .otherwise(lit(0i64))
        .unwrap_or(lit(0i64))
}

impl Engine {
    /// The manifest lines of `scope` that arrived before `bounds.before`, joined to their
    /// declaration and inspection, with `inspected` and `found` (done before the day).
    async fn pattern_rows(
        &self,
        pattern: Pattern,
        bounds: &PatternBounds,
        scope: &Scope,
    ) -> Result<DataFrame, Error> {
        let mut manifest = self.scoped_table(&CARGO_MANIFEST, scope).await?;
        if let Some(d) = bounds.before {
            manifest = manifest
                .filter(ident("arrival_date").lt(day(d)))
                .map_err(planning)?;
        }
        let mut keep: Vec<Expr> = vec![ident("manifest_key"), ident("arrival_date")];
        keep.extend(
            pattern
                .keys()
                .iter()
                .filter(|k| k.source == KeySource::Manifest)
                .map(|k| ident(k.column)),
        );
        let manifest = manifest.select(keep).map_err(planning)?;
        let mut decl_cols = vec![
            ident("manifest_key").alias("d_manifest_key"),
            ident("declaration_id").alias("d_declaration_id"),
        ];
        decl_cols.extend(
            pattern
                .keys()
                .iter()
                .filter(|k| k.source == KeySource::Declaration)
                .map(|k| ident(k.column)),
        );
        let decl = Ok::<_, DataFusionError>(self.scoped_table(&IMPORT_DECLARATION, scope).await?)
            .and_then(|df| df.filter(ident("manifest_key").is_not_null()))
            .and_then(|df| df.select(decl_cols))
            .map_err(planning)?;
        let inspection = Ok::<_, DataFusionError>(self.scoped_table(&INSPECTION, scope).await?)
            .and_then(|df| {
                df.select(vec![
                    ident("declaration_id").alias("i_declaration_id"),
                    ident("selected"),
                    ident("fraud"),
                    ident("inspection_date"),
                ])
            })
            .map_err(planning)?;
        let done = match bounds.before {
            Some(d) => ident("inspection_date").lt(day(d)),
            None => ident("inspection_date").is_not_null(),
        };
        let inspected = ident("selected").is_true().and(done);
        manifest
            .join(
                decl,
                JoinType::Left,
                &["manifest_key"],
                &["d_manifest_key"],
                None,
            )
            .and_then(|df| {
                df.join(
                    inspection,
                    JoinType::Left,
                    &["d_declaration_id"],
                    &["i_declaration_id"],
                    None,
                )
            })
            .and_then(|df| {
                let mut cols: Vec<Expr> = vec![ident("arrival_date")];
                cols.extend(pattern.keys().iter().map(|k| ident(k.column)));
                cols.push(one_if(inspected.clone()).alias("inspected"));
                cols.push(one_if(inspected.and(ident("fraud").is_true())).alias("found"));
                df.select(cols)
            })
            .map_err(planning)
    }

    /// The statistics of every combination of `pattern` within `scope` and `bounds`, highest
    /// lift first (then most frauds, then by key).
    pub async fn pattern_statistics(
        &self,
        pattern: Pattern,
        bounds: &PatternBounds,
        scope: &Scope,
    ) -> Result<(SchemaRef, Vec<RecordBatch>), Error> {
        self.need_shipments()?;
        let rows = self.pattern_rows(pattern, bounds, scope).await?;
        // The base rate of the scope's rows before the day, whatever their keys.
        let totals = rows
            .clone()
            .aggregate(
                vec![],
                vec![
                    sum(ident("inspected")).alias("n"),
                    sum(ident("found")).alias("k"),
                ],
            )
            .map_err(planning)?
            .collect()
            .await
            .map_err(|e| Error::internal("computing the base rate", e))?;
        let total = |name: &str| {
            totals
                .first()
                .and_then(|b| b.column_by_name(name))
                .and_then(|c| ScalarValue::try_from_array(c, 0).ok())
                .and_then(|v| match v {
                    ScalarValue::Int64(Some(n)) => Some(n as f64),
                    _ => None,
                })
                .unwrap_or(0.0)
        };
        let (n, k) = (total("n"), total("k"));
        let base = if n > 0.0 { k / n } else { 0.0 };
        let keys: Vec<Expr> = pattern.keys().iter().map(|k| ident(k.column)).collect();
        let not_null = keys
            .iter()
            .map(|k| k.clone().is_not_null())
            .reduce(Expr::and)
            .unwrap_or(lit(true));
        let float = |e: Expr| cast(e, DataType::Float64);
        let hit_rate = (float(ident("frauds")) + lit(PRIOR_INSPECTIONS * base))
            / (float(ident("inspections")) + lit(PRIOR_INSPECTIONS));
        let lift = if base > 0.0 {
            hit_rate.clone() / lit(base)
        } else {
            lit(1.0)
        };
        let mut out: Vec<Expr> = keys.clone();
        out.extend([
            ident("shipments"),
            ident("inspections"),
            ident("frauds"),
            hit_rate.alias("hit_rate"),
            lift.alias("lift"),
            lit(base).alias("base_rate"),
            ident("first_seen"),
            ident("last_seen"),
        ]);
        let mut order = vec![
            ident("lift").sort(false, false),
            ident("frauds").sort(false, false),
        ];
        order.extend(keys.iter().map(|k| k.clone().sort(true, false)));
        let df = rows
            .filter(not_null)
            .and_then(|df| {
                df.aggregate(
                    keys.clone(),
                    vec![
                        count_all().alias("shipments"),
                        sum(ident("inspected")).alias("inspections"),
                        sum(ident("found")).alias("frauds"),
                        min(ident("arrival_date")).alias("first_seen"),
                        max(ident("arrival_date")).alias("last_seen"),
                    ],
                )
            })
            .and_then(|df| df.filter(ident("shipments").gt_eq(lit(bounds.min_shipments as i64))))
            .and_then(|df| df.select(out))
            .and_then(|df| df.sort(order))
            .and_then(|df| df.limit(0, Some(bounds.limit as usize)))
            .map_err(planning)?;
        let schema: SchemaRef = df.schema().inner().clone();
        let batches = df
            .collect()
            .await
            .map_err(|e| Error::internal("computing pattern statistics", e))?;
        Ok((schema, batches))
    }
}

/// The same statistics written as SQL (DuckDB's dialect) over tables named as the datasets, in
/// the answer's column order (`base_rate` aside) and order: for the differential test and the
/// benchmark, which compare the engine's answers with DuckDB's over the same Parquet.
pub fn reference_sql(
    pattern: Pattern,
    as_of: &str,
    office: Option<&str>,
    min_shipments: u64,
    limit: u64,
) -> String {
    let only =
        |alias: &str| office.map_or(String::new(), |o| format!(" AND {alias}office_id = '{o}'"));
    let names: Vec<&str> = pattern.keys().iter().map(|k| k.column).collect();
    let select = pattern
        .keys()
        .iter()
        .map(|k| match k.source {
            KeySource::Manifest => format!("m.{0} AS {0}", k.column),
            KeySource::Declaration => format!("d.{0} AS {0}", k.column),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let cols = names.join(", ");
    let not_null = names
        .iter()
        .map(|n| format!("{n} IS NOT NULL"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let rate = format!(
        "(sum(hit) + {PRIOR_INSPECTIONS} * any_value(base)) / (sum(ins) + {PRIOR_INSPECTIONS})"
    );
    format!(
        "WITH r AS (SELECT {select}, m.arrival_date, \
           CASE WHEN i.selected AND i.inspection_date < DATE '{as_of}' THEN 1 ELSE 0 END AS ins, \
           CASE WHEN i.selected AND i.inspection_date < DATE '{as_of}' AND i.fraud THEN 1 ELSE 0 END AS hit \
         FROM cargo_manifest m \
         LEFT JOIN (SELECT * FROM import_declaration WHERE manifest_key IS NOT NULL{d}) d \
           ON d.manifest_key = m.manifest_key \
         LEFT JOIN (SELECT * FROM inspection WHERE TRUE{d}) i ON i.declaration_id = d.declaration_id \
         WHERE m.arrival_date < DATE '{as_of}'{m}), \
         b AS (SELECT sum(hit)::DOUBLE / sum(ins) AS base FROM r) \
         SELECT {cols}, count(*) AS shipments, sum(ins) AS inspections, sum(hit) AS frauds, \
           {rate} AS hit_rate, {rate} / any_value(base) AS lift, \
           min(arrival_date) AS first_seen, max(arrival_date) AS last_seen \
         FROM r, b WHERE {not_null} GROUP BY {cols} HAVING count(*) >= {min_shipments} \
         ORDER BY lift DESC, frauds DESC, {cols} LIMIT {limit}",
        d = only(""),
        m = only("m."),
    )
}

#[cfg(test)]
mod tests {
    use arrow_array::{Array, Date32Array, Float64Array, Int64Array};
    use portal_core::date::days_from_civil;
    use portal_core::patterns::PatternQuery;

    use super::*;
    use crate::data::rows::{
        DeclarationRow, Declarations, InspectionRow, Inspections, ManifestRow, Manifests,
    };
    use crate::data::table::RowWriter;

    /// One manifest line: key, consignee, office, arrival day, goods, and its inspection (day,
    /// fraud) if selected.
    type Line = (
        &'static str,
        &'static str,
        &'static str,
        i32,
        &'static str,
        Option<(i32, bool)>,
    );

    /// The hand-checked set, days relative to D = 2020-03-01.
    const LINES: [Line; 6] = [
        ("M1", "I1", "20", -10, "030354", Some((-8, true))),
        ("M2", "I1", "20", -5, "030354", Some((-3, false))),
        ("M3", "I1", "20", -2, "030354", Some((1, true))),
        ("M4", "I1", "20", 1, "030354", None),
        ("M5", "I2", "20", -7, "870323", None),
        ("M6", "I2", "40", -6, "870323", Some((-6, true))),
    ];

    fn d() -> i32 {
        days_from_civil(2020, 3, 1)
    }

    async fn engine(dir: &std::path::Path) -> Engine {
        let path = |t: &str| {
            let p = dir.join(t);
            std::fs::create_dir_all(&p).expect("dir");
            p.join("t.parquet")
        };
        let mut m = RowWriter::<Manifests>::create(&path("cargo_manifest")).expect("m");
        let mut dcl = RowWriter::<Declarations>::create(&path("import_declaration")).expect("d");
        let mut ins = RowWriter::<Inspections>::create(&path("inspection")).expect("i");
        for (key, consignee, office, arrival, hs6, inspected) in LINES {
            let id = format!("X{key}");
            m.write(&ManifestRow {
                manifest_key: Some(key),
                bl_no: Some("B"),
                house_bl_no: Some("H"),
                call_id: Some("C"),
                transport_mode: Some("10"),
                vessel_flight: Some("V"),
                loading_port: Some("CNSHA"),
                arrival_date: Some(d() + arrival),
                office_id: Some(office),
                packages: Some(1),
                gross_weight: Some(1.0),
                forwarder_id: Some("F1"),
                carrier_id: Some("T1"),
                departure_country: Some("CN"),
                consignor_id: None,
                consignee_id: Some(consignee),
                storage_location: Some("W1"),
            })
            .expect("row");
            dcl.write(&DeclarationRow {
                declaration_id: Some(&id),
                declaration_date: Some(d() + arrival + 1),
                office_id: Some(office),
                process_type: Some("x"),
                import_type: Some("x"),
                import_use: Some("x"),
                payment_type: Some("x"),
                transport_mode: Some("10"),
                declarant_id: Some("B1"),
                importer_id: Some(consignee),
                hs6: Some(hs6),
                country_departure: Some("CN"),
                country_origin: Some("CN"),
                tax_rate: Some(8.0),
                tax_type: Some("A"),
                origin_indicator: Some("Y"),
                net_mass: Some(1.0),
                item_price: Some(1.0),
                hs10: Some("0303540000"),
                item_description: Some("x"),
                quantity: Some(1.0),
                quantity_unit: Some("KG"),
                declared_value: Some(1.0),
                currency: Some("USD"),
                fta_claim: Some(false),
                manifest_key: Some(key),
                source: Some("generated"),
                ..DeclarationRow::default()
            })
            .expect("row");
            ins.write(&InspectionRow {
                declaration_id: Some(&id),
                office_id: Some(office),
                selected: Some(inspected.is_some()),
                inspection_date: inspected.map(|(day, _)| d() + day),
                selection_type: Some("document"),
                result: Some("cleared"),
                fraud: Some(inspected.is_some_and(|(_, f)| f)),
                critical_fraud: Some(false),
                additional_duty: Some(0.0),
            })
            .expect("row");
        }
        m.finish().expect("m");
        dcl.finish().expect("d");
        ins.finish().expect("i");
        Engine::open(dir).await.expect("engine")
    }

    /// (keys joined by '|', shipments, inspections, frauds, hit rate, lift, first, last) by row.
    type Stat = (String, i64, i64, i64, f64, f64, i32, i32);

    async fn stats(engine: &Engine, p: Pattern, as_of: i32, scope: &Scope) -> Vec<Stat> {
        let q = PatternQuery {
            as_of: Some(portal_core::date::format_days(as_of)),
            ..PatternQuery::default()
        };
        let (_, batches) = engine
            .pattern_statistics(p, &q.validate().expect("valid"), scope)
            .await
            .expect("stats");
        let mut out = Vec::new();
        for b in &batches {
            let col = |n: &str| b.column_by_name(n).expect(n).clone();
            let text = |n: &str| crate::columns::text_array(b, n).ok();
            let int = |n: &str| {
                col(n)
                    .as_any()
                    .downcast_ref::<Int64Array>()
                    .cloned()
                    .expect(n)
            };
            let float = |n: &str| {
                col(n)
                    .as_any()
                    .downcast_ref::<Float64Array>()
                    .cloned()
                    .expect(n)
            };
            let date = |n: &str| {
                col(n)
                    .as_any()
                    .downcast_ref::<Date32Array>()
                    .cloned()
                    .expect(n)
            };
            for r in 0..b.num_rows() {
                let key: Vec<String> = p
                    .keys()
                    .iter()
                    .map(|k| text(k.column).map_or(String::new(), |a| a.value(r).to_owned()))
                    .collect();
                out.push((
                    key.join("|"),
                    int("shipments").value(r),
                    int("inspections").value(r),
                    int("frauds").value(r),
                    float("hit_rate").value(r),
                    float("lift").value(r),
                    date("first_seen").value(r) - d(),
                    date("last_seen").value(r) - d(),
                ));
                assert!(!col("base_rate").is_null(r));
            }
        }
        out
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[tokio::test]
    async fn combinations_count_only_what_happened_before_the_day() {
        let tmp = tempfile::tempdir().expect("tmp");
        let engine = engine(tmp.path()).await;
        // As of D, nationally: inspected before D are M1 (fraud), M2, M6 (fraud): base 2/3.
        // M3 arrived but was inspected on D+1; M4 arrives on D+1.
        let base = 2.0 / 3.0;
        let got = stats(&engine, Pattern::ConsigneeOffice, d(), &Scope::National).await;
        let by = |k: &str| got.iter().find(|s| s.0 == k).cloned().expect(k);
        let i1 = by("I1|20");
        assert_eq!((i1.1, i1.2, i1.3, i1.6, i1.7), (3, 2, 1, -10, -2));
        assert!(close(i1.4, (1.0 + 10.0 * base) / 12.0) && close(i1.5, i1.4 / base));
        let i2_40 = by("I2|40");
        assert_eq!((i2_40.1, i2_40.2, i2_40.3), (1, 1, 1));
        assert!(close(i2_40.4, (1.0 + 10.0 * base) / 11.0));
        let i2_20 = by("I2|20");
        assert_eq!((i2_20.1, i2_20.2, i2_20.3), (1, 0, 0));
        assert!(close(i2_20.4, base) && close(i2_20.5, 1.0));
        assert_eq!(got.len(), 3);
        // Highest lift first.
        assert_eq!(got[0].0, "I2|40");

        // Five days later M3's inspection and M4's arrival count.
        let later = stats(&engine, Pattern::ConsigneeOffice, d() + 5, &Scope::National).await;
        let i1 = later.iter().find(|s| s.0 == "I1|20").expect("I1");
        assert_eq!((i1.1, i1.2, i1.3, i1.7), (4, 3, 2, 1));

        // Goods come from the declaration.
        let goods = stats(&engine, Pattern::ConsigneeGoods, d(), &Scope::National).await;
        let keys: Vec<(&str, i64, i64, i64)> = goods
            .iter()
            .map(|s| (s.0.as_str(), s.1, s.2, s.3))
            .collect();
        assert!(keys.contains(&("I1|030354", 3, 2, 1)), "{keys:?}");
        assert!(keys.contains(&("I2|870323", 2, 1, 1)), "{keys:?}");
    }

    #[tokio::test]
    async fn an_office_sees_its_own_rows_and_base_rate_only() {
        let tmp = tempfile::tempdir().expect("tmp");
        let engine = engine(tmp.path()).await;
        let got = stats(
            &engine,
            Pattern::ConsigneeOffice,
            d(),
            &Scope::Office("20".into()),
        )
        .await;
        // Office 20 inspected M1 (fraud) and M2 before D: base 1/2.
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|s| s.0.ends_with("|20")));
        let i1 = got.iter().find(|s| s.0 == "I1|20").expect("I1");
        assert!(close(i1.4, (1.0 + 5.0) / 12.0) && close(i1.5, 1.0));
        // Pattern 1 leaves out lines without a consignor.
        let p1 = stats(
            &engine,
            Pattern::ForwarderConsignorStorage,
            d(),
            &Scope::National,
        )
        .await;
        assert!(p1.is_empty(), "{p1:?}");
    }
}
