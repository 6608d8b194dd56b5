//! Failed sign-ins counted over a sliding window, per account *and address* together and per
//! address: a stranger's wrong passwords lock only the stranger's address out of the account,
//! never the owner signing in from elsewhere. An attempt is counted when it starts (so parallel
//! guesses all count) and taken back when it succeeds. The counters hold at most [`MAX_KEYS`]
//! keys, dropping the stalest when full.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed sign-ins allowed for one account from one address in [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_PAIR: u32 = 5;
/// Failed sign-ins allowed from one address (all accounts) in [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
/// Window of the sign-in throttle.
pub const THROTTLE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Most keys the throttle keeps.
pub const MAX_KEYS: usize = 100_000;

/// Failed sign-ins per (account, address) and per address.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

/// A sign-in attempt in progress, counted as failed unless [`Attempt::succeeded`] is called.
#[derive(Debug)]
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    pair: String,
    address: String,
}

fn pair_key(username: &str, addr: Option<IpAddr>) -> String {
    format!("p:{}|{}", username.to_lowercase(), address_text(addr))
}

fn address_key(addr: Option<IpAddr>) -> String {
    format!("a:{}", address_text(addr))
}

fn address_text(addr: Option<IpAddr>) -> String {
    addr.map_or_else(|| "-".to_owned(), |a| a.to_string())
}

impl LoginThrottle {
    /// Starts an attempt of `username` from `addr`: `Err(seconds to wait)` when the pair or the
    /// address is at its limit, else the attempt, already counted.
    pub fn begin(&self, username: &str, addr: Option<IpAddr>) -> Result<Attempt<'_>, u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let (pair, address) = (pair_key(username, addr), address_key(addr));
        let mut wait = None;
        for (key, max) in [
            (&pair, MAX_FAILURES_PER_PAIR),
            (&address, MAX_FAILURES_PER_ADDRESS),
        ] {
            let Some(list) = map.get_mut(key) else {
                continue;
            };
            list.retain(|t| now.duration_since(*t) < THROTTLE_WINDOW);
            if list.len() >= max as usize {
                let left = THROTTLE_WINDOW
                    .saturating_sub(now.duration_since(list[0]))
                    .as_secs()
                    + 1;
                wait = Some(wait.map_or(left, |w: u64| w.max(left)));
            }
        }
        if let Some(w) = wait {
            return Err(w);
        }
        if map.len() + 2 > MAX_KEYS {
            shrink(&mut map, now);
        }
        for key in [&pair, &address] {
            map.entry(key.clone()).or_default().push(now);
        }
        Ok(Attempt {
            throttle: self,
            pair,
            address,
        })
    }
}

impl Attempt<'_> {
    /// The password was right: the pair's failures are forgiven, the address keeps its others.
    pub fn succeeded(self) {
        let mut map = self
            .throttle
            .failures
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        map.remove(&self.pair);
        if let Some(list) = map.get_mut(&self.address) {
            list.pop();
            if list.is_empty() {
                map.remove(&self.address);
            }
        }
    }
}

/// Drops keys with nothing left in the window, then (still full) the half least recently used.
fn shrink(map: &mut HashMap<String, Vec<Instant>>, now: Instant) {
    map.retain(|_, l| {
        l.last()
            .is_some_and(|t| now.duration_since(*t) < THROTTLE_WINDOW)
    });
    if map.len() + 2 > MAX_KEYS {
        let mut latest: Vec<(Instant, String)> = map
            .iter()
            .map(|(k, l)| (*l.last().unwrap_or(&now), k.clone()))
            .collect();
        latest.sort();
        for (_, k) in latest.into_iter().take(map.len() / 2) {
            map.remove(&k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn a_stranger_locks_only_their_own_address_out_of_an_account() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILURES_PER_PAIR {
            let _failed = t.begin("Kim", ip("10.0.0.9")).expect("allowed");
        }
        assert!(
            t.begin("KIM", ip("10.0.0.9")).is_err(),
            "the stranger waits"
        );
        let owner = t
            .begin("kim", ip("10.0.0.1"))
            .expect("the owner signs in elsewhere");
        owner.succeeded();
        assert!(
            t.begin("lee", ip("10.0.0.9")).is_ok(),
            "other accounts from there"
        );
    }

    #[test]
    fn parallel_attempts_all_count_and_success_forgives_the_pair() {
        let t = LoginThrottle::default();
        let open: Vec<_> = (0..MAX_FAILURES_PER_PAIR)
            .map(|_| t.begin("park", ip("10.0.0.2")).expect("allowed"))
            .collect();
        assert!(
            t.begin("park", ip("10.0.0.2")).is_err(),
            "counted at the start"
        );
        for a in open {
            a.succeeded();
        }
        assert!(t.begin("park", ip("10.0.0.2")).is_ok());
    }

    #[test]
    fn one_address_is_limited_over_all_accounts() {
        let t = LoginThrottle::default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            let _ = t
                .begin(&format!("user{i}"), ip("10.0.0.3"))
                .expect("allowed");
        }
        assert!(t.begin("another", ip("10.0.0.3")).is_err());
        assert!(t.begin("another", ip("10.0.0.4")).is_ok());
    }

    #[test]
    fn the_counters_stay_bounded() {
        let t = LoginThrottle::default();
        for i in 0..(MAX_KEYS / 2 + 10) {
            let a = std::net::Ipv4Addr::from(i as u32);
            let _ = t.begin("kim", Some(IpAddr::V4(a)));
        }
        assert!(t.failures.lock().unwrap().len() <= MAX_KEYS);
    }
}
