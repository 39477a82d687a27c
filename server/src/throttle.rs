//! Password attempt accounting: an attempt is *reserved* before its hash
//! and *settled* after it, under one lock, so that guesses sent at the same
//! moment cannot pass the limits that guesses sent one by one meet.
//!
//! - **An account** has at most `lock_after_failures` attempts counted or in
//!   flight; reaching that many failures locks it for `lock_secs`. The lock
//!   is re-read when an attempt settles: a right password that was being
//!   checked when the lock fell is refused too. The counts live in the
//!   store (`login_failures`), for known and unknown names alike, so both
//!   answer the same; the sweep forgets them once their window is over.
//! - **A client address** past `ip_failure_limit` failures in
//!   `ip_window_secs` is refused *before* any hashing until that window
//!   ends. The limit is meant for a campus behind one NAT address
//!   (`Config::ip_failure_limit` says how it was chosen). Attempts in
//!   flight do not use it up — most of a campus's are right passwords —
//!   but no more than that many are checked at once from one address, so
//!   a burst of guesses passes the limit by at most the limit again.
//!
//! `POST /session` and the current-password check of `POST /me/password`
//! both go through [`Throttle::reserve`] (docs/SECURITY.md).

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Mutex, MutexGuard},
};

use crate::{config::Config, error::ApiError, store::Store};

/// The wrong-credentials answer, the same for unknown and known names.
pub const BAD_CREDENTIALS: &str = "用户名或密码错误";

#[derive(Default)]
pub struct Throttle {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Attempts being hashed, per lower-case username.
    in_flight: HashMap<String, u32>,
    ips: HashMap<IpAddr, IpWindow>,
}

#[derive(Clone, Copy)]
struct IpWindow {
    failures: u32,
    in_flight: u32,
    start: i64,
}

/// One reserved attempt; settle it with [`Attempt::failed`] or
/// [`Attempt::succeeded`]. Dropped unsettled (the hash timed out), it
/// frees its place without counting.
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    username: String,
    ip: IpAddr,
    settled: bool,
}

/// "Locked for n more minutes".
pub fn locked(until: i64, now: i64) -> ApiError {
    let minutes = ((until - now) + 59) / 60;
    ApiError::TooManyRequests {
        message: format!("登录失败次数过多，账号已暂时锁定，请{minutes}分钟后再试"),
        retry_after: until - now,
    }
}

fn network_limited(until: i64, now: i64) -> ApiError {
    let minutes = ((until - now) + 59) / 60;
    ApiError::TooManyRequests {
        message: format!("此网络的登录失败次数过多，请{minutes}分钟后再试"),
        retry_after: until - now,
    }
}

/// More attempts from one address are being checked than its failure
/// limit: try again in a moment.
fn network_busy() -> ApiError {
    ApiError::TooManyRequests {
        message: "此网络正在登录的人较多，请稍后再试".into(),
        retry_after: 5,
    }
}

