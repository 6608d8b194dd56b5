//! Charts of analysis results, drawn with plotters as SVG: the data each chart shows
//! ([`ChartData`], also offered as a table), the one-sentence summary for screen readers, and
//! the SVG itself.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use portal_core::analysis::{ChartKind, Roles};

use crate::arrow::{Frame, format_float};
use crate::i18n::Lang;

/// Most categories drawn on a bar-like chart (the largest; the table view says so).
pub const MAX_CATEGORIES: usize = 30;
/// Most series (stacks, lines, heatmap rows) drawn.
pub const MAX_SERIES: usize = 12;
/// Most scatter points drawn (evenly sampled from the rows).
pub const MAX_POINTS: usize = 4000;
/// Histogram bins.
pub const BINS: usize = 20;

/// Colour-blind-safe palette (Okabe–Ito), in series order.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

/// What a chart shows, computed from a result and its [`Roles`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Kind drawn.
    pub kind: ChartKind,
    /// Name of the x (category / time / first number) column.
    pub x_name: String,
    /// Name of the value column.
    pub y_name: String,
    /// Categories along x (bars, time buckets, heatmap columns, histogram bins).
    pub categories: Vec<String>,
    /// Series names (stacks, lines, heatmap rows); one unnamed series otherwise.
    pub series: Vec<String>,
    /// `values[series][category]`; NaN where the result has no such cell.
    pub values: Vec<Vec<f64>>,
    /// Scatter points.
    pub points: Vec<(f64, f64)>,
    /// Categories or series left out for being beyond the caps.
    pub truncated: bool,
}

fn key(frame: &Frame, row: usize, col: usize) -> String {
    frame.text(row, col)
}

/// Sums of `y` per key of column `col`, in first-seen order.
fn totals(frame: &Frame, col: usize, y: usize) -> Vec<(String, f64)> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<(String, f64)> = Vec::new();
    for r in 0..frame.rows {
        let k = key(frame, r, col);
        let v = frame.number(r, y).unwrap_or(0.0);
        match index.get(&k) {
            Some(i) => out[*i].1 += v,
            None => {
                index.insert(k.clone(), out.len());
                out.push((k, v));
            }
        }
    }
    out
}

fn top(mut t: Vec<(String, f64)>, n: usize) -> (Vec<String>, bool) {
    t.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    let cut = t.len() > n;
    (t.into_iter().take(n).map(|(k, _)| k).collect(), cut)
}

/// The data of a `kind` chart of `frame` with `roles` (see `portal_core::analysis::chart_roles`).
pub fn chart_data(frame: &Frame, kind: ChartKind, roles: Roles) -> ChartData {
    let names = frame.names();
    let mut d = ChartData {
        kind,
        x_name: names.get(roles.x).cloned().unwrap_or_default(),
        y_name: names.get(roles.y).cloned().unwrap_or_default(),
        categories: Vec::new(),
        series: vec![String::new()],
        values: vec![Vec::new()],
        points: Vec::new(),
        truncated: false,
    };
    match kind {
        ChartKind::Table => {}
        ChartKind::Bar | ChartKind::Country => {
            let t = totals(frame, roles.x, roles.y);
            let (cats, cut) = top(t.clone(), MAX_CATEGORIES);
            let map: HashMap<_, _> = t.into_iter().collect();
            d.values = vec![cats.iter().map(|c| map[c]).collect()];
            d.categories = cats;
            d.truncated = cut;
        }
        ChartKind::Line | ChartKind::StackedBar | ChartKind::Heatmap => {
            let mut cats: Vec<String> = totals(frame, roles.x, roles.y)
                .into_iter()
                .map(|(k, _)| k)
                .collect();
            if kind == ChartKind::StackedBar {
                let (c, cut) = top(totals(frame, roles.x, roles.y), MAX_CATEGORIES);
                cats = c;
                d.truncated |= cut;
            } else {
                // Time and second-category axes read in order.
                cats.sort();
            }
            let (series, cut) = match roles.series {
                Some(s) => top(totals(frame, s, roles.y), MAX_SERIES),
                None => (vec![String::new()], false),
            };
            d.truncated |= cut;
            let ci: HashMap<&str, usize> = cats
                .iter()
                .enumerate()
                .map(|(i, c)| (c.as_str(), i))
                .collect();
            let si: HashMap<&str, usize> = series
                .iter()
                .enumerate()
                .map(|(i, c)| (c.as_str(), i))
                .collect();
            let mut values = vec![vec![f64::NAN; cats.len()]; series.len()];
            for r in 0..frame.rows {
                let c = key(frame, r, roles.x);
                let s = roles.series.map(|s| key(frame, r, s)).unwrap_or_default();
                if let (Some(&c), Some(&s)) = (ci.get(c.as_str()), si.get(s.as_str())) {
                    let v = frame.number(r, roles.y).unwrap_or(0.0);
                    let cell = &mut values[s][c];
                    *cell = if cell.is_nan() { v } else { *cell + v };
                }
            }
            d.categories = cats;
            d.series = series;
            d.values = values;
        }
        ChartKind::Scatter => {
            let step = frame.rows.div_ceil(MAX_POINTS).max(1);
            d.truncated = step > 1;
            d.points = (0..frame.rows)
                .step_by(step)
                .filter_map(|r| Some((frame.number(r, roles.x)?, frame.number(r, roles.y)?)))
                .collect();
        }
        ChartKind::Histogram => {
            let vals: Vec<f64> = (0..frame.rows)
                .filter_map(|r| frame.number(r, roles.x))
                .filter(|v| v.is_finite())
                .collect();
            let (lo, hi) = vals
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(*v), b.max(*v))
                });
            if vals.is_empty() {
                return d;
            }
            let width = if hi > lo {
                (hi - lo) / BINS as f64
            } else {
                1.0
            };
            let mut counts = vec![0.0; BINS];
            for v in &vals {
                let b = (((v - lo) / width) as usize).min(BINS - 1);
                counts[b] += 1.0;
            }
            d.categories = (0..BINS)
                .map(|b| format_float(lo + width * b as f64))
                .collect();
            d.values = vec![counts];
            d.y_name = "count".to_owned();
        }
    }
    d
}

