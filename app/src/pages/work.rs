//! 我的工作 on the home page (issue #18): live counts with links — what waits
//! for me, what was returned, the nearest deadline, directory completeness
//! and photos missing for a counselor; for a student, their form's state and
//! the one next step. A chunk of its own: home is in every first load.

use domain::{
    Role,
    api::{Deadline, Nominations},
    workflow::State,
};
use leptos::prelude::*;

use crate::{api, routes::Page};

/// One tile: a figure or state, what it means, where to act on it.
#[derive(Clone)]
struct Item {
    head: String,
    text: String,
    href: &'static str,
}

impl Item {
    fn new(head: impl Into<String>, text: impl Into<String>, page: Page) -> Item {
        Item {
            head: head.into(),
            text: text.into(),
            href: page.path(),
        }
    }
}

/// The nearest deadline not yet passed, linked to where it is acted on.
fn next_deadline(campaigns: &[domain::org::Campaign], today: &str, page: Page) -> Option<Item> {
    Deadline::of(campaigns, today)
        .into_iter()
        .find(|d| d.days_left >= 0)
        .map(|d| {
            Item::new(
                domain::submission::days_left_label(d.days_left),
                format!("{}届{}（{}）", d.cohort, d.what, d.date),
                page,
            )
        })
}

async fn items(role: Role) -> Vec<Item> {
    if role == Role::Admin {
        return Vec::new();
    }
    let today = crate::today();
    let campaigns = api::campaigns().await.unwrap_or_default();
    let mut out = Vec::new();
    if role == Role::Student {
        let mine = api::nominations("").await.unwrap_or_default();
        match mine.iter().max_by_key(|n| n.rev) {
            Some(n) => out.push(Item::new(
                format!("推荐表：{}", n.state.label()),
                n.state.next_step(),
                Page::Nominations,
            )),
            None if campaigns.iter().any(|c| c.open) => out.push(Item::new(
                "推荐表：未填写",
                "推荐期内可填写校友联络员推荐表（个人自荐）",
                Page::Nominations,
            )),
            None => {}
        }
    }
    if let Some(mine) = State::waiting_for(role) {
        let counts = api::nominations_page("?size=1")
            .await
            .map(|p: Nominations| p.counts)
            .unwrap_or_default();
        let n = |s: State| counts.get(s.as_str()).copied().unwrap_or(0);
        out.push(Item::new(
            format!("{} 份", n(mine)),
            "待您审核的推荐表",
            Page::Todo,
        ));
        out.push(Item::new(
            format!("{} 份", n(State::Returned)),
            "已退回、等学生修改的推荐表",
            Page::Todo,
        ));
    }
    let act_on = match role {
        Role::Student => Page::Nominations,
        Role::Counselor => Page::Recommend,
        Role::Dean => Page::Submissions,
        _ => Page::Todo,
    };
    out.extend(next_deadline(&campaigns, &today, act_on));
    if role == Role::Counselor
        && let Ok(p) = api::directory_progress().await
    {
        let (entries, complete) = p
            .classes
            .iter()
            .fold((0, 0), |(e, c), x| (e + x.entries, c + x.complete));
        out.push(Item::new(
            format!("{complete}/{entries} 人"),
            "班级通讯录信息完整",
            Page::Directory,
        ));
        let missing = p.classes.iter().filter(|c| !c.photo).count();
        out.push(Item::new(
            format!("{missing} 个班"),
            "毕业合影未交",
            Page::Photos,
        ));
    }
    if role == Role::Dean
        && let Ok(d) = api::dashboard().await
        && let Some(c) = d.colleges.first()
    {
        out.push(Item::new(
            format!("{}/{} 个班", c.classes_with_liaison, c.classes),
            "已有联络员的班级",
            Page::Dashboard,
        ));
        if c.feedback_overdue > 0 {
            out.push(Item::new(
                format!("{} 条", c.feedback_overdue),
                "联络员意见建议超过 14 天未处理",
                Page::Log,
            ));
        }
    }
    out
}

#[component]
pub fn MyWork(role: Role) -> impl IntoView {
    let list = LocalResource::new(move || items(role));
    view! {
        {(role != Role::Admin).then(|| view! {
            <section class="card">
                <h2>"我的工作"</h2>
                <div class="tiles work">
                    {move || list.get().map(|items| items.into_iter().map(|i| view! {
                        <a class="tile" href=i.href><strong>{i.head}</strong><span>{i.text}</span></a>
                    }).collect_view())}
                </div>
            </section>
        })}
        <section class="card">
            <h2>"常用页面"</h2>
            <div class="tiles">
                {Page::nav_for(role).iter().map(|p| view! {
                    <a class="tile" href=p.path()><strong>{p.title()}</strong><span>{p.purpose()}</span></a>
                }).collect_view()}
            </div>
        </section>
        {reset_card(role)}
    }
}

/// A counselor resets the one-time passwords of their students.
#[cfg(feature = "counselor")]
fn reset_card(role: Role) -> impl IntoView {
    (role == Role::Counselor).then(|| {
        view! {
            <crate::components::reset::PasswordResetCard label="学号"
                hint="本班学生忘记初始密码、或初始密码已过期时，在此为其重新生成。"/>
        }
    })
}

#[cfg(not(feature = "counselor"))]
fn reset_card(_: Role) -> impl IntoView {}
