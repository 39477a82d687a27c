//! Decoded values kept in memory in front of a tree that is read on almost
//! every page (a class's roster, the classes, a class's directory): a class
//! page then costs a map lookup instead of decoding forty values.
//!
//! Kept right by one rule: every write to a tree behind it is announced
//! after it is over, whether it committed or not — the whole tree
//! ([`Memo::changed`]) or one key ([`Memo::changed_key`]); the store tells
//! [`super::Views`], which knows what each memo reads. A reader
//! notes the generation before it reads the store and keeps what it built
//! only if no write to its key has been announced since, so a value built
//! from data older than a committed write is never kept.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

/// At most this many keys are remembered as written; past it the list
/// starts over (and what was being built meanwhile is not kept).
const CAPACITY: usize = 4096;

pub struct Memo<T> {
    inner: Mutex<Inner<T>>,
    /// At most this many values are kept; past it the memo starts over.
    keep: usize,
}

struct Inner<T> {
    /// Grows by one with every announced write.
    generation: u64,
    values: HashMap<String, Arc<T>>,
    /// The generation of the last write to each key since `floor`.
    written: HashMap<String, u64>,
    /// Everything built before this generation is too old to keep.
    floor: u64,
}

impl<T> Inner<T> {
    fn keeps(&self, key: &str, noted: u64) -> bool {
        self.floor <= noted && self.written.get(key).is_none_or(|w| *w <= noted)
    }
}

impl<T> Memo<T> {
    /// A memo that keeps at most `keep` values.
    pub fn new(keep: usize) -> Self {
        Memo {
            inner: Mutex::new(Inner {
                generation: 0,
                values: HashMap::new(),
                written: HashMap::new(),
                floor: 0,
            }),
            keep,
        }
    }

    /// The value under `key`: kept, or built by `build` from the store.
    pub fn get<E>(&self, key: &str, build: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E> {
        let generation = {
            let inner = self.lock();
            if let Some(v) = inner.values.get(key) {
                return Ok(v.clone());
            }
            inner.generation
        };
        let value = Arc::new(build()?);
        let mut inner = self.lock();
        if inner.keeps(key, generation) {
            if inner.values.len() >= self.keep {
                inner.values.clear();
            }
            inner.values.insert(key.to_owned(), value.clone());
        }
        Ok(value)
    }

    /// Forgets everything: the tree behind it was written.
    pub fn changed(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.floor = inner.generation;
        inner.values.clear();
        inner.written.clear();
    }

    /// Forgets one key: its part of the tree was written.
    pub fn changed_key(&self, key: &str) {
        let mut inner = self.lock();
        inner.generation += 1;
        let generation = inner.generation;
        inner.values.remove(key);
        if inner.written.len() >= CAPACITY {
            inner.written.clear();
            inner.floor = generation;
        }
        inner.written.insert(key.to_owned(), generation);
    }

    /// What is kept now, for the check that compares it with a fresh build.
    pub fn kept(&self) -> Vec<(String, Arc<T>)> {
        let inner = self.lock();
        let mut all: Vec<_> = inner
            .values
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<T>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_built_across_a_write_is_not_kept() -> Result<(), ()> {
        let memo: Memo<u32> = Memo::new(8);
        assert_eq!(*memo.get("a", || Ok::<_, ()>(1))?, 1);
        // Kept: the builder is not asked again.
        assert_eq!(*memo.get("a", || Err(()))?, 1);
        // A write while a reader builds: the reader answers with what it
        // read, but the next reader builds again.
        let built = memo.get("b", || {
            memo.changed();
            Ok::<_, ()>(2)
        })?;
        assert_eq!(*built, 2);
        assert_eq!(*memo.get("b", || Ok::<_, ()>(3))?, 3);
        // A write forgets what was kept.
        memo.changed();
        assert_eq!(*memo.get("a", || Ok::<_, ()>(4))?, 4);
        Ok(())
    }

    #[test]
    fn a_write_to_one_key_leaves_the_others_kept() -> Result<(), ()> {
        let memo: Memo<u32> = Memo::new(8);
        memo.get("a", || Ok::<_, ()>(1))?;
        memo.get("b", || Ok::<_, ()>(2))?;
        memo.changed_key("a");
        assert_eq!(*memo.get("b", || Err(()))?, 2, "b is still kept");
        assert_eq!(*memo.get("a", || Ok::<_, ()>(3))?, 3, "a is read again");
        // A write to the key being built: answered, not kept; to another: kept.
        memo.get("c", || {
            memo.changed_key("c");
            Ok::<_, ()>(4)
        })?;
        assert_eq!(*memo.get("c", || Ok::<_, ()>(5))?, 5);
        memo.get("d", || {
            memo.changed_key("x");
            Ok::<_, ()>(6)
        })?;
        assert_eq!(*memo.get("d", || Err(()))?, 6);
        // Past its capacity the list of written keys starts over: older
        // builds are then not kept, whatever their key.
        let noted = memo.lock().generation;
        for i in 0..=CAPACITY {
            memo.changed_key(&format!("k{i}"));
        }
        assert!(!memo.lock().keeps("d", noted));
        // Past `keep` values it starts over.
        let small: Memo<u32> = Memo::new(3);
        for i in 0..4 {
            small.get(&format!("v{i}"), || Ok::<_, ()>(i))?;
        }
        assert_eq!(small.lock().values.len(), 1);
        assert_eq!(*small.get("v3", || Err(()))?, 3);
        Ok(())
    }
}
