//! The office's pages (SPEC §6): liaisons, their terms and each class's
//! history, and the 聘书, one or a college's batch.

use domain::api::{Liaison, LiaisonStatus};
use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{api, components::form::Outcome};

/// The office's list of liaisons with its filters and each one's actions. Long: the filters,
/// the table and the actions share the list's signals; its markup reads top to bottom as the
/// page does.
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
    let colleges = LocalResource::new(api::colleges);
    let college = RwSignal::new(String::new());
    let class = RwSignal::new(String::new());
    // The rows shown: a college's, or one class's history (oldest term first).
    let shown = move || {
        let (co, cl) = (college.get(), class.get());
        let mut v: Vec<Liaison> = list
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|l| (co.is_empty() || l.college == co) && (cl.is_empty() || l.class_id == cl))
            .collect();
        if !cl.is_empty() {
            v.sort_by(|a, b| a.term_start.cmp(&b.term_start));
        }
        v
    };
    // The classes that have had a liaison, for the history picker.
    let classes = move || {
        let co = college.get();
        let mut v: Vec<(String, String)> = list
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|l| co.is_empty() || l.college == co)
            .map(|l| (l.class_id, l.display_name))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    view! {
        <h1 class="page-title">"联络员名单"</h1>
        <section class="card">
            <p class="actions">
                <a class="btn" href=crate::routes::Page::Summary.path()>"汇总表"</a>
                <a class="btn" href=move || crate::routes::certificates(&college.get())>"批量打印聘书"</a>
                <a class="btn" href=crate::routes::Page::Public.path()>"公开名单"</a>
            </p>
            <div class="filters">
                <label for="f-college">"学院"</label>
                <select id="f-college" on:change=move |ev| { college.set(event_target_value(&ev)); class.set(String::new()); }>
                    <option value="">"全部"</option>
                    {move || colleges.get().and_then(Result::ok).unwrap_or_default().into_iter()
                        .map(|c| view! { <option value=c.code.clone()>{c.name}</option> }).collect_view()}
                </select>
                <label for="f-class">"班级（历任）"</label>
                <select id="f-class" prop:value=move || class.get() on:change=move |ev| class.set(event_target_value(&ev))>
                    <option value="">"全部"</option>
                    {move || classes().into_iter()
                        .map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
            <Outcome status=status/>
            <div class="table-wrap" tabindex="0"><table class="cards">
                <thead><tr><th>"姓名"</th><th>"班级"</th><th>"聘书编号"</th><th>"任期"</th><th>"状态"</th><th></th></tr></thead>
                <tbody>
                    {move || shown().into_iter().map(|l| {
                        let active = l.status == LiaisonStatus::Active;
                        let (a, b) = (l.clone(), l.clone());
                        view! {
                            <tr>
                                <td><strong>{l.name.clone()}</strong></td><td data-label="班级">{l.display_name.clone()}</td>
                                <td data-label="聘书编号">{l.certificate_no.clone()}</td>
                                <td data-label="任期">{format!("{} 至 {}", l.term_start, l.term_end)}</td><td data-label="状态">{l.status.label()}</td>
                                <td class="row-actions">
                                    <a class="btn btn-quiet" href=crate::routes::certificate(&l.id)>"聘书"</a>
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
    view! {
        <PrintBar what="打印聘书"/>
        {move || l.get().map(|r| match r {
            Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Ok(l) => view! { <CertificatePaper l=l/> }.into_any(),
        })}
    }
}

/// 批量打印聘书: every serving liaison of a college (or all), one per page.
#[component]
pub fn CertificateBatch() -> impl IntoView {
    let query = use_query_map();
    let list = LocalResource::new(api::liaisons);
    let college = move || query.with(|q| q.get("college").unwrap_or_default());
    view! {
        <PrintBar what="打印全部聘书"/>
        {move || list.get().map(|r| match r {
            Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Ok(v) => {
                let co = college();
                let v: Vec<Liaison> = v.into_iter()
                    .filter(|l| l.status == LiaisonStatus::Active && (co.is_empty() || l.college == co))
                    .collect();
                if v.is_empty() {
                    view! { <p class="notice">"没有在任的联络员。"</p> }.into_any()
                } else {
                    view! {
                        <p class="notice">{format!("共 {} 份聘书，每份一页。", v.len())}</p>
                        {v.into_iter().map(|l| view! { <CertificatePaper l=l/> }).collect_view()}
                    }.into_any()
                }
            }
        })}
    }
}

#[component]
fn PrintBar(what: &'static str) -> impl IntoView {
    view! {
        <div class="print-actions">
            <button class="btn btn-primary" on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{what}</button>
            <a class="btn" href=crate::routes::Page::Liaisons.path()>"返回"</a>
        </div>
    }
}

#[component]
fn CertificatePaper(l: Liaison) -> impl IntoView {
    let hidden = RwSignal::new(false);
    // The director's signature from the appointing step, when drawn.
    let unsigned = RwSignal::new(false);
    view! {
        <article class="paper certificate">
            <h1>"聘　书"</h1>
            <p class="cert-body">{format!(
                "兹聘请{}同学（{} {}）为{}届班级校友联络员，任期自{}至{}。",
                l.name, l.college_name, l.display_name,
                l.certificate_no.get(..4).unwrap_or_default(), l.term_start, l.term_end
            )}</p>
            <p class="cert-no">{format!("聘书编号：{}", l.certificate_no)}</p>
            <div class="cert-sign">
                <img class="seal" alt="" src=api::seal_image_url("center", 0)
                    style:display=move || if hidden.get() { "none" } else { "block" }
                    on:error=move |_| hidden.set(true)/>
                <img class="signed" alt="主任签名" src=api::appointing_signature_url(&l.id)
                    style:display=move || if unsigned.get() { "none" } else { "inline-block" }
                    on:error=move |_| unsigned.set(true)/>
                <p>"校友服务与发展中心"</p>
                <p>{l.term_start.clone()}</p>
            </div>
        </article>
    }
}
