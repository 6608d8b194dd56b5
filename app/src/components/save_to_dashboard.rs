//! "Save to dashboard" (analysis results and scored results): pick one of my dashboards or name
//! a new one, title the widget, save.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::dashboard::NewWidget;

use crate::api;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{Key, use_i18n};

/// The save form; `widget(title)` makes the widget to add from the title the user typed.
#[component]
pub fn SaveToDashboard(
    /// The widget title offered first.
    default_title: String,
    /// Makes the widget from its title.
    widget: Callback<String, NewWidget>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mine = LocalResource::new(api::dashboards);
    let (target, set_target) = signal(String::from("new"));
    let (new_title, set_new_title) = signal(String::new());
    let (widget_title, set_widget_title) = signal(default_title);
    let (saved, set_saved) = signal(None::<Result<i64, Problem>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let widget = widget.run(widget_title.get_untracked());
        let target = target.get_untracked();
        let title = new_title.get_untracked();
        leptos::task::spawn_local(async move {
            let out = async {
                let id = match target.parse::<i64>() {
                    Ok(id) => id,
                    Err(_) => api::create_dashboard(&title).await?.id,
                };
                api::add_widget(id, &widget).await.map(|d| d.id)
            }
            .await;
            set_saved.set(Some(out.map_err(Problem::from)));
        });
    };
    view! {
        <form class="save-widget builder-row" on:submit=save>
            <label>
                {move || i18n.t(Key::SaveToDashboard)}
                <select id="save-target" on:change=move |ev| set_target.set(event_target_value(&ev))>
                    <option value="new">{move || i18n.t(Key::NewDashboard)}</option>
                    {move || mine.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|d| d.can_edit).map(|d| {
                        view! { <option value=d.id.to_string()>{d.title.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || target.get() == "new">
                <label>
                    {move || i18n.t(Key::DashboardTitle)}
                    <input id="new-dashboard-title" type="text" maxlength="100" required
                        prop:value=new_title on:input=move |ev| set_new_title.set(event_target_value(&ev)) />
                </label>
            </Show>
            <label>
                {move || i18n.t(Key::WidgetTitle)}
                <input id="widget-title" type="text" maxlength="100" required
                    prop:value=widget_title on:input=move |ev| set_widget_title.set(event_target_value(&ev)) />
            </label>
            <button type="submit" id="save-widget">{move || i18n.t(Key::Save)}</button>
            {move || saved.get().map(|r| match r {
                Ok(id) => view! {
                    <span role="status">{i18n.t(Key::SavedTo)} " " <A href=format!("/dashboards/{id}")>{i18n.t(Key::OpenDashboard)}</A></span>
                }.into_any(),
                Err(e) => view! { <ErrorNotice problem=e /> }.into_any(),
            })}
        </form>
    }
}