fn kind_name(lang: Lang, kind: ChartKind) -> &'static str {
    match (lang, kind) {
        (Lang::Ko, ChartKind::Bar) => "막대 차트",
        (Lang::Ko, ChartKind::StackedBar) => "누적 막대 차트",
        (Lang::Ko, ChartKind::Line) => "선 차트",
        (Lang::Ko, ChartKind::Scatter) => "산점도",
        (Lang::Ko, ChartKind::Histogram) => "히스토그램",
        (Lang::Ko, ChartKind::Heatmap) => "히트맵",
        (Lang::Ko, ChartKind::Country) => "원산지 국가별 순위 막대",
        (Lang::Ko, ChartKind::Table) => "표",
        (Lang::En, ChartKind::Bar) => "Bar chart",
        (Lang::En, ChartKind::StackedBar) => "Stacked bar chart",
        (Lang::En, ChartKind::Line) => "Line chart",
        (Lang::En, ChartKind::Scatter) => "Scatter plot",
        (Lang::En, ChartKind::Histogram) => "Histogram",
        (Lang::En, ChartKind::Heatmap) => "Heatmap",
        (Lang::En, ChartKind::Country) => "Ranked bars by country",
        (Lang::En, ChartKind::Table) => "Table",
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

/// One sentence saying what the chart shows, for screen readers and the caption.
pub fn summary(lang: Lang, d: &ChartData) -> String {
    let kind = kind_name(lang, d.kind);
    if d.kind == ChartKind::Scatter {
        let r = correlation(&d.points).map(|r| format!("{r:.2}"));
        return match lang {
            Lang::Ko => format!(
                "{kind}: {} 대비 {}, 점 {}개, 상관계수 {}.",
                d.x_name,
                d.y_name,
                d.points.len(),
                r.unwrap_or_else(|| "계산 불가".into())
            ),
            Lang::En => format!(
                "{kind} of {} against {}: {} points, correlation {}.",
                d.y_name,
                d.x_name,
                d.points.len(),
                r.unwrap_or_else(|| "undefined".into())
            ),
        };
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
        return match lang {
            Lang::Ko => format!("{kind}: 표시할 값이 없습니다."),
            Lang::En => format!("{kind}: no values to show."),
        };
    };
    let cat = |i: usize| d.categories[i].clone();
    let n = d.categories.len();
    let series = d.series.len();
    match (lang, d.kind) {
        (Lang::Ko, ChartKind::Line) => format!(
            "{kind}: {}별 {}, {} ~ {} 구간 {}개, 최고 {} ({}), 최저 {} ({}).",
            d.x_name,
            d.y_name,
            cat(0),
            cat(n - 1),
            n,
            cat(hi.0),
            format_float(hi.1),
            cat(lo.0),
            format_float(lo.1)
        ),
        (Lang::En, ChartKind::Line) => format!(
            "{kind} of {} by {}: {} points from {} to {}, highest {} ({}), lowest {} ({}).",
            d.y_name,
            d.x_name,
            n,
            cat(0),
            cat(n - 1),
            cat(hi.0),
            format_float(hi.1),
            cat(lo.0),
            format_float(lo.1)
        ),
        (Lang::Ko, _) => format!(
            "{kind}: {}별 {}, 항목 {}개{}, 최고 {} ({}), 최저 {} ({}).",
            d.x_name,
            d.y_name,
            n,
            if series > 1 {
                format!(" × 계열 {series}개")
            } else {
                String::new()
            },
            cat(hi.0),
            format_float(hi.1),
            cat(lo.0),
            format_float(lo.1)
        ),
        (Lang::En, _) => format!(
            "{kind} of {} by {}: {} categories{}, highest {} ({}), lowest {} ({}).",
            d.y_name,
            d.x_name,
            n,
            if series > 1 {
                format!(" × {series} series")
            } else {
                String::new()
            },
            cat(hi.0),
            format_float(hi.1),
            cat(lo.0),
            format_float(lo.1)
        ),
    }
}

/// The chart's data as a table: header and rows of display text.
pub fn table_view(d: &ChartData) -> (Vec<String>, Vec<Vec<String>>) {
    if d.kind == ChartKind::Scatter {
        return (
            vec![d.x_name.clone(), d.y_name.clone()],
            d.points
                .iter()
                .take(200)
                .map(|(x, y)| vec![format_float(*x), format_float(*y)])
                .collect(),
        );
    }
    let mut header = vec![d.x_name.clone()];
    if d.series.len() == 1 {
        header.push(d.y_name.clone());
    } else {
        header.extend(d.series.iter().cloned());
    }
    let rows = d
        .categories
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let mut row = vec![name.clone()];
            row.extend(d.values.iter().map(|s| {
                let v = s.get(c).copied().unwrap_or(f64::NAN);
                if v.is_nan() {
                    String::new()
                } else {
                    format_float(v)
                }
            }));
            row
        })
        .collect();
    (header, rows)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("chart drawing failed: {e:?}")
}

