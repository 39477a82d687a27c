//! 学院报送 (SPEC §13): the dean sees the pre-flight checks of the two
//! hand-overs, writes the 说明 and confirms with the college seal; the
//! office sees every college's state and accepts or returns. The rules —
//! which check blocks, when a 说明 is needed, lateness — are
//! `domain::submission`'s, the same the server applies.

use domain::{
    Role,
    api::{Submission, Submissions},
    submission::{self, Level, State},
};
use leptos::prelude::*;

use crate::{
    api,
    session::{Auth, use_session},
};

#[component]
pub fn SubmissionsPage() -> impl IntoView {
    let role = match use_session().get_untracked() {
        Auth::SignedIn(u) => Some(u.role),
        _ => None,
    };
    let campaign = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        let c = campaign.get();
        async move { api::submissions(&c).await }
    });
    let campaigns = LocalResource::new(api::campaigns);
    view! {
        <h1 class="page-title">"学院报送"</h1>
        <p class="lead">"推荐材料（推荐表、汇总表）于推荐截止日前报送，校友数据库和毕业合影于材料截止日前报送，均须院长确认并加盖学院公章。"</p>
        {move || campaigns.get().and_then(Result::ok).filter(|c| c.len() > 1).map(|list| view! {
            <p class="actions">
                <label class="inline" for="handover-campaign">"届次"</label>
                <select id="handover-campaign" on:change=move |ev| campaign.set(event_target_value(&ev))>
                    <option value="">"最新一届"</option>
                    {list.into_iter().map(|c| view! { <option value=c.id.clone()>{format!("{}届", c.cohort)}</option> }).collect_view()}
                </select>
            </p>
        })}
        {move || data.get().map(|r| match r {
            Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Ok(list) => match role {
                Some(Role::Office) => office_table(list, reload).into_any(),
                _ => list.submissions.into_iter()
                    .map(|s| view! { <DeanCard s=s reload=reload/> })
                    .collect_view()
                    .into_any(),
            },
        })}
    }
}

fn state_tag(state: State) -> impl IntoView {
    let class = match state {
        State::Draft => "tag",
        State::Submitted => "tag tag-wait",
        State::Accepted => "tag tag-ok",
        State::Returned => "tag tag-bad",
    };
    view! { <span class=class>{state.label()}</span> }
}

fn lateness(s: &Submission) -> impl IntoView + use<> {
    let text = submission::lateness_label(s.days_late, s.version > 0);
    let class = if s.days_late > 0 { "days late" } else { "days" };
    view! { <span class=class>{text}</span> }
}

/// Every version and decision, oldest first.
fn history(s: &Submission) -> impl IntoView + use<> {
    let items = s
        .history
        .iter()
        .map(|e| {
            let what = match e.action.as_str() {
                "submitted" => format!("第 {} 版 报送（{} 行）", e.version, e.counts.rows),
                "accepted" => format!("第 {} 版 校友办已接收", e.version),
                _ => format!("第 {} 版 校友办退回", e.version),
            };
            let late = (e.action == "submitted" && e.days_late > 0)
                .then(|| format!(" · 逾期 {} 天", e.days_late));
            let note = (!e.note.is_empty()).then(|| {
                let label = if e.action == "returned" {
                    "退回理由："
                } else {
                    "说明："
                };
                view! { <q>{format!("{label}{}", e.note)}</q> }
            });
            view! {
                <li>{what}{late}
                    <span class="when">{format!("{} · {}", e.at, e.by_name)}</span>
                    {note}</li>
            }
        })
        .collect_view();
    (!s.history.is_empty()).then(|| {
        view! {
            <details class="handover-history">
                <summary>{format!("报送记录（{} 条）", s.history.len())}</summary>
                <ul class="history">{items}</ul>
            </details>
        }
    })
}

/// The dean's 说明 of the current version.
fn current_note(s: &Submission) -> impl IntoView + use<> {
    s.history
        .iter()
        .rev()
        .find(|e| e.action == "submitted" && e.version == s.version)
        .filter(|e| !e.note.is_empty())
        .map(|e| view! { <p class="handover-note">{format!("说明：{}", e.note)}</p> })
}

