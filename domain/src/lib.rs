//! Shared types and rules of 校友联络员.
//!
//! Everything here compiles for both the server (native) and the browser client
//! (wasm32) and does no IO, so a rule written once is applied identically on
//! both sides: the client for instant feedback, the server as the authority.

pub mod api;
pub mod campus;
pub mod copies;
pub mod directory;
pub mod duty;
pub mod nomination;
pub mod notify;
pub mod org;
pub mod pages;
pub mod photos;
pub mod robots;
pub mod role;
pub mod roster;
pub mod scope;
pub mod standin;
pub mod submission;
pub mod sync;
pub mod validate;
pub mod workflow;

pub use role::Role;

#[cfg(test)]
mod fuzz;
