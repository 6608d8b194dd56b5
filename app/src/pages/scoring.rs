//! AI 위험 분석 (Scoring studio): pick an extract of import declarations, score it with the fraud
//! model in the scoring Web Worker (tract in wasm; the model is downloaded once and then only
//! revalidated), with a progress bar and a cancel button; see the ranked declarations with risk
//! score 0–999, grade 01–10 and the fields behind each score, an inspection-rate slider, and
//! where labels exist precision and recall; suggest HS codes for an item description; attach
//! the scored result to an analysis request.

use leptos::prelude::*;
use portal_core::analysis::ChartKind;
use portal_core::datasets::dataset;
use portal_core::query::{Filter, OrderBy, QuerySpec, Value};
use portal_core::risk::{grade, inspected, precision_recall_at, risk_score};

use crate::api;
use crate::arrow::{Frame, format_float, group_thousands};
use crate::chart::{ChartData, render_svg, summary};
use crate::components::page_heading::PageHeading;
use crate::i18n::{I18n, Key, Lang, use_i18n};
use crate::worker::{Answer, Worker};

/// Rows shown in the ranked table.
pub const RANKED_ROWS: usize = 100;
/// Rows explained (the riskiest).
pub const EXPLAINED_ROWS: usize = 100;
/// Inspection rates of the precision/recall table and curve.
pub const RATES: [f64; 4] = [0.01, 0.02, 0.05, 0.10];

/// The columns the fraud model reads (and the studio shows).
const COLUMNS: [&str; 22] = [
    "declaration_id",
    "declaration_date",
    "office_id",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "transport_mode",
    "declarant_id",
    "importer_id",
    "seller_id",
    "courier_id",
    "hs6",
    "country_departure",
    "country_origin",
    "tax_rate",
    "tax_type",
    "origin_indicator",
    "net_mass",
    "item_price",
    "fraud",
    "critical_fraud",
];

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Extracting,
    Downloading,
    Scoring { done: usize, total: usize },
    Done,
    Failed(String),
}

#[derive(Clone)]
struct Scored {
    frame: Frame,
    scores: Vec<f32>,
    explained: Vec<(usize, Vec<(String, f32)>)>,
}

fn field_label(lang: Lang, field: &str) -> String {
    dataset("import_declaration")
        .and_then(|d| d.column(field))
        .map(|c| match lang {
            Lang::Ko => c.ko.to_owned(),
            Lang::En => c.en.to_owned(),
        })
        .unwrap_or_else(|| field.to_owned())
}

