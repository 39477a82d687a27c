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

#[cfg(not(any(feature = "dean", feature = "office", feature = "admin")))]
mod classmates;
mod grid;
mod rows;
mod tools;
use grid::*;
use rows::*;
use tools::*;

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

/// The directory page: the class picker, the tally and gaps, the grid, import and export. Long:
/// its markup reads top to bottom as the page does; loading and merging are `load` and
/// `Ctx::rows_of`.
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
    // The rows' signals belong to the page, not to the effect that makes
    // them: a second load (the class list arriving) re-runs the effect,
    // which would dispose the rows still on screen while they redraw.
    let page = Owner::current();
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
        let make = || ctx.rows_of(&c, d.entries, d.can_edit, kept_copy, &my_id);
        let list = match &page {
            Some(page) => page.with(make),
            None => make(),
        };
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
    let student_view = role == Some(Role::Student);
    provide_context(ctx);
    view! {
        <h1 class="page-title">"班级通讯录" <SyncBadge status=Signal::derive(move || ctx.outbox.status())/></h1>
        <section class="card">
            <div class="filters">
                {choice.picker("dir-class")}
                <label>"查找"<input type="search" id="dir-find" placeholder="姓名或手机号"
                    prop:value=move || ctx.find.get() on:input=move |ev| ctx.find.set(event_target_value(&ev))/></label>
                <span class="muted" role="status">{move || tally(rows, withheld.get(), round.get())}</span>
            </div>
            {move || can_edit.get().then(|| gaps(ctx))}
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
        {classmates_card(can_edit, class)}
        {office_tools(role, class, round)}
    }
}

/// The class link and the classmates' changes, for the class's editors
/// (liaisons are students, counselors have their own bundle).
#[cfg(not(any(feature = "dean", feature = "office", feature = "admin")))]
fn classmates_card(
    can_edit: RwSignal<bool>,
    class: impl Fn() -> String + Send + Sync + Copy + 'static,
) -> impl IntoView {
    move || {
        can_edit
            .get()
            .then(|| view! { <classmates::ClassmatesCard class=class()/> })
    }
}

#[cfg(any(feature = "dean", feature = "office", feature = "admin"))]
fn classmates_card(_: RwSignal<bool>, _: impl Fn() -> String) -> impl IntoView {}

impl Ctx {
    /// The rows of a class's directory from the server, with what this
    /// device keeps laid over them: pending edits and drafts, and rows
    /// added here and not yet on the server.
    fn rows_of(
        self,
        class: &str,
        entries: Vec<Entry>,
        can_edit: bool,
        kept_copy: bool,
        my_id: &str,
    ) -> Vec<Row> {
        let mut list: Vec<Row> = entries
            .into_iter()
            .map(|e| {
                let own = e.student_id.as_deref() == Some(my_id);
                Row::new(class, e, (can_edit || own) && !kept_copy)
            })
            .collect();
        let prefix = format!("{class}/");
        let mut kept: Vec<(String, EntryFields)> = self.outbox.queue.with_untracked(|q| {
            q.items
                .iter()
                .map(|p| (p.target.clone(), p.value.clone()))
                .collect()
        });
        kept.extend(self.drafts.get_untracked());
        for (t, f) in kept.into_iter().filter(|(t, _)| t.starts_with(&prefix)) {
            match list.iter().find(|r| r.target.with_value(|x| *x == t)) {
                Some(r) => r.fields.set(f),
                None if can_edit => {
                    let id = t[prefix.len()..].to_owned();
                    list.push(Row::new(class, blank(id, class, f), true));
                }
                None => {}
            }
        }
        list
    }
}

/// 共 n 人，信息完整 m 人, and this year's confirmations while a round is open.
fn tally(rows: RwSignal<Vec<Row>>, withheld: bool, round: Option<domain::api::Round>) -> String {
    let (n, complete, confirmed) = rows.with(|v| {
        let complete = v
            .iter()
            .filter(|r| r.fields.with(EntryFields::is_complete))
            .count();
        let confirmed = v.iter().filter(|r| r.confirmed.get()).count();
        (v.len(), complete, confirmed)
    });
    // The device's copy withholds phones: no entry would count as complete.
    let mut s = if withheld {
        format!("共 {n} 人")
    } else {
        format!("共 {n} 人，信息完整 {complete} 人")
    };
    if let Some(r) = round.filter(|r| r.open) {
        s.push_str(&format!("；{}年信息更新已确认 {confirmed} 人", r.year));
    }
    s
}

/// The gaps, counted rather than shown in red ("未填：手机号 12 人"), and a
/// filter to the rows with one.
fn gaps(ctx: Ctx) -> impl IntoView {
    let rows = ctx.rows;
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
    move || {
        missing().map(|m| view! {
            <p class="filters"><span>{m}</span>
                <label class="choice"><input type="checkbox" prop:checked=move || ctx.gaps.with(Option::is_some)
                    on:change=show_gaps/>"只看未填完整的"</label></p>
        })
    }
}
