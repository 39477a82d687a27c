//! The admin's set-up: colleges, classes, roster imports and seals.

use domain::{
    api::{Job, JobState, RowError},
    org::{Class, College, FieldErrors, Level, NewClass, NewCollege},
    roster,
};
use leptos::{ev::SubmitEvent, html, prelude::*};

use crate::{
    api,
    components::{
        form::{ImportFailure, Outcome, TextField, chosen, show_failure},
        reset::PasswordResetCard,
    },
};

type Status = RwSignal<Option<Result<String, String>>>;

#[component]
pub fn Setup() -> impl IntoView {
    let colleges = LocalResource::new(api::colleges);
    let classes = LocalResource::new(api::classes);
    view! {
        <h1 class="page-title">"组织与账号"</h1>
        <RosterImport classes=classes/>
        <PasswordResetCard label="学号或工号" hint="学生或教职工忘记初始密码、或初始密码已过期时，在此重新生成。"/>
        <CollegesSection colleges=colleges/>
        <ClassesSection colleges=colleges classes=classes/>
        <SealsSection colleges=colleges/>
        <AuditExport/>
    }
}

/// 审计日志: one month as a CSV download (kept ≥ 6 months under 等保).
#[component]
fn AuditExport() -> impl IntoView {
    let today = crate::today();
    let month = RwSignal::new(today.get(..7).unwrap_or_default().to_owned());
    view! {
        <section class="card">
            <h2>"审计日志"</h2>
            <p class="muted">"按月下载谁在何时做了什么（CSV，可用 Excel 或 WPS 打开）。等级保护要求日志至少保存 6 个月，请每月下载归档。"</p>
            <label for="audit-month">"月份"</label>
            <input id="audit-month" type="month" prop:value=move || month.get()
                on:input=move |ev| month.set(event_target_value(&ev))/>
            <p class="actions">
                <a class="btn" href=move || crate::api::audit_export_url(&month.get())
                    download=move || format!("审计日志-{}.csv", month.get())>"下载审计日志"</a>
            </p>
        </section>
    }
}

