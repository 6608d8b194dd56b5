//! A list's CSV actions: a button that downloads it, and the form that attaches it to an
//! analysis request (the origin lists, the company ranking).

use leptos::prelude::*;

use crate::components::attach_to_request::{AttachToRequest, FileToAttach};
use crate::files::save_bytes;
use crate::i18n::{Key, use_i18n};

/// A list's CSV: a button that downloads it as `file`, and the form that attaches it to a request.
#[component]
pub fn CsvActions(
    /// The download button's id.
    id: &'static str,
    /// File name.
    file: &'static str,
    /// The CSV.
    csv: StoredValue<String>,
    /// The download button's label.
    download: Key,
    /// The attach form's label.
    attach: Key,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = move |_| {
        let _ = csv.with_value(|c| save_bytes(c.as_bytes(), "text/csv", file));
    };
    view! {
        <p><button type="button" id=id on:click=save>{move || i18n.t(download)}</button></p>
        <AttachToRequest label=attach file=Callback::new(move |()| FileToAttach {
            name: file.to_owned(),
            mime: "text/csv",
            bytes: csv.get_value().into_bytes(),
        }) />
    }
}
