//! One writer per table of a generation: each turns planned lines (or the parties) into the
//! table's typed rows.

pub mod audit;
pub mod certificate;
pub mod company;
pub mod declaration;
pub mod drawback;
pub mod export;
pub mod financials;
pub mod inspection;
pub mod manifest;
pub mod payment;
pub mod remittance;
pub mod vessel_call;
