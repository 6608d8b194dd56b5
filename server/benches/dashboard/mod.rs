//! The dashboard-style queries the data benchmarks time (`queries`: the portal's engine vs
//! DuckDB; `cluster`: one node vs the query cluster).

use serde_json::{Value, json};

/// One dashboard query: its name, the portal's spec, and DuckDB's SQL for it.
pub struct Query {
    pub name: &'static str,
    pub spec: Value,
    #[allow(
        dead_code,
        reason = "the cluster benchmark compares with one node, not DuckDB"
    )]
    pub sql: &'static str,
}

/// The five dashboard queries of the data benchmarks.
pub fn queries() -> Vec<Query> {
    vec![
        Query {
            name: "filtered count (office 40, 2020 H2)",
            spec: json!({"dataset": "import_declaration",
                "filters": [{"op": "eq", "column": "office_id", "value": "40"},
                            {"op": "range", "column": "declaration_date", "min": "2020-07-01", "max": "2020-12-31"}],
                "aggregates": [{"func": "count"}]}),
            sql: "SELECT count(*) FROM {decl} WHERE office_id = '40' \
                  AND declaration_date BETWEEN DATE '2020-07-01' AND DATE '2020-12-31'",
        },
        Query {
            name: "group by office x month",
            spec: json!({"dataset": "import_declaration",
                "group_by": ["office_id", {"column": "declaration_date", "bucket": "month"}],
                "aggregates": [{"func": "count"}, {"func": "sum", "column": "item_price"}]}),
            sql: "SELECT office_id, date_trunc('month', declaration_date) AS m, count(*), sum(item_price) \
                  FROM {decl} GROUP BY office_id, m",
        },
        Query {
            name: "top-20 HS6 by value",
            spec: json!({"dataset": "import_declaration", "group_by": ["hs6"],
                "aggregates": [{"func": "sum", "column": "item_price", "alias": "value"}],
                "order_by": [{"column": "value", "descending": true}], "limit": 20}),
            sql: "SELECT hs6, sum(item_price) AS value FROM {decl} GROUP BY hs6 ORDER BY value DESC LIMIT 20",
        },
        Query {
            name: "unit-price p50/p90 by HS6",
            spec: json!({"dataset": "import_declaration", "group_by": ["hs6"],
                "aggregates": [{"func": "percentile", "p": 0.5, "column": "unit_price"},
                               {"func": "percentile", "p": 0.9, "column": "unit_price"}]}),
            sql: "SELECT hs6, approx_quantile(unit_price, 0.5), approx_quantile(unit_price, 0.9) \
                  FROM {decl} GROUP BY hs6",
        },
        Query {
            name: "distinct importers by origin (CN, VN)",
            spec: json!({"dataset": "import_declaration",
                "filters": [{"op": "in", "column": "country_origin", "values": ["CN", "VN"]}],
                "group_by": ["country_origin"],
                "aggregates": [{"func": "count_distinct", "column": "importer_id"}]}),
            sql: "SELECT country_origin, count(DISTINCT importer_id) FROM {decl} \
                  WHERE country_origin IN ('CN', 'VN') GROUP BY country_origin",
        },
    ]
}
