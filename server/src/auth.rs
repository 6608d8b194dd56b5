//! Accounts and sessions: argon2 password hashes, session cookies (HttpOnly, SameSite=Strict,
//! Secure behind TLS), a CSRF token per session, and login throttling per account and per address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use portal_core::api::{Me, Role};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqlitePool};

use crate::db::db_err;
use crate::error::{Error, ErrorCode};
use crate::state::AppState;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "portal_session";
/// Header carrying the CSRF token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(8 * 3600);
/// Failed logins allowed per account in [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
/// Failed logins allowed per client address in [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
/// Window of the login throttle.
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// An argon2id PHC string for `password`.
pub fn hash_password(password: &str) -> Result<String, Error> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::internal("hashing a password", e.to_string()))
}

/// Whether `password` matches the PHC string `hash` (false for a malformed hash).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The session token in a request's cookies, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `Set-Cookie` value for a new session (`secure` adds `Secure`).
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        SESSION_TTL.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The client's IP address when the server runs with connect info (always in `portal serve`).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// A signed-in user, extracted from the session cookie. State-changing methods must also carry
/// the session's CSRF token in `X-CSRF-Token`.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Database id.
    pub id: i64,
    /// Who it is.
    pub me: Me,
    /// Hash of the session token (for logout).
    pub token_hash: String,
}

fn unauthenticated() -> Error {
    Error::client(ErrorCode::Unauthenticated, "sign in first")
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let token = session_token(&parts.headers).ok_or_else(unauthenticated)?;
        let user = load_session(state.db(), &token_hash(&token))
            .await?
            .ok_or_else(unauthenticated)?;
        let changes_state = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if changes_state {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if sent != Some(user.me.csrf_token.as_str()) {
                return Err(Error::client(
                    ErrorCode::CsrfRejected,
                    "missing or wrong X-CSRF-Token header for this session",
                ));
            }
        }
        Ok(user)
    }
}

async fn load_session(db: &SqlitePool, hash: &str) -> Result<Option<CurrentUser>, Error> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.role, u.office_code, o.ko_name, o.en_name, \
                s.csrf_token \
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN offices o ON o.code = u.office_code \
         WHERE s.token_hash = ? AND s.expires_at > ?",
    )
    .bind(hash)
    .bind(now_secs())
    .fetch_optional(db)
    .await
    .map_err(db_err("reading a session"))?;
    Ok(row.map(|r| CurrentUser {
        id: r.get(0),
        me: Me {
            username: r.get(1),
            display_name: r.get(2),
            role: Role::parse(r.get::<&str, _>(3)).unwrap_or(Role::Analyst),
            office_code: r.get(4),
            office_ko: r.get(5),
            office_en: r.get(6),
            csrf_token: r.get(7),
        },
        token_hash: hash.to_owned(),
    }))
}

/// Checks `username`/`password`; on success deletes `old_token`'s session (no fixation) and
/// opens a new one, returning its token and the user.
pub async fn login(
    db: &SqlitePool,
    username: &str,
    password: &str,
    old_token: Option<&str>,
) -> Result<Option<(String, CurrentUser)>, Error> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE username = ?")
        .bind(username)
        .fetch_optional(db)
        .await
        .map_err(db_err("reading a user"))?;
    // Verify against a real hash for unknown users too, so timing does not reveal accounts.
    let (id, hash): (Option<i64>, String) = match row {
        Some(r) => (Some(r.get(0)), r.get(1)),
        None => (None, dummy_hash()?.to_owned()),
    };
    let ok = tokio::task::spawn_blocking({
        let password = password.to_owned();
        move || verify_password(&password, &hash)
    })
    .await
    .map_err(|e| Error::internal("verifying a password", e))?;
    let Some(id) = id.filter(|_| ok) else {
        return Ok(None);
    };
    if let Some(old) = old_token {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash(old))
            .execute(db)
            .await
            .map_err(db_err("ending the previous session"))?;
    }
    let token = random_token();
    let hash = token_hash(&token);
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(&hash)
    .bind(id)
    .bind(random_token())
    .bind(now_secs() + SESSION_TTL.as_secs() as i64)
    .execute(db)
    .await
    .map_err(db_err("opening a session"))?;
    let user = load_session(db, &hash)
        .await?
        .ok_or_else(|| Error::internal("opening a session", "new session not found"))?;
    Ok(Some((token, user)))
}

