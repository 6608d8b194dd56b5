//! The one sentence that says what a chart shows, for screen readers and the caption, from the
//! translation tables.

use portal_core::analysis::ChartKind;

use super::data::ChartData;
use crate::arrow::format_float;
use crate::i18n::{Key, Lang, text, textf};

/// How a sentence names a chart kind.
fn name_key(kind: ChartKind) -> Key {
    match kind {
        ChartKind::Bar => Key::ChartNameBar,
        ChartKind::StackedBar => Key::ChartNameStackedBar,
        ChartKind::Line => Key::ChartNameLine,
        ChartKind::Scatter => Key::ChartNameScatter,
        ChartKind::Histogram => Key::ChartNameHistogram,
        ChartKind::Heatmap => Key::ChartNameHeatmap,
        ChartKind::Country => Key::ChartNameCountry,
        ChartKind::Table => Key::ChartNameTable,
    }
}

/// Pearson correlation of the points, when defined.
fn correlation(p: &[(f64, f64)]) -> Option<f64> {
    let n = p.len() as f64;
    if p.len() < 3 {
        return None;
    }
    let (mx, my) = (
        p.iter().map(|v| v.0).sum::<f64>() / n,
        p.iter().map(|v| v.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in p {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// One sentence saying what the chart shows.
pub fn summary(lang: Lang, d: &ChartData) -> String {
    let kind = text(lang, name_key(d.kind));
    if d.kind == ChartKind::Scatter {
        let r = correlation(&d.points).map_or_else(
            || text(lang, Key::CorrelationUndefined).to_owned(),
            |r| format!("{r:.2}"),
        );
        return textf(
            lang,
            Key::ChartSummaryScatter,
            &[
                ("kind", kind),
                ("x", &d.x_name),
                ("y", &d.y_name),
                ("n", &d.points.len().to_string()),
                ("r", &r),
            ],
        );
    }
    // Totals per category over all series.
    let totals: Vec<(usize, f64)> = (0..d.categories.len())
        .map(|c| {
            (
                c,
                d.values
                    .iter()
                    .map(|s| s.get(c).copied().unwrap_or(f64::NAN))
                    .filter(|v| !v.is_nan())
                    .sum(),
            )
        })
        .collect();
    let hi = totals
        .iter()
        .copied()
        .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
    let lo = totals
        .iter()
        .copied()
        .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
    let (Some(hi), Some(lo)) = (hi, lo) else {
        return textf(lang, Key::ChartSummaryEmpty, &[("kind", kind)]);
    };
    let n = d.categories.len();
    let value = |v: f64| format_float(v / d.y_divisor);
    let (hi_v, lo_v, count, series) = (
        value(hi.1),
        value(lo.1),
        n.to_string(),
        d.series.len().to_string(),
    );
    let mut args: Vec<(&str, &str)> = vec![
        ("kind", kind),
        ("x", &d.x_name),
        ("y", &d.y_name),
        ("n", &count),
        ("hi", &d.categories[hi.0]),
        ("hi_v", &hi_v),
        ("lo", &d.categories[lo.0]),
        ("lo_v", &lo_v),
    ];
    let key = match d.kind {
        ChartKind::Line => {
            args.push(("first", &d.categories[0]));
            args.push(("last", &d.categories[n - 1]));
            Key::ChartSummaryLine
        }
        _ if d.series.len() > 1 => {
            args.push(("s", &series));
            Key::ChartSummarySeries
        }
        _ => Key::ChartSummaryBars,
    };
    textf(lang, key, &args)
}
