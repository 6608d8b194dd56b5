//! Password hashing: argon2id PHC strings, and a real hash to verify against for unknown
//! accounts so that timing does not reveal which accounts exist. Requests hash and verify
//! through [`hash_limited`] and [`verify_limited`]: off the async threads, and at most one per
//! CPU at a time, so a burst of sign-ins cannot take every thread or all memory (argon2 uses
//! 19 MiB per hash).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;

use crate::error::Error;

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

fn argon_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
        )
    })
}

async fn limited<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, Error> {
    let _permit = argon_permits()
        .acquire()
        .await
        .map_err(|e| Error::internal("waiting to check a password", e))?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::internal("checking a password", e))
}

/// [`hash_password`] on a blocking thread, one per CPU at a time.
pub async fn hash_limited(password: String) -> Result<String, Error> {
    limited(move || hash_password(&password)).await?
}

/// [`verify_password`] on a blocking thread, one per CPU at a time.
pub async fn verify_limited(password: String, hash: String) -> Result<bool, Error> {
    limited(move || verify_password(&password, &hash)).await
}

/// An argon2id hash of a random password, verified against when the account does not exist.
pub fn dummy_hash() -> Result<&'static str, Error> {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(h) = HASH.get() {
        return Ok(h);
    }
    let h = hash_password(&super::token::random_token())?;
    Ok(HASH.get_or_init(|| h))
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
}
