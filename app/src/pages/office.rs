//! The office's pages (SPEC §6): liaisons and their terms, the 聘书, and the
//! dashboard.

use domain::api::{Liaison, LiaisonStatus};
use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::use_params_map;

use crate::{api, components::form::Outcome};

#[component]
pub fn LiaisonList() -> impl IntoView {
    let list = LocalResource::new(api::liaisons);
    let status = RwSignal::new(None);
    let act = move |l: Liaison, step: &'static str| {
        let reason = if step == "dismiss" {
            match web_sys::window().and_then(|w| {
                w.prompt_with_message(&format!("解聘{}的原因：", l.name))
                    .ok()
                    .flatten()
            }) {
                Some(r) if !r.trim().is_empty() => r,
                _ => return,
            }
        } else {
            String::new()
        };
        leptos::task::spawn_local(async move {
            match api::liaison_step(&l.id, step, &reason).await {
                Ok(()) => {
                    status.set(Some(Ok(format!(
                        "{}：{}",
                        l.name,
                        if step == "renew" {
                            "已连任"
                        } else {
                            "已解聘"
                        }
                    ))));
                    list.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <h1 class="page-title">"联络员名单"</h1>
        <section class="card">
            <p class="actions">
                <a class="btn" href="/api/v1/exports/summary.xlsx" download="汇总表.xlsx">"下载汇总表"</a>
                <a class="btn" href="/public">"公开名单"</a>
            </p>
            <Outcome status=status/>
            <div class="table-wrap"><table>
                <thead><tr><th>"姓名"</th><th>"班级"</th><th>"聘书编号"</th><th>"任期"</th><th>"状态"</th><th></th></tr></thead>
                <tbody>
                    {move || list.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|l| {
                        let active = l.status == LiaisonStatus::Active;
                        let (a, b) = (l.clone(), l.clone());
                        view! {
                            <tr>
                                <td>{l.name.clone()}</td><td>{l.display_name.clone()}</td><td>{l.certificate_no.clone()}</td>
                                <td>{format!("{} 至 {}", l.term_start, l.term_end)}</td><td>{l.status.label()}</td>
                                <td class="row-actions">
                                    <a class="btn btn-quiet" href=format!("/liaisons/{}/certificate", l.id)>"聘书"</a>
                                    {(l.status != LiaisonStatus::Dismissed).then(|| view! {
                                        <button class="btn btn-quiet" on:click=move |_| act(a.clone(), "renew")>"连任"</button>
                                    })}
                                    {active.then(|| view! {
                                        <button class="btn btn-quiet" on:click=move |_| act(b.clone(), "dismiss")>"解聘"</button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
        <AddLiaison list=list/>
    }
}

/// 增补: pick a class and a student, give the reason.
#[component]
fn AddLiaison(list: LocalResource<Result<Vec<Liaison>, api::ApiError>>) -> impl IntoView {
    let classes = LocalResource::new(api::classes);
    let campaigns = LocalResource::new(api::campaigns);
    let class = RwSignal::new(String::new());
    let student = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let status = RwSignal::new(None);
    let roster = LocalResource::new(move || {
        let c = class.get();
        async move {
            if c.is_empty() {
                Ok(vec![])
            } else {
                api::class_students(&c).await
            }
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let campaign = campaigns
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|cs| cs.into_iter().next());
        let (s, r) = (student.get_untracked(), reason.get_untracked());
        let Some(campaign) = campaign.filter(|_| !s.is_empty() && !r.trim().is_empty()) else {
            status.set(Some(Err("请选择学生并填写增补原因".into())));
            return;
        };
        leptos::task::spawn_local(async move {
            match api::add_liaison(&s, &campaign.id, &r).await {
                Ok(()) => {
                    status.set(Some(Ok("已增补".into())));
                    list.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <form class="card grid-form" on:submit=submit novalidate>
            <h2 class="full">"增补联络员"</h2>
            <div>
                <label for="add-class">"班级"</label>
                <select id="add-class" on:change=move |ev| class.set(event_target_value(&ev))>
                    <option value="">"请选择"</option>
                    {move || classes.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|c| view! { <option value=c.id.clone()>{c.display_name}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="add-student">"学生"</label>
                <select id="add-student" on:change=move |ev| student.set(event_target_value(&ev))>
                    <option value="">"请选择"</option>
                    {move || roster.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|s| view! { <option value=s.id.clone()>{format!("{} {}", s.username, s.name)}</option> }).collect_view()}
                </select>
            </div>
            <div class="full">
                <label for="add-reason">"增补原因"</label>
                <input id="add-reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            </div>
            <div class="form-actions"><button class="btn btn-primary" type="submit">"增补"</button></div>
            <Outcome status=status/>
        </form>
    }
}

/// 聘书: one printable certificate with the center's seal.
#[component]
pub fn Certificate() -> impl IntoView {
    let params = use_params_map();
    let l = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::liaison(&id).await }
    });
    let seal = api::seal_image_url("center", 0);
    let hidden = RwSignal::new(false);
    view! {
        <div class="print-actions">
            <button class="btn btn-primary" on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"打印聘书"</button>
            <a class="btn" href="/liaisons">"返回"</a>
        </div>
        {move || l.get().map(|r| match r {
            Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Ok(l) => view! {
                <article class="paper certificate">
                    <h1>"聘　书"</h1>
                    <p class="cert-body">{format!(
                        "兹聘请{}同学（{} {}）为{}届班级校友联络员，任期自{}至{}。",
                        l.name, l.college_name, l.display_name,
                        l.certificate_no.get(..4).unwrap_or_default(), l.term_start, l.term_end
                    )}</p>
                    <p class="cert-no">{format!("聘书编号：{}", l.certificate_no)}</p>
                    <div class="cert-sign">
                        <img class="seal" alt="" src=seal.clone() style:display=move || if hidden.get() { "none" } else { "block" }
                            on:error=move |_| hidden.set(true)/>
                        <p>"校友服务与发展中心"</p>
                        <p>{l.term_start.clone()}</p>
                    </div>
                </article>
            }.into_any(),
        })}
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let d = LocalResource::new(api::dashboard);
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
                            <strong class="days">{if x.days_left >= 0 { format!("还有 {} 天", x.days_left) } else { format!("已过 {} 天", -x.days_left) }}</strong></li>
                    }).collect_view()}
                </ul>
            </section>
            <section class="card">
                <h2>"各学院进度"</h2>
                <div class="table-wrap"><table>
                    <thead><tr><th>"学院"</th><th>"班级"</th><th>"有联络员的班级"</th>
                        {labels.iter().map(|l| view! { <th>{*l}</th> }).collect_view()}
                        <th>"通讯录完成"</th><th>"合影"</th></tr></thead>
                    <tbody>
                        {d.colleges.iter().map(|c| view! {
                            <tr><td>{c.college_name.clone()}</td><td>{c.classes}</td><td>{c.classes_with_liaison}</td>
                                {stages.iter().map(|s| view! { <td>{c.nominations.get(*s).copied().unwrap_or(0)}</td> }).collect_view()}
                                <td>{c.directory_complete_classes}</td><td>{c.photos_received}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
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
    }
}
