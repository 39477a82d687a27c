//! 班级通讯录 (SPEC §7): the class directory as a grid. Editors (the class's
//! liaisons and counselors) change every row, add and delete rows and
//! import a class file; a classmate changes their own row. Every cell is
//! checked as it is typed with the rules of `domain::directory`, and a
//! cleaning suggestion is offered, never applied silently.
//!
//! Edits are kept on the device as they are typed (SPEC §9): a row that
//! passes the rules joins the outbox and is sent when a cell is left (and
//! again whenever the server answers after an outage); a row that does not
//! yet pass waits as a local draft. A row someone else saved meanwhile is
//! merged, or shown side by side when both changed the same cell.

use std::collections::BTreeMap;

use domain::{
    Role,
    api::{Directory, Entry, EntryChange, RowError},
    directory::{self, EntryFields, Field},
};
use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

use crate::{
    api,
    components::{
        class_choice::ClassChoice,
        conflict::{ConflictChoices, object},
        form::{ImportFailure, Outcome},
    },
    local::{self, Outbox, SyncBadge},
    session::use_session,
};

/// One row of the grid.
#[derive(Clone, Copy)]
struct Row {
    /// `<class>/<entry id>`: the outbox's name for it.
    target: StoredValue<String>,
    fields: RwSignal<EntryFields>,
    /// The server's fields this row's edits are based on.
    base: StoredValue<EntryFields>,
    /// 0: not yet created on the server.
    rev: RwSignal<u64>,
    confirmed: RwSignal<bool>,
    editable: bool,
    /// Phone masked and address withheld for this reader.
    masked: bool,
    history: RwSignal<Option<Vec<EntryChange>>>,
}

impl Row {
    fn new(class: &str, e: Entry, editable: bool) -> Row {
        Row {
            target: StoredValue::new(format!("{class}/{}", e.id)),
            base: StoredValue::new(e.fields.clone()),
            fields: RwSignal::new(e.fields),
            rev: RwSignal::new(e.rev),
            confirmed: RwSignal::new(e.confirmed),
            editable,
            masked: e.phone_masked,
            history: RwSignal::new(None),
        }
    }

    fn id(&self) -> String {
        self.target.with_value(|t| {
            t.split_once('/')
                .map(|x| x.1.to_owned())
                .unwrap_or_default()
        })
    }

    fn class(&self) -> String {
        self.target.with_value(|t| {
            t.split_once('/')
                .map(|x| x.0.to_owned())
                .unwrap_or_default()
        })
    }
}

/// What every row needs: the outbox, the drafts that break a rule, the rows.
#[derive(Clone, Copy)]
struct Ctx {
    outbox: Outbox<EntryFields>,
    drafts: RwSignal<BTreeMap<String, EntryFields>>,
    rows: RwSignal<Vec<Row>>,
    round_open: RwSignal<bool>,
    status: RwSignal<Option<Result<String, String>>>,
    /// 只看未填完整的: the rows incomplete when it was ticked (a row being
    /// filled in stays in view until it is unticked).
    gaps: RwSignal<Option<Vec<String>>>,
    /// 查找: only rows whose name or phone contains this.
    find: RwSignal<String>,
}

const DRAFTS: &str = "dirdrafts";

impl Ctx {
    /// Whether the filters above the grid hide `row` (read when a filter
    /// changes, not as the row is typed in, so it never vanishes mid-edit).
    fn hides(self, row: Row) -> bool {
        let gap = self.gaps.with(|g| {
            g.as_ref()
                .is_some_and(|g| !row.target.with_value(|t| g.contains(t)))
        });
        gap || self.find.with(|q| {
            let q = q.trim();
            !q.is_empty()
                && !row
                    .fields
                    .with_untracked(|f| f.name.contains(q) || f.phone.contains(q))
        })
    }

