//! The shareable analysis: what to extract and how to chart it, as carried in the `a` query
//! parameter of `/analysis` links and stored in dashboard widgets.

use serde::{Deserialize, Serialize};

use super::chart_rules::ChartKind;
use crate::query::{AggFunc, Aggregate, DateBucket, Filter, GroupBy, QuerySpec};
use crate::text::percent_encode;

/// A saved or shared analysis: what to extract and how to chart it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    /// The extract.
    pub spec: QuerySpec,
    /// Chart settings.
    #[serde(default)]
    pub chart: ChartSettings,
}

impl Analysis {
    /// The rows of `dataset` where every filter holds, counted by month of `date`, as a line
    /// (the timeline under a network widget, the rows an origin widget reads).
    pub fn monthly_count(dataset: &str, date: &str, filters: Vec<Filter>) -> Analysis {
        Analysis {
            spec: QuerySpec {
                dataset: dataset.to_owned(),
                filters,
                group_by: vec![GroupBy::Bucket {
                    column: date.to_owned(),
                    bucket: DateBucket::Month,
                }],
                aggregates: vec![Aggregate {
                    func: AggFunc::Count,
                    column: None,
                    alias: None,
                }],
                ..QuerySpec::default()
            },
            chart: ChartSettings {
                kind: Some(ChartKind::Line),
            },
        }
    }
}

/// How an analysis is charted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSettings {
    /// Chart kind chosen by the user; `None` uses [`super::suggest_chart`].
    #[serde(default)]
    pub kind: Option<ChartKind>,
}

/// Why a shared analysis link could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError(pub String);

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unreadable analysis link: {}", self.0)
    }
}

impl std::error::Error for LinkError {}

impl Analysis {
    /// The value of the `a` query parameter that restores this analysis (percent-encoded JSON).
    pub fn to_query_value(&self) -> String {
        percent_encode(&serde_json::to_string(self).unwrap_or_default())
    }

    /// Reads the value of an `a` query parameter as already percent-decoded by the router.
    pub fn from_query_value(json: &str) -> Result<Analysis, LinkError> {
        serde_json::from_str(json).map_err(|e| LinkError(e.to_string()))
    }

    /// The portal path that opens this analysis in the builder.
    pub fn link(&self) -> String {
        format!("/analysis?a={}", self.to_query_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{AggFunc, Aggregate, GroupBy, OrderBy};

    #[test]
    fn analysis_links_round_trip_with_aliases() {
        let a = Analysis {
            spec: QuerySpec {
                dataset: "import_declaration".into(),
                group_by: vec![GroupBy::Column("hs6".into())],
                aggregates: vec![Aggregate {
                    func: AggFunc::Sum,
                    column: Some("item_price".into()),
                    alias: Some("value".into()),
                }],
                order_by: vec![OrderBy {
                    column: "value".into(),
                    descending: true,
                }],
                limit: Some(20),
                ..QuerySpec::default()
            },
            chart: ChartSettings {
                kind: Some(ChartKind::Heatmap),
            },
        };
        let v = a.to_query_value();
        assert!(!v.contains(['{', '"', ' ', '&', '#']));
        assert!(a.link().starts_with("/analysis?a="));
        let decoded = crate::text::percent_decode(&v).expect("decodes");
        assert_eq!(Analysis::from_query_value(&decoded).expect("parses"), a);
        assert!(Analysis::from_query_value("{\"spec\":1}").is_err());
    }
}
