//! What an extract needs besides the query engine: its formats ([`encode`]), its audit trail
//! ([`log`]) and the caps on how many run at once ([`slots`]). The route is
//! `routes::extract`.

pub mod encode;
pub mod log;
pub mod slots;
