//! A result's chart with its one-sentence summary, a table view of the charted data, the chart
//! kind picker and PNG/SVG download.

use leptos::prelude::*;
use portal_core::analysis::{ChartKind, chart_roles, suggest_chart};
use portal_core::query::QuerySpec;

use crate::arrow::{Frame, group_thousands};
use crate::chart::{chart_data, render_svg, summary, table_view};
use crate::errors::{ErrorNotice, Problem};
use crate::files;
use crate::i18n::{Key, Lang, textf, use_i18n};
use crate::labels::result_columns;
use crate::session::use_names;

/// The label of a chart kind.
pub fn kind_key(k: ChartKind) -> Key {
    match k {
        ChartKind::Bar => Key::ChartBar,
        ChartKind::StackedBar => Key::ChartStackedBar,
        ChartKind::Line => Key::ChartLine,
        ChartKind::Scatter => Key::ChartScatter,
        ChartKind::Histogram => Key::ChartHistogram,
        ChartKind::Heatmap => Key::ChartHeatmap,
        ChartKind::Country => Key::ChartCountry,
        ChartKind::Table => Key::ChartTable,
    }
}

/// Chart of `frame`, the answer to `spec` (which names its columns). `kind` is the user's
/// choice (`None`: suggested from the result's shape); `on_kind` receives a new choice (no
/// picker when absent). `name` names downloaded files.
#[component]
pub fn ChartView(
    /// The result.
    frame: Frame,
    /// The spec it answers.
    spec: QuerySpec,
    /// Whether the result is grouped (aggregates), for the suggestion.
    grouped: bool,
    /// The chosen kind.
    #[prop(into)]
    kind: Signal<Option<ChartKind>>,
    /// Called with the user's new choice.
    #[prop(optional)]
    on_kind: Option<Callback<Option<ChartKind>>>,
    /// File name stem for downloads.
    #[prop(into)]
    name: String,
    /// Pixel size of the drawing.
    #[prop(default = (760, 380))]
    size: (u32, u32),
) -> impl IntoView {
    let i18n = use_i18n();
    let names = use_names();
    let result_names = frame.names();
    let spec = StoredValue::new(spec);
    let columns = frame.kinds();
    let suggested = suggest_chart(grouped, &columns, frame.rows);
    let applicable: Vec<ChartKind> = ChartKind::ALL
        .iter()
        .copied()
        .filter(|k| chart_roles(*k, &columns).is_some())
        .collect();
    let frame = StoredValue::new(frame);
    let columns = StoredValue::new(columns);
    let effective = Memo::new(move |_| {
        let k = kind.get().unwrap_or(suggested);
        if columns.with_value(|c| chart_roles(k, c).is_some()) {
            k
        } else {
            ChartKind::Table
        }
    });
    let data = Memo::new(move |_| {
        let k = effective.get();
        let roles = columns.with_value(|c| chart_roles(k, c))?;
        let lang = i18n.lang();
        let labels = spec.with_value(|s| result_columns(lang, s, &result_names));
        let names = names.get();
        Some(frame.with_value(|f| chart_data(f, k, roles).labelled(lang, &labels, &names, roles)))
    });
    let svg = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref()
                .filter(|d| d.kind != ChartKind::Table)
                .map(|d| render_svg(d, size.0, size.1))
        })
    });
    let text = move || data.with(|d| d.as_ref().map(|d| summary(i18n.lang(), d)));
    let (show_table, set_show_table) = signal(false);
    let (error, set_error) = signal(None::<Problem>);
    let name = StoredValue::new(name);
    let picker = on_kind.map(|cb| {
        let options = applicable
            .iter()
            .map(|k| {
                let k = *k;
                view! {
                    <option value=k.as_str() selected=move || effective.get() == k>
                        {move || i18n.t(kind_key(k))}
                        {move || if k == suggested { i18n.t(Key::ChartSuggested) } else { "" }}
                    </option>
                }
            })
            .collect_view();
        view! {
            <label class="inline">
                {move || i18n.t(Key::ChartKindLabel)} " "
                <select class="chart-kind" on:change=move |ev| {
                    cb.run(ChartKind::parse(&event_target_value(&ev)));
                }>{options}</select>
            </label>
        }
    });
    view! {
        <figure class="chart-view" data-kind=move || effective.get().as_str()>
            <div class="chart-tools">
                {picker}
                <Show when=move || svg.with(|s| matches!(s, Some(Ok(_))))>
                    <button type="button" on:click=move |_| set_show_table.update(|v| *v = !*v)
                        aria-pressed=move || show_table.get().to_string()>
                        {move || i18n.t(if show_table.get() { Key::ChartShowChart } else { Key::ChartShowTable })}
                    </button>
                    <button type="button" on:click=move |_| {
                        if let Some(Ok(s)) = svg.get_untracked() {
                            let file = format!("{}.svg", name.get_value());
                            if let Err(e) = files::save_svg(&s, &file) { set_error.set(Some(Problem::Browser(e))); }
                        }
                    }>{move || i18n.t(Key::DownloadSvg)}</button>
                    <button type="button" on:click=move |_| {
                        if let Some(Ok(s)) = svg.get_untracked() {
                            let file = format!("{}.png", name.get_value());
                            leptos::task::spawn_local(async move {
                                if let Err(e) = files::save_png(&s, size.0, size.1, &file).await {
                                    set_error.set(Some(Problem::Browser(e)));
                                }
                            });
                        }
                    }>{move || i18n.t(Key::DownloadPng)}</button>
                </Show>
            </div>
            {move || match svg.get() {
                Some(Ok(s)) if !show_table.get() => view! {
                    <div class="chart" role="img" aria-label=text inner_html=s></div>
                }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice problem=Problem::Browser(e) /> }.into_any(),
                _ => data.with(|d| d.as_ref().filter(|d| d.kind != ChartKind::Table).map(|d| {
                    let (head, rows) = table_view(d);
                    view! {
                        <div class="table-wrap chart-table">
                            <table class="data">
                                <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr>{r.into_iter().enumerate().map(|(i, c)| {
                                            let class = if i == 0 { "" } else { "num" };
                                            view! { <td class=class>{c}</td> }
                                        }).collect_view()}</tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })).into_any(),
            }}
            <figcaption class="chart-summary">
                {text}
                {move || data.with(|d| d.as_ref().is_some_and(|d| d.truncated)).then(|| i18n.t(Key::ChartTruncated))}
                {move || (effective.get() == ChartKind::Table).then(|| i18n.t(Key::ChartNone))}
            </figcaption>
            {move || error.get().map(|e| view! { <ErrorNotice problem=e /> })}
        </figure>
    }
}

/// A number of rows, in `lang`.
pub fn rows_label(lang: Lang, rows: usize) -> String {
    textf(
        lang,
        Key::RowsCount,
        &[("n", &group_thousands(&rows.to_string()))],
    )
}
