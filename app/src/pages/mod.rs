//! One module per page.

pub mod account;
pub mod campaigns;
pub mod home;
pub mod login;
pub mod not_found;
pub mod placeholder;
pub mod setup;
