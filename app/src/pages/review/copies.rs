//! 抄送设置 on the to-do page of a dean (their college) and the office
//! (every college, or one): per level, who is copied when a nomination
//! reaches it. They are told and may read it; they never decide.

use domain::{
    api::{Copies, CopyRule},
    copies::{EVERY_COLLEGE, stage_label, stage_segment},
};
use leptos::prelude::*;

use crate::{api, components::form::Outcome};

/// The folded card.
pub fn card() -> impl IntoView {
    let loaded = LocalResource::new(api::copies);
    let colleges = LocalResource::new(api::colleges);
    let status = RwSignal::new(None::<Result<String, String>>);
    let chosen = RwSignal::new(String::new());
    let name_of = move |code: &str| {
        if code == EVERY_COLLEGE {
            return "全校各学院".to_owned();
        }
        colleges
            .get()
            .and_then(Result::ok)
            .and_then(|cs| cs.into_iter().find(|c| c.code == code).map(|c| c.name))
            .unwrap_or_else(|| code.to_owned())
    };
    let save = move |rule: CopyRule, ids: Vec<String>| {
        leptos::task::spawn_local(async move {
            let stage = stage_segment(rule.stage);
            match api::set_copies(&rule.college, stage, ids).await {
                Ok(_) => {
                    status.set(Some(Ok("已保存；此后到达该级的推荐表会抄送给他们".into())));
                    loaded.refetch();
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
        });
    };
    let shown = move |c: &Copies| -> Vec<CopyRule> {
        let first = c
            .rules
            .first()
            .map(|r| r.college.clone())
            .unwrap_or_default();
        let pick = chosen.with(|x| if x.is_empty() { first } else { x.clone() });
        c.rules
            .iter()
            .filter(|r| r.college == pick)
            .cloned()
            .collect()
    };
    view! {
        <details class="card copies">
            <summary>"抄送设置"</summary>
            <p class="hint">"推荐表到达某一级审核时，抄送给学院秘书等同事阅知；他们只能阅读，不能审批。"</p>
            {move || loaded.get().and_then(Result::ok).map(|c| {
                let codes: Vec<String> = c.rules.iter().map(|r| r.college.clone()).fold(Vec::new(), |mut v, x| { if !v.contains(&x) { v.push(x) } v });
                let many = codes.len() > 1;
                view! {
                    {many.then(|| view! {
                        <label for="copies-college">"学院"</label>
                        <select id="copies-college" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {codes.iter().map(|code| view! { <option value=code.clone()>{name_of(code)}</option> }).collect_view()}
                        </select>
                    })}
                    {shown(&c).into_iter().map(|rule| level(rule, c.candidates.clone(), save)).collect_view()}
                }
            })}
            <Outcome status=status/>
        </details>
    }
}

/// One level: who is copied, a remove button each, and an add box.
fn level(
    rule: CopyRule,
    candidates: Vec<domain::api::Candidate>,
    save: impl Fn(CopyRule, Vec<String>) + Copy + 'static,
) -> impl IntoView {
    let ids: Vec<String> = rule.people.iter().map(|p| p.id.clone()).collect();
    let adding = RwSignal::new(String::new());
    let select_id = format!("copy-{}", stage_segment(rule.stage));
    let (r1, r2) = (rule.clone(), rule.clone());
    let ids2 = ids.clone();
    view! {
        <fieldset class="copy-level">
            <legend>{stage_label(rule.stage)}</legend>
            <ul class="standin-list">
                {rule.people.iter().map(|p| {
                    let (r, keep) = (r1.clone(), ids.iter().filter(|x| **x != p.id).cloned().collect::<Vec<_>>());
                    view! { <li><span>{p.name.clone()}</span>
                        <button class="btn btn-quiet" type="button" on:click=move |_| save(r.clone(), keep.clone())>"移除"</button></li> }
                }).collect_view()}
            </ul>
            <label for=select_id.clone()>"添加抄送人"</label>
            <select id=select_id on:change=move |ev| adding.set(event_target_value(&ev))>
                <option value="">"请选择"</option>
                {candidates.into_iter().filter(|c| !ids2.contains(&c.id)).map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
            </select>
            <button class="btn" type="button" on:click=move |_| {
                let new = adding.get_untracked();
                if new.is_empty() { return; }
                let mut all: Vec<String> = r2.people.iter().map(|p| p.id.clone()).collect();
                all.push(new);
                save(r2.clone(), all);
            }>"添加"</button>
        </fieldset>
    }
}
