//! The audit trail of one extract, fail-closed: a row before the query reads anything (if it
//! cannot be written the extract does not start), then exactly one row with how it ended and
//! the rows actually sent — or one row for a refusal. Specs are kept bounded: their SHA-256
//! digest always, the spec itself only up to [`SPEC_COPY_BYTES`].

use std::time::Instant;

use crate::db::Db;
use portal_core::api::{AuditAction, ErrorCode, ExtractOutcome};
use portal_core::query::QuerySpec;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::encode::Format;
use crate::audit::{self, Who};
use crate::auth::CurrentUser;
use crate::error::{Error, ErrorCode as Code};

/// Largest spec copied into the audit log, in bytes of JSON.
pub const SPEC_COPY_BYTES: usize = 4_096;

/// Who asked for what: written into every row of the extract.
#[derive(Debug, Clone)]
pub struct ExtractLog {
    db: Db,
    user_id: i64,
    username: String,
    address: Option<std::net::IpAddr>,
    format: Format,
    dataset: Option<String>,
    digest: Option<String>,
    spec: Value,
    spec_bytes: usize,
}

/// An extract whose start row is written; its end must be recorded with [`Started::end`].
#[derive(Debug)]
pub struct Started {
    log: ExtractLog,
    row: i64,
    at: Instant,
}

impl ExtractLog {
    /// The log of `user`'s extract of `spec` as asked (before scoping); `None` when the body
    /// was not a spec at all.
    pub fn new(db: &Db, user: &CurrentUser, spec: Option<&QuerySpec>, format: Format) -> Self {
        let text = spec
            .map(|s| serde_json::to_vec(s).unwrap_or_default())
            .unwrap_or_default();
        let copy = if text.len() <= SPEC_COPY_BYTES {
            serde_json::from_slice(&text).unwrap_or(Value::Null)
        } else {
            Value::Null
        };
        Self {
            db: db.clone(),
            user_id: user.id,
            username: user.me.username.clone(),
            address: user.address,
            format,
            dataset: spec.map(|s| s.dataset.chars().take(64).collect()),
            digest: spec.map(|_| format!("{:x}", Sha256::digest(&text))),
            spec: copy,
            spec_bytes: text.len(),
        }
    }

    fn who(&self) -> Who<'_> {
        Who {
            user_id: Some(self.user_id),
            username: Some(&self.username),
            address: self.address,
        }
    }

    fn base(&self) -> Value {
        json!({
            "dataset": self.dataset,
            "format": self.format.as_str(),
            "digest": self.digest,
        })
    }

    /// Records a refusal (the caller answers with `code`); a failing write is logged, as the
    /// request sends no data either way.
    pub async fn refused(&self, code: ErrorCode) {
        let mut detail = self.base();
        detail["code"] = json!(code.as_str());
        detail["spec"] = self.spec.clone();
        detail["spec_bytes"] = json!(self.spec_bytes);
        if let Err(e) =
            audit::record_alone(&self.db, self.who(), AuditAction::ExtractRefused, &detail).await
        {
            tracing::error!(error = %e, "could not audit a refused extract");
        }
    }

    /// Writes the start row; an error means the extract must not run.
    pub async fn start(self) -> Result<Started, Error> {
        let mut detail = self.base();
        detail["spec"] = self.spec.clone();
        detail["spec_bytes"] = json!(self.spec_bytes);
        let row = audit::record_alone(&self.db, self.who(), AuditAction::ExtractStarted, &detail)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "audit log unwritable: extract refused");
                Error::client(
                    Code::DataUnavailable,
                    "the audit log cannot be written, so no extract can run now; tell the administrator",
                )
            })?;
        Ok(Started {
            log: self,
            row,
            at: Instant::now(),
        })
    }
}

impl Started {
    /// Records how the extract ended, with the rows sent and whether the row cap cut it.
    pub async fn end(self, outcome: ExtractOutcome, rows: u64, capped: bool) {
        let mut detail = self.log.base();
        detail["started"] = json!(self.row);
        detail["outcome"] = json!(outcome.as_str());
        detail["rows"] = json!(rows);
        detail["ms"] = json!(self.at.elapsed().as_millis() as u64);
        detail["capped"] = json!(capped);
        let action = if self.log.format == Format::Arrow {
            AuditAction::Extract
        } else {
            AuditAction::Download
        };
        if let Err(e) = audit::record_alone(&self.log.db, self.log.who(), action, &detail).await {
            tracing::error!(error = %e, started = self.row, "could not audit the end of an extract");
        }
    }
}
