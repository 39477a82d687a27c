//! 班级通讯录 (SPEC §7): the class directory as a grid. Editors (the class's
//! liaisons and counselors) change every row, add and delete rows and
//! import a class file; a classmate changes their own row. Every cell is
//! checked as it is typed with the rules of `domain::directory`, and a
//! cleaning suggestion is offered, never applied silently. A row is saved
//! when a cell is left; a row someone else saved meanwhile is merged, or
//! shown side by side when both changed the same cell.

use domain::{
    Role,
    api::{Entry, EntryChange, RowError},
    directory::{self, EntryFields, Field},
};
use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

use crate::{
    api::{self, EntryWrite},
    components::form::{ImportFailure, Outcome},
    session::{Auth, use_session},
};

#[derive(Debug, Clone, PartialEq)]
enum RowState {
    Saved,
    /// Changed here, not yet saved (a rule fails, or saving failed).
    Unsaved(String),
    Saving,
    /// Someone saved first and changed the same cells: theirs, and the cells.
    Conflict(Box<Entry>, Vec<Field>),
}

/// One row of the grid.
#[derive(Clone, Copy)]
struct Row {
    id: StoredValue<String>,
    fields: RwSignal<EntryFields>,
    /// The server's fields this row's edits are based on.
    base: StoredValue<EntryFields>,
    /// 0: not yet created on the server.
    rev: RwSignal<u64>,
    confirmed: RwSignal<bool>,
    state: RwSignal<RowState>,
    editable: bool,
    /// Phone masked and address withheld for this reader.
    masked: bool,
    history: RwSignal<Option<Vec<EntryChange>>>,
}

impl Row {
    fn new(e: Entry, editable: bool) -> Row {
        Row {
            id: StoredValue::new(e.id),
            base: StoredValue::new(e.fields.clone()),
            fields: RwSignal::new(e.fields),
            rev: RwSignal::new(e.rev),
            confirmed: RwSignal::new(e.confirmed),
            state: RwSignal::new(RowState::Saved),
            editable,
            masked: e.phone_masked,
            history: RwSignal::new(None),
        }
    }

    /// Takes the server's entry as the new base.
    fn saved(self, e: Entry) {
        self.base.set_value(e.fields.clone());
        self.fields.set(e.fields);
        self.rev.set(e.rev);
        self.confirmed.set(e.confirmed);
        self.state.set(RowState::Saved);
    }
}

fn me() -> Option<domain::api::User> {
    match use_session().get_untracked() {
        Auth::SignedIn(u) => Some(u),
        _ => None,
    }
}

