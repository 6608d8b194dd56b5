//! A dataset of the data map: description, figures, schema, lineage, and its first rows fetched
//! as Arrow and shown in a table.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_core::api::CatalogDataset;
use portal_core::query::QuerySpec;

use crate::api;
use crate::arrow::{Table, decode_stream, group_thousands};
use crate::catalog_text::{
    dataset_desc, dataset_name, edge_key, sensitivity_key, stage_key, type_key,
};
use crate::components::lineage_graph::LineageGraph;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key, Lang, use_i18n};
use crate::labels::dataset_column;
use crate::session::use_names;

/// Rows shown in the preview.
pub const PREVIEW_ROWS: u64 = 20;

/// The dataset page at `/data-map/:name`.
#[component]
pub fn Dataset() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let entry = LocalResource::new(move || {
        let n = name();
        async move { api::catalog_dataset(&n).await }
    });
    let preview = LocalResource::new(move || {
        let spec = QuerySpec {
            dataset: name(),
            limit: Some(PREVIEW_ROWS),
            ..QuerySpec::default()
        };
        async move {
            let bytes = api::extract_arrow(&spec).await?;
            decode_stream(&bytes).map_err(Problem::Browser)
        }
    });
    view! {
        <p><A href="/data-map">{move || i18n.t(Key::BackToDataMap)}</A></p>
        <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
            {move || entry.get().map(|r| match r {
                Ok(d) => details(i18n, d).into_any(),
                Err(e) => view! {
                    <h1>{name()}</h1>
                    <ErrorNotice problem=e />
                }.into_any(),
            })}
        </Transition>
        <section aria-labelledby="preview-h">
            <h2 id="preview-h">{move || i18n.t(Key::FirstRows)}</h2>
            <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
                {move || preview.get().map(|r| match r {
                    Ok(t) if t.rows.is_empty() => view! { <p>{i18n.t(Key::NoData)}</p> }.into_any(),
                    Ok(t) => preview_table(i18n, name(), t).into_any(),
                    Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn details(i18n: I18n, d: CatalogDataset) -> impl IntoView {
    let title = d.clone();
    let desc = d.clone();
    let range = match (&d.date_min, &d.date_max) {
        (Some(a), Some(b)) => format!("{a} ~ {b}"),
        _ => "-".to_owned(),
    };
    let stage = d.stage;
    let rows = group_thousands(&d.row_count.to_string());
    let me = d.name.clone();
    view! {
        <header class="page-heading">
            <h1>{move || dataset_name(i18n.lang(), &title).to_owned()}</h1>
            <p class="summary">{move || dataset_desc(i18n.lang(), &desc).to_owned()}</p>
        </header>
        <dl class="facts">
            <dt>{move || i18n.t(Key::StageLabel)}</dt>
            <dd>{move || i18n.t(stage_key(stage))}</dd>
            <dt>{move || i18n.t(Key::RowCount)}</dt>
            <dd>{rows} " " {move || i18n.t(Key::RowsUnit)}</dd>
            <dt>{move || i18n.t(Key::DateRange)}</dt>
            <dd>{range}</dd>
        </dl>
        <section aria-labelledby="schema-h">
            <h2 id="schema-h">{move || i18n.t(Key::Schema)}</h2>
            <div class="table-wrap">
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(Key::ColumnName)}</th>
                            <th scope="col">{move || i18n.t(Key::ColumnType)}</th>
                            <th scope="col">{move || i18n.t(Key::ColumnUnit)}</th>
                            <th scope="col">{move || i18n.t(Key::ColumnDescription)}</th>
                            <th scope="col">{move || i18n.t(Key::ColumnSensitivity)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {d.columns.into_iter().map(|c| {
                            let sens = sensitivity_key(c.sensitivity);
                            let ty = type_key(c.ty);
                            view! {
                                <tr>
                                    <th scope="row"><code>{c.name.clone()}</code></th>
                                    <td>{move || i18n.t(ty)}</td>
                                    <td>{c.unit.clone().unwrap_or_default()}</td>
                                    <td>{move || match i18n.lang() { Lang::Ko => c.ko.clone(), Lang::En => c.en.clone() }}</td>
                                    <td>{move || i18n.t(sens)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="lineage-h">
            <h2 id="lineage-h">{move || i18n.t(Key::Lineage)}</h2>
            <LineageGraph me=me.clone() edges=d.lineage.clone() />
            <ul class="lineage">
                {d.lineage.into_iter().map(|e| {
                    let other = if e.from == me { e.to.clone() } else { e.from.clone() };
                    let kind = edge_key(e.kind);
                    view! {
                        <li>
                            <code>{format!("{}.{}", e.from, e.from_column)}</code>
                            " → " <code>{format!("{}.{}", e.to, e.to_column)}</code>
                            " (" {move || i18n.t(kind)} ") "
                            <A href=format!("/data-map/{other}")>{other.clone()}</A>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The first rows of dataset `name`, headed by the columns' catalog names with units, code
/// values with their names.
fn preview_table(i18n: I18n, name: String, t: Table) -> impl IntoView {
    let names = use_names();
    let numeric = t.numeric.clone();
    let columns = StoredValue::new(t.columns.clone());
    let label = move |i: usize| {
        columns
            .with_value(|c| dataset_column(i18n.lang(), &name, c.get(i).map_or("", String::as_str)))
    };
    let label = StoredValue::new(label);
    view! {
        <div class="table-wrap">
            <table class="data preview">
                <thead>
                    <tr>{(0..t.columns.len()).map(|i| view! {
                        <th scope="col">{move || label.with_value(|l| l(i).header(i18n.lang()))}</th>
                    }).collect_view()}</tr>
                </thead>
                <tbody>
                    {t.rows.into_iter().map(|row| {
                        let numeric = numeric.clone();
                        view! {
                            <tr>
                                {row.into_iter().enumerate().map(|(i, cell)| {
                                    let class = if numeric.get(i).copied().unwrap_or(false) { "num" } else { "" };
                                    let text = move || label.with_value(|l| names.get().value(i18n.lang(), &l(i), &cell));
                                    view! { <td class=class>{text}</td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
