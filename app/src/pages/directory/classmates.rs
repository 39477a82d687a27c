//! The September round on the directory page, for the class's liaisons
//! and counselor (SPEC §14): the class link to share in the WeChat group
//! (QR code and a ready message), the classmates' proposed changes to
//! confirm or decline one by one, and who has not answered yet.

use super::*;
use domain::{
    api::{ClassLinkEnvelope, ClassmateItem, ClassmateRound, Decision, QueuedProposal},
    directory::classmate::ProposalState,
};

/// Set from tasks that may outlive the card (the page redraws it when its
/// class changes): hence `try_set` there.
type Status = RwSignal<Option<Result<String, String>>>;

/// Writes `text` to the clipboard; whether it was written.
async fn copy(text: String) -> bool {
    use js_sys::Reflect;
    let Some(w) = web_sys::window() else {
        return false;
    };
    let clipboard = Reflect::get(&w, &"navigator".into())
        .and_then(|n| Reflect::get(&n, &"clipboard".into()))
        .ok()
        .filter(|c| !c.is_undefined());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let Some(write) = Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    match write
        .call1(&clipboard, &text.into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    {
        Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        None => false,
    }
}

/// Copies `text`, saying so (or how to copy by hand).
fn copy_to(text: String, done: &'static str, status: Status) {
    leptos::task::spawn_local(async move {
        _ = status.try_set(Some(if copy(text).await {
            Ok(done.into())
        } else {
            Err("无法自动复制，请长按（或选中）上面的文字复制".into())
        }));
    });
}

/// The class link and the round's queue.
#[component]
pub(super) fn ClassmatesCard(class: String) -> impl IntoView {
    let class = StoredValue::new(class);
    let link = RwSignal::new(None::<ClassLinkEnvelope>);
    let queue = RwSignal::new(None::<ClassmateRound>);
    let status: Status = RwSignal::new(None);
    let refresh = move || {
        let c = class.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(l) = api::class_link(&c).await {
                _ = link.try_set(Some(l));
            }
            if let Ok(q) = api::classmate_round(&c).await {
                _ = queue.try_set(Some(q));
            }
        });
    };
    refresh();
    let make = move |_| {
        let c = class.get_value();
        leptos::task::spawn_local(async move {
            match api::make_class_link(&c).await {
                Ok(l) => {
                    _ = link.try_set(Some(l));
                    _ = status.try_set(Some(Ok("已生成新链接，旧链接随即失效".into())));
                }
                Err(e) => _ = status.try_set(Some(Err(e.message()))),
            }
        });
    };
    let end = move |_| {
        let c = class.get_value();
        leptos::task::spawn_local(async move {
            match api::end_class_link(&c).await {
                Ok(l) => {
                    _ = link.try_set(Some(l));
                    _ = status.try_set(Some(Ok("链接已停用".into())));
                }
                Err(e) => _ = status.try_set(Some(Err(e.message()))),
            }
        });
    };
    let waiting = move || queue.with(|q| q.as_ref().map_or(0, |q| q.waiting.len()));
    view! {
        <section class="card" id="classmates">
            <h2>"同学自助更新" <span class="count-badge" id="classmates-waiting">{move || format!("待确认 {}", waiting())}</span></h2>
            {move || link.get().map(|l| match (l.round, l.link) {
                (None, _) => view! { <p class="muted">"校友办开启本年度更新后，可以在这里生成班级链接发到班级群。"</p> }.into_any(),
                (Some(_), None) => view! {
                    <p>"生成班级链接后发到班级群：同学用姓名和学号核对身份，只能看到并修改自己的信息，提交后由你逐项确认。"</p>
                    <p class="actions"><button class="btn btn-primary" id="link-make" on:click=make>"生成班级链接"</button></p>
                }.into_any(),
                (Some(_), Some(l)) => {
                    let message = l.message.clone();
                    view! {
                        <div class="class-link">
                            <img id="link-qr" src=api::class_link_qr(&class.get_value(), l.made_at) width="180" height="180" alt="班级链接二维码"/>
                            <div>
                                <label for="link-message">"发到班级群的消息"</label>
                                <textarea id="link-message" readonly rows="6">{l.message.clone()}</textarea>
                                <p class="actions">
                                    <button class="btn btn-primary" id="link-copy" on:click=move |_| copy_to(message.clone(), "消息已复制，可以粘贴到班级群", status)>"复制消息"</button>
                                    <button class="btn" id="link-replace" on:click=make>"更换链接"</button>
                                    <button class="btn" id="link-end" on:click=end>"停用"</button>
                                </p>
                                <p class="hint">{format!("{} 生成。更换后旧链接会提示已更换；本轮更新结束时链接自动失效。", l.made_by)}</p>
                            </div>
                        </div>
                    }.into_any()
                }
            })}
            <Outcome status=status/>
            {move || queue.get().map(|q| view! { <Queue class=class.get_value() round=q queue=queue status=status/> })}
        </section>
    }
}

