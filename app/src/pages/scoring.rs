//! AI 위험 분석 (Scoring studio): pick a model (the portal's high-risk model, the default; the
//! CDD-trained fraud model; the price model's under-valuation check; or the supply-chain model,
//! which scores the manifest lines that arrived in a period from their parties' histories) and
//! an extract of import declarations, run the model in the scoring Web Worker (tract
//! in wasm; the model is downloaded once and then only revalidated), with a progress bar and a
//! cancel button; see the declarations ranked riskiest first — risk score 0–999, grade 01–10
//! and the signals or fields behind each score, or expected against declared unit value — an
//! inspection-rate slider and, where labels exist, precision and recall; suggest HS codes for an
//! item description; save the scored extract to a dashboard or attach the result to an analysis
//! request. The form can be prefilled from the address (`?model=&from=&to=&office=&limit=`).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::analysis::{Analysis, ChartKind, ChartSettings};
use portal_core::dashboard::NewWidget;
use portal_core::query::QuerySpec;
use portal_core::risk::{
    grade, inspected, precision_recall_of, risk_score, undervalued, value_ratio,
};
use portal_core::shipments::{ShipmentQuery, TO_SCORE};

use portal_core::dashboard::SCORING_MODELS;
use portal_core::worker::WorkerModel;

use crate::api;
use crate::arrow::{Frame, format_float, group_thousands};
use crate::chart::{ChartData, render_svg, summary};
use crate::components::attach_to_request::{AttachToRequest, FileToAttach};
use crate::components::page_heading::PageHeading;
use crate::components::party_link::party_link;
use crate::components::save_to_dashboard::SaveToDashboard;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key, Lang, text, textf, use_i18n};
use crate::labels::{Codes, dataset_column};
use crate::reasons::{Reason, reasons_text};
use crate::scored::{Outcome, PriceLine, Scored, extract_spec};
use crate::session::use_names;
use crate::worker::{Answer, Request, Worker, model_files};

/// Rows shown in the ranked table.
pub const RANKED_ROWS: usize = 100;
/// Rows explained (the riskiest).
pub const EXPLAINED_ROWS: usize = 100;
/// Inspection rates of the precision/recall table and curve.
pub const RATES: [f64; 4] = [0.01, 0.02, 0.05, 0.10];

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Extracting,
    Downloading,
    Scoring { done: usize, total: usize },
    Done,
    Failed(Problem),
}

fn field_label(lang: Lang, field: &str) -> String {
    dataset_column(lang, "import_declaration", field).label
}

fn manifest_label(lang: Lang, field: &str) -> String {
    dataset_column(lang, "cargo_manifest", field).label
}

/// The lines to score of an answer of `GET /api/shipments`: its first rows, while `to_score`
/// holds (none without the column).
fn lines_to_score(frame: &Frame) -> usize {
    let Some(c) = frame.names().iter().position(|n| n == TO_SCORE) else {
        return 0;
    };
    (0..frame.rows)
        .take_while(|&r| frame.text(r, c) == "true")
        .count()
}

