//! 업체 위험 순위 (company risk ranking), reached from AI 위험 분석: every company of the
//! officer's scope scored in the browser's worker by the delinquency or the tax-risk model,
//! ranked by score, filtered by office, industry, region, grade and audit history, each with
//! its business factor and what raised its score; the ranking downloads as CSV, attaches to an
//! analysis request and saves to a dashboard. Each company opens its profile.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::analysis::Analysis;
use portal_core::company::CompanyWidget;
use portal_core::dashboard::NewWidget;
use portal_core::worker::WorkerModel;

use crate::api;
use crate::arrow::{Frame, group_thousands};
use crate::companies::{
    AUDIT_YEARS, AuditFilter, EXPLAINED, Filters, MODELS, RankedCompany, choices, factor_key,
    model_key, ranking_csv, reasons_text,
};
use crate::components::csv_actions::CsvActions;
use crate::components::page_heading::PageHeading;
use crate::components::party_link::party_link;
use crate::components::save_to_dashboard::SaveToDashboard;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key, use_i18n};
use crate::worker::{Answer, Request, run_once};

/// Companies shown in the ranked table.
const SHOWN: usize = 100;

/// Rows a dashboard widget lists.
const WIDGET_ROWS: usize = 10;

/// The companies of the scope scored by `model` in the worker, riskiest first.
pub async fn scored_companies(model: WorkerModel) -> Result<Vec<RankedCompany>, Problem> {
    score(model, &api::company_scores().await?).await
}

/// The companies of an answer of `GET /api/companies/scores` scored by `model`.
async fn score(model: WorkerModel, bytes: &[u8]) -> Result<Vec<RankedCompany>, Problem> {
    let frame = Frame::decode(bytes).map_err(Problem::Browser)?;
    if frame.rows == 0 {
        return Ok(Vec::new());
    }
    let request = Request::Companies {
        model,
        arrow: bytes,
        explain: EXPLAINED,
    };
    match run_once(request).await.map_err(Problem::Worker)? {
        Answer::Companies { scores, explained } => {
            crate::companies::rank(&frame, &scores, explained).map_err(Problem::Worker)
        }
        Answer::Error(e) => Err(Problem::Worker(e)),
        _ => Err(Problem::Worker("unexpected worker answer".to_owned())),
    }
}

/// The ranking page.
#[component]
pub fn Companies() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let model = RwSignal::new(query.with_untracked(|q| {
        q.get("model")
            .and_then(|m| WorkerModel::parse(&m))
            .filter(|m| MODELS.contains(m))
            .unwrap_or(WorkerModel::Delinquency)
    }));
    let filters = RwSignal::new(Filters {
        grade: query.with_untracked(|q| q.get("grade").and_then(|g| g.parse().ok())),
        ..Filters::default()
    });
    // The scope's companies are fetched once; switching the model scores them again.
    let fetched: Rc<RefCell<Option<Rc<Vec<u8>>>>> = Rc::default();
    let ranked = LocalResource::new(move || {
        let (model, fetched) = (model.get(), fetched.clone());
        async move {
            let held = fetched.borrow().clone();
            let bytes = match held {
                Some(b) => b,
                None => {
                    let b = Rc::new(api::company_scores().await?);
                    *fetched.borrow_mut() = Some(b.clone());
                    b
                }
            };
            score(model, &bytes).await
        }
    });
    view! {
        <PageHeading title=Key::NavCompanies summary=Key::CompaniesSummary />
        <p><A href="/scoring">{move || i18n.t(Key::NavScoring)}</A></p>
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <label>{move || i18n.t(Key::CompaniesModel)}
                <select id="company-model" on:change=move |ev| {
                    if let Some(m) = WorkerModel::parse(&event_target_value(&ev)) {
                        model.set(m);
                    }
                }>
                    {MODELS.map(|m| view! {
                        <option value=m.as_str() selected=move || model.get() == m>{move || i18n.t(model_key(m))}</option>
                    }).collect_view()}
                </select>
            </label>
        </form>
        <Transition fallback=move || view! { <p role="status">{move || i18n.tf(Key::CompaniesScoring, &[("n", "…")])}</p> }>
            {move || ranked.get().map(|r| match r {
                Ok(list) => view! { <Ranking list=list model=model.get_untracked() filters=filters /> }.into_any(),
                Err(p) => view! { <ErrorNotice problem=p /> }.into_any(),
            })}
        </Transition>
    }
}

