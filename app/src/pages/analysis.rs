//! 셀프 분석 (Self-service analysis): a form that builds a query spec (dataset, columns,
//! filters with typed inputs and pick lists, group-by, aggregates, sort, limit), runs it as a
//! streamed Arrow extract with progress and cancel, and shows the chart, its table view and the
//! virtualised result table, with downloads and saving to a dashboard. The whole analysis lives
//! in the URL (`?a=`), so the address is a link that restores it.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use portal_core::analysis::{
    AggInput, AggMenu, Analysis, Builder, ChartKind, ChartSettings, FilterInput, FilterOp,
};
use portal_core::api::ExtractFormat;
use portal_core::dashboard::NewWidget;
use portal_core::datasets::{ColumnType, DATASETS, DatasetDef, dataset};
use portal_core::query::{AggFunc, Aggregate, GroupBy, OrderBy, QuerySpec};

use crate::api::{self, ApiError};
use crate::arrow::{Frame, group_thousands};
use crate::components::chart_view::ChartView;
use crate::components::page_heading::PageHeading;
use crate::components::save_to_dashboard::SaveToDashboard;
use crate::components::virtual_table::VirtualTable;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key, Lang, use_i18n};
use crate::labels::{agg_key, result_columns};

/// Most distinct values offered in a filter's pick list.
pub const PICK_LIST: u64 = 200;

/// A finished run.
#[derive(Clone)]
struct Run {
    frame: Frame,
    spec: QuerySpec,
    grouped: bool,
    bytes: usize,
    millis: f64,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn ds_label(lang: Lang, d: &DatasetDef) -> String {
    match lang {
        Lang::Ko => format!("{} ({})", d.ko_name, d.name),
        Lang::En => format!("{} ({})", d.en_name, d.name),
    }
}

fn column_label(lang: Lang, ds: &str, c: &str) -> String {
    match dataset(ds).and_then(|d| d.column(c)) {
        Some(col) => match lang {
            Lang::Ko => format!("{} ({})", col.ko, col.name),
            Lang::En => format!("{} ({})", col.en, col.name),
        },
        None => c.to_owned(),
    }
}

fn op_key(op: FilterOp) -> Key {
    match op {
        FilterOp::Eq => Key::OpEq,
        FilterOp::In => Key::OpIn,
        FilterOp::Range => Key::OpRange,
        FilterOp::Contains => Key::OpContains,
        FilterOp::IsNull => Key::OpIsNull,
        FilterOp::NotNull => Key::OpNotNull,
    }
}

fn input_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Date => "date",
        ColumnType::Int | ColumnType::Float => "text",
        _ => "text",
    }
}

