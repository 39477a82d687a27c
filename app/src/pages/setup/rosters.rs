//! Roster imports: the file, its job's progress, the one-time passwords.

use super::*;

/// The file chosen in an `<input type=file>`.
#[component]
pub(super) fn RosterImport(
    classes: LocalResource<Result<Vec<domain::org::Class>, api::ApiError>>,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"导入名单"</h2>
            <p class="muted">"上传 Excel (.xlsx) 文件，只含一个工作表，第一行为表头。有任何一行不符合要求时，整个文件都不会导入，并会列出每处问题的行号和列名。重复导入同一文件不会产生重复账号。"</p>
            <RosterForm kind="students" title="学生名单" columns=roster::STUDENT_COLUMNS.join(" | ") classes=classes/>
            <RosterForm kind="staff" title="教职工名单" columns=roster::STAFF_COLUMNS.join(" | ") classes=classes/>
        </section>
    }
}

#[component]
pub(super) fn RosterForm(
    kind: &'static str,
    title: &'static str,
    columns: String,
    classes: LocalResource<Result<Vec<domain::org::Class>, api::ApiError>>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let busy = RwSignal::new(false);
    let job = RwSignal::new(None::<Job>);
    let failure = RwSignal::new(None::<(String, Vec<RowError>)>);
    // An import started before a reload is followed again.
    if let Some(id) = crate::local::get::<String>(&job_key(kind)) {
        follow(kind, id, job, classes);
    }
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(file) = chosen(input) else {
            failure.set(Some(("请先选择 .xlsx 文件".into(), vec![])));
            return;
        };
        busy.set(true);
        job.set(None);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api::import_roster(kind, &file).await {
                Ok(j) => {
                    crate::local::set(&job_key(kind), &j.id);
                    let id = j.id.clone();
                    job.set(Some(j));
                    follow(kind, id, job, classes);
                }
                Err(e) => failure.set(Some((e.message(), e.rows()))),
            }
            busy.set(false);
        });
    };
    let running = move || job.with(|j| j.as_ref().is_some_and(|j| j.state == JobState::Running));
    let id = format!("roster-{kind}");
    view! {
        <form class="roster-form" on:submit=submit novalidate>
            <h3>{title}</h3>
            <p class="hint">"模板列："{columns}</p>
            <label for=id.clone()>{format!("选择{title}文件")}</label>
            <input id=id type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" node_ref=input/>
            <button class="btn btn-primary" type="submit" disabled=move || busy.get() || running()>
                {move || if busy.get() || running() { "导入中…".to_owned() } else { format!("导入{title}") }}
            </button>
            {move || job.get().map(|j| match j.state {
                JobState::Running => {
                    let label = if j.total > 0 { format!("{}：{} / {}", j.step, j.done, j.total) } else { format!("{}…", j.step) };
                    view! {
                        <div class="job" role="status" aria-live="polite">
                            <progress max=j.total.max(1) value=j.done aria-label="导入进度"></progress>
                            <p class="hint">{label}" — 可以离开或刷新本页，导入会在服务器上继续。"</p>
                        </div>
                    }.into_any()
                }
                JobState::Done => j.import.map(|r| view! {
                    <div class="ok" role="status">
                        <p>{format!("导入成功：新建账号 {} 个，更新 {} 个，新建班级 {} 个。", r.created, r.updated, r.classes_created)}</p>
                        {r.passwords_url.map(|url| view! {
                            <p>
                                <a class="btn" href=url download="初始密码.xlsx">{format!("下载 {} 个初始密码（仅可下载一次）", r.passwords)}</a>
                            </p>
                            <p class="hint">"请妥善分发；首次登录后须修改密码。"</p>
                        })}
                    </div>
                }).into_any(),
                JobState::Failed => view! {
                    <ImportFailure message=j.error.unwrap_or_default() rows=vec![]/>
                }.into_any(),
            })}
            {move || failure.get().map(|(message, rows)| view! { <ImportFailure message=message rows=rows/> })}
        </form>
    }
}

/// Where this device remembers the last import of a kind.
pub(super) fn job_key(kind: &str) -> String {
    format!("roster-job-{kind}")
}

/// Asks how an import job stands until it is finished.
pub(super) fn follow(
    kind: &'static str,
    id: String,
    job: RwSignal<Option<Job>>,
    classes: LocalResource<Result<Vec<domain::org::Class>, api::ApiError>>,
) {
    leptos::task::spawn_local(async move {
        let again = match api::job(&id).await {
            Ok(j) => {
                let running = j.state == JobState::Running;
                if j.state == JobState::Done {
                    classes.refetch();
                }
                job.set(Some(j));
                running.then_some(400)
            }
            Err(e) if e.status == 404 => {
                crate::local::remove(&job_key(kind));
                None
            }
            Err(_) => Some(2000), // offline for a moment: ask again later
        };
        if let Some(ms) = again {
            set_timeout(
                move || follow(kind, id, job, classes),
                std::time::Duration::from_millis(ms),
            );
        }
    });
}
