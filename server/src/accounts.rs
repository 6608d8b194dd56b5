//! The demo accounts (one per role) that the embedded demo creates.

use portal_core::api::Role;
use sqlx::SqlitePool;

use crate::auth::password::hash_password;
use crate::db::db_err;
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

/// Creates the demo accounts that do not exist yet (one hash of the shared demo password).
pub async fn seed_demo_accounts(db: &SqlitePool) -> Result<(), Error> {
    let mut hash: Option<String> = None;
    for (username, name, office, role) in DEMO_ACCOUNTS {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = ?")
            .bind(username)
            .fetch_optional(db)
            .await
            .map_err(db_err("reading a user"))?;
        if exists.is_some() {
            continue;
        }
        let hash = match &hash {
            Some(h) => h.clone(),
            None => hash.insert(hash_password(DEMO_PASSWORD)?).clone(),
        };
        sqlx::query(
            "INSERT INTO users (username, display_name, office_code, role, password_hash) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(username)
        .bind(name)
        .bind(office)
        .bind(role.as_str())
        .bind(hash)
        .execute(db)
        .await
        .map_err(db_err("seeding a demo account"))?;
    }
    Ok(())
}
