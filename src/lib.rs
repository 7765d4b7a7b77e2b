//! Sportello's browser app: totems for citizens, the operators' workspace.
//!
//! Layout: `pages` are route screens (thin: they read state and lay out components),
//! `components` are reusable pieces of UI, `io` is everything that talks to the browser or
//! the network. Domain rules come from `sportello_core`, never from here.

pub mod components;
pub mod i18n;
pub mod io;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    i18n::I18n::provide();
    view! {
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/") view=pages::Home />
                <Route path=path!("/operatore") view=pages::operator::OperatorPage />
                <ParentRoute path=path!("/totem/:cpi") view=pages::totem::TotemLayout>
                    <Route path=path!("") view=pages::totem::TotemHome />
                    <Route path=path!("servizi/:area") view=pages::totem::AreaPage />
                    <Route path=path!("servizio/:code") view=pages::totem::ServicePage />
                    <Route path=path!("attiva") view=pages::totem::EnrollPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
