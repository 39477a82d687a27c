//! 工作记录 (SPEC §13): a liaison writes down activities, articles and
//! alumni feedback on the phone — kept on the device as typed and sent
//! through the outbox, so a weak connection loses nothing. College staff
//! and the office read the logs in their scope, answer feedback and see the
//! counts per college and year; the office reviews terms ending soon.
//! The rules are `domain::duty`'s, the same the server applies.

mod book;
mod entry;
mod overview;
#[cfg(feature = "office")]
mod renewals;
use book::*;
use entry::*;
use overview::*;
#[cfg(feature = "office")]
pub use renewals::*;

use domain::{
    Role,
    api::{DutyOverview, Liaison, LiaisonLog, LogEntry, LogReply},
    duty::{self, LogInput, LogKind},
};
use leptos::{html, prelude::*};
use serde::{Deserialize, Serialize};

use crate::{
    api,
    components::{
        conflict::{ConflictChoices, object},
        form::Outcome,
    },
    local::{self, Outbox, SyncBadge},
    session::{Auth, use_session},
    today,
};

#[component]
pub fn LogPage() -> impl IntoView {
    match use_session().get_untracked() {
        Auth::SignedIn(u) if u.role == Role::Student => view! { <MyLog me=u.id/> }.into_any(),
        _ => view! { <Overview/> }.into_any(),
    }
}

/// The student's own liaison term (the latest), kept for opening offline.
#[component]
fn MyLog(me: String) -> impl IntoView {
    let mine = LocalResource::new(move || {
        let me = me.clone();
        async move {
            match api::liaisons().await {
                Ok(list) => {
                    let pick = list
                        .into_iter()
                        .filter(|l| l.student_id == me)
                        .max_by(|a, b| a.term_end.cmp(&b.term_end));
                    local::set("my-liaison", &pick);
                    Ok(pick)
                }
                Err(e) if e.status == 0 => {
                    Ok(local::get::<Option<Liaison>>("my-liaison").flatten())
                }
                Err(e) => Err(e.message()),
            }
        }
    });
    view! {
        <h1 class="page-title">"工作记录"</h1>
        {move || mine.get().map(|r| match r {
            Err(m) => view! { <p class="error">{m}</p> }.into_any(),
            Ok(None) => view! {
                <p class="muted">"工作记录由在任的班级校友联络员填写：校友活动、投稿宣传和校友的意见建议。"</p>
            }.into_any(),
            Ok(Some(l)) => view! { <LogBook liaison=l/> }.into_any(),
        })}
    }
}
