//! A virtualised results table: only the rows in view are in the DOM, so 100k-row results scroll
//! smoothly. Headers are the columns' catalog names with units; office and country codes show
//! their names; columns start wide enough for their header and their widest value among the
//! first rows, sort on a header click (again: descending) and resize by dragging the header's
//! edge.

use leptos::prelude::*;
use portal_core::analysis::ColumnKind;
use portal_core::query::QuerySpec;

use crate::arrow::Frame;
use crate::i18n::{Key, Lang, use_i18n};
use crate::labels::{ColumnLabel, Names, result_columns};
use crate::session::use_names;

/// Height of one row in CSS pixels (the stylesheet uses the same).
pub const ROW_HEIGHT: f64 = 28.0;
/// Height of the scrolling viewport in CSS pixels.
pub const VIEWPORT: f64 = 448.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 8;

/// The rows `[start, end)` to render for a scroll offset, of `rows` in all.
pub fn visible_range(scroll_top: f64, rows: usize) -> (usize, usize) {
    let first = (scroll_top.max(0.0) / ROW_HEIGHT) as usize;
    let start = first.saturating_sub(OVERSCAN).min(rows);
    let end = (first + (VIEWPORT / ROW_HEIGHT) as usize + OVERSCAN).min(rows);
    (start, end)
}

/// Rows looked at to size the columns.
const SIZING_ROWS: usize = 200;

/// The starting width of a column in CSS pixels: its header's and its widest sampled cell's
/// text, at about 8 px a character (Hangul counts double), within 90 to 420 px.
pub fn fit_width(header: &str, cells: impl Iterator<Item = String>) -> f64 {
    let width = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1.0 } else { 1.9 })
            .sum::<f64>()
    };
    let widest = cells.map(|c| width(&c)).fold(width(header) + 2.0, f64::max);
    (widest * 7.6 + 28.0).clamp(90.0, 420.0)
}

fn cell_text(
    frame: &Frame,
    labels: &[ColumnLabel],
    names: &Names,
    lang: Lang,
    r: usize,
    c: usize,
) -> String {
    let raw = frame.text(r, c);
    match labels.get(c) {
        Some(l) => names.value(lang, l, &raw),
        None => raw,
    }
}

