//! Approvers' work (SPEC §5): the to-do list with counts, filters and bulk
//! approval, and one nomination with its history and the decision form.

use domain::{
    Role,
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

/// Rows per page of the to-do list.
const PAGE: u32 = 50;

fn role_of(auth: RwSignal<Auth>) -> Option<Role> {
    auth.get_untracked().user().map(|u| u.role)
}

#[component]
pub fn Todo() -> impl IntoView {
    let auth = use_session();
    let role = role_of(auth);
    let mine = role.and_then(State::waiting_for);
    let campaigns = LocalResource::new(api::campaigns);
    // Filters: state (default: waiting for me), class, type, a name or
    // number; the server filters and pages.
    let state_filter = RwSignal::new(mine.map(|s| s.as_str().to_owned()).unwrap_or_default());
    let class_filter = RwSignal::new(String::new());
    let type_filter = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let list = LocalResource::new(move || {
        let mut q = format!("?page={}&size={PAGE}", page.get());
        for (key, value) in [
            ("state", state_filter.get()),
            ("class_id", class_filter.get()),
            ("nomination_type", type_filter.get()),
            ("q", search.get()),
        ] {
            if !value.is_empty() {
                q.push_str(&format!("&{key}={}", js_sys::encode_uri_component(&value)));
            }
        }
        async move { api::nominations_page(&q).await }
    });
    let campaign = move || {
        campaigns
            .get()
            .and_then(Result::ok)
            .and_then(|cs| cs.iter().find(|c| c.open).or(cs.first()).cloned())
    };
    let summary = LocalResource::new(move || {
        let id = campaign().map(|c| c.id).unwrap_or_default();
        async move {
            if id.is_empty() {
                Ok(Default::default())
            } else {
                api::summary(&id).await.map(|s| s.classes)
            }
        }
    });
    let selected = RwSignal::new(Vec::<(String, u64)>::new());
    let opinion = RwSignal::new("同意".to_owned());
    let status = RwSignal::new(None);
    let loaded = move || list.get().and_then(Result::ok).unwrap_or_default();
    let shown = move || loaded().nominations;
    let count = move |s: State| loaded().counts.get(s.as_str()).copied().unwrap_or(0);
    // A filter change starts again from the first page.
    let set = move |signal: RwSignal<String>, value: String| {
        page.set(1);
        signal.set(value);
    };
    let pages = move || {
        let v = loaded();
        (v.total.div_ceil(u64::from(PAGE)).max(1), v.total)
    };
    // Outside `view!`: a `>` in an attribute there ends the tag.
    let on_last = move || u64::from(page.get()) >= pages().0;
    // Approves these with the opinion in 批量同意的意见: the ticked ones
    // (批量同意) or one card's 同意 (other ticks stay).
    let approve = move |items: Vec<(String, u64)>| {
        let text = opinion.get_untracked();
        leptos::task::spawn_local(async move {
            match api::bulk_approve(&items, &text).await {
                Ok(r) => {
                    let failed: Vec<String> = r
                        .results
                        .iter()
                        .filter(|o| !o.ok)
                        .filter_map(|o| o.message.clone())
                        .collect();
                    status.set(Some(if failed.is_empty() {
                        Ok(format!("已同意 {} 份", r.approved))
                    } else {
                        Err(format!(
                            "已同意 {} 份；{} 份未通过：{}",
                            r.approved,
                            failed.len(),
                            failed.join("；")
                        ))
                    }));
                    selected.update(|s| s.retain(|k| !items.contains(k)));
                    list.refetch();
                    summary.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    let bulk = move |ev: SubmitEvent| {
        ev.prevent_default();
        let items = selected.get_untracked();
        if items.is_empty() {
            status.set(Some(Err("请先勾选要同意的推荐表".into())));
        } else {
            approve(items);
        }
    };
    let approve_one = move |key: (String, u64), name: String| {
        let text = opinion.get_untracked();
        let asked = format!("同意{name}的推荐表？意见：{text}");
        if web_sys::window().is_some_and(|w| w.confirm_with_message(&asked).unwrap_or(false)) {
            approve(vec![key]);
        }
    };
    view! {
        <h1 class="page-title">"待办审核"</h1>
        <section class="card counts">
            {[State::PendingCounselor, State::PendingCollege, State::PendingOffice, State::Returned, State::Appointed].into_iter().map(|s| view! {
                <button class="count" type="button" on:click=move |_| set(state_filter, s.as_str().to_owned())>
                    <strong>{move || count(s)}</strong><span>{s.label()}</span>
                </button>
            }).collect_view()}
        </section>
        // A college or the office has hundreds of classes: the table opens
        // by itself only when it is short.
        <details class="card quota" prop:open=move || summary.get().and_then(Result::ok).is_some_and(|c| c.len() <= 20)>
            <summary>{move || format!("各班名额（{} 个班）", summary.get().and_then(Result::ok).map_or(0, |c| c.len()))}</summary>
            <div class="table-wrap" tabindex="0"><table class="cards">
                <thead><tr><th>"班级"</th><th>"名额"</th><th>"已聘任"</th><th>"审核中"</th></tr></thead>
                <tbody>
                    {move || summary.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                        <tr><td data-label="班级">{c.class_name}</td><td data-label="名额">{c.quota}</td>
                            <td data-label="已聘任">{if c.appointed_names.is_empty() { "0".to_owned() } else { format!("{}（{}）", c.appointed, c.appointed_names.join("、")) }}</td>
                            <td data-label="审核中">{c.pending}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </details>
        <section class="card">
            <div class="filters">
                <label>"状态"<select prop:value=move || state_filter.get() on:change=move |ev| set(state_filter, event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {State::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select></label>
                <label>"班级"<select on:change=move |ev| set(class_filter, event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {move || summary.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! { <option value=c.class_id>{c.class_name}</option> }).collect_view()}
                </select></label>
                <label>"推荐方式"<select on:change=move |ev| set(type_filter, event_target_value(&ev))>
                    <option value="">"全部"</option>
                    <option value="self">"个人自荐"</option>
                    <option value="class">"班级推荐"</option>
                </select></label>
                <label>"姓名或学号"<input type="search" id="todo-search" placeholder="输入后按回车"
                    on:change=move |ev| set(search, event_target_value(&ev).trim().to_owned())/></label>
            </div>
            <div class="table-wrap" tabindex="0"><table class="todo cards">
                <thead><tr><th>"姓名"</th><th>"班级"</th><th>"方式"</th><th>"状态"</th><th></th></tr></thead>
                <tbody>
                    {move || shown().into_iter().map(|n| {
                        let mine_now = Some(n.state) == mine;
                        let key = (n.id.clone(), n.rev);
                        let name = n.student_name.clone();
                        let pick = mine_now.then(|| {
                            let (k1, k2) = (key.clone(), key.clone());
                            view! { <input type="checkbox" aria-label=format!("选择{name}")
                                prop:checked=move || selected.with(|s| s.contains(&k1))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let k = k2.clone();
                                    selected.update(|s| { s.retain(|x| x.0 != k.0); if on { s.push(k); } });
                                }/> }
                        });
                        view! {
                            <tr>
                                <td><span class="pick">{pick}<a href=crate::routes::nomination(&n.id)>{name.clone()}</a></span></td>
                                <td data-label="班级">{n.class_name.clone()}</td>
                                <td data-label="方式">{n.nomination_type.label()}</td>
                                <td data-label="状态"><StateTag state=n.state/></td>
                                <td class="row-actions">{mine_now.then(|| {
                                    let label = format!("同意{name}");
                                    view! {
                                        <button class="btn btn-quiet" type="button" aria-label=label
                                            on:click=move |_| approve_one(key.clone(), name.clone())>"同意"</button>
                                    }
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            <nav class="pager" aria-label="翻页">
                <button class="btn" type="button" prop:disabled=move || page.get() <= 1
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>"上一页"</button>
                <span>{move || { let (n, total) = pages(); format!("第 {} / {n} 页，共 {total} 份", page.get()) }}</span>
                <button class="btn" type="button" prop:disabled=on_last
                    on:click=move |_| page.update(|p| *p += 1)>"下一页"</button>
            </nav>
            {mine.map(|_| view! {
                <form class="bulk" on:submit=bulk>
                    <label for="bulk-opinion">"批量同意的意见"</label>
                    <input id="bulk-opinion" prop:value=move || opinion.get() on:input=move |ev| opinion.set(event_target_value(&ev))/>
                    <button class="btn btn-primary" type="submit">{move || format!("批量同意（{}）", selected.with(Vec::len))}</button>
                </form>
            })}
            <Outcome status=status/>
        </section>
    }
}

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
    let my_turn = role_of(auth).and_then(State::waiting_for) == Some(nom.state);
    let print = crate::routes::nomination_print(&nom.id);
    view! {
        <h1 class="page-title">{format!("{}的推荐表", nom.student_name)}</h1>
        <section class="card">
            <p class="state-line">{format!("{} · {} · ", nom.class_name, nom.nomination_type.label())}<StateTag state=nom.state/></p>
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
