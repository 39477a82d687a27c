//! Opening a store: its trees, the group-commit task, and the upgrade of an
//! older schema.

use super::*;

impl Store {
    /// Opens (or creates) the store in `path`. Needs a Tokio runtime, which
    /// runs the group-commit task.
    pub fn open(path: &std::path::Path) -> Result<Store, StoreError> {
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .open()?;
        Store::from_db(db)
    }

    /// A store that lives in a temporary folder and vanishes when dropped.
    pub fn temporary() -> Result<Store, StoreError> {
        Store::from_db(sled::Config::new().temporary(true).open()?)
    }

    fn from_db(db: sled::Db) -> Result<Store, StoreError> {
        let hub = std::sync::Arc::new(tree::Hub::default());
        let store = Store(std::sync::Arc::new(Trees {
            users: Tree::open(&db, "users", &hub)?,
            usernames: Tree::open(&db, "usernames", &hub)?,
            sessions: Tree::open(&db, "sessions", &hub)?,
            failures: Tree::open(&db, "login_failures", &hub)?,
            colleges: Tree::open(&db, "colleges", &hub)?,
            classes: Tree::open(&db, "classes", &hub)?,
            campaigns: Tree::open(&db, "campaigns", &hub)?,
            idem: Tree::open(&db, "idempotency", &hub)?,
            onetime: Tree::open(&db, "onetime", &hub)?,
            seals: Tree::open(&db, "seals", &hub)?,
            nominations: Tree::open(&db, "nominations", &hub)?,
            active: Tree::open(&db, "active_nominations", &hub)?,
            appointments: Tree::open(&db, "appointments", &hub)?,
            liaisons: Tree::open(&db, "liaisons", &hub)?,
            directory: Tree::open(&db, "directory", &hub)?,
            directory_seeded: Tree::open(&db, "directory_seeded", &hub)?,
            directory_history: Tree::open(&db, "directory_history", &hub)?,
            photos: Tree::open(&db, "photos", &hub)?,
            photo_files: Tree::open(&db, "photo_files", &hub)?,
            submissions: Tree::open(&db, "submissions", &hub)?,
            submission_snapshots: Tree::open(&db, "submission_snapshots", &hub)?,
            submission_files: Tree::open(&db, "submission_files", &hub)?,
            notifications: Tree::open(&db, "notifications", &hub)?,
            notification_unread: Tree::open(&db, "notification_unread", &hub)?,
            reminders: Tree::open(&db, "reminders", &hub)?,
            mail_outbox: Tree::open(&db, "mail_outbox", &hub)?,
            duty_log: Tree::open(&db, "duty_log", &hub)?,
            duty_photos: Tree::open(&db, "duty_photos", &hub)?,
            feedback_open: Tree::open(&db, "feedback_open", &hub)?,
            class_links: Tree::open(&db, "class_links", &hub)?,
            classmate_updates: Tree::open(&db, "classmate_updates", &hub)?,
            standins: Tree::open(&db, "standins", &hub)?,
            copies: Tree::open(&db, "copies", &hub)?,
            robots: Tree::open(&db, "robots", &hub)?,
            signatures: Tree::open(&db, "signatures", &hub)?,
            mail_on: std::sync::atomic::AtomicBool::new(false),
            audit: Tree::open(&db, "audit", &hub)?,
            meta: Tree::open(&db, "meta", &hub)?,
            class_members: Tree::open(&db, "class_members", &hub)?,
            role_users: Tree::open(&db, "role_users", &hub)?,
            counselor_classes: Tree::open(&db, "counselor_classes", &hub)?,
            college_classes: Tree::open(&db, "college_classes", &hub)?,
            nomination_scope: Tree::open(&db, "nomination_scope", &hub)?,
            nomination_counts: Tree::open(&db, "nomination_counts", &hub)?,
            class_liaisons: Tree::open(&db, "class_liaisons", &hub)?,
            student_liaisons: Tree::open(&db, "student_liaisons", &hub)?,
            directory_counts: Tree::open(&db, "directory_counts", &hub)?,
            directory_ids: Tree::open(&db, "directory_ids", &hub)?,
            jobs: Tree::open(&db, "jobs", &hub)?,
            import_undo: Tree::open(&db, "import_undo", &hub)?,
            gate: std::sync::RwLock::new(()),
            id_base: std::sync::atomic::AtomicU64::new(0),
            flusher: super::flusher::Flusher::spawn(db.clone()),
            hub,
            db,
        }));
        if let Some(base) = store.meta_get::<u64>("id_base")? {
            store
                .id_base
                .store(base, std::sync::atomic::Ordering::Relaxed);
        }
        match store.meta_get::<u32>("schema_version")? {
            None => store.meta_put("schema_version", &SCHEMA_VERSION)?,
            Some(SCHEMA_VERSION) => {}
            Some(v @ 1..SCHEMA_VERSION) => {
                store.upgrade_from(v, true)?;
                store.flush_now()?;
            }
            Some(v) => {
                return Err(StoreError::Invalid(format!(
                    "data folder has schema version {v}, this build knows {SCHEMA_VERSION}"
                )));
            }
        }
        Ok(store)
    }

    /// Brings primary trees written by schema `from` up to date and builds
    /// every index — unless `have_indexes` and they are of this build's
    /// layout (a restore has none: a backup holds primary trees only).
    /// 1 → 2: nominations learn their student's number; 2 → 3: class
    /// members carry name and gender; 3 → 4: nominations also listed by
    /// state; 4 → 5: a scope's counters in one value, the list row's head
    /// in the scope keys' values (index changes only); 5 → 6: audit entries
    /// keyed by time, then id; 6 → 7: directory history keyed by class, and
    /// each entry id's class indexed.
    pub(crate) fn upgrade_from(&self, from: u32, have_indexes: bool) -> Result<(), StoreError> {
        if from == 1 {
            self.upgrade_from_v1()?;
        }
        let t = std::time::Instant::now();
        if from < 6 {
            self.upgrade_audit_keys()?;
            tracing::info!(
                seconds = t.elapsed().as_secs_f64(),
                "audit log keyed by time"
            );
        }
        if from < 7 {
            self.upgrade_history_keys()?;
        }
        if !have_indexes || from < INDEXES_SINCE {
            let t = std::time::Instant::now();
            self.rebuild_indexes()?;
            tracing::info!(seconds = t.elapsed().as_secs_f64(), from, "indexes rebuilt");
        }
        self.meta_put("schema_version", &SCHEMA_VERSION)
    }

    fn upgrade_from_v1(&self) -> Result<(), StoreError> {
        for item in self.nominations.iter() {
            let (k, v) = item?;
            let mut n: NominationRecord = codec::decode(&v)?;
            if n.student_no.is_empty()
                && let Some(u) = self.user(&n.student_id)?
            {
                n.student_no = u.username;
                self.nominations.insert(k, codec::encode(&n)?)?;
            }
        }
        Ok(())
    }
}
