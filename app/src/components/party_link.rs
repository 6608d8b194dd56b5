//! A party id as a link to its company profile (`/companies/{id}`): how every table, card and
//! widget of the portal shows a company, seller, declarant or forwarder id.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::companies::company_link;

/// `id` linking to its profile; an empty id stays empty text.
pub fn party_link(id: String) -> AnyView {
    if id.is_empty() {
        return ().into_any();
    }
    let href = company_link(&id);
    view! { <A href=href attr:class="party-link">{id}</A> }.into_any()
}
