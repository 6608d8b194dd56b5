//! Charts of analysis results: the data each chart shows, labelled from the catalog
//! ([`data`]), the one-sentence summary ([`summary`]) and the SVG drawing ([`svg`]).

pub mod data;
pub mod summary;
pub mod svg;

pub use data::{ChartData, chart_data, table_view};
pub use summary::summary;
pub use svg::render_svg;

/// Most categories drawn on a bar-like chart (the largest; the table view says so).
pub const MAX_CATEGORIES: usize = 30;
/// Most series (stacks, lines, heatmap rows) drawn.
pub const MAX_SERIES: usize = 12;
/// Most scatter points drawn (evenly sampled from the rows).
pub const MAX_POINTS: usize = 4000;
/// Histogram bins.
pub const BINS: usize = 20;

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, StringArray};
    use arrow_schema::{Field, Schema};
    use portal_core::analysis::{ChartKind, chart_roles, suggest_chart};
    use portal_core::api::Office;

    use super::*;
    use crate::arrow::Frame;
    use crate::i18n::Lang;
    use crate::labels::{Names, result_columns};

    fn frame(cols: Vec<(&str, ArrayRef)>) -> Frame {
        let schema = Arc::new(Schema::new(
            cols.iter()
                .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
                .collect::<Vec<_>>(),
        ));
        let rows = cols[0].1.len();
        Frame {
            schema,
            columns: cols.into_iter().map(|(_, a)| a).collect(),
            rows,
        }
    }

    fn office_month() -> Frame {
        frame(vec![
            (
                "office_id",
                Arc::new(StringArray::from(vec!["40", "40", "20", "20", "30"])),
            ),
            (
                "declaration_date_month",
                Arc::new(Date32Array::from(vec![
                    18_262, 18_293, 18_262, 18_293, 18_262,
                ])),
            ),
            ("count", Arc::new(Int64Array::from(vec![10, 30, 5, 0, 7]))),
        ])
    }

    #[test]
    fn heatmap_cells_sum_per_office_and_month() {
        let f = office_month();
        let kind = suggest_chart(true, &f.kinds(), f.rows);
        assert_eq!(kind, ChartKind::Heatmap);
        let d = chart_data(&f, kind, chart_roles(kind, &f.kinds()).expect("roles"));
        assert_eq!(d.categories, ["2020-01-01", "2020-02-01"]);
        assert_eq!(d.series, ["40", "30", "20"], "rows by total, largest first");
        assert_eq!(d.values[0], [10.0, 30.0]);
        assert!(d.values[1][1].is_nan(), "no Feb row for office 30");
        assert_eq!(d.values[2][1], 0.0, "a zero is a value, not a gap");
        let (head, rows) = table_view(&d);
        assert_eq!(head, ["declaration_date_month", "40", "30", "20"]);
        assert_eq!(rows[1], ["2020-02-01", "30", "", "0"]);
        let s = summary(Lang::En, &d);
        assert!(s.starts_with("Heatmap of count by declaration_date_month: 2 categories × 3 series, highest 2020-02-01 (30), lowest 2020-01-01 (22)."), "{s}");
        let svg = render_svg(&d, 640, 360).expect("svg");
        assert!(svg.starts_with("<svg") && svg.contains("<rect"));
    }

    #[test]
    fn bars_rank_and_summaries_name_the_extremes() {
        let f = frame(vec![
            (
                "country_origin",
                Arc::new(StringArray::from(vec!["CN", "VN", "US"])),
            ),
            (
                "sum_value",
                Arc::new(Float64Array::from(vec![Some(5.5), Some(100.0), None])),
            ),
        ]);
        let kind = suggest_chart(true, &f.kinds(), f.rows);
        assert_eq!(kind, ChartKind::Country);
        let d = chart_data(&f, kind, chart_roles(kind, &f.kinds()).expect("roles"));
        assert_eq!(d.categories, ["VN", "CN", "US"]);
        assert_eq!(d.values[0], [100.0, 5.5, 0.0]);
        assert_eq!(
            summary(Lang::Ko, &d),
            "원산지 국가별 순위 막대: country_origin별 sum_value, 항목 3개, 최고 VN (100), 최저 US (0)."
        );
        assert!(render_svg(&d, 600, 300).expect("svg").contains("VN"));
    }

    #[test]
    fn histograms_bin_and_scatters_correlate() {
        let f = frame(vec![
            (
                "x",
                Arc::new(Float64Array::from(
                    (0..100).map(f64::from).collect::<Vec<_>>(),
                )),
            ),
            (
                "y",
                Arc::new(Float64Array::from(
                    (0..100).map(|v| 2.0 * f64::from(v)).collect::<Vec<_>>(),
                )),
            ),
        ]);
        let h = chart_data(
            &f,
            ChartKind::Histogram,
            chart_roles(ChartKind::Histogram, &f.kinds()).expect("roles"),
        );
        assert_eq!(h.categories.len(), BINS);
        assert_eq!(h.values[0].iter().sum::<f64>(), 100.0);
        assert_eq!(h.values[0][0], 5.0);
        let s = chart_data(
            &f,
            ChartKind::Scatter,
            chart_roles(ChartKind::Scatter, &f.kinds()).expect("roles"),
        );
        assert_eq!(s.points.len(), 100);
        assert!(summary(Lang::En, &s).contains("correlation 1.00"));
        assert!(render_svg(&s, 400, 300).expect("svg").contains("<circle"));
        let line_frame = frame(vec![
            ("m", Arc::new(Date32Array::from(vec![18_293, 18_262]))),
            ("n", Arc::new(Int64Array::from(vec![2, 1]))),
        ]);
        let l = chart_data(
            &line_frame,
            ChartKind::Line,
            chart_roles(ChartKind::Line, &line_frame.kinds()).expect("roles"),
        );
        assert_eq!(l.categories, ["2020-01-01", "2020-02-01"], "time in order");
        assert!(summary(Lang::Ko, &l).contains("2020-01-01 ~ 2020-02-01"));
        assert!(
            render_svg(&l, 400, 300).expect("svg").contains("<polyline")
                || render_svg(&l, 400, 300).expect("svg").contains("<path")
        );
    }

    #[test]
    fn labelled_charts_name_offices_axes_and_scale_amounts() {
        let f = frame(vec![
            ("office_id", Arc::new(StringArray::from(vec!["40", "20"]))),
            (
                "sum_item_price",
                Arc::new(Float64Array::from(vec![Some(3.2e9), Some(1.1e9)])),
            ),
        ]);
        let spec: portal_core::query::QuerySpec = serde_json::from_value(serde_json::json!({
            "dataset": "import_declaration", "group_by": ["office_id"],
            "aggregates": [{"func": "sum", "column": "item_price"}]
        }))
        .expect("spec");
        let kind = suggest_chart(true, &f.kinds(), f.rows);
        let roles = chart_roles(kind, &f.kinds()).expect("roles");
        let names = Names::new(&[Office {
            code: "40".into(),
            ko_name: "인천공항본부세관".into(),
            en_name: "Incheon Airport Main Customs".into(),
        }]);
        let cols = result_columns(Lang::Ko, &spec, &f.names());
        let d = chart_data(&f, kind, roles).labelled(Lang::Ko, &cols, &names, roles);
        assert_eq!(d.categories, ["인천공항본부세관 (40)", "20"]);
        assert_eq!(d.x_name, "신고세관부호");
        assert!(d.y_name.ends_with("(억 원)"), "{}", d.y_name);
        assert_eq!(d.y_divisor, 1e8);
        let s = summary(Lang::Ko, &d);
        assert!(s.contains("최고 인천공항본부세관 (40) (32)"), "{s}");
        let svg = render_svg(&d, 600, 300).expect("svg");
        assert!(svg.contains("억 원"), "the axis has its title");
    }
}
