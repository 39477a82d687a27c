//! Who sees which classes, and what the caller may do with one class's
//! directory: the scope helpers of every route that names a class or lists
//! classes. The rules are `domain::scope` and `domain::directory::Access`;
//! this reads the indexes they need.

use domain::{
    Role,
    directory::{Access, Relation},
};
use serde::Deserialize;

use crate::{
    auth::CurrentUser,
    clock::iso_date,
    error::ApiError,
    state::AppState,
    store::{ClassRecord, LiaisonStatus, sort_classes},
};

/// The class and what the caller may do with its directory; 404 when they
/// may not read it.
pub fn class_access(
    st: &AppState,
    cu: &CurrentUser,
    id: &str,
) -> Result<(ClassRecord, Access), ApiError> {
    let class = st.views.class(id)?.ok_or(ApiError::NotFound)?;
    let access = directory_access(st, cu, &class)?;
    if !access.read {
        return Err(ApiError::NotFound);
    }
    Ok((class, access))
}

/// What the caller may do with the class's directory (`domain::directory::Access`).
pub fn directory_access(
    st: &AppState,
    cu: &CurrentUser,
    class: &ClassRecord,
) -> Result<Access, ApiError> {
    let today = iso_date(st.clock.today());
    let is_liaison = cu.user.role == Role::Student
        && st
            .store
            .liaisons_of_student(&cu.user.id)?
            .iter()
            .any(|l| l.class_id == class.id && l.status_on(&today) == LiaisonStatus::Active);
    Ok(Access::of(Relation {
        role: cu.user.role,
        user_id: &cu.user.id,
        in_scope: cu.sees_class(&st.store, &class.id, &class.college)?,
        is_counselor_of_class: class.counselors.contains(&cu.user.id),
        is_active_liaison_of_class: is_liaison,
    }))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct Scope {
    pub college: Option<String>,
    pub class_id: Option<String>,
}

/// The classes in the caller's scope, filtered, 本科 before 专科 — read
/// through the indexes: a counselor's classes, a dean's college, one class.
pub fn classes_in_scope(
    st: &AppState,
    cu: &CurrentUser,
    f: &Scope,
) -> Result<Vec<ClassRecord>, ApiError> {
    let college = f.college.as_deref().filter(|x| !x.is_empty());
    let class = f.class_id.as_deref().filter(|x| !x.is_empty());
    let mut classes: Vec<ClassRecord> = match (class, cu.user.role) {
        (Some(id), _) => st.views.class(id)?.into_iter().collect(),
        (None, Role::Counselor) => st.views.classes_of_counselor(&cu.user.id)?,
        (None, Role::Dean) => st
            .views
            .classes_of_college(cu.user.college.as_deref().unwrap_or_default())?,
        (None, Role::Student) => cu
            .user
            .classes
            .iter()
            .filter_map(|id| st.views.class(id).transpose())
            .collect::<Result<_, _>>()?,
        (None, Role::Office | Role::Admin) => match college {
            Some(c) => st.views.classes_of_college(c)?,
            None => st.store.classes()?,
        },
    };
    // Read through the caller's own indexes, the classes are theirs; one
    // class asked for by id is checked like any other access.
    if class.is_some() {
        let mut seen = Vec::new();
        for c in classes {
            if cu.sees_class(&st.store, &c.id, &c.college)? {
                seen.push(c);
            }
        }
        classes = seen;
    }
    classes.retain(|c| college.is_none_or(|x| x == c.college));
    sort_classes(&mut classes);
    Ok(classes)
}
