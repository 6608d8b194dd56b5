//! One file per page of the client.

pub mod analysis;
pub mod audit;
pub mod dashboard;
pub mod dashboards;
pub mod data_map;
pub mod dataset;
pub mod home;
pub mod login;
pub mod not_found;
pub mod request_detail;
pub mod request_new;
pub mod requests;
pub mod scoring;