/// Distinct values of a text column, most frequent first (the filter's pick list).
async fn distinct(ds: String, column: String) -> Vec<String> {
    let spec = QuerySpec {
        dataset: ds,
        group_by: vec![GroupBy::Column(column)],
        aggregates: vec![Aggregate {
            func: AggFunc::Count,
            column: None,
            alias: None,
        }],
        order_by: vec![OrderBy {
            column: "count".to_owned(),
            descending: true,
        }],
        limit: Some(PICK_LIST),
        ..QuerySpec::default()
    };
    match api::extract_frame(&spec, None, |_, _| {}).await {
        Ok(f) => (0..f.rows)
            .map(|r| f.text(r, 0))
            .filter(|s| !s.is_empty())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The analysis page.
#[component]
pub fn Analysis() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let initial = query
        .with_untracked(|q| q.get("a"))
        .map(|a| Analysis::from_query_value(&a));
    let link_error = matches!(initial, Some(Err(_)));
    let initial = initial.and_then(Result::ok);
    let autorun = initial.is_some();
    let builder = RwSignal::new(
        initial
            .as_ref()
            .map(|a| Builder::from_spec(&a.spec))
            .unwrap_or_else(|| Builder::new("import_declaration")),
    );
    let chart_kind = RwSignal::new(initial.and_then(|a| a.chart.kind));
    let result = RwSignal::new(None::<Result<Run, Problem>>);
    let running = RwSignal::new(false);
    let progress = RwSignal::new((0usize, 0usize));
    let form_error = RwSignal::new(None::<Problem>);
    let abort = StoredValue::new(None::<web_sys::AbortController>);
    let picks = RwSignal::new(HashMap::<String, Vec<String>>::new());

    let analysis_now = move || Analysis {
        spec: builder.with_untracked(Builder::to_spec).unwrap_or_default(),
        chart: ChartSettings {
            kind: chart_kind.get_untracked(),
        },
    };
    let update_url = move || {
        let url = analysis_now().link();
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    };

    let run = move || {
        let spec = match builder.with_untracked(Builder::to_spec) {
            Ok(s) => s,
            Err(e) => {
                form_error.set(Some(e.into()));
                return;
            }
        };
        form_error.set(None);
        update_url();
        let controller = web_sys::AbortController::new().ok();
        if let Some(old) = abort.get_value() {
            old.abort();
        }
        abort.set_value(controller.clone());
        running.set(true);
        progress.set((0, 0));
        let grouped = spec.is_grouped();
        leptos::task::spawn_local(async move {
            let t0 = now_ms();
            let signal = controller.as_ref().map(web_sys::AbortController::signal);
            let out = api::extract_frame(&spec, signal.as_ref(), |rows, bytes| {
                progress.set((rows, bytes));
            })
            .await;
            let millis = now_ms() - t0;
            running.set(false);
            result.set(Some(match out {
                Ok(frame) => Ok(Run {
                    frame,
                    spec,
                    grouped,
                    bytes: progress.get_untracked().1,
                    millis,
                }),
                Err(ApiError::Cancelled) => Err(Problem::Text(Key::RunCancelled)),
                Err(e) => Err(e.into()),
            }));
        });
    };
    if autorun {
        run();
    }
    let cancel = move |_| {
        if let Some(c) = abort.get_value() {
            c.abort();
        }
    };

    let ds_options = move || {
        let lang = i18n.lang();
        let current = builder.with(|b| b.dataset.clone());
        DATASETS
            .iter()
            .map(|d| {
                let name = d.name;
                view! { <option value=name selected=current == name>{ds_label(lang, d)}</option> }
            })
            .collect_view()
    };
    let columns_of = move || {
        dataset(&builder.with(|b| b.dataset.clone()))
            .map(|d| d.columns.to_vec())
            .unwrap_or_default()
    };
    let column_options = move |selected: String, filter: fn(ColumnType) -> bool, blank: bool| {
        let lang = i18n.lang();
        let ds = builder.with_untracked(|b| b.dataset.clone());
        let mut v = Vec::new();
        if blank {
            v.push(view! { <option value="" selected=selected.is_empty()>{i18n.t(Key::RowsAll)}</option> }.into_any());
        }
        for c in columns_of().into_iter().filter(|c| filter(c.ty)) {
            let label = column_label(lang, &ds, c.name);
            v.push(
                view! { <option value=c.name selected=selected == c.name>{label}</option> }
                    .into_any(),
            );
        }
        v.collect_view().into_any()
    };

    let filters = move || {
        let n = builder.with(|b| b.filters.len());
        (0..n)
            .map(|i| filter_row(i18n, builder, picks, i, column_options))
            .collect_view()
    };
    let groups = move || {
        let n = builder.with(|b| b.group_by.len());
        (0..n)
            .map(|i| {
                let (col, bucket) = builder.with(|b| b.group_by[i].clone());
                let is_date = dataset(&builder.with_untracked(|b| b.dataset.clone()))
                    .and_then(|d| d.column(&col))
                    .is_some_and(|c| c.ty == ColumnType::Date);
                view! {
                    <div class="builder-row" data-testid=format!("group-{i}")>
                        <select aria-label=move || i18n.t(Key::GroupByLabel) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            builder.update(|b| { b.group_by[i] = (v, String::new()); });
                        }>{column_options(col.clone(), |_| true, false)}</select>
                        <Show when=move || is_date>
                            <select aria-label=move || i18n.t(Key::BucketLabel) on:change=move |ev| {
                                let v = event_target_value(&ev);
                                builder.update(|b| b.group_by[i].1 = v);
                            }>
                                <option value="" selected=bucket.is_empty()>{move || i18n.t(Key::BucketDay)}</option>
                                <option value="week" selected=bucket == "week">{move || i18n.t(Key::BucketWeek)}</option>
                                <option value="month" selected=bucket == "month">{move || i18n.t(Key::BucketMonth)}</option>
                                <option value="year" selected=bucket == "year">{move || i18n.t(Key::BucketYear)}</option>
                            </select>
                        </Show>
                        <button type="button" class="secondary" on:click=move |_| builder.update(|b| { b.group_by.remove(i); })>
                            {move || i18n.t(Key::Remove)}
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    let aggs = move || {
        let n = builder.with(|b| b.aggregates.len());
        (0..n)
            .map(|i| {
                let a = builder.with(|b| b.aggregates[i].clone());
                let mut funcs = AggMenu::ALL
                    .iter()
                    .map(|&f| {
                        view! { <option value=f.as_str() selected=a.func == f.as_str()>{move || i18n.t(agg_key(f))}</option> }.into_any()
                    })
                    .collect::<Vec<_>>();
                if AggMenu::parse(&a.func).is_none() {
                    // A percentile the menu does not list, from a link or a saved widget.
                    let name = a.func.clone();
                    funcs.push(view! { <option value=name.clone() selected=true>{name.clone()}</option> }.into_any());
                }
                view! {
                    <div class="builder-row" data-testid=format!("agg-{i}")>
                        <select aria-label=move || i18n.t(Key::AggFuncLabel) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            builder.update(|b| b.aggregates[i].func = v);
                        }>{funcs}</select>
                        <select aria-label=move || i18n.t(Key::AggColumnLabel) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            builder.update(|b| b.aggregates[i].column = v);
                        }>{column_options(a.column.clone(), |_| true, true)}</select>
                        <button type="button" class="secondary" on:click=move |_| builder.update(|b| { b.aggregates.remove(i); })>
                            {move || i18n.t(Key::Remove)}
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    let column_picks = move || {
        let lang = i18n.lang();
        let ds = builder.with(|b| b.dataset.clone());
        let chosen = builder.with(|b| b.columns.clone());
        columns_of()
            .into_iter()
            .map(|c| {
                let name = c.name;
                let on = chosen.iter().any(|x| x == name);
                view! {
                    <label class="check">
                        <input type="checkbox" value=name checked=on on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            builder.update(|b| {
                                b.columns.retain(|x| x != name);
                                if checked { b.columns.push(name.to_owned()); }
                            });
                        } />
                        {column_label(lang, &ds, name)}
                    </label>
                }
            })
            .collect_view()
    };
    let sort_options = move || {
        let b = builder.get();
        let current = b.sort().0.to_owned();
        let mut v = vec![
            view! { <option value="" selected=current.is_empty()>{i18n.t(Key::SortNone)}</option> }
                .into_any(),
        ];
        let outputs = b.output_columns();
        let labels = b
            .to_spec()
            .map(|spec| result_columns(i18n.lang(), &spec, &outputs))
            .unwrap_or_default();
        for (i, o) in outputs.iter().enumerate() {
            let sel = current == *o;
            let label = labels
                .get(i)
                .map_or_else(|| o.clone(), |l| l.header(i18n.lang()));
            v.push(view! { <option value=o.clone() selected=sel>{label}</option> }.into_any());
        }
        v.collect_view()
    };

    view! {
        <PageHeading title=Key::NavAnalysis summary=Key::AnalysisSummary />
        <Show when=move || link_error>
            <p role="alert">{move || i18n.t(Key::LinkUnreadable)}</p>
        </Show>
        <form class="builder" aria-labelledby="builder-h" on:submit=move |ev| { ev.prevent_default(); run(); }>
            <h2 id="builder-h" class="visually-hidden">{move || i18n.t(Key::BuilderHeading)}</h2>
            <label>
                {move || i18n.t(Key::DatasetLabel)}
                <select id="analysis-dataset" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    builder.set(Builder::new(&v));
                    chart_kind.set(None);
                }>{ds_options}</select>
            </label>
            <fieldset>
                <legend>{move || i18n.t(Key::FiltersLabel)}</legend>
                {filters}
                <button type="button" class="secondary" id="add-filter" on:click=move |_| builder.update(|b| {
                    let column = dataset(&b.dataset).and_then(|d| d.columns.first()).map(|c| c.name.to_owned()).unwrap_or_default();
                    b.filters.push(FilterInput::new(&column));
                })>{move || i18n.t(Key::AddFilter)}</button>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t(Key::GroupByLabel)}</legend>
                {groups}
                <button type="button" class="secondary" id="add-group" on:click=move |_| builder.update(|b| {
                    let c = dataset(&b.dataset).and_then(|d| d.office_column.or(d.date_column)).unwrap_or_default();
                    b.group_by.push((c.to_owned(), String::new()));
                    b.columns.clear();
                    if b.aggregates.is_empty() { b.aggregates.push(AggInput::new(AggMenu::Count, "")); }
                    b.limit.clear();
                })>{move || i18n.t(Key::AddGroup)}</button>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t(Key::AggregatesLabel)}</legend>
                {aggs}
                <button type="button" class="secondary" id="add-agg" on:click=move |_| builder.update(|b| {
                    b.aggregates.push(AggInput::new(AggMenu::Count, ""));
                    b.columns.clear();
                })>{move || i18n.t(Key::AddAggregate)}</button>
            </fieldset>
            <Show when=move || !builder.with(Builder::is_grouped)>
                <details class="columns-pick">
                    <summary>{move || i18n.t(Key::ColumnsLabel)}</summary>
                    <div class="checks">{column_picks}</div>
                </details>
            </Show>
            <div class="builder-row">
                <label>
                    {move || i18n.t(Key::SortLabel)}
                    <select id="analysis-sort" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        builder.update(|b| { let d = b.sort().1; b.set_sort(&v, d); });
                    }>{sort_options}</select>
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || builder.with(|b| b.sort().1)
                        on:change=move |ev| { let c = event_target_checked(&ev); builder.update(|b| { let col = b.sort().0.to_owned(); b.set_sort(&col, c); }); } />
                    {move || i18n.t(Key::SortDescending)}
                </label>
                <label>
                    {move || i18n.t(Key::LimitLabel)}
                    <input id="analysis-limit" type="text" inputmode="numeric" size="9"
                        prop:value=move || builder.with(|b| b.limit.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); builder.update(|b| b.limit = v); } />
                </label>
            </div>
            <div class="actions">
                <button type="submit" id="run-analysis" disabled=move || running.get()>{move || i18n.t(Key::RunAnalysis)}</button>
                <Show when=move || running.get()>
                    <button type="button" class="secondary" id="cancel-analysis" on:click=cancel>{move || i18n.t(Key::Cancel)}</button>
                </Show>
            </div>
            {move || form_error.get().map(|e| view! { <div class="form-error"><ErrorNotice problem=e /></div> })}
        </form>
        <Show when=move || running.get()>
            <div class="progress" role="status" aria-live="polite">
                <progress></progress>
                " " {move || {
                    let (rows, bytes) = progress.get();
                    i18n.tf(Key::ProgressRows, &[
                        ("rows", &group_thousands(&rows.to_string())),
                        ("mb", &format!("{:.1}", bytes as f64 / 1e6)),
                    ])
                }}
            </div>
        </Show>
        {move || result.get().map(|r| match r {
            Err(e) => view! { <div class="run-error"><ErrorNotice problem=e /></div> }.into_any(),
            Ok(run) => results(i18n, run, chart_kind).into_any(),
        })}
    }
}