/// One filter's `<select>` of `options` (value, label) with an "all" choice first.
fn select(
    i18n: I18n,
    id: &'static str,
    label: Key,
    options: Vec<(String, String)>,
    current: Signal<String>,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label>{move || i18n.t(label)}
            <select id=id on:change=move |ev| set(event_target_value(&ev))>
                <option value="">{move || i18n.t(Key::FilterAll)}</option>
                {options.into_iter().map(|(v, l)| {
                    let sel = v.clone();
                    view! { <option value=v selected=move || current.get() == sel>{l}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Ranking(
    list: Vec<RankedCompany>,
    model: WorkerModel,
    filters: RwSignal<Filters>,
) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p>{move || i18n.t(Key::CompaniesNone)}</p> }.into_any();
    }
    let pairs = |v: Vec<String>| v.into_iter().map(|x| (x.clone(), x)).collect::<Vec<_>>();
    let offices = pairs(choices(&list, |c| c.office.as_str()));
    let industries = pairs(choices(&list, |c| c.industry.as_str()));
    let regions = pairs(choices(&list, |c| c.region.as_str()));
    let grades: Vec<(String, String)> = (1..=10u8)
        .map(|g| (g.to_string(), format!("{g:02}")))
        .collect();
    let audits = move || {
        AUDIT_YEARS
            .iter()
            .flat_map(|y| {
                let years = y.to_string();
                [
                    (
                        AuditFilter::Within(*y).value(),
                        i18n.tf(Key::AuditedWithin, &[("years", &years)]),
                    ),
                    (
                        AuditFilter::NotWithin(*y).value(),
                        i18n.tf(Key::NotAuditedWithin, &[("years", &years)]),
                    ),
                ]
            })
            .collect::<Vec<_>>()
    };
    let list = StoredValue::new(list);
    let field = move |f: fn(&Filters) -> String| Signal::derive(move || filters.with(f));
    view! {
        <form class="filters" id="company-filters" on:submit=|ev| ev.prevent_default()>
            {select(i18n, "company-office", Key::ColOffice, offices, field(|f| f.office.clone()),
                move |v| filters.update(|f| f.office = v))}
            {select(i18n, "company-industry", Key::ColIndustry, industries, field(|f| f.industry.clone()),
                move |v| filters.update(|f| f.industry = v))}
            {select(i18n, "company-region", Key::ColRegion, regions, field(|f| f.region.clone()),
                move |v| filters.update(|f| f.region = v))}
            {select(i18n, "company-grade", Key::Grade, grades,
                field(|f| f.grade.map_or(String::new(), |g| g.to_string())),
                move |v| filters.update(|f| f.grade = v.parse().ok()))}
            {move || select(i18n, "company-audit", Key::FilterAudit, audits(), field(|f| f.audit.value()),
                move |v| filters.update(|f| f.audit = AuditFilter::parse(&v)))}
        </form>
        {move || {
            let f = filters.get();
            list.with_value(|l| {
                let kept: Vec<&RankedCompany> = l.iter().filter(|c| f.keeps(c)).collect();
                table(i18n, &kept, model, f.grade)
            })
        }}
    }
    .into_any()
}

fn table(
    i18n: I18n,
    kept: &[&RankedCompany],
    model: WorkerModel,
    grade: Option<u8>,
) -> impl IntoView + use<> {
    let n = group_thousands(&kept.len().to_string());
    let shown = SHOWN.min(kept.len()).to_string();
    let csv = StoredValue::new(ranking_csv(kept));
    let lang = i18n.lang_untracked();
    let rows = kept
        .iter()
        .take(SHOWN)
        .enumerate()
        .map(|(i, c)| {
            view! {
                <tr>
                    <td class="num">{i + 1}</td>
                    <td>{party_link(c.id.clone())}</td>
                    <td>{c.name.clone()}</td>
                    <td>{c.industry.clone()}</td>
                    <td>{c.region.clone()}</td>
                    <td>{c.office.clone()}</td>
                    <td class="num">{c.score}</td>
                    <td>{c.grade_text()}</td>
                    <td>{i18n.t(factor_key(c.factor))}</td>
                    <td class="evidence">{reasons_text(lang, &c.reasons)}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = kept.is_empty();
    let title = i18n.t(model_key(model)).to_owned();
    view! {
        {if empty {
            view! { <p>{move || i18n.t(Key::CompaniesNone)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap"><table class="data" id="company-ranking" data-model=model.as_str()>
                    <caption>{move || i18n.tf(Key::CompaniesCaption, &[("shown", &shown), ("n", &n)])}</caption>
                    <thead><tr>
                        {[Key::ColRank, Key::ColCompany, Key::ColName, Key::ColIndustry, Key::ColRegion,
                          Key::ColOffice, Key::RiskScore, Key::Grade, Key::ColFactor, Key::ColReasons]
                            .map(|k| view! { <th>{move || i18n.t(k)}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }.into_any()
        }}
        <CsvActions id="company-download" file="company-ranking.csv" csv=csv
            download=Key::CompaniesExport attach=Key::CompaniesAttach />
        <SaveToDashboard default_title=title widget=Callback::new(move |title: String| company_widget(
            title,
            CompanyWidget { model, grade },
        )) />
    }
}

/// A dashboard widget of the company ranking. Its analysis (which every widget has) counts the
/// scope's duty payments by month.
fn company_widget(title: String, company: CompanyWidget) -> NewWidget {
    NewWidget {
        title,
        analysis: Analysis::monthly_count("duty_payment", "assessed_date", Vec::new()),
        width: 2,
        height: 2,
        model: None,
        network: None,
        origin: None,
        company: Some(company),
    }
}

/// Loads a company widget: the scope's companies scored in a worker, kept to its grade.
pub async fn load_company_widget(w: &CompanyWidget) -> Result<Vec<RankedCompany>, Problem> {
    let mut list = scored_companies(w.model).await?;
    list.retain(|c| w.grade.is_none_or(|g| g == c.grade));
    Ok(list)
}

/// Where a company widget opens the ranking.
pub fn company_ranking_link(w: &CompanyWidget) -> String {
    let grade = w.grade.map_or(String::new(), |g| format!("&grade={g}"));
    format!("/companies?model={}{grade}", w.model.as_str())
}

/// A company widget's body.
pub fn company_widget_view(
    i18n: I18n,
    w: &CompanyWidget,
    list: &[RankedCompany],
) -> impl IntoView + use<> {
    let n = group_thousands(&list.len().to_string());
    let shown = WIDGET_ROWS.min(list.len()).to_string();
    let rows = list
        .iter()
        .take(WIDGET_ROWS)
        .map(|c| {
            view! {
                <tr><td>{party_link(c.id.clone())}</td><td>{c.name.clone()}</td>
                <td class="num">{c.score}</td><td>{c.grade_text()}</td>
                <td>{i18n.t(factor_key(c.factor))}</td></tr>
            }
        })
        .collect_view();
    view! {
        <div class="company-widget" data-model=w.model.as_str()>
            <p class="widget-summary">{move || i18n.tf(Key::CompaniesCaption, &[("shown", &shown), ("n", &n)])}</p>
            <div class="table-wrap"><table class="data">
                <thead><tr>
                    {[Key::ColCompany, Key::ColName, Key::RiskScore, Key::Grade, Key::ColFactor]
                        .map(|k| view! { <th>{move || i18n.t(k)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        </div>
    }
}
