//! 代理审批 on the to-do page: a line saying whose place the caller takes
//! today (above the work), and below it, folded, the stand-ins they named
//! and take, with a form to name one and a button to end one early. The
//! rules are `domain::standin`'s; the server checks them again.

use domain::{
    api::{NewStandIn, StandIns},
    standin::{StandIn, signed},
};
use leptos::{ev::SubmitEvent, prelude::*};

use crate::{
    api::{self, ApiError},
    components::form::Outcome,
};

pub type Loaded = LocalResource<Result<StandIns, ApiError>>;

/// The caller's stand-ins, read once for the page.
pub fn load() -> Loaded {
    LocalResource::new(api::standins)
}

/// Whose place the caller takes today, if anybody's: one line above the
/// list, saying how their decisions will be signed.
pub fn taking_line(loaded: Loaded) -> impl IntoView {
    move || {
        let s = loaded.get().and_then(Result::ok)?;
        let today = s.today.clone();
        let now: Vec<StandIn> = s
            .taking
            .into_iter()
            .filter(|x| x.holds_on(&today))
            .collect();
        (!now.is_empty()).then(|| {
            view! {
                <p class="notice taking" role="status">
                    {now.iter().map(|x| format!(
                        "您正在代{}审批（至{}），审批记录为“{}”。",
                        x.principal_name, x.until, signed(&x.deputy_name, Some(&x.principal_name))
                    )).collect::<Vec<_>>().join(" ")}
                </p>
            }
        })
    }
}

/// The name of the one whose place the caller takes today, if just one
/// (a row of their classes is marked with it).
pub fn principal_today(loaded: Loaded) -> Option<String> {
    let s = loaded.get().and_then(Result::ok)?;
    let mut now = s.taking.iter().filter(|x| x.holds_on(&s.today));
    let first = now.next()?;
    now.next().is_none().then(|| first.principal_name.clone())
}

/// The folded card: the stand-ins named and taken, the form to name one.
pub fn card(loaded: Loaded) -> impl IntoView {
    let status = RwSignal::new(None::<Result<String, String>>);
    let end = move |id: String| {
        let asked = "提前结束这项代理？结束后待办回到本人。";
        if !web_sys::window().is_some_and(|w| w.confirm_with_message(asked).unwrap_or(false)) {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::end_standin(&id).await {
                Ok(_) => {
                    status.set(Some(Ok("代理已结束，双方都已收到通知".into())));
                    loaded.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    let listed = move |items: Vec<StandIn>, mine: bool| {
        items
            .into_iter()
            .map(|x| {
                let who = if mine {
                    format!("由{}代我审批", x.deputy_name)
                } else {
                    format!("我代{}审批", x.principal_name)
                };
                let id = x.id.clone();
                view! {
                    <li>
                        <span>{format!("{who}：{}", x.range_label())}</span>
                        <button class="btn btn-quiet" type="button" on:click=move |_| end(id.clone())>"提前结束"</button>
                    </li>
                }
            })
            .collect_view()
    };
    let open = move || {
        loaded
            .get()
            .and_then(Result::ok)
            .is_some_and(|s| !s.named.is_empty() || !s.taking.is_empty())
    };
    view! {
        <details class="card standins" prop:open=open>
            <summary>"代理审批"</summary>
            <p class="hint">"出差、培训期间，可请同一身份、范围覆盖您的同事代您审批；到期自动结束，双方都会收到通知。"</p>
            {move || loaded.get().and_then(Result::ok).map(|s| view! {
                <ul class="standin-list">
                    {listed(s.named.clone(), true)}
                    {listed(s.taking.clone(), false)}
                </ul>
                {(!s.candidates.is_empty()).then(|| form(s, loaded, status))}
            })}
            <Outcome status=status/>
        </details>
    }
}

fn form(
    s: StandIns,
    loaded: Loaded,
    status: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let deputy = RwSignal::new(String::new());
    let from = RwSignal::new(s.today.clone());
    let until = RwSignal::new(s.today.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = NewStandIn {
            deputy_id: deputy.get_untracked(),
            from: from.get_untracked(),
            until: until.get_untracked(),
        };
        if body.deputy_id.is_empty() {
            status.set(Some(Err("请选择代理人".into())));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::name_standin(&body).await {
                Ok(r) => {
                    status.set(Some(Ok(format!(
                        "已设置：{}代您审批（{}），已通知对方",
                        r.standin.deputy_name,
                        r.standin.range_label()
                    ))));
                    loaded.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <form class="standin-form" on:submit=submit>
            <label for="standin-deputy">"代理人"</label>
            <select id="standin-deputy" on:change=move |ev| deputy.set(event_target_value(&ev))>
                <option value="">"请选择"</option>
                {s.candidates.into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
            </select>
            <label for="standin-from">"开始日期"</label>
            <input id="standin-from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
            <label for="standin-until">"结束日期（含当天）"</label>
            <input id="standin-until" type="date" prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev))/>
            <button class="btn btn-primary" type="submit">"设置代理"</button>
        </form>
    }
}
