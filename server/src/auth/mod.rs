//! Accounts and sessions: argon2 password hashes ([`password`]), session cookies and the
//! signed-in user ([`session`]), the CSRF token every state-changing request carries
//! ([`csrf`]), login throttling per account and per address ([`throttle`]), and random tokens
//! with their stored hashes ([`token`]).
//!
//! This module reads nothing of the server's state but the database, through [`SessionStore`]
//! (which `AppState` implements), so that the state may hold its parts without a cycle.

pub mod csrf;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;

pub use session::{ClientAddr, CurrentUser, SessionStore};
