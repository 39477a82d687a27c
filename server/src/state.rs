//! The state every handler shares.

use std::sync::Arc;

use crate::{clock::Clock, config::Config, error::ApiError, store::Store};

/// How long an upload waits for a parser before it is told to come back.
const PARSE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long a login waits for a password hasher before it is told to come
/// back (two cores verify about 100 passwords a second).
const HASH_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Undownloaded one-time passwords are forgotten after this long.
pub const ONETIME_KEEP_SECS: i64 = 7 * 24 * 3600;

/// How long the answer to an `Idempotency-Key` is remembered.
pub const IDEM_KEEP_SECS: i64 = 7 * 24 * 3600;

/// What every handler shares, behind one reference count: axum clones the
/// state for every request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub store: Store,
    /// What pages read most, kept in memory and forgotten by the store's
    /// report of each write.
    pub views: crate::views::Views,
    pub config: Config,
    pub clock: Arc<dyn Clock>,
    /// Password attempts reserved and counted, per account and address.
    pub throttle: crate::throttle::Throttle,
    /// A real hash to verify against for unknown users, so that their answer
    /// takes as long as a wrong password's.
    pub dummy_hash: String,
    /// Permits to parse uploaded files: fewer than the cores, so that
    /// logins and page loads always find one free.
    pub parsers: Arc<tokio::sync::Semaphore>,
    /// Roster imports run one at a time (each already uses every core).
    pub imports: Arc<tokio::sync::Semaphore>,
    /// Permits to run Argon2 (19 MiB each): one per core. Unbounded, a
    /// crowd of logins at once took the server's memory past its budget.
    pub hashers: Arc<tokio::sync::Semaphore>,
    /// Seals one-time passwords while they wait for their download.
    pub onetime_key: crate::secret::SealKey,
    /// The operator's token (`Config::ops_key`); none: `/ops/…` answers 404.
    pub ops_token: Option<String>,
    pub metrics: crate::metrics::Metrics,
    /// Campus sign-ins under way and the client that calls providers.
    pub campus: crate::campus::Campus,
    pub classmates: crate::classmates::Classmates,
    /// Posts to work-chat robots (no redirects, 10 s a try).
    pub robot_client: reqwest::Client,
}

impl AppState {
    pub fn new(store: Store, config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
        let dummy_hash = crate::password::hash_password("no-such-user-placeholder")?;
        store.settle_jobs(clock.now())?;
        let onetime_key = match &config.onetime_key {
            Some(path) => crate::secret::SealKey::load_or_create(path)?,
            None => crate::secret::SealKey::ephemeral(),
        };
        let ops_token = match &config.ops_key {
            Some(path) => Some(crate::secret::ops_token(path)?),
            None => None,
        };
        let config_timeout = config.campus_timeout;
        Ok(AppState(Arc::new(Shared {
            metrics: crate::metrics::Metrics::new(&store),
            ops_token,
            views: crate::views::Views::over(&store),
            store,
            config,
            clock,
            throttle: crate::throttle::Throttle::default(),
            dummy_hash,
            parsers: Arc::new(tokio::sync::Semaphore::new(parser_permits())),
            imports: Arc::new(tokio::sync::Semaphore::new(1)),
            hashers: Arc::new(tokio::sync::Semaphore::new(cores())),
            onetime_key,
            campus: crate::campus::Campus::new(config_timeout),
            classmates: crate::classmates::Classmates::default(),
            robot_client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(10))
                .build()?,
        })))
    }

    /// Runs `work` (parsing an uploaded file) on the blocking pool, at most
    /// [`Shared::parsers`] at once; a caller that waits too long is asked
    /// to retry instead of piling up.
    pub async fn parse<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        bounded(
            &self.parsers,
            PARSE_WAIT,
            "服务器正在处理其他上传的文件，请稍后重试",
            work,
        )
        .await
    }

    /// Runs `work` (hashing or verifying a password) on the blocking pool,
    /// at most [`Shared::hashers`] at once: a crowd of logins queues
    /// instead of holding 19 MiB each.
    pub async fn hash<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        bounded(&self.hashers, HASH_WAIT, "登录的人较多，请稍后再试", work).await
    }

    /// Forgets what has expired: ended sessions, one-time passwords and
    /// idempotency answers past their time, and login failures (per
    /// account and per address) whose window is over. Returns the number
    /// of sessions removed.
    pub fn sweep(&self) -> Result<usize, crate::store::StoreError> {
        let now = self.clock.now();
        let c = &self.config;
        let removed = self
            .store
            .purge_sessions(now - c.session_idle_secs, now - c.session_absolute_secs)?;
        self.store.purge_onetime(now - ONETIME_KEEP_SECS)?;
        self.store.purge_idem(now - IDEM_KEEP_SECS)?;
        self.store.purge_failures(now, c.lock_secs)?;
        self.throttle.forget_before(c, now);
        Ok(removed)
    }
}

/// `work` on the blocking pool once one of `permits` is free; after `wait`
/// without one, 429 with `busy` (and "retry in 10 s").
async fn bounded<T: Send + 'static>(
    permits: &Arc<tokio::sync::Semaphore>,
    wait: std::time::Duration,
    busy: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let busy = || ApiError::TooManyRequests {
        message: busy.into(),
        retry_after: 10,
    };
    let permit = tokio::time::timeout(wait, permits.clone().acquire_owned())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let out = tokio::task::spawn_blocking(move || {
        let out = work();
        drop(permit);
        out
    })
    .await?;
    Ok(out)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// One parser fewer than the cores, and at least one.
fn parser_permits() -> usize {
    cores().saturating_sub(1).max(1)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_run_at_once_than_there_are_permits() -> Result<(), ApiError> {
        let permits = Arc::new(tokio::sync::Semaphore::new(2));
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let busy = "忙";
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let (permits, running, most) = (permits.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    bounded(&permits, Duration::from_secs(10), busy, move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(20));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for t in tasks {
            t.await??;
        }
        assert_eq!(most.load(Ordering::SeqCst), 2, "two at a time, never more");
        // With every permit taken, a caller waits its time and is told so.
        let _held = permits.clone().acquire_many_owned(2).await;
        let late = bounded(&permits, Duration::from_millis(50), busy, || ()).await;
        assert!(matches!(
            late,
            Err(ApiError::TooManyRequests { ref message, retry_after: 10 }) if message == "忙"
        ));
        Ok(())
    }
}
