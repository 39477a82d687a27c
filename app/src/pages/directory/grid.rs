//! The grid's view: a row with its history and delete, a cell with its rule's message and suggested repair.

use super::*;

/// One row of the grid: its cells, its history and delete. Long: they share the row's signals
/// and its keyboard moves, and its markup is a table row that reads cell by cell.
#[component]
pub(super) fn GridRow(
    row: Row,
    index: usize,
    can_delete: bool,
    student_view: bool,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let pending = move || {
        ctx.outbox
            .queue
            .with(|q| row.target.with_value(|t| q.get(t).cloned()))
    };
    let delete = move |_| {
        let name = row.fields.with_untracked(|f| f.name.clone());
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!("删除“{name}”这一行？"))
                    .ok()
            })
            .unwrap_or(false);
        if !ok {
            return;
        }
        let rev = row.rev.get_untracked();
        leptos::task::spawn_local(async move {
            let id = row.id();
            let done = rev == 0 || api::delete_entry(&row.class(), &id, rev).await.is_ok();
            if done {
                ctx.drop_local(&row.target.get_value());
                ctx.rows.update(|v| v.retain(|r| r.id() != id));
            } else {
                ctx.status
                    .set(Some(Err("删除失败：请联网后刷新页面再试".into())));
            }
        });
    };
    let toggle_history = move |_| {
        if row.history.with_untracked(Option::is_some) {
            row.history.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            row.history.set(Some(
                api::entry_history(&row.class(), &row.id())
                    .await
                    .unwrap_or_default(),
            ));
        });
    };
    let confirm = move |_| {
        ctx.keep(row);
        ctx.flush();
    };
    let is_draft = move || {
        ctx.drafts
            .with(|d| row.target.with_value(|t| d.contains_key(t)))
    };
    let state = move || {
        let p = pending();
        let errors = row.fields.with(|f| f.check().len());
        if p.as_ref().is_some_and(|p| !p.conflicts.is_empty()) {
            view! { <span class="tag tag-wait">"冲突：请选择"</span> }.into_any()
        } else if errors > 0 && (is_draft() || row.rev.get() == 0) {
            view! { <span class="tag tag-wait">{format!("有 {errors} 处不符合模板要求，改好后自动保存")}</span> }.into_any()
        } else if p.is_some() {
            view! { <span class="tag tag-wait">"待同步"</span> }.into_any()
        } else if row.confirmed.get() {
            view! { <span class="tag tag-ok">"已确认"</span> }.into_any()
        } else {
            view! { <span class="tag">"已保存"</span> }.into_any()
        }
    };
    view! {
        <tr class:unsaved=move || pending().is_some() || is_draft()
            class:own=student_view && row.editable class:peer=student_view && !row.editable
            style:display=move || ctx.hides(row).then_some("none")>
            <td class="num" data-label="序号">{index + 1}</td>
            {Field::ALL.into_iter().enumerate().map(|(c, f)| view! {
                <GridCell row=row field=f r=index c=c/>
            }).collect_view()}
            <td class="row-state" data-label="状态">{state}</td>
            <td class="row-actions">
                {row.editable.then(|| view! {
                    <button class="btn btn-quiet" type="button"
                        style:display=move || if !ctx.round_open.get() || row.confirmed.get() || row.rev.get() == 0 { "none" } else { "" }
                        on:click=confirm>"确认"</button>
                })}
                {(!row.masked).then(|| view! {
                    <button class="btn btn-quiet" type="button" on:click=toggle_history>"记录"</button>
                })}
                {can_delete.then(|| view! {
                    <button class="btn btn-quiet" type="button" on:click=delete>"删除"</button>
                })}
            </td>
        </tr>
        {move || pending().filter(|p| !p.conflicts.is_empty()).map(|p| {
            let theirs = p.theirs.map(|t| object(&t.1)).unwrap_or_default();
            view! {
                <tr class="conflict-row" class:own=student_view><td colspan="12">
                    <ConflictChoices mine=object(&p.value) theirs=theirs keys=p.conflicts label=column_of
                        done=Callback::new(move |m| {
                            if let Ok(f) = serde_json::from_value::<EntryFields>(serde_json::Value::Object(m)) {
                                ctx.outbox.resolve(&row.target.get_value(), f.clone());
                                row.fields.set(f);
                                ctx.flush();
                            }
                        })/>
                </td></tr>
            }
        })}
        {move || row.history.get().map(|h| view! {
            <tr class="history-row" class:own=student_view><td colspan="12">
                {if h.is_empty() { view! { <p class="muted">"暂无修改记录"</p> }.into_any() } else {
                    view! { <ul class="plain-list">{h.into_iter().map(|c| view! {
                        <li>{format!("{} {} {}：", c.at, c.actor_name, action_label(&c.action))}
                            {c.changes.into_iter().map(|x| format!("{} “{}”→“{}”", column_of(&x.field), x.old, x.new)).collect::<Vec<_>>().join("；")}</li>
                    }).collect_view()}</ul> }.into_any()
                }}
            </td></tr>
        })}
    }
}

pub(super) fn column_of(key: &str) -> &'static str {
    Field::from_key(key).map_or("", Field::column)
}

pub(super) fn action_label(a: &str) -> &'static str {
    match a {
        "create" => "新增",
        "import" => "导入",
        "confirm" => "确认无误",
        "delete" => "删除",
        _ => "修改",
    }
}

#[component]
pub(super) fn GridCell(row: Row, field: Field, r: usize, c: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let value = move || row.fields.with(|f| field.get(f).to_owned());
    let locked = !row.editable || (row.masked && matches!(field, Field::Phone | Field::Address));
    if locked {
        return view! { <td class=format!("ro f-{}", field.key()) data-label=field.column()>{value}</td> }.into_any();
    }
    // A required cell nobody has filled yet is a gap, not an error: it says
    // 必填 quietly until someone types in it (a new class would otherwise
    // open as a wall of red). What is typed is checked at once.
    let touched = RwSignal::new(false);
    let error = move || {
        let v = value();
        if v.is_empty() && !touched.get() && row.rev.get() > 0 {
            return None;
        }
        field.check(&v).err().map(|e| e.0)
    };
    let suggestion = move || field.suggest(&value());
    let set = move |v: String| {
        touched.set(true);
        row.fields.update(|f| field.set(f, v));
        ctx.keep(row);
    };
    let key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" | "ArrowDown" => {
            ev.prevent_default();
            focus_cell(r + 1, c);
        }
        "ArrowUp" if r > 0 => {
            ev.prevent_default();
            focus_cell(r - 1, c);
        }
        _ => {}
    };
    view! {
        <td class=format!("f-{}", field.key()) class:bad=move || error().is_some() data-label=field.column()>
            <input data-cell=format!("{r}-{c}") aria-label=field.column()
                placeholder=field.required().then_some("必填")
                aria-invalid=move || error().is_some().to_string()
                prop:value=value
                on:input=move |ev| set(event_target_value(&ev))
                on:change=move |_| ctx.flush()
                on:keydown=key/>
            {move || error().map(|m| view! { <small class="cell-msg">{m}</small> })}
            {move || suggestion().map(|s| {
                let label = format!("改为“{s}”");
                view! {
                    <button class="suggest" type="button" on:click=move |_| {
                        set(s.clone());
                        ctx.flush();
                    }>{label}</button>
                }
            })}
        </td>
    }
    .into_any()
}