/// The studio page.
#[component]
pub fn Scoring() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let (model, set_model) = signal(
        WorkerModel::parse(&param("model"))
            .filter(|m| SCORING_MODELS.contains(m) || *m == WorkerModel::SupplyChain)
            .unwrap_or(WorkerModel::HighRisk),
    );
    let (date_from, set_date_from) = signal(param("from"));
    let (date_to, set_date_to) = signal(param("to"));
    let (office, set_office) = signal(param("office"));
    let initial_limit = param("limit");
    let (limit, set_limit) = signal(if initial_limit.is_empty() {
        "5000".to_owned()
    } else {
        initial_limit
    });
    let phase = RwSignal::new(Phase::Idle);
    let result = RwSignal::new(None::<(Scored, QuerySpec)>);
    // The extract being scored and its spec, until the worker answers.
    let pending = StoredValue::new(None::<(Frame, QuerySpec)>);
    let worker = StoredValue::new_local(None::<Worker>);
    // Which run is current: cancelling or starting another makes an older run's steps no-ops.
    let run_seq = StoredValue::new(0u64);
    let hs_answer = RwSignal::new(None::<Result<Vec<(String, f32, String)>, Problem>>);
    let hs_busy = RwSignal::new(false);

    let finish = move |outcome: Outcome| {
        if let Some((frame, spec)) = pending.get_value() {
            match Scored::new(frame, outcome) {
                Ok(scored) => {
                    result.set(Some((scored, spec)));
                    phase.set(Phase::Done);
                }
                Err(e) => phase.set(Phase::Failed(Problem::Worker(e))),
            }
        }
    };
    // One worker at a time; its answers update the page.
    let ensure_worker = move || -> Result<(), Problem> {
        if worker.with_value(Option::is_some) {
            return Ok(());
        }
        let w = Worker::start(move |a| match a {
            Answer::Progress { done, total } => phase.set(Phase::Scoring { done, total }),
            Answer::Scored { scores, explained } => finish(Outcome::Fraud { scores, explained }),
            Answer::Risked { scores, explained } => finish(Outcome::Risk { scores, explained }),
            Answer::Chained { scores, explained } => finish(Outcome::Chain { scores, explained }),
            Answer::Priced(values) => finish(Outcome::Price { values }),
            // The studio never asks for exporters' or companies' scores (their pages do).
            Answer::Ready | Answer::Rerouted(_) | Answer::Companies { .. } => {}
            Answer::Hs(list) => {
                hs_busy.set(false);
                hs_answer.set(Some(Ok(list)));
            }
            Answer::Error(e) => {
                hs_busy.set(false);
                phase.update(|p| {
                    if !matches!(p, Phase::Idle | Phase::Done) {
                        *p = Phase::Failed(Problem::Worker(e.clone()));
                    }
                });
                hs_answer.update(|h| {
                    if h.is_none() {
                        *h = Some(Err(Problem::Worker(e)));
                    }
                });
            }
        })
        .map_err(Problem::Worker)?;
        worker.set_value(Some(w));
        Ok(())
    };

    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let spec = extract_spec(
            &date_from.get_untracked(),
            &date_to.get_untracked(),
            &office.get_untracked(),
            limit.get_untracked().replace(',', "").trim().parse().ok(),
        );
        let name = model.get_untracked();
        run_seq.update_value(|n| *n += 1);
        let this_run = run_seq.get_value();
        let current = move || run_seq.get_value() == this_run;
        result.set(None);
        phase.set(Phase::Extracting);
        let lines = (name == WorkerModel::SupplyChain).then(|| ShipmentQuery {
            from: Some(date_from.get_untracked()),
            to: Some(date_to.get_untracked()),
            limit: spec.limit,
            office: Some(office.get_untracked()),
        });
        leptos::task::spawn_local(async move {
            let out: Result<(), Problem> = async {
                let (bytes, frame) = match &lines {
                    Some(q) => {
                        if q.validate().is_err() {
                            return Err(Problem::Text(Key::SupplyChainNeedsDates));
                        }
                        let bytes = api::shipments(q).await?;
                        let frame = Frame::decode(&bytes).map_err(Problem::Browser)?;
                        // The lines to score come first; the rest only bring inspections.
                        let scored = lines_to_score(&frame);
                        (bytes, frame.head(scored))
                    }
                    None => {
                        let bytes = api::extract_arrow(&spec).await?;
                        let frame = Frame::decode(&bytes).map_err(Problem::Browser)?;
                        (bytes, frame)
                    }
                };
                if !current() {
                    return Ok(());
                }
                if frame.rows == 0 {
                    return Err(Problem::Text(Key::NoRows));
                }
                pending.set_value(Some((frame, spec)));
                phase.set(Phase::Downloading);
                let files = model_files(name).await?;
                if !current() {
                    return Ok(());
                }
                ensure_worker()?;
                phase.set(Phase::Scoring { done: 0, total: 0 });
                let request = Request::of(name, &bytes, EXPLAINED_ROWS).map_err(Problem::Worker)?;
                worker.with_value(|w| {
                    if let Some(w) = w {
                        w.send(&files, request);
                    }
                });
                Ok(())
            }
            .await;
            if let Err(e) = out
                && current()
            {
                phase.set(Phase::Failed(e));
            }
        });
    };
    let cancel = move |_| {
        // Terminating is the only way to stop a computation in a worker; the next run starts a
        // fresh one (the model files stay in this page). A run still extracting stops at its
        // next step.
        run_seq.update_value(|n| *n += 1);
        worker.set_value(None);
        phase.set(Phase::Failed(Problem::Text(Key::RunCancelled)));
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
            let out: Result<(), Problem> = async {
                let files = model_files(WorkerModel::Hs).await?;
                ensure_worker()?;
                worker.with_value(|w| {
                    if let Some(w) = w {
                        w.send(
                            &files,
                            Request::Hs {
                                text: &text,
                                top: 5,
                            },
                        );
                    }
                });
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
        // The origin analyses run their own models over exporters and claims, on a page of their own.
        <p><A href="/origin">{move || i18n.t(Key::NavOrigin)}</A>" · "
            <A href="/companies">{move || i18n.t(Key::CompaniesLink)}</A></p>
        <form class="builder" on:submit=run aria-labelledby="extract-h">
            <h2 id="extract-h">{move || i18n.t(Key::ScoringExtract)}</h2>
            <div class="builder-row">
                <label>{move || i18n.t(Key::ScoringModel)}
                    <select id="scoring-model" on:change=move |ev| set_model.set(WorkerModel::parse(&event_target_value(&ev)).unwrap_or(WorkerModel::HighRisk))>
                        <option value="high-risk" selected=move || model.get() == WorkerModel::HighRisk>{move || i18n.t(Key::HighRiskModelName)}</option>
                        <option value="fraud" selected=move || model.get() == WorkerModel::Fraud>{move || i18n.t(Key::FraudModelName)}</option>
                        <option value="price" selected=move || model.get() == WorkerModel::Price>{move || i18n.t(Key::PriceModelName)}</option>
                        <option value="supply-chain" selected=move || model.get() == WorkerModel::SupplyChain>{move || i18n.t(Key::SupplyChainModelName)}</option>
                    </select>
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
            <Show when=move || model.get() == WorkerModel::SupplyChain>
                <p class="muted" id="supply-chain-hint">{move || i18n.t(Key::SupplyChainHint)}</p>
            </Show>
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
                    " " {i18n.tf(Key::ScoringProgress, &[("done", &group_thousands(&done.to_string())), ("total", &group_thousands(&total.to_string()))])}
                }.into_any(),
                Phase::Done => view! { <span id="scoring-done">{i18n.t(Key::ScoringDone)}</span> }.into_any(),
                Phase::Failed(e) => view! { <div id="scoring-failed"><ErrorNotice problem=e /></div> }.into_any(),
            }}
        </div>
        {move || result.get().map(|(s, spec)| scored_view(i18n, s, spec))}
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
                Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
            })}
        </section>
    }
}

