//! Pieces shared by pages.

pub mod class_choice;
pub mod conflict;
pub mod form;
pub mod history;
pub mod shell;
