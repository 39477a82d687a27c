//! Results for deans (their college) and the office (SPEC §6): the 汇总表
//! on screen and the dashboard.

use leptos::prelude::*;

use crate::api;

/// 汇总表: the same rows as the .xlsx download; the office picks a college.
#[component]
pub fn SummaryPage() -> impl IntoView {
    let college = RwSignal::new(String::new());
    let colleges = LocalResource::new(api::colleges);
    let table = LocalResource::new(move || {
        let c = college.get();
        async move { api::summary_table(&c).await }
    });
    let is_office = matches!(
        crate::session::use_session().get_untracked(),
        crate::session::Auth::SignedIn(u) if u.role == domain::Role::Office
    );
    view! {
        <h1 class="page-title">"汇总表"</h1>
        <section class="card">
            <p class="actions">
                {is_office.then(|| view! {
                    <label class="inline" for="summary-college">"学院"</label>
                    <select id="summary-college" on:change=move |ev| college.set(event_target_value(&ev))>
                        <option value="">"全校"</option>
                        {move || colleges.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .map(|c| view! { <option value=c.code.clone()>{c.name}</option> }).collect_view()}
                    </select>
                })}
                <a class="btn" download="汇总表.xlsx"
                    href=move || crate::api::summary_xlsx_url(&college.get())>"下载 Excel"</a>
            </p>
            {move || table.get().map(|r| match r {
                Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
                Ok(t) if t.rows.is_empty() => view! { <p class="muted">"还没有推荐人选。"</p> }.into_any(),
                Ok(t) => view! {
                    <div class="table-wrap" tabindex="0"><table class="summary cards">
                        <thead><tr>{t.columns.iter().map(|c| view! { <th>{c.clone()}</th> }).collect_view()}</tr></thead>
                        <tbody>{t.rows.into_iter().map(|r| view! {
                            <tr>{r.into_iter().zip(t.columns.clone()).map(|(c, label)| view! { <td data-label=label>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}</tbody>
                    </table></div>
                }.into_any(),
            })}
        </section>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let d = LocalResource::new(api::dashboard);
    let classes = LocalResource::new(api::directory_progress);
    let handovers = LocalResource::new(|| api::submissions(""));
    let stages = [
        "pending_counselor",
        "pending_college",
        "pending_office",
        "appointed",
    ];
    let labels = ["待辅导员", "待学院", "待校友办", "已聘任"];
    view! {
        <h1 class="page-title">"工作概览"</h1>
        {move || d.get().and_then(Result::ok).map(|d| view! {
            <section class="card">
                <h2>"截止日期"</h2>
                <ul class="plain-list">
                    {d.deadlines.iter().map(|x| view! {
                        <li>{format!("{}届{}：{}", x.cohort, x.what, x.date)}
                            <strong class="days">{domain::submission::days_left_label(x.days_left)}</strong></li>
                    }).collect_view()}
                </ul>
            </section>
            {
                let late: Vec<String> = d.colleges.iter().filter(|c| c.feedback_overdue > 0)
                    .map(|c| format!("{} {} 条", c.college_name, c.feedback_overdue)).collect();
                (!late.is_empty()).then(|| view! {
                    <p class="notice" role="alert">{format!("联络员转来的意见建议超过 14 天未处理：{}。", late.join("，"))}
                        <a href=crate::routes::open_feedback()>"去处理"</a></p>
                })
            }
            <section class="card">
                <h2>"各学院进度"</h2>
                <div class="table-wrap" tabindex="0"><table class="cards">
                    <thead><tr><th>"学院"</th><th>"班级"</th><th>"有联络员的班级"</th>
                        {labels.iter().map(|l| view! { <th>{*l}</th> }).collect_view()}
                        <th>"通讯录完成"</th><th>"合影"</th></tr></thead>
                    <tbody>
                        {d.colleges.iter().map(|c| view! {
                            <tr><td><strong>{c.college_name.clone()}</strong></td><td data-label="班级">{c.classes}</td>
                                <td data-label="有联络员的班级">{c.classes_with_liaison}</td>
                                {stages.iter().zip(labels).map(|(s, l)| view! { <td data-label=l>{c.nominations.get(*s).copied().unwrap_or(0)}</td> }).collect_view()}
                                <td data-label="通讯录完成">{format!("{} 班（{}/{} 人）", c.directory_complete_classes, c.directory_complete_entries, c.directory_entries)}</td>
                                <td data-label="合影">{c.photos_received}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
                <p class="actions">
                    {d.colleges.iter().map(|c| view! {
                        <a class="btn" download="毕业合影.zip" href=crate::api::photos_zip_url(&c.college)>
                            {format!("下载{}毕业合影（{} 个班）", c.college_name, c.photos_received)}</a>
                    }).collect_view()}
                </p>
                <h2>"有联络员的班级"</h2>
                <div class="chart" role="img" aria-label="各学院有联络员的班级比例">
                    {d.colleges.iter().map(|c| {
                        let pct = (c.classes_with_liaison * 100).checked_div(c.classes).unwrap_or(0);
                        view! {
                            <div class="bar-row">
                                <span class="bar-label">{c.college_name.clone()}</span>
                                <span class="bar"><span class="fill" style:width=format!("{pct}%")></span></span>
                                <span class="bar-value">{format!("{}/{}", c.classes_with_liaison, c.classes)}</span>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </section>
        })}
        {move || handovers.get().and_then(Result::ok).map(handover_progress)}
        {move || classes.get().and_then(Result::ok).map(|p| {
            let round = p.round.filter(|r| r.open);
            view! {
                <section class="card">
                    <h2>"各班通讯录"</h2>
                    {round.as_ref().map(|r| view! { <p class="notice">{format!("{}年度信息更新进行中（{} 开启）", r.year, r.opened_on)}</p> })}
                    <div class="table-wrap" tabindex="0"><table class="progress cards">
                        <thead><tr><th>"班级"</th><th>"学院"</th><th>"人数"</th><th>"信息完整"</th><th>"本轮已确认"</th><th>"毕业合影"</th></tr></thead>
                        <tbody>{p.classes.into_iter().map(|c| view! {
                            <tr><td><strong>{c.display_name}</strong></td><td data-label="学院">{c.college_name}</td><td data-label="人数">{c.entries}</td>
                                <td data-label="信息完整">{c.complete}</td><td data-label="本轮已确认">{if round.is_some() { c.confirmed.to_string() } else { "—".into() }}</td>
                                <td data-label="毕业合影">{if c.photo { view! { <span class="tag tag-ok">"已交"</span> } } else { view! { <span class="tag tag-wait">"未交"</span> } }}</td></tr>
                        }).collect_view()}</tbody>
                    </table></div>
                </section>
            }
        })}
    }
}

/// 学院报送 on the dashboard: each college's two hand-overs, and how many
/// colleges have handed over each, as bars.
fn handover_progress(list: domain::api::Submissions) -> impl IntoView {
    use domain::submission::{Kind, State, lateness_label};
    let bars = Kind::ALL.map(|k| {
        let of_kind: Vec<_> = list.submissions.iter().filter(|s| s.kind == k).collect();
        let total = of_kind.len() as u32;
        let sent = of_kind.iter().filter(|s| s.state != State::Draft).count() as u32;
        let accepted = of_kind
            .iter()
            .filter(|s| s.state == State::Accepted)
            .count() as u32;
        let pct = (sent * 100).checked_div(total).unwrap_or(0);
        view! {
            <div class="bar-row">
                <span class="bar-label">{k.short()}</span>
                <span class="bar"><span class="fill" style:width=format!("{pct}%")></span></span>
                <span class="bar-value">{format!("{sent}/{total}，已接收 {accepted}")}</span>
            </div>
        }
    });
    let rows = list
        .submissions
        .chunks(Kind::ALL.len())
        .map(|pair| {
            view! {
                <tr>
                    <td><strong>{pair.first().map(|s| s.college_name.clone())}</strong></td>
                    {pair.iter().map(|s| view! {
                        <td data-label=s.kind.short()>{format!("{} · {}", s.state.label(), lateness_label(s.days_late, s.version > 0))}</td>
                    }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"学院报送"</h2>
            <div class="chart" role="img" aria-label="各项报送已报送的学院数">{bars}</div>
            <div class="table-wrap" tabindex="0"><table class="cards">
                <thead><tr><th>"学院"</th>{Kind::ALL.map(|k| view! { <th>{k.short()}</th> })}</tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
            <p class="actions"><a class="btn" href=crate::routes::Page::Submissions.path()>"查看与处理报送"</a></p>
        </section>
    }
}
