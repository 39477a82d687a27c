//! A class's nominations in one campaign as staff lists show them.

use std::collections::{BTreeMap, HashMap};

use domain::{api::Nomination, nomination::NominationForm, workflow::State};
use serde_json::value::RawValue;

use super::Views;
use crate::store::{StoreError, index::NominationHead};

/// One class's nominations in one campaign as a staff list shows them:
/// each row's JSON, with its state, in scope order (student number, id),
/// and how many are in each state. Kept, so that a to-do page copies rows
/// instead of reading, naming and encoding each one.
#[derive(Debug)]
pub struct ClassRows {
    pub rows: Vec<(State, Box<RawValue>)>,
    pub counts: BTreeMap<State, u64>,
}

/// Reads `nomination_scope` (the heads) and, through [`head_view`], the
/// class's roster, the students' accounts, classes and colleges.
pub(super) fn build(views: &Views, scope: &[u8]) -> Result<ClassRows, StoreError> {
    let mut names = Names::default();
    let mut rows = Vec::new();
    let mut counts = BTreeMap::new();
    for h in views.store().nomination_heads(scope) {
        let h = h?;
        *counts.entry(h.state).or_default() += 1;
        let state = h.state;
        let row = serde_json::value::to_raw_value(&head_view(views, &mut names, h)?)?;
        rows.push((state, row));
    }
    Ok(ClassRows { rows, counts })
}

/// Class and college names, each looked up once per request.
#[derive(Default)]
pub struct Names {
    classes: HashMap<String, String>,
    colleges: HashMap<String, String>,
}

impl Names {
    fn class(&mut self, views: &Views, id: &str) -> Result<String, StoreError> {
        if let Some(n) = self.classes.get(id) {
            return Ok(n.clone());
        }
        let n = views
            .class(id)?
            .map(|c| c.display_name())
            .unwrap_or_default();
        self.classes.insert(id.to_owned(), n.clone());
        Ok(n)
    }

    fn college(&mut self, views: &Views, code: &str) -> Result<String, StoreError> {
        if let Some(n) = self.colleges.get(code) {
            return Ok(n.clone());
        }
        let n = views
            .store()
            .college(code)?
            .map(|c| c.name)
            .unwrap_or_default();
        self.colleges.insert(code.to_owned(), n.clone());
        Ok(n)
    }
}

/// The API view of a head, with names looked up; form and history empty.
pub fn head_view(
    views: &Views,
    names: &mut Names,
    h: NominationHead,
) -> Result<Nomination, StoreError> {
    // The class's member index has the name: one short value, not the account.
    let (student_name, student_no) = match views.member(&h.class_id, &h.student_no)? {
        Some(m) if m.id == h.student_id => (m.name, m.username),
        _ => {
            let u = views.store().user(&h.student_id)?;
            (
                u.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
                u.map(|u| u.username).unwrap_or_default(),
            )
        }
    };
    Ok(Nomination {
        student_name,
        student_no,
        class_name: names.class(views, &h.class_id)?,
        college_name: names.college(views, &h.college)?,
        id: h.id,
        campaign_id: h.campaign_id,
        student_id: h.student_id,
        class_id: h.class_id,
        college: h.college,
        nomination_type: h.nomination_type,
        created_by: h.created_by,
        state: h.state,
        rev: h.rev,
        form: NominationForm::default(),
        history: Vec::new(),
        copied_to_you: false,
    })
}
