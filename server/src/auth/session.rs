//! Sessions: random tokens whose SHA-256 is stored, the cookie that carries them (HttpOnly,
//! SameSite=Strict, Secure behind TLS), the signed-in user extracted from a request, and the
//! password check of a sign-in.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use portal_core::api::{Me, Role};

use super::password::{dummy_hash, verify_limited};
use super::token::{random_token, token_hash};
use crate::audit::Who;
use crate::db::{Conn, Db, Source, WriteTx, db_err};
use crate::error::{Error, ErrorCode};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "portal_session";
/// How long a session lasts at most.
pub const SESSION_TTL: Duration = Duration::from_secs(8 * 3600);
/// How long a session lasts without a request.
pub const SESSION_IDLE: Duration = Duration::from_secs(30 * 60);
/// How often a session's last request time is written (at most).
const TOUCH_EVERY: i64 = 60;

/// What the session extractor needs of the server's state.
pub trait SessionStore {
    /// The database holding users and sessions.
    fn db(&self) -> &Db;

    /// Reverse proxies whose `X-Forwarded-For` names the client.
    fn trusted_proxies(&self) -> &[IpAddr];
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

impl<S: SessionStore + Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_address(parts, state.trusted_proxies())))
    }
}

/// The peer's address, or — only when the peer is a trusted proxy — the nearest address in
/// `X-Forwarded-For` that is not a trusted proxy (addresses further left are the client's own
/// claims and are not believed).
fn client_address(parts: &Parts, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    forwarded_client(&parts.headers, trusted).or(Some(peer))
}

fn forwarded_client(headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|h| h.trim().parse::<IpAddr>().ok())
        .collect::<Option<Vec<_>>>()?;
    hops.into_iter().rev().find(|a| !trusted.contains(a))
}

/// A signed-in user, extracted from the session cookie. State-changing methods must also carry
/// the session's CSRF token in `X-CSRF-Token` ([`super::csrf`]).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Database id.
    pub id: i64,
    /// Who it is.
    pub me: Me,
    /// Hash of the session token (for logout).
    pub token_hash: String,
    /// The client address of the request.
    pub address: Option<IpAddr>,
}

impl CurrentUser {
    /// The rows this user may see.
    pub fn scope(&self) -> crate::scope::Scope {
        crate::scope::Scope::of(&self.me)
    }

    /// The audit log's view of this user acting in this request.
    pub fn who(&self) -> Who<'_> {
        Who {
            user_id: Some(self.id),
            username: Some(&self.me.username),
            address: self.address,
        }
    }
}

fn unauthenticated() -> Error {
    Error::client(ErrorCode::Unauthenticated, "sign in first")
}

impl<S: SessionStore + Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let token = session_token(&parts.headers).ok_or_else(unauthenticated)?;
        let mut conn = state.db().conn();
        let mut user = load_session(&mut conn, &token_hash(&token))
            .await?
            .ok_or_else(unauthenticated)?;
        super::csrf::check(parts, &user.me.csrf_token)?;
        user.address = client_address(parts, state.trusted_proxies());
        Ok(user)
    }
}

/// A session row joined with its user and office.
#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    username: String,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: Role,
    office_code: String,
    office_ko: String,
    office_en: String,
    csrf_token: String,
    last_seen: i64,
}

