//! `GET /metrics` in the Prometheus text format (through `prometheus-client`):
//! API requests by route, method and status with their latency; the group
//! commit's batch sizes and flush times; the store's size on disk, live
//! sessions and the mail queue. Answered only to this machine or to the
//! trusted proxies' own addresses (a client forwarded by them is refused),
//! so a monitoring agent on the server reads it and the internet does not.
//! This module keeps the counters; `routes::observe` counts requests and
//! answers the page.

use std::time::Duration;

use prometheus_client::{
    encoding::text::encode,
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

type Labels = Vec<(&'static str, String)>;

/// Latency buckets: 0.5 ms … 4 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 14))
}

/// What `/metrics` reports; shared by every request (cheap to update).
pub struct Metrics {
    registry: Registry,
    requests: Family<Labels, Counter>,
    latency: Family<Labels, Histogram>,
    store_bytes: Gauge,
    sessions: Gauge,
    outbox: Gauge,
    backup_copies: Family<Labels, Counter>,
}

impl Metrics {
    pub fn new(store: &crate::store::Store) -> Metrics {
        let mut registry = Registry::with_prefix("liaison");
        let requests = Family::<Labels, Counter>::default();
        let latency = Family::<Labels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let (store_bytes, sessions, outbox) =
            (Gauge::default(), Gauge::default(), Gauge::default());
        registry.register(
            "http_requests",
            "API requests by route template, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_seconds",
            "API request latency by route template",
            latency.clone(),
        );
        let (batch, flush) = store.commit_metrics();
        registry.register(
            "commit_batch_writers",
            "Writers made durable by one group-commit flush",
            batch,
        );
        registry.register(
            "commit_flush_seconds",
            "Time of one group-commit flush",
            flush,
        );
        registry.register(
            "store_bytes",
            "Size of the sled store on disk",
            store_bytes.clone(),
        );
        registry.register(
            "sessions",
            "Sessions in the store (signed in, not yet swept)",
            sessions.clone(),
        );
        registry.register(
            "mail_outbox",
            "Notices waiting to be mailed",
            outbox.clone(),
        );
        let backup_copies = Family::<Labels, Counter>::default();
        registry.register(
            "backup_copies",
            "Backups copied off the machine by LIAISON_BACKUP_COPY, by outcome (ok, failed)",
            backup_copies.clone(),
        );
        Metrics {
            backup_copies,
            registry,
            requests,
            latency,
            store_bytes,
            sessions,
            outbox,
        }
    }

    pub fn observe(&self, route: String, method: String, status: u16, took: Duration) {
        self.requests
            .get_or_create(&vec![
                ("route", route.clone()),
                ("method", method),
                ("status", status.to_string()),
            ])
            .inc();
        self.latency
            .get_or_create(&vec![("route", route)])
            .observe(took.as_secs_f64());
    }

    /// Counts one copy of a backup off the machine.
    pub fn backup_copied(&self, ok: bool) {
        let outcome = if ok { "ok" } else { "failed" };
        self.backup_copies
            .get_or_create(&vec![("outcome", outcome.to_owned())])
            .inc();
    }

    pub fn render(&self, store: &crate::store::Store) -> Result<String, std::fmt::Error> {
        let (bytes, sessions, outbox) = store.gauges();
        self.store_bytes.set(bytes as i64);
        self.sessions.set(sessions as i64);
        self.outbox.set(outbox as i64);
        let mut out = String::new();
        encode(&mut out, &self.registry)?;
        Ok(out)
    }
}
