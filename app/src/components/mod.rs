//! Pieces shared by pages.

pub mod bell;
pub mod class_choice;
pub mod conflict;
pub mod form;
pub mod history;
#[cfg(any(feature = "counselor", feature = "admin"))]
pub mod reset;
pub mod shell;
