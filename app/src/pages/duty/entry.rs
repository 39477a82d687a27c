//! One entry: its form (new or changed), its card, and a teacher's reply to feedback.

use super::*;

/// The form of one entry, checked as typed with `domain::duty::check`
/// (messages once the liaison tried to save, or for fields they left).
///
/// Long: most of it is the form's markup, field by field in the paper log's order; what is
/// above it is this form's own state.
#[component]
pub(super) fn EntryForm(
    draft: RwSignal<Draft>,
    term_start: String,
    outbox: Outbox<LogInput>,
    status: RwSignal<Option<Result<String, String>>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let today = today();
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        draft.with(|d| {
            duty::check(
                &d.input,
                duty::Term {
                    start: &term_start,
                    today: &today,
                },
            )
        })
    });
    let error = move |field: &'static str| {
        move || {
            tried
                .get()
                .then(|| errors.with(|e| e.get(field).cloned()))
                .flatten()
                .map(|m| view! { <p class="field-error">{m}</p> })
        }
    };
    let invalid = move |field: &'static str| {
        move || (tried.get() && errors.with(|e| e.contains_key(field))).to_string()
    };
    let kind = move || draft.with(|d| d.input.kind);
    let set = move |f: fn(&mut LogInput, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            draft.update(|d| f(&mut d.input, v));
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !errors.with_untracked(|e| e.is_empty()) {
            status.set(Some(Err("请按提示修改后再保存".into())));
            return;
        }
        let d = draft.get_untracked();
        let input = duty::normalise(&d.input);
        match d.entry {
            Some((entry, rev, base)) => outbox.record(&entry, rev, &base, input),
            None => outbox.record(&local::new_id(), 0, &LogInput::default(), input),
        }
        draft.set(Draft::fresh(d.input.kind));
        tried.set(false);
        status.set(Some(Ok("已保存到本机，联网后自动同步".into())));
        on_saved.run(());
    };
    let cancel = move |_| {
        draft.set(Draft::fresh(kind()));
        tried.set(false);
    };
    view! {
        <form id="log-form" class="card log-form" on:submit=save novalidate=true>
            <h2>{move || if draft.with(|d| d.entry.is_some()) { "修改记录" } else { "记一笔" }}</h2>
            <div class="segmented" role="radiogroup" aria-label="记录类型">
                {LogKind::ALL.map(|k| view! {
                    <button type="button" role="radio" aria-checked=move || (kind() == k).to_string()
                        class=move || if kind() == k { "seg on" } else { "seg" }
                        on:click=move |_| draft.update(|d| d.input.kind = k)>{k.label()}</button>
                })}
            </div>
            <label for="log-date">"日期"</label>
            <input id="log-date" type="date" prop:value=move || draft.with(|d| d.input.date.clone())
                on:input=set(|i, v| i.date = v) aria-invalid=invalid("date")/>
            {error("date")}
            <label for="log-title">{move || if kind() == LogKind::Feedback { "标题（可不填）" } else { "标题" }}</label>
            <input id="log-title" prop:value=move || draft.with(|d| d.input.title.clone())
                on:input=set(|i, v| i.title = v) aria-invalid=invalid("title")/>
            {error("title")}
            {move || (kind() != LogKind::Feedback).then(|| view! {
                <label for="log-place">{kind().place_label()}</label>
                <input id="log-place" prop:value=move || draft.with(|d| d.input.place.clone())
                    on:input=set(|i, v| i.place = v) aria-invalid=invalid("place")/>
                {error("place")}
            })}
            {move || (kind() == LogKind::Activity).then(|| view! {
                <label for="log-participants">"参加人数"</label>
                <input id="log-participants" type="number" inputmode="numeric" min="1"
                    prop:value=move || draft.with(|d| d.input.participants.map(|n| n.to_string()).unwrap_or_default())
                    on:input=set(|i, v| i.participants = v.trim().parse().ok()) aria-invalid=invalid("participants")/>
                {error("participants")}
            })}
            {move || (kind() == LogKind::Article).then(|| view! {
                <label for="log-link">"文章链接"</label>
                <input id="log-link" type="url" placeholder="https://" prop:value=move || draft.with(|d| d.input.link.clone())
                    on:input=set(|i, v| i.link = v) aria-invalid=invalid("link")/>
                {error("link")}
            })}
            <label for="log-text">{move || match kind() {
                LogKind::Activity => "活动情况",
                LogKind::Article => "正文或摘要（没有链接时必填）",
                LogKind::Feedback => "校友的意见或建议",
            }}</label>
            <textarea id="log-text" rows="4" prop:value=move || draft.with(|d| d.input.text.clone())
                on:input=set(|i, v| i.text = v) aria-invalid=invalid("text")></textarea>
            {error("text")}
            {move || (kind() == LogKind::Feedback).then(|| view! {
                <label class="choice"><input type="checkbox" prop:checked=move || draft.with(|d| d.input.consent)
                    on:change=move |ev| draft.update(|d| d.input.consent = event_target_checked(&ev))/>
                    "校友同意学校就此与其联系"</label>
            })}
            {move || (kind() == LogKind::Activity && draft.with(|d| d.entry.is_none())).then(|| view! {
                <p class="hint">"保存并同步后可为活动添加照片（最多 3 张）。"</p>
            })}
            <p class="actions">
                <button class="btn btn-primary" type="submit">"保存"</button>
                {move || draft.with(|d| d.entry.is_some()).then(|| view! {
                    <button class="btn" type="button" on:click=cancel>"取消修改"</button>
                })}
            </p>
        </form>
    }
}

