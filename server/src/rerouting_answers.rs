//! The rerouting analysis as the browser reads it: every exporter of a scope with the features
//! the model scores (`GET /api/origin/exporters`, scored by tract in the browser's worker: no
//! model runs here), and one exporter's matched flows and routes (`GET
//! /api/origin/exporters/{id}`).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt32Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use datafusion::prelude::{ident, lit};
use portal_core::datasets::COMPANY;
use portal_core::date::format_days;
use portal_core::origin::columns::{EXPORTER, EXPORTS, FOB_KRW, KR_EXPORTS, MATCHED};
use portal_core::origin::{ExporterFlows, Flow, Route};
use portal_scoring::rerouting::{FEATURES, exporters};

use crate::columns::texts;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::feature_columns::push_features;
use crate::scope::Scope;

impl Engine {
    /// Every exporter of `scope` with its counts and features (one batch; [`FEATURES`] as
    /// float32 columns).
    pub async fn exporters_answer(
        &self,
        scope: &Scope,
    ) -> Result<(SchemaRef, Vec<RecordBatch>), Error> {
        let inputs = self.rerouting_inputs(scope, None, None).await?;
        let e = exporters(&inputs.exports, &inputs.imports, &inputs.facts);
        let mut fields = vec![
            Field::new(EXPORTER, DataType::Utf8, false),
            Field::new(EXPORTS, DataType::UInt32, false),
            Field::new(KR_EXPORTS, DataType::UInt32, false),
            Field::new(MATCHED, DataType::UInt32, false),
            Field::new(FOB_KRW, DataType::Float64, false),
        ];
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(e.iter().map(|x| &x.id))),
            Arc::new(UInt32Array::from_iter_values(e.iter().map(|x| x.exports))),
            Arc::new(UInt32Array::from_iter_values(
                e.iter().map(|x| x.kr_exports),
            )),
            Arc::new(UInt32Array::from_iter_values(e.iter().map(|x| x.matched))),
            Arc::new(Float64Array::from_iter_values(e.iter().map(|x| x.fob_krw))),
        ];
        let x: Vec<[f32; 17]> = e.iter().map(|x| x.x).collect();
        push_features(&mut fields, &mut cols, &FEATURES, &x);
        let schema = Arc::new(Schema::new(fields));
        let batch = RecordBatch::try_new(schema.clone(), cols)
            .map_err(|e| Error::internal("building the exporters", e))?;
        Ok((schema, vec![batch]))
    }

    /// Exporter `id`'s facts, matched flows and routes within `scope` (404 when it has no
    /// exports there).
    pub async fn exporter_flows(&self, scope: &Scope, id: &str) -> Result<ExporterFlows, Error> {
        let inputs = self.rerouting_inputs(scope, None, Some(id)).await?;
        if inputs.exports.is_empty() {
            return Err(Error::client(
                ErrorCode::NotFound,
                format!("exporter {id} has no exports you can see"),
            ));
        }
        let one = exporters(&inputs.exports, &inputs.imports, &inputs.facts)
            .into_iter()
            .next()
            .ok_or_else(|| Error::internal("the exporter's features", "none"))?;
        let (ex, im) = (&inputs.exports, &inputs.imports);
        let mut flows: Vec<Flow> = one
            .matches
            .iter()
            .map(|m| {
                let (e, i) = (&ex[m.export], &im[m.import]);
                Flow {
                    import_id: i.id.clone(),
                    import_date: format_days(i.day),
                    import_hs6: i.hs6.clone(),
                    import_value_krw: i.value_krw,
                    export_id: e.id.clone(),
                    export_date: format_days(e.day),
                    export_hs6: e.hs6.clone(),
                    destination: e.destination.clone(),
                    fob_krw: e.fob_krw,
                    lag_days: m.lag,
                    same_hs6: m.same_hs6,
                }
            })
            .collect();
        flows.sort_by(|a, b| (&a.export_date, &a.export_id).cmp(&(&b.export_date, &b.export_id)));
        // Routes of the Korean-declared exports: through a matched Chinese import or not.
        let matched: HashMap<usize, &str> = one.matches.iter().map(|m| (m.export, "CN")).collect();
        let mut by: HashMap<(&str, &str), Route> = HashMap::new();
        for (i, e) in ex.iter().enumerate().filter(|(_, e)| e.origin == "KR") {
            let origin = matched.get(&i).copied().unwrap_or("KR");
            let r = by
                .entry((origin, e.destination.as_str()))
                .or_insert_with(|| Route {
                    origin: origin.to_owned(),
                    destination: e.destination.clone(),
                    exports: 0,
                    fob_krw: 0.0,
                });
            r.exports += 1;
            r.fob_krw += e.fob_krw;
        }
        let mut routes: Vec<Route> = by.into_values().collect();
        routes.sort_by(|a, b| {
            b.fob_krw
                .total_cmp(&a.fob_krw)
                .then((&a.origin, &a.destination).cmp(&(&b.origin, &b.destination)))
        });
        let facts = inputs.facts.get(id).copied().unwrap_or_default();
        let (name, industry) = self.company_name(id).await?;
        Ok(ExporterFlows {
            exporter_id: id.to_owned(),
            name,
            industry,
            manufacturer: facts.manufacturer,
            factory_registered: facts.factory,
            employees: facts.employees,
            exports: one.exports,
            kr_exports: one.kr_exports,
            flows,
            routes,
        })
    }

    /// The name and industry of company `id` in the master (none when unknown).
    async fn company_name(&self, id: &str) -> Result<(Option<String>, Option<String>), Error> {
        let batches = self
            .scoped_table(&COMPANY, &Scope::National)
            .await?
            .filter(ident("company_id").eq(lit(id)))
            .and_then(|df| df.select(vec![ident("name"), ident("industry")]))
            .map_err(|e| Error::internal("planning the company", e))?
            .collect()
            .await
            .map_err(|e| Error::internal("reading the company", e))?;
        for b in &batches {
            if b.num_rows() > 0 {
                let name = texts(b, "name")?.swap_remove(0);
                let industry = texts(b, "industry")?.swap_remove(0);
                return Ok((name, industry));
            }
        }
        Ok((None, None))
    }
}
