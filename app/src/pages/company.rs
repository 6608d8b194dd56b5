//! 업체 프로파일 (`/companies/{id}`): one company's overview, its risk scores with their
//! reasons and their history by quarter (scored in the browser's worker from the features the
//! server sends), financial statements, imports and exports by month, HS, origin and
//! destination, duty payments and arrears, inspections and frauds, audits, the parties it
//! trades with (each opens its own profile or the network), and its place among the companies
//! of its industry. Every figure is made of the rows of the officer's scope.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_core::analysis::ChartKind;
use portal_core::company::{CompanyProfile, Factor, Monthly, Share};
use portal_core::worker::WorkerModel;

use crate::api;
use crate::arrow::group_thousands;
use crate::chart::{ChartData, render_svg};
use crate::companies::{
    MODELS, audit_result, audit_type, factor_key, feature_label, feature_value, history_rows,
    model_key, peer_figure, role,
};
use crate::components::party_link::party_link;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::use_i18n;
use crate::i18n::{I18n, Key, Lang, text, textf};
use crate::reasons::Reason;
use crate::worker::{Answer, Request, run_once};

fn thousands(v: f64) -> String {
    group_thousands(&format!("{v:.0}"))
}

/// One model's scores of the profile's history.
#[derive(Debug, Clone)]
struct History {
    model: WorkerModel,
    /// Score and grade per snapshot, in history order.
    scores: Vec<(u16, u8)>,
    /// The business factor of the latest snapshot.
    factor: Option<Factor>,
    /// What raised the latest snapshot's probability.
    reasons: Vec<Reason>,
}

/// Every company model's scores of `p`'s history, with reasons for the latest snapshot.
async fn score_history(p: &CompanyProfile) -> Result<Vec<History>, Problem> {
    let n = p.history.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let rows = history_rows(&p.history).map_err(Problem::Worker)?;
    let mut out = Vec::with_capacity(MODELS.len());
    for model in MODELS {
        let request = Request::CompanyRows {
            model,
            rows: &rows,
            explain: n,
        };
        match run_once(request).await.map_err(Problem::Worker)? {
            Answer::Companies { scores, explained } if scores.len() == n * 4 => {
                let last = &scores[(n - 1) * 4..];
                out.push(History {
                    model,
                    scores: scores
                        .chunks_exact(4)
                        .map(|s| (s[1] as u16, s[2] as u8))
                        .collect(),
                    factor: (last[3] >= 0.0)
                        .then(|| Factor::ALL.get(last[3] as usize).copied())
                        .flatten(),
                    reasons: explained
                        .into_iter()
                        .find(|(r, _)| *r == n - 1)
                        .map(|(_, rs)| rs)
                        .unwrap_or_default(),
                });
            }
            Answer::Error(e) => return Err(Problem::Worker(e)),
            _ => return Err(Problem::Worker("unexpected worker answer".to_owned())),
        }
    }
    Ok(out)
}

