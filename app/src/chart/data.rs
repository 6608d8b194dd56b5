//! What a chart shows ([`ChartData`]), computed from a result and the columns it draws, and
//! the same data as a table.

use std::collections::HashMap;

use portal_core::analysis::{ChartKind, Roles};

use super::{BINS, MAX_CATEGORIES, MAX_POINTS, MAX_SERIES};
use crate::arrow::{Frame, format_float};
use crate::i18n::{Key, Lang, text, textf};
use crate::labels::{ColumnLabel, Names, Unit};

/// What a chart shows, computed from a result and its [`Roles`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Kind drawn.
    pub kind: ChartKind,
    /// Title of the x (category / time / first number) axis.
    pub x_name: String,
    /// Title of the value axis.
    pub y_name: String,
    /// Value-axis ticks are shown divided by this (1, or 1e8 for 억 원).
    pub y_divisor: f64,
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
        y_divisor: 1.0,
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
            d.y_name = String::new();
        }
    }
    d
}

impl ChartData {
    /// The chart with words for its axes, legend and categories: the axis titles from the
    /// result columns' labels (`columns`, one per result column), code values with their names,
    /// and a value axis in 억 원 (billions of won in English) when amounts run that high.
    pub fn labelled(
        mut self,
        lang: Lang,
        columns: &[ColumnLabel],
        names: &Names,
        roles: Roles,
    ) -> ChartData {
        let col = |i: usize| columns.get(i);
        if let Some(x) = col(roles.x) {
            self.x_name = x.header(lang);
            if self.kind != ChartKind::Histogram && self.kind != ChartKind::Scatter {
                for c in &mut self.categories {
                    *c = names.value(lang, x, c);
                }
            }
        }
        if let Some(s) = roles.series.and_then(col) {
            for c in &mut self.series {
                *c = names.value(lang, s, c);
            }
        }
        match (self.kind, col(roles.y)) {
            (ChartKind::Histogram, _) => self.y_name = text(lang, Key::HistogramCount).to_owned(),
            (_, Some(y)) => {
                let big = match lang {
                    Lang::Ko => 1e8,
                    Lang::En => 1e9,
                };
                let top = self
                    .values
                    .iter()
                    .flatten()
                    .chain(self.points.iter().map(|p| &p.1))
                    .filter(|v| v.is_finite())
                    .fold(0.0f64, |m, v| m.max(v.abs()));
                if y.unit == Some(Unit::Won) && top >= big {
                    self.y_divisor = big;
                    self.y_name = textf(
                        lang,
                        Key::WithUnit,
                        &[("label", &y.label), ("unit", text(lang, Key::UnitEok))],
                    );
                } else {
                    self.y_name = y.header(lang);
                }
            }
            _ => {}
        }
        self
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