/// The studio page.
#[component]
pub fn Scoring() -> impl IntoView {
    let i18n = use_i18n();
    let (date_from, set_date_from) = signal(String::new());
    let (date_to, set_date_to) = signal(String::new());
    let (office, set_office) = signal(String::new());
    let (limit, set_limit) = signal(String::from("5000"));
    let phase = RwSignal::new(Phase::Idle);
    let result = RwSignal::new(None::<Scored>);
    let pending = StoredValue::new(None::<Frame>);
    let worker = StoredValue::new_local(None::<Worker>);
    let fraud_model = StoredValue::new_local(None::<(Vec<u8>, String)>);
    let hs_model = StoredValue::new_local(None::<(Vec<u8>, String)>);
    let worker_has = StoredValue::new_local((false, false));
    let hs_answer = RwSignal::new(None::<Result<Vec<(String, f32, String)>, String>>);
    let hs_busy = RwSignal::new(false);

    // One worker at a time; its answers update the page.
    let ensure_worker = move || -> Result<(), String> {
        if worker.with_value(Option::is_some) {
            return Ok(());
        }
        let w = Worker::start(move |a| match a {
            Answer::Progress { done, total } => phase.set(Phase::Scoring { done, total }),
            Answer::Scored { scores, explained } => {
                if let Some(frame) = pending.get_value() {
                    result.set(Some(Scored {
                        frame,
                        scores,
                        explained,
                    }));
                }
                phase.set(Phase::Done);
            }
            Answer::Ready => {}
            Answer::Hs(list) => {
                hs_busy.set(false);
                hs_answer.set(Some(Ok(list)));
            }
            Answer::Error(e) => {
                hs_busy.set(false);
                phase.update(|p| {
                    if !matches!(p, Phase::Idle | Phase::Done) {
                        *p = Phase::Failed(e.clone());
                    }
                });
                hs_answer.update(|h| {
                    if h.is_none() {
                        *h = Some(Err(e));
                    }
                });
            }
        })?;
        worker.set_value(Some(w));
        worker_has.set_value((false, false));
        Ok(())
    };

    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut filters = Vec::new();
        let (from, to) = (date_from.get_untracked(), date_to.get_untracked());
        if !from.is_empty() || !to.is_empty() {
            filters.push(Filter::Range {
                column: "declaration_date".into(),
                min: (!from.is_empty()).then_some(Value::Text(from)),
                max: (!to.is_empty()).then_some(Value::Text(to)),
            });
        }
        let o = office.get_untracked();
        if !o.trim().is_empty() {
            filters.push(Filter::Eq {
                column: "office_id".into(),
                value: Value::Text(o.trim().to_owned()),
            });
        }
        let spec = QuerySpec {
            dataset: "import_declaration".into(),
            columns: COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
            filters,
            order_by: vec![OrderBy {
                column: "declaration_date".into(),
                descending: true,
            }],
            limit: limit.get_untracked().replace(',', "").trim().parse().ok(),
            ..QuerySpec::default()
        };
        result.set(None);
        phase.set(Phase::Extracting);
        leptos::task::spawn_local(async move {
            let out: Result<(), String> = async {
                let bytes = api::extract_arrow(&spec).await.map_err(|e| e.to_string())?;
                let frame = Frame::decode(&bytes)?;
                if frame.rows == 0 {
                    return Err(i18n.t(Key::NoData).to_owned());
                }
                pending.set_value(Some(frame));
                if fraud_model.with_value(Option::is_none) {
                    phase.set(Phase::Downloading);
                    let onnx = api::model_bytes("fraud", "model.onnx")
                        .await
                        .map_err(|e| e.to_string())?;
                    let enc = api::model_bytes("fraud", "encoder.json")
                        .await
                        .map_err(|e| e.to_string())?;
                    let enc = String::from_utf8(enc).map_err(|e| e.to_string())?;
                    fraud_model.set_value(Some((onnx, enc)));
                }
                ensure_worker()?;
                phase.set(Phase::Scoring { done: 0, total: 0 });
                let send_model = !worker_has.with_value(|h| h.0);
                worker.with_value(|w| {
                    if let Some(w) = w {
                        fraud_model.with_value(|m| {
                            let m = m
                                .as_ref()
                                .filter(|_| send_model)
                                .map(|(a, b)| (a.as_slice(), b.as_str()));
                            w.score(m, &bytes, EXPLAINED_ROWS);
                        });
                    }
                });
                worker_has.update_value(|h| h.0 = true);
                Ok(())
            }
            .await;
            if let Err(e) = out {
                phase.set(Phase::Failed(e));
            }
        });
    };
    let cancel = move |_| {
        // Terminating is the only way to stop a computation in a worker; the next run starts a
        // fresh one (the model bytes stay in this page).
        worker.set_value(None);
        phase.set(Phase::Failed(i18n.t(Key::RunCancelled).to_owned()));
    };

    let (hs_text, set_hs_text) = signal(String::new());
    let suggest = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = hs_text.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        hs_busy.set(true);
        hs_answer.set(None);
        leptos::task::spawn_local(async move {
            let out: Result<(), String> = async {
                if hs_model.with_value(Option::is_none) {
                    let onnx = api::model_bytes("hs", "model.onnx")
                        .await
                        .map_err(|e| e.to_string())?;
                    let tables = api::model_bytes("hs", "tables.json")
                        .await
                        .map_err(|e| e.to_string())?;
                    hs_model.set_value(Some((
                        onnx,
                        String::from_utf8(tables).map_err(|e| e.to_string())?,
                    )));
                }
                ensure_worker()?;
                let send_model = !worker_has.with_value(|h| h.1);
                worker.with_value(|w| {
                    if let Some(w) = w {
                        hs_model.with_value(|m| {
                            let m = m
                                .as_ref()
                                .filter(|_| send_model)
                                .map(|(a, b)| (a.as_slice(), b.as_str()));
                            w.hs(m, &text, 5);
                        });
                    }
                });
                worker_has.update_value(|h| h.1 = true);
                Ok(())
            }
            .await;
            if let Err(e) = out {
                hs_busy.set(false);
                hs_answer.set(Some(Err(e)));
            }
        });
    };

    let busy = move || {
        matches!(
            phase.get(),
            Phase::Extracting | Phase::Downloading | Phase::Scoring { .. }
        )
    };
    view! {
        <PageHeading title=Key::NavScoring summary=Key::ScoringSummary />
        <form class="builder" on:submit=run aria-labelledby="extract-h">
            <h2 id="extract-h">{move || i18n.t(Key::ScoringExtract)}</h2>
            <div class="builder-row">
                <label>{move || i18n.t(Key::ScoringModel)}
                    <select id="scoring-model"><option value="fraud">{move || i18n.t(Key::FraudModelName)}</option></select>
                </label>
                <label>{move || i18n.t(Key::DateFrom)}
                    <input id="scoring-from" type="date" prop:value=date_from on:change=move |ev| set_date_from.set(event_target_value(&ev)) />
                </label>
                <label>{move || i18n.t(Key::DateTo)}
                    <input id="scoring-to" type="date" prop:value=date_to on:change=move |ev| set_date_to.set(event_target_value(&ev)) />
                </label>
                <label>{move || i18n.t(Key::OfficeCode)}
                    <input id="scoring-office" type="text" size="4" prop:value=office on:input=move |ev| set_office.set(event_target_value(&ev)) />
                </label>
                <label>{move || i18n.t(Key::LimitLabel)}
                    <input id="scoring-limit" type="text" inputmode="numeric" size="8" prop:value=limit on:input=move |ev| set_limit.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="actions">
                <button type="submit" id="run-scoring" disabled=busy>{move || i18n.t(Key::RunScoring)}</button>
                <Show when=busy>
                    <button type="button" class="secondary" id="cancel-scoring" on:click=cancel>{move || i18n.t(Key::Cancel)}</button>
                </Show>
            </div>
        </form>
        <div class="progress" role="status" aria-live="polite">
            {move || match phase.get() {
                Phase::Idle => ().into_any(),
                Phase::Extracting => view! { <progress></progress> " " {i18n.t(Key::ScoringExtracting)} }.into_any(),
                Phase::Downloading => view! { <progress></progress> " " {i18n.t(Key::ModelDownloading)} }.into_any(),
                Phase::Scoring { done, total } => view! {
                    <progress id="scoring-progress" max=total.max(1) value=done></progress>
                    " " {format!("{} / {}", group_thousands(&done.to_string()), group_thousands(&total.to_string()))}
                }.into_any(),
                Phase::Done => view! { <span id="scoring-done">{i18n.t(Key::ScoringDone)}</span> }.into_any(),
                Phase::Failed(e) => view! { <span role="alert">{e}</span> }.into_any(),
            }}
        </div>
        {move || result.get().map(|s| scored_view(i18n, s))}
        <section class="card hs-box" aria-labelledby="hs-h">
            <h2 id="hs-h">{move || i18n.t(Key::HsSuggestHeading)}</h2>
            <form class="builder-row" on:submit=suggest>
                <label>{move || i18n.t(Key::ItemDescription)}
                    <input id="hs-text" type="text" size="40" maxlength="200" prop:value=hs_text
                        on:input=move |ev| set_hs_text.set(event_target_value(&ev)) />
                </label>
                <button type="submit" id="hs-suggest" disabled=move || hs_busy.get()>{move || i18n.t(Key::Suggest)}</button>
            </form>
            {move || hs_busy.get().then(|| view! { <progress></progress> })}
            {move || hs_answer.get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p>{i18n.t(Key::NoSuggestions)}</p> }.into_any(),
                Ok(list) => view! {
                    <ol class="hs-suggestions">
                        {list.into_iter().map(|(code, score, desc)| view! {
                            <li><code>{format!("{}.{}", &code[..4.min(code.len())], code.get(4..).unwrap_or(""))}</code>
                                " " {desc} <span class="muted">{format!(" ({score:.2})")}</span></li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
                Err(e) => view! { <p role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}

fn scored_view(i18n: I18n, s: Scored) -> impl IntoView {
    let n = s.frame.rows;
    let names = s.frame.names();
    let col = |name: &str| names.iter().position(|c| c == name);
    let fraud_col = col("fraud");
    let labels: Option<Vec<bool>> = fraud_col.and_then(|c| {
        let l: Vec<Option<f64>> = (0..n).map(|r| s.frame.number(r, c)).collect();
        l.iter()
            .all(Option::is_some)
            .then(|| l.iter().map(|v| v.unwrap_or(0.0) >= 1.0).collect())
    });
    let fraud: Vec<f32> = s.scores.chunks_exact(2).map(|p| p[0]).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| fraud[*b].total_cmp(&fraud[*a]).then(a.cmp(b)));
    let (rate, set_rate) = signal(5u32);
    let sent = move || inspected(n, f64::from(rate.get()) / 100.0);
    let fraud_sv = StoredValue::new(fraud.clone());
    let labels_sv = StoredValue::new(labels.clone());
    let at_rate = move || {
        labels_sv.with_value(|l| {
            l.as_ref()
                .and_then(|l| fraud_sv.with_value(|f| precision_recall_at(f, l, sent())))
        })
    };
    // Precision/recall at 1/2/5/10% and its curve.
    let pr: Option<Vec<(f64, f64, f64)>> = labels.as_ref().map(|l| {
        RATES
            .iter()
            .filter_map(|r| {
                precision_recall_at(&fraud, l, inspected(n, *r)).map(|(p, c)| (*r, p, c))
            })
            .collect()
    });
    let curve = pr.as_ref().and_then(|rows| {
        let d = ChartData {
            kind: ChartKind::Line,
            x_name: "inspection_rate".into(),
            y_name: "precision / recall".into(),
            categories: rows
                .iter()
                .map(|(r, _, _)| format!("{:.0}%", r * 100.0))
                .collect(),
            series: vec!["precision".into(), "recall".into()],
            values: vec![
                rows.iter().map(|x| x.1).collect(),
                rows.iter().map(|x| x.2).collect(),
            ],
            points: Vec::new(),
            truncated: false,
        };
        render_svg(&d, 520, 260).ok().map(|svg| (svg, d))
    });
    let reasons: std::collections::HashMap<usize, Vec<(String, f32)>> =
        s.explained.into_iter().collect();
    let show = |name: &str, r: usize| col(name).map(|c| s.frame.text(r, c)).unwrap_or_default();
    let rows = order
        .iter()
        .take(RANKED_ROWS)
        .enumerate()
        .map(|(rank, r)| {
            let p = fraud[*r];
            let why = reasons.get(r).cloned().unwrap_or_default();
            let label = labels.as_ref().map(|l| if l[*r] { "●" } else { "" });
            view! {
                <tr>
                    <td class="num">{rank + 1}</td>
                    <td>{show("declaration_id", *r)}</td>
                    <td class="num risk">{risk_score(p)}</td>
                    <td class="num">{format!("{:02}", grade(p))}</td>
                    <td>{show("importer_id", *r)}</td>
                    <td>{show("hs6", *r)}</td>
                    <td>{show("country_origin", *r)}</td>
                    <td>{show("office_id", *r)}</td>
                    <td class="reasons">{move || why.iter().map(|(f, e)| format!("{} (+{:.0})", field_label(i18n.lang(), f), e * 999.0)).collect::<Vec<_>>().join(", ")}</td>
                    <td>{label}</td>
                </tr>
            }
        })
        .collect_view();
    let has_labels = labels.is_some();
    // The scored result as CSV, riskiest first, for attaching to an analysis request.
    let csv = {
        let mut text = String::from("declaration_id,fraud_score,critical_score,risk_score,grade\n");
        for r in &order {
            let id = show("declaration_id", *r).replace([',', '"', '\n'], " ");
            let (p, c) = (s.scores[r * 2], s.scores[r * 2 + 1]);
            text.push_str(&format!(
                "{id},{p:.6},{c:.6},{},{:02}\n",
                risk_score(p),
                grade(p)
            ));
        }
        StoredValue::new(text)
    };
    view! {
        <section class="results" aria-labelledby="ranked-h" data-rows=n>
            <h2 id="ranked-h">{move || i18n.t(Key::RankedHeading)}</h2>
            <div class="slider builder-row">
                <label for="inspection-rate">{move || i18n.t(Key::InspectionRate)}</label>
                <input id="inspection-rate" type="range" min="1" max="50" step="1" prop:value=move || rate.get().to_string()
                    on:input=move |ev| set_rate.set(event_target_value(&ev).parse().unwrap_or(5)) />
                <output for="inspection-rate" id="inspection-split">
                    {move || {
                        let k = sent();
                        match i18n.lang() {
                            Lang::Ko => format!("상위 {}%: 검사 {}건 · 신속통관 {}건", rate.get(), group_thousands(&k.to_string()), group_thousands(&(n - k).to_string())),
                            Lang::En => format!("top {}%: {} to inspection · {} fast lane", rate.get(), group_thousands(&k.to_string()), group_thousands(&(n - k).to_string())),
                        }
                    }}
                </output>
                <Show when=move || has_labels>
                    <span id="rate-metrics">{move || at_rate().map(|(p, r)| format!("precision {} · recall {}", format_float(p), format_float(r)))}</span>
                </Show>
            </div>
            {pr.map(|rows| view! {
                <table class="data pr-table">
                    <caption>{move || i18n.t(Key::PrCaption)}</caption>
                    <thead><tr><th scope="col">{move || i18n.t(Key::InspectionRate)}</th><th scope="col">"precision"</th><th scope="col">"recall"</th></tr></thead>
                    <tbody>{rows.into_iter().map(|(r, p, c)| view! {
                        <tr><td>{format!("{:.0}%", r * 100.0)}</td><td class="num">{format!("{p:.3}")}</td><td class="num">{format!("{c:.3}")}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            })}
            {curve.map(|(svg, d)| view! {
                <figure class="chart-view">
                    <div class="chart" role="img" aria-label=move || summary(i18n.lang(), &d) inner_html=svg></div>
                </figure>
            })}
            <AttachScores csv=csv />
            <div class="table-wrap">
                <table class="data ranked">
                    <thead><tr>
                        <th scope="col">{move || i18n.t(Key::Rank)}</th>
                        <th scope="col">{move || i18n.t(Key::DeclarationId)}</th>
                        <th scope="col">{move || i18n.t(Key::RiskScore)}</th>
                        <th scope="col">{move || i18n.t(Key::Grade)}</th>
                        <th scope="col">{move || field_label(i18n.lang(), "importer_id")}</th>
                        <th scope="col">"HS6"</th>
                        <th scope="col">{move || field_label(i18n.lang(), "country_origin")}</th>
                        <th scope="col">{move || field_label(i18n.lang(), "office_id")}</th>
                        <th scope="col">{move || i18n.t(Key::Reasons)}</th>
                        <th scope="col">{move || i18n.t(Key::KnownFraud)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// "Attach to an analysis request": the scored result as `risk-scores.csv` on a request the user
/// can see.
#[component]
fn AttachScores(csv: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let requests = LocalResource::new(|| api::requests("all"));
    let (target, set_target) = signal(String::new());
    let (done, set_done) = signal(None::<Result<i64, String>>);
    let attach = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(id) = target.get_untracked().parse::<i64>() else {
            return;
        };
        let text = csv.get_value();
        leptos::task::spawn_local(async move {
            let out = async {
                let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
                let opts = web_sys::FilePropertyBag::new();
                opts.set_type("text/csv");
                let file = web_sys::File::new_with_u8_array_sequence_and_options(
                    &parts,
                    "risk-scores.csv",
                    &opts,
                )
                .map_err(|e| format!("{e:?}"))?;
                api::attach(id, &file)
                    .await
                    .map(|r| r.id)
                    .map_err(|e| e.to_string())
            }
            .await;
            set_done.set(Some(out));
        });
    };
    view! {
        <form class="builder-row attach-scores" on:submit=attach>
            <label>{move || i18n.t(Key::AttachToRequest)}
                <select id="attach-request" on:change=move |ev| set_target.set(event_target_value(&ev))>
                    <option value="">"-"</option>
                    {move || requests.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| {
                        view! { <option value=r.id.to_string()>{format!("#{} {}", r.id, r.title)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" id="attach-scores" disabled=move || target.get().is_empty()>{move || i18n.t(Key::Attach)}</button>
            {move || done.get().map(|r| match r {
                Ok(id) => view! { <span role="status">{i18n.t(Key::Attached)} " "
                    <leptos_router::components::A href=format!("/requests/{id}")>{format!("#{id}")}</leptos_router::components::A></span> }.into_any(),
                Err(e) => view! { <span role="alert">{e}</span> }.into_any(),
            })}
        </form>
    }
}
