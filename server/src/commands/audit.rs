//! `portal audit verify`: recomputes the audit log's hash chain ([`crate::audit_chain`]) and
//! fails, naming the first broken row, when a sealed row was changed or removed.

use crate::audit_chain::verify;
use crate::cli::AuditCommand;
use crate::error::{Error, ErrorCode};

/// Runs a `portal audit` command.
pub async fn audit(cmd: AuditCommand) -> Result<(), Error> {
    let AuditCommand::Verify(opts) = cmd;
    let path = opts.db.unwrap_or_else(|| opts.data_dir.join("portal.db"));
    if matches!(
        crate::db::Location::of(&path),
        crate::db::Location::Sqlite(_)
    ) && !path.is_file()
    {
        return Err(Error::client(
            ErrorCode::InvalidInput,
            format!("no database at {}", path.display()),
        ));
    }
    let db = crate::db::open(&path).await?;
    let v = verify(&db).await?;
    match v.broken_at {
        None => {
            println!(
                "audit log intact: {} rows sealed and verified, {} newer rows not sealed yet",
                v.intact, v.unsealed
            );
            Ok(())
        }
        Some(id) => Err(Error::client(
            ErrorCode::Conflict,
            format!(
                "audit log changed: the chain breaks at row {id} ({} rows before it verified)",
                v.intact
            ),
        )),
    }
}
