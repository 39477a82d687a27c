//! Black-box API tests: a real server over real HTTP, a temporary store each.

mod backups;
mod campus;
mod classmates;
mod directory;
mod duty;
mod exports;
mod liaisons;
mod load;
mod mail;
mod me;
mod nominations;
mod notifications;
mod oidc;
mod ops;
mod org;
mod origin;
mod photos;
mod rosters;
mod scale;
mod scope;
mod seals;
mod session;
mod submissions;
mod throttle;
mod uploads;
mod web;
