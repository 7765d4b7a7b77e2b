use crate::i18n::{I18n, LanguageSwitch};
use leptos::prelude::*;
use sportello_core::cpi::cpis;

/// The entry page: every configured CPI, grouped by province, each opening its totem.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = I18n::get();
    let mut provinces: Vec<&str> = cpis().iter().map(|c| c.province.as_str()).collect();
    provinces.sort_unstable();
    provinces.dedup();
    view! {
        <main class="page">
            <header class="masthead">
                <LanguageSwitch />
                <p class="eyebrow">"Regione Puglia"</p>
                <h1>{move || i18n.t("brand")}</h1>
                <p class="lead">{move || i18n.t("home-lead")}</p>
            </header>
            {provinces
                .into_iter()
                .map(|province| {
                    view! {
                        <section class="province" aria-label=move || i18n.t_with("cpi-province", &[("province", province.into())])>
                            <h2>{move || i18n.t_with("cpi-province", &[("province", province.into())])}</h2>
                            <ul class="tiles">
                                {cpis()
                                    .iter()
                                    .filter(|c| c.province == province)
                                    .map(|c| {
                                        view! {
                                            <li>
                                                <a class="tile" href=format!("/totem/{}", c.slug)>
                                                    <span class="tile-title">{move || i18n.t_with("cpi-full-name", &[("name", c.name.clone().into())])}</span>
                                                    <span class="tile-sub">{c.address.clone()}</span>
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </main>
    }
}
