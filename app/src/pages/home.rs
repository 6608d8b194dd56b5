//! 홈 (Home): the portal's front page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page_heading::PageHeading;
use crate::i18n::{Key, use_i18n};
use crate::sections::SECTIONS;

/// Front page: the portal's sections as cards, each with what it is for.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Key::NavHome summary=Key::HomeSummary />
        <section aria-labelledby="home-sections">
            <h2 id="home-sections">{move || i18n.t(Key::HomeSectionsHeading)}</h2>
            <ul class="cards">
                {SECTIONS
                    .iter()
                    .skip(1)
                    .map(|s| {
                        let (title, summary) = (s.title, s.summary);
                        view! {
                            <li class="card">
                                <A href=s.path>
                                    <h3>{move || i18n.t(title)}</h3>
                                </A>
                                <p>{move || i18n.t(summary)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