/// The profile page.
#[component]
pub fn Company() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let profile = LocalResource::new(move || {
        let id = id();
        async move { api::company_profile(&id).await }
    });
    view! {
        <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
            {move || profile.get().map(|r| match r {
                Ok(p) => view! { <Profile profile=p /> }.into_any(),
                Err(e) => view! {
                    <h1>{move || i18n.tf(Key::CompanyTitle, &[("name", &id())])}</h1>
                    <ErrorNotice problem=Problem::from(e) />
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Profile(profile: CompanyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let p = StoredValue::new(profile);
    let title = p.with_value(|p| p.name.clone().unwrap_or_else(|| p.company_id.clone()));
    let history = LocalResource::new(move || {
        let p = p.get_value();
        async move { score_history(&p).await }
    });
    view! {
        <header class="page-heading">
            <h1>{move || i18n.tf(Key::CompanyTitle, &[("name", &title)])}</h1>
            <p class="summary">{move || i18n.t(Key::CompanySummary)}</p>
        </header>
        {move || {
            let lang = i18n.lang();
            p.with_value(|p| {
                let cutoffs: Vec<String> = p.history.iter().map(|s| s.cutoff.clone()).collect();
                view! {
                {overview(i18n, p)}
                <section id="company-scores" aria-labelledby="company-scores-h">
                    <h2 id="company-scores-h">{i18n.t(Key::CompanyScores)}</h2>
                    <Transition fallback=move || view! { <p role="status">{move || i18n.t(Key::Loading)}</p> }>
                        {move || history.get().map(|r| match r {
                            Ok(h) => scores_view(lang, &cutoffs, &h).into_any(),
                            Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
                        })}
                    </Transition>
                </section>
                {financials(lang, p)}
                {trade(lang, p)}
                {payments(lang, p)}
                {inspections_and_audits(lang, p)}
                {stakeholders(lang, p)}
                {peers(lang, p)}
                }
            })
        }}
    }
}

/// A section with its heading.
fn section<B: IntoView + 'static>(
    lang: Lang,
    id: &'static str,
    title: Key,
    body: B,
) -> impl IntoView + use<B> {
    let h = format!("{id}-h");
    let label = h.clone();
    view! {
        <section id=id aria-labelledby=label>
            <h2 id=h>{text(lang, title)}</h2>
            {body}
        </section>
    }
}

fn empty(lang: Lang) -> AnyView {
    view! { <p class="empty">{text(lang, Key::CompanyEmpty)}</p> }.into_any()
}

fn overview(i18n: I18n, p: &CompanyProfile) -> impl IntoView + use<> {
    let lang = i18n.lang_untracked();
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
    let yes_no = |v: Option<bool>| {
        text(
            lang,
            match v {
                Some(true) => Key::Yes,
                Some(false) => Key::No,
                None => Key::Unknown,
            },
        )
    };
    let items: Vec<(Key, String)> = vec![
        (Key::ColCompany, p.company_id.clone()),
        (Key::ColName, or_dash(&p.name)),
        (
            Key::CompanyRole,
            p.role.as_deref().map_or("-".to_owned(), |r| role(lang, r)),
        ),
        (Key::ColIndustry, or_dash(&p.industry)),
        (Key::ColRegion, or_dash(&p.region)),
        (Key::CompanyHomeOffice, or_dash(&p.home_office)),
        (Key::CompanyRegistered, or_dash(&p.registration_date)),
        (Key::FeatureComplianceGrade, or_dash(&p.compliance_grade)),
        (
            Key::FeatureEmployees,
            p.employees
                .map_or("-".to_owned(), |e| group_thousands(&e.to_string())),
        ),
        (Key::FeatureManufacturer, yes_no(p.manufacturer).to_owned()),
    ];
    let network = format!(
        "/network?party={}",
        portal_core::text::percent_encode(&p.company_id)
    );
    let body = view! {
        <dl class="facts">
            {items.into_iter().map(|(k, v)| view! { <dt>{text(lang, k)}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
        <p><A href=network>{text(lang, Key::OpenInNetwork)}</A></p>
    };
    section(lang, "company-overview", Key::CompanyOverview, body)
}

/// A chart of values in won (in 억 원, or billions in English, when they run that high).
fn money_chart(
    lang: Lang,
    kind: ChartKind,
    id: &'static str,
    title: Key,
    x_name: Key,
    categories: Vec<String>,
    series: Vec<(String, Vec<f64>)>,
) -> AnyView {
    let top = series
        .iter()
        .flat_map(|(_, v)| v.iter())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let big = match lang {
        Lang::Ko => 1e8,
        Lang::En => 1e9,
    };
    let (y_divisor, y_name) = if top >= big {
        (
            big,
            textf(
                lang,
                Key::WithUnit,
                &[
                    ("label", text(lang, Key::ColValueKrw)),
                    ("unit", text(lang, Key::UnitEok)),
                ],
            ),
        )
    } else {
        (1.0, text(lang, Key::ColValueKrw).to_owned())
    };
    plain_chart(
        ChartData {
            kind,
            x_name: text(lang, x_name).to_owned(),
            y_name,
            y_divisor,
            categories,
            series: series.iter().map(|(s, _)| s.clone()).collect(),
            values: series.into_iter().map(|(_, v)| v).collect(),
            points: Vec::new(),
            truncated: false,
        },
        id,
        text(lang, title),
    )
}

fn plain_chart(d: ChartData, id: &'static str, title: &str) -> AnyView {
    match render_svg(&d, 720, 260) {
        Ok(svg) => view! {
            <figure>
                <figcaption>{title.to_owned()}</figcaption>
                <div class="chart" id=id role="img" aria-label=title.to_owned() inner_html=svg></div>
            </figure>
        }
        .into_any(),
        Err(e) => view! { <p class="error">{e}</p> }.into_any(),
    }
}

fn monthly_chart(lang: Lang, id: &'static str, title: Key, rows: &[Monthly]) -> AnyView {
    if rows.is_empty() {
        return empty(lang);
    }
    money_chart(
        lang,
        ChartKind::Bar,
        id,
        title,
        Key::ColMonth,
        rows.iter().map(|m| m.month.clone()).collect(),
        vec![(String::new(), rows.iter().map(|m| m.value_krw).collect())],
    )
}

fn share_table(lang: Lang, id: &'static str, title: Key, key: Key, rows: &[Share]) -> AnyView {
    if rows.is_empty() {
        return empty(lang);
    }
    let total: f64 = rows.iter().map(|r| r.value_krw).sum::<f64>().max(1.0);
    let body = rows
        .iter()
        .map(|s| {
            let pct = format!("{:.0}%", s.value_krw / total * 100.0);
            let width = format!("width: {:.0}%", s.value_krw / total * 100.0);
            view! {
                <tr><td>{s.key.clone()}</td><td class="num">{group_thousands(&s.lines.to_string())}</td>
                <td class="num">{thousands(s.value_krw)}</td>
                <td class="bar-cell"><span class="share-bar" style=width></span>{pct}</td></tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table class="data" id=id>
            <caption>{text(lang, title)}</caption>
            <thead><tr>
                {[key, Key::ColLines, Key::ColValueKrw, Key::ColPercentile]
                    .map(|k| view! { <th>{text(lang, k)}</th> }).collect_view()}
            </tr></thead>
            <tbody>{body}</tbody>
        </table></div>
    }
    .into_any()
}

fn scores_view(lang: Lang, cutoffs: &[String], history: &[History]) -> impl IntoView + use<> {
    if history.is_empty() || cutoffs.is_empty() {
        return empty(lang);
    }
    let latest = cutoffs.last().cloned().unwrap_or_default();
    let now = history
        .iter()
        .map(|h| {
            let (score, grade) = h.scores.last().copied().unwrap_or((0, 10));
            let line = textf(
                lang,
                Key::CompanyScoreNow,
                &[
                    ("model", text(lang, model_key(h.model))),
                    ("score", &score.to_string()),
                    ("grade", &format!("{grade:02}")),
                    ("cutoff", &latest),
                ],
            );
            let reasons = h
                .reasons
                .iter()
                .map(|(f, raised, v)| {
                    let s = textf(
                        lang,
                        Key::CompanyReason,
                        &[
                            ("feature", &feature_label(lang, f)),
                            ("value", &feature_value(lang, f, *v)),
                            ("points", &format!("{:.0}", raised * 999.0)),
                        ],
                    );
                    view! { <li>{s}</li> }
                })
                .collect_view();
            view! {
                <div class="company-score" data-model=h.model.as_str()>
                    <p class="score-line">{line}</p>
                    <p>{text(lang, Key::ColFactor)}": "{text(lang, factor_key(h.factor))}</p>
                    <p>{text(lang, Key::ColReasons)}</p>
                    <ul class="reasons">{reasons}</ul>
                </div>
            }
        })
        .collect_view();
    let chart = plain_chart(
        ChartData {
            kind: ChartKind::Line,
            x_name: text(lang, Key::ColQuarter).to_owned(),
            y_name: text(lang, Key::RiskScore).to_owned(),
            y_divisor: 1.0,
            categories: cutoffs.to_vec(),
            series: history
                .iter()
                .map(|h| text(lang, model_key(h.model)).to_owned())
                .collect(),
            values: history
                .iter()
                .map(|h| h.scores.iter().map(|(s, _)| f64::from(*s)).collect())
                .collect(),
            points: Vec::new(),
            truncated: false,
        },
        "company-score-chart",
        text(lang, Key::CompanyScoreHistory),
    );
    let rows = cutoffs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = history
                .iter()
                .map(|h| {
                    let (s, g) = h.scores.get(i).copied().unwrap_or((0, 10));
                    view! { <td class="num">{s}</td><td>{format!("{g:02}")}</td> }
                })
                .collect_view();
            view! { <tr><td>{c.clone()}</td>{cells}</tr> }
        })
        .collect_view();
    let heads = history
        .iter()
        .map(|h| {
            let m = text(lang, model_key(h.model));
            view! {
                <th>{format!("{m} · {}", text(lang, Key::RiskScore))}</th>
                <th>{format!("{m} · {}", text(lang, Key::Grade))}</th>
            }
        })
        .collect_view();
    view! {
        <div class="company-scores">{now}</div>
        {chart}
        <div class="table-wrap"><table class="data" id="company-score-history">
            <caption>{text(lang, Key::CompanyScoreHistory)}</caption>
            <thead><tr><th>{text(lang, Key::ColQuarter)}</th>{heads}</tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
    .into_any()
}

fn financials(lang: Lang, p: &CompanyProfile) -> impl IntoView + use<> {
    let body = if p.financials.is_empty() {
        empty(lang)
    } else {
        let rows = p
            .financials
            .iter()
            .map(|f| {
                view! {
                    <tr><td>{f.year}</td><td>{f.reported.clone()}</td>
                    <td class="num">{thousands(f.revenue_krw)}</td><td class="num">{thousands(f.assets_krw)}</td>
                    <td class="num">{format!("{:.1}", f.debt_ratio)}</td>
                    <td class="num">{format!("{:.1}", f.operating_margin)}</td>
                    <td class="num">{group_thousands(&f.employees.to_string())}</td>
                    <td>{text(lang, if f.national_tax_arrears { Key::Yes } else { Key::No })}</td></tr>
                }
            })
            .collect_view();
        let years: Vec<String> = p.financials.iter().map(|f| f.year.to_string()).collect();
        view! {
            {money_chart(lang, ChartKind::Bar, "company-revenue-chart", Key::FeatureRevenue, Key::ColYear,
                years, vec![(String::new(), p.financials.iter().map(|f| f.revenue_krw).collect())])}
            <div class="table-wrap"><table class="data" id="company-financials-table">
                <thead><tr>
                    {[Key::ColYear, Key::ColReported, Key::FeatureRevenue, Key::ColAssets, Key::FeatureDebtRatio,
                      Key::FeatureOperatingMargin, Key::FeatureEmployees, Key::FeatureNationalTaxArrears]
                        .map(|k| view! { <th>{text(lang, k)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    };
    section(lang, "company-financials", Key::CompanyFinancials, body)
}

fn trade(lang: Lang, p: &CompanyProfile) -> impl IntoView + use<> {
    let imports = view! {
        {monthly_chart(lang, "company-imports-chart", Key::ChartImportsByMonth, &p.imports_by_month)}
        <div class="totals-row">
            {share_table(lang, "company-imports-hs", Key::ChartImportsByHs, Key::ColHs6, &p.imports_by_hs)}
            {share_table(lang, "company-imports-origin", Key::ChartImportsByOrigin, Key::ColOrigin, &p.imports_by_origin)}
        </div>
    };
    let exports = view! {
        {monthly_chart(lang, "company-exports-chart", Key::ChartExportsByMonth, &p.exports_by_month)}
        {share_table(lang, "company-exports-destination", Key::ChartExportsByDestination, Key::ColDestination,
            &p.exports_by_destination)}
    };
    view! {
        {section(lang, "company-imports", Key::CompanyImports, imports)}
        {section(lang, "company-exports", Key::CompanyExports, exports)}
    }
}

fn payments(lang: Lang, p: &CompanyProfile) -> impl IntoView + use<> {
    let s = &p.payments;
    let line = textf(
        lang,
        Key::PaymentsSummaryLine,
        &[
            ("payments", &group_thousands(&s.payments.to_string())),
            ("assessed", &thousands(s.assessed_krw)),
            ("late", &group_thousands(&s.late.to_string())),
            ("arrears", &group_thousands(&s.arrears.to_string())),
            ("outstanding", &thousands(s.outstanding_krw)),
        ],
    );
    let table = if p.arrears.is_empty() {
        empty(lang)
    } else {
        let rows = p
            .arrears
            .iter()
            .map(|a| {
                view! {
                    <tr><td>{a.declaration_id.clone()}</td><td>{a.due_date.clone()}</td>
                    <td>{a.paid_date.clone().unwrap_or_else(|| text(lang, Key::Unpaid).to_owned())}</td>
                    <td class="num">{thousands(a.amount_krw)}</td><td class="num">{a.days}</td></tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap"><table class="data" id="company-arrears">
                <caption>{text(lang, Key::ArrearsCaption)}</caption>
                <thead><tr>
                    {[Key::ColDeclaration, Key::ColDueDate, Key::ColPaidDate, Key::ColAmountKrw, Key::ColDaysOverdue]
                        .map(|k| view! { <th>{text(lang, k)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    };
    let body = view! { <p id="company-payments-line">{line}</p>{table} };
    section(lang, "company-payments", Key::CompanyPayments, body)
}

fn inspections_and_audits(lang: Lang, p: &CompanyProfile) -> impl IntoView + use<> {
    let i = &p.inspections;
    let line = textf(
        lang,
        Key::InspectionsLine,
        &[
            ("inspected", &group_thousands(&i.inspected.to_string())),
            ("frauds", &group_thousands(&i.frauds.to_string())),
            ("critical", &group_thousands(&i.critical.to_string())),
            ("duty", &thousands(i.additional_duty_krw)),
        ],
    );
    let audits = if p.audits.is_empty() {
        empty(lang)
    } else {
        let rows = p
            .audits
            .iter()
            .map(|a| {
                view! {
                    <tr><td>{a.audit_id.clone()}</td><td>{audit_type(lang, &a.audit_type)}</td>
                    <td>{a.start_date.clone()}</td><td>{a.end_date.clone()}</td>
                    <td class="num">{thousands(a.additional_tax_krw)}</td><td>{audit_result(lang, &a.result)}</td></tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap"><table class="data" id="company-audits-table">
                <thead><tr>
                    {[Key::ColAuditId, Key::ColAuditType, Key::ColStart, Key::ColEnd, Key::ColAdditionalTax, Key::ColResult]
                        .map(|k| view! { <th>{text(lang, k)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    };
    view! {
        {section(lang, "company-inspections", Key::CompanyInspections, view! { <p id="company-inspections-line">{line}</p> })}
        {section(lang, "company-audits", Key::CompanyAudits, audits)}
    }
}

fn stakeholders(lang: Lang, p: &CompanyProfile) -> impl IntoView + use<> {
    let body = if p.stakeholders.is_empty() {
        empty(lang)
    } else {
        let rows = p
            .stakeholders
            .iter()
            .map(|s| {
                let network = format!(
                    "/network?party={}",
                    portal_core::text::percent_encode(&s.company_id)
                );
                view! {
                    <tr><td>{party_link(s.company_id.clone())}</td>
                    <td>{s.name.clone().unwrap_or_default()}</td><td>{role(lang, &s.role)}</td>
                    <td class="num">{group_thousands(&s.lines.to_string())}</td>
                    <td><A href=network>{text(lang, Key::OpenInNetwork)}</A></td></tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap"><table class="data" id="company-stakeholders-table">
                <thead><tr>
                    {[Key::ColCompany, Key::ColName, Key::ColRole, Key::ColLines, Key::NavNetwork]
                        .map(|k| view! { <th>{text(lang, k)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    };
    section(lang, "company-stakeholders", Key::CompanyStakeholders, body)
}

fn peers(lang: Lang, p: &CompanyProfile) -> impl IntoView + use<> {
    let body = if p.peers.is_empty() {
        empty(lang)
    } else {
        let rows = p
            .peers
            .iter()
            .map(|f| {
                let width = format!("width: {:.0}%", f.percentile.clamp(0.0, 100.0));
                let value = |v: f64| {
                    if f.figure.ends_with("_krw") || f.figure == "employees" {
                        thousands(v)
                    } else {
                        format!("{v:.1}")
                    }
                };
                view! {
                    <tr><td>{peer_figure(lang, &f.figure)}</td><td class="num">{value(f.value)}</td>
                    <td class="num">{value(f.median)}</td>
                    <td class="bar-cell"><span class="share-bar" style=width></span>{format!("{:.0}", f.percentile)}</td>
                    <td class="num">{group_thousands(&f.peers.to_string())}</td></tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap"><table class="data" id="company-peers-table">
                <thead><tr>
                    {[Key::ColFigure, Key::ColThisCompany, Key::ColMedian, Key::ColPercentile, Key::ColPeers]
                        .map(|k| view! { <th>{text(lang, k)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    };
    section(lang, "company-peers", Key::CompanyPeers, body)
}
