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
use leptos_router::hooks::use_location;
use leptos_router::path;

/// The full app: every screen, the operators' workspace included (`index.html` → `dist/`).
#[component]
pub fn App() -> impl IntoView {
    i18n::I18n::provide();
    view! {
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/") view=pages::Home />
                <Route path=path!("/prestazioni") view=pages::performance::PerformancePage />
                <Route path=path!("/verifica") view=pages::verify::VerifyPage />
                <Route path=path!("/tabellone/:cpi") view=pages::queue::DisplayBoardPage />
                <Route path=path!("/tablet/:cpi") view=pages::tablet::TabletEnrollPage />
                <ParentRoute path=path!("/operatore") view=pages::operator::OperatorLayout>
                    <Route path=path!("") view=pages::operator::WorklistPage />
                    <Route path=path!("persone") view=pages::operator::PeoplePage />
                    <Route path=path!("persone/nuova") view=pages::operator::NewPersonPage />
                    <Route path=path!("persona/:id") view=pages::operator::DossierPage />
                    <Route path=path!("imprese") view=pages::operator::CompaniesPage />
                    <Route path=path!("imprese/nuova") view=pages::operator::NewCompanyPage />
                    <Route path=path!("impresa/:id") view=pages::operator::CompanyPage />
                    <Route path=path!("dichiarazione/:outbox/:item") view=pages::operator::DeclarationPage />
                    <Route path=path!("agenda") view=pages::operator::AgendaPage />
                    <Route path=path!("campagna") view=pages::operator::CampaignPage />
                    <Route path=path!("bacheca") view=pages::operator::BoardPage />
                    <Route path=path!("offerte") view=pages::operator::VacanciesPage />
                    <Route path=path!("registro") view=pages::operator::AuditPage />
                    <Route path=path!("coda") view=pages::operator::QueueConsolePage />
                    <Route path=path!("account") view=pages::operator::AccountPage />
                    <Route path=path!("utenti") view=pages::operator::UsersPage />
                    <Route path=path!("dispositivi") view=pages::operator::DevicesPage />
                    <Route path=path!("visite") view=pages::operator::VisitPlanPage />
                    <Route path=path!("impresa/:id/convenzione") view=pages::operator::ConvenzionePage />
                </ParentRoute>
                <TotemRoutes />
                // The pages a totem's QR codes open on a citizen's phone.
                <Route path=path!("/coda/:cpi/:ticket") view=pages::queue::TicketStatusPage />
                <Route path=path!("/offerte/:cpi/:id") view=pages::vacancies::PublicVacancyPage />
            </Routes>
        </Router>
    }
}

/// The kiosk (`kiosk.html` → `dist/kiosk/`, built with the `kiosk` feature): only the
/// totem's screens, so it carries none of the operators' code. The relay serves it for the
/// addresses of `sportello_core::api::is_kiosk_path`; any other address is another build's,
/// loaded from the relay.
#[component]
pub fn KioskApp() -> impl IntoView {
    i18n::I18n::provide();
    view! {
        <Router>
            <Routes fallback=|| elsewhere(sportello_core::api::is_kiosk_path)>
                <TotemRoutes />
            </Routes>
        </Router>
    }
}

/// The phone pages (`phone.html` → `dist/phone/`, built with the `phone` feature): what a
/// totem's QR codes open on a citizen's phone, a ticket followed and a vacancy. They read the
/// relay's public API and hold no document, so this build carries no sync engine: a first
/// visit over a mobile link loads a fraction of the kiosk. The relay serves it for the
/// addresses of `sportello_core::api::is_phone_path`.
#[component]
pub fn PhoneApp() -> impl IntoView {
    i18n::I18n::provide();
    view! {
        <Router>
            <Routes fallback=|| elsewhere(sportello_core::api::is_phone_path)>
                <Route path=path!("/coda/:cpi/:ticket") view=pages::queue::TicketStatusPage />
                <Route path=path!("/offerte/:cpi/:id") view=pages::vacancies::PublicVacancyPage />
            </Routes>
        </Router>
    }
}

/// The citizen's screens of a totem, the same in both builds.
#[component(transparent)]
fn TotemRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/totem/:cpi") view=pages::totem::TotemLayout>
            <Route path=path!("") view=pages::totem::TotemHome />
            <Route path=path!("servizi/:area") view=pages::totem::AreaPage />
            <Route path=path!("servizio/:code") view=pages::totem::ServicePage />
            <Route path=path!("attiva") view=pages::totem::EnrollPage />
            <Route path=path!("disponibilita") view=pages::totem::DeclarationPage />
            <Route path=path!("certificati") view=pages::certificates::CertificatesPage />
            <Route path=path!("offerte") view=pages::vacancies::VacanciesPage />
            <Route path=path!("offerte/:id") view=pages::vacancies::VacancyPage />
            <Route path=path!("numero") view=pages::queue::TicketPage />
            <Route path=path!("valuta") view=pages::queue::SurveyPage />
        </ParentRoute>
    }
    .into_inner()
}

/// A link of a partial build (kiosk, phone) to a screen it does not have (the list of CPIs)
/// loads that page from the relay, which serves the build that has it; an unknown address of
/// the build's own (`own`) stays "not found" (loading it again would load this build again).
fn elsewhere(own: fn(&str) -> bool) -> AnyView {
    let path = use_location().pathname.get_untracked();
    if own(&path) {
        pages::NotFound().into_any()
    } else {
        io::browser::go_to(&path);
        ().into_any()
    }
}
