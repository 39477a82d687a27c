//! The admin's set-up: colleges, classes, roster imports, seals and the
//! campus sign-in.

mod campus;
mod classes;
mod colleges;
mod rosters;
mod seals;
use campus::*;
use classes::*;
use colleges::*;
use rosters::*;
use seals::*;

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
        <CampusSection/>
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