/// One entry: what was done, its photos, the reply; the liaison's and the
/// staff's actions on it.
///
/// Long: the card's markup, with each role's actions beside what they act on.
#[component]
pub(super) fn EntryCard(
    entry: LogEntry,
    liaison: String,
    /// Saved on this device, not yet (all) on the server.
    local: bool,
    can_write: bool,
    can_reply: bool,
    edit: Callback<LogEntry>,
    changed: Callback<()>,
) -> impl IntoView {
    let status = RwSignal::new(None::<Result<String, String>>);
    let e = StoredValue::new(entry.clone());
    let liaison = StoredValue::new(liaison);
    let i = &entry.input;
    let editable = can_write && !local && duty::may_edit(i.kind, !entry.reply.is_empty()).is_ok();
    let remove = move |_| {
        let ok = window()
            .confirm_with_message("删除这条记录？")
            .unwrap_or(false);
        if !ok {
            return;
        }
        let (l, x) = (liaison.get_value(), e.get_value());
        leptos::task::spawn_local(async move {
            match api::delete_log(&l, &x.id, x.rev).await {
                Ok(()) => changed.run(()),
                Err(err) => status.set(Some(Err(err.message()))),
            }
        });
    };
    let file = NodeRef::<html::Input>::new();
    let upload = move |_| {
        let Some(f) = crate::components::form::chosen(file) else {
            status.set(Some(Err("请先选择照片（JPEG 或 PNG）".into())));
            return;
        };
        let (l, x) = (liaison.get_value(), e.get_value());
        status.set(Some(Ok("正在上传…".into())));
        leptos::task::spawn_local(async move {
            match api::upload_log_photo(&l, &x.id, &f).await {
                Ok(()) => changed.run(()),
                Err(err) => status.set(Some(Err(err.message()))),
            }
        });
    };
    let photos = entry
        .photos
        .iter()
        .map(|p| {
            let src = crate::api::log_photo_url(&entry.liaison_id, &entry.id, p);
            view! { <img class="log-photo" src=src alt="活动照片" loading="lazy"/> }
        })
        .collect_view();
    let photo_input = format!("photo-{}", entry.id);
    let can_add_photo =
        editable && i.kind == LogKind::Activity && entry.photos.len() < duty::MAX_PHOTOS;
    view! {
        <li class="card log-entry">
            <p class="log-head">
                <span class="tag">{i.kind.label()}</span>
                <span class="muted">{i.date.clone()}</span>
                {local.then(|| view! { <span class="tag tag-wait">"待同步"</span> })}
                {entry.overdue.then(|| view! { <span class="tag tag-bad">"超过 14 天未处理"</span> })}
                {(i.kind == LogKind::Feedback && !local).then(|| if entry.handled {
                    view! { <span class="tag tag-ok">"已处理"</span> }.into_any()
                } else {
                    view! { <span class="tag tag-wait">"待处理"</span> }.into_any()
                })}
            </p>
            {(!i.title.is_empty()).then(|| view! { <h3>{i.title.clone()}</h3> })}
            {(!entry.liaison_name.is_empty() && can_reply).then(|| view! {
                <p class="muted">{format!("{} · {}", entry.display_name, entry.liaison_name)}</p>
            })}
            {(!i.place.is_empty()).then(|| view! { <p>{format!("{}：{}", i.kind.place_label(), i.place)}</p> })}
            {i.participants.map(|n| view! { <p>{format!("参加 {n} 人")}</p> })}
            {(!i.text.is_empty()).then(|| view! { <p class="log-text">{i.text.clone()}</p> })}
            {(!i.link.is_empty()).then(|| view! {
                <p><a href=i.link.clone() target="_blank" rel="noopener noreferrer">"打开文章链接"</a></p>
            })}
            {i.consent.then(|| view! { <p class="muted">"校友同意学校与其联系"</p> })}
            {(!entry.photos.is_empty()).then(|| view! { <div class="log-photos">{photos}</div> })}
            {(!entry.reply.is_empty()).then(|| view! {
                <div class="log-reply">
                    <p class="muted">{format!("{} 于 {} 回复：", entry.replied_by, entry.replied_on)}</p>
                    <p>{entry.reply.clone()}</p>
                </div>
            })}
            {can_add_photo.then(|| view! {
                <div class="filters">
                    <label for=photo_input.clone()>{format!("添加活动照片（JPEG 或 PNG，已有 {} 张，最多 3 张）", entry.photos.len())}</label>
                    <input id=photo_input type="file" accept="image/jpeg,image/png" node_ref=file/>
                    <button class="btn" type="button" on:click=upload>"上传照片"</button>
                </div>
            })}
            {editable.then(|| view! {
                <p class="actions">
                    <button class="btn" type="button" on:click=move |_| edit.run(e.get_value())>"修改"</button>
                    <button class="btn" type="button" on:click=remove>"删除"</button>
                </p>
            })}
            {(can_reply && i.kind == LogKind::Feedback).then(|| view! {
                <ReplyForm entry=e.get_value() changed=changed/>
            })}
            <Outcome status=status/>
        </li>
    }
}

