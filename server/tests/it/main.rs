//! Integration tests of the `portal` server: a real listener on a loopback port, real files.

mod common;

mod api_errors;
mod binary;
mod client;
mod health;
