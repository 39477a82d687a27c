//! Group commit: one task flushes sled for every writer waiting at that moment.

use tokio::sync::{mpsc, oneshot};

use super::StoreError;

type Waiter = oneshot::Sender<Result<(), String>>;

#[derive(Clone)]
pub(super) struct Flusher {
    tx: mpsc::UnboundedSender<Waiter>,
}

impl Flusher {
    pub(super) fn spawn(db: sled::Db) -> Flusher {
        let (tx, mut rx) = mpsc::unbounded_channel::<Waiter>();
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                // Everyone already waiting shares this flush: their commits
                // happened before they queued, so one flush covers them all.
                let mut waiters = vec![first];
                while let Ok(w) = rx.try_recv() {
                    waiters.push(w);
                }
                let db = db.clone();
                let result = match tokio::task::spawn_blocking(move || db.flush()).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                for w in waiters {
                    let _ = w.send(result.clone());
                }
            }
        });
        Flusher { tx }
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
