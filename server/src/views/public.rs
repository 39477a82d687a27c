//! The public list of active liaisons (`GET /public/liaisons`, no login).

use domain::api::{PublicLiaison, PublicLiaisons};

use super::Views;
use crate::store::{LiaisonStatus, StoreError};

/// Reads `liaisons`, the liaisons' accounts, classes and colleges.
pub(super) fn build(views: &Views, today: &str) -> Result<Vec<u8>, StoreError> {
    let store = views.store();
    let mut out = Vec::new();
    for l in store.liaisons()? {
        if l.status_on(today) != LiaisonStatus::Active {
            continue;
        }
        out.push(PublicLiaison {
            name: store
                .user(&l.student_id)?
                .map(|u| u.name)
                .unwrap_or_default(),
            college_name: store
                .college(&l.college)?
                .map(|c| c.name)
                .unwrap_or_default(),
            display_name: views
                .class(&l.class_id)?
                .map(|c| c.display_name())
                .unwrap_or_default(),
            term_start: l.term_start,
            term_end: l.term_end,
        });
    }
    out.sort_by(|a, b| {
        (&a.college_name, &a.display_name, &a.name).cmp(&(
            &b.college_name,
            &b.display_name,
            &b.name,
        ))
    });
    Ok(serde_json::to_vec(&PublicLiaisons { liaisons: out })?)
}
