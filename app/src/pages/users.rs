//! 사용자 관리 (Users), for administrators: every account with its role, office and state; create
//! an account; disable or enable one; set a new password. The server checks everything again.

use leptos::prelude::*;
use portal_core::accounts::{NewUser, UserSummary, UserUpdate, password_problem};
use portal_core::api::{Office, Role};

use crate::api;
use crate::components::page_heading::PageHeading;
use crate::errors::{ErrorNotice, Problem};
use crate::i18n::{Key, use_i18n};
use crate::pages::account::policy_sentence;
use crate::session::{role_key, use_names, use_session};

/// The users page.
#[component]
pub fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let (users, set_users) = signal(Vec::<UserSummary>::new());
    let (offices, set_offices) = signal(Vec::<Office>::new());
    let (error, set_error) = signal(None::<Problem>);
    let (notice, set_notice) = signal(None::<String>);
    let is_admin = move || session.me().is_some_and(|m| m.role == Role::Admin);
    let reload = move || {
        leptos::task::spawn_local(async move {
            match api::users().await {
                Ok(u) => set_users.set(u),
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    Effect::new(move |_| {
        if is_admin() {
            reload();
            leptos::task::spawn_local(async move {
                if let Ok(c) = api::catalog().await {
                    set_offices.set(c.offices);
                }
            });
        }
    });
    let names = use_names();
    let office_name = move |code: &str| names.get().office(i18n.lang(), code);

    // The form of a new account.
    let (username, set_username) = signal(String::new());
    let (display, set_display) = signal(String::new());
    let (role, set_role) = signal(Role::Analyst);
    let (office, set_office) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_notice.set(None);
        set_error.set(None);
        let new = NewUser {
            username: username.get_untracked().trim().to_owned(),
            display_name: display.get_untracked(),
            role: role.get_untracked(),
            office_code: office.get_untracked(),
            password: password.get_untracked(),
        };
        if let Some(p) = password_problem(&new.username, &new.password) {
            set_notice.set(Some(policy_sentence(i18n, p)));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::create_user(&new).await {
                Ok(u) => {
                    set_notice.set(Some(
                        i18n.tf(Key::UserCreatedNotice, &[("user", &u.username)]),
                    ));
                    set_username.set(String::new());
                    set_display.set(String::new());
                    set_password.set(String::new());
                    reload();
                }
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let toggle = move |u: UserSummary| {
        leptos::task::spawn_local(async move {
            let change = UserUpdate {
                disabled: Some(!u.disabled),
                ..UserUpdate::default()
            };
            match api::update_user(u.id, &change).await {
                Ok(_) => reload(),
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let (reset_for, set_reset_for) = signal(None::<UserSummary>);
    let (reset_pw, set_reset_pw) = signal(String::new());
    let reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(u) = reset_for.get_untracked() else {
            return;
        };
        let pw = reset_pw.get_untracked();
        if let Some(p) = password_problem(&u.username, &pw) {
            set_notice.set(Some(policy_sentence(i18n, p)));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::reset_password(u.id, &pw).await {
                Ok(()) => {
                    set_notice.set(Some(
                        i18n.tf(Key::PasswordResetNotice, &[("user", &u.username)]),
                    ));
                    set_reset_for.set(None);
                    set_reset_pw.set(String::new());
                }
                Err(e) => set_error.set(Some(e.into())),
            }
        });
    };
    let text_input =
        move |label: Key, id: &'static str, value: ReadSignal<String>, set: WriteSignal<String>| {
            view! {
                <label>
                    {move || i18n.t(label)}
                    <input id=id type="text" maxlength="100" required
                        prop:value=value on:input=move |ev| set.set(event_target_value(&ev)) />
                </label>
            }
        };
    view! {
        <PageHeading title=Key::UsersTitle summary=Key::UsersSummary />
        <Show when=is_admin fallback=move || view! { <p role="alert">{move || i18n.t(Key::Forbidden)}</p> }>
            {move || notice.get().map(|m| view! { <p role="status" class="notice">{m}</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice problem=e /> })}
            <section class="card" aria-labelledby="new-user-h">
                <h2 id="new-user-h">{move || i18n.t(Key::CreateUser)}</h2>
                <form class="builder-row" on:submit=create>
                    {text_input(Key::Username, "new-username", username, set_username)}
                    {text_input(Key::DisplayName, "new-display-name", display, set_display)}
                    <label>
                        {move || i18n.t(Key::RoleLabel)}
                        <select id="new-role" on:change=move |ev| {
                            if let Some(r) = Role::parse(&event_target_value(&ev)) { set_role.set(r) }
                        }>
                            {Role::ALL.iter().map(|&r| view! {
                                <option value=r.as_str() selected=move || role.get() == r>{move || i18n.t(role_key(r))}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        {move || i18n.t(Key::OfficeLabel)}
                        <select id="new-office" required on:change=move |ev| set_office.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {move || offices.get().into_iter().map(|o| {
                                let label = office_name(&o.code);
                                view! { <option value=o.code.clone()>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        {move || i18n.t(Key::NewPassword)}
                        <input id="new-user-password" type="password" autocomplete="new-password" maxlength="256" required
                            prop:value=password on:input=move |ev| set_password.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" id="create-user">{move || i18n.t(Key::CreateUser)}</button>
                </form>
            </section>
            {move || reset_for.get().map(|u| view! {
                <form class="builder-row card" on:submit=reset>
                    <label>
                        {i18n.tf(Key::NewPasswordFor, &[("user", &u.username)])}
                        <input id="reset-password" type="password" autocomplete="new-password" maxlength="256" required
                            prop:value=reset_pw on:input=move |ev| set_reset_pw.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" id="reset-password-submit">{move || i18n.t(Key::ResetPassword)}</button>
                </form>
            })}
            <div class="table-scroll">
                <table class="users-table">
                    <thead><tr>
                        <th>{move || i18n.t(Key::Username)}</th>
                        <th>{move || i18n.t(Key::DisplayName)}</th>
                        <th>{move || i18n.t(Key::RoleLabel)}</th>
                        <th>{move || i18n.t(Key::OfficeLabel)}</th>
                        <th>{move || i18n.t(Key::AccountState)}</th>
                        <th>{move || i18n.t(Key::Actions)}</th>
                    </tr></thead>
                    <tbody>
                        {move || users.get().into_iter().map(|u| {
                            let (t, r) = (u.clone(), u.clone());
                            view! {
                                <tr data-user=u.username.clone()>
                                    <td>{u.username.clone()}</td>
                                    <td>{u.display_name.clone()}</td>
                                    <td>{move || i18n.t(role_key(u.role))}</td>
                                    <td>{office_name(&u.office_code)}</td>
                                    <td>{move || i18n.t(if u.disabled { Key::AccountDisabled } else { Key::AccountActive })}</td>
                                    <td><div class="row-actions">
                                        <button type="button" class="small toggle-user" on:click=move |_| toggle(t.clone())>
                                            {move || i18n.t(if u.disabled { Key::EnableAccount } else { Key::DisableAccount })}
                                        </button>
                                        <button type="button" class="small reset-user" on:click=move |_| set_reset_for.set(Some(r.clone()))>
                                            {move || i18n.t(Key::ResetPassword)}
                                        </button>
                                    </div></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
