//! The store's trees and the one way they change.
//!
//! Every tree is a [`Tree`]: it reads like sled's, and each of its writes
//! — one key, a batch, a clear, or a transaction over several trees
//! ([`Commit`]) — tells the store's listeners what it wrote, once the
//! write is over, whether it committed or not (telling too much is
//! harmless to a listener that forgets; telling too little is not). The
//! cached views (`crate::views`) are such listeners. Nothing outside the
//! store holds a tree, so nothing writes past them.

use std::cell::RefCell;
use std::sync::{Arc, PoisonError, RwLock, Weak};

use sled::IVec;
use sled::transaction::{
    ConflictableTransactionResult, TransactionalTree, UnabortableTransactionError,
};

use super::StoreError;

/// One thing a write changed: a key of a tree, or the whole tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub tree: &'static str,
    /// `None`: the whole tree (a clear, a batch, a restore).
    pub key: Option<Vec<u8>>,
}

/// Told of what each write changed, after it is over.
pub trait Listener: Send + Sync {
    fn changed(&self, changes: &[Change]);
}

/// The listeners of one store. Held weakly: a listener that holds the
/// store (a view does) does not keep it alive.
#[derive(Default)]
pub(super) struct Hub(RwLock<Vec<Weak<dyn Listener>>>);

impl Hub {
    pub(super) fn listen(&self, listener: Weak<dyn Listener>) {
        let mut all = self.0.write().unwrap_or_else(PoisonError::into_inner);
        all.retain(|l| l.strong_count() > 0);
        all.push(listener);
    }

    pub(super) fn tell(&self, changes: &[Change]) {
        if changes.is_empty() {
            return;
        }
        for l in self.0.read().unwrap_or_else(PoisonError::into_inner).iter() {
            if let Some(l) = l.upgrade() {
                l.changed(changes);
            }
        }
    }
}

/// A tree of the store (see the module doc).
pub struct Tree {
    inner: sled::Tree,
    name: &'static str,
    hub: Arc<Hub>,
}

impl Tree {
    pub(super) fn open(db: &sled::Db, name: &'static str, hub: &Arc<Hub>) -> sled::Result<Tree> {
        Ok(Tree {
            inner: db.open_tree(name)?,
            name,
            hub: hub.clone(),
        })
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn get(&self, key: impl AsRef<[u8]>) -> sled::Result<Option<IVec>> {
        self.inner.get(key)
    }

    pub fn contains_key(&self, key: impl AsRef<[u8]>) -> sled::Result<bool> {
        self.inner.contains_key(key)
    }

    pub fn iter(&self) -> sled::Iter {
        self.inner.iter()
    }

    pub fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> sled::Iter {
        self.inner.scan_prefix(prefix)
    }

    pub fn range<K: AsRef<[u8]>, R: std::ops::RangeBounds<K>>(&self, range: R) -> sled::Iter {
        self.inner.range(range)
    }

    pub fn len(&self) -> usize {
        self.inner.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    pub fn insert(
        &self,
        key: impl AsRef<[u8]>,
        value: impl Into<IVec>,
    ) -> sled::Result<Option<IVec>> {
        let key = key.as_ref();
        let done = self.inner.insert(key, value);
        self.tell(Some(key));
        done
    }

    pub fn remove(&self, key: impl AsRef<[u8]>) -> sled::Result<Option<IVec>> {
        let key = key.as_ref();
        let done = self.inner.remove(key);
        self.tell(Some(key));
        done
    }

    /// Applies a batch; tells the whole tree (batches are upgrades).
    pub fn apply_batch(&self, batch: sled::Batch) -> sled::Result<()> {
        let done = self.inner.apply_batch(batch);
        self.tell(None);
        done
    }

    pub fn clear(&self) -> sled::Result<()> {
        let done = self.inner.clear();
        self.tell(None);
        done
    }

    /// Writes a restored record without telling: the restore tells every
    /// tree whole once it is over ([`Tree::tell_whole`]).
    pub(super) fn load(&self, key: Vec<u8>, value: Vec<u8>) -> sled::Result<()> {
        self.inner.insert(key, value).map(drop)
    }

    pub(super) fn tell_whole(&self) {
        self.tell(None);
    }

    fn tell(&self, key: Option<&[u8]>) {
        self.hub.tell(&[Change {
            tree: self.name,
            key: key.map(<[u8]>::to_vec),
        }]);
    }
}

/// A tree inside a [`Commit`]: sled's transactional tree, noting each key
/// written for the report at the end.
pub struct Tx<'a> {
    tx: &'a TransactionalTree,
    name: &'static str,
    log: &'a RefCell<Vec<Change>>,
}

type TxOp<T> = Result<T, UnabortableTransactionError>;

impl Tx<'_> {
    pub fn get(&self, key: impl AsRef<[u8]>) -> TxOp<Option<IVec>> {
        self.tx.get(key)
    }