/// The table of `frame`, the answer to `spec` (which names its columns).
#[component]
pub fn VirtualTable(
    /// The result to show.
    frame: Frame,
    /// The spec it answers.
    spec: QuerySpec,
) -> impl IntoView {
    let i18n = use_i18n();
    let names = use_names();
    let result_names = frame.names();
    let labels = Memo::new(move |_| result_columns(i18n.lang(), &spec, &result_names));
    let frame = StoredValue::new(frame);
    let kinds = frame.with_value(Frame::kinds);
    let ncols = kinds.len();
    let rows = frame.with_value(|f| f.rows);
    let numeric: Vec<bool> = kinds
        .iter()
        .map(|(_, k)| *k == ColumnKind::Number)
        .collect();
    let numeric = StoredValue::new(numeric);
    let widths = RwSignal::new(labels.with_untracked(|ls| {
        let (lang, names) = (i18n.lang_untracked(), names.get_untracked());
        frame.with_value(|f| {
            (0..ncols)
                .map(|c| {
                    let header = ls.get(c).map(|l| l.header(lang)).unwrap_or_default();
                    fit_width(
                        &header,
                        (0..rows.min(SIZING_ROWS)).map(|r| cell_text(f, ls, &names, lang, r, c)),
                    )
                })
                .collect::<Vec<f64>>()
        })
    }));
    let (scroll, set_scroll) = signal(0.0);
    let sort = RwSignal::new(None::<(usize, bool)>);
    let order = Memo::new(move |_| {
        sort.get()
            .map(|(c, desc)| frame.with_value(|f| f.sorted_order(c, desc)))
    });
    let drag = StoredValue::new(None::<(usize, f64, f64)>);
    let total_width = move || widths.with(|w| w.iter().sum::<f64>());
    let header = (0..ncols)
        .map(|c| {
            let name = move || {
                labels.with(|ls| ls.get(c).map(|l| l.header(i18n.lang())).unwrap_or_default())
            };
            let aria = move || match sort.get() {
                Some((s, false)) if s == c => "ascending",
                Some((s, true)) if s == c => "descending",
                _ => "none",
            };
            view! {
                <div class="vt-cell vt-th" role="columnheader" aria-sort=aria
                    style:width=move || format!("{}px", widths.with(|w| w[c]))>
                    <button type="button" class="vt-sort" title=move || i18n.t(Key::SortByColumn)
                        on:click=move |_| sort.update(|s| {
                            *s = match *s {
                                Some((p, false)) if p == c => Some((c, true)),
                                _ => Some((c, false)),
                            }
                        })>
                        {name}
                        {move || match sort.get() {
                            Some((s, false)) if s == c => " ▲",
                            Some((s, true)) if s == c => " ▼",
                            _ => "",
                        }}
                    </button>
                    <span class="vt-resize" role="separator" aria-orientation="vertical"
                        aria-label=move || i18n.t(Key::ResizeColumn)
                        on:pointerdown=move |ev| {
                            let w = widths.with_untracked(|w| w[c]);
                            drag.set_value(Some((c, ev.client_x() as f64, w)));
                            if let Some(t) = ev.target() {
                                use wasm_bindgen::JsCast;
                                if let Ok(el) = t.dyn_into::<web_sys::Element>() {
                                    let _ = el.set_pointer_capture(ev.pointer_id());
                                }
                            }
                        }
                        on:pointermove=move |ev| {
                            if let Some((col, x0, w0)) = drag.get_value() {
                                let w = (w0 + ev.client_x() as f64 - x0).max(50.0);
                                widths.update(|ws| ws[col] = w);
                            }
                        }
                        on:pointerup=move |_| drag.set_value(None)
                    ></span>
                </div>
            }
        })
        .collect_view();
    let body = move || {
        let (start, end) = visible_range(scroll.get(), rows);
        let order = order.get();
        (start..end)
            .map(|i| {
                let r = order.as_ref().map_or(i, |o| o[i] as usize);
                let cells = (0..ncols)
                    .map(|c| {
                        let text = labels.with(|ls| {
                            let names = names.get();
                            frame.with_value(|f| cell_text(f, ls, &names, i18n.lang(), r, c))
                        });
                        let class = if numeric.with_value(|n| n[c]) {
                            "vt-cell num"
                        } else {
                            "vt-cell"
                        };
                        view! {
                            <div class=class role="gridcell"
                                style:width=move || format!("{}px", widths.with(|w| w[c]))>{text}</div>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="vt-row" role="row" aria-rowindex=i + 2
                        style:top=format!("{}px", i as f64 * ROW_HEIGHT)>{cells}</div>
                }
            })
            .collect_view()
    };
    view! {
        <div class="vt" role="grid" aria-rowcount=rows + 1 aria-colcount=ncols tabindex="0"
            style:height=format!("{}px", VIEWPORT + ROW_HEIGHT + 2.0)
            on:scroll=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    set_scroll.set(el.scroll_top() as f64);
                }
            }>
            <div class="vt-head" role="row" aria-rowindex="1" style:width=move || format!("{}px", total_width())>
                {header}
            </div>
            <div class="vt-rows" style:height=format!("{}px", rows as f64 * ROW_HEIGHT)
                style:width=move || format!("{}px", total_width())>
                {body}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_their_header_and_widest_value() {
        let narrow = fit_width("hs6", ["851712".to_owned()].into_iter());
        assert_eq!(narrow, 90.0, "a minimum width");
        let money = fit_width(
            "과세가격 합계 (원)",
            ["23,706,371,490".to_owned()].into_iter(),
        );
        assert!(money > 14.0 * 7.6, "{money}");
        assert!(fit_width("x", ["y".repeat(500)].into_iter()) <= 420.0);
    }

    #[test]
    fn only_rows_near_the_viewport_render() {
        assert_eq!(visible_range(0.0, 100_000), (0, 24));
        let (s, e) = visible_range(28.0 * 50_000.0, 100_000);
        assert_eq!((s, e), (49_992, 50_024));
        assert_eq!(visible_range(28.0 * 99_999.0, 100_000), (99_991, 100_000));
        assert_eq!(visible_range(0.0, 3), (0, 3));
        assert_eq!(visible_range(-10.0, 0), (0, 0));
    }
}
