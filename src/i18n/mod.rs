//! The interface's languages for citizens: Italian by default, English, French, Arabic and
//! Albanian. Texts live in Fluent files next to this module (`it.ftl` is the reference);
//! a text missing in a language falls back to Italian, and a key is never shown.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    It,
    En,
    Fr,
    Ar,
    Sq,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::It, Lang::En, Lang::Fr, Lang::Ar, Lang::Sq];

    /// BCP 47 code, also the key of the charter's translations in `sportello_core`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
            Lang::Sq => "sq",
        }
    }

    /// The language's name in itself, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::It => "Italiano",
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ar => "العربية",
            Lang::Sq => "Shqip",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }

    fn source(self) -> &'static str {
        match self {
            Lang::It => include_str!("it.ftl"),
            Lang::En => include_str!("en.ftl"),
            Lang::Fr => include_str!("fr.ftl"),
            Lang::Ar => include_str!("ar.ftl"),
            Lang::Sq => include_str!("sq.ftl"),
        }
    }
}

thread_local! {
    static BUNDLES: RefCell<HashMap<Lang, FluentBundle<FluentResource>>> = RefCell::new(HashMap::new());
}

fn with_bundle<R>(lang: Lang, f: impl FnOnce(&FluentBundle<FluentResource>) -> R) -> R {
    BUNDLES.with(|bundles| {
        let mut bundles = bundles.borrow_mut();
        let bundle = bundles.entry(lang).or_insert_with(|| {
            let id = lang.code().parse().expect("valid language id");
            let mut bundle = FluentBundle::new(vec![id]);
            // Isolation marks would show as stray characters in screen readers' output.
            bundle.set_use_isolating(false);
            // A malformed entry is skipped; the rest of the file still loads.
            let resource = FluentResource::try_new(lang.source().to_owned()).unwrap_or_else(|(partial, _)| partial);
            let _ = bundle.add_resource(resource);
            bundle
        });
        f(bundle)
    })
}

/// The text of `key` in `lang`, else in Italian. An unknown key yields an empty string
/// (and a console error), never the key itself.
pub fn translate(lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
    for candidate in [lang, Lang::It] {
        let text = with_bundle(candidate, |bundle| {
            let pattern = bundle.get_message(key)?.value()?;
            let mut errors = Vec::new();
            Some(bundle.format_pattern(pattern, args, &mut errors).into_owned())
        });
        if let Some(text) = text {
            return text;
        }
    }
    web_sys::console::error_1(&format!("missing Italian text for `{key}`").into());
    String::new()
}

/// The current language of the interface, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn provide() -> Self {
        let i18n = I18n { lang: RwSignal::new(Lang::It) };
        // The whole page follows the language: `lang` for screen readers, `dir` for Arabic.
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = root.set_attribute("lang", lang.code());
                let _ = root.set_attribute("dir", if lang.is_rtl() { "rtl" } else { "ltr" });
            }
        });
        provide_context(i18n);
        i18n
    }

    pub fn get() -> Self {
        expect_context::<I18n>()
    }

    /// Reactive text of `key` (tracks the language).
    pub fn t(&self, key: &str) -> String {
        translate(self.lang.get(), key, None)
    }

    /// Reactive text of `key` with arguments, e.g. `t_with("duration-minutes", &[("minutes", 60.into())])`.
    pub fn t_with(&self, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        translate(self.lang.get(), key, Some(&fluent_args))
    }

    /// The current language's code, for the charter's translations.
    pub fn code(&self) -> &'static str {
        self.lang.get().code()
    }
}

/// The language switch, present on every citizen screen.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = I18n::get();
    view! {
        <nav class="lang-switch" aria-label=move || i18n.t("lang-label")>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            class="lang-button"
                            lang=lang.code()
                            aria-pressed=move || (i18n.lang.get() == lang).to_string()
                            on:click=move |_| i18n.lang.set(lang)
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
