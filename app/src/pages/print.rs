//! The printable 推荐表: one A4 page laid out like the paper form (SPEC §5),
//! filled from the chain with signers, dates and seals.

use domain::{
    api::{HistoryEntry, Nomination},
    nomination::{CONDITIONS, NominationType},
    workflow::{Decision, Stage},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;

/// The decision that stands for `stage`: the last one taken there since the
/// form was last submitted.
fn decision_at(history: &[HistoryEntry], stage: Stage) -> Option<HistoryEntry> {
    let since = history
        .iter()
        .rposition(|h| h.action == "submit")
        .unwrap_or(0);
    history[since..]
        .iter()
        .rev()
        .find(|h| h.stage == Some(stage))
        .cloned()
}

fn tick(on: bool) -> &'static str {
    if on { "☑" } else { "☐" }
}

#[component]
pub fn PrintPage() -> impl IntoView {
    let params = use_params_map();
    let n = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::nomination(&id).await }
    });
    view! {
        {move || match n.get() {
            None => view! { <p class="loading">"正在加载…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error">{e.message()}</p> }.into_any(),
            Some(Ok(nom)) => view! { <Paper n=nom/> }.into_any(),
        }}
    }
}

/// One opinion box: text, then the signature line — the drawn signature
/// the step was signed with (frozen), or the typed name — date and seal.
#[component]
fn Opinion(
    id: String,
    entry: Option<HistoryEntry>,
    sign: &'static str,
    seal: Option<String>,
) -> impl IntoView {
    let hidden = RwSignal::new(false);
    // The opinion as written; a bare approval reads 同意.
    let text = entry
        .as_ref()
        .map(|h| match (h.action.as_str(), h.opinion.is_empty()) {
            ("approve", true) => Decision::Approve.label().to_owned(),
            ("return", true) => Decision::Return.label().to_owned(),
            ("reject", true) => Decision::Reject.label().to_owned(),
            _ => h.opinion.clone(),
        });
    let name = entry.as_ref().map(HistoryEntry::signer).unwrap_or_default();
    // Drawn: the picture, and whose place a stand-in took after it.
    let drawn = entry.as_ref().and_then(|h| {
        let sha = h.signature.as_deref()?;
        let place = h
            .in_place_of
            .as_ref()
            .map(|p| format!(" 代 {}", p.name))
            .unwrap_or_default();
        Some((api::signature_url(&id, sha), h.actor_name.clone(), place))
    });
    let date = entry
        .as_ref()
        .and_then(|h| h.at.get(..10))
        .unwrap_or_default()
        .to_owned();
    view! {
        <div class="opinion-text">{text}</div>
        <div class="sign">
            {seal.filter(|_| entry.is_some()).map(|src| view! {
                <img class="seal" alt="" src=src style:display=move || if hidden.get() { "none" } else { "block" }
                    on:error=move |_| hidden.set(true)/>
            })}
            {match drawn {
                Some((src, who, place)) => view! {
                    <span class="signed-by">{format!("{sign}：")}<img class="signed" alt=who src=src/>{place}</span>
                }.into_any(),
                None => view! { <span>{format!("{sign}：{name}")}</span> }.into_any(),
            }}
            <span>{format!("日期：{date}")}</span>
        </div>
    }
}

#[component]
fn Paper(n: Nomination) -> impl IntoView {
    let f = n.form.clone();
    let conditions = CONDITIONS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {c}", tick(f.conditions.contains(&(i as u8 + 1)))))
        .collect::<Vec<_>>()
        .join("　");
    let class_opinion = decision_at(&n.history, Stage::Counselor);
    let college_opinion = decision_at(&n.history, Stage::College);
    let office_opinion = decision_at(&n.history, Stage::Office);
    let college_seal = api::seal_image_url(&n.college, 0);
    let center_seal = api::seal_image_url("center", 0);
    let self_type = n.nomination_type == NominationType::SelfNominated;
    // A student comes from 我的推荐表; approvers from the nomination's page.
    let back = if crate::BUNDLE == "student" {
        crate::routes::Page::Nominations.path().to_owned()
    } else {
        crate::routes::nomination(&n.id)
    };
    view! {
        <div class="print-actions">
            <button class="btn btn-primary" on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>"打印"</button>
            <a class="btn" href=back>"返回"</a>
        </div>
        <article class="paper">
            <h1>"校友联络员推荐表"</h1>
            <table>
                <tr><th>"姓名"</th><td>{f.name.clone()}</td><th>"出生年月"</th><td>{f.birth_month.clone()}</td><th>"性别"</th><td>{f.gender.clone()}</td></tr>
                <tr><th>"政治面貌"</th><td>{f.political_status.clone()}</td><th>"最高学历(学位)"</th><td colspan="3">{f.education.clone()}</td></tr>
                <tr><th>"电话"</th><td>{f.phone.clone()}</td><th>"微信号"</th><td colspan="3">{f.wechat.clone()}</td></tr>
                <tr><th>"所在院系及专业班级"</th><td colspan="5">{format!("{} {}", n.college_name, n.class_name)}</td></tr>
                <tr><th>"推荐方式"</th><td colspan="5">{format!("{} 个人自荐　{} 班级推荐", tick(self_type), tick(!self_type))}</td></tr>
                <tr><th>"基本条件"</th><td colspan="5">{conditions}{(!f.cadre_posts.is_empty()).then(|| format!("（担任职务：{}）", f.cadre_posts))}</td></tr>
                <tr><th>"毕业去向"</th><td colspan="5">{f.destination.clone()}</td></tr>
                <tr class="tall"><th>"个人简介"</th><td colspan="5">{f.profile.clone()}</td></tr>
                <tr class="box"><th>"所在班级意见"</th><td colspan="5"><Opinion id=n.id.clone() entry=class_opinion sign="辅导员签字" seal=None/></td></tr>
                <tr class="box"><th>"所在学院意见"</th><td colspan="5"><Opinion id=n.id.clone() entry=college_opinion sign="院长签字并盖章" seal=Some(college_seal)/></td></tr>
                <tr class="box"><th>"校友服务与发展中心意见"</th><td colspan="5"><Opinion id=n.id.clone() entry=office_opinion sign="主任签字并盖章" seal=Some(center_seal)/></td></tr>
            </table>
        </article>
    }
}
