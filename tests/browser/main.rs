//! Browser journeys in real headless Chromium against the real built client.

mod a11y;
mod account;
mod budget;
mod campus;
mod classmates;
mod copies;
mod directory;
mod duty;
mod login;
mod nav;
mod nominations;
mod notifications;
mod offline;
mod photos;
mod robots;
mod setup;
mod shared;
mod signatures;
mod standins;
mod submissions;
