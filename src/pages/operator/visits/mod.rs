//! The visiting officer's screens: the visit plan the tablet keeps offline, and the
//! convenzione di servizio signed on the screen at the company.

mod convenzione;
mod plan;

pub use convenzione::ConvenzionePage;
pub use plan::VisitPlanPage;
