//! What the indexes answer — a class's members, a counselor's or a college's classes, a class's or a student's liaisons, a directory's counts, nominations by scope and state — and their rebuild from the primary trees.

use super::*;

impl Store {
    /// Empties every index tree and computes it again from the primary trees.
    /// Run on start-up after a schema change, and by the test that checks the
    /// transactions keep them right.
    pub fn rebuild_indexes(&self) -> Result<(), StoreError> {
        for name in INDEX_TREES {
            self.tree(name)?.clear()?;
        }
        // One small transaction per record keeps memory flat on a large store.
        for u in self.users.iter().values() {
            let u: UserRecord = codec::decode(&u?)?;
            (&self.class_members, &self.role_users)
                .commit(&self.gate, |(m, r)| index_user(m, r, None, Some(&u)))?;
        }
        for c in self.classes.iter().values() {
            let c: ClassRecord = codec::decode(&c?)?;
            (&self.counselor_classes, &self.college_classes)
                .commit(&self.gate, |(a, b)| index_class(a, b, None, &c))?;
        }
        for n in self.nominations.iter().values() {
            let n: NominationRecord = codec::decode(&n?)?;
            (&self.nomination_scope, &self.nomination_counts)
                .commit(&self.gate, |(s, c)| index_nomination(s, c, None, &n))?;
        }
        for l in self.liaisons.iter().values() {
            let l: LiaisonRecord = codec::decode(&l?)?;
            (&self.class_liaisons, &self.student_liaisons)
                .commit(&self.gate, |(a, b)| index_liaison(a, b, &l))?;
        }
        for e in self.directory.iter().values() {
            let e: EntryRecord = codec::decode(&e?)?;
            self.directory_counts
                .commit(&self.gate, |c| index_entry(c, &e.class_id, None, Some(&e)))?;
        }
        self.rebuild_entry_ids()?;
        self.rebuild_feedback_open()?;
        self.rebuild_unread()
    }