    /// Keeps a row's change on the device: a row that passes the rules is
    /// pending in the outbox, one that does not is a draft.
    fn keep(self, row: Row) {
        let f = row.fields.get_untracked();
        let t = row.target.get_value();
        if f.check().is_empty() {
            self.drafts.update(|d| {
                d.remove(&t);
            });
            self.outbox
                .record(&t, row.rev.get_untracked(), &row.base.get_value(), f);
        } else {
            self.drafts.update(|d| {
                d.insert(t, f);
            });
        }
        self.drafts.with_untracked(|d| local::set(DRAFTS, d));
    }

    fn drop_local(self, target: &str) {
        self.outbox.forget(target);
        self.drafts.update(|d| {
            d.remove(target);
        });
        self.drafts.with_untracked(|d| local::set(DRAFTS, d));
    }

    /// Sends what is pending.
    fn flush(self) {
        self.outbox.flush(
            api::sync_entry,
            move |t, rev, v| {
                let row = self.rows.with_untracked(|rs| {
                    rs.iter().find(|r| r.target.with_value(|x| x == t)).copied()
                });
                if let Some(row) = row {
                    if self.outbox.pending(t).is_none() {
                        row.base.set_value(v.clone());
                        row.confirmed.set(self.round_open.get_untracked());
                    }
                    row.rev.set(rev);
                    // A draft typed meanwhile (breaking a rule, so not
                    // pending) stays on screen: it is newer.
                    if !self.drafts.with_untracked(|d| d.contains_key(t)) {
                        row.fields.set(v);
                    }
                }
            },
            move |_, e| {
                self.status
                    .set(Some(Err(format!("有一行未能保存：{}", e.message()))))
            },
        );
    }
}