/// A unit value in KRW/kg for a table cell: whole won from 100 up, two decimals below (cheap
/// bulk goods), empty when unknown.
pub fn unit_value(v: f32) -> String {
    match v {
        v if !v.is_finite() => String::new(),
        v if v.abs() >= 100.0 => group_thousands(&format!("{v:.0}")),
        v => format_float(f64::from(v)),
    }
}

/// What an expectation rests on: the training lines of the same HS6 and origin, else of the same
/// HS6, else the heading or chapter.
fn basis(lang: Lang, line: PriceLine) -> String {
    let n = |k: u32| group_thousands(&k.to_string());
    match (line.same_origin, line.same_hs6) {
        (o, _) if o > 0 => textf(lang, Key::BasisOrigin, &[("n", &n(o))]),
        (_, h) if h > 0 => textf(lang, Key::BasisHs6, &[("n", &n(h))]),
        _ => text(lang, Key::BasisParent).to_owned(),
    }
}

/// The riskiest rows of a scored extract as table rows: the fraud model's risk score, grade,
/// parties and reasons, or the price model's unit values and flag. Shared by the studio and the
/// scored dashboard widgets.
pub fn ranked_table(i18n: I18n, s: &Scored, rows: usize, reasons: bool) -> impl IntoView + use<> {
    let names = use_names();
    let coded = move |codes: Codes, code: String| {
        move || {
            names.get().name(i18n.lang(), codes, &code).map_or_else(
                || code.clone(),
                |n| i18n.tf(Key::CodeName, &[("name", &n), ("code", &code)]),
            )
        }
    };
    let (order, risk) = (s.order(), s.risk());
    let labels = s.labels();
    let explained: std::collections::HashMap<usize, Vec<Reason>> = match s.outcome() {
        Outcome::Fraud { explained, .. } => explained
            .iter()
            .map(|(r, why)| {
                (
                    *r,
                    why.iter().map(|(f, e)| (f.clone(), *e, f32::NAN)).collect(),
                )
            })
            .collect(),
        Outcome::Risk { explained, .. } | Outcome::Chain { explained, .. } => {
            explained.iter().cloned().collect()
        }
        Outcome::Price { .. } => Default::default(),
    };
    let model = s.model();
    let price = model == WorkerModel::Price;
    let chain = model == WorkerModel::SupplyChain;
    let known = move || {
        i18n.t(if price {
            Key::KnownUndervaluation
        } else {
            Key::KnownFraud
        })
    };
    let head = if chain {
        view! {
            <th scope="col">{move || i18n.t(Key::RiskScore)}</th>
            <th scope="col">{move || i18n.t(Key::Grade)}</th>
            <th scope="col">{move || manifest_label(i18n.lang(), "arrival_date")}</th>
            <th scope="col">{move || manifest_label(i18n.lang(), "consignee_id")}</th>
            <th scope="col">{move || manifest_label(i18n.lang(), "forwarder_id")}</th>
            <th scope="col">{move || manifest_label(i18n.lang(), "departure_country")}</th>
            <th scope="col">{move || manifest_label(i18n.lang(), "office_id")}</th>
        }
        .into_any()
    } else if price {
        view! {
            <th scope="col">{move || i18n.t(Key::ShortfallScore)}</th>
            <th scope="col">"HS6"</th>
            <th scope="col">{move || field_label(i18n.lang(), "country_origin")}</th>
            <th scope="col">{move || i18n.t(Key::DeclaredUnitValue)}</th>
            <th scope="col">{move || i18n.t(Key::ExpectedUnitValue)}</th>
            <th scope="col">{move || i18n.t(Key::ValueRatio)}</th>
            <th scope="col">{move || i18n.t(Key::PriceBasis)}</th>
            <th scope="col">{move || i18n.t(Key::LikelyUndervalued)}</th>
        }
        .into_any()
    } else {
        view! {
            <th scope="col">{move || i18n.t(Key::RiskScore)}</th>
            <th scope="col">{move || i18n.t(Key::Grade)}</th>
            <th scope="col">{move || field_label(i18n.lang(), "importer_id")}</th>
            <th scope="col">"HS6"</th>
            <th scope="col">{move || field_label(i18n.lang(), "country_origin")}</th>
            <th scope="col">{move || field_label(i18n.lang(), "office_id")}</th>
        }
        .into_any()
    };
    let body = order
        .iter()
        .take(rows)
        .enumerate()
        .map(|(rank, r)| {
            let r = *r;
            let label = labels.map(|l| if l[r] { "●" } else { "" });
            let cells = match s.price_line(r) {
                Some(line) => {
                    let (expected, declared) = (line.expected, line.declared);
                    let ratio = value_ratio(declared, expected)
                        .map(|x| format!("{:.0}%", x * 100.0))
                        .unwrap_or_default();
                    let flag = undervalued(declared, expected);
                    view! {
                        <td class="num risk">{risk_score(risk[r])}</td>
                        <td>{s.text("hs6", r)}</td>
                        <td>{coded(Codes::Country, s.text("country_origin", r))}</td>
                        <td class="num">{unit_value(declared)}</td>
                        <td class="num">{unit_value(expected)}</td>
                        <td class="num">{ratio}</td>
                        <td class="basis">{move || basis(i18n.lang(), line)}</td>
                        <td class="flag">{flag.then(|| view! { <span class="badge danger">{move || i18n.t(Key::LikelyUndervalued)}</span> })}</td>
                    }
                    .into_any()
                }
                None if chain => view! {
                    <td class="num risk">{risk_score(risk[r])}</td>
                    <td class="num">{format!("{:02}", grade(risk[r]))}</td>
                    <td>{s.text("arrival_date", r)}</td>
                    <td>{party_link(s.text("consignee_id", r))}</td>
                    <td>{party_link(s.text("forwarder_id", r))}</td>
                    <td>{coded(Codes::Country, s.text("departure_country", r))}</td>
                    <td>{coded(Codes::Office, s.text("office_id", r))}</td>
                }
                .into_any(),
                None => view! {
                    <td class="num risk">{risk_score(risk[r])}</td>
                    <td class="num">{format!("{:02}", grade(risk[r]))}</td>
                    <td>{party_link(s.text("importer_id", r))}</td>
                    <td>{s.text("hs6", r)}</td>
                    <td>{coded(Codes::Country, s.text("country_origin", r))}</td>
                    <td>{coded(Codes::Office, s.text("office_id", r))}</td>
                }
                .into_any(),
            };
            let why = explained.get(&r).cloned().unwrap_or_default();
            view! {
                <tr>
                    <td class="num">{rank + 1}</td>
                    <td>{s.text(if chain { "manifest_key" } else { "declaration_id" }, r)}</td>
                    {cells}
                    {(reasons && !price).then(|| view! {
                        <td class="reasons">{move || reasons_text(i18n.lang(), &why, model)}</td>
                    })}
                    <td>{label}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data ranked" data-model=s.model().as_str()>
            <thead><tr>
                <th scope="col">{move || i18n.t(Key::Rank)}</th>
                <th scope="col">{move || if chain { manifest_label(i18n.lang(), "manifest_key") } else { i18n.t(Key::DeclarationId).to_owned() }}</th>
                {head}
                {(reasons && !price).then(|| view! { <th scope="col">{move || i18n.t(Key::Reasons)}</th> })}
                <th scope="col">{known}</th>
            </tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

fn scored_view(i18n: I18n, s: Scored, spec: QuerySpec) -> impl IntoView {
    let n = s.rows();
    let model = s.model();
    let labels = s.labels();
    let flagged = s.flagged();
    let (rate, set_rate) = signal(5u32);
    let sent = move || inspected(n, f64::from(rate.get()) / 100.0);
    let order_sv = StoredValue::new(s.order().to_vec());
    let labels_sv = StoredValue::new(labels.map(<[bool]>::to_vec));
    let at_rate = move || {
        labels_sv.with_value(|l| {
            l.as_ref()
                .and_then(|l| order_sv.with_value(|o| precision_recall_of(o, l, sent())))
        })
    };
    // Precision/recall at 1/2/5/10% and its curve.
    let pr: Option<Vec<(f64, f64, f64)>> = labels.map(|l| {
        RATES
            .iter()
            .filter_map(|r| {
                precision_recall_of(s.order(), l, inspected(n, *r)).map(|(p, c)| (*r, p, c))
            })
            .collect()
    });
    let curve = pr.as_ref().and_then(|rows| {
        let lang = i18n.lang_untracked();
        let d = ChartData {
            kind: ChartKind::Line,
            x_name: text(lang, Key::InspectionRate).to_owned(),
            y_name: text(lang, Key::PrecisionRecall).to_owned(),
            categories: rows
                .iter()
                .map(|(r, _, _)| format!("{:.0}%", r * 100.0))
                .collect(),
            series: vec![
                text(lang, Key::Precision).to_owned(),
                text(lang, Key::Recall).to_owned(),
            ],
            values: vec![
                rows.iter().map(|x| x.1).collect(),
                rows.iter().map(|x| x.2).collect(),
            ],
            points: Vec::new(),
            truncated: false,
            y_divisor: 1.0,
        };
        render_svg(&d, 520, 260).ok().map(|svg| (svg, d))
    });
    let has_labels = labels.is_some();
    let base_rate = labels
        .filter(|l| !l.is_empty())
        .map(|l| l.iter().filter(|x| **x).count() as f64 / l.len() as f64);
    let csv = StoredValue::new(s.csv());
    let table = ranked_table(i18n, &s, RANKED_ROWS, true);
    let spec_sv = StoredValue::new(spec);
    let default_title = match model {
        WorkerModel::Price => i18n.t(Key::PriceModelName).to_owned(),
        WorkerModel::HighRisk => i18n.t(Key::HighRiskModelName).to_owned(),
        _ => i18n.t(Key::FraudModelName).to_owned(),
    };
    // A scored widget re-runs its model over an extract spec; the supply-chain model reads
    // manifest lines with their histories, which no spec names.
    let savable = SCORING_MODELS.contains(&model);
    view! {
        <section class="results" aria-labelledby="ranked-h" data-rows=n data-model=model.as_str()>
            <h2 id="ranked-h">{move || i18n.t(Key::RankedHeading)}</h2>
            {flagged.map(|k| view! {
                <p id="price-flagged" class="lead">{move || i18n.tf(Key::FlaggedCount, &[
                    ("flagged", &group_thousands(&k.to_string())),
                    ("total", &group_thousands(&n.to_string())),
                ])}</p>
            })}
            <div class="slider builder-row">
                <label for="inspection-rate">{move || i18n.t(Key::InspectionRate)}</label>
                <input id="inspection-rate" type="range" min="1" max="50" step="1" prop:value=move || rate.get().to_string()
                    on:input=move |ev| set_rate.set(event_target_value(&ev).parse().unwrap_or(5)) />
                <output for="inspection-rate" id="inspection-split">
                    {move || {
                        let k = sent();
                        i18n.tf(Key::InspectionSplit, &[
                            ("rate", &rate.get().to_string()),
                            ("k", &group_thousands(&k.to_string())),
                            ("rest", &group_thousands(&(n - k).to_string())),
                        ])
                    }}
                </output>
                <Show when=move || has_labels>
                    <span id="rate-metrics">{move || at_rate().map(|(p, r)| i18n.tf(Key::RateMetrics, &[("p", &format_float(p)), ("r", &format_float(r))]))}</span>
                </Show>
            </div>
            {base_rate.map(|b| view! {
                <p id="base-rate" class="muted" data-rate=format!("{b:.4}")>{move || i18n.tf(Key::BaseRate, &[("p", &format!("{b:.3}"))])}</p>
            })}
            {pr.map(|rows| view! {
                <table class="data pr-table">
                    <caption>{move || i18n.t(Key::PrCaption)}</caption>
                    <thead><tr><th scope="col">{move || i18n.t(Key::InspectionRate)}</th><th scope="col">{move || i18n.t(Key::Precision)}</th><th scope="col">{move || i18n.t(Key::Recall)}</th></tr></thead>
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
            <AttachToRequest label=Key::AttachToRequest file=Callback::new(move |()| FileToAttach {
                name: match model {
                    WorkerModel::Price => "price-check.csv",
                    WorkerModel::SupplyChain => "supply-chain-scores.csv",
                    _ => "risk-scores.csv",
                }
                .to_owned(),
                mime: "text/csv",
                bytes: csv.get_value().into_bytes(),
            }) />
            {savable.then(|| view! {
                <SaveToDashboard default_title=default_title
                    widget=Callback::new(move |title: String| NewWidget {
                        title,
                        analysis: Analysis {
                            spec: spec_sv.get_value(),
                            chart: ChartSettings { kind: Some(ChartKind::Table) },
                        },
                        width: 4,
                        height: 2,
                        model: Some(model.to_string()),
                        network: None,
                        origin: None,
                        company: None,
                    }) />
                <p class="muted">{move || i18n.t(Key::SaveScoredHint)}</p>
            })}
            <div class="table-wrap">{table}</div>
        </section>
    }
}
