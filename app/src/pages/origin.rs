//! 원산지 분석 (Origin analysis), reached from AI 위험 분석 (the top bar has no room for a ninth
//! section at 1280 px): two tabs. Rerouted exports — every exporter of the officer's
//! scope scored by the rerouting model in the browser's worker, ranked with the evidence behind
//! each score; one exporter opens its matched flows (a timeline of its Chinese imports and the
//! exports they lead to, its routes origin → Korea → destination, the flows table). FTA
//! verification — the claims to verify first with the duty at stake and the checks they fail,
//! filtered by agreement, with totals by office, agreement and importer. Both lists download as
//! CSV and attach to an analysis request.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::analysis::Analysis;
use portal_core::dashboard::NewWidget;
use portal_core::origin::{
    ExporterFlows, FtaQuery, FtaQueue, FtaTotal, OriginAnalysis, OriginWidget,
};
use portal_core::query::{Filter, Value};

use crate::api;
use crate::arrow::{Frame, group_thousands};
use crate::components::csv_actions::CsvActions;
use crate::components::page_heading::PageHeading;
use crate::components::party_link::party_link;
use crate::components::save_to_dashboard::SaveToDashboard;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key, use_i18n};
use crate::origin::{
    FIGURE, RankedExporter, bands, check_key, queue_csv, rank, ranking_csv, timeline,
};
use crate::worker::{Answer, Request, run_once};

/// Exporters shown in the ranked table.
const SHOWN: usize = 100;

/// Claims listed in the verification queue.
const QUEUE: u32 = 500;

/// Rows a dashboard widget lists.
const WIDGET_ROWS: usize = 10;

fn thousands(v: f64) -> String {
    group_thousands(&format!("{v:.0}"))
}

fn yes_no(i18n: I18n, v: Option<bool>) -> &'static str {
    i18n.t(match v {
        Some(true) => Key::Yes,
        Some(false) => Key::No,
        None => Key::Unknown,
    })
}

/// The origin page.
#[component]
pub fn Origin() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let fta = RwSignal::new(query.with_untracked(|q| q.get("tab").as_deref() == Some("fta")));
    view! {
        <PageHeading title=Key::NavOrigin summary=Key::OriginSummary />
        <p><A href="/scoring">{move || i18n.t(Key::NavScoring)}</A></p>
        <div class="tabs" role="tablist">
            <button type="button" role="tab" id="tab-rerouting" aria-selected=move || (!fta.get()).to_string()
                on:click=move |_| fta.set(false)>{move || i18n.t(Key::OriginTabRerouting)}</button>
            <button type="button" role="tab" id="tab-fta" aria-selected=move || fta.get().to_string()
                on:click=move |_| fta.set(true)>{move || i18n.t(Key::OriginTabFta)}</button>
        </div>
        <Show when=move || !fta.get() fallback=|| view! { <FtaPanel /> }>
            <ReroutingPanel />
        </Show>
    }
}

/// The exporters of the scope, scored in the worker.
async fn scored_exporters() -> Result<Vec<RankedExporter>, Problem> {
    let bytes = api::origin_exporters().await?;
    let frame = Frame::decode(&bytes).map_err(Problem::Browser)?;
    if frame.rows == 0 {
        return Ok(Vec::new());
    }
    match run_once(Request::Rerouting { arrow: &bytes })
        .await
        .map_err(Problem::Worker)?
    {
        Answer::Rerouted(scores) => rank(&frame, &scores).map_err(Problem::Worker),
        _ => Err(Problem::Worker("unexpected worker answer".to_owned())),
    }
}