/// Who waits, who was answered, who has not answered.
#[component]
fn Queue(
    class: String,
    round: ClassmateRound,
    queue: RwSignal<Option<ClassmateRound>>,
    status: Status,
) -> impl IntoView {
    let not_yet = round.not_yet.join("、");
    let n_not_yet = round.not_yet.len();
    let names = not_yet.clone();
    let class = StoredValue::new(class);
    view! {
        {(!round.waiting.is_empty()).then(|| view! { <h3>"待确认"</h3> })}
        <ul class="classmate-queue" id="classmates-queue">
            {round.waiting.into_iter().map(|item| view! { <Item class=class.get_value() item=item queue=queue status=status/> }).collect_view()}
        </ul>
        {(!round.decided.is_empty()).then(|| view! {
            <details><summary>{format!("已处理 {} 人", round.decided.len())}</summary>
                <ul class="classmate-queue">
                    {round.decided.into_iter().map(|item| view! { <Item class=class.get_value() item=item queue=queue status=status/> }).collect_view()}
                </ul>
            </details>
        })}
        {(n_not_yet > 0).then(|| view! {
            <h3>{format!("尚未填写 {n_not_yet} 人")}</h3>
            <p id="classmates-not-yet">{not_yet}</p>
            <p class="actions"><button class="btn" id="not-yet-copy" on:click=move |_| copy_to(format!("还没有更新通讯录的同学：{names}"), "名单已复制，可以在班级群里提醒", status)>"复制名单"</button></p>
        })}
    }
}

/// One classmate's submission.
#[component]
fn Item(
    class: String,
    item: ClassmateItem,
    queue: RwSignal<Option<ClassmateRound>>,
    status: Status,
) -> impl IntoView {
    let student = StoredValue::new(item.student_id.clone());
    let class = StoredValue::new(class);
    view! {
        <li data-student=item.student_id.clone()>
            <strong>{item.name.clone()}</strong>
            <ul>
                {item.proposals.into_iter().map(|p| view! {
                    <Change p=p on_decide=Callback::new(move |d: Decision| {
                        let (c, s) = (class.get_value(), student.get_value());
                        leptos::task::spawn_local(async move {
                            match api::decide_classmate(&c, &s, d).await {
                                Ok(q) => {
                                    _ = queue.try_set(Some(q));
                                    _ = status.try_set(Some(Ok("已处理".into())));
                                }
                                Err(e) => _ = status.try_set(Some(Err(e.message()))),
                            }
                        });
                    })/>
                }).collect_view()}
            </ul>
        </li>
    }
}

/// One proposed change: old → new, and what the liaison decides.
#[component]
fn Change(p: QueuedProposal, on_decide: Callback<Decision>) -> impl IntoView {
    let column = Field::from_key(&p.proposal.field).map_or("", Field::column);
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let field = StoredValue::new(p.proposal.field.clone());
    let current = StoredValue::new(p.current.clone());
    let decide = move |accept: bool| {
        on_decide.run(Decision {
            field: field.get_value(),
            accept,
            reason: reason.get_untracked(),
            current: current.get_value(),
        })
    };
    let conflict = p.proposal.state == ProposalState::Waiting && p.current != p.proposal.old;
    let state = p.proposal.state;
    view! {
        <li class="change" data-field=p.proposal.field.clone() data-state=format!("{state:?}").to_lowercase()>
            <span class="change-field">{column}</span>
            <span class="old">{if p.proposal.old.is_empty() { "（空）".to_owned() } else { p.proposal.old.clone() }}</span>
            " → "<span class="new">{p.proposal.new.clone()}</span>
            {conflict.then(|| view! {
                <p class="notice">{format!("同学提交后，此项已被改为“{}”；确认将覆盖这次修改。", p.current)}</p>
            })}
            {match state {
                ProposalState::Waiting => view! {
                    <span class="actions">
                        <button class="btn btn-primary confirm" on:click=move |_| decide(true)>"确认"</button>
                        <button class="btn decline" on:click=move |_| declining.set(true)>"不采纳"</button>
                    </span>
                    {move || declining.get().then(|| view! {
                        <span class="decline-form">
                            <input class="reason" placeholder="不采纳的原因（同学会看到）" maxlength="200"
                                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                            <button class="btn send-decline" on:click=move |_| decide(false)>"确定不采纳"</button>
                        </span>
                    })}
                }.into_any(),
                ProposalState::Confirmed => view! { <span class="ok">{format!("已确认（{}）", p.decided_by)}</span> }.into_any(),
                ProposalState::Declined => view! { <span class="muted">{format!("未采纳：{}（{}）", p.proposal.reason, p.decided_by)}</span> }.into_any(),
            }}
        </li>
    }
}
