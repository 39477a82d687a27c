//! One module per page.

pub mod account;
pub mod campaigns;
pub mod home;
pub mod login;
pub mod nominations;
pub mod not_found;
pub mod placeholder;
pub mod print;
pub mod review;
pub mod setup;