/// An argon2id hash of a random password, verified against when the account does not exist.
fn dummy_hash() -> Result<&'static str, Error> {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(h) = HASH.get() {
        return Ok(h);
    }
    let h = hash_password(&random_token())?;
    Ok(HASH.get_or_init(|| h))
}

/// Ends a session.
pub async fn logout(db: &SqlitePool, hash: &str) -> Result<(), Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(hash)
        .execute(db)
        .await
        .map_err(db_err("ending a session"))?;
    Ok(())
}

/// Appends to the audit log.
pub async fn audit(
    db: &SqlitePool,
    user_id: Option<i64>,
    username: Option<&str>,
    action: &str,
    detail: &serde_json::Value,
    address: Option<IpAddr>,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO audit_log (user_id, username, action, detail, address) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(user_id)
    .bind(username)
    .bind(action)
    .bind(detail.to_string())
    .bind(address.map(|a| a.to_string()))
    .execute(db)
    .await
    .map_err(db_err("writing the audit log"))?;
    Ok(())
}

/// Failed-login counters per account and per address over a sliding window.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginThrottle {
    fn key_account(username: &str) -> String {
        format!("u:{}", username.to_lowercase())
    }

    fn key_address(addr: Option<IpAddr>) -> String {
        format!(
            "a:{}",
            addr.map_or_else(|| "-".to_owned(), |a| a.to_string())
        )
    }

    /// Seconds to wait when either counter is full, else `None`.
    pub fn blocked(&self, username: &str, addr: Option<IpAddr>) -> Option<u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let mut wait = None;
        for (key, max) in [
            (Self::key_account(username), MAX_FAILURES_PER_ACCOUNT),
            (Self::key_address(addr), MAX_FAILURES_PER_ADDRESS),
        ] {
            let list = map.entry(key).or_default();
            list.retain(|t| now.duration_since(*t) < THROTTLE_WINDOW);
            if list.len() >= max as usize {
                let oldest = list[0];
                let left = THROTTLE_WINDOW
                    .saturating_sub(now.duration_since(oldest))
                    .as_secs()
                    + 1;
                wait = Some(wait.map_or(left, |w: u64| w.max(left)));
            }
        }
        wait
    }

    /// Counts a failed login.
    pub fn failed(&self, username: &str, addr: Option<IpAddr>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        for key in [Self::key_account(username), Self::key_address(addr)] {
            map.entry(key).or_default().push(now);
        }
    }

    /// Clears the account's counter after a successful login.
    pub fn succeeded(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&Self::key_account(username));
    }
}

/// The demo accounts (one per role) seeded by the embedded demo; all use [`DEMO_PASSWORD`].
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
        let exists = sqlx::query("SELECT 1 FROM users WHERE username = ?")
            .bind(username)
            .fetch_optional(db)
            .await
            .map_err(db_err("reading a user"))?
            .is_some();
        if exists {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("s3cret").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("s3cret", &h));
        assert!(!verify_password("S3cret", &h));
        assert!(!verify_password("s3cret", "not a hash"));
        let dummy = dummy_hash().expect("dummy");
        assert!(
            PasswordHash::new(dummy).is_ok(),
            "the dummy hash costs a real verification"
        );
        assert!(!verify_password("anything", dummy));
    }

    #[test]
    fn session_cookie_is_locked_down_and_parsed_back() {
        let token = random_token();
        let c = session_cookie(&token, true);
        for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Secure"] {
            assert!(c.contains(part), "{c}");
        }
        assert!(!session_cookie(&token, false).contains("Secure"));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            format!("a=b; {SESSION_COOKIE}={token}")
                .parse()
                .expect("hv"),
        );
        assert_eq!(session_token(&h), Some(token));
        h.insert(
            header::COOKIE,
            format!("{SESSION_COOKIE}=short").parse().expect("hv"),
        );
        assert_eq!(session_token(&h), None);
    }

    #[test]
    fn throttle_blocks_after_the_limit_and_resets_on_success() {
        let t = LoginThrottle::default();
        let addr: Option<IpAddr> = "127.0.0.1".parse().ok();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert_eq!(t.blocked("Kim", addr), None);
            t.failed("kim", addr);
        }
        assert!(t.blocked("KIM", addr).is_some());
        assert_eq!(
            t.blocked("lee", addr),
            None,
            "other accounts are not blocked yet"
        );
        t.succeeded("kim");
        assert_eq!(t.blocked("kim", addr), None);
    }
}
