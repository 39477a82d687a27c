//! Approvers' work (SPEC §5): the to-do list with counts, filters and bulk
//! approval (`todo.rs`), and one nomination with its history and the
//! decision form.

use domain::{
    api::{DecisionRequest, Nomination},
    workflow::{Decision, State},
};
use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::use_params_map;

use crate::{
    api,
    components::{form::Outcome, history::History},
    pages::nominations::{FormView, StateTag},
    session::{Auth, use_session},
};

#[cfg(any(feature = "dean", feature = "office"))]
mod copies;
#[cfg(any(feature = "dean", feature = "office"))]
mod robots;
mod signature;
mod standins;
mod todo;
pub use todo::Todo;

#[component]
pub fn Detail() -> impl IntoView {
    let auth = use_session();
    let is_applicant = move |n: &Nomination| matches!(auth.get_untracked(), Auth::SignedIn(u) if u.id == n.created_by);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let n = LocalResource::new(move || {
        let id = id();
        async move { api::nomination(&id).await }
    });
    view! {
        {move || match n.get() {
            None => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Err(e)) => view! { <section class="card"><p class="error">{e.message()}</p></section> }.into_any(),
            Some(Ok(nom)) if is_applicant(&nom) => applicant_view(nom),
            Some(Ok(nom)) => view! { <DetailView nom=nom reload=n/> }.into_any(),
        }}
    }
}

/// The applicant's own form, editable while allowed: among staff only
/// counselors apply (班级推荐), so only their bundle carries the editor.
#[cfg(feature = "counselor")]
fn applicant_view(nom: Nomination) -> AnyView {
    use crate::pages::nominations::NominationCard;
    let current = RwSignal::new(Some(nom));
    view! {
        {move || current.get().map(|nom| view! {
            <h1 class="page-title">{format!("{}的推荐表", nom.student_name)}</h1>
            <NominationCard n=nom current=current/>
        })}
    }
    .into_any()
}

#[cfg(not(feature = "counselor"))]
fn applicant_view(nom: Nomination) -> AnyView {
    view! { <FormView n=nom/> }.into_any()
}

#[component]
fn DetailView(
    nom: Nomination,
    reload: LocalResource<Result<Nomination, api::ApiError>>,
) -> impl IntoView {
    let auth = use_session();
    let my_turn = !nom.copied_to_you
        && auth
            .get_untracked()
            .user()
            .and_then(|u| State::waiting_for(u.role))
            == Some(nom.state);
    let print = crate::routes::nomination_print(&nom.id);
    view! {
        <h1 class="page-title">{format!("{}的推荐表", nom.student_name)}</h1>
        <section class="card">
            <p class="state-line">{format!("{} · {} · ", nom.class_name, nom.nomination_type.label())}<StateTag state=nom.state/></p>
            {nom.copied_to_you.then(|| view! { <p class="hint copied">"抄送给您阅知：只读，无需审批。"</p> })}
            <a class="btn" href=print>"打印推荐表"</a>
        </section>
        {my_turn.then(|| view! { <DecisionForm nom=nom.clone() reload=reload/> })}
        <FormView n=nom.clone()/>
        <section class="card">
            <h2>"审核记录"</h2>
            <History entries=nom.history.clone()/>
        </section>
    }
}

#[component]
fn DecisionForm(
    nom: Nomination,
    reload: LocalResource<Result<Nomination, api::ApiError>>,
) -> impl IntoView {
    let decision = RwSignal::new(Decision::Approve);
    let opinion = RwSignal::new(String::new());
    let status = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let stage = nom.state.stage().map(|s| s.label()).unwrap_or_default();
    let id = StoredValue::new(nom.id.clone());
    let rev = nom.rev;
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = DecisionRequest {
            decision: decision.get_untracked(),
            opinion: opinion.get_untracked(),
        };
        if req.decision != Decision::Approve && req.opinion.trim().is_empty() {
            status.set(Some(Err("退回修改或不同意时必须填写意见".into())));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::decide(&id.get_value(), rev, &req).await {
                Ok(_) => reload.refetch(),
                Err(e) => status.set(Some(Err(e.message()))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card decision" on:submit=submit novalidate>
            <h2>{stage}</h2>
            <fieldset class="choices">
                <legend>"审核决定"</legend>
                {[Decision::Approve, Decision::Return, Decision::Reject].into_iter().map(|d| view! {
                    <label class="choice">
                        <input type="radio" name="decision" prop:checked=move || decision.get() == d on:change=move |_| decision.set(d)/>
                        {d.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <label for="opinion">"意见"</label>
            <textarea id="opinion" rows="3" prop:value=move || opinion.get() on:input=move |ev| opinion.set(event_target_value(&ev))></textarea>
            <Outcome status=status/>
            <button class="btn btn-primary" type="submit" disabled=move || busy.get()>"提交审核意见"</button>
        </form>
    }
}
