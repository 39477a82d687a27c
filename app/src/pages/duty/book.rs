//! The liaison's log book: one term's entries and counts, and the entry being typed (kept on the device).

use super::*;

/// What is being typed: a new entry, or a change of `entry` (id, revision
/// and the server's values it started from). Kept on the device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Draft {
    pub(super) entry: Option<(String, u64, LogInput)>,
    pub(super) input: LogInput,
}

impl Draft {
    pub(super) fn fresh(kind: LogKind) -> Draft {
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
///
/// Long: its markup reads top to bottom as the page does; the handlers above it are this log's own.
#[component]
pub(super) fn LogBook(liaison: Liaison) -> impl IntoView {
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

pub(super) fn yes_no(b: bool) -> &'static str {
    if b { "已上传" } else { "未上传" }
}

/// A liaison's own counts: what was written down and what the class shows
/// (the same record the office's review reads).
#[component]
pub(super) fn Counts(entries: Vec<LogEntry>, class: domain::api::ClassDuties) -> impl IntoView {
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
