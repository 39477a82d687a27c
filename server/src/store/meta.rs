//! Ids that grow across restores, and the `meta` tree's settings.

use super::*;

impl Store {
    pub(crate) fn next_id(&self) -> Result<u64, StoreError> {
        Ok(self.id_base() + self.db.generate_id()?)
    }

    /// What [`Store::next_id`] adds to sled's counter (also for ids taken
    /// inside a transaction).
    pub(crate) fn id_base(&self) -> u64 {
        self.id_base.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// After a restore into a new data folder, whose counter starts at
    /// zero: ids continue past the restored ones. The audit log's largest
    /// id is the newest of nearly every write (a pass over its keys, once
    /// per restore); the margin of 2³² covers the ids taken after it (a
    /// write's notices, reminders), many times over, and costs little of
    /// the 2⁶⁴.
    pub(crate) fn continue_ids(&self) -> Result<(), StoreError> {
        let mut last = 0;
        for k in self.audit.iter().keys() {
            last = last.max(audit::key_id(&k?));
        }
        // A backup of a restored store brings the base it ran with.
        let restored = self.meta_get::<u64>("id_base")?.unwrap_or(0);
        let base = last.max(restored).saturating_add(1 << 32);
        self.meta_put("id_base", &base)?;
        self.id_base
            .store(base, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// A number larger than every one handed out before (orders entries).
    pub fn next_seq(&self) -> Result<u64, StoreError> {
        self.next_id()
    }

    pub fn meta_get<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        codec::get(&self.meta, key)
    }

    pub fn meta_put<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        self.meta.insert(key, codec::encode(value)?)?;
        Ok(())
    }
}