/// The current version's package and 报送单.
fn files(s: &Submission) -> impl IntoView + use<> {
    (s.version > 0).then(|| {
        view! {
            <a class="btn btn-quiet" download="" href=api::handover_file(s, "package.zip", s.version)>"下载材料包"</a>
            <a class="btn btn-quiet" target="_blank" href=api::handover_file(s, "cover.html", s.version)>"打印报送单"</a>
        }
    })
}

fn checks_list(s: &Submission) -> impl IntoView + use<> {
    if s.checks.is_empty() {
        return view! { <p class="ok-line">"预检通过：没有需要处理或说明的问题。"</p> }.into_any();
    }
    view! {
        <ul class="checks">
            {s.checks.iter().map(|c| {
                let (class, tag) = match c.level {
                    Level::Block => ("check check-block", "须处理"),
                    Level::Warn => ("check check-warn", "须说明"),
                };
                let who = if c.class_name.is_empty() { "本学院".to_owned() } else { c.class_name.clone() };
                view! { <li class=class><span class="check-tag">{tag}</span><strong>{who}</strong>"："{c.message.clone()}</li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One hand-over as the dean sees it: checks, 说明, the sealed confirmation.
///
/// Long: the card's markup, in the order the dean works: checks, 说明, confirmation.
#[cfg(feature = "dean")]
#[component]
fn DeanCard(s: Submission, reload: RwSignal<u32>) -> impl IntoView {
    let kind = s.kind;
    let explanation = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let field = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let checks = s.checks.clone();
    let blocked = checks.iter().any(|c| c.level == Level::Block);
    let needs_note = checks.iter().any(|c| c.level == Level::Warn);
    let (campaign, college, college_name) = (
        s.campaign_id.clone(),
        s.college.clone(),
        s.college_name.clone(),
    );
    let id = format!("explain-{}", kind.as_str());
    let send = move |_| {
        let note = explanation.get_untracked();
        match submission::may_submit(&checks, &note) {
            Err(submission::Refusal::Explanation(m)) => {
                field.set(Some(m));
                return;
            }
            Err(r) => {
                error.set(Some(r.message()));
                return;
            }
            Ok(()) => field.set(None),
        }
        let ask = format!(
            "确认以{}的名义报送“{}”，并加盖学院公章？报送后内容将被冻结。",
            college_name,
            kind.short()
        );
        if !window().confirm_with_message(&ask).unwrap_or(false) {
            return;
        }
        busy.set(true);
        let (campaign, college) = (campaign.clone(), college.clone());
        leptos::task::spawn_local(async move {
            match api::submit_handover(&campaign, &college, kind, &note).await {
                Ok(_) => {
                    error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    field.set(e.field("explanation"));
                    error.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };
    let again = s.version > 0;
    // Open when there is something to send; after a submission that still
    // stands, folded under 重新报送.
    let open = s.state == State::Draft || s.state == State::Returned || s.changes_since > 0;
    let form = view! {
        <h3>"报送前检查"</h3>
        {checks_list(&s)}
        {blocked.then(|| view! { <p class="hint">"标为“须处理”的问题解决后才能报送。推荐表请在“待办审核”中审批。"</p> })}
        <label for=id.clone()>{if needs_note { "说明（有须说明的问题，必填）" } else { "说明（选填）" }}</label>
        <textarea id=id rows="3" maxlength="1000" prop:value=move || explanation.get()
            on:input=move |ev| { field.set(None); explanation.set(event_target_value(&ev)) }></textarea>
        {move || field.get().map(|m| view! { <p class="field-error">{m}</p> })}
        {move || error.get().map(|m| view! { <p class="error">{m}</p> })}
        <p class="actions">
            <button class="btn btn-primary wide" disabled=move || blocked || busy.get() on:click=send>
                {if again { "重新报送（加盖学院公章）" } else { "确认报送（加盖学院公章）" }}
            </button>
        </p>
    };
    let form = if open {
        form.into_any()
    } else {
        view! { <details class="resubmit"><summary>"重新报送…"</summary>{form}</details> }
            .into_any()
    };
    view! {
        <section class="card handover" data-kind=kind.as_str()>
            <h2>{kind.label()}" "{state_tag(s.state)}</h2>
            <p class="handover-meta">
                {format!("截止 {}", s.due)}" · "{lateness(&s)}
                {s.submitted_at.clone().map(|t| format!(" · 第 {} 版 {} 报送", s.version, t))}
            </p>
            {current_note(&s)}
            {(s.changes_since > 0).then(|| view! {
                <p class="notice">{format!("报送后又有 {} 处变动（通讯录、合影或推荐人选），可重新报送以替换上一版。", s.changes_since)}</p>
            })}
            {(s.state == State::Returned).then(|| s.history.iter().rev().find(|e| e.action == "returned").map(|e| view! {
                <p class="error">{format!("校友办退回：{}", e.note)}</p>
            }))}
            {again.then(|| view! { <p class="actions">{files(&s)}</p> })}
            {form}
            {history(&s)}
        </section>
    }
}

#[cfg(not(feature = "dean"))]
#[component]
fn DeanCard(s: Submission, reload: RwSignal<u32>) -> impl IntoView {
    let _ = (s, reload);
}

/// Every college × both hand-overs, for the office.
#[cfg(feature = "office")]
fn office_table(list: Submissions, reload: RwSignal<u32>) -> impl IntoView {
    use std::collections::BTreeMap;
    let mut by_college: BTreeMap<String, Vec<Submission>> = BTreeMap::new();
    for s in list.submissions {
        by_college.entry(s.college.clone()).or_default().push(s);
    }
    view! {
        <section class="card">
            <h2>{format!("各学院报送（今天 {}）", list.today)}</h2>
            <div class="table-wrap" tabindex="0"><table class="handovers cards">
                <thead><tr><th>"学院"</th>
                    {submission::Kind::ALL.iter().map(|k| view! { <th>{k.short()}</th> }).collect_view()}</tr></thead>
                <tbody>{by_college.into_values().map(|subs| view! {
                    <tr>
                        <td><strong>{subs.first().map(|s| s.college_name.clone())}</strong></td>
                        {subs.into_iter().map(|s| view! { <OfficeCell s=s reload=reload/> }).collect_view()}
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
        </section>
    }
}

#[cfg(not(feature = "office"))]
fn office_table(list: Submissions, reload: RwSignal<u32>) -> impl IntoView {
    let _ = (list, reload);
}

#[cfg(feature = "office")]
#[component]
fn OfficeCell(s: Submission, reload: RwSignal<u32>) -> impl IntoView {
    use domain::submission::Decision;
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (campaign, college, kind) = (s.campaign_id.clone(), s.college.clone(), s.kind);
    let decide = move |d: Decision| {
        let r = reason.get_untracked();
        if d == Decision::Return
            && let Err(m) = submission::return_reason(&r)
        {
            error.set(Some(m));
            return;
        }
        busy.set(true);
        let (campaign, college) = (campaign.clone(), college.clone());
        leptos::task::spawn_local(async move {
            match api::decide_handover(&campaign, &college, kind, d, &r).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let decide2 = decide.clone();
    let open = s.state.may_decide();
    let blocks = s.checks.iter().filter(|c| c.level == Level::Block).count();
    let warns = s.checks.len() - blocks;
    view! {
        <td class="handover-cell" data-label=kind.short() data-college=s.college.clone() data-kind=kind.as_str()>
            <p>{state_tag(s.state)}" "{lateness(&s)}</p>
            <p class="hint">
                {match &s.submitted_at {
                    Some(t) => format!("第 {} 版 · {} · {} 行", s.version, t, s.counts.rows),
                    None => format!("截止 {} · 预检：{} 项须处理，{} 项须说明", s.due, blocks, warns),
                }}
            </p>
            {(s.changes_since > 0).then(|| view! { <p class="hint">{format!("报送后有 {} 处变动", s.changes_since)}</p> })}
            {current_note(&s)}
            <p class="actions">
                {files(&s)}
                {open.then(|| view! {
                    <button class="btn btn-quiet btn-primary" disabled=move || busy.get() on:click=move |_| decide(Decision::Accept)>"接收"</button>
                })}
            </p>
            {open.then(|| view! {
                <details class="return-form">
                    <summary>"退回…"</summary>
                    <textarea rows="2" maxlength="1000" placeholder="退回理由（必填）" aria-label="退回理由"
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <button class="btn btn-quiet" disabled=move || busy.get() on:click=move |_| decide2(Decision::Return)>"确认退回"</button>
                </details>
            })}
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            {(!s.checks.is_empty()).then(|| view! {
                <details class="handover-checks"><summary>{format!("预检 {} 项", s.checks.len())}</summary>{checks_list(&s)}</details>
            })}
            {history(&s)}
        </td>
    }
}
