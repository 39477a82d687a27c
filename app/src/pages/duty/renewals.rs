//! The office's review of terms ending within 90 days (连任 or 不再续聘).

use super::*;

/// 续聘审核 (office): terms ending within 90 days, each with its record
/// and the two decisions.
#[component]
pub fn RenewalsPage() -> impl IntoView {
    let data = LocalResource::new(api::renewals);
    let changed = Callback::new(move |_: ()| data.refetch());
    view! {
        <h1 class="page-title">"续聘审核"</h1>
        <p class="muted">"任期将在 90 天内届满的联络员，附任期内的工作记录。连任延长一个任期；不再续聘须写明原因，任期到期后自动结束。"</p>
        {move || data.get().map(|r| match r {
            Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Ok(d) if d.renewals.is_empty() => view! {
                <p class="muted">"目前没有 90 天内任期届满的联络员。"</p>
            }.into_any(),
            Ok(d) => view! {
                <ul class="log-list">
                    {d.renewals.into_iter().map(|r| view! { <RenewalCard r=r changed=changed/> }).collect_view()}
                </ul>
            }.into_any(),
        })}
    }
}

#[component]
pub(super) fn RenewalCard(r: domain::api::RenewalRow, changed: Callback<()>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(r.liaison.id.clone());
    let decide = move |step: &'static str| {
        move |_| {
            busy.set(true);
            leptos::task::spawn_local(async move {
                match api::liaison_step(&id.get_value(), step, &reason.get_untracked()).await {
                    Ok(()) => changed.run(()),
                    Err(e) => {
                        status.set(Some(Err(e.field("reason").unwrap_or_else(|| e.message()))))
                    }
                }
                busy.set(false);
            });
        }
    };
    let t = r.tally;
    let l = &r.liaison;
    let reason_id = format!("reason-{}", l.id);
    view! {
        <li class="card renewal">
            <h2>{format!("{} · {}", l.name, l.display_name)}</h2>
            <dl class="facts">
                <dt>"学院"</dt><dd>{l.college_name.clone()}</dd>
                <dt>"任期"</dt><dd>{format!("{} 至 {}（剩 {} 天）", l.term_start, l.term_end, r.days_left)}</dd>
                <dt>"校友活动"</dt><dd>{format!("{} 次，{} 人次；最近一次 {}", t.activities, t.participants,
                    if r.last_activity.is_empty() { "无".to_owned() } else { r.last_activity.clone() })}</dd>
                <dt>"投稿宣传"</dt><dd>{format!("{} 篇", t.articles)}</dd>
                <dt>"意见建议"</dt><dd>{format!("{} 条（已处理 {}）", t.feedback_handled + t.feedback_open, t.feedback_handled)}</dd>
                <dt>"班级通讯录"</dt><dd>{format!("{}/{} 条完整；{} 次年度确认", r.class.directory_complete, r.class.directory_entries, r.class.rounds_confirmed)}</dd>
                <dt>"毕业合影"</dt><dd>{format!("照片{}，名单{}", yes_no(r.class.photo), yes_no(r.class.names))}</dd>
            </dl>
            {r.decision.clone().map(|d| view! {
                <p class="notice">{format!("已决定：{}（{} {}）{}", d.decision.label(), d.by, d.on,
                    if d.reason.is_empty() { String::new() } else { format!("：{}", d.reason) })}</p>
            })}
            <label for=reason_id.clone()>"原因或说明（不再续聘时必填）"</label>
            <input id=reason_id prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            <p class="actions">
                <button class="btn btn-primary" type="button" disabled=move || busy.get() on:click=decide("renew")>"连任"</button>
                <button class="btn" type="button" disabled=move || busy.get() on:click=decide("decline")>"不再续聘"</button>
            </p>
            <Outcome status=status/>
        </li>
    }
}
