//! The hash chain over the audit log. One sealer (the server, every [`SEAL_EVERY`], and once
//! more when it stops) appends to `audit_chain` the hash of each new audit row in id order:
//! `sha256(previous hash, newline, the row's fields)`. [`verify`] recomputes the chain: a row
//! changed, removed or inserted behind the server's back (by editing the database file, past
//! the append-only triggers) is found, with the first row where the chain breaks. Rows younger
//! than the last seal are not covered yet; verify says how many.

use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::db::{Db, Source, db_err};
use crate::error::Error;

/// How often the server seals new audit rows.
pub const SEAL_EVERY: Duration = Duration::from_secs(2);

/// Rows sealed per transaction.
const BATCH: i64 = 5_000;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: String,
    user_id: Option<i64>,
    username: Option<String>,
    action: String,
    detail: String,
    address: Option<String>,
}

fn field(v: Option<&str>) -> String {
    // A missing value and an empty one hash differently.
    v.map_or_else(|| "\u{0}".to_owned(), |s| format!("={s}"))
}

fn link(prev: &str, r: &Row) -> String {
    let text = [
        r.id.to_string(),
        r.at.clone(),
        field(r.user_id.map(|u| u.to_string()).as_deref()),
        field(r.username.as_deref()),
        r.action.clone(),
        r.detail.clone(),
        field(r.address.as_deref()),
    ]
    .join("\u{1f}");
    format!("{:x}", Sha256::digest(format!("{prev}\n{text}").as_bytes()))
}

async fn last_sealed<'c>(source: impl Source<'c>) -> Result<(i64, String), Error> {
    let last: Option<(i64, String)> = crate::fetch!(
        source,
        fetch_optional,
        query_as::<_>,
        "SELECT audit_id, hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1"
    )
    .map_err(db_err("reading the audit chain"))?;
    Ok(last.unwrap_or((0, String::new())))
}

/// Seals every audit row not sealed yet; returns how many. Each batch is read and sealed under
/// the write lock, so two portals on one database never seal the same rows.
pub async fn seal(db: &Db) -> Result<u64, Error> {
    let mut sealed = 0;
    loop {
        let mut tx = crate::db::begin_write(db).await?;
        let (mut last_id, mut prev) = last_sealed(&mut tx).await?;
        let rows: Vec<Row> = crate::fetch!(
            &mut tx,
            fetch_all,
            query_as::<_>,
            "SELECT id, at, user_id, username, action, detail, address FROM audit_log \
             WHERE id > ? ORDER BY id LIMIT ?",
            last_id,
            BATCH
        )
        .map_err(db_err("reading the audit log"))?;
        if rows.is_empty() {
            return Ok(sealed);
        }
        for r in &rows {
            if r.id != last_id + 1 {
                // A gap: a transaction still open holds that id, or the row is gone. Seal up to
                // here and try again later.
                break;
            }
            prev = link(&prev, r);
            crate::execute!(
                &mut tx,
                "INSERT INTO audit_chain (audit_id, hash) VALUES (?, ?)",
                r.id,
                &prev
            )
            .map_err(db_err("sealing the audit log"))?;
            last_id = r.id;
            sealed += 1;
        }
        tx.commit().await.map_err(db_err("sealing the audit log"))?;
        if (rows.len() as i64) < BATCH {
            return Ok(sealed);
        }
    }
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Rows whose hash matched.
    pub intact: u64,
    /// The first audit id where the chain breaks (a changed, missing or extra row).
    pub broken_at: Option<i64>,
    /// Rows after the last seal.
    pub unsealed: u64,
}

/// Recomputes the chain over the sealed rows.
pub async fn verify(db: &Db) -> Result<Verdict, Error> {
    let (last_sealed_id, _) = last_sealed(db).await?;
    let mut prev = String::new();
    let mut intact = 0;
    let mut after = 0;
    loop {
        let rows: Vec<(i64, String, Option<Row>)> = {
            let chain: Vec<(i64, String)> = crate::fetch!(
                db,
                fetch_all,
                query_as::<_>,
                "SELECT audit_id, hash FROM audit_chain WHERE audit_id > ? \
                 ORDER BY audit_id LIMIT ?",
                after,
                BATCH
            )
            .map_err(db_err("reading the audit chain"))?;
            let mut out = Vec::with_capacity(chain.len());
            for (id, hash) in chain {
                let row: Option<Row> = crate::fetch!(
                    db,
                    fetch_optional,
                    query_as::<_>,
                    "SELECT id, at, user_id, username, action, detail, address FROM audit_log \
                     WHERE id = ?",
                    id
                )
                .map_err(db_err("reading the audit log"))?;
                out.push((id, hash, row));
            }
            out
        };
        if rows.is_empty() {
            break;
        }
        for (id, hash, row) in rows {
            let expected_id = after + 1;
            let ok = id == expected_id
                && row.as_ref().is_some_and(|r| {
                    let h = link(&prev, r);
                    h == hash
                });
            if !ok {
                return Ok(Verdict {
                    intact,
                    broken_at: Some(expected_id.min(id)),
                    unsealed: 0,
                });
            }
            prev = hash;
            intact += 1;
            after = id;
        }
    }
    let (unsealed,): (i64,) = crate::fetch!(
        db,
        fetch_one,
        query_as::<_>,
        "SELECT COUNT(*) FROM audit_log WHERE id > ?",
        last_sealed_id
    )
    .map_err(db_err("counting the audit log"))?;
    // A sealed id whose row is gone while later ones exist shows as a gap above.
    Ok(Verdict {
        intact,
        broken_at: None,
        unsealed: unsealed as u64,
    })
}
