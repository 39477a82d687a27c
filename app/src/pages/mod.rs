//! One module per page.

pub mod account;
#[cfg(any(feature = "approver", feature = "admin"))]
pub mod campaigns;
pub mod gated;
pub mod home;
pub mod login;
#[cfg(not(feature = "admin"))]
pub mod nominations;
pub mod not_found;
pub mod placeholder;
#[cfg(feature = "approver")]
pub mod print;
#[cfg(feature = "approver")]
pub mod review;
#[cfg(feature = "admin")]
pub mod setup;
