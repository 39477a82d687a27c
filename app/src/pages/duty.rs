//! 工作记录 (SPEC §13): a liaison writes down activities, articles and
//! alumni feedback on the phone — kept on the device as typed and sent
//! through the outbox, so a weak connection loses nothing. College staff
//! and the office read the logs in their scope, answer feedback and see the
//! counts per college and year; the office reviews terms ending soon.
//! The rules are `domain::duty`'s, the same the server applies.

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

/// What is being typed: a new entry, or a change of `entry` (id, revision
/// and the server's values it started from). Kept on the device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    entry: Option<(String, u64, LogInput)>,
    input: LogInput,
}

impl Draft {
    fn fresh(kind: LogKind) -> Draft {
        Draft {
            entry: None,
            input: LogInput {
                kind,
                date: today(),
                ..Default::default()
            },
        }
    }
}

/// One liaison's log: the form, what waits on the device, the entries.
#[component]
fn LogBook(liaison: Liaison) -> impl IntoView {
    let id = StoredValue::new(liaison.id.clone());
    let log = LocalResource::new(move || {
        let id = id.get_value();
        async move {
            let key = format!("log-copy:{id}");
            match api::liaison_log(&id).await {
                Ok(l) => {
                    local::set(&key, &l);
                    Ok(l)
                }
                Err(e) if e.status == 0 => local::get::<LiaisonLog>(&key).ok_or(e),
                Err(e) => Err(e),
            }
        }
    });
    let outbox: Outbox<LogInput> = Outbox::load(format!("log-queue:{}", liaison.id));
    let status = RwSignal::new(None::<Result<String, String>>);
    let sync = move || {
        outbox.flush(
            move |p| async move { api::sync_log(&id.get_value(), p).await },
            move |_, _, _| log.refetch(),
            move |_, e| status.set(Some(Err(e.message()))),
        )
    };
    sync();
    let draft_key = format!("log-draft:{}", liaison.id);
    let draft = RwSignal::new(
        local::get::<Draft>(&draft_key).unwrap_or_else(|| Draft::fresh(LogKind::Activity)),
    );
    Effect::new(move |_| draft.with(|d| local::set(&draft_key, d)));
    // A memo: the form is built once, not again (losing the focus of
    // whoever types) each time the list comes back after a sync.
    let can_write = Memo::new(move |_| log.get().and_then(Result::ok).is_some_and(|l| l.can_write));
    let edit = Callback::new(move |e: LogEntry| {
        draft.set(Draft {
            entry: Some((e.id.clone(), e.rev, e.input.clone())),
            input: e.input,
        });
        status.set(None);
        if let Some(f) = document().get_element_by_id("log-form") {
            f.scroll_into_view();
        }
    });
    let changed = Callback::new(move |_: ()| log.refetch());
    let pending_new = move || {
        outbox.queue.with(|q| {
            q.items
                .iter()
                .filter(|p| p.base_rev == 0)
                .map(|p| (p.target.clone(), p.value.clone()))
                .collect::<Vec<_>>()
        })
    };
    let pending = move |entry: &str| outbox.queue.with(|q| q.get(entry).is_some());
    let term = format!("{} 至 {}", liaison.term_start, liaison.term_end);
    view! {
        <p class="muted">{format!("{} · 任期 {}", liaison.display_name, term)}
            " " <SyncBadge status=Signal::derive(move || outbox.status())/></p>
        <Outcome status=status/>
        // The same entry changed on two devices: both versions, field by field.
        {move || outbox.queue.with(|q| q.items.iter().filter(|p| !p.conflicts.is_empty()).cloned().collect::<Vec<_>>())
            .into_iter().map(|p| {
                let target = StoredValue::new(p.target.clone());
                let theirs = p.theirs.map(|t| object(&t.1)).unwrap_or_default();
                view! {
                    <ConflictChoices mine=object(&p.value) theirs=theirs keys=p.conflicts
                        label=duty::field_label
                        done=Callback::new(move |m| {
                            if let Ok(v) = serde_json::from_value::<LogInput>(serde_json::Value::Object(m)) {
                                outbox.resolve(&target.get_value(), v);
                                sync();
                            }
                        })/>
                }
            }).collect_view()}
        {move || can_write.get().then(|| view! {
            <EntryForm draft=draft term_start=liaison.term_start.clone() outbox=outbox status=status on_saved=Callback::new(move |_: ()| sync())/>
        })}
        {move || log.get().map(|r| match r {
            Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Ok(l) => {
                let waiting: Vec<_> = pending_new()
                    .into_iter()
                    .filter(|(t, _)| !l.entries.iter().any(|e| e.id == *t))
                    .collect();
                let none = l.entries.is_empty() && waiting.is_empty();
                let can_write = l.can_write;
                view! {
                    {(!can_write).then(|| view! {
                        <p class="notice">"任期已结束：工作记录只能查看，不能再添加或修改。"</p>
                    })}
                    <Counts entries=l.entries.clone() class=l.class.clone()/>
                    {none.then(|| view! { <p class="muted">"还没有记录。"</p> })}
                    <ul class="log-list">
                        {waiting.into_iter().map(|(t, input)| view! {
                            <EntryCard entry=LogEntry { id: t, input, ..Default::default() }
                                liaison=id.get_value() local=true can_write=false can_reply=false edit=edit changed=changed/>
                        }).collect_view()}
                        {l.entries.into_iter().map(|e| {
                            let local = pending(&e.id);
                            view! {
                                <EntryCard entry=e liaison=id.get_value() local=local can_write=can_write
                                    can_reply=l.can_reply edit=edit changed=changed/>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        })}
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "已上传" } else { "未上传" }
}

/// A liaison's own counts: what was written down and what the class shows
/// (the same record the office's review reads).
#[component]
fn Counts(entries: Vec<LogEntry>, class: domain::api::ClassDuties) -> impl IntoView {
    let mut t = duty::Tally::default();
    for e in &entries {
        t.add(e.input.kind, e.input.participants, e.handled);
    }
    view! {
        <p class="log-counts">
            {format!("校友活动 {} 次（{} 人次）· 投稿宣传 {} 篇 · 意见建议 {} 条（已处理 {}）",
                t.activities, t.participants, t.articles,
                t.feedback_handled + t.feedback_open, t.feedback_handled)}
            <br/>
            {format!("班级通讯录 {}/{} 条完整 · 年度确认 {} 次 · 毕业合影{} · 名单{}",
                class.directory_complete, class.directory_entries, class.rounds_confirmed,
                yes_no(class.photo), yes_no(class.names))}
        </p>
    }
}

/// The form of one entry, checked as typed with `domain::duty::check`
/// (messages once the liaison tried to save, or for fields they left).
#[component]
fn EntryForm(
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
#[component]
fn EntryCard(
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
fn ReplyForm(entry: LogEntry, changed: Callback<()>) -> impl IntoView {
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

/// Staff's view: counts per college and year (table, chart, .xlsx), then
/// the entries, feedback waiting for an answer first when asked.
#[component]
fn Overview() -> impl IntoView {
    let open = RwSignal::new(
        window()
            .location()
            .search()
            .is_ok_and(|s| s.contains("open=1")),
    );
    let kind = RwSignal::new(String::new());
    let data = LocalResource::new(move || {
        let mut q = format!("open={}", open.get());
        let k = kind.get();
        if !k.is_empty() {
            q.push_str(&format!("&kind={k}"));
        }
        async move { api::duty_overview(&q).await }
    });
    let changed = Callback::new(move |_: ()| data.refetch());
    let edit = Callback::new(|_: LogEntry| {});
    view! {
        <h1 class="page-title">"联络员工作记录"</h1>
        {move || data.get().map(|r| match r {
            Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Ok(d) => {
                let shown = d.entries.len();
                let total = d.total;
                view! {
                    <SummaryCard d=d.clone()/>
                    <section class="card">
                        <div class="filters">
                            <div>
                                <label for="log-kind">"类型"</label>
                                <select id="log-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                                    <option value="" selected=kind.get_untracked().is_empty()>"全部"</option>
                                    {LogKind::ALL.map(|k| view! {
                                        <option value=k.as_str() selected=kind.get_untracked() == k.as_str()>{k.label()}</option>
                                    })}
                                </select>
                            </div>
                            <label class="choice"><input type="checkbox" prop:checked=move || open.get()
                                on:change=move |ev| open.set(event_target_checked(&ev))/>"只看待处理的意见建议"</label>
                        </div>
                        <p class="muted">{if shown < total { format!("最近 {shown} 条，共 {total} 条") } else { format!("共 {total} 条") }}</p>
                    </section>
                    <ul class="log-list">
                        {d.entries.into_iter().map(|e| {
                            let l = e.liaison_id.clone();
                            view! { <EntryCard entry=e liaison=l local=false can_write=false can_reply=true edit=edit changed=changed/> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        })}
    }
}

/// Per college and year: a table with the spreadsheet's columns and a
/// chart of each college's entries.
#[component]
fn SummaryCard(d: DutyOverview) -> impl IntoView {
    let mut by_college: Vec<(String, u32)> = Vec::new();
    for r in &d.summary {
        match by_college.iter_mut().find(|(c, _)| *c == r.college_name) {
            Some((_, n)) => *n += r.tally.total(),
            None => by_college.push((r.college_name.clone(), r.tally.total())),
        }
    }
    let max = by_college.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    view! {
        <section class="card">
            <h2>"按学院、年份统计"</h2>
            {(d.overdue > 0).then(|| view! {
                <p class="notice" role="alert">{format!("{} 条意见建议超过 14 天未处理", d.overdue)}</p>
            })}
            {if d.summary.is_empty() {
                view! { <p class="muted">"还没有工作记录。"</p> }.into_any()
            } else {
                view! {
                    <div class="bars" role="img" aria-label="各学院工作记录条数">
                        {by_college.into_iter().map(|(c, n)| {
                            let w = format!("width:{}%", n * 100 / max);
                            view! {
                                <div class="bar-row"><span>{c}</span>
                                    <span class="bar"><span class="fill" style=w></span></span>
                                    <span class="bar-value">{format!("{n} 条")}</span></div>
                            }
                        }).collect_view()}
                    </div>
                    <ul class="stats">
                        {d.summary.into_iter().map(|r| {
                            let t = r.tally;
                            view! {
                                <li><strong>{format!("{} · {}年", r.college_name, r.year)}</strong>
                                    <span>{format!("活动 {} 次 / {} 人次", t.activities, t.participants)}</span>
                                    <span>{format!("投稿 {} 篇", t.articles)}</span>
                                    <span>{format!("意见 已处理 {} / 待处理 {}", t.feedback_handled, t.feedback_open)}</span></li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="actions"><a class="btn" href=crate::api::duty_summary_xlsx_url() download="联络员工作记录统计.xlsx">"下载 Excel"</a></p>
        </section>
    }
}

/// 续聘审核 (office): terms ending within 90 days, each with its record
/// and the two decisions.
#[cfg(feature = "office")]
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

#[cfg(feature = "office")]
#[component]
fn RenewalCard(r: domain::api::RenewalRow, changed: Callback<()>) -> impl IntoView {
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