/// Moves the focus to the cell at (row, column), if there is one.
fn focus_cell(r: usize, c: usize) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[data-cell=\"{r}-{c}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The class's directory from the server or, when it cannot be reached,
/// the copy this tab kept, else the device's copy with the contacts
/// withheld (`true`: nothing can be edited from it).
async fn load(class: String) -> Result<(Directory, bool), Option<api::ApiError>> {
    if class.is_empty() {
        return Err(None);
    }
    let key = format!("dirsnap:{class}");
    match api::directory(&class).await {
        Ok(d) => {
            local::tab::set(&key, &d);
            local::set(&key, &d.clone().withheld());
            Ok((d, false))
        }
        Err(e) if e.status == 0 => local::tab::get(&key)
            .map(|d| (d, false))
            .or_else(|| local::get(&key).map(|d| (d, true)))
            .ok_or(Some(e)),
        Err(e) => Err(Some(e)),
    }
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let user = use_session().get_untracked().user();
    let my_id = user.as_ref().map(|u| u.id.clone()).unwrap_or_default();
    let role = user.as_ref().map(|u| u.role);
    // Offline, a student still has their own class.
    let choice = ClassChoice::new(
        user.as_ref()
            .and_then(|u| u.classes.first().cloned())
            .unwrap_or_default(),
    );
    let class = move || choice.id();
    let data = LocalResource::new(move || load(class()));
    let ctx = Ctx {
        outbox: Outbox::load("dir".into()),
        drafts: RwSignal::new(local::get(DRAFTS).unwrap_or_default()),
        rows: RwSignal::new(Vec::new()),
        round_open: RwSignal::new(false),
        status: RwSignal::new(None),
        gaps: RwSignal::new(None),
        find: RwSignal::new(String::new()),
    };
    let rows = ctx.rows;
    let can_edit = RwSignal::new(false);
    let round = RwSignal::new(None::<domain::api::Round>);
    let withheld = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(Ok((d, kept_copy))) = data.get() else {
            return;
        };
        let c = class();
        withheld.set(kept_copy);
        // Only a change re-renders what depends on it: setting the same value
        // again after a reload would rebuild the import card and lose its outcome.
        if can_edit.get_untracked() != d.can_edit {
            can_edit.set(d.can_edit);
        }
        ctx.round_open.set(d.round.as_ref().is_some_and(|r| r.open));
        round.set(d.round);
        let mut list: Vec<Row> = d
            .entries
            .into_iter()
            .map(|e| {
                let own = e.student_id.as_deref() == Some(my_id.as_str());
                Row::new(&c, e, (d.can_edit || own) && !kept_copy)
            })
            .collect();
        // What is kept on this device goes over the server's copy; rows
        // added here and not yet on the server come back too.
        let prefix = format!("{c}/");
        let mut kept: Vec<(String, EntryFields)> = ctx.outbox.queue.with_untracked(|q| {
            q.items
                .iter()
                .map(|p| (p.target.clone(), p.value.clone()))
                .collect()
        });
        kept.extend(ctx.drafts.get_untracked());
        for (t, f) in kept.into_iter().filter(|(t, _)| t.starts_with(&prefix)) {
            match list.iter().find(|r| r.target.with_value(|x| *x == t)) {
                Some(r) => r.fields.set(f),
                None if d.can_edit => {
                    let id = t[prefix.len()..].to_owned();
                    list.push(Row::new(&c, blank(id, &c, f), true));
                }
                None => {}
            }
        }
        // Another class, or a reload: the gap filter starts again.
        ctx.gaps.set(None);
        rows.set(list);
        ctx.flush();
    });
    let grade_major = move || {
        choice
            .class()
            .map(|c| format!("{}级{}", c.grade, c.major))
            .unwrap_or_default()
    };
    let add_row = move |_| {
        let c = class();
        let fields = EntryFields {
            grade_major: grade_major(),
            ..Default::default()
        };
        let row = Row::new(&c, blank(local::new_id(), &c, fields), true);
        let n = rows.with(Vec::len);
        rows.update(|v| v.push(row));
        ctx.keep(row);
        focus_cell(n, 0);
    };
    let counts = move || {
        rows.with(|v| {
            let complete = v
                .iter()
                .filter(|r| r.fields.with(EntryFields::is_complete))
                .count();
            let confirmed = v.iter().filter(|r| r.confirmed.get()).count();
            (v.len(), complete, confirmed)
        })
    };
    // A gap is counted, not shown in red: "未填：手机号 12 人".
    let missing = move || {
        let gaps: Vec<String> = Field::ALL
            .into_iter()
            .filter(|f| f.required())
            .filter_map(|f| {
                let n = rows.with(|v| {
                    v.iter()
                        .filter(|r| r.fields.with(|x| f.get(x).is_empty()))
                        .count()
                });
                (n > 0).then(|| format!("{} {n} 人", f.column()))
            })
            .collect();
        (!gaps.is_empty()).then(|| format!("未填：{}", gaps.join("，")))
    };
    let show_gaps = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        ctx.gaps.set(on.then(|| {
            rows.with_untracked(|v| {
                v.iter()
                    .filter(|r| !r.fields.with_untracked(EntryFields::is_complete))
                    .map(|r| r.target.get_value())
                    .collect()
            })
        }));
    };
    let student_view = role == Some(Role::Student);
    provide_context(ctx);
    view! {
        <h1 class="page-title">"班级通讯录" <SyncBadge status=Signal::derive(move || ctx.outbox.status())/></h1>
        <section class="card">
            <div class="filters">
                {choice.picker("dir-class")}
                <label>"查找"<input type="search" id="dir-find" placeholder="姓名或手机号"
                    prop:value=move || ctx.find.get() on:input=move |ev| ctx.find.set(event_target_value(&ev))/></label>
                <span class="muted" role="status">{move || {
                    let (n, complete, confirmed) = counts();
                    // The device's copy withholds phones: no entry would count as complete.
                    let mut s = if withheld.get() {
                        format!("共 {n} 人")
                    } else {
                        format!("共 {n} 人，信息完整 {complete} 人")
                    };
                    if let Some(r) = round.get().filter(|r| r.open) {
                        s.push_str(&format!("；{}年信息更新已确认 {confirmed} 人", r.year));
                    }
                    s
                }}</span>
            </div>
            {move || missing().filter(|_| can_edit.get()).map(|m| view! {
                <p class="filters"><span>{m}</span>
                    <label class="choice"><input type="checkbox" prop:checked=move || ctx.gaps.with(Option::is_some)
                        on:change=show_gaps/>"只看未填完整的"</label></p>
            })}
            {move || round.get().filter(|r| r.open).map(|r| view! {
                <p class="notice">{format!("{}年度信息更新进行中：请逐条核对，信息无误点“确认”，有变化直接修改。", r.year)}</p>
            })}
            {move || match data.get() {
                Some(Err(Some(e))) => Some(view! { <p class="error">{e.message()}</p> }.into_any()),
                None => Some(view! { <p class="loading">"正在加载…"</p> }.into_any()),
                _ => None,
            }}
            <Outcome status=ctx.status/>
            {move || withheld.get().then(|| view! {
                <p class="notice" id="dir-withheld">"未连接到服务器：这是本机保存的副本，手机号和地址已隐去；联网后刷新即可修改。"</p>
            })}
            <p class="hint">"修改随时保存在本机，离开单元格即同步到服务器（断网时联网后自动同步）。"
                <span class="keys">"Enter 或 ↑↓ 在上下行之间移动。"</span>
                "手机号只对本班联络员、辅导员和本人完整显示。"</p>
            <div class="table-wrap" tabindex="0"><table class="grid cards">
                <thead><tr>
                    <th>"序号"</th>
                    {Field::ALL.into_iter().map(|f| view! { <th class:req=f.required()>{f.column()}</th> }).collect_view()}
                    <th>"状态"</th><th></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().enumerate().map(|(i, row)| view! {
                        <GridRow row=row index=i can_delete=can_edit.get() student_view=student_view && !can_edit.get()/>
                    }).collect_view()}
                </tbody>
            </table></div>
            {move || can_edit.get().then(|| view! {
                <p class="actions"><button class="btn" on:click=add_row>"添加一行"</button></p>
            })}
        </section>
        {move || can_edit.get().then(|| view! { <ImportExport class=class() reload=data/> })}
        {office_tools(role, class, round)}
    }
}

