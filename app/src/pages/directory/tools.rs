//! Import and export in the school's template, and the office's September round.

use super::*;

/// Import a class file and download the class in the template.
#[component]
pub(super) fn ImportExport(
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
pub(super) fn office_tools(
    role: Option<Role>,
    class: impl Fn() -> String + Send + Sync + 'static,
    round: RwSignal<Option<domain::api::Round>>,
) -> impl IntoView {
    move || (role == Some(Role::Office)).then(|| view! { <OfficeTools class=class() round=round/> })
}

#[cfg(not(feature = "office"))]
pub(super) fn office_tools(
    _: Option<Role>,
    _: impl Fn() -> String,
    _: RwSignal<Option<domain::api::Round>>,
) -> impl IntoView {
}

/// The office: exports per college and for the university, the update round.
#[cfg(feature = "office")]
#[component]
pub(super) fn OfficeTools(
    class: String,
    round: RwSignal<Option<domain::api::Round>>,
) -> impl IntoView {
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
