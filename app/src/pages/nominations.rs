//! 我的推荐表: the student fills in, saves, submits and follows their form.

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
                <p class="actions"><a class="btn" href=format!("/nominations/{}/print", n.id)>"打印推荐表"</a></p>
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

/// The editable form, checked as the user types by the rules the server applies.
#[component]
fn Editor(n: Nomination, current: RwSignal<Option<Nomination>>) -> impl IntoView {
    // Every change is kept on this device at once and sent when the server
    // can be reached (SPEC §9); a draft kept here wins over the copy it was
    // based on.
    let outbox = Outbox::<NominationForm>::load(format!("nom:{}", n.id));
    let base = StoredValue::new(n.form.clone());
    let form = RwSignal::new(
        outbox
            .pending(&n.id)
            .map(|p| p.value)
            .unwrap_or(n.form.clone()),
    );
    let rev = RwSignal::new(n.rev);
    let id = StoredValue::new(n.id.clone());
    let touched = RwSignal::new(std::collections::BTreeSet::<&'static str>::new());
    let show_all = RwSignal::new(false);
    let server_errors = RwSignal::new(FieldErrors::new());
    let status = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let today = today();
    let sync = move || {
        outbox.flush(
            |p| async move {
                let id = p.target.clone();
                api::sync_nomination(&id, p).await
            },
            move |t, r, v| {
                if outbox.pending(t).is_none() {
                    base.set_value(v.clone());
                }
                rev.set(r);
                if form.with_untracked(|f| *f != v) {
                    form.set(v);
                }
            },
            move |_, e| status.set(Some(Err(e.message()))),
        )
    };
    Effect::new(move |_| {
        let f = form.get();
        let t = id.get_value();
        if outbox.pending(&t).is_none() && base.with_value(|b| *b == f) {
            return;
        }
        outbox.record(&t, rev.get_untracked(), &base.get_value(), f);
        set_timeout(sync, std::time::Duration::from_millis(800));
    });
    let conflict = move || {
        outbox.queue.with(|q| {
            q.get(&id.get_value())
                .filter(|p| !p.conflicts.is_empty())
                .cloned()
        })
    };
    let errors = Memo::new(move |_| form.with(|f| f.check(&today).err().unwrap_or_default()));
    let error_of = move |field: &'static str| {
        move || {
            let shown = show_all.get() || touched.with(|t| t.contains(field));
            server_errors.with(|e| e.get(field).cloned()).or_else(|| {
                shown
                    .then(|| errors.with(|e| e.get(field).cloned()))
                    .flatten()
            })
        }
    };
    let text = move |field: &'static str,
                     label: &'static str,
                     get: fn(&NominationForm) -> String,
                     set: fn(&mut NominationForm, String),
                     kind: &'static str| {
        let err = error_of(field);
        view! {
            <label for=field>{label}</label>
            <input id=field type=kind prop:value=move || form.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| set(f, v));
                    server_errors.update(|e| { e.remove(field); });
                }
                on:blur=move |_| touched.update(|t| { t.insert(field); })/>
            {move || err().map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    let choice = move |field: &'static str,
                       label: &'static str,
                       options: &'static [&'static str],
                       get: fn(&NominationForm) -> String,
                       set: fn(&mut NominationForm, String)| {
        let err = error_of(field);
        view! {
            <label for=field>{label}</label>
            <select id=field prop:value=move || form.with(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| set(f, v));
                    touched.update(|t| { t.insert(field); });
                }>
                <option value="">"请选择"</option>
                {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
            </select>
            {move || err().map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    // Submitting saves what is on screen first (the draft is in sync, so
    // this revision is the server's), then submits.
    let save_and_submit = move || {
        busy.set(true);
        status.set(None);
        let f = form.get_untracked();
        leptos::task::spawn_local(async move {
            let id = id.get_value();
            let result = match api::save_nomination(&id, rev.get_untracked(), &f).await {
                Ok(n) => {
                    rev.set(n.rev);
                    api::nomination_step(&id, "submit", n.rev).await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(n) => current.set(Some(n)),
                Err(e) => {
                    // Nothing typed is lost: the form stays as it is, and
                    // without a connection it waits on the device.
                    if e.status == 0 {
                        outbox.record(&id, rev.get_untracked(), &base.get_value(), f.clone());
                    }
                    if let Some(b) = &e.body {
                        server_errors.set(b.error.fields.clone());
                    }
                    show_all.set(true);
                    status.set(Some(Err(e.message())));
                }
            }
            busy.set(false);
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        show_all.set(true);
        if !errors.with(|e| e.is_empty()) {
            status.set(Some(Err("还有内容需要修改，请查看标红的提示".into())));
            return;
        }
        match outbox.status() {
            Status::Syncing(_) => {
                status.set(Some(Err("正在同步草稿，请稍候再提交".into())));
            }
            Status::Conflict(_) => {
                status.set(Some(Err("请先处理上方两个版本不同的内容，再提交".into())));
            }
            _ => {
                // Submitting saves what is on screen itself.
                outbox.forget(&id.get_value());
                save_and_submit();
            }
        }
    };
    let profile_err = error_of("profile");
    let cond_err = error_of("conditions");
    let count = move || form.with(|f| f.profile.trim().chars().count());
    view! {
        <form class="card nomination-form" on:submit=submit novalidate>
            <h2>"填写推荐表" <SyncBadge status=Signal::derive(move || outbox.status())/></h2>
            {move || conflict().map(|p| {
                let theirs = p.theirs.map(|t| object(&t.1)).unwrap_or_default();
                view! {
                    <ConflictChoices mine=object(&p.value) theirs=theirs keys=p.conflicts
                        label=domain::nomination::field_label
                        done=Callback::new(move |m| {
                            if let Ok(f) = serde_json::from_value::<NominationForm>(serde_json::Value::Object(m)) {
                                outbox.resolve(&id.get_value(), f.clone());
                                form.set(f);
                                sync();
                            }
                        })/>
                }
            })}
            {text("name", "姓名", |f| f.name.clone(), |f, v| f.name = v, "text")}
            {text("birth_month", "出生年月（如 2002-05）", |f| f.birth_month.clone(), |f, v| f.birth_month = v, "text")}
            {choice("gender", "性别", &["男", "女"], |f| f.gender.clone(), |f, v| f.gender = v)}
            {choice("political_status", "政治面貌", &POLITICAL_STATUSES, |f| f.political_status.clone(), |f, v| f.political_status = v)}
            {choice("education", "最高学历（学位）", &EDUCATIONS, |f| f.education.clone(), |f, v| f.education = v)}
            {text("phone", "手机号", |f| f.phone.clone(), |f, v| f.phone = v, "tel")}
            {text("wechat", "微信号", |f| f.wechat.clone(), |f, v| f.wechat = v, "text")}
            <fieldset class="choices">
                <legend>"基本条件（前四项须全部符合）"</legend>
                {CONDITIONS.iter().enumerate().map(|(i, c)| {
                    let n = i as u8 + 1;
                    view! {
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || form.with(|f| f.conditions.contains(&n))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    form.update(|f| {
                                        f.conditions.retain(|x| *x != n);
                                        if on { f.conditions.push(n); }
                                    });
                                    touched.update(|t| { t.insert("conditions"); });
                                }/>
                            {format!("{n}. {c}")}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || cond_err().map(|m| view! { <p class="field-error">{m}</p> })}
            {text("cadre_posts", "担任过的学生干部职务", |f| f.cadre_posts.clone(), |f, v| f.cadre_posts = v, "text")}
            {text("destination", "毕业去向（工作单位、升学院校或所在城市）", |f| f.destination.clone(), |f, v| f.destination = v, "text")}
            <label for="profile">"个人简介"</label>
            <textarea id="profile" rows="6" prop:value=move || form.with(|f| f.profile.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| f.profile = v);
                    server_errors.update(|e| { e.remove("profile"); });
                }
                on:blur=move |_| touched.update(|t| { t.insert("profile"); })></textarea>
            <p class="hint">{move || format!("{}/{} 字（至少{}字）", count(), domain::nomination::PROFILE_MAX, domain::nomination::PROFILE_MIN)}</p>
            {move || profile_err().map(|m| view! { <p class="field-error">{m}</p> })}
            <Outcome status=status/>
            <div class="actions">
                <button class="btn" type="button" disabled=move || busy.get() on:click=move |_| sync()>"保存草稿"</button>
                <button class="btn btn-primary" type="submit" disabled=move || busy.get()>"提交审核"</button>
            </div>
        </form>
    }
}

/// 班级推荐: a counselor recommends a student of one of their classes.
#[cfg(feature = "counselor")]
#[component]
pub fn Recommend() -> impl IntoView {
    let auth = use_session();
    let me = match auth.get_untracked() {
        Auth::SignedIn(u) => u.id,
        _ => String::new(),
    };
    let campaigns = LocalResource::new(api::campaigns);
    let classes = LocalResource::new(api::classes);
    let mine = LocalResource::new(|| api::nominations("?nomination_type=class&size=200"));
    let class = RwSignal::new(String::new());
    let student = RwSignal::new(String::new());
    let roster = LocalResource::new(move || {
        let c = class.get();
        async move {
            if c.is_empty() {
                Ok(vec![])
            } else {
                api::class_students(&c).await
            }
        }
    });
    let status = RwSignal::new(None);
    let navigate = leptos_router::hooks::use_navigate();
    let start = move |ev: SubmitEvent| {
        ev.prevent_default();
        let campaign = campaigns
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|cs| cs.into_iter().find(|c| c.open));
        let pick = roster
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|r| r.into_iter().find(|s| s.id == student.get_untracked()));
        let (Some(campaign), Some(pick)) = (campaign, pick) else {
            status.set(Some(Err("请选择班级和学生（且须在推荐时间内）".into())));
            return;
        };
        let req = CreateNomination {
            form: NominationForm {
                name: pick.name.clone(),
                gender: pick.gender.clone().unwrap_or_default(),
                ..Default::default()
            },
            nomination_type: NominationType::Class,
            student_id: Some(pick.id.clone()),
            campaign_id: campaign.id.clone(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::create_nomination(&req).await {
                Ok(n) => navigate(&format!("/nominations/{}", n.id), Default::default()),
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <h1 class="page-title">"班级推荐"</h1>
        <form class="card grid-form" on:submit=start novalidate>
            <div>
                <label for="rec-class">"班级"</label>
                <select id="rec-class" on:change=move |ev| { class.set(event_target_value(&ev)); student.set(String::new()); }>
                    <option value="">"请选择"</option>
                    {move || classes.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|c| view! { <option value=c.id.clone()>{c.display_name}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="rec-student">"学生"</label>
                <select id="rec-student" prop:value=move || student.get() on:change=move |ev| student.set(event_target_value(&ev))>
                    <option value="">"请选择"</option>
                    {move || roster.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|s| view! { <option value=s.id.clone()>{format!("{} {}", s.username, s.name)}</option> }).collect_view()}
                </select>
            </div>
            <div class="form-actions"><button class="btn btn-primary" type="submit">"为该生填写推荐表"</button></div>
            <Outcome status=status/>
        </form>
        <section class="card">
            <h2>"我推荐的学生"</h2>
            <ul class="plain-list">
                {move || mine.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|n| n.created_by == me).map(|n| view! {
                    <li><a href=format!("/nominations/{}", n.id)>{format!("{}（{}）", n.student_name, n.class_name)}</a>" "<StateTag state=n.state/></li>
                }).collect_view()}
            </ul>
        </section>
    }
}