fn short(s: &str) -> String {
    if s.chars().count() > 14 {
        format!("{}…", s.chars().take(13).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// The (shortened) label of the category a segmented axis position is the centre of.
fn segment_label(labels: &[String], v: &SegmentValue<u32>) -> String {
    match v {
        SegmentValue::CenterOf(i) => labels
            .get(*i as usize)
            .map(|c| short(c))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Draws `d` as an SVG document of `width` × `height` pixels.
pub fn render_svg(d: &ChartData, width: u32, height: u32) -> Result<String, String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        match d.kind {
            ChartKind::Table => {}
            ChartKind::Scatter => scatter(&root, d)?,
            ChartKind::Line => line(&root, d, width)?,
            ChartKind::Heatmap => heatmap(&root, d)?,
            _ => bars(&root, d)?,
        }
        root.present().map_err(err)?;
    }
    Ok(buf)
}

fn finite_max(d: &ChartData, stacked: bool) -> f64 {
    let m = (0..d.categories.len())
        .map(|c| {
            let vals = d.values.iter().map(|s| s.get(c).copied().unwrap_or(0.0));
            if stacked {
                vals.filter(|v| v.is_finite()).map(|v| v.max(0.0)).sum()
            } else {
                vals.filter(|v| v.is_finite()).fold(0.0, f64::max)
            }
        })
        .fold(0.0, f64::max);
    if m > 0.0 { m * 1.05 } else { 1.0 }
}

fn bars(root: &Area<'_>, d: &ChartData) -> Result<(), String> {
    let n = d.categories.len().max(1) as u32;
    let top = finite_max(d, true);
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(70)
        .y_label_area_size(80)
        .build_cartesian_2d((0..n).into_segmented(), 0f64..top)
        .map_err(err)?;
    let cats = d.categories.clone();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n as usize)
        .x_label_style(
            ("sans-serif", 11)
                .into_font()
                .transform(FontTransform::Rotate90),
        )
        .x_label_formatter(&|v| segment_label(&cats, v))
        .y_label_formatter(&|v| format_float(*v))
        .y_desc(d.y_name.as_str())
        .draw()
        .map_err(err)?;
    let mut base = vec![0.0; d.categories.len()];
    for (s, name) in d.series.iter().enumerate() {
        let color = PALETTE[s % PALETTE.len()];
        let rects: Vec<_> = (0..d.categories.len())
            .filter_map(|c| {
                let v = d.values[s]
                    .get(c)
                    .copied()
                    .filter(|v| v.is_finite())?
                    .max(0.0);
                let r = Rectangle::new(
                    [
                        (SegmentValue::Exact(c as u32), base[c]),
                        (SegmentValue::Exact(c as u32 + 1), base[c] + v),
                    ],
                    color.filled(),
                );
                base[c] += v;
                Some(r)
            })
            .collect();
        let drawn = chart.draw_series(rects).map_err(err)?;
        if d.series.len() > 1 {
            drawn.label(short(name)).legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled())
            });
        }
    }
    if d.series.len() > 1 {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
    }
    Ok(())
}

