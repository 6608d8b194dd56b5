//! Charts drawn with plotters as SVG: bars (stacked or not), lines, scatter plots and heatmaps,
//! with a light major grid only, axis titles and a legend for series.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordu32;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use portal_core::analysis::ChartKind;

use super::data::ChartData;
use crate::arrow::format_float;

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

/// The major grid: a light grey.
const GRID: RGBColor = RGBColor(232, 234, 238);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("chart drawing failed: {e:?}")
}

fn short(s: &str) -> String {
    if s.chars().count() > 18 {
        format!("{}…", s.chars().take(17).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// Estimated width in pixels of `s` at 11 px (Hangul and other wide letters count double).
fn text_px(s: &str) -> u32 {
    s.chars().map(|c| if c.is_ascii() { 6 } else { 11 }).sum()
}

/// How the labels of a segmented x axis are laid out: flat in one row when each fits its slot,
/// flat in two staggered rows when each fits two slots, else turned on their side.
#[derive(Clone, Copy, Debug, PartialEq)]
enum XLayout {
    Flat,
    Staggered,
    Upright,
}

/// The labels of a segmented x axis, their layout and the height of the area they need (with
/// the axis title).
struct XAxis<'l> {
    labels: &'l [String],
    layout: XLayout,
    area: u32,
}

impl<'l> XAxis<'l> {
    /// Lays out `labels` under a plot `plot_width` pixels wide.
    fn new(labels: &'l [String], plot_width: u32) -> Self {
        let longest = labels.iter().map(|l| text_px(&short(l))).max().unwrap_or(0) + 8;
        let slot = plot_width / (labels.len().max(1) as u32);
        let (layout, area) = if longest <= slot {
            (XLayout::Flat, 52)
        } else if longest <= 2 * slot {
            (XLayout::Staggered, 66)
        } else {
            (XLayout::Upright, (longest + 28).clamp(50, 160))
        };
        XAxis {
            labels,
            layout,
            area,
        }
    }

    /// Draws the labels hanging down from the axis (the mesh's own labels would be centred on
    /// the axis line and, turned, run into the plot).
    fn draw<'a, Y: Ranged>(
        &self,
        root: &Area<'a>,
        chart: &ChartContext<'a, SVGBackend<'a>, Cartesian2d<SegmentedCoord<RangedCoordu32>, Y>>,
        y0: Y::ValueType,
    ) -> Result<(), String>
    where
        Y::ValueType: Clone,
    {
        let font = ("sans-serif", 11).into_font();
        let style = match self.layout {
            XLayout::Upright => font
                .transform(FontTransform::Rotate90)
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
            XLayout::Flat | XLayout::Staggered => {
                font.color(&BLACK).pos(Pos::new(HPos::Center, VPos::Top))
            }
        };
        for (i, label) in self.labels.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(SegmentValue::CenterOf(i as u32), y0.clone()));
            let row = if self.layout == XLayout::Staggered && i % 2 == 1 {
                14
            } else {
                0
            };
            root.draw(&Text::new(short(label), (x, y + 6 + row), style.clone()))
                .map_err(err)?;
        }
        Ok(())
    }
}

/// Draws the mesh: a light major grid only (no minor lines) and the axis titles.
fn draw_mesh<X, Y>(
    mesh: &mut MeshStyle<'_, '_, X, Y, SVGBackend<'_>>,
    d: &ChartData,
) -> Result<(), String>
where
    X: Ranged + ValueFormatter<X::ValueType>,
    Y: Ranged + ValueFormatter<Y::ValueType>,
{
    mesh.light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_desc(d.x_name.as_str())
        .y_desc(d.y_name.as_str())
        .axis_desc_style(("sans-serif", 13))
        .draw()
        .map_err(err)
}

/// The legend of a chart of several series (none for one).
fn legend<'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    series: usize,
) -> Result<(), String> {
    if series > 1 {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
    }
    Ok(())
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
    let axis = XAxis::new(&d.categories, root.dim_in_pixel().0.saturating_sub(80 + 24));
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(axis.area)
        .y_label_area_size(80)
        .build_cartesian_2d((0..n).into_segmented(), 0f64..top)
        .map_err(err)?;
    draw_mesh(
        chart
            .configure_mesh()
            .disable_x_mesh()
            // The categories are drawn by `XAxis::draw` below.
            .x_label_formatter(&|_| String::new())
            .y_label_formatter(&|v| format_float(*v / d.y_divisor)),
        d,
    )?;
    axis.draw(root, &chart, 0.0)?;
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
    legend(&mut chart, d.series.len())
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
    draw_mesh(
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
            .y_label_formatter(&|v| format_float(*v / d.y_divisor)),
        d,
    )?;
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
    legend(&mut chart, d.series.len())
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
    draw_mesh(
        chart
            .configure_mesh()
            .x_label_formatter(&|v| format_float(*v))
            .y_label_formatter(&|v| format_float(*v / d.y_divisor)),
        d,
    )?;
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
    let y_area = d
        .series
        .iter()
        .map(|l| text_px(&short(l)))
        .max()
        .unwrap_or(0)
        + 16;
    let y_area = y_area.clamp(40, 180);
    let axis = XAxis::new(
        &d.categories,
        root.dim_in_pixel().0.saturating_sub(y_area + 24),
    );
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(axis.area)
        .y_label_area_size(y_area)
        .build_cartesian_2d((0..nc).into_segmented(), (0..nr).into_segmented())
        .map_err(err)?;
    let series = d.series.clone();
    chart
        .configure_mesh()
        .disable_mesh()
        .x_label_formatter(&|_| String::new())
        .y_labels(nr as usize)
        .y_label_formatter(&|v| segment_label(&series, v))
        .x_desc(d.x_name.as_str())
        .axis_desc_style(("sans-serif", 13))
        .draw()
        .map_err(err)?;
    axis.draw(root, &chart, SegmentValue::Exact(0))?;
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
    use super::*;

    fn labels(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn x_labels_lie_flat_when_they_fit_and_turn_only_when_two_rows_do_not() {
        let offices = labels(&[
            "부산본부세관 (20)",
            "인천본부세관 (30)",
            "서울본부세관 (10)",
        ]);
        assert_eq!(XAxis::new(&offices, 1000).layout, XLayout::Flat);
        let ten: Vec<String> = (0..10).map(|i| format!("인천공항본부세관 ({i})")).collect();
        assert_eq!(XAxis::new(&ten, 1100).layout, XLayout::Staggered);
        let forty: Vec<String> = (0..40).map(|i| format!("인천공항본부세관 ({i})")).collect();
        let upright = XAxis::new(&forty, 1100);
        assert_eq!(upright.layout, XLayout::Upright);
        assert!(upright.area > XAxis::new(&ten, 1100).area);
    }
}
