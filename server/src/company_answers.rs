//! The company ranking as the browser reads it (`GET /api/companies/scores`): every company of
//! a scope with what the ranking filters on (name, industry, region, home office, days since its
//! latest audit) and the features of the delinquency and tax-risk models on the cut-off day,
//! which the browser's worker scores with tract (no model runs here).

use std::sync::Arc;

use arrow_array::{ArrayRef, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use portal_core::company::columns::{COMPANY, DAYS_SINCE_AUDIT, INDUSTRY, NAME, OFFICE, REGION};
use portal_scoring::company::FEATURES;

use crate::company_risk::{About, cutoff};
use crate::engine::Engine;
use crate::error::Error;
use crate::feature_columns::push_features;
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
        let text = |f: fn(&About) -> &Option<String>| -> ArrayRef {
            Arc::new(StringArray::from_iter(
                inputs.about.iter().map(|a| f(a).as_deref()),
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
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(&inputs.ids)),
            text(|a| &a.name),
            text(|a| &a.industry),
            text(|a| &a.region),
            text(|a| &a.office),
            Arc::new(Int32Array::from_iter(
                facts.iter().map(|f| f.last_audit.map(|d| day - d)),
            )),
        ];
        let x: Vec<[f32; 29]> = facts.iter().map(|f| f.features(day)).collect();
        push_features(&mut fields, &mut cols, &FEATURES, &x);
        let schema = Arc::new(Schema::new(fields));
        debug_assert!(cols.iter().all(|c| c.len() == n));
        let batch = RecordBatch::try_new(schema.clone(), cols).map_err(reading)?;
        Ok((schema, vec![batch]))
    }
}
