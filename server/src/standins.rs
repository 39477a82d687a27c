//! Stand-ins (代理审批) as the chain's routes need them: whose place the
//! caller takes on a class's nomination, which classes a counselor's
//! stand-in adds to their to-do, who may be named, and telling both sides
//! when one runs out. The rules are `domain::standin`'s.

use domain::{
    Role,
    scope::Viewer,
    standin::{self, Approver, StandIn},
};

use crate::{
    clock::{Clock, iso_date},
    error::ApiError,
    state::AppState,
    store::{Post, Store, StoreError, UserRecord},
};

/// The colleges of a counselor's classes (a dean's one college otherwise).
pub fn colleges_of(st: &AppState, u: &UserRecord) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = match u.role {
        Role::Counselor => st
            .views
            .classes_of_counselor(&u.id)?
            .into_iter()
            .map(|c| c.college)
            .collect(),
        _ => u.college.iter().cloned().collect(),
    };
    out.sort();
    out.dedup();
    Ok(out)
}

/// `u` as the rules see an approver.
pub fn approver<'a>(u: &'a UserRecord, colleges: &'a [String]) -> Approver<'a> {
    Approver {
        id: &u.id,
        role: u.role,
        college: u.college.as_deref(),
        colleges,
        is_director: u.is_director,
    }
}

/// The stand-ins `user` takes (as deputy) holding today.
pub fn taking_today(st: &AppState, user: &str) -> Result<Vec<StandIn>, ApiError> {
    let today = iso_date(st.clock.today());
    Ok(st
        .store
        .standins_of(user)?
        .into_iter()
        .filter(|s| s.deputy_id == user && s.holds_on(&today))
        .collect())
}

/// The principals of `taking` with the classes in their scope (a
/// counselor's are the classes that name them), in the same order; one
/// gone from the roster is left out.
fn principals(
    st: &AppState,
    taking: &[StandIn],
) -> Result<Vec<(StandIn, UserRecord, Vec<String>)>, ApiError> {
    let mut out = Vec::with_capacity(taking.len());
    for s in taking {
        if let Some(u) = st.store.user(&s.principal_id)? {
            let classes = match u.role {
                Role::Counselor => st
                    .views
                    .classes_of_counselor(&u.id)?
                    .into_iter()
                    .map(|c| c.id)
                    .collect(),
                _ => vec![],
            };
            out.push((s.clone(), u, classes));
        }
    }
    Ok(out)
}

/// Whose place `user` takes deciding a nomination of class `class_id` in
/// `college` today, if anybody's.
pub fn place_taken(
    st: &AppState,
    user: &str,
    class_id: &str,
    college: &str,
) -> Result<Option<StandIn>, ApiError> {
    let taking = taking_today(st, user)?;
    if taking.is_empty() {
        return Ok(None);
    }
    let today = iso_date(st.clock.today());
    let pairs = principals(st, &taking)?;
    let standins: Vec<StandIn> = pairs.iter().map(|(s, ..)| s.clone()).collect();
    let scope = |s: &StandIn| {
        pairs
            .iter()
            .find(|(x, ..)| x.id == s.id)
            .map(|(_, u, classes)| Viewer {
                role: u.role,
                college: u.college.as_deref(),
                classes,
            })
    };
    Ok(standin::taking_place_of(&standins, user, &today, class_id, college, scope).cloned())
}

/// The classes a counselor looks after today in somebody's place (their
/// to-do and the nominations they may read and decide).
pub fn classes_taken(st: &AppState, user: &UserRecord) -> Result<Vec<String>, ApiError> {
    if user.role != Role::Counselor {
        return Ok(vec![]);
    }
    let mut out = Vec::new();
    for (_, p, classes) in principals(st, &taking_today(st, &user.id)?)? {
        if p.role == Role::Counselor {
            out.extend(classes);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Tells both sides of every stand-in that ran out by itself (its last
/// day passed) once; returns how many were told.
pub fn tell_over(store: &Store, clock: &dyn Clock) -> Result<usize, StoreError> {
    let today = iso_date(clock.today());
    let mut told = 0;
    for s in store.all_standins()? {
        if s.ended_on.is_some() || !s.over_by(&today) {
            continue;
        }
        let marker = format!("standin\0{}\0over", s.id);
        if store.reminder_sent(&marker)? {
            continue;
        }
        let notice = standin::ended_notice(&s, None);
        let letters = [
            (s.principal_id.clone(), notice.clone()),
            (s.deputy_id.clone(), notice),
        ];
        if store.send_once(&marker, &letters, clock.now())? {
            told += 1;
        }
    }
    Ok(told)
}

/// Notices to each side of a stand-in, as one post each.
pub fn posts(s: &StandIn, actor: &str) -> [Post; 2] {
    let (to_deputy, to_principal) = standin::named_notices(s);
    [
        Post::to(vec![s.deputy_id.clone()], actor, to_deputy),
        Post::to(vec![s.principal_id.clone()], actor, to_principal),
    ]
}
