//! Pieces shared by pages.

pub mod conflict;
pub mod form;
pub mod history;
pub mod shell;
