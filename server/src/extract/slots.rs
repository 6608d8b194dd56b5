//! How many extracts may run at once: in all, and per user. A request over either cap is refused
//! at once (429 `busy` with `Retry-After`), never queued, so one user cannot fill the server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The running extracts, counted in all and per user.
#[derive(Debug)]
pub struct ExtractSlots {
    max_total: usize,
    max_per_user: usize,
    running: Mutex<Running>,
}

#[derive(Debug, Default)]
struct Running {
    total: usize,
    per_user: HashMap<i64, usize>,
}

/// One running extract; its slot is free again when this is dropped.
#[derive(Debug)]
pub struct Slot {
    slots: Arc<ExtractSlots>,
    user: i64,
}

impl ExtractSlots {
    /// At most `max_total` extracts at once, `max_per_user` of them by one user.
    pub fn new(max_total: usize, max_per_user: usize) -> Arc<Self> {
        Arc::new(Self {
            max_total: max_total.max(1),
            max_per_user: max_per_user.max(1),
            running: Mutex::default(),
        })
    }

    /// A slot for `user`, or `None` when either cap is reached.
    pub fn try_take(self: &Arc<Self>, user: i64) -> Option<Slot> {
        let mut r = self.running.lock().unwrap_or_else(|p| p.into_inner());
        let mine = r.per_user.get(&user).copied().unwrap_or(0);
        if r.total >= self.max_total || mine >= self.max_per_user {
            return None;
        }
        r.total += 1;
        r.per_user.insert(user, mine + 1);
        Some(Slot {
            slots: self.clone(),
            user,
        })
    }

    /// Extracts running now.
    pub fn running(&self) -> usize {
        self.running.lock().unwrap_or_else(|p| p.into_inner()).total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut r = self.slots.running.lock().unwrap_or_else(|p| p.into_inner());
        r.total = r.total.saturating_sub(1);
        if let Some(n) = r.per_user.get_mut(&self.user) {
            *n -= 1;
            if *n == 0 {
                r.per_user.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_hold_per_user_and_in_all_and_free_on_drop() {
        let slots = ExtractSlots::new(3, 2);
        let a1 = slots.try_take(1).expect("first");
        let _a2 = slots.try_take(1).expect("second");
        assert!(slots.try_take(1).is_none(), "a third for one user");
        let _b1 = slots.try_take(2).expect("another user");
        assert!(slots.try_take(3).is_none(), "over the total");
        drop(a1);
        assert_eq!(slots.running(), 2);
        let _c = slots.try_take(3).expect("a slot came free");
        assert_eq!(slots.running.lock().unwrap().per_user.len(), 3);
    }
}
