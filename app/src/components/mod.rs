//! Reusable pieces of the client's pages.

pub mod attach_to_request;
pub mod bell;
pub mod chart_view;
pub mod csv_actions;
pub mod footer;
pub mod header;
pub mod health_badge;
pub mod lang_switch;
pub mod lineage_graph;
pub mod loaded;
pub mod network_canvas;
pub mod network_tables;
pub mod network_widget;
pub mod page_heading;
pub mod party_card;
pub mod party_link;
pub mod save_to_dashboard;
pub mod tracker;
pub mod virtual_table;
