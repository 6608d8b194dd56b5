//! 고위험 패턴 (High-risk patterns): the four supply-chain patterns KCS names, each as a ranked
//! table of the combinations seen in the officer's scope — shipments, inspections, frauds, hit
//! rate, lift over the base rate, last seen — highest lift first. A party of a combination opens
//! its network.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::patterns::{KeySource, Pattern};

use crate::api;
use crate::arrow::Frame;
use crate::components::page_heading::PageHeading;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{I18n, Key, use_i18n};
use crate::labels::dataset_column;

/// Combinations a table shows.
const LIMIT: u64 = 100;

/// The key columns that name a party (they link to its network).
const PARTY_KEYS: [&str; 5] = [
    "forwarder_id",
    "consignor_id",
    "storage_location",
    "carrier_id",
    "consignee_id",
];

/// The statistics shown, with their headings.
const STATS: [(&str, Key); 6] = [
    ("shipments", Key::NetworkShipments),
    ("inspections", Key::PatternsInspections),
    ("frauds", Key::NetworkFrauds),
    ("hit_rate", Key::PatternsHitRate),
    ("lift", Key::PatternsLift),
    ("last_seen", Key::NetworkLastSeen),
];

/// The name of a pattern.
pub fn pattern_key(p: Pattern) -> Key {
    match p {
        Pattern::ForwarderConsignorStorage => Key::Pattern1,
        Pattern::CarrierOfficeDeparture => Key::Pattern2,
        Pattern::ConsigneeOffice => Key::Pattern3,
        Pattern::ConsigneeGoods => Key::Pattern4,
    }
}

/// The patterns page.
#[component]
pub fn Patterns() -> impl IntoView {
    let i18n = use_i18n();
    let pattern = RwSignal::new(Pattern::ForwarderConsignorStorage);
    let min_shipments = RwSignal::new(5u64);
    let answer = LocalResource::new(move || {
        let (p, m) = (pattern.get(), min_shipments.get());
        async move {
            let bytes = api::pattern_stats(p, m, LIMIT).await?;
            Frame::decode(&bytes).map_err(api::ApiError::Decode)
        }
    });
    view! {
        <PageHeading title=Key::PatternsTitle summary=Key::PatternsSummary />
        <p><A href="/network">{move || i18n.t(Key::NavNetwork)}</A></p>
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <label>
                {move || i18n.t(Key::PatternsPattern)}
                <select id="pattern" on:change=move |ev| {
                    if let Some(p) = Pattern::parse(&event_target_value(&ev)) {
                        pattern.set(p);
                    }
                }>
                    {Pattern::ALL.iter().map(|&p| view! {
                        <option value=p.as_str() selected=move || pattern.get() == p>
                            {move || i18n.t(pattern_key(p))}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {move || i18n.t(Key::NetworkMinShipments)}
                <input id="pattern-min" type="number" min="1" prop:value=move || min_shipments.get().to_string()
                    on:change=move |ev| min_shipments.set(event_target_value(&ev).parse().unwrap_or(1).max(1)) />
            </label>
        </form>
        <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
            {move || answer.get().map(|r| match r {
                Ok(frame) => table(i18n, pattern.get_untracked(), &frame).into_any(),
                Err(e) => view! { <ErrorNotice problem=Problem::from(e) /> }.into_any(),
            })}
        </Transition>
    }
}

fn table(i18n: I18n, pattern: Pattern, frame: &Frame) -> impl IntoView {
    let names = frame.names();
    let col = |n: &str| names.iter().position(|c| c == n);
    let keys: Vec<(&'static str, Option<usize>)> = pattern
        .keys()
        .iter()
        .map(|k| (k.column, col(k.column)))
        .collect();
    let stats: Vec<(Key, Option<usize>)> = STATS.iter().map(|(n, k)| (*k, col(n))).collect();
    let heading = |k: &PatternKeyName| {
        let (column, source) = (k.0, k.1);
        move || {
            let ds = match source {
                KeySource::Manifest => "cargo_manifest",
                KeySource::Declaration => "import_declaration",
            };
            dataset_column(i18n.lang(), ds, column).label
        }
    };
    let key_names: Vec<PatternKeyName> = pattern
        .keys()
        .iter()
        .map(|k| PatternKeyName(k.column, k.source))
        .collect();
    let rows = (0..frame.rows)
        .map(|r| {
            let key_cells = keys
                .iter()
                .map(|(name, c)| {
                    let v = c.map(|c| frame.text(r, c)).unwrap_or_default();
                    if PARTY_KEYS.contains(name) && !v.is_empty() {
                        let href = format!("/network?party={}", portal_core::text::percent_encode(&v));
                        view! { <td><A href=href>{v}</A></td> }.into_any()
                    } else {
                        view! { <td>{v}</td> }.into_any()
                    }
                })
                .collect_view();
            let stat_cells = stats
                .iter()
                .map(|(_, c)| view! { <td class="num">{c.map(|c| frame.text(r, c)).unwrap_or_default()}</td> })
                .collect_view();
            view! { <tr>{key_cells}{stat_cells}</tr> }
        })
        .collect_view();
    let n = crate::arrow::group_thousands(&frame.rows.to_string());
    view! {
        <table class="data patterns" data-pattern=pattern.as_str()>
            <caption>{move || i18n.tf(Key::PatternsCaption, &[("n", &n)])}</caption>
            <thead><tr>
                {key_names.iter().map(|k| view! { <th>{heading(k)}</th> }).collect_view()}
                {stats.iter().map(|(k, _)| { let k = *k; view! { <th>{move || i18n.t(k)}</th> } }).collect_view()}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A key column of a pattern and where it is read from.
#[derive(Debug, Clone, Copy)]
struct PatternKeyName(&'static str, KeySource);
