//! Integration tests of the `portal` server: a real listener on a loopback port, real files.

mod common;

mod api_errors;
mod audit;
mod auth;
mod binary;
mod catalog;
mod client;
mod companies;
mod company_cli;
mod company_data;
mod crash;
mod dashboards;
mod data;
mod differential;
mod extract;
mod extract_audit;
mod extract_bounds;
mod extract_cache;
mod fta_cli;
mod health;
mod migrate_db;
mod network;
mod origin;
mod origin_data;
mod partitioned;
mod patterns;
mod rbac;
mod requests;
mod rerouting_cli;
mod rollup;
mod scope;
mod score_cli;
mod shipments;
mod spec_property;
mod users;
