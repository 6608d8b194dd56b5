//! The company ranking as the browser reads it (`GET /api/companies/scores`): every company of
//! a scope with what the ranking filters on (name, industry, region, home office, days since its
//! latest audit) and the features of the delinquency and tax-risk models on the cut-off day,
//! which the browser's worker scores with tract (no model runs here).

use std::sync::Arc;

use arrow_array::{ArrayRef, Float32Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use datafusion::prelude::{col, ident, lit};
use portal_core::company::columns::{COMPANY, DAYS_SINCE_AUDIT, INDUSTRY, NAME, OFFICE, REGION};
use portal_core::datasets::{COMPANY as COMPANY_MASTER, COMPANY_FINANCIALS};
use portal_scoring::company::FEATURES;
use rustc_hash::FxHashMap;

use crate::columns::{strings, texts};
use crate::company_risk::cutoff;
use crate::engine::Engine;
use crate::error::Error;
use crate::scope::Scope;

fn reading(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
    Error::internal("reading the company ranking", e)
}

impl Engine {
    /// Every company of `scope` with its ranking columns and features (one batch).
    pub async fn company_scores_answer(
        &self,
        scope: &Scope,
    ) -> Result<(SchemaRef, Vec<RecordBatch>), Error> {
        let day = cutoff();
        let inputs = self.company_inputs(scope, &[day], None).await?;
        let n = inputs.ids.len();
        // Name, industry and region from the master; the home office from the statements.
        let mut about: FxHashMap<String, [Option<String>; 4]> = FxHashMap::default();
        let master = self
            .scoped_table(&COMPANY_MASTER, scope)
            .await?
            .filter(col("role").eq(lit("importer")))
            .and_then(|df| {
                df.select(vec![
                    ident("company_id"),
                    ident("name"),
                    ident("industry"),
                    ident("region"),
                ])
            })
            .map_err(reading)?;
        for b in master.collect().await.map_err(reading)? {
            let id = strings(&b, "company_id")?;
            let (name, industry, region) = (
                texts(&b, "name")?,
                texts(&b, "industry")?,
                texts(&b, "region")?,
            );
            for i in 0..b.num_rows() {
                if inputs.at(&id[i]).is_some() {
                    about.insert(
                        id[i].clone(),
                        [
                            name[i].clone(),
                            industry[i].clone(),
                            region[i].clone(),
                            None,
                        ],
                    );
                }
            }
        }
        let offices = self
            .scoped_table(&COMPANY_FINANCIALS, scope)
            .await?
            .select(vec![ident("company_id"), ident("office_id")])
            .and_then(|df| df.distinct())
            .map_err(reading)?;
        for b in offices.collect().await.map_err(reading)? {
            let (id, office) = (strings(&b, "company_id")?, strings(&b, "office_id")?);
            for i in 0..b.num_rows() {
                about.entry(id[i].clone()).or_default()[3] = Some(office[i].clone());
            }
        }
        let text = |k: usize| -> ArrayRef {
            Arc::new(StringArray::from_iter(
                inputs
                    .ids
                    .iter()
                    .map(|id| about.get(id).and_then(|a| a[k].clone())),
            ))
        };
        let facts = &inputs.facts[0];
        let mut fields = vec![
            Field::new(COMPANY, DataType::Utf8, false),
            Field::new(NAME, DataType::Utf8, true),
            Field::new(INDUSTRY, DataType::Utf8, true),
            Field::new(REGION, DataType::Utf8, true),
            Field::new(OFFICE, DataType::Utf8, true),
            Field::new(DAYS_SINCE_AUDIT, DataType::Int32, true),
        ];
        fields.extend(
            FEATURES
                .iter()
                .map(|f| Field::new(*f, DataType::Float32, false)),
        );
        let schema = Arc::new(Schema::new(fields));
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(&inputs.ids)),
            text(0),
            text(1),
            text(2),
            text(3),
            Arc::new(Int32Array::from_iter(
                facts.iter().map(|f| f.last_audit.map(|d| day - d)),
            )),
        ];
        let x: Vec<[f32; 29]> = facts.iter().map(|f| f.features(day)).collect();
        for j in 0..FEATURES.len() {
            cols.push(Arc::new(Float32Array::from_iter_values(
                x.iter().map(|r| r[j]),
            )));
        }
        debug_assert!(cols.iter().all(|c| c.len() == n));
        let batch = RecordBatch::try_new(schema.clone(), cols).map_err(reading)?;
        Ok((schema, vec![batch]))
    }
}
