//! Which chart fits an analysis result, and which of its columns each chart draws.

crate::string_enum! {
    /// Chart kinds; the string is the form value and the file-name stem.
    pub enum ChartKind {
        /// Bars per category.
        Bar = "bar",
        /// Bars per category, stacked by a second category.
        StackedBar = "stacked_bar",
        /// A value over time.
        Line = "line",
        /// Two numbers per row.
        Scatter = "scatter",
        /// Distribution of one number.
        Histogram = "histogram",
        /// A value per (category, time bucket) cell.
        Heatmap = "heatmap",
        /// Ranked bars by country.
        Country = "country",
        /// No chart: the table only.
        Table = "table",
    }
}

/// What a result column holds, for charting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text (categories).
    Text,
    /// Numbers.
    Number,
    /// Dates.
    Date,
}

/// Which result columns a chart draws (indices into the result's columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles {
    /// Category, time or first-number axis.
    pub x: usize,
    /// Value (or second number for scatter; equal to `x` for histograms).
    pub y: usize,
    /// Second category (stacks of a stacked bar, rows of a heatmap).
    pub series: Option<usize>,
}

/// The columns `kind` would draw for a result with these columns, or `None` when the result's
/// shape does not fit that kind.
pub fn chart_roles(kind: ChartKind, columns: &[(String, ColumnKind)]) -> Option<Roles> {
    let idx = |k: ColumnKind| {
        columns
            .iter()
            .enumerate()
            .filter(move |(_, (_, c))| *c == k)
            .map(|(i, _)| i)
    };
    let numbers: Vec<usize> = idx(ColumnKind::Number).collect();
    let texts: Vec<usize> = idx(ColumnKind::Text).collect();
    let dates: Vec<usize> = idx(ColumnKind::Date).collect();
    let y = numbers.first().copied();
    match kind {
        ChartKind::Table => Some(Roles {
            x: 0,
            y: 0,
            series: None,
        }),
        ChartKind::Bar => Some(Roles {
            x: *texts.first().or(dates.first())?,
            y: y?,
            series: None,
        }),
        ChartKind::Country => Some(Roles {
            x: texts
                .iter()
                .copied()
                .find(|i| crate::codes::is_country_column(&columns[*i].0))?,
            y: y?,
            series: None,
        }),
        ChartKind::StackedBar => {
            let keys: Vec<usize> = texts.iter().chain(&dates).copied().collect();
            Some(Roles {
                x: *keys.first()?,
                y: y?,
                series: Some(*keys.get(1)?),
            })
        }
        ChartKind::Line => Some(Roles {
            x: *dates.first()?,
            y: y?,
            series: texts.first().copied(),
        }),
        ChartKind::Heatmap => {
            let (x, series) = match (dates.first(), texts.as_slice()) {
                (Some(d), [t, ..]) => (*d, *t),
                (None, [a, b, ..]) => (*b, *a),
                _ => return None,
            };
            Some(Roles {
                x,
                y: y?,
                series: Some(series),
            })
        }
        ChartKind::Scatter => Some(Roles {
            x: *numbers.first()?,
            y: *numbers.get(1)?,
            series: None,
        }),
        ChartKind::Histogram => Some(Roles {
            x: y?,
            y: y?,
            series: None,
        }),
    }
}

/// The chart suggested for a result from its shape: `grouped` results with one date key are
/// lines, with one country key ranked country bars, with one text key bars, with a date and a
/// text key heatmaps, with two text keys stacked bars; ungrouped results with two numbers are
/// scatter plots and with one a histogram; anything else (or an empty result) is a table.
pub fn suggest_chart(grouped: bool, columns: &[(String, ColumnKind)], rows: usize) -> ChartKind {
    if rows == 0 {
        return ChartKind::Table;
    }
    let count = |k: ColumnKind| columns.iter().filter(|(_, c)| *c == k).count();
    let (numbers, texts, dates) = (
        count(ColumnKind::Number),
        count(ColumnKind::Text),
        count(ColumnKind::Date),
    );
    let kind = if grouped {
        match (texts, dates, numbers) {
            (_, _, 0) => ChartKind::Table,
            (0, 1, _) => ChartKind::Line,
            (1, 0, _)
                if columns
                    .iter()
                    .any(|(n, _)| crate::codes::is_country_column(n)) =>
            {
                ChartKind::Country
            }
            (1, 0, _) => ChartKind::Bar,
            (1, 1, _) => ChartKind::Heatmap,
            (2, 0, _) => ChartKind::StackedBar,
            _ => ChartKind::Table,
        }
    } else {
        match numbers {
            0 => ChartKind::Table,
            1 => ChartKind::Histogram,
            _ => ChartKind::Scatter,
        }
    };
    if chart_roles(kind, columns).is_some() {
        kind
    } else {
        ChartKind::Table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(spec: &[(&str, ColumnKind)]) -> Vec<(String, ColumnKind)> {
        spec.iter().map(|(n, k)| ((*n).to_owned(), *k)).collect()
    }

    #[test]
    fn chart_choice_follows_the_result_shape() {
        use ColumnKind::{Date, Number, Text};
        let s = |g, c: &[(&str, ColumnKind)]| suggest_chart(g, &cols(c), 10);
        assert_eq!(
            s(true, &[("declaration_date_month", Date), ("count", Number)]),
            ChartKind::Line
        );
        assert_eq!(
            s(true, &[("office_id", Text), ("count", Number)]),
            ChartKind::Bar
        );
        assert_eq!(
            s(true, &[("country_origin", Text), ("count", Number)]),
            ChartKind::Country
        );
        assert_eq!(
            s(
                true,
                &[
                    ("office_id", Text),
                    ("declaration_date_month", Date),
                    ("count", Number)
                ]
            ),
            ChartKind::Heatmap
        );
        assert_eq!(
            s(
                true,
                &[("office_id", Text), ("hs6", Text), ("count", Number)]
            ),
            ChartKind::StackedBar
        );
        assert_eq!(s(true, &[("office_id", Text)]), ChartKind::Table);
        assert_eq!(
            s(false, &[("a", Number), ("b", Number), ("t", Text)]),
            ChartKind::Scatter
        );
        assert_eq!(
            s(false, &[("a", Number), ("t", Text)]),
            ChartKind::Histogram
        );
        assert_eq!(s(false, &[("t", Text)]), ChartKind::Table);
        assert_eq!(
            suggest_chart(true, &cols(&[("office_id", Text), ("count", Number)]), 0),
            ChartKind::Table
        );
    }

    #[test]
    fn chart_roles_pick_columns_or_refuse() {
        use ColumnKind::{Date, Number, Text};
        let c = cols(&[("office_id", Text), ("m", Date), ("count", Number)]);
        assert_eq!(
            chart_roles(ChartKind::Heatmap, &c),
            Some(Roles {
                x: 1,
                y: 2,
                series: Some(0)
            })
        );
        assert_eq!(
            chart_roles(ChartKind::Line, &c),
            Some(Roles {
                x: 1,
                y: 2,
                series: Some(0)
            })
        );
        assert_eq!(chart_roles(ChartKind::Scatter, &c), None);
        assert_eq!(chart_roles(ChartKind::Country, &c), None);
        assert_eq!(ChartKind::parse("stacked_bar"), Some(ChartKind::StackedBar));
    }
}