fn filter_row(
    i18n: I18n,
    builder: RwSignal<Builder>,
    picks: RwSignal<HashMap<String, Vec<String>>>,
    i: usize,
    column_options: impl Fn(String, fn(ColumnType) -> bool, bool) -> AnyView + Copy + 'static,
) -> impl IntoView {
    let f = builder.with_untracked(|b| b.filters[i].clone());
    let ds = builder.with_untracked(|b| b.dataset.clone());
    let ty = dataset(&ds)
        .and_then(|d| d.column(&f.column))
        .map_or(ColumnType::Text, |c| c.ty);
    let op = FilterOp::parse(&f.op).unwrap_or(FilterOp::Eq);
    let ops = FilterOp::ALL
        .iter()
        .copied()
        .filter(|o| o.applies_to(ty))
        .map(|o| {
            view! { <option value=o.as_str() selected=o == op>{move || i18n.t(op_key(o))}</option> }
        })
        .collect_view();
    let list_id = format!("pick-{i}");
    let key = format!("{ds}.{}", f.column);
    if ty == ColumnType::Text && !picks.with_untracked(|p| p.contains_key(&key)) {
        let (ds, col, key) = (ds.clone(), f.column.clone(), key.clone());
        picks.update(|p| {
            p.insert(key.clone(), Vec::new());
        });
        leptos::task::spawn_local(async move {
            let values = distinct(ds, col).await;
            picks.update(|p| {
                p.insert(key, values);
            });
        });
    }
    let options = move || {
        picks.with(|p| {
            p.get(&key)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|v| view! { <option value=v></option> })
                .collect_view()
        })
    };
    let needs_value = !matches!(op, FilterOp::IsNull | FilterOp::NotNull);
    let set = move |which: u8, v: String| {
        builder.update(|b| match which {
            0 => b.filters[i].value = v,
            _ => b.filters[i].value2 = v,
        })
    };
    view! {
        <div class="builder-row" data-testid=format!("filter-{i}")>
            <select aria-label=move || i18n.t(Key::FilterColumnLabel) on:change=move |ev| {
                let v = event_target_value(&ev);
                builder.update(|b| b.filters[i] = FilterInput::new(&v));
            }>{column_options(f.column.clone(), |_| true, false)}</select>
            <select aria-label=move || i18n.t(Key::FilterOpLabel) on:change=move |ev| {
                let v = event_target_value(&ev);
                builder.update(|b| b.filters[i].op = v);
            }>{ops}</select>
            <Show when=move || needs_value>
                <input type=input_type(ty) list=list_id.clone() aria-label=move || i18n.t(Key::FilterValueLabel)
                    placeholder=move || if op == FilterOp::In { i18n.t(Key::CommaSeparated) } else { "" }
                    prop:value=f.value.clone() on:change=move |ev| set(0, event_target_value(&ev)) />
            </Show>
            <Show when=move || op == FilterOp::Range>
                " ~ "
                <input type=input_type(ty) aria-label=move || i18n.t(Key::FilterValue2Label)
                    prop:value=f.value2.clone() on:change=move |ev| set(1, event_target_value(&ev)) />
            </Show>
            <datalist id=format!("pick-{i}")>{options.clone()}</datalist>
            <button type="button" class="secondary" on:click=move |_| builder.update(|b| { b.filters.remove(i); })>
                {move || i18n.t(Key::Remove)}
            </button>
        </div>
    }
}

