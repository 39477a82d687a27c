//! 我的推荐表: the student fills in, saves, submits and follows their form.

mod editor;
#[cfg(feature = "counselor")]
mod recommend;
use editor::*;
#[cfg(feature = "counselor")]
pub use recommend::*;

#[cfg(not(any(feature = "dean", feature = "office", feature = "admin")))]
use domain::{api::CreateNomination, nomination::NominationType};
use domain::{
    api::Nomination,
    nomination::{CONDITIONS, EDUCATIONS, NominationForm, POLITICAL_STATUSES},
    org::FieldErrors,
    workflow::State,
};
use leptos::{ev::SubmitEvent, prelude::*};

#[cfg(not(any(feature = "dean", feature = "office", feature = "admin")))]
use crate::session::{Auth, use_session};
use crate::{
    api,
    components::{
        conflict::{ConflictChoices, object},
        form::Outcome,
        history::History,
    },
    local::{Outbox, SyncBadge},
};
use domain::sync::Status;

pub use crate::today;

/// A state as a coloured tag.
#[component]
pub fn StateTag(state: State) -> impl IntoView {
    let class = match state {
        State::Appointed => "tag tag-ok",
        State::Returned | State::Rejected => "tag tag-bad",
        State::Draft | State::Withdrawn => "tag",
        _ => "tag tag-wait",
    };
    view! { <span class=class>{state.label()}</span> }
}

#[cfg(not(any(
    feature = "counselor",
    feature = "dean",
    feature = "office",
    feature = "admin"
)))]
#[component]
pub fn MyNomination() -> impl IntoView {
    let auth = use_session();
    let campaigns = LocalResource::new(api::campaigns);
    let mine = LocalResource::new(|| api::nominations(""));
    let current = RwSignal::new(None::<Nomination>);
    let status = RwSignal::new(None);
    // The active nomination, else the latest one; without a connection,
    // the copy kept on this device.
    Effect::new(move |_| {
        let list = match mine.get() {
            Some(Ok(list)) => {
                crate::local::set("nominations", &list);
                list
            }
            Some(Err(e)) if e.status == 0 => {
                crate::local::get::<Vec<Nomination>>("nominations").unwrap_or_default()
            }
            _ => return,
        };
        {
            let pick = list
                .iter()
                .find(|n| n.state.active())
                .or(list.last())
                .cloned();
            current.set(pick);
        }
    });
    // The form shown is kept on the device too, for opening it offline.
    Effect::new(move |_| {
        if let Some(n) = current.get() {
            crate::local::set("nominations", &vec![n]);
        }
    });
    let campaign = move || {
        campaigns
            .get()
            .and_then(Result::ok)
            .and_then(|cs| cs.iter().find(|c| c.open).or(cs.first()).cloned())
    };
    let start = move |_| {
        let (Some(c), Auth::SignedIn(u)) = (campaign(), auth.get_untracked()) else {
            return;
        };
        let req = CreateNomination {
            form: NominationForm {
                name: u.name.clone(),
                ..Default::default()
            },
            nomination_type: NominationType::SelfNominated,
            student_id: None,
            campaign_id: c.id.clone(),
        };
        leptos::task::spawn_local(async move {
            match api::create_nomination(&req).await {
                Ok(n) => current.set(Some(n)),
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <h1 class="page-title">"校友联络员推荐表"</h1>
        {move || campaign().map(|c| view! {
            <p class="muted">{format!("{}届推荐时间：{} 至 {}", c.cohort, c.nomination_opens, c.nomination_closes)}
                {(!c.open).then_some("（当前不在推荐时间内）")}</p>
        })}
        {move || match current.get() {
            Some(n) => view! { <NominationCard n=n current=current/> }.into_any(),
            None => view! {
                <section class="card">
                    <p>"毕业生可个人自荐担任班级校友联络员。填写推荐表后提交，由辅导员、学院和校友办逐级审核。"</p>
                    <button class="btn btn-primary" on:click=start>"开始填写推荐表"</button>
                    <Outcome status=status/>
                </section>
            }.into_any(),
        }}
    }
}

/// One nomination: its state, the form (editable while allowed) and its history.
#[component]
pub fn NominationCard(n: Nomination, current: RwSignal<Option<Nomination>>) -> impl IntoView {
    let withdraw_status = RwSignal::new(None);
    let id = n.id.clone();
    let rev = n.rev;
    let withdraw = move |_| {
        let id = id.clone();
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message("确定撤回这份推荐表吗？撤回后不能恢复。")
                    .ok()
            })
            .unwrap_or(false);
        if !ok {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::nomination_step(&id, "withdraw", rev).await {
                Ok(n) => current.set(Some(n)),
                Err(e) => withdraw_status.set(Some(Err(e.message()))),
            }
        });
    };
    let withdrawable = matches!(
        n.state,
        State::Draft
            | State::Returned
            | State::PendingCounselor
            | State::PendingCollege
            | State::PendingOffice
    );
    let returned = n
        .history
        .iter()
        .rev()
        .find(|h| h.action == "return")
        .filter(|_| n.state == State::Returned)
        .cloned();
    view! {
        <section class="card">
            <p class="state-line">"状态："<StateTag state=n.state/></p>
            {returned.map(|h| view! {
                <p class="notice" role="alert">{format!("{}退回修改：{}", h.actor_name, h.opinion)}</p>
            })}
            {(n.state == State::Appointed).then(|| view! { <p class="ok">"恭喜！您已被聘任为班级校友联络员。"</p> })}
            // A signed paper copy is still asked for by many colleges.
            {(!n.state.editable()).then(|| view! {
                <p class="actions"><a class="btn" href=crate::routes::nomination_print(&n.id)>"打印推荐表"</a></p>
            })}
        </section>
        {if n.state.editable() {
            view! { <Editor n=n.clone() current=current/> }.into_any()
        } else {
            view! { <FormView n=n.clone()/> }.into_any()
        }}
        <section class="card">
            <h2>"审核记录"</h2>
            <History entries=n.history.clone()/>
            {withdrawable.then(|| view! { <button class="btn" on:click=withdraw>"撤回推荐表"</button> })}
            <Outcome status=withdraw_status/>
        </section>
    }
}

/// The form read-only, as approvers and the applicant see it after submitting.
#[component]
pub fn FormView(n: Nomination) -> impl IntoView {
    let f = n.form;
    let conditions: Vec<&str> = f
        .conditions
        .iter()
        .filter_map(|c| CONDITIONS.get(usize::from(*c).wrapping_sub(1)).copied())
        .collect();
    let rows: Vec<(&str, String)> = vec![
        ("姓名", f.name),
        ("出生年月", f.birth_month),
        ("性别", f.gender),
        ("政治面貌", f.political_status),
        ("最高学历（学位）", f.education),
        ("电话", f.phone),
        ("微信号", f.wechat),
        (
            "所在院系及专业班级",
            format!("{} {}", n.college_name, n.class_name),
        ),
        ("推荐方式", n.nomination_type.label().to_owned()),
        ("符合的基本条件", conditions.join("；")),
        ("担任的学生干部", f.cadre_posts),
        ("毕业去向", f.destination),
        ("个人简介", f.profile),
    ];
    view! {
        <section class="card">
            <h2>"推荐表内容"</h2>
            <dl class="facts form-view">
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        </section>
    }
}