/// The live session of `hash`: not past its end, not idle for [`SESSION_IDLE`], of an account
/// that is not disabled. Its last request time is refreshed (at most once a minute).
async fn load_session(conn: &mut Conn<'_>, hash: &str) -> Result<Option<CurrentUser>, Error> {
    let now = now_secs();
    let row = crate::fetch!(
        &mut *conn,
        fetch_optional,
        query_as::<SessionRow>,
        "SELECT u.id, u.username, u.display_name, u.role, u.office_code, \
                o.ko_name AS office_ko, o.en_name AS office_en, s.csrf_token, s.last_seen \
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN offices o ON o.code = u.office_code \
         WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen > ? AND NOT u.disabled",
        hash,
        now,
        now - SESSION_IDLE.as_secs() as i64
    )
    .map_err(db_err("reading a session"))?;
    if let Some(r) = &row
        && r.last_seen < now - TOUCH_EVERY
    {
        crate::execute!(
            &mut *conn,
            "UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
            now,
            hash
        )
        .map_err(db_err("refreshing a session"))?;
    }
    Ok(row.map(|r| CurrentUser {
        id: r.id,
        me: Me {
            username: r.username,
            display_name: r.display_name,
            role: r.role,
            office_code: r.office_code,
            office_ko: r.office_ko,
            office_en: r.office_en,
            csrf_token: r.csrf_token,
        },
        token_hash: hash.to_owned(),
        address: None,
    }))
}

#[derive(sqlx::FromRow)]
struct Credentials {
    id: i64,
    password_hash: String,
    disabled: bool,
}

/// The id of the account `username` if `password` is its password and the account is not
/// disabled. Unknown accounts cost a verification too, so that timing does not reveal which
/// accounts exist.
pub async fn check_password(db: &Db, username: &str, password: &str) -> Result<Option<i64>, Error> {
    let row = crate::fetch!(
        db,
        fetch_optional,
        query_as::<Credentials>,
        "SELECT id, password_hash, disabled FROM users WHERE username = ?",
        username
    )
    .map_err(db_err("reading a user"))?;
    let (id, hash) = match row {
        Some(r) => (Some(r.id).filter(|_| !r.disabled), r.password_hash),
        None => (None, dummy_hash()?.to_owned()),
    };
    let ok = verify_limited(password.to_owned(), hash).await?;
    Ok(id.filter(|_| ok))
}

/// Ends every session of user `id` (sign out everywhere, a new password, a disabled account);
/// `except` keeps one (the caller's own).
pub async fn end_user_sessions(
    conn: &mut WriteTx,
    id: i64,
    except: Option<&str>,
) -> Result<u64, Error> {
    crate::execute!(
        conn,
        "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
        id,
        except.unwrap_or("")
    )
    .map_err(db_err("ending sessions"))
}

/// Deletes sessions past their end or idle time.
pub async fn purge_expired(conn: &mut WriteTx) -> Result<u64, Error> {
    let now = now_secs();
    crate::execute!(
        conn,
        "DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ?",
        now,
        now - SESSION_IDLE.as_secs() as i64
    )
    .map_err(db_err("purging expired sessions"))
}

/// Opens a session for user `id` in `conn` (the caller's transaction), ending `old_token`'s
/// session first (no fixation); returns the new token and the signed-in user.
pub async fn open_session(
    conn: &mut WriteTx,
    id: i64,
    old_token: Option<&str>,
) -> Result<(String, CurrentUser), Error> {
    if let Some(old) = old_token {
        crate::execute!(
            &mut *conn,
            "DELETE FROM sessions WHERE token_hash = ?",
            token_hash(old)
        )
        .map_err(db_err("ending the previous session"))?;
    }
    let token = random_token();
    let hash = token_hash(&token);
    purge_expired(conn).await?;
    crate::execute!(
        &mut *conn,
        "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, last_seen) \
         VALUES (?, ?, ?, ?, ?)",
        &hash,
        id,
        random_token(),
        now_secs() + SESSION_TTL.as_secs() as i64,
        now_secs()
    )
    .map_err(db_err("opening a session"))?;
    let user = load_session(&mut conn.conn(), &hash)
        .await?
        .ok_or_else(|| Error::internal("opening a session", "new session not found"))?;
    Ok((token, user))
}

/// Ends the session whose token hashes to `hash`, in the caller's transaction.
pub async fn end_session(conn: &mut WriteTx, hash: &str) -> Result<(), Error> {
    crate::execute!(conn, "DELETE FROM sessions WHERE token_hash = ?", hash)
        .map_err(db_err("ending a session"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