#[component]
fn ReroutingPanel() -> impl IntoView {
    let i18n = use_i18n();
    let ranked = LocalResource::new(scored_exporters);
    let open = RwSignal::new(None::<String>);
    view! {
        <section aria-labelledby="tab-rerouting">
            // The exporter opened comes first: the ranking is long.
            {move || open.get().map(|id| view! { <Flows id=id /> })}
            <Transition fallback=move || view! { <p role="status">{move || i18n.tf(Key::ReroutingScoring, &[("n", "…")])}</p> }>
                {move || ranked.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p>{move || i18n.t(Key::ReroutingNone)}</p> }.into_any(),
                    Ok(list) => ranking(i18n, list, open).into_any(),
                    Err(p) => view! { <ErrorNotice problem=p /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn evidence(i18n: I18n, e: &RankedExporter) -> String {
    let kr = e.kr_exports.to_string();
    let mut s = if e.matched > 0 {
        i18n.tf(
            Key::ReroutingEvidence,
            &[
                ("kr", &kr),
                ("matched", &e.matched.to_string()),
                ("lag", &format!("{:.0}", e.lag)),
                ("ratio", &format!("{:.2}", e.value_ratio)),
            ],
        )
    } else {
        i18n.tf(Key::ReroutingNoMatch, &[("kr", &kr)])
    };
    s.push_str("; ");
    s.push_str(&i18n.tf(
        Key::ReroutingShift,
        &[
            ("share", &format!("{:.0}", e.us_eu * 100.0)),
            ("shift", &format!("{:+.0}", e.shift * 100.0)),
        ],
    ));
    s
}

fn ranking(i18n: I18n, list: Vec<RankedExporter>, open: RwSignal<Option<String>>) -> impl IntoView {
    let n = group_thousands(&list.len().to_string());
    let shown = SHOWN.min(list.len()).to_string();
    let csv = StoredValue::new(ranking_csv(&list));
    let rows = list
        .iter()
        .take(SHOWN)
        .enumerate()
        .map(|(i, e)| {
            let id = e.id.clone();
            let label = i18n.tf(Key::ReroutingOpen, &[("id", &id)]);
            let why = evidence(i18n, e);
            view! {
                <tr>
                    <td class="num">{i + 1}</td>
                    <td><button type="button" class="link" aria-label=label on:click={
                        let id = id.clone();
                        move |_| {
                            open.set(Some(id.clone()));
                            window().scroll_to_with_x_and_y(0.0, 0.0);
                        }
                    }>{id.clone()}</button></td>
                    <td class="num">{e.risk()}</td>
                    <td>{e.grade()}</td>
                    <td class="num">{e.kr_exports}</td>
                    <td class="num">{e.matched}</td>
                    <td>{yes_no(i18n, e.manufactures())}</td>
                    <td class="evidence">{why}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table class="data" id="rerouting-ranking">
            <caption>{move || i18n.tf(Key::ReroutingCaption, &[("shown", &shown), ("n", &n)])}</caption>
            <thead><tr>
                {[Key::ColRank, Key::ColExporter, Key::RiskScore, Key::Grade, Key::ColKrExports,
                  Key::ColMatched, Key::ColManufacturer, Key::ColEvidence]
                    .map(|k| view! { <th>{move || i18n.t(k)}</th> }).collect_view()}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <CsvActions id="rerouting-download" file="rerouting-exporters.csv" csv=csv
            download=Key::ReroutingExport attach=Key::ReroutingAttach />
        <SaveToDashboard default_title=i18n.t(Key::OriginTabRerouting).to_owned()
            widget=Callback::new(move |title: String| origin_widget(title, OriginWidget {
                analysis: OriginAnalysis::Rerouting,
                agreement: None,
            })) />
    }
}

#[component]
fn Flows(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let heading = id.clone();
    let flows = LocalResource::new(move || {
        let id = id.clone();
        async move { api::exporter_flows(&id).await }
    });
    view! {
        <section class="exporter-flows" aria-label=move || i18n.tf(Key::FlowsTitle, &[("id", &heading)])>
            <h2>{let h = heading.clone(); move || i18n.tf(Key::FlowsTitle, &[("id", &h)])}</h2>
            <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
                {move || flows.get().map(|r| match r {
                    Ok(f) => flows_view(i18n, f).into_any(),
                    Err(e) => view! { <ErrorNotice problem=Problem::from(e) /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn flows_view(i18n: I18n, f: ExporterFlows) -> impl IntoView {
    let facts = i18n.tf(
        Key::FlowsFacts,
        &[
            ("name", f.name.as_deref().unwrap_or(&f.exporter_id)),
            ("industry", f.industry.as_deref().unwrap_or("-")),
            ("manufacturer", yes_no(i18n, f.manufacturer)),
            ("factory", yes_no(i18n, f.factory_registered)),
            (
                "employees",
                &f.employees.map_or("-".to_owned(), |e| e.to_string()),
            ),
        ],
    );
    let (w, h) = FIGURE;
    let marks = timeline(&f.flows)
        .into_iter()
        .map(|(xi, xe)| {
            view! {
                <g>
                    <line x1=xi y1=40 x2=xe y2=h - 40.0 class="flow-link" />
                    <circle cx=xi cy=40 r=4 class="flow-import" />
                    <circle cx=xe cy=h - 40.0 r=4 class="flow-export" />
                </g>
            }
        })
        .collect_view();
    let band_list = bands(&f.routes);
    let (origins, dests) = {
        let mut o: Vec<&str> = band_list.iter().map(|b| b.0).collect();
        let mut d: Vec<&str> = band_list.iter().map(|b| b.1).collect();
        o.sort();
        o.dedup();
        d.sort();
        d.dedup();
        (o, d)
    };
    let y_of = |list: &[&str], v: &str| {
        let i = list.iter().position(|x| *x == v).unwrap_or(0);
        20.0 + (h - 40.0) * (i as f64 + 0.5) / list.len().max(1) as f64
    };
    let mid = h / 2.0;
    let paths = band_list
        .iter()
        .map(|(o, d, t)| {
            let (yo, yd) = (y_of(&origins, o), y_of(&dests, d));
            let p = format!("M 80 {yo} C 220 {yo}, 220 {mid}, 360 {mid} C 500 {mid}, 500 {yd}, 640 {yd}");
            view! { <path d=p stroke-width=*t class=if *o == "KR" { "route route-kr" } else { "route route-foreign" } /> }
        })
        .collect_view();
    let labels = origins
        .iter()
        .map(
            |o| view! { <text x=10 y=y_of(&origins, o) class="route-label">{o.to_string()}</text> },
        )
        .chain(dests.iter().map(
            |d| view! { <text x=650 y=y_of(&dests, d) class="route-label">{d.to_string()}</text> },
        ))
        .collect_view();
    let n = f.flows.len().to_string();
    let rows = f
        .flows
        .iter()
        .map(|x| {
            view! {
                <tr>
                    <td>{x.import_id.clone()}</td><td>{x.import_date.clone()}</td><td>{x.import_hs6.clone()}</td>
                    <td>{x.export_id.clone()}</td><td>{x.export_date.clone()}</td><td>{x.export_hs6.clone()}</td>
                    <td>{x.destination.clone()}</td><td class="num">{x.lag_days}</td>
                    <td>{yes_no(i18n, Some(x.same_hs6))}</td>
                    <td class="num">{thousands(x.import_value_krw)}</td><td class="num">{thousands(x.fob_krw)}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = f.flows.is_empty();
    view! {
        <p class="facts">{facts}</p>
        <p>{party_link(f.exporter_id.clone())}</p>
        <figure>
            <figcaption>{move || i18n.t(Key::FlowsTimeline)}</figcaption>
            <svg id="flows-timeline" role="img" aria-label=move || i18n.t(Key::FlowsTimeline)
                viewBox=format!("0 0 {w} {h}") width="100%">{marks}</svg>
        </figure>
        <figure>
            <figcaption>{move || i18n.t(Key::FlowsSankey)}</figcaption>
            <svg id="flows-routes" role="img" aria-label=move || i18n.t(Key::FlowsSankey)
                viewBox=format!("0 0 {w} {h}") width="100%">
                {paths}{labels}<text x=345 y=mid - 8.0 class="route-label">"KR"</text>
            </svg>
        </figure>
        {if empty {
            view! { <p>{move || i18n.t(Key::FlowsNone)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="data" id="flows-table">
                    <caption>{move || i18n.tf(Key::FlowsCaption, &[("n", &n)])}</caption>
                    <thead><tr>
                        {[Key::ColImport, Key::ColImportDate, Key::ColHs6, Key::ColExport, Key::ColExportDate,
                          Key::ColHs6, Key::ColDestination, Key::ColLagDays, Key::ColSameHs6,
                          Key::ColImportValue, Key::ColFob]
                            .map(|k| view! { <th>{move || i18n.t(k)}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }.into_any()
        }}
    }
}

#[component]
fn FtaPanel() -> impl IntoView {
    let i18n = use_i18n();
    let agreement = RwSignal::new(String::new());
    let queue = LocalResource::new(move || {
        let a = agreement.get();
        async move {
            api::fta_queue(&FtaQuery {
                agreement: Some(a).filter(|a| !a.is_empty()),
                office: None,
                limit: Some(QUEUE),
            })
            .await
        }
    });
    // The agreements of the whole scope (the first answer), kept while a filter is on.
    let agreements = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        if let Some(Ok(q)) = queue.get()
            && agreements.with_untracked(Vec::is_empty)
        {
            agreements.set(q.agreements.clone());
        }
    });
    view! {
        <section aria-labelledby="tab-fta">
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <label>{move || i18n.t(Key::FtaAgreement)}
                    <select id="fta-agreement" on:change=move |ev| agreement.set(event_target_value(&ev))>
                        <option value="">{move || i18n.t(Key::FtaAll)}</option>
                        {move || agreements.get().into_iter().map(|a| {
                            let v = a.clone();
                            view! { <option value=v.clone() selected=move || agreement.get() == v>{a}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </form>
            <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
                {move || queue.get().map(|r| match r {
                    Ok(q) => queue_view(i18n, q, agreement.get_untracked()).into_any(),
                    Err(e) => view! { <ErrorNotice problem=Problem::from(e) /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn totals(i18n: I18n, title: Key, id: &'static str, list: &[FtaTotal]) -> impl IntoView + use<> {
    let rows = list
        .iter()
        .map(|t| {
            view! {
                <tr><td>{if t.key.is_empty() { "-".to_owned() } else { t.key.clone() }}</td>
                <td class="num">{t.claims}</td><td class="num">{t.failing}</td>
                <td class="num">{thousands(t.duty_at_stake)}</td></tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table class="data totals" id=id>
            <caption>{move || i18n.t(title)}</caption>
            <thead><tr>
                {[Key::ColKey, Key::ColClaims, Key::ColFailing, Key::ColDutyAtStake]
                    .map(|k| view! { <th>{move || i18n.t(k)}</th> }).collect_view()}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

fn queue_view(i18n: I18n, q: FtaQueue, agreement: String) -> impl IntoView {
    let summary = i18n.tf(
        Key::FtaTotals,
        &[
            ("claims", &group_thousands(&q.claims.to_string())),
            ("failing", &group_thousands(&q.failing.to_string())),
            ("duty", &thousands(q.duty_at_stake)),
        ],
    );
    let shown = q.queue.len().to_string();
    let csv = StoredValue::new(queue_csv(&q));
    let title = if agreement.is_empty() {
        i18n.t(Key::OriginTabFta).to_owned()
    } else {
        format!("{} ({agreement})", i18n.t(Key::OriginTabFta))
    };
    let rows = q
        .queue
        .iter()
        .map(|c| {
            let checks = c
                .failed_checks
                .iter()
                .map(|n| check_key(n).map_or(n.clone(), |k| i18n.t(k).to_owned()))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr>
                    <td>{c.declaration_id.clone()}</td><td>{c.declaration_date.clone()}</td>
                    <td>{c.office_id.clone()}</td><td>{party_link(c.importer_id.clone())}</td>
                    <td>{c.agreement.clone()}</td><td>{c.origin.clone()}</td><td>{c.hs6.clone()}</td>
                    <td class="num">{c.risk_score}</td><td class="num">{thousands(c.duty_at_stake)}</td>
                    <td>{checks}</td>
                    <td>{c.co_number.clone().unwrap_or_default()}</td>
                    <td>{c.issuer_country.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p id="fta-summary">{summary}</p>
        <div class="totals-row">
            {totals(i18n, Key::FtaByAgreement, "fta-by-agreement", &q.by_agreement)}
            {totals(i18n, Key::FtaByOffice, "fta-by-office", &q.by_office)}
            {totals(i18n, Key::FtaByImporter, "fta-by-importer", &q.by_importer)}
        </div>
        <div class="table-wrap"><table class="data" id="fta-queue">
            <caption>{move || i18n.tf(Key::FtaQueueCaption, &[("shown", &shown)])}</caption>
            <thead><tr>
                {[Key::ColDeclaration, Key::ColDate, Key::ColOffice, Key::ColImporter, Key::FtaAgreement,
                  Key::ColOrigin, Key::ColHs6, Key::RiskScore, Key::ColDutyAtStake, Key::ColFailedChecks,
                  Key::ColCoNumber, Key::ColIssuer]
                    .map(|k| view! { <th>{move || i18n.t(k)}</th> }).collect_view()}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <CsvActions id="fta-download" file="fta-verification.csv" csv=csv
            download=Key::FtaExport attach=Key::FtaAttach />
        <SaveToDashboard default_title=title widget=Callback::new(move |title: String| origin_widget(title, OriginWidget {
            analysis: OriginAnalysis::Fta,
            agreement: Some(agreement.clone()).filter(|a| !a.is_empty()),
        })) />
    }
}

/// A dashboard widget of an origin analysis. Its analysis (which every widget has) counts the
/// rows the analysis reads by month: exports, or the import lines claiming a preference.
fn origin_widget(title: String, origin: OriginWidget) -> NewWidget {
    let (dataset, date, filters) = match origin.analysis {
        OriginAnalysis::Rerouting => ("export_declaration", "export_date", Vec::new()),
        OriginAnalysis::Fta => (
            "import_declaration",
            "declaration_date",
            vec![Filter::Eq {
                column: "fta_claim".to_owned(),
                value: Value::Bool(true),
            }],
        ),
    };
    NewWidget {
        title,
        analysis: Analysis::monthly_count(dataset, date, filters),
        width: 2,
        height: 2,
        model: None,
        network: None,
        origin: Some(origin),
        company: None,
    }
}

/// What an origin widget shows once loaded.
#[derive(Debug, Clone)]
pub enum OriginLoaded {
    /// The exporters, riskiest first.
    Rerouting(Vec<RankedExporter>),
    /// The FTA queue.
    Fta(FtaQueue),
}

/// Loads an origin widget: the exporters scored in a worker, or the FTA queue's first claims.
pub async fn load_origin_widget(w: &OriginWidget) -> Result<OriginLoaded, Problem> {
    Ok(match w.analysis {
        OriginAnalysis::Rerouting => OriginLoaded::Rerouting(scored_exporters().await?),
        OriginAnalysis::Fta => OriginLoaded::Fta(
            api::fta_queue(&FtaQuery {
                agreement: w.agreement.clone(),
                office: None,
                limit: Some(WIDGET_ROWS as u32),
            })
            .await?,
        ),
    })
}

/// Where an origin widget opens on the origin page.
pub fn origin_link(w: &OriginWidget) -> String {
    match w.analysis {
        OriginAnalysis::Rerouting => "/origin".to_owned(),
        OriginAnalysis::Fta => "/origin?tab=fta".to_owned(),
    }
}

/// An origin widget's body.
pub fn origin_widget_view(i18n: I18n, loaded: &OriginLoaded) -> impl IntoView + use<> {
    match loaded {
        OriginLoaded::Rerouting(list) => {
            let n = group_thousands(&list.len().to_string());
            let shown = WIDGET_ROWS.min(list.len()).to_string();
            let rows = list
                .iter()
                .take(WIDGET_ROWS)
                .map(|e| {
                    view! {
                        <tr><td>{e.id.clone()}</td><td class="num">{e.risk()}</td><td>{e.grade()}</td>
                        <td class="evidence">{evidence(i18n, e)}</td></tr>
                    }
                })
                .collect_view();
            view! {
                <div class="origin-widget" data-analysis="rerouting">
                    <p class="widget-summary">{move || i18n.tf(Key::ReroutingCaption, &[("shown", &shown), ("n", &n)])}</p>
                    <div class="table-wrap"><table class="data">
                        <thead><tr>
                            {[Key::ColExporter, Key::RiskScore, Key::Grade, Key::ColEvidence]
                                .map(|k| view! { <th>{move || i18n.t(k)}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                </div>
            }
            .into_any()
        }
        OriginLoaded::Fta(q) => {
            let summary = i18n.tf(
                Key::FtaTotals,
                &[
                    ("claims", &group_thousands(&q.claims.to_string())),
                    ("failing", &group_thousands(&q.failing.to_string())),
                    ("duty", &thousands(q.duty_at_stake)),
                ],
            );
            let rows = q
                .queue
                .iter()
                .map(|c| {
                    view! {
                        <tr><td>{c.declaration_id.clone()}</td><td>{c.agreement.clone()}</td>
                        <td class="num">{c.risk_score}</td><td class="num">{thousands(c.duty_at_stake)}</td></tr>
                    }
                })
                .collect_view();
            view! {
                <div class="origin-widget" data-analysis="fta">
                    <p class="widget-summary">{summary}</p>
                    <div class="table-wrap"><table class="data">
                        <thead><tr>
                            {[Key::ColDeclaration, Key::FtaAgreement, Key::RiskScore, Key::ColDutyAtStake]
                                .map(|k| view! { <th>{move || i18n.t(k)}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                </div>
            }
            .into_any()
        }
    }
}
