//! Self-service analysis (셀프 분석), as plain data so that its rules are unit-tested natively
//! (the client only renders):
//! - [`builder`]: the builder's form state and its translation to and from a [`QuerySpec`];
//! - [`link`]: the shareable [`Analysis`] (spec + chart settings) carried in URLs and widgets;
//! - [`chart_rules`]: which chart fits a result, and which columns it draws.
//!
//! [`QuerySpec`]: crate::query::QuerySpec

pub mod builder;
pub mod chart_rules;
pub mod link;

pub use builder::{
    AggInput, AggMenu, Builder, Field, FieldError, FilterInput, FilterOp, Problem, parse_value,
};
pub use chart_rules::{ChartKind, ColumnKind, Roles, chart_roles, suggest_chart};
pub use link::{Analysis, ChartSettings, LinkError};
