use leptos::prelude::*;
use sportello_core::cpi::cpis;

/// The entry page: every configured CPI, grouped by province, each opening its totem.
#[component]
pub fn Home() -> impl IntoView {
    let mut provinces: Vec<&str> = cpis().iter().map(|c| c.province.as_str()).collect();
    provinces.sort_unstable();
    provinces.dedup();
    view! {
        <main class="page">
            <header class="masthead">
                <p class="eyebrow">"Regione Puglia · Servizi per il lavoro"</p>
                <h1>"Sportello"</h1>
                <p class="lead">"Scegli il Centro per l'Impiego per aprire il suo totem."</p>
            </header>
            {provinces
                .into_iter()
                .map(|province| {
                    view! {
                        <section class="province" aria-label=format!("Provincia di {province}")>
                            <h2>{format!("Provincia di {province}")}</h2>
                            <ul class="tiles">
                                {cpis()
                                    .iter()
                                    .filter(|c| c.province == province)
                                    .map(|c| {
                                        view! {
                                            <li>
                                                <a class="tile" href=format!("/totem/{}", c.slug)>
                                                    <span class="tile-title">{format!("CPI di {}", c.name)}</span>
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
