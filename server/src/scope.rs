//! What part of the data a user may see. Analysts see the rows of their own office in every
//! office-scoped dataset (and everything derived from them: extracts, counts, date ranges, model
//! tables); reviewers, bureau users and administrators work nationally (the big-data centre runs
//! requests for every office, the bureau answers them at headquarters level, administrators
//! audit). Datasets without an office column (companies, vessel calls) are reference data that
//! every role sees whole.

use portal_core::api::{Me, Role};
use portal_core::datasets::DatasetDef;
use portal_core::query::QuerySpec;

use crate::error::{Error, ErrorCode};

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

    /// The scope narrowed to `office` when one is named: a national user may look at any
    /// office as its analyst would; an office-scoped user only at their own (else 403).
    pub fn narrowed(self, office: Option<&str>) -> Result<Scope, Error> {
        match (self, office) {
            (scope, None) => Ok(scope),
            (Scope::National, Some(o)) => Ok(Scope::Office(o.to_owned())),
            (Scope::Office(mine), Some(o)) if mine == o => Ok(Scope::Office(mine)),
            (Scope::Office(mine), Some(o)) => Err(Error::client(
                ErrorCode::Forbidden,
                format!("you see the rows of office {mine} only, not of office {o}"),
            )),
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