impl Throttle {
    fn lock(&self) -> Result<MutexGuard<'_, Inner>, ApiError> {
        self.inner
            .lock()
            .map_err(|_| ApiError::Internal("login throttle poisoned".into()))
    }

    /// Reserves one attempt for `username` from `ip`, or says why not:
    /// the address is cooling off, the account is locked, or the attempts
    /// already counted and in flight reach the account's limit.
    pub fn reserve<'a>(
        &'a self,
        store: &Store,
        c: &Config,
        username: &str,
        ip: IpAddr,
        now: i64,
    ) -> Result<Attempt<'a>, ApiError> {
        let mut inner = self.lock()?;
        let w = *ip_window(&mut inner, c, ip, now);
        if w.failures >= c.ip_failure_limit {
            return Err(network_limited(w.start + c.ip_window_secs, now));
        }
        if w.in_flight >= c.ip_failure_limit {
            return Err(network_busy());
        }
        let f = store.failures(username)?;
        if let Some(until) = f.locked_until.filter(|u| *u > now) {
            return Err(locked(until, now));
        }
        let counted = if now - f.first_at > c.lock_secs {
            0
        } else {
            f.count
        };
        let flying = inner.in_flight.get(username).copied().unwrap_or(0);
        if counted + flying >= c.lock_after_failures {
            return Err(ApiError::TooManyRequests {
                message: "此账号正在尝试登录，请稍后再试".into(),
                retry_after: 5,
            });
        }
        *inner.in_flight.entry(username.to_owned()).or_default() += 1;
        ip_window(&mut inner, c, ip, now).in_flight += 1;
        Ok(Attempt {
            throttle: self,
            username: username.to_owned(),
            ip,
            settled: false,
        })
    }

    /// A login refused before any hashing (a name no account can have):
    /// counted against the address only, nothing stored.
    pub fn refuse_unhashed(&self, c: &Config, ip: IpAddr, now: i64) -> Result<ApiError, ApiError> {
        let mut inner = self.lock()?;
        let w = ip_window(&mut inner, c, ip, now);
        if w.failures >= c.ip_failure_limit {
            return Ok(network_limited(w.start + c.ip_window_secs, now));
        }
        w.failures += 1;
        Ok(ApiError::Unauthorized(BAD_CREDENTIALS))
    }

    /// Forgets address windows that are over (the sweep).
    pub fn forget_before(&self, c: &Config, now: i64) {
        if let Ok(mut inner) = self.inner.lock() {
            inner
                .ips
                .retain(|_, w| w.in_flight > 0 || now - w.start <= c.ip_window_secs);
        }
    }
}

/// The address's current window, started anew once the last one is over.
fn ip_window<'i>(inner: &'i mut Inner, c: &Config, ip: IpAddr, now: i64) -> &'i mut IpWindow {
    let w = inner.ips.entry(ip).or_insert(IpWindow {
        failures: 0,
        in_flight: 0,
        start: now,
    });
    if now - w.start > c.ip_window_secs {
        w.failures = 0;
        w.start = now;
    }
    w
}

/// Frees one in-flight place of `username` and `ip`.
fn release(inner: &mut Inner, username: &str, ip: IpAddr) {
    if let Some(n) = inner.in_flight.get_mut(username) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            inner.in_flight.remove(username);
        }
    }
    if let Some(w) = inner.ips.get_mut(&ip) {
        w.in_flight = w.in_flight.saturating_sub(1);
    }
}

impl<'a> Attempt<'a> {
    /// Settles the attempt under the lock, which it returns.
    fn settle(&mut self) -> Result<MutexGuard<'a, Inner>, ApiError> {
        let throttle: &'a Throttle = self.throttle;
        let mut inner = throttle.lock()?;
        self.settled = true;
        release(&mut inner, &self.username, self.ip);
        Ok(inner)
    }

    /// The password was wrong: counts the failure for the account and the
    /// address and says what to answer (locked now, or `wrong`).
    pub fn failed(
        mut self,
        store: &Store,
        c: &Config,
        now: i64,
        wrong: ApiError,
    ) -> Result<ApiError, ApiError> {
        let mut inner = self.settle()?;
        let mut f = store.failures(&self.username)?;
        if now - f.first_at > c.lock_secs {
            f.count = 0;
            f.first_at = now;
            f.locked_until = None;
        }
        f.count += 1;
        if f.count >= c.lock_after_failures && f.locked_until.is_none_or(|u| u <= now) {
            f.locked_until = Some(now + c.lock_secs);
        }
        store.put_failures(&self.username, &f)?;
        ip_window(&mut inner, c, self.ip, now).failures += 1;
        // An address that has used up its limit hears so at its next try.
        Ok(match f.locked_until.filter(|u| *u > now) {
            Some(until) => locked(until, now),
            None => wrong,
        })
    }

    /// The password was right: unless the account was locked while it was
    /// being checked, its failures are forgotten and the caller may go on.
    pub fn succeeded(mut self, store: &Store, now: i64) -> Result<(), ApiError> {
        let _inner = self.settle()?;
        let f = store.failures(&self.username)?;
        if let Some(until) = f.locked_until.filter(|u| *u > now) {
            return Err(locked(until, now));
        }
        store.clear_failures(&self.username)?;
        Ok(())
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.settled
            && let Ok(mut inner) = self.throttle.inner.lock()
        {
            release(&mut inner, &self.username, self.ip);
        }
    }
}
