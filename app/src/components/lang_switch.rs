//! Korean / English switch; the choice is kept by [`crate::i18n`].

use leptos::prelude::*;

use crate::i18n::{Key, Lang, text, use_i18n};

/// Two toggle buttons, one per language, each named in its own language.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=move || i18n.t(Key::LanguageLabel)>
            {Lang::ALL
                .iter()
                .map(|&lang| {
                    let name = match lang {
                        Lang::Ko => Key::LangKo,
                        Lang::En => Key::LangEn,
                    };
                    view! {
                        <button
                            type="button"
                            lang=lang.as_str()
                            aria-pressed=move || (i18n.lang() == lang).to_string()
                            on:click=move |_| i18n.set_lang(lang)
                        >
                            {text(lang, name)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
