//! The state every handler shares.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
};

use crate::{clock::Clock, config::Config, store::Store};

/// Undownloaded one-time passwords are forgotten after this long.
pub const ONETIME_KEEP_SECS: i64 = 7 * 24 * 3600;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// Failed logins per client IP: (count, window start).
    pub ip_failures: Arc<Mutex<HashMap<IpAddr, (u32, i64)>>>,
    /// A real hash to verify against for unknown users, so that their answer
    /// takes as long as a wrong password's.
    pub dummy_hash: Arc<String>,
}

impl AppState {
    pub fn new(store: Store, config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
        let dummy_hash = crate::auth::hash_password("no-such-user-placeholder")?;
        Ok(AppState {
            store,
            config: Arc::new(config),
            clock,
            ip_failures: Arc::default(),
            dummy_hash: Arc::new(dummy_hash),
        })
    }

    /// Forgets what has expired: ended sessions and per-IP failure windows
    /// that are over. Returns the number of sessions removed.
    pub fn sweep(&self) -> Result<usize, crate::store::StoreError> {
        let now = self.clock.now();
        let c = &self.config;
        let removed = self
            .store
            .purge_sessions(now - c.session_idle_secs, now - c.session_absolute_secs)?;
        self.store.purge_onetime(now - ONETIME_KEEP_SECS)?;
        if let Ok(mut map) = self.ip_failures.lock() {
            map.retain(|_, (_, start)| now - *start <= c.ip_window_secs);
        }
        Ok(removed)
    }
}
