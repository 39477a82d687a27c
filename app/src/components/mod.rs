//! Pieces shared by pages.

pub mod form;
pub mod history;
pub mod shell;
