//! Group commit: one task flushes sled for every writer waiting at that moment.

use tokio::sync::{mpsc, oneshot};

use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};

use super::StoreError;

type Waiter = oneshot::Sender<Result<(), String>>;

/// How long a flush waits for more writers after the first.
const GATHER: std::time::Duration = std::time::Duration::from_millis(1);

#[derive(Clone)]
pub(super) struct Flusher {
    tx: mpsc::UnboundedSender<Waiter>,
    /// Writers per flush and seconds per flush, for `/metrics`.
    pub(super) batch: Histogram,
    pub(super) took: Histogram,
}

impl Flusher {
    pub(super) fn spawn(db: sled::Db) -> Flusher {
        let (tx, mut rx) = mpsc::unbounded_channel::<Waiter>();
        let batch = Histogram::new(exponential_buckets(1.0, 2.0, 10));
        let took = Histogram::new(exponential_buckets(0.0001, 2.0, 16));
        let (batch_seen, took_seen) = (batch.clone(), took.clone());
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                // Let the writers of the next moment join this flush: every
                // sled flush seals and writes its log buffer, so under load
                // fewer, fuller flushes carry more writes (the deadline spike
                // of `make bench` is faster with a lower p99) for one
                // millisecond more at idle.
                tokio::time::sleep(GATHER).await;
                // Everyone already waiting shares this flush: their commits
                // happened before they queued, so one flush covers them all.
                let mut waiters = vec![first];
                while let Ok(w) = rx.try_recv() {
                    waiters.push(w);
                }
                let db = db.clone();
                let started = std::time::Instant::now();
                let flushed = tokio::task::spawn_blocking(move || db.flush()).await;
                took_seen.observe(started.elapsed().as_secs_f64());
                batch_seen.observe(waiters.len() as f64);
                let result = match flushed {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                for w in waiters {
                    let _ = w.send(result.clone());
                }
            }
        });
        Flusher { tx, batch, took }
    }

    pub(super) async fn flush(&self) -> Result<(), StoreError> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .send(tx)
            .map_err(|_| StoreError::Flush("group-commit task stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Flush("group-commit task dropped a waiter".into()))?
            .map_err(StoreError::Flush)
    }
}
