//! At most [`DEFAULT_EXTRACTS_PER_USER`] extracts of this tab in flight at once, the others
//! waiting their turn in order. The server runs that many extracts per user and answers more
//! with 429 `busy` and `Retry-After: 2`: a dashboard that sent its 12 widgets' extracts at once
//! got most of them refused and drew its last widget 2 s after the others, even when every
//! answer came from the server's cache in about a millisecond. A server configured for more
//! still answers this tab two at a time; a server configured for fewer answers `busy`, which
//! `api::send_extract` still waits out.

use std::cell::RefCell;
use std::collections::VecDeque;

use futures::channel::oneshot;
use portal_core::api::DEFAULT_EXTRACTS_PER_USER;

struct Gate {
    free: usize,
    waiting: VecDeque<oneshot::Sender<()>>,
}

thread_local! {
    static GATE: RefCell<Gate> = const {
        RefCell::new(Gate { free: DEFAULT_EXTRACTS_PER_USER, waiting: VecDeque::new() })
    };
}

/// The right to have one extract in flight; held until the extract's body is read, and handed
/// to the next waiting extract when dropped.
#[must_use]
pub struct Permit(());

impl Drop for Permit {
    fn drop(&mut self) {
        release();
    }
}

/// Gives a permit to the first waiter still waiting, or back to the pool.
fn release() {
    GATE.with(|g| {
        let mut g = g.borrow_mut();
        while let Some(next) = g.waiting.pop_front() {
            if next.send(()).is_ok() {
                return;
            }
        }
        g.free += 1;
    });
}

/// A waiter that gives back a permit sent to it but never taken (its extract was dropped, e.g.
/// the page left, between the send and its next poll).
struct Waiting(oneshot::Receiver<()>);

impl Drop for Waiting {
    fn drop(&mut self) {
        if matches!(self.0.try_recv(), Ok(Some(()))) {
            release();
        }
    }
}

/// Waits for a permit (at once while fewer than the limit are in flight).
pub async fn acquire() -> Permit {
    let rx = GATE.with(|g| {
        let mut g = g.borrow_mut();
        if g.free > 0 {
            g.free -= 1;
            return None;
        }
        let (tx, rx) = oneshot::channel();
        g.waiting.push_back(tx);
        Some(rx)
    });
    if let Some(rx) = rx {
        let mut waiting = Waiting(rx);
        // The sender is only dropped unsent when the gate itself is gone (never, in a page).
        let _ = (&mut waiting.0).await;
        // Taken: forget the receiver so that dropping `waiting` gives nothing back.
        waiting.0.close();
    }
    Permit(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    fn free() -> usize {
        GATE.with(|g| g.borrow().free)
    }

    #[test]
    fn extracts_past_the_limit_wait_in_order_and_dropped_waiters_lose_nothing() {
        let held: Vec<Permit> = (0..DEFAULT_EXTRACTS_PER_USER)
            .map(|_| acquire().now_or_never().expect("free"))
            .collect();
        assert_eq!(free(), 0);
        let mut first = Box::pin(acquire());
        let mut leaving = Box::pin(acquire());
        let mut second = Box::pin(acquire());
        assert!((&mut first).now_or_never().is_none());
        assert!((&mut leaving).now_or_never().is_none());
        assert!((&mut second).now_or_never().is_none());
        // A waiter that leaves before its turn: its place goes to the next one.
        drop(leaving);
        drop(held);
        let a = first.now_or_never().expect("first in line");
        let b = second.now_or_never().expect("second in line");
        assert_eq!(free(), 0);
        drop((a, b));
        assert_eq!(free(), DEFAULT_EXTRACTS_PER_USER);
        // A waiter sent a permit but dropped before taking it gives it back.
        let held: Vec<Permit> = (0..DEFAULT_EXTRACTS_PER_USER)
            .map(|_| acquire().now_or_never().expect("free"))
            .collect();
        let mut late = Box::pin(acquire());
        assert!((&mut late).now_or_never().is_none());
        drop(held);
        drop(late);
        assert_eq!(free(), DEFAULT_EXTRACTS_PER_USER);
    }
}