    /// Every index tree's keys and values, for comparing.
    pub fn index_snapshot(&self) -> Result<BTreeMap<&'static str, Rows>, StoreError> {
        let mut out = BTreeMap::new();
        for name in INDEX_TREES {
            let rows = self
                .tree(name)?
                .iter()
                .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())))
                .collect::<Result<_, _>>()?;
            out.insert(name, rows);
        }
        Ok(out)
    }

    // ---- reads ----

    /// A class's students by student number, from the index (pages read
    /// it through `crate::views::Views::roster`, which keeps it decoded).
    pub fn roster(&self, class: &str) -> Result<Vec<Member>, StoreError> {
        self.class_members
            .scan_prefix(prefix(&[class]))
            .map(|kv| {
                let (k, v) = kv?;
                let mut m: Member = codec::decode(&v)?;
                m.username = last_part(&k);
                Ok(m)
            })
            .collect()
    }

    /// One student of a class by student number, from the index alone.
    pub fn member(&self, class: &str, username: &str) -> Result<Option<Member>, StoreError> {
        if username.is_empty() {
            return Ok(None);
        }
        let roster = self.roster(class)?;
        // The roster is in key order, which is the student numbers' order.
        Ok(roster
            .binary_search_by(|m| m.username.as_str().cmp(username))
            .ok()
            .map(|i| roster[i].clone()))
    }

    /// How many students a class has (keys only).
    pub fn member_count(&self, class: &str) -> Result<usize, StoreError> {
        let mut n = 0;
        for k in self.class_members.scan_prefix(prefix(&[class])).keys() {
            k?;
            n += 1;
        }
        Ok(n)
    }

    /// Ids of the students of a class, by student number.
    pub fn member_ids(&self, class: &str) -> Result<Vec<String>, StoreError> {
        Ok(self.roster(class)?.iter().map(|m| m.id.clone()).collect())
    }

    /// The accounts of the students of a class, by student number.
    pub fn member_records(&self, class: &str) -> Result<Vec<UserRecord>, StoreError> {
        let mut out = Vec::new();
        for id in self.member_ids(class)? {
            if let Some(u) = self.user(&id)? {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// The accounts of a role, by username.
    pub fn users_of_role(&self, role: Role) -> Result<Vec<UserRecord>, StoreError> {
        let mut out = Vec::new();
        for v in self
            .role_users
            .scan_prefix(prefix(&[role.as_str()]))
            .values()
        {
            if let Some(u) = codec::get(&self.users, v?)? {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// The classes an index lists under `owner`, in the template's order,
    /// which every page shows (pages read them through
    /// `crate::views::Views`, which keeps each list).
    fn classes_by(&self, tree: &Tree, owner: &str) -> Result<Vec<ClassRecord>, StoreError> {
        let mut out = Vec::new();
        for k in tree.scan_prefix(prefix(&[owner])).keys() {
            if let Some(c) = codec::get(&self.classes, last_part(&k?))? {
                out.push(c);
            }
        }
        crate::store::sort_classes(&mut out);
        Ok(out)
    }

    /// The classes that name `user_id` among their counselors.
    pub fn classes_of_counselor(&self, user_id: &str) -> Result<Vec<ClassRecord>, StoreError> {
        self.classes_by(&self.counselor_classes, user_id)
    }

    /// Whether the class names the counselor.
    pub fn is_counselor_of(&self, counselor: &str, class: &str) -> Result<bool, StoreError> {
        Ok(self
            .counselor_classes
            .contains_key(prefix(&[counselor, class]))?)
    }

    /// The classes of a college.
    pub fn classes_of_college(&self, college: &str) -> Result<Vec<ClassRecord>, StoreError> {
        self.classes_by(&self.college_classes, college)
    }

    /// Liaisons (every term, any status) of a class.
    pub fn liaisons_of_class(&self, class: &str) -> Result<Vec<LiaisonRecord>, StoreError> {
        self.liaisons_by(&self.class_liaisons, class)
    }

    /// Terms (any status) a student has held.
    pub fn liaisons_of_student(&self, student: &str) -> Result<Vec<LiaisonRecord>, StoreError> {
        self.liaisons_by(&self.student_liaisons, student)
    }

    fn liaisons_by(&self, tree: &Tree, owner: &str) -> Result<Vec<LiaisonRecord>, StoreError> {
        let mut out = Vec::new();
        for k in tree.scan_prefix(prefix(&[owner])).keys() {
            if let Some(l) = self.liaison(&last_part(&k?))? {
                out.push(l);
            }
        }
        Ok(out)
    }

    /// A class directory's counts.
    pub fn directory_counts(&self, class: &str) -> Result<DirCounts, StoreError> {
        Ok(codec::get(&self.directory_counts, class)?.unwrap_or_default())
    }

    /// Whether the class directory has ever been started (seeded or written).
    pub fn directory_started(&self, class: &str) -> Result<bool, StoreError> {
        Ok(self.directory_counts.contains_key(class)?)
    }

    /// How many nominations under a scope prefix are in each state.
    pub fn nomination_counts(&self, scope: &[u8]) -> Result<BTreeMap<State, u64>, StoreError> {
        Ok(self
            .nomination_counts
            .get(counts_key(scope))?
            .map(|v| decode_counts(&v))
            .unwrap_or_default())
    }

    /// The first class ([`class_scope`]) with a nomination under the
    /// scope prefix `scope` (in `state`, if given), after the class
    /// `after` in key order: how a wide list (a campaign, a college) finds
    /// its classes one seek each, without reading the keys it passes over.
    pub fn next_class(
        &self,
        state: Option<State>,
        scope: &[u8],
        after: Option<&[u8]>,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let base = state.map(|s| state_prefix(s, &[])).unwrap_or_default();
        let within = [base.as_slice(), scope].concat();
        let from = match after {
            // Past every key of that class: its prefix ends in \0, and
            // \x01 sorts after all of them and before the next class.
            Some(class) => {
                let mut k = [base.as_slice(), class].concat();
                if let Some(last) = k.last_mut() {
                    *last += 1;
                }
                k
            }
            None => within.clone(),
        };
        let Some((key, _)) = self.nomination_scope.range(from..).next().transpose()? else {
            return Ok(None);
        };
        if !key.starts_with(&within) {
            return Ok(None);
        }
        let rest = &key[base.len()..];
        let end = rest
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == 0)
            .nth(2)
            .map(|(i, _)| i + 1);
        Ok(end.map(|e| rest[..e].to_vec()))
    }

    /// The heads of the nominations under a scope prefix, in key order.
    pub fn nomination_heads(
        &self,
        scope: &[u8],
    ) -> impl Iterator<Item = Result<NominationHead, StoreError>> + use<> {
        self.nomination_scope
            .scan_prefix(scope)
            .map(|kv| codec::decode(&kv?.1))
    }

    /// [`Store::nomination_heads`] of the nominations in `state` only, in
    /// the same order: O(those), whatever else the scope holds. Pages find
    /// their classes with [`Store::next_class`]; this reads the state keys
    /// whole, for the scale set's check that compares them with their
    /// rebuild.
    pub fn nomination_heads_in(
        &self,
        state: State,
        scope: &[u8],
    ) -> impl Iterator<Item = Result<NominationHead, StoreError>> + use<> {
        self.nomination_scope
            .scan_prefix(state_prefix(state, scope))
            .map(|kv| codec::decode(&kv?.1))
    }

    /// (id, state) of the nominations under a scope prefix, in key order.
    pub fn nomination_ids(
        &self,
        scope: &[u8],
    ) -> impl Iterator<Item = Result<(String, State), StoreError>> + use<> {
        self.nomination_heads(scope)
            .map(|h| h.map(|h| (h.id, h.state)))
    }
}