#[component]
fn CollegesSection(colleges: LocalResource<Result<Vec<College>, api::ApiError>>) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<College>);
    let errors = RwSignal::new(FieldErrors::new());
    let status: Status = RwSignal::new(None);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let form = NewCollege {
            code: code.get_untracked(),
            name: name.get_untracked(),
        };
        if let Err(e) = form.clone().parse() {
            errors.set(e);
            return;
        }
        let editing_now = editing.get_untracked();
        leptos::task::spawn_local(async move {
            let done = match &editing_now {
                Some(c) => api::rename_college(c, form.name.trim()).await,
                None => api::create_college(&form).await,
            };
            match done {
                Ok(()) => {
                    let verb = if editing_now.is_some() {
                        "已保存"
                    } else {
                        "已添加"
                    };
                    status.set(Some(Ok(format!("{verb}学院：{}", form.name.trim()))));
                    code.set(String::new());
                    name.set(String::new());
                    editing.set(None);
                    colleges.refetch();
                }
                Err(e) => show_failure(&e, errors, status),
            }
        });
    };
    let edit = move |c: College| {
        code.set(c.code.clone());
        name.set(c.name.clone());
        errors.set(FieldErrors::new());
        editing.set(Some(c));
    };
    view! {
        <section class="card">
            <h2>"学院"</h2>
            <div class="table-wrap" tabindex="0"><table class="cards">
                <thead><tr><th>"代码"</th><th>"名称"</th><th></th></tr></thead>
                <tbody>
                    {move || colleges.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|c| {
                            let label = format!("修改{}", c.name);
                            view! {
                                <tr><td data-label="代码">{c.code.clone()}</td><td data-label="名称">{c.name.clone()}</td>
                                <td><button class="btn btn-quiet" type="button" aria-label=label on:click=move |_| edit(c.clone())>"修改"</button></td></tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table></div>
            <form class="inline-form" on:submit=submit novalidate>
                <div><TextField id="college-code" label="学院代码" value=code errors=errors field="code" placeholder="例如 xx" disabled=Signal::derive(move || editing.with(Option::is_some))/></div>
                <div><TextField id="college-name" label="学院名称" value=name errors=errors field="name" placeholder="例如 信息工程学院"/></div>
                <button class="btn btn-primary" type="submit">{move || if editing.with(Option::is_some) { "保存学院名称" } else { "添加学院" }}</button>
            </form>
            <Outcome status=status/>
        </section>
    }
}

#[component]
fn ClassesSection(
    colleges: LocalResource<Result<Vec<domain::org::College>, api::ApiError>>,
    classes: LocalResource<Result<Vec<domain::org::Class>, api::ApiError>>,
) -> impl IntoView {
    let college = RwSignal::new(String::new());
    let grade = RwSignal::new(String::new());
    let major = RwSignal::new(String::new());
    let class_name = RwSignal::new("1班".to_owned());
    let level = RwSignal::new("本科".to_owned());
    let cohort = RwSignal::new(String::new());
    let count = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let editing = RwSignal::new(None::<Class>);
    let counselors = LocalResource::new(api::counselors);
    let errors = RwSignal::new(FieldErrors::new());
    let status: Status = RwSignal::new(None);
    let edit = move |c: Class| {
        college.set(c.college.clone());
        grade.set(c.grade.to_string());
        major.set(c.major.clone());
        class_name.set(c.class_name.clone());
        level.set(c.level.label().to_owned());
        cohort.set(c.cohort.to_string());
        count.set(c.student_count.to_string());
        chosen.set(c.counselors.clone());
        errors.set(FieldErrors::new());
        editing.set(Some(c));
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut bad = FieldErrors::new();
        let num = |s: RwSignal<String>, field: &str, msg: &str, bad: &mut FieldErrors| {
            s.get_untracked().trim().parse::<u32>().map_err(|_| {
                bad.insert(field.into(), msg.into());
            })
        };
        let g = num(grade, "grade", "年级应为入学年份，例如 2023", &mut bad);
        let c = num(cohort, "cohort", "毕业届别应为年份，例如 2027", &mut bad);
        let n = if count.get_untracked().trim().is_empty() {
            Ok(0)
        } else {
            num(count, "student_count", "班级人数应为数字", &mut bad)
        };
        if college.get_untracked().is_empty() {
            bad.insert("college".into(), "请选择学院".into());
        }
        let (Ok(g), Ok(c), Ok(n), true) = (g, c, n, bad.is_empty()) else {
            errors.set(bad);
            return;
        };
        let form = NewClass {
            college: college.get_untracked(),
            grade: g.min(u16::MAX as u32) as u16,
            major: major.get_untracked(),
            class_name: class_name.get_untracked(),
            level: if level.get_untracked() == "专科" {
                Level::Associate
            } else {
                Level::Undergraduate
            },
            cohort: c.min(u16::MAX as u32) as u16,
            student_count: n,
            counselors: chosen.get_untracked(),
        };
        if let Err(e) = form.clone().parse() {
            errors.set(e);
            return;
        }
        let editing_now = editing.get_untracked();
        leptos::task::spawn_local(async move {
            let done = match &editing_now {
                Some(c) => api::update_class(&c.id, c.rev, &form).await,
                None => api::create_class(&form).await,
            };
            match done {
                Ok(()) => {
                    let verb = if editing_now.is_some() {
                        "已保存"
                    } else {
                        "已添加"
                    };
                    let name = domain::org::class_display_name(
                        form.grade,
                        form.major.trim(),
                        form.class_name.trim(),
                    );
                    status.set(Some(Ok(format!("{verb}班级：{name}"))));
                    major.set(String::new());
                    chosen.set(vec![]);
                    editing.set(None);
                    classes.refetch();
                }
                Err(e) => show_failure(&e, errors, status),
            }
        });
    };
    view! {
        <section class="card">
            <h2>"班级"</h2>
            <div class="table-wrap" tabindex="0"><table class="cards">
                <thead><tr><th>"班级"</th><th>"学院"</th><th>"层次"</th><th>"届别"</th><th>"人数"</th><th>"辅导员"</th><th></th></tr></thead>
                <tbody>
                    {move || {
                        let people = counselors.get().and_then(Result::ok).unwrap_or_default();
                        classes.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|c| {
                            let names: Vec<String> = c.counselors.iter()
                                .map(|id| people.iter().find(|p| p.id == *id).map_or_else(|| "（未知）".to_owned(), |p| p.name.clone()))
                                .collect();
                            let label = format!("修改{}", c.display_name);
                            view! {
                                <tr>
                                    <td><strong>{c.display_name.clone()}</strong></td><td data-label="学院">{c.college_name.clone()}</td>
                                    <td data-label="层次">{c.level.label()}</td>
                                    <td data-label="届别">{format!("{}届", c.cohort)}</td><td data-label="人数">{c.student_count}</td>
                                    <td data-label="辅导员">{if names.is_empty() { "未指定".to_owned() } else { names.join("、") }}</td>
                                    <td><button class="btn btn-quiet" type="button" aria-label=label on:click=move |_| edit(c.clone())>"修改"</button></td>
                                </tr>
                            }
                        })
                        .collect_view()
                    }}
                </tbody>
            </table></div>
            <form class="grid-form" on:submit=submit novalidate>
                <div>
                    <label for="class-college">"学院"</label>
                    <select id="class-college" on:change=move |ev| college.set(event_target_value(&ev)) prop:value=move || college.get()>
                        <option value="">"请选择"</option>
                        {move || colleges.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .map(|c| view! { <option value=c.code.clone()>{c.name}</option> })
                            .collect_view()}
                    </select>
                    {move || errors.with(|e| e.get("college").cloned()).map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div><TextField id="class-grade" label="年级（入学年份）" value=grade errors=errors field="grade" kind="number" placeholder="2023"/></div>
                <div><TextField id="class-major" label="专业" value=major errors=errors field="major" placeholder="计算机科学与技术"/></div>
                <div><TextField id="class-name" label="班级" value=class_name errors=errors field="class_name"/></div>
                <div>
                    <label for="class-level">"层次"</label>
                    <select id="class-level" on:change=move |ev| level.set(event_target_value(&ev)) prop:value=move || level.get()>
                        <option value="本科">"本科"</option>
                        <option value="专科">"专科"</option>
                    </select>
                </div>
                <div><TextField id="class-cohort" label="毕业届别" value=cohort errors=errors field="cohort" kind="number" placeholder="2027"/></div>
                <div><TextField id="class-count" label="班级人数" value=count errors=errors field="student_count" kind="number"/></div>
                <fieldset class="choices">
                    <legend>"辅导员"</legend>
                    {move || counselors.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                        let id = p.id.clone();
                        let checked = {
                            let id = id.clone();
                            move || chosen.with(|c| c.contains(&id))
                        };
                        view! {
                            <label class="choice">
                                <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|x| *x != id);
                                        if on { c.push(id.clone()); }
                                    });
                                }/>
                                {format!("{}（{}）", p.name, p.username)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="form-actions"><button class="btn btn-primary" type="submit">{move || if editing.with(Option::is_some) { "保存班级" } else { "添加班级" }}</button></div>
            </form>
            <Outcome status=status/>
        </section>
    }
}

/// The file chosen in an `<input type=file>`.
#[component]
fn RosterImport(
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
fn RosterForm(
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
fn job_key(kind: &str) -> String {
    format!("roster-job-{kind}")
}

/// Asks how an import job stands until it is finished.
fn follow(
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

#[component]
fn SealsSection(
    colleges: LocalResource<Result<Vec<domain::org::College>, api::ApiError>>,
) -> impl IntoView {
    let seals = LocalResource::new(api::seals);
    let version = RwSignal::new(0u32);
    // A new college gets a seal row too.
    Effect::new(move |_| {
        colleges.track();
        seals.refetch();
    });
    view! {
        <section class="card">
            <h2>"印章"</h2>
            <p class="muted">"上传透明背景的 PNG 图片（不超过 512 KB），用于打印推荐表和聘书。"</p>
            <ul class="seals">
                {move || seals.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|s| {
                    let input = NodeRef::<html::Input>::new();
                    let status: Status = RwSignal::new(None);
                    let owner = s.owner.clone();
                    let upload = move |ev: SubmitEvent| {
                        ev.prevent_default();
                        let Some(file) = chosen(input) else {
                            status.set(Some(Err("请先选择 PNG 图片".into())));
                            return;
                        };
                        let owner = owner.clone();
                        leptos::task::spawn_local(async move {
                            match api::upload_seal(&owner, &file).await {
                                Ok(()) => {
                                    status.set(Some(Ok("已上传".into())));
                                    version.update(|v| *v += 1);
                                    seals.refetch();
                                }
                                Err(e) => status.set(Some(Err(e.message()))),
                            }
                        });
                    };
                    let id = format!("seal-{}", s.owner);
                    let preview = s.uploaded.then(|| {
                        let owner = s.owner.clone();
                        view! { <img class="seal-preview" alt=format!("{}印章", s.name) src=move || api::seal_image_url(&owner, version.get())/> }
                    });
                    view! {
                        <li>
                            <form on:submit=upload novalidate>
                                <strong>{s.name.clone()}</strong>
                                <span class="muted">{if s.uploaded { " 已上传" } else { " 未上传" }}</span>
                                {preview}
                                <label for=id.clone()>{format!("选择{}印章", s.name)}</label>
                                <input id=id type="file" accept="image/png" node_ref=input/>
                                <button class="btn" type="submit">"上传印章"</button>
                                <Outcome status=status/>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
