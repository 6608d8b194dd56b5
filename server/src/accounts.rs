//! Accounts: creating one (checked, with its audit row), the checks of names and offices, and
//! the demo accounts (one per role) that `portal serve --demo` creates.

use portal_core::api::Role;

use crate::auth::password::hash_password;
use crate::db::{Db, WriteTx, db_err};
use crate::error::Error;

/// The demo accounts: user name, display name, office and role; all use [`DEMO_PASSWORD`].
pub const DEMO_ACCOUNTS: [(&str, &str, &str, Role); 5] = [
    (
        "analyst.incheon",
        "김분석 (인천공항세관)",
        "40",
        Role::Analyst,
    ),
    ("analyst.busan", "이분석 (부산세관)", "20", Role::Analyst),
    ("reviewer", "박검토 (빅데이터센터)", "99", Role::Reviewer),
    ("bureau", "최협조 (업무국)", "00", Role::Bureau),
    ("admin", "정관리 (관리자)", "00", Role::Admin),
];
/// Password of every demo account (documented in the README; demo only).
pub const DEMO_PASSWORD: &str = "portal-demo-2026";

/// Whether an enabled administrator account exists.
pub async fn has_admin(db: &Db) -> Result<bool, Error> {
    let n = crate::fetch!(
        db,
        fetch_one,
        query_scalar::<i64>,
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND NOT disabled"
    )
    .map_err(db_err("reading the administrators"))?;
    Ok(n > 0)
}

/// Creates the demo accounts that do not exist yet (one hash of the shared demo password), each
/// with its audit row (by no user: the server at start-up) in one transaction.
pub async fn seed_demo_accounts(db: &Db) -> Result<(), Error> {
    let mut hash: Option<String> = None;
    for (username, name, office, role) in DEMO_ACCOUNTS {
        let exists = crate::fetch!(
            db,
            fetch_optional,
            query_scalar::<i64>,
            "SELECT id FROM users WHERE username = ?",
            username
        )
        .map_err(db_err("reading a user"))?;
        if exists.is_some() {
            continue;
        }
        let hash = match &hash {
            Some(h) => h.clone(),
            None => hash.insert(hash_password(DEMO_PASSWORD)?).clone(),
        };
        let mut tx = crate::db::begin_write(db).await?;
        let id = crate::fetch!(
            &mut tx,
            fetch_one,
            query_scalar::<i64>,
            "INSERT INTO users (username, display_name, office_code, role, password_hash) \
             VALUES (?, ?, ?, ?, ?) RETURNING id",
            username,
            name,
            office,
            role.as_str(),
            hash
        )
        .map_err(db_err("seeding a demo account"))?;
        let system = crate::audit::Who {
            user_id: None,
            username: None,
            address: None,
        };
        crate::audit::record(
            &mut tx,
            system,
            portal_core::api::AuditAction::UserCreated,
            &serde_json::json!({"user": id, "username": username, "role": role,
                                "office": office, "demo": true}),
        )
        .await?;
        tx.commit()
            .await
            .map_err(db_err("committing a demo account"))?;
    }
    Ok(())
}

/// Checks a new account and creates it with its audit row (by `who`) in one transaction;
/// returns its id. Refuses a bad user name or display name, an unknown office, a weak password,
/// and a user name that exists (409). The password is hashed before the transaction starts, so
/// no write waits for argon2.
pub async fn create_user(
    db: &Db,
    who: crate::audit::Who<'_>,
    new: &portal_core::accounts::NewUser,
) -> Result<i64, Error> {
    use portal_core::accounts::{password_problem, valid_username};
    use portal_core::api::{AuditAction, ErrorCode};
    if !valid_username(&new.username) {
        return Err(Error::client(
            ErrorCode::BadRequest,
            "a user name has 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter",
        ));
    }
    check_display_name(&new.display_name)?;
    if let Some(p) = password_problem(&new.username, &new.password) {
        return Err(weak(p));
    }
    let hash = crate::auth::password::hash_limited(new.password.clone()).await?;
    let mut tx = crate::db::begin_write(db).await?;
    check_office(&mut tx, &new.office_code).await?;
    let id = crate::fetch!(
        &mut tx,
        fetch_optional,
        query_scalar::<i64>,
        "INSERT INTO users (username, display_name, office_code, role, password_hash, password_changed_at) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING id",
        &new.username,
        new.display_name.trim(),
        &new.office_code,
        new.role,
        hash,
        crate::db::now()
    )
    .map_err(db_err("creating an account"))?;
    let id = id.ok_or_else(|| {
        Error::client(
            ErrorCode::Conflict,
            format!("an account '{}' exists", new.username),
        )
    })?;
    crate::audit::record(
        &mut tx,
        who,
        AuditAction::UserCreated,
        &serde_json::json!({"user": id, "username": new.username, "role": new.role,
                            "office": new.office_code}),
    )
    .await?;
    tx.commit().await.map_err(db_err("committing an account"))?;
    Ok(id)
}

/// The refusal of a password the policy does not take.
pub fn weak(p: portal_core::accounts::PasswordProblem) -> Error {
    use portal_core::accounts::{MIN_PASSWORD_CHARS, PasswordProblem};
    let why = match p {
        PasswordProblem::Length => format!("it needs at least {MIN_PASSWORD_CHARS} characters"),
        PasswordProblem::ContainsUsername => "it may not contain the user name".to_owned(),
        PasswordProblem::Common => "it is one of the commonest passwords".to_owned(),
    };
    Error::client(
        portal_core::api::ErrorCode::WeakPassword,
        format!("password refused: {why}"),
    )
}

/// A display name: 1 to 100 characters, shown as they are.
pub fn check_display_name(name: &str) -> Result<(), Error> {
    let n = name.trim().chars().count();
    if n == 0 || n > 100 || !portal_core::text::is_display_safe(name) {
        return Err(Error::client(
            portal_core::api::ErrorCode::BadRequest,
            "a display name has 1 to 100 characters and no control or text-direction characters",
        ));
    }
    Ok(())
}

/// Refuses an office code the portal does not know.
pub async fn check_office(tx: &mut WriteTx, code: &str) -> Result<(), Error> {
    let known = crate::fetch!(
        tx,
        fetch_optional,
        query_scalar::<String>,
        "SELECT code FROM offices WHERE code = ?",
        code
    )
    .map_err(db_err("reading the offices"))?;
    known.map(|_| ()).ok_or_else(|| {
        Error::client(
            portal_core::api::ErrorCode::BadRequest,
            format!("no office '{code}'"),
        )
    })
}
