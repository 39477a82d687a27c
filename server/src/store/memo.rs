//! Decoded values kept in memory in front of an index that is read on
//! almost every page and written rarely (a class's roster): a class page
//! then costs a map lookup instead of decoding forty values.
//!
//! Kept right by one rule: every write to the tree behind it calls
//! [`Memo::changed`] after its transaction, whether it committed or not.
//! A reader notes the generation before it reads the store and keeps what it
//! built only if no write has been announced since, so a value built from
//! data older than a committed write is never kept.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

/// At most this many keys are kept; past it the memo starts over (a
/// roster is a few KB, so a full memo is a few MB).
const CAPACITY: usize = 4096;

pub struct Memo<T> {
    inner: Mutex<Inner<T>>,
}

struct Inner<T> {
    generation: u64,
    values: HashMap<String, Arc<T>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            inner: Mutex::new(Inner {
                generation: 0,
                values: HashMap::new(),
            }),
        }
    }
}

impl<T> Memo<T> {
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
        if inner.generation == generation {
            if inner.values.len() >= CAPACITY {
                inner.values.clear();
            }
            inner.values.insert(key.to_owned(), value.clone());
        }
        Ok(value)
    }

    /// Calls [`Memo::changed`] when dropped: taken before a write to the
    /// tree behind the memo, so that every way out of it, commit or error,
    /// forgets what was kept.
    pub fn writing(&self) -> Writing<'_, T> {
        Writing(self)
    }

    /// Forgets everything: the tree behind it was written.
    pub fn changed(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.values.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<T>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// See [`Memo::writing`].
pub struct Writing<'a, T>(&'a Memo<T>);

impl<T> Drop for Writing<'_, T> {
    fn drop(&mut self) {
        self.0.changed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_built_across_a_write_is_not_kept() -> Result<(), ()> {
        let memo: Memo<u32> = Memo::default();
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
        // A write forgets what was kept, once it is over.
        {
            let _w = memo.writing();
            assert_eq!(*memo.get("a", || Ok::<_, ()>(1))?, 1);
        }
        assert_eq!(*memo.get("a", || Ok::<_, ()>(4))?, 4);
        Ok(())
    }
}
