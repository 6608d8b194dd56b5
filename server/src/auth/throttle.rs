//! Failed-login counters per account and per address over a sliding window.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed logins allowed per account in [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
/// Failed logins allowed per client address in [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
/// Window of the login throttle.
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);

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

#[cfg(test)]
mod tests {
    use super::*;

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
