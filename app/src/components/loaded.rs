//! A resource as a page shows it: "loading" while it loads, its failure as an [`ErrorNotice`],
//! else what `show` makes of its value.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::errors::ErrorNotice;
use crate::i18n::{Key, use_i18n};

/// The view of `resource` under a `Transition`.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, ApiError>>,
    show: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p>{move || i18n.t(Key::Loading)}</p> }>
            {move || resource.get().map(|r| match r {
                Ok(v) => show(v).into_any(),
                Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
            })}
        </Transition>
    }
}
