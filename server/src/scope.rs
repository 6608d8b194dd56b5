//! What part of the data a user may see. Analysts see the rows of their own office in every
//! office-scoped dataset (and everything derived from them: extracts, counts, date ranges, model
//! tables); reviewers, bureau users and administrators work nationally (the big-data centre runs
//! requests for every office, the bureau answers them at headquarters level, administrators
//! audit). Datasets without an office column (companies, vessel calls) are reference data that
//! every role sees whole.

use portal_core::api::{Me, Role};
use portal_core::datasets::DatasetDef;
use portal_core::query::QuerySpec;

/// The rows a user may see.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every office.
    National,
    /// The rows of one office (its code, as in the datasets' `office_id`).
    Office(String),
}

impl Scope {
    /// The scope of a signed-in user.
    pub fn of(me: &Me) -> Scope {
        match me.role {
            Role::Analyst => Scope::Office(me.office_code.clone()),
            Role::Reviewer | Role::Bureau | Role::Admin => Scope::National,
        }
    }

    /// The office, when the scope is one office.
    pub fn office(&self) -> Option<&str> {
        match self {
            Scope::National => None,
            Scope::Office(o) => Some(o),
        }
    }

    /// `spec` restricted to the scope: for one office, a filter on the dataset's office column
    /// is added before any grouping, so aggregates only ever see that office's rows.
    pub fn restrict(&self, spec: QuerySpec, ds: &DatasetDef) -> QuerySpec {
        match self {
            Scope::National => spec,
            Scope::Office(o) => spec.scoped_to_office(ds, o),
        }
    }
}
