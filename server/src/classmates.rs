//! Classmates visiting their class's link (SPEC §14): who identified in
//! this browser (a visit, kept in memory two hours, its id in a cookie sent
//! only to `/api/v1/classmate`), and the limits on guesses and submissions
//! per link, per classmate and per client address. A restart forgets the
//! visits: a classmate then types their name and 学号 again.
//!
//! The limits are windows counted under one lock, so that requests sent at
//! the same moment meet them as requests sent one by one do.

use std::{collections::HashMap, net::IpAddr, sync::Mutex};

use crate::error::ApiError;

/// How long an identified visit lasts, in seconds.
pub const VISIT_SECS: i64 = 2 * 3600;
/// Visits kept at once; past it, the oldest are forgotten first.
const MAX_VISITS: usize = 50_000;
/// Windows kept at once; past it, the ended ones are forgotten.
const MAX_WINDOWS: usize = 200_000;

/// The visit cookie.
pub const VISIT_COOKIE: &str = "liaison_classmate";

/// A classmate who identified through a link.
#[derive(Debug, Clone)]
pub struct Visit {
    /// The SHA-256 of the link's token: the visit ends with the link.
    pub token_hash: String,
    pub class_id: String,
    pub year: u16,
    /// The roster account the name and 学号 matched.
    pub student_id: String,
    pub began: i64,
}

/// What is limited, and how much in how long.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// Name and 学号 that match nobody, from one address: 10 in 15 minutes.
    WrongFromAddress,
    /// … through one link (a class's guesses from many addresses): 60 an hour.
    WrongThroughLink,
    /// Submissions from one address (a mobile network shares addresses
    /// among many phones): 120 an hour.
    SubmitFromAddress,
    /// Rule checks while typing, from one address: 1,200 an hour.
    CheckFromAddress,
}

impl Limit {
    fn rule(self) -> (u32, i64) {
        match self {
            Limit::WrongFromAddress => (10, 15 * 60),
            Limit::WrongThroughLink => (60, 3600),
            Limit::SubmitFromAddress => (120, 3600),
            Limit::CheckFromAddress => (1200, 3600),
        }
    }

    fn refusal(self, retry_after: i64) -> ApiError {
        let minutes = (retry_after + 59) / 60;
        let message = match self {
            Limit::WrongFromAddress => {
                format!("核对未通过的次数过多，请{minutes}分钟后再试")
            }
            Limit::WrongThroughLink => {
                format!("这个链接核对未通过的次数过多，请{minutes}分钟后再试，或请联络员更换链接")
            }
            Limit::SubmitFromAddress | Limit::CheckFromAddress => {
                format!("此网络提交得过于频繁，请{minutes}分钟后再试")
            }
        };
        ApiError::TooManyRequests {
            message,
            retry_after,
        }
    }
}

#[derive(Default)]
pub struct Classmates {
    visits: Mutex<HashMap<String, Visit>>,
    /// Per limit and key: when the window ends, and what it counted.
    windows: Mutex<HashMap<(u8, String), (i64, u32)>>,
}

impl Classmates {
    pub fn begin(&self, visit: Visit) -> Result<String, ApiError> {
        let id = crate::auth::random_token()?;
        let mut visits = self.visits.lock().unwrap_or_else(|e| e.into_inner());
        if visits.len() >= MAX_VISITS {
            let now = visit.began;
            visits.retain(|_, v| now - v.began < VISIT_SECS);
            if visits.len() >= MAX_VISITS
                && let Some(oldest) = visits
                    .iter()
                    .min_by_key(|(_, v)| v.began)
                    .map(|(k, _)| k.clone())
            {
                visits.remove(&oldest);
            }
        }
        visits.insert(id.clone(), visit);
        Ok(id)
    }

    /// The visit of this id, if it has not ended.
    pub fn visit(&self, id: &str, now: i64) -> Option<Visit> {
        let visits = self.visits.lock().unwrap_or_else(|e| e.into_inner());
        visits
            .get(id)
            .filter(|v| now - v.began < VISIT_SECS)
            .cloned()
    }

    /// Gives back one counted by [`Classmates::count`] (an attempt that
    /// turned out right): counting first and giving back after means that
    /// attempts sent at the same moment cannot pass the limit together.
    pub fn uncount(&self, limit: Limit, key: &str) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = windows.get_mut(&(limit as u8, key.to_owned())) {
            w.1 = w.1.saturating_sub(1);
        }
    }

    /// Counts one under `limit` for `key`; refuses (without counting) when
    /// its window is used up.
    pub fn count(&self, limit: Limit, key: &str, now: i64) -> Result<(), ApiError> {
        let (max, secs) = limit.rule();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= MAX_WINDOWS {
            windows.retain(|_, (until, _)| now < *until);
        }
        let w = windows
            .entry((limit as u8, key.to_owned()))
            .or_insert((now + secs, 0));
        if now >= w.0 {
            *w = (now + secs, 0);
        }
        if w.1 >= max {
            return Err(limit.refusal(w.0 - now));
        }
        w.1 += 1;
        Ok(())
    }
}

/// The key of an address's windows.
pub fn address(ip: IpAddr) -> String {
    ip.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_refuses_past_its_limit_gives_back_and_opens_again_after() {
        let c = Classmates::default();
        for _ in 0..10 {
            assert!(c.count(Limit::WrongFromAddress, "1.2.3.4", 100).is_ok());
        }
        assert!(c.count(Limit::WrongFromAddress, "1.2.3.4", 200).is_err());
        c.uncount(Limit::WrongFromAddress, "1.2.3.4");
        assert!(c.count(Limit::WrongFromAddress, "1.2.3.4", 200).is_ok());
        assert!(c.count(Limit::WrongFromAddress, "1.2.3.4", 200).is_err());
        assert!(c.count(Limit::WrongFromAddress, "5.6.7.8", 200).is_ok());
        assert!(
            c.count(Limit::WrongFromAddress, "1.2.3.4", 100 + 15 * 60)
                .is_ok()
        );
    }
}
