//! Browser journeys in real headless Chromium against the real built client.

mod account;
mod budget;
mod directory;
mod duty;
mod login;
mod nominations;
mod notifications;
mod offline;
mod photos;
mod setup;
mod submissions;
