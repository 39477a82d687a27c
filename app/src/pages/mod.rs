//! One module per page.

pub mod account;
#[cfg(feature = "staff")]
pub mod campaigns;
pub mod home;
pub mod login;
pub mod nominations;
pub mod not_found;
pub mod placeholder;
#[cfg(feature = "staff")]
pub mod print;
#[cfg(feature = "staff")]
pub mod review;
#[cfg(feature = "staff")]
pub mod setup;