/// Staff answer a feedback entry and may mark it handled.
#[component]
pub(super) fn ReplyForm(entry: LogEntry, changed: Callback<()>) -> impl IntoView {
    let text = RwSignal::new(entry.reply.clone());
    let handled = RwSignal::new(true);
    let status = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let ids = StoredValue::new((entry.liaison_id.clone(), entry.id.clone()));
    let input_id = format!("reply-{}", entry.id);
    let send = move |_| {
        if let Err(m) = duty::reply_text(&text.get_untracked()) {
            status.set(Some(Err(m)));
            return;
        }
        let (l, x) = ids.get_value();
        let body = LogReply {
            text: text.get_untracked(),
            handled: handled.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::reply_log(&l, &x, &body).await {
                Ok(()) => changed.run(()),
                Err(e) => status.set(Some(Err(e.message()))),
            }
            busy.set(false);
        });
    };
    let form = view! {
        <label for=input_id.clone()>"回复联络员"</label>
        <textarea id=input_id rows="2" prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        <label class="choice"><input type="checkbox" prop:checked=move || handled.get()
            on:change=move |ev| handled.set(event_target_checked(&ev))/>"标为已处理"</label>
        <p class="actions"><button class="btn btn-primary" type="button" on:click=send disabled=move || busy.get()>"回复"</button></p>
        <Outcome status=status/>
    };
    // Answered: the form folds away until someone wants to change it.
    if entry.reply.is_empty() {
        view! { <div class="log-reply-form">{form}</div> }.into_any()
    } else {
        view! { <details class="log-reply-form"><summary>"修改回复"</summary>{form}</details> }
            .into_any()
    }
}
