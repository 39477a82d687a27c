//! What the `liaison-server` command seeds besides serving: the demo
//! university a newcomer's `make run` shows (`demo`, with every role's work
//! under way) and the university of `make bench` (`scale`). Kept out of the
//! serving library: the server knows neither.

pub mod demo;
pub mod scale;

#[cfg(test)]
mod reminders_check;
#[cfg(test)]
mod views_check;