fn line(root: &Area<'_>, d: &ChartData, width: u32) -> Result<(), String> {
    let n = d.categories.len();
    let top = finite_max(d, false);
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..top)
        .map_err(err)?;
    let cats = d.categories.clone();
    chart
        .configure_mesh()
        // About one label per 100 px, so that dates never overlap.
        .x_labels(n.clamp(2, (width as usize / 100).max(2)))
        .x_label_formatter(&|v| {
            let i = v.round();
            if (v - i).abs() < 1e-6 {
                cats.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| format_float(*v))
        .y_desc(d.y_name.as_str())
        .draw()
        .map_err(err)?;
    for (s, name) in d.series.iter().enumerate() {
        let color = PALETTE[s % PALETTE.len()];
        let pts: Vec<(f64, f64)> = d.values[s]
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .map(|(i, v)| (i as f64, *v))
            .collect();
        chart
            .draw_series(pts.iter().map(|p| Circle::new(*p, 3, color.filled())))
            .map_err(err)?;
        let drawn = chart
            .draw_series(LineSeries::new(pts, color.stroke_width(2)))
            .map_err(err)?;
        if d.series.len() > 1 {
            drawn.label(short(name)).legend(move |(x, y)| {
                PathElement::new([(x, y), (x + 14, y)], color.stroke_width(2))
            });
        }
    }
    if d.series.len() > 1 {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
    }
    Ok(())
}

fn scatter(root: &Area<'_>, d: &ChartData) -> Result<(), String> {
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (x, y) in &d.points {
        (x0, x1, y0, y1) = (x0.min(*x), x1.max(*x), y0.min(*y), y1.max(*y));
    }
    if d.points.is_empty() {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    let pad = |a: f64, b: f64| if b > a { (a, b) } else { (a - 1.0, b + 1.0) };
    let ((x0, x1), (y0, y1)) = (pad(x0, x1), pad(y0, y1));
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_label_formatter(&|v| format_float(*v))
        .y_label_formatter(&|v| format_float(*v))
        .x_desc(d.x_name.as_str())
        .y_desc(d.y_name.as_str())
        .draw()
        .map_err(err)?;
    chart
        .draw_series(
            d.points
                .iter()
                .map(|p| Circle::new(*p, 2, PALETTE[0].mix(0.5).filled())),
        )
        .map_err(err)?;
    Ok(())
}

/// White (low) to dark blue (high).
fn heat(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(lerp(247.0, 8.0), lerp(251.0, 48.0), lerp(255.0, 107.0))
}

fn heatmap(root: &Area<'_>, d: &ChartData) -> Result<(), String> {
    let (nc, nr) = (
        d.categories.len().max(1) as u32,
        d.series.len().max(1) as u32,
    );
    let top = d
        .values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(70)
        .y_label_area_size(110)
        .build_cartesian_2d((0..nc).into_segmented(), (0..nr).into_segmented())
        .map_err(err)?;
    let (cats, series) = (d.categories.clone(), d.series.clone());
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(nc as usize)
        .y_labels(nr as usize)
        .x_label_style(
            ("sans-serif", 11)
                .into_font()
                .transform(FontTransform::Rotate90),
        )
        .x_label_formatter(&|v| segment_label(&cats, v))
        .y_label_formatter(&|v| segment_label(&series, v))
        .draw()
        .map_err(err)?;
    let mut cells = Vec::new();
    for (r, row) in d.values.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let color = if v.is_finite() && top > 0.0 {
                heat(v / top)
            } else {
                RGBColor(230, 230, 230)
            };
            cells.push(Rectangle::new(
                [
                    (SegmentValue::Exact(c as u32), SegmentValue::Exact(r as u32)),
                    (
                        SegmentValue::Exact(c as u32 + 1),
                        SegmentValue::Exact(r as u32 + 1),
                    ),
                ],
                color.filled(),
            ));
        }
    }
    chart.draw_series(cells).map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, StringArray};
    use arrow_schema::{Field, Schema};
    use portal_core::analysis::{chart_roles, suggest_chart};

    use super::*;

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
}
