//! Types shared by the browser client (`portal-app`, wasm32) and the server (`portal-server`).
//!
//! This crate does no I/O and depends on no server or browser runtime, so that it compiles for
//! both `wasm32-unknown-unknown` and native targets. It sits at the bottom of the workspace:
//! `core` < `scoring` < `app`, and `core` < `server`.

pub mod accounts;
pub mod analysis;
pub mod api;
pub mod codes;
pub mod company;
pub mod dashboard;
pub mod datasets;
pub mod date;
pub mod fta;
pub mod graph_worker;
pub mod names;
pub mod network;
pub mod origin;
pub mod patterns;
pub mod query;
pub mod risk;
pub mod shipments;
#[cfg(feature = "sqlx")]
pub mod sql;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;
pub mod worker;
pub mod workflow;

#[doc(hidden)]
pub use serde as __serde;