    pub fn insert(&self, key: impl AsRef<[u8]>, value: impl Into<IVec>) -> TxOp<Option<IVec>> {
        let key = key.as_ref();
        self.note(key);
        self.tx.insert(key, value.into())
    }

    pub fn remove(&self, key: impl AsRef<[u8]>) -> TxOp<Option<IVec>> {
        let key = key.as_ref();
        self.note(key);
        self.tx.remove(key)
    }

    pub fn generate_id(&self) -> sled::Result<u64> {
        self.tx.generate_id()
    }

    fn note(&self, key: &[u8]) {
        self.log.borrow_mut().push(Change {
            tree: self.name,
            key: Some(key.to_vec()),
        });
    }
}

/// A transaction over several trees, holding the store's write gate shared
/// (see `Store::pause_writes`), that tells what it wrote once it is over.
///
/// The closure may run more than once (sled retries on conflict) and must
/// not read the store outside its trees: sled 0.34 deadlocks.
pub(crate) trait Commit {
    type View<'v>;

    fn commit<A>(
        &self,
        gate: &RwLock<()>,
        f: impl Fn(&Self::View<'_>) -> ConflictableTransactionResult<A, StoreError>,
    ) -> Result<A, StoreError>;
}

fn report<A>(
    first: &Tree,
    log: RefCell<Vec<Change>>,
    done: sled::transaction::TransactionResult<A, StoreError>,
) -> Result<A, StoreError> {
    let mut changes = log.into_inner();
    changes.sort_by(|a, b| (a.tree, &a.key).cmp(&(b.tree, &b.key)));
    changes.dedup();
    first.hub.tell(&changes);
    Ok(done?)
}

/// `$item` once per tree of a tuple (a repetition needs a variable in it).
macro_rules! per_tree {
    ($t:ident, $item:ty) => {
        $item
    };
}

macro_rules! commit_tuple {
    ($($t:ident $i:tt),+) => {
        impl<'t> Commit for ($(per_tree!($t, &'t Tree),)+) {
            type View<'v> = ($(per_tree!($t, Tx<'v>),)+);

            fn commit<A>(
                &self,
                gate: &RwLock<()>,
                f: impl Fn(&Self::View<'_>) -> ConflictableTransactionResult<A, StoreError>,
            ) -> Result<A, StoreError> {
                use sled::Transactional;
                let log = RefCell::new(Vec::new());
                let done = {
                    let _writing = gate.read().unwrap_or_else(PoisonError::into_inner);
                    ($(&self.$i.inner,)+).transaction(|v| {
                        f(&($(Tx { tx: &v.$i, name: self.$i.name, log: &log },)+))
                    })
                };
                report(self.0, log, done)
            }
        }
    };
}

commit_tuple!(A 0);
commit_tuple!(A 0, B 1);
commit_tuple!(A 0, B 1, C 2);
commit_tuple!(A 0, B 1, C 2, D 3);
commit_tuple!(A 0, B 1, C 2, D 3, E 4);
commit_tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
commit_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
commit_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
commit_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
commit_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
commit_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
commit_tuple!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

impl Commit for Tree {
    type View<'v> = Tx<'v>;

    fn commit<A>(
        &self,
        gate: &RwLock<()>,
        f: impl Fn(&Self::View<'_>) -> ConflictableTransactionResult<A, StoreError>,
    ) -> Result<A, StoreError> {
        (self,).commit(gate, |(t,)| f(t))
    }
}

impl Commit for [&Tree] {
    type View<'v> = Vec<Tx<'v>>;

    fn commit<A>(
        &self,
        gate: &RwLock<()>,
        f: impl Fn(&Self::View<'_>) -> ConflictableTransactionResult<A, StoreError>,
    ) -> Result<A, StoreError> {
        use sled::Transactional;
        let inner: Vec<&sled::Tree> = self.iter().map(|t| &t.inner).collect();
        let log = RefCell::new(Vec::new());
        let done = {
            let _writing = gate.read().unwrap_or_else(PoisonError::into_inner);
            inner.as_slice().transaction(|v| {
                let view: Vec<Tx<'_>> = v
                    .iter()
                    .zip(self.iter())
                    .map(|(tx, t)| Tx {
                        tx,
                        name: t.name,
                        log: &log,
                    })
                    .collect();
                f(&view)
            })
        };
        report(self[0], log, done)
    }
}
