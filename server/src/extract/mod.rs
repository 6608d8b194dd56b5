//! What an extract needs besides the query engine: its formats ([`encode`]), its audit trail
//! ([`log`]), the caps on how many run at once ([`slots`]) and the answers kept to answer the
//! same question again ([`cache`]). The route is
//! `routes::extract`; answers computed whole (patterns, networks) go out through [`whole`].

pub mod cache;
pub mod encode;
pub mod log;
pub mod slots;
pub mod whole;