/// A new entry's first values.
fn blank(id: String, class: &str, fields: EntryFields) -> Entry {
    Entry {
        id,
        class_id: class.to_owned(),
        fields,
        student_id: None,
        rev: 0,
        confirmed: false,
        phone_masked: false,
        address_hidden: false,
    }
}

#[component]
fn GridRow(row: Row, index: usize, can_delete: bool, student_view: bool) -> impl IntoView {
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

fn column_of(key: &str) -> &'static str {
    Field::from_key(key).map_or("", Field::column)
}

fn action_label(a: &str) -> &'static str {
    match a {
        "create" => "新增",
        "import" => "导入",
        "confirm" => "确认无误",
        "delete" => "删除",
        _ => "修改",
    }
}

#[component]
fn GridCell(row: Row, field: Field, r: usize, c: usize) -> impl IntoView {
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

/// Import a class file and download the class in the template.
#[component]
fn ImportExport(
    class: String,
    reload: LocalResource<Result<(domain::api::Directory, bool), Option<api::ApiError>>>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let status = RwSignal::new(None);
    let failure = RwSignal::new(None::<(String, Vec<RowError>)>);
    let busy = RwSignal::new(false);
    let class = StoredValue::new(class);
    let import = move |_| {
        let Some(file) = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            failure.set(Some(("请先选择 .xlsx 文件".into(), vec![])));
            return;
        };
        busy.set(true);
        status.set(None);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api::import_directory(&class.get_value(), &file).await {
                Ok(r) => {
                    let notes: Vec<String> = r
                        .normalised
                        .iter()
                        .map(|n| {
                            format!(
                                "第{}行“{}”{}",
                                n.row,
                                n.column.as_deref().unwrap_or(""),
                                n.message
                            )
                        })
                        .collect();
                    let notes = if notes.is_empty() {
                        String::new()
                    } else {
                        format!("以下 {} 处按规范保存：{}。", notes.len(), notes.join("；"))
                    };
                    status.set(Some(Ok(format!(
                        "导入成功：共 {} 行，新增 {} 人，更新 {} 人，{} 人无变化。{notes}",
                        r.rows, r.added, r.updated, r.unchanged
                    ))));
                    reload.refetch();
                }
                Err(e) => failure.set(Some((e.message(), e.rows()))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card">
            <h2>"导入与导出"</h2>
            <p class="hint">{format!("学校模板列：{}。最多 {} 行、5 MB；有任何一处问题时整个文件都不导入。同名同学按姓名（重名时加手机号）更新，不会重复。", directory::COLUMNS.join(" | "), directory::MAX_ROWS)}</p>
            <div class="filters">
                <label for="dir-file">"班级通讯录文件"</label>
                <input id="dir-file" type="file" accept=".xlsx" node_ref=input/>
                <button class="btn btn-primary" type="button" disabled=move || busy.get() on:click=import>"导入"</button>
                <a class="btn" download="校友数据库.xlsx"
                    href=api::alumni_xlsx_url(api::Alumni::Class(&class.get_value()))>"按学校模板导出"</a>
            </div>
            <Outcome status=status/>
            {move || failure.get().map(|(m, rows)| view! { <ImportFailure message=m rows=rows/> })}
        </section>
    }
}

/// The office's tools, in the office's bundle only.
#[cfg(feature = "office")]
fn office_tools(
    role: Option<Role>,
    class: impl Fn() -> String + Send + Sync + 'static,
    round: RwSignal<Option<domain::api::Round>>,
) -> impl IntoView {
    move || (role == Some(Role::Office)).then(|| view! { <OfficeTools class=class() round=round/> })
}

#[cfg(not(feature = "office"))]
fn office_tools(
    _: Option<Role>,
    _: impl Fn() -> String,
    _: RwSignal<Option<domain::api::Round>>,
) -> impl IntoView {
}

/// The office: exports per college and for the university, the update round.
#[cfg(feature = "office")]
#[component]
fn OfficeTools(class: String, round: RwSignal<Option<domain::api::Round>>) -> impl IntoView {
    let colleges = LocalResource::new(api::colleges);
    let status = RwSignal::new(None);
    let year = RwSignal::new(String::new());
    let set = move |open: bool| {
        let y = year
            .get_untracked()
            .parse::<u16>()
            .ok()
            .or_else(|| round.get_untracked().map(|r| r.year));
        let Some(y) = y else {
            status.set(Some(Err("请填写年份，例如 2026".into())));
            return;
        };
        leptos::task::spawn_local(async move {
            match api::set_round(y, open).await {
                Ok(()) => {
                    round.set(Some(domain::api::Round {
                        year: y,
                        opened_on: String::new(),
                        open,
                        rev: 0,
                    }));
                    status.set(Some(Ok(format!(
                        "{y}年度信息更新已{}",
                        if open { "开启" } else { "结束" }
                    ))));
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <section class="card">
            <h2>"导出校友数据库"</h2>
            <p class="actions">
                <a class="btn" download="校友数据库.xlsx" href=api::alumni_xlsx_url(api::Alumni::Class(&class))>"本班"</a>
                {move || colleges.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                    <a class="btn" download="校友数据库.xlsx" href=api::alumni_xlsx_url(api::Alumni::College(&c.code))>{c.name}</a>
                }).collect_view()}
                <a class="btn" download="校友数据库.xlsx" href=api::alumni_xlsx_url(api::Alumni::School)>"全校"</a>
            </p>
            <p class="hint">"导出只含信息完整的条目（缺手机号等必填项的不导出），可直接导入学校系统。"</p>
            <h2>"每年9月信息更新"</h2>
            <div class="filters">
                <label for="round-year">"年份"</label>
                <input id="round-year" inputmode="numeric" placeholder="例如 2026"
                    prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev))/>
                <button class="btn btn-primary" type="button" on:click=move |_| set(true)>"开启更新"</button>
                <button class="btn" type="button" on:click=move |_| set(false)>"结束更新"</button>
            </div>
            <Outcome status=status/>
        </section>
    }
}
