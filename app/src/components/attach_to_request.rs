//! "Attach to an analysis request": a file the page makes (scored results, a network's
//! relations) added to a request the user can see, with a link to the request once attached.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{Key, use_i18n};

/// A file to attach: its name, media type and bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct FileToAttach {
    /// File name.
    pub name: String,
    /// Media type.
    pub mime: &'static str,
    /// Content.
    pub bytes: Vec<u8>,
}

/// The form; `file` makes the file when the user attaches it.
#[component]
pub fn AttachToRequest(
    /// The form's label (what is attached).
    label: Key,
    /// Makes the file to attach.
    file: Callback<(), FileToAttach>,
) -> impl IntoView {
    let i18n = use_i18n();
    let requests = LocalResource::new(|| api::requests("all"));
    let (target, set_target) = signal(String::new());
    let (done, set_done) = signal(None::<Result<i64, Problem>>);
    let attach = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(id) = target.get_untracked().parse::<i64>() else {
            return;
        };
        let f = file.run(());
        leptos::task::spawn_local(async move {
            let out = async {
                let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(f.bytes.as_slice()));
                let opts = web_sys::FilePropertyBag::new();
                opts.set_type(f.mime);
                let file =
                    web_sys::File::new_with_u8_array_sequence_and_options(&parts, &f.name, &opts)
                        .map_err(|e| Problem::Browser(format!("{e:?}")))?;
                api::attach(id, &file)
                    .await
                    .map(|r| r.id)
                    .map_err(Problem::from)
            }
            .await;
            set_done.set(Some(out));
        });
    };
    view! {
        <form class="builder-row attach-scores" on:submit=attach>
            <label>{move || i18n.t(label)}
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
                    <A href=format!("/requests/{id}")>{format!("#{id}")}</A></span> }.into_any(),
                Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
            })}
        </form>
    }
}