fn results(i18n: I18n, run: Run, chart_kind: RwSignal<Option<ChartKind>>) -> impl IntoView {
    let name = run.spec.dataset.clone();
    let spec = StoredValue::new(run.spec.clone());
    let (dl_error, set_dl_error) = signal(None::<Problem>);
    let download = move |format: ExtractFormat| {
        let spec = spec.get_value();
        leptos::task::spawn_local(async move {
            let stem = format!("{}-analysis", spec.dataset);
            if let Err(e) = api::download_extract(&spec, format, &stem).await {
                set_dl_error.set(Some(e.into()));
            }
        });
    };
    let status = {
        let (rows, bytes, ms) = (run.frame.rows, run.bytes, run.millis);
        move || {
            i18n.tf(
                Key::ResultStatus,
                &[
                    ("rows", &group_thousands(&rows.to_string())),
                    ("mb", &format!("{:.1}", bytes as f64 / 1e6)),
                    ("ms", &format!("{ms:.0}")),
                ],
            )
        }
    };
    let frame_for_table = run.frame.clone();
    view! {
        <section class="results" aria-labelledby="results-h" data-rows=run.frame.rows data-decode-ms=format!("{:.1}", run.millis)>
            <h2 id="results-h">{move || i18n.t(Key::ResultsHeading)}</h2>
            <p class="result-status" role="status">{status}</p>
            {(run.frame.rows == 0).then(|| view! { <p class="empty">{move || i18n.t(Key::NoRows)}</p> })}
            <ChartView frame=run.frame.clone() spec=run.spec.clone() grouped=run.grouped kind=chart_kind
                on_kind=Callback::new(move |k| {
                    chart_kind.set(k);
                    let a = Analysis { spec: spec.get_value(), chart: ChartSettings { kind: k } };
                    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&a.link()));
                    }
                })
                name=name.clone() />
            <div class="downloads">
                <span>{move || i18n.t(Key::DownloadLabel)}</span>
                <button type="button" id="download-csv" on:click=move |_| download(ExtractFormat::Csv)>"CSV"</button>
                <button type="button" id="download-arrow" on:click=move |_| download(ExtractFormat::Arrow)>"Arrow"</button>
                <button type="button" id="download-parquet" on:click=move |_| download(ExtractFormat::Parquet)>"Parquet"</button>
                {move || dl_error.get().map(|e| view! { <ErrorNotice problem=e /> })}
            </div>
            <SaveToDashboard default_title=spec.with_value(|s| s.dataset.clone())
                widget=Callback::new(move |title: String| NewWidget {
                    title,
                    analysis: Analysis {
                        spec: spec.get_value(),
                        chart: ChartSettings { kind: chart_kind.get_untracked() },
                    },
                    width: 2,
                    height: 1,
                    model: None,
                    network: None,
                        origin: None,
                        company: None,
                }) />
            <h3>{move || i18n.t(Key::ResultTable)}</h3>
            <VirtualTable frame=frame_for_table spec=run.spec.clone() />
        </section>
    }
}