/// A fresh client-generated id for a new row.
fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// Saves a row: checks every rule first; a conflict whose cells differ is
/// merged and saved again, one on the same cells is shown to the user.
fn save(class: String, row: Row) {
    let fields = row.fields.get_untracked();
    let errors = fields.check();
    if !errors.is_empty() {
        row.state.set(RowState::Unsaved(format!(
            "有 {} 处不符合模板要求，改好后自动保存",
            errors.len()
        )));
        return;
    }
    row.state.set(RowState::Saving);
    leptos::task::spawn_local(async move {
        let rev = row.rev.get_untracked();
        let id = row.id.get_value();
        match api::put_entry(&class, &id, (rev > 0).then_some(rev), &fields).await {
            Ok(EntryWrite::Saved(e)) => {
                // Typed on while saving: keep the newer text and save it too.
                let newer = row.fields.get_untracked();
                row.saved(e);
                if newer != fields {
                    row.fields.set(newer);
                    save(class, row);
                }
            }
            Ok(EntryWrite::Conflict(theirs)) => {
                let (merged, conflicts) =
                    directory::merge(&row.base.get_value(), &fields, &theirs.fields);
                if conflicts.is_empty() {
                    row.base.set_value(theirs.fields.clone());
                    row.rev.set(theirs.rev);
                    row.fields.set(merged);
                    save(class, row);
                } else {
                    row.state
                        .set(RowState::Conflict(Box::new(theirs), conflicts));
                }
            }
            Err(e) => row
                .state
                .set(RowState::Unsaved(format!("未保存：{}", e.message()))),
        }
    });
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

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let user = me();
    let my_id = user.as_ref().map(|u| u.id.clone()).unwrap_or_default();
    let role = user.as_ref().map(|u| u.role);
    let classes = LocalResource::new(api::classes);
    let chosen = RwSignal::new(String::new());
    // The chosen class, or the first one in scope.
    let class = move || {
        let c = chosen.get();
        if c.is_empty() {
            classes
                .get()
                .and_then(Result::ok)
                .and_then(|v| v.first().map(|c| c.id.clone()))
                .unwrap_or_default()
        } else {
            c
        }
    };
    let data = LocalResource::new(move || {
        let c = class();
        async move {
            if c.is_empty() {
                Err(None)
            } else {
                api::directory(&c).await.map_err(Some)
            }
        }
    });
    let rows = RwSignal::new(Vec::<Row>::new());
    let can_edit = RwSignal::new(false);
    let round = RwSignal::new(None::<domain::api::Round>);
    Effect::new(move |_| {
        if let Some(Ok(d)) = data.get() {
            can_edit.set(d.can_edit);
            round.set(d.round);
            rows.set(
                d.entries
                    .into_iter()
                    .map(|e| {
                        let own = e.student_id.as_deref() == Some(my_id.as_str());
                        Row::new(e, d.can_edit || own)
                    })
                    .collect(),
            );
        }
    });
    let grade_major = move || {
        let c = class();
        classes
            .get()
            .and_then(Result::ok)
            .and_then(|v| v.into_iter().find(|x| x.id == c))
            .map(|c| format!("{}级{}", c.grade, c.major))
            .unwrap_or_default()
    };
    let add_row = move |_| {
        let e = Entry {
            id: new_id(),
            class_id: class(),
            fields: EntryFields {
                grade_major: grade_major(),
                ..Default::default()
            },
            student_id: None,
            rev: 0,
            confirmed: false,
            phone_masked: false,
            address_hidden: false,
        };
        let row = Row::new(e, true);
        row.state
            .set(RowState::Unsaved("新行：填好必填项后自动保存".into()));
        let n = rows.with(Vec::len);
        rows.update(|v| v.push(row));
        focus_cell(n, 0);
    };
    let open_round = move || round.get().filter(|r| r.open);
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
    view! {
        <h1 class="page-title">"班级通讯录"</h1>
        <section class="card">
            <div class="filters">
                {move || {
                    let list = classes.get().and_then(Result::ok).unwrap_or_default();
                    (list.len() > 1).then(|| view! {
                        <label for="dir-class">"班级"</label>
                        <select id="dir-class" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {list.into_iter().map(|c| view! { <option value=c.id.clone()>{c.display_name}</option> }).collect_view()}
                        </select>
                    })
                }}
                <span class="muted" role="status">{move || {
                    let (n, complete, confirmed) = counts();
                    let mut s = format!("共 {n} 人，信息完整 {complete} 人");
                    if let Some(r) = open_round() {
                        s.push_str(&format!("；{}年信息更新已确认 {confirmed} 人", r.year));
                    }
                    s
                }}</span>
            </div>
            {move || open_round().map(|r| view! {
                <p class="notice">{format!("{}年度信息更新进行中：请逐条核对，信息无误点“确认”，有变化直接修改。", r.year)}</p>
            })}
            {move || match data.get() {
                Some(Err(Some(e))) => Some(view! { <p class="error">{e.message()}</p> }.into_any()),
                None => Some(view! { <p class="loading">"正在加载…"</p> }.into_any()),
                _ => None,
            }}
            <p class="hint">"修改后离开单元格即自动保存；Enter 或 ↑↓ 在上下行之间移动。手机号只对本班联络员、辅导员和本人完整显示。"</p>
            <div class="table-wrap"><table class="grid">
                <thead><tr>
                    <th>"序号"</th>
                    {Field::ALL.into_iter().map(|f| view! { <th class:req=f.required()>{f.column()}</th> }).collect_view()}
                    <th>"状态"</th><th></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().enumerate().map(|(i, row)| view! {
                        <GridRow row=row index=i class=class() open_round=open_round().is_some()
                            can_delete=can_edit.get() rows=rows/>
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

#[component]
fn GridRow(
    row: Row,
    index: usize,
    class: String,
    open_round: bool,
    can_delete: bool,
    rows: RwSignal<Vec<Row>>,
) -> impl IntoView {
    let class = StoredValue::new(class);
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
        let id = row.id.get_value();
        let rev = row.rev.get_untracked();
        leptos::task::spawn_local(async move {
            let done = rev == 0
                || api::delete_entry(&class.get_value(), &id, rev)
                    .await
                    .is_ok();
            if done {
                rows.update(|v| v.retain(|r| r.id.get_value() != id));
            } else {
                row.state
                    .set(RowState::Unsaved("删除失败，请刷新后重试".into()));
            }
        });
    };
    let toggle_history = move |_| {
        if row.history.with_untracked(Option::is_some) {
            row.history.set(None);
            return;
        }
        let id = row.id.get_value();
        leptos::task::spawn_local(async move {
            row.history.set(Some(
                api::entry_history(&class.get_value(), &id)
                    .await
                    .unwrap_or_default(),
            ));
        });
    };
    view! {
        <tr class:unsaved=move || !matches!(row.state.get(), RowState::Saved)>
            <td class="num">{index + 1}</td>
            {Field::ALL.into_iter().enumerate().map(|(c, f)| view! {
                <GridCell row=row field=f r=index c=c class=class/>
            }).collect_view()}
            <td class="row-state">{move || match row.state.get() {
                RowState::Saved if row.confirmed.get() => view! { <span class="tag tag-ok">"已确认"</span> }.into_any(),
                RowState::Saved => view! { <span class="tag">"已保存"</span> }.into_any(),
                RowState::Saving => view! { <span class="tag">"保存中…"</span> }.into_any(),
                RowState::Unsaved(m) => view! { <span class="tag tag-wait">{m}</span> }.into_any(),
                RowState::Conflict(..) => view! { <span class="tag tag-wait">"冲突"</span> }.into_any(),
            }}</td>
            <td class="row-actions">
                {(open_round && row.editable).then(|| view! {
                    <button class="btn btn-quiet" type="button"
                        style:display=move || if row.confirmed.get() || row.rev.get() == 0 { "none" } else { "" }
                        on:click=move |_| save(class.get_value(), row)>"确认"</button>
                })}
                {(!row.masked).then(|| view! {
                    <button class="btn btn-quiet" type="button" on:click=toggle_history>"记录"</button>
                })}
                {can_delete.then(|| view! {
                    <button class="btn btn-quiet" type="button" on:click=delete>"删除"</button>
                })}
            </td>
        </tr>
        {move || match row.state.get() {
            RowState::Conflict(theirs, cells) => Some(view! { <ConflictRow row=row theirs=*theirs cells=cells class=class/> }.into_any()),
            _ => None,
        }}
        {move || row.history.get().map(|h| view! {
            <tr class="history-row"><td colspan="12">
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
fn GridCell(
    row: Row,
    field: Field,
    r: usize,
    c: usize,
    class: StoredValue<String>,
) -> impl IntoView {
    let value = move || row.fields.with(|f| field.get(f).to_owned());
    let locked = !row.editable || (row.masked && matches!(field, Field::Phone | Field::Address));
    if locked {
        return view! { <td class="ro">{value}</td> }.into_any();
    }
    let error = move || field.check(&value()).err().map(|e| e.0);
    let suggestion = move || field.suggest(&value());
    let set = move |v: String| row.fields.update(|f| field.set(f, v));
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
        <td class:bad=move || error().is_some()>
            <input data-cell=format!("{r}-{c}") aria-label=field.column()
                aria-invalid=move || error().is_some().to_string()
                prop:value=value
                on:input=move |ev| {
                    set(event_target_value(&ev));
                    if !matches!(row.state.get_untracked(), RowState::Conflict(..)) {
                        row.state.set(RowState::Unsaved("未保存".into()));
                    }
                }
                on:change=move |_| save(class.get_value(), row)
                on:keydown=key/>
            {move || error().map(|m| view! { <small class="cell-msg">{m}</small> })}
            {move || suggestion().map(|s| {
                let label = format!("改为“{s}”");
                view! {
                    <button class="suggest" type="button" on:click=move |_| {
                        set(s.clone());
                        save(class.get_value(), row);
                    }>{label}</button>
                }
            })}
        </td>
    }
    .into_any()
}

/// Both versions of the cells that both sides changed; the user picks each.
#[component]
fn ConflictRow(
    row: Row,
    theirs: Entry,
    cells: Vec<Field>,
    class: StoredValue<String>,
) -> impl IntoView {
    let pending = RwSignal::new(cells);
    let theirs = StoredValue::new(theirs);
    let resolve = move || {
        let t = theirs.get_value();
        row.base.set_value(t.fields);
        row.rev.set(t.rev);
        row.state.set(RowState::Saved);
        save(class.get_value(), row);
    };
    view! {
        <tr class="conflict-row"><td colspan="12">
            <p><strong>"这一行刚被别人保存过，以下内容两边改得不一样，请逐项选择要保留的版本："</strong></p>
            {move || pending.get().into_iter().map(|f| {
                let mine = row.fields.with_untracked(|x| f.get(x).to_owned());
                let other = theirs.with_value(|t| f.get(&t.fields).to_owned());
                let keep = move |v: String| {
                    row.fields.update(|x| f.set(x, v));
                    pending.update(|p| p.retain(|x| *x != f));
                    if pending.with_untracked(Vec::is_empty) {
                        resolve();
                    }
                };
                let (m, o) = (mine.clone(), other.clone());
                view! {
                    <div class="conflict-field">
                        <span class="bar-label">{f.column()}</span>
                        <button class="btn" type="button" on:click=move |_| keep(m.clone())>{format!("用我的：{mine}")}</button>
                        <button class="btn" type="button" on:click=move |_| keep(o.clone())>{format!("用对方的：{other}")}</button>
                    </div>
                }
            }).collect_view()}
        </td></tr>
    }
}

/// Import a class file and download the class in the template.
#[component]
fn ImportExport(
    class: String,
    reload: LocalResource<Result<domain::api::Directory, Option<api::ApiError>>>,
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
                    status.set(Some(Ok(format!(
                        "导入成功：共 {} 行，新增 {} 人，更新 {} 人，{} 人无变化。",
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
                    href=format!("/api/v1/exports/alumni.xlsx?class_id={}", class.get_value())>"按学校模板导出"</a>
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
                <a class="btn" download="校友数据库.xlsx" href=format!("/api/v1/exports/alumni.xlsx?class_id={class}")>"本班"</a>
                {move || colleges.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                    <a class="btn" download="校友数据库.xlsx" href=format!("/api/v1/exports/alumni.xlsx?college={}", c.code)>{c.name}</a>
                }).collect_view()}
                <a class="btn" download="校友数据库.xlsx" href="/api/v1/exports/alumni.xlsx">"全校"</a>
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
